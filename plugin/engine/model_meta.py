"""The metadata every bundled ONNX model carries, and its validation.

The ONNX file is the single source of truth for a model. Its
``metadata_props`` holds one entry, key :data:`METADATA_KEY`, whose value is
a JSON object described by :class:`ModelMetadata`. The engine needs nothing
else to run the model; the model zoo writes it at export and can rebuild the
PyTorch module from ``architecture`` + ``arch_params`` and the initializers.

Channel order is the model's input channel order. Each channel is built by
``plugin.engine.features`` from its ``source``:

* ``band``  - image band ``band`` (1-based), raw values;
* ``dem``   - a terrain feature of the DEM aligned to the image grid
  (``feature``: ``elevation_norm``, ``slope_deg``, ``hillshade``, ...);
* ``index`` - a spectral index of image bands (``feature``: ``brightness``,
  ``ndvi``, ...; ``bands`` maps band roles such as ``red``/``nir`` to
  1-based band numbers).

The model input is ``(value - mean) / std`` per channel, where image band
values are first brought to ``image_range`` (the raw range the model was
trained on, 0-255 for 8-bit imagery). The model outputs one channel: the
landslide probability (sigmoid included) in 0-1.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any, Optional

from .errors import ModelError

METADATA_KEY = "landslide_mapper"
SCHEMA_VERSION = 1
SOURCES = ("band", "dem", "index")
FAMILIES = ("optical", "terrain")


@dataclass(frozen=True)
class ChannelSpec:
    name: str
    source: str
    band: Optional[int] = None
    feature: Optional[str] = None
    bands: dict = field(default_factory=dict)
    mean: float = 0.0
    std: float = 1.0


@dataclass(frozen=True)
class ModelMetadata:
    name: str
    title: str
    family: str
    architecture: str
    arch_params: dict
    channels: tuple
    gsd_m: float
    tile_size: int
    overlap: int
    threshold: float
    image_range: tuple = (0.0, 255.0)
    default: bool = False
    version: str = "0.1.0"
    description: str = ""
    metrics: dict = field(default_factory=dict)
    training: dict = field(default_factory=dict)
    credits: str = ""
    schema: int = SCHEMA_VERSION

    @property
    def needs_dem(self) -> bool:
        return any(c.source == "dem" for c in self.channels)

    @property
    def min_bands(self) -> int:
        """How many image bands the model reads (highest band number used)."""
        used = [c.band for c in self.channels if c.source == "band" and c.band]
        for c in self.channels:
            used.extend(int(b) for b in c.bands.values())
        return max(used, default=0)

    @property
    def band_roles(self) -> list[str]:
        """What each of the image bands the model reads stands for, in the model's band order:
        the name of the channel that reads it as it is ("red"), else "band N"."""
        names = {c.band: c.name.strip().lower() for c in self.channels if c.source == "band" and c.band}
        for c in self.channels:
            for role, b in c.bands.items():
                names.setdefault(int(b), str(role).lower())
        return [names.get(b, f"band {b}") for b in range(1, self.min_bands + 1)]

    @property
    def in_channels(self) -> int:
        return len(self.channels)

    def to_json(self) -> str:
        data = asdict(self)
        data["channels"] = [asdict(c) for c in self.channels]
        data["image_range"] = list(self.image_range)
        return json.dumps(data, sort_keys=True)

    @classmethod
    def from_json(cls, text: str, where: str = "model") -> "ModelMetadata":
        try:
            data = json.loads(text)
        except (TypeError, ValueError) as exc:
            raise ModelError(f"{where}: its '{METADATA_KEY}' metadata is not valid JSON ({exc}). "
                             "Re-export the model with the Landslide Mapper model zoo.") from exc
        return cls.from_dict(data, where)

    @classmethod
    def from_dict(cls, data: dict, where: str = "model") -> "ModelMetadata":
        problems = validate_dict(data)
        if problems:
            raise ModelError(f"{where}: its metadata cannot be used: " + "; ".join(problems)
                             + ". Re-export the model with the Landslide Mapper model zoo.")
        known = set(cls.__dataclass_fields__)
        kwargs: dict[str, Any] = {k: v for k, v in data.items() if k in known}
        kwargs["channels"] = tuple(ChannelSpec(**{k: v for k, v in c.items()
                                                  if k in ChannelSpec.__dataclass_fields__})
                                   for c in data["channels"])
        kwargs["image_range"] = tuple(float(v) for v in data.get("image_range", (0.0, 255.0)))
        return cls(**kwargs)


def validate_dict(data: Any) -> list[str]:
    """Every problem with a metadata object, as short phrases (empty: valid)."""
    if not isinstance(data, dict):
        return ["the metadata is not a JSON object"]
    problems = []
    schema = data.get("schema", SCHEMA_VERSION)
    if schema != SCHEMA_VERSION:
        problems.append(f"schema version {schema} is not supported (this plugin reads {SCHEMA_VERSION})")
    for key, kind in (("name", str), ("architecture", str), ("channels", list),
                      ("gsd_m", (int, float)), ("tile_size", int), ("overlap", int),
                      ("threshold", (int, float))):
        if key not in data:
            problems.append(f"'{key}' is missing")
        elif not isinstance(data[key], kind) or isinstance(data[key], bool):
            problems.append(f"'{key}' has the wrong type ({type(data[key]).__name__})")
    if problems:
        return problems
    if data.get("family", "optical") not in FAMILIES:
        problems.append(f"family '{data.get('family')}' is not one of {', '.join(FAMILIES)}")
    if not data["channels"]:
        problems.append("'channels' is empty")
    for i, ch in enumerate(data["channels"]):
        if not isinstance(ch, dict) or "name" not in ch:
            problems.append(f"channel {i + 1} has no name")
            continue
        src = ch.get("source")
        if src not in SOURCES:
            problems.append(f"channel '{ch['name']}' has source '{src}', not one of {', '.join(SOURCES)}")
        if src == "band" and not (isinstance(ch.get("band"), int) and ch["band"] >= 1):
            problems.append(f"channel '{ch['name']}' needs a band number of 1 or more")
        if src in ("dem", "index") and not ch.get("feature"):
            problems.append(f"channel '{ch['name']}' needs a 'feature'")
        if float(ch.get("std", 1.0)) == 0.0:
            problems.append(f"channel '{ch['name']}' has std 0")
    if data["tile_size"] < 16:
        problems.append(f"tile_size {data['tile_size']} is below 16 px")
    if not 0 <= data["overlap"] < data["tile_size"] // 2 + 1:
        problems.append(f"overlap {data['overlap']} must be between 0 and half the tile size")
    if not 0.0 < float(data["threshold"]) < 1.0:
        problems.append(f"threshold {data['threshold']} must lie strictly between 0 and 1")
    if float(data["gsd_m"]) <= 0:
        problems.append(f"gsd_m {data['gsd_m']} must be positive")
    return problems
