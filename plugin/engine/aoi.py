"""Area of interest: a bounding box in any CRS, or polygons from a vector file."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import numpy as np

from .errors import InputError


@dataclass
class AoiMask:
    """Polygons in the working grid's CRS, rasterised per window on demand."""
    geometries: list           # GeoJSON-like dicts in the grid CRS
    bounds: tuple              # (xmin, ymin, xmax, ymax) in the grid CRS
    description: str

    def window_mask(self, transform, height: int, width: int) -> np.ndarray:
        """True inside the area for a window with this affine transform."""
        from rasterio.features import rasterize

        if not self.geometries:
            return np.zeros((height, width), bool)
        return rasterize([(g, 1) for g in self.geometries], out_shape=(height, width),
                         transform=transform, fill=0, dtype="uint8", all_touched=False).astype(bool)


def load_aoi(aoi, grid_crs, grid_bounds) -> Optional[AoiMask]:
    """The request's AreaOfInterest in the grid CRS; InputError if it misses the image."""
    if aoi is None:
        return None
    from rasterio.crs import CRS
    from rasterio.warp import transform_geom

    if aoi.bbox is not None:
        try:
            src_crs = CRS.from_user_input(aoi.crs) if aoi.crs else grid_crs
        except Exception as exc:
            raise InputError(f"The area of interest CRS '{aoi.crs}' is not understood ({exc}). "
                             "Give an EPSG code such as EPSG:4326.") from exc
        xmin, ymin, xmax, ymax = (float(v) for v in aoi.bbox)
        if not (xmax > xmin and ymax > ymin):
            raise InputError(f"The area of interest box {aoi.bbox} is empty: give xmin ymin xmax ymax "
                             "with xmax > xmin and ymax > ymin.")
        ring = [(xmin, ymin), (xmax, ymin), (xmax, ymax), (xmin, ymax), (xmin, ymin)]
        geoms = [{"type": "Polygon", "coordinates": [ring]}]
        # Densify so a box in another CRS keeps its true (curved) outline.
        try:
            geoms = [transform_geom(src_crs, grid_crs, g, precision=-1) if src_crs != grid_crs else g
                     for g in _densify(geoms, src_crs, grid_crs)]
        except Exception as exc:
            raise InputError(f"The area of interest box {aoi.bbox} ({src_crs.to_string()}) cannot be placed in "
                             f"the image CRS {grid_crs.to_string()}: it lies outside the image ({exc}). "
                             "Check the coordinates and their CRS.") from exc
        desc = f"box {xmin:g},{ymin:g},{xmax:g},{ymax:g} ({src_crs.to_string()})"
    else:
        geoms, src_name = _read_vector(aoi.vector, aoi.layer, aoi.feature_ids, grid_crs)
        desc = src_name
    bounds = _bounds(geoms)
    gx0, gy0, gx1, gy1 = grid_bounds
    if bounds is None or bounds[0] >= gx1 or bounds[2] <= gx0 or bounds[1] >= gy1 or bounds[3] <= gy0:
        raise InputError(f"The area of interest ({desc}) lies outside the image. Draw or choose an "
                         "area that overlaps the image, or check its CRS.")
    return AoiMask(geoms, bounds, desc)


def _densify(geoms, src, dst, n=16):
    if src == dst:
        return geoms
    out = []
    for g in geoms:
        ring = g["coordinates"][0]
        dense = []
        for (x0, y0), (x1, y1) in zip(ring[:-1], ring[1:]):
            for k in range(n):
                dense.append((x0 + (x1 - x0) * k / n, y0 + (y1 - y0) * k / n))
        dense.append(ring[0])
        out.append({"type": "Polygon", "coordinates": [dense]})
    return out


def _read_vector(path, layer, feature_ids, grid_crs):
    from osgeo import ogr, osr

    from .raster_io import as_source, source_label

    path = as_source(path)          # a file, or a GDAL name kept as text (a Shapefile inside a zip)
    label = source_label(path)
    if isinstance(path, Path) and not path.exists():
        raise InputError(f"The area of interest file {path} does not exist. Check the path.")
    try:
        ds = ogr.Open(str(path))        # None, or RuntimeError where exceptions are switched on
    except RuntimeError:
        ds = None
    if ds is None:
        raise InputError(f"The area of interest {label} cannot be read as a vector file. "
                         "Give a GeoPackage, Shapefile or GeoJSON with polygons.")
    try:
        lyr = ds.GetLayerByName(layer) if layer else ds.GetLayer(0)
    except RuntimeError:
        lyr = None
    if lyr is None:
        names = [ds.GetLayer(i).GetName() for i in range(ds.GetLayerCount())]
        raise InputError(f"The area of interest {label} has no layer '{layer}'. "
                         + (f"Its layers: {', '.join(repr(n) for n in names)}; give one of them as the layer name."
                            if names else "It has no layers at all: give a file with polygons."))
    src_srs = lyr.GetSpatialRef()
    dst_srs = osr.SpatialReference()
    dst_srs.ImportFromWkt(grid_crs.to_wkt())
    dst_srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    ct = None
    if src_srs is not None:
        src_srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        if not src_srs.IsSame(dst_srs):
            ct = osr.CoordinateTransformation(src_srs, dst_srs)
    wanted = set(int(i) for i in feature_ids) if feature_ids is not None else None
    geoms = []
    import json

    for feat in lyr:
        if wanted is not None and feat.GetFID() not in wanted:
            continue
        g = feat.GetGeometryRef()
        if g is None:
            continue
        g = g.Clone()
        if ct is not None:
            g.Transform(ct)
        if g.GetGeometryType() not in (ogr.wkbPolygon, ogr.wkbMultiPolygon, ogr.wkbPolygon25D,
                                       ogr.wkbMultiPolygon25D, ogr.wkbCurvePolygon, ogr.wkbMultiSurface):
            continue
        geoms.append(json.loads(g.ExportToJson()))
    if not geoms:
        what = f"the selected features {sorted(wanted)}" if wanted is not None else "any polygon"
        raise InputError(f"The area of interest {label} has no usable polygons ({what} not found). "
                         "Give a polygon layer or check the feature selection.")
    name = f"{label}" + (f" layer {layer}" if layer else "") + (f" features {sorted(wanted)}" if wanted else "")
    return geoms, name


def _bounds(geoms):
    xs, ys = [], []

    def walk(c):
        if isinstance(c[0], (int, float)):
            xs.append(c[0])
            ys.append(c[1])
        else:
            for sub in c:
                walk(sub)

    for g in geoms:
        walk(g["coordinates"])
    if not xs:
        return None
    return (min(xs), min(ys), max(xs), max(ys))
