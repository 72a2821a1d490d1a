"""Terrain features and spectral indices against values worked out by hand."""
from __future__ import annotations

import math

import numpy as np
import pytest

from landslide_mapper.plugin.engine import features as F
from landslide_mapper.plugin.engine.model_meta import ChannelSpec, ModelMetadata


def ramp(h=7, w=9, east=0.3, north=-0.4, px=2.0, py=3.0):
    """z = east*x + north*y in metres, on a grid of px x py metre cells."""
    rows, cols = np.mgrid[0:h, 0:w].astype(np.float32)
    x = cols * px
    y = -rows * py
    return (100 + east * x + north * y).astype(np.float32)


def test_planar_ramp_has_exact_slope_and_aspect_everywhere_including_edges_and_holes():
    z = ramp()
    z[3, 4] = np.nan          # a nodata hole: neighbours fall back to one-sided differences
    z[0, 0] = np.nan
    ctx = F.DemContext((2.0, 3.0), 100.0, 10.0)
    slope = F.dem_feature("slope_deg", z, ctx)
    aspect = F.dem_feature("aspect_deg", z, ctx)
    ok = np.isfinite(z)
    assert np.isnan(slope[3, 4]) and np.isnan(aspect[0, 0])
    expected_slope = math.degrees(math.atan(math.hypot(0.3, 0.4)))
    np.testing.assert_allclose(slope[ok], expected_slope, atol=1e-4)
    # Rises to the east and to the south: faces (downhill) north-west = atan2(-0.3, 0.4).
    expected_aspect = math.degrees(math.atan2(-0.3, 0.4)) % 360
    np.testing.assert_allclose(aspect[ok], expected_aspect, atol=1e-3)
    curv = F.dem_feature("curvature", z, ctx)
    np.testing.assert_allclose(curv[ok], 0.0, atol=1e-3)


def test_pixel_size_matters_and_hillshade_matches_formula():
    z = ramp(east=1.0, north=0.0, px=1.0, py=1.0)
    # The same array read with 2 m cells is half as steep.
    s2 = F.dem_feature("slope_deg", z, F.DemContext((2.0, 2.0), 0, 1))
    np.testing.assert_allclose(s2, 26.565051, atol=1e-4)
    hs = F.dem_feature("hillshade", z, F.DemContext((1.0, 1.0), 0, 1))
    # 45 deg slope facing west (aspect 270), sun from 315 at 45 deg altitude.
    expect = math.cos(math.radians(45)) ** 2 + math.sin(math.radians(45)) ** 2 * math.cos(math.radians(45))
    np.testing.assert_allclose(hs, expect, atol=1e-5)


def test_terrain_features_together_equal_the_textbook_formulas_on_rough_ground_with_holes():
    """Slope, aspect and hillshade computed together (one gradient) are those computed alone, and
    hillshade is the textbook cos(zenith) cos(slope) + sin(zenith) sin(slope) cos(azimuth - aspect)
    on rough terrain with nodata, flat cells included."""
    rng = np.random.default_rng(7)
    z = np.cumsum(np.cumsum(rng.normal(0, 1, (60, 70)), axis=0), axis=1).astype(np.float32)
    z[20:24, 30:40] = 5.0                       # a flat patch
    z[rng.random(z.shape) < 0.03] = np.nan      # scattered holes
    ctx = F.DemContext((2.0, 3.0), 0, 1)
    names = ["hillshade", "slope_deg", "aspect_deg", "curvature"]
    together = F.dem_features(names, z, ctx)
    for name in names:
        np.testing.assert_array_equal(together[name], F.dem_feature(name, z, ctx), err_msg=name)
    slope = np.radians(together["slope_deg"].astype(np.float64))
    aspect = np.radians(together["aspect_deg"].astype(np.float64))
    zen, az = math.radians(90.0 - F.SUN_ALTITUDE_DEG), math.radians(F.SUN_AZIMUTH_DEG)
    textbook = np.clip(math.cos(zen) * np.cos(slope) + math.sin(zen) * np.sin(slope) * np.cos(az - aspect), 0, 1)
    np.testing.assert_array_equal(np.isnan(together["hillshade"]), np.isnan(z))
    np.testing.assert_allclose(together["hillshade"], textbook, atol=2e-6)
    assert np.allclose(together["hillshade"][21:23, 32:38], math.cos(zen))    # flat: the sun's height
    assert (together["hillshade"] == 0.0).any()       # slopes turned from the sun: clipped to 0
    with pytest.raises(ValueError, match="unknown DEM feature 'roughness'"):
        F.dem_features(["slope_deg", "roughness"], z, ctx)


