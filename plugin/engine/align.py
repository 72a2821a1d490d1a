"""The working grid, and everything read onto it.

The working grid is the image grid, or - when the model's ground sampling
distance differs markedly (more than 1.5x) from the image's - the same
extent in the image CRS at the model's GSD. The DEM, on any CRS, cell size
and extent, is warped onto the working grid on the fly (bilinear, nodata
honoured) window by window: it is never held whole.
"""
from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import Optional

import numpy as np

from .errors import InputError
from .features import metres_per_degree

RESAMPLE_FACTOR = 1.5


@dataclass
class Grid:
    crs: object
    transform: object
    width: int
    height: int

    @property
    def bounds(self):
        from rasterio.transform import array_bounds

        return array_bounds(self.height, self.width, self.transform)   # (west, south, east, north)


def pixel_size_m(crs, transform, height: int, width: int) -> tuple[float, float]:
    """Cell width and height in metres on the ground at the grid's centre: a geographic CRS's
    degrees converted at its latitude; a projected CRS's units in metres, times the projection's
    scale there when that differs from 1 by more than 1 % (Web Mercator away from the equator:
    its 0.585 m cells at 31 degrees north are 0.50 m on the ground). UTM and the other
    projections made for mapping stay within that of 1 over the areas they are used for."""
    rx, ry = abs(transform.a), abs(transform.e)
    if crs.is_geographic:
        lat = transform.f + transform.e * height / 2.0
        lon_m, lat_m = metres_per_degree(max(-89.0, min(89.0, lat)))
        return rx * lon_m, ry * lat_m
    factor = 1.0
    try:
        factor = float(crs.linear_units_factor[1])
    except Exception:
        pass
    kx, ky = _ground_scale(crs, transform, height, width, factor)
    return rx * factor * kx, ry * factor * ky


GROUND_SCALE_TOLERANCE = 0.01


def _ground_scale(crs, transform, height: int, width: int, factor: float) -> tuple[float, float]:
    """Metres on the ground per metre of a projected CRS along its x and y axes at the grid's
    centre, measured over a short step each way; (1, 1) when both lie within
    :data:`GROUND_SCALE_TOLERANCE` of 1 or the CRS cannot be placed on the globe."""
    from rasterio.warp import transform as warp

    cx, cy = transform * (width / 2.0, height / 2.0)
    step = 100.0 / factor                       # 100 m of the projection, in its units
    try:
        lon, lat = warp(crs, "EPSG:4326", [cx, cx + step, cx], [cy, cy, cy + step])
    except Exception:
        return 1.0, 1.0
    if not all(map(math.isfinite, lon + lat)) or abs(lat[0]) > 89.0:
        return 1.0, 1.0
    lon_m, lat_m = metres_per_degree(lat[0])
    dlon = [((b - lon[0] + 180.0) % 360.0) - 180.0 for b in lon[1:]]
    kx = math.hypot(dlon[0] * lon_m, (lat[1] - lat[0]) * lat_m) / 100.0
    ky = math.hypot(dlon[1] * lon_m, (lat[2] - lat[0]) * lat_m) / 100.0
    if abs(kx - 1.0) <= GROUND_SCALE_TOLERANCE and abs(ky - 1.0) <= GROUND_SCALE_TOLERANCE:
        return 1.0, 1.0
    return kx, ky


def working_grid(ds, model_gsd: float) -> tuple[Grid, Optional[str]]:
    """The grid to run the model on, and a warning when it is not the image grid."""
    from rasterio.transform import Affine

    grid = Grid(ds.crs, ds.transform, ds.width, ds.height)
    px, py = pixel_size_m(ds.crs, ds.transform, ds.height, ds.width)
    gsd = math.sqrt(px * py)
    ratio = model_gsd / gsd
    if 1 / RESAMPLE_FACTOR <= ratio <= RESAMPLE_FACTOR:
        return grid, None
    t = ds.transform
    # The working grid covers exactly the image extent, with cells as close to
    # the model's GSD as a whole number of cells allows.
    w = _cells(ds.width * px / model_gsd)
    h = _cells(ds.height * py / model_gsd)
    work = Grid(ds.crs, Affine(t.a * ds.width / w, t.b, t.c, t.d, t.e * ds.height / h, t.f), w, h)
    msg = (f"The image has {gsd:.3g} m pixels but the model was trained at {model_gsd:.3g} m: the image was "
           f"resampled to {model_gsd:.3g} m ({ds.width}x{ds.height} -> {w}x{h} px) for the model and the "
           "results resampled back to the image grid.")
    return work, msg


