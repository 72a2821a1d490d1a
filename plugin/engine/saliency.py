"""Saliency: which pixels and which input channels drove the landslide prediction.

Three methods, computed tile by tile on the model's normalised input and
blended like the probability (:mod:`.tiling`):

``gradient``
    Vanilla-gradient saliency (seed 003): for each tile, the mean over input
    channels of ``|dS/dx_c|``, where the tile's landslide score ``S`` is the
    sum of the model's logits (pre-sigmoid output) over the tile's valid
    pixels. Logits, not probabilities, so that confident pixels (probability
    near 0 or 1) still show what the model looks at. Needs PyTorch: the
    module is rebuilt from the ONNX file itself (``models.zoo.rebuild``).
``gradcam``
    Grad-CAM on one decoder layer: ``ReLU(sum_k a_k A_k)`` with ``A_k`` the
    layer's feature maps and ``a_k`` the spatial mean of ``dS/dA_k``,
    upsampled bilinearly to the tile. The layer is chosen the same way for
    every architecture: the last layer (in execution order) whose output has
    more than one channel and 1/4 of the tile's resolution (1/2 when 1/4 is
    already the network's coarsest level); in the U-Net family that is the
    end of the decoder stage at stride 4 (``dec_attn.2`` for depth 4).
    Needs PyTorch.
``occlusion``
    With onnxruntime only. The score is the sum of probabilities over the
    tile's valid pixels. The spatial map: the tile is cut into a 4 x 4 grid
    of patches, each patch in turn is replaced by the channels' normalised
    mean (0) and the drop of the score is recorded (negative drops count as
    0); the 4 x 4 drops are interpolated bilinearly from the patch centres.
    Costs 16 + C extra model runs per tile.
``attention``
    Only for models with attention gates on their skip connections (the
    spatial-attention U-Net, ``sa_unet``). Forward hooks sit on the ``psi``
    convolution of every ``AttentionGate`` module of the rebuilt module
    (``gates.0``, ``gates.1``, ...: the one-channel map whose sigmoid is the
    gate's attention coefficient, 0-1, that multiplies the skip features).
    Each gate's coefficient map is upsampled bilinearly to the tile and the
    gates are averaged with equal weight. Never chosen by ``auto``; a model
    without gates is refused before any output is written. Needs PyTorch.

Per-channel importance (``summary.json``): for ``gradient``/``gradcam`` the
mean of ``|dS/dx_c|`` over valid pixels; for ``occlusion`` the mean drop of
the probability per valid pixel when channel ``c`` alone is replaced by 0.
Each also as a share of the channels' total (absolute values).

Normalisation of ``attention``: none. The coefficients are already 0-1, so
the blended map is written as it is (scale fixed at 1): a value of 0.8 means
the gates passed 80 % of the skip features there, comparable across scenes.

Normalisation of the other methods (streaming-safe, no seams): raw blended values are written
first; while they are written a fixed log-spaced histogram of them is kept
(constant memory). At the end one global scale, the 99th percentile, divides
the whole raster and values are clipped to 0-1. Every tile shares that scale.
"""
from __future__ import annotations

import math
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

import numpy as np

from .errors import ModelError, RuntimeUnavailable

METHODS = ("gradient", "gradcam", "occlusion", "attention")
NO_GATES_FIX = ("choose a model with attention gates such as the spatial-attention U-Net, "
                "or another saliency method (gradient, gradcam, occlusion)")
PERCENTILE = 99.0
OCCLUSION_GRID = 4           # patches per tile side for the spatial occlusion map
GRADCAM_STRIDE = 4


NO_TORCH = "PyTorch is not installed"


