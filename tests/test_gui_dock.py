"""The analyst's dock in a real headless QGIS: layers, model choice, background runs, review.

Runs use tiny analytic ONNX models (exact and fast) on the real sample scene.
"""
from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import analytic_models as A  # noqa: E402
from gui_helpers import dock_sandbox  # noqa: E402

SAMPLE = Path(__file__).resolve().parents[1] / "resources" / "sample"


@pytest.fixture(scope="module")
def env(qgis_app, tmp_path_factory):
    """Analytic models in the user model folder; QGIS settings in a scratch folder."""
    base = tmp_path_factory.mktemp("gui")
    models = base / "models"
    A.red_sigmoid(models / "red_sigmoid.onnx", default=True, tile_size=128, overlap=16)
    A.slope_model(models / "slope_sigmoid.onnx", tile_size=128, overlap=16)
    with dock_sandbox(models, base / "settings"):
        yield base


@pytest.fixture
def project(env):
    from qgis.core import QgsProject, QgsRasterLayer, QgsVectorLayer

    p = QgsProject.instance()
    p.clear()
    for name, file in (("dem", "baige_b_dem.tif"), ("baige rgb", "baige_b_rgb.tif")):
        layer = QgsRasterLayer(str(SAMPLE / file), name)
        assert layer.isValid()
        p.addMapLayer(layer)
    p.addMapLayer(QgsVectorLayer("Polygon?crs=EPSG:32647", "areas", "memory"))
    yield p
    p.clear()


@pytest.fixture
def dock(project, env, tmp_path):
    from qgis.gui import QgsMapCanvas, QgsMessageBar
    from landslide_mapper.plugin.gui.dock import LandslideDock

    canvas = QgsMapCanvas()
    bar = QgsMessageBar()
    d = LandslideDock(canvas, bar, project=project)
    d.output_folder.setFilePath(str(tmp_path / "runs"))
    d.batch_size.setValue(4)
    yield d
    from qgis.PyQt.QtCore import QCoreApplication, QEvent

    d.shutdown()
    d.deleteLater()
    canvas.deleteLater()
    bar.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)   # gone before the project is cleared


def choose_model(dock, name):
    for i in range(dock.model.count()):
        info = dock.models[dock.model.itemData(i)]
        if info.name == name:
            dock.model.setCurrentIndex(i)
            return info
    raise AssertionError(f"model {name} not listed")


def wait_for_run(dock, seconds=120):
    from qgis.PyQt.QtTest import QTest

    end = time.monotonic() + seconds
    while dock.is_running() and time.monotonic() < end:
        QTest.qWait(50)
    assert not dock.is_running(), "the run did not finish in time"


def critical_messages(dock):
    """Error texts in the message bar, the one shown now last."""
    from qgis.core import Qgis

    current = dock.message_bar.currentItem()
    items = [i for i in dock.message_bar.items() if i is not current] + ([current] if current else [])
    return [item.text() for item in items if item.level() == Qgis.Critical]


def test_dock_lists_project_rasters_and_guesses_roles(dock, project):

    names = {dock.image_layer.itemText(i) for i in range(dock.image_layer.count())}
    assert names == {"dem", "baige rgb"}                 # rasters only, no vector layer
    assert dock.image_layer.currentLayer().name() == "baige rgb"   # three bands: imagery
    assert dock.dem_layer.currentLayer().name() == "dem"
    for name in ("image_layer", "dem_layer", "model", "run_button", "cancel_button", "progress"):
        assert dock.findChild(object, name) is not None, name
    assert dock.findChild(object, "output_folder").filePath()
    assert not dock.cancel_button.isEnabled()
    # the devices a run can use, and nothing else onnxruntime lists (its Azure endpoints)
    assert re.match(r"Available: (CUDA, )?CPU\b", dock.device_info.text()), dock.device_info.text()


