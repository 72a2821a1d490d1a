"""The model card shown in the dock: what a model needs and how good it is."""
from __future__ import annotations

from html import escape

from .i18n import tr


def _metric(metrics: dict, key: str):
    value = metrics.get(key)
    return float(value) if isinstance(value, (int, float)) else None


def card_html(info) -> str:
    """Rich text describing a catalog ``ModelInfo`` for the analyst."""
    meta = info.metadata
    inputs = ", ".join(escape(c.name) for c in meta.channels)
    rows = [f"<b>{escape(meta.title or meta.name)}</b> <span style='color:#666'>({escape(meta.architecture)}, "
            f"{info.size_mb:.1f} MB)</span>"]
    if meta.description:
        rows.append(escape(meta.description))
    rows.append(tr("Inputs: {inputs}").format(inputs=inputs))
    if meta.needs_dem:
        rows.append("<b>" + tr("Needs a DEM layer.") + "</b>")
    rows.append(tr("Trained at {gsd} m per pixel; tiles of {tile} px; threshold {thr:.2f}")
                .format(gsd=f"{meta.gsd_m:g}", tile=meta.tile_size, thr=meta.threshold))
    m = meta.metrics or {}
    scores = []
    for key, label in (("val_f1", "F1"), ("val_miou", "mIoU"), ("val_iou", "IoU"),
                       ("val_precision", tr("precision")), ("val_recall", tr("recall"))):
        value = _metric(m, key)
        if value is not None:
            scores.append(f"{label} {value:.2f}")
    if scores:
        split = m.get("split")
        text = tr("Validation (pixels): {scores}").format(scores=", ".join(scores))
        if isinstance(split, str) and split:
            text += f" <span style='color:#666'>— {escape(split)}</span>"
        rows.append(text)
    else:
        rows.append(tr("No validation scores recorded."))
    speed = _speed(meta)
    if speed:
        rows.append(speed)
    return "<br>".join(rows)


def _speed(meta) -> str:
    for source in (meta.metrics or {}, meta.training or {}):
        for key, value in source.items():
            if not isinstance(value, (int, float)):
                continue
            lowered = key.lower()
            if "mpx_per_s" in lowered or "megapixels_per_s" in lowered:
                return tr("Speed: {v:.1f} Mpx/s ({key})").format(v=value, key=escape(key))
            if "tiles_per_s" in lowered:
                return tr("Speed: {v:.1f} tiles/s ({key})").format(v=value, key=escape(key))
            if "ms_per_tile" in lowered:
                return tr("Speed: {v:.0f} ms per tile ({key})").format(v=value, key=escape(key))
    return ""
