"""Landslide mask raster to editable polygons (GeoPackage), with measures and
zonal statistics the analyst reviews.

- Landslide pixels are those equal to 1 (0 not landslide, 255 nodata), grouped
  8-connected: pixels touching at a corner belong to the same landslide, so
  one feature per landslide (a MultiPolygon where parts touch only at a
  corner). Holes are kept.
- GDAL's polygonizer reads the raster line by line; the binary copy it reads
  is written window by window, so memory grows with the number of polygons,
  never with the raster.
- ``area_m2`` and ``perimeter_m`` are ground measures on the ellipsoid,
  computed on a Lambert azimuthal equal-area projection centred on the
  raster: areas are exact, perimeters within 0.1 % across hundreds of km,
  whatever the raster's CRS (degrees, Web Mercator, UTM). In UTM they differ
  from grid measures by the projection's scale factor (about 0.1 %).
- Processing order: fill small holes, smooth, simplify (topology
  preserving), drop polygons below the minimum area, measure, zonal stats.
  Hole size, tolerance and minimum area are all in metres / square metres,
  also for a geographic CRS (done in the equal-area frame there).
- Zonal statistics use the pixels whose centre falls inside the final
  polygon (all touched pixels for slivers that contain no centre), read
  only within the polygon's window.
- GDAL's block cache is held to what one row of blocks needs while it runs
  (see :func:`_cache_bytes`): everything is read and written in raster
  order, and a cache left at GDAL's default (5 % of the memory) only fills
  up with blocks never read again.
"""
from __future__ import annotations

import contextlib
import math
import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterator, List, Optional

import numpy as np

from .errors import Cancelled, InputError, LandslideMapperError
from .outputs import CACHE_MIN, failed_output
from .raster_io import as_source, closing_failures, gdal_failures, source_file, source_label

STATUS_VALUES = ("unreviewed", "confirmed", "rejected")
ProgressCallback = Callable[[float, str], None]
CancelCheck = Callable[[], bool]


@dataclass
class VectorizeResult:
    count: int
    total_area_m2: float


def vectorize_mask(mask_path, out_path, *, probability_path=None, uncertainty_path=None,
                   slope_path=None, min_area_m2: float = 0.0, simplify_m: float = 0.0,
                   smooth: bool = False, fill_holes_m2: float = 0.0, model: str = "",
                   layer_name: str = "landslides", progress: Optional[ProgressCallback] = None,
                   cancel: Optional[CancelCheck] = None) -> VectorizeResult:
    """Write one polygon per landslide of ``mask_path`` into the GeoPackage ``out_path``.

    The output appears only when complete (written under a staging name,
    renamed at the end); an existing file of that name is replaced. Raises
    InputError for unusable inputs or parameters, Cancelled when ``cancel()``
    turns true.
    """
    import rasterio

    from .raster_io import gdal_exceptions

    # One rasterio environment for the whole run (else every windowed read and rasterisation of
    # the zonal statistics starts one of its own), and GDAL errors as exceptions while it runs.
    with gdal_exceptions(), rasterio.Env():
        return _vectorize_mask(mask_path, out_path, probability_path, uncertainty_path, slope_path,
                               min_area_m2, simplify_m, smooth, fill_holes_m2, model, layer_name,
                               progress, cancel)


