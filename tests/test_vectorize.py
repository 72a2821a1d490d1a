"""Mask to polygons on real and constructed rasters: counts, true areas, holes,
zonal statistics, atomic output, clear errors."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import rasterio
from rasterio.transform import from_origin
from scipy import ndimage

from landslide_mapper.plugin.engine.errors import Cancelled, InputError
from landslide_mapper.plugin.engine.vectorize import vectorize_mask


def _write(path: Path, array: np.ndarray, crs="EPSG:32647", transform=None, nodata=None) -> Path:
    transform = transform or from_origin(470000.0, 3445000.0, 1.0, 1.0)
    with rasterio.open(path, "w", driver="GTiff", width=array.shape[1], height=array.shape[0], count=1,
                       dtype=array.dtype, crs=crs, transform=transform, nodata=nodata) as ds:
        ds.write(array, 1)
    return path


def _features(path: Path, layer="landslides"):
    from osgeo import ogr

    ds = ogr.Open(str(path))
    lyr = ds.GetLayerByName(layer)
    out = []
    for f in lyr:
        item = {k: f.GetField(k) for k in f.keys()}
        item["geom"] = f.GetGeometryRef().Clone()
        out.append(item)
    return out


def _geodesic_area_perimeter(geom, crs_wkt: str):
    """Independent ground measures: pyproj's geodesic polygon on WGS 84."""
    from osgeo import ogr, osr
    from pyproj import Geod

    src = osr.SpatialReference(wkt=crs_wkt)
    dst = osr.SpatialReference()
    dst.ImportFromEPSG(4326)
    for s in (src, dst):
        s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    g = geom.Clone()
    g.Transform(osr.CoordinateTransformation(src, dst))
    geod = Geod(ellps="WGS84")
    area = perim = 0.0
    polys = [g.GetGeometryRef(i) for i in range(g.GetGeometryCount())] \
        if ogr.GT_Flatten(g.GetGeometryType()) == ogr.wkbMultiPolygon else [g]
    for p in polys:
        for i in range(p.GetGeometryCount()):
            pts = np.array(p.GetGeometryRef(i).GetPoints())
            a, per = geod.polygon_area_perimeter(pts[:, 0], pts[:, 1])
            area += abs(a) if i == 0 else -abs(a)
            perim += per
    return area, perim


def test_sample_mask_polygons_match_components_and_areas(tmp_path, root):
    mask = root / "resources" / "sample" / "baige_b_mask.tif"
    with rasterio.open(mask) as ds:
        a = ds.read(1)
        px_area = abs(ds.transform.a * ds.transform.e)
        wkt = ds.crs.to_wkt()
    labels, n = ndimage.label(a == 1, structure=np.ones((3, 3)))
    sizes = np.bincount(labels.ravel())[1:]
    out = tmp_path / "polygons.gpkg"
    res = vectorize_mask(mask, out, model="unet_test")
    assert res.count == n == 3
    # Ground area on the ellipsoid: the grid area divided by the UTM scale factor squared
    # (about 0.9996^2 here), so within 0.2 % of pixel count x pixel area ...
    assert res.total_area_m2 == pytest.approx((a == 1).sum() * px_area, rel=2e-3)
    feats = _features(out)
    assert sorted(round(f["area_m2"] / px_area) for f in feats) == pytest.approx(sorted(sizes), rel=2e-3)
    # ... and equal to an independent geodesic computation, also for perimeters.
    for f in feats:
        area, perim = _geodesic_area_perimeter(f["geom"], wkt)
        assert f["area_m2"] == pytest.approx(area, rel=1e-5)
        assert f["perimeter_m"] == pytest.approx(perim, rel=1e-4)
        assert f["status"] == "unreviewed" and f["note"] == "" and f["model"] == "unet_test"
        assert f["created_at"].endswith("Z") and f["created_at"][4] == "-"
        assert f["mean_prob"] is None          # no probability raster given
    # minimum area: only components above it survive (sizes 1197, 196, 87327 px of 0.25 m2)
    res = vectorize_mask(mask, tmp_path / "big.gpkg", min_area_m2=100.0)
    assert res.count == int((sizes * px_area * 1.0008 >= 100.0).sum()) == 2
    assert not [p for p in tmp_path.iterdir() if "partial" in p.name]


