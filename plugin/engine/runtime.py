"""onnxruntime sessions on the device the user asked for, honestly reported.

onnxruntime lives in the plugin's managed dependency folder and is imported
only when work starts. The provider actually used is read back from the
session: onnxruntime silently falls back to the CPU when the CUDA provider
cannot load, and the analyst must be told.
"""
from __future__ import annotations

import atexit
import os
import threading
from pathlib import Path
from typing import Optional, Union

from .errors import ModelError, RuntimeUnavailable

CUDA = "CUDAExecutionProvider"
CPU = "CPUExecutionProvider"
KEEP_ENV_VAR = "LANDSLIDE_MAPPER_KEEP_SESSION_S"


def _keep_seconds() -> float:
    """Seconds a session is kept for the next run: ``$LANDSLIDE_MAPPER_KEEP_SESSION_S``
    (0 keeps none, for machines short of memory), else 120."""
    try:
        return max(0.0, float(os.environ.get(KEEP_ENV_VAR, "120")))
    except ValueError:
        return 120.0


KEEP_WARM_S = _keep_seconds()   # how long the last run's session waits, idle, for a next run of the same model


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


# ------------------------------------------------------------------ the last run's session
# A session's first runs cost far more than the later ones: onnxruntime touches its working
# memory for the first time (tens of thousands of page faults: 0.1-0.2 CPU-s for the bundled
# U-Nets), on top of the 15-150 ms of creating it. An analyst rarely runs one detection alone
# (several scenes, areas of interest, a batch in Processing, several images on the command
# line), so the last run's session is kept, idle, for KEEP_WARM_S and handed to the next run
# that asks for the same model file (unchanged on disk), device, threads and arrangement. At
# most one is kept: a run with another model frees it. Its memory (weights and onnxruntime's
# arena: 0.2-0.5 GB for the bundled models on the CPU) is given back when the time is up; the
# run's own finishing steps (resampling back, polygons) then come on top of it.

_warm_lock = threading.Lock()
_warm: Optional[tuple] = None          # (key, session, provider, timer)


def session_key(path: Union[str, Path], device: str, threads: Optional[int], parallel_runs: int) -> tuple:
    """What a kept session must match: the model file as it is on disk now, and how it runs."""
    p = Path(path).resolve()
    st = p.stat()
    # Rewriting the file changes its times (and replacing it, its inode) even where the clock
    # ticks too coarsely for the modification time alone.
    return (str(p), st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns, device,
            int(threads) if threads else default_threads(), int(parallel_runs))


def acquire_session(path: Union[str, Path], device: str = "auto", threads: Optional[int] = None,
                    parallel_runs: int = 1):
    """``(session, provider, key, reused)``: the kept session when it matches (see
    :func:`session_key`), else a new one from :func:`create_session`; a kept session that does
    not match is freed first, so two models' memory is never held at once."""
    try:
        key = session_key(path, device, threads, parallel_runs)
    except OSError:
        key = None                      # create_session says what is wrong with the file
    held = _take_kept()
    if held is not None:
        if held[0] == key:
            return held[1], held[2], key, True
        del held                        # freed here, before the new session is made
    session, provider = create_session(path, device, threads, parallel_runs=parallel_runs)
    return session, provider, key, False


def keep_warm(key: Optional[tuple], session, provider: str, seconds: Optional[float] = None) -> None:
    """Keep ``session`` for the next run for ``seconds`` (default :data:`KEEP_WARM_S`), in place of
    any other kept one. With 0 or less (or no key) it is not kept: it goes with the caller's last
    reference."""
    global _warm
    seconds = KEEP_WARM_S if seconds is None else seconds
    if key is None or seconds <= 0:
        return
    timer = threading.Timer(seconds, _expire, args=(key,))
    timer.daemon = True                 # an idle session never keeps a process alive
    timer.name = "landslide-keep-session"
    with _warm_lock:
        old, _warm = _warm, (key, session, provider, timer)
    timer.start()
    if old is not None:
        old[3].cancel()


def _take_kept(key: Optional[tuple] = None) -> Optional[tuple]:
    """The kept ``(key, session, provider, timer)``, no longer kept, its timer stopped; with
    ``key``, only when it is that key's. None when nothing (that matches) is kept."""
    global _warm
    with _warm_lock:
        if _warm is None or (key is not None and _warm[0] != key):
            return None
        held, _warm = _warm, None
    held[3].cancel()
    return held


def _expire(key: tuple) -> None:
    _take_kept(key)                     # the session is freed in this timer thread


def drop_kept_session() -> bool:
    """Free the kept session now; whether there was one."""
    return _take_kept() is not None


def kept_session_key() -> Optional[tuple]:
    """The key of the kept session, or None."""
    with _warm_lock:
        return None if _warm is None else _warm[0]


# Freed before the interpreter unloads onnxruntime, not during its teardown.
atexit.register(drop_kept_session)
