"""Processing algorithm ``landslide_mapper:evaluate``: accuracy of a landslide map against a reference.

Calls ``plugin.engine.evaluate.evaluate`` (metrics shared with model
training, so a model card's figures and this report are computed alike) and
delivers its HTML report, error raster and metrics table.
"""
from __future__ import annotations

from qgis.core import (
    QgsFeature,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsProcessing,
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterMapLayer,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterRasterLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from . import common
from .common import tr

NUMBER_OUTPUTS = (("PRECISION", "precision", tr("Precision")), ("RECALL", "recall", tr("Recall")),
                  ("F1", "f1", tr("F1")), ("IOU", "iou", tr("IoU (landslide)")), ("MIOU", "miou", tr("mIoU")),
                  ("MCC", "mcc", tr("Matthews correlation")),
                  ("BALANCED_ACCURACY", "balanced_accuracy", tr("Balanced accuracy")),
                  ("FOUND", "objects_found", tr("Landslides found")),
                  ("MISSED", "objects_missed", tr("Landslides missed")),
                  ("FALSE", "objects_false", tr("False landslides")))


class EvaluateAlgorithm(QgsProcessingAlgorithm):
    PREDICTION = "PREDICTION"
    REFERENCE = "REFERENCE"
    PROBABILITY = "PROBABILITY"
    MIN_OVERLAP = "MIN_OVERLAP"
    OUTPUT_REPORT = "OUTPUT_REPORT"
    OUTPUT_ERRORS = "OUTPUT_ERRORS"
    OUTPUT_TABLE = "OUTPUT_TABLE"

    def name(self):
        return "evaluate"

    def displayName(self):  # noqa: N802 (QGIS API)
        return tr("Evaluate against a reference")

    def group(self):
        return tr("Accuracy")

    def groupId(self):  # noqa: N802
        return "accuracy"

    def icon(self):
        return common.icon("evaluate")

    def createInstance(self):  # noqa: N802
        return EvaluateAlgorithm()

    def shortHelpString(self):  # noqa: N802
        return tr(
            "Compares a landslide map with a reference map and writes the accuracy report an analyst "
            "attaches to a map.\n\n"
            "<b>Prediction</b> and <b>reference</b>: each a mask raster (1 landslide, 0 not, 255 or "
            "nodata not assessed) or a polygon layer (inside = landslide); polygons are rasterised on "
            "the grid of the raster among the two (or of the probability raster).\n"
            "Pixel metrics: precision, recall, F1, IoU, mIoU, MCC, balanced accuracy. Object counts: "
            "landslides found, missed and false (a reference landslide is found when a predicted "
            "one covers at least the <b>minimum overlap</b> of it).\n\n"
            "Outputs: an HTML report with the confusion matrix and, when a <b>probability raster</b> "
            "is given, precision-recall and ROC curves; an error raster (1 true positive, 2 false "
            "positive, 3 false negative, 0 true negative); a table of the metrics with their "
            "definitions.")

    def initAlgorithm(self, config=None):  # noqa: N802
        types = [QgsProcessing.TypeRaster, QgsProcessing.TypeVectorPolygon]
        self.addParameter(QgsProcessingParameterMapLayer(self.PREDICTION, tr("Prediction (mask or polygons)"),
                                                         types=types))
        self.addParameter(QgsProcessingParameterMapLayer(self.REFERENCE, tr("Reference (mask or polygons)"),
                                                         types=types))
        self.addParameter(QgsProcessingParameterRasterLayer(self.PROBABILITY,
                                                            tr("Probability raster (for PR and ROC curves)"),
                                                            optional=True))
        overlap = QgsProcessingParameterNumber(self.MIN_OVERLAP, tr("Minimum overlap to count a landslide found"),
                                               QgsProcessingParameterNumber.Double, defaultValue=0.1,
                                               minValue=0.0, maxValue=1.0)
        overlap.setFlags(overlap.flags() | QgsProcessingParameterDefinition.FlagAdvanced)
        self.addParameter(overlap)
        self.addParameter(QgsProcessingParameterFileDestination(self.OUTPUT_REPORT, tr("Accuracy report"),
                                                                tr("HTML files (*.html)")))
        self.addParameter(QgsProcessingParameterRasterDestination(self.OUTPUT_ERRORS, tr("Error raster"),
                                                                  optional=True))
        self.addParameter(QgsProcessingParameterFeatureSink(self.OUTPUT_TABLE, tr("Metrics table"),
                                                            QgsProcessing.TypeVector, optional=True))
        for key, _metric, label in NUMBER_OUTPUTS:
            self.addOutput(QgsProcessingOutputNumber(key, label))

    def checkParameterValues(self, parameters, context):  # noqa: N802
        ok, message = super().checkParameterValues(parameters, context)
        if not ok:
            return ok, message
        pred = self.parameterAsLayer(parameters, self.PREDICTION, context)
        ref = self.parameterAsLayer(parameters, self.REFERENCE, context)
        for layer, what in ((pred, tr("prediction")), (ref, tr("reference"))):
            if layer is None or not layer.isValid():
                return False, tr("The {} cannot be opened: choose a mask raster or a polygon layer.").format(what)
            if hasattr(layer, "bandCount") and layer.bandCount() != 1:
                return False, tr("The {} '{}' has {} bands; a landslide mask has one (1 landslide, 0 not). "
                                 "Use a mask raster or polygons.").format(what, layer.name(), layer.bandCount())
        rasters = [lyr for lyr in (pred, ref) if hasattr(lyr, "bandCount")]
        if not rasters and parameters.get(self.PROBABILITY) in (None, ""):
            return False, tr("Both prediction and reference are polygons, so there is no pixel grid to "
                             "compare them on: give one of them as a mask raster, or give the probability "
                             "raster of the detection.")
        return True, ""

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        from ..engine import evaluate as engine
        from ..engine.errors import Cancelled, LandslideMapperError

        work = common.staging_dir("lm_evaluate")
        _, pred, pred_layer = common.map_layer_path(self, parameters, self.PREDICTION, context, feedback, work)
        _, ref, ref_layer = common.map_layer_path(self, parameters, self.REFERENCE, context, feedback, work)
        prob = common.raster_path(self, parameters, self.PROBABILITY, context, feedback, work, names=False)
        report = self.parameterAsFileOutput(parameters, self.OUTPUT_REPORT, context)
        errors_dest = common.output_path(self, parameters, self.OUTPUT_ERRORS, context)
        common.check_destinations({tr("Report"): report, tr("Errors (TP / FP / FN)"): errors_dest})
        bridge = common.FeedbackBridge(feedback, 0.0, 95.0)
        try:
            result = engine.evaluate(
                _spec(pred, pred_layer), _spec(ref, ref_layer), work / "eval", probability=prob,
                min_overlap=self.parameterAsDouble(parameters, self.MIN_OVERLAP, context),
                progress=bridge.progress, cancel=bridge.cancel)
        except Cancelled as exc:
            raise QgsProcessingException(tr("Cancelled; no output was written. ({})").format(exc))
        except LandslideMapperError as exc:
            raise common.engine_error(exc)
        for warning in result.warnings:
            feedback.pushWarning(str(warning))

        metrics = dict(result.metrics)
        outputs = {}
        for key, metric, _label in NUMBER_OUTPUTS:
            if metric in metrics:
                outputs[key] = metrics[metric]
        feedback.pushInfo(", ".join(f"{k} {metrics[k]:.4g}" for k in ("precision", "recall", "f1", "iou", "miou")
                                    if isinstance(metrics.get(k), (int, float))))
        with common.delivering(tr("Report"), report):
            outputs[self.OUTPUT_REPORT] = common.deliver_file(result.report, report)
        if errors_dest:
            with common.delivering(tr("Errors (TP / FP / FN)"), errors_dest):
                outputs[self.OUTPUT_ERRORS] = common.deliver_raster(result.error_raster, errors_dest)
            common.set_layer_style(context, errors_dest, "errors", tr("Errors (TP / FP / FN)"))
        if parameters.get(self.OUTPUT_TABLE) is not None:
            from ..engine.metrics import METRIC_DEFINITIONS

            outputs[self.OUTPUT_TABLE] = self._write_table(parameters, context, metrics, METRIC_DEFINITIONS)
        feedback.setProgress(100)
        return outputs

    def _write_table(self, parameters, context, metrics: dict, definitions: dict):
        fields = QgsFields()
        fields.append(QgsField("metric", QVariant.String))
        fields.append(QgsField("value", QVariant.Double))
        fields.append(QgsField("definition", QVariant.String))
        sink, dest = self.parameterAsSink(parameters, self.OUTPUT_TABLE, context, fields, QgsWkbTypes.NoGeometry)
        if sink is None:
            return None
        for name, value in metrics.items():
            if not isinstance(value, (int, float)):
                continue
            f = QgsFeature(fields)
            f.setAttributes([name, float(value), str(definitions.get(name, ""))])
            sink.addFeature(f, QgsFeatureSink.FastInsert)
        return dest



def _spec(path, layer_name) -> str:
    """The engine's way to name one layer of a multi-layer vector file."""
    return f"{path}|layername={layer_name}" if layer_name else str(path)
