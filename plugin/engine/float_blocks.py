"""Blocks of floating-point GeoTIFFs decoded without GDAL, about twice as fast.

DEMs are usually stored as float32 with DEFLATE or ZSTD and the floating-point
predictor (``PREDICTOR=3``): each row of a block is kept as the planes of its
values' bytes, most significant first, each byte the difference from the byte
before. libtiff undoes that one byte at a time, every byte waiting for the one
before it in memory: on the Baige area A DEM (256 x 256 blocks) that is most of
GDAL's 0.86 ms a block. Here the block is inflated by the libraries GDAL itself
uses (libdeflate, libzstd, through ctypes; 0.17 ms), numpy takes the running
sums of each row (0.17 ms), and four strided copies put the bytes back into
the values, straight into the caller's array (0.08 ms): 0.42 ms a block, with
values equal to GDAL's to the bit. Read whole (its 49 distinct blocks), that
DEM took 23 ms instead of 42 on one thread, 16 instead of 26 on two.

Nothing is decoded here where anything differs: another codec or predictor,
integers, several bands, a big-endian file or host, a library not found, or a
block absent from the file. The caller then reads those blocks through GDAL,
and the run gets the values QGIS shows for the file. A block that does not
inflate to what it should (libdeflate checks each block's checksum, which GDAL
does not) is damaged: it is listed (``FloatBlocks.damaged``), and the caller
reads it as nodata (see raster_io.BlockReader) and says so, since what GDAL
reads there is not the file's elevations.
"""
from __future__ import annotations

import ctypes
import os
import sys
import threading
from typing import Optional

import numpy as np

# The shared libraries' names on Linux, macOS and Windows, tried in turn; GDAL has most often
# loaded one of them into the process already.
_LIBRARY_NAMES = {
    "DEFLATE": ("libdeflate.so.0", "libdeflate.so", "libdeflate.0.dylib", "libdeflate.dylib", "libdeflate.dll",
                "deflate.dll"),
    "ZSTD": ("libzstd.so.1", "libzstd.so", "libzstd.1.dylib", "libzstd.dylib", "libzstd.dll", "zstd.dll"),
}
_codecs: dict = {}
_codecs_lock = threading.Lock()


class _Deflate:
    """zlib streams (TIFF's DEFLATE) inflated by libdeflate. A libdeflate decompressor serves one
    thread at a time: the idle ones are kept for the next block (as many as ever ran at once,
    a few kilobytes each)."""

    def __init__(self, lib):
        lib.libdeflate_alloc_decompressor.restype = ctypes.c_void_p
        lib.libdeflate_alloc_decompressor.argtypes = []
        lib.libdeflate_zlib_decompress.restype = ctypes.c_int
        lib.libdeflate_zlib_decompress.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t,
                                                   ctypes.c_void_p, ctypes.c_size_t,
                                                   ctypes.POINTER(ctypes.c_size_t)]
        self._lib, self._idle, self._lock = lib, [], threading.Lock()

    def decompress(self, data: bytes, out: np.ndarray) -> int:
        """``data`` inflated into ``out`` (uint8); the number of bytes, or -1 when it fails."""
        with self._lock:
            d = self._idle.pop() if self._idle else None
        if d is None:
            d = self._lib.libdeflate_alloc_decompressor()
            if not d:
                return -1
        try:
            n = ctypes.c_size_t(0)
            ok = self._lib.libdeflate_zlib_decompress(d, data, len(data), out.ctypes.data, out.nbytes,
                                                      ctypes.byref(n)) == 0
            return int(n.value) if ok else -1
        finally:
            with self._lock:
                self._idle.append(d)


class _Zstd:
    """ZSTD frames decompressed by libzstd (its one-shot call is safe from any thread)."""

    def __init__(self, lib):
        lib.ZSTD_decompress.restype = ctypes.c_size_t
        lib.ZSTD_decompress.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_char_p, ctypes.c_size_t]
        lib.ZSTD_isError.restype = ctypes.c_uint
        lib.ZSTD_isError.argtypes = [ctypes.c_size_t]
        self._lib = lib

    def decompress(self, data: bytes, out: np.ndarray) -> int:
        n = self._lib.ZSTD_decompress(out.ctypes.data, out.nbytes, data, len(data))
        return -1 if self._lib.ZSTD_isError(n) else int(n)


