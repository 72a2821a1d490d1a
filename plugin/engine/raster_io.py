"""Opening inputs with clear errors, and bringing image values to the model's range."""
from __future__ import annotations

import contextlib
import os
import re
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Union

import numpy as np

from .errors import InputError

SAMPLE_MAX = 1024        # longest side of the decimated read used for statistics

Source = Union[Path, str]    # an input raster: a file, or a GDAL dataset name kept as text (see as_source)

# A GDAL dataset name that is not a file path: a virtual file system path (a raster inside a zip
# or tar archive, or behind a URL) or a driver's prefix before the file (a raster table of a
# GeoPackage, a variable of a netCDF file). Prefixes are upper case and two letters or more, so a
# Windows drive letter is not one.
_VSI = re.compile(r"^/vsi[a-z0-9_]+/")
_DRIVER_PREFIX = re.compile(r"^[A-Z][A-Z0-9_]+:")


def gdal_name(text) -> Optional[str]:
    """``text`` when it names a raster GDAL opens but the file system does not know
    (``/vsizip//data/srtm.zip/n29e099.hgt``, ``GPKG:/data/scene.gpkg:rgb``), else None."""
    if text is None or isinstance(text, Path):
        return None
    text = os.fspath(text)
    return text if (_VSI.match(text) or _DRIVER_PREFIX.match(text)) else None


def as_source(value) -> Optional[Source]:
    """An input raster as the run keeps it: a GDAL dataset name stays text (a Path would fold the
    ``//`` of ``/vsizip//data/...``, after which GDAL reads a relative path), anything else
    becomes a Path. None stays None."""
    if value is None:
        return None
    return gdal_name(value) or Path(value)


def source_label(src: Source) -> str:
    """The short name an input is called by in messages: the file name, or for a GDAL name its
    last part (``n29e099.hgt`` for ``/vsizip//data/srtm.zip/n29e099.hgt``, ``scene.gpkg:rgb``
    for ``GPKG:/data/scene.gpkg:rgb``)."""
    name = gdal_name(src)
    if name is None:
        return Path(src).name
    if _VSI.match(name):
        return name.rstrip("/").rsplit("/", 1)[-1]
    return re.split(r"[/\\]", name.split(":", 1)[1].replace('"', ""))[-1]


def source_stem(src: Source) -> str:
    """A file-name-safe short name for an input (the file name without its extension), for
    per-image output folders."""
    name = gdal_name(src)
    if name is None:
        return Path(src).stem
    label = source_label(name)
    if _VSI.match(name):
        return Path(label).stem or label
    return re.sub(r"[^\w.-]+", "_", label).strip("_") or "raster"


def source_file(src: Source) -> Optional[Path]:
    """The file on disk an input is, or None for a GDAL name (whose files outputs cannot be)."""
    return None if src is None or gdal_name(src) else Path(src)


_ARCHIVES = ((".tar.gz", "tar", "/vsitar/"), (".tgz", "tar", "/vsitar/"), (".tar", "tar", "/vsitar/"),
             (".zip", "zip", "/vsizip/"), (".gz", "gzip", "/vsigzip/"))
_NOT_RASTERS = (".aux.xml", ".ovr", ".prj", ".tfw", ".tifw", ".wld", ".xml", ".txt", ".md", ".pdf", ".html",
                ".json", ".csv", ".shp", ".shx", ".dbf", ".cpg", ".qml", ".sld")


def archive_hint(path: Path) -> str:
    """For a zip, tar or gzip file given where a raster was wanted: the rest of a sentence
    saying so, with the GDAL name of the raster inside it ("a zip archive, not a raster. ...").
    "" for any other file."""
    name = path.name.lower()
    for suffix, kind, prefix in _ARCHIVES:
        if name.endswith(suffix):
            break
    else:
        return ""
    base = prefix + str(path.resolve())        # /vsizip/ + /data/x.zip: the // of an absolute path
    if kind == "gzip":
        return (f"a gzip-compressed file, not a raster. Name the raster it holds as GDAL does: {base} "
                "(or unpack it first).")
    from osgeo import gdal

    try:
        with gdal_failures():
            members = gdal.ReadDirRecursive(base) or []
    except RuntimeError:
        members = []
    rasters = [m for m in members if not m.endswith("/") and not m.lower().endswith(_NOT_RASTERS)]
    example = f"{base}/{rasters[0] if rasters else '<file inside>'}"
    listed = ""
    if rasters:
        listed = f" It holds {', '.join(rasters[:6])}" + (f" and {len(rasters) - 6} more" if len(rasters) > 6 else "") + "."
    return (f"a {kind} archive, not a raster. Name the raster inside it as GDAL does: {example} "
            f"(or unpack it first).{listed}")


