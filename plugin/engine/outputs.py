"""Output rasters, written to a staging folder and moved into place at the end.

A run writes everything into a hidden staging folder inside the output
folder. Only when every file is complete are they renamed to their final
names (``summary.json`` last), so a cancelled or failed run leaves nothing
that looks finished. The staging folder is removed on failure. A run into a
folder that holds an earlier run's outputs replaces them as a set: the earlier
``summary.json`` goes first, and the earlier outputs this run does not make.
"""
from __future__ import annotations

import contextlib
import functools
import json
import math
import numbers
import os
import re
import shutil
import uuid
from pathlib import Path
from typing import Optional

from .errors import InputError

PROB_NODATA = -9999.0
MASK_NODATA = 255
CACHE_MIN = 32 * 1024 * 1024           # GDAL's block cache during a run, at least (see block_cache_bytes)
CACHE_MAX = 1024 * 1024 * 1024
GDAL_ENV = {"GDAL_CACHEMAX": CACHE_MIN, "GDAL_NUM_THREADS": "1"}


def block_cache_bytes(image, dem=None, tile_rows: int = 0) -> int:
    """GDAL's block cache for the tiles of a run: what they read twice must stay decoded.

    The tiles go along rows. A DEM read through GDAL (``dem``: its dataset, or None when it is
    held in memory or absent) is read with a one-cell halo, so a row of tiles touches three rows
    of its blocks, two of which the next row of tiles reads again; the image is read on the
    tile alone. Once the cache holds less than what one row of tiles touches, its least recently
    used blocks include ones the next row needs, and they are decoded a second time. Measured
    with the terrain model's inputs (RGB and a float32 DEM in 256 px blocks), the cache first
    suffices between 24 and 32 MB for a raster 9216 px wide and between 48 and 64 MB for one
    18432 px wide (below that the pipeline's own CPU time grows by 15-40 %): 0.7-0.95 of this
    estimate. So the cache is the estimate plus a tenth and 8 MB, for the raster's width: it
    grows with the width of a raster, never with its length. CACHE_MIN at least (nothing larger
    is held for a narrow raster: the scene's runs peak as they did with 64 MB).

    On a resampled grid (``tile_rows``: the image rows one row of tiles spans) the image is read
    again where the outputs come back onto its grid, for its valid pixels, once its row of tiles
    is done, while the first tiles of the next row are read: the cache holds twice the rows of
    blocks a row of tiles touches. (With two rows less, a 9216 px wide raster's blocks were
    decoded a second time: 0.1-0.4 CPU-s more on its 80 MP.)"""
    def row_bytes(ds) -> int:
        import numpy as np

        bh = ds.block_shapes[0][0]
        return ds.width * max(1, bh) * ds.count * np.dtype(ds.dtypes[0]).itemsize

    rows = 1
    if tile_rows > 0:
        rows = 2 * (-(-tile_rows // max(1, image.block_shapes[0][0])) + 1)
    need = rows * row_bytes(image)
    if dem is not None:
        need += 3 * row_bytes(dem)
    return int(min(CACHE_MAX, max(CACHE_MIN, 1.1 * need + 8 * 1024 * 1024)))


STAGING_PREFIX = ".landslide-mapper-staging-"
OUTPUT_NAMES = ("probability.tif", "mask.tif", "uncertainty.tif", "saliency.tif", "polygons.gpkg", "summary.json")


class Staging:
    """A hidden folder in ``out_dir`` whose files become outputs on :meth:`commit`."""

    def __init__(self, out_dir: Path, inputs: list):
        self.out_dir = Path(out_dir)
        try:
            self.out_dir.mkdir(parents=True, exist_ok=True)
            self.path = self.out_dir / f"{STAGING_PREFIX}{uuid.uuid4().hex[:8]}"
            self.path.mkdir()
            probe = self.path / ".probe"
            probe.write_bytes(b"")
            probe.unlink()
        except OSError as exc:
            raise InputError(f"The output folder {self.out_dir} is not writable ({exc.strerror or exc}). "
                             "Choose a folder you can write to.") from exc
        resolved = {Path(p).resolve() for p in inputs if p}
        for name in OUTPUT_NAMES + ("slope.tif",):
            there = self.out_dir / name
            if there.resolve() in resolved:
                self.discard()
                raise InputError(f"The output {there} would overwrite an input. Choose another output folder.")
            if there.is_dir():
                self.discard()
                raise InputError(f"{there} is a folder, where the run would write its {name}. "
                                 "Move or rename that folder, or choose another output folder.")
        work = _review_work(self.out_dir / "polygons.gpkg")
        if work:                        # an analyst's review is never replaced by a new run
            self.discard()
            raise InputError(f"The polygons.gpkg in {self.out_dir} holds an analyst's review ({work}): a new run "
                             "there would replace it. Choose another output folder, or move polygons.gpkg "
                             "elsewhere first.")

    def file(self, name: str) -> Path:
        return self.path / name

    def earlier_outputs(self, names: list) -> list:
        """Outputs of an earlier run in this folder that this run does not make (its
        ``uncertainty.tif`` when this run has no TTA, say): those its ``summary.json`` lists.
        They went with outputs this run replaces, so :meth:`commit` removes them; a file the
        earlier summary does not list as its own is never touched."""
        try:
            listed = json.loads((self.out_dir / "summary.json").read_text()).get("outputs") or []
        except (OSError, ValueError, AttributeError):
            return []
        return [n for n in OUTPUT_NAMES if n in listed and n not in names and (self.out_dir / n).is_file()]

    def commit(self, names: list, earlier: tuple = ()) -> dict:
        """Move the named staged files into the output folder (in the order given, ``summary.json``
        last). An earlier run's ``summary.json`` there is removed first, and its ``earlier``
        outputs (see :meth:`earlier_outputs`): until the move is over the folder does not look
        finished. A file that cannot be moved is an :class:`OutputError` saying what is there."""
        from .errors import OutputError

        final = {}
        for name in ("summary.json", *earlier):
            try:
                (self.out_dir / name).unlink(missing_ok=True)
            except OSError as exc:
                raise OutputError(f"The earlier run's {name} in {self.out_dir} could not be removed "
                                  f"({exc.strerror or exc}), so this run's outputs were not put in place. Close "
                                  "the file if another program has it open, or choose another output "
                                  "folder.") from exc
        for name in names:
            src = self.path / name
            if not src.exists():
                continue
            try:
                os.replace(src, self.out_dir / name)
            except OSError as exc:
                held = ", ".join(final) or "none"
                raise OutputError(f"The output {name} could not be put in place in {self.out_dir} "
                                  f"({exc.strerror or exc}). The folder holds {held} of this run's outputs and "
                                  "no summary.json, so it does not look finished. Close the file if another "
                                  "program has it open, or choose another output folder.") from exc
            final[name] = self.out_dir / name
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
    rasterio's writer. A failure raises :class:`OutputError` (an OSError)
    naming the file, the folder, GDAL's reasons and the fix, whether or not
    GDAL's Python exceptions are switched on in this process (QGIS and other
    plugins may switch them on); GDAL's own messages are not printed besides.
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
        """``fn(*args)``; a GDAL failure, reported either way, becomes OutputError."""
        from .raster_io import gdal_failures

        gdal = self._gdal
        gdal.ErrorReset()
        with gdal_failures() as failures:
            try:
                result = fn(*args, **kwargs)
            except RuntimeError as exc:
                self._fail(what, failures or [str(exc)], exc)
        if failures or gdal.GetLastErrorType() >= gdal.CE_Failure:
            self._fail(what, failures)
        return result

    def write(self, array, indexes: int = 1, window=None) -> None:
        col, row = (0, 0) if window is None else (int(window.col_off), int(window.row_off))
        if self._checked("writing", self._band.WriteArray, array, col, row) != 0:
            self._fail("writing", [])
        if self.eager:
            self._checked("writing", self._band.FlushCache)

    def _fail(self, what: str, reasons: list, cause=None):
        raise write_failed(self.path, f"while {what} it",
                           reasons or [self._gdal.GetLastErrorMsg() or "unknown GDAL error"]) from cause

    def close(self) -> None:
        if self._ds is not None:
            self._checked("closing", self._flush_and_close)

    def _flush_and_close(self) -> None:
        from .raster_io import closing_failures

        ds, self._band, self._ds = self._ds, None, None
        error = None
        try:
            ds.FlushCache()
        except RuntimeError as exc:             # GDAL's exceptions on: kept without its traceback,
            error = RuntimeError(str(exc))      # whose frames would hold the file open past here
        with closing_failures() as failed:      # with them on, a failure to close is raised from
            del ds                              # the destructor: the last reference, GDAL closes it
        if error is not None or failed:
            raise error or RuntimeError(failed[0])

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def review_work_in(path: Path) -> Optional[str]:
    """What an analyst recorded in the polygons file at ``path`` (any vector format GDAL reads),
    or None: see vectorize.review_work."""
    return _review_work(Path(path))


def _review_work(path: Path) -> Optional[str]:
    """What an analyst recorded in the polygons at ``path`` (see vectorize.review_work), or None."""
    try:
        from .vectorize import review_work
    except ImportError:                 # an installation without the vectoriser writes no polygons
        return None
    return review_work(path)


def write_failed(path: Path, when: str, reasons: list):
    """The :class:`OutputError` for an output ``path`` that could not be written: which output,
    in the folder the user chose (not the staging folder inside it), GDAL's or the system's first
    reasons, and the fix."""
    from .errors import OutputError

    path = Path(path)
    folder = path.parent
    if folder.name.startswith(STAGING_PREFIX):
        folder = folder.parent
    when = f" {when}" if when else ""
    # GDAL names the file it was writing: here the output's name says which
    reasons = list(dict.fromkeys(short_reason(r.replace(f"{path}: ", "")) for r in reasons))
    return OutputError(f"The output {path.name} could not be written in {folder}{when} ({'; '.join(reasons[:3])}). "
                       "The disk may be full or the folder no longer writable: free some space there or "
                       "choose another output folder.")


def short_reason(reason: str) -> str:
    """A reason as the analyst reads it: the statements SQLite failed on left out (GDAL quotes them
    whole, and QGIS quotes GDAL: a GeoPackage's trigger runs to 200 characters), on one line, of
    160 characters at most."""
    reason = re.sub(r"sqlite3_\w+\(.*?\) failed: ", "SQLite: ", reason, flags=re.S)
    reason = " ".join(reason.split())           # one line
    return reason if len(reason) <= 160 else reason[:159] + "\u2026"


def failed_output(path: Path, staging: Path, said: list, always: bool = False):
    """The :class:`OutputError` (see :func:`write_failed`) for the output ``path``, written as
    ``staging`` (a file, or the folder it is written in), after GDAL said ``said``: the system's
    reason first when the folder takes no more data now. None when it still does and not
    ``always``: the failure was something else (a geometry GEOS refused, a corrupt input)."""
    staging = Path(staging)
    reason = cannot_write(staging if staging.is_dir() else staging.parent)
    if reason is None and not always:
        return None
    said = [m.replace(f"{staging}: ", "") for m in said if m and m != reason]
    return write_failed(path, "", ([reason] if reason else []) + said)


def cannot_write(folder: Path) -> Optional[str]:
    """Why a mebibyte cannot be written into ``folder`` now, in the system's words (a full disk,
    a quota, a size limit), or None when it can: tells an output problem from another failure."""
    probe = Path(folder) / ".write-probe"
    try:
        with open(probe, "wb") as f:
            f.write(bytes(2 ** 20))
            f.flush()
            os.fsync(f.fileno())
        return None
    except OSError as exc:
        return exc.strerror or str(exc)
    finally:
        try:
            probe.unlink()
        except OSError:
            pass


def close_all(writers) -> None:
    """Close every writer, even after one fails (none is left for GDAL to close, and complain
    about, later); then raise the first failure."""
    first = None
    for w in writers:
        try:
            w.close()
        except OSError as exc:
            first = first or exc
    if first is not None:
        raise first


@contextlib.contextmanager
def written_with_rasterio(path: Path, staging: Path):
    """For the block that writes ``path`` with rasterio, under the name ``staging``: a failure to
    write it becomes the :class:`OutputError` of :func:`write_failed`.

    rasterio raises for some of GDAL's failures, only prints or logs others (a
    block that cannot be written, a file that cannot be closed) and returns as
    if all had gone well; the file would then be renamed into place half
    written. GDAL's failures are collected here instead. A raised error that
    is not the folder's (a corrupt input read meanwhile) is passed on as it is.
    """
    from .errors import LandslideMapperError
    from .raster_io import gdal_failures

    with gdal_failures() as failures:
        try:
            yield
        except LandslideMapperError:
            raise
        except Exception as exc:
            error = failed_output(path, staging, failures + [str(exc)])
            if error is None:
                raise
            raise error from exc
    if failures:
        raise failed_output(path, staging, failures, always=True)


def write_text_atomic(path: Path, text: str) -> None:
    """``text`` (UTF-8) at ``path``, written under another name and then renamed, so that nobody
    sees it half written; an :class:`OutputError` (see :func:`write_failed`) when it cannot be."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.partial-{os.getpid()}")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        raise write_failed(path, "", [exc.strerror or str(exc)]) from exc
    finally:
        if tmp.exists():
            tmp.unlink()


def write_json(path: Path, data: dict) -> None:
    """``data`` as JSON at ``path``; an :class:`OutputError` (see :func:`write_failed`) when it
    cannot be written. A number that is not finite (statistics of a DEM that overflow) is
    written as null: JSON has no Infinity or NaN, and strict readers refuse them."""
    try:
        Path(path).write_text(json_text(data))
    except OSError as exc:
        raise write_failed(path, "", [exc.strerror or str(exc)]) from exc


def json_text(data) -> str:
    """``data`` as strict JSON (indented): numbers that are not finite become null (JSON has no
    Infinity or NaN, and strict readers refuse them), numpy numbers plain ones, anything else
    JSON does not know its text."""
    return json.dumps(_finite(data), indent=2, sort_keys=False, default=str, allow_nan=False)


def _finite(value):
    """``value`` with every number made a plain int or float, and every float that is not
    finite made None, at any depth."""
    if isinstance(value, (bool, str)) or value is None:
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        value = float(value)
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


class RowsBack:
    """Layers of a coarser working grid resampled back onto the image grid (bilinear, nodata
    honoured) while the tiles are still running, in bands of whole output blocks.

    The tiles go along rows, so the working grid's rows become final from the top down.
    Each blended cell is put here as it is made (:meth:`put`); once every row above some
    row is final (:meth:`final`), each band of output rows whose neighbours all lie in the
    rows held is resampled and handed to ``emit(window, {name: values})``, and the rows no
    later band needs are let go. Cells never put (those of skipped tiles) are nodata.

    The resampling is GDAL's bilinear resampling of the whole layer (see
    :func:`bilinear_taps` and :func:`bilinear_rows`): each output pixel's centre is placed
    on the layer, and its two neighbours along each axis weigh by nearness; along rows
    first, then along columns, a neighbour that is nodata drops out and the other takes
    its weight (nodata when none is left). Memory: a row of tiles and a band of rows,
    whatever the raster's length.
    """

    def __init__(self, work_grid, image_grid, names, nodata: float, emit, band_rows: int = BLOCK):
        import numpy as np

        self.h_src, self.w_src = work_grid.height, work_grid.width
        self.h_out, self.w_out = image_grid.height, image_grid.width
        self.names, self.nodata, self.emit, self.band_rows = list(names), float(nodata), emit, band_rows
        self.cols = bilinear_taps(self.w_out, self.w_src)
        self.first = 0                          # first working row held
        self.held = {n: np.empty((0, self.w_src), np.float32) for n in self.names}   # rows [first, done)
        self.done = 0                           # rows above this one are final
        self.pending: dict = {}                 # row of a strip of cells -> {name: (h, w_src) array}
        self.next_out = 0                       # first output row not yet emitted
        self.seconds = 0.0

    def put(self, y0: int, x0: int, layers: dict) -> None:
        """A cell at working row ``y0``, column ``x0``: ``{name: (h, w) float32}``, NaN where it
        has no value."""
        import numpy as np

        strip = self.pending.get(y0)
        if strip is None:
            h = next(iter(layers.values())).shape[0]
            strip = self.pending[y0] = {n: np.full((h, self.w_src), np.nan, np.float32) for n in self.names}
        for name, values in layers.items():
            strip[name][:, x0:x0 + values.shape[1]] = values

    def _rows(self, y0: int, y1: int):
        """The row neighbours of output rows ``[y0, y1)``: (i0, i1, w1), working rows."""
        return bilinear_taps(self.h_out, self.h_src, y0, y1)

    def final(self, rows: int, workers: int = 1) -> None:
        """Every working row above ``rows`` is final: emit each band that can be made now, with
        ``workers`` threads resampling (the model's workers have the cores while tiles run)."""
        import time

        import numpy as np

        t0 = time.perf_counter()
        rows = min(rows, self.h_src)
        if rows > self.done:
            # the rows held, then the strips now final in order, rows never put (NaN) between
            parts = {n: [self.held[n]] for n in self.names}
            at = self.done
            for y0 in sorted(y for y in self.pending if y < rows):
                strip = self.pending.pop(y0)
                h = next(iter(strip.values())).shape[0]
                for n in self.names:
                    if y0 > at:
                        parts[n].append(np.full((y0 - at, self.w_src), np.nan, np.float32))
                    parts[n].append(strip[n])
                at = y0 + h
            if at < rows:
                for n in self.names:
                    parts[n].append(np.full((rows - at, self.w_src), np.nan, np.float32))
            self.held = {n: np.concatenate(p) for n, p in parts.items()}
            self.done = rows
        bands = []
        while self.next_out < self.h_out:
            y1 = min(self.next_out + self.band_rows, self.h_out)
            if self._rows(y1 - 1, y1)[1][-1] >= self.done:
                break
            bands.append((self.next_out, y1))
            self.next_out = y1
        if bands:
            self._emit_bands(bands, workers)
            keep = self._rows(self.next_out, self.next_out + 1)[0][0] if self.next_out < self.h_out else self.done
            if keep > self.first:
                self.held = {n: a[keep - self.first:] for n, a in self.held.items()}
                self.first = keep
        self.seconds += time.perf_counter() - t0

    def finish(self, workers: int = 1) -> None:
        """All rows are final: emit the bands left."""
        self.final(self.h_src, workers)

    def rows_writer(self, name: str):
        """A writer (``write(array, 1, window=...)``, as :class:`GeoTiffWriter`'s) that puts the
        windows of layer ``name`` here, given in row-major order: the rows of a row of windows
        are final once its last window is in."""
        back = self

        class RowsWriter:
            def write(self, array, indexes: int = 1, window=None) -> None:
                row, col = int(window.row_off), int(window.col_off)
                back.put(row, col, {name: array})
                if col + int(window.width) >= back.w_src:
                    back.final(row + int(window.height))

        return RowsWriter()

    def _resample(self, band: tuple[int, int]) -> tuple:
        from rasterio.windows import Window

        y0, y1 = band
        i0, i1, w1 = self._rows(y0, y1)
        out = {n: bilinear_rows(self.held[n], i0 - self.first, i1 - self.first, w1, self.cols, self.nodata)
               for n in self.names}
        return Window(0, y0, self.w_out, y1 - y0), out

    def _emit_bands(self, bands: list, workers: int) -> None:
        if workers <= 1 or len(bands) == 1:
            for band in bands:
                self.emit(*self._resample(band))
            return
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="landslide-resample") as pool:
            for window, values in pool.map(self._resample, bands):
                self.emit(window, values)


