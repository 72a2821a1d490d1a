"""Evaluation on the real sample: self-agreement, shifted and eroded maps with
counts predictable by hand, polygons equal rasters, outputs complete."""
from __future__ import annotations

import base64
import csv
import json
from pathlib import Path

import numpy as np
import pytest
import rasterio
from rasterio.transform import from_origin
from scipy import ndimage

from landslide_mapper.plugin.engine import metrics as M
from landslide_mapper.plugin.engine.errors import Cancelled, InputError
from landslide_mapper.plugin.engine.evaluate import evaluate
from landslide_mapper.plugin.engine.request import AreaOfInterest
from landslide_mapper.plugin.engine.vectorize import vectorize_mask


@pytest.fixture(scope="module")
def sample(root):
    path = root / "resources" / "sample" / "baige_b_mask.tif"
    with rasterio.open(path) as ds:
        return path, ds.read(1), ds.profile


def _like(path: Path, array: np.ndarray, profile, **changes) -> Path:
    p = dict(profile)
    p.update(dtype=array.dtype, **changes)
    if array.dtype != np.uint8:
        p["nodata"] = changes.get("nodata")
    with rasterio.open(path, "w", **p) as ds:
        ds.write(array, 1)
    return path


def _codes(path: Path) -> np.ndarray:
    with rasterio.open(path) as ds:
        return ds.read(1)


def test_reference_against_itself_is_perfect(tmp_path, sample):
    path, ref, _ = sample
    before = path.read_bytes()
    ev = evaluate(path, path, tmp_path / "out", window_rows=100)   # several strips
    m = ev.metrics
    assert m["f1"] == 1.0 and m["iou"] == 1.0 and m["mcc"] == 1.0 and m["kappa"] == 1.0
    assert m["fp"] == 0 and m["fn"] == 0 and m["tp"] == int((ref == 1).sum())
    assert (m["objects_reference"], m["objects_found"], m["objects_missed"], m["objects_false"]) == (3, 3, 0, 0)
    codes = _codes(ev.error_raster)
    assert set(np.unique(codes)) == {0, 1}
    assert (codes == 1).sum() == (ref == 1).sum()
    assert path.read_bytes() == before
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == \
        ["errors.tif", "metrics.csv", "metrics.json", "report.html"]


def test_shifted_rectangle_counts_by_hand(tmp_path, sample):
    _, _, profile = sample
    ref = np.zeros((768, 768), np.uint8)
    ref[100:150, 200:300] = 1                       # 50 x 100 px
    pred = np.zeros_like(ref)
    pred[100:150, 210:310] = 1                      # shifted 10 px right
    ref[0:10, :] = 255                              # nodata strip in the reference: not evaluated
    pred[5, 5] = 1                                  # inside the nodata strip: not counted
    pred[400:402, 400:402] = 1                      # a 4 px false landslide
    r = _like(tmp_path / "ref.tif", ref, profile)
    p = _like(tmp_path / "pred.tif", pred, profile)
    ev = evaluate(p, r, tmp_path / "out", window_rows=128)
    m = ev.metrics
    # TP = 50 x 90, FP = 50 x 10 + 4, FN = 50 x 10, TN = rest of the 758 x 768 valid pixels
    assert (m["tp"], m["fp"], m["fn"]) == (4500, 504, 500)
    assert m["tn"] == 758 * 768 - 4500 - 504 - 500
    assert m["precision"] == pytest.approx(4500 / 5004)
    assert m["recall"] == pytest.approx(0.9)
    assert m["iou"] == pytest.approx(4500 / 5504)
    assert (m["objects_reference"], m["objects_found"], m["objects_predicted"], m["objects_false"]) == (1, 1, 2, 1)
    codes = _codes(ev.error_raster)
    assert (codes == 2).sum() == 504 and (codes == 3).sum() == 500 and (codes[0:10] == 255).all()
    assert codes[120, 205] == 3 and codes[120, 305] == 2 and codes[120, 250] == 1 and codes[600, 600] == 0


