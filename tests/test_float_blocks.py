"""Float DEMs stored with the floating-point predictor are decoded without GDAL (see
engine.float_blocks): the values must be GDAL's to the bit whatever the layout, and anything
the decoder does not handle, a damaged block included, must be read by GDAL instead."""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

import numpy as np
import pytest
from osgeo import gdal

sys.path.insert(0, str(Path(__file__).resolve().parent))

from landslide_mapper.plugin.engine import float_blocks
from landslide_mapper.plugin.engine.float_blocks import FloatBlocks
from landslide_mapper.plugin.engine.raster_io import GdalHandle, gdal_exceptions

NODATA = -9999.0


def terrain(height: int, width: int, dtype=np.float32) -> np.ndarray:
    """Elevations with the texture of real terrain (every mantissa bit in use), a nodata hole
    and a corner of nodata."""
    rows, cols = np.mgrid[0:height, 0:width].astype(np.float64)
    z = 2800.0 + 0.9 * cols - 0.6 * rows + 12.0 * np.sin(rows / 7.0) * np.cos(cols / 11.0)
    z += np.random.default_rng(3).normal(0.0, 0.37, z.shape)
    z[40:90, 60:150] = NODATA
    z[-30:, -45:] = NODATA
    return z.astype(dtype)


def write(path: Path, z: np.ndarray, options: list, sparse_rows=None) -> Path:
    """``z`` as a single-band GeoTIFF with ``options``; with ``sparse_rows`` only those rows are
    written (the others' blocks stay absent from the file)."""
    gdal_type = gdal.GDT_Float64 if z.dtype == np.float64 else gdal.GDT_Float32
    with gdal_exceptions():
        ds = gdal.GetDriverByName("GTiff").Create(str(path), z.shape[1], z.shape[0], 1, gdal_type, options)
        ds.SetGeoTransform((500000.0, 2.0, 0.0, 3300000.0, 0.0, -2.0))
        band = ds.GetRasterBand(1)
        band.SetNoDataValue(NODATA)
        if sparse_rows is None:
            band.WriteArray(z)
        else:
            band.WriteArray(z[sparse_rows], 0, sparse_rows.start)
        ds = None
    return path


def plain_read(path: Path) -> np.ndarray:
    with gdal_exceptions():
        ds = gdal.Open(str(path))
        return ds.GetRasterBand(1).ReadAsArray()


def whole(path: Path, threads: int = 2) -> np.ndarray:
    handle = GdalHandle(path)
    try:
        return handle.read_whole(1, threads)
    finally:
        handle.close()


def decoder(path: Path):
    with gdal_exceptions():
        return FloatBlocks.for_dataset(gdal.Open(str(path)))


def needs_library(name: str):
    if float_blocks._codec(name) is None:
        pytest.skip(f"no {name} library found to load here: GDAL decodes these files itself")


TILED = ["TILED=YES", "BLOCKXSIZE=256", "BLOCKYSIZE=256"]
LAYOUTS = {
    "deflate, tiled, edge tiles padded": ("DEFLATE", (700, 530), np.float32, TILED + ["COMPRESS=DEFLATE"]),
    "deflate, strips, a short last strip": ("DEFLATE", (530, 700), np.float32, ["COMPRESS=DEFLATE",
                                                                                "BLOCKYSIZE=64"]),
    "deflate, small tiles": ("DEFLATE", (300, 333), np.float32,
                             ["TILED=YES", "BLOCKXSIZE=64", "BLOCKYSIZE=32", "COMPRESS=DEFLATE"]),
    "deflate, float64": ("DEFLATE", (400, 290), np.float64, TILED + ["COMPRESS=DEFLATE"]),
    "zstd, tiled": ("ZSTD", (700, 530), np.float32, TILED + ["COMPRESS=ZSTD"]),
    "deflate, one tile wider than the raster": ("DEFLATE", (100, 90), np.float32, TILED + ["COMPRESS=DEFLATE"]),
}


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_values_are_gdals_to_the_bit_in_every_layout(tmp_path, layout):
    codec, (height, width), dtype, options = LAYOUTS[layout]
    needs_library(codec)
    if codec == "ZSTD" and "ZSTD" not in (gdal.GetDriverByName("GTiff").GetMetadataItem("DMD_CREATIONOPTIONLIST")
                                          or ""):
        pytest.skip("this GDAL writes no ZSTD")
    z = terrain(height, width, dtype)
    path = write(tmp_path / "dem.tif", z, options + ["PREDICTOR=3"])
    assert decoder(path) is not None, "the decoder should take this file"
    for threads in (1, 2, 3):
        got = whole(path, threads)
        assert got.dtype == dtype
        np.testing.assert_array_equal(got.view(np.uint8), plain_read(path).view(np.uint8))
        np.testing.assert_array_equal(got, z)