def source_exists(src: Source) -> bool:
    """Whether the input is there: a file that exists, or a GDAL name. A GDAL name is asked of
    GDAL when it is opened, which says what is wrong with it."""
    return gdal_name(src) is not None or Path(src).exists()


def open_raster(path, role: str):
    """rasterio dataset for an input, or InputError naming the file and the fix."""
    import rasterio

    path = as_source(path)
    label = source_label(path)
    if isinstance(path, Path):
        if not path.exists():
            raise InputError(f"The {role} {path} does not exist. Check the path.")
        if path.is_dir():
            raise InputError(f"The {role} {path} is a folder, not a raster file. Give the raster file itself.")
    import warnings

    from rasterio.errors import NotGeoreferencedWarning

    with warnings.catch_warnings():
        # said in this function's own words below, not printed by rasterio
        warnings.simplefilter("ignore", NotGeoreferencedWarning)
        try:
            # Without its overviews (pyramids): a read onto a coarser grid averages the full
            # resolution whether or not the analyst built them, and gives the same results.
            ds = rasterio.open(path, OVERVIEW_LEVEL="NONE")
        except Exception as exc:
            if isinstance(path, str):
                raise InputError(f"The {role} {path} cannot be opened ({exc}). Check the name: the archive "
                                 "or file it points into must exist, and the part inside it (the file in the "
                                 "archive, the GeoPackage table) must name a raster there.") from exc
            inside = archive_hint(path)
            if inside:
                raise InputError(f"The {role} {label} is {inside}") from exc
            raise InputError(f"The {role} {label} cannot be read as a raster ({exc}). "
                             "Give a GeoTIFF or another GDAL-readable raster.") from exc
        if ds.crs is None:
            gcps = ds.gcps[0]
            placed = _has_geotransform(path)
            ds.close()
            if gcps:
                raise InputError(f"The {role} {label} is placed on the map by ground control points only, "
                                 "not on a grid. Warp it onto a grid first (QGIS: Raster > Projections > Warp; "
                                 "GDAL: gdalwarp) and give the warped file.")
            if not placed:
                raise InputError(f"The {role} {label} has no georeferencing (no position on the map and no "
                                 "CRS), like a plain photo. Georeference it first (QGIS: Layer > Georeferencer) "
                                 "or give the GeoTIFF it was made from.")
            raise InputError(f"The {role} {label} has no coordinate reference system, so it cannot be "
                             "placed on the map. Assign its CRS first (QGIS: Assign Projection; "
                             "GDAL: gdal_edit.py -a_srs EPSG:XXXX).")
    if ds.driver != "GTiff" and not _has_geotransform(path):
        ds.close()
        raise InputError(f"The {role} {label} has a CRS but no position on the map (no geotransform). "
                         "Georeference it first (QGIS: Layer > Georeferencer) or give the GeoTIFF it was made "
                         "from.")
    if ds.width < 1 or ds.height < 1:
        ds.close()
        raise InputError(f"The {role} {label} is empty.")
    return ds


def feature_count(path, layer: Optional[str] = None) -> Optional[int]:
    """Features in the vector file at ``path``, read back from the disk (in ``layer``, or in all
    of its layers); None when it cannot be read or has no such layer. GDAL's messages about a
    broken file are not printed."""
    from osgeo import gdal

    try:
        with gdal_failures():
            ds = gdal.OpenEx(str(path), gdal.OF_VECTOR | gdal.OF_READONLY)
            if ds is None:
                return None
            if layer is not None:
                lyr = ds.GetLayerByName(layer)
                return None if lyr is None else int(lyr.GetFeatureCount())
            return sum(int(ds.GetLayer(i).GetFeatureCount()) for i in range(ds.GetLayerCount()))
    except RuntimeError:                # where GDAL's exceptions are switched on
        return None


