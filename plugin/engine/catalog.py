"""Which models there are: the bundled ones in ``models/`` and the user's own.

A model is one ``.onnx`` file whose ``metadata_props`` carry the
``landslide_mapper`` JSON (see :mod:`.model_meta`). The catalog reads only
that metadata (cheap, no inference session) and explains what is wrong with
a file it cannot use.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional, Union

from .errors import ModelError
from .model_meta import METADATA_KEY, ModelMetadata

ENV_VAR = "LANDSLIDE_MAPPER_MODELS"
BUNDLED_DIR = Path(__file__).resolve().parents[2] / "models"


@dataclass(frozen=True)
class ModelInfo:
    name: str
    path: Path
    metadata: ModelMetadata
    size_mb: float
    default: bool


@dataclass(frozen=True)
class BadModel:
    """A file in a model folder that cannot be used, and why."""
    path: Path
    reason: str


def user_models_dir() -> Path:
    """The user's model folder (``$LANDSLIDE_MAPPER_MODELS`` overrides)."""
    override = os.environ.get(ENV_VAR)
    if override:
        return Path(override).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(Path.home(), ".local", "share")
    return Path(base) / "landslide_mapper" / "models"


def load_metadata(path: Union[str, Path]) -> ModelMetadata:
    """The metadata of one ONNX file; ModelError explains a corrupt file or bad metadata."""
    path = Path(path)
    if not path.is_file():
        raise ModelError(f"Model file {path} does not exist. Check the path, or run "
                         "'landslide-mapper models' to list the installed models.")
    try:
        import onnx

        proto = onnx.load(str(path), load_external_data=False)
    except ImportError:
        proto = None
    except Exception as exc:  # onnx raises DecodeError and friends
        raise ModelError(f"{path.name} is not a readable ONNX model ({type(exc).__name__}: {exc}). "
                         "The file is corrupt or incomplete: copy or export it again.") from exc
    if proto is not None:
        props = {p.key: p.value for p in proto.metadata_props}
    else:
        props = _props_via_onnxruntime(path)
    if METADATA_KEY not in props:
        raise ModelError(f"{path.name} has no '{METADATA_KEY}' metadata, so its input channels, "
                         "tile size and threshold are unknown. Export it with the Landslide Mapper "
                         "model zoo (models/zoo) or add the metadata.")
    return ModelMetadata.from_json(props[METADATA_KEY], where=path.name)


def _props_via_onnxruntime(path: Path) -> dict:
    """Fallback when the onnx package is absent (inside QGIS): read the props with onnxruntime."""
    from .runtime import import_onnxruntime

    ort = import_onnxruntime()
    try:
        opts = ort.SessionOptions()
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
        sess = ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])
    except Exception as exc:
        raise ModelError(f"{path.name} is not a readable ONNX model ({exc}). "
                         "The file is corrupt or incomplete: copy or export it again.") from exc
    return dict(sess.get_modelmeta().custom_metadata_map)


def model_dirs(extra_dirs: Iterable[Union[str, Path]] = ()) -> list[Path]:
    """Folders searched, in priority order: extra, the user's folder, bundled."""
    dirs = [Path(d).expanduser() for d in extra_dirs] + [user_models_dir(), BUNDLED_DIR]
    seen, out = set(), []
    for d in dirs:
        key = str(d.resolve()) if d.exists() else str(d)
        if key not in seen:
            seen.add(key)
            out.append(d)
    return out


def scan(extra_dirs: Iterable[Union[str, Path]] = ()) -> tuple[list[ModelInfo], list[BadModel]]:
    """Every usable model, and every unusable .onnx file with its reason."""
    good: list[ModelInfo] = []
    bad: list[BadModel] = []
    names = set()
    for folder in model_dirs(extra_dirs):
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.onnx")):
            try:
                info = _info(path)
            except ModelError as exc:
                bad.append(BadModel(path, str(exc)))
                continue
            if info.name in names:        # a user copy shadows the bundled one of the same name
                continue
            names.add(info.name)
            good.append(info)
    return good, bad


def _info(path: Path) -> ModelInfo:
    meta = load_metadata(path)
    return ModelInfo(name=meta.name, path=path, metadata=meta,
                     size_mb=round(path.stat().st_size / 1e6, 3), default=bool(meta.default))


def list_models(extra_dirs: Iterable[Union[str, Path]] = ()) -> list[ModelInfo]:
    """The usable models (bad files are left out; :func:`scan` says why)."""
    return scan(extra_dirs)[0]


def resolve_model(name_or_path: Union[str, Path, None] = None, has_dem: bool = False,
                  extra_dirs: Iterable[Union[str, Path]] = ()) -> ModelInfo:
    """The model to run.

    A path to an .onnx file is loaded directly; a name is looked up in the
    catalog; None picks the default model of the family fitting the inputs
    (terrain when a DEM is given and a terrain default exists, else optical).
    """
    if name_or_path is not None:
        text = str(name_or_path)
        p = Path(text).expanduser()
        if text.lower().endswith(".onnx") or p.is_file():
            return _info(p)
        models, bad = scan(extra_dirs)
        for m in models:
            if m.name == text or m.path.stem == text:
                return m
        for b in bad:
            if b.path.stem == text:
                raise ModelError(b.reason)
        names = ", ".join(m.name for m in models) or "none installed"
        raise ModelError(f"No model named '{text}' (available: {names}). "
                         "Run 'landslide-mapper models' to list them, or pass the path to an .onnx file.")
    models, bad = scan(extra_dirs)
    if not models:
        hint = f" ({len(bad)} unusable file(s): {bad[0].reason})" if bad else ""
        raise ModelError(f"No detection model is installed in {BUNDLED_DIR} or {user_models_dir()}{hint}. "
                         "Copy a Landslide Mapper .onnx model into one of these folders, or pass --model PATH.")
    if has_dem:
        terrain = [m for m in models if m.metadata.family == "terrain" and m.default]
        if terrain:
            return terrain[0]
    optical = [m for m in models if m.metadata.family == "optical" and not m.metadata.needs_dem]
    chosen = _pick_default(optical)
    if chosen:
        return chosen
    usable = [m for m in models if has_dem or not m.metadata.needs_dem]
    chosen = _pick_default(usable)
    if chosen:
        return chosen
    raise ModelError("Every installed model needs a DEM. Give a DEM (--dem), or install an image-only model.")


def _pick_default(models: list[ModelInfo]) -> Optional[ModelInfo]:
    if not models:
        return None
    defaults = [m for m in models if m.default]
    if defaults:
        return defaults[0]
    # No declared default: the best validated one, so the choice is stable and sensible.
    return max(models, key=lambda m: (float(m.metadata.metrics.get("val_f1", 0) or 0), m.name))
