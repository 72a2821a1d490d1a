"""Pixel scores at every threshold from probability histograms.

Validation accumulates, per image, how many landslide and background pixels
fall in each of ``BINS`` probability bins. From these two histograms the
confusion matrix at any threshold follows, so the threshold can be tuned and
the PR curve drawn without holding any probabilities.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

BINS = 200


@dataclass
class ProbHistogram:
    pos: np.ndarray = field(default_factory=lambda: np.zeros(BINS, np.int64))
    neg: np.ndarray = field(default_factory=lambda: np.zeros(BINS, np.int64))

    def add(self, prob: np.ndarray, target: np.ndarray, valid: np.ndarray) -> None:
        v = valid > 0
        p = np.clip(prob[v], 0.0, 1.0)
        t = target[v] > 0.5
        idx = np.minimum((p * BINS).astype(np.int64), BINS - 1)
        self.pos += np.bincount(idx[t], minlength=BINS)
        self.neg += np.bincount(idx[~t], minlength=BINS)

    def merge(self, other: "ProbHistogram") -> None:
        self.pos += other.pos
        self.neg += other.neg

    def confusion(self, threshold: float) -> tuple[int, int, int, int]:
        """(tp, fp, fn, tn) for predicting landslide where prob >= threshold (bin-exact)."""
        k = int(round(threshold * BINS))
        tp = int(self.pos[k:].sum()); fn = int(self.pos[:k].sum())
        fp = int(self.neg[k:].sum()); tn = int(self.neg[:k].sum())
        return tp, fp, fn, tn

    def curve(self):
        """Thresholds k/BINS, precision, recall and F1 at each."""
        tp = np.cumsum(self.pos[::-1])[::-1].astype(float)
        fp = np.cumsum(self.neg[::-1])[::-1].astype(float)
        fn = self.pos.sum() - tp
        with np.errstate(invalid="ignore", divide="ignore"):
            prec = np.where(tp + fp > 0, tp / (tp + fp), 1.0)
            rec = np.where(tp + fn > 0, tp / (tp + fn), 0.0)
            f1 = np.where(prec + rec > 0, 2 * prec * rec / (prec + rec), 0.0)
        return np.arange(BINS) / BINS, prec, rec, f1

    def best_threshold(self, lo: float = 0.05, hi: float = 0.95) -> tuple[float, float]:
        th, _, _, f1 = self.curve()
        ok = (th >= lo) & (th <= hi)
        i = int(np.argmax(np.where(ok, f1, -1)))
        return float(th[i]), float(f1[i])


def scores(tp: int, fp: int, fn: int, tn: int) -> dict:
    """Landslide-class pixel precision/recall/F1/IoU, background IoU, mIoU, accuracy."""
    def div(a, b):
        return float(a) / float(b) if b else 0.0
    p = div(tp, tp + fp); r = div(tp, tp + fn)
    return {"precision": p, "recall": r, "f1": div(2 * p * r, p + r) if p + r else 0.0,
            "iou": div(tp, tp + fp + fn), "iou_background": div(tn, tn + fp + fn),
            "miou": (div(tp, tp + fp + fn) + div(tn, tn + fp + fn)) / 2,
            "accuracy": div(tp + tn, tp + fp + fn + tn), "tp": tp, "fp": fp, "fn": fn, "tn": tn}
