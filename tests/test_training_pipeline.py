"""The model zoo's data loading, augmentation, training command and export on tiny real data.

Everything is built in tmp_path from the bundled Baige sample scene: a
Bijie-format folder (images/*.jpg, masks/*.png 0/255, ls_/nls_ names,
index.csv) cut from it, and the scene itself split into two areas (image,
DEM and mask GeoTIFFs). No ../shared data is needed.
"""
from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import numpy as np
import pytest

torch = pytest.importorskip("torch")
torch.set_num_threads(1)

from landslide_mapper.models.zoo import augment as aug  # noqa: E402
from landslide_mapper.models.zoo.data import CropSampler, Sample, load_bijie, load_scene, read_rgb  # noqa: E402
from landslide_mapper.models.zoo.train import prepare_data  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "resources" / "sample"
SCENE_CHANNELS = [{"name": "red", "source": "band", "band": 1},
                  {"name": "green", "source": "band", "band": 2},
                  {"name": "blue", "source": "band", "band": 3},
                  {"name": "elevation", "source": "dem", "feature": "elevation_norm"},
                  {"name": "slope", "source": "dem", "feature": "slope_deg"}]


def _read(path, band=None):
    import rasterio

    with rasterio.open(path) as ds:
        return ds.read() if band is None else ds.read(band)


# ------------------------------------------------------------------ fixtures ----

# (id, row, col, height, width): ls_ patches from the landslide rows at the bottom
# of the scene, nls_ patches from its landslide-free middle; sizes vary as in Bijie
PATCHES = [("ls_a", 640, 100, 100, 90), ("ls_b", 650, 300, 40, 50), ("ls_c", 700, 420, 60, 120),
           ("ls_d", 620, 520, 90, 70), ("ls_e", 660, 200, 48, 48),
           ("nls_a", 140, 20, 80, 80), ("nls_b", 260, 300, 50, 40), ("nls_c", 300, 500, 70, 100),
           ("nls_d", 150, 600, 64, 64), ("nls_e", 200, 100, 36, 60)]


@pytest.fixture(scope="module")
def bijie(tmp_path_factory):
    from PIL import Image

    root = tmp_path_factory.mktemp("bijie")
    (root / "images").mkdir()
    (root / "masks").mkdir()
    rgb = _read(SAMPLE / "baige_b_rgb.tif")
    ref = _read(SAMPLE / "baige_b_mask.tif", 1)
    rows = []
    for pid, r, c, h, w in PATCHES:
        m = ref[r:r + h, c:c + w]
        assert (m == 1).any() == pid.startswith("ls_"), pid   # the fixture means what its names say
        Image.fromarray(np.ascontiguousarray(rgb[:, r:r + h, c:c + w].transpose(1, 2, 0))).save(
            root / "images" / f"{pid}.jpg", quality=93)
        Image.fromarray(((m == 1) * 255).astype(np.uint8)).save(root / "masks" / f"{pid}.png")
        rows.append({"id": pid, "width": w, "height": h, "landslide_pixels": int((m == 1).sum())})
    with open(root / "index.csv", "w", newline="") as fh:
        wr = csv.DictWriter(fh, fieldnames=list(rows[0]))
        wr.writeheader()
        wr.writerows(rows)
    return root