def _vectorize_mask(mask_path, out_path, probability_path, uncertainty_path, slope_path, min_area_m2,
                    simplify_m, smooth, fill_holes_m2, model, layer_name, progress, cancel) -> VectorizeResult:
    # the rasters are files, or GDAL dataset names kept as text (a raster inside a zip archive)
    mask_path, out_path = as_source(mask_path), Path(out_path)
    _check_params(min_area_m2, simplify_m, fill_holes_m2, layer_name)
    files = [source_file(p) for p in (mask_path, probability_path, uncertainty_path, slope_path) if p]
    for p in files:
        if p is not None and p.resolve() == out_path.resolve():
            raise InputError(f"The output {out_path} is one of the inputs; choose another output file name.")
    grid = _open_mask(mask_path)
    zonal = [(name, _ZonalSource(as_source(p), name)) for name, p in
             (("prob", probability_path), ("uncertainty", uncertainty_path), ("slope", slope_path)) if p]
    out_dir = out_path.parent if str(out_path.parent) else Path(".")
    if not out_dir.is_dir():
        raise InputError(f"The output folder {out_dir} does not exist; create it or choose another.")
    try:
        work = Path(tempfile.mkdtemp(prefix=f".{out_path.stem}.partial-", dir=out_dir))
    except OSError as e:
        raise InputError(f"Cannot write into {out_dir} ({e.strerror}); choose a writable output folder.") from e
    progress = progress or (lambda pct, msg: None)
    cancel = cancel or (lambda: False)
    failures: list = []            # bound again by gdal_failures below
    try:
        with gdal_failures() as failures, contextlib.ExitStack() as stack:
            stack.enter_context(_cache_held(_cache_bytes(grid.width)))
            for _, z in zonal:
                stack.enter_context(z)
            binary = work / "landslide.tif"
            _write_binary(mask_path, binary, cancel)
            progress(10.0, "Tracing landslide outlines")
            raw = _polygonize(binary, grid, work / "raw.gpkg", cancel)
            staging = work / ("out" + (out_path.suffix or ".gpkg"))
            result = _write_layer(raw, staging, grid, zonal, layer_name, model, min_area_m2, simplify_m,
                                  smooth, fill_holes_m2, progress, cancel)
        os.replace(staging, out_path)
    except LandslideMapperError:
        raise
    except (RuntimeError, OSError) as exc:      # GDAL's failure (as an exception) or the system's
        # an output problem only when the folder takes no more data now; else (a geometry GEOS
        # refused, say) the failure is passed on as it is. GDAL's own words come with its
        # exception (with exceptions on, the handler sees none).
        error = failed_output(out_path, work, failures + ([str(exc)] if isinstance(exc, RuntimeError) else []))
        if error is None:
            raise
        raise error from exc
    finally:
        shutil.rmtree(work, ignore_errors=True)
    progress(100.0, f"{result.count} landslide polygons written")
    return result


# ---------------------------------------------------------------- inputs

@dataclass
class _Grid:
    wkt: str
    transform: tuple        # GDAL geotransform
    width: int
    height: int
    geographic: bool
    units_to_m: float       # projected CRS: linear unit in metres


def _check_params(min_area_m2, simplify_m, fill_holes_m2, layer_name) -> None:
    for name, v in (("minimum area", min_area_m2), ("simplification tolerance", simplify_m),
                    ("hole size to fill", fill_holes_m2)):
        if not (isinstance(v, (int, float)) and math.isfinite(v) and v >= 0):
            raise InputError(f"The {name} must be a number >= 0, got {v!r}.")
    if not layer_name or not str(layer_name).strip():
        raise InputError("The layer name must not be empty.")


def _open_mask(path) -> _Grid:
    from osgeo import gdal, osr

    if isinstance(path, Path) and not path.is_file():
        raise InputError(f"The mask raster {path} does not exist; give the mask.tif of a detection run.")
    try:
        ds = gdal.Open(str(path))
    except RuntimeError as e:
        raise InputError(f"Cannot read the mask raster {path}: {e}. Give a GeoTIFF or another GDAL raster.") from e
    if ds.RasterCount != 1:
        raise InputError(f"The mask raster {path} has {ds.RasterCount} bands; a landslide mask has one "
                         "(1 landslide, 0 not, 255 nodata).")
    wkt = ds.GetProjection()
    if not wkt:
        raise InputError(f"The mask raster {path} has no coordinate reference system; assign one "
                         "(Raster > Projections > Assign Projection) and run again.")
    srs = osr.SpatialReference(wkt=wkt)
    gt = ds.GetGeoTransform()
    if gt[2] or gt[4]:
        raise InputError(f"The mask raster {path} is rotated; warp it to a north-up grid first.")
    geographic = bool(srs.IsGeographic())
    units = 1.0 if geographic else (srs.GetLinearUnits() or 1.0)
    return _Grid(wkt, gt, ds.RasterXSize, ds.RasterYSize, geographic, units)


def _cache_bytes(width: int) -> int:
    """GDAL's block cache while vectorising a raster ``width`` pixels wide: a row of 256-row
    float32 blocks (the widest that is read, a probability), at least CACHE_MIN, and never more
    than the cache already is. On a 27,648 x 26,112 mask with its probability this keeps the
    peak at about 190 MB, against 1.36 GB under GDAL's default cache (5 % of 24 GB), and
    takes no longer."""
    from osgeo import gdal

    return int(min(gdal.GetCacheMax(), max(CACHE_MIN, 4 * 256 * int(width))))


