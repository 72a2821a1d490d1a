"""onnxruntime sessions on the device the user asked for, honestly reported.

onnxruntime lives in the plugin's managed dependency folder and is imported
only when work starts. The provider actually used is read back from the
session: onnxruntime silently falls back to the CPU when the CUDA provider
cannot load, and the analyst must be told.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Optional, Union

from .errors import ModelError, RuntimeUnavailable

CUDA = "CUDAExecutionProvider"
CPU = "CPUExecutionProvider"


def import_onnxruntime():
    """onnxruntime from the managed folder, or RuntimeUnavailable with the fix."""
    from .. import deps

    deps.activate()
    try:
        import onnxruntime
    except Exception as exc:
        raise RuntimeUnavailable(
            f"onnxruntime cannot be imported ({exc}). Install the plugin's dependencies "
            f"(the dock's 'Install dependencies' button, or 'make setup') into {deps.deps_dir()}.") from exc
    return onnxruntime


def available_providers() -> list[str]:
    """Execution providers this onnxruntime build offers."""
    return list(import_onnxruntime().get_available_providers())


def default_threads() -> int:
    """Physical-ish core count: onnxruntime gains nothing from hyper-threads on convolutions."""
    try:
        n = len(os.sched_getaffinity(0))
    except AttributeError:
        n = os.cpu_count() or 1
    return max(1, n)


def cpu_only(device: str) -> bool:
    """Whether a session for ``device`` can only run on the CPU: asked for, or ``auto`` with an
    onnxruntime that offers no CUDA provider (what :func:`create_session` then uses)."""
    return device == "cpu" or (device == "auto" and CUDA not in available_providers())


def create_session(path: Union[str, Path], device: str = "auto", threads: Optional[int] = None,
                   parallel_runs: int = 1):
    """An inference session and the provider it really uses.

    ``device``: ``auto`` (CUDA when it loads, else CPU), ``cuda`` (CUDA or
    RuntimeUnavailable), ``cpu``. ``threads``: CPU threads in all; None uses
    all cores available to this process. ``parallel_runs``: how many
    ``run`` calls the caller makes at once; each gets an equal share of the
    threads as its intra-op threads.
    """
    if device not in ("auto", "cuda", "cpu"):
        raise RuntimeUnavailable(f"Device '{device}' is unknown: use auto, cuda or cpu.")
    ort = import_onnxruntime()
    available = ort.get_available_providers()
    opts = ort.SessionOptions()
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    # One model call at a time: intra-op threads do the work, inter-op would only contend.
    opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    total = int(threads) if threads else default_threads()
    opts.intra_op_num_threads = max(1, total // max(1, int(parallel_runs)))
    opts.inter_op_num_threads = 1
    opts.log_severity_level = 3
    providers: list = []
    if device in ("auto", "cuda") and CUDA in available:
        # HEURISTIC avoids re-tuning convolutions (hundreds of ms) for each new input shape.
        providers.append((CUDA, {"cudnn_conv_algo_search": "HEURISTIC"}))
    elif device == "cuda":
        raise RuntimeUnavailable(
            "CUDA was requested but this onnxruntime offers only " + ", ".join(available)
            + ". Install onnxruntime-gpu (and remove the CPU-only onnxruntime package, which hides it) "
              "with a matching CUDA/cuDNN, or choose device 'cpu' or 'auto'.")
    providers.append(CPU)
    try:
        session = ort.InferenceSession(str(path), opts, providers=providers)
    except Exception as exc:
        if device == "cuda":
            raise RuntimeUnavailable(f"The CUDA provider failed to start ({exc}). "
                                     "Check the CUDA/cuDNN installation, or choose device 'cpu'.") from exc
        raise ModelError(f"{Path(path).name} cannot be loaded by onnxruntime {ort.__version__} ({exc}). "
                         "The file may be corrupt or need a newer onnxruntime.") from exc
    used = session.get_providers()[0]
    if device == "cuda" and used != CUDA:
        raise RuntimeUnavailable(f"CUDA was requested but onnxruntime fell back to {used}. "
                                 "Check the CUDA/cuDNN installation, or choose device 'cpu'.")
    return session, used
