"""Builds the shipped model-builder chain ``resources/modeler/landslide_mapping_chain.model3``.

features (slope on the image grid) -> detect -> vectorize (with the slope)
-> evaluate (against a reference). Kept as code so the .model3 can be
regenerated when an algorithm's parameters change::

    .venv/bin/python -m landslide_mapper.plugin.processing.modeler_chain
"""
from __future__ import annotations

from pathlib import Path

CHAIN_FILE = Path(__file__).resolve().parents[2] / "resources" / "modeler" / "landslide_mapping_chain.model3"


def _definitions(alg_name: str):
    from .provider import ALGORITHMS

    for cls in ALGORITHMS:
        alg = cls()
        if alg.name() == alg_name:
            alg.initAlgorithm({})
            # Plain values: the definitions die with the algorithm object.
            return [(d.name(), d.isDestination(), d.defaultValue()) for d in alg.parameterDefinitions()]
    raise KeyError(alg_name)


def build_chain():
    from qgis.core import (
        QgsProcessing,
        QgsProcessingModelAlgorithm,
        QgsProcessingModelChildAlgorithm,
        QgsProcessingModelChildParameterSource as Src,
        QgsProcessingModelOutput,
        QgsProcessingModelParameter,
        QgsProcessingParameterFile,
        QgsProcessingParameterMapLayer,
        QgsProcessingParameterNumber,
        QgsProcessingParameterRasterLayer,
    )
    from qgis.PyQt.QtCore import QPointF

    model = QgsProcessingModelAlgorithm("Landslide mapping chain", "Landslide Mapper")
    model.setHelpContent({
        "ALG_DESC": "Maps landslides in an image and a DEM and checks the map against a reference: "
                    "slope from the DEM on the image grid, detection, polygons with their mean slope, "
                    "and an accuracy report.",
        "image": "Image to map (bands as the model expects).",
        "dem": "DEM covering the image (any CRS and cell size).",
        "reference": "Reference landslides: a mask raster (1 landslide, 0 not) or polygons.",
        "model_file": "Optional .onnx model; empty: the default model for an image with a DEM.",
        "min_area_m2": "Landslides smaller than this (m²) are dropped from the polygons.",
    })

    def add_input(param, x, y):
        comp = QgsProcessingModelParameter(param.name())
        comp.setPosition(QPointF(x, y))
        model.addModelParameter(param, comp)

    add_input(QgsProcessingParameterRasterLayer("image", "Image"), 120, 60)
    add_input(QgsProcessingParameterRasterLayer("dem", "DEM"), 340, 60)
    add_input(QgsProcessingParameterMapLayer("reference", "Reference landslides (mask or polygons)",
                                             types=[QgsProcessing.TypeRaster, QgsProcessing.TypeVectorPolygon]),
              560, 60)
    add_input(QgsProcessingParameterFile("model_file", "Model file (.onnx, optional)", extension="onnx",
                                         optional=True), 780, 60)
    add_input(QgsProcessingParameterNumber("min_area_m2", "Minimum landslide area (m²)",
                                           QgsProcessingParameterNumber.Double, defaultValue=20.0, minValue=0.0),
              1000, 60)

    def child(alg, cid, x, y, sources, outputs):
        c = QgsProcessingModelChildAlgorithm(f"landslide_mapper:{alg}")
        c.setChildId(cid)
        c.setDescription(cid.capitalize())
        c.setPosition(QPointF(x, y))
        for name, src in sources.items():
            c.addParameterSources(name, [src])
        # The modeler dialog fills every other input with its default; do the same.
        for name, is_destination, default in _definitions(alg):
            if not is_destination and name not in sources and default is not None:
                c.addParameterSources(name, [Src.fromStaticValue(default)])
        outs = {}
        for out_name, (child_output, title) in outputs.items():
            o = QgsProcessingModelOutput(out_name, title)
            o.setChildId(cid)
            o.setChildOutputName(child_output)
            outs[out_name] = o
        c.setModelOutputs(outs)
        model.addChildAlgorithm(c)

    child("features", "features", 340, 200,
          {"DEM": Src.fromModelParameter("dem"), "IMAGE": Src.fromModelParameter("image"),
           "FEATURES": Src.fromStaticValue(["slope_deg"])},
          {"slope": ("OUTPUT", "Slope (degrees)")})
    child("detect", "detect", 120, 320,
          {"IMAGE": Src.fromModelParameter("image"), "DEM": Src.fromModelParameter("dem"),
           "MODEL_FILE": Src.fromModelParameter("model_file")},
          {"probability": ("OUTPUT_PROBABILITY", "Landslide probability"),
           "mask": ("OUTPUT_MASK", "Landslide mask")})
    child("vectorize", "vectorize", 340, 440,
          {"INPUT": Src.fromChildOutput("detect", "OUTPUT_MASK"),
           "PROBABILITY": Src.fromChildOutput("detect", "OUTPUT_PROBABILITY"),
           "SLOPE": Src.fromChildOutput("features", "OUTPUT"),
           "MIN_AREA": Src.fromModelParameter("min_area_m2"),
           "SMOOTH": Src.fromStaticValue(True)},
          {"landslides": ("OUTPUT", "Landslides")})
    child("evaluate", "evaluate", 560, 560,
          {"PREDICTION": Src.fromChildOutput("vectorize", "OUTPUT"),
           "REFERENCE": Src.fromModelParameter("reference"),
           "PROBABILITY": Src.fromChildOutput("detect", "OUTPUT_PROBABILITY")},
          {"report": ("OUTPUT_REPORT", "Accuracy report"), "errors": ("OUTPUT_ERRORS", "Errors (TP/FP/FN)")})
    return model


def main() -> None:
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from qgis.core import QgsApplication

    QgsApplication.setPrefixPath("/usr", True)
    app = QgsApplication([], False)
    app.initQgis()
    CHAIN_FILE.parent.mkdir(parents=True, exist_ok=True)
    if not build_chain().toFile(str(CHAIN_FILE)):
        raise SystemExit(f"could not write {CHAIN_FILE}")
    print(CHAIN_FILE)


if __name__ == "__main__":
    main()
