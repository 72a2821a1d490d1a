"""Adds a finished run to the project: one group, styled layers, editable polygons."""
from __future__ import annotations

from pathlib import Path
from typing import List, Optional

from qgis.core import (QgsEditorWidgetSetup, QgsMapLayer, QgsProject, QgsRasterLayer, QgsVectorLayer)

from .i18n import tr

STYLES = Path(__file__).resolve().parents[2] / "resources" / "styles"
STATUSES = ("unreviewed", "confirmed", "rejected")


def style_path(name: str) -> Path:
    return STYLES / f"{name}.qml"


def _raster(path: Path, title: str, style: str) -> Optional[QgsRasterLayer]:
    layer = QgsRasterLayer(str(path), title, "gdal")
    if not layer.isValid():
        return None
    layer.loadNamedStyle(str(style_path(style)), QgsMapLayer.Symbology)
    layer.setCustomProperty("landslide_mapper/output", style)
    return layer


def polygons_layer(gpkg: Path, title: str) -> Optional[QgsVectorLayer]:
    """The landslide polygons of a GeoPackage, editable, styled by review status."""
    uri = str(gpkg)
    probe = QgsVectorLayer(uri, title, "ogr")
    names = [s.split("!!::!!")[1] for s in probe.dataProvider().subLayers()] if probe.isValid() else []
    if "landslides" in names:
        uri = f"{gpkg}|layername=landslides"
    layer = QgsVectorLayer(uri, title, "ogr")
    if not layer.isValid():
        return None
    layer.loadNamedStyle(str(style_path("polygons")), QgsMapLayer.Symbology)
    index = layer.fields().indexOf("status")
    if index >= 0:   # a drop-down in the attribute form: no typos in review marks
        values = {tr(s.capitalize()): s for s in STATUSES}
        layer.setEditorWidgetSetup(index, QgsEditorWidgetSetup("ValueMap", {"map": values}))
    layer.setCustomProperty("landslide_mapper/output", "polygons")
    return layer


def add_run_layers(result, group_name: str, project: Optional[QgsProject] = None):
    """Add the outputs of a DetectionResult to a new top group named ``group_name``.

    Returns ``(group, layers)``; the polygons come first (drawn on top), the
    probability last. Layers that are not needed to read the map at once
    (mask, saliency, uncertainty) start hidden.
    """
    project = project or QgsProject.instance()
    layers: List[QgsMapLayer] = []
    hidden = set()
    if result.polygons and Path(result.polygons).is_file():
        poly = polygons_layer(Path(result.polygons), tr("Landslides"))
        if poly is not None:
            layers.append(poly)
    mask = _raster(Path(result.mask), tr("Landslide mask"), "mask")
    if mask is not None:
        layers.append(mask)
        hidden.add(mask.id())
    # uncertainty (thin bands along edges) above the saliency heat map, so both read at once
    if result.uncertainty and Path(result.uncertainty).is_file():
        unc = _raster(Path(result.uncertainty), tr("Uncertainty"), "uncertainty")
        if unc is not None:
            layers.append(unc)
            hidden.add(unc.id())
    if result.saliency and Path(result.saliency).is_file():
        sal = _raster(Path(result.saliency), tr("Saliency"), "saliency")
        if sal is not None:
            layers.append(sal)
            hidden.add(sal.id())
    prob = _raster(Path(result.probability), tr("Landslide probability"), "probability")
    if prob is not None:
        prob.renderer().setOpacity(0.6)   # the imagery must stay readable under a large slide
        layers.append(prob)
    root = project.layerTreeRoot()
    group = root.insertGroup(0, group_name)
    for layer in layers:
        project.addMapLayer(layer, False)
        node = group.addLayer(layer)
        node.setItemVisibilityChecked(layer.id() not in hidden)
    return group, layers
