"""Peak memory and time of the vectoriser alone on a huge mask, as the Processing algorithm
`vectorize` runs it: the mask and probability of a detection on the sample scene, repeated
N x N times into one GeoTIFF each (36 x 36: 27,648 px square, 764 megapixels).

    .venv/bin/python bench/vectorize_memory.py [--n 36] [--work DIR]

Each measurement runs in a fresh process. "bounded" is the vectoriser as shipped (GDAL's block
cache held to a row of blocks while it runs); "GDAL default" leaves the cache at GDAL's own
default (5 % of the memory), for comparison.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from peak_memory import peak_mb

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "resources" / "sample"


def mosaic(src: Path, dst: Path, n: int) -> Path:
    """``src`` repeated n x n times, written as a tiled ZSTD GeoTIFF (through a VRT)."""
    from osgeo import gdal

    gdal.UseExceptions()
    ds = gdal.Open(str(src))
    w, h, band = ds.RasterXSize, ds.RasterYSize, ds.GetRasterBand(1)
    sources = "".join(
        f'<SimpleSource><SourceFilename relativeToVRT="0">{src}</SourceFilename><SourceBand>1</SourceBand>'
        f'<SrcRect xOff="0" yOff="0" xSize="{w}" ySize="{h}"/>'
        f'<DstRect xOff="{i * w}" yOff="{j * h}" xSize="{w}" ySize="{h}"/></SimpleSource>'
        for j in range(n) for i in range(n))
    vrt = (f'<VRTDataset rasterXSize="{n * w}" rasterYSize="{n * h}"><SRS>{ds.GetProjection()}</SRS>'
           f'<GeoTransform>{",".join(map(str, ds.GetGeoTransform()))}</GeoTransform>'
           f'<VRTRasterBand dataType="{gdal.GetDataTypeName(band.DataType)}" band="1">'
           f'<NoDataValue>{band.GetNoDataValue()}</NoDataValue>{sources}</VRTRasterBand></VRTDataset>')
    gdal.Translate(str(dst), vrt, creationOptions=["TILED=YES", "COMPRESS=ZSTD", "ZSTD_LEVEL=1",
                                                   "BIGTIFF=IF_SAFER", "NUM_THREADS=2"])
    return dst


def child(work: Path, bounded: bool) -> dict:
    from osgeo import gdal

    from landslide_mapper.plugin.engine import vectorize

    if not bounded:
        vectorize._cache_bytes = lambda width: gdal.GetCacheMax()
    t = time.perf_counter()
    res = vectorize.vectorize_mask(work / "mask.tif", work / "polygons.gpkg",
                                   probability_path=work / "probability.tif")
    return {"polygons": res.count, "seconds": round(time.perf_counter() - t, 2),
            "peak_mb": round(peak_mb())}


def main(argv=None) -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--n", type=int, default=36, help="the sample's maps repeated n x n times")
    p.add_argument("--work", help="folder for the mosaics (default: a temporary one)")
    p.add_argument("--child", choices=("bounded", "default"), help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        print(json.dumps(child(Path(args.work), args.child == "bounded")))
        return 0
    work = Path(args.work or tempfile.mkdtemp(prefix="lm_vectorize_bench_"))
    work.mkdir(parents=True, exist_ok=True)
    from landslide_mapper.plugin.engine.detect import run_detection
    from landslide_mapper.plugin.engine.request import DetectionRequest

    run = run_detection(DetectionRequest(image=SAMPLE / "baige_b_rgb.tif", dem=SAMPLE / "baige_b_dem.tif",
                                         out_dir=work / "sample", write_polygons=False))
    for name, src in (("mask.tif", run.mask), ("probability.tif", run.probability)):
        mosaic(Path(src), work / name, args.n)
    from osgeo import gdal

    ds = gdal.Open(str(work / "mask.tif"))
    print(f"mask {ds.RasterXSize} x {ds.RasterYSize} px ({ds.RasterXSize * ds.RasterYSize / 1e6:.0f} MP) in {work}")
    for kind, label in (("bounded", "bounded (as shipped)"), ("default", "GDAL default cache")):
        out = subprocess.run([sys.executable, __file__, "--child", kind, "--work", str(work)],
                             capture_output=True, text=True, check=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"{label:22s} {r['polygons']} polygons, {r['seconds']} s, peak {r['peak_mb']} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
