"""Segmentation losses of the seed papers, on logits (B,1,H,W) and 0/1 targets.

Every loss takes an optional ``valid`` mask (1 = pixel counts): padding added
to small training patches must not teach the model anything. Region losses
(Dice, Tversky, IoU) are computed over the whole batch as one set of pixels.
"""
from __future__ import annotations

from typing import Callable, Optional

import torch
import torch.nn.functional as F

Tensor = torch.Tensor


def _valid(target: Tensor, valid: Optional[Tensor]) -> Tensor:
    return torch.ones_like(target) if valid is None else valid.to(target.dtype)


def _mean(values: Tensor, valid: Tensor) -> Tensor:
    return (values * valid).sum() / valid.sum().clamp_min(1.0)


def bce(logits: Tensor, target: Tensor, valid: Optional[Tensor] = None) -> Tensor:
    """Binary cross-entropy averaged over valid pixels."""
    v = _valid(target, valid)
    return _mean(F.binary_cross_entropy_with_logits(logits, target, reduction="none"), v)


def weighted_ce(logits: Tensor, target: Tensor, valid: Optional[Tensor] = None,
                pos_weight: float = 3.0) -> Tensor:
    """Cross-entropy with landslide pixels weighted ``pos_weight`` (class imbalance)."""
    v = _valid(target, valid)
    w = 1.0 + (pos_weight - 1.0) * target
    return _mean(w * F.binary_cross_entropy_with_logits(logits, target, reduction="none"), v)


def focal(logits: Tensor, target: Tensor, valid: Optional[Tensor] = None,
          gamma: float = 2.0, alpha: float = 0.25) -> Tensor:
    """Focal loss: -alpha_t (1-p_t)^gamma log(p_t), averaged over valid pixels."""
    v = _valid(target, valid)
    p = torch.sigmoid(logits)
    ce = F.binary_cross_entropy_with_logits(logits, target, reduction="none")
    p_t = p * target + (1 - p) * (1 - target)
    a_t = alpha * target + (1 - alpha) * (1 - target)
    return _mean(a_t * (1 - p_t) ** gamma * ce, v)


def _tp_fp_fn(logits: Tensor, target: Tensor, valid: Optional[Tensor]):
    v = _valid(target, valid)
    p = torch.sigmoid(logits) * v
    t = target * v
    tp = (p * t).sum()
    return tp, (p * (1 - t)).sum(), ((1 - p) * t).sum()


def dice(logits: Tensor, target: Tensor, valid: Optional[Tensor] = None, smooth: float = 1.0) -> Tensor:
    """Soft Dice loss: 1 - (2 TP + s) / (2 TP + FP + FN + s)."""
    tp, fp, fn = _tp_fp_fn(logits, target, valid)
    return 1 - (2 * tp + smooth) / (2 * tp + fp + fn + smooth)


def tversky(logits: Tensor, target: Tensor, valid: Optional[Tensor] = None,
            alpha: float = 0.3, beta: float = 0.7, smooth: float = 1.0) -> Tensor:
    """Tversky loss: 1 - (TP + s) / (TP + alpha FP + beta FN + s); beta > alpha favours recall."""
    tp, fp, fn = _tp_fp_fn(logits, target, valid)
    return 1 - (tp + smooth) / (tp + alpha * fp + beta * fn + smooth)


def focal_tversky(logits: Tensor, target: Tensor, valid: Optional[Tensor] = None,
                  alpha: float = 0.3, beta: float = 0.7, gamma: float = 0.75, smooth: float = 1.0) -> Tensor:
    """Focal Tversky loss: (Tversky loss) ** gamma."""
    return tversky(logits, target, valid, alpha, beta, smooth).clamp_min(0) ** gamma


def tversky_focal_tversky(logits: Tensor, target: Tensor, valid: Optional[Tensor] = None) -> Tensor:
    """Sum of Tversky and focal Tversky losses (seed 003)."""
    return tversky(logits, target, valid) + focal_tversky(logits, target, valid)


def soft_iou(logits: Tensor, target: Tensor, valid: Optional[Tensor] = None, smooth: float = 1.0) -> Tensor:
    """Soft IoU (Jaccard) loss: 1 - (TP + s) / (TP + FP + FN + s)."""
    tp, fp, fn = _tp_fp_fn(logits, target, valid)
    return 1 - (tp + smooth) / (tp + fp + fn + smooth)


def _lovasz_grad(gt_sorted: Tensor) -> Tensor:
    gts = gt_sorted.sum()
    inter = gts - gt_sorted.cumsum(0)
    union = gts + (1 - gt_sorted).cumsum(0)
    jac = 1.0 - inter / union
    if gt_sorted.numel() > 1:
        jac[1:] = jac[1:] - jac[:-1]
    return jac


def lovasz_hinge(logits: Tensor, target: Tensor, valid: Optional[Tensor] = None) -> Tensor:
    """Lovasz hinge (Berman et al. 2018) over all valid pixels of the batch."""
    v = _valid(target, valid).flatten() > 0.5
    lg = logits.flatten()[v]
    t = target.flatten()[v]
    if lg.numel() == 0:
        return logits.sum() * 0.0
    signs = 2.0 * t - 1.0
    errors = 1.0 - lg * signs
    errors_sorted, perm = torch.sort(errors, descending=True)
    grad = _lovasz_grad(t[perm])
    return torch.dot(F.relu(errors_sorted), grad)


def bce_dice(logits: Tensor, target: Tensor, valid: Optional[Tensor] = None) -> Tensor:
    return bce(logits, target, valid) + dice(logits, target, valid)


def focal_iou(logits: Tensor, target: Tensor, valid: Optional[Tensor] = None) -> Tensor:
    """Focal + soft IoU (seed 004's combined loss)."""
    return focal(logits, target, valid) + soft_iou(logits, target, valid)


LOSSES: dict[str, Callable[..., Tensor]] = {
    "bce": bce, "weighted_ce": weighted_ce, "focal": focal, "dice": dice, "tversky": tversky,
    "focal_tversky": focal_tversky, "tversky_focal_tversky": tversky_focal_tversky,
    "soft_iou": soft_iou, "lovasz_hinge": lovasz_hinge, "bce_dice": bce_dice, "focal_iou": focal_iou,
}


def get_loss(name: str) -> Callable[..., Tensor]:
    if name not in LOSSES:
        raise ValueError(f"unknown loss '{name}'; choose one of {', '.join(sorted(LOSSES))}")
    return LOSSES[name]