def test_dem_model_requires_dem(dock, project):
    info = choose_model(dock, "red_sigmoid")
    assert not info.metadata.needs_dem and not dock.dem_layer.isEnabled()
    info = choose_model(dock, "slope_sigmoid")
    assert info.metadata.needs_dem and dock.dem_layer.isEnabled()
    assert "DEM" in dock.model_card.text()
    dock.dem_layer.setLayer(None)
    dock.run_button.click()
    assert not dock.is_running()
    errors = critical_messages(dock)
    assert errors and "needs a DEM" in errors[-1]
    assert len(project.layerTreeRoot().children()) == 3    # nothing added


def test_run_adds_styled_layers_to_one_group(dock, project, tmp_path):
    from qgis.core import (QgsCategorizedSymbolRenderer, QgsLayerTreeGroup, QgsPalettedRasterRenderer,
                           QgsSingleBandPseudoColorRenderer, QgsVectorLayer)

    choose_model(dock, "slope_sigmoid")
    dock.tta.setChecked(True)
    dock.min_area.setValue(20)
    dock.threads.setValue(1)
    dock.compression.setCurrentIndex(dock.compression.findData("deflate"))
    dock.run_button.click()
    assert dock.is_running() and dock.cancel_button.isEnabled() and not dock.run_button.isEnabled()
    wait_for_run(dock)
    assert not critical_messages(dock), critical_messages(dock)
    groups = [n for n in project.layerTreeRoot().children() if isinstance(n, QgsLayerTreeGroup)]
    assert len(groups) == 1 and groups[0].name().startswith("baige_rgb_slope_sigmoid_")
    layers = {node.layer().customProperty("landslide_mapper/output"): node.layer()
              for node in groups[0].findLayers()}
    assert set(layers) == {"polygons", "mask", "uncertainty", "probability"}
    prob = layers["probability"].renderer()
    assert isinstance(prob, QgsSingleBandPseudoColorRenderer)
    assert (prob.classificationMin(), prob.classificationMax()) == (0.0, 1.0)
    items = prob.shader().rasterShaderFunction().colorRampItemList()
    assert items[0].color.alpha() == 0 and items[-1].color.alpha() > 200   # transparent near 0
    mask = layers["mask"].renderer()
    assert isinstance(mask, QgsPalettedRasterRenderer)
    assert [c.value for c in mask.classes()] == [1]                         # 0 is not drawn
    assert isinstance(layers["uncertainty"].renderer(), QgsSingleBandPseudoColorRenderer)
    poly = layers["polygons"]
    assert isinstance(poly, QgsVectorLayer) and poly.featureCount() > 0
    assert poly.dataProvider().capabilities() & poly.dataProvider().ChangeAttributeValues   # editable
    renderer = poly.renderer()
    assert isinstance(renderer, QgsCategorizedSymbolRenderer) and renderer.classAttribute() == "status"
    assert {c.value() for c in renderer.categories()} >= {"unreviewed", "confirmed", "rejected"}
    assert poly.source().split("|")[0].endswith("polygons.gpkg")
    log = dock.log.toPlainText()
    assert "CPUExecutionProvider" in log and "Landslides found" in log
    import json

    summary = json.loads((Path(layers["probability"].source()).parent / "summary.json").read_text())
    assert summary["settings"]["threads"] == 1 and summary["settings"]["compression"] == "deflate"
    assert dock.progress.value() == 100
    # the message bar says how long it took, to a tenth for a run this short (not "in 0 s")
    from qgis.core import Qgis

    done = [i.text() for i in dock.message_bar.items() if i.level() == Qgis.Success]
    assert any(re.search(r"landslides found \(.+\) in \d\.\d s on CPU\.", t) for t in done), done
    # the review tab picks up the new polygons at once
    assert dock.review.layer is poly and dock.review.current_id() is not None