def _has_geotransform(path: Path) -> bool:
    """Whether GDAL places the raster on a grid (a geotransform, in the file or a world file).
    Asked of GDAL itself: opened without overviews, rasterio gives a raster without one a
    transform of whatever was in memory."""
    from osgeo import gdal

    try:
        with gdal_failures():
            ds = gdal.OpenEx(str(path), gdal.OF_RASTER)
            return ds is not None and ds.GetGeoTransform(can_return_null=True) is not None
    except RuntimeError:
        return False


@contextlib.contextmanager
def reading(role: str, path):
    """A failure to read the ``role`` input ``path`` inside the block (a file cut short, a damaged
    block, a VRT whose source is gone) becomes the InputError naming the file and the fix."""
    from .errors import LandslideMapperError

    try:
        yield
    except LandslideMapperError:
        raise
    except (OSError, RuntimeError) as exc:
        from .outputs import short_reason

        name = source_label(path)
        reason = short_reason(str(exc).replace(f"{path}: ", "").replace(f"{path}, ", "")) or \
            "GDAL gave no reason"
        raise InputError(f"The {role} {name} cannot be read to the end ({reason}). The file may be incomplete "
                         "or damaged: copy or export it again, or check the disk it is on.") from exc


def decimated_shape(height: int, width: int, limit: int = SAMPLE_MAX) -> tuple[int, int]:
    f = max(1.0, max(height, width) / limit)
    return max(1, int(round(height / f))), max(1, int(round(width / f)))


COLOUR_TAGS = ("red", "green", "blue")      # GDAL colour interpretations that name a model band's role


def parse_bands(text: str) -> tuple:
    """``"3,2,1"`` (or ``"3 2 1"``) as ``(3, 2, 1)``; empty text as ``()``. InputError otherwise."""
    parts = [p for p in str(text).replace(",", " ").split() if p]
    try:
        bands = tuple(int(p) for p in parts)
    except ValueError:
        bands = ()
    if len(bands) != len(parts) or any(b < 1 for b in bands):
        raise InputError(f"Bands '{text}' are not band numbers. Give one image band number (1 or more) for "
                         "each band the model reads, in its order, separated by commas: 3,2,1 for a "
                         "blue-green-red image.")
    return bands


def choose_bands(ds, meta, asked, image_name: str) -> tuple[tuple, str, Optional[str]]:
    """Which image band each band the model reads comes from: ``(bands, how, note)``.

    ``asked``: image band numbers in the model's band order (the analyst's word), or None. Without
    it, bands tagged red, green and blue (GDAL's colour interpretation, as QGIS shows it) go to the
    model's bands of those names wherever they lie (a blue-green-red image is read as such);
    otherwise the model's band N is the image's band N. ``note`` says so when the tags moved them.
    """
    roles = meta.band_roles
    n = len(roles)
    if asked:
        return check_asked_bands(asked, meta, ds.count, image_name), "as asked", None
    if ds.count < n:
        raise InputError(f"The image {image_name} has {ds.count} band(s) but the model '{meta.name}' reads "
                         f"{n} ({', '.join(roles)}). Give an image with at least {n} bands, say which of its "
                         "bands to use for each of them (1,1,1 for a single-band image), or choose a model "
                         "for this imagery.")
    tags = [getattr(c, "name", str(c)).lower() for c in ds.colorinterp]
    tagged = tagged_bands(tags, roles)
    if tagged is not None:
        named = ", ".join(f"{r} from band {b}" for r, b in zip(roles, tagged))
        return tagged, "colour interpretation", (
            f"The image's bands are tagged {', '.join(t.capitalize() for t in tags)}: the model reads "
            f"{named}. If the tags are wrong, give the bands yourself.")
    return tuple(range(1, n + 1)), "band order", None


def check_asked_bands(asked, meta, count: int, image_name: str) -> tuple:
    """The image bands the analyst gave for the bands ``meta`` reads, checked against the model and
    an image of ``count`` bands (the run, and Processing before it starts); InputError otherwise."""
    roles = meta.band_roles
    asked = tuple(int(b) for b in asked)
    if len(asked) != len(roles):
        raise InputError(f"The model '{meta.name}' reads {len(roles)} image band(s) ({', '.join(roles)}), but "
                         f"{len(asked)} band number(s) were given ({', '.join(map(str, asked))}). Give one "
                         "image band number for each of them, in that order.")
    beyond = [b for b in asked if not 1 <= b <= count]
    if beyond:
        raise InputError(f"The image {image_name} has {count} band(s): there is no band {beyond[0]}. "
                         f"Give band numbers from 1 to {count}.")
    return asked


