"""Area of interest from the map (current extent, a dragged rectangle) and the remembered model.

A real headless QgsMapCanvas and the real sample scene (EPSG:32647); the map
is shown in Web Mercator in some tests so that the box must be transformed.
Runs use a tiny analytic ONNX model.
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


@pytest.fixture(scope="module")
def env(qgis_app, tmp_path_factory):
    """An optical and a terrain default plus a second optical model; settings in a scratch folder."""
    base = tmp_path_factory.mktemp("gui_aoi")
    models = base / "models"
    A.red_sigmoid(models / "red_sigmoid.onnx", default=True, tile_size=128, overlap=16)
    A.red_sigmoid(models / "red_other.onnx", name="red_other", tile_size=128, overlap=16)
    A.slope_model(models / "slope_sigmoid.onnx", default=True, tile_size=128, overlap=16)
    with dock_sandbox(models, base / "settings"):
        yield base


@pytest.fixture
def fresh_settings(env):
    from qgis.core import QgsSettings

    QgsSettings().remove("landslide_mapper/dock")
    yield


@pytest.fixture
def project(env, fresh_settings):
    from qgis.core import QgsProject, QgsRasterLayer

    p = QgsProject.instance()
    p.clear()
    layer = QgsRasterLayer(str(SAMPLE / "baige_b_rgb.tif"), "baige rgb")
    assert layer.isValid()
    p.addMapLayer(layer)
    yield p
    p.clear()


@pytest.fixture
def make_dock(project, tmp_path):
    """Docks on a 400 x 300 px map canvas showing the image."""
    from qgis.gui import QgsMapCanvas, QgsMessageBar
    from landslide_mapper.plugin.gui.dock import LandslideDock

    made = []

    def make():
        canvas = QgsMapCanvas()
        canvas.resize(400, 300)
        canvas.show()
        canvas.setLayers(list(project.mapLayers().values()))
        bar = QgsMessageBar()
        dock = LandslideDock(canvas, bar, project=project)
        dock.output_folder.setFilePath(str(tmp_path / "runs"))
        made.append((dock, canvas, bar))
        return dock

    yield make
    from qgis.PyQt.QtCore import QCoreApplication, QEvent

    for dock, canvas, bar in made:
        dock.shutdown()
        canvas.hide()
        dock.deleteLater()
        canvas.deleteLater()
        bar.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)   # gone before the project is cleared


def choose(combo, key):
    index = combo.findData(key)
    assert index >= 0, key
    combo.setCurrentIndex(index)


def choose_model(dock, name):
    for i in range(dock.model.count()):
        if dock.models[dock.model.itemData(i)].name == name:
            dock.model.setCurrentIndex(i)
            return
    raise AssertionError(name)


def show_in(canvas, crs_id, rect_in_image_crs):
    """Show ``rect_in_image_crs`` (EPSG:32647) on the canvas in ``crs_id``."""
    from qgis.core import QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsProject, QgsRectangle

    crs = QgsCoordinateReferenceSystem(crs_id)
    canvas.setDestinationCrs(crs)
    to_canvas = QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:32647"), crs, QgsProject.instance())
    canvas.setExtent(to_canvas.transformBoundingBox(QgsRectangle(*rect_in_image_crs)))
    canvas.refresh()
    return crs


def image_bounds():
    import rasterio

    with rasterio.open(SAMPLE / "baige_b_rgb.tif") as src:
        return src.bounds, src.transform, src.crs


def inner(fraction_lo, fraction_hi):
    """A box inside the image, by fractions of its width and height."""
    b, _t, _crs = image_bounds()
    w, h = b.right - b.left, b.top - b.bottom
    return (b.left + fraction_lo * w, b.bottom + fraction_lo * h, b.left + fraction_hi * w, b.bottom + fraction_hi * h)


def check_outside_is_nodata(probability: Path, bbox, bbox_crs: str):
    """Pixels whose centre lies outside the box (in its own CRS) are nodata; those well inside are values."""
    import rasterio
    from rasterio.warp import transform as warp

    with rasterio.open(probability) as src:
        data = src.read(1)
        nodata = src.nodata
        rows, cols = np.mgrid[0:src.height, 0:src.width]
        xs, ys = rasterio.transform.xy(src.transform, rows.ravel(), cols.ravel())
        res = abs(src.transform.a)
        if src.crs.to_string() != bbox_crs:
            bx, by = warp(src.crs, bbox_crs, xs, ys)
            # one pixel in the box's CRS (Web Mercator stretches UTM metres here)
            px, py = warp(src.crs, bbox_crs, [xs[0], xs[0] + res], [ys[0], ys[0]])
            margin = abs(px[1] - px[0]) * 1.5
        else:
            bx, by = xs, ys
            margin = res * 1.5
    bx = np.asarray(bx).reshape(data.shape)
    by = np.asarray(by).reshape(data.shape)
    xmin, ymin, xmax, ymax = bbox
    valid = ~np.isnan(data) if nodata is None or np.isnan(nodata) else data != nodata
    outside = (bx < xmin - margin) | (bx > xmax + margin) | (by < ymin - margin) | (by > ymax + margin)
    inside = (bx > xmin + margin) & (bx < xmax - margin) & (by > ymin + margin) & (by < ymax - margin)
    assert outside.sum() > 1000 and inside.sum() > 1000     # the box splits the image
    assert not valid[outside].any(), f"{valid[outside].sum()} pixels outside the area have values"
    assert valid[inside].all(), f"{(~valid[inside]).sum()} pixels inside the area are nodata"


def run_request(request, tmp_path):
    from landslide_mapper.plugin.engine.detect import run_detection

    request.threads = 1
    request.write_polygons = False
    return run_detection(request)


def test_current_map_extent_becomes_the_area(make_dock, tmp_path):
    dock = make_dock()
    choose(dock.aoi, "extent")
    crs = show_in(dock.canvas, "EPSG:32647", inner(0.25, 0.6))
    e = dock.canvas.extent()
    request, _name = dock.build_request()
    assert request.aoi.crs == "EPSG:32647" == crs.authid()
    assert request.aoi.bbox == pytest.approx((e.xMinimum(), e.yMinimum(), e.xMaximum(), e.yMaximum()))
    result = run_request(request, tmp_path)
    check_outside_is_nodata(result.probability, request.aoi.bbox, "EPSG:32647")


def test_map_extent_in_another_crs_is_transformed(make_dock, tmp_path):
    dock = make_dock()
    choose(dock.aoi, "extent")
    show_in(dock.canvas, "EPSG:3857", inner(0.3, 0.7))
    e = dock.canvas.extent()
    request, _name = dock.build_request()
    assert request.aoi.crs == "EPSG:3857"            # the map's CRS, not the image's
    assert request.aoi.bbox == pytest.approx((e.xMinimum(), e.yMinimum(), e.xMaximum(), e.yMaximum()))
    assert abs(request.aoi.bbox[0]) > 1e6            # Web Mercator metres, far from the UTM numbers
    result = run_request(request, tmp_path)
    check_outside_is_nodata(result.probability, request.aoi.bbox, "EPSG:3857")


def drag(canvas, tool, start, end):
    """Press, move and release the left button on the canvas as a user's drag does."""
    from qgis.gui import QgsMapMouseEvent
    from qgis.PyQt.QtCore import QEvent, QPoint, Qt

    a, b = QPoint(*start), QPoint(*end)
    tool.canvasPressEvent(QgsMapMouseEvent(canvas, QEvent.MouseButtonPress, a, Qt.LeftButton, Qt.LeftButton))
    tool.canvasMoveEvent(QgsMapMouseEvent(canvas, QEvent.MouseMove, b, Qt.NoButton, Qt.LeftButton))
    tool.canvasReleaseEvent(QgsMapMouseEvent(canvas, QEvent.MouseButtonRelease, b, Qt.LeftButton, Qt.NoButton))


