"""A DEM already on the image grid is read directly, with the values a warp would give; on a
small grid it is read whole once, and every tile read gives the same values."""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
import rasterio
from rasterio.windows import Window

sys.path.insert(0, str(Path(__file__).resolve().parent))

from landslide_mapper.plugin.engine.align import (PRELOAD_MAX_BYTES, Grid, InMemoryDem, SameGridDem,
                                                  decimated_elevation_statistics, dem_on_grid, elevation_statistics,
                                                  lattice_windows, preloadable, read_whole_dem, sampled_elevation_statistics,
                                                  sampled_image, warped)


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


def test_blocks_stored_alike_are_decoded_once_and_give_the_values_of_a_plain_read(tmp_path):
    """A DEM clipped to an irregular area stores many blocks of nodata alone, as the same bytes.
    Reading it whole decodes one of each and copies it: the values are exactly a plain read's,
    edge blocks (partly outside the raster) and blocks of one real elevation included."""
    from rasterio.transform import from_origin

    from landslide_mapper.plugin.engine.raster_io import GdalHandle, _repeated_blocks

    height, width, nodata = 700, 900, -9999.0
    rows, cols = np.mgrid[0:height, 0:width].astype(np.float32)
    z = 3000.0 + 0.7 * cols - 0.4 * rows + 5.0 * np.sin(rows / 9.0) * np.cos(cols / 13.0)
    z[(rows - 350) ** 2 / 150 ** 2 + (cols - 450) ** 2 / 190 ** 2 > 1.0] = nodata   # an oval scene
    z[256:512, 256:512] = 3210.0            # a flat block (a lake), stored like no other
    z[512:700, 768:900] = nodata            # the corner block, partly outside the raster
    path = tmp_path / "oval_dem.tif"
    with rasterio.open(path, "w", driver="GTiff", width=width, height=height, count=1, dtype="float32",
                       crs="EPSG:32647", transform=from_origin(500000, 3300000, 0.5, 0.5), nodata=nodata,
                       tiled=True, blockxsize=256, blockysize=256, compress="deflate", predictor=3) as out:
        out.write(z.astype(np.float32), 1)
    handle = GdalHandle(path, ["NUM_THREADS=2"])
    try:
        band = handle.ds.GetRasterBand(1)
        copies = _repeated_blocks(str(path), band, width, height)
        # Of the 4 x 3 blocks, the two full ones on the left lie outside the oval: one is copied
        # from the other. Edge blocks are stored padded (by GDAL's rules), so they pair up among
        # themselves: (3, 0) and (3, 1); (0, 2), (1, 2) and (2, 2). The flat block is alone.
        assert copies.get((0, 1)) == (0, 0) or copies.get((0, 0)) == (0, 1)
        assert len(copies) >= 3
        assert (1, 1) not in copies and (1, 1) not in copies.values()
        for (i, j), (si, sj) in copies.items():     # each copies a block with all of its cells
            assert min(256, height - 256 * j) <= min(256, height - 256 * sj)
            assert min(256, width - 256 * i) <= min(256, width - 256 * si)
        whole, plain = handle.read_whole(1), handle.read(1)
    finally:
        handle.close()
    assert whole.dtype == plain.dtype == np.float32
    np.testing.assert_array_equal(whole, plain)
    np.testing.assert_array_equal(whole, z.astype(np.float32))
    with rasterio.open(path) as dem:
        grid = Grid(dem.crs, dem.transform, width, height)
        held = read_whole_dem(dem_on_grid(dem, grid, "dem", "image"), threads=2)
    valid = z[z != nodata].astype(np.float64)
    assert held.count == valid.size and abs(held.mean - valid.mean()) < 1e-9 * valid.mean()
    np.testing.assert_array_equal(np.isnan(held.read(1)), z == nodata)


def oval_scene(tmp_path, interleave: str, block: int = 64):
    """The sample scene's image and DEM cut to an oval, with nodata around it (as a scene clipped
    to its footprint is delivered), stored in blocks of ``block`` cells, with one block of the
    scene repeated: paths of both."""
    from engine_helpers import DEM, RGB, crop

    def oval(a):
        a = a.copy()
        rows, cols = np.mgrid[0:a.shape[1], 0:a.shape[2]]
        outside = (rows - 200) ** 2 / 170 ** 2 + (cols - 230) ** 2 / 200 ** 2 > 1.0
        a[:, outside] = -9999 if a.dtype.kind == "f" else 0
        a[:, 128:192, 320:384] = a[:, 192:256, 192:256]      # a block of terrain repeated
        return a

    opts = dict(tiled=True, blockxsize=block, blockysize=block, compress="deflate")
    img = crop(RGB, tmp_path / f"oval_rgb_{interleave}.tif", 40, 30, 410, 470, oval, interleave=interleave, **opts)
    dem = crop(DEM, tmp_path / "oval_dem.tif", 40, 30, 410, 470, oval, predictor=3, **opts)
    return img, dem


