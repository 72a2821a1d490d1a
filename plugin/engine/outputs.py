"""Output rasters, written to a staging folder and moved into place at the end.

A run writes everything into a hidden staging folder inside the output
folder. Only when every file is complete are they renamed to their final
names (``summary.json`` last), so a cancelled or failed run leaves nothing
that looks finished. The staging folder is removed on failure.
"""
from __future__ import annotations

import functools
import json
import os
import shutil
import uuid
from pathlib import Path

from .errors import InputError

PROB_NODATA = -9999.0
MASK_NODATA = 255
CACHE_MIN = 32 * 1024 * 1024           # GDAL's block cache during a run, at least (see block_cache_bytes)
CACHE_MAX = 1024 * 1024 * 1024
GDAL_ENV = {"GDAL_CACHEMAX": CACHE_MIN, "GDAL_NUM_THREADS": "1"}


def block_cache_bytes(image, dem=None, resampled: bool = False) -> int:
    """GDAL's block cache for the tiles of a run: what they read twice must stay decoded.

    The tiles go along rows. A DEM read through GDAL (``dem``: its dataset, or None when it is
    held in memory or absent) is read with a one-cell halo, so a row of tiles touches three rows
    of its blocks, two of which the next row of tiles reads again; the image is read on the
    tile alone (on a resampled grid, over windows that share a row of blocks with the next row
    of tiles). Once the cache holds less than what one row of tiles touches, its least recently
    used blocks include ones the next row needs, and they are decoded a second time. Measured
    with the terrain model's inputs (RGB and a float32 DEM in 256 px blocks), the cache first
    suffices between 24 and 32 MB for a raster 9216 px wide and between 48 and 64 MB for one
    18432 px wide (below that the pipeline's own CPU time grows by 15-40 %): 0.7-0.95 of this
    estimate. So the cache is the estimate plus a tenth and 8 MB, for the raster's width: it
    grows with the width of a raster, never with its length. CACHE_MIN at least (nothing larger
    is held for a narrow raster: the scene's runs peak as they did with 64 MB)."""
    def row_bytes(ds) -> int:
        import numpy as np

        bh = ds.block_shapes[0][0]
        return ds.width * max(1, bh) * ds.count * np.dtype(ds.dtypes[0]).itemsize

    need = (2 if resampled else 1) * row_bytes(image)
    if dem is not None:
        need += 3 * row_bytes(dem)
    return int(min(CACHE_MAX, max(CACHE_MIN, 1.1 * need + 8 * 1024 * 1024)))


class Staging:
    """A hidden folder in ``out_dir`` whose files become outputs on :meth:`commit`."""

    def __init__(self, out_dir: Path, inputs: list):
        self.out_dir = Path(out_dir)
        try:
            self.out_dir.mkdir(parents=True, exist_ok=True)
            self.path = self.out_dir / f".landslide-mapper-staging-{uuid.uuid4().hex[:8]}"
            self.path.mkdir()
            probe = self.path / ".probe"
            probe.write_bytes(b"")
            probe.unlink()
        except OSError as exc:
            raise InputError(f"The output folder {self.out_dir} is not writable ({exc.strerror or exc}). "
                             "Choose a folder you can write to.") from exc
        resolved = {Path(p).resolve() for p in inputs if p}
        for name in ("probability.tif", "mask.tif", "polygons.gpkg", "summary.json",
                     "uncertainty.tif", "saliency.tif", "slope.tif"):
            if (self.out_dir / name).resolve() in resolved:
                self.discard()
                raise InputError(f"The output {self.out_dir / name} would overwrite an input. "
                                 "Choose another output folder.")

    def file(self, name: str) -> Path:
        return self.path / name

    def commit(self, names: list) -> dict:
        """Move the named staged files into the output folder (in the order given)."""
        final = {}
        for name in names:
            src = self.path / name
            if src.exists():
                dst = self.out_dir / name
                os.replace(src, dst)
                final[name] = dst
        self.discard()
        return final

    def discard(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)


# Output codecs, both lossless. ZSTD level 1 without a predictor is the default: on the real
# probability rasters of the benchmark it writes float32 in a quarter of the CPU time of deflate
# level 1 with the floating-point predictor, for files about a quarter larger (about 1.6 bytes a
# pixel); QGIS and any GDAL from 2.3 on read it. "deflate" (level 1, with the predictor) is
# offered for older software that reads only deflate.
CODECS = {"zstd": {"compress": "zstd", "ZSTD_LEVEL": 1},
          "deflate": {"compress": "deflate", "ZLEVEL": 1, "predictor": "auto"}}
DEFAULT_CODEC = "zstd"


def check_codec(name: str) -> str:
    """``name`` if it is a codec of :data:`CODECS`, else InputError with the choices."""
    if name not in CODECS:
        raise InputError(f"Compression '{name}' is unknown: use {' or '.join(CODECS)}.")
    return name


def output_codec(name: str) -> str:
    """The codec to write with: ``name``, or deflate when this GDAL was built without ZSTD."""
    check_codec(name)
    if name == "zstd" and not _gdal_has_zstd():
        return "deflate"
    return name


@functools.lru_cache(maxsize=1)
def _gdal_has_zstd() -> bool:
    from osgeo import gdal

    options = gdal.GetDriverByName("GTiff").GetMetadataItem("DMD_CREATIONOPTIONLIST") or ""
    return "ZSTD" in options


BLOCK = 256                                     # output block size (pixels)
_GDAL_TYPES = {"float32": "Float32", "uint8": "Byte"}


