"""Terrain features and spectral indices written as a multi-band GeoTIFF, window by window.

The values are exactly those the models see: every band is computed by
``plugin.engine.features`` (the code training uses too). Rasters are
streamed: each window is read with a one-pixel halo (the widest stencil of
the terrain features), so the result equals computing on the whole raster at
once, while memory depends on the window size only.

The output grid is the image's when an image is given (the DEM is aligned to
it, bilinear), else the DEM's.
"""
from __future__ import annotations

import math
import os
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional, Sequence

import numpy as np

from . import features as F
from .errors import Cancelled, InputError
from .align import Grid, dem_on_grid, pixel_size_m
from .outputs import written_with_rasterio
from .raster_io import as_source, open_raster, source_label

HALO = 1                                   # widest neighbourhood of any DEM feature
BAND_ROLES = ("red", "green", "blue", "nir", "swir1")
VISIBLE = ("red", "green", "blue")          # brightness: mean of these, as the models use it
NODATA = float("nan")


@dataclass
class FeatureRasterResult:
    path: Path
    bands: list                             # feature name of each output band, in order
    width: int
    height: int
    elev_mean: Optional[float] = None
    elev_std: Optional[float] = None
    seconds: float = 0.0
    warnings: list = field(default_factory=list)


def index_roles_needed(name: str) -> tuple:
    return F.INDEX_ROLES[name]


def check_request(feature_names: Sequence[str], has_image: bool, has_dem: bool,
                  band_map: dict) -> list[str]:
    """Problems with a feature request, as messages that say what to fix (empty: fine)."""
    problems = []
    if not feature_names:
        problems.append("no feature was chosen: pick at least one terrain feature or spectral index")
    for name in feature_names:
        if name in F.DEM_FEATURES:
            if not has_dem:
                problems.append(f"'{name}' is computed from a DEM: give a DEM or drop '{name}'")
        elif name in F.INDEX_FEATURES:
            if not has_image:
                problems.append(f"'{name}' is computed from image bands: give an image or drop '{name}'")
                continue
            missing = [r for r in F.INDEX_ROLES[name] if not band_map.get(r)]
            if name == "brightness" and not any(band_map.get(r) for r in VISIBLE):
                missing = ["at least one of red, green, blue"]
            if missing:
                problems.append(f"'{name}' needs the image band(s) for {', '.join(missing)}: "
                                f"say which band holds each, or drop '{name}'")
        else:
            problems.append(f"unknown feature '{name}' (known: "
                            f"{', '.join(F.DEM_FEATURES + F.INDEX_FEATURES)})")
    return problems


def _pixel_size_m(src) -> tuple:
    """Cell width and height in metres, as detection computes them (degrees converted)."""
    return pixel_size_m(src.crs, src.transform, src.height, src.width)


def _open(path, role: str):
    """rasterio dataset with the engine's messages for missing/unreadable/CRS-less files."""
    return open_raster(path, role)


def _windows(width: int, height: int, size: int):
    from rasterio.windows import Window

    for row in range(0, height, size):
        for col in range(0, width, size):
            yield Window(col, row, min(size, width - col), min(size, height - row))


def _with_halo(win, width: int, height: int):
    """The window grown by HALO pixels (clipped to the raster) and the slice back to ``win``."""
    from rasterio.windows import Window

    c0, r0 = max(0, win.col_off - HALO), max(0, win.row_off - HALO)
    c1 = min(width, win.col_off + win.width + HALO)
    r1 = min(height, win.row_off + win.height + HALO)
    inner = (slice(win.row_off - r0, win.row_off - r0 + win.height),
             slice(win.col_off - c0, win.col_off - c0 + win.width))
    return Window(c0, r0, c1 - c0, r1 - r0), inner


def _read_float(src, win, indexes, role: str, path) -> np.ndarray:
    """Bands as float32 with NaN where the raster has nodata (or its mask says invalid); a read
    that fails names the ``role`` input at ``path``."""
    from .raster_io import reading

    with reading(role, path):
        data = src.read(indexes, window=win, out_dtype="float32")
        masks = src.read_masks(indexes, window=win)
    data[masks == 0] = np.nan
    return data


def _open_dem_on_grid(dem_path: Path, grid_ds):
    """The DEM on ``grid_ds``'s pixel grid (bilinear, NaN nodata), or the DEM itself without a grid.

    Uses the engine's alignment, so these features and a detection see the
    same aligned DEM. Returns ``(dataset, handles to close)``.
    """
    dem = _open(dem_path, "DEM")
    if grid_ds is None:
        return dem, [dem]
    try:
        view = dem_on_grid(dem, Grid(grid_ds.crs, grid_ds.transform, grid_ds.width, grid_ds.height),
                           source_label(dem_path), source_label(grid_ds.name))
    except Exception:
        dem.close()
        raise
    return view, [view, dem]


def _elevation_stats(dem_ds, window_px: int, cancel, dem_path) -> tuple[float, float, int]:
    """Mean and standard deviation of the valid elevations (streamed, float64 sums)."""
    total, total_sq, count = 0.0, 0.0, 0
    shift = None                                   # subtract a reference: stable variance
    for win in _windows(dem_ds.width, dem_ds.height, window_px):
        if cancel and cancel():
            raise Cancelled("feature computation cancelled")
        z = _read_float(dem_ds, win, 1, "DEM", dem_path)
        v = z[np.isfinite(z)].astype(np.float64)
        if v.size == 0:
            continue
        if shift is None:
            shift = float(v.mean())
        v -= shift
        total += float(v.sum())
        total_sq += float((v * v).sum())
        count += v.size
    if count == 0:
        return float("nan"), float("nan"), 0
    mean = total / count
    var = max(total_sq / count - mean * mean, 0.0)
    return mean + shift, math.sqrt(var), count


