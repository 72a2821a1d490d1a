"""Every zoo architecture learns, exports to ONNX that matches PyTorch, and rebuilds from ONNX alone."""
from __future__ import annotations

import numpy as np
import pytest

torch = pytest.importorskip("torch")
onnx = pytest.importorskip("onnx")
torch.set_num_threads(1)

from landslide_mapper.models.zoo.export import ExportError, export_model, probability_module  # noqa: E402
from landslide_mapper.models.zoo.losses import bce  # noqa: E402
from landslide_mapper.models.zoo.rebuild import rebuild  # noqa: E402
from landslide_mapper.models.zoo.registry import architectures, create_model  # noqa: E402
from landslide_mapper.plugin.engine.catalog import load_metadata  # noqa: E402

ALL = ["unet", "resunet", "unetpp", "unetpp_spatial", "unetpp_contextual", "unetpp_both", "unet_cbam",
       "sa_unet", "se_unet", "ca_unet", "rmau_net"]
PARAMS = {"base": 4, "depth": 2}
CHANNELS = [{"name": n, "source": "band", "band": i + 1, "mean": 120.0, "std": 50.0}
            for i, n in enumerate(("red", "green", "blue"))]


@pytest.fixture(scope="module")
def real_batch(root):
    """Two 32 px crops of the bundled Baige sample with landslide and background pixels."""
    import rasterio

    with rasterio.open(root / "resources/sample/baige_b_rgb.tif") as src:
        rgb = src.read().astype(np.float32)
    with rasterio.open(root / "resources/sample/baige_b_mask.tif") as src:
        mask = src.read(1)
    crops = []
    for y in range(0, rgb.shape[1] - 32, 32):
        for x in range(0, rgb.shape[2] - 32, 32):
            m = mask[y:y + 32, x:x + 32]
            if (m == 255).any():
                continue
            share = (m == 1).mean()
            if 0.2 < share < 0.8:
                crops.append(((rgb[:, y:y + 32, x:x + 32] - 120.0) / 50.0, (m == 1).astype(np.float32)))
            if len(crops) == 2:
                break
        if len(crops) == 2:
            break
    assert len(crops) == 2, "the sample scene should hold mixed landslide/background crops"
    x = torch.from_numpy(np.stack([c[0] for c in crops]))
    y = torch.from_numpy(np.stack([c[1] for c in crops]))[:, None]
    return x, y


def test_factory_knows_every_architecture():
    assert set(ALL) <= set(architectures())
    with pytest.raises(ValueError, match="choose one of"):
        create_model("segformer")


@pytest.mark.parametrize("arch", ALL)
def test_overfits_exports_and_rebuilds(arch, real_batch, tmp_path):
    torch.manual_seed(0)
    x, y = real_batch
    params = dict(PARAMS, deep_supervision=True) if arch.startswith("unetpp") else dict(PARAMS)
    model = create_model(arch, in_channels=3, **params)
    opt = torch.optim.Adam(model.parameters(), lr=0.02)
    model.train()

    def loss_of(out):
        outs = out if isinstance(out, (list, tuple)) else [out]
        return sum(bce(o, y) for o in outs) / len(outs)

    first = None
    for _ in range(150):
        loss = loss_of(model(x))
        first = loss.item() if first is None else first
        opt.zero_grad(); loss.backward(); opt.step()
        if loss.item() < first / 10:
            break
    last = loss.item()
    assert last < first / 10, f"{arch}: loss fell only from {first:.3f} to {last:.3f}"
    with torch.no_grad():   # it separates the classes on its crops (batch statistics, as trained)
        out = model(x)
        out = out[0] if isinstance(out, (list, tuple)) else out
    assert float(((out >= 0).float() == y).float().mean()) > 0.95

    info = {"architecture": arch, "arch_params": params, "channels": CHANNELS, "gsd_m": 0.5}
    out = tmp_path / f"{arch}.onnx"
    worst = export_model(model, info, out, name=arch, family="optical", tile_size=64, overlap=8,
                         threshold=0.5, sizes=(32, 64, 96), batches=(1, 2))
    assert worst <= 1e-4
    meta = load_metadata(out)
    assert meta.architecture == arch and meta.in_channels == 3 and meta.arch_params == params

    rebuilt, meta2 = rebuild(out)
    assert meta2 == meta
    probe = torch.cat([x, x.flip(-1)], dim=-1)          # 32 x 64: a shape not seen at export
    from landslide_mapper.models.zoo.fuse import fuse_batchnorm
    import copy
    fused = fuse_batchnorm(copy.deepcopy(model).eval())
    with torch.no_grad():
        want = probability_module(fused)(probe)
        got = probability_module(rebuilt)(probe)
    assert torch.equal(want, got), f"{arch}: rebuilt module differs from the exported one"


def test_export_fails_and_leaves_nothing_when_parity_breaks(tmp_path, monkeypatch):
    torch.manual_seed(0)
    model = create_model("unet", in_channels=3, **PARAMS)
    info = {"architecture": "unet", "arch_params": PARAMS, "channels": CHANNELS, "gsd_m": 0.5}
    out = tmp_path / "broken.onnx"
    with pytest.raises(ExportError, match="differs from PyTorch"):
        export_model(model, info, out, name="broken", family="optical", sizes=(32, 64, 96),
                     tolerance=-1.0)   # no output can meet a negative tolerance
    assert not out.exists() and not list(tmp_path.iterdir())


def test_size_not_divisible_by_stride_is_refused(tmp_path):
    model = create_model("unet", in_channels=3, **PARAMS)
    info = {"architecture": "unet", "arch_params": PARAMS, "channels": CHANNELS, "gsd_m": 0.5}
    with pytest.raises(ExportError, match="not divisible"):
        export_model(model, info, tmp_path / "m.onnx", name="m", family="optical", sizes=(30,))
