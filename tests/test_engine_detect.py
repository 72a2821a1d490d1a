"""Tiling, blending and channel building reproduce analytic models exactly, on real rasters."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import analytic_models as A  # noqa: E402
from engine_helpers import DEM, RGB, crop, read  # noqa: E402

from landslide_mapper.plugin.engine import features as F
from landslide_mapper.plugin.engine.detect import cpu_arrangement, run_detection
from landslide_mapper.plugin.engine.errors import Cancelled, InputError
from landslide_mapper.plugin.engine.request import AreaOfInterest, DetectionRequest
from landslide_mapper.plugin.engine.tiling import StreamingBlender, TileGrid

NODATA_PROB = -9999.0


@pytest.fixture(scope="module")
def models(tmp_path_factory):
    d = tmp_path_factory.mktemp("models")
    return {"red": A.red_sigmoid(d / "red.onnx", tile_size=64, overlap=16),
            "slope": A.slope_model(d / "slope.onnx", tile_size=64, overlap=16),
            "asym": A.asymmetric_model(d / "asym.onnx", tile_size=64, overlap=16),
            "coarse": A.red_sigmoid(d / "coarse.onnx", name="coarse", tile_size=64, overlap=8, gsd_m=1.5)}


@pytest.fixture(scope="module")
def holey(tmp_path_factory):
    """An odd-sized crop (157 x 203) with a nodata hole and a nodata corner."""
    def edit(a):
        a = a.copy()
        a[:, 40:52, 70:95] = 0
        a[:, :9, :13] = 0
        return a
    return crop(RGB, tmp_path_factory.mktemp("img") / "holey.tif", 300, 211, 157, 203, edit)


def run(image, model, out, cancel=None, **kw):
    kw.setdefault("threads", 1)
    return run_detection(DetectionRequest(image=image, out_dir=out, model=str(model), **kw), cancel=cancel)


@pytest.mark.parametrize("overlap,threads", [(0, 1), (0, 2), (13, 2), (32, 1)])
def test_tiles_and_blending_reproduce_a_per_pixel_model_everywhere(models, holey, tmp_path, overlap, threads):
    # threads=2: two batches are predicted at once while the next is read and the last written
    res = run(holey, models["red"], tmp_path, overlap=overlap, batch_size=3, threads=threads)
    red = read(holey, 1)
    valid = (read(holey, 1) > 0) | (read(holey, 2) > 0) | (read(holey, 3) > 0)
    prob = read(res.probability)
    assert prob.shape == red.shape
    np.testing.assert_allclose(prob[valid], A.red_sigmoid_expected(red)[valid], atol=2e-6)
    assert (prob[~valid] == NODATA_PROB).all() and (~valid).sum() == 12 * 25 + 9 * 13
    mask = read(res.mask)
    assert (mask[~valid] == 255).all()
    # on the CPU, two runs at once share the batch of 3 (one tile each); one thread: one run of 3
    runs = json.loads(res.summary.read_text())["settings"]["model_runs"]
    assert runs == ({"at_once": 2, "tiles_per_run": 1} if threads == 2 else {"at_once": 1, "tiles_per_run": 3})
    assert ((mask[valid] == 1) == (A.red_sigmoid_expected(red)[valid] >= 0.5)).all()
    assert res.tiles == (3 * 4 if overlap == 0 else len(TileGrid(157, 203, 64, overlap)))
    assert not list(tmp_path.glob(".landslide-mapper-staging-*"))


def test_large_tile_batches_split_across_two_runs_stay_exact(tmp_path):
    """Batches of more than 4 x 256 x 256 pixels are halved between the two CPU runs (memory of one
    batch); the blend in tile order is unchanged."""
    model = A.red_sigmoid(tmp_path / "t256.onnx", tile_size=256, overlap=24)
    img = crop(RGB, tmp_path / "big.tif", 50, 40, 700, 610)
    res = run(img, model, tmp_path / "out", batch_size=5, threads=2)
    assert res.tiles == 9
    red = read(img, 1)
    valid = (read(img, 1) > 0) | (read(img, 2) > 0) | (read(img, 3) > 0)
    np.testing.assert_allclose(read(res.probability)[valid], A.red_sigmoid_expected(red)[valid], atol=2e-6)


def test_raster_smaller_than_a_tile_runs_as_one_tile_of_its_own_size(tmp_path):
    """A 70 x 50 px clip with a 256 px model: one 96 px tile (70 rounded up to 2^5), not 256 px of
    mirrored patchwork; the per-pixel model is still reproduced exactly."""
    model = A.red_sigmoid(tmp_path / "big_tile.onnx", tile_size=256, overlap=32)
    img = crop(RGB, tmp_path / "clip.tif", 400, 300, 70, 50)
    res = run(img, model, tmp_path / "out")
    summary = json.loads(res.summary.read_text())
    assert res.tiles == 1 and summary["settings"]["tile_size"] == 96 and summary["settings"]["overlap_px"] == 0
    assert any("one 96 px tile" in w for w in res.warnings)
    red = read(img, 1)
    valid = (read(img, 1) > 0) | (read(img, 2) > 0) | (read(img, 3) > 0)
    np.testing.assert_allclose(read(res.probability)[valid], A.red_sigmoid_expected(red)[valid], atol=2e-6)


def test_dem_model_gets_exact_slope_across_tile_borders(models, tmp_path):
    img = crop(RGB, tmp_path / "img.tif", 100, 100, 150, 130)
    dem = crop(DEM, tmp_path / "dem.tif", 100, 100, 150, 130)
    res = run(img, models["slope"], tmp_path / "out", dem=dem, overlap=0)
    z = read(dem).astype(np.float32)
    z[z == -9999] = np.nan
    import rasterio

    with rasterio.open(dem) as ds:
        cell = (abs(ds.transform.a), abs(ds.transform.e))      # metres (UTM)
    slope = F.dem_feature("slope_deg", z, F.DemContext(cell, 0.0, 1.0))
    prob = read(res.probability)
    ok = np.isfinite(slope)
    np.testing.assert_allclose(prob[ok], A.sigmoid((slope[ok] - 30.0) / 10.0), atol=3e-6)
    assert res.polygons is not None and res.polygons.exists()
    # Each polygon's mean slope is that of its own pixels: summed over polygons (weighted by their
    # pixel counts) it is the slope summed over the whole mask (within 0.5 %: polygon areas of
    # 8-connected outlines differ slightly from pixel counts).
    from osgeo import ogr

    gpkg = ogr.Open(str(res.polygons))
    feats = [(f.GetField("mean_slope_deg"), f.GetField("area_m2")) for f in gpkg.GetLayer(0)]
    assert len(feats) > 1 and all(m is not None for m, _ in feats)
    mask = read(res.mask) == 1
    weighted = sum(m * a / (cell[0] * cell[1]) for m, a in feats)
    assert weighted == pytest.approx(float(slope[mask].sum()), rel=5e-3)


def test_dem_coverage_is_counted_on_the_tiles_themselves(models, tmp_path):
    """Image and DEM validity are counted exactly on the tiles (no statistics read is needed for
    them): a DEM with a nodata strip gives the exact share in the warning, and a DEM without any
    elevation over the image stops the run with the fix and leaves no output - both for a model
    that reads only slope and for one that normalises elevation (whose statistics are read first)."""
    img = crop(RGB, tmp_path / "img.tif", 100, 100, 150, 130)

    def strip(a):
        a = a.copy()
        a[:, :, :41] = -9999
        return a

    dem = crop(DEM, tmp_path / "dem.tif", 100, 100, 150, 130, strip)
    valid = (read(img, 1) > 0) | (read(img, 2) > 0) | (read(img, 3) > 0)
    has_dem = read(dem) != -9999
    share = 100 * (valid & has_dem).sum() / valid.sum()
    assert 60 < share < 75
    res = run(img, models["slope"], tmp_path / "out", dem=dem, overlap=0)
    assert f"The DEM covers {share:.0f}% of the image's valid pixels: the rest is nodata" in " ".join(res.warnings)
    prob = read(res.probability)
    assert (prob[:, :41] == NODATA_PROB).all() and (prob[valid & has_dem] != NODATA_PROB).mean() > 0.99

    blank = crop(DEM, tmp_path / "blank.tif", 100, 100, 150, 130, lambda a: np.full_like(a, -9999))
    elevation = A.elevation_model(tmp_path / "elev.onnx", tile_size=64, overlap=0)
    for model, out in ((models["slope"], tmp_path / "none_slope"), (elevation, tmp_path / "none_elev")):
        with pytest.raises(InputError, match="has no valid elevations over the image img.tif.*Give the DEM"):
            run(img, model, out, dem=blank)
        assert not out.exists() or not any(out.iterdir())

    # the elevation model sees (z - mean) / std with the scene's own statistics
    res = run(img, elevation, tmp_path / "elev", dem=crop(DEM, tmp_path / "full.tif", 100, 100, 150, 130))
    z = read(tmp_path / "full.tif").astype(np.float64)
    ok = z != -9999
    expected = A.sigmoid((z - z[ok].mean()) / z[ok].std())
    got = read(res.probability)
    both = ok & valid
    # the statistics sample every cell of a DEM this small (150 x 130 px), read whole
    np.testing.assert_allclose(got[both], expected[both], atol=1e-5)
    elev = json.loads(res.summary.read_text())["preprocessing"]["elevation"]
    assert elev["statistics"] == "every cell of the DEM, read whole"
    assert abs(elev["mean_m"] - z[ok].mean()) < 1e-3 and abs(elev["std_m"] - z[ok].std()) < 1e-3


def test_elevation_statistics_are_the_same_whichever_thread_reads_the_dem(monkeypatch, tmp_path):
    """The DEM read whole for its statistics is read by the calling thread when it has nothing
    else to do (8-bit imagery, no stretch to sample), and by a setup thread while the calling
    thread samples 16-bit imagery for its stretch: the same statistics and elevations either
    way, and the read really happens on those threads."""
    import threading

    from landslide_mapper.plugin.engine import detect

    readers = []
    real = detect.read_whole_dem

    def read_whole_dem(*a, **k):
        readers.append(threading.current_thread())
        return real(*a, **k)

    monkeypatch.setattr(detect, "read_whole_dem", read_whole_dem)
    img8 = crop(RGB, tmp_path / "u8.tif", 100, 100, 150, 130)
    img16 = crop(RGB, tmp_path / "u16.tif", 100, 100, 150, 130, nodata=None,
                 edit=lambda a: (a.astype(np.uint16) * 200 + 50))
    dem = crop(DEM, tmp_path / "dem.tif", 100, 100, 150, 130)
    elevation = A.elevation_model(tmp_path / "elev.onnx", tile_size=64, overlap=0)
    a = run(img8, elevation, tmp_path / "a", dem=dem)
    b = run(img16, elevation, tmp_path / "b", dem=dem)
    assert readers[0] is threading.current_thread() and readers[1] is not threading.current_thread()
    stats = [json.loads(r.summary.read_text())["preprocessing"]["elevation"] for r in (a, b)]
    assert stats[0] == stats[1] and stats[0]["statistics"] == "every cell of the DEM, read whole"
    both = (read(a.probability) != NODATA_PROB) & (read(b.probability) != NODATA_PROB)
    assert both.mean() > 0.9
    np.testing.assert_array_equal(read(a.probability)[both], read(b.probability)[both])


def test_a_fill_value_not_declared_as_nodata_is_named_with_the_fix(tmp_path):
    """A DEM whose fill value (-32768 here) is not declared as nodata has elevations no dry land
    has, which distort the statistics the model's elevation channel is normalised by: the run
    says so, with the range, the likely cause and how to declare the value. A sound DEM is not
    warned about, and the summary gives the elevations' range either way."""
    img = crop(RGB, tmp_path / "img.tif", 100, 100, 150, 130)

    def filled(a):
        a = a.copy()
        a[:, :20, :30] = -32768
        return a

    sound = crop(DEM, tmp_path / "sound.tif", 100, 100, 150, 130)
    unflagged = crop(DEM, tmp_path / "unflagged.tif", 100, 100, 150, 130, filled, nodata=None)
    elevation = A.elevation_model(tmp_path / "elev.onnx", tile_size=64, overlap=0)
    good = run(img, elevation, tmp_path / "good", dem=sound)
    bad = run(img, elevation, tmp_path / "bad", dem=unflagged)
    z = read(sound)
    z = z[z != -9999]
    stats = json.loads(good.summary.read_text())["preprocessing"]["elevation"]
    assert (stats["min_m"], stats["max_m"]) == (pytest.approx(float(z.min()), abs=1e-3),
                                                 pytest.approx(float(z.max()), abs=1e-3))
    assert not any("dry land" in w for w in good.warnings)
    said = [w for w in bad.warnings if "dry land" in w]
    assert len(said) == 1 and said[0].startswith("The DEM unflagged.tif has elevations from -32768 to ")
    assert "fill value is probably not declared" in said[0] and "gdal_edit.py -a_nodata VALUE" in said[0]
    assert json.loads(bad.summary.read_text())["preprocessing"]["elevation"]["min_m"] == pytest.approx(-32768, abs=0.01)


