"""Training data: Bijie folder patches and georeferenced scenes (image + DEM + mask).

Everything stays at native resolution: random crops of ``crop`` px, small
patches padded (padding marked invalid so no loss is computed there), never
resized. Inputs are normalised exactly as the exported metadata says, with
the engine's own channel code for scenes.
"""
from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Sequence

import numpy as np

from .augment import AugmentConfig, cutmix, geometric, photometric


# ---------------------------------------------------------------- Bijie ----

def read_rgb(path: Path) -> np.ndarray:
    from PIL import Image
    with Image.open(path) as im:
        return np.asarray(im.convert("RGB"), dtype=np.float32).transpose(2, 0, 1)


def read_mask(path: Path) -> np.ndarray:
    from PIL import Image
    with Image.open(path) as im:
        return (np.asarray(im.convert("L")) > 127).astype(np.float32)


def bijie_ids(root: Path) -> list[str]:
    with open(root / "index.csv", newline="") as fh:
        return [row["id"] for row in csv.DictReader(fh)]


def make_bijie_split(root: Path, out: Path, fraction: float = 0.2, seed: int = 20240501) -> dict:
    """Fixed validation split: ``fraction`` of ls_ and of nls_ patches, chosen by seed."""
    ids = bijie_ids(root)
    rng = np.random.default_rng(seed)
    val: list[str] = []
    for prefix in ("ls_", "nls_"):
        group = sorted(i for i in ids if i.startswith(prefix))
        n = int(round(len(group) * fraction))
        val += sorted(rng.choice(group, size=n, replace=False).tolist())
    val_set = set(val)
    split = {"dataset": "bijie", "seed": seed, "fraction": fraction,
             "rule": "20% of the ls_ patches and 20% of the nls_ patches, drawn by seed; whole patches",
             "train": sorted(i for i in ids if i not in val_set), "val": sorted(val)}
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(split, indent=1))
    return split


def load_split(root: Path, path: Path) -> dict:
    if not path.is_file():
        return make_bijie_split(root, path)
    return json.loads(path.read_text())


@dataclass
class Sample:
    """One whole image with its reference, channels already normalised."""
    id: str
    image: np.ndarray   # (C,H,W) float32 normalised
    mask: np.ndarray    # (H,W) float32 0/1
    valid: np.ndarray   # (H,W) float32 0/1

    @property
    def has_landslide(self) -> bool:
        return bool((self.mask * self.valid).any())


def load_bijie(root: Path, ids: Sequence[str], mean: Sequence[float], std: Sequence[float]) -> list[Sample]:
    m = np.asarray(mean, np.float32)[:, None, None]
    s = np.asarray(std, np.float32)[:, None, None]
    out = []
    for i in ids:
        img = (read_rgb(root / "images" / f"{i}.jpg") - m) / s
        mask = read_mask(root / "masks" / f"{i}.png")
        out.append(Sample(i, img.astype(np.float32), mask, np.ones_like(mask)))
    return out


def channel_stats(root: Path, ids: Sequence[str], limit: int = 300, seed: int = 0):
    """Per-band mean and std (0-255) over a seeded subset of training patches."""
    rng = np.random.default_rng(seed)
    pick = rng.choice(list(ids), size=min(limit, len(ids)), replace=False)
    total = np.zeros(3); sq = np.zeros(3); n = 0
    for i in pick:
        img = read_rgb(root / "images" / f"{i}.jpg").reshape(3, -1).astype(np.float64)
        total += img.sum(1); sq += (img ** 2).sum(1); n += img.shape[1]
    mean = total / n
    return mean.tolist(), np.sqrt(sq / n - mean ** 2).tolist()


# --------------------------------------------------------------- scenes ----