def _write_scene_areas(root: Path) -> Path:
    """The sample scene as two areas: A (west half) trains, B (east half) validates."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from engine_helpers import crop

    for area, col0 in (("A", 0), ("B", 384)):
        for kind in ("rgb", "dem", "mask"):
            crop(SAMPLE / f"baige_b_{kind}.tif", root / f"area_{area}_{kind}.tif", 0, col0, 768, 384)
    return root


@pytest.fixture(scope="module")
def scene_root(tmp_path_factory):
    return _write_scene_areas(tmp_path_factory.mktemp("scenes"))


# ------------------------------------------------------- (a) Bijie dataset ----

def test_bijie_split_is_by_whole_image_and_stratified(bijie, tmp_path):
    cfg = {"data": {"kind": "bijie", "root": str(bijie), "split": str(tmp_path / "split.json")}}
    data = prepare_data(cfg)
    split = json.loads((tmp_path / "split.json").read_text())
    ids = {p[0] for p in PATCHES}
    assert set(split["train"]) | set(split["val"]) == ids
    assert not set(split["train"]) & set(split["val"])
    # 20 % of the ls_ and 20 % of the nls_ patches, whole patches
    assert sorted(i.split("_")[0] for i in split["val"]) == ["ls", "nls"]
    assert [s.id for s in data.val] == split["val"] and [s.id for s in data.train] == split["train"]
    for s in data.val:
        assert s.has_landslide == s.id.startswith("ls_")
    # the same seed draws the same split again (the split file is fixed)
    again = prepare_data({"data": {"kind": "bijie", "root": str(bijie), "split": str(tmp_path / "s2.json")}})
    assert [s.id for s in again.val] == split["val"]
    assert [c["band"] for c in data.channels] == [1, 2, 3]


def test_bijie_crops_are_native_resolution_and_small_patches_padded_invalid(bijie):
    from PIL import Image

    mean, std = [120.0, 110.0, 100.0], [40.0, 35.0, 30.0]
    samples = {s.id: s for s in load_bijie(bijie, ["ls_a", "ls_b"], mean, std)}
    crop = 64
    raw_small = read_rgb(bijie / "images" / "ls_b.jpg")               # 40 x 50 < crop
    raw_big = read_rgb(bijie / "images" / "ls_a.jpg")                 # 100 x 90 > crop
    m = np.asarray(mean, np.float32)[:, None, None]
    s = np.asarray(std, np.float32)[:, None, None]
    assert raw_small.shape == (3, 40, 50) and raw_big.shape == (3, 100, 90)   # read as stored

    sampler = CropSampler([samples["ls_b"]], crop, positive_fraction=0.0, augment=None)
    rng = np.random.default_rng(0)
    for _ in range(5):
        img, mask, valid = sampler.draw(rng)
        assert img.shape == (3, crop, crop) and mask.shape == valid.shape == (crop, crop)
        ys, xs = np.nonzero(valid)
        assert valid.sum() == 40 * 50                                  # every source pixel, once
        y0, x0 = ys.min(), xs.min()
        assert (ys.max() - y0 + 1, xs.max() - x0 + 1) == (40, 50)
        inside = img[:, y0:y0 + 40, x0:x0 + 50] * s + m
        np.testing.assert_allclose(inside, raw_small, atol=1e-3)      # not resized: the same pixels
        assert not img[:, valid == 0].any() and not mask[valid == 0].any()   # padding is empty and invalid
        ref = np.asarray(Image.open(bijie / "masks" / "ls_b.png")) > 127
        assert np.array_equal(mask[y0:y0 + 40, x0:x0 + 50] > 0, ref)

    big = CropSampler([samples["ls_a"]], crop, positive_fraction=1.0, augment=None)
    for _ in range(5):
        img, mask, valid = big.draw(rng)
        assert valid.all()                                             # a big patch is cropped, not padded
        raw = img * s + m
        hits = [(y, x) for y in range(100 - crop + 1) for x in range(90 - crop + 1)
                if np.allclose(raw_big[:, y:y + crop, x:x + crop], raw, atol=1e-3)]
        assert hits, "a crop of a large patch must be a window of its native pixels"


# ------------------------------------------------- (b) scenes use the engine ----

def test_scene_channels_equal_engine_build_channels(scene_root):
    import rasterio

    from landslide_mapper.models.zoo.scenes import _provisional_meta
    from landslide_mapper.plugin.engine import features

    meta = _provisional_meta([dict(c) for c in SCENE_CHANNELS])
    sample, ctx = load_scene(scene_root / "area_A_rgb.tif", scene_root / "area_A_dem.tif",
                             scene_root / "area_A_mask.tif", meta)
    # what the plugin computes on the same window, with the scene's own DEM statistics
    with rasterio.open(scene_root / "area_A_rgb.tif") as ds:
        image = ds.read().astype(np.float32)
        image[:, (image == ds.nodata).all(axis=0)] = np.nan
        res = (abs(ds.transform.a), abs(ds.transform.e))
    with rasterio.open(scene_root / "area_A_dem.tif") as ds:
        dem = ds.read(1).astype(np.float32)
        dem[dem == ds.nodata] = np.nan
    finite = dem[np.isfinite(dem)]
    assert ctx.pixel_size_m == res and res == pytest.approx((0.5, 0.5), abs=1e-3)
    assert ctx.elev_mean == pytest.approx(float(finite.mean())) and ctx.elev_std == pytest.approx(float(finite.std()))
    chans, valid = features.build_channels(meta, image, dem, features.DemContext(res, float(finite.mean()),
                                                                                 float(finite.std())))
    assert sample.image.shape == chans.shape == (5, 768, 384)
    v = sample.valid > 0
    assert v.mean() > 0.9 and np.array_equal(v, valid & (_read(scene_root / "area_A_mask.tif", 1) != 255))
    np.testing.assert_array_equal(sample.image[:, v], chans[:, v])
    assert np.array_equal(sample.mask, (_read(scene_root / "area_A_mask.tif", 1) == 1).astype(np.float32))

    # prepare_scenes normalises those very values by statistics of the training area only
    prep = prepare_data({"data": {"kind": "scenes", "root": str(scene_root), "train_areas": ["A"],
                                  "val_areas": ["B"], "channels": SCENE_CHANNELS, "val_window": 256}})
    train = prep.train[0]
    for i, c in enumerate(prep.channels):
        expected = (chans[i][v] - c["mean"]) / c["std"]
        np.testing.assert_allclose(train.image[i][v], expected, rtol=1e-5, atol=1e-4)
        assert c["mean"] == pytest.approx(float(chans[i][v].mean()), abs=1e-3)
    assert all(w.image.shape == (5, 256, 256) for w in prep.val)
    assert "A" in prep.split and "B" in prep.split


# ------------------------------------------------------- (c) augmentation ----

def _derivable(mask: np.ndarray, channels: int = 5) -> np.ndarray:
    """An image whose first channel is 10 x mask, the rest smooth ramps that are not symmetric."""
    h, w = mask.shape
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    rest = [yy / h + 2 * xx / w + k for k in range(channels - 1)]
    return np.stack([mask * 10.0, *rest]).astype(np.float32)


def _blob_mask(h=48, w=40, seed=0):
    rng = np.random.default_rng(seed)
    m = np.zeros((h, w), np.float32)
    y, x = int(rng.integers(5, h - 20)), int(rng.integers(5, w - 20))
    m[y:y + 14, x:x + 9] = 1
    m[y + 3:y + 6, x + 9:x + 15] = 1      # not symmetric under flips or rotations
    return m


def test_flips_rotations_and_shear_keep_image_mask_and_valid_aligned():
    geo_only = aug.AugmentConfig(flips=True, rot90=True, shear=0.0)
    seen = set()
    for seed in range(16):
        mask = _blob_mask(seed=seed)
        img = _derivable(mask)
        valid = np.ones_like(mask)
        valid[:, :6] = 0                                  # padding travels with its pixels
        img[1, valid == 0] = -50.0
        a, b, v = aug.geometric(img, mask, valid, np.random.default_rng(seed), geo_only)
        assert np.array_equal(a[0] > 5, b > 0)
        assert np.array_equal(a[1] == -50.0, v == 0)
        assert b.sum() == mask.sum() and v.sum() == valid.sum()
        seen.add(a.shape[1:])
        assert a.flags.c_contiguous and b.flags.c_contiguous
    assert seen == {(48, 40), (40, 48)}                    # rotations by 90 degrees happened

    sheared = 0
    shear_only = aug.AugmentConfig(flips=False, rot90=False, shear=0.2)
    for seed in range(20):
        mask = _blob_mask(seed=seed)
        img = _derivable(mask)
        a, b, v = aug.geometric(img, mask, np.ones_like(mask), np.random.default_rng(seed), shear_only)
        if np.array_equal(b, mask):
            continue
        sheared += 1
        # linear interpolation of a 0/10 edge crosses 5 where nearest-neighbour switches
        assert (np.logical_xor(a[0] > 5, b > 0)).mean() < 0.01
    assert sheared >= 2


def test_cutmix_pastes_the_donor_landslide_with_its_pixels():
    rng = np.random.default_rng(3)
    for seed in range(8):
        mask = _blob_mask(seed=seed)
        donor_mask = _blob_mask(seed=100 + seed)
        img, donor = _derivable(mask), _derivable(donor_mask) + np.float32(0.5)
        valid = np.ones_like(mask)
        valid[-5:] = 0
        a, b, v = aug.cutmix(img, mask, valid, donor, donor_mask, rng)
        assert np.array_equal(a[0] > 5, b > 0)
        assert b.sum() >= donor_mask.sum()                 # the donor's whole landslide arrives
        assert (v[b > 0] == 1).all()                       # pasted landslide pixels count in the loss
        assert not np.array_equal(a, img)


def test_sampler_with_every_augmentation_keeps_alignment():
    samples = []
    for seed in range(4):
        m = _blob_mask(seed=seed)
        samples.append(Sample(f"s{seed}", _derivable(m), m, np.ones_like(m)))
    cfg = aug.AugmentConfig(flips=True, rot90=True, brightness=0.0, contrast=0.0, blur_sharpen=0.0,
                            shear=0.0, cutmix=1.0)
    sampler = CropSampler(samples, 32, positive_fraction=0.5, augment=cfg)
    x, y, v = sampler.batch(8, np.random.default_rng(0))
    assert x.shape == (8, 5, 32, 32) and y.shape == v.shape == (8, 1, 32, 32)
    assert np.array_equal(x[:, 0] > 5, y[:, 0] > 0)
    assert y.sum() > 0


def test_brightness_and_contrast_touch_optical_channels_only():
    cfg = aug.AugmentConfig(brightness=0.3, contrast=0.3, blur_sharpen=1.0, optical_channels=3)
    rng = np.random.default_rng(5)
    img = np.random.default_rng(1).standard_normal((5, 24, 24)).astype(np.float32)
    changed = 0
    for _ in range(6):
        out = aug.photometric(img, rng, cfg)
        assert out.shape == img.shape
        np.testing.assert_array_equal(out[3:], img[3:])   # elevation and slope are not photometric
        changed += not np.allclose(out[:3], img[:3])
    assert changed == 6
    np.testing.assert_array_equal(aug.photometric(img, rng, aug.AugmentConfig(optical_channels=0)), img)


# --------------------------------------------- (d) the one-command training ----

def _config(name: str, root: Path, epochs: int) -> str:
    return f"""