def _codec(name: str):
    """The decompressor for a GeoTIFF's COMPRESSION, or None (another codec, or no library)."""
    if name not in _LIBRARY_NAMES:
        return None
    with _codecs_lock:
        if name not in _codecs:
            _codecs[name] = None
            for lib_name in _LIBRARY_NAMES[name]:
                try:
                    lib = ctypes.CDLL(lib_name)
                    _codecs[name] = (_Deflate if name == "DEFLATE" else _Zstd)(lib)
                    break
                except (OSError, AttributeError):
                    continue
        return _codecs[name]


def undo_float_predictor(rows: np.ndarray, bytes_per_value: int, dst: np.ndarray,
                         scratch: Optional[np.ndarray] = None) -> None:
    """The values of a block's rows stored with the floating-point predictor, into ``dst``.

    ``rows``: (rows, width x bytes) uint8 as inflated, C-contiguous; ``dst``: (h, w) of a
    little-endian float type of ``bytes_per_value`` bytes (any row stride, its rows contiguous),
    at most the block's rows and width. ``scratch``: uint8 room for the running sums, at least
    the size of ``rows`` (a new array when None)."""
    h, w = dst.shape
    bps = bytes_per_value
    width = rows.shape[1] // bps
    # The running sums of each row, modulo 256: taken over the block as one row, then each row
    # less the sum before it. One long accumulation into another array lets other threads run
    # meanwhile; one per row, or one in place, keeps the interpreter's lock throughout.
    flat = rows[:h].reshape(-1)
    out = None if scratch is None else scratch[:flat.size]
    sums = np.add.accumulate(flat, dtype=np.uint8, out=out).reshape(h, -1)
    if h > 1:
        before = sums[:-1, -1:].copy()
        sums[1:] -= before
    planes = sums.reshape(h, bps, width)            # the most significant byte's plane first
    as_bytes = dst.view(np.uint8)
    as_bytes.shape = (h, w, bps)                    # in place: an error rather than a copy
    for k in range(bps):
        as_bytes[:, :, bps - 1 - k] = planes[:, k, :w]


