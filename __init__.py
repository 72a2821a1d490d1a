"""QGIS entry point. Imports nothing heavy: QGIS loads this at start-up."""


def classFactory(iface):  # noqa: N802 (name fixed by QGIS)
    from .plugin.gui.main import LandslideMapperPlugin

    return LandslideMapperPlugin(iface)
