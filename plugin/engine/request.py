"""What a detection run is asked to do, and what it reports back.

The dock, the Processing algorithm and the command line all build a
:class:`DetectionRequest` and call ``plugin.engine.detect.run_detection``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional, Sequence, Union

ProgressCallback = Callable[[float, str], None]   # (percent 0-100, message)
CancelCheck = Callable[[], bool]                  # True: stop as soon as possible

DEVICES = ("auto", "cuda", "cpu")
SALIENCY_METHODS = ("auto", "gradient", "gradcam", "occlusion", "attention")
COMPRESSIONS = ("zstd", "deflate")                # GeoTIFF codecs of the outputs (lossless)


@dataclass(frozen=True)
class AreaOfInterest:
    """Either a bounding box in ``crs`` or a polygon vector file (all features)."""
    bbox: Optional[tuple] = None           # (xmin, ymin, xmax, ymax)
    crs: Optional[str] = None              # any string rasterio.crs.CRS accepts; None: image CRS
    vector: Union[Path, str, None] = None  # polygons (GeoPackage, Shapefile, GeoJSON, ...), or a GDAL name
    layer: Optional[str] = None            # layer inside ``vector``
    feature_ids: Optional[Sequence[int]] = None  # only these features (e.g. a QGIS selection)


@dataclass
class DetectionRequest:
    # image and DEM: files, or GDAL dataset names kept as text (see raster_io.as_source), such as
    # /vsizip//data/scene.zip/rgb.tif or GPKG:/data/scene.gpkg:rgb
    image: Union[Path, str]
    out_dir: Path
    dem: Union[Path, str, None] = None
    model: Union[str, Path, None] = None   # catalog name or .onnx path; None: default for the inputs
    aoi: Optional[AreaOfInterest] = None
    threshold: Optional[float] = None      # None: the model's tuned threshold
    overlap: Optional[int] = None          # pixels; None: the model's default
    batch_size: int = 4
    device: str = "auto"
    threads: Optional[int] = None          # CPU threads for onnxruntime; None: all cores
    tta: bool = False                      # 8 flips/rotations; adds uncertainty.tif
    saliency: Optional[str] = None         # None: off; else one of SALIENCY_METHODS
    min_area_m2: float = 0.0
    simplify_m: float = 0.0
    write_polygons: bool = True
    compression: str = "zstd"              # or "deflate", for software that reads only deflate
    model_dirs: Sequence[Path] = field(default_factory=tuple)  # extra model folders
    # image band numbers for the bands the model reads, in its order ((3, 2, 1): a blue-green-red
    # image for a red-green-blue model); None: from the bands' colour tags, else in band order
    bands: Optional[Sequence[int]] = None


@dataclass
class DetectionResult:
    out_dir: Path
    probability: Path
    mask: Path
    summary: Path
    polygons: Optional[Path] = None
    uncertainty: Optional[Path] = None
    saliency: Optional[Path] = None
    saliency_method: str = ""              # method actually used (one of SALIENCY_METHODS but "auto"); "" off
    model: str = ""
    provider: str = ""                     # execution provider actually used
    tiles: int = 0
    tiles_skipped: int = 0
    landslides: int = 0
    landslide_area_m2: float = 0.0
    seconds: float = 0.0
    warnings: list = field(default_factory=list)   # what the analyst should know (resampling, ...)
