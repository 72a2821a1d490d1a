"""The QGIS plugin object: toolbar button, Raster menu entries, dock, Processing provider.

Everything added in :meth:`initGui` is removed in :meth:`unload`, so
reloading the plugin never leaves duplicates behind.
"""
from __future__ import annotations

import sys
from pathlib import Path

from qgis.core import Qgis, QgsApplication, QgsMessageLog
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QIcon
from qgis.PyQt.QtWidgets import QAction

from .. import deps
from .i18n import install_translator, remove_translator, tr

ICON = Path(__file__).resolve().parents[2] / "resources" / "icon.svg"
LOG_TAG = "Landslide Mapper"


class LandslideMapperPlugin:
    def __init__(self, iface):
        self.iface = iface
        self.actions: list = []
        self.dock = None
        self.provider = None
        self.menu = tr("&Landslide Mapper")
        deps.activate()   # onnxruntime from the managed folder; imported only when work starts
        self.translator = install_translator()
        # translations must be installed before the menu title is translated
        self.menu = tr("&Landslide Mapper")

    # -- Processing ---------------------------------------------------------
    def initProcessing(self):  # noqa: N802 (QGIS calls it by this name)
        if self.provider is not None:
            return
        try:
            from ..processing.provider import LandslideMapperProvider
        except ImportError as exc:
            # the provider module may be absent in a partial install; the dock still works
            QgsMessageLog.logMessage(f"Processing provider not loaded: {exc}", LOG_TAG, Qgis.Info)
            return
        try:
            self.provider = LandslideMapperProvider()
            QgsApplication.processingRegistry().addProvider(self.provider)
        except Exception as exc:   # never let a provider problem break QGIS start-up
            QgsMessageLog.logMessage(f"Processing provider failed: {exc}", LOG_TAG, Qgis.Warning)
            self.provider = None

    # -- GUI ----------------------------------------------------------------
    def initGui(self):  # noqa: N802
        self.initProcessing()
        window = self.iface.mainWindow()
        icon = QIcon(str(ICON))
        self.dock_action = QAction(icon, tr("Landslide Mapper"), window)
        self.dock_action.setObjectName("landslide_mapper_show_dock")
        self.dock_action.setToolTip(tr("Map landslides from imagery and a DEM"))
        self.dock_action.setCheckable(True)
        self.dock_action.triggered.connect(self.toggle_dock)
        self.deps_action = QAction(tr("Check dependencies..."), window)
        self.deps_action.setObjectName("landslide_mapper_dependencies")
        self.deps_action.triggered.connect(self.show_dependencies)
        self.iface.addRasterToolBarIcon(self.dock_action)
        for action in (self.dock_action, self.deps_action):
            self.iface.addPluginToRasterMenu(self.menu, action)
            self.actions.append(action)

    def unload(self):
        for action in self.actions:
            self.iface.removePluginRasterMenu(self.menu, action)
            self.iface.removeRasterToolBarIcon(action)
            action.setParent(None)   # out of the main window at once, not only when Qt gets round to it
            action.deleteLater()
        self.actions = []
        if self.dock is not None:
            self.dock.shutdown()
            self.iface.removeDockWidget(self.dock)
            self.dock.setParent(None)
            self.dock.deleteLater()
            self.dock = None
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
        remove_translator(self.translator)
        self.translator = None
        # The last run's inference session, kept for a next run (engine.runtime.keep_warm), is
        # freed with the plugin; the engine is not imported just to say so.
        runtime = sys.modules.get(__name__.rsplit(".", 2)[0] + ".engine.runtime")
        if runtime is not None:
            runtime.drop_kept_session()

    def ensure_dock(self):
        """The dock, created on first use so that QGIS start-up stays fast."""
        if self.dock is None:
            from .dock import LandslideDock

            self.dock = LandslideDock(self.iface.mapCanvas(), self.iface.messageBar(),
                                      iface=self.iface, parent=self.iface.mainWindow())
            self.iface.addDockWidget(Qt.RightDockWidgetArea, self.dock)
            self.dock.visibilityChanged.connect(self.dock_action.setChecked)
        return self.dock

    def toggle_dock(self, checked: bool = True):
        try:
            dock = self.ensure_dock()
        except Exception as exc:   # a broken install must not take QGIS down
            self.iface.messageBar().pushCritical(LOG_TAG, tr("The dock could not be opened: {error}").format(error=exc))
            return
        dock.setVisible(bool(checked))
        if checked:
            dock.raise_()
            if not dock.dependencies_checked:
                dock.dependencies_checked = True
                from .deps_dialog import runtime_ready

                if not runtime_ready():
                    self.show_dependencies()

    def show_dependencies(self):
        from .deps_dialog import DependencyDialog

        dialog = DependencyDialog(self.iface.mainWindow())
        dialog.exec_()
        if self.dock is not None:
            self.dock.refresh_devices()
