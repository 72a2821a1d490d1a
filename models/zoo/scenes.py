"""Georeferenced scenes (image + DEM + mask GeoTIFFs) as training and validation data.

Channels are built by ``plugin.engine.features.build_channels`` - the code
the plugin runs at inference - so training and inference cannot drift. The
DEM statistics for ``elevation_norm`` come from each scene itself, as the
engine computes them over the processed area. The per-channel mean/std that
the metadata records are measured on the training scenes only.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from .data import Sample, load_scene


def _provisional_meta(channels: list[dict]):
    from landslide_mapper.plugin.engine.model_meta import ModelMetadata

    raw = [dict(c, mean=0.0, std=1.0) for c in channels]
    return ModelMetadata.from_dict({"name": "provisional", "architecture": "unet", "channels": raw,
                                    "gsd_m": 0.5, "tile_size": 256, "overlap": 32, "threshold": 0.5,
                                    "arch_params": {}, "title": "", "family": "terrain"})


def _scene_paths(root: Path, area: str):
    return (root / f"area_{area}_rgb.tif", root / f"area_{area}_dem.tif", root / f"area_{area}_mask.tif")


def windows(sample: Sample, size: int) -> list[Sample]:
    """Cut a scene into size x size windows (edge windows padded as invalid), skipping empty ones."""
    _, h, w = sample.image.shape
    out = []
    for y in range(0, h, size):
        for x in range(0, w, size):
            v = sample.valid[y:y + size, x:x + size]
            if v.sum() < 0.05 * size * size:
                continue
            img = sample.image[:, y:y + size, x:x + size]
            m = sample.mask[y:y + size, x:x + size]
            ph, pw = size - img.shape[1], size - img.shape[2]
            pad = ((0, ph), (0, pw))
            out.append(Sample(f"{sample.id}_{y}_{x}", np.pad(img, ((0, 0),) + pad), np.pad(m, pad), np.pad(v, pad)))
    return out


def prepare_scenes(cfg: dict):
    from .train import Prepared, resolve

    d = cfg["data"]
    root = resolve(d["root"])
    channels = [dict(c) for c in d["channels"]]
    meta = _provisional_meta(channels)
    train_raw = [load_scene(*_scene_paths(root, a), meta)[0] for a in d["train_areas"]]
    val_raw = [load_scene(*_scene_paths(root, a), meta)[0] for a in d["val_areas"]]
    # per-channel statistics over valid training pixels only
    for i, c in enumerate(channels):
        vals = np.concatenate([s.image[i][s.valid > 0] for s in train_raw])
        c["mean"] = round(float(vals.mean()), 4)
        c["std"] = round(float(vals.std()) or 1.0, 4)
    for s in train_raw + val_raw:
        for i, c in enumerate(channels):
            s.image[i] = np.where(s.valid > 0, (s.image[i] - c["mean"]) / c["std"], 0.0)
    val = [w for s in val_raw for w in windows(s, int(d.get("val_window", 512)))]
    split = (f"Baige scenes: area(s) {', '.join(d['train_areas'])} train, area(s) "
             f"{', '.join(d['val_areas'])} validate (no pixel of a validation area is trained on)")
    desc = (f"Baige landslide area (AMU-Net data), area(s) {', '.join(d['train_areas'])}, 0.5 m, "
            f"RGB + DEM channels built by plugin.engine.features")
    return Prepared(train_raw, val, channels, split, desc, float(d.get("gsd_m", 0.5)),
                    {"val_areas": d["val_areas"]})
