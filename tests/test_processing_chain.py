"""`vectorize`, `evaluate` and the shipped model-builder chain, run through Processing on real rasters."""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from analytic_models import slope_model  # noqa: E402




def _features(path):
    from osgeo import ogr

    ds = ogr.Open(str(path))
    layer = ds.GetLayer(0)
    return [{k: f.GetField(k) for k in f.keys()} for f in layer]


def test_vectorize_reference_mask_with_dem_slope(processing_mod, root, tmp_path):
    res = processing_mod.run("landslide_mapper:vectorize", {
        "INPUT": str(root / "resources/sample/baige_b_mask.tif"),
        "DEM": str(root / "resources/sample/baige_b_dem.tif"),
        "MIN_AREA": 50.0, "SMOOTH": True, "FILL_HOLES": 5.0, "MODEL": "reference",
        "OUTPUT": str(tmp_path / "ref.gpkg")})
    feats = _features(res["OUTPUT"])
    assert res["LANDSLIDES"] == len(feats) > 0
    assert all(f["area_m2"] >= 50.0 and f["status"] == "unreviewed" and f["model"] == "reference" for f in feats)
    assert all(5.0 < f["mean_slope_deg"] < 80.0 for f in feats)          # slope computed from the DEM
    assert sum(f["area_m2"] for f in feats) == pytest.approx(res["LANDSLIDE_AREA_M2"])


def test_vectorize_layers_read_from_a_zip_archive(processing_mod, root, tmp_path):
    """Mask and DEM layers opened from a zip: the same polygons as from the files."""
    import zipfile

    from qgis.core import QgsRasterLayer

    archive = tmp_path / "maps.zip"
    files = {"INPUT": "baige_b_mask.tif", "DEM": "baige_b_dem.tif"}
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        for name in files.values():
            z.write(root / "resources/sample" / name, arcname=name)
    results = []
    for where in ("files", "zip"):
        params = {"MIN_AREA": 50.0, "OUTPUT": str(tmp_path / f"{where}.gpkg")}
        for key, name in files.items():
            if where == "files":
                params[key] = str(root / "resources/sample" / name)
            else:
                params[key] = QgsRasterLayer(f"/vsizip/{archive}/{name}", key, "gdal")
                assert params[key].isValid()
        res = processing_mod.run("landslide_mapper:vectorize", params)
        results.append([{k: v for k, v in f.items() if k != "created_at"} for f in _features(res["OUTPUT"])])
    assert results[0] == results[1] and len(results[0]) > 0


def test_vectorize_rejects_multiband_input(processing_mod, root, tmp_path):
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException, match="3 bands; a landslide mask has one"):
        processing_mod.run("landslide_mapper:vectorize", {"INPUT": str(root / "resources/sample/baige_b_rgb.tif"),
                                                          "OUTPUT": str(tmp_path / "x.gpkg")})


def test_evaluate_reference_against_itself_and_shifted(processing_mod, root, tmp_path):
    """A map equal to the reference scores 1; a shifted copy scores less, and the report says so."""
    import rasterio

    ref = root / "resources/sample/baige_b_mask.tif"
    with rasterio.open(ref) as ds:
        profile, data = ds.profile, ds.read(1)
    shifted = np.full_like(data, 0)
    shifted[:, 40:] = data[:, :-40]
    shifted[data == 255] = 255
    pred = tmp_path / "shifted.tif"
    with rasterio.open(pred, "w", **profile) as dst:
        dst.write(shifted, 1)
    same = processing_mod.run("landslide_mapper:evaluate", {
        "PREDICTION": str(ref), "REFERENCE": str(ref), "OUTPUT_REPORT": str(tmp_path / "same.html")})
    assert same["F1"] == pytest.approx(1.0) and same["MISSED"] == 0 and same["FALSE"] == 0
    res = processing_mod.run("landslide_mapper:evaluate", {
        "PREDICTION": str(pred), "REFERENCE": str(ref), "OUTPUT_REPORT": str(tmp_path / "r.html"),
        "OUTPUT_ERRORS": str(tmp_path / "errors.tif"), "OUTPUT_TABLE": str(tmp_path / "metrics.csv")})
    assert 0.0 < res["F1"] < 1.0 and 0.0 < res["IOU"] < res["F1"]
    html = Path(res["OUTPUT_REPORT"]).read_text(encoding="utf-8")
    assert "<html" in html.lower() and f"{res['F1']:.4f}" in html
    with rasterio.open(res["OUTPUT_ERRORS"]) as ds:
        errors = ds.read(1)
    valid = data != 255
    assert ((errors == 1) == ((shifted == 1) & (data == 1)))[valid].all()
    assert ((errors == 3) == ((shifted == 0) & (data == 1)))[valid].all()
    table = Path(res["OUTPUT_TABLE"]).read_text(encoding="utf-8")
    assert "mcc" in table and "balanced_accuracy" in table


