"""The `detect` algorithm: same outputs as the engine call, clear messages, batch-friendly outputs.

Uses tiny analytic ONNX models (exact, fast) on the real sample scene.
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from analytic_models import red_sigmoid, slope_model  # noqa: E402
from engine_helpers import footprint, recording_feedback, zipped  # noqa: E402




@pytest.fixture(scope="module")
def models(tmp_path_factory):
    d = tmp_path_factory.mktemp("models")
    return {"slope": slope_model(d / "slope_sigmoid.onnx", tile_size=128, overlap=16),
            "red": red_sigmoid(d / "red_sigmoid.onnx", tile_size=128, overlap=16)}


def _arr(path):
    import rasterio

    with rasterio.open(path) as ds:
        return ds.read(), ds.transform, ds.crs, ds.nodata


def test_algorithm_equals_engine_call(run_alg, models, root, tmp_path):
    """Toolbox and dock (the engine call the dock makes) give byte-identical rasters."""
    from landslide_mapper.plugin.engine.detect import run_detection
    from landslide_mapper.plugin.engine.request import DetectionRequest

    rgb = root / "resources/sample/baige_b_rgb.tif"
    dem = root / "resources/sample/baige_b_dem.tif"
    out = tmp_path / "alg"
    result = run_alg("detect", {
        "IMAGE": str(rgb), "DEM": str(dem), "MODEL_FILE": str(models["slope"]), "THRESHOLD": 0.6,
        "OVERLAP": 32, "DEVICE": "cpu", "THREADS": 1,
        "OUTPUT_PROBABILITY": str(out / "p.tif"), "OUTPUT_MASK": str(out / "m.tif"),
        "OUTPUT_POLYGONS": str(out / "landslides.gpkg")})
    direct = run_detection(DetectionRequest(image=rgb, dem=dem, out_dir=tmp_path / "direct",
                                            model=models["slope"], threshold=0.6, overlap=32,
                                            device="cpu", threads=1))
    for key, ref in (("OUTPUT_PROBABILITY", direct.probability), ("OUTPUT_MASK", direct.mask)):
        got, t1, crs1, nd1 = _arr(result[key])
        exp, t2, crs2, nd2 = _arr(ref)
        assert got.tobytes() == exp.tobytes(), key
        assert (t1, crs1) == (t2, crs2)
        assert nd1 == nd2 or (np.isnan(nd1) and np.isnan(nd2))
    mask = _arr(result["OUTPUT_MASK"])[0][0]
    assert set(np.unique(mask)) <= {0, 1, 255} and (mask == 1).any() and (mask == 0).any()
    assert result["LANDSLIDES"] == direct.landslides > 0
    assert result["LANDSLIDE_AREA_M2"] == pytest.approx(direct.landslide_area_m2)
    assert result["PROVIDER"] == "CPUExecutionProvider"

    from osgeo import ogr

    ds = ogr.Open(result["OUTPUT_POLYGONS"])
    layer = ds.GetLayer(0)
    assert layer.GetFeatureCount() == direct.landslides
    names = {layer.GetLayerDefn().GetFieldDefn(i).GetName() for i in range(layer.GetLayerDefn().GetFieldCount())}
    assert {"area_m2", "mean_prob", "mean_slope_deg", "status", "note"} <= names
    assert Path(result["SUMMARY"]).is_file()
    assert not list(out.glob(".*partial*"))             # no staging leftovers beside the outputs


def test_clear_messages_for_bad_parameters(run_alg, models, root, tmp_path):
    from qgis.core import QgsProcessingException

    rgb = str(root / "resources/sample/baige_b_rgb.tif")
    outs = {"OUTPUT_PROBABILITY": str(tmp_path / "p.tif"), "OUTPUT_MASK": str(tmp_path / "m.tif")}
    with pytest.raises(QgsProcessingException, match="needs a DEM"):
        run_alg("detect", {"IMAGE": rgb, "MODEL_FILE": str(models["slope"]), **outs})
    with pytest.raises(QgsProcessingException, match=r"reads 3 image bands \(red, green, blue\) .*only 1 band"
                                                     r".*'Image bands' \(e.g. 1,1,1\)"):
        run_alg("detect", {"IMAGE": str(root / "resources/sample/baige_b_mask.tif"),
                           "MODEL_FILE": str(models["red"]), **outs})
    for bands, phrase in (("3,2", r"reads 3 image band\(s\) \(red, green, blue\), but 2 band number"),
                          ("4,2,1", "has 3 band\\(s\\): there is no band 4"),
                          ("red", "Bands 'red' are not band numbers")):
        with pytest.raises(QgsProcessingException, match=phrase):
            run_alg("detect", {"IMAGE": rgb, "MODEL_FILE": str(models["red"]), "BANDS": bands, **outs})
    with pytest.raises(QgsProcessingException, match="strictly between 0 and 1"):
        run_alg("detect", {"IMAGE": rgb, "MODEL_FILE": str(models["red"]), "THRESHOLD": 1.0, **outs})
    with pytest.raises(QgsProcessingException, match="at most 64 px"):
        run_alg("detect", {"IMAGE": rgb, "MODEL_FILE": str(models["red"]), "OVERLAP": 100, **outs})
    corrupt = tmp_path / "broken.onnx"
    corrupt.write_bytes(b"not a model")
    with pytest.raises(QgsProcessingException, match="broken.onnx"):
        run_alg("detect", {"IMAGE": rgb, "MODEL_FILE": str(corrupt), **outs})
    assert not (tmp_path / "p.tif").exists() and not (tmp_path / "m.tif").exists()


def test_image_bands_in_another_order(run_alg, models, root, tmp_path):
    """Blue-green-red imagery: with its bands tagged, or with 'Image bands' 3,2,1, the map is the
    red-green-blue one to the byte; untagged and untold, the model reads blue as red."""
    from osgeo import gdal

    rgb = root / "resources/sample/baige_b_rgb.tif"
    images = {"rgb": rgb, "tagged": tmp_path / "bgr_tagged.tif", "plain": tmp_path / "bgr_plain.tif"}
    for name, tags in (("tagged", "blue,green,red"), ("plain", "undefined,undefined,undefined")):
        gdal.Translate(str(images[name]), str(rgb), options="-b 3 -b 2 -b 1 -colorinterp " + tags).FlushCache()
    runs = {"rgb": ("rgb", ""), "tagged": ("tagged", ""), "plain": ("plain", ""), "told": ("plain", "3,2,1")}
    prob = {}
    for name, (image, bands) in runs.items():
        result = run_alg("detect", {"IMAGE": str(images[image]), "MODEL_FILE": str(models["red"]), "BANDS": bands,
                                    "DEVICE": "cpu", "THREADS": 1,
                                    "OUTPUT_PROBABILITY": str(tmp_path / name / "p.tif"),
                                    "OUTPUT_MASK": str(tmp_path / name / "m.tif")})
        prob[name] = _arr(result["OUTPUT_PROBABILITY"])[0]
    assert prob["tagged"].tobytes() == prob["rgb"].tobytes() == prob["told"].tobytes()
    assert np.abs(prob["plain"] - prob["rgb"]).max() > 0.2


def test_extent_aoi_and_batch_of_two_images(run_alg, models, root, tmp_path):
    """Two runs as a batch would make them: each writes its own outputs; an extent limits the work."""
    import rasterio
    from osgeo import gdal

    rgb = root / "resources/sample/baige_b_rgb.tif"
    crop = tmp_path / "crop.tif"
    gdal.Translate(str(crop), str(rgb), srcWin=[0, 0, 300, 260])
    with rasterio.open(rgb) as ds:
        b = ds.bounds
    xmid, ymid = (b.left + b.right) / 2, (b.bottom + b.top) / 2
    extent = f"{b.left},{xmid},{ymid},{b.top} [EPSG:32647]"       # the north-west quarter
    for i, (image, aoi) in enumerate(((rgb, extent), (crop, None))):
        params = {"IMAGE": str(image), "MODEL_FILE": str(models["red"]), "DEVICE": "cpu", "THREADS": 1,
                  "OUTPUT_PROBABILITY": str(tmp_path / f"p{i}.tif"), "OUTPUT_MASK": str(tmp_path / f"m{i}.tif"),
                  "OUTPUT_POLYGONS": str(tmp_path / f"poly{i}.gpkg")}
        if aoi:
            params["EXTENT"] = aoi
        run_alg("detect", params)
    data, _, _, nodata = _arr(tmp_path / "p0.tif")
    mapped = (data[0] != nodata) & np.isfinite(data[0])
    h, w = mapped.shape
    assert mapped[: h // 2 - 2, : w // 2 - 2].mean() > 0.9    # inside the extent: mapped
    assert not mapped[h // 2 + 2:, :].any() and not mapped[:, w // 2 + 2:].any()   # outside: nodata
    assert _arr(tmp_path / "m1.tif")[0].shape[1:] == (260, 300)


def test_cancel_leaves_no_output(run_alg, models, root, tmp_path):
    """Cancelling from the feedback object (the dialog's Cancel button) stops the run; nothing appears."""
    import processing
    from qgis.core import QgsProcessingException, QgsProcessingFeedback

    class CancelOnFirstProgress(QgsProcessingFeedback):
        def __init__(self):
            super().__init__()
            self.progressChanged.connect(lambda p: p > 0 and self.cancel())

    with pytest.raises(QgsProcessingException, match="[Cc]ancel"):
        processing.run("landslide_mapper:detect", {
            "IMAGE": str(root / "resources/sample/baige_b_rgb.tif"), "MODEL_FILE": str(models["red"]),
            "DEVICE": "cpu", "THREADS": 1, "BATCH_SIZE": 1,
            "OUTPUT_PROBABILITY": str(tmp_path / "p.tif"), "OUTPUT_MASK": str(tmp_path / "m.tif"),
            "OUTPUT_POLYGONS": str(tmp_path / "poly.gpkg")}, feedback=CancelOnFirstProgress())
    assert not list(tmp_path.iterdir())


def test_temporary_outputs_are_each_written_once_and_loaded(processing_mod, models, root):
    """Left at their default (temporary files), every output Processing registers for loading
    exists when the run ends: none is a second made-up name that is never written ("The following
    layers were not correctly generated")."""
    from qgis.core import (QgsProcessingContext, QgsProcessingFeedback, QgsProcessingOutputLayerDefinition,
                           QgsProject)

    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    rgb, dem = root / "resources/sample/baige_b_rgb.tif", root / "resources/sample/baige_b_dem.tif"
    params = {"IMAGE": str(rgb), "DEM": str(dem), "MODEL_FILE": str(models["slope"]), "THREADS": 1, "TTA": True}
    for name in ("OUTPUT_PROBABILITY", "OUTPUT_MASK", "OUTPUT_POLYGONS", "OUTPUT_UNCERTAINTY"):
        params[name] = QgsProcessingOutputLayerDefinition("TEMPORARY_OUTPUT", QgsProject.instance())  # as the dialog
    result = processing_mod.run("landslide_mapper:detect", params, context=context,
                                feedback=QgsProcessingFeedback())
    to_load = list(context.layersToLoadOnCompletion())
    assert len(to_load) == 4, to_load
    assert all(Path(p).is_file() for p in to_load), to_load
    assert {result[n] for n in ("OUTPUT_PROBABILITY", "OUTPUT_MASK", "OUTPUT_POLYGONS", "OUTPUT_UNCERTAINTY")} \
        == set(to_load)


def test_landslides_are_counted_without_a_polygons_output(run_alg, models, root, tmp_path):
    rgb, dem = root / "resources/sample/baige_b_rgb.tif", root / "resources/sample/baige_b_dem.tif"
    common = {"IMAGE": str(rgb), "DEM": str(dem), "MODEL_FILE": str(models["slope"]), "THREADS": 1}
    with_polygons = run_alg("detect", {**common, "OUTPUT_PROBABILITY": str(tmp_path / "a.tif"),
                                       "OUTPUT_MASK": str(tmp_path / "am.tif"),
                                       "OUTPUT_POLYGONS": str(tmp_path / "a.gpkg")})
    without = run_alg("detect", {**common, "OUTPUT_PROBABILITY": str(tmp_path / "b.tif"),
                                 "OUTPUT_MASK": str(tmp_path / "bm.tif")})
    assert without["LANDSLIDES"] == with_polygons["LANDSLIDES"] > 0
    assert without["LANDSLIDE_AREA_M2"] == pytest.approx(with_polygons["LANDSLIDE_AREA_M2"])
    assert "OUTPUT_POLYGONS" not in without or not without["OUTPUT_POLYGONS"]
    assert not list(tmp_path.glob("*.gpkg*"))[1:]                  # only a.gpkg


def test_outputs_that_cannot_be_put_in_place_are_said_before_the_run(run_alg, models, root, tmp_path):
    """A destination under a file, or in a folder that takes no files, stops the run before it
    starts, with the output, the folder and the fix; nothing is delivered, no traceback."""
    import os

    from qgis.core import QgsProcessingException

    rgb = str(root / "resources/sample/baige_b_rgb.tif")
    blocker = tmp_path / "file.txt"
    blocker.write_text("x")
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    common = {"IMAGE": rgb, "MODEL_FILE": str(models["red"]), "THREADS": 1,
              "OUTPUT_PROBABILITY": str(tmp_path / "ok" / "p.tif"), "OUTPUT_MASK": str(tmp_path / "ok" / "m.tif")}
    try:
        with pytest.raises(QgsProcessingException, match=r"The folder of the output .*file.txt/poly.gpkg cannot be made"):
            run_alg("detect", {**common, "OUTPUT_POLYGONS": str(blocker / "poly.gpkg")})
        if os.geteuid() != 0:                                       # root writes anywhere
            with pytest.raises(QgsProcessingException, match=r"The output poly.gpkg cannot be written in .*locked"):
                run_alg("detect", {**common, "OUTPUT_POLYGONS": str(locked / "poly.gpkg")})
    finally:
        locked.chmod(0o755)
    assert not (tmp_path / "ok" / "p.tif").exists() and not (tmp_path / "ok" / "m.tif").exists()


def test_other_raster_formats_keep_their_sidecar_and_leave_no_staging(run_alg, models, root, tmp_path):
    """GDAL keeps what a format cannot hold in a sidecar (.aux.xml, as QGIS has it on): it follows
    the file into place, and nothing under a staging name is left."""
    from osgeo import gdal

    rgb = str(root / "resources/sample/baige_b_rgb.tif")
    pam = gdal.GetConfigOption("GDAL_PAM_ENABLED")
    gdal.SetConfigOption("GDAL_PAM_ENABLED", "YES")
    try:
        result = run_alg("detect", {"IMAGE": rgb, "MODEL_FILE": str(models["red"]), "THREADS": 1,
                                    "OUTPUT_PROBABILITY": str(tmp_path / "p.img"),
                                    "OUTPUT_MASK": str(tmp_path / "m.img")})
    finally:
        gdal.SetConfigOption("GDAL_PAM_ENABLED", pam)
    left = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("."))
    assert left == [], left
    assert (tmp_path / "m.img.aux.xml").is_file()
    ds = gdal.Open(result["OUTPUT_MASK"])
    assert ds.GetRasterBand(1).GetDescription() == "landslide mask"      # kept beside m.img