def _cells(x: float) -> int:
    return max(1, int(round(x)) if abs(x - round(x)) < 0.05 else int(math.ceil(x)))


def warped(ds, grid: Grid, resampling: str, dtype=None, nodata=None):
    """A WarpedVRT of ``ds`` on ``grid``."""
    from rasterio.enums import Resampling
    from rasterio.vrt import WarpedVRT

    kw = dict(crs=grid.crs, transform=grid.transform, width=grid.width, height=grid.height,
              resampling=getattr(Resampling, resampling))
    if dtype is not None:
        kw["dtype"] = dtype
    if nodata is not None:
        kw["nodata"] = nodata
        if ds.nodata is not None:
            kw["src_nodata"] = ds.nodata
    return WarpedVRT(ds, **kw)


def image_on_grid(ds, grid: Grid, dedupe: bool = False):
    """The image itself when the grid is its own (with ``dedupe``, read through :func:`deduped`
    when that gains anything: the caller then closes the view), else a resampled view (average
    when shrinking, bilinear when enlarging)."""
    if (grid.width, grid.height) == (ds.width, ds.height) and grid.transform == ds.transform:
        return deduped(ds) if dedupe else ds
    downsample = abs(grid.transform.a) > abs(ds.transform.a)
    resampling = "average" if downsample else "bilinear"
    if is_rescaling(ds.transform, ds.width, ds.height, grid):
        return ScaledView(ds, grid, resampling)
    return warped(ds, grid, resampling)


def is_rescaling(transform, width: int, height: int, grid: Grid) -> bool:
    """True when ``grid`` covers exactly the raster's north-up extent with other cell sizes
    (what :func:`working_grid` makes): no warping is needed, only rescaled reads."""
    t, g = transform, grid.transform
    if t.b or t.d or g.b or g.d:
        return False
    tol = 1e-9 * max(abs(t.a) * width, abs(t.e) * height, 1.0)
    return (abs(t.c - g.c) <= tol and abs(t.f - g.f) <= tol
            and abs(t.a * width - g.a * grid.width) <= tol and abs(t.e * height - g.e * grid.height) <= tol)


class ScaledView:
    """A raster read on a grid over the same extent with other cell sizes.

    Each window of the grid is read from the matching (fractional) window of
    the raster, resampled by GDAL as it reads (average or bilinear, nodata
    honoured): the same values a warp would give at a quarter of the cost,
    window by window, never the whole raster.
    """

    def __init__(self, ds, grid: Grid, resampling: str):
        from rasterio.enums import Resampling

        self.ds = ds
        self.width, self.height, self.transform = grid.width, grid.height, grid.transform
        self._sx, self._sy = ds.width / grid.width, ds.height / grid.height
        self._resampling = getattr(Resampling, resampling)

    def _source(self, window):
        from rasterio.windows import Window

        if window is None:
            window = Window(0, 0, self.width, self.height)
        return window, Window(window.col_off * self._sx, window.row_off * self._sy,
                              window.width * self._sx, window.height * self._sy)

    def read(self, indexes=None, window=None, out_shape=None, **kwargs):
        window, source = self._source(window)
        shape = (int(window.height), int(window.width))
        if out_shape is None:
            if indexes is None:
                out_shape = (self.ds.count,) + shape
            elif isinstance(indexes, int):
                out_shape = shape
            else:
                out_shape = (len(indexes),) + shape
        return self.ds.read(indexes, window=source, out_shape=out_shape, resampling=self._resampling, **kwargs)

    def dataset_mask(self, window=None, out_shape=None, **kwargs):
        window, source = self._source(window)
        return self.ds.dataset_mask(window=source, out_shape=out_shape or (int(window.height), int(window.width)),
                                    **kwargs)

    def __getattr__(self, name):
        # everything else (count, dtypes, nodatavals, mask_flag_enums, crs, ...) is the dataset's own
        return getattr(self.ds, name)

    def close(self) -> None:
        """The dataset belongs to the caller, which closes it."""