def test_holes_kept_or_filled_and_diagonal_pixels_one_landslide(tmp_path):
    m = np.zeros((20, 20), np.uint8)
    m[2:12, 2:12] = 1
    m[5:8, 5:8] = 0          # 9 px hole (9 m2)
    m[14, 14] = m[15, 15] = 1   # touching at a corner: one landslide
    m[0, 19] = 255           # nodata is never a landslide
    src = _write(tmp_path / "mask.tif", m, nodata=255)
    res = vectorize_mask(src, tmp_path / "p.gpkg")
    feats = sorted(_features(tmp_path / "p.gpkg"), key=lambda f: f["area_m2"])
    assert res.count == 2
    small, big = feats
    assert small["area_m2"] == pytest.approx(2.0, rel=2e-3)
    assert big["area_m2"] == pytest.approx(91.0, rel=2e-3)
    assert big["geom"].GetGeometryRef(0).GetGeometryCount() == 2      # outer ring + hole
    res = vectorize_mask(src, tmp_path / "filled.gpkg", fill_holes_m2=10.0)
    big = max(_features(tmp_path / "filled.gpkg"), key=lambda f: f["area_m2"])
    assert big["area_m2"] == pytest.approx(100.0, rel=2e-3)
    assert big["geom"].GetGeometryRef(0).GetGeometryCount() == 1
    # a hole larger than the fill size stays
    res = vectorize_mask(src, tmp_path / "kept.gpkg", fill_holes_m2=8.0)
    big = max(_features(tmp_path / "kept.gpkg"), key=lambda f: f["area_m2"])
    assert big["geom"].GetGeometryRef(0).GetGeometryCount() == 2


def test_zonal_statistics_from_constructed_rasters(tmp_path):
    m = np.zeros((12, 12), np.uint8)
    m[1:4, 1:4] = 1          # A: 9 px
    m[7:11, 6:10] = 1        # B: 16 px
    prob = np.full((12, 12), 0.99, np.float32)   # outside both: must not leak in
    prob[1:4, 1:4] = 0.6
    prob[2, 2] = 0.9         # A: mean (8*0.6 + 0.9)/9 = 0.6333.., max 0.9
    prob[7:11, 6:10] = 0.7
    prob[7, 6] = np.nan      # B: NaN skipped -> mean 0.7 over 15 px, max 0.7
    unc = np.where(m == 1, 0.05, 0.5).astype(np.float32)
    slope = np.zeros((12, 12), np.float32)
    slope[:, :6] = 30.0
    slope[:, 6:] = 10.0
    slope[10, 9] = -9999.0   # nodata inside B
    out = tmp_path / "p.gpkg"
    vectorize_mask(_write(tmp_path / "m.tif", m, nodata=255), out,
                   probability_path=_write(tmp_path / "p.tif", prob),
                   uncertainty_path=_write(tmp_path / "u.tif", unc),
                   slope_path=_write(tmp_path / "s.tif", slope, nodata=-9999.0))
    a, b = sorted(_features(out), key=lambda f: f["area_m2"])
    assert a["mean_prob"] == pytest.approx((8 * 0.6 + 0.9) / 9, abs=1e-6)
    assert a["max_prob"] == pytest.approx(0.9, abs=1e-6)
    assert b["mean_prob"] == pytest.approx(0.7, abs=1e-6) and b["max_prob"] == pytest.approx(0.7, abs=1e-6)
    assert a["mean_uncertainty"] == pytest.approx(0.05, abs=1e-6)
    assert a["mean_slope_deg"] == pytest.approx(30.0) and b["mean_slope_deg"] == pytest.approx(10.0)