def test_large_grids_take_elevation_statistics_from_a_decimated_read(monkeypatch, tmp_path):
    """Above the size read whole, the DEM streams tile by tile and its statistics come from one
    decimated read: the same values here (the decimation keeps every cell of a small DEM)."""
    from landslide_mapper.plugin.engine import align

    monkeypatch.setattr(align, "PRELOAD_MAX_BYTES", 0)
    img = crop(RGB, tmp_path / "img.tif", 100, 100, 150, 130)
    dem = crop(DEM, tmp_path / "dem.tif", 100, 100, 150, 130)
    res = run(img, A.elevation_model(tmp_path / "elev.onnx", tile_size=64, overlap=0), tmp_path / "out", dem=dem)
    z = read(dem).astype(np.float64)
    ok = z != -9999
    valid = ((read(img, 1) > 0) | (read(img, 2) > 0) | (read(img, 3) > 0)) & ok
    np.testing.assert_allclose(read(res.probability)[valid], A.sigmoid((z - z[ok].mean()) / z[ok].std())[valid],
                               atol=1e-5)
    assert json.loads(res.summary.read_text())["preprocessing"]["elevation"]["statistics"].startswith(
        "from a decimated read")


def test_large_dems_take_elevation_statistics_from_a_lattice_of_blocks(monkeypatch, tmp_path):
    """A DEM too large to read whole, and large enough that a decimated read would decode
    every block for its statistics, gives them from a lattice of whole blocks: the model sees
    (z - mean) / std with the statistics the summary reports, and they are close to the whole
    DEM's. (Blocks of 32 cells stand for the 256 of a far larger raster.)"""
    from landslide_mapper.plugin.engine import align

    monkeypatch.setattr(align, "PRELOAD_MAX_BYTES", 0)
    monkeypatch.setattr(align, "LATTICE_MIN_SIZE", 32)
    img = crop(RGB, tmp_path / "img.tif", 0, 0, 768, 768)
    dem = crop(DEM, tmp_path / "dem.tif", 0, 0, 768, 768, tiled=True, blockxsize=32, blockysize=32)   # 576 blocks
    res = run(img, A.elevation_model(tmp_path / "elev.onnx", tile_size=64, overlap=0), tmp_path / "out", dem=dem,
              threads=2)
    elev = json.loads(res.summary.read_text())["preprocessing"]["elevation"]
    assert elev["statistics"] == "from 256 blocks of 32 x 32 cells spread over the DEM, every cell in both directions"
    assert json.loads(res.summary.read_text())["settings"]["gdal_block_cache_mb"] == 32      # a narrow raster
    z = read(dem).astype(np.float64)
    ok = z != -9999
    assert abs(elev["mean_m"] - z[ok].mean()) < 0.1 * z[ok].std() and abs(elev["std_m"] / z[ok].std() - 1) < 0.05
    valid = ((read(img, 1) > 0) | (read(img, 2) > 0) | (read(img, 3) > 0)) & ok
    np.testing.assert_allclose(read(res.probability)[valid],
                               A.sigmoid((z - elev["mean_m"]) / elev["std_m"])[valid], atol=2e-4)