def test_layers_from_a_zip_archive_are_mapped_where_they_are(dock, project, tmp_path):
    """A scene the analyst opened straight from its zip download runs without saving copies first."""
    import json
    import zipfile

    from qgis.core import QgsLayerTreeGroup, QgsRasterLayer

    archive = tmp_path / "download.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        for name in ("baige_b_rgb.tif", "baige_b_dem.tif"):
            z.write(SAMPLE / name, arcname=f"scene/{name}")
    layers = {}
    for role, name in (("image", "baige_b_rgb.tif"), ("dem", "baige_b_dem.tif")):
        layers[role] = QgsRasterLayer(f"/vsizip/{archive}/scene/{name}", f"zipped {role}")
        assert layers[role].isValid()
        project.addMapLayer(layers[role])
    choose_model(dock, "slope_sigmoid")
    dock.image_layer.setLayer(layers["image"])
    dock.dem_layer.setLayer(layers["dem"])
    dock.threads.setValue(1)
    request, _name = dock.build_request()
    assert str(request.image) == f"/vsizip/{archive}/scene/baige_b_rgb.tif"   # the archive's path kept whole
    dock.run_button.click()
    wait_for_run(dock)
    assert not critical_messages(dock), critical_messages(dock)
    groups = [n for n in project.layerTreeRoot().children() if isinstance(n, QgsLayerTreeGroup)]
    assert len(groups) == 1 and groups[0].name().startswith("zipped_image_slope_sigmoid_")
    prob = [n.layer() for n in groups[0].findLayers()
            if n.layer().customProperty("landslide_mapper/output") == "probability"][0]
    summary = json.loads((Path(prob.source()).parent / "summary.json").read_text())
    assert summary["inputs"]["dem"] == f"/vsizip/{archive}/scene/baige_b_dem.tif"
    assert summary["counts"]["landslides"] > 0


def test_threads_and_compression_are_remembered(dock, project):
    from qgis.gui import QgsMapCanvas, QgsMessageBar
    from landslide_mapper.plugin.gui.dock import LandslideDock

    dock.threads.setValue(0)
    assert dock.threads.text() == "all cores"                # 0: every core
    assert [dock.compression.itemData(i) for i in range(dock.compression.count())] == ["zstd", "deflate"]
    dock.threads.setValue(3)
    dock.compression.setCurrentIndex(dock.compression.findData("deflate"))
    dock.save_settings()
    canvas, bar = QgsMapCanvas(), QgsMessageBar()
    second = LandslideDock(canvas, bar, project=project)
    try:
        assert second.threads.value() == 3 and second.compression.currentData() == "deflate"
    finally:
        second.shutdown()
        second.deleteLater()


def test_cancel_stops_the_run_and_adds_nothing(dock, project):
    from qgis.PyQt.QtTest import QTest

    choose_model(dock, "red_sigmoid")
    dock.tta.setChecked(True)
    dock.batch_size.setValue(1)
    dock.run_button.click()
    out_dir = dock.task.request.out_dir
    end = time.monotonic() + 30
    while dock.progress.value() == 0 and time.monotonic() < end:
        QTest.qWait(10)
    assert dock.is_running(), "run ended before it could be cancelled"
    dock.cancel_button.click()
    wait_for_run(dock, 30)
    assert "Cancelled" in dock.log.toPlainText()
    assert len(project.layerTreeRoot().children()) == 3
    assert not critical_messages(dock)
    finished = [p.name for p in out_dir.glob("*")] if out_dir.exists() else []
    assert not {"probability.tif", "mask.tif", "polygons.gpkg", "summary.json"} & set(finished)
    assert dock.run_button.isEnabled() and not dock.cancel_button.isEnabled()