@pytest.mark.parametrize("options", [TILED + ["COMPRESS=DEFLATE"],                     # no predictor
                                     TILED + ["COMPRESS=LZW", "PREDICTOR=3"],          # another codec
                                     TILED])                                           # not compressed
def test_files_it_does_not_handle_are_read_by_gdal(tmp_path, options):
    z = terrain(300, 280)
    path = write(tmp_path / "dem.tif", z, options)
    assert decoder(path) is None
    np.testing.assert_array_equal(whole(path), z)


def test_big_endian_files_are_read_by_gdal(tmp_path):
    """A big-endian GeoTIFF is left to GDAL, whatever it holds. (This GDAL does not read back the
    elevations it wrote that way with the floating-point predictor: whatever it reads, the run
    reads the same.)"""
    z = terrain(300, 333)
    path = write(tmp_path / "dem.tif", z, TILED + ["COMPRESS=DEFLATE", "PREDICTOR=3", "ENDIANNESS=BIG"])
    assert decoder(path) is None
    np.testing.assert_array_equal(whole(path).view(np.uint8), plain_read(path).view(np.uint8))


def test_integer_dems_are_left_to_gdal(tmp_path):
    z = np.clip(terrain(300, 280), 0, None).astype(np.int16)
    path = tmp_path / "srtm_like.tif"
    with gdal_exceptions():
        ds = gdal.GetDriverByName("GTiff").Create(str(path), 280, 300, 1, gdal.GDT_Int16,
                                                  TILED + ["COMPRESS=DEFLATE", "PREDICTOR=2"])
        ds.GetRasterBand(1).WriteArray(z)
        ds = None
    assert decoder(path) is None
    np.testing.assert_array_equal(whole(path), z)


def test_blocks_absent_from_the_file_read_as_gdal_fills_them(tmp_path):
    needs_library("DEFLATE")
    z = terrain(700, 530)
    path = write(tmp_path / "sparse.tif", z, TILED + ["COMPRESS=DEFLATE", "PREDICTOR=3", "SPARSE_OK=TRUE"],
                 sparse_rows=slice(256, 512))
    fb = decoder(path)
    assert fb is not None
    out = np.zeros((700, 530), np.float32)
    left = fb.read_blocks([(i, j, out[256 * j:256 * j + 256, 256 * i:256 * i + 256])
                           for j in range(3) for i in range(3)])
    assert sorted((i, j) for i, j, _ in left) == [(i, j) for i in range(3) for j in (0, 2)]
    np.testing.assert_array_equal(out[256:512], z[256:512])          # the row written: decoded here
    got = whole(path)
    np.testing.assert_array_equal(got, plain_read(path))
    np.testing.assert_array_equal(got[256:512], z[256:512])
    assert (got[:256] == NODATA).all() and (got[512:] == NODATA).all()


