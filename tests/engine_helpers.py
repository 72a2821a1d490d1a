"""Real rasters for engine tests: crops of the bundled Baige sample scene."""
from __future__ import annotations

from pathlib import Path

import numpy as np

SAMPLE = Path(__file__).resolve().parents[1] / "resources" / "sample"
RGB = SAMPLE / "baige_b_rgb.tif"
DEM = SAMPLE / "baige_b_dem.tif"


def crop(src: Path, dst: Path, row0: int, col0: int, height: int, width: int, edit=None, **profile_overrides) -> Path:
    """Write a window of ``src`` to ``dst``; ``edit(array)`` may change the pixels."""
    import rasterio
    from rasterio.windows import Window, transform

    with rasterio.open(src) as ds:
        win = Window(col0, row0, width, height)
        data = ds.read(window=win)
        profile = ds.profile.copy()
        profile.update(width=width, height=height, transform=transform(win, ds.transform))
    if edit is not None:
        data = edit(data)
    profile.update(dtype=str(data.dtype), **profile_overrides)
    with rasterio.open(dst, "w", **profile) as out:
        out.write(data)
    return dst


def reproject_dem(src: Path, dst: Path, crs: str, resolution: float) -> Path:
    """The DEM on another CRS and cell size (bilinear), as a user might have it."""
    from osgeo import gdal

    gdal.Warp(str(dst), str(src), dstSRS=crs, xRes=resolution, yRes=resolution, resampleAlg="bilinear",
              srcNodata=-9999, dstNodata=-9999, outputType=gdal.GDT_Float32)
    return dst


def read(path: Path, band: int = 1) -> np.ndarray:
    import rasterio

    with rasterio.open(path) as ds:
        return ds.read(band)
