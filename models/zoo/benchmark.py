"""Parameters, FLOPs and CPU time per 256x256 tile for every architecture.

    .venv/bin/python -m landslide_mapper.models.zoo.benchmark [--base 16 --depth 4 --channels 3]

FLOPs are counted by ``torch.utils.flop_counter`` (one multiply-add = 2
FLOPs; convolutions and matrix products, the operations that dominate).
CPU time is the median of onnxruntime runs of the exported model (sigmoid
included) on one 256x256 tile, one thread, after a warm-up run. Prints a
Markdown table.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np


def measure(arch: str, base: int, depth: int, channels: int, runs: int = 5) -> dict:
    import torch
    from torch.utils.flop_counter import FlopCounterMode

    from .evaluate import _session
    from .export import export_model
    from .registry import create_model

    torch.manual_seed(0)
    model = create_model(arch, in_channels=channels, base=base, depth=depth).eval()
    params = sum(p.numel() for p in model.parameters())
    x = torch.randn(1, channels, 256, 256)
    with FlopCounterMode(display=False) as fc, torch.no_grad():
        model(x)
    flops = fc.get_total_flops()
    info = {"architecture": arch, "arch_params": {"base": base, "depth": depth},
            "channels": [{"name": f"c{i}", "source": "band", "band": i + 1} for i in range(channels)],
            "gsd_m": 0.8}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{arch}.onnx"
        export_model(model, info, path, name=arch, family="optical", sizes=(64, 256), batches=(1,))
        size_mb = path.stat().st_size / 1e6
        sess = _session(path)
        xa = x.numpy()
        sess.run(None, {"input": xa})
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            sess.run(None, {"input": xa})
            times.append((time.perf_counter() - t) * 1000)
    return {"arch": arch, "params": params, "gflops": flops / 1e9, "ms": float(np.median(times)), "mb": size_mb}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", type=int, default=16)
    ap.add_argument("--depth", type=int, default=4)
    ap.add_argument("--channels", type=int, default=3)
    args = ap.parse_args(argv)
    import torch
    torch.set_num_threads(1)
    from .registry import architectures

    print("| architecture | parameters | GFLOPs / 256² tile | CPU ms / tile (1 thread) | ONNX MB |")
    print("|---|---:|---:|---:|---:|")
    for arch in architectures():
        r = measure(arch, args.base, args.depth, args.channels)
        print(f"| {arch} | {r['params']:,} | {r['gflops']:.2f} | {r['ms']:.0f} | {r['mb']:.2f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
