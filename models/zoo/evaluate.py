"""Score an exported ONNX model on whole validation images; write its card figures.

    .venv/bin/python -m landslide_mapper.models.zoo.evaluate models/configs/unet_optical.toml \
        models/unet_optical.onnx [--stamp]

Every validation image is scored whole (Bijie patches: the full patch padded
to a multiple of the model's stride; scenes: the full held-out area in
overlapping windows whose margins are discarded), with the ONNX file and its
own metadata (channels, normalisation, threshold) - not training crops.
Metrics come from ``plugin.engine.metrics`` so their definitions match the
plugin's accuracy reports. ``--stamp`` writes the metrics into the model's
metadata; figures go to ``models/cards/``.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

IMAGE_MIN_PIXELS = 100   # an image counts as "landslide detected" from this many predicted pixels
SCENE_WINDOW, SCENE_MARGIN = 512, 64


def _session(path: Path):
    from landslide_mapper.plugin import deps
    deps.activate()
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    opts.inter_op_num_threads = 1
    return ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])


def predict_image(sess, image: np.ndarray, multiple: int) -> np.ndarray:
    c, h, w = image.shape
    ph, pw = (-h) % multiple, (-w) % multiple
    x = np.pad(image, ((0, 0), (0, ph), (0, pw)))[None].astype(np.float32)
    return sess.run(None, {"input": x})[0][0, 0, :h, :w]


def predict_scene(sess, image: np.ndarray, multiple: int, win: int = SCENE_WINDOW,
                  margin: int = SCENE_MARGIN) -> np.ndarray:
    """Overlapping windows; each keeps its centre (margins discarded except at scene edges)."""
    c, h, w = image.shape
    out = np.zeros((h, w), np.float32)
    step = win - 2 * margin
    for y in range(0, h, step):
        for x in range(0, w, step):
            y0, x0 = max(y - margin, 0), max(x - margin, 0)
            tile = image[:, y0:y0 + win, x0:x0 + win]
            p = predict_image(sess, tile, multiple)
            ys, xs = y - y0, x - x0
            out[y:y + step, x:x + step] = p[ys:ys + step, xs:xs + step]
    return out


def _plugin_probability(image_path: Path, dem_path, model: Path, work: Path, tta: bool = False) -> np.ndarray:
    """Probabilities from the plugin's own tiled inference (``run_detection``; with ``tta``, the
    mean of its 8 flips and rotations)."""
    import rasterio

    from landslide_mapper.plugin.engine.detect import run_detection
    from landslide_mapper.plugin.engine.request import DetectionRequest

    req = DetectionRequest(image=Path(image_path), dem=Path(dem_path) if dem_path else None, out_dir=work,
                           model=model, threads=1, batch_size=1, write_polygons=False, tta=tta)
    res = run_detection(req)
    with rasterio.open(res.probability) as src:
        p = src.read(1, masked=True)
    return np.where(np.ma.getmaskarray(p), np.nan, p.filled(0)).astype(np.float32)


def _write_patch(path: Path, rgb: np.ndarray, gsd: float) -> None:
    """A Bijie patch as a GeoTIFF at its native GSD (the copy here has no georeferencing;
    a metric grid is made up so the engine reads it at native scale)."""
    import rasterio
    from rasterio.transform import from_origin

    with rasterio.open(path, "w", driver="GTiff", width=rgb.shape[2], height=rgb.shape[1], count=3,
                       dtype="uint8", crs="EPSG:32648", transform=from_origin(500000, 3000000, gsd, gsd)) as dst:
        dst.write(rgb.astype(np.uint8))


def _truth(sample) -> np.ndarray:
    t = sample.mask.astype(np.uint8)
    t[sample.valid == 0] = 255
    return t


def evaluate(cfg: dict, onnx_path: Path, backend: str = "plugin", tta: bool = False) -> dict:
    from landslide_mapper.plugin.engine import metrics as M
    from landslide_mapper.plugin.engine.catalog import load_metadata

    from .data import load_bijie, load_split
    from .train import resolve

    meta = load_metadata(onnx_path)
    multiple = 2 ** int(meta.arch_params.get("depth", 4))
    thr = float(meta.threshold)
    sess = _session(onnx_path)
    d = cfg["data"]
    acc_ls = M.ConfusionAccumulator(threshold=thr)
    acc_all = M.ConfusionAccumulator(threshold=thr, objects=False)
    img_tp = img_fp = img_fn = img_tn = 0
    if d["kind"] == "bijie":
        root = resolve(d["root"])
        split = load_split(root, resolve(d["split"]))
        mean = [c.mean for c in meta.channels]
        std = [c.std for c in meta.channels]
        import tempfile

        from .data import read_rgb
        tmp = Path(tempfile.mkdtemp(prefix="lm_eval_"))
        for s in load_bijie(root, split["val"], mean, std):
            if backend == "plugin":
                tif = tmp / f"{s.id}.tif"
                _write_patch(tif, read_rgb(root / "images" / f"{s.id}.jpg"), meta.gsd_m)
                p = _plugin_probability(tif, None, onnx_path, tmp / s.id, tta)
            else:
                p = predict_image(sess, s.image, multiple)
            t = _truth(s)
            acc_all.update(None, t, prob=p)
            if s.has_landslide:
                acc_ls.update(None, t, prob=p)
            detected = int((p >= thr).sum()) >= IMAGE_MIN_PIXELS
            if s.has_landslide:
                img_tp += detected; img_fn += not detected
            else:
                img_fp += detected; img_tn += not detected
        how = ("whole validation patches, each written as a GeoTIFF at its native "
               f"{meta.gsd_m} m and run through the plugin's own tiled inference "
               "(plugin.engine.detect.run_detection, the model's tile size, overlap and threshold)"
               if backend == "plugin" else
               "whole validation patches, each padded to a multiple of "
               f"{multiple} px and run through the ONNX file in one pass (onnxruntime CPU)")
    else:
        from .data import load_scene
        from .scenes import _scene_paths

        root = resolve(d["root"])
        for area in d["val_areas"]:
            paths = _scene_paths(root, area)
            s, _ = load_scene(*paths, meta)
            if backend == "plugin":
                import tempfile
                p = _plugin_probability(paths[0], paths[1], onnx_path, Path(tempfile.mkdtemp(prefix="lm_eval_")),
                                        tta)
            else:
                p = predict_scene(sess, s.image, multiple)
            acc_ls.update(None, _truth(s), prob=p)
            acc_all.update(None, _truth(s), prob=p)
        how = (f"the whole held-out area(s) {', '.join(d['val_areas'])} (image and DEM GeoTIFFs) run "
               "through the plugin's own tiled inference (plugin.engine.detect.run_detection)"
               if backend == "plugin" else
               f"the whole held-out area(s) {', '.join(d['val_areas'])}, channels built by "
               f"plugin.engine.features, run through the ONNX file in {SCENE_WINDOW} px windows "
               f"whose {SCENE_MARGIN} px margins are discarded (onnxruntime CPU)")
    r_ls, r_all = acc_ls.result(), acc_all.result()
    report = {"threshold": thr, "scored_on": how, "landslide_patches": r_ls, "all_patches": r_all,
              "ls_hist": [acc_ls.pos_hist.tolist(), acc_ls.neg_hist.tolist()],
              "all_hist": [acc_all.pos_hist.tolist(), acc_all.neg_hist.tolist()]}
    if d["kind"] == "bijie":
        report["image_level"] = dict(tp=img_tp, fp=img_fp, fn=img_fn, tn=img_tn,
                                     **{k: M.metrics_from_counts(img_tp, img_fp, img_fn, img_tn)[k]
                                        for k in ("precision", "recall", "f1", "accuracy")})
    return report


def metadata_block(report: dict, split: str, kind: str) -> dict:
    from landslide_mapper.plugin.engine import metrics as M

    main = report["landslide_patches"]
    block = M.metadata_metrics(main, split)
    scope = ("pooled over the validation patches that contain landslides" if kind == "bijie"
             else "pooled over the whole held-out area")
    block["definitions"] = {k: f"{v} Pixels {scope}, at the model's threshold {report['threshold']}; "
                               f"scored on {report['scored_on']}."
                            for k, v in block["definitions"].items()}
    keys = ("precision", "recall", "f1", "iou", "miou", "pr_auc", "roc_auc")
    if kind == "bijie":
        block["all_patches"] = {k: report["all_patches"][k] for k in keys}
        block["image_level"] = {k: report["image_level"][k] for k in ("precision", "recall", "f1")}
        block["definitions"]["all_patches"] = ("The same pixel metrics pooled over every validation patch, "
                                               "landslide-free ones included (their false alarms count).")
        block["definitions"]["image_level"] = (f"Image-level detection: a patch is detected as containing a "
                                               f"landslide when at least {IMAGE_MIN_PIXELS} of its pixels are "
                                               "predicted landslide; precision/recall/F1 over patches (this is "
                                               "not pixel F1).")
    else:
        block["objects"] = {k: main.get(k) for k in ("objects_reference", "objects_found", "objects_missed",
                                                     "objects_false")}
        block["definitions"]["objects"] = ("Landslides as 8-connected groups of pixels; found when at least "
                                           "10 % of a reference landslide is predicted (plugin.engine.metrics).")
    block["pr_auc"] = main.get("pr_auc")
    return block


def card_figures(report: dict, name: str, out_dir: Path) -> list[Path]:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from landslide_mapper.plugin.engine import metrics as M

    out_dir.mkdir(parents=True, exist_ok=True)
    pr = out_dir / f"{name}_pr.png"
    fig, ax = plt.subplots(figsize=(4.2, 4))
    for key, label in (("ls_hist", "landslide patches"), ("all_hist", "all patches")):
        c = M.curves_from_histograms(*map(np.asarray, report[key]))
        ax.plot(c.recall, c.precision, label=label)
    ax.axvline(report["landslide_patches"]["recall"], color="grey", lw=0.6, ls=":")
    ax.set_xlabel("recall (landslide pixels)"); ax.set_ylabel("precision"); ax.set_xlim(0, 1); ax.set_ylim(0, 1)
    ax.set_title(f"{name}: PR curve (validation)", fontsize=9); ax.grid(alpha=.3); ax.legend(fontsize=8)
    fig.tight_layout(); fig.savefig(pr, dpi=90); plt.close(fig)
    cm_path = out_dir / f"{name}_confusion.png"
    r = report["all_patches"]
    cm = np.array([[r["tn"], r["fp"]], [r["fn"], r["tp"]]], dtype=float)
    norm = cm / cm.sum(axis=1, keepdims=True)
    fig, ax = plt.subplots(figsize=(4, 3.6))
    ax.imshow(norm, cmap="Blues", vmin=0, vmax=1)
    for i in range(2):
        for j in range(2):
            ax.text(j, i, f"{norm[i, j]:.3f}\n({int(cm[i, j]):,} px)", ha="center", va="center",
                    color="white" if norm[i, j] > 0.5 else "black", fontsize=8)
    ax.set_xticks([0, 1], ["background", "landslide"]); ax.set_yticks([0, 1], ["background", "landslide"])
    ax.set_xlabel("predicted"); ax.set_ylabel("reference")
    ax.set_title(f"{name}: pixels, threshold {report['threshold']}", fontsize=9)
    fig.tight_layout(); fig.savefig(cm_path, dpi=90); plt.close(fig)
    return [pr, cm_path]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Score an ONNX model on whole validation images.")
    ap.add_argument("config")
    ap.add_argument("model")
    ap.add_argument("--stamp", action="store_true", help="write the metrics into the model's metadata")
    ap.add_argument("--cards", default="models/cards")
    ap.add_argument("--backend", choices=("plugin", "onnx"), default="plugin",
                    help="plugin: run_detection on whole images (default); onnx: direct full-image inference")
    ap.add_argument("--tta", action="store_true",
                    help="score the plugin's test-time augmentation (mean of 8 flips/rotations) instead of "
                         "a plain run; printed only, never stamped or drawn")
    args = ap.parse_args(argv)
    if args.tta and (args.stamp or args.backend != "plugin"):
        ap.error("--tta scores the plugin backend only and is never stamped into the model")
    from .export import set_metadata
    from .train import ROOT, load_config, resolve
    from landslide_mapper.plugin.engine.catalog import load_metadata

    cfg = load_config(resolve(args.config))
    path = resolve(args.model)
    report = evaluate(cfg, path, args.backend, tta=args.tta)
    if args.tta:
        block = metadata_block(report, "", cfg["data"]["kind"])
        print(json.dumps({k: v for k, v in block.items() if k != "definitions"}, indent=1, default=float))
        return 0
    run = ROOT / "runs" / cfg["name"]
    run.mkdir(parents=True, exist_ok=True)
    (run / "eval.json").write_text(json.dumps(report, indent=1, default=float))
    card_figures(report, path.stem, resolve(args.cards))
    meta = load_metadata(path)
    block = metadata_block(report, meta.training.get("split", ""), cfg["data"]["kind"])
    print(json.dumps({k: v for k, v in block.items() if k != "definitions"}, indent=1, default=float))
    if args.stamp:
        data = json.loads(meta.to_json())
        data["metrics"] = block
        set_metadata(path, json.dumps(data, sort_keys=True, default=float))
        print(f"metrics written into {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
