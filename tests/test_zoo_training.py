"""Warm starts and the bundled model set: what the shipped models promise a user."""
from __future__ import annotations

import json
from collections import Counter

import pytest

torch = pytest.importorskip("torch")
torch.set_num_threads(1)

from landslide_mapper.models.zoo.registry import create_model  # noqa: E402
from landslide_mapper.models.zoo.train import warm_start  # noqa: E402
from landslide_mapper.plugin.engine.catalog import list_models, load_metadata  # noqa: E402

BUNDLE_MB, FILE_MB = 80.0, 10.0


def _save(model, path):
    torch.save({"model": model.state_dict()}, path)


def test_warm_start_copies_every_matching_unet_tensor(tmp_path):
    torch.manual_seed(0)
    src = create_model("unet", in_channels=3, base=4, depth=3)
    _save(src, tmp_path / "unet.pt")
    dst = create_model("se_unet", in_channels=3, base=4, depth=2)   # shallower: the deepest stage has no match
    info = warm_start(dst, tmp_path / "unet.pt")
    s, d = src.state_dict(), dst.state_dict()
    assert torch.equal(d["enc.0.body.0.0.weight"], s["enc.0.body.0.0.weight"])
    assert torch.equal(d["dec.1.body.1.0.weight"], s["dec.1.body.1.0.weight"])
    assert torch.equal(d["head.weight"], s["head.weight"])
    # squeeze-excitation weights are new: not in the U-Net
    assert any(k.startswith("enc_attn") for k in d) and not any(k.startswith("enc_attn") for k in s)
    assert 0.5 < info["share_of_weights"] < 1.0
    assert info["tensors"] < info["of_tensors"]


def test_warm_start_maps_unet_stages_onto_residual_stages(tmp_path):
    torch.manual_seed(1)
    src = create_model("unet", in_channels=3, base=4, depth=2)
    _save(src, tmp_path / "unet.pt")
    dst = create_model("resunet", in_channels=3, base=4, depth=2)
    warm_start(dst, tmp_path / "unet.pt")
    s, d = src.state_dict(), dst.state_dict()
    assert torch.equal(d["enc.1.body.0.weight"], s["enc.1.body.0.0.weight"])
    assert torch.equal(d["enc.1.body.3.weight"], s["enc.1.body.1.0.weight"])
    assert torch.equal(d["enc.1.body.4.running_mean"], s["enc.1.body.1.1.running_mean"])


def test_warm_start_names_a_missing_checkpoint(tmp_path):
    with pytest.raises(SystemExit, match="train the model it names first"):
        warm_start(create_model("unet", in_channels=3, base=4, depth=2), tmp_path / "nothing.pt")


def test_bundled_models_fit_and_carry_their_validation_scores(root):
    files = sorted((root / "models").glob("*.onnx"))
    if not files:
        pytest.skip("no bundled models in models/")
    sizes = {p.stem: p.stat().st_size / 1e6 for p in files}
    assert max(sizes.values()) <= FILE_MB, sizes
    assert sum(sizes.values()) <= BUNDLE_MB, sizes
    defaults = Counter()
    for p in files:
        meta = load_metadata(p)
        assert meta.name == p.stem
        defaults[meta.family] += meta.default
        m = meta.metrics
        for key in ("val_f1", "val_miou", "val_precision", "val_recall", "val_iou"):
            assert 0.0 <= m[key] <= 1.0, (p.stem, key)
            assert m["definitions"][key], (p.stem, key)
        assert m["split"], p.stem
        # a bundled model must be worth using: its card states how it scores
        assert m["val_f1"] >= 0.3, (p.stem, m["val_f1"])
        if meta.family == "optical":
            assert "all_patches" in m and "image_level" in m, p.stem
        else:
            assert m["objects"]["objects_reference"] > 0, p.stem
        assert (root / "models" / "cards" / f"{p.stem}_pr.png").is_file()
        assert (root / "models" / "cards" / f"{p.stem}_confusion.png").is_file()
        assert (root / "models" / "configs" / f"{p.stem}.toml").is_file()
    assert all(n == 1 for n in defaults.values()), dict(defaults)
    listed = {m.name: m for m in list_models()}
    assert set(sizes) <= set(listed)
    assert json.loads(listed[files[0].stem].metadata.to_json())["metrics"]["val_f1"] is not None


def test_reflect_padding_mirrors_small_patches_and_marks_them_invalid():
    import numpy as np

    from landslide_mapper.models.zoo.data import CropSampler, Sample

    img = np.arange(2 * 5 * 6, dtype=np.float32).reshape(2, 5, 6)
    mask = np.zeros((5, 6), np.float32)
    mask[1:3, 1:3] = 1
    s = Sample("tiny", img, mask, np.ones_like(mask))
    rng = np.random.default_rng(0)
    for pad, expect_zero in (("zeros", True), ("reflect", False)):
        x, m, v = CropSampler([s], 8, 1.0, None, pad)._window(s, rng, True)
        assert x.shape == (2, 8, 8) and v.sum() == 30 and m.sum() == 4
        outside = x[:, v == 0]
        assert (outside == 0).all() == expect_zero
        if pad == "reflect":   # every padded value is one of the patch's own
            assert set(np.unique(outside)) <= set(np.unique(img))
    with pytest.raises(ValueError, match="reflect"):
        CropSampler([s], 8, 1.0, None, "wrap")
