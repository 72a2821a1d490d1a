"""``landslide-mapper``: the command line over the same engine as the QGIS plugin.

Exit codes: 0 success, 1 a problem with the input/model/runtime (one-line
message naming the fix), 2 wrong usage, 130 cancelled (Ctrl+C).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Optional, Sequence


def _dataset(text: str):
    """An input file argument (a raster, the area of interest): a path, or a GDAL dataset name
    kept as given (``/vsizip//data/srtm.zip/n29e099.hgt``, ``GPKG:scene.gpkg:rgb``)."""
    from .raster_io import as_source

    return as_source(text)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="landslide-mapper",
                                description="Map landslides from imagery and an optional DEM with ONNX models.")
    sub = p.add_subparsers(dest="command", required=True)
    d = sub.add_parser("detect", help="detect landslides in one or more images")
    d.add_argument("--image", nargs="+", required=True, type=_dataset,
                   help="image raster(s): files, or GDAL names such as /vsizip//data/scene.zip/rgb.tif")
    d.add_argument("--dem", type=_dataset, help="DEM raster (any CRS, cell size and extent), a file or a GDAL name")
    d.add_argument("--model", help="model name (see 'landslide-mapper models') or .onnx path")
    d.add_argument("--out", required=True, type=Path, help="output folder")
    d.add_argument("--aoi", help="area of interest: a polygon vector file, or xmin,ymin,xmax,ymax[,CRS]")
    d.add_argument("--aoi-layer", help="layer of the AOI vector file")
    d.add_argument("--aoi-ids", type=int, nargs="+", help="only these feature ids of the AOI file")
    d.add_argument("--bands", help="image bands for the bands the model reads, in its order: 3,2,1 for a "
                                   "blue-green-red image (default: from the bands' colour tags, else 1,2,3)")
    d.add_argument("--threshold", type=float, help="probability threshold (default: the model's)")
    d.add_argument("--overlap", type=int, help="tile overlap in pixels (default: the model's)")
    d.add_argument("--batch-size", type=int, default=4)
    d.add_argument("--device", choices=("auto", "cuda", "cpu"), default="auto")
    d.add_argument("--threads", type=int, help="CPU threads for onnxruntime (default: all cores)")
    d.add_argument("--tta", action="store_true", help="8 flips/rotations; adds uncertainty.tif")
    d.add_argument("--saliency", nargs="?", const="auto",
                   choices=("auto", "gradient", "gradcam", "occlusion", "attention"),
                   help="adds saliency.tif; bare --saliency: the best method available (gradient with "
                        "PyTorch, else occlusion); attention: mean attention-gate map of gated models "
                        "(spatial-attention U-Net)")
    d.add_argument("--min-area", type=float, default=0.0, help="drop polygons smaller than this (m2)")
    d.add_argument("--simplify", type=float, default=0.0, help="simplification tolerance (m)")
    d.add_argument("--compress", choices=("zstd", "deflate"), default="zstd",
                   help="GeoTIFF compression of the outputs (lossless): zstd (default, fastest) or deflate "
                        "(for older software that cannot read zstd)")
    d.add_argument("--model-dir", type=Path, action="append", default=[], help="extra model folder")
    d.add_argument("--quiet", action="store_true")
    m = sub.add_parser("models", help="list the installed models")
    m.add_argument("--json", action="store_true")
    m.add_argument("--model-dir", type=Path, action="append", default=[])
    return p


def parse_aoi(text: Optional[str], layer=None, ids=None):
    from .errors import InputError
    from .request import AreaOfInterest

    if not text:
        return None
    parts = text.split(",")
    if len(parts) in (4, 5) and not Path(text).exists():
        try:
            box = tuple(float(v) for v in parts[:4])
        except ValueError:
            raise InputError(f"--aoi '{text}' is neither a file nor xmin,ymin,xmax,ymax[,CRS].") from None
        return AreaOfInterest(bbox=box, crs=parts[4].strip() if len(parts) == 5 else None)
    return AreaOfInterest(vector=_dataset(text), layer=layer, feature_ids=ids)   # a file or a GDAL name


