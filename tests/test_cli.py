"""The command line on the real sample scene, and every bad input it must explain."""
from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path
from typing import Optional

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import analytic_models as A  # noqa: E402
from engine_helpers import DEM, RGB, crop, read, reproject_dem, footprint, size_limit, zipped  # noqa: E402

from landslide_mapper.plugin.engine.cli import main

ROOT = Path(__file__).resolve().parents[1]
STAGING = ".landslide-mapper-staging"


@pytest.fixture(scope="module")
def mdir(tmp_path_factory):
    d = tmp_path_factory.mktemp("models")
    A.red_sigmoid(d / "red.onnx", default=True, tile_size=128, overlap=16)
    A.slope_model(d / "slope.onnx", tile_size=128, overlap=16)
    return d


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    d = tmp_path_factory.mktemp("small")
    return crop(RGB, d / "rgb.tif", 200, 200, 200, 180), crop(DEM, d / "dem.tif", 200, 200, 200, 180)


def digest(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def cli(*args) -> int:
    return main([str(a) for a in args])


def test_detect_on_the_sample_scene_with_and_without_dem(mdir, tmp_path, capsys):
    before = digest(RGB), digest(DEM)
    assert cli("detect", "--image", RGB, "--model", "red_sigmoid", "--model-dir", mdir,
               "--out", tmp_path / "a", "--threads", "1", "--quiet") == 0
    assert cli("detect", "--image", RGB, "--dem", DEM, "--model", "slope_sigmoid", "--model-dir", mdir,
               "--out", tmp_path / "b", "--threads", "1", "--quiet") == 0
    out = capsys.readouterr().out
    assert "landslide(s)" in out and "CPUExecutionProvider" in out
    for name in ("a", "b"):
        files = sorted(p.name for p in (tmp_path / name).iterdir())
        assert files == ["mask.tif", "polygons.gpkg", "probability.tif", "summary.json"]
    s = json.loads((tmp_path / "b" / "summary.json").read_text())
    assert s["provider"] == "CPUExecutionProvider" and s["tiles"] == 49 and s["counts"]["landslides"] > 0
    import rasterio

    with rasterio.open(tmp_path / "b" / "probability.tif") as p, rasterio.open(RGB) as src:
        assert p.crs == src.crs and p.transform == src.transform and p.shape == src.shape
        assert p.profile["tiled"] and p.profile["compress"] == "zstd"
    from osgeo import ogr

    gpkg = ogr.Open(str(tmp_path / "b" / "polygons.gpkg"))      # keep the dataset alive while reading
    layer = gpkg.GetLayer(0)
    fields = [layer.GetLayerDefn().GetFieldDefn(i).GetName() for i in range(layer.GetLayerDefn().GetFieldCount())]
    assert "mean_slope_deg" in fields and layer.GetFeatureCount() == s["counts"]["landslides"]
    assert (digest(RGB), digest(DEM)) == before


def test_deflate_outputs_hold_the_same_values_as_zstd(mdir, small, tmp_path):
    """Older software reads only deflate: --compress deflate writes it, losslessly, same pixels."""
    rgb, dem = small
    for codec in ("zstd", "deflate"):
        assert cli("detect", "--image", rgb, "--dem", dem, "--model", "slope_sigmoid", "--model-dir", mdir,
                   "--out", tmp_path / codec, "--compress", codec, "--threads", "1", "--quiet") == 0
    import rasterio

    for name in ("probability.tif", "mask.tif"):
        with rasterio.open(tmp_path / "zstd" / name) as z, rasterio.open(tmp_path / "deflate" / name) as d:
            assert z.profile["compress"] == "zstd" and d.profile["compress"] == "deflate"
            assert np.array_equal(z.read(1), d.read(1))
    assert json.loads((tmp_path / "deflate" / "summary.json").read_text())["settings"]["compression"] == "deflate"


@pytest.mark.parametrize("crs,res", [("EPSG:4326", 1.0e-5), ("EPSG:3857", 1.2)])
def test_dem_on_another_crs_and_coarser_cells_is_aligned(mdir, small, tmp_path, crs, res):
    rgb, dem = small
    other = reproject_dem(dem, tmp_path / "dem_other.tif", crs, res)
    assert cli("detect", "--image", rgb, "--dem", dem, "--model", "slope_sigmoid", "--model-dir", mdir,
               "--out", tmp_path / "same", "--threads", "1", "--quiet") == 0
    assert cli("detect", "--image", rgb, "--dem", other, "--model", "slope_sigmoid", "--model-dir", mdir,
               "--out", tmp_path / "other", "--threads", "1", "--quiet") == 0
    a, b = read(tmp_path / "same" / "probability.tif"), read(tmp_path / "other" / "probability.tif")
    ok = (a >= 0) & (b >= 0)
    assert ok.mean() > 0.9 and b.shape == a.shape
    # A coarser DEM smooths the terrain: same picture, not the same pixels.
    assert np.corrcoef(a[ok], b[ok])[0, 1] > 0.7 and abs(a[ok].mean() - b[ok].mean()) < 0.15


def test_several_images_go_to_their_own_folders(mdir, small, tmp_path):
    rgb, _ = small
    second = crop(RGB, tmp_path / "second.tif", 0, 0, 100, 100)
    assert cli("detect", "--image", rgb, second, "--model-dir", mdir, "--out", tmp_path / "o",
               "--threads", "1", "--quiet") == 0
    assert (tmp_path / "o" / "rgb" / "mask.tif").exists() and (tmp_path / "o" / "second" / "mask.tif").exists()


def geopackage(tmp: Path, rgb: Path, dem: Path) -> Path:
    """The image and DEM as two raster tables of one GeoPackage, stored losslessly."""
    from osgeo import gdal

    gpkg = tmp / "scene.gpkg"
    gdal.Translate(str(gpkg), str(rgb), format="GPKG", creationOptions=["RASTER_TABLE=image", "TILE_FORMAT=PNG"])
    gdal.Translate(str(gpkg), str(dem), format="GPKG", creationOptions=["RASTER_TABLE=dem", "APPEND_SUBDATASET=YES"])
    return gpkg


def test_rasters_inside_a_zip_or_a_geopackage_are_read_where_they_are(mdir, small, tmp_path, capsys):
    """GDAL dataset names work as inputs: the same maps as from the files, named in the summary as given."""
    rgb, dem = small
    archive, gpkg = zipped(tmp_path / "scene.zip", rgb, dem), geopackage(tmp_path, rgb, dem)
    before = digest(archive), digest(gpkg)
    inputs = {"files": (rgb, dem),
              "zip": (f"/vsizip/{archive}/rgb.tif", f"/vsizip/{archive}/dem.tif"),
              "gpkg": (f"GPKG:{gpkg}:image", f"GPKG:{gpkg}:dem")}
    assert inputs["zip"][0].startswith("/vsizip//")      # an absolute path inside: the double slash is kept
    for name, (image, dem_name) in inputs.items():
        assert cli("detect", "--image", image, "--dem", dem_name, "--model", "slope_sigmoid", "--model-dir", mdir,
                   "--out", tmp_path / name, "--threads", "1", "--quiet") == 0, name
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in lines] == ["rgb.tif", "rgb.tif", "scene.gpkg"]
    assert lines[2].startswith("scene.gpkg:image: ")
    for name in ("zip", "gpkg"):
        for out in ("probability.tif", "mask.tif"):
            assert np.array_equal(read(tmp_path / "files" / out), read(tmp_path / name / out), equal_nan=True)
        summary = json.loads((tmp_path / name / "summary.json").read_text())
        assert (summary["inputs"]["image"], summary["inputs"]["dem"]) == inputs[name]
        assert summary["counts"]["landslides"] > 0
    # several of them: each gets its folder, named after the raster
    assert cli("detect", "--image", inputs["zip"][0], inputs["gpkg"][0], "--model-dir", mdir,
               "--out", tmp_path / "several", "--threads", "1", "--quiet") == 0
    assert sorted(p.name for p in (tmp_path / "several").iterdir()) == ["rgb", "scene.gpkg_image"]
    assert (digest(archive), digest(gpkg)) == before
    assert not list(tmp_path.glob("*.aux.xml"))