def test_a_scene_clipped_to_its_footprint_maps_the_same_without_decoding_its_nodata_blocks(models, monkeypatch,
                                                                                             tmp_path):
    """Image and DEM tiles read on a scene whose nodata blocks are stored alike (as a scene
    clipped to its footprint is, here in blocks of 64 cells, a DEM too large to hold) decode one
    of those blocks: the probability, the mask and the polygons' slopes are exactly those of a
    run that decodes every block."""
    from osgeo import ogr
    from test_engine_align import oval_scene

    from landslide_mapper.plugin.engine import align

    monkeypatch.setattr(align, "PRELOAD_MAX_BYTES", 0)
    img, dem = oval_scene(tmp_path, "pixel")
    views = []
    real_deduped = align.deduped

    def counted(ds):
        view = real_deduped(ds)
        views.append(type(view).__name__)
        return view

    monkeypatch.setattr(align, "deduped", counted)
    res = run(img, models["slope"], tmp_path / "deduped", dem=dem, overlap=0)
    assert views[-2:] == ["DedupedDataset", "DedupedDataset"]        # the image's and the DEM's
    monkeypatch.setattr(align, "deduped", lambda ds: ds)
    plain = run(img, models["slope"], tmp_path / "plain", dem=dem, overlap=0)
    for name in ("probability", "mask"):
        np.testing.assert_array_equal(read(getattr(res, name)), read(getattr(plain, name)))
    assert (read(res.mask) == 1).any() and (read(res.mask) == 255).any()

    def slopes(path):
        gpkg = ogr.Open(str(path))              # held while its layer is read
        return sorted((f.GetField("area_m2"), f.GetField("mean_slope_deg")) for f in gpkg.GetLayer(0))
    assert slopes(res.polygons) == slopes(plain.polygons) and len(slopes(res.polygons)) > 1


def test_tta_mean_of_eight_and_uncertainty(models, holey, tmp_path):
    plain = run(holey, models["red"], tmp_path / "a", tta=True)
    # A per-pixel model is flip-invariant: TTA changes nothing, uncertainty is 0.
    unc = read(plain.uncertainty)
    valid = unc != NODATA_PROB
    assert np.abs(unc[valid]).max() < 1e-6
    asym = run(holey, models["asym"], tmp_path / "b", tta=True, overlap=0)
    once = run(holey, models["asym"], tmp_path / "c", overlap=0)
    u = read(asym.uncertainty)
    assert u[valid].max() > 0.05 and (u[valid] <= 1).all()
    assert np.abs(read(asym.probability)[valid] - read(once.probability)[valid]).max() > 0.01


def test_gsd_resampling_and_uint16_stretch_are_reported(models, tmp_path):
    img16 = crop(RGB, tmp_path / "u16.tif", 0, 0, 120, 90, edit=lambda a: (a.astype(np.uint16) * 200 + 50),
                 nodata=None)
    res = run(img16, models["coarse"], tmp_path / "out")
    summary = json.loads(res.summary.read_text())
    assert "uint16" in summary["preprocessing"]["image_values"]
    assert summary["preprocessing"]["resampled"] and summary["preprocessing"]["working_grid_px"] == [30, 40]
    assert any("resampled" in w for w in res.warnings)
    prob = read(res.probability)
    assert prob.shape == (120, 90) and (prob[5:-5, 5:-5] >= 0).all()


def test_overviews_built_in_qgis_change_nothing(models, tmp_path):
    """An analyst's pyramids (QGIS: Build Overviews; gdaladdo) would give GDAL a shortcut when the
    image is read onto a coarser model grid: the run reads the full resolution either way, so
    the outputs are the same with and without them."""
    import shutil

    from osgeo import gdal

    plain = crop(RGB, tmp_path / "plain.tif", 0, 0, 400, 360)
    pyramids = tmp_path / "pyramids.tif"
    shutil.copy(plain, pyramids)
    ds = gdal.Open(str(pyramids), gdal.GA_Update)
    ds.BuildOverviews("NEAREST", [2, 4, 8])
    ds = None
    a = run(plain, models["coarse"], tmp_path / "a", overlap=0)
    b = run(pyramids, models["coarse"], tmp_path / "b", overlap=0)
    assert json.loads(b.summary.read_text())["preprocessing"]["resampled"]
    np.testing.assert_array_equal(read(a.probability), read(b.probability))