def test_geographic_raster_gives_square_metres(tmp_path):
    # 30 x 40 px block of 1e-5 degree pixels near 31 N (about 1.1 m x 0.95 m each)
    m = np.zeros((50, 60), np.uint8)
    m[10:40, 10:50] = 1
    t = from_origin(98.7, 31.1, 1e-5, 1e-5)
    src = _write(tmp_path / "m4326.tif", m, crs="EPSG:4326", transform=t)
    res = vectorize_mask(src, tmp_path / "p.gpkg")
    (f,) = _features(tmp_path / "p.gpkg")
    with rasterio.open(src) as ds:
        wkt = ds.crs.to_wkt()
    area, perim = _geodesic_area_perimeter(f["geom"], wkt)
    assert 1100 < area < 1300                       # 1200 px of roughly 1 m2: metres, not degrees
    assert res.total_area_m2 == pytest.approx(area, rel=1e-5)
    assert f["perimeter_m"] == pytest.approx(perim, rel=1e-4)
    # simplification and minimum area are metres there too
    res = vectorize_mask(src, tmp_path / "s.gpkg", simplify_m=0.5, smooth=True, min_area_m2=1000.0)
    assert res.count == 1 and res.total_area_m2 == pytest.approx(area, rel=0.05)
    assert vectorize_mask(src, tmp_path / "none.gpkg", min_area_m2=5000.0).count == 0


def test_smoothing_and_simplification_keep_valid_geometry(tmp_path, root):
    mask = root / "resources" / "sample" / "baige_b_mask.tif"
    raw = vectorize_mask(mask, tmp_path / "raw.gpkg")
    res = vectorize_mask(mask, tmp_path / "s.gpkg", simplify_m=1.0, smooth=True)
    assert res.count == raw.count
    assert res.total_area_m2 == pytest.approx(raw.total_area_m2, rel=0.03)
    n_raw = sum(f["geom"].GetGeometryRef(0).GetGeometryRef(0).GetPointCount() for f in _features(tmp_path / "raw.gpkg"))
    feats = _features(tmp_path / "s.gpkg")
    n_s = sum(f["geom"].GetGeometryRef(0).GetGeometryRef(0).GetPointCount() for f in feats)
    assert n_s < n_raw
    assert all(f["geom"].IsValid() for f in feats)


def test_output_is_atomic_and_inputs_untouched(tmp_path, root):
    mask = root / "resources" / "sample" / "baige_b_mask.tif"
    before = mask.read_bytes()
    out = tmp_path / "p.gpkg"
    out.write_text("old")
    with pytest.raises(Cancelled):
        vectorize_mask(mask, out, cancel=lambda: True)
    assert out.read_text() == "old"                  # nothing replaced by a half-written file
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.gpkg"]
    vectorize_mask(mask, out)
    assert out.stat().st_size > 10000 and mask.read_bytes() == before


