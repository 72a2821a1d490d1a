"""The accuracy report an analyst attaches to a landslide map: one
self-contained HTML file (figures embedded as base64 PNG, no external files,
no scripts) with the inputs, the confusion matrix with user's and producer's
accuracies, pixel and object metrics with their exact definitions, and ROC
and precision-recall curves when a probability raster was evaluated."""
from __future__ import annotations

import base64
import html
import io
import math
from datetime import datetime, timezone
from pathlib import Path
from typing import Dict, Optional

from . import metrics as M

_CSS = """
body{font-family:sans-serif;max-width:60em;margin:2em auto;color:#222;line-height:1.4}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:1.6em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #bbb;padding:.25em .6em;text-align:right}
th{background:#f2f2f2}td.l,th.l{text-align:left}td.d{text-align:left;color:#555;font-size:.9em}
.tp{background:#d9f0d3}.fp{background:#f9d0c4}.fn{background:#cfe3f2}.warn{color:#a33}
.sw{display:inline-block;width:1em;height:1em;vertical-align:middle;border:1px solid #888}
"""

_MAIN = ("precision", "recall", "f1", "iou", "miou", "mcc", "balanced_accuracy", "kappa", "accuracy",
         "specificity", "roc_auc", "pr_auc")
_OBJECTS = ("objects_reference", "objects_found", "objects_missed", "objects_predicted", "objects_false",
            "object_recall", "object_precision")
_NAMES = {"precision": "Precision", "recall": "Recall", "f1": "F1", "iou": "IoU (landslide)",
          "miou": "mIoU", "mcc": "MCC", "balanced_accuracy": "Balanced accuracy", "kappa": "Kappa",
          "accuracy": "Overall accuracy", "specificity": "Specificity", "roc_auc": "ROC AUC",
          "pr_auc": "PR AUC (average precision)", "objects_reference": "Reference landslides",
          "objects_found": "Found", "objects_missed": "Missed", "objects_predicted": "Mapped landslides",
          "objects_false": "False", "object_recall": "Object recall", "object_precision": "Object precision"}


def _num(v, digits: int = 4) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "undefined"
    if isinstance(v, float) and not v.is_integer():
        return f"{v:.{digits}f}"
    return f"{int(v):,}"


def _pct(part: float, whole: float) -> str:
    return f"{100.0 * part / whole:.2f} %" if whole else "undefined"


def _confusion_html(m: Dict[str, float]) -> str:
    tn, fp, fn, tp = (int(m[k]) for k in ("tn", "fp", "fn", "tp"))
    n = tn + fp + fn + tp
    e = html.escape
    rows = [
        "<table><tr><th class=l rowspan=2>Reference</th><th colspan=2>Map</th><th rowspan=2>Total</th>"
        "<th rowspan=2>Producer's accuracy</th></tr><tr><th>Background</th><th>Landslide</th></tr>",
        f"<tr><th class=l>Background</th><td>{tn:,}</td><td class=fp>{fp:,}</td><td>{tn + fp:,}</td>"
        f"<td>{e(_num(m['producers_accuracy_background']))}</td></tr>",
        f"<tr><th class=l>Landslide</th><td class=fn>{fn:,}</td><td class=tp>{tp:,}</td><td>{fn + tp:,}</td>"
        f"<td>{e(_num(m['producers_accuracy_landslide']))}</td></tr>",
        f"<tr><th class=l>Total</th><td>{tn + fn:,}</td><td>{fp + tp:,}</td><td>{n:,}</td><td></td></tr>",
        f"<tr><th class=l>User's accuracy</th><td>{e(_num(m['users_accuracy_background']))}</td>"
        f"<td>{e(_num(m['users_accuracy_landslide']))}</td><td></td><td></td></tr></table>",
        f"<p>Pixel counts. Landslide in the reference: {_pct(fn + tp, n)} of {n:,} valid pixels; "
        f"in the map: {_pct(fp + tp, n)}.</p>",
    ]
    return "\n".join(rows)


def _metric_rows(m: Dict[str, float], keys) -> str:
    out = ["<table><tr><th class=l>Metric</th><th>Value</th><th class=l>Definition</th></tr>"]
    for k in keys:
        if k not in m:
            continue
        out.append(f"<tr><td class=l>{html.escape(_NAMES.get(k, k))}</td><td>{html.escape(_num(m[k]))}</td>"
                   f"<td class=d>{html.escape(M.METRIC_DEFINITIONS.get(k, ''))}</td></tr>")
    out.append("</table>")
    return "\n".join(out)