name = "{name}"

[model]
architecture = "unet"
base = 4
depth = 2

[data]
kind = "scenes"
root = "{root}"
train_areas = ["A"]
val_areas = ["B"]
gsd_m = 0.5
val_window = 256
channels = [
  {{ name = "red", source = "band", band = 1 }},
  {{ name = "green", source = "band", band = 2 }},
  {{ name = "blue", source = "band", band = 3 }},
  {{ name = "elevation", source = "dem", feature = "elevation_norm" }},
  {{ name = "slope", source = "dem", feature = "slope_deg" }},
]

[augment]
flips = true
rot90 = true
brightness = 0.15
contrast = 0.15
blur_sharpen = 0.2
shear = 0.1
cutmix = 0.5
optical_channels = 3

[train]
seed = 7
threads = 1
device = "cpu"
crop = 32
batch_size = 2
positive_fraction = 0.5
epochs = {epochs}
steps_per_epoch = 3
lr = 3e-3
weight_decay = 1e-4
schedule = "onecycle"
loss = "bce_dice"
patience = 5
val_negatives = 1
"""


def _train(cfg: Path, *extra: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, OMP_NUM_THREADS="1", MKL_NUM_THREADS="1", MPLBACKEND="Agg")
    proc = subprocess.run([sys.executable, "-m", "landslide_mapper.models.zoo.train", str(cfg), *extra],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return proc


def _log(run: Path) -> list[dict]:
    with open(run / "log.csv", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def trained(scene_root, tmp_path_factory):
    """Two runs of one config under different names, then the first resumed for one more epoch."""
    cfgs = tmp_path_factory.mktemp("cfg")
    tag = f"pytest_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    names = (f"{tag}_a", f"{tag}_b")
    runs = [ROOT / "runs" / n for n in names]
    try:
        procs = []
        for n in names:
            (cfgs / f"{n}.toml").write_text(_config(n, scene_root, epochs=2))
            procs.append(_train(cfgs / f"{n}.toml"))
        before = {"log": _log(runs[0]), "best": (runs[0] / "best.pt").read_bytes()}
        (cfgs / f"{names[0]}.toml").write_text(_config(names[0], scene_root, epochs=3))
        resumed = _train(cfgs / f"{names[0]}.toml", "--resume")
        yield {"runs": runs, "before": before, "first": procs[0], "resumed": resumed}
    finally:
        for r in runs:
            shutil.rmtree(r, ignore_errors=True)


def test_training_command_writes_checkpoint_log_and_curves(trained):
    run = trained["runs"][1]
    for f in ("best.pt", "last.pt", "log.csv", "curves.png"):
        assert (run / f).is_file() and (run / f).stat().st_size > 0, f
    assert (run / "curves.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    rows = _log(run)
    assert [int(r["epoch"]) for r in rows] == [1, 2]
    for r in rows:
        assert np.isfinite(float(r["train_loss"])) and float(r["train_loss"]) > 0
        assert 0.0 <= float(r["val_f1"]) <= 1.0 and 0.0 < float(r["threshold"]) < 1.0
    ck = torch.load(run / "best.pt", map_location="cpu", weights_only=False)
    assert ck["info"]["arch_params"]["in_channels"] == 5
    assert [c["name"] for c in ck["info"]["channels"]] == [c["name"] for c in SCENE_CHANNELS]
    assert "epoch 2/2" in trained["first"].stdout                # the progress bar


def test_training_is_deterministic_for_a_fixed_seed(trained):
    a, b = trained["before"]["log"], _log(trained["runs"][1])
    for key in ("train_loss", "val_f1", "val_iou", "threshold"):
        assert [r[key] for r in a] == [r[key] for r in b], key


def test_resume_continues_the_epoch_count(trained):
    rows = _log(trained["runs"][0])
    assert [int(r["epoch"]) for r in rows] == [1, 2, 3]
    before = trained["before"]["log"]
    assert [r["train_loss"] for r in rows[:2]] == [r["train_loss"] for r in before]
    assert "resumed after epoch 2" in trained["resumed"].stdout
    assert "epoch 3/3" in trained["resumed"].stdout and "epoch 1/3" not in trained["resumed"].stdout
    last = torch.load(trained["runs"][0] / "last.pt", map_location="cpu", weights_only=False)
    assert last["epoch"] == 3


# ----------------------------------------------------------------- (e) export ----

def test_export_gives_a_model_the_plugin_runs(trained, tmp_path):
    import onnx

    from landslide_mapper.plugin.engine.detect import run_detection
    from landslide_mapper.plugin.engine.model_meta import METADATA_KEY, ModelMetadata
    from landslide_mapper.plugin.engine.request import DetectionRequest

    out = tmp_path / "tiny_terrain.onnx"
    env = dict(os.environ, OMP_NUM_THREADS="1")
    proc = subprocess.run([sys.executable, "-m", "landslide_mapper.models.zoo.export",
                           str(trained["runs"][1] / "best.pt"), str(out), "--family", "terrain",
                           "--tile-size", "128", "--overlap", "16", "--title", "Tiny terrain U-Net"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert "parity" in proc.stdout
    assert not list(tmp_path.glob("*staging*")) and not list(tmp_path.glob("*.partial"))
    props = {p.key: p.value for p in onnx.load(str(out)).metadata_props}
    meta = ModelMetadata.from_json(props[METADATA_KEY], where=str(out))
    assert meta.architecture == "unet" and meta.family == "terrain" and meta.needs_dem
    assert meta.in_channels == 5 and meta.tile_size == 128
    ck = torch.load(trained["runs"][1] / "best.pt", map_location="cpu", weights_only=False)
    assert meta.threshold == pytest.approx(ck["threshold"], abs=1e-4)   # tuned on validation, carried over
    assert [c.mean for c in meta.channels] == [c["mean"] for c in ck["info"]["channels"]]

    result = run_detection(DetectionRequest(image=SAMPLE / "baige_b_rgb.tif", dem=SAMPLE / "baige_b_dem.tif",
                                            out_dir=tmp_path / "run", model=out, device="cpu", threads=1))
    prob = _read(result.probability, 1)
    assert prob.shape == (768, 768)
    finite = prob[np.isfinite(prob) & (prob >= 0)]
    assert finite.size > 0.9 * prob.size and finite.max() <= 1.0
    assert set(np.unique(_read(result.mask, 1))) <= {0, 1, 255}


def test_resume_without_a_checkpoint_says_so_and_trains_nothing(scene_root, tmp_path):
    name = f"pytest_noresume_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    cfg = tmp_path / f"{name}.toml"
    cfg.write_text(_config(name, scene_root, epochs=1))
    env = dict(os.environ, OMP_NUM_THREADS="1", MKL_NUM_THREADS="1", MPLBACKEND="Agg")
    try:
        proc = subprocess.run([sys.executable, "-m", "landslide_mapper.models.zoo.train", str(cfg), "--resume"],
                              cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
        assert proc.returncode != 0 and "nothing to continue" in proc.stderr
        assert not (ROOT / "runs" / name / "best.pt").exists()
    finally:
        shutil.rmtree(ROOT / "runs" / name, ignore_errors=True)