def bilinear_taps(n_out: int, n_src: int, start: int = 0, stop: Optional[int] = None):
    """Where output pixels ``[start, stop)`` of an axis of ``n_out`` fall on an axis of ``n_src``
    covering the same extent: ``(i0, i1, w1)``, each pixel's two neighbours and the weight of
    the second. A centre beyond the outer neighbours' centres takes the outer one alone."""
    import numpy as np

    stop = n_out if stop is None else stop
    c = (np.arange(start, stop, dtype=np.float64) + 0.5) * (n_src / n_out) - 0.5
    np.clip(c, 0.0, n_src - 1, out=c)
    i0 = c.astype(np.intp)                                  # floor: c >= 0
    i1 = np.minimum(i0 + 1, n_src - 1)
    return i0, i1, (c - i0).astype(np.float32)


def bilinear_rows(src, r0, r1, wr, cols: tuple, nodata: float, chunk: int = 1024):
    """Rows of ``src`` (float32, NaN for nodata) resampled: along rows onto the output columns
    (``cols``, from :func:`bilinear_taps`), then between rows ``r0`` and ``r1`` with weights
    ``wr``. In each pass a neighbour that is NaN drops out and the other takes its whole weight;
    where no neighbour with a weight is left the result is ``nodata``. Done ``chunk`` output
    columns at a time, so that what each step makes stays in the processor's cache."""
    import numpy as np

    lo, hi = int(r0[0]), int(r1[-1]) + 1
    a = src[lo:hi]
    r0, r1, wr = r0 - lo, r1 - lo, wr[:, None]
    c0s, c1s, wc = cols
    out = np.empty((len(r0), len(c0s)), np.float32)
    for c in range(0, len(c0s), chunk):
        part = slice(c, c + chunk)
        h = _lerp(a, c0s[part], c1s[part], wc[part], 1)
        v = _lerp(h, r0, r1, wr, 0)
        np.copyto(v, np.float32(nodata), where=np.isnan(v))
        out[:, part] = v
    return out


def _lerp(a, i0, i1, w1, axis: int):
    """``a`` between its entries ``i0`` and ``i1`` along ``axis``, ``w1`` the weight of ``i1``;
    NaN neighbours drop out (see bilinear_rows)."""
    import numpy as np

    a0, a1 = np.take(a, i0, axis=axis), np.take(a, i1, axis=axis)
    out = np.subtract(a1, a0)
    out *= w1
    out += a0
    gap = np.isnan(out)
    if gap.any():
        # one neighbour is nodata: the other alone (fmax takes the one that is not NaN) ...
        np.copyto(out, np.fmax(a0, a1), where=gap)
        # ... unless it weighs nothing: a pixel centred on its first neighbour takes that alone
        ties = np.flatnonzero(np.ravel(w1) == 0)
        if ties.size:
            at = (slice(None), ties) if axis == 1 else (ties,)
            out[at] = a0[at]
    return out
