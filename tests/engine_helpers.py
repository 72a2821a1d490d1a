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


def size_limit(max_bytes):
    """A ``preexec_fn`` for a child process that may write files of ``max_bytes`` at most (a full
    disk or a quota, as a write sees it: the write past the limit fails, instead of the signal
    killing the process); None: no limit."""
    import resource
    import signal

    def limit():
        if max_bytes is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (max_bytes, max_bytes))

    return limit


def read(path: Path, band: int = 1) -> np.ndarray:
    import rasterio

    with rasterio.open(path) as ds:
        return ds.read(band)


def zipped(archive: Path, *files: Path, folder: str = "") -> Path:
    """The files in one zip archive (inside ``folder`` there), as scenes are often downloaded."""
    import zipfile

    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        for f in files:
            z.write(f, arcname=f"{folder}/{f.name}" if folder else f.name)
    return archive


def footprint(image: Path, path: Path, driver: str = "ESRI Shapefile", quarter: bool = False) -> Path:
    """A vector file with one polygon in layer ``path.stem``: ``image``'s footprint in its CRS, or
    with ``quarter`` the north-west quarter of it."""
    import rasterio
    from osgeo import ogr, osr

    with rasterio.open(image) as ds:
        b, wkt = ds.bounds, ds.crs.to_wkt()
    right = (b.left + b.right) / 2 if quarter else b.right
    bottom = (b.bottom + b.top) / 2 if quarter else b.bottom
    srs = osr.SpatialReference()
    srs.ImportFromWkt(wkt)
    out = ogr.GetDriverByName(driver).CreateDataSource(str(path))
    layer = out.CreateLayer(path.stem, srs, ogr.wkbPolygon)
    f = ogr.Feature(layer.GetLayerDefn())
    f.SetGeometry(ogr.CreateGeometryFromWkt(f"POLYGON(({b.left} {bottom},{right} {bottom},{right} {b.top},"
                                            f"{b.left} {b.top},{b.left} {bottom}))"))
    layer.CreateFeature(f)
    f = layer = out = None
    return path


def recording_feedback():
    """A Processing feedback that keeps the log's info lines (``.lines``) as well as passing them on."""
    from qgis.core import QgsProcessingFeedback

    class Recording(QgsProcessingFeedback):
        def __init__(self):
            super().__init__()
            self.lines = []

        def pushInfo(self, info):  # noqa: N802 (QGIS API)
            self.lines.append(info)
            super().pushInfo(info)

    return Recording()
