"""Landslide Mapper: QGIS plugin and engine for mapping landslides."""
