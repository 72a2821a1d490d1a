"""The analyst's dock: layers, model, area and settings in; a background run; review.

Widgets a script can find by object name: ``image_layer``, ``dem_layer``,
``model``, ``run_button``, ``cancel_button``, ``progress`` (and ``aoi``,
``threshold``, ``overlap``, ``batch_size``, ``device``, ``threads``, ``tta``,
``saliency``, ``min_area``, ``simplify``, ``output_folder``, ``compression``,
``log``, ``model_card``, ``review``).
"""
from __future__ import annotations

import re
import time
import traceback
from datetime import datetime
from pathlib import Path
from typing import Optional

from qgis.core import (Qgis, QgsApplication, QgsCoordinateReferenceSystem, QgsMapLayerProxyModel, QgsProject,
                       QgsRasterLayer, QgsRectangle, QgsSettings, QgsVectorFileWriter)
from qgis.gui import (QgsCollapsibleGroupBox, QgsDockWidget, QgsFileWidget, QgsMapLayerComboBox, QgsMapToolExtent,
                       QgsRasterBandComboBox)
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import (QCheckBox, QComboBox, QDoubleSpinBox, QFileDialog, QFormLayout, QHBoxLayout,
                                 QLabel, QMessageBox, QPlainTextEdit, QProgressBar, QPushButton, QScrollArea,
                                 QSpinBox, QTabWidget, QVBoxLayout, QWidget)

from ..engine.outputs import cannot_write, short_reason
from ..engine.raster_io import as_source, feature_count, tagged_bands
from ..engine.request import AreaOfInterest, DetectionRequest
from .i18n import tr
from .layers import add_run_layers
from .model_card import card_html
from .review import ReviewPanel, format_area
from .task import DetectionTask

SETTINGS = "landslide_mapper/dock/"
MAX_OPEN_WIDTH = 480                # px: the widest the Detect tab makes the dock open


# Choices of the combo boxes as (key, label). The labels are written out inside tr() calls so that
# the translation tools find them.
def _aoi_modes():
    return (("layer", tr("Whole image layer")), ("extent", tr("Current map extent")),
            ("selected", tr("Selected features of a polygon layer")), ("drawn", tr("Rectangle drawn on the map")))


def _devices():
    return (("auto", tr("Automatic (GPU when available)")), ("cuda", tr("GPU (CUDA)")), ("cpu", tr("CPU")))


def _compressions():
    return (("zstd", tr("ZSTD (fastest; QGIS, GDAL 2.3 and later)")), ("deflate", tr("Deflate (older GIS software)")))


def default_output_folder(project: QgsProject) -> tuple[Path, str]:
    """Where runs go by default, and a sentence saying why."""
    home = project.homePath()
    if project.fileName() and home:
        return Path(home) / "landslide_mapper_runs", tr("Runs are saved beside the project.")
    return (Path.home() / "landslide_mapper_runs",
            tr("The project is not saved yet, so runs are saved in your home folder."))


def run_name(image_layer_name: str, model_name: str) -> str:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    safe = re.sub(r"[^\w.-]+", "_", f"{image_layer_name}_{model_name}").strip("_")[:60]
    return f"{safe}_{stamp}"


def _file_of(layer):
    """What a run opens for a raster layer: its file, or its GDAL dataset name (a raster inside a
    zip archive, one table of a GeoPackage); None for a layer of another provider (web services,
    memory) or one opened with QGIS's own options."""
    from ..processing.common import raster_file_of

    found = raster_file_of(layer)
    return as_source(found) if found else None


