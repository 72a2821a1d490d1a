"""The `features` algorithm and its streaming engine, on the real sample scene."""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from landslide_mapper.plugin.engine import features as F
from landslide_mapper.plugin.engine.errors import InputError
from landslide_mapper.plugin.engine.feature_rasters import write_feature_raster

sys.path.insert(0, str(Path(__file__).resolve().parent))
from engine_helpers import recording_feedback  # noqa: E402



def _read(path):
    import rasterio

    with rasterio.open(path) as ds:
        return ds.read(), list(ds.descriptions), ds.transform, ds.crs


def _dem_array(path):
    import rasterio

    with rasterio.open(path) as ds:
        z = ds.read(1, out_dtype="float32")
        z[ds.read_masks(1) == 0] = np.nan
        return z, ds



def test_streamed_terrain_features_equal_whole_raster(root, tmp_path):
    """Small windows with a halo give exactly what one whole-raster computation gives."""
    dem = root / "resources/sample/baige_b_dem.tif"
    res = write_feature_raster(tmp_path / "f.tif", list(F.DEM_FEATURES), dem=dem, window_px=200)
    got, names, _, _ = _read(res.path)
    assert names == list(F.DEM_FEATURES)
    z, ds = _dem_array(dem)
    assert res.elev_mean == pytest.approx(float(np.nanmean(z.astype(np.float64))), abs=1e-6)
    assert res.elev_std == pytest.approx(float(np.nanstd(z.astype(np.float64))), rel=1e-6)
    ctx = F.DemContext(pixel_size_m=(abs(ds.transform.a), abs(ds.transform.e)),
                       elev_mean=res.elev_mean, elev_std=res.elev_std)
    for i, name in enumerate(F.DEM_FEATURES):
        np.testing.assert_array_equal(got[i], F.dem_feature(name, z, ctx), err_msg=name)
    slope = got[1][np.isfinite(got[1])]
    assert 0 <= slope.min() and slope.max() <= 90 and slope.mean() > 5   # Baige is a steep gorge


def test_bad_requests_say_what_to_fix(root, tmp_path):
    with pytest.raises(InputError, match="nir"):
        write_feature_raster(tmp_path / "x.tif", ["ndvi"], image=root / "resources/sample/baige_b_rgb.tif",
                             band_map={"red": 1})
    with pytest.raises(InputError, match="give a DEM"):
        write_feature_raster(tmp_path / "x.tif", ["slope_deg"], image=root / "resources/sample/baige_b_rgb.tif")
    with pytest.raises(InputError, match="band"):
        write_feature_raster(tmp_path / "x.tif", ["gndvi"], image=root / "resources/sample/baige_b_rgb.tif",
                             band_map={"nir": 4, "green": 2})
    assert not list(tmp_path.iterdir())          # nothing half-written
    # a DEM cut short (an interrupted copy): named, with the fix, and still nothing written
    cut = tmp_path.parent / f"{tmp_path.name}_cut_dem.tif"
    data = (root / "resources/sample/baige_b_dem.tif").read_bytes()
    cut.write_bytes(data[:int(len(data) * 0.6)])
    with pytest.raises(InputError, match=r"The DEM .*_cut_dem.tif cannot be read to the end .*copy or export it again"):
        write_feature_raster(tmp_path / "x.tif", ["slope_deg", "elevation_norm"], dem=cut)
    assert not list(tmp_path.iterdir())


def test_algorithm_image_and_dem_on_image_grid(run_alg, root, tmp_path):
    rgb = root / "resources/sample/baige_b_rgb.tif"
    out = tmp_path / "feat.tif"
    result = run_alg("features", {"DEM": str(root / "resources/sample/baige_b_dem.tif"), "IMAGE": str(rgb),
                                  "NIR": 1, "RED": 3, "GREEN": 2, "BLUE": 1,
                                  "FEATURES": ["slope_deg", "hillshade", "brightness", "gndvi"],
                                  "WINDOW": 256, "OUTPUT": str(out)})
    assert result["OUTPUT"] == str(out)
    got, names, transform, _ = _read(out)
    assert names == ["slope_deg", "hillshade", "brightness", "gndvi"]
    img, _, img_transform, _ = _read(rgb)
    assert transform == img_transform and got.shape[1:] == img.shape[1:]
    valid = (img != 0).any(axis=0)
    b = img.astype(np.float32)
    np.testing.assert_allclose(got[2][valid], ((b[2] + b[1] + b[0]) / 3)[valid], rtol=1e-6)
    denom = b[0] + b[1]
    ok = valid & (denom > 0)
    np.testing.assert_allclose(got[3][ok], ((b[0] - b[1]) / denom)[ok], rtol=1e-5, atol=1e-6)
    assert np.isfinite(got[1][valid]).mean() > 0.99
    assert 0 <= np.nanmin(got[1]) and np.nanmax(got[1]) <= 1