def test_an_area_of_interest_inside_a_zip_is_read_where_it_is(mdir, small, tmp_path):
    """A zipped Shapefile as the area of interest: the same map as the Shapefile unpacked."""
    rgb, _ = small
    folder = tmp_path / "shp"
    folder.mkdir()
    footprint(rgb, folder / "west.shp", quarter=True)
    archive = zipped(tmp_path / "scene.zip", *sorted(folder.iterdir()))
    for name, aoi in (("files", folder / "west.shp"), ("zip", f"/vsizip/{archive}/west.shp")):
        assert cli("detect", "--image", rgb, "--aoi", aoi, "--model-dir", mdir, "--out", tmp_path / name,
                   "--threads", "1", "--quiet") == 0, name
    a, z = read(tmp_path / "files" / "mask.tif"), read(tmp_path / "zip" / "mask.tif")
    assert np.array_equal(a, z)
    h, w = a.shape
    assert (a[: h // 2 - 2, : w // 2 - 2] != 255).all() and (a[h // 2 + 2:, :] == 255).all()
    assert json.loads((tmp_path / "zip" / "summary.json").read_text())["inputs"]["aoi"] == "west.shp"


def test_one_bad_image_in_several_is_said_and_the_others_are_mapped(mdir, small, tmp_path, capsys):
    rgb, _ = small
    second = crop(RGB, tmp_path / "second.tif", 0, 0, 100, 100)
    oneband = crop(RGB, tmp_path / "oneband.tif", 0, 0, 50, 50, edit=lambda a: a[:1], count=1)
    out = tmp_path / "o"
    # a path mistyped is said before anything runs
    assert cli("detect", "--image", rgb, tmp_path / "nope.tif", "--model-dir", mdir, "--out", out,
               "--threads", "1", "--quiet") == 1
    assert "nope.tif does not exist" in capsys.readouterr().err and not out.exists()
    # an image the model cannot use: the others before and after it are mapped, and the run says which failed
    code = cli("detect", "--image", rgb, oneband, second, "--model-dir", mdir, "--out", out, "--threads", "1",
               "--quiet")
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1
    assert len(err) == 2 and err[0].startswith("landslide-mapper: error: oneband.tif: The image oneband.tif has 1 band")
    assert err[1] == f"landslide-mapper: 1 of 3 images could not be mapped (oneband.tif); the others' outputs are in {out}."
    assert (out / "rgb" / "mask.tif").exists() and (out / "second" / "mask.tif").exists()
    assert not (out / "oneband").exists() or not any((out / "oneband").iterdir())


def test_models_json(mdir, tmp_path, capsys):
    (tmp_path / "broken.onnx").write_bytes(b"not a model")
    assert cli("models", "--json", "--model-dir", mdir, "--model-dir", tmp_path) == 0
    data = json.loads(capsys.readouterr().out)
    names = {m["name"]: m for m in data["models"]}
    assert names["slope_sigmoid"]["needs_dem"] and not names["red_sigmoid"]["needs_dem"]
    for key in ("architecture", "inputs", "gsd_m", "tile_size", "threshold", "val_f1", "val_miou", "size_mb", "default"):
        assert key in names["red_sigmoid"]
    assert any("broken.onnx" in b["path"] and "corrupt" in b["reason"] for b in data["unusable"])


def _bad_inputs(tmp, small, mdir):
    rgb, dem = small
    nocrs = crop(RGB, tmp / "nocrs.tif", 0, 0, 50, 50, crs=None)
    far = crop(DEM, tmp / "far.tif", 0, 0, 50, 50,
               transform=__import__("rasterio").transform.from_origin(100000, 200000, 0.5, 0.5))
    oneband = crop(RGB, tmp / "one.tif", 0, 0, 50, 50, edit=lambda a: a[:1], count=1)
    empty = crop(RGB, tmp / "empty.tif", 0, 0, 50, 50, edit=lambda a: a * 0)
    corrupt = tmp / "corrupt.onnx"
    corrupt.write_bytes(b"\x08\x07garbage")
    import onnx

    bare = onnx.load(str(mdir / "red.onnx"))
    del bare.metadata_props[:]
    onnx.save(bare, str(tmp / "bare.onnx"))
    blocker = tmp / "file.txt"
    blocker.write_text("x")
    cut_rgb, cut_dem = cut_short(rgb, tmp / "cut_rgb.tif"), cut_short(dem, tmp / "cut_dem.tif")
    from osgeo import gdal

    photo = tmp / "photo.png"                  # a plain picture: no world file, no CRS
    gdal.Translate(str(photo), str(rgb), format="PNG", options=["-co", "WORLDFILE=NO"]).FlushCache()
    for side in photo.parent.glob("photo.png.aux.xml"):
        side.unlink()
    from rasterio.transform import Affine

    with __import__("rasterio").open(rgb) as ds:
        turned = crop(RGB, tmp / "rotated.tif", 0, 0, 50, 50, transform=ds.transform * Affine.rotation(10))
    moved = source_gone(rgb, tmp)
    out = tmp / "out"
    m = ["--model-dir", mdir]
    return {
        "missing": (["--image", tmp / "nope.tif", "--out", out] + m, "does not exist"),
        "zip_member_missing": (["--image", f"/vsizip/{zipped(tmp / 'scene.zip', rgb)}/nope.tif", "--out", out] + m,
                               "scene.zip/nope.tif cannot be opened"),
        "zip_itself": (["--image", tmp / "scene.zip", "--out", out] + m,
                       f"The image scene.zip is a zip archive, not a raster. Name the raster inside it as GDAL "
                       f"does: /vsizip/{tmp}/scene.zip/rgb.tif (or unpack it first). It holds rgb.tif."),
        "gpkg_table_missing": (["--image", f"GPKG:{tmp / 'nope.gpkg'}:image", "--out", out] + m,
                               "nope.gpkg:image cannot be opened"),
        "unreadable": (["--image", corrupt, "--out", out] + m, "cannot be read as a raster"),
        "no_crs": (["--image", nocrs, "--out", out] + m, "no coordinate reference system"),
        "dem_elsewhere": (["--image", rgb, "--dem", far, "--model", "slope_sigmoid", "--out", out] + m, "do not overlap"),
        "few_bands": (["--image", oneband, "--out", out] + m, "has 1 band"),
        "needs_dem": (["--image", rgb, "--model", "slope_sigmoid", "--out", out] + m, "needs a DEM"),
        "corrupt_model": (["--image", rgb, "--model", corrupt, "--out", out], "corrupt"),
        "no_metadata": (["--image", rgb, "--model", tmp / "bare.onnx", "--out", out], "no 'landslide_mapper' metadata"),
        "not_writable": (["--image", rgb, "--out", blocker / "sub"] + m, "not writable"),
        "aoi_outside": (["--image", rgb, "--aoi", "0,0,10,10,EPSG:4326", "--out", out] + m, "outside the image"),
        "all_nodata": (["--image", empty, "--out", out] + m, "no valid pixels"),
        "unknown_model": (["--image", rgb, "--model", "nosuch", "--out", out] + m, "No model named"),
        "image_cut_short": (["--image", cut_rgb, "--out", out] + m, "The image cut_rgb.tif cannot be read to the end"),
        "dem_cut_short": (["--image", rgb, "--dem", cut_dem, "--model", "slope_sigmoid", "--out", out] + m,
                          "The DEM cut_dem.tif cannot be read to the end"),
        "vrt_source_gone": (["--image", moved, "--out", out] + m, "No such file or directory"),
        "rotated": (["--image", turned, "--out", out] + m, "The image rotated.tif is rotated"),
        "photo": (["--image", photo, "--out", out] + m, "photo.png has no georeferencing (no position on the map"),
        "aoi_layer": (["--image", rgb, "--aoi", areas(tmp, rgb), "--aoi-layer", "nope", "--out", out] + m,
                      "has no layer 'nope'. Its layers: 'areas'; give one of them"),
        "bands_count": (["--image", rgb, "--bands", "3,2", "--out", out] + m,
                        "reads 3 image band(s) (red, green, blue), but 2 band number(s) were given (3, 2)"),
        "band_missing": (["--image", rgb, "--bands", "4,2,1", "--out", out] + m,
                         "The image rgb.tif has 3 band(s): there is no band 4. Give band numbers from 1 to 3"),
        "bands_text": (["--image", rgb, "--bands", "r,g,b", "--out", out] + m, "Bands 'r,g,b' are not band numbers"),
    }


def test_bands_in_another_order_are_read_as_the_model_asks(mdir, small, tmp_path, capsys):
    """A blue-green-red image (as some sensors and exports deliver it) read as red-green-blue
    swaps red and blue for the model: the analytic model, a sigmoid of red, then maps another
    band. Tagged bands are followed by themselves, with a note; untagged ones when told."""
    from osgeo import gdal

    rgb, _ = small
    order = "-b 3 -b 2 -b 1 -colorinterp "
    tagged, plain, gray = tmp_path / "bgr_tagged.tif", tmp_path / "bgr_plain.tif", tmp_path / "gray.tif"
    gdal.Translate(str(tagged), str(rgb), options=order + "blue,green,red").FlushCache()
    gdal.Translate(str(plain), str(rgb), options=order + "undefined,undefined,undefined").FlushCache()
    gdal.Translate(str(gray), str(rgb), options="-b 1").FlushCache()        # the red band alone
    runs = {"rgb": [rgb], "tagged": [tagged], "plain": [plain], "told": [plain, "--bands", "3,2,1"],
            "gray": [gray, "--bands", "1 1 1"]}
    for name, args in runs.items():
        assert cli("detect", "--image", *args, "--model", "red_sigmoid", "--model-dir", mdir,
                   "--out", tmp_path / name, "--threads", "1") == 0, name
    out = capsys.readouterr().out
    assert out.count("note: The image's bands are tagged Blue, Green, Red: the model reads red from band 3, "
                     "green from band 2, blue from band 1.") == 1
    prob = {n: read(tmp_path / n / "probability.tif") for n in runs}
    for name in ("tagged", "told", "gray"):
        assert np.array_equal(prob[name], prob["rgb"]), name
    assert np.abs(prob["plain"] - prob["rgb"]).max() > 0.2          # blue read as red: another map
    bands = {n: json.loads((tmp_path / n / "summary.json").read_text())["inputs"] for n in runs}
    assert bands["tagged"]["image_bands"] == {"red": 3, "green": 2, "blue": 1}
    assert [bands[n]["image_bands_from"] for n in runs] == ["band order", "colour interpretation", "band order",
                                                            "as asked", "as asked"]


def areas(tmp: Path, image: Path) -> Path:
    """A GeoPackage with one layer, 'areas', holding the image's footprint."""
    return footprint(image, tmp / "areas.gpkg", "GPKG")


def cut_short(src: Path, dst: Path) -> Path:
    """The first 60 % of a GeoTIFF, as an interrupted copy or download leaves it: it opens (its
    header comes first), and reading stops at a block that is not all there."""
    data = src.read_bytes()
    dst.write_bytes(data[:int(len(data) * 0.6)])
    return dst


def source_gone(src: Path, tmp: Path) -> Path:
    """A VRT of a raster that was moved away afterwards."""
    import shutil

    from osgeo import gdal

    tif = tmp / "moved_src.tif"
    shutil.copy(src, tif)
    vrt = tmp / "moved.vrt"
    gdal.BuildVRT(str(vrt), [str(tif)]).FlushCache()
    tif.unlink()
    return vrt


def test_every_bad_input_gets_one_clear_line_and_no_output(mdir, small, tmp_path, capsys):
    cases = _bad_inputs(tmp_path, small, mdir)
    for name, (args, phrase) in cases.items():
        code = cli("detect", "--threads", "1", "--quiet", *args)
        err = capsys.readouterr().err.strip()
        assert code == 1, name
        assert phrase in err, (name, err)
        assert "Traceback" not in err and len(err.splitlines()) == 1, (name, err)
        out = tmp_path / "out"
        assert not out.exists() or not any(out.iterdir()), name


def test_console_script_reports_error_without_traceback(tmp_path):
    exe = ROOT / ".venv" / "bin" / "landslide-mapper"
    if not exe.exists():
        pytest.skip("console script not installed (run make setup)")
    r = subprocess.run([str(exe), "detect", "--image", str(tmp_path / "x.tif"), "--out", str(tmp_path / "o")],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 1 and "does not exist" in r.stderr and "Traceback" not in r.stderr


def test_a_damaged_dem_gets_one_line_without_gdals_own_messages(small, tmp_path):
    """The DEM is read in worker threads, where GDAL would print its own messages (ERROR 1: ...)
    beside the command's line: the console script says it once, with GDAL's reason in it."""
    exe = ROOT / ".venv" / "bin" / "landslide-mapper"
    if not exe.exists():
        pytest.skip("console script not installed (run make setup)")
    rgb, dem = small
    cut = cut_short(dem, tmp_path / "cut_dem.tif")
    r = subprocess.run([str(exe), "detect", "--quiet", "--image", str(rgb), "--dem", str(cut),
                        "--out", str(tmp_path / "o")], capture_output=True, text=True, timeout=300)
    err = r.stderr.strip()
    assert r.returncode == 1 and len(err.splitlines()) == 1, err
    assert err.startswith("landslide-mapper: error: The DEM cut_dem.tif cannot be read to the end (") and \
        "copy or export it again" in err, err
    assert not (tmp_path / "o").exists() or not any((tmp_path / "o").iterdir())


def detect_under_size_limit(mdir, image, model: str, out, max_bytes: Optional[int]):
    """The console script's detection in a process that may write files of ``max_bytes`` at most
    (a full disk or a quota, as a write sees it: the write past it fails); None: no limit."""
    exe = ROOT / ".venv" / "bin" / "landslide-mapper"
    if not exe.exists():
        pytest.skip("console script not installed (run make setup)")
    return subprocess.run([str(exe), "detect", "--quiet", "--threads", "1", "--image", str(image),
                           "--model-dir", str(mdir), "--model", model, "--out", str(out)],
                          capture_output=True, text=True, timeout=300, preexec_fn=size_limit(max_bytes))


def assert_one_clear_line_and_no_output(r, out, fails: str) -> str:
    err = r.stderr.strip()
    assert r.returncode == 1 and len(err.splitlines()) == 1, err
    assert f"The output {fails} could not be written in {out} " in err, err
    assert "File too large" in err, err             # the system's words
    assert "free some space there or choose another output folder" in err
    assert "unexpected" not in err and "ERROR" not in err and "Traceback" not in err
    assert "Exception ignored" not in err and STAGING not in err     # nor the hidden folder it wrote in
    assert list(out.iterdir()) == []
    return err


@pytest.mark.parametrize("model,fails", [("red", "polygons.gpkg"), ("unet_optical", "probability.tif")])
def test_a_full_disk_gets_one_clear_line_and_leaves_no_output(mdir, small, tmp_path, model, fails):
    """The outputs cannot all be written (a full disk, a quota; here a limit on the size of the
    files the process may write): one line says which output, where, why and what to do, GDAL
    prints nothing besides, and nothing is left that looks finished. The analytic model's rasters
    fit under the limit and its polygons do not; the bundled model's probability does not."""
    out = tmp_path / "out"
    assert_one_clear_line_and_no_output(detect_under_size_limit(mdir, small[0], model, out, 20_000), out, fails)


@pytest.mark.parametrize("name", ["probability.tif", "polygons.gpkg"])
def test_outputs_the_disk_cannot_finish_never_pass_for_written(mdir, small, tmp_path, name):
    """The disk fills while an output is being finished (a GeoTIFF's directory, a GeoPackage's
    spatial index: written as the file is closed): the run fails with one clear line and leaves
    nothing, instead of handing over a file without them, with a summary, as if all had gone
    well. The probability is written first, the polygons last and largest."""
    whole = tmp_path / "whole"
    r = detect_under_size_limit(mdir, small[0], "red", whole, None)
    assert r.returncode == 0, r.stderr
    size = (whole / name).stat().st_size
    if name == "polygons.gpkg":
        assert max(p.stat().st_size for p in whole.iterdir() if p.name != name) < size - 8192
    for short in (1, 4097, 8193):       # the last page of the file, or one of the two before it
        out = tmp_path / f"short-{short}"
        err = assert_one_clear_line_and_no_output(
            detect_under_size_limit(mdir, small[0], "red", out, size - short), out, name)
        assert "sqlite3_exec(" not in err, err          # GDAL's words without the statement it ran


def test_a_rerun_into_the_same_folder_leaves_only_its_own_outputs(mdir, small, tmp_path, capsys):
    """Run again into a folder with different options: the earlier run's outputs this run does
    not make (its uncertainty.tif, listed in its summary.json) go, and the analyst is told; files
    the earlier summary does not list as its own stay untouched."""
    out = tmp_path / "out"
    base = ["detect", "--image", small[0], "--model-dir", mdir, "--model", "red_sigmoid", "--out", out,
            "--threads", "1", "--quiet"]
    assert cli(*base, "--tta") == 0
    assert (out / "uncertainty.tif").is_file()
    (out / "saliency.tif").write_bytes(b"the analyst's own file")
    (out / "notes.txt").write_text("field notes")
    capsys.readouterr()
    assert cli(*base) == 0
    printed = capsys.readouterr().out
    assert "The earlier run's uncertainty.tif in this folder was removed" in printed, printed
    summary = json.loads((out / "summary.json").read_text())
    assert sorted(summary["outputs"]) == ["mask.tif", "polygons.gpkg", "probability.tif", "summary.json"]
    assert sorted(p.name for p in out.iterdir()) == sorted(summary["outputs"] + ["notes.txt", "saliency.tif"])
    assert (out / "saliency.tif").read_bytes() == b"the analyst's own file"
    assert (out / "notes.txt").read_text() == "field notes"


def test_a_folder_where_an_output_goes_is_refused_before_the_run(mdir, small, tmp_path, capsys):
    out = tmp_path / "out"
    (out / "mask.tif").mkdir(parents=True)
    (out / "mask.tif" / "keep.txt").write_text("x")
    code = cli("detect", "--image", small[0], "--model-dir", mdir, "--out", out, "--threads", "1", "--quiet")
    err = capsys.readouterr().err.strip()
    assert code == 1 and len(err.splitlines()) == 1, err
    assert f"{out / 'mask.tif'} is a folder, where the run would write its mask.tif" in err, err
    assert sorted(p.name for p in out.iterdir()) == ["mask.tif"]
    assert (out / "mask.tif" / "keep.txt").read_text() == "x"


def test_outputs_that_cannot_be_put_in_place_leave_no_summary_and_say_so(mdir, small, tmp_path):
    """The move into the output folder fails part-way (here a folder appears where mask.tif goes,
    as a file held open elsewhere fails on some systems): the error names the output, the folder
    and what it now holds; the earlier run's summary.json is gone, so nothing looks finished."""
    from landslide_mapper.plugin.engine.errors import OutputError
    from landslide_mapper.plugin.engine.outputs import Staging, write_json

    out = tmp_path / "out"
    assert cli("detect", "--image", small[0], "--model-dir", mdir, "--out", out, "--threads", "1", "--quiet") == 0
    staging = Staging(out, [small[0]])
    for name in ("probability.tif", "mask.tif"):
        staging.file(name).write_bytes(b"new " + name.encode())
    write_json(staging.file("summary.json"), {"outputs": ["probability.tif", "mask.tif", "summary.json"]})
    (out / "mask.tif").unlink()
    (out / "mask.tif").mkdir()
    (out / "mask.tif" / "keep.txt").write_text("x")
    with pytest.raises(OutputError) as err:
        staging.commit(["probability.tif", "mask.tif", "summary.json"])
    staging.discard()
    msg = str(err.value)
    assert f"The output mask.tif could not be put in place in {out}" in msg, msg
    assert "holds probability.tif of this run's outputs and no summary.json" in msg, msg
    assert not (out / "summary.json").exists()
    assert (out / "probability.tif").read_bytes() == b"new probability.tif"
    assert not any(p.name.startswith(".landslide-mapper-staging-") for p in out.iterdir())


def test_a_summary_that_cannot_be_written_is_an_output_error(tmp_path):
    from landslide_mapper.plugin.engine.errors import OutputError
    from landslide_mapper.plugin.engine.outputs import write_json

    with pytest.raises(OutputError, match=r"The output summary.json could not be written in .*gone"):
        write_json(tmp_path / "gone" / "summary.json", {"a": 1})


def test_a_rerun_never_replaces_an_analysts_review(mdir, small, tmp_path, capsys):
    """The analyst reviewed the polygons of a run (a status set, a note, an outline reshaped, a
    landslide drawn by hand): a new run into that folder is refused before it starts, names what
    would be lost and the fix, and leaves every file as it was."""
    from osgeo import ogr

    out = tmp_path / "out"
    base = ["detect", "--image", small[0], "--model-dir", mdir, "--out", out, "--threads", "1", "--quiet"]
    assert cli(*base) == 0
    assert cli(*base) == 0                      # nothing reviewed yet: the rerun replaces the outputs
    ds = ogr.Open(str(out / "polygons.gpkg"), 1)
    layer = ds.GetLayer(0)
    first = layer.GetNextFeature()
    first.SetField("status", "confirmed")
    first.SetField("note", "scarp visible in the field")
    ring = first.GetGeometryRef().GetGeometryRef(0).GetGeometryRef(0)
    for i in (0, ring.GetPointCount() - 1):     # the first vertex (and the closing one) 2 m east
        ring.SetPoint_2D(i, ring.GetX(i) + 2.0, ring.GetY(i))
    layer.SetFeature(first)
    drawn = ogr.Feature(layer.GetLayerDefn())
    drawn.SetGeometry(first.GetGeometryRef().Clone())
    layer.CreateFeature(drawn)
    ds = layer = None
    before = {p.name: digest(p) for p in out.iterdir()}
    capsys.readouterr()
    assert cli(*base, "--threshold", "0.9") == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1, err
    assert (f"The polygons.gpkg in {out} holds an analyst's review (1 confirmed, 1 with a note, 1 drawn by hand, "
            "1 reshaped by hand)"
            in err), err
    assert "Choose another output folder, or move polygons.gpkg elsewhere first." in err
    assert {p.name: digest(p) for p in out.iterdir()} == before