def test_uint16_stretch_is_the_same_on_any_number_of_threads(models, tmp_path, monkeypatch):
    """The stretch of 16-bit imagery comes from a decimated read in bands of the sample, read
    several at once: one thread or two give the same stretch and the same probabilities. (The
    sample is made smaller than this image, as it is for rasters over 1024 px.)"""
    from landslide_mapper.plugin.engine import detect, raster_io

    monkeypatch.setattr(detect, "decimated_shape", lambda h, w: raster_io.decimated_shape(h, w, limit=200))
    rng = np.random.default_rng(3)
    img16 = crop(RGB, tmp_path / "u16.tif", 0, 0, 433, 300, nodata=None,
                 edit=lambda a: (a.astype(np.uint16) * 200 + 50 + rng.integers(0, 200, a.shape)).astype(np.uint16))
    one = run(img16, models["red"], tmp_path / "one", threads=1, overlap=0)
    two = run(img16, models["red"], tmp_path / "two", threads=2, overlap=0)
    s1, s2 = (json.loads(r.summary.read_text())["preprocessing"]["image_values"] for r in (one, two))
    assert "uint16" in s1 and s1 == s2
    np.testing.assert_array_equal(read(one.probability), read(two.probability))


def test_results_come_back_from_a_coarser_model_grid(models, tmp_path):
    """A 1.5 m model on 0.5 m imagery: the image is averaged onto the model's grid tile by tile,
    and the results come back by bilinear resampling window by window. The outcome equals doing
    both steps whole with GDAL, nodata hole included."""
    import rasterio
    from rasterio.enums import Resampling

    def hole(a):
        a = a.copy()
        a[:, 200:330, 100:260] = 0           # skipped tiles on the coarse grid
        return a

    img = crop(RGB, tmp_path / "img.tif", 0, 0, 600, 520, hole)
    res = run(img, models["coarse"], tmp_path / "out", overlap=0)
    w, h = json.loads(res.summary.read_text())["preprocessing"]["working_grid_px"]
    with rasterio.open(img) as ds:
        assert abs(w - ds.width / 3) < 1.5 and abs(h - ds.height / 3) < 1.5
        bands = ds.read(out_shape=(3, h, w), resampling=Resampling.average)
        coarse = bands[0].astype(np.float32)
        valid = (bands != 0).any(axis=0)        # averages skip nodata: valid where any pixel was
        profile = dict(driver="GTiff", width=w, height=h, count=1, dtype="float32", nodata=NODATA_PROB,
                       crs=ds.crs, transform=ds.transform * ds.transform.scale(ds.width / w, ds.height / h))
        full_shape = ds.shape
    work = np.where(valid, A.red_sigmoid_expected(coarse), NODATA_PROB).astype(np.float32)
    with rasterio.open(tmp_path / "work.tif", "w", **profile) as dst:
        dst.write(work, 1)
    with rasterio.open(tmp_path / "work.tif") as src:
        expected = src.read(1, out_shape=full_shape, resampling=Resampling.bilinear)
    got = read(res.probability)
    both = (got != NODATA_PROB) & (expected != NODATA_PROB)
    assert both.mean() > 0.8 and ((got != NODATA_PROB) == (expected != NODATA_PROB)).mean() > 0.995
    diff = np.abs(got[both] - expected[both])
    # equal but for a few pixels beside the nodata hole, where tile-by-tile averaging meets nodata
    assert (diff <= 1e-4).mean() > 0.999 and diff.max() < 0.01
    mask = read(res.mask)
    assert ((mask == 1) == (both & (got >= 0.5)))[both].all()
    # the mask is nodata exactly where the probability is, and 0 or 1 everywhere else
    assert ((mask == 255) == (got == NODATA_PROB)).all() and set(np.unique(mask)) == {0, 1, 255}


@pytest.mark.parametrize("aoi", [False, True])
def test_outputs_from_a_coarser_grid_have_values_exactly_on_the_valid_pixels(models, tmp_path, aoi):
    """Resampling back carries values up to a cell of the coarser grid past its valid cells, and
    a coarse cell is valid where any image pixel it averages is: on the image grid the outputs
    (probability, mask, uncertainty, saliency) have values on exactly the image's valid pixels
    inside the area of interest, as they do without resampling. Lone black pixels (every band at
    the nodata value 0) inside the scene are nodata too."""
    import rasterio
    from rasterio.features import rasterize

    rng = np.random.default_rng(5)
    lone = (rng.integers(30, 560, 40), rng.integers(30, 480, 40))

    def edit(a):
        a = a.copy()
        a[:, 200:330, 100:260] = 0           # a hole of skipped coarse tiles
        a[:, 0:47, 0:61] = 0                 # a nodata corner, not on the coarse grid's lines
        a[:, 401:404, 300:302] = 0           # a speck smaller than a coarse cell
        a[:, lone[0], lone[1]] = 0
        return a

    img = crop(RGB, tmp_path / "img.tif", 0, 0, 600, 520, edit)
    with rasterio.open(img) as ds:
        valid = (ds.read() != 0).any(axis=0)
        transform, crs, shape = ds.transform, ds.crs, ds.shape
        b = ds.bounds
    request = {}
    if aoi:
        w, h = b.right - b.left, b.top - b.bottom
        ring = [(b.left - 0.2 * w, b.bottom + 0.13 * h), (b.left + 0.71 * w, b.bottom + 0.3 * h),
                (b.left + 0.55 * w, b.top + 0.2 * h), (b.left - 0.2 * w, b.bottom + 0.13 * h)]
        area = {"type": "Polygon", "coordinates": [ring]}
        inside = rasterize([(area, 1)], out_shape=shape, transform=transform, all_touched=False).astype(bool)
        valid &= inside
        from osgeo import ogr, osr

        srs = osr.SpatialReference()
        srs.ImportFromWkt(crs.to_wkt())
        ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(tmp_path / "area.gpkg"))
        layer = ds.CreateLayer("area", srs, ogr.wkbPolygon)
        f = ogr.Feature(layer.GetLayerDefn())
        f.SetGeometry(ogr.CreateGeometryFromJson(json.dumps(area)))
        layer.CreateFeature(f)
        f = layer = ds = None
        request["aoi"] = AreaOfInterest(vector=tmp_path / "area.gpkg")
    res = run(img, models["coarse"], tmp_path / "out", overlap=0, tta=True, saliency="occlusion", **request)
    assert json.loads(res.summary.read_text())["preprocessing"]["resampled"]
    assert valid.sum() > 50000 and (~valid).sum() > 20000
    for path, nodata in ((res.probability, NODATA_PROB), (res.mask, 255), (res.uncertainty, NODATA_PROB),
                         (res.saliency, NODATA_PROB)):
        has = read(path) != nodata
        assert not (has & ~valid).any(), f"{path.name}: {(has & ~valid).sum()} values where the image has none"
        assert not (valid & ~has).any(), f"{path.name}: {(valid & ~has).sum()} valid pixels without a value"
    counts = json.loads(res.summary.read_text())["counts"]
    assert counts["valid_pixels"] == int(valid.sum())