@pytest.mark.parametrize("interleave", ["pixel", "band"])
def test_window_reads_never_decode_blocks_stored_alike_and_give_a_plain_reads_values(tmp_path, interleave):
    """Tiles, DEM tiles with their one-cell halo and windows over the raster's edge read through
    the deduping view give exactly a plain read's values; the nodata blocks around the oval, and
    a block of terrain stored twice, are read from one decoded block, and a window lying on them
    alone decodes nothing once that one is kept."""
    from landslide_mapper.plugin.engine.align import DedupedDataset, deduped

    img, dem = oval_scene(tmp_path, interleave)
    windows = [(0, 0, 64, 64), (63, 63, 66, 66), (127, 191, 130, 130), (0, 0, 470, 410), (383, 343, 87, 67),
               (1, 1, 300, 2), (445, 0, 25, 410), (200, 150, 64, 64), (330, 140, 40, 30), (319, 127, 66, 66)]
    for path, indexes in ((img, [1, 2, 3]), (img, [3, 1]), (img, 2), (dem, 1)):
        with rasterio.open(path) as ds:
            view = deduped(ds)
            assert isinstance(view, DedupedDataset)
            reader = view._reader
            bands = [indexes] if isinstance(indexes, int) else indexes
            copies = reader.copies(bands)
            # the corners of the oval: most of the 8 x 7 blocks of 64 there hold nodata alone
            assert len(copies) >= 12
            assert copies.get((5, 2)) == (3, 3) or copies.get((3, 3)) == (5, 2)
            for c, r, w, h in windows:
                win = Window(c, r, w, h)
                got = view.read(indexes, window=win)
                want = ds.read(indexes, window=win)
                assert got.dtype == want.dtype and got.shape == want.shape
                np.testing.assert_array_equal(got, want)
                np.testing.assert_array_equal(view.read(indexes, window=win, out_dtype="float32"),
                                              ds.read(indexes, window=win, out_dtype="float32"))
            (i, j), (si, sj) = min((k, v) for k, v in copies.items() if k[0] < 7 and k[1] < 6)    # whole blocks
            decoded = []
            plain = reader._plain
            reader._plain = lambda b, x, y, w, h, out: (decoded.append((x, y, w, h)), plain(b, x, y, w, h, out))
            view.read(indexes, window=Window(64 * i, 64 * j, 64, 64))
            assert decoded in ([], [(64 * si, 64 * sj, 64, 64)])
            decoded.clear()
            view.read(indexes, window=Window(64 * i, 64 * j, 64, 64))
            assert decoded == []                    # the source block is kept
            # reads the view does not take on (decimated, masked) are the dataset's own
            np.testing.assert_array_equal(view.read(indexes, window=Window(0, 0, 200, 200), out_shape=(
                *([len(bands)] if not isinstance(indexes, int) else []), 50, 50)),
                ds.read(indexes, window=Window(0, 0, 200, 200), out_shape=(
                    *([len(bands)] if not isinstance(indexes, int) else []), 50, 50)))
            view.close()


def test_rasters_without_blocks_stored_alike_are_read_plainly(root, tmp_path):
    """The sample scene's DEM, stored in strips, has nothing to gain: no view is made."""
    from landslide_mapper.plugin.engine.align import deduped

    strips = tmp_path / "strips.tif"
    with rasterio.open(root / "resources" / "sample" / "baige_b_dem.tif") as ds:
        profile, z = ds.profile, ds.read(1)
    profile.update(tiled=False, compress="deflate")
    profile.pop("blockxsize", None)
    profile.pop("blockysize", None)
    with rasterio.open(strips, "w", **profile) as out:
        out.write(z, 1)
    with rasterio.open(strips) as ds:
        assert deduped(ds) is ds


def test_elevation_statistics_keep_small_spreads_at_high_elevations():
    """A plateau at 8000 m with centimetre relief: float32 sums of squares would lose the spread."""
    rng = np.random.default_rng(1)
    z = (8000.0 + rng.normal(0, 0.02, size=(700, 900))).astype(np.float32)
    z[:50] = np.nan
    n, mean, std = elevation_statistics(z)
    ok = z[np.isfinite(z)].astype(np.float64)
    assert n == ok.size and abs(mean - ok.mean()) < 1e-9 * 8000 and abs(std / ok.std() - 1) < 1e-6
    assert elevation_statistics(np.full((3, 3), np.nan, np.float32)) == (0, None, None)


