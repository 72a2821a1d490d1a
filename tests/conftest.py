"""Shared fixtures: real QGIS, the real data beside the project, the sample scene."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# QGIS computes layer statistics when it draws a raster and GDAL would keep
# them in a .aux.xml beside the input; the tests must never write next to inputs.
os.environ.setdefault("GDAL_PAM_ENABLED", "NO")

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = (ROOT.parent / "shared" / "data")
SAMPLE_DIR = ROOT / "resources" / "sample"


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """``../shared/data``; tests that need it skip when it is absent."""
    if not (SHARED_DATA / "README.md").is_file():
        pytest.skip(f"real landslide data not found at {SHARED_DATA} (only on development machines and CI)")
    return SHARED_DATA


@pytest.fixture(scope="session")
def qgis_app():
    """One real headless QgsApplication for the whole test session."""
    from qgis.core import QgsApplication

    app = QgsApplication.instance()
    if app is None:
        QgsApplication.setPrefixPath("/usr", True)
        app = QgsApplication([], False)
        app.initQgis()
    yield app