def test_rows_without_nodata_are_resampled_back_as_gdal_resamples_them():
    """Bands of rows without nodata (inside a scene, nearly all of them) come back as GDAL's
    bilinear resampling of the whole layer gives them, and so do those reaching the one nodata
    cell near the bottom, given in strips of rows smaller than a band."""
    from osgeo import gdal, gdal_array

    from landslide_mapper.plugin.engine.align import Grid
    from landslide_mapper.plugin.engine.outputs import RowsBack

    work_h, work_w, out_h, out_w = 181, 230, 545, 690
    layer = np.random.default_rng(11).random((work_h, work_w)).astype(np.float32)
    layer[170, 40] = NODATA_PROB
    whole = gdal_array.OpenArray(layer)
    whole.GetRasterBand(1).SetNoDataValue(NODATA_PROB)
    expected = whole.GetRasterBand(1).ReadAsArray(0, 0, work_w, work_h, buf_xsize=out_w, buf_ysize=out_h,
                                                  resample_alg=gdal.GRIORA_Bilinear)
    got = np.full((out_h, out_w), np.nan, np.float32)

    def emit(win, values):
        got[int(win.row_off):int(win.row_off + win.height)] = values["p"]

    grid = lambda h, w: Grid(None, None, w, h)                        # noqa: E731 (sizes only)
    back = RowsBack(grid(work_h, work_w), grid(out_h, out_w), ["p"], NODATA_PROB, emit, band_rows=64)
    for y0 in range(0, work_h, 20):
        cell = layer[y0:y0 + 20]
        back.put(y0, 0, {"p": np.where(cell == NODATA_PROB, np.float32(np.nan), cell)})
        back.final(y0 + cell.shape[0])
    assert not np.isnan(got).any()
    np.testing.assert_array_equal(got == NODATA_PROB, expected == NODATA_PROB)
    ok = expected != NODATA_PROB
    np.testing.assert_allclose(got[ok], expected[ok], rtol=0, atol=1e-6)


@pytest.mark.parametrize("tile,overlap,final_every", [(64, 0, 1), (48, 10, 2), (200, 0, 1), (4, 0, 1)])
def test_rows_resampled_back_while_tiles_run_equal_resampling_the_whole_layer(tmp_path, tile, overlap, final_every):
    """outputs.RowsBack gets a coarse layer cell by cell as the blender makes them, rows of tiles
    becoming final from the top down (cells of skipped tiles never come), and writes bands of the
    image grid meanwhile: they equal GDAL's bilinear resampling of the whole layer, nodata
    included (pixels centred exactly on a nodata cell too), whatever the tiles, overlaps and
    moments the rows are final."""
    from osgeo import gdal, gdal_array

    from landslide_mapper.plugin.engine.align import Grid
    from landslide_mapper.plugin.engine.outputs import RowsBack

    rng = np.random.default_rng(7)
    work_h, work_w, out_h, out_w = 181, 230, 545, 690                 # about 3x, not exactly
    layer = rng.random((work_h, work_w)).astype(np.float32)
    layer[rng.random(layer.shape) < 0.03] = NODATA_PROB               # scattered nodata
    layer[20:70, 150:] = NODATA_PROB                                  # a hole reaching the edge
    tg = TileGrid(work_h, work_w, tile, overlap)
    skipped = {t for t in tg.tiles() if t.row == 1 and t.col == 0}    # never blended: nodata
    for t in skipped:
        layer[t.y0 + overlap:t.y0 + tile - overlap, t.x0:t.x0 + tile - overlap] = NODATA_PROB
    whole = gdal_array.OpenArray(layer)
    whole.GetRasterBand(1).SetNoDataValue(NODATA_PROB)
    expected = whole.GetRasterBand(1).ReadAsArray(0, 0, work_w, work_h, buf_xsize=out_w, buf_ysize=out_h,
                                                  resample_alg=gdal.GRIORA_Bilinear)

    got = np.full((out_h, out_w), np.nan, np.float32)
    bands = []

    def emit(win, values):
        r, c, h, w = int(win.row_off), int(win.col_off), int(win.height), int(win.width)
        assert np.isnan(got[r:r + h, c:c + w]).all(), "a band written twice"
        got[r:r + h, c:c + w] = values["p"]
        bands.append(r)

    grid = lambda h, w: Grid(None, None, w, h)                        # noqa: E731 (sizes only)
    back = RowsBack(grid(work_h, work_w), grid(out_h, out_w), ["p"], NODATA_PROB, emit)

    def write(y0, x0, values, wsum, ok):
        h, w = ok.shape
        cell = np.where(ok, layer[y0:y0 + h, x0:x0 + w], np.float32(np.nan))
        back.put(y0, x0, {"p": cell.astype(np.float32)})

    blender = StreamingBlender(tg, 1, write)
    ones = np.ones((1, tile, tile), np.float32)
    finals = peak = 0
    for t in tg.tiles():
        if t not in skipped:
            valid = np.zeros((tile, tile), bool)
            h, w = min(tile, work_h - t.y0), min(tile, work_w - t.x0)
            valid[:h, :w] = layer[t.y0:t.y0 + h, t.x0:t.x0 + w] != NODATA_PROB
            blender.add(t, ones, valid)
        blender.done(t)
        rows = blender.rows_done(t)
        if rows is not None:
            finals += 1
            if finals % final_every == 0:
                back.final(rows)
                peak = max(peak, back.held["p"].shape[0])
    assert len(bands) > 0 or tile == 200            # bands were written while tiles still ran
    back.finish(workers=2)
    assert not np.isnan(got).any() and bands == sorted(bands)
    np.testing.assert_array_equal(got == NODATA_PROB, expected == NODATA_PROB)
    ok = expected != NODATA_PROB
    np.testing.assert_allclose(got[ok], expected[ok], rtol=0, atol=1e-6)
    # rows held between bands: at most what a band needs and the rows of tiles made since
    assert peak <= 256 * work_h / out_h + 2 + final_every * tile


