"""Training augmentation on numpy arrays: image (C,H,W) float32, mask and valid (H,W).

Geometric changes apply to image, mask and valid alike; photometric ones to
the optical channels only (a DEM-derived slope does not get brighter).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import ndimage


@dataclass
class AugmentConfig:
    flips: bool = True
    rot90: bool = True
    brightness: float = 0.15     # +- fraction of a channel's std (channels are normalised)
    contrast: float = 0.15       # +- fraction
    blur_sharpen: float = 0.2    # probability of a Gaussian blur or an unsharp mask
    shear: float = 0.0           # max shear factor (0.1 = small); 0 disables
    cutmix: float = 0.0          # probability of pasting a landslide from another sample
    optical_channels: int = 3    # the first N channels are photometric


def geometric(img, mask, valid, rng: np.random.Generator, cfg: AugmentConfig):
    if cfg.flips and rng.random() < 0.5:
        img, mask, valid = img[:, :, ::-1], mask[:, ::-1], valid[:, ::-1]
    if cfg.flips and rng.random() < 0.5:
        img, mask, valid = img[:, ::-1, :], mask[::-1, :], valid[::-1, :]
    if cfg.rot90:
        k = int(rng.integers(4))
        if k:
            img, mask, valid = (np.rot90(img, k, axes=(1, 2)), np.rot90(mask, k), np.rot90(valid, k))
    if cfg.shear > 0 and rng.random() < 0.3:
        s = float(rng.uniform(-cfg.shear, cfg.shear))
        h, w = mask.shape
        matrix = np.array([[1.0, s], [0.0, 1.0]])
        offset = np.array([-s * w / 2.0, 0.0])
        img = np.stack([ndimage.affine_transform(c, matrix, offset, order=1, mode="reflect") for c in img])
        mask = ndimage.affine_transform(mask, matrix, offset, order=0, mode="reflect")
        valid = ndimage.affine_transform(valid, matrix, offset, order=0, mode="constant", cval=0)
    return np.ascontiguousarray(img), np.ascontiguousarray(mask), np.ascontiguousarray(valid)


def photometric(img, rng: np.random.Generator, cfg: AugmentConfig):
    n = min(cfg.optical_channels, img.shape[0])
    if n == 0:
        return img
    img = img.copy()
    opt = img[:n]
    if cfg.contrast:
        m = opt.mean()
        opt = (opt - m) * float(rng.uniform(1 - cfg.contrast, 1 + cfg.contrast)) + m
    if cfg.brightness:
        opt = opt + float(rng.uniform(-cfg.brightness, cfg.brightness))
    if cfg.blur_sharpen and rng.random() < cfg.blur_sharpen:
        sigma = float(rng.uniform(0.5, 1.2))
        blurred = np.stack([ndimage.gaussian_filter(c, sigma) for c in opt])
        opt = blurred if rng.random() < 0.5 else opt + 0.7 * (opt - blurred)
    img[:n] = opt
    return img


def cutmix(img, mask, valid, donor_img, donor_mask, rng: np.random.Generator):
    """Paste the donor's landslide pixels (and a box around them) into the sample."""
    ys, xs = np.nonzero(donor_mask > 0)
    if ys.size == 0:
        return img, mask, valid
    y0, y1, x0, x1 = ys.min(), ys.max() + 1, xs.min(), xs.max() + 1
    h, w = mask.shape
    bh, bw = min(y1 - y0, h), min(x1 - x0, w)
    ty, tx = int(rng.integers(0, h - bh + 1)), int(rng.integers(0, w - bw + 1))
    img = img.copy(); mask = mask.copy(); valid = valid.copy()
    img[:, ty:ty + bh, tx:tx + bw] = donor_img[:, y0:y0 + bh, x0:x0 + bw]
    mask[ty:ty + bh, tx:tx + bw] = donor_mask[y0:y0 + bh, x0:x0 + bw]
    valid[ty:ty + bh, tx:tx + bw] = 1
    return img, mask, valid