@pytest.mark.parametrize("canvas_crs", ["EPSG:32647", "EPSG:3857"])
def test_drawn_rectangle_becomes_the_area(make_dock, tmp_path, canvas_crs):
    from qgis.PyQt.QtTest import QTest

    dock = make_dock()
    canvas = dock.canvas
    choose(dock.aoi, "drawn")
    show_in(canvas, canvas_crs, inner(0.0, 1.0))
    with pytest.raises(ValueError, match="No rectangle is drawn"):
        dock.build_request()
    assert dock.draw_button.isEnabled()
    dock.draw_button.click()
    tool = canvas.mapTool()
    assert tool is dock.extent_tool
    to_map = canvas.getCoordinateTransform()
    p0, p1 = (100, 60), (260, 220)
    drag(canvas, tool, p0, p1)
    a, b = to_map.toMapCoordinates(*p0), to_map.toMapCoordinates(*p1)
    expected = (min(a.x(), b.x()), min(a.y(), b.y()), max(a.x(), b.x()), max(a.y(), b.y()))
    assert canvas.mapTool() is not tool                  # the drawing tool is put away after the drag
    assert dock.aoi_info.text() == "Rectangle drawn"
    request, _name = dock.build_request()
    assert request.aoi.crs == canvas_crs
    assert request.aoi.bbox == pytest.approx(expected, abs=1e-6)
    # the dock's own background run, as the analyst starts it
    dock.threshold.setValue(0.5)
    dock.run_button.click()
    end = time.monotonic() + 120
    while dock.is_running() and time.monotonic() < end:
        QTest.qWait(50)
    assert not dock.is_running()
    assert "Landslides found" in dock.log.toPlainText(), dock.log.toPlainText()
    runs = sorted((tmp_path / "runs").glob("*/probability.tif"))
    assert runs, "no probability raster written"
    check_outside_is_nodata(runs[-1], expected, canvas_crs)


