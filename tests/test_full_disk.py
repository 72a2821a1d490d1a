"""A disk that fills while a file is written: one clear error, and nothing left that looks
finished, for the files the engine writes besides a detection run's (a run's own: test_cli.py).

Each writer runs in a process of its own that may write files of a given size at most (a
write past it fails with "File too large", as on a full disk or over a quota). It runs once
without the limit, to learn how large its file is, then with the limit one byte short of that
(the last block, or a GeoPackage's spatial index written as it is closed, fails) and at half.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Optional

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from engine_helpers import size_limit  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "resources" / "sample"

RUN = """
import json, sys
from pathlib import Path
OUT, SAMPLE, SRC = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
try:
{call}
    print(json.dumps({{"ok": True}}))
except Exception as exc:
    print(json.dumps({{"error": type(exc).__name__, "message": str(exc)}}))
"""

# Processing hands its results over in the format the analyst's file name asks for (GDAL
# converts them), in a QGIS of its own here.
QGIS = """    from qgis.core import QgsApplication
    app = QgsApplication([], False)
    app.initQgis()
    from landslide_mapper.plugin.processing import common
"""

WRITERS = {
    "features.tif": """    from landslide_mapper.plugin.engine.feature_rasters import write_feature_raster
    write_feature_raster(OUT / "features.tif", ["slope_deg", "hillshade"], dem=SAMPLE / "baige_b_dem.tif")""",
    "errors.tif": """    from landslide_mapper.plugin.engine.evaluate import evaluate
    evaluate(SAMPLE / "baige_b_mask.tif", SAMPLE / "baige_b_mask.tif", OUT)""",
    "polygons.gpkg": """    from landslide_mapper.plugin.engine.vectorize import vectorize_mask
    vectorize_mask(SAMPLE / "baige_b_mask.tif", OUT / "polygons.gpkg")""",
    "landslides.geojson": QGIS + """    common.deliver_vector(SRC / "polygons.gpkg", str(OUT / "landslides.geojson"))""",
    "mask.img": QGIS + """    common.deliver_raster(SAMPLE / "baige_b_mask.tif", str(OUT / "mask.img"))""",
}
ERRORS = {"landslides.geojson": "QgsProcessingException", "mask.img": "QgsProcessingException"}
# How many bytes short of the whole file the first limit is: the last one, except that GeoJSON's
# last is a line end after the closing brace, whole without it; 4 short, the brace is cut off.
SHORT = {"landslides.geojson": 4}


@pytest.fixture(scope="module")
def src(tmp_path_factory):
    """Polygons of the sample mask, as a detection run leaves them for Processing to hand over."""
    from landslide_mapper.plugin.engine.vectorize import vectorize_mask

    d = tmp_path_factory.mktemp("src")
    vectorize_mask(SAMPLE / "baige_b_mask.tif", d / "polygons.gpkg")
    return d


def write_under_limit(name: str, out: Path, src: Path, max_bytes: Optional[int]):
    out.mkdir()
    r = subprocess.run([sys.executable, "-c", RUN.format(call=WRITERS[name]), str(out), str(SAMPLE), str(src)],
                       capture_output=True, text=True, timeout=300, preexec_fn=size_limit(max_bytes), cwd=ROOT.parent)
    assert r.returncode == 0 and r.stdout.strip(), r.stderr
    return json.loads(r.stdout.strip().splitlines()[-1]), r.stderr


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_a_file_the_disk_cannot_take_is_never_left_as_if_written(tmp_path, src, name):
    got, _ = write_under_limit(name, tmp_path / "whole", src, None)
    assert got == {"ok": True}
    size = (tmp_path / "whole" / name).stat().st_size
    for short in (SHORT.get(name, 1), size // 2):
        out = tmp_path / f"short-{short}"
        got, stderr = write_under_limit(name, out, src, size - short)
        assert got.get("error") == ERRORS.get(name, "OutputError"), (short, got, stderr)
        message = got["message"]
        assert message.startswith(f"The output {name} could not be written in {out} ("), message
        assert "File too large" in message, message                         # the system's words
        assert "free some space there or choose another output folder" in message
        assert ".partial" not in message and "sqlite3_exec(" not in message, message
        # GDAL printed nothing besides, and nothing is left: no file that looks finished, no part
        assert "ERROR" not in stderr and "Exception ignored" not in stderr, stderr
        assert sorted(p.name for p in out.iterdir()) == [], short