def test_eroded_reference_counts_match_numpy(tmp_path, sample):
    path, ref, profile = sample
    land = ref == 1
    eroded = ndimage.binary_erosion(land, structure=np.ones((3, 3)), iterations=4)
    p = _like(tmp_path / "eroded.tif", eroded.astype(np.uint8), profile)
    ev = evaluate(p, path, tmp_path / "out", window_rows=200)
    m = ev.metrics
    assert m["fp"] == 0 and m["precision"] == 1.0
    assert m["tp"] == int(eroded.sum()) and m["fn"] == int(land.sum() - eroded.sum())
    # which reference landslides still hold >= 10 % of their pixels after erosion
    lab, n = ndimage.label(land, structure=np.ones((3, 3)))
    kept = ndimage.sum(eroded, lab, index=np.arange(1, n + 1)) / ndimage.sum(land, lab, index=np.arange(1, n + 1))
    assert m["objects_found"] == int((kept >= 0.1).sum())
    assert m["objects_missed"] == n - m["objects_found"]
    assert m["objects_false"] == 0


def test_polygons_give_the_same_numbers_as_rasters(tmp_path, sample):
    path, ref, profile = sample
    shifted = np.zeros_like(ref)
    shifted[:, 7:] = (ref[:, :-7] == 1)
    pred = _like(tmp_path / "shifted.tif", shifted, profile)
    ref_poly = tmp_path / "ref.gpkg"
    pred_poly = tmp_path / "pred.gpkg"
    vectorize_mask(path, ref_poly)
    vectorize_mask(pred, pred_poly)
    r_r = evaluate(pred, path, tmp_path / "rr").metrics
    r_p = evaluate(pred, ref_poly, tmp_path / "rp").metrics
    p_r = evaluate(pred_poly, path, tmp_path / "pr").metrics
    p_p_self = evaluate(ref_poly, path, tmp_path / "self").metrics
    assert p_p_self["f1"] == 1.0
    for k in ("tp", "fp", "fn", "objects_found", "objects_missed", "objects_false"):
        assert r_p[k] == r_r[k] == p_r[k], k
    assert r_p["tn"] + r_p["fp"] + r_p["fn"] + r_p["tp"] == ref.size   # polygons: no nodata


def test_rejected_polygons_are_left_out(tmp_path, sample):
    from osgeo import ogr

    path, ref, _ = sample
    poly = tmp_path / "reviewed.gpkg"
    vectorize_mask(path, poly)
    ds = ogr.Open(str(poly), 1)
    lyr = ds.GetLayer(0)
    smallest = min(lyr, key=lambda f: f.GetField("area_m2")).GetFID()
    f = lyr.GetFeature(smallest)
    f.SetField("status", "rejected")
    lyr.SetFeature(f)
    ds = None
    m = evaluate(poly, path, tmp_path / "out").metrics
    assert m["objects_predicted"] == 2 and m["objects_missed"] == 1 and m["fp"] == 0


def test_other_grid_is_aligned_by_nearest_neighbour(tmp_path, sample):
    path, ref, profile = sample
    # The same map on a larger grid (20 px border), whole-pixel offset: alignment is exact.
    big = np.zeros((808, 808), np.uint8)
    big[20:788, 20:788] = (ref == 1)
    t = profile["transform"]
    moved = from_origin(t.c - 20 * t.a, t.f + 20 * abs(t.e), t.a, abs(t.e))
    p = _like(tmp_path / "big.tif", big, profile, width=808, height=808, transform=moved)
    ev = evaluate(p, path, tmp_path / "out")
    assert ev.metrics["f1"] == 1.0 and ev.grid_from == "reference"
    assert any("nearest neighbour" in w for w in ev.warnings)
    with rasterio.open(ev.error_raster) as ds:
        assert (ds.width, ds.height) == (768, 768) and ds.crs == profile["crs"]


