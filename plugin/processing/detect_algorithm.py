"""Processing algorithm ``landslide_mapper:detect``: the dock's detection, in the toolbox.

It builds the same :class:`DetectionRequest` as the dock and the command line
and calls ``plugin.engine.detect.run_detection``; the engine writes into a
staging folder and the outputs are then moved to where the user asked.
"""
from __future__ import annotations

from pathlib import Path

from qgis.core import (
    QgsProcessing,
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterEnum,
    QgsProcessingParameterExtent,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFile,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterRasterLayer,
    QgsProcessingParameterString,
    QgsProcessingParameterVectorDestination,
    QgsProcessingUtils,
)

from ..engine.request import COMPRESSIONS   # dataclasses only: light to import at QGIS start
from . import common
from .common import tr
from .models_list import AUTO, model_choices

DEVICES = ("auto", "cuda", "cpu")
SALIENCY_CHOICES = ("off", "auto", "gradient", "gradcam", "occlusion", "attention")


class DetectAlgorithm(QgsProcessingAlgorithm):
    IMAGE = "IMAGE"
    DEM = "DEM"
    MODEL = "MODEL"
    MODEL_FILE = "MODEL_FILE"
    BANDS = "BANDS"
    AOI = "AOI"
    EXTENT = "EXTENT"
    THRESHOLD = "THRESHOLD"
    OVERLAP = "OVERLAP"
    DEVICE = "DEVICE"
    TTA = "TTA"
    SALIENCY = "SALIENCY"
    MIN_AREA = "MIN_AREA"
    SIMPLIFY = "SIMPLIFY"
    BATCH_SIZE = "BATCH_SIZE"
    THREADS = "THREADS"
    COMPRESSION = "COMPRESSION"
    OUTPUT_PROBABILITY = "OUTPUT_PROBABILITY"
    OUTPUT_MASK = "OUTPUT_MASK"
    OUTPUT_POLYGONS = "OUTPUT_POLYGONS"
    OUTPUT_UNCERTAINTY = "OUTPUT_UNCERTAINTY"
    OUTPUT_SALIENCY = "OUTPUT_SALIENCY"

    def name(self):
        return "detect"

    def displayName(self):  # noqa: N802 (QGIS API)
        return tr("Detect landslides")

    def group(self):
        return tr("Detection")

    def groupId(self):  # noqa: N802
        return "detection"

    def icon(self):
        return common.icon("detect")

    def createInstance(self):  # noqa: N802
        return DetectAlgorithm()

    def shortHelpString(self):  # noqa: N802
        return tr(
            "Maps landslides in an image (and, for terrain models, a DEM) with a bundled deep-learning "
            "model, exactly as the Landslide Mapper dock does.\n\n"
            "<b>Image</b>: any band count and data type (uint8, uint16, float). The model's metadata says "
            "which bands it reads and how to normalise them.\n"
            "<b>Image bands</b>: the image band for each band the model reads, in its order (3,2,1 when a "
            "red-green-blue model meets blue-green-red imagery). Empty: bands tagged red, green and blue "
            "are found wherever they lie, else bands 1, 2, 3 are used.\n"
            "<b>DEM</b>: needed by terrain models; any CRS, cell size and extent - it is aligned to the "
            "image grid on the fly.\n"
            "<b>Model</b>: 'auto' picks the default terrain model when a DEM is given, else the default "
            "image-only model. A model file (advanced) overrides the choice.\n"
            "<b>Area of interest</b>: polygons (selected features only when so chosen) or an extent; "
            "without one the whole image is processed.\n"
            "<b>Threshold</b>: probability above which a pixel is a landslide; empty uses the model's "
            "tuned threshold. <b>Overlap</b>: tile overlap in pixels; empty uses the model's default.\n"
            "<b>Test-time augmentation</b> runs the 8 flips/rotations and averages them (8x slower); it "
            "also gives the uncertainty layer.\n\n"
            "Outputs: landslide probability (0-1), binary mask (1 landslide, 0 not, 255 nodata), "
            "editable polygons with review fields, and optionally uncertainty and saliency rasters.")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterRasterLayer(self.IMAGE, tr("Image")))
        self.addParameter(QgsProcessingParameterRasterLayer(self.DEM, tr("DEM (terrain models)"),
                                                            optional=True))
        model = QgsProcessingParameterEnum(self.MODEL, tr("Model"), options=model_choices(),
                                           defaultValue=AUTO)
        model.setUsesStaticStrings(True)
        self.addParameter(model)
        self.addParameter(QgsProcessingParameterString(
            self.BANDS, tr("Image bands, in the model's band order (e.g. 3,2,1 for blue-green-red imagery; "
                           "empty: from the colour tags)"), optional=True))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.AOI, tr("Area of interest (polygons)"), [QgsProcessing.TypeVectorPolygon], optional=True))
        self.addParameter(QgsProcessingParameterExtent(self.EXTENT, tr("Area of interest (extent)"),
                                                       optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            self.THRESHOLD, tr("Threshold (empty: the model's)"), QgsProcessingParameterNumber.Double,
            optional=True, minValue=0.0, maxValue=1.0))
        self.addParameter(QgsProcessingParameterNumber(
            self.OVERLAP, tr("Tile overlap in pixels (empty: the model's)"),
            QgsProcessingParameterNumber.Integer, optional=True, minValue=0))
        device = QgsProcessingParameterEnum(self.DEVICE, tr("Device"), options=list(DEVICES),
                                            defaultValue="auto")
        device.setUsesStaticStrings(True)
        self.addParameter(device)
        self.addParameter(QgsProcessingParameterBoolean(self.TTA, tr("Test-time augmentation (8x slower)"),
                                                        defaultValue=False))
        saliency = QgsProcessingParameterEnum(self.SALIENCY, tr("Saliency"), options=list(SALIENCY_CHOICES),
                                              defaultValue="off")
        saliency.setUsesStaticStrings(True)
        self.addParameter(saliency)

        advanced = [
            QgsProcessingParameterFile(self.MODEL_FILE, tr("Model file (.onnx, overrides Model)"),
                                       extension="onnx", optional=True),
            QgsProcessingParameterNumber(self.MIN_AREA, tr("Minimum landslide area (m²)"),
                                         QgsProcessingParameterNumber.Double, defaultValue=0.0, minValue=0.0),
            QgsProcessingParameterNumber(self.SIMPLIFY, tr("Simplify polygons (tolerance in m)"),
                                         QgsProcessingParameterNumber.Double, defaultValue=0.0, minValue=0.0),
            QgsProcessingParameterNumber(self.BATCH_SIZE, tr("Tiles per batch"),
                                         QgsProcessingParameterNumber.Integer, defaultValue=4, minValue=1,
                                         maxValue=256),
            QgsProcessingParameterNumber(self.THREADS, tr("CPU threads (0: all cores)"),
                                         QgsProcessingParameterNumber.Integer, defaultValue=0, minValue=0),
            QgsProcessingParameterEnum(self.COMPRESSION,
                                       tr("GeoTIFF compression (deflate: for software that cannot read zstd)"),
                                       options=list(COMPRESSIONS), defaultValue="zstd", optional=True),
        ]
        advanced[-1].setUsesStaticStrings(True)
        for p in advanced:
            p.setFlags(p.flags() | QgsProcessingParameterDefinition.FlagAdvanced)
            self.addParameter(p)

        self.addParameter(QgsProcessingParameterRasterDestination(
            self.OUTPUT_PROBABILITY, tr("Landslide probability")))
        self.addParameter(QgsProcessingParameterRasterDestination(self.OUTPUT_MASK, tr("Landslide mask")))
        self.addParameter(QgsProcessingParameterVectorDestination(
            self.OUTPUT_POLYGONS, tr("Landslide polygons"), QgsProcessing.TypeVectorPolygon, optional=True))
        self.addParameter(QgsProcessingParameterRasterDestination(
            self.OUTPUT_UNCERTAINTY, tr("Uncertainty (needs test-time augmentation)"),
            optional=True, createByDefault=False))
        self.addParameter(QgsProcessingParameterRasterDestination(
            self.OUTPUT_SALIENCY, tr("Saliency"), optional=True, createByDefault=False))
        self.addOutput(QgsProcessingOutputNumber("LANDSLIDES", tr("Landslides found")))
        self.addOutput(QgsProcessingOutputNumber("LANDSLIDE_AREA_M2", tr("Landslide area (m²)")))
        self.addOutput(QgsProcessingOutputString("PROVIDER", tr("Execution provider used")))
        self.addOutput(QgsProcessingOutputString("MODEL_USED", tr("Model used")))
        self.addOutput(QgsProcessingOutputString("SUMMARY", tr("Run summary (JSON file)")))

    # -- parameter checks -------------------------------------------------------------------

    def _model_choice(self, parameters, context):
        path = self.parameterAsFile(parameters, self.MODEL_FILE, context)
        if path:
            return Path(path)
        name = self.parameterAsEnumString(parameters, self.MODEL, context)
        return None if name in ("", AUTO) else name

    def checkParameterValues(self, parameters, context):  # noqa: N802
        ok, message = super().checkParameterValues(parameters, context)
        if not ok:
            return ok, message
        image = self.parameterAsRasterLayer(parameters, self.IMAGE, context)
        if image is None or not image.isValid():
            return False, tr("The image cannot be opened: choose a raster layer or a GeoTIFF file.")
        dem = self.parameterAsRasterLayer(parameters, self.DEM, context) if parameters.get(self.DEM) else None
        if parameters.get(self.DEM) and (dem is None or not dem.isValid()):
            return False, tr("The DEM cannot be opened: choose a raster layer or leave DEM empty.")
        threshold = parameters.get(self.THRESHOLD)
        if threshold not in (None, ""):
            t = self.parameterAsDouble(parameters, self.THRESHOLD, context)
            if not 0.0 < t < 1.0:
                return False, tr("Threshold {} is not a probability strictly between 0 and 1: use e.g. "
                                 "0.5, or leave it empty for the model's tuned threshold.").format(t)
        if parameters.get(self.AOI) not in (None, "") and parameters.get(self.EXTENT) not in (None, ""):
            return False, tr("Give the area of interest either as polygons or as an extent, not both.")
        try:
            from ..engine.catalog import resolve_model

            info = resolve_model(self._model_choice(parameters, context), has_dem=dem is not None)
        except Exception as exc:  # noqa: BLE001 - every engine message is for the analyst
            return False, str(exc)
        meta = info.metadata
        if meta.needs_dem and dem is None:
            return False, tr("Model '{}' uses terrain channels ({}) and needs a DEM: give one in 'DEM', "
                             "or choose an image-only model.").format(
                info.name, ", ".join(c.name for c in meta.channels if c.source == "dem"))
        try:
            bands = self._bands(parameters, context)
            if bands:       # the run's own check, before the run
                from ..engine.raster_io import check_asked_bands

                check_asked_bands(bands, meta, image.bandCount(), image.name())
        except Exception as exc:  # noqa: BLE001 - the engine's message names the value and the fix
            return False, str(exc)
        roles = ", ".join(meta.band_roles)
        if not bands and image.bandCount() < meta.min_bands:
            return False, tr("Model '{}' reads {} image bands ({}) but '{}' has only {} band(s): say which "
                             "band to use for each in 'Image bands' (e.g. 1,1,1), or choose an image with at "
                             "least {} bands or a model made for this imagery.").format(
                info.name, meta.min_bands, roles, image.name(), image.bandCount(), meta.min_bands)
        overlap = parameters.get(self.OVERLAP)
        if overlap not in (None, ""):
            ov = self.parameterAsInt(parameters, self.OVERLAP, context)
            if ov > meta.tile_size // 2:
                return False, tr("Overlap {} px is more than half of the model's {} px tiles: use at most "
                                 "{} px.").format(ov, meta.tile_size, meta.tile_size // 2)
        return True, ""

    def _bands(self, parameters, context):
        """The image bands given for the model's bands, or None (then the engine decides)."""
        from ..engine.raster_io import parse_bands

        return parse_bands(self.parameterAsString(parameters, self.BANDS, context) or "") or None

    # -- run ----------------------------------------------------------------------------------

    def _area_of_interest(self, parameters, context, feedback, image_layer):
        from ..engine.request import AreaOfInterest

        vector, layer_name = common.vector_path(self, parameters, self.AOI, context, feedback)
        if vector is not None:
            return AreaOfInterest(vector=vector, layer=layer_name)
        if parameters.get(self.EXTENT) in (None, ""):
            return None
        rect = self.parameterAsExtent(parameters, self.EXTENT, context, image_layer.crs())
        return AreaOfInterest(bbox=(rect.xMinimum(), rect.yMinimum(), rect.xMaximum(), rect.yMaximum()),
                              crs=image_layer.crs().authid() or image_layer.crs().toWkt())

    def build_request(self, parameters, context, feedback, work):
        """The :class:`DetectionRequest` these parameters describe (files staged in ``work``)."""
        from ..engine.request import DetectionRequest

        image_layer = self.parameterAsRasterLayer(parameters, self.IMAGE, context)
        image = common.raster_path(self, parameters, self.IMAGE, context, feedback, work)
        dem = common.raster_path(self, parameters, self.DEM, context, feedback, work)
        threshold = (None if parameters.get(self.THRESHOLD) in (None, "")
                     else self.parameterAsDouble(parameters, self.THRESHOLD, context))
        overlap = (None if parameters.get(self.OVERLAP) in (None, "")
                   else self.parameterAsInt(parameters, self.OVERLAP, context))
        saliency = self.parameterAsEnumString(parameters, self.SALIENCY, context) or "off"
        if saliency == "off" and common.output_path(self, parameters, self.OUTPUT_SALIENCY, context):
            feedback.pushInfo(tr("A saliency output was asked for: computing saliency ('auto' method)."))
            saliency = "auto"
        tta = self.parameterAsBoolean(parameters, self.TTA, context)
        if not tta and common.output_path(self, parameters, self.OUTPUT_UNCERTAINTY, context):
            feedback.pushInfo(tr("An uncertainty output was asked for: it is the spread of the 8 "
                                 "test-time-augmentation predictions, so augmentation is switched on."))
            tta = True
        threads = self.parameterAsInt(parameters, self.THREADS, context)
        out_dir = work / "run"
        out_dir.mkdir(parents=True, exist_ok=True)
        return DetectionRequest(
            image=image,
            out_dir=out_dir,
            dem=dem,
            model=self._model_choice(parameters, context),
            aoi=self._area_of_interest(parameters, context, feedback, image_layer),
            threshold=threshold,
            overlap=overlap,
            batch_size=self.parameterAsInt(parameters, self.BATCH_SIZE, context) or 4,
            device=self.parameterAsEnumString(parameters, self.DEVICE, context) or "auto",
            threads=threads or None,
            tta=tta,
            saliency=None if saliency == "off" else saliency,
            min_area_m2=self.parameterAsDouble(parameters, self.MIN_AREA, context),
            simplify_m=self.parameterAsDouble(parameters, self.SIMPLIFY, context),
            write_polygons=True,        # traced whether delivered or not: they count the landslides
            compression=self.parameterAsEnumString(parameters, self.COMPRESSION, context) or "zstd",
            bands=self._bands(parameters, context),
        )

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        from ..engine.detect import run_detection
        from ..engine.errors import Cancelled, LandslideMapperError

        dests = {name: common.output_path(self, parameters, name, context)
                 for name in (self.OUTPUT_PROBABILITY, self.OUTPUT_MASK, self.OUTPUT_POLYGONS,
                              self.OUTPUT_UNCERTAINTY, self.OUTPUT_SALIENCY)}
        common.check_destinations({self.parameterDefinition(n).description(): d for n, d in dests.items()})
        work = common.staging_dir("lm_detect")
        request = self.build_request(parameters, context, feedback, work)
        bridge = common.FeedbackBridge(feedback, 0.0, 95.0)
        try:
            result = run_detection(request, progress=bridge.progress, cancel=bridge.cancel)
        except Cancelled as exc:
            raise QgsProcessingException(tr("Cancelled; no output was written. ({})").format(exc))
        except LandslideMapperError as exc:
            raise common.engine_error(exc)
        if feedback.isCanceled():
            raise QgsProcessingException(tr("Cancelled; no output was written."))

        feedback.pushInfo(tr("Model {} on {}; {} tiles ({} skipped as nodata) in {:.1f} s; "
                             "{} landslide(s), {:.0f} m².").format(
            result.model, result.provider, result.tiles, result.tiles_skipped, result.seconds,
            result.landslides, result.landslide_area_m2))
        for warning in result.warnings:
            feedback.pushWarning(str(warning))

        outputs = {}
        prob, mask = dests[self.OUTPUT_PROBABILITY], dests[self.OUTPUT_MASK]
        if prob:
            with common.delivering(tr("Landslide probability"), prob):
                outputs[self.OUTPUT_PROBABILITY] = common.deliver_raster(result.probability, prob)
            common.set_layer_style(context, prob, "probability", tr("Landslide probability"))
        if mask:
            with common.delivering(tr("Landslide mask"), mask):
                outputs[self.OUTPUT_MASK] = common.deliver_raster(result.mask, mask)
            common.set_layer_style(context, mask, "mask", tr("Landslide mask"))
        polygons = dests[self.OUTPUT_POLYGONS]
        if polygons and result.polygons:
            with common.delivering(tr("Landslides"), polygons):
                outputs[self.OUTPUT_POLYGONS] = common.deliver_vector(result.polygons, polygons)
            common.set_layer_style(context, polygons, "polygons", tr("Landslides"))
        for name, produced, style, title in (
                (self.OUTPUT_UNCERTAINTY, result.uncertainty, "uncertainty", tr("Uncertainty")),
                (self.OUTPUT_SALIENCY, result.saliency, "saliency", tr("Saliency"))):
            if produced is None:
                continue
            dest = dests[name]
            if not dest:
                dest = QgsProcessingUtils.generateTempFilename(f"{style}.tif")
            with common.delivering(title, dest):
                outputs[name] = common.deliver_raster(produced, dest)
            common.set_layer_style(context, dest, style, title)
        summary_dest = Path(mask or prob or str(work / "x")).with_suffix(".summary.json")
        try:
            summary_dest.write_text(Path(result.summary).read_text(encoding="utf-8"), encoding="utf-8")
            outputs["SUMMARY"] = str(summary_dest)
        except OSError as exc:
            feedback.pushWarning(tr("Could not write the run summary {}: {}").format(summary_dest, exc))
        outputs.update(LANDSLIDES=result.landslides, LANDSLIDE_AREA_M2=result.landslide_area_m2,
                       PROVIDER=result.provider, MODEL_USED=result.model)
        feedback.setProgress(100)
        return outputs
