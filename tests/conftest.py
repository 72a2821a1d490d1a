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


QGIS_PROCESSING_PLUGINS = "/usr/share/qgis/python/plugins"
_PROVIDERS = []   # Python must keep the provider object alive while QGIS uses it


@pytest.fixture(scope="session")
def processing_mod(qgis_app):
    """QGIS Processing, initialised, with the Landslide Mapper provider registered."""
    import sys

    if QGIS_PROCESSING_PLUGINS not in sys.path:
        sys.path.append(QGIS_PROCESSING_PLUGINS)
    from processing.core.Processing import Processing
    from qgis.core import QgsApplication

    from landslide_mapper.plugin.processing.provider import LandslideMapperProvider

    Processing.initialize()
    registry = QgsApplication.processingRegistry()
    if registry.providerById("landslide_mapper") is None:
        _PROVIDERS.append(LandslideMapperProvider())
        assert registry.addProvider(_PROVIDERS[-1])
    import processing

    return processing


@pytest.fixture(scope="session")
def run_alg(processing_mod):
    """Run ``landslide_mapper:<alg>`` with a parameter dict through processing.run."""
    return lambda alg, params: processing_mod.run(f"landslide_mapper:{alg}", params)