def test_probability_gives_curves_and_tuned_threshold(tmp_path, sample):
    path, ref, profile = sample
    rng = np.random.default_rng(0)
    prob = np.where(ref == 1, 0.55, 0.1).astype(np.float32) + rng.uniform(0, 0.3, ref.shape).astype(np.float32)
    prob[:4, :4] = np.nan
    pr = _like(tmp_path / "prob.tif", prob, profile, nodata=None)
    ev = evaluate(None, path, tmp_path / "out", probability=pr, threshold=0.5)
    m = ev.metrics
    # landslide pixels lie in [0.55, 0.85), background in [0.1, 0.4): perfect ranking
    assert m["roc_auc"] == pytest.approx(1.0) and m["pr_auc"] == pytest.approx(1.0)
    assert m["f1"] == 1.0
    t, f1 = ev.best_threshold
    assert 0.4 <= t <= 0.55 and f1 == 1.0
    assert m["tp"] + m["fp"] + m["fn"] + m["tn"] == ref.size - 16
    html = ev.report.read_text()
    assert "Confusion matrix" in html and "ROC" in html
    png = html.split('src="data:image/png;base64,')[1].split('"')[0]
    assert base64.b64decode(png)[:8] == b"\x89PNG\r\n\x1a\n"
    assert "http" not in html.split("<body>")[1]          # self-contained
    for k in ("f1", "mcc", "kappa"):
        assert M.METRIC_DEFINITIONS[k].split(":")[0][:20] in html.replace("&#x27;", "'")


def test_table_and_json_hold_every_metric_with_its_definition(tmp_path, sample):
    path, _, _ = sample
    ev = evaluate(path, path, tmp_path / "out")
    rows = {r["metric"]: r for r in csv.DictReader(ev.table.open())}
    for k in ("precision", "recall", "f1", "iou", "miou", "mcc", "balanced_accuracy", "kappa",
              "users_accuracy_landslide", "producers_accuracy_landslide", "objects_found", "objects_missed",
              "objects_false"):
        assert k in rows and rows[k]["definition"] == M.METRIC_DEFINITIONS[k]
    assert float(rows["f1"]["value"]) == 1.0
    data = json.loads(ev.json.read_text())
    assert data["confusion_matrix"]["counts"] == ev.confusion_matrix


def test_area_of_interest_restricts_the_comparison(tmp_path, sample):
    path, ref, profile = sample
    empty = _like(tmp_path / "empty.tif", np.zeros_like(ref), profile)
    t = profile["transform"]
    # the left half of the scene (columns 0..383), as a bounding box in the raster CRS
    bbox = (t.c, t.f + t.e * 768, t.c + t.a * 384, t.f)
    m = evaluate(empty, path, tmp_path / "out", aoi=AreaOfInterest(bbox=bbox)).metrics
    assert m["tp"] + m["fp"] + m["fn"] + m["tn"] == 768 * 384
    assert m["fn"] == int((ref[:, :384] == 1).sum())
    codes = _codes(tmp_path / "out" / "errors.tif")
    assert (codes[:, 384:] == 255).all()


def test_bad_inputs_and_cancel(tmp_path, sample):
    path, ref, profile = sample
    with pytest.raises(InputError, match="does not exist"):
        evaluate(tmp_path / "missing.tif", path, tmp_path / "out")
    poly = tmp_path / "ref.gpkg"
    vectorize_mask(path, poly)
    with pytest.raises(InputError, match="no pixel grid"):
        evaluate(poly, poly, tmp_path / "out")
    far = _like(tmp_path / "far.tif", ref, profile, transform=from_origin(0, 0, 0.5, 0.5))
    with pytest.raises(InputError, match="does not overlap"):
        evaluate(far, path, tmp_path / "out")
    with pytest.raises(Cancelled):
        evaluate(path, path, tmp_path / "cancelled", cancel=lambda: True)
    assert list((tmp_path / "cancelled").iterdir()) == []
    # a mask cut short (an interrupted copy): named, with the fix, and no output left
    cut = tmp_path / "cut_mask.tif"
    data = Path(path).read_bytes()
    cut.write_bytes(data[:int(len(data) * 0.6)])
    with pytest.raises(InputError, match=r"cut_mask.tif cannot be read to the end .*copy or export it again"):
        evaluate(path, cut, tmp_path / "cut_out")
    assert not (tmp_path / "cut_out").exists() or list((tmp_path / "cut_out").iterdir()) == []