class LandslideDock(QgsDockWidget):
    def __init__(self, canvas, message_bar, iface=None, parent=None, project: Optional[QgsProject] = None):
        super().__init__(tr("Landslide Mapper"), parent)
        self.setObjectName("LandslideMapperDock")
        self.canvas = canvas
        self.message_bar = message_bar
        self.iface = iface
        self.project = project or QgsProject.instance()
        self.task: Optional[DetectionTask] = None
        self.models: dict = {}          # combo data (path text) -> ModelInfo
        self.drawn_extent: Optional[tuple] = None
        self.extent_tool: Optional[QgsMapToolExtent] = None
        self.previous_tool = None
        self.dependencies_checked = False
        self.last_group = None
        self.started = 0.0
        self._restoring = False
        self._build()
        self.load_models()
        self.refresh_devices()
        self.restore_settings()
        self._update_model_card()
        self._update_aoi_widgets()

    # ---------------------------------------------------------------- building
    def _build(self) -> None:
        tabs = QTabWidget(objectName="tabs")
        detect = QWidget()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.NoFrame)
        scroll.setWidget(detect)
        tabs.addTab(scroll, tr("Detect"))
        self.review = ReviewPanel(self.canvas)
        self.review.setObjectName("review")
        self.review.iface = self.iface
        tabs.addTab(self.review, tr("Review"))
        self.tabs = tabs
        self.setWidget(tabs)

        layout = QVBoxLayout(detect)
        # inputs
        box = QgsCollapsibleGroupBox(tr("Input layers"))
        form = QFormLayout(box)
        self.image_layer = QgsMapLayerComboBox(objectName="image_layer")
        self.image_layer.setFilters(QgsMapLayerProxyModel.RasterLayer)
        self.image_layer.setToolTip(tr("Optical imagery (RGB or multispectral) to search for landslides"))
        self.dem_layer = QgsMapLayerComboBox(objectName="dem_layer")
        self.dem_layer.setFilters(QgsMapLayerProxyModel.RasterLayer)
        self.dem_layer.setAllowEmptyLayer(True, tr("(no DEM)"))
        self.dem_layer.setToolTip(tr("Digital elevation model; aligned to the image grid automatically"))
        form.addRow(tr("Image"), self.image_layer)
        # one band picker per image band the model reads, under the image (see _update_band_rows)
        self.input_form, self.band_rows = form, []
        form.addRow(tr("DEM"), self.dem_layer)
        layout.addWidget(box)
        # model
        box = QgsCollapsibleGroupBox(tr("Model"))
        form = QVBoxLayout(box)
        row = QHBoxLayout()
        self.model = QComboBox(objectName="model")
        self.model.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.model.setMinimumContentsLength(12)
        self.browse_model = QPushButton(tr("Other..."), objectName="browse_model")
        self.browse_model.setToolTip(tr("Use an ONNX model file exported with the Landslide Mapper model zoo"))
        row.addWidget(self.model, 1)
        row.addWidget(self.browse_model)
        form.addLayout(row)
        self.model_card = QLabel(objectName="model_card")
        self.model_card.setWordWrap(True)
        self.model_card.setTextFormat(Qt.RichText)
        self.model_card.setStyleSheet("QLabel { background: palette(base); border: 1px solid palette(mid);"
                                      " border-radius: 3px; padding: 4px; }")
        form.addWidget(self.model_card)
        layout.addWidget(box)
        # area of interest
        box = QgsCollapsibleGroupBox(tr("Area"))
        form = QFormLayout(box)
        self.aoi = QComboBox(objectName="aoi")
        for key, label in _aoi_modes():
            self.aoi.addItem(label, key)
        self.aoi_layer = QgsMapLayerComboBox(objectName="aoi_layer")
        self.aoi_layer.setFilters(QgsMapLayerProxyModel.PolygonLayer)
        self.draw_button = QPushButton(tr("Draw rectangle on the map"), objectName="draw_button")
        self.aoi_info = QLabel(objectName="aoi_info")
        self.aoi_info.setWordWrap(True)
        form.addRow(tr("Process"), self.aoi)
        form.addRow(tr("Polygons"), self.aoi_layer)
        form.addRow("", self.draw_button)
        form.addRow("", self.aoi_info)
        layout.addWidget(box)
        # detection settings
        box = QgsCollapsibleGroupBox(tr("Detection settings"))
        form = QFormLayout(box)
        self.threshold = QDoubleSpinBox(objectName="threshold")
        self.threshold.setRange(0.0, 0.99)
        self.threshold.setSingleStep(0.05)
        self.threshold.setDecimals(2)
        self.threshold.setSpecialValueText(tr("model's own"))
        self.threshold.setToolTip(tr("Probability above which a pixel counts as landslide"))
        self.overlap = QSpinBox(objectName="overlap")
        self.overlap.setRange(-1, 512)
        self.overlap.setSpecialValueText(tr("model's own"))
        self.overlap.setSuffix(" px")
        self.overlap.setToolTip(tr("Overlap between neighbouring tiles; blended so no seams show"))
        self.batch_size = QSpinBox(objectName="batch_size")
        self.batch_size.setRange(1, 64)
        self.batch_size.setToolTip(tr("Tiles per batch: higher is faster on a GPU, uses more memory"))
        self.device = QComboBox(objectName="device")
        for key, label in _devices():
            self.device.addItem(label, key)
        self.threads = QSpinBox(objectName="threads")
        self.threads.setRange(0, 256)
        self.threads.setSpecialValueText(tr("all cores"))
        self.threads.setToolTip(tr("CPU threads for the model; fewer leave cores free for other work"))
        self.device_info = QLabel(objectName="device_info")
        self.device_info.setWordWrap(True)
        self.tta = QCheckBox(tr("Test-time augmentation"), objectName="tta")
        self.tta.setToolTip(tr("Average 8 flips/rotations of every tile: steadier results and an "
                               "uncertainty layer, about 8 times slower"))
        self.saliency = QCheckBox(tr("Saliency map"), objectName="saliency")
        self.saliency.setToolTip(tr("A heat map of the pixels that drove the model's decision"))
        form.addRow(tr("Threshold"), self.threshold)
        form.addRow(tr("Tile overlap"), self.overlap)
        form.addRow(tr("Batch size"), self.batch_size)
        form.addRow(tr("Device"), self.device)
        form.addRow("", self.device_info)
        form.addRow(tr("CPU threads"), self.threads)
        form.addRow(self.tta)
        form.addRow(self.saliency)
        layout.addWidget(box)
        # polygons
        box = QgsCollapsibleGroupBox(tr("Polygons"))
        form = QFormLayout(box)
        self.min_area = QDoubleSpinBox(objectName="min_area")
        self.min_area.setRange(0, 1e7)
        self.min_area.setDecimals(0)
        self.min_area.setSuffix(" m²")
        self.min_area.setToolTip(tr("Drop detections smaller than this"))
        self.simplify = QDoubleSpinBox(objectName="simplify")
        self.simplify.setRange(0, 100)
        self.simplify.setDecimals(1)
        self.simplify.setSuffix(" m")
        self.simplify.setToolTip(tr("Simplify outlines by this tolerance (0: keep pixel edges)"))
        form.addRow(tr("Minimum area"), self.min_area)
        form.addRow(tr("Simplify"), self.simplify)
        layout.addWidget(box)
        # output
        box = QgsCollapsibleGroupBox(tr("Output"))
        form = QVBoxLayout(box)
        self.output_folder = QgsFileWidget(objectName="output_folder")
        self.output_folder.setStorageMode(QgsFileWidget.GetDirectory)
        self.output_info = QLabel(objectName="output_info")
        self.output_info.setWordWrap(True)
        self.compression = QComboBox(objectName="compression")
        for key, label in _compressions():
            self.compression.addItem(label, key)
        self.compression.setToolTip(tr("How the GeoTIFFs are compressed (both lossless): deflate for "
                                       "software that cannot read ZSTD"))
        form.addWidget(self.output_folder)
        form.addWidget(self.output_info)
        form.addWidget(self.compression)
        layout.addWidget(box)
        # run
        row = QHBoxLayout()
        self.run_button = QPushButton(tr("Detect landslides"), objectName="run_button")
        self.run_button.setDefault(True)
        self.run_button.setStyleSheet("QPushButton { font-weight: bold; padding: 4px 12px; }")
        self.cancel_button = QPushButton(tr("Cancel"), objectName="cancel_button")
        self.cancel_button.setEnabled(False)
        row.addWidget(self.run_button, 1)
        row.addWidget(self.cancel_button)
        layout.addLayout(row)
        self.progress = QProgressBar(objectName="progress")
        self.progress.setRange(0, 100)
        self.progress.setValue(0)
        layout.addWidget(self.progress)
        self.log = QPlainTextEdit(objectName="log")
        self.log.setReadOnly(True)
        self.log.setMaximumBlockCount(200)
        self.log.setPlaceholderText(tr("The last run's report appears here."))
        self.log.setMinimumHeight(90)
        layout.addWidget(QLabel(tr("Last run")))
        layout.addWidget(self.log)
        layout.addStretch(1)
        # The dock opens as wide as the Detect tab needs (QGIS gives a new dock about 300 px, which
        # cut off its buttons and browse buttons); a narrower dock scrolls rather than clips.
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAsNeeded)
        for combo in detect.findChildren(QComboBox):   # long choices show whole in the open list
            combo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(14)
        need = detect.minimumSizeHint().width() + scroll.verticalScrollBar().sizeHint().width()
        scroll.setMinimumWidth(min(need, MAX_OPEN_WIDTH))

        self.model.currentIndexChanged.connect(lambda _i: self._model_changed())
        # The model follows the inputs (DEM or not) until the analyst picks one in this session; a model
        # restored from the settings is honoured at start-up but still follows a DEM chosen later.
        self.model_chosen_by_hand = False
        self._choosing_model = False   # True while the dock itself sets the model
        # index signals, not layerChanged: PyQt would wrap a layer QGIS may be deleting at that moment
        self.dem_layer.currentIndexChanged.connect(lambda _i: self._dem_changed())
        self.image_layer.currentIndexChanged.connect(lambda _i: self._set_automatic_bands())
        self.browse_model.clicked.connect(self._browse_model)
        self.aoi.currentIndexChanged.connect(lambda _i: self._update_aoi_widgets())
        self.aoi_layer.currentIndexChanged.connect(lambda _i: self._update_aoi_widgets())
        self.draw_button.clicked.connect(self._start_drawing)
        self.run_button.clicked.connect(self.start_run)
        self.cancel_button.clicked.connect(self.cancel_run)
        self.output_folder.fileChanged.connect(lambda _t: self._update_output_info())

    # ---------------------------------------------------------------- models and devices
    def load_models(self) -> None:
        self.model.blockSignals(True)
        self.model.clear()
        self.models = {}
        try:
            from ..engine.catalog import list_models

            infos = list_models()
        except Exception as exc:
            infos = []
            self._log(tr("Models could not be listed: {error}").format(error=exc))
        for info in infos:
            self._add_model(info)
        self.model.blockSignals(False)
        if not infos:
            self.model_card.setText(tr("No models found. Use 'Other...' to pick an ONNX model file."))

    def _add_model(self, info) -> int:
        key = str(info.path)
        if key in self.models:
            return self.model.findData(key)
        self.models[key] = info
        family = tr("image + DEM") if info.metadata.needs_dem else tr("image only")
        label = f"{info.metadata.title or info.name} ({family})" + (" ★" if info.default else "")
        self.model.addItem(label, key)
        return self.model.count() - 1

    def _browse_model(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("Choose an ONNX model"), "", tr("ONNX models (*.onnx)"))
        if path:
            self.add_model_file(path)

    def add_model_file(self, path) -> bool:
        """Add a model file to the chooser and select it; False (with a message) if unusable."""
        try:
            from ..engine.catalog import ModelInfo, load_metadata

            meta = load_metadata(path)
            info = ModelInfo(meta.name, Path(path), meta, Path(path).stat().st_size / 1e6, False)
        except Exception as exc:
            self.show_error(tr("This model cannot be used"), str(exc))
            return False
        self.model.setCurrentIndex(self._add_model(info))
        self.model_chosen_by_hand = True   # even when the file was already listed and selected
        return True

    def _model_changed(self) -> None:
        if not self._choosing_model:
            self.model_chosen_by_hand = True
        self._update_model_card()

    def _set_model_index(self, index: int) -> None:
        """Select a model on the dock's own account (a default, a saved choice): it may still follow the DEM."""
        self._choosing_model = True
        try:
            self.model.setCurrentIndex(index)
        finally:
            self._choosing_model = False

    def current_model(self):
        return self.models.get(self.model.currentData())

    def refresh_devices(self) -> None:
        try:
            from ..engine.runtime import CPU, CUDA, available_providers

            # the devices a run can use (onnxruntime also lists providers such as Azure's remote
            # endpoints, which are no device of this computer)
            providers = [p for p in available_providers() if p in (CUDA, CPU)]
            has_cuda = CUDA in providers
            text = tr("Available: {providers}").format(providers=", ".join(
                p.replace("ExecutionProvider", "") for p in providers))
            if not has_cuda:
                text += " — " + tr("no GPU build or no NVIDIA GPU: runs on the CPU")
        except Exception as exc:
            has_cuda = False
            text = tr("onnxruntime is not installed: use Plugins ▸ Raster ▸ Landslide Mapper ▸ "
                      "Check dependencies.") + f" ({exc})"
        item = self.device.model().item(self.device.findData("cuda"))
        item.setEnabled(has_cuda)
        if not has_cuda and self.device.currentData() == "cuda":
            self.device.setCurrentIndex(self.device.findData("auto"))
        self.device_info.setText(text)

    def _update_model_card(self) -> None:
        info = self.current_model()
        needs_dem = bool(info and info.metadata.needs_dem)
        self.dem_layer.setEnabled(needs_dem)
        self.dem_layer.setToolTip(tr("Required by this model") if needs_dem
                                  else tr("This model uses the image only"))
        self._update_band_rows()
        if info is None:
            return
        self.model_card.setText(card_html(info))
        self.threshold.setSpecialValueText(tr("model's own ({t:.2f})").format(t=info.metadata.threshold))
        self.overlap.setSpecialValueText(tr("model's own ({o} px)").format(o=info.metadata.overlap))

    # ---------------------------------------------------------------- image bands
    def _update_band_rows(self) -> None:
        """A band picker for each image band the model reads ("Red band", ...), as QGIS's own
        multiband colour renderer has them, set to the bands the run would take by itself."""
        info = self.current_model()
        roles = list(info.metadata.band_roles) if info is not None else []
        if [role for role, _ in self.band_rows] != roles:
            for _role, combo in self.band_rows:
                self.input_form.removeRow(combo)
            self.band_rows = []
            for i, role in enumerate(roles):
                combo = QgsRasterBandComboBox(objectName=f"band_{i + 1}")
                combo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
                combo.setMinimumContentsLength(8)
                combo.setToolTip(tr("The image band the model reads as its '{role}' band. Taken from the bands' "
                                    "colour tags when they have them, else in band order: change it when your "
                                    "imagery stores its bands in another order (blue, green, red, for example).")
                                 .format(role=role))
                self.input_form.insertRow(1 + i, _band_label(role), combo)
                self.band_rows.append((role, combo))
        self._set_automatic_bands()

    def automatic_bands(self) -> tuple:
        """The bands a run takes by itself for the current image and model: the bands tagged with
        the model's colours wherever they lie, else bands 1, 2, 3..."""
        roles = [role for role, _ in self.band_rows]
        natural = tuple(range(1, len(roles) + 1))
        layer = self.image_layer.currentLayer()
        if layer is None or not roles:
            return natural
        provider = layer.dataProvider()
        tags = [provider.colorInterpretationName(b) for b in range(1, layer.bandCount() + 1)]
        return tagged_bands(tags, roles) or natural

    def _set_automatic_bands(self) -> None:
        from qgis.PyQt import sip

        if sip.isdeleted(self.image_layer):
            return
        layer = self.image_layer.currentLayer()
        count = layer.bandCount() if layer is not None else 0
        for (_role, combo), band in zip(self.band_rows, self.automatic_bands()):
            combo.setLayer(layer)
            combo.setBand(band if band <= count else -1)

    def chosen_bands(self) -> Optional[tuple]:
        """The bands chosen in the pickers for the request: None when they are those a run takes by
        itself (the run then says how it found them), else the analyst's choice. ValueError when
        a band is not chosen."""
        chosen = tuple(combo.currentBand() for _role, combo in self.band_rows)
        if any(b < 1 for b in chosen):
            layer = self.image_layer.currentLayer()
            raise ValueError(tr("Choose an image band for each band the model reads ({roles}): '{layer}' has "
                                "{count} band(s), so the same band may be chosen more than once.")
                             .format(roles=", ".join(role for role, _ in self.band_rows),
                                     layer=layer.name() if layer else "", count=layer.bandCount() if layer else 0))
        return None if chosen == self.automatic_bands() else chosen

    # ---------------------------------------------------------------- area of interest
    def _update_aoi_widgets(self) -> None:
        mode = self.aoi.currentData()
        self.aoi_layer.setEnabled(mode == "selected")
        self.draw_button.setEnabled(mode == "drawn")
        if mode == "selected":
            layer = self.aoi_layer.currentLayer()
            n = layer.selectedFeatureCount() if layer else 0
            self.aoi_info.setText(tr("{n} feature(s) selected").format(n=n))
        elif mode == "drawn":
            self.aoi_info.setText(tr("Rectangle drawn") if self.drawn_extent else tr("No rectangle drawn yet"))
        elif mode == "extent":
            self.aoi_info.setText(tr("The part of the image visible on the map when you press Detect"))
        else:
            self.aoi_info.setText("")

    def _start_drawing(self) -> None:
        if self.canvas is None:
            return
        if self.extent_tool is None:
            self.extent_tool = QgsMapToolExtent(self.canvas)
            self.extent_tool.extentChanged.connect(self._extent_drawn)
        self.previous_tool = self.canvas.mapTool()
        self.canvas.setMapTool(self.extent_tool)
        self.aoi_info.setText(tr("Drag a rectangle on the map"))

    def _extent_drawn(self, rect: QgsRectangle) -> None:
        if rect.isEmpty():
            return
        self.set_drawn_extent(rect, self.canvas.mapSettings().destinationCrs())
        if self.previous_tool is not None and self.previous_tool is not self.extent_tool:
            self.canvas.setMapTool(self.previous_tool)
        else:
            self.canvas.unsetMapTool(self.extent_tool)

    def set_drawn_extent(self, rect: QgsRectangle, crs: QgsCoordinateReferenceSystem) -> None:
        self.drawn_extent = ((rect.xMinimum(), rect.yMinimum(), rect.xMaximum(), rect.yMaximum()), _crs_text(crs))
        self._update_aoi_widgets()

    def _build_aoi(self, out_dir: Path) -> Optional[AreaOfInterest]:
        mode = self.aoi.currentData()
        if mode == "extent":
            if self.canvas is None:
                raise ValueError(tr("There is no map canvas to take the extent from."))
            e = self.canvas.extent()
            return AreaOfInterest(bbox=(e.xMinimum(), e.yMinimum(), e.xMaximum(), e.yMaximum()),
                                  crs=_crs_text(self.canvas.mapSettings().destinationCrs()))
        if mode == "drawn":
            if not self.drawn_extent:
                raise ValueError(tr("No rectangle is drawn. Press 'Draw rectangle on the map' and drag one, "
                                    "or choose another area."))
            bbox, crs = self.drawn_extent
            return AreaOfInterest(bbox=bbox, crs=crs)
        if mode == "selected":
            layer = self.aoi_layer.currentLayer()
            if layer is None or layer.selectedFeatureCount() == 0:
                raise ValueError(tr("No polygon is selected. Select the area's polygons in a polygon layer, "
                                    "or choose another area."))
            # the selection is saved with the run: reproducible, and works for any layer type
            path = out_dir / "area_of_interest.gpkg"
            options = QgsVectorFileWriter.SaveVectorOptions()
            options.driverName = "GPKG"
            options.layerName = "aoi"
            options.onlySelectedFeatures = True
            wanted = layer.selectedFeatureCount()
            err = QgsVectorFileWriter.writeAsVectorFormatV3(layer, str(path), self.project.transformContext(),
                                                             options)
            # The writer can report success when the disk fills up under it (the GeoPackage is then
            # unreadable or short of polygons): the run would map a smaller area, or none.
            saved = feature_count(path, "aoi") or 0
            if err[0] != QgsVectorFileWriter.NoError or saved != wanted:
                _remove_geopackage(path)
                said = err[1] if err[0] != QgsVectorFileWriter.NoError else ""
                full = cannot_write(out_dir)        # the system's words when the disk takes no more
                if full is None and said:
                    raise ValueError(tr("The selected polygons could not be saved: {error}")
                                     .format(error=short_reason(said)))
                reason = "; ".join(short_reason(r) for r in (full, said) if r) or tr(
                    "{saved} of {wanted} polygons reached the file").format(saved=saved, wanted=wanted)
                raise ValueError(tr("The selected polygons could not be saved in {folder} ({reason}). The disk "
                                    "may be full or the folder no longer writable: free some space there or "
                                    "choose another output folder.").format(folder=out_dir.parent, reason=reason))
            return AreaOfInterest(vector=path, layer="aoi")
        return None

    # ---------------------------------------------------------------- settings
    def _widgets(self):
        return {"threshold": self.threshold, "overlap": self.overlap, "batch_size": self.batch_size,
                "threads": self.threads, "min_area": self.min_area, "simplify": self.simplify}

    def restore_settings(self) -> None:
        s = QgsSettings()
        self.threshold.setValue(s.value(SETTINGS + "threshold", 0.0, type=float))
        self.overlap.setValue(s.value(SETTINGS + "overlap", -1, type=int))
        self.batch_size.setValue(s.value(SETTINGS + "batch_size", 4, type=int))
        self.threads.setValue(s.value(SETTINGS + "threads", 0, type=int))
        self.min_area.setValue(s.value(SETTINGS + "min_area", 50.0, type=float))
        self.simplify.setValue(s.value(SETTINGS + "simplify", 0.5, type=float))
        self.tta.setChecked(s.value(SETTINGS + "tta", False, type=bool))
        self.saliency.setChecked(s.value(SETTINGS + "saliency", False, type=bool))
        for combo, key in ((self.device, "device"), (self.aoi, "aoi"), (self.compression, "compression")):
            index = combo.findData(s.value(SETTINGS + key, "", type=str))
            if index >= 0:
                combo.setCurrentIndex(index)
        saved_model = self.model.findData(s.value(SETTINGS + "model", "", type=str) or None)
        if saved_model >= 0:
            self._set_model_index(saved_model)
        folder = s.value(SETTINGS + "output_folder", "", type=str)
        if not folder:
            folder = str(default_output_folder(self.project)[0])
        self.output_folder.setFilePath(folder)
        self._update_output_info()
        self._restoring = True   # the saved model stands at start-up, whatever layers are found
        try:
            self.guess_layers()
            for combo, key in ((self.image_layer, "image_layer"), (self.dem_layer, "dem_layer")):
                layer = self.project.mapLayer(s.value(SETTINGS + key, "", type=str) or "")
                if layer is not None:
                    combo.setLayer(layer)
        finally:
            self._restoring = False
        if saved_model < 0:
            self.select_default_model()
        self.model_chosen_by_hand = False

    def select_default_model(self) -> None:
        """The catalog's default for the chosen inputs: terrain with a DEM layer, else optical."""
        want_dem = self.dem_layer.currentLayer() is not None
        defaults = [i for i in range(self.model.count())
                    if (info := self.models.get(self.model.itemData(i))) is not None and info.default]
        fitting = [i for i in defaults if self.models[self.model.itemData(i)].metadata.needs_dem == want_dem]
        if fitting or defaults:
            self._set_model_index((fitting or defaults)[0])

    def _dem_changed(self, _layer=None) -> None:
        # Follow the inputs unless the analyst chose the model in this session: a DEM chosen for a
        # model that cannot use it selects the terrain default, no DEM for a model needing one the
        # optical default. A model that already fits the inputs stays.
        from qgis.PyQt import sip

        if sip.isdeleted(self.model) or self._restoring or self.model_chosen_by_hand:
            return
        info = self.current_model()
        has_dem = self.dem_layer.currentLayer() is not None
        if info is None or info.metadata.needs_dem != has_dem:
            self.select_default_model()

    def guess_layers(self) -> None:
        """Imagery has several bands, a DEM one: a sensible first choice in a fresh project."""
        rasters = [l for l in self.project.mapLayers().values() if isinstance(l, QgsRasterLayer)]
        multi = [l for l in rasters if l.bandCount() >= 3]
        single = [l for l in rasters if l.bandCount() == 1 and "mask" not in l.name().lower()]
        if multi:
            self.image_layer.setLayer(multi[0])
        if single:
            dems = [l for l in single if any(k in l.name().lower() for k in ("dem", "dtm", "elev", "srtm"))]
            self.dem_layer.setLayer((dems or single)[0])
        elif self.dem_layer.currentLayer() is not None and self.dem_layer.currentLayer().bandCount() != 1:
            # the picker shows the first raster by itself: imagery is no DEM
            self.dem_layer.setLayer(None)

    def save_settings(self) -> None:
        s = QgsSettings()
        for key, widget in self._widgets().items():
            s.setValue(SETTINGS + key, widget.value())
        s.setValue(SETTINGS + "tta", self.tta.isChecked())
        s.setValue(SETTINGS + "saliency", self.saliency.isChecked())
        s.setValue(SETTINGS + "device", self.device.currentData())
        s.setValue(SETTINGS + "aoi", self.aoi.currentData())
        s.setValue(SETTINGS + "compression", self.compression.currentData())
        s.setValue(SETTINGS + "model", self.model.currentData() or "")
        s.setValue(SETTINGS + "output_folder", self.output_folder.filePath())
        for combo, key in ((self.image_layer, "image_layer"), (self.dem_layer, "dem_layer")):
            layer = combo.currentLayer()
            s.setValue(SETTINGS + key, layer.id() if layer else "")

    def _update_output_info(self) -> None:
        folder = self.output_folder.filePath()
        default, why = default_output_folder(self.project)
        text = tr("Each run gets its own subfolder here.")
        if Path(folder) == default:
            text = why + " " + text
        import tempfile

        if folder and Path(folder).resolve().is_relative_to(Path(tempfile.gettempdir()).resolve()):
            text = "<b>" + tr("This is a temporary folder: results may be deleted when the computer restarts.") \
                   + "</b> " + text
        self.output_info.setText(text)

    # ---------------------------------------------------------------- running
    def build_request(self) -> tuple[DetectionRequest, str]:
        """The request for the current choices and the run's name; ValueError says what to fix."""
        image = self.image_layer.currentLayer()
        if image is None:
            raise ValueError(tr("Choose an image layer. Add your imagery to the project first."))
        image_path = _file_of(image)
        if image_path is None:
            raise ValueError(tr("Layer '{name}' is not a raster file on disk (it comes from '{provider}'). "
                                "Save it with Export ▸ Save As... as a GeoTIFF and choose the copy.")
                             .format(name=image.name(), provider=image.providerType()))
        info = self.current_model()
        if info is None:
            raise ValueError(tr("Choose a model, or pick an ONNX model file with 'Other...'."))
        dem_path = None
        if info.metadata.needs_dem:
            dem = self.dem_layer.currentLayer()
            if dem is None:
                raise ValueError(tr("Model '{model}' needs a DEM: choose a DEM layer, or pick a model "
                                    "for imagery only.").format(model=info.metadata.title or info.name))
            if dem is image:
                raise ValueError(tr("The DEM layer is the image layer. Choose the elevation raster as DEM."))
            dem_path = _file_of(dem)
            if dem_path is None:
                raise ValueError(tr("DEM layer '{name}' is not a raster file on disk. Save it as a GeoTIFF "
                                    "and choose the copy.").format(name=dem.name()))
        bands = self.chosen_bands()
        folder = self.output_folder.filePath().strip()
        if not folder:
            raise ValueError(tr("Choose an output folder."))
        name = run_name(image.name(), info.name)
        base_name = name
        for attempt in range(2, 100):   # two runs started within one second get their own folders
            if not (Path(folder) / name).exists():
                break
            name = f"{base_name}-{attempt}"
        out_dir = Path(folder) / name
        try:
            out_dir.mkdir(parents=True, exist_ok=False)
        except OSError as exc:
            raise ValueError(tr("The output folder {folder} cannot be written: {error}. Choose another folder.")
                             .format(folder=folder, error=exc.strerror or exc))
        try:
            aoi = self._build_aoi(out_dir)
        except ValueError:
            _remove_empty(out_dir)
            raise
        request = DetectionRequest(
            image=image_path, out_dir=out_dir, dem=dem_path, model=info.path, aoi=aoi,
            threshold=self.threshold.value() or None,
            overlap=None if self.overlap.value() < 0 else self.overlap.value(),
            batch_size=self.batch_size.value(), device=self.device.currentData(),
            threads=self.threads.value() or None,
            tta=self.tta.isChecked(), saliency="auto" if self.saliency.isChecked() else None,
            min_area_m2=self.min_area.value(), simplify_m=self.simplify.value(),
            compression=self.compression.currentData(), bands=bands)
        return request, name

    def start_run(self) -> None:
        if self.task is not None:
            return
        try:
            request, name = self.build_request()
        except ValueError as exc:
            self.show_error(tr("Cannot start"), str(exc))
            return
        except Exception as exc:   # never let a dock bug escape into QGIS
            self.show_error(tr("Cannot start"), str(exc), traceback.format_exc())
            return
        self.save_settings()
        self.run_name = name
        self.log.clear()
        self._log(tr("Run {name}").format(name=name))
        self._log(tr("Output: {folder}").format(folder=request.out_dir))
        self.started = time.monotonic()
        self.task = DetectionTask(request, tr("Landslide Mapper: {name}").format(name=name), self._task_done)
        self.task.progressChanged.connect(lambda p: self.progress.setValue(int(p)))
        self.task.message.connect(self._progress_message)
        self.progress.setValue(0)
        self.progress.setFormat("%p%")
        self.run_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        QgsApplication.taskManager().addTask(self.task)

    def _progress_message(self, text: str) -> None:
        self.progress.setFormat(f"%p% — {text}"[:80])

    def cancel_run(self) -> None:
        if self.task is not None:
            self._log(tr("Cancelling after the current batch..."))
            self.cancel_button.setEnabled(False)
            self.task.cancel()

    def is_running(self) -> bool:
        return self.task is not None

    def _task_done(self, task: DetectionTask) -> None:
        self.task = None
        self.run_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.progress.setFormat("%p%")
        try:
            if task.result is not None:
                self._show_result(task.result)
            elif task.cancelled:
                self.progress.setValue(0)
                self._log(tr("Cancelled: no layers were added."))
                _discard_run_folder(task.request.out_dir)
                self.message_bar.pushMessage(tr("Landslide Mapper"), tr("Run cancelled."), Qgis.Info, 5)
            else:
                self.progress.setValue(0)
                self._log(tr("Failed: {error}").format(error=task.error))
                _discard_run_folder(task.request.out_dir)      # nothing in it looks like a run
                self.show_error(tr("Detection failed"), task.error or tr("unknown error"), task.details)
        except Exception as exc:
            self.show_error(tr("The results could not be added"), str(exc), traceback.format_exc())

    def _show_result(self, result) -> None:
        self.progress.setValue(100)
        group, layers = add_run_layers(result, self.run_name, self.project)
        self.last_group = group
        seconds = result.seconds or (time.monotonic() - self.started)
        self._log(tr("Model: {model}").format(model=result.model))
        self._log(tr("Device: {provider}").format(provider=result.provider or tr("unknown")))
        self._log(tr("Time: {s:.1f} s, {tiles} tiles ({skipped} skipped as nodata)")
                  .format(s=seconds, tiles=result.tiles, skipped=result.tiles_skipped))
        self._log(tr("Landslides found: {n}, total area {area}")
                  .format(n=result.landslides, area=format_area(result.landslide_area_m2)))
        for warning in result.warnings or []:
            self._log(tr("Note: {text}").format(text=warning))
        polygons = next((l for l in layers if l.customProperty("landslide_mapper/output") == "polygons"), None)
        if polygons is not None:
            self.review.set_layer(polygons)
        self.message_bar.pushMessage(
            tr("Landslide Mapper"),
            tr("{n} landslides found ({area}) in {s} s on {provider}. Review them in the Review tab.")
            .format(n=result.landslides, area=format_area(result.landslide_area_m2),
                    s=f"{seconds:.1f}" if seconds < 9.95 else f"{seconds:.0f}",
                    provider=(result.provider or "?").replace("ExecutionProvider", "")),
            Qgis.Success, 8)

    # ---------------------------------------------------------------- messages
    def _log(self, text: str) -> None:
        self.log.appendPlainText(text)

    def show_error(self, title: str, text: str, details: str = "") -> None:
        """An error in the message bar, with the full details one click away."""
        item = self.message_bar.createMessage(title, text)
        button = QPushButton(tr("Details"), item)
        full = text + ("\n\n" + details if details else "")
        button.clicked.connect(lambda: QMessageBox.critical(self, title, full))
        item.layout().addWidget(button)
        self.message_bar.pushWidget(item, Qgis.Critical, 0)
        self.last_error = text

    def shutdown(self) -> None:
        """Stop what is running and release the map tool (the plugin is unloading)."""
        # the layer pickers follow the project: once closed, the dock must no longer react to it
        for signal in (self.dem_layer.currentIndexChanged, self.aoi_layer.currentIndexChanged):
            try:
                signal.disconnect()
            except TypeError:   # already disconnected
                pass
        self.review.shutdown()
        if self.task is not None:
            self.task.on_done = lambda _t: None
            self.task.cancel()
            self.task = None
        if self.extent_tool is not None and self.canvas is not None:
            self.canvas.unsetMapTool(self.extent_tool)
            self.extent_tool = None


def _band_label(role: str) -> str:
    known = {"red": tr("Red band"), "green": tr("Green band"), "blue": tr("Blue band"), "nir": tr("NIR band")}
    return known.get(role, tr("Band for '{role}'").format(role=role))


def _crs_text(crs: QgsCoordinateReferenceSystem) -> str:
    return crs.authid() or crs.toWkt(QgsCoordinateReferenceSystem.WKT_PREFERRED)


def _remove_geopackage(path: Path) -> None:
    """A GeoPackage the dock wrote, with SQLite's side files."""
    for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm"),
              path.with_name(path.name + "-journal")):
        try:
            p.unlink()
        except OSError:
            pass


def _discard_run_folder(folder: Path) -> None:
    """The folder the dock made for a run that gave nothing: the copy of the area's polygons it
    wrote there removed, then the folder if nothing else is in it."""
    _remove_geopackage(Path(folder) / "area_of_interest.gpkg")
    _remove_empty(Path(folder))


def _remove_empty(folder: Path) -> None:
    try:
        folder.rmdir()
    except OSError:
        pass