def _curves_png(curves: M.Curves, threshold: Optional[float], best) -> str:
    """ROC and precision-recall side by side, as a base64 PNG."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure   # no pyplot: no global state, no GUI

    fig = Figure(figsize=(10, 4.4), dpi=100)
    roc, pr = fig.subplots(1, 2)
    fpr, tpr = curves.fpr, curves.tpr
    roc.plot(fpr, tpr, color="#1a9641", lw=2, label=f"ROC (AUC {M.roc_auc(curves):.3f})")
    roc.plot([0, 1], [0, 1], color="#999", lw=1, ls="--", label="chance")
    roc.set(xlabel="False positive rate", ylabel="True positive rate (recall)", xlim=(0, 1), ylim=(0, 1.01),
            title="ROC curve")
    rec, prec = curves.recall, curves.precision
    ok = ~(rec != rec) & ~(prec != prec)
    pr.plot(rec[ok], prec[ok], color="#2b83ba", lw=2, label=f"PR (AP {M.average_precision(curves):.3f})")
    pos = curves.tp[0] + curves.fn[0]
    base = pos / (pos + curves.fp[0] + curves.tn[0]) if (pos + curves.fp[0] + curves.tn[0]) else 0
    pr.axhline(base, color="#999", lw=1, ls="--", label=f"chance ({base:.3f})")
    pr.set(xlabel="Recall", ylabel="Precision", xlim=(0, 1), ylim=(0, 1.01), title="Precision-recall curve")
    bins = len(curves.thresholds) - 1
    for t, style, name in ((threshold, "o", "map threshold"), (best[0] if best else None, "*", "best F1")):
        if t is None or t != t:
            continue
        k = min(bins, max(0, int(round(t * bins))))
        roc.plot(fpr[k], tpr[k], style, color="#d7191c", ms=9, label=f"{name} {t:.3f}")
        if prec[k] == prec[k]:
            pr.plot(rec[k], prec[k], style, color="#d7191c", ms=9, label=f"{name} {t:.3f}")
    for ax in (roc, pr):
        ax.grid(alpha=.3)
        ax.legend(loc="lower right" if ax is roc else "lower left", fontsize=8)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return base64.b64encode(buf.getvalue()).decode("ascii")


def write_report(path: Path, ev, inputs: Dict[str, str], curves: Optional[M.Curves] = None,
                 title: str = "Landslide map accuracy") -> Path:
    """Write the HTML report for an ``evaluate.EvaluationResult`` atomically."""
    from .evaluate import ERROR_CODES, ERROR_COLOURS

    e = html.escape
    m = ev.metrics
    now = datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    parts = [f"<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>{e(title)}</title>"
             f"<style>{_CSS}</style></head><body>", f"<h1>{e(title)}</h1>", f"<p>Created {e(now)}.</p>",
             "<h2>Inputs</h2><table>"]
    for k, v in inputs.items():
        parts.append(f"<tr><th class=l>{e(k)}</th><td class=l>{e(v)}</td></tr>")
    parts.append("</table>")
    for w in ev.warnings:
        parts.append(f"<p class=warn>{e(w)}</p>")
    parts.append("<h2>Confusion matrix</h2>")
    parts.append(_confusion_html(m))
    parts.append("<h2>Pixel metrics</h2>")
    parts.append(_metric_rows(m, _MAIN))
    if ev.threshold is not None:
        parts.append(f"<p>The map was made from the probability raster at threshold {ev.threshold:g} "
                     "(landslide where probability &ge; threshold).</p>")
    if ev.best_threshold is not None and ev.best_threshold[0] == ev.best_threshold[0]:
        t, f1 = ev.best_threshold
        parts.append(f"<p>On these data the threshold maximising pixel F1 is {t:.3f} (F1 {f1:.4f}). "
                     "Tuned on the evaluation data itself, it is optimistic as an estimate for new areas.</p>")
    parts.append("<h2>Landslide objects</h2>")
    parts.append(_metric_rows(m, _OBJECTS))
    if curves is not None:
        png = _curves_png(curves, ev.threshold, ev.best_threshold)
        parts.append("<h2>ROC and precision-recall curves</h2>")
        parts.append(f'<img alt="ROC and precision-recall curves" src="data:image/png;base64,{png}" '
                     'style="max-width:100%">')
    parts.append("<h2>Error raster</h2><p>" + e(str(ev.error_raster)) + "</p><table>")
    for code, name in ERROR_CODES.items():
        r, g, b, a = ERROR_COLOURS[code]
        sw = f'<span class=sw style="background:rgba({r},{g},{b},{a / 255:.2f})"></span>'
        parts.append(f"<tr><td>{code}</td><td class=l>{sw} {e(name)}</td></tr>")
    parts.append("</table>")
    parts.append("<h2>Other metrics</h2>")
    parts.append(_metric_rows(m, [k for k in M.PIXEL_METRICS if k not in _MAIN]))
    parts.append("</body></html>")
    from .outputs import write_text_atomic

    path = Path(path)
    write_text_atomic(path, "\n".join(parts))
    return path
