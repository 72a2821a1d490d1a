"""Landslide segmentation metrics, accumulated over many images or windows.

Numpy only (scipy for connected components), shared by model training and the
plugin's evaluation so that a model card and an accuracy report mean the same
thing by "F1". Nothing here holds a whole image: confusion counts, two
probability histograms and per-object pixel counts are all that is kept.

Conventions (also in :data:`METRIC_DEFINITIONS`):

- Landslide is the positive class. TP, FP, FN, TN count valid pixels.
- A pixel is predicted landslide when its probability is >= the threshold.
- A metric whose denominator is zero is undefined and reported as NaN
  (``None`` in JSON, empty in CSV), never silently as 0 or 1.
- Objects are 8-connected groups of landslide pixels (the same rule the
  vectoriser uses, so object counts match polygon counts).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Dict, Optional, Tuple

import numpy as np

DEFAULT_BINS = 1000
DEFAULT_MIN_OVERLAP = 0.1
_EIGHT = np.ones((3, 3), dtype=bool)

METRIC_DEFINITIONS: Dict[str, str] = {
    "tp": "True positives: valid pixels that are landslide in both the prediction and the reference.",
    "fp": "False positives: valid pixels predicted landslide that are not landslide in the reference.",
    "fn": "False negatives: valid pixels that are landslide in the reference but not predicted.",
    "tn": "True negatives: valid pixels that are landslide in neither.",
    "precision": "TP / (TP + FP): the share of predicted landslide pixels that are landslide in the reference. "
                 "Equals the user's accuracy of the landslide class.",
    "recall": "TP / (TP + FN): the share of reference landslide pixels that are predicted. Also called "
              "sensitivity; equals the producer's accuracy of the landslide class.",
    "f1": "2 TP / (2 TP + FP + FN): harmonic mean of precision and recall, landslide class, pixels pooled over "
          "all images before dividing (not an average of per-image scores).",
    "dice": "2 TP / (2 TP + FP + FN): the Dice coefficient; for a binary map it is identical to F1.",
    "accuracy": "(TP + TN) / (TP + FP + FN + TN): overall share of valid pixels classified correctly.",
    "iou": "TP / (TP + FP + FN): intersection over union of the landslide class (Jaccard index).",
    "iou_background": "TN / (TN + FP + FN): intersection over union of the non-landslide class.",
    "miou": "(IoU of landslide + IoU of background) / 2: mean IoU over the two classes.",
    "specificity": "TN / (TN + FP): the share of non-landslide pixels predicted non-landslide; equals the "
                   "producer's accuracy of the background class.",
    "balanced_accuracy": "(recall + specificity) / 2.",
    "mcc": "Matthews correlation coefficient: (TP TN - FP FN) / sqrt((TP + FP)(TP + FN)(TN + FP)(TN + FN)); "
           "1 perfect, 0 no better than chance, -1 total disagreement.",
    "kappa": "Cohen's kappa: (po - pe) / (1 - pe) with po = accuracy and "
             "pe = ((TP + FP)(TP + FN) + (TN + FN)(TN + FP)) / N^2, N = all valid pixels.",
    "users_accuracy_landslide": "TP / (TP + FP): of the pixels mapped as landslide, the share that are "
                                "landslide in the reference (same as precision).",
    "producers_accuracy_landslide": "TP / (TP + FN): of the reference landslide pixels, the share mapped as "
                                    "landslide (same as recall).",
    "users_accuracy_background": "TN / (TN + FN): of the pixels mapped as non-landslide, the share that are "
                                 "non-landslide in the reference.",
    "producers_accuracy_background": "TN / (TN + FP): of the reference non-landslide pixels, the share mapped "
                                     "as non-landslide (same as specificity).",
    "roc_auc": "Area under the ROC curve (true positive rate against false positive rate), trapezoidal rule "
               "over thresholds k / B, k = 0..B, from pixel probability histograms with B equal bins "
               "(B = 1000 unless stated); ties inside a bin count half.",
    "pr_auc": "Average precision: sum over thresholds k / B of (R_k - R_k+1) P_k, where P_k and R_k are the "
              "pixel precision and recall when predicting landslide at probability >= k / B "
              "(B = 1000 unless stated); no interpolation.",
    "best_threshold": "The threshold k / B (B = 1000 unless stated) that maximises pixel F1 on the data it "
                      "was tuned on; a pixel is landslide when its probability >= the threshold.",
    "objects_reference": "Reference landslides: 8-connected groups of reference landslide pixels.",
    "objects_predicted": "Predicted landslides: 8-connected groups of predicted landslide pixels.",
    "objects_found": "Reference landslides of which at least min_overlap (default 10 %, at least one pixel) "
                     "of the pixels are predicted landslide.",
    "objects_missed": "Reference landslides that are not found: objects_reference - objects_found.",
    "objects_false": "Predicted landslides of which less than min_overlap (default 10 %) of the pixels "
                     "(or no pixel at all) are landslide in the reference.",
    "object_recall": "objects_found / objects_reference.",
    "object_precision": "(objects_predicted - objects_false) / objects_predicted.",
}

# The pixel metrics :func:`metrics_from_counts` returns, in report order.
PIXEL_METRICS = ("precision", "recall", "f1", "iou", "miou", "mcc", "balanced_accuracy", "kappa",
                 "accuracy", "specificity", "dice", "iou_background",
                 "users_accuracy_landslide", "producers_accuracy_landslide",
                 "users_accuracy_background", "producers_accuracy_background")


def _div(num: float, den: float) -> float:
    return float(num) / float(den) if den else math.nan


def metrics_from_counts(tp: int, fp: int, fn: int, tn: int) -> Dict[str, float]:
    """All pixel metrics of :data:`PIXEL_METRICS` from the four confusion counts."""
    tp, fp, fn, tn = (int(v) for v in (tp, fp, fn, tn))
    n = tp + fp + fn + tn
    precision = _div(tp, tp + fp)
    recall = _div(tp, tp + fn)
    specificity = _div(tn, tn + fp)
    iou = _div(tp, tp + fp + fn)
    iou_bg = _div(tn, tn + fp + fn)
    f1 = _div(2 * tp, 2 * tp + fp + fn)
    mcc_den = math.sqrt(float(tp + fp) * (tp + fn) * (tn + fp) * (tn + fn))
    mcc = _div(float(tp) * tn - float(fp) * fn, mcc_den)
    accuracy = _div(tp + tn, n)
    if n:
        pe = (float(tp + fp) * (tp + fn) + float(tn + fn) * (tn + fp)) / (float(n) * n)
        kappa = _div(accuracy - pe, 1.0 - pe) if pe != 1.0 else math.nan
    else:
        kappa = math.nan
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "iou": iou,
        "miou": (iou + iou_bg) / 2.0,
        "mcc": mcc,
        "balanced_accuracy": (recall + specificity) / 2.0,
        "kappa": kappa,
        "accuracy": accuracy,
        "specificity": specificity,
        "dice": f1,
        "iou_background": iou_bg,
        "users_accuracy_landslide": precision,
        "producers_accuracy_landslide": recall,
        "users_accuracy_background": _div(tn, tn + fn),
        "producers_accuracy_background": specificity,
    }


# ---------------------------------------------------------------- curves

def _cumulative_from_top(hist: np.ndarray) -> np.ndarray:
    """c[k] = count of pixels with bin >= k, for k = 0..B (c[B] = 0)."""
    c = np.zeros(hist.size + 1, dtype=np.float64)
    c[:-1] = np.cumsum(hist[::-1])[::-1]
    return c


@dataclass
class Curves:
    """Threshold sweep at thresholds k / B, k = 0..B (ascending thresholds)."""
    thresholds: np.ndarray
    tp: np.ndarray
    fp: np.ndarray
    fn: np.ndarray
    tn: np.ndarray

    @property
    def tpr(self) -> np.ndarray:
        pos = self.tp + self.fn
        return self.tp / pos if pos[0] else np.full_like(self.tp, np.nan)

    @property
    def fpr(self) -> np.ndarray:
        neg = self.fp + self.tn
        return self.fp / neg if neg[0] else np.full_like(self.fp, np.nan)

    @property
    def precision(self) -> np.ndarray:
        pred = self.tp + self.fp
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(pred > 0, self.tp / np.maximum(pred, 1), np.nan)

    @property
    def recall(self) -> np.ndarray:
        return self.tpr

    @property
    def f1(self) -> np.ndarray:
        den = 2 * self.tp + self.fp + self.fn
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(den > 0, 2 * self.tp / np.maximum(den, 1), np.nan)


def curves_from_histograms(pos_hist: np.ndarray, neg_hist: np.ndarray) -> Curves:
    """Confusion counts at every bin-edge threshold from the two histograms."""
    pos_hist = np.asarray(pos_hist, dtype=np.float64)
    neg_hist = np.asarray(neg_hist, dtype=np.float64)
    bins = pos_hist.size
    tp = _cumulative_from_top(pos_hist)
    fp = _cumulative_from_top(neg_hist)
    return Curves(np.arange(bins + 1) / bins, tp, fp, pos_hist.sum() - tp, neg_hist.sum() - fp)


def roc_auc(curves: Curves) -> float:
    if not (curves.tp[0] + curves.fn[0]) or not (curves.fp[0] + curves.tn[0]):
        return math.nan
    # Thresholds ascend, so FPR descends: integrate in reverse. The last point
    # (threshold 1, above every bin) is (0, 0) by construction.
    x, y = curves.fpr[::-1], curves.tpr[::-1]
    return float(np.sum((x[1:] - x[:-1]) * (y[1:] + y[:-1]) / 2.0))


def average_precision(curves: Curves) -> float:
    if not (curves.tp[0] + curves.fn[0]):
        return math.nan
    r = curves.recall
    p = np.nan_to_num(curves.precision, nan=0.0)
    drop = r[:-1] - r[1:]          # recall lost when the threshold rises one bin
    return float(np.sum(drop * p[:-1]))


def best_f1_threshold(pos_hist: np.ndarray, neg_hist: np.ndarray) -> Tuple[float, float]:
    """(threshold, F1) maximising pixel F1 over thresholds k / B, k = 1..B-1.

    Ties go to the threshold nearest 0.5, so a flat optimum does not push the
    default to an extreme. (NaN, NaN) when there are no reference landslides.
    """
    c = curves_from_histograms(pos_hist, neg_hist)
    if not (c.tp[0] + c.fn[0]):
        return math.nan, math.nan
    f1 = np.nan_to_num(c.f1[1:-1], nan=-1.0)
    th = c.thresholds[1:-1]
    best = f1.max()
    candidates = np.flatnonzero(f1 >= best - 1e-12)
    k = candidates[np.argmin(np.abs(th[candidates] - 0.5))]
    return float(th[k]), float(f1[k])


# ---------------------------------------------------------------- objects

def _as_class(a: np.ndarray, name: str) -> Tuple[np.ndarray, Optional[np.ndarray]]:
    """(landslide bool, valid bool or None). Integer codes other than 0/1 are invalid."""
    a = np.asarray(a)
    if a.dtype == bool:
        return a, None
    if np.issubdtype(a.dtype, np.floating):
        ok = np.isfinite(a) & ((a == 0) | (a == 1))
        return a == 1, ok
    if np.issubdtype(a.dtype, np.integer):
        return a == 1, (a == 0) | (a == 1)
    raise TypeError(f"{name} must be a bool or 0/1 integer array, got {a.dtype}")


class ObjectMatcher:
    """Counts landslides found, missed and false by overlap, streamed.

    Feed whole images, or consecutive full-width row strips of one image with
    ``continues=True``: objects crossing a strip border are joined through the
    border rows, so the counts equal those of the whole image at once.
    """

    def __init__(self, min_overlap: float = DEFAULT_MIN_OVERLAP, min_pixels: int = 1):
        if not 0.0 <= min_overlap <= 1.0:
            raise ValueError(f"min_overlap must be within 0..1, got {min_overlap}")
        self.min_overlap = float(min_overlap)
        self.min_pixels = max(1, int(min_pixels))
        # Per side (0 reference, 1 prediction): lists of per-label arrays of
        # size and overlap with the other side; seam pairs to join at the end.
        self._size = ([], [])
        self._overlap = ([], [])
        self._pairs = ([], [])
        self._count = [0, 0]
        self._last_row = [None, None]   # global labels of the previous strip's last row

    def add(self, pred: np.ndarray, truth: np.ndarray, continues: bool = False) -> None:
        """``pred`` and ``truth``: bool arrays, already False outside the valid area."""
        for side, (mine, other) in enumerate(((truth, pred), (pred, truth))):
            lab, n = _label(mine)
            offset = self._count[side]
            glab = np.where(lab > 0, lab + offset, 0)
            self._size[side].append(np.bincount(lab.ravel(), minlength=n + 1)[1:])
            self._overlap[side].append(np.bincount(lab[other].ravel(), minlength=n + 1)[1:])
            prev = self._last_row[side]
            if continues and prev is not None and n:
                if prev.shape[0] != lab.shape[1]:
                    raise ValueError("continued strips must have the same width")
                self._pairs[side].append(_seam_pairs(prev, glab[0]))
            self._last_row[side] = glab[-1].copy() if glab.shape[0] else prev
            self._count[side] += n

    def counts(self) -> Dict[str, int]:
        ref_size, ref_ov = self._merged(0)
        pred_size, pred_ov = self._merged(1)
        ref_keep = ref_size >= self.min_pixels
        pred_keep = pred_size >= self.min_pixels
        found = ref_keep & self._hit(ref_size, ref_ov)
        good = pred_keep & self._hit(pred_size, pred_ov)
        n_ref, n_pred = int(ref_keep.sum()), int(pred_keep.sum())
        return {
            "objects_reference": n_ref,
            "objects_found": int(found.sum()),
            "objects_missed": n_ref - int(found.sum()),
            "objects_predicted": n_pred,
            "objects_false": n_pred - int(good.sum()),
        }

    def _hit(self, size: np.ndarray, overlap: np.ndarray) -> np.ndarray:
        return (overlap > 0) & (overlap >= self.min_overlap * size)

    def _merged(self, side: int) -> Tuple[np.ndarray, np.ndarray]:
        n = self._count[side]
        if n == 0:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        size = np.concatenate(self._size[side]).astype(np.int64)
        overlap = np.concatenate(self._overlap[side]).astype(np.int64)
        pairs = [p for p in self._pairs[side] if p.size]
        if not pairs:
            return size, overlap
        from scipy.sparse import coo_matrix
        from scipy.sparse.csgraph import connected_components
        p = np.concatenate(pairs) - 1
        graph = coo_matrix((np.ones(len(p), np.int8), (p[:, 0], p[:, 1])), shape=(n, n))
        _, root = connected_components(graph, directed=False)
        return np.bincount(root, weights=size).astype(np.int64), np.bincount(root, weights=overlap).astype(np.int64)


def _label(mask: np.ndarray) -> Tuple[np.ndarray, int]:
    from scipy import ndimage
    lab, n = ndimage.label(mask, structure=_EIGHT)
    return lab, int(n)


def _seam_pairs(above: np.ndarray, below: np.ndarray) -> np.ndarray:
    """Unique (label above, label below) pairs touching across a row border (8-connected)."""
    out = []
    w = above.size
    for shift in (-1, 0, 1):
        a = above[max(0, -shift):w - max(0, shift)]
        b = below[max(0, shift):w - max(0, -shift)]
        both = (a > 0) & (b > 0)
        if both.any():
            out.append(np.stack([a[both], b[both]], axis=1))
    if not out:
        return np.zeros((0, 2), np.int64)
    return np.unique(np.concatenate(out), axis=0).astype(np.int64)


# ---------------------------------------------------------------- accumulator

class ConfusionAccumulator:
    """Pixel confusion counts, probability histograms and object counts, streamed.

    ``update`` takes one image or window at a time; nothing but counts is kept.
    ``pred`` and ``truth`` are bool arrays or integer codes (1 landslide,
    0 not, anything else such as 255 is nodata and skipped). ``prob`` (0-1,
    NaN skipped) feeds the ROC/PR histograms; when ``pred`` is None it is
    thresholded at ``threshold`` (landslide when prob >= threshold).
    """

    def __init__(self, bins: int = DEFAULT_BINS, threshold: float = 0.5, objects: bool = True,
                 min_overlap: float = DEFAULT_MIN_OVERLAP, min_object_pixels: int = 1):
        self.bins = int(bins)
        self.threshold = float(threshold)
        self.tp = self.fp = self.fn = self.tn = 0
        self.pos_hist = np.zeros(self.bins, np.int64)
        self.neg_hist = np.zeros(self.bins, np.int64)
        self.has_prob = False
        self.objects = ObjectMatcher(min_overlap, min_object_pixels) if objects else None

    def update(self, pred: Optional[np.ndarray], truth: np.ndarray, valid: Optional[np.ndarray] = None,
               prob: Optional[np.ndarray] = None, continues: bool = False) -> None:
        """Add one image or window. ``continues=True``: this is the next full-width
        row strip of the previous image (objects are joined across the border)."""
        t, t_ok = _as_class(truth, "truth")
        ok = np.ones(t.shape, bool) if valid is None else np.asarray(valid, bool).copy()
        if t_ok is not None:
            ok &= t_ok
        if prob is not None:
            prob = np.asarray(prob, dtype=np.float64)
            if prob.shape != t.shape:
                raise ValueError(f"prob shape {prob.shape} differs from truth shape {t.shape}")
            ok &= np.isfinite(prob)
        if pred is None:
            if prob is None:
                raise ValueError("give pred, prob or both")
            p = prob >= self.threshold
        else:
            p, p_ok = _as_class(pred, "pred")
            if p.shape != t.shape:
                raise ValueError(f"pred shape {p.shape} differs from truth shape {t.shape}")
            if p_ok is not None:
                ok &= p_ok
        p = p & ok
        t = t & ok
        n_ok = int(ok.sum())
        tp = int(np.count_nonzero(p & t))
        n_p, n_t = int(np.count_nonzero(p)), int(np.count_nonzero(t))
        self.tp += tp
        self.fp += n_p - tp
        self.fn += n_t - tp
        self.tn += n_ok - n_p - n_t + tp
        if prob is not None:
            self.has_prob = True
            idx = np.clip((np.clip(prob[ok], 0.0, 1.0) * self.bins).astype(np.int64), 0, self.bins - 1)
            tt = t[ok]
            self.pos_hist += np.bincount(idx[tt], minlength=self.bins)
            self.neg_hist += np.bincount(idx[~tt], minlength=self.bins)
        if self.objects is not None:
            self.objects.add(p, t, continues=continues)

    def merge(self, other: "ConfusionAccumulator") -> None:
        """Add another accumulator's pixel counts and histograms (not objects)."""
        if other.bins != self.bins:
            raise ValueError("cannot merge accumulators with different bin counts")
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.tn += other.tn
        self.pos_hist += other.pos_hist
        self.neg_hist += other.neg_hist
        self.has_prob |= other.has_prob

    @property
    def confusion_matrix(self) -> np.ndarray:
        """2x2 counts: rows reference (0 background, 1 landslide), columns prediction."""
        return np.array([[self.tn, self.fp], [self.fn, self.tp]], dtype=np.int64)

    def curves(self) -> Curves:
        return curves_from_histograms(self.pos_hist, self.neg_hist)

    def best_threshold(self) -> Tuple[float, float]:
        """(threshold, F1) maximising pixel F1, from the streamed probabilities."""
        return best_f1_threshold(self.pos_hist, self.neg_hist)

    def result(self) -> Dict[str, float]:
        """Every metric this accumulator can give, keyed as in METRIC_DEFINITIONS."""
        out: Dict[str, float] = {"tp": self.tp, "fp": self.fp, "fn": self.fn, "tn": self.tn}
        out.update(metrics_from_counts(self.tp, self.fp, self.fn, self.tn))
        if self.has_prob:
            c = self.curves()
            out["roc_auc"] = roc_auc(c)
            out["pr_auc"] = average_precision(c)
        if self.objects is not None:
            objs = self.objects.counts()
            out.update(objs)
            out["object_recall"] = _div(objs["objects_found"], objs["objects_reference"])
            out["object_precision"] = _div(objs["objects_predicted"] - objs["objects_false"],
                                           objs["objects_predicted"])
        return out


def metadata_metrics(result: Dict[str, float], split: str) -> dict:
    """The ``metrics`` block of a model's metadata (val_* keys + definitions)."""
    keys = {"val_f1": "f1", "val_miou": "miou", "val_precision": "precision",
            "val_recall": "recall", "val_iou": "iou"}
    out: dict = {k: (None if _nan(result.get(v)) else float(result[v])) for k, v in keys.items()}
    out["definitions"] = {k: METRIC_DEFINITIONS[v] for k, v in keys.items()}
    out["split"] = split
    return out


def _nan(v) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))


def definitions_markdown() -> str:
    """The definitions as a Markdown table (docs/metrics.md embeds exactly this)."""
    lines = ["| Metric | Definition |", "|---|---|"]
    for k, v in METRIC_DEFINITIONS.items():
        lines.append(f"| `{k}` | {v.replace('|', '/')} |")
    return "\n".join(lines) + "\n"