def colour_bands(tags, roles=COLOUR_TAGS) -> dict:
    """``{role: band}`` (1-based) when each of ``roles`` is a colour tagged on exactly one band of
    the bands' colour ``tags`` (one per band, in any case); {} when any is not, since some of
    the colours tagged says nothing of where the others lie."""
    tags = [str(t).lower() for t in tags]
    if not roles or not all(tags.count(r) == 1 for r in roles):
        return {}
    return {r: tags.index(r) + 1 for r in roles}


def tagged_bands(tags, roles) -> Optional[tuple]:
    """The image bands for ``roles`` (the model's band roles, in order) found by the bands' colour
    ``tags`` (one per image band), when each role is a colour tagged on exactly one band and they
    are not simply bands 1, 2, 3...; else None (the bands are read in their order)."""
    found = colour_bands(tags, roles)
    if not found:
        return None
    tagged = tuple(found[r] for r in roles)
    return None if tagged == tuple(range(1, len(roles) + 1)) else tagged


@dataclass(frozen=True)
class Stretch:
    """Linear map of raw band values to the model's image range, per band."""
    low: tuple
    high: tuple
    out_range: tuple
    description: str

    def keeps(self, bands: list[int]) -> bool:
        """Whether the 1-based ``bands`` are used as they are (their range is the model's)."""
        r0, r1 = self.out_range
        return all(self.low[b - 1] == r0 and self.high[b - 1] == r1 for b in bands)

    def apply(self, raw: np.ndarray, bands: list[int]) -> np.ndarray:
        """``raw`` (len(bands), h, w) float32 of the 1-based ``bands`` -> model range, clipped."""
        r0, r1 = self.out_range
        if self.keeps(bands):
            return raw.astype(np.float32, copy=False)      # values used as they are
        out = np.empty_like(raw, dtype=np.float32)
        for i, b in enumerate(bands):
            lo, hi = self.low[b - 1], self.high[b - 1]
            if lo == r0 and hi == r1:
                out[i] = raw[i]
                continue
            scale = (r1 - r0) / (hi - lo) if hi > lo else 0.0
            out[i] = np.clip((raw[i] - lo) * scale + r0, r0, r1)
        return out


def fixed_stretch(ds, image_range):
    """The stretch that needs no statistics (8-bit imagery for an 8-bit model), else None."""
    r0, r1 = (float(image_range[0]), float(image_range[1]))
    n = ds.count
    if ds.dtypes[0] == "uint8" and (r0, r1) == (0.0, 255.0):
        return Stretch((0.0,) * n, (255.0,) * n, (r0, r1), "8-bit values used as they are (0-255)")
    return None


def choose_stretch(ds, image_range, valid_sample: np.ndarray, sample: np.ndarray) -> Stretch:
    """8-bit imagery for an 8-bit model is used as is; anything else is stretched.

    Other imagery (uint16, float reflectance, ...) is mapped per band from its
    2nd-98th percentile (over the valid pixels of a sample: see align.sampled_image) to the model's
    ``image_range``: a fixed ``/255`` would break it.
    """
    fixed = fixed_stretch(ds, image_range)
    if fixed is not None:
        return fixed
    r0, r1 = (float(image_range[0]), float(image_range[1]))
    n = ds.count
    lows, highs = [], []
    for b in range(n):
        v = sample[b][valid_sample]
        v = v[np.isfinite(v)]
        if v.size == 0:
            lows.append(0.0)
            highs.append(1.0)
            continue
        lo, hi = np.percentile(v, [2.0, 98.0])
        if hi <= lo:
            hi = lo + 1.0
        lows.append(float(lo))
        highs.append(float(hi))
    desc = (f"{ds.dtypes[0]} imagery stretched per band from its 2nd-98th percentile "
            f"({', '.join(f'{lo:.4g}-{hi:.4g}' for lo, hi in zip(lows, highs))}) to the model's range {r0:g}-{r1:g}")
    return Stretch(tuple(lows), tuple(highs), (r0, r1), desc)


_EXC_LOCK = threading.Lock()
_exc_users = 0
_exc_before = (False, False)


