"""A DEM already on the image grid is read directly, with the values a warp would give."""
from __future__ import annotations

import numpy as np
import rasterio
from rasterio.windows import Window

from landslide_mapper.plugin.engine.align import Grid, SameGridDem, dem_on_grid, warped


def test_co_registered_dem_reads_like_the_warp_including_holes(root, tmp_path):
    src = root / "resources" / "sample" / "baige_b_dem.tif"
    holed = tmp_path / "dem_with_hole.tif"
    with rasterio.open(src) as ds:
        profile, z = ds.profile, ds.read(1)
    z[300:340, 200:260] = profile["nodata"]           # a hole, as the source DEMs have
    with rasterio.open(holed, "w", **profile) as out:
        out.write(z, 1)
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
