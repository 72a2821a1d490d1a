"""Translations: the .ts sources compile, and the dock speaks Chinese and Indonesian."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

_KEEP = []
I18N = Path(__file__).resolve().parents[1] / "i18n"


@pytest.fixture(scope="module")
def compiled(tmp_path_factory):
    """The .qm files compiled from the committed .ts sources (as `make` does)."""
    tool = shutil.which("lrelease") or "/usr/lib/qt5/bin/lrelease"
    out = tmp_path_factory.mktemp("qm")
    for ts in I18N.glob("*.ts"):
        subprocess.run([tool, "-silent", str(ts), "-qm", str(out / (ts.stem + ".qm"))], check=True)
    return out


@pytest.mark.parametrize("locale, expected", [("zh_CN", "检测滑坡"), ("id", "Deteksi longsor"),
                                              ("id_ID", "Deteksi longsor")])
def test_dock_loads_translation_for_locale(qgis_app, compiled, locale, expected):
    from qgis.gui import QgsMapCanvas, QgsMessageBar
    from landslide_mapper.plugin.gui.dock import LandslideDock
    from landslide_mapper.plugin.gui.i18n import install_translator, remove_translator, tr

    translator = install_translator(locale, compiled)
    assert translator is not None
    try:
        assert tr("Detect landslides") == expected
        canvas, bar = QgsMapCanvas(), QgsMessageBar()
        dock = LandslideDock(canvas, bar)
        assert dock.run_button.text() == expected
        _KEEP.extend((canvas, bar, dock))   # Qt objects outlive the test; no early C++ deletion
    finally:
        remove_translator(translator)
    assert tr("Detect landslides") == "Detect landslides"


def test_no_translation_for_other_locales(qgis_app, compiled):
    from landslide_mapper.plugin.gui.i18n import install_translator

    assert install_translator("fr_FR", compiled) is None


def test_ts_sources_cover_the_gui(root):
    """Every tr() string of the dock and Processing is in the .ts files (run `make i18n` after adding strings)."""
    import re

    sources = set()
    for py in [*(root / "plugin" / "gui").glob("*.py"), *(root / "plugin" / "processing").glob("*.py")]:
        if py.name == "i18n.py":   # its docstring shows tr("...") as an example
            continue
        sources |= set(re.findall(r'\btr\("((?:[^"\\]|\\.)+)"\)', py.read_text(encoding="utf-8")))
    for ts in ("landslide_mapper_zh_CN.ts", "landslide_mapper_id.ts"):
        text = (I18N / ts).read_text(encoding="utf-8")
        import html
        listed = {html.unescape(s) for s in re.findall(r"<source>(.*?)</source>", text, re.S)}
        missing = {s for s in sources if s.replace('\\"', '"') not in listed}
        assert not missing, f"{ts} lacks {sorted(missing)[:5]}"


def _messages(ts_name):
    import xml.etree.ElementTree as ET

    return list(ET.parse(I18N / ts_name).iter("message"))


@pytest.mark.parametrize("ts_name", ["landslide_mapper_zh_CN.ts", "landslide_mapper_id.ts"])
def test_every_message_is_translated(ts_name):
    """No message is unfinished, empty or left in English; placeholders and markup survive."""
    import re

    messages = _messages(ts_name)
    assert len(messages) > 200
    unfinished, empty, broken = [], [], []
    marks = lambda s: (sorted(re.findall(r"\{[^}]*\}|%\w|</?\w+>", s)), s.count("\n"))  # noqa: E731
    for msg in messages:
        source = msg.find("source").text or ""
        translation = msg.find("translation")
        text = translation.text or ""
        if translation.get("type") in ("unfinished", "obsolete", "vanished"):
            unfinished.append(source)
        elif not text.strip():
            empty.append(source)
        elif marks(source) != marks(text):
            broken.append(source)
    assert not unfinished, f"{len(unfinished)} unfinished in {ts_name}, e.g. {unfinished[:3]}"
    assert not empty, f"{len(empty)} empty in {ts_name}, e.g. {empty[:3]}"
    assert not broken, f"placeholders or markup differ in {ts_name}: {broken[:3]}"
    # a real translation differs from the English for almost every message (F1, DEM, Model... stay)
    same = [m.find("source").text for m in messages if m.find("source").text == m.find("translation").text]
    assert len(same) <= len(messages) // 20, same


def test_processing_algorithms_speak_the_language(qgis_app, compiled):
    """The Processing toolbox shows translated names and parameter labels."""
    from landslide_mapper.plugin.gui.i18n import install_translator, remove_translator
    from landslide_mapper.plugin.processing.detect_algorithm import DetectAlgorithm
    from landslide_mapper.plugin.processing.evaluate_algorithm import EvaluateAlgorithm

    translator = install_translator("zh_CN", compiled)
    try:
        detect = DetectAlgorithm()
        detect.initAlgorithm({})
        assert detect.displayName() == "检测滑坡"
        assert detect.parameterDefinition("DEM").description() == "DEM（地形模型）"
        assert "<b>影像</b>" in detect.shortHelpString()
        assert EvaluateAlgorithm().displayName() == "与参考数据对比评估"
    finally:
        remove_translator(translator)
    assert DetectAlgorithm().displayName() == "Detect landslides"