def _models(args) -> int:
    from .catalog import scan

    good, bad = scan(args.model_dir)
    rows = []
    for m in good:
        md = m.metadata
        rows.append({"name": m.name, "title": md.title, "architecture": md.architecture, "family": md.family,
                     "inputs": [c.name for c in md.channels], "needs_dem": md.needs_dem, "gsd_m": md.gsd_m,
                     "tile_size": md.tile_size, "threshold": md.threshold,
                     "val_f1": md.metrics.get("val_f1"), "val_miou": md.metrics.get("val_miou"),
                     "size_mb": m.size_mb, "default": m.default, "path": str(m.path)})
    if args.json:
        print(json.dumps({"models": rows, "unusable": [{"path": str(b.path), "reason": b.reason} for b in bad]},
                         indent=2))
        return 0
    if not rows:
        print("No models installed.")
    for r in rows:
        f1 = "-" if r["val_f1"] is None else f"{r['val_f1']:.3f}"
        print(f"{'*' if r['default'] else ' '} {r['name']:<28} {r['architecture']:<14} "
              f"{'+'.join(r['inputs']):<34} {r['gsd_m']:>5} m  tile {r['tile_size']:<4} F1 {f1}  {r['size_mb']} MB")
    for b in bad:
        print(f"! {b.path}: {b.reason}")
    return 0


def _detect(args) -> int:
    from .detect import run_detection
    from .request import DetectionRequest
    from .raster_io import parse_bands, source_exists, source_label, source_stem

    aoi = parse_aoi(args.aoi, args.aoi_layer, args.aoi_ids)
    several = len(args.image) > 1
    stems = [source_stem(p) for p in args.image]
    from .errors import Cancelled, InputError, LandslideMapperError

    if several and len(set(stems)) != len(stems):
        raise InputError("Several images share a file name; their outputs would collide. Rename them "
                         "or run them one at a time.")
    names = {p: source_label(p) for p in args.image}
    bands = parse_bands(args.bands) if args.bands else None
    for image in args.image:        # a path mistyped is said before the first (long) run
        if not source_exists(image):
            raise InputError(f"The image {image} does not exist. Check the path.")
    failed = []
    for image in args.image:
        out = args.out / source_stem(image) if several else args.out
        req = DetectionRequest(image=image, out_dir=out, dem=args.dem, model=args.model, aoi=aoi,
                               threshold=args.threshold, overlap=args.overlap, batch_size=args.batch_size,
                               device=args.device, threads=args.threads, tta=args.tta, saliency=args.saliency,
                               min_area_m2=args.min_area, simplify_m=args.simplify,
                               model_dirs=tuple(args.model_dir), compression=args.compress,
                               bands=bands)
        last = [-10.0]

        def progress(pct, msg):
            if not args.quiet and (pct - last[0] >= 10 or pct >= 100):
                last[0] = pct
                print(f"  {pct:5.1f}%  {msg}", file=sys.stderr)

        try:
            res = run_detection(req, progress=progress)
        except Cancelled:
            raise
        except LandslideMapperError as exc:
            if not several:
                raise
            # one image's problem does not keep the others from being mapped
            print(f"landslide-mapper: error: {names[image]}: {exc}", file=sys.stderr)
            failed.append(names[image])
            continue
        print(f"{names[image]}: {res.landslides} landslide(s), {res.landslide_area_m2:.0f} m2, model {res.model}, "
              f"{res.provider}, {res.tiles} tiles ({res.tiles_skipped} skipped), {res.seconds:.1f} s -> {res.out_dir}")
        if res.saliency_method:
            print(f"  saliency: {res.saliency_method}")
        for w in res.warnings:
            print(f"  note: {w}")
    if failed:
        print(f"landslide-mapper: {len(failed)} of {len(args.image)} images could not be mapped "
              f"({', '.join(failed)}); the others' outputs are in {args.out}.", file=sys.stderr)
        return 1
    return 0


def _quiet_gdal() -> None:
    """GDAL's own messages are not printed: every failure comes as the command's one line, with the
    file and the fix, and GDAL's reason in it. (A worker thread reading for a run has no handler
    of rasterio's, and GDAL would print its messages beside that line.)"""
    try:
        from osgeo import gdal
    except ImportError:
        return
    gdal.SetErrorHandler("CPLQuietErrorHandler")


def main(argv: Optional[Sequence[str]] = None) -> int:
    from .errors import Cancelled, LandslideMapperError

    args = build_parser().parse_args(argv)
    _quiet_gdal()
    try:
        return _models(args) if args.command == "models" else _detect(args)
    except Cancelled as exc:
        print(f"landslide-mapper: {exc}", file=sys.stderr)
        return 130
    except KeyboardInterrupt:
        print("landslide-mapper: interrupted; no output was written.", file=sys.stderr)
        return 130
    except LandslideMapperError as exc:
        print(f"landslide-mapper: error: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # never a traceback for the user; the message still says what broke
        print(f"landslide-mapper: error: unexpected failure ({type(exc).__name__}: {exc}). "
              "Please report it with the command you ran.", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
