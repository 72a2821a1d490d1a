"""Processing algorithm ``landslide_mapper:features``: terrain features and spectral indices.

Calls ``plugin.engine.feature_rasters.write_feature_raster``, which uses the
same feature code as detection and training, so these layers show exactly
what a model is fed.
"""
from __future__ import annotations

from qgis.core import (
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingParameterBand,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterEnum,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterRasterLayer,
)

from . import common
from .common import tr

DEM_FEATURES = ("elevation_norm", "slope_deg", "aspect_deg", "hillshade", "curvature")
INDEX_FEATURES = ("brightness", "ndvi", "ndmi", "gndvi", "bsi")
ROLE_PARAMS = (("RED", "red", tr("Red band")), ("GREEN", "green", tr("Green band")),
               ("BLUE", "blue", tr("Blue band")), ("NIR", "nir", tr("Near-infrared band")),
               ("SWIR", "swir1", tr("Short-wave infrared band")))
INDEX_ROLES = {"brightness": (), "ndvi": ("nir", "red"), "ndmi": ("nir", "swir1"),
               "gndvi": ("nir", "green"), "bsi": ("swir1", "red", "nir", "blue")}


def tagged_colours(layer) -> dict:
    """``{colour: band}`` when red, green and blue are each tagged on exactly one band of
    ``layer`` (GDAL's colour interpretation, as the layer properties show it), else {}: the
    rule detection reads an image by (raster_io.colour_bands)."""
    from ..engine.raster_io import colour_bands

    provider = layer.dataProvider()
    return colour_bands(provider.colorInterpretationName(b) for b in range(1, layer.bandCount() + 1))