@contextlib.contextmanager
def per_thread(open_one):
    """``get()`` gives each calling thread an object of its own (a dataset handle: GDAL handles
    are not shared across threads), made by ``open_one(stack)`` on the thread's first call;
    ``open_one`` registers what must be closed on ``stack`` (a contextlib.ExitStack). All of
    it is closed, newest first, when the block ends."""
    local, lock = threading.local(), threading.Lock()
    with contextlib.ExitStack() as stack:
        def get():
            obj = getattr(local, "obj", None)
            if obj is None:
                with lock:
                    obj = local.obj = open_one(stack)
            return obj

        yield get


class GdalHandle:
    """A GDAL dataset opened through GDAL's own bindings, for reads in worker threads.

    A thread's first rasterio.open parses the raster's CRS, and PROJ sets up a
    context of its own for every new thread (about 10 ms); these reads need
    neither. ``close()`` drops the dataset (the bindings close it with the last
    reference), so the file is released before the run moves or deletes it."""

    def __init__(self, path, open_options=()):
        from osgeo import gdal

        with gdal_exceptions():
            self.ds = gdal.OpenEx(str(path), gdal.OF_RASTER, open_options=list(open_options))
        self.damaged: list = []     # windows of damaged blocks found by read_whole (see BlockReader.damaged)

    def read(self, band: int = 1, window=None, out_shape=None, resampling: str = "nearest"):
        """Band ``band`` (1-based) as an array of its own type; ``window`` (rasterio Window, may be
        fractional) read into ``out_shape`` (rows, cols) with ``resampling``."""
        from osgeo import gdal

        b = self.ds.GetRasterBand(band)
        if window is None:
            x, y, w, h = 0, 0, self.ds.RasterXSize, self.ds.RasterYSize
        else:
            x, y, w, h = window.col_off, window.row_off, window.width, window.height
        rows, cols = out_shape or (int(h), int(w))
        alg = {"nearest": gdal.GRIORA_NearestNeighbour, "bilinear": gdal.GRIORA_Bilinear,
               "average": gdal.GRIORA_Average}[resampling]
        with gdal_exceptions():
            return b.ReadAsArray(x, y, w, h, buf_xsize=cols, buf_ysize=rows, resample_alg=alg)

    def read_whole(self, band: int = 1, threads: int = 1) -> np.ndarray:
        """Band ``band`` whole, as :meth:`read` gives it, each distinct stored block of a GeoTIFF
        decoded once (see :class:`BlockReader`): around an irregular scene a third of the blocks
        may hold nodata alone (32 of the 81 blocks of the Baige area A DEM), each as costly to
        decode as a block of terrain. A float band stored with the floating-point predictor is
        decoded on ``threads`` threads (see :mod:`.float_blocks`)."""
        reader = BlockReader(self, threads=threads)
        values = reader.read([band], 0, 0, self.width, self.height)[0]
        self.damaged = reader.damaged()
        return values

    def nodata(self, band: int = 1):
        return self.ds.GetRasterBand(band).GetNoDataValue()

    @property
    def width(self) -> int:
        return self.ds.RasterXSize

    @property
    def height(self) -> int:
        return self.ds.RasterYSize

    def close(self) -> None:
        self.ds = None


