"""Accuracy of a landslide map against a reference: pixel metrics, object
counts, an error raster, a metrics table and an HTML report.

Inputs (file paths): the prediction and the reference are each either a mask
raster (1 landslide, 0 not, nodata or any other value: not evaluated) or a
polygon layer (every polygon is landslide, the rest background; features
whose ``status`` field is ``rejected`` are left out, so a reviewed layer is
evaluated as reviewed). Append ``|layername=NAME`` to pick a layer.

The pixel grid is the reference raster's; when the reference is polygons,
the prediction raster's; failing both, the probability raster's. Polygons
are burnt in on that grid (a pixel is landslide when its centre lies inside
a polygon). Rasters on another grid or CRS are aligned to it by nearest
neighbour, so mask values stay 0/1 and nothing is interpolated.

Everything is streamed in full-width row strips: memory grows with the
raster width, never with its height. Landslide objects crossing strip
borders are joined, so object counts are those of the whole map.
"""
from __future__ import annotations

import csv
import io
import json
import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, List, Optional, Tuple, Union

import numpy as np

from . import metrics as M
from .errors import Cancelled, InputError
from .outputs import json_text, write_text_atomic, written_with_rasterio
from .request import AreaOfInterest

ERROR_CODES = {0: "true negative", 1: "true positive", 2: "false positive", 3: "false negative", 255: "nodata"}
ERROR_COLOURS = {0: (240, 240, 240, 255), 1: (26, 150, 65, 255), 2: (215, 25, 28, 255),
                 3: (43, 131, 186, 255), 255: (0, 0, 0, 0)}
PathLike = Union[str, Path]


@dataclass
class EvaluationResult:
    metrics: Dict[str, float]            # keys as in metrics.METRIC_DEFINITIONS
    confusion_matrix: List[List[int]]    # rows reference (background, landslide), columns prediction
    error_raster: Path
    table: Path
    report: Path
    json: Path
    threshold: Optional[float] = None    # used to threshold the probability raster, if it was
    best_threshold: Optional[Tuple[float, float]] = None   # (threshold, F1) when probabilities given
    min_overlap: float = M.DEFAULT_MIN_OVERLAP
    grid_from: str = ""                  # which input set the pixel grid
    warnings: List[str] = field(default_factory=list)


