"""Review panel: walk through the detected landslides and mark each one.

Marks are written to the GeoPackage at once (through the layer's data
provider) unless the layer is in edit mode, where they join the edit
buffer the analyst saves with QGIS's own Save Edits.
"""
from __future__ import annotations

from typing import List, Optional

from qgis.core import QgsFeatureRequest, QgsMapLayerProxyModel, QgsProject, QgsVectorLayer, QgsWkbTypes
from qgis.gui import QgsMapLayerComboBox
from qgis.PyQt.QtCore import Qt, QTimer
from qgis.PyQt.QtGui import QKeySequence
from qgis.PyQt.QtWidgets import (QComboBox, QFormLayout, QGridLayout, QHBoxLayout, QLabel, QLineEdit,
                                 QPushButton, QShortcut, QVBoxLayout, QWidget)

from .i18n import tr

ORDERS = (("mean_prob", "Highest probability first"),
          ("mean_uncertainty", "Most uncertain first"),
          ("area_m2", "Largest first"))


def _is_review_layer(layer) -> bool:
    return (isinstance(layer, QgsVectorLayer) and layer.geometryType() == QgsWkbTypes.PolygonGeometry
            and layer.fields().indexOf("status") >= 0)


def value(feat, field: str):
    """A field value with NULL (a QVariant in PyQGIS) as None."""
    v = feat[field]
    if v is None or (hasattr(v, "isNull") and v.isNull()) or v == "":
        return None
    return v


def format_area(m2: float) -> str:
    return f"{m2 / 10000:.2f} ha" if m2 >= 10000 else f"{m2:.0f} m²"