def polygon_layer(project, boxes_in_image_crs, crs_id="EPSG:3857"):
    """A polygon layer in ``crs_id`` holding the boxes (given in the image's EPSG:32647) as drawn
    by hand, with a name field; added to the project."""
    from qgis.core import (QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsFeature, QgsGeometry,
                           QgsRectangle, QgsVectorLayer)

    layer = QgsVectorLayer(f"Polygon?crs={crs_id}&field=name:string", "areas", "memory")
    to_layer = QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:32647"),
                                      QgsCoordinateReferenceSystem(crs_id), project)
    features = []
    for i, box in enumerate(boxes_in_image_crs):
        f = QgsFeature(layer.fields())
        f.setAttribute("name", f"area {i}")
        geom = QgsGeometry.fromRect(QgsRectangle(*box))
        geom.transform(to_layer)
        f.setGeometry(geom)
        features.append(f)
    assert layer.dataProvider().addFeatures(features)
    layer.updateExtents()
    project.addMapLayer(layer)
    return layer


def test_selected_polygons_become_the_area(make_dock, project, tmp_path):
    import rasterio
    from rasterio.warp import transform_bounds

    layer = polygon_layer(project, [inner(0.2, 0.55), inner(0.7, 0.9)])
    dock = make_dock()
    choose(dock.aoi, "selected")
    dock.aoi_layer.setLayer(layer)
    with pytest.raises(ValueError, match="No polygon is selected"):
        dock.build_request()
    assert list((tmp_path / "runs").iterdir()) == []           # nothing left by the refused start
    first = next(f.id() for f in layer.getFeatures() if f["name"] == "area 0")
    layer.selectByIds([first])
    request, _name = dock.build_request()
    saved = request.aoi.vector
    assert saved == request.out_dir / "area_of_interest.gpkg"
    from osgeo import ogr

    ds = ogr.Open(str(saved))
    kept = ds.GetLayerByName("aoi")
    assert kept.GetFeatureCount() == 1                           # only the selected polygon
    assert kept.GetNextFeature().GetField("name") == "area 0"
    ds = None
    result = run_request(request, tmp_path)
    box = layer.getFeature(first).geometry().boundingBox()
    bbox = (box.xMinimum(), box.yMinimum(), box.xMaximum(), box.yMaximum())
    check_outside_is_nodata(result.probability, bbox, "EPSG:3857")
    with rasterio.open(result.probability) as src:
        assert transform_bounds("EPSG:3857", src.crs, *bbox)[0] > src.bounds.left   # the area is inside