def evaluate(prediction: Optional[PathLike], reference: PathLike, out_dir: PathLike, *,
             probability: Optional[PathLike] = None, aoi: Union[AreaOfInterest, PathLike, None] = None,
             threshold: float = 0.5, min_overlap: float = M.DEFAULT_MIN_OVERLAP,
             min_object_area_m2: float = 0.0, title: str = "Landslide map accuracy",
             error_path: Optional[PathLike] = None, table_path: Optional[PathLike] = None,
             report_path: Optional[PathLike] = None, window_rows: int = 512,
             progress: Optional[Callable[[float, str], None]] = None,
             cancel: Optional[Callable[[], bool]] = None) -> EvaluationResult:
    """Compare ``prediction`` with ``reference`` and write the outputs into ``out_dir``.

    ``prediction`` may be None when ``probability`` is given: it is then
    thresholded (landslide where probability >= ``threshold``). Outputs
    (defaults in ``out_dir``): ``errors.tif`` (uint8: 0 true negative, 1 true
    positive, 2 false positive, 3 false negative, 255 nodata), ``metrics.csv``,
    ``metrics.json``, ``report.html``; each appears only when complete.
    """
    import rasterio

    progress = progress or (lambda pct, msg: None)
    cancel = cancel or (lambda: False)
    if prediction is None and probability is None:
        raise InputError("Give a landslide map (mask raster or polygons) or a probability raster to evaluate.")
    if not 0.0 <= float(threshold) <= 1.0:
        raise InputError(f"The threshold must be between 0 and 1, got {threshold}.")
    if not 0.0 <= float(min_overlap) <= 1.0:
        raise InputError(f"The minimum overlap must be between 0 and 1, got {min_overlap}.")
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise InputError(f"Cannot create the output folder {out_dir} ({e.strerror}); choose another.") from e
    if not os.access(out_dir, os.W_OK):
        raise InputError(f"The output folder {out_dir} is not writable; choose another.")
    error_path = Path(error_path) if error_path else out_dir / "errors.tif"
    table_path = Path(table_path) if table_path else out_dir / "metrics.csv"
    report_path = Path(report_path) if report_path else out_dir / "report.html"
    json_path = table_path.with_suffix(".json")
    inputs = {str(Path(_split_layer(p)[0]).resolve()) for p in (prediction, reference, probability) if p}
    for out in (error_path, table_path, report_path, json_path):
        if str(out.resolve()) in inputs:
            raise InputError(f"The output {out} is one of the inputs; choose another output name.")

    pred_src = _source(prediction, "landslide map") if prediction is not None else None
    ref_src = _source(reference, "reference")
    prob_src = _source(probability, "probability", raster_only=True) if probability is not None else None
    grid, grid_from = _choose_grid(ref_src, pred_src, prob_src)
    warnings: List[str] = []
    for s in (pred_src, ref_src, prob_src):
        if s is not None:
            s.attach(grid)
            if s.resampled:
                warnings.append(f"The {s.label} raster {s.path.name} is on another grid; it was aligned to the "
                                f"{grid_from} grid by nearest neighbour.")
            if not s.overlaps(grid):
                raise InputError(f"The {s.label} {s.path.name} does not overlap the {grid_from} "
                                 f"({grid_from} extent {tuple(round(v, 3) for v in grid.bounds)}); "
                                 "check that both cover the same area and have the right CRS.")
    aoi_src = _aoi_source(aoi, grid)

    px_area = _pixel_area_m2(grid)
    min_px = max(1, int(math.ceil(min_object_area_m2 / px_area))) if min_object_area_m2 > 0 else 1
    acc = M.ConfusionAccumulator(threshold=threshold, min_overlap=min_overlap, min_object_pixels=min_px)
    staging = error_path.with_name(f".{error_path.stem}.partial-{os.getpid()}.tif")
    profile = dict(driver="GTiff", width=grid.width, height=grid.height, count=1, dtype="uint8", nodata=255,
                   crs=grid.crs, transform=grid.transform, tiled=True, blockxsize=256, blockysize=256,
                   compress="deflate")
    # About a million pixels per strip at most, so memory stays flat for very wide rasters too.
    rows = max(1, min(int(window_rows), 1_000_000 // max(1, grid.width)))
    try:
        with written_with_rasterio(error_path, staging):
            with rasterio.open(staging, "w", **profile) as dst:
                dst.write_colormap(1, ERROR_COLOURS)
                dst.set_band_description(1, "0 true negative, 1 true positive, 2 false positive, "
                                            "3 false negative, 255 nodata")
                for y in range(0, grid.height, rows):
                    if cancel():
                        raise Cancelled("Evaluation was cancelled; no output was written.")
                    h = min(rows, grid.height - y)
                    ref, ref_ok = ref_src.read(y, h)
                    valid = ref_ok
                    prob = None
                    if prob_src is not None:
                        prob, prob_ok = prob_src.read(y, h)
                        valid = valid & prob_ok
                    if pred_src is not None:
                        pred, pred_ok = pred_src.read(y, h)
                        valid = valid & pred_ok
                    else:
                        pred = prob >= threshold
                    if aoi_src is not None:
                        valid = valid & aoi_src.read(y, h)
                    acc.update(pred, ref, valid=valid, prob=prob, continues=y > 0)
                    codes = np.full(ref.shape, 255, np.uint8)
                    p, t = pred & valid, ref & valid
                    codes[valid] = 0
                    codes[p & t] = 1
                    codes[p & ~t] = 2
                    codes[~p & t] = 3
                    dst.write(codes, 1, window=((y, y + h), (0, grid.width)))
                    progress(90.0 * (y + h) / grid.height, "Comparing with the reference")
        os.replace(staging, error_path)
    finally:
        if staging.exists():
            staging.unlink()
        for s in (pred_src, ref_src, prob_src, aoi_src):
            if s is not None:
                s.close()

    result = acc.result()
    best = acc.best_threshold() if acc.has_prob else None
    if acc.tp + acc.fp + acc.fn + acc.tn == 0:
        warnings.append("No pixel was valid in both the map and the reference (check nodata, extents and "
                        "the area of interest); every metric is undefined.")
    ev = EvaluationResult(metrics=result, confusion_matrix=acc.confusion_matrix.tolist(),
                          error_raster=error_path, table=table_path, report=report_path, json=json_path,
                          threshold=threshold if (pred_src is None or prob_src is not None) else None,
                          best_threshold=best, min_overlap=min_overlap, grid_from=grid_from,
                          warnings=warnings)
    inputs_text = {"landslide map": str(prediction) if prediction is not None else
                   f"probability >= {threshold}", "reference": str(reference)}
    if probability is not None:
        inputs_text["probability"] = str(probability)
    if aoi is not None:
        inputs_text["area of interest"] = str(aoi.vector or aoi.bbox) if isinstance(aoi, AreaOfInterest) else str(aoi)
    inputs_text["pixel grid"] = (f"{grid_from}: {grid.width} x {grid.height} px, {grid.crs.to_string()}, "
                                 f"pixel {abs(grid.transform.a):.6g} x {abs(grid.transform.e):.6g}")
    inputs_text["object matching"] = (f"8-connected objects; found / false at >= {min_overlap:.0%} overlap"
                                      + (f"; objects under {min_object_area_m2:g} m2 ignored"
                                         if min_object_area_m2 > 0 else ""))
    progress(92.0, "Writing the metrics table")
    _write_table(ev, inputs_text)
    progress(95.0, "Writing the report")
    from .report import write_report

    write_report(report_path, ev, inputs_text, curves=acc.curves() if acc.has_prob else None, title=title)
    progress(100.0, "Evaluation finished")
    return ev


# ---------------------------------------------------------------- grid and sources

@dataclass
class _Grid:
    crs: object
    transform: object
    width: int
    height: int

    @property
    def bounds(self) -> Tuple[float, float, float, float]:
        t = self.transform
        xs = (t.c, t.c + t.a * self.width)
        ys = (t.f, t.f + t.e * self.height)
        return min(xs), min(ys), max(xs), max(ys)


def _split_layer(p) -> Tuple[str, Optional[str]]:
    s = str(p)
    if "|layername=" in s:
        path, layer = s.split("|layername=", 1)
        return path, layer.split("|")[0]
    return s.split("|")[0], None


class _Source:
    """One input read as (landslide bool, valid bool) strips on the evaluation grid."""

    def __init__(self, spec, label: str, raster_only: bool = False):
        path, layer = _split_layer(spec)
        self.path, self.layer_name, self.label = Path(path), layer, label
        self.resampled = False
        self.raster = None
        self.vector = None
        self.grid: Optional[_Grid] = None
        self.layer = None
        self._reader = None
        if not self.path.exists():
            raise InputError(f"The {label} {self.path} does not exist.")
        import rasterio
        from osgeo import gdal

        from .raster_io import gdal_exceptions

        try:
            with gdal_exceptions():
                info = gdal.OpenEx(str(self.path), gdal.OF_RASTER | gdal.OF_VECTOR)
        except RuntimeError as e:
            raise InputError(f"Cannot read the {label} {self.path}: {e}") from e
        if info.RasterCount > 0:
            self.raster = rasterio.open(self.path)
            if self.raster.crs is None:
                raise InputError(f"The {label} raster {self.path} has no coordinate reference system; "
                                 "assign one and run again.")
        elif info.GetLayerCount() > 0 and not raster_only:
            self.vector = info
            lyr = info.GetLayerByName(layer) if layer else info.GetLayer(0)
            if lyr is None:
                raise InputError(f"The {label} {self.path} has no layer named {layer!r}.")
            if lyr.GetSpatialRef() is None:
                raise InputError(f"The {label} layer {self.path} has no coordinate reference system.")
            self.layer = lyr
        else:
            kind = "a raster" if raster_only else "a raster or a polygon layer"
            raise InputError(f"The {label} {self.path} is not {kind}.")

    def native_grid(self) -> Optional[_Grid]:
        if self.raster is None:
            return None
        r = self.raster
        return _Grid(r.crs, r.transform, r.width, r.height)

    def attach(self, grid: _Grid) -> None:
        self.grid = grid
        if self.raster is not None:
            r = self.raster
            same = (r.crs == grid.crs and r.width == grid.width and r.height == grid.height
                    and r.transform.almost_equals(grid.transform))
            if same:
                self._reader = r
            else:
                from rasterio.enums import Resampling
                from rasterio.vrt import WarpedVRT

                is_float = np.dtype(r.dtypes[0]).kind == "f"
                nodata = r.nodata if r.nodata is not None else (np.nan if is_float else _unused_code(r.dtypes[0]))
                self._reader = WarpedVRT(r, crs=grid.crs, transform=grid.transform, width=grid.width,
                                         height=grid.height, resampling=Resampling.nearest, nodata=nodata)
                self.resampled = True
        else:
            from osgeo import osr

            src = self.layer.GetSpatialRef().Clone()
            dst = osr.SpatialReference(wkt=grid.crs.to_wkt())
            for s in (src, dst):
                s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
            self._to_grid = None if src.IsSame(dst) else osr.CoordinateTransformation(src, dst)
            self._to_layer = None if src.IsSame(dst) else osr.CoordinateTransformation(dst, src)
            self._has_status = self.layer.GetLayerDefn().GetFieldIndex("status") >= 0

    def overlaps(self, grid: _Grid) -> bool:
        if self.raster is not None:
            from rasterio.warp import transform_bounds

            r = self.raster
            b = r.bounds if r.crs == grid.crs else transform_bounds(r.crs, grid.crs, *r.bounds, densify_pts=21)
        else:
            minx, maxx, miny, maxy = self.layer.GetExtent()
            b = _transform_bounds(self._to_grid, (minx, miny, maxx, maxy))
        g = grid.bounds
        return b[0] < g[2] and b[2] > g[0] and b[1] < g[3] and b[3] > g[1]

    def read(self, y: int, h: int) -> Tuple[np.ndarray, np.ndarray]:
        w = self.grid.width
        if self.raster is not None:
            from .raster_io import reading

            with reading(self.label, self.path):
                data = self._reader.read(1, window=((y, y + h), (0, w)), masked=True)
            vals = np.ma.getdata(data)
            ok = ~np.ma.getmaskarray(data)
            if self.label == "probability":
                vals = vals.astype(np.float32)
                ok &= np.isfinite(vals)
                return np.where(ok, vals, np.nan), ok
            ok &= (vals == 0) | (vals == 1)
            return (vals == 1) & ok, ok
        return self._burn(y, h), np.ones((h, w), bool)

    def _burn(self, y: int, h: int) -> np.ndarray:
        from rasterio import features
        from rasterio.windows import Window, bounds as wbounds, transform as wtransform

        win = Window(0, y, self.grid.width, h)
        b = wbounds(win, self.grid.transform)
        lb = _transform_bounds(self._to_layer, b)
        lyr = self.layer
        lyr.SetSpatialFilterRect(*lb)
        lyr.ResetReading()
        shapes = []
        for f in lyr:
            if self._has_status and (f.GetField("status") or "").strip().lower() == "rejected":
                continue
            g = f.GetGeometryRef()
            if g is None or g.IsEmpty():
                continue
            g = g.Clone()
            if self._to_grid is not None:
                g.Transform(self._to_grid)
            shapes.append((json.loads(g.ExportToJson()), 1))
        lyr.SetSpatialFilter(None)
        if not shapes:
            return np.zeros((h, self.grid.width), bool)
        out = features.rasterize(shapes, out_shape=(h, self.grid.width), transform=wtransform(win, self.grid.transform),
                                 fill=0, dtype="uint8")
        return out == 1

    def close(self) -> None:
        if self._reader is not None and self._reader is not self.raster:
            self._reader.close()
        if self.raster is not None:
            self.raster.close()
        self.vector = self.layer = None


def _unused_code(dtype) -> int:
    return 255 if np.dtype(dtype).itemsize == 1 else 65535 if np.dtype(dtype).kind == "u" else -9999


def _transform_bounds(ct, b):
    if ct is None:
        return tuple(b)
    xs = np.linspace(b[0], b[2], 11)
    ys = np.linspace(b[1], b[3], 11)
    pts = [(x, y) for x in xs for y in (b[1], b[3])] + [(x, y) for y in ys for x in (b[0], b[2])]
    tp = [ct.TransformPoint(float(x), float(y))[:2] for x, y in pts]
    px, py = zip(*tp)
    return min(px), min(py), max(px), max(py)


def _source(spec, label: str, raster_only: bool = False) -> _Source:
    return _Source(spec, label, raster_only)


def _choose_grid(ref: _Source, pred: Optional[_Source], prob: Optional[_Source]) -> Tuple[_Grid, str]:
    for src, name in ((ref, "reference"), (pred, "landslide map"), (prob, "probability")):
        if src is not None and src.raster is not None:
            return src.native_grid(), name
    raise InputError("Both the landslide map and the reference are polygon layers, so there is no pixel grid "
                     "to compare on: give one of them as a raster (for example the mask.tif of the run) or "
                     "add the probability raster.")


class _AoiSource:
    def __init__(self, source: Optional[_Source], bbox_mask: Optional[Tuple[int, int, int, int]], grid: _Grid):
        self.source, self.bbox, self.grid = source, bbox_mask, grid

    def read(self, y: int, h: int) -> np.ndarray:
        if self.source is not None:
            return self.source._burn(y, h)
        c0, r0, c1, r1 = self.bbox
        out = np.zeros((h, self.grid.width), bool)
        a, b = max(r0, y), min(r1, y + h)
        if a < b:
            out[a - y:b - y, c0:c1] = True
        return out

    def close(self) -> None:
        if self.source is not None:
            self.source.close()


def _aoi_source(aoi, grid: _Grid) -> Optional[_AoiSource]:
    if aoi is None:
        return None
    if not isinstance(aoi, AreaOfInterest):
        aoi = AreaOfInterest(vector=Path(aoi))
    if aoi.vector is not None:
        spec = str(aoi.vector) + (f"|layername={aoi.layer}" if aoi.layer else "")
        src = _Source(spec, "area of interest")
        if src.vector is None:
            raise InputError(f"The area of interest {aoi.vector} must be a polygon layer.")
        src.attach(grid)
        src._has_status = False
        if aoi.feature_ids:
            ids = ",".join(str(int(i)) for i in aoi.feature_ids)
            src.layer.SetAttributeFilter(f"{src.layer.GetFIDColumn() or 'fid'} IN ({ids})")
        if not src.overlaps(grid):
            raise InputError(f"The area of interest {aoi.vector} does not overlap the rasters evaluated.")
        return _AoiSource(src, None, grid)
    if aoi.bbox is None:
        raise InputError("The area of interest has neither a bounding box nor a polygon layer.")
    from osgeo import osr
    from rasterio.transform import rowcol

    b = aoi.bbox
    if aoi.crs:
        from rasterio.crs import CRS

        src = osr.SpatialReference(wkt=CRS.from_user_input(aoi.crs).to_wkt())
        dst = osr.SpatialReference(wkt=grid.crs.to_wkt())
        for s in (src, dst):
            s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        if not src.IsSame(dst):
            b = _transform_bounds(osr.CoordinateTransformation(src, dst), b)
    r0, c0 = rowcol(grid.transform, b[0], b[3], op=round)
    r1, c1 = rowcol(grid.transform, b[2], b[1], op=round)
    r0, r1 = sorted((r0, r1))
    c0, c1 = sorted((c0, c1))
    r0, c0 = max(0, r0), max(0, c0)
    r1, c1 = min(grid.height, r1), min(grid.width, c1)
    if r0 >= r1 or c0 >= c1:
        raise InputError(f"The area of interest {tuple(aoi.bbox)} does not overlap the rasters evaluated "
                         f"(extent {tuple(round(v, 3) for v in grid.bounds)}).")
    return _AoiSource(None, (c0, r0, c1, r1), grid)


def _pixel_area_m2(grid: _Grid) -> float:
    """Ground area of a pixel at the grid centre (for the minimum object size)."""
    t = grid.transform
    if not grid.crs.is_geographic:
        unit = grid.crs.linear_units_factor[1] if grid.crs.linear_units_factor else 1.0
        return abs(t.a * t.e) * unit * unit
    lat = math.radians(t.f + t.e * grid.height / 2)
    m_per_deg = 111_320.0
    return abs(t.a) * m_per_deg * math.cos(lat) * abs(t.e) * m_per_deg


# ---------------------------------------------------------------- table

def _fmt(v) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    if isinstance(v, float) and not float(v).is_integer():
        return f"{v:.6f}"
    return str(int(v)) if isinstance(v, (int, np.integer)) or float(v).is_integer() else str(v)


def _write_table(ev: EvaluationResult, inputs: Dict[str, str]) -> None:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["metric", "value", "definition"])
    for k, v in ev.metrics.items():
        w.writerow([k, _fmt(v), M.METRIC_DEFINITIONS.get(k, "")])
    if ev.threshold is not None:
        w.writerow(["threshold", _fmt(ev.threshold), "Probability at or above which a pixel was mapped as landslide."])
    if ev.best_threshold is not None:
        w.writerow(["best_threshold", _fmt(ev.best_threshold[0]), M.METRIC_DEFINITIONS["best_threshold"]])
        w.writerow(["best_threshold_f1", _fmt(ev.best_threshold[1]), "Pixel F1 at best_threshold."])
    w.writerow(["min_overlap", _fmt(ev.min_overlap), "Overlap share used to match landslide objects."])
    write_text_atomic(ev.table, buf.getvalue())
    payload = {
        "metrics": dict(ev.metrics),
        "confusion_matrix": {"rows": "reference (background, landslide)",
                             "columns": "prediction (background, landslide)", "counts": ev.confusion_matrix},
        "threshold": ev.threshold,
        "best_threshold": list(ev.best_threshold) if ev.best_threshold else None,
        "min_overlap": ev.min_overlap,
        "inputs": inputs,
        "outputs": {"error_raster": str(ev.error_raster), "table": str(ev.table), "report": str(ev.report)},
        "warnings": ev.warnings,
        "definitions": {k: M.METRIC_DEFINITIONS[k] for k in ev.metrics if k in M.METRIC_DEFINITIONS},
    }
    write_text_atomic(ev.json, json_text(payload))        # a metric that is NaN (undefined) is null
