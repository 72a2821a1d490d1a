"""Metrics against values worked out by hand, and streaming equals all-at-once."""
from __future__ import annotations

import math

import numpy as np
import pytest

from landslide_mapper.plugin.engine import metrics as M


def test_pixel_metrics_small_image_by_hand():
    # truth            pred
    # 1 1 0 0          1 1 1 0
    # 1 1 0 0          0 1 0 0
    # 0 0 0 255        0 0 0 1     (255: nodata, skipped)
    truth = np.array([[1, 1, 0, 0], [1, 1, 0, 0], [0, 0, 0, 255]], np.uint8)
    pred = np.array([[1, 1, 1, 0], [0, 1, 0, 0], [0, 0, 0, 1]], np.uint8)
    acc = M.ConfusionAccumulator()
    acc.update(pred, truth)
    r = acc.result()
    # 11 valid pixels. TP (0,0)(0,1)(1,1)=3, FP (0,2)=1, FN (1,0)=1, TN = 11-5 = 6
    assert (r["tp"], r["fp"], r["fn"], r["tn"]) == (3, 1, 1, 6)
    assert acc.confusion_matrix.tolist() == [[6, 1], [1, 3]]
    assert r["precision"] == pytest.approx(3 / 4)
    assert r["recall"] == pytest.approx(3 / 4)
    assert r["f1"] == pytest.approx(6 / 8)
    assert r["dice"] == r["f1"]
    assert r["iou"] == pytest.approx(3 / 5)
    assert r["iou_background"] == pytest.approx(6 / 8)
    assert r["miou"] == pytest.approx((3 / 5 + 6 / 8) / 2)
    assert r["accuracy"] == pytest.approx(9 / 11)
    assert r["specificity"] == pytest.approx(6 / 7)
    assert r["balanced_accuracy"] == pytest.approx(45 / 56)
    # mcc = (3*6 - 1*1) / sqrt(4*4*7*7) = 17/28; kappa: po=9/11, pe=(16+49)/121 -> 34/56
    assert r["mcc"] == pytest.approx(17 / 28)
    assert r["kappa"] == pytest.approx(17 / 28)


def test_metrics_from_counts_asymmetric_by_hand():
    r = M.metrics_from_counts(tp=10, fp=5, fn=15, tn=70)
    assert r["precision"] == pytest.approx(2 / 3)
    assert r["recall"] == pytest.approx(0.4)
    assert r["f1"] == pytest.approx(0.5)
    assert r["iou"] == pytest.approx(1 / 3)
    assert r["miou"] == pytest.approx(5 / 9)          # (1/3 + 70/90) / 2
    assert r["accuracy"] == pytest.approx(0.8)
    assert r["specificity"] == pytest.approx(14 / 15)
    assert r["balanced_accuracy"] == pytest.approx(2 / 3)
    assert r["mcc"] == pytest.approx(625 / math.sqrt(15 * 25 * 75 * 85))
    # pe = (15*25 + 85*75) / 100^2 = 0.675 ; kappa = (0.8 - 0.675) / 0.325
    assert r["kappa"] == pytest.approx(5 / 13)
    assert r["users_accuracy_background"] == pytest.approx(70 / 85)
    assert r["producers_accuracy_background"] == pytest.approx(70 / 75)


def test_undefined_metrics_are_nan_not_zero():
    r = M.metrics_from_counts(tp=0, fp=0, fn=0, tn=50)   # no landslide anywhere
    assert math.isnan(r["precision"]) and math.isnan(r["recall"]) and math.isnan(r["f1"])
    assert r["accuracy"] == 1.0 and r["specificity"] == 1.0


def test_valid_mask_and_float_nan_are_skipped():
    truth = np.array([[1, 0], [1, 0]], np.uint8)
    pred = np.array([[1, 1], [0, 0]], np.uint8)
    valid = np.array([[True, False], [True, True]])
    acc = M.ConfusionAccumulator(objects=False)
    acc.update(pred, truth, valid=valid)
    assert (acc.tp, acc.fp, acc.fn, acc.tn) == (1, 0, 1, 1)
    acc2 = M.ConfusionAccumulator(objects=False)
    acc2.update(None, truth, prob=np.array([[0.9, np.nan], [0.2, 0.1]]))
    assert (acc2.tp, acc2.fp, acc2.fn, acc2.tn) == (1, 0, 1, 1)


def test_roc_and_pr_auc_by_hand():
    # Ranked by probability: 0.8 (L), 0.4 (B), 0.35 (L), 0.1 (B)
    # ROC AUC = share of (landslide, background) pairs ranked right = 3/4
    # AP = sum dR * P = 0.5 * 1 + 0.5 * 2/3
    prob = np.array([0.1, 0.4, 0.35, 0.8])
    truth = np.array([0, 0, 1, 1], np.uint8)
    acc = M.ConfusionAccumulator(objects=False)
    acc.update(None, truth, prob=prob)
    r = acc.result()
    assert r["roc_auc"] == pytest.approx(0.75)
    assert r["pr_auc"] == pytest.approx(0.5 + 1 / 3)
    # at the default threshold 0.5 only 0.8 is landslide
    assert (r["tp"], r["fp"], r["fn"], r["tn"]) == (1, 0, 1, 2)