def test_bowl_curvature_and_elevation_norm():
    rows, cols = np.mgrid[-3:4, -3:4].astype(np.float32)
    z = (rows ** 2 + cols ** 2).astype(np.float32)     # d2z/dx2 = d2z/dy2 = 2 with 1 m cells
    curv = F.dem_feature("curvature", z, F.DemContext((1.0, 1.0), 0, 1))
    np.testing.assert_allclose(curv[1:-1, 1:-1], -400.0, atol=1e-3)
    en = F.dem_feature("elevation_norm", np.array([[10, 20]], np.float32), F.DemContext((1, 1), 15.0, 5.0))
    np.testing.assert_allclose(en, [[-1.0, 1.0]])


def test_geographic_metres_per_degree():
    lon_m, lat_m = F.metres_per_degree(0.0)
    assert abs(lon_m - 111319.5) < 1 and abs(lat_m - 110574.3) < 1
    lon_m60, _ = F.metres_per_degree(60.0)
    assert abs(lon_m60 - 55800) < 50


def test_spectral_indices_hand_values_and_zero_denominators():
    b = {"red": np.array([10.0, 0.0]), "nir": np.array([30.0, 0.0]), "green": np.array([20.0, 0.0]),
         "blue": np.array([5.0, 0.0]), "swir1": np.array([15.0, 0.0])}
    np.testing.assert_allclose(F.spectral_index("ndvi", b), [0.5, 0.0])
    np.testing.assert_allclose(F.spectral_index("ndmi", b), [15 / 45, 0.0], rtol=1e-6)
    np.testing.assert_allclose(F.spectral_index("gndvi", b), [10 / 50, 0.0], rtol=1e-6)
    np.testing.assert_allclose(F.spectral_index("bsi", b), [(25 - 35) / 60, 0.0], rtol=1e-6)
    rgb = {k: b[k] for k in ("red", "green", "blue")}
    np.testing.assert_allclose(F.spectral_index("brightness", rgb), [35 / 3, 0.0], rtol=1e-6)
    with pytest.raises(ValueError, match="nir"):
        F.spectral_index("ndvi", rgb)


def test_build_channels_normalises_and_marks_invalid():
    meta = ModelMetadata(
        name="t", title="t", family="terrain", architecture="analytic", arch_params={},
        channels=(ChannelSpec("red", "band", band=1, mean=100.0, std=50.0),
                  ChannelSpec("bright", "index", feature="brightness",
                              bands={"red": 1, "green": 2, "blue": 3}, mean=0.0, std=2.0),
                  ChannelSpec("slope", "dem", feature="slope_deg", mean=45.0, std=45.0)),
        gsd_m=1.0, tile_size=16, overlap=0, threshold=0.5)
    image = np.stack([np.full((3, 4), 150.0), np.full((3, 4), 30.0), np.full((3, 4), 0.0)]).astype(np.float32)
    image[1, 0, 0] = np.nan
    dem = ramp(3, 4, east=1.0, north=0.0, px=1.0, py=1.0)
    x, valid = F.build_channels(meta, image, dem, F.DemContext((1.0, 1.0), 0, 1))
    assert x.shape == (3, 3, 4) and x.dtype == np.float32
    assert not valid[0, 0] and valid.sum() == 11
    np.testing.assert_allclose(x[0][valid], 1.0)
    np.testing.assert_allclose(x[1][valid], 30.0)
    np.testing.assert_allclose(x[2][valid], 0.0, atol=1e-5)
    assert x[:, 0, 0].tolist() == [0.0, 0.0, 0.0]


