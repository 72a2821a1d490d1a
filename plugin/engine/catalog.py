"""Which models there are: the bundled ones in ``models/`` and the user's own.

A model is one ``.onnx`` file whose ``metadata_props`` carry the
``landslide_mapper`` JSON (see :mod:`.model_meta`). The catalog reads only
that metadata (cheap, no inference session) and explains what is wrong with
a file it cannot use.
"""
from __future__ import annotations

import io
import os
import stat
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


# Metadata already read, by the file's identity and version: a run that names no model looks
# through every model in the folders, and the dock lists them on every refresh. A file copied
# over, rewritten or replaced changes its size or times (or its inode), and is read again.
_read: dict = {}
_READ_MAX = 256


def load_metadata(path: Union[str, Path]) -> ModelMetadata:
    """The metadata of one ONNX file; ModelError explains a corrupt file or bad metadata."""
    path = Path(path)
    try:
        st = path.stat()
    except OSError:
        st = None
    if st is None or not stat.S_ISREG(st.st_mode):
        raise ModelError(f"Model file {path} does not exist. Check the path, or run "
                         "'landslide-mapper models' to list the installed models.")
    key = (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
    meta = _read.get(key)
    if meta is None:
        meta = _read_metadata(path)
        if len(_read) >= _READ_MAX:
            _read.clear()
        _read[key] = meta
    return meta


def _read_metadata(path: Path) -> ModelMetadata:
    try:
        props = _props_of_file(path)
    except (ValueError, OSError) as exc:
        raise ModelError(f"{path.name} is not a readable ONNX model ({exc}). "
                         "The file is corrupt or incomplete: copy or export it again.") from exc
    if METADATA_KEY not in props:
        raise ModelError(f"{path.name} has no '{METADATA_KEY}' metadata, so its input channels, "
                         "tile size and threshold are unknown. Export it with the Landslide Mapper "
                         "model zoo (models/zoo) or add the metadata.")
    return ModelMetadata.from_json(props[METADATA_KEY], where=path.name)


def _props_of_file(path: Path) -> dict:
    with open(path, "rb") as f:
        return read_metadata_props(f)


_METADATA_PROPS = 14          # ModelProto.metadata_props: repeated StringStringEntryProto {key = 1, value = 2}


def read_metadata_props(source) -> dict:
    """The ``metadata_props`` of a serialised ONNX ModelProto (bytes or a binary file), read
    straight from the protobuf wire format. Top-level fields other than the metadata - the graph
    and its weights above all - are seeked over, not read, so listing the models costs
    milliseconds and needs neither the onnx package nor an inference session.
    ValueError when the bytes are not a well-formed protobuf message."""
    f = io.BytesIO(source) if isinstance(source, (bytes, bytearray, memoryview)) else source
    if f.seek(0, io.SEEK_END) == 0:
        raise ValueError("the file is empty")
    f.seek(0)
    props = {}
    for field, entry in _fields(f, keep=_METADATA_PROPS):
        if isinstance(entry, bytes):
            kv = {k: v.decode("utf-8") for k, v in _fields(io.BytesIO(entry), keep=None) if isinstance(v, bytes)}
            props[kv.get(1, "")] = kv.get(2, "")
    return props


def _fields(f, keep):
    """``(field number, value)`` of the protobuf message in the binary file ``f``, to its end.

    Varints come as ints. Length-delimited fields come as bytes when their number is ``keep``
    (every one when ``keep`` is None); others, and fixed-width fields, are seeked over and come
    as None, so a large field costs nothing.
    """
    size = f.seek(0, io.SEEK_END)
    f.seek(0)
    while f.tell() < size:
        key = _varint(f)
        field, wire = key >> 3, key & 7
        if field == 0:
            raise ValueError("field number 0")
        if wire == 0:
            yield field, _varint(f)
            continue
        if wire in (1, 5):
            length = 8 if wire == 1 else 4
        elif wire == 2:
            length = _varint(f)
        else:
            raise ValueError(f"wire type {wire} is not used by ONNX")
        if f.tell() + length > size:
            raise ValueError("truncated: a field runs past the end of the file")
        if wire == 2 and (keep is None or field == keep):
            yield field, f.read(length)
        else:
            f.seek(length, io.SEEK_CUR)
            yield field, None


def _varint(f) -> int:
    value = shift = 0
    while True:
        b = f.read(1)
        if not b or shift > 63:
            raise ValueError("truncated or malformed varint")
        value |= (b[0] & 0x7F) << shift
        if not b[0] & 0x80:
            return value
        shift += 7


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