def test_band_pickers_follow_the_model_and_the_bands_colour_tags(dock, project, tmp_path):
    """A picker per image band the model reads, set from the bands' colour tags; imagery stored
    blue-green-red is mapped as the red-green-blue scene once its bands are picked."""
    import numpy as np
    import rasterio
    from osgeo import gdal
    from qgis.core import QgsRasterLayer

    def bands_shown():
        return [(dock.input_form.labelForField(c).text(), c.currentBand()) for _r, c in dock.band_rows]

    rgb = SAMPLE / "baige_b_rgb.tif"
    choose_model(dock, "red_sigmoid")
    assert bands_shown() == [("Red band", 1), ("Green band", 2), ("Blue band", 3)]
    choose_model(dock, "slope_sigmoid")                         # reads red only
    assert bands_shown() == [("Red band", 1)]
    choose_model(dock, "red_sigmoid")
    layers = {}
    for name, tags in (("bgr tagged", "blue,green,red"), ("bgr plain", "undefined,undefined,undefined")):
        path = tmp_path / f"{name.replace(' ', '_')}.tif"
        gdal.Translate(str(path), str(rgb), options="-b 3 -b 2 -b 1 -colorinterp " + tags).FlushCache()
        layers[name] = project.addMapLayer(QgsRasterLayer(str(path), name))
    dock.image_layer.setLayer(layers["bgr tagged"])
    assert [b for _l, b in bands_shown()] == [3, 2, 1]
    assert dock.build_request()[0].bands is None                # the run finds them itself, and says so
    dock.image_layer.setLayer(layers["bgr plain"])
    assert [b for _l, b in bands_shown()] == [1, 2, 3]
    for (_role, combo), band in zip(dock.band_rows, (3, 2, 1)):
        combo.setBand(band)
    dock.threads.setValue(1)
    dock.run_button.click()
    wait_for_run(dock)
    dock.image_layer.setLayer(project.mapLayersByName("baige rgb")[0])     # the same run on the scene
    dock.run_button.click()
    wait_for_run(dock)
    assert not critical_messages(dock), critical_messages(dock)
    prob = {}
    for name in ("bgr_plain", "baige_rgb"):
        run = sorted((tmp_path / "runs").glob(f"{name}_red_sigmoid_*"))[-1]
        with rasterio.open(run / "probability.tif") as ds:
            prob[name] = ds.read(1)
    assert np.array_equal(prob["bgr_plain"], prob["baige_rgb"])
    # a single-band image: each band the model reads must be picked (the same one may serve all)
    dock.image_layer.setLayer(project.mapLayersByName("dem")[0])
    assert [b for _l, b in bands_shown()] == [1, -1, -1]
    dock.run_button.click()
    assert not dock.is_running()
    assert "Choose an image band for each band the model reads (red, green, blue): 'dem' has 1 band(s)" \
        in critical_messages(dock)[-1]


def test_the_detect_tab_fits_the_dock_at_its_narrowest(dock):
    """QGIS opens a new dock narrow: at the dock's smallest width every button of the Detect tab
    is whole on screen, and nothing needs a sideways scroll."""
    from qgis.PyQt.QtCore import QPoint
    from qgis.PyQt.QtWidgets import QApplication, QScrollArea

    dock.show()
    dock.resize(dock.minimumSizeHint().width(), 900)
    QApplication.processEvents()
    area = dock.findChildren(QScrollArea)[0]
    viewport = area.viewport()
    assert not area.horizontalScrollBar().isVisible()
    for button in (dock.run_button, dock.cancel_button, dock.browse_model, dock.draw_button):
        left = button.mapTo(viewport, QPoint(0, 0)).x()
        assert left >= 0 and left + button.width() <= viewport.width(), button.text()
        assert button.width() >= button.minimumSizeHint().width(), button.text()   # its text whole
    assert dock.minimumSizeHint().width() <= 480
    dock.hide()


def test_bad_input_shows_an_error_and_adds_nothing(dock, project, tmp_path):
    from qgis.core import QgsRasterLayer

    choose_model(dock, "red_sigmoid")
    # a one-band raster given to a model that reads three bands: the engine refuses
    single = QgsRasterLayer(str(SAMPLE / "baige_b_mask.tif"), "mask only")
    project.addMapLayer(single)
    dock.image_layer.setLayer(single)
    dock.run_button.click()
    wait_for_run(dock)
    errors = critical_messages(dock)
    assert errors and "band" in errors[-1].lower()
    assert len(project.layerTreeRoot().children()) == 4     # 3 + the one we added, no group
    runs = tmp_path / "runs"
    assert not runs.exists() or list(runs.iterdir()) == []   # no empty run folder left behind
    # an output folder that cannot be created: the dock says so before starting
    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder")
    dock.image_layer.setLayer(project.mapLayersByName("baige rgb")[0])
    dock.output_folder.setFilePath(str(blocker))
    dock.run_button.click()
    assert not dock.is_running()
    assert "cannot be written" in critical_messages(dock)[-1]
    assert len(project.layerTreeRoot().children()) == 4