def damage_block(path: Path, damaged: Path, i: int, j: int) -> Path:
    """A copy of ``path`` with a run of bytes overwritten inside block (i, j)."""
    with gdal_exceptions():
        ds = gdal.Open(str(path))
        band = ds.GetRasterBand(1)
        offset = int(band.GetMetadataItem(f"BLOCK_OFFSET_{i}_{j}", "TIFF"))
        size = int(band.GetMetadataItem(f"BLOCK_SIZE_{i}_{j}", "TIFF"))
        band = ds = None
    shutil.copy(path, damaged)
    with open(damaged, "r+b") as f:
        f.seek(offset + size // 2)
        f.write(bytes(range(200, 256)) * 4)
    return damaged


def test_a_block_that_does_not_inflate_cleanly_reads_as_nodata_and_is_named(tmp_path):
    """libdeflate checks each block's checksum, GDAL does not: GDAL reads a damaged block as
    values far from the file's elevations, so it reads as nodata here (the band has a nodata
    value), and it is named; every other block is GDAL's to the bit."""
    needs_library("DEFLATE")
    z = terrain(700, 530)
    path = write(tmp_path / "dem.tif", z, TILED + ["COMPRESS=DEFLATE", "PREDICTOR=3"])
    damaged = damage_block(path, tmp_path / "damaged.tif", 1, 1)
    fb = decoder(damaged)
    out = np.zeros((256, 256), np.float32)
    assert [(i, j) for i, j, _ in fb.read_blocks([(1, 1, out)])] == [(1, 1)]
    assert [(i, j) for i, j, _ in fb.read_blocks([(0, 1, out)])] == []
    assert [(i, j) for i, j, _ in fb.read_blocks([(1, 1, out)])] == [(1, 1)]
    assert fb.damaged == [(1, 1)]                   # named once, however often it is read
    gdal_values = plain_read(damaged)
    assert not np.array_equal(gdal_values[256:512, 256:512], z[256:512, 256:512])
    expected = gdal_values.copy()
    expected[256:512, 256:512] = NODATA
    handle = GdalHandle(damaged)
    try:
        np.testing.assert_array_equal(handle.read_whole(1, 2).view(np.uint8), expected.view(np.uint8))
        assert handle.damaged == [(256, 256, 256, 256)]
    finally:
        handle.close()


def test_a_damaged_dem_is_named_in_the_run_s_warnings(tmp_path):
    """A detection whose DEM has a block that fails its checksum maps nothing from that block
    (GDAL would read values far from any elevation, which would reach the scene's elevation
    statistics and move every probability), and tells the analyst where the DEM is damaged and
    what to do; the same DEM undamaged gives no such warning."""
    needs_library("DEFLATE")
    import json

    import analytic_models as A

    from landslide_mapper.plugin.engine.detect import run_detection
    from landslide_mapper.plugin.engine.request import DetectionRequest

    z = terrain(700, 530)
    dem = write(tmp_path / "dem.tif", z, TILED + ["COMPRESS=DEFLATE", "PREDICTOR=3"])
    image = tmp_path / "image.tif"
    with gdal_exceptions():
        ds = gdal.Open(str(dem), gdal.GA_Update)
        ds.SetProjection("EPSG:32647")
        ds = None
        ds = gdal.GetDriverByName("GTiff").Create(str(image), 530, 700, 3, gdal.GDT_Byte, TILED)
        ds.SetGeoTransform((500000.0, 2.0, 0.0, 3300000.0, 0.0, -2.0))
        ds.SetProjection("EPSG:32647")
        ds.WriteArray(np.full((3, 700, 530), 120, np.uint8))
        ds = None
    damaged = damage_block(dem, tmp_path / "damaged.tif", 1, 1)
    model = A.elevation_model(tmp_path / "elev.onnx", tile_size=64, overlap=0, gsd_m=2.0)     # the DEM's grid
    runs = {}
    for name, d in (("sound", dem), ("damaged", damaged)):
        runs[name] = run_detection(DetectionRequest(image=image, dem=d, out_dir=tmp_path / name, model=str(model),
                                                    device="cpu", write_polygons=False))
    assert not any("damaged" in w for w in runs["sound"].warnings)
    said = [w for w in runs["damaged"].warnings if "damaged" in w]
    assert len(said) == 1 and said[0].startswith("The DEM damaged.tif is damaged: 1 of its stored blocks fails "
                                                 "its checksum (rows 256-511, columns 256-511); read as nodata, "
                                                 "nothing was mapped from it. Copy the DEM again")
    assert said[0] in json.loads(runs["damaged"].summary.read_text())["warnings"]
    has_dem = z != NODATA
    has_dem[256:512, 256:512] = False
    share = f"The DEM covers {100 * has_dem.mean():.0f}% of the image's valid pixels"
    assert share in " ".join(runs["damaged"].warnings)
    # the elevation statistics are those of the sound cells alone
    stats = json.loads(runs["damaged"].summary.read_text())["preprocessing"]["elevation"]
    kept = z[has_dem].astype(np.float64)
    assert stats["mean_m"] == pytest.approx(kept.mean(), abs=2e-3)
    assert stats["std_m"] == pytest.approx(kept.std(), abs=2e-3)
    prob = plain_read(runs["damaged"].probability)
    assert (prob[256:512, 256:512] == -9999.0).all() and (prob[:256] != -9999.0).mean() > 0.95


def test_the_sample_dem_is_decoded_here_and_the_detection_is_unchanged(root, tmp_path):
    """The bundled sample's DEM (DEFLATE, floating-point predictor) goes through the decoder; a
    detection on it gives exactly the outputs of one on the same elevations stored without the
    predictor, which GDAL decodes."""
    needs_library("DEFLATE")
    from landslide_mapper.plugin.engine.detect import run_detection
    from landslide_mapper.plugin.engine.request import DetectionRequest

    sample = root / "resources" / "sample"
    dem = sample / "baige_b_dem.tif"
    assert decoder(dem) is not None
    plain_dem = tmp_path / "dem_no_predictor.tif"
    with gdal_exceptions():
        gdal.Translate(str(plain_dem), str(dem), creationOptions=TILED + ["COMPRESS=DEFLATE"])
    assert decoder(plain_dem) is None
    results = []
    for name, d in (("fast", dem), ("gdal", plain_dem)):
        res = run_detection(DetectionRequest(image=sample / "baige_b_rgb.tif", dem=d, out_dir=tmp_path / name,
                                             model="unet_terrain", device="cpu", write_polygons=False))
        results.append((plain_read(res.probability), plain_read(res.mask)))
    (p_fast, m_fast), (p_gdal, m_gdal) = results
    np.testing.assert_array_equal(p_fast, p_gdal)
    np.testing.assert_array_equal(m_fast, m_gdal)
    assert (m_fast == 1).any(), "the sample scene has landslides"


def test_blocks_are_shared_between_the_calling_thread_and_its_helpers():
    """The calling thread decodes blocks too (a run starts one thread fewer while the session is
    created); every block is decoded once, and the results come back in the blocks' order."""
    import threading

    caller = threading.current_thread()
    took = {True: threading.Event(), False: threading.Event()}      # by the caller, by a helper
    taken = []

    def decode(k):
        mine = threading.current_thread() is caller
        taken.append((k, threading.current_thread()))
        took[mine].set()
        # whichever comes first waits for the other to take a block
        assert took[not mine].wait(10), "the calling thread and its helpers did not share the blocks"
        return k * k

    for threads in (2, 3, 8):
        taken.clear()
        for e in took.values():
            e.clear()
        assert float_blocks._each(decode, list(range(12)), threads) == [k * k for k in range(12)]
        assert sorted(k for k, _ in taken) == list(range(12))
        workers = {t for _, t in taken}
        assert caller in workers and 2 <= len(workers) <= threads
    assert float_blocks._each(lambda k: k + 1, [5, 6], 1) == [6, 7]