def test_a_reviewed_geopackage_is_never_replaced(run_alg, models, root, tmp_path):
    """The same rule as the command line's: polygons an analyst has reviewed are not overwritten."""
    import shutil

    from osgeo import ogr
    from qgis.core import QgsProcessingException

    rgb, dem = root / "resources/sample/baige_b_rgb.tif", root / "resources/sample/baige_b_dem.tif"
    common = {"IMAGE": str(rgb), "DEM": str(dem), "MODEL_FILE": str(models["slope"]), "THREADS": 1,
              "OUTPUT_PROBABILITY": str(tmp_path / "p.tif"), "OUTPUT_MASK": str(tmp_path / "m.tif")}
    first = run_alg("detect", {**common, "OUTPUT_POLYGONS": str(tmp_path / "first.gpkg")})
    reviewed = tmp_path / "reviewed.gpkg"
    shutil.copy(first["OUTPUT_POLYGONS"], reviewed)
    ds = ogr.Open(str(reviewed), 1)
    layer = ds.GetLayer(0)
    f = layer.GetNextFeature()
    f.SetField("status", "confirmed")
    layer.SetFeature(f)
    ds = layer = f = None
    before = reviewed.read_bytes()
    with pytest.raises(QgsProcessingException, match=r"reviewed.gpkg holds an analyst's review \(1 confirmed\)"):
        run_alg("detect", {**common, "OUTPUT_POLYGONS": str(reviewed)})
    assert reviewed.read_bytes() == before


