"""The installed models as the algorithms offer them (names for a choice list)."""
from __future__ import annotations

from pathlib import Path

AUTO = "auto"


def installed_model_names() -> list[str]:
    """Catalog names of the bundled and user models; never raises.

    The list fills a drop-down when QGIS starts, so a broken model folder
    must not keep the provider from loading: a bad model is reported when a
    run asks for it.
    """
    try:
        from ..engine.catalog import list_models

        return [m.name for m in list_models()]
    except Exception:  # noqa: BLE001 - see docstring
        models = Path(__file__).resolve().parents[2] / "models"
        return sorted(p.stem for p in models.glob("*.onnx"))


def model_choices() -> list[str]:
    return [AUTO] + installed_model_names()
