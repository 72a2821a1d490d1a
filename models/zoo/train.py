"""Train one model from a TOML config.

    .venv/bin/python -m landslide_mapper.models.zoo.train models/configs/unet_optical.toml [--resume]

Deterministic (seeded) native-resolution crops, AdamW with a one-cycle or
cosine schedule, validation on whole images after each epoch, early stopping
on the validation landslide-class pixel F1 (at its best threshold), the best
checkpoint kept, the threshold tuned on validation. Writes to
``runs/<name>/``: ``last.pt``, ``best.pt``, ``log.csv``, ``curves.png``,
``val.json``.
"""
from __future__ import annotations

import argparse
import csv
import math
import sys
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]


def log(msg: str) -> None:
    print(msg, flush=True)


# ------------------------------------------------------------- config ----

def load_config(path: Path) -> dict:
    with open(path, "rb") as fh:
        cfg = tomllib.load(fh)
    for key in ("name", "model", "data", "train"):
        if key not in cfg:
            raise SystemExit(f"{path}: section or key '{key}' is missing")
    return cfg


def resolve(p: str) -> Path:
    q = Path(p)
    return q if q.is_absolute() else (ROOT / q).resolve()


# --------------------------------------------------------------- data ----

@dataclass
class Prepared:
    train: list
    val: list
    channels: list          # ChannelSpec dicts for the metadata
    split: str              # what validation is, in words
    data_desc: str
    gsd_m: float
    extra: dict


def prepare_data(cfg: dict) -> Prepared:
    from .data import channel_stats, load_bijie, load_split

    d = cfg["data"]
    if d["kind"] == "bijie":
        root = resolve(d["root"])
        split = load_split(root, resolve(d["split"]))
        mean, std = channel_stats(root, split["train"])
        train = load_bijie(root, split["train"], mean, std)
        val = load_bijie(root, split["val"], mean, std)
        channels = [{"name": n, "source": "band", "band": i + 1, "mean": round(mean[i], 3), "std": round(std[i], 3)}
                    for i, n in enumerate(("red", "green", "blue"))]
        n_ls = sum(i.startswith("ls_") for i in split["val"])
        desc = (f"Bijie landslide dataset (Ji et al. 2020), {len(split['train'])} training patches "
                f"at native resolution")
        return Prepared(train, val, channels,
                        f"fixed 20% of Bijie patches by image, stratified ls_/nls_ (seed {split['seed']}): "
                        f"{len(split['val'])} patches, {n_ls} with landslides",
                        desc, float(d.get("gsd_m", 0.8)), {"val_ids": split["val"]})
    if d["kind"] == "scenes":
        from .scenes import prepare_scenes
        return prepare_scenes(cfg)
    raise SystemExit(f"unknown data kind '{d['kind']}' (bijie or scenes)")


# ----------------------------------------------------------- inference ----

def predict_full(model, image: np.ndarray, multiple: int, device="cpu", pad: str = "zeros",
                 min_size: int = 0) -> np.ndarray:
    """Sigmoid probabilities for one whole normalised image (C,H,W).

    ``pad="reflect"`` with ``min_size`` = the model's tile size pads as the
    plugin does (an image smaller than a tile is mirrored out to the tile).
    """
    import torch
    import torch.nn.functional as F

    c, h, w = image.shape
    H, W = max(h + (-h) % multiple, min_size), max(w + (-w) % multiple, min_size)
    ph, pw = H - h, W - w
    if pad == "reflect" and (ph or pw):
        image = np.pad(image, ((0, 0), (0, ph), (0, pw)), mode="reflect")
        ph = pw = 0
    x = torch.from_numpy(np.ascontiguousarray(image))[None].to(device)
    if ph or pw:
        x = F.pad(x, (0, pw, 0, ph))
    with torch.no_grad():
        out = model(x)
        if isinstance(out, (list, tuple)):
            out = out[0]
        p = torch.sigmoid(out)[0, 0, :h, :w]
    return p.cpu().numpy()


