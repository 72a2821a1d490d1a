"""A DEM already on the image grid is read directly, with the values a warp would give; on a
small grid it is read whole once, and every tile read gives the same values."""
from __future__ import annotations

import numpy as np
import rasterio
from rasterio.windows import Window

from landslide_mapper.plugin.engine.align import (PRELOAD_MAX_BYTES, Grid, InMemoryDem, SameGridDem,
                                                  decimated_elevation_statistics, dem_on_grid, elevation_statistics,
                                                  preloadable, read_whole_dem, warped)


def holed_dem(root, tmp_path, hole) -> tuple:
    """The sample scene's DEM with a nodata hole (as the source DEMs have): path, values, nodata."""
    with rasterio.open(root / "resources" / "sample" / "baige_b_dem.tif") as ds:
        profile, z = ds.profile, ds.read(1)
    z[hole] = profile["nodata"]
    path = tmp_path / "dem_with_hole.tif"
    with rasterio.open(path, "w", **profile) as out:
        out.write(z, 1)
    return path, z, profile["nodata"]


def test_co_registered_dem_reads_like_the_warp_including_holes(root, tmp_path):
    holed, _, _ = holed_dem(root, tmp_path, (slice(300, 340), slice(200, 260)))
    with rasterio.open(root / "resources" / "sample" / "baige_b_rgb.tif") as img, rasterio.open(holed) as dem:
        grid = Grid(img.crs, img.transform, img.width, img.height)
        fast = dem_on_grid(dem, grid, "dem", "image")
        assert isinstance(fast, SameGridDem)
        slow = warped(dem, grid, "bilinear", dtype="float32", nodata=float("nan"))
        for win in (Window(0, 0, 768, 768), Window(180, 290, 100, 60), Window(767, 0, 1, 768)):
            a, b = fast.read(1, window=win), slow.read(1, window=win)
            assert a.dtype == np.float32
            np.testing.assert_array_equal(np.isnan(a), np.isnan(b))
            np.testing.assert_array_equal(a, b)
        assert np.isnan(fast.read(1, window=Window(200, 300, 60, 40))).all()


def test_dem_on_another_grid_is_warped(root, tmp_path):
    with rasterio.open(root / "resources" / "sample" / "baige_b_rgb.tif") as img, \
            rasterio.open(root / "resources" / "sample" / "baige_b_dem.tif") as dem:
        t = img.transform
        shifted = Grid(img.crs, t * t.translation(0.5, 0.5), img.width - 1, img.height - 1)
        view = dem_on_grid(dem, shifted, "dem", "image")
        assert not isinstance(view, SameGridDem)
        z = view.read(1, window=Window(10, 10, 2, 1))
        direct = dem.read(1, window=Window(10, 10, 4, 2)).astype("float64")
        # half a cell off in both directions: bilinear is the mean of the four neighbours
        expected = [direct[0:2, c:c + 2].mean() for c in (0, 1)]
        np.testing.assert_allclose(z[0], expected, rtol=0, atol=1e-3)


def test_small_dem_read_whole_gives_the_tiles_the_same_values_and_its_statistics(root, tmp_path):
    """The co-registered DEM of a small grid is read once, whole (decoded on two threads): each
    window then reads exactly what a direct read gives, nodata hole and edges included, and the
    elevation statistics are those of the sampled cells, computed in float64."""
    holed, z, nodata = holed_dem(root, tmp_path, (slice(300, 340), slice(200, 260)))
    with rasterio.open(root / "resources" / "sample" / "baige_b_rgb.tif") as img, rasterio.open(holed) as dem:
        grid = Grid(img.crs, img.transform, img.width, img.height)
        direct = dem_on_grid(dem, grid, "dem", "image")
        assert preloadable(direct, grid)
        assert not preloadable(direct, Grid(grid.crs, grid.transform, 4096, PRELOAD_MAX_BYTES // 4 // 4096 + 1))
        whole = read_whole_dem(direct, threads=2, sample_step=3)
        assert isinstance(whole, InMemoryDem)
        for win in (Window(0, 0, 768, 768), Window(180, 290, 100, 60), Window(767, 0, 1, 768),
                    Window(199, 299, 258, 258)):
            a, b = whole.read(1, window=win), direct.read(1, window=win)
            assert a.dtype == np.float32
            np.testing.assert_array_equal(a, b)          # NaN where b is NaN, equal elsewhere
        assert np.isnan(whole.read(1, window=Window(200, 300, 60, 40))).all()
        sample = z[::3, ::3].astype(np.float64)
        sample = sample[sample != nodata]
        assert whole.count == sample.size
        assert abs(whole.mean - sample.mean()) < 1e-9 * abs(sample.mean())
        assert abs(whole.std - sample.std()) < 1e-7 * sample.std()


def test_elevation_statistics_keep_small_spreads_at_high_elevations():
    """A plateau at 8000 m with centimetre relief: float32 sums of squares would lose the spread."""
    rng = np.random.default_rng(1)
    z = (8000.0 + rng.normal(0, 0.02, size=(700, 900))).astype(np.float32)
    z[:50] = np.nan
    n, mean, std = elevation_statistics(z)
    ok = z[np.isfinite(z)].astype(np.float64)
    assert n == ok.size and abs(mean - ok.mean()) < 1e-9 * 8000 and abs(std / ok.std() - 1) < 1e-6
    assert elevation_statistics(np.full((3, 3), np.nan, np.float32)) == (0, None, None)


def test_decimated_statistics_read_in_bands_are_the_same_on_any_number_of_threads(root, tmp_path):
    """Large grids take the elevation statistics from a decimated read, in horizontal bands of the
    sample read several at once, one handle per thread. The bands do not depend on the number of
    threads, so neither do the statistics (a run on a laptop and on a workstation agree); and
    they match the whole DEM's, nodata hole included. A warped DEM is read the same way."""
    holed, z, nodata = holed_dem(root, tmp_path, (slice(100, 400), slice(50, 500)))
    valid = z[z != nodata].astype(np.float64)
    with rasterio.open(holed) as dem:
        grid = Grid(dem.crs, dem.transform, dem.width, dem.height)
        results = [decimated_elevation_statistics(dem, lambda ds: dem_on_grid(ds, grid, "dem", "image"),
                                                  dem_on_grid(dem, grid, "dem", "image"), (300, 300), threads=t)
                   for t in (1, 2, 4)]
        shifted = Grid(dem.crs, dem.transform * dem.transform.translation(0.5, 0.5), dem.width - 1, dem.height - 1)
        warp = [decimated_elevation_statistics(dem, lambda ds: dem_on_grid(ds, shifted, "dem", "image"),
                                               dem_on_grid(dem, shifted, "dem", "image"), (300, 300), threads=t)
                for t in (1, 3)]
    assert results[0] == results[1] == results[2] and warp[0] == warp[1]
    for n, mean, std in (results[0], warp[0]):
        assert abs(n - 300 * 300 * valid.size / z.size) < 0.02 * n
        assert abs(mean - valid.mean()) < 0.02 * valid.std() and abs(std / valid.std() - 1) < 0.02