class FloatBlocks:
    """The blocks of band 1 of a GeoTIFF on disk stored as the module describes, decoded here.

    :meth:`for_dataset` returns one only where that applies. The GDAL dataset is asked for the
    blocks' places in the file by the thread that calls :meth:`read_blocks`; the blocks are then
    read from the file and decoded on up to ``threads`` threads."""

    def __init__(self, ds, path: str, codec, block: tuple, dtype: np.dtype):
        # the dataset is kept with its band: GDAL's bindings free a band with its dataset
        self._ds, self._band, self.path, self._codec = ds, ds.GetRasterBand(1), path, codec
        self.block, self.dtype = block, dtype
        # blocks (i, j) whose stored bytes fail their codec's check (a damaged file), in the
        # order found; left to the caller, which reads them as nodata (see raster_io.BlockReader)
        self.damaged: list = []
        # Room to inflate a block into and to take its sums in, kept for the next block: fresh
        # memory is costly to touch the first time (a quarter of a megabyte for each array of a
        # 256 x 256 float32 block; 5300 page faults, 13 of the 35 ms of reading the Baige area A
        # DEM whole in a new process). One pair for each thread decoding at once.
        self._idle_scratch: list = []
        self._scratch_lock = threading.Lock()

    @classmethod
    def for_dataset(cls, ds) -> Optional["FloatBlocks"]:
        """For a GDAL dataset ``ds``, or None when its blocks are not for this module."""
        from osgeo import gdal

        if sys.byteorder != "little" or ds is None or ds.RasterCount != 1:
            return None
        path = ds.GetDescription()
        if ds.GetDriver().ShortName != "GTiff" or not os.path.isfile(path):
            return None
        structure = ds.GetMetadata("IMAGE_STRUCTURE") or {}
        band = ds.GetRasterBand(1)
        dtype = {gdal.GDT_Float32: np.dtype("<f4"), gdal.GDT_Float64: np.dtype("<f8")}.get(band.DataType)
        if (dtype is None or structure.get("PREDICTOR") != "3"
                or band.GetMetadataItem("NBITS", "IMAGE_STRUCTURE") is not None):
            return None
        try:
            with open(path, "rb") as f:
                little_endian = f.read(2) == b"II"
        except OSError:
            return None
        codec = _codec(str(structure.get("COMPRESSION", "")).upper())
        if codec is None or not little_endian:      # a big-endian file: GDAL reads it
            return None
        return cls(ds, path, codec, tuple(band.GetBlockSize()), dtype)

    def read_blocks(self, blocks: list, threads: int = 1) -> list:
        """Blocks ``[(i, j, dst)]`` decoded into their ``dst``, each the (h, w) part of block (i, j)
        inside the raster (a view of the caller's array, of this raster's type). Returns those
        that were not decoded, for the caller to read through GDAL."""
        from .raster_io import stored_block

        places = [(i, j, dst, stored_block(self._band, i, j)) for i, j, dst in blocks]
        left = [(i, j, dst) for i, j, dst, place in places if place is None]
        todo = [p for p in places if p[3] is not None]
        if not todo:
            return left
        try:
            f = open(self.path, "rb")
        except OSError:                 # gone or locked since it was opened: GDAL says what
            return left + [(i, j, dst) for i, j, dst, _ in todo]
        with f:
            lock = threading.Lock()

            def fetch(offset: int, size: int) -> bytes:
                if hasattr(os, "pread"):
                    return os.pread(f.fileno(), size, offset)
                with lock:                              # no positioned reads (Windows)
                    f.seek(offset)
                    return f.read(size)

            def one(item) -> bool:
                i, j, dst, (offset, size) = item
                try:
                    data = fetch(offset, size)
                except OSError:
                    return False
                return len(data) == size and self._decode(data, dst, (i, j))

            done = _each(one, todo, threads)
        return left + [(i, j, dst) for (i, j, dst, _), ok in zip(todo, done) if not ok]

    def _decode(self, data: bytes, dst: np.ndarray, where: tuple) -> bool:
        bx, by = self.block
        if dst.dtype != self.dtype or dst.shape[0] > by or dst.shape[1] > bx:
            return False
        bps = self.dtype.itemsize
        row_bytes = bx * bps
        with self._scratch_lock:
            pair = self._idle_scratch.pop() if self._idle_scratch else None
        if pair is None:
            pair = np.empty((2, by * row_bytes), np.uint8)
        try:
            raw = pair[0]
            n = self._codec.decompress(data, raw)
            # a strip at the bottom holds only the raster's remaining rows
            if n <= 0 or n % row_bytes or n // row_bytes < dst.shape[0]:
                if where not in self.damaged:
                    self.damaged.append(where)
                return False
            undo_float_predictor(raw[:n].reshape(-1, row_bytes), bps, dst, pair[1])
            return True
        finally:
            with self._scratch_lock:
                self._idle_scratch.append(pair)


def _each(fn, items: list, threads: int) -> list:
    """``[fn(item) for item in items]`` on up to ``threads`` threads, the calling thread one of
    them: it takes items as the others do, each the next one not yet taken, so a run starts no
    more threads than it has to (while a run starts, the inference session is being created on
    the other cores, and a new thread may wait milliseconds for one)."""
    n = min(max(1, int(threads)), len(items))
    if n <= 1:
        return [fn(item) for item in items]
    from concurrent.futures import ThreadPoolExecutor

    results = [None] * len(items)
    order = iter(range(len(items)))
    lock = threading.Lock()

    def work() -> None:
        while True:
            with lock:
                k = next(order, None)
            if k is None:
                return
            results[k] = fn(items[k])

    with ThreadPoolExecutor(max_workers=n - 1, thread_name_prefix="landslide-blocks") as pool:
        helpers = [pool.submit(work) for _ in range(n - 1)]
        work()
        for h in helpers:
            h.result()
    return results