def validate(model, samples, multiple: int, device="cpu", pad: str = "zeros", min_size: int = 0):
    """Histograms over landslide samples and over all samples."""
    from .scoring import ProbHistogram

    model.eval()
    h_ls, h_all = ProbHistogram(), ProbHistogram()
    image_level = []   # (has landslide, max prob) per image
    for s in samples:
        p = predict_full(model, s.image, multiple, device, pad, min_size)
        h = ProbHistogram()
        h.add(p, s.mask, s.valid)
        h_all.merge(h)
        if s.has_landslide:
            h_ls.merge(h)
        image_level.append((s.id, s.has_landslide, p))
    return h_ls, h_all, image_level


# ------------------------------------------------------------- curves ----

def plot_curves(rows: list[dict], out: Path) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ep = [r["epoch"] for r in rows]
    fig, ax = plt.subplots(1, 2, figsize=(9, 3.4))
    ax[0].plot(ep, [r["train_loss"] for r in rows], marker="o")
    ax[0].set_xlabel("epoch"); ax[0].set_ylabel("training loss"); ax[0].grid(alpha=.3)
    ax[1].plot(ep, [r["val_f1"] for r in rows], marker="o", label="F1 (landslide pixels)")
    ax[1].plot(ep, [r["val_iou"] for r in rows], marker="s", label="IoU (landslide)")
    ax[1].set_xlabel("epoch"); ax[1].set_ylim(0, 1); ax[1].grid(alpha=.3); ax[1].legend()
    fig.tight_layout()
    tmp = out.with_suffix(".tmp.png")
    fig.savefig(tmp, dpi=90)
    plt.close(fig)
    tmp.replace(out)


class Progress:
    """A text progress bar that also reads well in a log file."""

    def __init__(self, total: int, label: str, every: int = 10):
        self.total, self.label, self.every = total, label, every
        self.t0 = time.time()
        self.tty = sys.stdout.isatty()

    def update(self, i: int, loss: float) -> None:
        if i % self.every and i != self.total:
            return
        done = i / self.total
        rate = i / max(time.time() - self.t0, 1e-9)
        eta = (self.total - i) / max(rate, 1e-9)
        bar = "#" * int(20 * done) + "-" * (20 - int(20 * done))
        text = f"{self.label} [{bar}] {i}/{self.total} loss {loss:.4f} {rate:.2f} it/s eta {eta:.0f}s"
        print(("\r" + text) if self.tty else text, end="" if self.tty else "\n", flush=True)
        if self.tty and i == self.total:
            print()


# --------------------------------------------------------- warm start ----

_STAGE_ALIASES = ((".body.0.0.", ".body.0."), (".body.0.1.", ".body.1."),
                  (".body.1.0.", ".body.3."), (".body.1.1.", ".body.4."), ("head.", "heads.0."))


def warm_start(model, checkpoint: Path) -> dict:
    """Copy every tensor of ``checkpoint`` whose name and shape match ``model``.

    Lets an attention variant start from a trained U-Net (same encoder,
    decoder and head names) and train only what is new. Returns what was
    copied, for the log and the model card.
    """
    import torch

    if not checkpoint.is_file():
        raise SystemExit(f"warm-start checkpoint {checkpoint} not found: train the model it names first")
    src = torch.load(checkpoint, map_location="cpu", weights_only=False)["model"]
    own = model.state_dict()
    hit = {}
    for k, v in src.items():
        # a U-Net stage (conv-bn-relu twice) maps onto a residual stage's two convolutions
        for name in (k, *(k.replace(a, b) for a, b in _STAGE_ALIASES if a in k)):
            if name in own and own[name].shape == v.shape and name not in hit:
                hit[name] = v
                break
    own.update(hit)
    model.load_state_dict(own)
    n_own = sum(v.numel() for k, v in own.items() if v.dtype.is_floating_point)
    n_hit = sum(v.numel() for k, v in hit.items() if v.dtype.is_floating_point)
    return {"from": str(checkpoint.relative_to(ROOT) if checkpoint.is_relative_to(ROOT) else checkpoint),
            "tensors": len(hit), "of_tensors": len(own), "share_of_weights": round(n_hit / max(n_own, 1), 3)}