def dem_on_grid(dem, grid: Grid, dem_name: str, image_name: str, dedupe: bool = False):
    """The DEM warped onto the grid (float32, NaN nodata); InputError if they do not overlap.
    A DEM already on the grid is read directly (:class:`SameGridDem`), with ``dedupe`` through
    :func:`deduped` (closed with the SameGridDem)."""
    from rasterio.warp import transform_bounds

    try:
        b = transform_bounds(dem.crs, grid.crs, *dem.bounds, densify_pts=21)
    except Exception as exc:
        raise InputError(f"The DEM {dem_name} ({dem.crs.to_string()}) cannot be transformed to the "
                         f"image CRS ({grid.crs.to_string()}): {exc}. Reproject the DEM first.") from exc
    gw, gs, ge, gn = grid.bounds
    if b[0] >= ge or b[2] <= gw or b[1] >= gn or b[3] <= gs:
        raise InputError(f"The DEM {dem_name} and the image {image_name} do not overlap (DEM extent "
                         f"{_fmt(b)} vs image extent {_fmt((gw, gs, ge, gn))} in {grid.crs.to_string()}). "
                         "Give the DEM that covers the image.")
    if (dem.crs == grid.crs and (dem.width, dem.height) == (grid.width, grid.height)
            and dem.transform.almost_equals(grid.transform)):
        # already on the grid (a co-registered DEM): no warping
        return SameGridDem(deduped(dem) if dedupe else dem)
    return warped(dem, grid, "bilinear", dtype="float32", nodata=float("nan"))


class SameGridDem:
    """A DEM that already lies on the working grid, read directly: float32, NaN at nodata.

    Reads the same values a warp onto its own grid would give, without the
    cost of warping every window.
    """

    def __init__(self, ds):
        self.ds = ds

    def read(self, indexes=None, window=None, out_shape=None, out_dtype="float32", **kwargs):
        if kwargs or indexes not in (None, 1) or not _nodata_only(self.ds):
            data = self.ds.read(indexes, window=window, out_shape=out_shape, out_dtype="float32", masked=True,
                                **kwargs)
            return np.ma.filled(data, np.nan).astype(out_dtype or "float32", copy=False)
        # One read: the nodata mask GDAL would build reads the same blocks a second time. (A
        # decimated read picks the nearest cells, of the values and of the mask alike.)
        raw = self.ds.read(indexes, window=window, out_shape=out_shape)
        return _with_nan(raw, self.ds.nodata).astype(out_dtype or "float32", copy=False)

    def __getattr__(self, name):
        # everything else (read_masks, width, transform, ...) is the dataset's own
        return getattr(self.ds, name)

    def close(self) -> None:
        """The dataset belongs to the caller, which closes it; a deduping view of it
        (:func:`deduped`) belongs to this and is closed."""
        if isinstance(self.ds, DedupedDataset):
            self.ds.close()


class DedupedDataset:
    """A dataset whose window reads on its own grid decode each distinct stored block once (see
    raster_io.BlockReader): the blocks of nodata around a scene are then never decoded. Reads
    resampled, masked or outside the raster, and everything else, are the dataset's own.
    :meth:`close` closes the reader's handle; the dataset belongs to the caller."""

    def __init__(self, ds, reader):
        self.ds, self._reader = ds, reader

    def read(self, indexes=None, window=None, out_shape=None, out_dtype=None, **kwargs):
        if kwargs or out_shape is not None or not _cells_inside(window, self.ds.width, self.ds.height):
            return self.ds.read(indexes, window=window, out_shape=out_shape, out_dtype=out_dtype, **kwargs)
        bands = range(1, self.ds.count + 1) if indexes is None else [indexes] if isinstance(indexes, int) \
            else indexes
        v = self._reader.read(bands, int(window.col_off), int(window.row_off), int(window.width),
                              int(window.height))
        if out_dtype is not None:
            v = v.astype(out_dtype, copy=False)
        return v[0] if isinstance(indexes, int) else v

    def __getattr__(self, name):
        return getattr(self.ds, name)

    # Asked for at every tile (see read_window) and fixed for a dataset opened to read: rasterio
    # asks GDAL again each time (15 microseconds for three bands; 2.5 ms a run of 81 tiles).
    @functools.cached_property
    def mask_flag_enums(self):
        return self.ds.mask_flag_enums

    @functools.cached_property
    def nodatavals(self):
        return self.ds.nodatavals

    def damaged(self) -> list:
        """Windows of the blocks read so far that failed their check (see
        raster_io.BlockReader.damaged)."""
        return self._reader.damaged()

    def close(self) -> None:
        self._reader.close()