def test_algorithm_defaults_and_layers_inside_a_geopackage_or_a_zip(run_alg, root, tmp_path):
    """A DEM in a GeoPackage raster table or in a zip archive is read where it is, by the GDAL name
    QGIS opened it by: the same terrain features as from the file."""
    import zipfile

    from osgeo import gdal

    dem = root / "resources/sample/baige_b_dem.tif"
    gpkg, archive = tmp_path / "dem.gpkg", tmp_path / "dem.zip"
    gdal.Translate(str(gpkg), str(dem), format="GPKG", creationOptions=["RASTER_TABLE=dem"],
                   outputType=gdal.GDT_Float32)
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.write(dem, arcname="dem.tif")
    from qgis.core import QgsRasterLayer

    want, names, _, _ = _read(run_alg("features", {"DEM": str(dem), "OUTPUT": str(tmp_path / "file.tif")})["OUTPUT"])
    assert names == list(F.DEM_FEATURES) and np.nanmax(want[1]) > 30
    for name in (f"GPKG:{gpkg}:dem", f"/vsizip/{archive}/dem.tif"):
        layer = QgsRasterLayer(name, "dem", "gdal")
        assert layer.isValid()
        result = run_alg("features", {"DEM": layer, "OUTPUT": str(tmp_path / "terrain.tif")})
        got, names, _, _ = _read(result["OUTPUT"])
        assert names == list(F.DEM_FEATURES)
        np.testing.assert_array_equal(got, want, err_msg=name)


def test_algorithm_parameter_messages(run_alg, root, tmp_path):
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException, match="Give a DEM"):
        run_alg("features", {"OUTPUT": str(tmp_path / "a.tif")})
    with pytest.raises(QgsProcessingException, match="nir"):
        run_alg("features", {"IMAGE": str(root / "resources/sample/baige_b_rgb.tif"), "FEATURES": ["ndvi"],
                             "OUTPUT": str(tmp_path / "b.tif")})
    assert not (tmp_path / "a.tif").exists() and not (tmp_path / "b.tif").exists()


def test_algorithm_finds_colour_bands_by_their_tags(run_alg, processing_mod, root, tmp_path):
    """A blue-green-red image with a fourth band (how many products deliver it), its bands tagged:
    with no mapping given, brightness comes from the bands tagged red, green and blue, as on the
    red-green-blue scene, and the log says how the bands were found. Untagged, four bands say
    nothing of their colours: nothing to compute."""
    import rasterio
    from qgis.core import QgsProcessingException
    from rasterio.enums import ColorInterp

    rgb = root / "resources/sample/baige_b_rgb.tif"
    with rasterio.open(rgb) as src:
        bands, profile = src.read(), src.profile
    profile.update(count=4, photometric=None)
    four = np.concatenate([bands[::-1], np.full_like(bands[:1], 7)])
    tagged, untagged = tmp_path / "bgrn_tagged.tif", tmp_path / "bgrn.tif"
    for path, tags in ((tagged, [ColorInterp.blue, ColorInterp.green, ColorInterp.red, ColorInterp.undefined]),
                       (untagged, [ColorInterp.undefined] * 4)):
        with rasterio.open(path, "w", **profile) as dst:
            dst.write(four)
            dst.colorinterp = tags
    want, _, _, _ = _read(run_alg("features", {"IMAGE": str(rgb), "FEATURES": ["brightness"],
                                               "OUTPUT": str(tmp_path / "rgb.tif")})["OUTPUT"])
    log = recording_feedback()
    got, names, _, _ = _read(processing_mod.run("landslide_mapper:features",
                                                {"IMAGE": str(tagged), "FEATURES": ["brightness"],
                                                 "OUTPUT": str(tmp_path / "tagged.tif")}, feedback=log)["OUTPUT"])
    assert names == ["brightness"]
    np.testing.assert_array_equal(got, want)
    assert "band mapping: red=3, green=2, blue=1 (from the bands' colour interpretation)" in "\n".join(log.lines)
    with pytest.raises(QgsProcessingException, match="brightness.*red, green, blue"):
        run_alg("features", {"IMAGE": str(untagged), "FEATURES": ["brightness"],
                             "OUTPUT": str(tmp_path / "untagged.tif")})
    assert not (tmp_path / "untagged.tif").exists()
    # Red tagged alone on a 3-band image: not a full set of colours, so read in band order as
    # detection reads it (brightness from all three bands, not from the red one alone).
    partial = tmp_path / "red_only.tif"
    profile.update(count=3)
    with rasterio.open(partial, "w", **profile) as dst:
        dst.write(bands)
        dst.colorinterp = [ColorInterp.undefined, ColorInterp.undefined, ColorInterp.red]
    log = recording_feedback()
    got, _, _, _ = _read(processing_mod.run("landslide_mapper:features",
                                            {"IMAGE": str(partial), "FEATURES": ["brightness"],
                                             "OUTPUT": str(tmp_path / "partial.tif")}, feedback=log)["OUTPUT"])
    np.testing.assert_array_equal(got, want)
    assert "band mapping: red=1, green=2, blue=3 (an untagged 3-band image, in band order)" in "\n".join(log.lines)