def test_a_coarser_terrain_model_gives_every_layer_on_the_image_grid(tmp_path):
    """A 1.5 m terrain model on 0.5 m imagery and DEM, with TTA and saliency: probability, mask,
    uncertainty and saliency come back on the image grid, and the polygons get their mean slope
    (resampled back with the rest)."""
    import rasterio

    d = tmp_path / "m"
    d.mkdir()
    model = A.slope_model(d / "coarse_slope.onnx", name="coarse_slope", tile_size=64, overlap=0, gsd_m=1.5)
    img = crop(RGB, tmp_path / "img.tif", 0, 0, 420, 380)
    dem = crop(DEM, tmp_path / "dem.tif", 0, 0, 420, 380)
    res = run(img, model, tmp_path / "out", dem=dem, tta=True, saliency="occlusion", overlap=0, threads=2)
    with rasterio.open(img) as ds:
        shape, transform = ds.shape, ds.transform
    for path in (res.probability, res.mask, res.uncertainty, res.saliency):
        with rasterio.open(path) as ds:
            assert ds.shape == shape and ds.transform.almost_equals(transform), path.name
    prob, mask = read(res.probability), read(res.mask)
    valid = prob != NODATA_PROB
    assert valid.mean() > 0.95 and ((mask == 1) == (valid & (prob >= 0.5))).all()
    assert 0 < (mask == 1).mean() < 1
    sal = read(res.saliency)                    # scaled on the model's grid, then resampled back
    assert ((sal != NODATA_PROB) == valid).mean() > 0.99
    assert 0 <= sal[sal != NODATA_PROB].min() and sal[sal != NODATA_PROB].max() <= 1 and sal.std() > 0
    summary = json.loads(res.summary.read_text())
    assert summary["preprocessing"]["resampled"]
    assert not list((tmp_path / "out").glob(".landslide-mapper-staging-*"))
    from osgeo import ogr

    src = ogr.Open(str(res.polygons))
    slopes = [f.GetField("mean_slope_deg") for f in src.GetLayer()]
    # the model marks slopes steeper than 30 degrees: its landslides' mean slope is above that
    assert slopes and all(s is not None for s in slopes) and np.median(slopes) > 30


@pytest.mark.parametrize("crs", ["EPSG:3857", "EPSG:4326"])
def test_terrain_and_cell_size_are_in_metres_on_the_ground_in_any_crs(models, tmp_path, crs):
    """Web Mercator's units are metres only on the equator (at the sample's 31 degrees north a
    0.585 m cell is 0.50 m on the ground); degrees are converted at the scene's latitude. The
    same scene and DEM in the image's UTM zone, in Web Mercator and in degrees give the same
    slope and the same model grid."""
    from osgeo import gdal

    from landslide_mapper.plugin.engine.align import pixel_size_m

    utm = crop(RGB, tmp_path / "utm.tif", 350, 0, 300, 300)           # steep ground: slope about 33 degrees
    other = tmp_path / "other.tif"
    gdal.Warp(str(other), str(utm), dstSRS=crs, resampleAlg="bilinear", srcNodata=0, dstNodata=0)
    import rasterio

    with rasterio.open(utm) as a, rasterio.open(other) as b:
        ground_a = pixel_size_m(a.crs, a.transform, a.height, a.width)
        ground_b = pixel_size_m(b.crs, b.transform, b.height, b.width)
        units_b = b.res
    if crs == "EPSG:3857":
        assert ground_b == pytest.approx(ground_a, rel=0.01)
        assert units_b[0] > 1.15 * ground_a[0]                 # the units alone would be 17 % off
    else:                                                      # square in degrees, not on the ground
        assert np.sqrt(np.prod(ground_b)) == pytest.approx(np.sqrt(np.prod(ground_a)), rel=0.01)

    # a plane rising 0.4 m per metre east and 0.3 m per metre north: 26.565 degrees everywhere
    plane = tmp_path / "plane.tif"
    with rasterio.open(utm) as a:
        rows, cols = np.mgrid[0:a.height, 0:a.width]
        x, y = rasterio.transform.xy(a.transform, rows, cols)
        x, y = np.asarray(x) - a.bounds.left, np.asarray(y) - a.bounds.bottom
        profile = dict(driver="GTiff", width=a.width, height=a.height, count=1, dtype="float32",
                       crs=a.crs, transform=a.transform, nodata=-9999)
    with rasterio.open(plane, "w", **profile) as dst:
        dst.write((1000.0 + 0.4 * x + 0.3 * y).astype(np.float32), 1)

    def slopes(image, out):
        res = run(image, models["slope"], out, dem=plane, overlap=0)
        prob = read(res.probability).astype(np.float64)
        prob = prob[(prob > 0.001) & (prob < 0.999)]           # the model's sigmoid((slope - 30) / 10)
        return 30.0 + 10.0 * np.log(prob / (1.0 - prob))

    a, b = slopes(utm, tmp_path / "a"), slopes(other, tmp_path / "b")
    assert np.median(a) == pytest.approx(26.565, abs=0.05)
    assert len(b) > 0.9 * len(a) and np.median(b) == pytest.approx(26.565, abs=0.3)
    # a 1.5 m model runs on the same grid (in cells) whatever the CRS's units
    wa = json.loads(run(utm, models["coarse"], tmp_path / "ca").summary.read_text())["preprocessing"]
    wb = json.loads(run(other, models["coarse"], tmp_path / "cb").summary.read_text())["preprocessing"]
    assert wa["resampled"] and wb["resampled"]
    cells = lambda w, ground: w["working_grid_px"][0] * w["working_grid_px"][1] * 1.5 ** 2   # noqa: E731
    with rasterio.open(utm) as a, rasterio.open(other) as b:
        extent_a = a.width * a.height * np.prod(ground_a)
        extent_b = b.width * b.height * np.prod(ground_b)
    assert cells(wa, ground_a) == pytest.approx(extent_a, rel=0.03)
    assert cells(wb, ground_b) == pytest.approx(extent_b, rel=0.03)


def test_aoi_box_in_another_crs_limits_the_output(models, holey, tmp_path):
    import rasterio
    from rasterio.warp import transform_bounds

    with rasterio.open(holey) as ds:
        b = ds.bounds
        crs = ds.crs
    box = (b.left + 20, b.bottom + 15, b.left + 60, b.bottom + 40)       # 80 x 50 px
    box4326 = transform_bounds(crs, "EPSG:4326", *box)
    res = run(holey, models["red"], tmp_path, aoi=AreaOfInterest(bbox=box4326, crs="EPSG:4326"))
    prob = read(res.probability)
    inside = prob != NODATA_PROB
    assert 3600 < inside.sum() < 4400
    rows, cols = np.nonzero(inside)
    assert rows.min() >= 157 - 82 - 2 and cols.min() >= 38 and cols.max() <= 122
    assert res.tiles_skipped > 0
    # The model still sees the image around the area (context): a model whose pixels depend on
    # their neighbours gives, inside the area, exactly what it gives on the whole image.
    aoi = run(holey, models["asym"], tmp_path / "asym_aoi", overlap=0,
              aoi=AreaOfInterest(bbox=box4326, crs="EPSG:4326"))
    whole = run(holey, models["asym"], tmp_path / "asym_whole", overlap=0)
    a, w = read(aoi.probability), read(whole.probability)
    inside = a != NODATA_PROB
    np.testing.assert_allclose(a[inside], w[inside], atol=1e-6)


def test_cancel_leaves_nothing_that_looks_finished(models, holey, tmp_path):
    calls = []

    def cancel():
        calls.append(1)
        return len(calls) > 1

    with pytest.raises(Cancelled):
        run(holey, models["red"], tmp_path, cancel=cancel, batch_size=1)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("threads", [1, 2])
