"""Export a trained checkpoint to a self-describing ONNX model, checked for parity.

    .venv/bin/python -m landslide_mapper.models.zoo.export runs/unet_optical/best.pt \
        models/unet_optical.onnx --family optical --tile-size 256 --default

The ONNX graph takes normalised channels (batch, C, H, W) with dynamic batch,
height and width, and returns landslide probabilities (batch, 1, H, W) with
the sigmoid included. Its ``metadata_props`` carry the ModelMetadata JSON.
The export fails (and leaves no file) unless onnxruntime reproduces the
PyTorch output within ``TOLERANCE`` at several tile sizes and batch sizes.
"""
from __future__ import annotations

import argparse
import copy
import json
import os
import sys
import warnings
from pathlib import Path
from typing import Optional, Sequence

import numpy as np

TOLERANCE = 1e-4          # max absolute difference of probabilities, onnxruntime vs PyTorch
PARITY_SIZES = (64, 128, 256)
PARITY_BATCHES = (1, 2)
OPSET = 17

CREDITS = {
    "bijie": "Trained on the Bijie landslide dataset (Ji, Yu, Chen and Li 2020, Wuhan University; "
             "TripleSat imagery of Bijie, Guizhou, China), published for research use.",
    "scenes": "Trained on the Baige landslide area (Jinsha River, eastern Tibet) orthophotos and surface "
              "elevation published with AMU-Net, published for research use.",
}


class ExportError(RuntimeError):
    pass


def probability_module(model):
    """Wrap a zoo model so that it returns sigmoid probabilities of its main output."""
    import torch
    from torch import nn

    class Prob(nn.Module):
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, x):
            out = self.inner(x)
            if isinstance(out, (list, tuple)):
                out = out[0]
            return torch.sigmoid(out)

    return Prob(model).eval()


def _export_graph(model, in_ch: int, path: Path, probe: int) -> None:
    import torch

    x = torch.randn(1, in_ch, probe, probe)
    kwargs = dict(input_names=["input"], output_names=["probability"], opset_version=OPSET,
                  dynamic_axes={"input": {0: "batch", 2: "height", 3: "width"},
                                "probability": {0: "batch", 2: "height", 3: "width"}})
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            torch.onnx.export(model, (x,), str(path), dynamo=False, **kwargs)
    except TypeError:   # torch without the dynamo switch
        torch.onnx.export(model, (x,), str(path), **kwargs)


def parity_check(model, path: Path, in_ch: int, multiple: int,
                 sizes: Sequence[int] = PARITY_SIZES, batches: Sequence[int] = PARITY_BATCHES,
                 tolerance: float = TOLERANCE) -> float:
    """Largest |onnxruntime - PyTorch| over every size and batch; ExportError above tolerance."""
    import torch

    from landslide_mapper.plugin import deps
    deps.activate()
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    opts.inter_op_num_threads = 1
    sess = ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])
    rng = np.random.default_rng(0)
    worst = 0.0
    for size in sizes:
        if size % multiple:
            raise ExportError(f"parity size {size} is not divisible by {multiple}")
        for b in batches:
            x = rng.standard_normal((b, in_ch, size, size)).astype(np.float32)
            with torch.no_grad():
                ref = model(torch.from_numpy(x)).numpy()
            got = sess.run(None, {"input": x})[0]
            if got.shape != ref.shape:
                raise ExportError(f"ONNX output shape {got.shape} differs from PyTorch {ref.shape} "
                                  f"at batch {b}, {size}x{size}")
            worst = max(worst, float(np.abs(got - ref).max()))
    if not worst <= tolerance:
        raise ExportError(f"ONNX output differs from PyTorch by {worst:.2e} (> {tolerance:.0e})")
    return worst


def set_metadata(path: Path, meta_json: str, out: Optional[Path] = None) -> None:
    """Write the metadata JSON into ``path`` (atomically, to ``out`` or in place)."""
    import onnx

    from landslide_mapper.plugin.engine.model_meta import METADATA_KEY, ModelMetadata

    ModelMetadata.from_json(meta_json, where=str(path))   # refuse to write invalid metadata
    proto = onnx.load(str(path))
    keep = [p for p in proto.metadata_props if p.key != METADATA_KEY]
    del proto.metadata_props[:]
    for p in keep:
        proto.metadata_props.add(key=p.key, value=p.value)
    proto.metadata_props.add(key=METADATA_KEY, value=meta_json)
    target = Path(out or path)
    tmp = target.with_name(target.name + ".partial")
    onnx.save(proto, str(tmp))
    os.replace(tmp, target)


def _stamp_weight_map(model, path: Path) -> None:
    """Record which initializer holds each parameter (for :mod:`.rebuild`)."""
    import onnx

    from .rebuild import WEIGHTS_KEY, _initializers, weight_map

    proto = onnx.load(str(path))
    state = {k: v for k, v in model.state_dict().items()}
    wmap = weight_map(state, _initializers(proto))
    missing = sorted(set(state) - set(wmap))
    proto.metadata_props.add(key=WEIGHTS_KEY, value=json.dumps({"params": wmap, "not_in_graph": missing}))
    onnx.save(proto, str(path))