class FeaturesAlgorithm(QgsProcessingAlgorithm):
    DEM = "DEM"
    IMAGE = "IMAGE"
    FEATURES = "FEATURES"
    WINDOW = "WINDOW"
    OUTPUT = "OUTPUT"

    def name(self):
        return "features"

    def displayName(self):  # noqa: N802 (QGIS API)
        return tr("Terrain and spectral features")

    def group(self):
        return tr("Detection")

    def groupId(self):  # noqa: N802
        return "detection"

    def icon(self):
        return common.icon("features")

    def createInstance(self):  # noqa: N802
        return FeaturesAlgorithm()

    def shortHelpString(self):  # noqa: N802
        return tr(
            "Computes the terrain features and spectral indices the landslide models use, one band "
            "per feature, in a float32 GeoTIFF (NaN is nodata; band descriptions name the features).\n\n"
            "<b>From the DEM</b>: elevation_norm (z-score of elevation over the area), slope_deg "
            "(degrees), aspect_deg (downhill direction, degrees from north), hillshade (0-1, sun at "
            "315°/45°), curvature (1/100 m, positive on crests). Cell sizes are in real metres, also "
            "for a DEM in degrees.\n"
            "<b>From the image</b>: brightness (mean of red, green, blue), NDVI, NDMI, GNDVI and BSI "
            "from the bands you map to red, green, blue, NIR and SWIR. With no mapping, the bands "
            "tagged red, green and blue (their colour interpretation) are used wherever they lie, "
            "and an untagged 3-band image is read as red, green, blue.\n\n"
            "With an image, the output is on the image grid and the DEM is aligned to it (bilinear); "
            "without one, on the DEM grid. Leave <b>Features</b> empty to compute all that the "
            "inputs allow.")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterRasterLayer(self.DEM, tr("DEM"), optional=True))
        self.addParameter(QgsProcessingParameterRasterLayer(self.IMAGE, tr("Image"), optional=True))
        for key, _role, label in ROLE_PARAMS:
            self.addParameter(QgsProcessingParameterBand(key, label, parentLayerParameterName=self.IMAGE,
                                                         optional=True))
        feats = QgsProcessingParameterEnum(self.FEATURES, tr("Features (empty: all the inputs allow)"),
                                           options=list(DEM_FEATURES + INDEX_FEATURES), allowMultiple=True,
                                           optional=True)
        feats.setUsesStaticStrings(True)
        self.addParameter(feats)
        window = QgsProcessingParameterNumber(self.WINDOW, tr("Processing window (pixels)"),
                                              QgsProcessingParameterNumber.Integer, defaultValue=512,
                                              minValue=64, maxValue=8192)
        window.setFlags(window.flags() | QgsProcessingParameterDefinition.FlagAdvanced)
        self.addParameter(window)
        self.addParameter(QgsProcessingParameterRasterDestination(self.OUTPUT, tr("Features")))

    def _band_map(self, parameters, context, image_layer) -> tuple[dict, str]:
        """``(role -> band, how)``: the bands given, else found as detection finds them. ``how``
        says which: "given", "tags", "order" or "" (none found)."""
        mapping = {}
        for key, role, _label in ROLE_PARAMS:
            if parameters.get(key) not in (None, ""):
                band = self.parameterAsInt(parameters, key, context)
                if band > 0:
                    mapping[role] = band
        if mapping or image_layer is None:
            return mapping, "given" if mapping else ""
        # As detection reads an image: bands tagged red, green and blue wherever they lie (a
        # blue-green-red or red-green-blue-alpha image), else a 3-band image in order.
        mapping = tagged_colours(image_layer)
        if mapping:
            return mapping, "tags"
        if image_layer.bandCount() == 3:
            return {"red": 1, "green": 2, "blue": 3}, "order"
        return {}, ""

    def _plan(self, parameters, context):
        dem = self.parameterAsRasterLayer(parameters, self.DEM, context) if parameters.get(self.DEM) else None
        image = (self.parameterAsRasterLayer(parameters, self.IMAGE, context)
                 if parameters.get(self.IMAGE) else None)
        band_map, bands_from = self._band_map(parameters, context, image)
        names = [n for n in self.parameterAsEnumStrings(parameters, self.FEATURES, context) if n]
        if not names:
            names = list(DEM_FEATURES) if dem is not None else []
            if image is not None:
                names += [n for n in INDEX_FEATURES
                          if all(r in band_map for r in INDEX_ROLES[n])
                          and (INDEX_ROLES[n] or any(r in band_map for r in ("red", "green", "blue")))]
        return dem, image, band_map, bands_from, names

    def checkParameterValues(self, parameters, context):  # noqa: N802
        ok, message = super().checkParameterValues(parameters, context)
        if not ok:
            return ok, message
        dem, image, band_map, _, names = self._plan(parameters, context)
        if dem is None and image is None:
            return False, tr("Give a DEM (terrain features), an image (spectral indices), or both.")
        for layer, what in ((dem, "DEM"), (image, "image")):
            if layer is not None and not layer.isValid():
                return False, tr("The {} cannot be opened: choose a raster layer or file.").format(what)
        if not names:
            return False, tr("No feature can be computed from these inputs: map the image bands to red, "
                             "green, blue, NIR or SWIR, or give a DEM.")
        from ..engine.feature_rasters import check_request

        problems = check_request(names, image is not None, dem is not None, band_map)
        if image is not None:
            problems += [tr("the {} band is {} but the image has only {} band(s): choose a band from 1 to {}")
                         .format(r, b, image.bandCount(), image.bandCount())
                         for r, b in band_map.items() if b > image.bandCount()]
        if problems:
            return False, tr("Cannot compute the features: ") + "; ".join(problems) + "."
        return True, ""

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        from ..engine.errors import Cancelled, LandslideMapperError
        from ..engine.feature_rasters import write_feature_raster

        dem_layer, image_layer, band_map, bands_from, names = self._plan(parameters, context)
        work = common.staging_dir("lm_features")
        dem = common.raster_path(self, parameters, self.DEM, context, feedback, work)
        image = common.raster_path(self, parameters, self.IMAGE, context, feedback, work)
        dest = common.output_path(self, parameters, self.OUTPUT, context)
        common.check_destinations({tr("Features"): dest})
        mapping = ", ".join(f"{r}={b}" for r, b in band_map.items()) or tr("none")
        if bands_from == "tags":
            mapping += " " + tr("(from the bands' colour interpretation)")
        elif bands_from == "order":
            mapping += " " + tr("(an untagged 3-band image, in band order)")
        feedback.pushInfo(tr("Features: {}; band mapping: {}").format(", ".join(names), mapping))
        bridge = common.FeedbackBridge(feedback)
        try:
            result = write_feature_raster(work / "features.tif", names, dem=dem, image=image,
                                          band_map=band_map,
                                          window_px=self.parameterAsInt(parameters, self.WINDOW, context),
                                          progress=bridge.progress, cancel=bridge.cancel)
        except Cancelled as exc:
            raise QgsProcessingException(tr("Cancelled; no output was written. ({})").format(exc))
        except LandslideMapperError as exc:
            raise common.engine_error(exc)
        if result.elev_mean is not None:
            feedback.pushInfo(tr("Elevation mean {:.2f} m, standard deviation {:.2f} m").format(
                result.elev_mean, result.elev_std))
        with common.delivering(tr("Features"), dest):
            out = common.deliver_raster(result.path, dest)
        if context.willLoadLayerOnCompletion(dest):
            context.layerToLoadOnCompletionDetails(dest).name = tr("Features ({})").format(", ".join(names))
        return {self.OUTPUT: out, "BANDS": ",".join(names)}