def test_a_model_onnxruntime_refuses_fails_clearly_with_no_output(models, holey, tmp_path, threads):
    """Valid metadata around a graph onnxruntime cannot load: the tiles are read while the session
    is being created, and its error still ends the run, named, with nothing left behind."""
    import onnx

    from landslide_mapper.plugin.engine.errors import ModelError

    model = onnx.load(str(models["red"]))
    for node in model.graph.node:
        if node.op_type == "Sigmoid":
            node.op_type = "NoSuchOperator"
    broken = tmp_path / "models" / "refused.onnx"
    broken.parent.mkdir()
    onnx.save(model, str(broken))
    out = tmp_path / "out"
    with pytest.raises(ModelError, match="refused.onnx cannot be loaded by onnxruntime"):
        run(holey, broken, out, threads=threads, batch_size=1, device="cpu")
    assert list(out.iterdir()) == []


def test_streaming_holds_only_the_overlap_strip():
    for overlap, limit in ((0, 1), (16, None)):
        grid = TileGrid(600, 500, 64, overlap)
        written = np.zeros((600, 500), int)

        def write(y0, x0, v, ws, ok):
            written[y0:y0 + ok.shape[0], x0:x0 + ok.shape[1]] += 1

        b = StreamingBlender(grid, 1, write)
        for t in grid.tiles():
            b.add(t, np.ones((1, 64, 64), np.float32), np.ones((64, 64), bool))
            b.done(t)
        assert (written == 1).all() and not b.cells
        cols = len(grid.col_segments)
        assert b.peak_cells <= (limit or 2 * cols + 4)


def test_aoi_from_selected_polygons_of_a_vector_file(models, holey, tmp_path):
    import rasterio
    from osgeo import ogr, osr

    with rasterio.open(holey) as ds:
        b, wkt = ds.bounds, ds.crs.to_wkt()
    srs = osr.SpatialReference()
    srs.ImportFromWkt(wkt)
    gpkg = tmp_path / "aoi.gpkg"
    drv = ogr.GetDriverByName("GPKG").CreateDataSource(str(gpkg))
    layer = drv.CreateLayer("areas", srs, ogr.wkbPolygon)
    for x0 in (b.left + 5, b.left + 60):        # two 20 m squares; only the second is selected
        ring = ogr.Geometry(ogr.wkbLinearRing)
        for x, y in ((x0, b.top - 30), (x0 + 20, b.top - 30), (x0 + 20, b.top - 10), (x0, b.top - 10), (x0, b.top - 30)):
            ring.AddPoint_2D(x, y)
        poly = ogr.Geometry(ogr.wkbPolygon)
        poly.AddGeometry(ring)
        f = ogr.Feature(layer.GetLayerDefn())
        f.SetGeometry(poly)
        layer.CreateFeature(f)
    fids = [f.GetFID() for f in layer]
    drv = None
    res = run(holey, models["red"], tmp_path / "out",
              aoi=AreaOfInterest(vector=gpkg, layer="areas", feature_ids=[fids[1]]))
    inside = read(res.probability) != NODATA_PROB
    rows, cols = np.nonzero(inside)
    assert 1400 < inside.sum() <= 1600                       # 40 x 40 px at 0.5 m
    assert cols.min() >= 118 and cols.max() <= 160 and rows.min() >= 18 and rows.max() <= 61


def test_eager_writer_puts_each_block_in_the_file_at_once(tmp_path):
    """Whole-block writes go into the file as they are made (not at the close, after the model has
    finished), and the file is the same GeoTIFF as one written through GDAL's cache: same pixels,
    georeferencing, nodata, description, tiling and codec. An unwritable path names the file."""
    import rasterio
    from rasterio.windows import Window

    from landslide_mapper.plugin.engine.align import Grid
    from landslide_mapper.plugin.engine.outputs import create_tif

    with rasterio.open(RGB) as ds:
        grid = Grid(ds.crs, ds.transform, 600, 520)
    rng = np.random.default_rng(3)
    values = np.round(rng.random((520, 600)), 2).astype(np.float32)
    paths = {}
    for eager in (True, False):
        path = paths[eager] = tmp_path / f"eager_{eager}.tif"
        with create_tif(path, grid, "float32", NODATA_PROB, "landslide probability", eager=eager) as w:
            before = path.stat().st_size
            for r in range(0, 520, 256):
                for c in range(0, 600, 256):
                    w.write(values[r:r + 256, c:c + 256], 1,
                            window=Window(c, r, min(256, 600 - c), min(256, 520 - r)))
            grown = path.stat().st_size - before
        assert (grown > 100_000) == eager           # 9 compressed blocks already on disk, or none yet
    with rasterio.open(paths[True]) as a, rasterio.open(paths[False]) as b:
        assert np.array_equal(a.read(1), values) and np.array_equal(b.read(1), values)
        for key in ("crs", "transform", "nodata", "blockxsize", "blockysize", "compress", "tiled", "dtype"):
            assert a.profile.get(key) == b.profile.get(key), key
        assert a.profile["compress"] == "zstd" and a.crs == grid.crs and a.descriptions == ("landslide probability",)
    with pytest.raises(OSError, match="no_such_folder"):
        create_tif(tmp_path / "no_such_folder" / "p.tif", grid, "float32", NODATA_PROB)


def test_cpu_runs_share_the_batch_and_take_one_large_tile_each():
    """Two runs at once on two or more threads; a run takes one tile of 256 px or more, or up to
    four smaller ones, of the batch (the model's memory stays that of one batch at most); a lone
    large tile runs alone."""
    assert cpu_arrangement(4, 256, 2) == (2, 1)
    assert cpu_arrangement(4, 512, 2) == (2, 1)
    assert cpu_arrangement(8, 256, 16) == (2, 1)
    assert cpu_arrangement(8, 128, 2) == (2, 4)
    assert cpu_arrangement(4, 128, 2) == (2, 2)
    assert cpu_arrangement(1, 1024, 2) == (1, 1)
    assert cpu_arrangement(1, 256, 2) == (2, 1)
    assert cpu_arrangement(4, 256, 1) == (1, 4)


@pytest.fixture
def runtime_module():
    """The runtime module, with no session kept before or after the test."""
    from landslide_mapper.plugin.engine import runtime

    runtime.drop_kept_session()
    yield runtime
    runtime.drop_kept_session()


def _summary(res) -> dict:
    return json.loads(res.summary.read_text())


def test_the_next_run_of_the_same_model_uses_the_kept_session(models, holey, tmp_path, runtime_module):
    """An analyst's second run (another scene, another area, a batch) skips the session's start-up;
    the outputs are the same to the bit. Another thread count needs a session of its own."""
    first = run(holey, models["red"], tmp_path / "a", threads=2, batch_size=2)
    second = run(holey, models["red"], tmp_path / "b", threads=2, batch_size=2)
    assert (_summary(first)["session_reused"], _summary(second)["session_reused"]) == (False, True)
    for name in ("probability", "mask"):
        np.testing.assert_array_equal(read(getattr(first, name)), read(getattr(second, name)))
    third = run(holey, models["red"], tmp_path / "c", threads=1)
    assert _summary(third)["session_reused"] is False
    assert runtime_module.kept_session_key()[6:] == ("auto", 1, 1)     # device, threads, runs at once


