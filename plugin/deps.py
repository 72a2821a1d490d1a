"""The folder of Python packages the plugin manages for itself.

QGIS runs the system interpreter, which does not see a project virtual
environment. The plugin therefore keeps its run-time dependencies
(onnxruntime and, optionally, torch) in one folder of its own, outside the
plugin folder so that upgrading the plugin keeps them. ``make setup`` fills
the same folder, and the dock's installer does so from inside QGIS.

numpy is never installed there: QGIS, GDAL and rasterio are built against
the system numpy, and a second numpy would break them.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

ENV_VAR = "LANDSLIDE_MAPPER_DEPS"


def deps_dir() -> Path:
    """Where the managed packages live (``$LANDSLIDE_MAPPER_DEPS`` overrides)."""
    override = os.environ.get(ENV_VAR)
    if override:
        return Path(override).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(Path.home(), ".local", "share")
    tag = f"python{sys.version_info.major}.{sys.version_info.minor}"
    return Path(base) / "landslide_mapper" / tag


def activate() -> Path:
    """Make the managed folder importable (idempotent); return it.

    The folder is appended, not prepended, so that anything QGIS already
    provides (numpy above all) keeps priority.
    """
    folder = deps_dir()
    text = str(folder)
    if folder.is_dir() and text not in sys.path:
        sys.path.append(text)
    return folder


def missing_packages(names=("onnxruntime",)) -> list[str]:
    """The run-time packages that cannot be imported after :func:`activate`."""
    import importlib.util

    activate()
    return [n for n in names if importlib.util.find_spec(n) is None]