# At 40 kB QGIS's writer reports the failure; at 120 kB it reports success and leaves a
# GeoPackage without the layer.
@pytest.mark.parametrize("max_bytes", [40_000, 120_000])
def test_selected_polygons_the_disk_cannot_take_stop_the_start(make_dock, project, tmp_path, max_bytes):
    """The area's polygons are copied into the run's folder before the run starts: a copy the
    disk cannot finish stops the start with the fix, and leaves nothing behind."""
    import resource
    import signal

    # many detailed polygons: their GeoPackage is far larger than the limit below
    b, _t, _crs = image_bounds()
    step = (b.right - b.left) / 40
    boxes = [(b.left + i * step, b.bottom + j * step, b.left + (i + 0.8) * step, b.bottom + (j + 0.8) * step)
             for i in range(30) for j in range(30)]
    layer = polygon_layer(project, boxes)
    layer.selectAll()
    dock = make_dock()
    choose(dock.aoi, "selected")
    dock.aoi_layer.setLayer(layer)
    runs = tmp_path / "runs"
    runs.mkdir(parents=True, exist_ok=True)
    old_handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails, not the process
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    try:
        resource.setrlimit(resource.RLIMIT_FSIZE, (max_bytes, hard))
        with pytest.raises(ValueError) as err:
            dock.build_request()
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, old_handler)
    message = str(err.value)
    assert message.startswith(f"The selected polygons could not be saved in {runs} (File too large"), message
    assert "free some space there" in message and "\n" not in message, message
    assert "sqlite3_" not in message and "INSERT" not in message, message     # no SQL statement
    assert list(runs.iterdir()) == []                             # no half-written area, no empty run folder
    request, _name = dock.build_request()                         # with room on the disk, it starts
    from osgeo import ogr

    assert ogr.Open(str(request.aoi.vector)).GetLayerByName("aoi").GetFeatureCount() == 900


# ---------------------------------------------------------------- remembered model and the DEM
def add_dem(project):
    from qgis.core import QgsRasterLayer

    dem = QgsRasterLayer(str(SAMPLE / "baige_b_dem.tif"), "dem")
    assert dem.isValid()
    project.addMapLayer(dem)
    return dem


def model_name(dock):
    return dock.current_model().name


def test_fresh_dock_follows_the_dem(make_dock, project):
    dock = make_dock()
    assert model_name(dock) == "red_sigmoid"            # imagery only: the optical default
    dock.dem_layer.setLayer(add_dem(project))
    assert model_name(dock) == "slope_sigmoid"          # a DEM: the terrain default
    dock.dem_layer.setLayer(None)
    assert model_name(dock) == "red_sigmoid"


def test_saved_model_is_honoured_then_follows_a_new_dem(make_dock, project):
    first = make_dock()
    choose_model(first, "red_other")
    first.save_settings()                                # what a run does
    # next session: the saved model stands at start-up ...
    dock = make_dock()
    assert model_name(dock) == "red_other"
    assert not dock.dem_layer.isEnabled()
    # ... and a DEM chosen for it (it cannot use one) brings the terrain default
    dock.dem_layer.setLayer(add_dem(project))
    assert model_name(dock) == "slope_sigmoid"
    assert dock.dem_layer.isEnabled()


def test_saved_model_stands_when_the_project_already_has_a_dem(make_dock, project):
    first = make_dock()
    choose_model(first, "red_other")
    first.save_settings()
    add_dem(project)
    dock = make_dock()                                   # the DEM is found at start-up
    assert dock.dem_layer.currentLayer() is not None
    assert model_name(dock) == "red_other"


def test_model_picked_by_hand_is_kept(make_dock, project):
    from qgis.PyQt.QtCore import Qt
    from qgis.PyQt.QtTest import QTest

    first = make_dock()
    choose_model(first, "red_other")
    first.save_settings()
    dock = make_dock()
    # the analyst picks the optical default from the list with the keyboard
    dock.model.setFocus()
    index = next(i for i in range(dock.model.count()) if dock.models[dock.model.itemData(i)].name == "red_sigmoid")
    while dock.model.currentIndex() != index:
        QTest.keyClick(dock.model, Qt.Key_Down if dock.model.currentIndex() < index else Qt.Key_Up)
    assert dock.model_chosen_by_hand
    dock.dem_layer.setLayer(add_dem(project))
    assert model_name(dock) == "red_sigmoid"            # the analyst's choice is not overridden