def torch_problem() -> Optional[str]:
    """None when PyTorch can be imported (from the environment or the plugin's folder), else why not."""
    try:
        from .. import deps
        deps.activate()
    except Exception:   # the managed folder is optional
        pass
    try:
        import torch  # noqa: F401
    except ModuleNotFoundError as exc:
        if exc.name == "torch":
            return NO_TORCH
        return f"PyTorch cannot be imported ({type(exc).__name__}: {exc})"
    except Exception as exc:  # a broken binary install
        return f"PyTorch cannot be imported ({type(exc).__name__}: {exc})"
    return None


def _rebuild(model_path: Path, what: str = "gradient"):
    """The PyTorch module of an exported zoo model, or raise ModelError."""
    try:
        from ...models.zoo.rebuild import rebuild
    except ImportError:
        from landslide_mapper.models.zoo.rebuild import rebuild
    try:
        module, _ = rebuild(model_path)
    except ValueError as exc:
        raise ModelError(f"The model {Path(model_path).name} cannot be rebuilt in PyTorch for {what} "
                         f"saliency ({exc}). Use saliency 'occlusion', which works with any model.") from exc
    for m in module.modules():
        if hasattr(m, "inplace"):      # in-place activations would overwrite hooked feature maps
            m.inplace = False
    for p in module.parameters():
        p.requires_grad_(False)
    return module


def choose_method(requested: str, model_path: Path) -> tuple[str, Optional[str], object]:
    """(method, note for the analyst or None, rebuilt torch module or None).

    ``auto`` is ``gradient`` when PyTorch works and the model can be rebuilt,
    else ``occlusion``. An explicit ``gradient``/``gradcam`` that cannot run
    raises with the fix, before any work is done.
    """
    if requested not in ("auto",) + METHODS:
        from .errors import InputError
        raise InputError(f"Unknown saliency method '{requested}'. Choose auto, {', '.join(METHODS)}.")
    # 'auto' never picks 'attention': it is an extra view for gated models, not the best general method.
    if requested == "occlusion":
        return "occlusion", None, None
    problem = torch_problem()
    if problem is None and requested == "attention":
        module = _rebuild(model_path, "attention-map")
        if not attention_gates(module):
            raise ModelError(f"The model {Path(model_path).name} has no attention gates, so it has no attention "
                             f"maps: {NO_GATES_FIX}.")
        return "attention", None, module
    if problem is None:
        try:
            return ("gradient" if requested == "auto" else requested), None, _rebuild(model_path)
        except ModelError as exc:
            if requested != "auto":
                raise
            problem = str(exc)
    if requested != "auto":
        raise RuntimeUnavailable(f"Saliency '{requested}' needs PyTorch: {problem}. Install PyTorch "
                                 "(plugin dependency dialog, or pip) or choose saliency 'occlusion'.")
    if problem == NO_TORCH:
        return "occlusion", ("Saliency by occlusion: gradient saliency needs PyTorch, which is not installed "
                             "(the plugin's dependency dialog, or pip, installs it)."), None
    return "occlusion", f"Saliency by occlusion (gradient saliency unavailable: {problem}).", None


@dataclass
class ChannelTally:
    """Per-channel importance summed over tiles."""
    names: list
    total: np.ndarray = None
    pixels: int = 0

    def __post_init__(self):
        self.total = np.zeros(len(self.names), np.float64)

    def table(self, kind: str) -> list:
        mean = self.total / max(1, self.pixels)
        denom = float(np.abs(mean).sum()) or 1.0
        return [{"channel": n, kind: float(m), "share": round(float(abs(m) / denom), 6)}
                for n, m in zip(self.names, mean)]


class Explainer:
    """Base: ``explain(x (N,C,T,T), valid (N,T,T), prob (N,T,T)) -> raw saliency (N,T,T)``.

    ``parallel_runs``: whether ``explain`` may run in two threads at once."""
    method = ""
    layer: Optional[str] = None
    score = ""
    importance_kind = ""
    parallel_runs = False

    def __init__(self, channel_names):
        self.tally = ChannelTally(list(channel_names))
        self.notes: list[str] = []
        self._lock = threading.Lock()

    def describe(self) -> dict:
        d = {"method": self.method, "score": self.score,
             "channel_importance": self.tally.table(self.importance_kind),
             "channel_importance_definition": self.importance_definition}
        if self.layer:
            d["layer"] = self.layer
        return d