def test_elevation_statistics_give_the_lowest_and_highest_valid_cell():
    """The range the run checks a DEM by: the lowest and highest valid cell (exactly for
    elevations within a factor of two of the sample's median, to float32 precision beyond), with
    cells that are NaN or outside ``valid`` left out, fill values included when they are not
    marked."""
    rng = np.random.default_rng(5)
    z = (2900.0 + rng.normal(0, 40.0, size=(300, 400))).astype(np.float32)
    z[:20] = np.nan
    z[100:110, :30] = -32768.0
    valid = np.ones(z.shape, bool)
    stats = elevation_statistics(z)
    finite = z[np.isfinite(z)]
    assert stats.low == pytest.approx(-32768.0, rel=1e-6) and stats.high == float(finite.max())
    valid[100:110, :30] = False
    valid[150:, 200:] = False
    stats = elevation_statistics(z, valid)
    kept = z[valid & np.isfinite(z)]
    assert (stats.low, stats.high) == (float(kept.min()), float(kept.max()))
    assert stats[0] == kept.size
    few = np.array([[3.5, np.nan], [-2.0, 7.25]], np.float32)         # under 16 cells: the level is the first
    assert (elevation_statistics(few).low, elevation_statistics(few).high) == (-2.0, 7.25)


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


def test_lattice_windows_are_whole_blocks_spread_over_the_grid():
    """A large grid's statistics sample is a lattice of whole blocks: aligned, inside the grid,
    each block once, over every part of the grid, the same on every call; a grid of fewer than
    twice as many blocks as the lattice holds gets none (its decimated read costs little more)."""
    h, w = 8700, 9216                  # 34 x 36 blocks of 256, the last row 252 cells tall
    windows = lattice_windows(h, w, 256)
    assert windows == lattice_windows(h, w, 256)
    assert 240 <= len(windows) <= 272 and len(set(windows)) == len(windows)
    for r, c, rows, cols in windows:
        assert r % 256 == 0 and c % 256 == 0 and rows == min(256, h - r) and cols == min(256, w - c) > 0
    for k in range(8):                 # every eighth of the rows, and of the columns, is sampled
        assert any(k * h // 8 <= r < (k + 1) * h // 8 for r, _, _, _ in windows)
        assert any(k * w // 8 <= c < (k + 1) * w // 8 for _, c, _, _ in windows)
    assert lattice_windows(2176, 2304, 256) is None


def tiled_copy(path, dst, reps: int, block: int, edit=None):
    """``path`` repeated reps x reps times into a GeoTIFF of ``block`` px blocks: a large raster
    (for the sample size of the test, see LATTICE_MIN_SIZE) with the sample scene's values."""
    with rasterio.open(path) as ds:
        profile, data = ds.profile, ds.read()
    data = np.tile(data, (1, reps, reps))
    if edit is not None:
        data = edit(data)
    profile.update(width=data.shape[2], height=data.shape[1], tiled=True, blockxsize=block, blockysize=block,
                   dtype=str(data.dtype))
    with rasterio.open(dst, "w", **profile) as out:
        out.write(data)
    return dst


def test_large_dem_statistics_come_from_a_lattice_of_blocks(root, tmp_path, monkeypatch):
    """A DEM too large to read whole gives its statistics from a lattice of whole blocks, not
    a decimated read that decodes every block (which the tiles then decode again): close to
    the whole DEM's, the same on any number of threads, and said so in the summary's words.
    A DEM that is mostly nodata, or one with overviews (which a decimated read uses), keeps the
    decimated read. Here blocks of 32 cells stand for the usual 256 of a far larger raster."""
    from landslide_mapper.plugin.engine import align

    monkeypatch.setattr(align, "LATTICE_MIN_SIZE", 32)
    dem_path = root / "resources" / "sample" / "baige_b_dem.tif"

    def holed(z):
        z = z.copy()
        z[:, 300:700, 100:900] = -9999
        return z

    big = tiled_copy(dem_path, tmp_path / "big_dem.tif", 2, 32, holed)       # 1536 x 1536: 2304 blocks
    with rasterio.open(big) as dem:
        z = dem.read(1).astype(np.float64)
        valid = z[z != dem.nodata]
        grid = Grid(dem.crs, dem.transform, dem.width, dem.height)
        on_grid = lambda ds: dem_on_grid(ds, grid, "dem", "image")                 # noqa: E731
        got = [sampled_elevation_statistics(dem, on_grid, on_grid(dem), (1024, 1024), threads=t, on_own_grid=True)
               for t in (1, 2)]
    assert got[0] == got[1]
    (n, mean, std), how = got[0]
    assert how == "from 256 blocks of 32 x 32 cells spread over the DEM, every cell in both directions"
    assert 0.5 * 256 * 32 * 32 < n <= 256 * 32 * 32
    assert abs(mean - valid.mean()) < 0.1 * valid.std() and abs(std / valid.std() - 1) < 0.05

    sparse = tiled_copy(dem_path, tmp_path / "sparse_dem.tif", 2, 32,
                        lambda z: np.where(np.arange(1536)[None, :, None] < 150, z, np.float32(-9999)))
    with rasterio.open(sparse) as dem:
        (n, mean, std), how = sampled_elevation_statistics(dem, on_grid, on_grid(dem), (768, 768), threads=2,
                                                           on_own_grid=True)
        assert how == "from a decimated read (768 x 768 cells)"
        assert (n, mean, std) == decimated_elevation_statistics(dem, on_grid, on_grid(dem), (768, 768), threads=2)
    with rasterio.open(big, "r+") as dem:
        dem.build_overviews([2, 4])
    with rasterio.open(big) as dem:
        _, how = sampled_elevation_statistics(dem, on_grid, on_grid(dem), (768, 768), threads=2, on_own_grid=True)
        assert how.startswith("from a decimated read")


def test_large_image_stretch_samples_a_lattice_of_blocks(root, tmp_path, monkeypatch):
    """16-bit imagery too large for a cheap decimated read is stretched from a lattice of whole
    blocks: per band percentiles close to the whole image's, the same on any number of threads."""
    from landslide_mapper.plugin.engine import align
    from landslide_mapper.plugin.engine.raster_io import choose_stretch

    monkeypatch.setattr(align, "LATTICE_MIN_SIZE", 32)
    big = tiled_copy(root / "resources" / "sample" / "baige_b_rgb.tif", tmp_path / "big16.tif", 2, 32,
                     lambda a: (a.astype(np.uint16) * 40 + 100) * (a.max(axis=0, keepdims=True) > 0))
    with rasterio.open(big) as img:
        grid = Grid(img.crs, img.transform, img.width, img.height)
        samples = [sampled_image(img, lambda ds: ds, img, range(1, 4), (1024, 1024), threads=t, on_own_grid=True)
                   for t in (1, 2)]
        np.testing.assert_array_equal(samples[0][0], samples[1][0])
        np.testing.assert_array_equal(samples[0][1], samples[1][1])
        values, ok = samples[0]
        assert values.shape == (3, 256 * 32 * 32) and ok.shape == (256 * 32 * 32,)
        stretch = choose_stretch(img, (0.0, 1.0), ok, values)
        whole = img.read()
    has = whole.max(axis=0) > 0
    for b in range(3):
        lo, hi = np.percentile(whole[b][has], [2, 98])
        span = hi - lo
        assert abs(stretch.low[b] - lo) < 0.05 * span and abs(stretch.high[b] - hi) < 0.05 * span
    assert grid.width == 1536


def test_gdal_block_cache_grows_with_the_width_of_a_raster_not_its_length(tmp_path):
    """The tiles read a streamed DEM with a halo, so what one row of tiles decodes must stay in
    GDAL's cache for the next: the cache is sized for the raster's width (three rows of DEM
    blocks, one of image blocks, plus a margin), at least 32 MB, and a longer raster of the
    same width gets the same cache."""
    from landslide_mapper.plugin.engine.outputs import CACHE_MIN, block_cache_bytes

    def blank(name, width, height, count, dtype):
        path = tmp_path / name
        with rasterio.open(path, "w", driver="GTiff", width=width, height=height, count=count, dtype=dtype,
                           tiled=True, blockxsize=256, blockysize=256, sparse_ok=True, crs="EPSG:32647",
                           transform=rasterio.transform.from_origin(0, 0, 0.5, 0.5)):
            pass                                   # no block written: a large raster on next to no disk
        return rasterio.open(path)

    with blank("s_img.tif", 2304, 2176, 3, "uint8") as img, blank("s_dem.tif", 2304, 2176, 1, "float32") as dem:
        assert block_cache_bytes(img, dem) == CACHE_MIN == 32 * 2 ** 20
    with blank("w_img.tif", 40000, 512, 3, "uint8") as img, blank("w_dem.tif", 40000, 512, 1, "float32") as dem, \
            blank("l_img.tif", 40000, 2048, 3, "uint8") as long_img, \
            blank("l_dem.tif", 40000, 2048, 1, "float32") as long_dem:
        need = 40000 * 256 * 3 + 3 * 40000 * 256 * 4
        wide = block_cache_bytes(img, dem)
        assert need < wide <= 1.3 * need + 8 * 2 ** 20
        assert block_cache_bytes(long_img, long_dem) == wide
        assert CACHE_MIN < block_cache_bytes(img, None) < wide         # the DEM held in memory, or none
        # on a resampled grid, twice the image's rows of blocks a row of tiles touches (819 rows: 5)
        row = 40000 * 256 * 3
        assert 10 * row < block_cache_bytes(img, None, tile_rows=819) <= 1.1 * 10 * row + 8 * 2 ** 20