class BlockReader:
    """Windows of a GeoTIFF read at its own resolution, with the blocks stored as the same bytes
    as another block (see :func:`_repeated_blocks`) never decoded: their values are the other
    block's, decoded once and kept. Around an irregular scene these are the blocks of nodata
    alone, as costly to decode as any other (a DEM's floating-point predictor is undone byte by
    byte either way): a tile that lies on them reads without decoding anything, and a DEM tile's
    one-cell halo no longer decodes the nodata block beside it.

    Blocks read whole, of a single float band stored with the floating-point predictor, are
    decoded by :mod:`.float_blocks` on ``threads`` threads, twice as fast as through GDAL.

    Values are exactly a plain read's. Through ``handle`` (a :class:`GdalHandle`, used by one
    thread at a time); :meth:`close` closes it when the reader owns it. ``copies`` tells whether
    there is anything to gain: without, every read is one plain read."""

    KEEP_BYTES = 16 * 2 ** 20       # decoded blocks kept for their copies, at most

    def __init__(self, handle: "GdalHandle", owns: bool = False, threads: int = 1):
        from osgeo import gdal_array

        self.handle, self._owns, self.threads = handle, owns, max(1, int(threads))
        self._float = _UNKNOWN          # the float_blocks decoder, or None: found at the first read
        ds = handle.ds
        self.width, self.height, self.count = ds.RasterXSize, ds.RasterYSize, ds.RasterCount
        band = ds.GetRasterBand(1)
        self.block = band.GetBlockSize()
        self.dtype = np.dtype(gdal_array.GDALTypeCodeToNumericTypeCode(band.DataType))
        interleave = ds.GetMetadataItem("INTERLEAVE", "IMAGE_STRUCTURE") or ""
        # pixel-interleaved bands share their stored blocks: one band's offsets are all of them
        self._shared = self.count == 1 or interleave.upper() == "PIXEL"
        self._maps: dict = {}
        self._kept: dict = {}           # (source block, bands) -> values, oldest first

    @classmethod
    def open(cls, path) -> Optional["BlockReader"]:
        """A reader of its own handle on ``path``, or None when the raster has no repeated blocks
        (or is no GeoTIFF on disk): plain reads are then as good."""
        try:
            reader = cls(GdalHandle(path), owns=True)
        except RuntimeError:
            return None
        if not reader.copies(range(1, reader.count + 1)):
            reader.close()
            return None
        return reader

    def copies(self, bands) -> dict:
        """``{block: source block}`` for the blocks of ``bands`` (1-based) that repeat another:
        for bands stored apart, the blocks that repeat the same source in every one of them."""
        key = (1,) if self._shared else tuple(bands)
        if key not in self._maps:
            maps = []
            for b in key:
                try:
                    maps.append(_repeated_blocks(self.handle.ds.GetDescription(), self.handle.ds.GetRasterBand(b),
                                                 self.width, self.height))
                except (OSError, ValueError, TypeError):
                    maps.append({})
            first = maps[0]
            self._maps[key] = {k: v for k, v in first.items() if all(m.get(k) == v for m in maps[1:])}
        return self._maps[key]

    def read(self, bands, col0: int, row0: int, w: int, h: int) -> np.ndarray:
        """Bands ``bands`` (1-based) of the window, (len(bands), h, w) in the raster's own type."""
        bands = [int(b) for b in bands]
        out = np.empty((len(bands), h, w), self.dtype)
        copies = self.copies(bands)
        bx, by = self.block
        i0, i1 = col0 // bx, (col0 + w - 1) // bx
        j0, j1 = row0 // by, (row0 + h - 1) // by
        with gdal_exceptions():
            if not copies or not any((i, j) in copies for j in range(j0, j1 + 1) for i in range(i0, i1 + 1)):
                self._read_runs(bands, [(col0, row0, w, h, out)])
                return out
            runs = []
            for j in range(j0, j1 + 1):
                y0, y1 = max(row0, j * by), min(row0 + h, (j + 1) * by)
                i = i0
                while i <= i1:                  # runs of blocks that are decoded, one read each
                    if (i, j) in copies:
                        i += 1
                        continue
                    k = i
                    while k <= i1 and (k, j) not in copies:
                        k += 1
                    x0, x1 = max(col0, i * bx), min(col0 + w, k * bx)
                    runs.append((x0, y0, x1 - x0, y1 - y0, out[:, y0 - row0:y1 - row0, x0 - col0:x1 - col0]))
                    i = k
            self._read_runs(bands, runs)
            for j in range(j0, j1 + 1):
                y0, y1 = max(row0, j * by), min(row0 + h, (j + 1) * by)
                for i in range(i0, i1 + 1):
                    source = copies.get((i, j))
                    if source is None:
                        continue
                    x0, x1 = max(col0, i * bx), min(col0 + w, (i + 1) * bx)
                    si, sj = source
                    src_rows = slice(y0 - j * by, y1 - j * by)
                    src_cols = slice(x0 - i * bx, x1 - i * bx)
                    sy, sx = sj * by, si * bx
                    sh, sw = min(by, self.height - sy), min(bx, self.width - sx)
                    if row0 <= sy and sy + sh <= row0 + h and col0 <= sx and sx + sw <= col0 + w:
                        # the source lies in the window, read above: no decoding, no keeping
                        values = out[:, sy - row0:sy - row0 + sh, sx - col0:sx - col0 + sw]
                    else:
                        values = self._source(source, bands)
                    out[:, y0 - row0:y1 - row0, x0 - col0:x1 - col0] = values[:, src_rows, src_cols]
        return out

    def _read_runs(self, bands, runs) -> None:
        """Windows ``[(x, y, w, h, out)]`` read into their ``out`` ((bands, h, w) views). Those of
        whole blocks of a float band that :mod:`.float_blocks` decodes go there, all of them at
        once on :attr:`threads` threads; the rest, and any block it leaves, are read by GDAL."""
        fast = self._float_blocks() if list(bands) == [1] else None
        bx, by = self.block
        blocks, plain = [], []
        for x, y, w, h, out in runs:
            if fast is None or not self._whole_blocks(x, y, w, h):
                plain.append((x, y, w, h, out))
                continue
            for j in range(y // by, (y + h - 1) // by + 1):
                rows = slice(j * by - y, min((j + 1) * by, self.height) - y)
                for i in range(x // bx, (x + w - 1) // bx + 1):
                    blocks.append((i, j, out[0, rows, i * bx - x:min((i + 1) * bx, self.width) - x]))
        if blocks:
            left = fast.read_blocks(blocks, self.threads)
            damaged, nodata = set(fast.damaged), self.handle.nodata(1)
            for i, j, dst in left:
                if (i, j) in damaged and nodata is not None:
                    # what GDAL would read from a damaged block is not elevations: nodata instead
                    dst[...] = nodata
                else:
                    plain.append((i * bx, j * by, dst.shape[1], dst.shape[0], dst[None]))
        for x, y, w, h, out in plain:
            self._plain(bands, x, y, w, h, out)

    def damaged(self) -> list:
        """The blocks read so far whose stored bytes failed their codec's check (a damaged file),
        as pixel windows (row, col, rows, cols). They read as the band's nodata value (without
        one, as GDAL reads them). Found where :mod:`.float_blocks` decodes the blocks; GDAL itself
        does not check."""
        fast = self._float
        if fast is None or fast is _UNKNOWN:
            return []
        bx, by = self.block
        return [(j * by, i * bx, min(by, self.height - j * by), min(bx, self.width - i * bx))
                for i, j in fast.damaged]

    def _whole_blocks(self, x: int, y: int, w: int, h: int) -> bool:
        """Whether the window is made of whole blocks (cut by the raster's edges alone)."""
        bx, by = self.block
        return (x % bx == 0 and y % by == 0 and ((x + w) % bx == 0 or x + w == self.width)
                and ((y + h) % by == 0 or y + h == self.height))

    def _float_blocks(self):
        if self._float is _UNKNOWN:
            from .float_blocks import FloatBlocks

            try:
                self._float = FloatBlocks.for_dataset(self.handle.ds)
            except (RuntimeError, OSError, ValueError):      # not a file this can read: GDAL reads
                self._float = None
        return self._float

    def _plain(self, bands, x, y, w, h, out) -> None:
        ds = self.handle.ds
        if len(bands) == 1:
            ds.GetRasterBand(bands[0]).ReadAsArray(x, y, w, h, buf_obj=out[0])
        else:
            ds.ReadAsArray(x, y, w, h, buf_obj=out, band_list=bands)

    def _source(self, source, bands) -> np.ndarray:
        key = (source, tuple(bands))
        values = self._kept.pop(key, None)
        if values is None:
            bx, by = self.block
            sx, sy = source[0] * bx, source[1] * by
            values = np.empty((len(bands), min(by, self.height - sy), min(bx, self.width - sx)), self.dtype)
            self._read_runs(bands, [(sx, sy, values.shape[2], values.shape[1], values)])
        self._kept[key] = values                  # the newest last
        while sum(v.nbytes for v in self._kept.values()) > self.KEEP_BYTES and len(self._kept) > 1:
            del self._kept[next(iter(self._kept))]
        return values

    def close(self) -> None:
        self._kept.clear()
        self._float = None
        if self._owns:
            self.handle.close()


_UNKNOWN = object()

REPEAT_MAX_BYTES = 16384     # stored blocks compared by their bytes: constant ones are this small


def stored_block(band, i: int, j: int) -> Optional[tuple]:
    """``(offset, size)`` in bytes of block (i, j) of a GeoTIFF band in its file, or None where
    the file holds none (a sparse file's empty block) or GDAL does not say (another format)."""
    offset = band.GetMetadataItem(f"BLOCK_OFFSET_{i}_{j}", "TIFF")
    size = band.GetMetadataItem(f"BLOCK_SIZE_{i}_{j}", "TIFF")
    if not offset or not size or int(offset) <= 0 or int(size) <= 0:
        return None
    return int(offset), int(size)


def _repeated_blocks(path: str, band, width: int, height: int) -> dict:
    """``{(col, row): (col, row) of a block to copy}`` for the blocks of a GeoTIFF band stored as
    the same bytes as another one (compared for blocks of at most :data:`REPEAT_MAX_BYTES`,
    which is what a block of one value compresses to); empty when there are none to gain from,
    or the file is no GeoTIFF on disk. Each group keeps one block to decode: one wholly inside
    the raster where there is one, so that every copy lies within the values it copies."""
    if not os.path.isfile(path) or band.GetMetadataItem("BLOCK_OFFSET_0_0", "TIFF") is None:
        return {}
    bx, by = band.GetBlockSize()
    nbx, nby = -(-width // bx), -(-height // by)
    groups: dict = {}
    with open(path, "rb") as f:
        for j in range(nby):
            for i in range(nbx):
                place = stored_block(band, i, j)
                if place is None or place[1] > REPEAT_MAX_BYTES:
                    continue
                f.seek(place[0])
                groups.setdefault(f.read(place[1]), []).append((i, j))
    copies = {}
    for blocks in groups.values():
        if len(blocks) < 2:
            continue
        extent = {(i, j): (min(by, height - j * by), min(bx, width - i * bx)) for i, j in blocks}
        source = max(blocks, key=lambda k: extent[k][0] * extent[k][1])
        sh, sw = extent[source]
        for k in blocks:
            if k != source and extent[k][0] <= sh and extent[k][1] <= sw:
                copies[k] = source
    return copies


@contextlib.contextmanager
def gdal_failures():
    """GDAL's messages inside the block go into the list this yields (its failures, each once)
    instead of being printed: the caller tells them in its own error. Warnings are dropped (GEOS
    warns of every self-touching ring it repairs)."""
    from osgeo import gdal

    failures: list = []

    def keep(cls, number, message):
        if cls >= gdal.CE_Failure and message not in failures:
            failures.append(message)

    gdal.PushErrorHandler(keep)
    try:
        yield failures
    finally:
        gdal.PopErrorHandler()


@contextlib.contextmanager
def closing_failures():
    """Failures of GDAL datasets closed inside the block on this thread, in the list this yields.

    With exceptions on, GDAL's bindings raise a failure to close a dataset (a
    GeoPackage's last COMMIT, say) from its destructor, where Python can only
    print it and go on: the file would then look written when it is not. Here
    the caller gets them instead, to raise after a run that went well, or to
    drop quietly when another failure is already on its way. Anything else
    that reaches Python's hook meanwhile goes where it went before.
    """
    failures: list = []
    me, before = threading.get_ident(), sys.unraisablehook

    def keep(unraisable):
        if threading.get_ident() == me and isinstance(unraisable.exc_value, RuntimeError) \
                and "delete_" in repr(unraisable.object):
            failures.append(str(unraisable.exc_value) or "closing the file failed")
        else:
            before(unraisable)

    sys.unraisablehook = keep
    try:
        yield failures
    finally:
        if sys.unraisablehook is keep:      # another may have put its own since: left in place
            sys.unraisablehook = before


@contextlib.contextmanager
def gdal_exceptions():
    """GDAL and OGR calls raise RuntimeError inside the block; outside it they behave as before.

    The switch is process-wide in GDAL's Python bindings, and QGIS and other
    plugins run their own GDAL calls in the same process: it is turned on for
    the first block entered and back to what it was when the last one ends.
    """
    from osgeo import gdal, ogr

    global _exc_users, _exc_before
    with _EXC_LOCK:
        if _exc_users == 0:
            _exc_before = (bool(gdal.GetUseExceptions()), bool(ogr.GetUseExceptions()))
            gdal.UseExceptions()
            ogr.UseExceptions()
        _exc_users += 1
    try:
        yield
    finally:
        with _EXC_LOCK:
            _exc_users -= 1
            if _exc_users == 0:             # in the reverse order: the bindings keep a stack
                if not _exc_before[1]:
                    ogr.DontUseExceptions()
                if not _exc_before[0]:
                    gdal.DontUseExceptions()