@contextlib.contextmanager
def _cache_held(nbytes: int):
    """GDAL's block cache at ``nbytes`` inside the block, and back to what it was after it. Set
    and put back here, not through a rasterio environment: one nested in an environment that
    does not name the cache leaves it at the smaller size when it ends."""
    from osgeo import gdal

    before = gdal.GetCacheMax()
    gdal.SetCacheMax(int(nbytes))
    try:
        yield
    finally:
        gdal.SetCacheMax(before)


def _windows(width: int, height: int, rows: int = 512) -> Iterator[tuple]:
    for y in range(0, height, rows):
        yield 0, y, width, min(rows, height - y)


def _write_binary(src, dst: Path, cancel: CancelCheck) -> None:
    """A 0/1 copy of the mask (1 = landslide), written strip by strip."""
    from osgeo import gdal

    ds = gdal.Open(str(src))
    band = ds.GetRasterBand(1)
    out = gdal.GetDriverByName("GTiff").Create(str(dst), ds.RasterXSize, ds.RasterYSize, 1, gdal.GDT_Byte,
                                               ["COMPRESS=DEFLATE", "TILED=YES", "SPARSE_OK=TRUE"])
    try:
        out.SetGeoTransform(ds.GetGeoTransform())
        out.SetProjection(ds.GetProjection())
        ob = out.GetRasterBand(1)
        nodata = band.GetNoDataValue()
        for x, y, w, h in _windows(ds.RasterXSize, ds.RasterYSize):
            if cancel():
                raise Cancelled("Vectorising was cancelled; no polygon file was written.")
            a = band.ReadAsArray(x, y, w, h)
            other = (a != 0) & (a != 1)
            if a.dtype.kind == "f":
                other &= ~np.isnan(a)
            if nodata is not None:
                other &= a != nodata
            if other.any():             # a probability or elevation raster: no polygons would come
                raise InputError(
                    f"The mask raster {source_label(src)} holds values other than 0 and 1 (such as "
                    f"{a[other].flat[0]:g}): it is not a landslide mask (1 landslide, 0 not, nodata elsewhere). "
                    "Give a detection's mask.tif, or make a mask from a probability raster with a threshold "
                    "first (Raster Calculator: probability >= 0.5).")
            keep = a == 1
            if nodata is not None and nodata == 1:
                keep[:] = False
            ob.WriteArray(keep.astype(np.uint8), x, y)
        out.FlushCache()
    finally:
        ob = band = None
        with closing_failures() as failed:
            out = None          # closes the file
    if failed:                  # reached only when all went well: see raster_io.closing_failures
        raise RuntimeError(failed[0])


def _polygonize(binary: Path, grid: _Grid, dst: Path, cancel: CancelCheck):
    from osgeo import gdal, ogr, osr

    ds = gdal.Open(str(binary))
    band = ds.GetRasterBand(1)
    out = gdal.GetDriverByName("GPKG").Create(str(dst), 0, 0, 0, gdal.GDT_Unknown)
    srs = osr.SpatialReference(wkt=grid.wkt)
    layer = out.CreateLayer("raw", srs=srs, geom_type=ogr.wkbPolygon)
    layer.CreateField(ogr.FieldDefn("v", ogr.OFTInteger))

    def _cb(done, msg, data):   # GDAL progress: return 0 to stop
        return 0 if cancel() else 1

    try:
        layer.StartTransaction()
        try:
            # The band is its own mask: only landslide (non-zero) pixels become polygons.
            gdal.Polygonize(band, band, layer, 0, ["8CONNECTED=8"], callback=_cb)
        except RuntimeError:
            if cancel():
                raise Cancelled("Vectorising was cancelled; no polygon file was written.")
            raise
        layer.CommitTransaction()
        out.FlushCache()        # the spatial index is written here: a failure raises, not on closing
    finally:
        layer = band = None
        with closing_failures() as failed:
            out = None          # closes the file
    if failed:
        raise RuntimeError(failed[0])
    return dst


# ---------------------------------------------------------------- geometry

