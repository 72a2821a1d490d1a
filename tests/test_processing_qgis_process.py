"""The plugin installed in a (temporary) QGIS profile: `qgis_process` lists and runs its algorithms."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from analytic_models import slope_model  # noqa: E402

QGIS_PROCESS = shutil.which("qgis_process.bin") or "/usr/bin/qgis_process.bin"


@pytest.fixture(scope="module")
def qgis_config(root, tmp_path_factory):
    """A QGIS configuration folder with the plugin installed and enabled, as `make install` does."""
    if not os.path.exists(QGIS_PROCESS):
        pytest.skip("qgis_process.bin is not installed")
    config = tmp_path_factory.mktemp("qgis_config")
    # --profiles-path takes the settings root, like QGIS's own option and QGIS_CUSTOM_CONFIG_PATH.
    subprocess.run([sys.executable, str(root / "scripts/install_plugin.py"), "--profiles-path", str(config)],
                   check=True, capture_output=True, text=True, timeout=120)
    assert (config / "profiles/default/python/plugins/landslide_mapper").exists()
    return config


def _qgis_process(config, *args, timeout=180):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QGIS_CUSTOM_CONFIG_PATH=str(config))
    return subprocess.run([QGIS_PROCESS, *args], env=env, capture_output=True, text=True, timeout=timeout)


def test_qgis_process_lists_the_four_algorithms(qgis_config):
    proc = _qgis_process(qgis_config, "list")
    assert proc.returncode == 0, proc.stderr
    for alg in ("detect", "features", "vectorize", "evaluate"):
        assert f"landslide_mapper:{alg}" in proc.stdout


def test_qgis_process_runs_detect(qgis_config, root, tmp_path):
    model = slope_model(tmp_path / "slope_sigmoid.onnx", tile_size=256, overlap=16)
    proc = _qgis_process(qgis_config, "run", "landslide_mapper:detect", "--",
                         f"IMAGE={root / 'resources/sample/baige_b_rgb.tif'}",
                         f"DEM={root / 'resources/sample/baige_b_dem.tif'}",
                         f"MODEL_FILE={model}", "THREADS=1",
                         f"OUTPUT_PROBABILITY={tmp_path / 'probability.tif'}",
                         f"OUTPUT_MASK={tmp_path / 'mask.tif'}",
                         f"OUTPUT_POLYGONS={tmp_path / 'landslides.gpkg'}")
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert "PROVIDER:\tCPUExecutionProvider" in proc.stdout
    for name in ("probability.tif", "mask.tif", "landslides.gpkg"):
        assert (tmp_path / name).is_file(), name
    # A bad parameter: non-zero exit and the message that says what to fix.
    bad = _qgis_process(qgis_config, "run", "landslide_mapper:detect", "--",
                        f"IMAGE={root / 'resources/sample/baige_b_rgb.tif'}", f"MODEL_FILE={model}",
                        f"OUTPUT_PROBABILITY={tmp_path / 'p2.tif'}", f"OUTPUT_MASK={tmp_path / 'm2.tif'}")
    assert bad.returncode != 0
    assert "needs a DEM" in bad.stdout + bad.stderr
    assert not (tmp_path / "m2.tif").exists()