def load_scene(image_path: Path, dem_path: Path, mask_path: Path, meta, ctx=None):
    """A whole scene as a Sample, channels built by ``plugin.engine.features``.

    ``meta`` is the ModelMetadata (its channels say what to build and how to
    normalise). Without ``ctx`` the DEM statistics come from this scene.
    Returns (Sample, ctx).
    """
    import rasterio

    from landslide_mapper.plugin.engine import features

    with rasterio.open(image_path) as src:
        image = src.read().astype(np.float32)
        nodata = src.nodata
        res = (abs(src.transform.a), abs(src.transform.e))
    if nodata is not None:
        image[:, (image == nodata).all(axis=0)] = np.nan
    with rasterio.open(dem_path) as src:
        dem = src.read(1).astype(np.float32)
        if src.nodata is not None:
            dem[dem == src.nodata] = np.nan
    with rasterio.open(mask_path) as src:
        ref = src.read(1)
    if ctx is None:
        finite = dem[np.isfinite(dem)]
        ctx = features.DemContext(pixel_size_m=res, elev_mean=float(finite.mean()),
                                  elev_std=float(finite.std()))
    chans, valid = features.build_channels(meta, image, dem, ctx)
    valid = valid & (ref != 255)
    chans = np.nan_to_num(chans, nan=0.0).astype(np.float32)
    chans[:, ~valid] = 0.0
    name = Path(image_path).stem
    return Sample(name, chans, (ref == 1).astype(np.float32), valid.astype(np.float32)), ctx


# ------------------------------------------------------------- sampling ----

class CropSampler:
    """Random native-resolution crops of ``crop`` px from whole samples.

    ``positive_fraction`` of the crops come from landslide samples (and, for
    large scenes, are centred near a landslide pixel), the rest anywhere.
    """

    def __init__(self, samples: list[Sample], crop: int, positive_fraction: float = 0.5,
                 augment: Optional[AugmentConfig] = None, pad: str = "zeros"):
        if pad not in ("zeros", "reflect"):
            raise ValueError(f"pad must be 'zeros' or 'reflect', not '{pad}'")
        self.pad = pad
        self.samples = samples
        self.crop = crop
        self.pos = [s for s in samples if s.has_landslide]
        self.positive_fraction = positive_fraction if self.pos else 0.0
        self.augment = augment
        self._pos_pixels = {id(s): np.argwhere(s.mask * s.valid > 0) for s in self.pos}

    def _window(self, s: Sample, rng: np.random.Generator, near_positive: bool):
        c = self.crop
        _, h, w = s.image.shape
        if near_positive and (h > c or w > c):
            pts = self._pos_pixels[id(s)]
            cy, cx = pts[int(rng.integers(len(pts)))]
            y0 = int(np.clip(cy - rng.integers(c), 0, max(h - c, 0)))
            x0 = int(np.clip(cx - rng.integers(c), 0, max(w - c, 0)))
        else:
            y0 = int(rng.integers(0, max(h - c, 0) + 1))
            x0 = int(rng.integers(0, max(w - c, 0) + 1))
        img = s.image[:, y0:y0 + c, x0:x0 + c]
        mask = s.mask[y0:y0 + c, x0:x0 + c]
        valid = s.valid[y0:y0 + c, x0:x0 + c]
        ph, pw = c - img.shape[1], c - img.shape[2]
        if ph or pw:
            # pad small patches at a random side; padding is invalid (no loss). "reflect"
            # mirrors the image as the plugin does for tiles past a raster's edge, so the
            # model learns what it will see there
            top, left = int(rng.integers(ph + 1)), int(rng.integers(pw + 1))
            pad = ((top, ph - top), (left, pw - left))
            img = np.pad(img, ((0, 0),) + pad, mode="reflect" if self.pad == "reflect" else "constant")
            mask = np.pad(mask, pad)
            valid = np.pad(valid, pad)
        return img, mask, valid

    def draw(self, rng: np.random.Generator):
        positive = rng.random() < self.positive_fraction
        pool = self.pos if positive else self.samples
        s = pool[int(rng.integers(len(pool)))]
        img, mask, valid = self._window(s, rng, positive)
        a = self.augment
        if a is not None:
            if a.cutmix and self.pos and rng.random() < a.cutmix:
                donor = self.pos[int(rng.integers(len(self.pos)))]
                dimg, dmask, _ = self._window(donor, rng, True)
                img, mask, valid = cutmix(img, mask, valid, dimg, dmask, rng)
            img, mask, valid = geometric(img, mask, valid, rng, a)
            img = photometric(img, rng, a)
        return img, mask, valid

    def batch(self, n: int, rng: np.random.Generator):
        items = [self.draw(rng) for _ in range(n)]
        return (np.stack([i[0] for i in items]).astype(np.float32),
                np.stack([i[1] for i in items])[:, None].astype(np.float32),
                np.stack([i[2] for i in items])[:, None].astype(np.float32))