class _TorchExplainer(Explainer):
    score = "sum of the model's logits over the tile's valid pixels"
    importance_kind = "mean_abs_gradient"
    importance_definition = "mean over valid pixels of |d score / d channel| (normalised input)"

    def __init__(self, module, channel_names, threads: Optional[int]):
        super().__init__(channel_names)
        import torch

        if threads:
            torch.set_num_threads(int(threads))
        self.torch, self.module = torch, module
        self._checked = False

    def _forward(self, xt):
        out = self.module(xt)
        if isinstance(out, (list, tuple)):
            out = out[0]
        return out[:, 0]

    def _check(self, logits, prob) -> None:
        """Once: the rebuilt module must compute what the ONNX graph computes."""
        if self._checked or prob is None:
            return
        self._checked = True
        diff = float(np.abs(1.0 / (1.0 + np.exp(-logits)) - prob).max())
        if diff > 1e-3:
            self.notes.append(f"The PyTorch rebuild of the model differs from the ONNX graph by up to {diff:.3g} "
                              "in probability; the saliency may be approximate.")

    def _tally(self, gx: np.ndarray, valid: np.ndarray) -> None:
        self.tally.total += (np.abs(gx) * valid[:, None]).sum(axis=(0, 2, 3))
        self.tally.pixels += int(valid.sum())


class GradientExplainer(_TorchExplainer):
    method = "gradient"

    def explain(self, x, valid, prob=None):
        torch = self.torch
        xt = torch.from_numpy(np.ascontiguousarray(x, dtype=np.float32)).requires_grad_(True)
        with torch.enable_grad():
            logits = self._forward(xt)
            score = (logits * torch.from_numpy(valid.astype(np.float32))).sum()
            (gx,) = torch.autograd.grad(score, [xt])
        gx = gx.numpy()
        self._check(logits.detach().numpy(), prob)
        self._tally(gx, valid)
        return np.abs(gx).mean(axis=1)


def gradcam_layer(module, channels: int, tile: int):
    """(description, layer): the last layer, in execution order, with > 1 output channel at 1/4 of
    ``tile`` (1/2 when 1/4 is the coarsest level, so the layer lies in the decoder)."""
    import torch

    seen: list = []
    hooks = [m.register_forward_hook(lambda m, i, o, n=n: seen.append((n, m, tuple(o.shape)))
                                     if torch.is_tensor(o) else None)
             for n, m in module.named_modules() if n and not list(m.children())]
    try:
        with torch.no_grad():
            module(torch.zeros(1, channels, tile, tile))
    finally:
        for h in hooks:
            h.remove()
    maps = [(n, m, s) for n, m, s in seen if len(s) == 4 and s[1] > 1 and s[-1] < tile]
    if not maps:
        raise ModelError("The model has no inner feature maps for Grad-CAM; use saliency 'gradient'.")
    want = tile // GRADCAM_STRIDE
    if want <= min(s[-1] for _, _, s in maps):    # 1/4 is the bottleneck (shallow net): stay in the decoder
        want = tile // 2
    at = [t for t in maps if t[2][-1] == want] or [t for t in maps if t[2][-1] == max(s[-1] for _, _, s in maps)]
    n, m, s = at[-1]
    return f"{n} ({s[1]} channels at 1/{tile // s[-1]} resolution)", m


