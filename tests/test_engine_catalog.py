"""Model catalog and onnxruntime sessions with real (tiny) ONNX models."""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import analytic_models as A  # noqa: E402

from landslide_mapper.plugin.engine import catalog, runtime
from landslide_mapper.plugin.engine.errors import ModelError, RuntimeUnavailable


@pytest.fixture
def user_dir(tmp_path, monkeypatch):
    monkeypatch.setenv(catalog.ENV_VAR, str(tmp_path))
    monkeypatch.setattr(catalog, "BUNDLED_DIR", tmp_path / "bundled")      # only these test models
    return tmp_path


def test_defaults_follow_the_inputs(user_dir):
    A.red_sigmoid(user_dir / "red.onnx", default=True)
    A.asymmetric_model(user_dir / "asym.onnx")
    A.slope_model(user_dir / "slope.onnx")
    assert catalog.user_models_dir() == user_dir
    assert catalog.resolve_model(None, has_dem=False).name == "red_sigmoid"
    # No terrain default declared: a DEM alone does not pick a terrain model.
    assert catalog.resolve_model(None, has_dem=True).name == "red_sigmoid"
    A.slope_model(user_dir / "slope.onnx", default=True)
    assert catalog.resolve_model(None, has_dem=True).name == "slope_sigmoid"
    assert catalog.resolve_model("asymmetric").path == user_dir / "asym.onnx"
    with pytest.raises(ModelError, match="No model named 'nope'.*red_sigmoid"):
        catalog.resolve_model("nope")


def test_bad_files_are_explained(user_dir):
    (user_dir / "half.onnx").write_bytes(A.red_sigmoid(user_dir / "x.onnx").read_bytes()[:100])
    (user_dir / "x.onnx").unlink()
    good, bad = catalog.scan()
    assert good == [] and "corrupt or incomplete" in bad[0].reason
    with pytest.raises(ModelError, match="No detection model is installed"):
        catalog.resolve_model(None)
    import onnx

    path = A.red_sigmoid(user_dir / "meta.onnx")
    proto = onnx.load(str(path))
    proto.metadata_props[0].value = '{"name": "x", "channels": []}'
    onnx.save(proto, str(path))
    with pytest.raises(ModelError, match="'architecture' is missing"):
        catalog.load_metadata(path)


def test_metadata_is_read_again_only_when_the_file_changes(user_dir, monkeypatch):
    """The catalog keeps the metadata it has read (a run without a model looks through every
    installed one), until the file changes: a model written over with metadata of the same
    length, as when only its threshold is edited, is read again at once."""
    import os

    reads = []
    real = catalog._read_metadata
    monkeypatch.setattr(catalog, "_read_metadata", lambda path: reads.append(path.name) or real(path))
    A.red_sigmoid(user_dir / "red.onnx", default=True, threshold=0.5)
    A.slope_model(user_dir / "slope.onnx")
    for _ in range(3):
        assert catalog.resolve_model(None).metadata.threshold == 0.5
    assert sorted(reads) == ["red.onnx", "slope.onnx"]
    size = os.path.getsize(user_dir / "red.onnx")
    A.red_sigmoid(user_dir / "red.onnx", default=True, threshold=0.6)
    assert os.path.getsize(user_dir / "red.onnx") == size
    assert catalog.resolve_model(None).metadata.threshold == 0.6
    assert catalog.resolve_model(user_dir / "red.onnx").metadata.threshold == 0.6
    assert reads.count("red.onnx") == 2 and reads.count("slope.onnx") == 1
    (user_dir / "red.onnx").unlink()
    with pytest.raises(ModelError, match="does not exist"):
        catalog.load_metadata(user_dir / "red.onnx")


def test_session_reports_the_provider_and_refuses_missing_cuda(tmp_path):
    path = A.red_sigmoid(tmp_path / "red.onnx")
    session, provider = runtime.create_session(path, "cpu", threads=1)
    assert provider == "CPUExecutionProvider" == session.get_providers()[0]
    x = np.full((1, 3, 8, 8), 0.25, np.float32)
    np.testing.assert_allclose(session.run(None, {"input": x})[0], A.sigmoid(2 * 0.25 - 0.5), atol=1e-6)
    if "CUDAExecutionProvider" not in runtime.available_providers():
        with pytest.raises(RuntimeUnavailable, match="CUDA was requested"):
            runtime.create_session(path, "cuda")


def test_metadata_read_from_the_wire_format_matches_onnx():
    """The catalog steps over the graph bytes; what it reads must be what onnx decodes."""
    import onnx

    bundled = sorted(catalog.BUNDLED_DIR.glob("*.onnx"))
    assert bundled
    for path in bundled:
        expected = {p.key: p.value for p in onnx.load(str(path), load_external_data=False).metadata_props}
        assert catalog.read_metadata_props(path.read_bytes()) == expected
    for broken in (b"\x08", b"\x3a\x10abc", b"\x0f\x00"):      # truncated varint, short field, wire type 7
        with pytest.raises(ValueError):
            catalog.read_metadata_props(broken)