class _Frames:
    """Coordinate transformations between the raster CRS and the measuring frame."""

    def __init__(self, grid: _Grid):
        from osgeo import osr

        self.grid = grid
        src = osr.SpatialReference(wkt=grid.wkt)
        src.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        cx = grid.transform[0] + grid.transform[1] * grid.width / 2
        cy = grid.transform[3] + grid.transform[5] * grid.height / 2
        geo = src.CloneGeogCS()
        geo.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        lon, lat, _ = osr.CoordinateTransformation(src, geo).TransformPoint(cx, cy)
        laea = osr.SpatialReference()
        laea.ImportFromProj4(f"+proj=laea +lat_0={lat} +lon_0={lon} +x_0=0 +y_0=0 "
                             f"+{_ellps_param(geo)} +units=m +no_defs")
        laea.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        self.to_m = osr.CoordinateTransformation(src, laea)
        self.from_m = osr.CoordinateTransformation(laea, src)
        # ground size of one pixel at the centre (the smoothing scale)
        x0, y0, _ = self.to_m.TransformPoint(cx, cy)
        x1, _, _ = self.to_m.TransformPoint(cx + grid.transform[1], cy)
        _, y1, _ = self.to_m.TransformPoint(cx, cy + grid.transform[5])
        self.pixel_m = max(abs(x1 - x0), abs(y1 - y0))

    def measured(self, geom):
        g = geom.Clone()
        g.Transform(self.to_m)
        return g


def _ellps_param(geo) -> str:
    a = geo.GetSemiMajor()
    inv_f = geo.GetInvFlattening()
    return f"a={a} +rf={inv_f}" if inv_f else f"R={a}"


def _ring_area(ring) -> float:
    from osgeo import ogr

    poly = ogr.Geometry(ogr.wkbPolygon)
    poly.AddGeometry(ring)
    return poly.GetArea()


def _polygons(geom) -> List:
    """The polygons of any geometry, as independent copies (a child reference
    dies with its parent, which may be a temporary)."""
    from osgeo import ogr

    t = ogr.GT_Flatten(geom.GetGeometryType())
    if t == ogr.wkbPolygon:
        return [geom.Clone()]
    if t in (ogr.wkbMultiPolygon, ogr.wkbGeometryCollection):
        out = []
        for i in range(geom.GetGeometryCount()):
            out.extend(_polygons(geom.GetGeometryRef(i)))
        return out
    return []


def _as_multipolygon(geom):
    from osgeo import ogr

    multi = ogr.Geometry(ogr.wkbMultiPolygon)
    for p in _polygons(geom):
        if p.GetArea() > 0:
            multi.AddGeometry(p)
    return multi


def _fill_holes(poly, min_hole_area: float, area_of_ring):
    from osgeo import ogr

    out = ogr.Geometry(ogr.wkbPolygon)
    out.AddGeometry(poly.GetGeometryRef(0).Clone())
    for i in range(1, poly.GetGeometryCount()):
        ring = poly.GetGeometryRef(i)
        if area_of_ring(ring) >= min_hole_area:
            out.AddGeometry(ring.Clone())
    return out


def _chaikin_ring(ring, max_cut: float, iterations: int = 2):
    """Corner cutting: each corner is replaced by two points on its edges, a
    quarter of the edge away but never more than ``max_cut`` (about a pixel),
    so pixel staircases turn smooth while long straight edges keep their
    corners nearly where they were."""
    from osgeo import ogr

    pts = np.array(ring.GetPoints(), dtype=np.float64)[:, :2]
    if len(pts) and np.allclose(pts[0], pts[-1]):
        pts = pts[:-1]
    if len(pts) < 3:
        return ring.Clone()
    for _ in range(iterations):
        nxt = np.roll(pts, -1, axis=0)
        edge = nxt - pts
        length = np.hypot(edge[:, 0], edge[:, 1])[:, None]
        frac = np.minimum(0.25, max_cut / np.maximum(length, 1e-300))
        q = pts + frac * edge
        r = nxt - frac * edge
        pts = np.empty((2 * len(q), 2))
        pts[0::2], pts[1::2] = q, r
    out = ogr.Geometry(ogr.wkbLinearRing)
    for x, y in pts:
        out.AddPoint_2D(float(x), float(y))
    out.AddPoint_2D(float(pts[0, 0]), float(pts[0, 1]))
    return out


def _smooth(poly, max_cut: float):
    from osgeo import ogr

    out = ogr.Geometry(ogr.wkbPolygon)
    for i in range(poly.GetGeometryCount()):
        out.AddGeometry(_chaikin_ring(poly.GetGeometryRef(i), max_cut))
    return out