def test_rasters_inside_a_zip_or_a_geopackage_are_read_in_place(processing_mod, models, root, tmp_path):
    """A layer read from a zip archive or a GeoPackage raster table is handed to the run as the
    GDAL name QGIS opened it by: no temporary copy, and the same maps as from the files."""
    from osgeo import gdal

    rgb, dem = tmp_path / "rgb.tif", tmp_path / "dem.tif"        # a corner of the sample scene
    for name, crop in (("baige_b_rgb.tif", rgb), ("baige_b_dem.tif", dem)):
        gdal.Translate(str(crop), str(root / "resources/sample" / name), srcWin=[0, 0, 300, 260])
    archive, gpkg = zipped(tmp_path / "scene.zip", rgb, dem), tmp_path / "scene.gpkg"
    gdal.Translate(str(gpkg), str(rgb), format="GPKG", creationOptions=["RASTER_TABLE=image", "TILE_FORMAT=PNG"])
    gdal.Translate(str(gpkg), str(dem), format="GPKG", creationOptions=["RASTER_TABLE=dem", "APPEND_SUBDATASET=YES"])
    sources = {"files": (str(rgb), str(dem)),
               "zip": (f"/vsizip/{archive}/rgb.tif", f"/vsizip/{archive}/dem.tif"),
               "gpkg": (f"GPKG:{gpkg}:image", f"GPKG:{gpkg}:dem")}
    from qgis.core import QgsRasterLayer

    results = {}
    for name, (image, elevation) in sources.items():
        log = recording_feedback()
        out = tmp_path / name
        layers = [QgsRasterLayer(image, "image", "gdal"), QgsRasterLayer(elevation, "dem", "gdal")]
        assert all(layer.isValid() for layer in layers)          # as QGIS opens them for the analyst
        results[name] = processing_mod.run("landslide_mapper:detect", {
            "IMAGE": layers[0], "DEM": layers[1], "MODEL_FILE": str(models["slope"]), "DEVICE": "cpu", "THREADS": 1,
            "OUTPUT_PROBABILITY": str(out / "p.tif"), "OUTPUT_MASK": str(out / "m.tif"),
            "OUTPUT_POLYGONS": str(out / "poly.gpkg")}, feedback=log)
        assert not [line for line in log.lines if "temporary" in line and "copy" in line], log.lines
    for name in ("zip", "gpkg"):
        for key in ("OUTPUT_PROBABILITY", "OUTPUT_MASK"):
            assert _arr(results[name][key])[0].tobytes() == _arr(results["files"][key])[0].tobytes(), (name, key)
        assert results[name]["LANDSLIDES"] == results["files"]["LANDSLIDES"] > 0
        import json

        summary = json.loads(Path(results[name]["SUMMARY"]).read_text())
        assert (summary["inputs"]["image"], summary["inputs"]["dem"]) == sources[name]