class GradCamExplainer(_TorchExplainer):
    method = "gradcam"

    def __init__(self, module, channel_names, threads, tile: int):
        super().__init__(module, channel_names, threads)
        self.layer, self._target = gradcam_layer(module, len(channel_names), tile)

    def explain(self, x, valid, prob=None):
        torch = self.torch
        import torch.nn.functional as F

        acts = {}
        hook = self._target.register_forward_hook(lambda m, i, o: acts.__setitem__("a", o))
        try:
            xt = torch.from_numpy(np.ascontiguousarray(x, dtype=np.float32)).requires_grad_(True)
            with torch.enable_grad():
                logits = self._forward(xt)
                score = (logits * torch.from_numpy(valid.astype(np.float32))).sum()
                ga, gx = torch.autograd.grad(score, [acts["a"], xt])
        finally:
            hook.remove()
        a = acts["a"].detach()
        cam = torch.relu((ga.mean(dim=(2, 3), keepdim=True) * a).sum(dim=1, keepdim=True))
        cam = F.interpolate(cam, size=x.shape[-2:], mode="bilinear", align_corners=False)[:, 0]
        self._check(logits.detach().numpy(), prob)
        self._tally(gx.numpy(), valid)
        return cam.numpy()


class OcclusionExplainer(Explainer):
    method = "occlusion"
    score = "sum of the probabilities over the tile's valid pixels"
    importance_kind = "mean_probability_drop"
    importance_definition = ("mean drop of the probability per valid pixel when the channel alone is replaced "
                             "by its normalised mean (0); negative: the channel argued against landslides")

    parallel_runs = True        # it only runs the inference session, which takes concurrent runs

    def __init__(self, run_model: Callable[[np.ndarray], np.ndarray], channel_names, grid: int = OCCLUSION_GRID):
        super().__init__(channel_names)
        self.run_model, self.grid = run_model, grid
        self.layer = None

    def explain(self, x, valid, prob):
        n, c, t, _ = x.shape
        if prob is None:        # with TTA the run's probability is a mean of 8; occlusion compares single passes
            prob = self.run_model(x)
        vf = valid.astype(np.float64)
        base = (prob * vf).sum(axis=(1, 2))
        drop = np.zeros(c, np.float64)
        for ch in range(c):
            xo = x.copy()
            xo[:, ch] = 0.0
            drop[ch] = float((base - (self.run_model(xo) * vf).sum(axis=(1, 2))).sum())
        with self._lock:
            self.tally.total += drop
            self.tally.pixels += int(valid.sum())
        g = self.grid
        edges = np.linspace(0, t, g + 1).round().astype(int)
        drops = np.zeros((n, g, g), np.float64)
        for i in range(g):
            for j in range(g):
                xo = x.copy()
                xo[:, :, edges[i]:edges[i + 1], edges[j]:edges[j + 1]] = 0.0
                drops[:, i, j] = base - (self.run_model(xo) * vf).sum(axis=(1, 2))
        centres = (edges[:-1] + edges[1:]) / 2.0 - 0.5
        return _bilinear(np.maximum(drops, 0.0), centres, t).astype(np.float32)


def _bilinear(grid_vals: np.ndarray, centres: np.ndarray, size: int) -> np.ndarray:
    """(N, g, g) values at ``centres`` (both axes) -> (N, size, size), clamped beyond the outer centres."""
    pos = np.arange(size, dtype=np.float64)
    rows = np.stack([[np.interp(pos, centres, col) for col in tile.T] for tile in grid_vals])   # (N, g, size)
    return np.stack([[np.interp(pos, centres, r) for r in tile.T] for tile in rows])            # (N, size, size)


def attention_gates(module) -> list:
    """[(name, gate module)] of the attention gates on skip connections, in module order."""
    return [(n, m) for n, m in module.named_modules()
            if type(m).__name__ == "AttentionGate" and hasattr(m, "psi")]


