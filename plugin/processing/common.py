"""What every Landslide Mapper algorithm needs from QGIS Processing.

The engine reads files; QGIS hands the algorithms layers. This module turns
layers into paths the engine can read (writing a temporary copy of a layer
that has no file behind it), bridges the engine's progress/cancel callbacks to
the Processing feedback object, and moves the engine's outputs to the
destinations the user chose, atomically.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import uuid
from pathlib import Path
from typing import Optional

from qgis.core import (
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProcessingUtils,
    QgsProviderRegistry,
    QgsRasterFileWriter,
    QgsRasterLayer,
    QgsRasterPipe,
    QgsVectorFileWriter,
)
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtGui import QIcon

PLUGIN_ROOT = Path(__file__).resolve().parents[2]
ICON_DIR = PLUGIN_ROOT / "resources" / "icons"
STYLE_DIR = PLUGIN_ROOT / "resources" / "styles"
GEOTIFF_EXTS = (".tif", ".tiff")


def tr(text: str) -> str:
    """``text`` in QGIS's language: the plugin's translator files bare tr() calls under ``@default``."""
    return QCoreApplication.translate("@default", text)


def icon(name: str) -> QIcon:
    """An algorithm icon from resources/icons, falling back to the plugin icon."""
    for path in (ICON_DIR / f"{name}.svg", PLUGIN_ROOT / "resources" / "icon.svg"):
        if path.is_file():
            return QIcon(str(path))
    return QIcon()


class FeedbackBridge:
    """Engine callbacks (progress(percent, message), cancel()) on a Processing feedback."""

    def __init__(self, feedback: Optional[QgsProcessingFeedback], start: float = 0.0, end: float = 100.0):
        self.feedback = feedback
        self.start = start
        self.span = end - start
        self._last_message = ""

    def progress(self, percent: float, message: str = "") -> None:
        if self.feedback is None:
            return
        self.feedback.setProgress(self.start + self.span * max(0.0, min(100.0, float(percent))) / 100.0)
        if message and message != self._last_message:
            # Messages repeat per tile; only changes are worth a log line.
            self._last_message = message
            self.feedback.setProgressText(message)

    def cancel(self) -> bool:
        return bool(self.feedback is not None and self.feedback.isCanceled())


def staging_dir(prefix: str) -> Path:
    """A fresh folder in the Processing temporary folder for one run."""
    folder = Path(QgsProcessingUtils.tempFolder()) / f"{prefix}_{uuid.uuid4().hex[:10]}"
    folder.mkdir(parents=True, exist_ok=False)
    return folder


def raster_file_of(layer: QgsRasterLayer, names: bool = True) -> Optional[str]:
    """What the engine opens for a raster layer: its file, or (with ``names``) its GDAL dataset
    name, such as a raster inside a zip archive or one table of a GeoPackage. None when there is
    neither (a layer of another provider). GDAL open options the layer was opened with
    (``|option:...``) are not passed on: the engine reads the values as stored."""
    from ..engine.raster_io import gdal_name

    if layer is None or layer.providerType() != "gdal":
        return None
    parts = QgsProviderRegistry.instance().decodeUri("gdal", layer.source())
    source = layer.source().split("|")[0]
    if gdal_name(source):
        return source if names else None
    path = parts.get("path") or source
    if parts.get("layerName") or parts.get("layerId"):
        return None                              # one raster inside a container: copy it
    return path if os.path.isfile(path) else None


def raster_path(alg: QgsProcessingAlgorithm, parameters: dict, name: str, context,
                feedback: Optional[QgsProcessingFeedback], work_dir: Optional[Path] = None,
                names: bool = True):
    """What the engine reads for the raster parameter ``name`` (None when it is unset): a file
    Path, or with ``names`` a GDAL dataset name as text (a raster inside a zip archive, a
    GeoPackage table), which the detection and features runs open as they are.

    A layer with no file behind it (a memory, WMS or database raster; a GDAL name where
    ``names`` is off) is written to a temporary GeoTIFF first, and the log says so.
    """
    from ..engine.raster_io import as_source

    if parameters.get(name) in (None, ""):
        return None
    layer = alg.parameterAsRasterLayer(parameters, name, context)
    if layer is None or not layer.isValid():
        raise QgsProcessingException(tr("'{}': the raster {} cannot be opened. Choose a raster layer or "
                                        "a GeoTIFF file that exists.").format(name, parameters.get(name)))
    path = raster_file_of(layer, names)
    if path:
        return as_source(path)
    folder = work_dir or staging_dir("lm_input")
    copy = folder / f"{name.lower()}_copy.tif"
    if feedback is not None:
        feedback.pushInfo(tr("'{}' ({}) is not a file the engine can read; writing a temporary "
                             "GeoTIFF copy to {}").format(layer.name(), layer.providerType(), copy))
    pipe = QgsRasterPipe()
    if not pipe.set(layer.dataProvider().clone()):
        raise QgsProcessingException(tr("Could not copy raster '{}' to a file.").format(layer.name()))
    writer = QgsRasterFileWriter(str(copy))
    writer.setOutputFormat("GTiff")
    err = writer.writeRaster(pipe, layer.width(), layer.height(), layer.extent(), layer.crs(),
                             context.transformContext())
    if err != QgsRasterFileWriter.NoError or not copy.is_file():
        raise QgsProcessingException(tr("Could not copy raster '{}' to a temporary GeoTIFF "
                                        "(error {}).").format(layer.name(), int(err)))
    return copy


def vector_path(alg: QgsProcessingAlgorithm, parameters: dict, name: str, context,
                feedback: Optional[QgsProcessingFeedback]) -> tuple[Optional[Path], Optional[str]]:
    """``(file, layer name)`` for a vector source parameter; (None, None) when unset.

    A memory layer, a selection or a filtered layer is exported to a
    temporary GeoPackage by Processing itself.
    """
    if parameters.get(name) in (None, ""):
        return None, None
    path, layer_name = alg.parameterAsCompatibleSourceLayerPathAndLayerName(
        parameters, name, context, ["gpkg", "shp", "geojson", "json", "fgb"], "gpkg", feedback)
    if not path:
        raise QgsProcessingException(tr("'{}': the vector layer cannot be read.").format(name))
    if "|" in path:                               # "file.gpkg|layername=x"
        path, _, rest = path.partition("|")
        if not layer_name and rest.startswith("layername="):
            layer_name = rest.split("=", 1)[1]
    return Path(path), (layer_name or None)


def map_layer_path(alg: QgsProcessingAlgorithm, parameters: dict, name: str, context,
                   feedback: Optional[QgsProcessingFeedback], work_dir: Path):
    """``(kind, path, layer name)`` for a raster-or-vector parameter; kind is 'raster' or 'vector'.

    File-backed layers are read in place; any other layer (memory, database,
    filtered) is written to a temporary GeoTIFF / GeoPackage first.
    """
    from qgis.core import QgsMapLayerType, QgsVectorLayer

    if parameters.get(name) in (None, ""):
        return None, None, None
    layer = alg.parameterAsLayer(parameters, name, context)
    if layer is None or not layer.isValid():
        raise QgsProcessingException(tr("'{}': {} cannot be opened. Choose a raster or polygon layer or "
                                        "file.").format(name, parameters.get(name)))
    if layer.type() == QgsMapLayerType.RasterLayer:
        return "raster", raster_path(alg, {name: layer}, name, context, feedback, work_dir, names=False), None
    assert isinstance(layer, QgsVectorLayer)
    parts = QgsProviderRegistry.instance().decodeUri(layer.providerType(), layer.source())
    path = parts.get("path")
    if (layer.providerType() == "ogr" and path and os.path.isfile(path) and not layer.subsetString()
            and not parts.get("vsiPrefix")):        # "path" of a layer inside an archive is the archive
        return "vector", Path(path), parts.get("layerName") or None
    copy = work_dir / f"{name.lower()}_copy.gpkg"
    if feedback is not None:
        feedback.pushInfo(tr("'{}' is not a plain vector file; writing a temporary GeoPackage copy to "
                             "{}").format(layer.name(), copy))
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    options.layerName = "layer"
    err = QgsVectorFileWriter.writeAsVectorFormatV3(layer, str(copy), context.transformContext(), options)
    if err[0] != QgsVectorFileWriter.NoError:
        raise QgsProcessingException(tr("Could not copy '{}' to a temporary GeoPackage: {}").format(
            layer.name(), err[1]))
    return "vector", copy, "layer"


def _staging_name(dest: Path) -> Path:
    return dest.with_name(f".{dest.stem}.partial-{uuid.uuid4().hex[:8]}{dest.suffix}")


def _translate(translate, src: Path, tmp: Path, driver: str, target: Path, check=None) -> None:
    """``src`` written to ``tmp`` as ``driver`` by ``translate`` (gdal.Translate or
    gdal.VectorTranslate) and closed before this returns, so that a failure to finish the file
    (a full disk) is known before it is renamed into place: QgsProcessingException, with GDAL's
    words, or the engine's message for an output the folder cannot take. ``check()``, when
    given, then says what the closed file lacks (None: nothing), for the drivers that write
    without telling a failed write."""
    from ..engine.outputs import failed_output
    from ..engine.raster_io import closing_failures, gdal_failures

    # the file may close as the exception that stopped it goes (its traceback held it open)
    with gdal_failures() as failures, closing_failures() as closing:
        try:
            done = translate(str(tmp), str(src), format=driver)
            if done is not None:
                done.FlushCache()
        except RuntimeError as exc:         # where GDAL's exceptions are switched on
            done = None
            failures.append(str(exc))
        made = done is not None
        done = None                         # closes the file
    failures = [m.replace(f"{tmp}: ", "") for m in failures + closing if m]
    if made and not failures:
        lacks = check() if check is not None else None
        if lacks is None:
            return
        failures = [lacks]
    error = failed_output(target, tmp, failures)
    if error is not None:
        raise QgsProcessingException(str(error))
    said = " ({})".format("; ".join(failures[:3])) if failures else ""
    raise QgsProcessingException(tr("GDAL could not write {} as {}.").format(target, driver) + said)


def _lacks_features(src: Path, copy: Path):
    """What the vector file ``copy`` of ``src`` lacks: None when it opens and holds as many
    features as ``src`` (GeoJSON's writer, for one, stops at a full disk without a word)."""
    from ..engine.raster_io import feature_count as count

    want, got = count(src), count(copy)
    if got is None:
        return "the file written cannot be read back"
    if want is not None and got != want:
        return f"the file written holds {got} of the {want} features"
    return None


def deliver_raster(src: Path, dest: str) -> str:
    """Put the GeoTIFF ``src`` at ``dest`` (converting when ``dest`` is another format).

    Written under a staging name and renamed, so ``dest`` is either the old
    file or the complete new one.
    """
    target = Path(dest)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = _staging_name(target)
    try:
        if target.suffix.lower() in GEOTIFF_EXTS:
            shutil.move(str(src), str(tmp))
        else:
            from osgeo import gdal

            driver = QgsRasterFileWriter.driverForExtension(target.suffix) or "GTiff"
            _translate(gdal.Translate, src, tmp, driver, target)
        os.replace(tmp, target)
        # GDAL keeps what the format cannot hold (band names, statistics) in a sidecar beside it
        side = tmp.with_name(tmp.name + ".aux.xml")
        if side.exists():
            os.replace(side, target.with_name(target.name + ".aux.xml"))
    finally:
        for left in (tmp, tmp.with_name(tmp.name + ".aux.xml")):
            if left.exists():
                left.unlink()
    return str(target)


def deliver_vector(src: Path, dest: str, layer_name: str = "landslides") -> str:
    """Put the GeoPackage ``src`` at ``dest`` (converting to the format of its extension)."""
    if dest.startswith(("ogr:", "postgis:", "memory:")) or "|" in dest:
        raise QgsProcessingException(tr("Polygons can be saved to a file (GeoPackage, Shapefile, "
                                        "GeoJSON...), not to '{}'. Choose a file name.").format(dest))
    target = Path(dest)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = _staging_name(target)
    try:
        if target.suffix.lower() == ".gpkg":
            shutil.move(str(src), str(tmp))
        else:
            from osgeo import gdal

            driver = QgsVectorFileWriter.driverForExtension(target.suffix) or "GPKG"
            _translate(gdal.VectorTranslate, src, tmp, driver, target, lambda: _lacks_features(src, tmp))
        if target.suffix.lower() == ".shp":
            # A shapefile is several files; move each companion.
            for part in tmp.parent.glob(tmp.stem + ".*"):
                os.replace(part, target.with_suffix(part.suffix))
        else:
            os.replace(tmp, target)
    finally:
        for part in tmp.parent.glob(tmp.stem + ".*"):
            part.unlink()
    return str(target)


def output_path(alg: QgsProcessingAlgorithm, parameters: dict, name: str, context) -> str:
    """The destination the user chose for output ``name`` ('' when skipped).

    Asked once per output and run: for a temporary output Processing makes up a new file name
    at each asking and registers each for loading, so a second asking would leave a layer
    that never gets written ("not correctly generated")."""
    if name in parameters and parameters[name] is None:
        return ""
    held = alg.__dict__.get("_landslide_outputs")
    if held is None or held[0] is not parameters:       # another run's parameters (held, so never
        held = alg.__dict__["_landslide_outputs"] = (parameters, {})    # mistaken for these)
    asked = held[1]
    if name not in asked:
        asked[name] = alg.parameterAsOutputLayer(parameters, name, context) or ""
    return asked[name]


def check_destinations(dests: dict) -> None:
    """Before a run: each chosen output's folder exists or can be made, and takes files; a
    GeoPackage of polygons there holds no analyst's review. QgsProcessingException naming the
    output, the folder and the fix otherwise, so that a run is not made for nothing."""
    from ..engine.outputs import cannot_write, review_work_in

    probed: dict = {}
    for label, dest in dests.items():
        if not dest or dest.startswith(("ogr:", "postgis:", "memory:")) or "|" in dest:
            continue
        target = Path(dest)
        if target.is_dir():
            raise QgsProcessingException(tr("The output {} is a folder: give a file name for {}.").format(dest, label))
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise QgsProcessingException(tr("The folder of the output {} cannot be made ({}). Choose another "
                                            "location for {}.").format(dest, exc.strerror or exc, label))
        if target.parent not in probed:
            probed[target.parent] = cannot_write(target.parent)
        reason = probed[target.parent]
        if reason is not None:
            raise QgsProcessingException(tr("The output {} cannot be written in {} ({}). Choose another location "
                                            "for {}.").format(target.name, target.parent, reason, label))
        work = review_work_in(target)
        if work:
            raise QgsProcessingException(tr("{} holds an analyst's review ({}): this run would replace it. Choose "
                                            "another file for {}, or move that one elsewhere first.")
                                         .format(dest, work, label))


@contextlib.contextmanager
def delivering(label: str, dest: str):
    """Putting output ``label`` at ``dest``: a failure of the system (a folder gone read-only, a
    full disk) becomes one clear QgsProcessingException, not a traceback."""
    try:
        yield
    except QgsProcessingException:
        raise
    except OSError as exc:
        raise QgsProcessingException(tr("The output {} could not be put at {} ({}). Free some space there or "
                                        "choose another location for {}.").format(
            label, dest, exc.strerror or exc, label)) from exc


def set_layer_style(context, dest: str, style: str, name: str) -> None:
    """Name and style an output that Processing will load into the project."""
    if not dest or not context.willLoadLayerOnCompletion(dest):
        return
    details = context.layerToLoadOnCompletionDetails(dest)
    details.name = name
    qml = STYLE_DIR / f"{style}.qml"
    if qml.is_file():
        details.setPostProcessor(_StylePostProcessor.create(str(qml)))


try:
    from qgis.core import QgsProcessingLayerPostProcessorInterface

    class _StylePostProcessor(QgsProcessingLayerPostProcessorInterface):
        """Applies a QML style to a layer once Processing has loaded it."""

        _keep = []           # Processing does not own Python post-processors: keep them alive

        def __init__(self, qml: str):
            super().__init__()
            self.qml = qml

        def postProcessLayer(self, layer, context, feedback):  # noqa: N802 (QGIS API)
            if layer is not None and layer.isValid():
                layer.loadNamedStyle(self.qml)
                layer.triggerRepaint()

        @classmethod
        def create(cls, qml: str) -> "_StylePostProcessor":
            inst = cls(qml)
            cls._keep.append(inst)
            return inst
except ImportError:  # pragma: no cover - every supported QGIS has it
    _StylePostProcessor = None


def engine_error(exc: Exception) -> QgsProcessingException:
    """A Processing error carrying the engine's message for the analyst."""
    return QgsProcessingException(str(exc))


def deliver_file(src, dest: str) -> str:
    """Move any finished file to ``dest`` atomically (staging name, then rename)."""
    target = Path(dest)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = _staging_name(target)
    try:
        shutil.move(str(src), str(tmp))
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()
    return str(target)