def test_evaluate_layers_read_from_zip_archives(processing_mod, root, tmp_path):
    """A map and a reference opened from zip archives (a mask raster, landslide outlines in a
    Shapefile) are evaluated as the files themselves are: a map against its own outlines scores 1."""
    import zipfile

    from osgeo import gdal, ogr
    from qgis.core import QgsRasterLayer, QgsVectorLayer

    mask = root / "resources/sample/baige_b_mask.tif"
    folder = tmp_path / "outlines"
    folder.mkdir()
    src = gdal.Open(str(mask))
    shp = ogr.GetDriverByName("ESRI Shapefile").CreateDataSource(str(folder / "outlines.shp"))
    layer = shp.CreateLayer("outlines", src.GetSpatialRef(), ogr.wkbPolygon)
    layer.CreateField(ogr.FieldDefn("value", ogr.OFTInteger))
    gdal.Polygonize(src.GetRasterBand(1), None, layer, 0)
    for feature in list(layer):
        if feature.GetField("value") != 1:
            layer.DeleteFeature(feature.GetFID())
    layer = shp = src = None
    archive = tmp_path / "maps.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.write(mask, arcname="mask.tif")
        for part in folder.iterdir():
            z.write(part, arcname=f"outlines/{part.name}")
    prediction = QgsRasterLayer(f"/vsizip/{archive}/mask.tif", "map", "gdal")
    reference = QgsVectorLayer(f"/vsizip/{archive}/outlines/outlines.shp", "outlines", "ogr")
    assert prediction.isValid() and reference.isValid() and reference.featureCount() > 0
    res = processing_mod.run("landslide_mapper:evaluate", {
        "PREDICTION": prediction, "REFERENCE": reference, "OUTPUT_REPORT": str(tmp_path / "r.html")})
    assert res["F1"] == pytest.approx(1.0) and res["MISSED"] == 0 and res["FALSE"] == 0


def test_model_builder_chain_runs(processing_mod, root, tmp_path):
    """features -> detect -> vectorize -> evaluate, from the shipped .model3, with processing.run."""
    from qgis.core import QgsApplication, QgsProcessingModelAlgorithm

    model_path = root / "resources/modeler/landslide_mapping_chain.model3"
    model = QgsProcessingModelAlgorithm()
    assert model.fromFile(str(model_path))
    model.setProvider(QgsApplication.processingRegistry().providerById("landslide_mapper"))
    children = {c.algorithmId() for c in model.childAlgorithms().values()}
    assert children == {f"landslide_mapper:{a}" for a in ("features", "detect", "vectorize", "evaluate")}
    ok, problems = model.validate()
    assert ok, problems
    onnx = slope_model(tmp_path / "slope_sigmoid.onnx", tile_size=128, overlap=16)
    result = processing_mod.run(model, {
        "image": str(root / "resources/sample/baige_b_rgb.tif"),
        "dem": str(root / "resources/sample/baige_b_dem.tif"),
        "reference": str(root / "resources/sample/baige_b_mask.tif"),
        "model_file": str(onnx), "min_area_m2": 20.0,
        "features:slope": str(tmp_path / "slope.tif"),
        "detect:probability": str(tmp_path / "probability.tif"), "detect:mask": "TEMPORARY_OUTPUT",
        "evaluate:errors": "TEMPORARY_OUTPUT",
        "vectorize:landslides": str(tmp_path / "landslides.gpkg"),
        "evaluate:report": str(tmp_path / "report.html"),
    })
    feats = _features(tmp_path / "landslides.gpkg")
    assert feats and all(f["area_m2"] >= 20.0 and f["mean_slope_deg"] is not None for f in feats)
    assert (tmp_path / "probability.tif").is_file() and (tmp_path / "slope.tif").is_file()
    report = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "<html" in report.lower() and "F1" in report
    assert "ROC" in report and "<img" in report          # curves: the probability raster was passed on
    assert Path(result["vectorize:landslides"]) == tmp_path / "landslides.gpkg"