class AttentionExplainer(_TorchExplainer):
    """Mean of the attention-gate coefficient maps, each upsampled bilinearly to the tile."""
    method = "attention"
    fixed_scale = 1.0

    def __init__(self, module, channel_names, threads):
        super().__init__(module, channel_names, threads)
        self.gates = attention_gates(module)
        self.layer = ", ".join(f"{n}.psi" for n, _ in self.gates)

    def explain(self, x, valid, prob=None):
        torch = self.torch
        import torch.nn.functional as F

        coeffs: list = []
        hooks = [g.psi.register_forward_hook(lambda m, i, o: coeffs.append(torch.sigmoid(o.detach())))
                 for _, g in self.gates]
        try:
            xt = torch.from_numpy(np.ascontiguousarray(x, dtype=np.float32)).requires_grad_(True)
            with torch.enable_grad():       # the gradient only feeds the per-channel importance table
                logits = self._forward(xt)
                score = (logits * torch.from_numpy(valid.astype(np.float32))).sum()
                (gx,) = torch.autograd.grad(score, [xt])
        finally:
            for h in hooks:
                h.remove()
        maps = [F.interpolate(a, size=x.shape[-2:], mode="bilinear", align_corners=False)[:, 0] for a in coeffs]
        self._check(logits.detach().numpy(), prob)
        self._tally(gx.numpy(), valid)
        return torch.stack(maps).mean(dim=0).clamp(0.0, 1.0).numpy()

    def describe(self) -> dict:
        d = super().describe()
        d["gates"] = [n for n, _ in self.gates]
        d["definition"] = ("mean over the attention gates of sigmoid(psi) (the coefficient multiplying the skip "
                           "features), each upsampled bilinearly to the tile")
        return d


def make_explainer(requested: str, model_path: Path, meta, run_model, threads=None):
    """(explainer, note or None) for a run; imports PyTorch only when a torch method is chosen."""
    method, note, module = choose_method(requested, model_path)
    names = [c.name for c in meta.channels]
    if method == "gradient":
        return GradientExplainer(module, names, threads), note
    if method == "gradcam":
        return GradCamExplainer(module, names, threads, meta.tile_size), note
    if method == "attention":
        return AttentionExplainer(module, names, threads), note
    return OcclusionExplainer(run_model, names), note


class ScaleHistogram:
    """Constant-memory log-spaced histogram of positive values, for a global percentile."""
    LO, HI, BINS = -20.0, 10.0, 3000

    def __init__(self):
        self.counts = np.zeros(self.BINS + 1, np.int64)    # bin 0: zeros and values below 1e-20

    def add(self, values: np.ndarray) -> None:
        v = values[np.isfinite(values)]
        if v.size == 0:
            return
        lv = np.log10(np.maximum(v.astype(np.float64), 1e-30))     # zeros fall into bin 0
        idx = np.clip(np.floor((lv - self.LO) / (self.HI - self.LO) * self.BINS).astype(np.int64) + 1,
                      0, self.BINS)
        self.counts += np.bincount(idx, minlength=self.BINS + 1)

    def percentile(self, q: float) -> float:
        total = int(self.counts.sum())
        if total == 0:
            return 0.0
        k = int(np.searchsorted(np.cumsum(self.counts), math.ceil(total * q / 100.0)))
        if k == 0:
            return 0.0
        width = (self.HI - self.LO) / self.BINS
        return float(10.0 ** (self.LO + (k - 0.5) * width))   # bin centre (log scale): within 1.2 %


def rescale(raw_path: Path, dst, scale: float, nodata: float, block: int = 1024) -> None:
    """Write ``clip(raw / scale, 0, 1)`` window by window into the open ``dst``; nodata kept."""
    import rasterio
    from rasterio.windows import Window

    with rasterio.open(raw_path) as src:
        for r in range(0, src.height, block):
            for c in range(0, src.width, block):
                win = Window(c, r, min(block, src.width - c), min(block, src.height - r))
                v = src.read(1, window=win)
                ok = v != src.nodata
                out = np.clip(v / scale, 0.0, 1.0) if scale > 0 else np.zeros_like(v)
                dst.write(np.where(ok, out, nodata).astype(np.float32), 1, window=win)
