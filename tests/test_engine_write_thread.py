"""Blending and writing in a thread of their own (where the model leaves the CPU's cores free: a
GPU, or eight threads and more; not on a coarser working grid) gives the very outputs of writing
between reads; a cancel, or an output the disk cannot take, still leaves nothing that looks
finished.

The development machine and CI have two cores and no GPU, where runs write between reads: here
the choice is forced both ways on the same inputs."""
from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import analytic_models as A  # noqa: E402
from engine_helpers import DEM, RGB, crop, footprint, read, size_limit  # noqa: E402

from landslide_mapper.plugin.engine import detect
from landslide_mapper.plugin.engine.errors import Cancelled
from landslide_mapper.plugin.engine.request import AreaOfInterest, DetectionRequest

ROOT = Path(__file__).resolve().parents[1]
OUTPUTS = ("probability.tif", "mask.tif", "uncertainty.tif", "saliency.tif")


@pytest.fixture(scope="module")
def models(tmp_path_factory):
    d = tmp_path_factory.mktemp("models")
    return {"red": A.red_sigmoid(d / "red.onnx", tile_size=64, overlap=16),
            "slope": A.slope_model(d / "slope.onnx", tile_size=64, overlap=16),
            "coarse": A.red_sigmoid(d / "coarse.onnx", name="coarse", tile_size=64, overlap=8, gsd_m=1.5)}


@pytest.fixture(scope="module")
def scene(tmp_path_factory):
    """A crop with a nodata hole and corner, and its DEM."""
    d = tmp_path_factory.mktemp("scene")

    def edit(a):
        a = a.copy()
        a[:, 60:90, 40:120] = 0
        a[:, :11, :17] = 0
        return a
    return crop(RGB, d / "img.tif", 150, 120, 290, 330, edit), crop(DEM, d / "dem.tif", 150, 120, 290, 330)


def run(monkeypatch, in_thread: bool, out: Path, cancel=None, **request):
    seen = []
    real = detect.write_in_thread

    def chosen(*args):
        seen.append(real(*args))
        return in_thread

    monkeypatch.setattr(detect, "write_in_thread", chosen)
    try:
        return detect.run_detection(DetectionRequest(out_dir=out, **request), cancel=cancel), seen
    finally:
        monkeypatch.setattr(detect, "write_in_thread", real)


@pytest.mark.parametrize("case", ["per-pixel, no overlap", "per-pixel, overlap, one tile a batch",
                                  "slope from the DEM", "coarser grid, area, TTA, saliency"])
def test_writing_in_a_thread_of_its_own_gives_the_same_outputs(models, scene, tmp_path, monkeypatch, case):
    img, dem = scene
    request = {"image": img, "model": str(models["red"]), "threads": 2, "overlap": 0, "batch_size": 3}
    if case == "per-pixel, overlap, one tile a batch":
        request.update(overlap=13, batch_size=1)
    elif case == "slope from the DEM":
        request.update(model=str(models["slope"]), dem=dem)
    elif case == "coarser grid, area, TTA, saliency":
        request.update(model=str(models["coarse"]), tta=True, saliency="occlusion",
                       aoi=AreaOfInterest(vector=footprint(img, tmp_path / "area.gpkg", "GPKG", quarter=True)))
    between, seen = run(monkeypatch, False, tmp_path / "between", **request)
    assert seen == [False]          # two threads on the CPU: written between reads unless forced
    apart, _ = run(monkeypatch, True, tmp_path / "apart", **request)
    names = [n for n in OUTPUTS if (tmp_path / "between" / n).exists()]
    assert names == [n for n in OUTPUTS if (tmp_path / "apart" / n).exists()]
    assert len(names) == (4 if "TTA" in case else 2)
    for name in names:
        a, b = read(tmp_path / "between" / name), read(tmp_path / "apart" / name)
        assert np.array_equal(a, b), f"{case}: {name} differs in {(a != b).sum()} pixels"
    prob = read(apart.probability)
    assert (prob != -9999.0).sum() > 10_000 and (read(apart.mask) == 1).any()
    if case.startswith("per-pixel"):
        red = read(img, 1)
        ok = prob != -9999.0
        np.testing.assert_allclose(prob[ok], A.red_sigmoid_expected(red)[ok], atol=2e-6)
    s1, s2 = (json.loads(r.summary.read_text()) for r in (between, apart))
    assert s1["counts"] == s2["counts"] and between.landslides == apart.landslides
    assert not [t for t in threading.enumerate() if t.name.startswith("landslide-write")]


def test_a_cancel_while_the_writing_thread_works_leaves_nothing(models, scene, tmp_path, monkeypatch):
    calls = []

    def cancel():
        calls.append(1)
        return len(calls) > 4

    out = tmp_path / "out"
    with pytest.raises(Cancelled):
        run(monkeypatch, True, out, cancel=cancel, image=scene[0], model=str(models["red"]), threads=2,
            overlap=0, batch_size=1)
    assert len(calls) == 5
    assert not out.exists() or list(out.iterdir()) == []
    assert not [t for t in threading.enumerate() if t.name.startswith("landslide-write")]


FULL = """
import json, sys
from pathlib import Path
from landslide_mapper.plugin.engine import detect
from landslide_mapper.plugin.engine.request import DetectionRequest
detect.write_in_thread = lambda *args: True
try:
    detect.run_detection(DetectionRequest(image=Path(sys.argv[1]), model=sys.argv[2], out_dir=Path(sys.argv[3]),
                                          threads=2, overlap=0, batch_size=1, write_polygons=False))
    print(json.dumps({"ok": True}))
except Exception as exc:
    print(json.dumps({"error": type(exc).__name__, "message": str(exc)}))
"""


def test_an_output_the_disk_cannot_take_fails_clearly_from_the_writing_thread(models, scene, tmp_path):
    """The probability cannot be written past a limit on file sizes (a full disk, a quota) while
    the writing thread writes it: the run ends with the writer's clear error, nothing is left."""
    out = tmp_path / "out"
    r = subprocess.run([sys.executable, "-c", FULL, str(scene[0]), str(models["red"]), str(out)],
                       capture_output=True, text=True, timeout=300, preexec_fn=size_limit(30_000), cwd=ROOT.parent)
    assert r.returncode == 0 and r.stdout.strip(), r.stderr
    got = json.loads(r.stdout.strip().splitlines()[-1])
    assert got.get("error") == "OutputError", got
    assert got["message"].startswith(f"The output probability.tif could not be written in {out} ")
    assert "File too large" in got["message"] and "free some space there" in got["message"]
    assert "Traceback" not in r.stderr and "ERROR" not in r.stderr, r.stderr
    assert list(out.iterdir()) == []


def test_the_writing_thread_is_chosen_where_the_model_leaves_cores_free():
    assert detect.write_in_thread("CUDAExecutionProvider", 2)
    assert not detect.write_in_thread("CPUExecutionProvider", 2)
    assert not detect.write_in_thread("CPUExecutionProvider", detect.WRITE_THREAD_MIN_THREADS - 1)
    assert detect.write_in_thread("CPUExecutionProvider", detect.WRITE_THREAD_MIN_THREADS)
    # on a coarser working grid the writing thread would wait for the image's handle: none
    assert not detect.write_in_thread("CUDAExecutionProvider", 2, resampled=True)
