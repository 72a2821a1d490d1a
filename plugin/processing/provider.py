"""The Landslide Mapper Processing provider (id ``landslide_mapper``).

Constructible with no arguments; the plugin registers it in
``initProcessing()``, which QGIS also calls in ``qgis_process``. Loading it
imports only QGIS and the algorithm modules: onnxruntime and the engine's
heavy parts are imported when an algorithm runs.
"""
from __future__ import annotations

from qgis.core import QgsProcessingProvider

from . import common
from .common import tr
from .detect_algorithm import DetectAlgorithm
from .evaluate_algorithm import EvaluateAlgorithm
from .features_algorithm import FeaturesAlgorithm
from .vectorize_algorithm import VectorizeAlgorithm

PROVIDER_ID = "landslide_mapper"
ALGORITHMS = (DetectAlgorithm, FeaturesAlgorithm, VectorizeAlgorithm, EvaluateAlgorithm)


class LandslideMapperProvider(QgsProcessingProvider):
    def id(self):
        return PROVIDER_ID

    def name(self):
        return "Landslide Mapper"

    def longName(self):  # noqa: N802 (QGIS API)
        return tr("Landslide Mapper: landslide detection, features, polygons and accuracy")

    def icon(self):
        return common.icon("provider")

    def loadAlgorithms(self):  # noqa: N802
        for cls in ALGORITHMS:
            self.addAlgorithm(cls())
