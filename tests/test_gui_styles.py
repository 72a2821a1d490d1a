"""The QML styles the dock and Processing apply: classes an analyst can read at a glance."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

STYLES = Path(__file__).resolve().parents[1] / "resources" / "styles"


@pytest.fixture
def error_raster(tmp_path):
    """A 2x3 evaluation error raster holding every code it can contain."""
    from osgeo import gdal, osr

    path = tmp_path / "errors.tif"
    ds = gdal.GetDriverByName("GTiff").Create(str(path), 3, 2, 1, gdal.GDT_Byte)
    ds.SetGeoTransform((470310.0, 0.5, 0, 3444807.0, 0, -0.5))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32647)
    ds.SetProjection(srs.ExportToWkt())
    band = ds.GetRasterBand(1)
    band.WriteArray(np.array([[0, 1, 2], [3, 255, 1]], dtype=np.uint8))
    band.SetNoDataValue(255)
    ds = None
    return path


def test_errors_style_colours_tp_fp_fn_and_hides_the_rest(qgis_app, error_raster):
    from qgis.core import QgsPalettedRasterRenderer, QgsRasterLayer

    layer = QgsRasterLayer(str(error_raster), "errors", "gdal")
    assert layer.isValid()
    _msg, ok = layer.loadNamedStyle(str(STYLES / "errors.qml"))
    assert ok, _msg
    renderer = layer.renderer()
    assert isinstance(renderer, QgsPalettedRasterRenderer)
    classes = {c.value: c for c in renderer.classes()}
    assert sorted(classes) == [1, 2, 3]
    assert "True positive" in classes[1].label and "False positive" in classes[2].label \
        and "False negative" in classes[3].label
    colours = {v: c.color.name() for v, c in classes.items()}
    assert len(set(colours.values())) == 3, colours            # three distinct colours

    from qgis.PyQt.QtGui import QColor

    block = renderer.block(1, layer.extent(), 3, 2)
    pixel = lambda r, c: QColor.fromRgba(block.color(r, c))  # noqa: E731
    alpha = [[pixel(r, c).alpha() for c in range(3)] for r in range(2)]
    assert alpha[0][0] == 0 and alpha[1][1] == 0               # true negative, nodata: not drawn
    assert all(alpha[r][c] > 150 for r, c in ((0, 1), (0, 2), (1, 0), (1, 2)))
    assert pixel(0, 1).green() > pixel(0, 1).red()              # true positive is green