def _valid(geom):
    if geom.IsValid():
        return geom
    fixed = geom.MakeValid()
    return fixed if fixed is not None else geom.Buffer(0)


def _shape(geom, frames: _Frames, min_area_m2, simplify_m, smooth, fill_holes_m2):
    """Final geometry (raster CRS, MultiPolygon) and its measured copy, or None when dropped."""
    grid = frames.grid
    # Geographic rasters are reshaped in the metric frame so that tolerances are metres.
    work_in_m = grid.geographic and (simplify_m > 0 or smooth or fill_holes_m2 > 0)
    g = geom.Clone()
    if work_in_m:
        g.Transform(frames.to_m)
        scale = 1.0
    else:
        scale = grid.units_to_m
    polys = _polygons(_valid(g))
    if fill_holes_m2 > 0:
        polys = [_fill_holes(p, fill_holes_m2, lambda r: _ring_area(r) * scale * scale) for p in polys]
    if smooth:
        polys = [_smooth(p, frames.pixel_m / scale) for p in polys]
    multi = _valid(_as_multipolygon_list(polys))
    if simplify_m > 0:
        multi = _valid(multi.SimplifyPreserveTopology(simplify_m / scale))
    if work_in_m:
        multi.Transform(frames.from_m)
        multi = _valid(multi)
    multi = _as_multipolygon(multi)
    if multi.IsEmpty():
        return None
    measured = frames.measured(multi)
    if measured.GetArea() < min_area_m2:
        return None
    return multi, measured


def _as_multipolygon_list(polys):
    from osgeo import ogr

    multi = ogr.Geometry(ogr.wkbMultiPolygon)
    for p in polys:
        multi.AddGeometry(p)
    return multi


def _perimeter(measured) -> float:
    total = 0.0
    for p in _polygons(measured):
        for i in range(p.GetGeometryCount()):
            total += p.GetGeometryRef(i).Length()
    return total


# ---------------------------------------------------------------- zonal stats

class _ZonalSource:
    """A single-band raster read only within each polygon's window."""

    def __init__(self, path, name: str):
        if isinstance(path, Path) and not path.is_file():
            raise InputError(f"The {_LABELS[name]} raster {path} does not exist.")
        self.path, self.name, self.ds = path, name, None

    def __enter__(self):
        import rasterio

        try:
            self.ds = rasterio.open(self.path)
        except Exception as e:   # rasterio raises several types for unreadable files
            raise InputError(f"Cannot read the {_LABELS[self.name]} raster {self.path}: {e}") from e
        if self.ds.crs is None:
            raise InputError(f"The {_LABELS[self.name]} raster {self.path} has no coordinate reference system.")
        return self

    def __exit__(self, *exc):
        self.ds.close()

    def _transform_from(self, grid_wkt: str):
        """Transformation from the mask's CRS to this raster's, None when they are the same."""
        from osgeo import osr
        from rasterio.crs import CRS

        if not hasattr(self, "_ct"):
            self._ct = None
            if self.ds.crs != CRS.from_wkt(grid_wkt):
                src = osr.SpatialReference(wkt=grid_wkt)
                dst = osr.SpatialReference(wkt=self.ds.crs.to_wkt())
                for s in (src, dst):
                    s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
                self._ct = osr.CoordinateTransformation(src, dst)
        return self._ct

    def stats(self, geom, grid_wkt: str):
        """(mean, max) of valid pixels inside ``geom`` (raster CRS of the mask), or (None, None)."""
        from rasterio import features, windows

        ds = self.ds
        g = geom
        ct = self._transform_from(grid_wkt)
        if ct is not None:
            g = geom.Clone()
            g.Transform(ct)
        minx, maxx, miny, maxy = g.GetEnvelope()
        win = windows.from_bounds(minx, miny, maxx, maxy, transform=ds.transform)
        win = win.round_offsets(op="floor").round_lengths(op="ceil")
        win = win.intersection(windows.Window(0, 0, ds.width, ds.height)) if _overlaps(win, ds) else None
        if win is None or win.width <= 0 or win.height <= 0:
            return None, None
        data = ds.read(1, window=win, masked=True)
        shape = [_geojson(g)]
        wt = windows.transform(win, ds.transform)
        inside = ~features.geometry_mask(shape, data.shape, wt)
        if not inside.any():
            inside = ~features.geometry_mask(shape, data.shape, wt, all_touched=True)
        vals = data[inside & ~np.ma.getmaskarray(data)].astype(np.float64)
        vals = vals[np.isfinite(vals)]
        if vals.size == 0:
            return None, None
        return float(vals.mean()), float(vals.max())


