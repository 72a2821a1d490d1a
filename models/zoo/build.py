"""One command per bundled model: train, export, score and stamp, from its config.

    .venv/bin/python -m landslide_mapper.models.zoo.build models/configs/unet_optical.toml

Runs, in order: ``train`` (skipped with ``--no-train`` when ``runs/<name>/best.pt``
exists), ``export`` of the best checkpoint to the config's ``[export] out`` with
the family, tile size, overlap and the threshold tuned on validation, then
``evaluate --stamp`` (whole validation images through the plugin's own tiled
inference; metrics into the ONNX metadata, PR curve and confusion matrix into
``models/cards/``). A config whose ``[train] init`` names another run's
checkpoint needs that run first (its config says which).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .train import ROOT, load_config, resolve


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Train, export and score one bundled model from its config.")
    ap.add_argument("config")
    ap.add_argument("--no-train", action="store_true", help="export and score the existing best checkpoint")
    ap.add_argument("--resume", action="store_true", help="continue training from runs/<name>/last.pt")
    args = ap.parse_args(argv)
    cfg = load_config(resolve(args.config))
    ex = cfg.get("export")
    if not ex:
        raise SystemExit(f"{args.config}: an [export] section (out, family, ...) is needed to build a bundled model")
    best = ROOT / "runs" / cfg["name"] / "best.pt"
    if not (args.no_train and best.is_file()):
        from .train import train
        best = train(cfg, resume=args.resume)
    from . import evaluate, export
    cmd = [str(best), ex["out"], "--family", ex["family"], "--tile-size", str(ex.get("tile_size", 256)),
           "--overlap", str(ex.get("overlap", 32)), "--title", ex.get("title", "")]
    if ex.get("default"):
        cmd.append("--default")
    export.main(cmd)
    rc = evaluate.main([args.config, ex["out"], "--stamp"])
    curves = best.parent / "curves.png"
    if curves.is_file():   # training loss and validation F1 per epoch, beside the other card figures
        import shutil
        shutil.copyfile(curves, ROOT / "models" / "cards" / f"{Path(ex['out']).stem}_curves.png")
    return rc


if __name__ == "__main__":
    sys.exit(main())