class ReviewPanel(QWidget):
    def __init__(self, canvas, parent=None):
        super().__init__(parent)
        self.canvas = canvas
        self.layer: Optional[QgsVectorLayer] = None
        self.order: List[int] = []
        self.position = -1
        self.iface = None   # set by the dock: gives access to QGIS's editing tools

        self.layer_box = QgsMapLayerComboBox(objectName="review_layer")
        self.layer_box.setFilters(QgsMapLayerProxyModel.PolygonLayer)
        self.layer_box.setAllowEmptyLayer(True)
        self.layer_box.layerChanged.connect(self.set_layer)
        # The picker says nothing when a removed layer leaves it on the same row (another run's
        # polygons): the panel lets go of its layer itself, before QGIS deletes it.
        QgsProject.instance().layerWillBeRemoved[str].connect(self._layer_leaving)
        self.order_box = QComboBox(objectName="review_order")
        for field, label in ORDERS:
            self.order_box.addItem(tr(label), field)
        self.order_box.currentIndexChanged.connect(lambda _i: self.rebuild_order())

        self.position_label = QLabel(objectName="review_position")
        self.details_label = QLabel(objectName="review_details")
        self.details_label.setWordWrap(True)
        self.previous_button = QPushButton(tr("◀ Previous (P)"), objectName="review_previous")
        self.next_button = QPushButton(tr("Next (N) ▶"), objectName="review_next")
        self.zoom_button = QPushButton(tr("Zoom to it (Z)"), objectName="review_zoom")
        self.confirm_button = QPushButton(tr("Confirm (C)"), objectName="review_confirm")
        self.reject_button = QPushButton(tr("Reject (R)"), objectName="review_reject")
        self.unreviewed_button = QPushButton(tr("Undo mark (U)"), objectName="review_unmark")
        self.edit_button = QPushButton(tr("Edit outline"), objectName="review_edit")
        self.edit_button.setToolTip(tr("Switch the layer to edit mode and pick QGIS's vertex tool; "
                                       "save with QGIS's Save Edits"))
        self.confirm_button.setStyleSheet("QPushButton { color: #0b6b2e; font-weight: bold; }")
        self.reject_button.setStyleSheet("QPushButton { color: #9b1c1c; font-weight: bold; }")
        self.note_edit = QLineEdit(objectName="review_note")
        self.note_edit.setPlaceholderText(tr("Note on this landslide (saved when you press Enter or move on)"))
        self.summary_label = QLabel(objectName="review_summary")
        self.summary_label.setWordWrap(True)

        form = QFormLayout()
        form.addRow(tr("Polygons"), self.layer_box)
        form.addRow(tr("Order"), self.order_box)
        grid = QGridLayout()
        grid.addWidget(self.previous_button, 0, 0)
        grid.addWidget(self.next_button, 0, 1)
        grid.addWidget(self.confirm_button, 1, 0)
        grid.addWidget(self.reject_button, 1, 1)
        grid.addWidget(self.zoom_button, 2, 0)
        grid.addWidget(self.unreviewed_button, 2, 1)
        grid.addWidget(self.edit_button, 3, 0, 1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        head = QHBoxLayout()
        head.addWidget(self.position_label)
        head.addStretch(1)
        layout.addLayout(head)
        layout.addWidget(self.details_label)
        layout.addLayout(grid)
        layout.addWidget(self.note_edit)
        layout.addWidget(self.summary_label)
        layout.addStretch(1)

        self.previous_button.clicked.connect(self.previous)
        self.next_button.clicked.connect(self.next)
        self.zoom_button.clicked.connect(self.zoom)
        self.confirm_button.clicked.connect(lambda: self.mark("confirmed"))
        self.reject_button.clicked.connect(lambda: self.mark("rejected"))
        self.unreviewed_button.clicked.connect(lambda: self.mark("unreviewed", advance=False))
        self.edit_button.clicked.connect(self.edit_outline)
        self.note_edit.editingFinished.connect(self.save_note)
        self.shortcuts = []
        for key, slot in (("N", self.next), ("P", self.previous), ("Z", self.zoom),
                          ("C", lambda: self.mark("confirmed")), ("R", lambda: self.mark("rejected")),
                          ("U", lambda: self.mark("unreviewed", advance=False))):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
            self.shortcuts.append(shortcut)
        self.set_layer(None)

    # -- layer and order ----------------------------------------------------
    def set_layer(self, layer) -> None:
        if self.layer is not None:
            try:
                self.layer.attributeValueChanged.disconnect(self._layer_changed)
            except (TypeError, RuntimeError):
                pass
        self.layer = layer if _is_review_layer(layer) else None
        if self.layer is not None:
            if self.layer_box.currentLayer() is not self.layer:
                self.layer_box.blockSignals(True)   # no re-entry through layerChanged
                self.layer_box.setLayer(self.layer)
                self.layer_box.blockSignals(False)
            self.layer.attributeValueChanged.connect(self._layer_changed)
            has_unc = self.layer.fields().indexOf("mean_uncertainty") >= 0
            self.order_box.model().item(1).setEnabled(has_unc)
        self.rebuild_order()

    def _layer_leaving(self, layer_id: str) -> None:
        try:
            leaving = self.layer is not None and self.layer.id() == layer_id
        except RuntimeError:            # already deleted
            leaving = True
        if leaving:
            self.layer = None           # not touched again: QGIS is deleting it
            self.rebuild_order()
            # once it is gone, the layer the picker then shows (another run's polygons, or none)
            QTimer.singleShot(0, lambda: self.set_layer(self.layer_box.currentLayer()))

    def shutdown(self) -> None:
        """No longer follow the project (the dock is closing)."""
        try:
            QgsProject.instance().layerWillBeRemoved[str].disconnect(self._layer_leaving)
        except TypeError:
            pass

    def _layer_changed(self, *_args) -> None:
        self.update_summary()

    def rebuild_order(self) -> None:
        self.order, self.position = [], -1
        if self.layer is not None:
            field = self.order_box.currentData()
            if self.layer.fields().indexOf(field) < 0:
                field = "mean_prob" if self.layer.fields().indexOf("mean_prob") >= 0 else None
            pairs = []
            for feat in self.layer.getFeatures(QgsFeatureRequest().setFlags(QgsFeatureRequest.NoGeometry)):
                v = value(feat, field) if field else None
                pairs.append((-(float(v) if v is not None else 0.0), feat.id()))
            self.order = [fid for _v, fid in sorted(pairs)]
        self._show(0 if self.order else -1, zoom=False)

    # -- moving -------------------------------------------------------------
    def current_id(self) -> Optional[int]:
        return self.order[self.position] if 0 <= self.position < len(self.order) else None

    def next(self) -> None:
        if self.order:
            self._show(min(self.position + 1, len(self.order) - 1))

    def previous(self) -> None:
        if self.order:
            self._show(max(self.position - 1, 0))

    def _show(self, position: int, zoom: bool = True) -> None:
        self.save_note()
        self.position = position
        enabled = self.current_id() is not None
        for w in (self.previous_button, self.next_button, self.zoom_button, self.confirm_button,
                  self.reject_button, self.unreviewed_button, self.edit_button, self.note_edit):
            w.setEnabled(enabled)
        if not enabled:
            self.position_label.setText(tr("No landslides to review.") if self.layer is not None
                                        else tr("Choose a polygon layer from a detection run."))
            self.details_label.clear()
            self.note_edit.clear()
            self.update_summary()
            return
        feat = self.layer.getFeature(self.current_id())
        self.position_label.setText(tr("Landslide {n} of {total}").format(n=position + 1, total=len(self.order)))
        self.details_label.setText(self._describe(feat))
        self.note_edit.blockSignals(True)
        note = value(feat, "note") if self._has("note") else None
        self.note_edit.setText(str(note) if note is not None else "")
        self.note_edit.blockSignals(False)
        self.layer.selectByIds([feat.id()])
        if zoom:
            self.zoom()
        self.update_summary()

    def _has(self, field: str) -> bool:
        return self.layer is not None and self.layer.fields().indexOf(field) >= 0

    def _describe(self, feat) -> str:
        parts = []
        status = value(feat, "status") if self._has("status") else None
        labels = {"confirmed": tr("confirmed"), "rejected": tr("rejected"), "unreviewed": tr("unreviewed")}
        parts.append(tr("Status: {status}").format(status=f"<b>{labels.get(status, status or tr('unreviewed'))}</b>"))
        if self._has("mean_prob") and value(feat, "mean_prob") is not None:
            parts.append(tr("mean probability {p:.2f}").format(p=float(value(feat, "mean_prob"))))
        if self._has("mean_uncertainty") and value(feat, "mean_uncertainty") is not None:
            parts.append(tr("uncertainty {u:.3f}").format(u=float(value(feat, "mean_uncertainty"))))
        parts.append(tr("area {area}").format(area=format_area(self._area(feat))))
        return " · ".join(parts)

    def _area(self, feat) -> float:
        if self._has("area_m2") and value(feat, "area_m2") is not None:
            return float(value(feat, "area_m2"))
        return feat.geometry().area() if feat.hasGeometry() else 0.0

    def zoom(self) -> None:
        fid = self.current_id()
        if fid is None or self.canvas is None:
            return
        feat = self.layer.getFeature(fid)
        if not feat.hasGeometry():
            return
        from qgis.core import QgsCoordinateTransform

        box = feat.geometry().boundingBox()
        transform = QgsCoordinateTransform(self.layer.crs(), self.canvas.mapSettings().destinationCrs(),
                                           QgsProject.instance())
        box = transform.transformBoundingBox(box)
        box.scale(2.5)   # show the surroundings: the analyst judges a slide by its context
        self.canvas.setExtent(box)
        self.canvas.refresh()
        self.canvas.flashFeatureIds(self.layer, [fid])

    # -- marking ------------------------------------------------------------
    def _write(self, fid: int, field: str, value) -> bool:
        index = self.layer.fields().indexOf(field)
        if index < 0:
            return False
        if self.layer.isEditable():
            return self.layer.changeAttributeValue(fid, index, value)
        ok = self.layer.dataProvider().changeAttributeValues({fid: {index: value}})
        self.layer.reload()
        self.layer.triggerRepaint()
        return ok

    def mark(self, status: str, advance: bool = True) -> None:
        fid = self.current_id()
        if fid is None:
            return
        self.save_note()
        self._write(fid, "status", status)
        if advance and self.position < len(self.order) - 1:
            self._show(self.position + 1)
        else:
            self._show(self.position, zoom=False)

    def save_note(self) -> None:
        fid = self.current_id()
        if fid is None or not self._has("note"):
            return
        text = self.note_edit.text().strip()
        current = value(self.layer.getFeature(fid), "note")
        if (current or "") != text:
            self._write(fid, "note", text or None)

    def edit_outline(self) -> None:
        if self.layer is None:
            return
        if not self.layer.isEditable():
            self.layer.startEditing()
        if self.iface is not None:
            self.iface.setActiveLayer(self.layer)
            self.iface.actionVertexTool().trigger()

    # -- summary ------------------------------------------------------------
    def counts(self) -> dict:
        out = {"total": 0, "confirmed": 0, "rejected": 0, "unreviewed": 0,
               "area_m2": 0.0, "confirmed_area_m2": 0.0}
        if self.layer is None:
            return out
        for feat in self.layer.getFeatures():
            status = value(feat, "status")
            status = status if status in ("confirmed", "rejected") else "unreviewed"
            area = self._area(feat)
            out["total"] += 1
            out[status] += 1
            out["area_m2"] += area
            if status == "confirmed":
                out["confirmed_area_m2"] += area
        return out

    def update_summary(self) -> None:
        c = self.counts()
        if not c["total"]:
            self.summary_label.clear()
            return
        self.summary_label.setText(
            tr("Reviewed {r} of {t}: {c} confirmed ({ca}), {j} rejected. Total area of all detections: {ta}.")
            .format(r=c["confirmed"] + c["rejected"], t=c["total"], c=c["confirmed"],
                    ca=format_area(c["confirmed_area_m2"]), j=c["rejected"], ta=format_area(c["area_m2"])))
