"""Translations: one ``tr`` for all GUI code and the QTranslator for QGIS's locale.

pylupdate5 files bare ``tr("...")`` calls under the ``@default`` context,
so :func:`tr` translates in that context; ``scripts/update_translations.py``
refreshes ``i18n/*.ts`` and ``make`` compiles them to ``.qm``.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from qgis.PyQt.QtCore import QCoreApplication, QLocale, QTranslator

I18N_DIR = Path(__file__).resolve().parents[2] / "i18n"
CONTEXT = "@default"


def tr(text: str) -> str:
    """The translation of ``text`` in the active language (itself if none)."""
    return QCoreApplication.translate(CONTEXT, text)


def qgis_locale() -> str:
    """The locale QGIS's user interface uses, e.g. ``zh_CN`` or ``id``."""
    from qgis.core import QgsSettings

    settings = QgsSettings()
    if settings.value("locale/overrideFlag", False, type=bool):
        name = settings.value("locale/userLocale", "", type=str)
        if name:
            return name
    return settings.value("locale/userLocale", "", type=str) or QLocale().name()


def translation_file(locale: str, folder: Path = I18N_DIR) -> Optional[Path]:
    """The compiled translation for ``locale`` (``zh_CN``, then ``zh``), or None."""
    for name in (locale, locale.split("_")[0]):
        candidate = folder / f"landslide_mapper_{name}.qm"
        if name and candidate.is_file():
            return candidate
    return None


def install_translator(locale: Optional[str] = None, folder: Path = I18N_DIR) -> Optional[QTranslator]:
    """Load and install the translation for ``locale`` (default: QGIS's).

    Returns the installed translator (keep it alive; pass it to
    :func:`remove_translator` on unload) or None when no translation fits.
    """
    path = translation_file(locale or qgis_locale(), folder)
    if path is None:
        return None
    translator = QTranslator()
    if not translator.load(str(path)):
        return None
    QCoreApplication.installTranslator(translator)
    return translator


def remove_translator(translator: Optional[QTranslator]) -> None:
    if translator is not None:
        QCoreApplication.removeTranslator(translator)
