"""Shared set-up for tests that drive the dock: a model folder and scratch QGIS settings."""
from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def dock_sandbox(models: Path, settings: Path):
    """Point the plugin's user model folder at ``models`` and QGIS settings at ``settings``.

    The model folder variable is restored afterwards, so later tests see the
    bundled models again.
    """
    from qgis.PyQt.QtCore import QSettings

    old = os.environ.get("LANDSLIDE_MAPPER_MODELS")
    os.environ["LANDSLIDE_MAPPER_MODELS"] = str(models)
    for fmt in (QSettings.NativeFormat, QSettings.IniFormat):
        QSettings.setPath(fmt, QSettings.UserScope, str(settings))
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("LANDSLIDE_MAPPER_MODELS", None)
        else:
            os.environ["LANDSLIDE_MAPPER_MODELS"] = old