def _cells_inside(window, width: int, height: int) -> bool:
    """Whether ``window`` is a window of whole cells inside a width x height raster."""
    if window is None:
        return False
    parts = (window.col_off, window.row_off, window.width, window.height)
    return (all(float(p) == int(p) for p in parts) and window.col_off >= 0 and window.row_off >= 0
            and window.width > 0 and window.height > 0
            and window.col_off + window.width <= width and window.row_off + window.height <= height)


def deduped(ds):
    """``ds`` as a :class:`DedupedDataset` when it is a GeoTIFF on disk with blocks stored alike,
    else ``ds`` itself."""
    from .raster_io import BlockReader

    reader = BlockReader.open(ds.name) if ds.driver == "GTiff" else None
    return ds if reader is None else DedupedDataset(ds, reader)


PRELOAD_MAX_BYTES = 32 * 2 ** 20     # a co-registered DEM up to this size on the grid (float32) is read whole


def preloadable(dem_src, grid: Grid) -> bool:
    """Whether :func:`read_whole_dem` applies: a co-registered DEM on a grid of at most
    :data:`PRELOAD_MAX_BYTES` as float32 (8 megapixels)."""
    return isinstance(dem_src, SameGridDem) and 4 * grid.width * grid.height <= PRELOAD_MAX_BYTES


def read_whole_dem(dem_src: "SameGridDem", threads: int, sample_step: int = 1) -> "InMemoryDem":
    """A co-registered DEM read whole, its blocks decoded on ``threads`` threads, with the
    statistics of every ``sample_step``-th cell in both directions. For small grids only
    (:func:`preloadable`): it is what the tiles read anyway, decoded once and at once, and the
    tiles then slice it."""
    from .raster_io import GdalHandle

    ds = dem_src.ds
    if _nodata_only(ds) and ds.count == 1:
        # A handle of its own, through GDAL's bindings (see GdalHandle): GeoTIFF blocks are
        # decoded in parallel, an option of that driver alone. The values as stored; nodata
        # becomes NaN tile by tile, as SameGridDem does.
        options = [f"NUM_THREADS={int(threads)}"] if ds.driver == "GTiff" and threads > 1 else []
        try:
            own = GdalHandle(ds.name, options)
        except RuntimeError:        # not openable again by its name: read through the caller's handle
            own = None
        if own is not None:
            try:
                return InMemoryDem(own.read_whole(1, threads), ds.nodata, sample_step, own.damaged)
            finally:
                own.close()
    return InMemoryDem(dem_src.read(1), None, sample_step)


class InMemoryDem:
    """The DEM on the working grid, held whole. Reads give what :class:`SameGridDem` gives
    (float32, NaN at nodata) as copies of slices. ``count``, ``mean`` and ``std``: the valid
    cells of the statistics sample and their statistics (0, None, None when there are none);
    ``stats``: the same with the lowest and highest of them (:class:`ElevationStats`)."""

    def __init__(self, values: np.ndarray, nodata, sample_step: int = 1, damaged=()):
        self.values, self.nodata = values, nodata        # nodata None: float32 with NaN already
        self._damaged = list(damaged)
        self.height, self.width = values.shape
        sample = values[::sample_step, ::sample_step]
        self.stats = elevation_statistics(sample, None if nodata is None else _has_data(sample, nodata))
        self.count, self.mean, self.std = self.stats

    def damaged(self) -> list:
        """Windows (row, col, rows, cols) of the file's blocks that failed their check, read as
        nodata (see raster_io.BlockReader.damaged)."""
        return list(self._damaged)

    def read(self, indexes=1, window=None, **kwargs):
        if kwargs or indexes not in (None, 1):
            raise ValueError("an in-memory DEM reads band 1 by window only")
        v = self.values
        if window is not None:
            r0, c0 = int(window.row_off), int(window.col_off)
            v = v[r0:r0 + int(window.height), c0:c0 + int(window.width)]
        return v.copy() if self.nodata is None else _with_nan(v, self.nodata)


SAMPLE_BAND_ROWS = 128      # rows of a decimated sample read as one horizontal band


