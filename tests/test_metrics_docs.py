"""docs/metrics.md quotes METRIC_DEFINITIONS exactly, so the documentation cannot drift."""
from __future__ import annotations

from landslide_mapper.plugin.engine.metrics import METRIC_DEFINITIONS, definitions_markdown


def test_docs_table_matches_definitions(root):
    text = (root / "docs" / "metrics.md").read_text(encoding="utf-8")
    start = text.index("-->\n", text.index("<!-- generated from METRIC_DEFINITIONS")) + 4
    end = text.index("<!-- end of generated table -->")
    assert text[start:end] == definitions_markdown(), \
        "docs/metrics.md is out of date: regenerate its table with metrics.definitions_markdown()"
    for key in METRIC_DEFINITIONS:
        assert f"`{key}`" in text
