"""Model input channels: terrain features of a DEM, spectral indices, normalisation.

Shared by the engine and by model training so the two cannot drift apart.
Everything here is plain numpy and NaN-safe: a NaN marks nodata, and a
pixel whose neighbour is nodata (or lies outside the array) uses the
one-sided difference towards the neighbour that exists, exactly like the
edge of a raster. A planar ramp therefore has its exact slope everywhere.

Conventions (a trained model depends on them, so they never change):

* ``slope_deg``   - steepest slope in degrees, 0 (flat) to 90.
* ``aspect_deg``  - compass direction the slope faces (downhill), degrees
  clockwise from north, 0-360; flat cells get 0.
* ``hillshade``   - illumination 0-1 for a sun at azimuth 315 deg and
  altitude 45 deg (negative values clipped to 0).
* ``curvature``   - ``-100 * (d2z/dx2 + d2z/dy2)`` in 1/(100 m): positive on
  convex crests, negative in hollows.
* ``elevation_norm`` - ``(z - elev_mean) / elev_std`` with the statistics
  of the processed area (training: of the training scene).

Pixel sizes are in metres. For a DEM in a geographic CRS the caller converts
degrees to metres at the latitude of the area (see
:func:`metres_per_degree`).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Optional

import numpy as np

DEM_FEATURES = ("elevation_norm", "slope_deg", "aspect_deg", "hillshade", "curvature")
INDEX_FEATURES = ("brightness", "ndvi", "ndmi", "gndvi", "bsi")

FEW_NODATA = 0.02      # below this share of cells beside nodata, derivatives are mended cell by cell

SUN_AZIMUTH_DEG = 315.0
SUN_ALTITUDE_DEG = 45.0


@dataclass(frozen=True)
class DemContext:
    """What terrain features need besides the elevations.

    ``pixel_size_m`` is ``(x, y)``: the width and height of one cell in
    metres, both positive. ``elev_mean`` and ``elev_std`` are None when
    the elevation statistics were not computed (no channel needs them).
    """
    pixel_size_m: tuple
    elev_mean: Optional[float]
    elev_std: Optional[float]


def metres_per_degree(latitude_deg: float) -> tuple[float, float]:
    """Length of one degree of longitude and of latitude in metres (WGS 84)."""
    phi = math.radians(latitude_deg)
    # Series for the WGS 84 ellipsoid; better than 1 cm per degree.
    lat_m = 111132.92 - 559.82 * math.cos(2 * phi) + 1.175 * math.cos(4 * phi) - 0.0023 * math.cos(6 * phi)
    lon_m = 111412.84 * math.cos(phi) - 93.5 * math.cos(3 * phi) + 0.118 * math.cos(5 * phi)
    return lon_m, lat_m


def _neighbours(z: np.ndarray, axis: int):
    """Previous and next neighbour along ``axis`` and whether each is valid.

    Missing neighbours (outside the array or NaN) are replaced by the centre
    value, so differences towards them vanish.
    """
    prev = np.full_like(z, np.nan)
    nxt = np.full_like(z, np.nan)
    if axis == 1:
        prev[:, 1:] = z[:, :-1]
        nxt[:, :-1] = z[:, 1:]
    else:
        prev[1:, :] = z[:-1, :]
        nxt[:-1, :] = z[1:, :]
    ok_prev = np.isfinite(prev)
    ok_next = np.isfinite(nxt)
    prev = np.where(ok_prev, prev, z)
    nxt = np.where(ok_next, nxt, z)
    return prev, nxt, ok_prev, ok_next


def _along(axis: int, start, stop) -> tuple:
    """The index of the cells ``start:stop`` along ``axis`` of a 2-D array, all of them across."""
    return (slice(None), slice(start, stop)) if axis == 1 else (slice(start, stop), slice(None))


def _first_derivative(z: np.ndarray, axis: int, step: float, n_nodata=None) -> np.ndarray:
    """d z / d axis: the mean of the differences to the valid neighbours along ``axis``, divided
    by their distances (central inside, one-sided at edges and beside nodata; 0 without any).
    Only meaningful where ``z`` itself is valid (callers set nodata there). ``n_nodata``: the
    number of nodata (non-finite) cells in ``z`` when the caller knows it (0: none to mend).
    Worked out along the axis in place (no transposed copy): the result is C-contiguous."""
    z = np.ascontiguousarray(z, dtype=np.float32)
    n = z.shape[axis]
    if n < 2:
        return np.zeros(z.shape, np.float32)
    if n_nodata is None:
        n_nodata = int(np.count_nonzero(~np.isfinite(z)))
    out = np.empty(z.shape, np.float32)
    s1, s2 = np.float32(step), np.float32(2.0 * step)
    inner = out[_along(axis, 1, -1)]
    np.subtract(z[_along(axis, 2, None)], z[_along(axis, None, -2)], out=inner)
    inner /= s2
    for edge, a, b in ((out[_along(axis, 0, 1)], _along(axis, 1, 2), _along(axis, 0, 1)),
                       (out[_along(axis, -1, None)], _along(axis, -1, None), _along(axis, -2, -1))):
        np.subtract(z[a], z[b], out=edge)
        edge /= s1
    # Nodata spreads NaN to its valid neighbours: work those cells out again from the neighbours
    # they do have, cell by cell. They lie along the edges of nodata areas, so they are few unless
    # nodata is scattered; then the whole array is worked over at once.
    if n_nodata:
        bad = ~np.isfinite(out)
        bad &= np.isfinite(z)               # nodata cells themselves are left to the caller
        cells = np.flatnonzero(bad)
        if cells.size > FEW_NODATA * z.size:
            return _first_derivative_masked(z, axis, step)
        width = z.shape[1]
        pos, stride = (cells % width, 1) if axis == 1 else (cells // width, width)
        flat = z.reshape(-1)
        centre = flat[cells]
        left = np.full(cells.size, np.nan, np.float32)
        right = np.full(cells.size, np.nan, np.float32)
        has_left, has_right = pos > 0, pos < n - 1
        left[has_left] = flat[cells[has_left] - stride]
        right[has_right] = flat[cells[has_right] + stride]
        d_left, d_right = centre - left, right - centre
        ok_left, ok_right = np.isfinite(d_left), np.isfinite(d_right)
        total = np.where(ok_left, d_left, 0.0) + np.where(ok_right, d_right, 0.0)
        count = ok_left.astype(np.float32) + ok_right
        with np.errstate(invalid="ignore", divide="ignore"):
            out.reshape(-1)[cells] = np.where(count > 0, total / (count * s1), 0.0)
    return out


def _first_derivative_masked(z: np.ndarray, axis: int, step: float) -> np.ndarray:
    """:func:`_first_derivative` along ``axis``, for arrays with much nodata."""
    step_diff = z[_along(axis, 1, None)] - z[_along(axis, None, -1)]     # NaN where either side is nodata
    ok = np.isfinite(step_diff)
    step_diff[~ok] = 0.0
    total = np.zeros(z.shape, np.float32)
    count = np.zeros(z.shape, np.float32)
    total[_along(axis, None, -1)] += step_diff      # towards the next cell
    total[_along(axis, 1, None)] += step_diff       # from the previous cell
    count[_along(axis, None, -1)] += ok
    count[_along(axis, 1, None)] += ok
    with np.errstate(invalid="ignore", divide="ignore"):
        d = total / (count * np.float32(step))
    d[count == 0] = 0.0
    return d


def _second_derivative(z: np.ndarray, axis: int, step: float) -> np.ndarray:
    prev, nxt, ok_prev, ok_next = _neighbours(z, axis)
    d = (nxt - 2.0 * z + prev) / (step * step)
    # Without both neighbours there is no curvature estimate along this axis.
    return np.where(ok_prev & ok_next, d, 0.0).astype(np.float32)


def gradients(dem: np.ndarray, pixel_size_m, north: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """``(dz/dx east, dz/dy north)`` in metres per metre; NaN where the DEM is NaN. With
    ``north`` False the second is ``dz/dy`` southwards, down the rows (for the steepness alone,
    which the sign does not change)."""
    z = np.asarray(dem, dtype=np.float32)
    px, py = float(pixel_size_m[0]), float(pixel_size_m[1])
    finite = np.isfinite(z)
    n_nodata = z.size - int(np.count_nonzero(finite))
    gx = _first_derivative(z, 1, px, n_nodata)
    gy = _first_derivative(z, 0, py, n_nodata)
    if north:
        np.negative(gy, out=gy)             # rows run southwards
    if n_nodata:
        nan = ~finite
        np.copyto(gx, np.float32(np.nan), where=nan)
        np.copyto(gy, np.float32(np.nan), where=nan)
    return gx, gy


def dem_feature(name: str, dem: np.ndarray, ctx: DemContext) -> np.ndarray:
    """One terrain feature (see the module conventions) as float32, NaN at nodata."""
    return dem_features([name], dem, ctx)[name]


def dem_features(names, dem: np.ndarray, ctx: DemContext) -> dict:
    """Several terrain features of one window, ``{name: float32 array}``, NaN at nodata. Slope,
    aspect and hillshade share one computation of the gradients."""
    z = np.asarray(dem, dtype=np.float32)
    names = list(dict.fromkeys(names))
    unknown = [n for n in names if n not in DEM_FEATURES]
    if unknown:
        raise ValueError(f"unknown DEM feature '{unknown[0]}' (known: {', '.join(DEM_FEATURES)})")
    out = {}
    if "elevation_norm" in names:
        if ctx.elev_mean is None:
            raise ValueError("elevation_norm needs the elevation statistics (DemContext.elev_mean)")
        std = float(ctx.elev_std) if ctx.elev_std and ctx.elev_std > 0 else 1.0
        norm = z - np.float32(ctx.elev_mean)
        norm /= np.float32(std)
        out["elevation_norm"] = norm
    if {"aspect_deg", "hillshade"} & set(names):
        gx, gy = gradients(z, ctx.pixel_size_m)
        g2 = gx * gx
        g2 += gy * gy                               # squared steepness, (dz/ds)^2
        if "slope_deg" in names:
            out["slope_deg"] = _slope_deg(np.sqrt(g2))
        if "aspect_deg" in names:
            aspect = np.mod(np.degrees(np.arctan2(-gx, -gy)), 360.0)    # azimuth of the downhill direction
            aspect[(gx == 0) & (gy == 0)] = 0.0
            out["aspect_deg"] = aspect.astype(np.float32)
        if "hillshade" in names:
            out["hillshade"] = _hillshade(gx, gy, g2)
    elif "slope_deg" in names:
        # The slope alone (what the terrain models and the polygons ask for): the squares are
        # taken in place of the gradients, the same values in fewer passes over the window
        gx, gy = gradients(z, ctx.pixel_size_m, north=False)
        np.multiply(gx, gx, out=gx)
        np.multiply(gy, gy, out=gy)
        gx += gy
        np.sqrt(gx, out=gx)
        out["slope_deg"] = _slope_deg(gx)
    if "curvature" in names:
        zxx = _second_derivative(z, 1, float(ctx.pixel_size_m[0]))
        zyy = _second_derivative(z, 0, float(ctx.pixel_size_m[1]))
        out["curvature"] = (-100.0 * (zxx + zyy)).astype(np.float32)
    return out


def _slope_deg(steepness: np.ndarray) -> np.ndarray:
    """Slope in degrees from the steepness ``sqrt(gx^2 + gy^2)`` (sqrt of the sum of squares
    rather than hypot: gradients are far from overflow), in place."""
    np.arctan(steepness, out=steepness)
    steepness *= np.float32(180.0 / math.pi)
    return steepness


def _hillshade(gx: np.ndarray, gy: np.ndarray, g2: np.ndarray) -> np.ndarray:
    """Illumination of cells with gradients ``gx`` (east), ``gy`` (north), ``g2 = gx^2 + gy^2``.

    The usual ``cos(zenith) cos(slope) + sin(zenith) sin(slope) cos(azimuth - aspect)``, with
    the angles written out through the gradients (``cos(slope) = 1 / sqrt(1 + g2)``, the unit
    downhill direction ``-(gx, gy) / sqrt(g2)``): the cosine of the angle between the surface
    normal ``(-gx, -gy, 1) / sqrt(1 + g2)`` and the direction of the sun. The same values without
    any trigonometry per cell (a flat cell gets ``cos(zenith)``), clipped to 0-1.
    """
    zen = math.radians(90.0 - SUN_ALTITUDE_DEG)
    az = math.radians(SUN_AZIMUTH_DEG)
    # the sun's direction: east sin(zen) sin(az), north sin(zen) cos(az), up cos(zen)
    shade = gx * np.float32(-math.sin(zen) * math.sin(az))
    shade -= gy * np.float32(math.sin(zen) * math.cos(az))
    shade += np.float32(math.cos(zen))
    norm = g2 + np.float32(1.0)
    np.sqrt(norm, out=norm)
    shade /= norm
    return np.clip(shade, 0.0, 1.0, out=shade)


def _ratio(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``a / b`` with 0 where ``b`` is 0 (normalised differences of dark pixels)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        out = np.where(b != 0, a / np.where(b != 0, b, 1), 0.0)
    out[~(np.isfinite(a) & np.isfinite(b))] = np.nan
    return out.astype(np.float32)


INDEX_ROLES = {
    "brightness": (),                      # mean of every band given
    "ndvi": ("nir", "red"),
    "ndmi": ("nir", "swir1"),
    "gndvi": ("nir", "green"),
    "bsi": ("swir1", "red", "nir", "blue"),
}


def spectral_index(name: str, bands: dict) -> np.ndarray:
    """A spectral index from band arrays keyed by role (``red``, ``nir``, ...).

    ``brightness`` is the mean of all bands given; the normalised differences
    are ``(a - b) / (a + b)``; ``bsi`` is
    ``((swir1 + red) - (nir + blue)) / ((swir1 + red) + (nir + blue))``.
    """
    if name not in INDEX_ROLES:
        raise ValueError(f"unknown spectral index '{name}' (known: {', '.join(INDEX_FEATURES)})")
    missing = [r for r in INDEX_ROLES[name] if r not in bands]
    if missing or not bands:
        raise ValueError(f"index '{name}' needs the band role(s) {', '.join(missing) or 'any'}")
    b = {k: np.asarray(v, dtype=np.float32) for k, v in bands.items()}
    if name == "brightness":
        return (sum(b.values()) / np.float32(len(b))).astype(np.float32)
    if name == "bsi":
        a = b["swir1"] + b["red"]
        c = b["nir"] + b["blue"]
        return _ratio(a - c, a + c)
    first, second = INDEX_ROLES[name]
    return _ratio(b[first] - b[second], b[first] + b[second])


def channel_values(ch, image: np.ndarray, dem, ctx, known=None) -> np.ndarray:
    """The raw (not yet normalised) values of one channel spec: an image band as it is in
    ``image`` (of whatever type; not copied), the others as float32.

    ``known`` maps DEM feature names to arrays the caller has already
    computed for this window (they are used instead of computing them again).
    """
    if ch.source == "band":
        return image[ch.band - 1]
    if ch.source == "index":
        roles = ch.bands or {"red": 1, "green": 2, "blue": 3}
        return spectral_index(ch.feature, {r: image[int(i) - 1] for r, i in roles.items()})
    if ch.source == "dem":
        if dem is None or ctx is None:
            raise ValueError(f"channel '{ch.name}' needs a DEM")
        if known and ch.feature in known:
            return known[ch.feature]
        return dem_feature(ch.feature, dem, ctx)
    raise ValueError(f"channel '{ch.name}' has unknown source '{ch.source}'")


def build_channels(meta, image: np.ndarray, dem=None, ctx=None, known=None):
    """The model input for one window.

    ``image`` is ``(B, H, W)`` float32 already in the model's ``image_range``
    with NaN at nodata (or of any type that float32 holds exactly, without
    nodata: the values as read); ``dem`` is ``(H, W)`` float32 with NaN at nodata (or
    None for image-only models). Returns ``(channels, valid)``: channels
    ``(C, H, W)`` float32 normalised as ``(x - mean) / std`` with 0 at
    invalid pixels, and ``valid`` (H, W) bool, True where every channel is
    finite. ``known``: DEM features already computed for this window (see
    :func:`channel_values`).
    """
    h, w = image.shape[-2:]
    out = np.empty((len(meta.channels), h, w), dtype=np.float32)
    for i, ch in enumerate(meta.channels):
        v = channel_values(ch, image, dem, ctx, known)     # an image band as read: not copied first
        if ch.mean == 0.0 and ch.std == 1.0:
            out[i] = v                  # already normalised (the elevation): the same values, one pass
            continue
        # worked out in float32 whatever the type of v: as the float32 values would be
        np.subtract(v, np.float32(ch.mean), out=out[i], dtype=np.float32)
        out[i] /= np.float32(ch.std)
    # Nodata (NaN) stays non-finite through the normalisation, and so does the sum of every value:
    # one cheap pass tells whether any pixel needs masking. (A finite sum means every value is
    # finite; a float32 sum that overflows only sends a valid window the slower way.)
    if np.isfinite(out.sum()):
        return out, np.ones((h, w), dtype=bool)
    valid = np.isfinite(out).all(axis=0)
    np.copyto(out, np.float32(0.0), where=~valid)
    return out, valid