def build_metadata(info: dict, *, name: str, family: str, tile_size: int, overlap: int, threshold: float,
                   default: bool, metrics: Optional[dict] = None, title: str = "", description: str = "",
                   version: str = "0.1.0") -> dict:
    cfg = info.get("config", {})
    kind = cfg.get("data", {}).get("kind", "bijie")
    t = cfg.get("train", {})
    return {
        "name": name, "title": title or name, "family": family, "architecture": info["architecture"],
        "arch_params": dict(info["arch_params"]), "channels": info["channels"], "gsd_m": float(info["gsd_m"]),
        "tile_size": int(tile_size), "overlap": int(overlap), "threshold": round(float(threshold), 4),
        "image_range": [0.0, 255.0], "default": bool(default), "version": version,
        "description": description, "metrics": metrics or {},
        "training": {"data": info.get("data", ""), "split": info.get("split", ""),
                     "loss": t.get("loss"), "crop": t.get("crop"), "epochs": t.get("epochs"),
                     "steps_per_epoch": t.get("steps_per_epoch"), "batch_size": t.get("batch_size"),
                     "seed": t.get("seed"), "optimizer": "AdamW", "schedule": t.get("schedule"),
                     "epochs_run": info.get("epochs_run"), "lr": t.get("lr"),
                     "positive_fraction": t.get("positive_fraction"), "warm_start": info.get("warm_start")},
        "credits": CREDITS.get(kind, ""), "schema": 1,
    }


def export_model(model, info: dict, out: Path, *, name: str, family: str, tile_size: int = 256,
                 overlap: int = 32, threshold: float = 0.5, default: bool = False,
                 metrics: Optional[dict] = None, title: str = "", description: str = "",
                 sizes: Sequence[int] = PARITY_SIZES, batches: Sequence[int] = PARITY_BATCHES,
                 tolerance: float = TOLERANCE) -> float:
    """Export, stamp metadata, check parity; returns the worst parity error.

    Nothing appears at ``out`` unless every check passed.
    """
    from .fuse import fuse_batchnorm

    model = fuse_batchnorm(copy.deepcopy(model).eval())
    prob = probability_module(model)
    in_ch = len(info["channels"])
    multiple = 2 ** int(info["arch_params"].get("depth", 4))
    meta = build_metadata(info, name=name, family=family, tile_size=tile_size, overlap=overlap,
                          threshold=threshold, default=default, metrics=metrics, title=title,
                          description=description)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = out.with_name(out.name + ".staging.onnx")
    try:
        _export_graph(prob, in_ch, staging, probe=max(multiple * 2, 64))
        set_metadata(staging, json.dumps(meta, sort_keys=True))
        _stamp_weight_map(model, staging)
        worst = parity_check(prob, staging, in_ch, multiple, sizes, batches, tolerance)
        os.replace(staging, out)
    finally:
        if staging.exists():
            staging.unlink()
    return worst


def load_checkpoint(path: Path):
    import torch

    from .registry import create_model

    ck = torch.load(path, map_location="cpu", weights_only=False)
    info = dict(ck["info"])
    info["epochs_run"] = ck.get("epoch")
    model = create_model(info["architecture"], **info["arch_params"])
    model.load_state_dict(ck["model"])
    return model.eval(), info, float(ck.get("threshold", 0.5))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Export a zoo checkpoint to ONNX with metadata and a parity check.")
    ap.add_argument("checkpoint")
    ap.add_argument("out")
    ap.add_argument("--name")
    ap.add_argument("--title", default="")
    ap.add_argument("--family", choices=("optical", "terrain"), required=True)
    ap.add_argument("--tile-size", type=int, default=256)
    ap.add_argument("--overlap", type=int, default=32)
    ap.add_argument("--threshold", type=float, help="default: the threshold tuned on validation")
    ap.add_argument("--metrics", help="JSON file of validation metrics to embed")
    ap.add_argument("--default", action="store_true", help="mark as the family's default model")
    args = ap.parse_args(argv)
    import torch
    torch.set_num_threads(1)
    model, info, thr = load_checkpoint(Path(args.checkpoint))
    metrics = json.loads(Path(args.metrics).read_text()) if args.metrics else None
    worst = export_model(model, info, Path(args.out), name=args.name or Path(args.out).stem, family=args.family,
                         tile_size=args.tile_size, overlap=args.overlap,
                         threshold=args.threshold if args.threshold is not None else thr,
                         default=args.default, metrics=metrics, title=args.title)
    size = Path(args.out).stat().st_size / 1e6
    print(f"exported {args.out} ({size:.2f} MB); parity max |diff| {worst:.2e} at sizes "
          f"{PARITY_SIZES} x batches {PARITY_BATCHES} (tolerance {TOLERANCE:.0e})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
