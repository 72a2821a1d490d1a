"""The dock and the Processing `detect` algorithm map the same landslides from the same inputs.

One run goes through the dock's real Run button (a background QgsTask in a
headless QGIS), the other through ``landslide_mapper:detect``; both use the
real sample scene (RGB + DEM) and a tiny analytic terrain model, with the
same threshold, overlap, minimum area and simplification. The rasters must
be byte-identical and the polygons the same.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import analytic_models as A  # noqa: E402
from gui_helpers import dock_sandbox  # noqa: E402

SAMPLE = Path(__file__).resolve().parents[1] / "resources" / "sample"
THRESHOLD, OVERLAP, MIN_AREA, SIMPLIFY, BATCH = 0.6, 32, 20.0, 0.5, 4


@pytest.fixture
def env(qgis_app, tmp_path):
    """The analytic model in the user model folder; QGIS settings in a scratch folder."""
    model = A.slope_model(tmp_path / "models" / "slope_sigmoid.onnx", tile_size=128, overlap=16)
    with dock_sandbox(model.parent, tmp_path / "settings"):
        yield model


def _raster(path):
    import rasterio

    with rasterio.open(path) as ds:
        return ds.read(), ds.transform, ds.crs, ds.nodata, ds.dtypes


def _polygons(path):
    from osgeo import ogr

    ds = ogr.Open(str(path))
    layer = ds.GetLayer(0)
    areas = sorted(round(f.GetGeometryRef().GetArea(), 6) for f in layer)
    fields = sorted(round(f.GetField("area_m2"), 6) for f in layer)
    return areas, fields


def _run_dock(project, model_path: Path, out_folder: Path) -> Path:
    from qgis.gui import QgsMapCanvas, QgsMessageBar
    from qgis.PyQt.QtTest import QTest

    from landslide_mapper.plugin.gui.dock import LandslideDock

    dock = LandslideDock(QgsMapCanvas(), QgsMessageBar(), project=project)
    try:
        dock.image_layer.setLayer(project.mapLayersByName("baige rgb")[0])
        for i in range(dock.model.count()):
            if Path(dock.models[dock.model.itemData(i)].path).resolve() == model_path.resolve():
                dock.model.setCurrentIndex(i)
                break
        else:
            raise AssertionError("the analytic model is not listed in the dock")
        dock.dem_layer.setLayer(project.mapLayersByName("dem")[0])
        assert dock.aoi.findData("layer") >= 0 and dock.device.findData("cpu") >= 0
        dock.aoi.setCurrentIndex(dock.aoi.findData("layer"))      # the whole image
        dock.threshold.setValue(THRESHOLD)
        dock.overlap.setValue(OVERLAP)
        dock.batch_size.setValue(BATCH)
        dock.device.setCurrentIndex(dock.device.findData("cpu"))
        dock.tta.setChecked(False)
        dock.saliency.setChecked(False)
        dock.min_area.setValue(MIN_AREA)
        dock.simplify.setValue(SIMPLIFY)
        dock.output_folder.setFilePath(str(out_folder))
        dock.run_button.click()
        assert dock.is_running(), getattr(dock, "last_error", "the dock did not start a run")
        end = time.monotonic() + 120
        while dock.is_running() and time.monotonic() < end:
            QTest.qWait(50)
        assert not dock.is_running(), "the dock's run did not finish in time"
        assert "Landslides found" in dock.log.toPlainText(), dock.log.toPlainText()
    finally:
        dock.shutdown()
        dock.deleteLater()
    runs = [p for p in out_folder.iterdir() if p.is_dir()]
    assert len(runs) == 1, runs
    return runs[0]


def test_dock_and_processing_give_identical_outputs(env, run_alg, tmp_path):
    from qgis.core import QgsProject, QgsRasterLayer

    project = QgsProject.instance()
    project.clear()
    for name, file in (("dem", "baige_b_dem.tif"), ("baige rgb", "baige_b_rgb.tif")):
        layer = QgsRasterLayer(str(SAMPLE / file), name)
        assert layer.isValid()
        project.addMapLayer(layer)
    try:
        dock_dir = _run_dock(project, env, tmp_path / "dock")
    finally:
        project.clear()

    alg = tmp_path / "alg"
    result = run_alg("detect", {
        "IMAGE": str(SAMPLE / "baige_b_rgb.tif"), "DEM": str(SAMPLE / "baige_b_dem.tif"),
        "MODEL_FILE": str(env), "THRESHOLD": THRESHOLD, "OVERLAP": OVERLAP, "DEVICE": "cpu",
        "TTA": False, "MIN_AREA": MIN_AREA, "SIMPLIFY": SIMPLIFY, "BATCH_SIZE": BATCH,
        "OUTPUT_PROBABILITY": str(alg / "probability.tif"), "OUTPUT_MASK": str(alg / "mask.tif"),
        "OUTPUT_POLYGONS": str(alg / "polygons.gpkg")})

    for name, key in (("probability.tif", "OUTPUT_PROBABILITY"), ("mask.tif", "OUTPUT_MASK")):
        d_arr, d_tr, d_crs, d_nd, d_dt = _raster(dock_dir / name)
        a_arr, a_tr, a_crs, a_nd, a_dt = _raster(result[key])
        assert d_arr.shape == a_arr.shape == (1, 768, 768), name
        assert d_dt == a_dt, name
        assert d_arr.tobytes() == a_arr.tobytes(), f"{name}: dock and Processing differ"
        assert (d_tr, d_crs) == (a_tr, a_crs), name
        assert d_nd == a_nd or (np.isnan(d_nd) and np.isnan(a_nd)), name
    mask = _raster(dock_dir / "mask.tif")[0][0]
    # the comparison means something only if both landslide and background were mapped
    assert (mask == 1).sum() > 100 and (mask == 0).sum() > 100

    d_geom, d_field = _polygons(dock_dir / "polygons.gpkg")
    a_geom, a_field = _polygons(result["OUTPUT_POLYGONS"])
    assert len(d_geom) == len(a_geom) == result["LANDSLIDES"] > 0
    assert d_geom == a_geom
    assert d_field == a_field
    assert min(d_field) >= MIN_AREA
    assert result["LANDSLIDE_AREA_M2"] == pytest.approx(sum(d_field), rel=1e-6)