def test_roc_auc_ties_count_half_and_perfect_separation():
    acc = M.ConfusionAccumulator(objects=False)
    acc.update(None, np.array([0, 1], np.uint8), prob=np.array([0.5, 0.5]))
    assert acc.result()["roc_auc"] == pytest.approx(0.5)
    acc = M.ConfusionAccumulator(objects=False)
    acc.update(None, np.array([0, 0, 1], np.uint8), prob=np.array([0.0, 0.2, 1.0]))
    assert acc.result()["roc_auc"] == pytest.approx(1.0)
    assert acc.result()["pr_auc"] == pytest.approx(1.0)


def test_best_threshold_maximises_f1():
    # Any threshold in (0.2, 0.3] separates perfectly; ties go nearest 0.5 -> 0.3
    acc = M.ConfusionAccumulator(objects=False)
    acc.update(None, np.array([0, 1, 1, 1], np.uint8), prob=np.array([0.2, 0.3, 0.6, 0.7]))
    th, f1 = acc.best_threshold()
    assert th == pytest.approx(0.3) and f1 == pytest.approx(1.0)
    # At 0.5 (default) one landslide pixel (0.3) is missed: F1 = 2*2/(2*2+1)
    assert acc.result()["f1"] == pytest.approx(0.8)


def test_object_counts_by_hand():
    # truth: A = 2x2 block top-left, B = (2,4), C = (5,0)
    # pred:  F = (0,1) covers 1/4 of A; D = (3,3)(3,4) touches B only diagonally/
    #        edge-adjacent, sharing no pixel; E = (5,5) alone
    truth = np.zeros((6, 6), np.uint8)
    truth[0:2, 0:2] = 1
    truth[2, 4] = 1
    truth[5, 0] = 1
    pred = np.zeros((6, 6), np.uint8)
    pred[0, 1] = 1
    pred[3, 3:5] = 1
    pred[5, 5] = 1
    acc = M.ConfusionAccumulator()                 # min_overlap 10 %: A found (25 %)
    acc.update(pred, truth)
    r = acc.result()
    assert (r["objects_reference"], r["objects_found"], r["objects_missed"]) == (3, 1, 2)
    assert (r["objects_predicted"], r["objects_false"]) == (3, 2)   # D and E
    assert r["object_recall"] == pytest.approx(1 / 3)
    strict = M.ConfusionAccumulator(min_overlap=0.5)  # 25 % < 50 %: A missed too
    strict.update(pred, truth)
    assert strict.result()["objects_found"] == 0
    assert strict.result()["objects_false"] == 2     # F lies wholly on A


def test_objects_are_eight_connected():
    truth = np.eye(4, dtype=np.uint8)                # a diagonal line: one landslide
    acc = M.ConfusionAccumulator()
    acc.update(np.zeros_like(truth), truth)
    assert acc.result()["objects_reference"] == 1
    assert acc.result()["objects_missed"] == 1


def test_objects_joined_across_strips():
    # A U shape: two arms in rows 0-1, joined by row 2; plus a diagonal-only
    # link across the border between rows 3 and 4.
    truth = np.array([
        [1, 0, 1, 0, 0],
        [1, 0, 1, 0, 0],
        [1, 1, 1, 0, 0],
        [0, 0, 0, 1, 0],
        [0, 0, 0, 0, 1],
    ], np.uint8)
    pred = truth.copy()
    whole = M.ConfusionAccumulator()
    whole.update(pred, truth)
    assert whole.result()["objects_reference"] == 1
    strips = M.ConfusionAccumulator()
    for a, b in ((0, 2), (2, 4), (4, 5)):
        strips.update(pred[a:b], truth[a:b], continues=a > 0)
    assert strips.result() == whole.result()


def test_streaming_equals_all_at_once_random_images():
    rng = np.random.default_rng(3)
    truth = (rng.random((60, 50)) < 0.3).astype(np.uint8)
    prob = np.clip(truth * 0.4 + rng.random((60, 50)) * 0.6, 0, 1)
    once = M.ConfusionAccumulator()
    once.update(None, truth, prob=prob)
    streamed = M.ConfusionAccumulator()
    for a in range(0, 60, 7):
        streamed.update(None, truth[a:a + 7], prob=prob[a:a + 7], continues=a > 0)
    r1, r2 = once.result(), streamed.result()
    assert r1.keys() == r2.keys()
    for k in r1:
        assert r1[k] == pytest.approx(r2[k]), k
    # independent images: objects are not joined, pixel metrics still add up
    separate = M.ConfusionAccumulator()
    separate.update(None, truth[:30], prob=prob[:30])
    separate.update(None, truth[30:], prob=prob[30:])
    assert separate.result()["f1"] == pytest.approx(r1["f1"])


def test_every_reported_metric_is_defined():
    acc = M.ConfusionAccumulator()
    acc.update(None, np.array([[0, 1]], np.uint8), prob=np.array([[0.2, 0.9]]))
    acc_keys = set(acc.result())
    assert acc_keys <= set(M.METRIC_DEFINITIONS), acc_keys - set(M.METRIC_DEFINITIONS)
    meta = M.metadata_metrics(acc.result(), split="hold-out scene")
    assert meta["val_f1"] == 1.0 and meta["split"] == "hold-out scene"
    assert set(meta["definitions"]) == {"val_f1", "val_miou", "val_precision", "val_recall", "val_iou"}


def test_bad_shapes_are_refused():
    acc = M.ConfusionAccumulator()
    with pytest.raises(ValueError, match="shape"):
        acc.update(np.zeros((2, 2), np.uint8), np.zeros((3, 2), np.uint8))
