"""The model-card tables of ``models/README.md``, generated from the bundled ONNX files.

    .venv/bin/python -m landslide_mapper.models.zoo.cards [--write]

Everything in the tables comes from each file's own metadata (data, channels,
GSD, tile size, threshold, validation metrics) or is measured on the file
(parameters = weights in its initializers after batch-norm folding, size,
CPU ms per 256 px tile = median of 5 onnxruntime runs on one thread after a
warm-up). ``--write`` replaces the part of ``models/README.md`` between the
``<!-- models:begin -->`` and ``<!-- models:end -->`` markers.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

from .train import ROOT

BEGIN, END = "<!-- models:begin -->", "<!-- models:end -->"


def _params(path: Path) -> int:
    import onnx
    from onnx import numpy_helper

    m = onnx.load(str(path))
    return int(sum(numpy_helper.to_array(t).size for t in m.graph.initializer))


def _cpu_ms(path: Path, channels: int, tile: int = 256, runs: int = 5) -> float:
    from landslide_mapper.plugin import deps
    deps.activate()
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    opts.inter_op_num_threads = 1
    sess = ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])
    x = np.random.default_rng(0).standard_normal((1, channels, tile, tile)).astype(np.float32)
    sess.run(None, {"input": x})
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        sess.run(None, {"input": x})
        times.append(1000 * (time.perf_counter() - t0))
    return float(np.median(times))


def _f(v, nd: int = 3) -> str:
    return "—" if v is None else f"{v:.{nd}f}"


def rows(models_dir: Path) -> tuple[list[str], list[str], list[str]]:
    from landslide_mapper.plugin.engine.catalog import load_metadata

    spec, opt, ter = [], [], []
    files = sorted(models_dir.glob("*.onnx"), key=lambda p: (load_metadata(p).family, not load_metadata(p).default, p.stem))
    for p in files:
        m = load_metadata(p)
        t = m.training or {}
        chans = ", ".join(c.name for c in m.channels)
        ws = t.get("warm_start")
        start = (f"warm start from {Path(ws['from']).parent.name} ({100 * ws['share_of_weights']:.0f} % of weights)"
                 if ws else "from scratch")
        sched = (f"best at epoch {t.get('epochs_run')} of up to {t.get('epochs')}, {t.get('steps_per_epoch')} steps each, batch {t.get('batch_size')}, "
                 f"{t.get('crop')} px crops, {t.get('loss')}, {start}")
        arch = f"{m.architecture} (base {m.arch_params.get('base')}, depth {m.arch_params.get('depth')})"
        fam = m.family + (", **default**" if m.default else "")
        data = "Bijie (train split)" if m.family == "optical" else "Baige area " + ", ".join(
            a for a in "AB" if f"area(s) {a} train" in t.get("split", ""))
        spec.append(f"| `{p.stem}` | {fam} | {arch} | {data} | {chans} | {m.gsd_m} m | {m.tile_size} / {m.overlap} "
                    f"| {m.threshold:.3f} | {_params(p):,} | {p.stat().st_size / 1e6:.1f} MB "
                    f"| {_cpu_ms(p, m.in_channels):.0f} | {sched} |")
        x = m.metrics or {}
        ls = (f"{_f(x.get('val_f1'))} | {_f(x.get('val_precision'))} | {_f(x.get('val_recall'))} | "
              f"{_f(x.get('val_iou'))} | {_f(x.get('val_miou'))}")
        if m.family == "optical":
            a = x.get("all_patches", {})
            il = x.get("image_level", {})
            opt.append(f"| `{p.stem}` | {ls} | {_f(a.get('f1'))} | {_f(a.get('precision'))} | {_f(a.get('recall'))} "
                       f"| {_f(a.get('iou'))} | {_f(a.get('miou'))} | {_f(il.get('f1'))} |")
        else:
            o = x.get("objects", {})
            held_out = ", ".join(a for a in "AB" if f"area(s) {a} validate" in x.get("split", t.get("split", "")))
            ter.append(f"| `{p.stem}` | {held_out or '?'} | {ls} | {_f(x.get('pr_auc'))} | {o.get('objects_found')} of "
                       f"{o.get('objects_reference')} | {o.get('objects_missed')} | {o.get('objects_false')} |")
    return spec, opt, ter


def tables(models_dir: Path) -> str:
    spec, opt, ter = rows(models_dir)
    total = sum(p.stat().st_size for p in models_dir.glob("*.onnx")) / 1e6
    out = [
        f"{len(spec)} bundled models, {total:.1f} MB together.", "",
        "| model | family | architecture | training data | channels | GSD | tile / overlap | threshold "
        "| parameters | size | CPU ms / 256² tile | training |",
        "|---|---|---|---|---|---|---|---:|---:|---:|---:|---|", *spec, "",
        "Optical models, Bijie validation split (123 landslide patches; 444 patches in all, 321 of them "
        "landslide-free). Pixel metrics of the landslide class, pixels pooled over patches:", "",
        "| model | landslide patches: pixel F1 | precision | recall | IoU | mIoU | all patches: pixel F1 | precision "
        "| recall | IoU | mIoU | image-level detection F1 |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|", *opt, "",
        "Terrain models, Baige: the whole held-out area (pixels of the training area never scored):", "",
        "| model | held-out area | pixel F1 | precision | recall | IoU | mIoU | PR AUC | landslides found | missed "
        "| false detections |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|", *ter,
    ]
    return "\n".join(out) + "\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Model-card tables from the bundled ONNX files.")
    ap.add_argument("--models", default=str(ROOT / "models"))
    ap.add_argument("--write", action="store_true", help="replace the tables in models/README.md")
    args = ap.parse_args(argv)
    text = tables(Path(args.models))
    if not args.write:
        print(text)
        return 0
    readme = Path(args.models) / "README.md"
    doc = readme.read_text()
    if BEGIN not in doc or END not in doc:
        raise SystemExit(f"{readme} lacks the {BEGIN} / {END} markers")
    head, rest = doc.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    tmp = readme.with_suffix(".md.tmp")
    tmp.write_text(head + BEGIN + "\n" + text + END + tail)
    tmp.replace(readme)
    return 0


if __name__ == "__main__":
    sys.exit(main())