def read_decimated(dataset, on_grid, read, grid_height: int, out_shape: tuple, threads: int = 1, whole=None):
    """A whole grid read decimated to ``out_shape``, in horizontal bands (about
    :data:`SAMPLE_BAND_ROWS` rows of the sample each). ``read(src, row0, rows, out_rows)`` reads one band of
    the grid and returns a tuple of arrays whose second-last axis is rows; the bands' results are
    joined along it. Without overviews every block of the raster is decoded, which is most of
    the cost: with ``threads`` > 1 the bands are read that many at once, each thread through a
    handle of its own on ``dataset``'s file (``on_grid(handle)`` puts it on the grid); else, or
    when the file cannot be opened again by its name, one after another through ``whole``. The
    bands, and so the sample, are the same for any number of threads."""
    oh = out_shape[0]
    # Bands start on multiples of 256 rows of the grid (the usual block height: no block is
    # decoded by two threads), each about SAMPLE_BAND_ROWS rows of the sample.
    step = max(256, round(SAMPLE_BAND_ROWS * grid_height / oh / 256) * 256)
    rows = sorted({*range(0, grid_height, step), grid_height})
    cuts = [round(r * oh / grid_height) for r in rows]
    spans = [(rows[i], rows[i + 1], cuts[i + 1] - cuts[i]) for i in range(len(rows) - 1) if cuts[i + 1] > cuts[i]]
    n = len(spans)

    def band(src, i):
        r0, r1, out_rows = spans[i]
        return read(src, r0, r1 - r0, out_rows)

    parts = None
    if threads > 1 and n > 1:
        parts = _read_bands_at_once(dataset, on_grid, band, n, threads)
    if parts is None:
        parts = [band(whole, i) for i in range(n)]
    return tuple(np.concatenate([p[j] for p in parts], axis=-2) for j in range(len(parts[0])))


def _read_bands_at_once(dataset, on_grid, band, n: int, threads: int):
    """``band(src, i)`` for every band, ``threads`` at once, one handle per thread; None when
    the file cannot be opened again by its name."""
    from concurrent.futures import ThreadPoolExecutor

    import rasterio

    from .raster_io import per_thread

    try:
        rasterio.open(dataset.name).close()
    except Exception:
        return None

    def open_one(stack):
        handle = stack.enter_context(rasterio.open(dataset.name))
        view = on_grid(handle)
        if view is not handle:
            stack.callback(view.close)           # closed before its handle
        return view

    with per_thread(open_one) as view, \
            ThreadPoolExecutor(max_workers=min(threads, n), thread_name_prefix="landslide-sample") as pool:
        return list(pool.map(lambda i: band(view(), i), range(n)))


# A lattice sample (see lattice_windows): 256 whole blocks, of which a quarter at least must hold
# valid cells. On a 4 x 4 mosaic of the Baige area A DEM (80 megapixels, half of it nodata) its
# mean lies 0.045 standard deviations from the whole DEM's and its standard deviation 3.3 % from
# the whole DEM's (rms over 20 seeds); the terrain models' F1 on Baige moves by 0.002 or less when
# the mean shifts by 0.05 deviations or the deviation by 4 %. It costs 0.37 CPU-s there; the
# decimated read, which decodes every block (and the tiles then decode them again), 1.2.
LATTICE_WINDOWS = 256
LATTICE_MIN_SIZE = 256      # side of a lattice window: the raster's own square blocks when larger


def every_nth(step: int) -> str:
    """'every cell', 'every 2nd cell', 'every 3rd cell', 'every 4th cell', ..."""
    if step <= 1:
        return "every cell"
    suffix = "th" if 10 <= step % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(step % 10, "th")
    return f"every {step}{suffix} cell"


def sample_size(ds, on_own_grid: bool) -> int:
    """Side of the windows of a lattice sample: the raster's own square blocks when the grid is
    its own (each window then decodes exactly one block) and they are neither smaller than
    LATTICE_MIN_SIZE nor larger than 1024 cells, else LATTICE_MIN_SIZE."""
    if on_own_grid:
        bh, bw = ds.block_shapes[0]
        if bh == bw and LATTICE_MIN_SIZE <= bh <= 1024:
            return int(bh)
    return LATTICE_MIN_SIZE


def has_overviews(ds) -> bool:
    """Whether the raster has overviews (a decimated read then decodes them, not every block)."""
    try:
        return bool(ds.overviews(1))
    except Exception:
        return False