def write_feature_raster(out_path, feature_names: Sequence[str], *, dem=None, image=None,
                         band_map: Optional[dict] = None, window_px: int = 512,
                         progress: Optional[Callable[[float, str], None]] = None,
                         cancel: Optional[Callable[[], bool]] = None) -> FeatureRasterResult:
    """Write ``feature_names`` (in that order, one band each) to the GeoTIFF ``out_path``.

    ``dem``/``image`` are raster paths; ``band_map`` maps band roles
    (``red``, ``green``, ``blue``, ``nir``, ``swir1``) to 1-based image band
    numbers. Output: float32, NaN nodata, band descriptions = feature names.
    Written to a staging name and renamed, so a cancelled or failed run
    leaves no file that looks finished. Raises InputError with the fix for
    unusable inputs, Cancelled when ``cancel()`` turns True.
    """
    import time

    import rasterio

    started = time.perf_counter()
    band_map = {k: int(v) for k, v in (band_map or {}).items() if v}
    names = list(feature_names)
    problems = check_request(names, image is not None, dem is not None, band_map)
    if problems:
        raise InputError("Cannot compute the features: " + "; ".join(problems) + ".")
    out_path = Path(out_path)
    opened = []
    try:
        img = _open(image, "image") if image is not None else None
        if img is not None:
            opened.append(img)
            too_high = {r: b for r, b in band_map.items() if b > img.count}
            if too_high:
                raise InputError(f"The image {image} has {img.count} band(s) but the band mapping asks for "
                                 + ", ".join(f"{r} = band {b}" for r, b in too_high.items())
                                 + ": choose bands between 1 and " + str(img.count) + ".")
        dem_ds = None
        if dem is not None:
            dem_ds, handles = _open_dem_on_grid(as_source(dem), img)
            opened.extend(reversed(handles))
        grid = img if img is not None else dem_ds
        width, height = grid.width, grid.height

        ctx = None
        warnings = []
        wants_dem = [n for n in names if n in F.DEM_FEATURES]
        if wants_dem:
            mean, std, count = (_elevation_stats(dem_ds, window_px, cancel, dem) if "elevation_norm" in names
                                else (0.0, 1.0, 1))
            if count == 0:
                raise InputError(f"The DEM {dem} has no valid elevation over the "
                                 f"{'image' if img is not None else 'raster'} area: check that the DEM "
                                 "covers the image and that its nodata value is right.")
            ctx = F.DemContext(pixel_size_m=_pixel_size_m(grid), elev_mean=mean, elev_std=std)
        roles = sorted({r for n in names if n in F.INDEX_FEATURES
                        for r in (F.INDEX_ROLES[n] or [k for k in VISIBLE if k in band_map])})

        profile = dict(driver="GTiff", width=width, height=height, count=len(names), dtype="float32",
                       crs=grid.crs, transform=grid.transform, nodata=NODATA, tiled=True,
                       blockxsize=256, blockysize=256, compress="deflate", predictor=3,
                       BIGTIFF="IF_SAFER")
        out_path.parent.mkdir(parents=True, exist_ok=True)
        tmp = out_path.with_name(f".{out_path.stem}.partial-{uuid.uuid4().hex[:8]}{out_path.suffix or '.tif'}")
        wins = list(_windows(width, height, window_px))
        try:
            with written_with_rasterio(out_path, tmp):
                with rasterio.open(tmp, "w", **profile) as dst:
                    for i, name in enumerate(names, start=1):
                        dst.set_band_description(i, name)
                    for k, win in enumerate(wins):
                        if cancel and cancel():
                            raise Cancelled("feature computation cancelled; no output was written")
                        out = np.full((len(names), win.height, win.width), np.nan, dtype=np.float32)
                        if wants_dem:
                            big, inner = _with_halo(win, width, height)
                            z = _read_float(dem_ds, big, 1, "DEM", dem)
                            terrain = F.dem_features([n for n in names if n in F.DEM_FEATURES], z, ctx)
                            for i, name in enumerate(names):
                                if name in terrain:
                                    out[i] = terrain[name][inner]
                        if roles:
                            idx = [band_map[r] for r in roles]
                            data = _read_float(img, win, idx, "image", image)
                            bands = {r: data[j] for j, r in enumerate(roles)}
                            for i, name in enumerate(names):
                                if name in F.INDEX_FEATURES:
                                    use = bands if F.INDEX_ROLES[name] else {
                                        r: bands[r] for r in VISIBLE if r in band_map}
                                    out[i] = F.spectral_index(name, use)
                        dst.write(out, window=win)
                        if progress:
                            progress(100.0 * (k + 1) / len(wins), f"features: window {k + 1} of {len(wins)}")
            os.replace(tmp, out_path)
        finally:
            if tmp.exists():
                tmp.unlink()
    finally:
        for ds in opened:
            ds.close()
    return FeatureRasterResult(path=out_path, bands=names, width=width, height=height,
                               # only measured for elevation_norm (1 m and 0 stand in otherwise)
                               elev_mean=ctx.elev_mean if ctx and "elevation_norm" in names else None,
                               elev_std=ctx.elev_std if ctx and "elevation_norm" in names else None,
                               seconds=time.perf_counter() - started, warnings=warnings)
