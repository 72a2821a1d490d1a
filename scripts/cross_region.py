"""The image-only models on the Baige scenes, a region none of them was trained on.

The optical models learned from the Bijie patches (0.8 m, Guizhou). This runs
each of them through the plugin's own detection on both georeferenced Baige
scenes (0.5 m, Tibet; resampled to the models' 0.8 m and back, as for any
analyst's image) and scores the mask against the hand-drawn reference, to
show what an analyst can expect from them on imagery from elsewhere.

    .venv/bin/python scripts/cross_region.py            # markdown table on stdout

Needs ``../shared/data/amu`` (skips with a message without it).
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT.parent))
DATA = ROOT.parent / "shared" / "data" / "amu"


def main() -> int:
    from landslide_mapper.plugin.engine.catalog import scan
    from landslide_mapper.plugin.engine.detect import run_detection
    from landslide_mapper.plugin.engine.evaluate import evaluate
    from landslide_mapper.plugin.engine.request import DetectionRequest

    if not (DATA / "area_A_rgb.tif").is_file():
        print(f"cross_region: skipped, the Baige scenes are not in {DATA}.")
        return 0
    models = sorted((i for i in scan()[0] if i.metadata.family == "optical"), key=lambda i: i.name)
    print("| model | Baige area | pixel F1 | precision | recall | IoU | mIoU | landslides found | missed "
          "| false detections |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for info in models:
            for area in ("A", "B"):
                out = Path(tmp) / f"{info.name}_{area}"
                run_detection(DetectionRequest(image=DATA / f"area_{area}_rgb.tif", out_dir=out,
                                               model=str(info.path), write_polygons=False))
                m = evaluate(out / "mask.tif", DATA / f"area_{area}_mask.tif", out / "evaluation").metrics
                print(f"| `{info.name}` | {area} | {m['f1']:.3f} | {m['precision']:.3f} | {m['recall']:.3f} "
                      f"| {m['iou']:.3f} | {m['miou']:.3f} | {m['objects_found']} of {m['objects_reference']} "
                      f"| {m['objects_missed']} | {m['objects_false']} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