_LABELS = {"prob": "probability", "uncertainty": "uncertainty", "slope": "slope"}


def _geojson(geom) -> dict:
    """A (multi)polygon as a GeoJSON-like mapping, from its rings' coordinates (much faster than
    writing and parsing its JSON text)."""
    from osgeo import ogr

    def rings(poly):
        return [[p[:2] for p in poly.GetGeometryRef(i).GetPoints() or ()] for i in range(poly.GetGeometryCount())]

    if ogr.GT_Flatten(geom.GetGeometryType()) == ogr.wkbPolygon:
        return {"type": "Polygon", "coordinates": rings(geom)}
    return {"type": "MultiPolygon",
            "coordinates": [rings(geom.GetGeometryRef(i)) for i in range(geom.GetGeometryCount())]}


def _overlaps(win, ds) -> bool:
    return (win.col_off < ds.width and win.row_off < ds.height
            and win.col_off + win.width > 0 and win.row_off + win.height > 0)


# ---------------------------------------------------------------- output layer

def _write_layer(raw_path: Path, staging: Path, grid: _Grid, zonal, layer_name, model, min_area_m2, simplify_m,
                 smooth, fill_holes_m2, progress, cancel) -> VectorizeResult:
    from osgeo import gdal, ogr, osr

    frames = _Frames(grid)
    raw = gdal.OpenEx(str(raw_path), gdal.OF_VECTOR)
    ds = gdal.GetDriverByName("GPKG").Create(str(staging), 0, 0, 0, gdal.GDT_Unknown)
    srs = osr.SpatialReference(wkt=grid.wkt)
    layer = ds.CreateLayer(layer_name, srs=srs, geom_type=ogr.wkbMultiPolygon,
                           options=["DESCRIPTION=Landslide polygons for review"])
    _add_status_domain(ds)
    fields = [("area_m2", ogr.OFTReal), ("perimeter_m", ogr.OFTReal),
              ("mean_prob", ogr.OFTReal), ("max_prob", ogr.OFTReal)]
    names = {name for name, _ in zonal}
    if "uncertainty" in names:
        fields.append(("mean_uncertainty", ogr.OFTReal))
    if "slope" in names:
        fields.append(("mean_slope_deg", ogr.OFTReal))
    for name, kind in fields:
        layer.CreateField(ogr.FieldDefn(name, kind))
    for name, default in (("model", None), ("created_at", None), ("status", "'unreviewed'"), ("note", "''")):
        fd = ogr.FieldDefn(name, ogr.OFTString)
        if default:
            fd.SetDefault(default)   # features the analyst adds by hand get these too
        if name == "status" and ds.GetFieldDomain("landslide_status") is not None:
            fd.SetDomainName("landslide_status")
        layer.CreateField(fd)
    created = datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    try:
        src = raw.GetLayer(0)
        total = max(1, src.GetFeatureCount())
        defn = layer.GetLayerDefn()
        count, area = 0, 0.0
        layer.StartTransaction()
        for i, feat in enumerate(src):
            if i % 64 == 0:
                if cancel():
                    raise Cancelled("Vectorising was cancelled; no polygon file was written.")
                progress(10.0 + 85.0 * i / total, f"Polygon {i + 1} of {total}")
            shaped = _shape(feat.GetGeometryRef(), frames, min_area_m2, simplify_m, smooth, fill_holes_m2)
            if shaped is None:
                continue
            geom, measured = shaped
            out = ogr.Feature(defn)
            out.SetGeometry(geom)
            a = measured.GetArea()
            out.SetField("area_m2", a)
            out.SetField("perimeter_m", _perimeter(measured))
            for name, z in zonal:
                mean, mx = z.stats(geom, grid.wkt)
                if name == "prob":
                    _set(out, "mean_prob", mean)
                    _set(out, "max_prob", mx)
                elif name == "uncertainty":
                    _set(out, "mean_uncertainty", mean)
                else:
                    _set(out, "mean_slope_deg", mean)
            out.SetField("model", model or "")
            out.SetField("created_at", created)
            out.SetField("status", "unreviewed")
            out.SetField("note", "")
            layer.CreateFeature(out)
            count += 1
            area += a
        layer.CommitTransaction()
        ds.FlushCache()         # the spatial index is written here: a failure raises, not on closing
    finally:
        src = layer = defn = raw = None
        with closing_failures() as failed:
            ds = None           # closes the file, also when cancelled or failed
    if failed:
        raise RuntimeError(failed[0])
    return VectorizeResult(count=count, total_area_m2=area)


