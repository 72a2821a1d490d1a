"""Map landslides in the bundled Baige sample scene with the default model.

Run with ``make demo``. Writes to ``out/demo`` in the repository (or the folder
given as the first argument), prints what was found, and scores the map
against the hand-drawn reference shipped with the sample.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT.parent))          # the repository root is the package landslide_mapper


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    try:
        from landslide_mapper.plugin.engine.catalog import resolve_model
        from landslide_mapper.plugin.engine.detect import run_detection
        from landslide_mapper.plugin.engine.errors import LandslideMapperError
        from landslide_mapper.plugin.engine.evaluate import evaluate
        from landslide_mapper.plugin.engine.request import DetectionRequest
    except ImportError as exc:
        print(f"demo: the project is not installed ({exc}). Run 'make setup' first.", file=sys.stderr)
        return 1
    sample = ROOT / "resources" / "sample"
    out = Path(argv[0]) if argv else ROOT / "out" / "demo"
    image, dem = sample / "baige_b_rgb.tif", sample / "baige_b_dem.tif"
    try:
        info = resolve_model(None, has_dem=True)
        print(f"Sample scene: {image.name} + {dem.name} (768 x 768 px, 0.5 m, Baige area B)")
        print(f"Model: {info.name} ({info.metadata.architecture}, {'+'.join(c.name for c in info.metadata.channels)})")

        def progress(pct, msg, last=[-10.0]):
            if pct - last[0] >= 20 or pct >= 100:
                last[0] = pct
                print(f"  {pct:5.1f}%  {msg}")

        res = run_detection(DetectionRequest(image=image, dem=dem, out_dir=out, model=str(info.path)),
                            progress=progress)
        score = evaluate(res.mask, sample / "baige_b_mask.tif", out / "evaluation",
                         probability=res.probability)
    except LandslideMapperError as exc:
        print(f"demo: {exc}", file=sys.stderr)
        return 1
    print(f"\nFound {res.landslides} landslide(s) covering {res.landslide_area_m2:,.0f} m2 "
          f"in {res.seconds:.1f} s on {res.provider} ({res.tiles} tiles, {res.tiles_skipped} skipped).")
    for w in res.warnings:
        print(f"Note: {w}")
    print(f"\nOutputs in {res.out_dir}:")
    for p in (res.probability, res.mask, res.polygons, res.uncertainty, res.summary):
        if p:
            print(f"  {p.name:<16} {p}")
    m = score.metrics
    print(f"\nAgainst the hand-drawn reference ({sample / 'baige_b_mask.tif'}):")
    print(f"  landslide pixel F1 {m['f1']:.3f}, precision {m['precision']:.3f}, recall {m['recall']:.3f}, "
          f"IoU {m['iou']:.3f}, mIoU {m['miou']:.3f}")
    print(f"  landslides found {m['objects_found']} of {m['objects_reference']}, "
          f"missed {m['objects_missed']}, false detections {m['objects_false']}")
    print(f"  report: {score.report}")
    print("Open them in QGIS, or compare with: landslide-mapper --help")
    return 0


if __name__ == "__main__":
    sys.exit(main())
