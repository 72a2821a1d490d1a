"""TTA uncertainty: zero for a symmetric model, high along landslide edges on the real sample scene."""
from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import analytic_models as A  # noqa: E402
from engine_helpers import RGB, SAMPLE, crop, read  # noqa: E402

from landslide_mapper.plugin.engine.detect import run_detection
from landslide_mapper.plugin.engine.request import DetectionRequest

ROOT = Path(__file__).resolve().parents[1]
NODATA = -9999.0


def run(image, model, out, **kw):
    kw.setdefault("threads", 1)
    return run_detection(DetectionRequest(image=image, out_dir=out, model=str(model), **kw))


def symmetric_model(path: Path) -> Path:
    """A 3 x 3 zero-sum (edge-sensitive) convolution unchanged by every flip and 90-degree rotation."""
    meta = A.metadata("symmetric", A.rgb_channels(), tile_size=64, overlap=16)
    k = np.zeros((3, 3, 3), np.float32)
    k[0] = [[0.1, -0.4, 0.1], [-0.4, 1.2, -0.4], [0.1, -0.4, 0.1]]
    k[1] = [[0.0, 0.3, 0.0], [0.3, -1.2, 0.3], [0.0, 0.3, 0.0]]
    k[2] = [[-0.2, 0.0, -0.2], [0.0, 0.8, 0.0], [-0.2, 0.0, -0.2]]
    return A.conv_sigmoid_model(path, meta, [], bias=0.1, kernel=12 * k)


def test_tta_of_a_symmetric_model_equals_one_pass_with_zero_uncertainty(tmp_path):
    # odd size: edge tiles are padded, and a nodata hole
    def edit(a):
        a = a.copy()
        a[:, 20:31, 40:47] = 0
        return a
    image = crop(RGB, tmp_path / "img.tif", 100, 150, 141, 117, edit)
    model = symmetric_model(tmp_path / "sym.onnx")
    plain = run(image, model, tmp_path / "plain")
    tta = run(image, model, tmp_path / "tta", tta=True)
    p0, p1 = read(plain.probability), read(tta.probability)
    valid = p0 != NODATA
    assert (valid == (p1 != NODATA)).all() and (~valid).sum() == 11 * 7
    np.testing.assert_allclose(p1[valid], p0[valid], atol=1e-6)
    assert p0[valid].std() > 0.05                    # the model is not trivially constant
    unc = read(tta.uncertainty)
    assert (unc[~valid] == NODATA).all()
    assert np.abs(unc[valid]).max() < 1e-5
    assert plain.uncertainty is None and not (tmp_path / "plain" / "uncertainty.tif").exists()


def test_an_asymmetric_model_gets_uncertainty_and_polygons_carry_its_mean(tmp_path):
    image = crop(RGB, tmp_path / "img.tif", 100, 150, 128, 128)
    res = run(image, A.asymmetric_model(tmp_path / "asym.onnx", tile_size=64, overlap=16), tmp_path / "out",
              tta=True)
    unc = read(res.uncertainty)
    assert 0.0 <= unc.min() and unc.max() <= 1.0 and unc.max() > 0.05
    summary = json.loads(res.summary.read_text())
    assert summary["uncertainty"]["transforms"] == 8 and "2 x standard deviation" in summary["uncertainty"]["definition"]
    with sqlite3.connect(res.polygons) as db:
        rows = db.execute("SELECT mean_uncertainty FROM landslides").fetchall()
    assert rows and all(r[0] is not None and 0.0 <= r[0] <= 1.0 for r in rows)


def test_on_the_sample_scene_uncertainty_is_highest_along_landslide_edges(tmp_path):
    from scipy import ndimage as ndi

    model = ROOT / "models" / "unet_optical.onnx"
    if not model.exists():
        pytest.skip("no trained optical model in models/ (models/unet_optical.onnx) to run TTA with")
    res = run(SAMPLE / "baige_b_rgb.tif", model, tmp_path / "out", tta=True)
    unc, mask = read(res.uncertainty), read(res.mask)
    valid, slide = mask != 255, mask == 1
    assert 0.02 < slide[valid].mean() < 0.999, "the model must predict both landslide and background"
    boundary = slide & ~ndi.binary_erosion(slide) | ~slide & ndi.binary_dilation(slide)
    dist = ndi.distance_transform_edt(~boundary)
    near, far = valid & (dist <= 3), valid & (dist > 30)
    assert near.sum() > 1000 and far.sum() > 1000
    # An analyst looks twice at edges: there the 8 views disagree far more than inside or outside.
    assert unc[near].mean() > 3 * unc[far].mean()
    assert np.median(unc[near]) > np.median(unc[far])