def test_bad_inputs_give_clear_messages(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        vectorize_mask(tmp_path / "missing.tif", tmp_path / "p.gpkg")
    nocrs = tmp_path / "nocrs.tif"
    with pytest.warns(rasterio.errors.NotGeoreferencedWarning):    # made so on purpose
        with rasterio.open(nocrs, "w", driver="GTiff", width=4, height=4, count=1, dtype="uint8") as ds:
            ds.write(np.ones((4, 4), np.uint8), 1)
    with pytest.raises(InputError, match="no coordinate reference system"):
        vectorize_mask(nocrs, tmp_path / "p.gpkg")
    good = _write(tmp_path / "m.tif", np.ones((4, 4), np.uint8))
    with pytest.raises(InputError, match="output folder"):
        vectorize_mask(good, tmp_path / "nope" / "p.gpkg")
    with pytest.raises(InputError, match="one of the inputs"):
        vectorize_mask(good, good)
    with pytest.raises(InputError, match="minimum area"):
        vectorize_mask(good, tmp_path / "p.gpkg", min_area_m2=-1)
    # a probability raster given as the mask: said, instead of no polygons without a word
    prob = _write(tmp_path / "prob.tif", np.full((4, 4), 0.37, np.float32))
    with pytest.raises(InputError, match=r"prob.tif holds values other than 0 and 1 \(such as 0.37\)"):
        vectorize_mask(prob, tmp_path / "p.gpkg")
    assert not (tmp_path / "p.gpkg").exists()


def test_qgis_opens_the_layer_for_review(tmp_path, root, qgis_app):
    from qgis.core import QgsVectorLayer

    out = tmp_path / "p.gpkg"
    vectorize_mask(root / "resources" / "sample" / "baige_b_mask.tif", out)
    layer = QgsVectorLayer(f"{out}|layername=landslides", "landslides", "ogr")
    assert layer.isValid() and layer.featureCount() == 3
    assert layer.crs().authid() == "EPSG:32647"
    names = layer.fields().names()
    for name in ("area_m2", "perimeter_m", "mean_prob", "max_prob", "model", "created_at", "status", "note"):
        assert name in names
    # a landslide the analyst draws by hand starts unreviewed
    idx = layer.fields().indexOf("status")
    assert layer.dataProvider().defaultValueClause(idx) == "'unreviewed'" or \
        layer.dataProvider().defaultValue(idx) == "unreviewed"


def test_gdal_exception_mode_is_left_as_it_was(tmp_path):
    """QGIS and other plugins share GDAL's process-wide exception switch: polygonising turns it on
    only while it runs, and an unreadable area of interest still gets its message either way."""
    from osgeo import gdal, ogr

    from landslide_mapper.plugin.engine.aoi import _read_vector
    from landslide_mapper.plugin.engine.errors import InputError
    from landslide_mapper.plugin.engine.raster_io import gdal_exceptions

    bad = tmp_path / "aoi.gpkg"
    bad.write_text("not a geopackage")
    for on in (False, True):
        if on:
            gdal.UseExceptions()
            ogr.UseExceptions()
        with gdal_exceptions():
            with gdal_exceptions():
                assert gdal.GetUseExceptions() and ogr.GetUseExceptions()
            assert gdal.GetUseExceptions()
        assert bool(gdal.GetUseExceptions()) == on and bool(ogr.GetUseExceptions()) == on
        with pytest.raises(InputError, match="cannot be read as a vector file"):
            _read_vector(bad, None, None, None)
    ogr.DontUseExceptions()
    gdal.DontUseExceptions()


def test_an_outline_reshaped_by_hand_counts_as_review_work(tmp_path, root):
    """Fresh outlines, in a projected or a geographic CRS, smoothed or not, hold no review; an
    outline whose vertex the analyst moved by half a metre does (so a rerun will not replace it);
    a status set without touching the outline counts as that alone."""
    from osgeo import gdal, ogr

    from landslide_mapper.plugin.engine.vectorize import review_work

    mask = root / "resources" / "sample" / "baige_b_mask.tif"
    geographic = tmp_path / "mask4326.tif"
    gdal.Warp(str(geographic), str(mask), dstSRS="EPSG:4326", resampleAlg="near")
    for src in (mask, geographic):
        for options in ({}, {"simplify_m": 1.0, "smooth": True, "fill_holes_m2": 50.0}):
            out = tmp_path / f"{src.stem}-{len(options)}.gpkg"
            assert vectorize_mask(src, out, **options).count > 0
            assert review_work(out) is None, (src.name, options)
    out = tmp_path / "baige_b_mask-0.gpkg"
    ds = ogr.Open(str(out), 1)
    layer = ds.GetLayer(0)
    first, second = layer.GetNextFeature(), layer.GetNextFeature()
    ring = first.GetGeometryRef().GetGeometryRef(0).GetGeometryRef(0)
    for i in (0, ring.GetPointCount() - 1):
        ring.SetPoint_2D(i, ring.GetX(i) + 0.5, ring.GetY(i))
    layer.SetFeature(first)
    second.SetField("status", "rejected")
    layer.SetFeature(second)
    ds = layer = None
    assert review_work(out) == "1 rejected, 1 reshaped by hand"


def test_gdal_block_cache_is_held_while_it_runs_and_given_back(tmp_path, root):
    """A huge mask does not fill GDAL's cache (by default 5 % of the memory) with blocks it never
    reads again: while it runs the cache is a row of blocks, and afterwards what it was (QGIS's
    own rendering shares the same cache)."""
    from osgeo import gdal

    from landslide_mapper.plugin.engine.outputs import CACHE_MIN

    mask = root / "resources" / "sample" / "baige_b_mask.tif"
    before = gdal.GetCacheMax()
    assert before > CACHE_MIN
    seen = []
    result = vectorize_mask(mask, tmp_path / "p.gpkg",
                            progress=lambda pct, msg: seen.append((pct, gdal.GetCacheMax())))
    during = [cache for pct, cache in seen if pct < 100]
    assert result.count > 0 and during
    assert set(during) == {CACHE_MIN}               # 768 px wide: the floor
    assert seen[-1] == (100.0, before) and gdal.GetCacheMax() == before