# ---------------------------------------------------------------- main ----

def train(cfg: dict, resume: bool = False) -> Path:
    import torch

    from .losses import get_loss
    from .registry import create_model
    from .augment import AugmentConfig
    from .data import CropSampler

    t = cfg["train"]
    name = cfg["name"]
    run = ROOT / "runs" / name
    run.mkdir(parents=True, exist_ok=True)
    torch.set_num_threads(int(t.get("threads", 1)))
    seed = int(t.get("seed", 0))
    torch.manual_seed(seed)
    np.random.seed(seed)
    torch.use_deterministic_algorithms(True, warn_only=True)
    dev = t.get("device", "auto")
    device = "cuda" if dev == "auto" and torch.cuda.is_available() else ("cpu" if dev == "auto" else dev)

    log(f"[{name}] loading data ...")
    data = prepare_data(cfg)
    log(f"[{name}] {len(data.train)} training and {len(data.val)} validation images; device {device}")
    m = dict(cfg["model"])
    arch = m.pop("architecture")
    m["in_channels"] = len(data.channels)
    model = create_model(arch, **m).to(device)
    multiple = 2 ** int(m.get("depth", 4))
    loss_fn = get_loss(t.get("loss", "bce_dice"))
    aug = AugmentConfig(**cfg.get("augment", {}))
    pad = t.get("pad", "zeros")
    sampler = CropSampler(data.train, int(t["crop"]), float(t.get("positive_fraction", 0.5)), aug, pad)
    val_tile = int(t.get("val_tile", 0))

    # a fixed validation subset for per-epoch scoring keeps epochs short
    rng_val = np.random.default_rng(seed)
    val_pos = [s for s in data.val if s.has_landslide]
    val_neg = [s for s in data.val if not s.has_landslide]
    n_neg = min(len(val_neg), int(t.get("val_negatives", len(val_neg))))
    val_sub = val_pos + [val_neg[i] for i in sorted(rng_val.choice(len(val_neg), n_neg, replace=False))] if val_neg else val_pos

    epochs = int(t["epochs"]); steps = int(t["steps_per_epoch"]); bs = int(t["batch_size"])
    opt = torch.optim.AdamW(model.parameters(), lr=float(t.get("lr", 2e-3)),
                            weight_decay=float(t.get("weight_decay", 1e-4)))
    total = epochs * steps
    warm = max(1, int(0.1 * total))
    if t.get("schedule", "onecycle") == "onecycle":
        lam = lambda k: (k + 1) / warm if k < warm else 0.5 * (1 + math.cos(math.pi * (k - warm) / max(1, total - warm)))
    else:
        lam = lambda k: 0.5 * (1 + math.cos(math.pi * k / total))
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lam)

    start_epoch, best, best_thr, rows, bad = 0, -1.0, 0.5, [], 0
    rng = np.random.default_rng(seed)
    last = run / "last.pt"
    if resume and not last.is_file():
        raise SystemExit(f"--resume: {last} does not exist, so there is nothing to continue. "
                         "Run without --resume to train from the start.")
    if resume:
        ck = torch.load(last, map_location=device, weights_only=False)
        model.load_state_dict(ck["model"]); opt.load_state_dict(ck["opt"]); sched.load_state_dict(ck["sched"])
        start_epoch, best, best_thr, rows, bad = ck["epoch"], ck["best"], ck["best_thr"], ck["rows"], ck["bad"]
        rng.bit_generator.state = ck["rng"]
        torch.set_rng_state(ck["torch_rng"])
        log(f"[{name}] resumed after epoch {start_epoch} (best F1 {best:.4f})")

    if t.get("init") and start_epoch == 0:
        ws = warm_start(model, resolve(t["init"]))
        log(f"[{name}] warm start from {ws['from']}: {ws['tensors']} of {ws['of_tensors']} tensors "
            f"({100 * ws['share_of_weights']:.0f} % of the weights)")
    else:
        ws = None
    info = {"architecture": arch, "arch_params": m, "channels": data.channels, "gsd_m": data.gsd_m,
            "split": data.split, "data": data.data_desc, "config": cfg, "warm_start": ws}
    budget = float(t.get("max_minutes", 1e9)) * 60
    t_start = time.time()
    patience = int(t.get("patience", 5))
    for epoch in range(start_epoch, epochs):
        model.train()
        prog = Progress(steps, f"epoch {epoch + 1}/{epochs}")
        t0 = time.time(); run_loss = 0.0
        for k in range(1, steps + 1):
            x, y, v = (torch.from_numpy(a).to(device) for a in sampler.batch(bs, rng))
            out = model(x)
            if isinstance(out, (list, tuple)):   # deep supervision / multi-resolution heads
                loss = sum(loss_fn(o, y, v) for o in out) / len(out)
            else:
                loss = loss_fn(out, y, v)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step(); sched.step()
            run_loss += float(loss)
            prog.update(k, run_loss / k)
        h_ls, h_all, _ = validate(model, val_sub, multiple, device, pad, val_tile)
        thr, f1_all = h_all.best_threshold()
        from .scoring import scores
        s_ls = scores(*h_ls.confusion(thr))
        s_all = scores(*h_all.confusion(thr))
        row = {"epoch": epoch + 1, "train_loss": run_loss / steps, "val_f1": s_ls["f1"], "val_iou": s_ls["iou"],
               "val_miou": s_ls["miou"], "val_precision": s_ls["precision"], "val_recall": s_ls["recall"],
               "val_f1_all": s_all["f1"], "threshold": thr, "lr": sched.get_last_lr()[0],
               "seconds": time.time() - t0}
        rows.append(row)
        score = s_all["f1"]   # false alarms on landslide-free patches count in the stopping score
        improved = score > best
        if improved:
            best, best_thr, bad = score, thr, 0
            torch.save({"model": model.state_dict(), "info": info, "threshold": thr, "epoch": epoch + 1}, run / "best.pt")
        else:
            bad += 1
        log(f"[{name}] epoch {epoch + 1}: loss {row['train_loss']:.4f} val F1(ls patches) {s_ls['f1']:.4f} "
            f"F1(all) {s_all['f1']:.4f} IoU {s_ls['iou']:.4f} mIoU {s_ls['miou']:.4f} thr {thr:.3f} "
            f"{'*' if improved else ''} ({row['seconds']:.0f}s)")
        with open(run / "log.csv", "w", newline="") as fh:
            wr = csv.DictWriter(fh, fieldnames=list(rows[0]))
            wr.writeheader(); wr.writerows(rows)
        plot_curves(rows, run / "curves.png")
        torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "sched": sched.state_dict(),
                    "epoch": epoch + 1, "best": best, "best_thr": best_thr, "rows": rows, "bad": bad,
                    "rng": rng.bit_generator.state, "torch_rng": torch.get_rng_state(), "info": info},
                   run / "last.tmp"); (run / "last.tmp").replace(last)
        if bad >= patience:
            log(f"[{name}] early stop: no F1 gain for {patience} epochs"); break
        if time.time() - t_start > budget:
            log(f"[{name}] time budget of {budget / 60:.0f} min reached"); break
    log(f"[{name}] best validation F1(all patches) {best:.4f} at threshold {best_thr:.3f}; {run / 'best.pt'}")
    return run / "best.pt"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Train a Landslide Mapper model from a TOML config.")
    ap.add_argument("config")
    ap.add_argument("--resume", action="store_true", help="continue from runs/<name>/last.pt")
    args = ap.parse_args(argv)
    cfg = load_config(resolve(args.config))
    train(cfg, resume=args.resume)
    return 0


if __name__ == "__main__":
    sys.exit(main())