def test_an_area_of_interest_layer_from_a_zip(run_alg, models, root, tmp_path):
    """A zipped Shapefile opened in QGIS as the AOI layer: the same map as the Shapefile unpacked."""
    from osgeo import gdal
    from qgis.core import QgsVectorLayer

    rgb = tmp_path / "rgb.tif"
    gdal.Translate(str(rgb), str(root / "resources/sample/baige_b_rgb.tif"), srcWin=[0, 0, 300, 260])
    folder = tmp_path / "shp"
    folder.mkdir()
    footprint(rgb, folder / "west.shp", quarter=True)
    archive = zipped(tmp_path / "west.zip", *folder.iterdir())
    masks = []
    for name, aoi in (("files", str(folder / "west.shp")), ("zip", f"/vsizip/{archive}/west.shp")):
        aoi_layer = QgsVectorLayer(aoi, "west", "ogr")
        assert aoi_layer.isValid()
        result = run_alg("detect", {"IMAGE": str(rgb), "MODEL_FILE": str(models["red"]), "AOI": aoi_layer,
                                    "DEVICE": "cpu", "THREADS": 1,
                                    "OUTPUT_PROBABILITY": str(tmp_path / f"{name}_p.tif"),
                                    "OUTPUT_MASK": str(tmp_path / f"{name}_m.tif")})
        masks.append(_arr(result["OUTPUT_MASK"])[0][0])
    assert np.array_equal(masks[0], masks[1])
    h, w = masks[0].shape
    assert (masks[0][: h // 2 - 2, : w // 2 - 2] != 255).all() and (masks[0][h // 2 + 2:, :] == 255).all()