def create_tif(path: Path, grid, dtype: str, nodata, description: str = "", compress: str | None = DEFAULT_CODEC,
               sparse: bool = False, eager: bool = False) -> "GeoTiffWriter":
    """A tiled single-band GeoTIFF on ``grid``, open for writing.

    ``compress``: a name of :data:`CODECS`, or None for scratch files.

    ``sparse``: blocks never written stay empty in the file and read as nodata.

    ``eager``: each write goes into the file at once (see :class:`GeoTiffWriter`);
    only for writes that cover whole blocks.
    """
    options = {"TILED": "YES", "BLOCKXSIZE": BLOCK, "BLOCKYSIZE": BLOCK, "BIGTIFF": "IF_SAFER"}
    if sparse:
        options["SPARSE_OK"] = "TRUE"
    if compress:
        options.update({k.upper(): v for k, v in CODECS[compress].items()})
        if options.get("PREDICTOR") == "auto":
            options["PREDICTOR"] = 3 if dtype == "float32" else 2
    return GeoTiffWriter(path, grid, dtype, nodata, description, options, eager)


class GeoTiffWriter:
    """A single-band GeoTIFF written window by window through GDAL.

    GDAL keeps written blocks in its cache and compresses them when the cache
    is full or the file is closed: for a raster that fits the cache, all of the
    compression would wait for the close, after the model has finished. With
    ``eager`` every write is flushed at once, so compression overlaps the
    model and the cache stays free for reading. That needs writes that cover
    whole blocks (a block flushed half-written would be read back, completed
    and written again), which zero-overlap tiles of a multiple of the block
    size and the block-aligned windows of the finishing passes are.

    ``write(array, 1, window=...)`` and the context manager work like
    rasterio's writer. Errors raise OSError with GDAL's message, whether or
    not GDAL's Python exceptions are switched on in this process (QGIS and
    other plugins may switch them on).
    """

    def __init__(self, path: Path, grid, dtype: str, nodata, description: str, options: dict, eager: bool):
        from osgeo import gdal

        self._gdal, self.path, self.eager = gdal, Path(path), eager
        self._ds = self._band = None
        ds = self._checked("creating", gdal.GetDriverByName("GTiff").Create, str(path), grid.width, grid.height, 1,
                           gdal.GetDataTypeByName(_GDAL_TYPES[dtype]),
                           options=[f"{k}={v}" for k, v in options.items()])
        if ds is None:
            self._fail("creating")
        ds.SetGeoTransform(grid.transform.to_gdal())
        ds.SetProjection(grid.crs.to_wkt())
        band = ds.GetRasterBand(1)
        band.SetNoDataValue(float(nodata))
        if description:
            band.SetDescription(description)
        self._ds, self._band = ds, band

    def _checked(self, what: str, fn, *args, **kwargs):
        """``fn(*args)``; a GDAL failure, reported either way, becomes OSError."""
        gdal = self._gdal
        gdal.ErrorReset()
        try:
            result = fn(*args, **kwargs)
        except RuntimeError as exc:
            raise OSError(f"{what} {self.path} failed: {exc}") from exc
        if gdal.GetLastErrorType() >= gdal.CE_Failure:
            self._fail(what)
        return result

    def write(self, array, indexes: int = 1, window=None) -> None:
        col, row = (0, 0) if window is None else (int(window.col_off), int(window.row_off))
        if self._checked("writing", self._band.WriteArray, array, col, row) != 0:
            self._fail("writing")
        if self.eager:
            self._checked("writing", self._band.FlushCache)

    def _fail(self, what: str):
        raise OSError(f"{what} {self.path} failed: {self._gdal.GetLastErrorMsg() or 'unknown GDAL error'}")

    def close(self) -> None:
        if self._ds is None:
            return
        ds, self._band, self._ds = self._ds, None, None
        self._checked("closing", ds.FlushCache)
        del ds                                  # the last reference: GDAL closes the file

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def write_json(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, indent=2, sort_keys=False, default=str))


def resampled_windows(src_path: Path, grid, resampling: str, block: int = 1024, workers: int = 1, post=None):
    """Windows of a working-grid raster resampled onto ``grid``: yields ``(window, values, valid)``,
    in row-major order.

    ``grid`` must cover the raster's extent (the image grid a working grid was
    made from): each window is read from the matching fractional window of the
    raster, resampled as GDAL reads it (nodata honoured), without a warp.

    With ``workers`` > 1 that many threads read and resample windows ahead,
    each through a dataset handle of its own, while the caller writes; with
    ``post``, ``post(window, values, valid)`` also runs in the thread and its
    result is yielded instead.
    """
    from collections import deque
    from concurrent.futures import ThreadPoolExecutor

    from rasterio.windows import Window

    from .raster_io import GdalHandle, per_thread

    windows = [Window(c, r, min(block, grid.width - c), min(block, grid.height - r))
               for r in range(0, grid.height, block) for c in range(0, grid.width, block)]

    def open_one(stack):
        handle = GdalHandle(src_path)
        stack.callback(handle.close)
        return handle

    with per_thread(open_one) as handle:
        def job(win):
            src = handle()
            sx, sy = src.width / grid.width, src.height / grid.height
            v = src.read(1, Window(win.col_off * sx, win.row_off * sy, win.width * sx, win.height * sy),
                         out_shape=(win.height, win.width), resampling=resampling)
            out = (win, v, v != src.nodata())
            return post(*out) if post else out

        if workers <= 1:
            for win in windows:
                yield job(win)
            return
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="landslide-resample") as pool:
            ahead: deque = deque()
            try:
                for win in windows:
                    ahead.append(pool.submit(job, win))
                    if len(ahead) > 2 * workers:          # a bounded read-ahead: memory stays flat
                        yield ahead.popleft().result()
                while ahead:
                    yield ahead.popleft().result()
            finally:
                for future in ahead:
                    future.cancel()