def test_review_marks_persist_in_geopackage(qgis_app, env, tmp_path):
    from qgis.core import QgsVectorLayer
    from qgis.gui import QgsMapCanvas
    from landslide_mapper.plugin.engine.vectorize import vectorize_mask
    from landslide_mapper.plugin.gui.layers import polygons_layer
    from landslide_mapper.plugin.gui.review import ReviewPanel

    gpkg = tmp_path / "polygons.gpkg"
    vectorize_mask(SAMPLE / "baige_b_mask.tif", gpkg, min_area_m2=20)
    layer = polygons_layer(gpkg, "Landslides")
    assert layer is not None and layer.featureCount() >= 3
    panel = ReviewPanel(QgsMapCanvas())
    panel.order_box.setCurrentIndex(panel.order_box.findData("area_m2"))
    panel.set_layer(layer)
    areas = [layer.getFeature(fid)["area_m2"] for fid in panel.order]
    assert areas == sorted(areas, reverse=True)              # largest first
    first, second, third = panel.order[:3]
    panel.note_edit.setText("fresh scarp, road cut below")
    panel.confirm_button.click()                              # confirms and moves on
    assert panel.current_id() == second
    panel.shortcuts[4].activated.emit()                       # the R key: reject
    assert panel.current_id() == third
    panel.previous_button.click()
    assert panel.current_id() == second
    c = panel.counts()
    assert (c["confirmed"], c["rejected"]) == (1, 1)
    assert "Reviewed 2 of" in panel.summary_label.text()
    reopened = QgsVectorLayer(str(gpkg), "again", "ogr")      # what is on disk
    values = {f.id(): (f["status"], f["note"]) for f in reopened.getFeatures()}
    assert values[first] == ("confirmed", "fresh scarp, road cut below")
    assert values[second][0] == "rejected"
    assert values[third][0] == "unreviewed"


def test_review_lets_go_of_a_layer_removed_from_the_project(qgis_app, env, tmp_path):
    """Two runs' polygons in the project, the second under review: removing it from the project
    (the picker stays on the same row and says nothing) must not leave the panel on a deleted
    layer; it follows the layer the picker then shows, and the buttons work on it."""
    import shutil

    from qgis.core import QgsProject
    from qgis.gui import QgsMapCanvas
    from qgis.PyQt.QtTest import QTest

    from landslide_mapper.plugin.engine.vectorize import vectorize_mask
    from landslide_mapper.plugin.gui.layers import polygons_layer
    from landslide_mapper.plugin.gui.review import ReviewPanel

    project = QgsProject.instance()
    first_gpkg = tmp_path / "first.gpkg"
    vectorize_mask(SAMPLE / "baige_b_mask.tif", first_gpkg, min_area_m2=20)
    second_gpkg = tmp_path / "second.gpkg"
    shutil.copy(first_gpkg, second_gpkg)
    first, second = polygons_layer(first_gpkg, "Landslides"), polygons_layer(second_gpkg, "Landslides")
    project.addMapLayers([first, second])
    panel = ReviewPanel(QgsMapCanvas())
    try:
        panel.set_layer(second)
        panel.next_button.click()
        project.removeMapLayer(second.id())
        QTest.qWait(20)
        assert panel.layer is first and panel.layer_box.currentLayer() is first
        panel.next_button.click()
        panel.confirm_button.click()                          # no "wrapped C/C++ object ... deleted"
        assert panel.counts()["confirmed"] == 1
        project.removeMapLayer(first.id())
        QTest.qWait(20)
        assert panel.layer is None
        panel.next_button.click()                             # nothing to review: nothing happens
    finally:
        panel.shutdown()
        project.removeAllMapLayers()