def lattice_windows(height: int, width: int, size: int, n: Optional[int] = None, seed: int = 0):
    """About ``n`` windows of ``size`` x ``size`` cells spread over a grid, for statistics that
    need not decode every block: the grid's blocks of that size are split into an ny x nx
    stratification (as square as the grid allows) and one block of each stratum is drawn, by a
    seeded generator, so the sample is the same on every run and any number of threads. Windows
    start on multiples of ``size``. None when the grid holds fewer than 2n such blocks: a
    decimated read, which decodes every block, then costs little more and is spread evenly.
    Returns (row0, col0, rows, cols) of each window; ``n`` is LATTICE_WINDOWS unless given."""
    n = LATTICE_WINDOWS if n is None else n
    rows, cols = -(-height // size), -(-width // size)
    if rows * cols < 2 * n:
        return None
    ny = max(1, min(rows, round(math.sqrt(n * rows / cols))))
    nx = max(1, min(cols, round(n / ny)))
    rng = np.random.default_rng(seed)
    out = []
    for i in range(ny):
        r_lo, r_hi = i * rows // ny, (i + 1) * rows // ny
        for j in range(nx):
            c_lo, c_hi = j * cols // nx, (j + 1) * cols // nx
            r = int(rng.integers(r_lo, max(r_lo + 1, r_hi))) * size
            c = int(rng.integers(c_lo, max(c_lo + 1, c_hi))) * size
            out.append((r, c, min(size, height - r), min(size, width - c)))
    return out


def read_lattice(dataset, on_grid, read, windows: list, threads: int = 1, whole=None) -> list:
    """``read(src, row0, col0, rows, cols)`` on every window of a lattice sample (see
    :func:`lattice_windows`), ``threads`` at once through a handle per thread as in
    :func:`read_decimated`; the results in the windows' order."""
    def one(src, i):
        return read(src, *windows[i])

    parts = None
    if threads > 1 and len(windows) > 1:
        parts = _read_bands_at_once(dataset, on_grid, one, len(windows), threads)
    if parts is None:
        parts = [one(whole, i) for i in range(len(windows))]
    return parts


def lattice_step(windows: list) -> int:
    """Every how many cells, in both directions, a lattice sample keeps: about as many cells
    as a decimated sample (SAMPLE_MAX squared) are kept."""
    from .raster_io import SAMPLE_MAX

    cells = sum(h * w for _, _, h, w in windows)
    return max(1, math.ceil(math.sqrt(cells / (SAMPLE_MAX * SAMPLE_MAX))))


def lattice_sample(dataset, on_grid, src, read, has_data, threads: int = 1, on_own_grid: bool = False):
    """A lattice sample of a large grid (``src``, from ``on_grid(dataset)``), or None where a
    decimated read is the better sample: the raster has overviews (which that read uses), the
    grid is small (see :func:`lattice_windows`), or fewer than a quarter of the lattice's
    windows hold valid cells (a raster mostly nodata, whose few valid cells a lattice would
    sample unevenly). ``read(src, row0, col0, rows, cols)`` returns a tuple of arrays whose last
    two axes are the window's; ``has_data(part)`` says whether a window's part holds a valid
    cell. Returns the parts, every ``step``-th cell kept in both directions (as copies), the
    windows and the step."""
    windows = None if has_overviews(dataset) else \
        lattice_windows(src.height, src.width, sample_size(dataset, on_own_grid))
    if not windows:
        return None
    step = lattice_step(windows)

    def one(s, r0, c0, h, w):
        part = read(s, r0, c0, h, w)
        # copies, so no view holds a whole window
        return tuple(a[..., ::step, ::step].copy() for a in part) if step > 1 else part

    parts = read_lattice(dataset, on_grid, one, windows, threads, whole=src)
    if sum(1 for p in parts if has_data(p)) < len(windows) // 4:
        return None
    return parts, windows, step


def sampled_elevation_statistics(dataset, on_grid, dem_src, out_shape: tuple, threads: int = 1,
                                 on_own_grid: bool = False) -> tuple:
    """``((count, mean, std), how)``: :func:`elevation_statistics` of the DEM on the grid for a
    grid too large to read whole. A decimated read decodes every block of a raster without
    overviews, and the tiles then decode them all again: so the statistics come from a lattice
    of whole blocks where one fits (:func:`lattice_sample`), else from the decimated read
    (:func:`decimated_elevation_statistics`). ``how`` says which, for the run's summary."""
    from rasterio.windows import Window

    got = lattice_sample(dataset, on_grid, dem_src,
                         lambda src, r0, c0, h, w: (src.read(1, window=Window(c0, r0, w, h)),),
                         lambda part: bool(np.isfinite(part[0]).any()), threads, on_own_grid)
    if got is not None:
        parts, windows, step = got
        size = max(max(h, w) for _, _, h, w in windows)
        return (elevation_statistics(np.concatenate([p[0].ravel() for p in parts])),
                f"from {len(windows)} blocks of {size} x {size} cells spread over the DEM, "
                f"{every_nth(step)} in both directions")
    stats = decimated_elevation_statistics(dataset, on_grid, dem_src, out_shape, threads)
    return stats, f"from a decimated read ({out_shape[1]} x {out_shape[0]} cells)"


def sampled_image(dataset, on_grid, src, bands, out_shape: tuple, threads: int = 1, on_own_grid: bool = False):
    """``(values, valid)``: bands ``bands`` of the image on the grid (``src``, from
    ``on_grid(dataset)``) as float32 (bands, ...) and where it has data (...), sampled for its
    statistics as :func:`sampled_elevation_statistics` samples a DEM: a lattice of whole blocks
    where one fits (:func:`lattice_sample`), else a decimated read to ``out_shape``
    (:func:`read_decimated`)."""
    bands = list(bands)
    got = lattice_sample(dataset, on_grid, src, lambda s, r0, c0, h, w: read_window(s, bands, r0, c0, h, w),
                         lambda part: bool(part[1].any()), threads, on_own_grid)
    if got is not None:
        parts = got[0]
        return (np.concatenate([v.reshape(len(bands), -1) for v, _ in parts], axis=1),
                np.concatenate([ok.ravel() for _, ok in parts]))
    width = src.width
    return read_decimated(dataset, on_grid,
                          lambda s, r0, rows, out_rows: read_window(s, bands, r0, 0, rows, width,
                                                                    out_shape=(out_rows, out_shape[1])),
                          src.height, out_shape, threads, whole=src)


def decimated_elevation_statistics(dataset, on_grid, dem_src, out_shape: tuple, threads: int = 1) -> tuple:
    """:func:`elevation_statistics` of the DEM on the grid (``dem_src``, from ``on_grid(dataset)``)
    read decimated to ``out_shape`` (see :func:`read_decimated`)."""
    from rasterio.windows import Window

    ow = out_shape[1]

    def read(src, r0, rows, out_rows):
        return (src.read(1, window=Window(0, r0, src.width, rows), out_shape=(out_rows, ow)),)

    sample, = read_decimated(dataset, on_grid, read, dem_src.height, out_shape, threads, whole=dem_src)
    return elevation_statistics(sample)


class ElevationStats(tuple):
    """``(count, mean, std)`` of a DEM's valid cells, with ``low`` and ``high``: the lowest and
    highest of them (None without any)."""

    def __new__(cls, count: int, mean, std, low=None, high=None):
        stats = super().__new__(cls, (count, mean, std))
        stats.low, stats.high = low, high
        return stats


def elevation_statistics(z: np.ndarray, valid: Optional[np.ndarray] = None) -> ElevationStats:
    """``(count, mean, std)`` of the valid cells of ``z`` (``valid``, or where ``z`` is finite);
    population std, accumulated in float64 about a reference level so elevations in the
    thousands of metres lose nothing. ``(0, None, None)`` without any valid cell. The lowest
    and highest valid cells come with them (:class:`ElevationStats`)."""
    ok = np.isfinite(z) if valid is None else valid & np.isfinite(z)
    n = int(np.count_nonzero(ok))
    if n == 0:
        return ElevationStats(0, None, None)
    level = float(z[ok][0]) if n < 16 else float(np.median(z[ok][:: max(1, n // 64)]))
    d = z.astype(np.float32) - np.float32(level)
    if n < z.size:
        d[~ok] = 0.0
    s1 = float(d.sum(dtype=np.float64))
    # the level lies between valid cells (one of them, or their median): the zeros put for the
    # others change neither end (exact within a factor of two of the level, where the float32
    # differences are; to float32 precision beyond, as for a fill value)
    low, high = float(np.float32(level)) + float(d.min()), float(np.float32(level)) + float(d.max())
    np.multiply(d, d, out=d)
    s2 = float(d.sum(dtype=np.float64))
    m1 = s1 / n
    return ElevationStats(n, level + m1, math.sqrt(max(s2 / n - m1 * m1, 0.0)), low, high)


def _fmt(b):
    return "(" + ", ".join(f"{v:.6g}" for v in b) + ")"


def _nodata_only(src) -> bool:
    """True when every band's validity is given by its own nodata value (no mask band, no alpha)."""
    from rasterio.enums import MaskFlags

    return all(list(f) == [MaskFlags.nodata] for f in src.mask_flag_enums) and None not in src.nodatavals


def _with_nan(raw: np.ndarray, nodata) -> np.ndarray:
    """``raw`` as a new float32 array with NaN where it holds the band's nodata value."""
    out = raw.astype(np.float32)
    out[~_has_data(raw, nodata)] = np.nan
    return out


def _has_data(raw: np.ndarray, nodata) -> np.ndarray:
    """True where ``raw`` differs from the band's nodata value (a NaN nodata matches NaN)."""
    if raw.dtype.kind == "f" and np.isnan(nodata):
        return ~np.isnan(raw)
    return raw != nodata


def valid_window(src, row0: int, col0: int, h: int, w: int) -> Optional[np.ndarray]:
    """Where a dataset has data in a window on its own grid (GDAL's dataset mask: any band
    valid), or None when every pixel of the raster is valid."""
    from rasterio.enums import MaskFlags
    from rasterio.windows import Window

    if all(list(f) == [MaskFlags.all_valid] for f in src.mask_flag_enums):
        return None
    win = Window(col0, row0, w, h)
    if _nodata_only(src):
        raw = src.read(window=win)          # the values, not GDAL's mask: its blocks stay decoded
        if raw.dtype.kind in "ui" and all(v == 0 for v in src.nodatavals):
            # the usual imagery (nodata 0 in every band): one pass of ORs, not a test per band
            return np.bitwise_or.reduce(raw, axis=0) != 0
        valid = np.zeros((h, w), bool)
        for i, nodata in enumerate(src.nodatavals):
            valid |= _has_data(raw[i], nodata)
        return valid
    return src.dataset_mask(window=win) > 0


def read_window(src, indexes, row0: int, col0: int, h: int, w: int,
                out_shape=None, as_stored: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Bands ``indexes`` of a window (always inside the grid) as float32 (``as_stored``: in the
    type the dataset reads them as), and where the dataset has data (GDAL's dataset mask: any
    band valid); ``out_shape`` (rows, cols) reads it decimated.

    When validity comes from the bands' nodata values alone and every band is
    read, the mask is derived from the values already read instead of asking
    GDAL for it, which would decode the same blocks again.
    """
    from rasterio.enums import MaskFlags
    from rasterio.windows import Window

    win = Window(col0, row0, w, h)
    indexes = list(indexes)
    oh, ow = out_shape or (h, w)
    kw = {"window": win} if out_shape is None else {"window": win, "out_shape": (len(indexes), oh, ow)}
    mask_kw = {"window": win} if out_shape is None else {"window": win, "out_shape": (oh, ow)}
    as_read = {} if as_stored else {"out_dtype": "float32"}
    if all(list(f) == [MaskFlags.all_valid] for f in src.mask_flag_enums):
        data = src.read(indexes, **as_read, **kw) if indexes else np.zeros((0, oh, ow), np.float32)
        return data, np.ones((oh, ow), bool)
    every = list(range(1, src.count + 1))
    if set(indexes) == set(every) and _nodata_only(src):
        # every band is read (in any order, or one of them several times): read once, in order
        raw = src.read(every, **{**kw, "out_shape": (len(every), oh, ow)} if out_shape else kw)
        valid = np.zeros((oh, ow), bool)
        for i, b in enumerate(every):
            valid |= _has_data(raw[i], src.nodatavals[b - 1])
        if indexes != every:
            raw = raw[[b - 1 for b in indexes]]
        return (raw if as_stored else raw.astype(np.float32)), valid
    valid = src.dataset_mask(**mask_kw) > 0
    data = src.read(indexes, **as_read, **kw) if indexes else np.zeros((0, oh, ow), np.float32)
    return data, valid
