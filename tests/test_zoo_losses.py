"""Every training loss of the model zoo against values computed by hand."""
from __future__ import annotations

import math

import pytest

torch = pytest.importorskip("torch")
torch.set_num_threads(1)

from landslide_mapper.models.zoo import losses as L  # noqa: E402

# two pixels: logits 0 and ln 3 (p = 0.5 and 0.75), targets 1 and 0
LOGITS = torch.tensor([0.0, math.log(3.0)]).reshape(1, 1, 1, 2)
TARGET = torch.tensor([1.0, 0.0]).reshape(1, 1, 1, 2)
P = (0.5, 0.75)
TP, FP, FN = 0.5, 0.75, 0.5          # soft counts: p*t, p*(1-t), (1-p)*t


def close(a, b):
    assert float(a) == pytest.approx(b, rel=1e-5, abs=1e-6)


def test_bce_and_weighted_ce():
    ce = (-math.log(0.5), -math.log(0.25))
    close(L.bce(LOGITS, TARGET), sum(ce) / 2)
    close(L.weighted_ce(LOGITS, TARGET, pos_weight=3.0), (3 * ce[0] + ce[1]) / 2)


def test_focal():
    # alpha_t = 0.25 for the landslide pixel, 0.75 for the other; p_t = 0.5 and 0.25
    want = (0.25 * 0.5 ** 2 * -math.log(0.5) + 0.75 * 0.75 ** 2 * -math.log(0.25)) / 2
    close(L.focal(LOGITS, TARGET, gamma=2.0, alpha=0.25), want)


def test_region_losses():
    close(L.dice(LOGITS, TARGET, smooth=0.0), 1 - 2 * TP / (2 * TP + FP + FN))
    close(L.soft_iou(LOGITS, TARGET, smooth=0.0), 1 - TP / (TP + FP + FN))
    tv = 1 - TP / (TP + 0.3 * FP + 0.7 * FN)
    close(L.tversky(LOGITS, TARGET, alpha=0.3, beta=0.7, smooth=0.0), tv)
    close(L.focal_tversky(LOGITS, TARGET, smooth=0.0, gamma=0.75), tv ** 0.75)
    tv1 = 1 - (TP + 1) / (TP + 0.3 * FP + 0.7 * FN + 1)
    close(L.tversky_focal_tversky(LOGITS, TARGET), tv1 + tv1 ** 0.75)


def test_combined_losses():
    ce = (-math.log(0.5), -math.log(0.25))
    dice1 = 1 - (2 * TP + 1) / (2 * TP + FP + FN + 1)
    close(L.bce_dice(LOGITS, TARGET), sum(ce) / 2 + dice1)
    focal = (0.25 * 0.25 * ce[0] + 0.75 * 0.5625 * ce[1]) / 2
    close(L.focal_iou(LOGITS, TARGET), focal + 1 - (TP + 1) / (TP + FP + FN + 1))


def test_lovasz_hinge():
    # errors 1 - logit*sign: pixel 1 (t=1, logit 0) -> 1; pixel 2 (t=0, logit ln3) -> 1 + ln3.
    # Sorted descending: [1 + ln3 (t=0), 1 (t=1)]; Jaccard gradient: [1 - 1/2, 1 - 1/2 ... ] computed:
    # gts = 1; after 1st (t=0): inter 1, union 2 -> 1 - 1/2 = 0.5; after 2nd: inter 0, union 2 -> 1.
    # grad = [0.5, 1.0 - 0.5] -> loss = 0.5 (1 + ln3) + 0.5 * 1
    close(L.lovasz_hinge(LOGITS, TARGET), 0.5 * (1 + math.log(3.0)) + 0.5)


def test_invalid_pixels_do_not_count():
    valid = torch.tensor([1.0, 0.0]).reshape(1, 1, 1, 2)
    close(L.bce(LOGITS, TARGET, valid), -math.log(0.5))
    close(L.dice(LOGITS, TARGET, valid, smooth=0.0), 1 - 2 * 0.5 / (2 * 0.5 + 0.5))
    close(L.lovasz_hinge(LOGITS, TARGET, valid), 1.0)   # one positive pixel, error 1, gradient 1


def test_unknown_loss_is_named():
    with pytest.raises(ValueError, match="choose one of"):
        L.get_loss("hinge")
