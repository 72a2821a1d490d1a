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
    with pytest.raises(QgsProcessingException, match="band 3 .*only 1 band"):
        run_alg("detect", {"IMAGE": str(root / "resources/sample/baige_b_mask.tif"),
                           "MODEL_FILE": str(models["red"]), **outs})
    with pytest.raises(QgsProcessingException, match="strictly between 0 and 1"):
        run_alg("detect", {"IMAGE": rgb, "MODEL_FILE": str(models["red"]), "THRESHOLD": 1.0, **outs})
    with pytest.raises(QgsProcessingException, match="at most 64 px"):
        run_alg("detect", {"IMAGE": rgb, "MODEL_FILE": str(models["red"]), "OVERLAP": 100, **outs})
    corrupt = tmp_path / "broken.onnx"
    corrupt.write_bytes(b"not a model")
    with pytest.raises(QgsProcessingException, match="broken.onnx"):
        run_alg("detect", {"IMAGE": rgb, "MODEL_FILE": str(corrupt), **outs})
    assert not (tmp_path / "p.tif").exists() and not (tmp_path / "m.tif").exists()


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
