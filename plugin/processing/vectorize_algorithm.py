"""Processing algorithm ``landslide_mapper:vectorize``: a landslide mask to review polygons.

Calls ``plugin.engine.vectorize.vectorize_mask``, the function detection
uses, so the polygons and their attributes are the same as a detection's.
"""
from __future__ import annotations

from qgis.core import (
    QgsProcessing,
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterLayer,
    QgsProcessingParameterString,
    QgsProcessingParameterVectorDestination,
)

from . import common
from .common import tr


class VectorizeAlgorithm(QgsProcessingAlgorithm):
    INPUT = "INPUT"
    PROBABILITY = "PROBABILITY"
    UNCERTAINTY = "UNCERTAINTY"
    SLOPE = "SLOPE"
    DEM = "DEM"
    MIN_AREA = "MIN_AREA"
    SIMPLIFY = "SIMPLIFY"
    SMOOTH = "SMOOTH"
    FILL_HOLES = "FILL_HOLES"
    MODEL = "MODEL"
    OUTPUT = "OUTPUT"

    def name(self):
        return "vectorize"

    def displayName(self):  # noqa: N802 (QGIS API)
        return tr("Landslide mask to polygons")

    def group(self):
        return tr("Detection")

    def groupId(self):  # noqa: N802
        return "detection"

    def icon(self):
        return common.icon("vectorize")

    def createInstance(self):  # noqa: N802
        return VectorizeAlgorithm()

    def shortHelpString(self):  # noqa: N802
        return tr(
            "Turns a landslide mask (1 landslide, 0 not, 255 nodata - the mask a detection writes) "
            "into one polygon per landslide in a GeoPackage, holes kept, ready for review.\n\n"
            "Fields: area_m2 and perimeter_m (ground measures, also for a CRS in degrees), mean_prob "
            "and max_prob (when a probability raster is given), mean_uncertainty (with an "
            "uncertainty raster), mean_slope_deg (with a slope raster in degrees, or a DEM from which "
            "the slope is computed on the mask grid), model, created_at, and the review fields status "
            "('unreviewed', 'confirmed', 'rejected') and note.\n\n"
            "<b>Fill holes</b> below the given area, <b>smooth</b> the pixel staircase, "
            "<b>simplify</b> with a tolerance in metres, then drop landslides below the "
            "<b>minimum area</b>.")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterRasterLayer(self.INPUT, tr("Landslide mask")))
        self.addParameter(QgsProcessingParameterRasterLayer(self.PROBABILITY, tr("Probability raster"),
                                                            optional=True))
        self.addParameter(QgsProcessingParameterRasterLayer(self.UNCERTAINTY, tr("Uncertainty raster"),
                                                            optional=True))
        self.addParameter(QgsProcessingParameterRasterLayer(self.SLOPE, tr("Slope raster (degrees, band 1)"),
                                                            optional=True))
        self.addParameter(QgsProcessingParameterRasterLayer(self.DEM, tr("DEM (slope computed from it)"),
                                                            optional=True))
        self.addParameter(QgsProcessingParameterNumber(self.MIN_AREA, tr("Minimum landslide area (m²)"),
                                                       QgsProcessingParameterNumber.Double, defaultValue=0.0,
                                                       minValue=0.0))
        self.addParameter(QgsProcessingParameterNumber(self.SIMPLIFY, tr("Simplification tolerance (m)"),
                                                       QgsProcessingParameterNumber.Double, defaultValue=0.0,
                                                       minValue=0.0))
        self.addParameter(QgsProcessingParameterBoolean(self.SMOOTH, tr("Smooth outlines"),
                                                        defaultValue=False))
        self.addParameter(QgsProcessingParameterNumber(self.FILL_HOLES, tr("Fill holes smaller than (m²)"),
                                                       QgsProcessingParameterNumber.Double, defaultValue=0.0,
                                                       minValue=0.0))
        self.addParameter(QgsProcessingParameterString(self.MODEL, tr("Model name for the 'model' field"),
                                                       defaultValue="", optional=True))
        self.addParameter(QgsProcessingParameterVectorDestination(self.OUTPUT, tr("Landslide polygons"),
                                                                  QgsProcessing.TypeVectorPolygon))
        self.addOutput(QgsProcessingOutputNumber("LANDSLIDES", tr("Landslides")))
        self.addOutput(QgsProcessingOutputNumber("LANDSLIDE_AREA_M2", tr("Landslide area (m²)")))

    def checkParameterValues(self, parameters, context):  # noqa: N802
        ok, message = super().checkParameterValues(parameters, context)
        if not ok:
            return ok, message
        mask = self.parameterAsRasterLayer(parameters, self.INPUT, context)
        if mask is None or not mask.isValid():
            return False, tr("The landslide mask cannot be opened: choose a raster layer or file.")
        if mask.bandCount() != 1:
            return False, tr("'{}' has {} bands; a landslide mask has one (1 landslide, 0 not, 255 "
                             "nodata). Use the mask a detection writes, or extract one band "
                             "first.").format(mask.name(), mask.bandCount())
        if parameters.get(self.SLOPE) not in (None, "") and parameters.get(self.DEM) not in (None, ""):
            return False, tr("Give either a slope raster or a DEM, not both.")
        return True, ""

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        from ..engine.errors import Cancelled, LandslideMapperError
        from ..engine.feature_rasters import write_feature_raster
        from ..engine.vectorize import vectorize_mask

        work = common.staging_dir("lm_vectorize")
        mask = common.raster_path(self, parameters, self.INPUT, context, feedback, work)
        prob = common.raster_path(self, parameters, self.PROBABILITY, context, feedback, work)
        unc = common.raster_path(self, parameters, self.UNCERTAINTY, context, feedback, work)
        slope = common.raster_path(self, parameters, self.SLOPE, context, feedback, work)
        dem = common.raster_path(self, parameters, self.DEM, context, feedback, work)
        dest = common.output_path(self, parameters, self.OUTPUT, context)
        common.check_destinations({tr("Landslides"): dest})
        try:
            if dem is not None:
                feedback.pushInfo(tr("Computing the slope of {} on the mask grid").format(dem))
                slope = write_feature_raster(work / "slope.tif", ["slope_deg"], dem=dem, image=mask,
                                             cancel=feedback.isCanceled).path
            bridge = common.FeedbackBridge(feedback)
            result = vectorize_mask(
                mask, work / "polygons.gpkg", probability_path=prob, uncertainty_path=unc, slope_path=slope,
                min_area_m2=self.parameterAsDouble(parameters, self.MIN_AREA, context),
                simplify_m=self.parameterAsDouble(parameters, self.SIMPLIFY, context),
                smooth=self.parameterAsBoolean(parameters, self.SMOOTH, context),
                fill_holes_m2=self.parameterAsDouble(parameters, self.FILL_HOLES, context),
                model=self.parameterAsString(parameters, self.MODEL, context) or "",
                progress=bridge.progress, cancel=bridge.cancel)
        except Cancelled as exc:
            raise QgsProcessingException(tr("Cancelled; no output was written. ({})").format(exc))
        except LandslideMapperError as exc:
            raise common.engine_error(exc)
        feedback.pushInfo(tr("{} landslide(s), {:.0f} m² in all").format(result.count, result.total_area_m2))
        with common.delivering(tr("Landslides"), dest):
            out = common.deliver_vector(work / "polygons.gpkg", dest)
        common.set_layer_style(context, dest, "polygons", tr("Landslides"))
        return {self.OUTPUT: out, "LANDSLIDES": result.count, "LANDSLIDE_AREA_M2": result.total_area_m2}