def _set(feature, name: str, value) -> None:
    if value is None:
        feature.SetFieldNull(name)
    else:
        feature.SetField(name, value)


def review_work(path: Path) -> Optional[str]:
    """What an analyst has recorded in the polygons at ``path`` ("3 confirmed, 1 with a note"):
    landslides confirmed or rejected, notes, features drawn by hand (they have no creation time)
    and outlines reshaped by hand; None when there is none, or when the file is not such a layer."""
    from osgeo import gdal

    if not Path(path).is_file():
        return None
    try:
        with gdal_failures():
            ds = gdal.OpenEx(str(path), gdal.OF_VECTOR | gdal.OF_READONLY)
            layer = ds.GetLayerByName("landslides") if ds is not None else None
            if layer is None and ds is not None and ds.GetLayerCount() == 1:
                layer = ds.GetLayer(0)      # a copy in another format (GeoJSON, Shapefile)
            if layer is None:
                return None
            defn = layer.GetLayerDefn()
            has = {defn.GetFieldDefn(i).GetName() for i in range(defn.GetFieldCount())}
            if "status" not in has:
                return None
            kinds = [("confirmed", "status = 'confirmed'"), ("rejected", "status = 'rejected'")]
            if "note" in has:
                kinds.append(("with a note", "note IS NOT NULL AND note <> ''"))
            if "created_at" in has:         # every traced landslide has it; one drawn by hand has not
                kinds.append(("drawn by hand", "created_at IS NULL OR created_at = ''"))
            counts = []
            for label, where in kinds:
                if layer.SetAttributeFilter(where) != 0:
                    continue
                n = layer.GetFeatureCount()
                if n > 0:
                    counts.append(f"{n} {label}")
            if {"area_m2", "created_at"} <= has:
                n = _reshaped(layer)
                if n > 0:
                    counts.append(f"{n} reshaped by hand")
    except (RuntimeError, OSError):
        return None
    return ", ".join(counts) or None


def _reshaped(layer) -> int:
    """Traced landslides whose outline no longer has the area measured when it was traced
    (``area_m2``): an analyst moved, added or removed vertices. The area is measured as it was
    then, in an equal-area frame (see _Frames), here centred on the layer: the same area to
    within rounding, far below the 0.01 % of the smallest edit that changes an outline."""
    srs = layer.GetSpatialRef()
    if srs is None or layer.SetAttributeFilter(
            "area_m2 IS NOT NULL AND created_at IS NOT NULL AND created_at <> ''") != 0:
        return 0
    x0, x1, y0, y1 = layer.GetExtent()
    # a one-cell grid over the layer: the frame is centred on it
    frames = _Frames(_Grid(wkt=srs.ExportToWkt(), transform=(x0, x1 - x0, 0.0, y1, 0.0, y0 - y1),
                           width=1, height=1, geographic=srs.IsGeographic() == 1, units_to_m=1.0))
    n = 0
    for feature in layer:
        geom, was = feature.GetGeometryRef(), feature.GetFieldAsDouble("area_m2")
        now = frames.measured(geom).GetArea() if geom is not None and not geom.IsEmpty() else 0.0
        n += abs(now - was) > 1e-4 * max(abs(was), 1.0)
    return n


def _add_status_domain(ds) -> None:
    """A coded-value domain so QGIS offers the three review states as a drop-down."""
    from osgeo import ogr

    if not hasattr(ogr, "CreateCodedFieldDomain"):
        return
    domain = ogr.CreateCodedFieldDomain("landslide_status", "Review state of a mapped landslide",
                                        ogr.OFTString, ogr.OFSTNone,
                                        {v: v.capitalize() for v in STATUS_VALUES})
    with contextlib.suppress(Exception):   # drivers or builds without domain support
        ds.AddFieldDomain(domain)