def test_a_cancelled_or_refused_run_leaves_its_session_to_the_next(models, holey, tmp_path, runtime_module):
    """An analyst who cancels a run, or whose input is refused while the model is being loaded,
    and runs again does not wait for the model's start-up a second time; the run after gives
    what a run on its own gives."""
    import time

    import rasterio

    calls = []

    def cancel():
        calls.append(1)
        return len(calls) > 1           # after the first batch has gone to the model

    with pytest.raises(Cancelled):
        run(holey, models["red"], tmp_path / "a", cancel=cancel, batch_size=1)
    after_cancel = run(holey, models["red"], tmp_path / "b", batch_size=1)
    assert _summary(after_cancel)["session_reused"] is True

    runtime_module.drop_kept_session()
    with rasterio.open(holey) as ds:
        b, crs = ds.bounds, ds.crs.to_string()
    far = (b.right + 1e4, b.bottom, b.right + 2e4, b.top)      # 10 km east of the image
    with pytest.raises(InputError, match="outside the image"):
        run(holey, models["red"], tmp_path / "c", aoi=AreaOfInterest(bbox=far, crs=crs))
    deadline = time.monotonic() + 10.0  # the session is kept once it is made, after the error
    while runtime_module.kept_session_key() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    again = run(holey, models["red"], tmp_path / "d", batch_size=1)
    assert _summary(again)["session_reused"] is True
    for name in ("probability", "mask"):
        np.testing.assert_array_equal(read(getattr(again, name)), read(getattr(after_cancel, name)))


def test_a_rewritten_model_file_gets_a_new_session(holey, tmp_path, runtime_module):
    """The kept session belongs to the file as it was: a model exported again to the same path
    (same name, same size) is loaded afresh, and its own output comes out."""
    path = tmp_path / "models" / "m.onnx"
    meta = A.metadata("m", A.rgb_channels(), tile_size=64, overlap=0)
    A.conv_sigmoid_model(path, meta, [2.0, 0.0, 0.0], bias=-0.5)
    size = path.stat().st_size
    red = read(holey, 1)
    valid = (red > 0) | (read(holey, 2) > 0) | (read(holey, 3) > 0)
    before = run(holey, path, tmp_path / "a")
    np.testing.assert_allclose(read(before.probability)[valid], A.red_sigmoid_expected(red)[valid], atol=2e-6)
    A.conv_sigmoid_model(path, meta, [-2.0, 0.0, 0.0], bias=0.5)        # the opposite model
    assert path.stat().st_size == size
    after = run(holey, path, tmp_path / "b")
    assert _summary(after)["session_reused"] is False
    np.testing.assert_allclose(read(after.probability)[valid], 1.0 - A.red_sigmoid_expected(red)[valid], atol=2e-6)


def test_a_kept_session_is_freed_when_its_time_is_up_or_another_model_runs(models, holey, tmp_path,
                                                                          runtime_module, monkeypatch):
    import time
    import weakref

    run(holey, models["red"], tmp_path / "a")
    kept = weakref.ref(runtime_module._warm[1])
    assert Path(runtime_module.kept_session_key()[0]).name == "red.onnx"
    run(holey, models["asym"], tmp_path / "b")          # one model's memory at a time
    assert Path(runtime_module.kept_session_key()[0]).name == "asym.onnx"
    assert kept() is None
    kept = weakref.ref(runtime_module._warm[1])
    monkeypatch.setattr(runtime_module, "KEEP_WARM_S", 0.2)
    res = run(holey, models["asym"], tmp_path / "c")
    assert _summary(res)["session_reused"] is True
    deadline = time.monotonic() + 10.0
    while runtime_module.kept_session_key() is not None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert runtime_module.kept_session_key() is None and kept() is None
    monkeypatch.setattr(runtime_module, "KEEP_WARM_S", 0.0)            # not kept at all
    run(holey, models["asym"], tmp_path / "d")
    assert runtime_module.kept_session_key() is None


def test_how_long_a_session_is_kept_is_set_by_the_environment(runtime_module, monkeypatch):
    monkeypatch.delenv(runtime_module.KEEP_ENV_VAR, raising=False)
    assert runtime_module._keep_seconds() == 120.0
    for value, seconds in (("0", 0.0), ("30", 30.0), ("-5", 0.0), ("soon", 120.0)):
        monkeypatch.setenv(runtime_module.KEEP_ENV_VAR, value)
        assert runtime_module._keep_seconds() == seconds


@pytest.mark.parametrize("overlap", [0, 16])
def test_a_terrain_run_without_polygons_maps_the_same_and_writes_no_slope(models, tmp_path, monkeypatch, overlap):
    """The slope is written (to a file of the run's own) for the polygons' mean slope alone: a run
    that writes no polygons makes no such file, and its probability and mask are those of the
    same run with polygons, to the bit, with and without overlapping tiles."""
    from landslide_mapper.plugin.engine import detect

    img = crop(RGB, tmp_path / "img.tif", 100, 100, 150, 130)
    dem = crop(DEM, tmp_path / "dem.tif", 100, 100, 150, 130)
    made = []
    create = detect.create_tif

    def recording(path, *a, **kw):
        made.append(Path(path).name)
        return create(path, *a, **kw)

    monkeypatch.setattr(detect, "create_tif", recording)
    with_polygons = run(img, models["slope"], tmp_path / "with", dem=dem, overlap=overlap)
    assert "slope.tif" in made
    made.clear()
    without = run(img, models["slope"], tmp_path / "without", dem=dem, overlap=overlap, write_polygons=False)
    assert made == ["probability.tif", "mask.tif"] and without.polygons is None
    for name in ("probability", "mask"):
        np.testing.assert_array_equal(read(getattr(without, name)), read(getattr(with_polygons, name)))
    assert (read(without.mask) == 1).any()
    assert sorted(p.name for p in (tmp_path / "without").iterdir()) == ["mask.tif", "probability.tif", "summary.json"]


def test_summary_json_stays_strict_json_when_a_statistic_overflows(tmp_path):
    """JSON has no Infinity or NaN: a statistic that overflows (a DEM's spread, say) is written
    as null, so that strict readers (web tools, other languages) read every summary."""
    from landslide_mapper.plugin.engine.outputs import write_json

    def refuse(name):
        raise ValueError(f"{name} is not JSON")

    path = tmp_path / "summary.json"
    write_json(path, {"elevation": {"mean_m": 2938.5, "std_m": float("inf")},
                      "values": [1.5, float("nan"), (float("-inf"), 2)], "name": "x", "n": 3})
    got = json.loads(path.read_text(), parse_constant=refuse)
    assert got == {"elevation": {"mean_m": 2938.5, "std_m": None}, "values": [1.5, None, [None, 2]],
                   "name": "x", "n": 3}