@pytest.mark.parametrize("nodata", ["none", "holes", "scattered"])
def test_slope_alone_equals_slope_computed_with_aspect_and_hillshade_to_the_bit(nodata):
    """The slope asked for alone (terrain models, the polygons' mean slope) is worked out in fewer
    passes; its values are those of the slope computed beside aspect and hillshade, NaN included."""
    rng = np.random.default_rng(11)
    z = 2900.0 + np.cumsum(rng.normal(0.0, 0.8, (130, 140)), axis=0) + np.cumsum(rng.normal(0.0, 0.8, (130, 140)), axis=1)
    z = z.astype(np.float32)
    if nodata == "holes":
        z[40:60, 30:75] = np.nan
        z[0, :9] = np.nan
    elif nodata == "scattered":
        z[rng.random(z.shape) < 0.2] = np.nan
    ctx = F.DemContext((0.5, 0.7), 2900.0, 40.0)
    alone = F.dem_features(["slope_deg"], z, ctx)["slope_deg"]
    beside = F.dem_features(["slope_deg", "aspect_deg", "hillshade"], z, ctx)["slope_deg"]
    assert alone.dtype == beside.dtype == np.float32
    np.testing.assert_array_equal(alone.view(np.uint32), beside.view(np.uint32))
    assert np.isnan(alone).sum() >= np.isnan(z).sum() and np.nanmax(alone) > 10.0


@pytest.mark.parametrize("dtype", [np.uint8, np.uint16])
def test_build_channels_take_bands_as_read_with_the_float_values_to_the_bit(dtype):
    """8-bit imagery for an 8-bit model goes to the channels as read, without a float copy of the
    tile: bands, indices and an already normalised channel come out exactly as from the same
    values in float32, and as the normalisation worked out in float64 to float32 precision."""
    meta = ModelMetadata(
        name="t", title="t", family="optical", architecture="analytic", arch_params={},
        channels=(ChannelSpec("red", "band", band=1, mean=140.6829, std=53.3558),
                  ChannelSpec("green", "band", band=2, mean=134.4639, std=48.9769),
                  ChannelSpec("blue", "band", band=3, mean=0.0, std=1.0),
                  ChannelSpec("bright", "index", feature="brightness",
                              bands={"red": 1, "green": 2, "blue": 3}, mean=127.5, std=50.0)),
        gsd_m=1.0, tile_size=64, overlap=0, threshold=0.5)
    raw = np.random.default_rng(5).integers(1, 256, size=(3, 64, 64)).astype(dtype)
    x, valid = F.build_channels(meta, raw, None, None)
    expected, expected_valid = F.build_channels(meta, raw.astype(np.float32), None, None)
    assert x.dtype == np.float32 and valid.all() and expected_valid.all()
    np.testing.assert_array_equal(x.view(np.uint32), expected.view(np.uint32))
    assert float(np.abs(x[0] - (raw[0].astype(np.float64) - 140.6829) / 53.3558).max()) < 1e-5


@pytest.mark.parametrize("nodata_share, clustered", [(0.0, False), (0.003, False), (0.3, False),
                                                      (0.6, True), (0.97, True)])
def test_derivatives_beside_nodata_match_the_masked_definition(nodata_share, clustered, monkeypatch):
    """The fast derivative (central differences, mended cell by cell beside nodata) equals the
    definition worked out over the whole array: one-sided beside nodata and at the edges, 0
    without a valid neighbour. Scattered nodata, and large nodata areas with ragged edges (the
    rim of a DEM, a void) whose edges alone are mended."""
    rng = np.random.default_rng(7)
    shape = (297, 283) if clustered else (97, 83)
    z = (rng.normal(size=shape) * 50 + 1000).astype(np.float32)
    masked = F._first_derivative_masked
    if clustered:
        rows, cols = np.mgrid[0:shape[0], 0:shape[1]]
        edge = np.quantile(rows + cols + rng.integers(0, 4, z.shape), nodata_share)
        z[rows + cols + rng.integers(0, 4, z.shape) < edge] = np.nan
        share = np.count_nonzero(np.isnan(z)) / z.size
        assert abs(share - nodata_share) < 0.05
        # the edges alone are mended: the whole-array definition is not used for them
        monkeypatch.setattr(F, "_first_derivative_masked", None)
    else:
        z[rng.random(z.shape) < nodata_share] = np.nan
    for axis, step in ((1, 0.7), (0, 1.3)):
        fast = F._first_derivative(z, axis, step)
        ref = masked(z, axis, step)
        # the masked definition along the rows of the transposed array is the same along columns
        np.testing.assert_array_equal(ref, masked(np.ascontiguousarray(z.T), 1 - axis, step).T)
        ok = np.isfinite(z)
        assert np.isfinite(fast[ok]).all()
        np.testing.assert_allclose(fast[ok], ref[ok], rtol=1e-6, atol=1e-4)
