"""The detection run as a QgsTask: the engine works in a worker thread.

``finished`` runs on the main thread, so the callback given to the task may
add layers to the project. Every exception is caught and handed back as
text; nothing escapes into QGIS.
"""
from __future__ import annotations

import traceback
from typing import Callable, Optional

from qgis.core import QgsTask
from qgis.PyQt.QtCore import pyqtSignal

from ..engine.request import DetectionRequest
from .i18n import tr


class DetectionTask(QgsTask):
    """Runs ``run_detection`` for one request.

    ``on_done(task)`` is called on the main thread when the task ends; look
    at ``task.result`` (success), ``task.cancelled`` or ``task.error`` and
    ``task.details``.
    """

    message = pyqtSignal(str)   # progress text from the engine, delivered to the main thread

    def __init__(self, request: DetectionRequest, title: str, on_done: Callable[["DetectionTask"], None]):
        super().__init__(title, QgsTask.CanCancel)
        self.request = request
        self.on_done = on_done
        self.result = None
        self.cancelled = False
        self.error: Optional[str] = None
        self.details: str = ""

    def run(self) -> bool:   # worker thread: no GUI, no project access
        try:
            from ..engine.detect import run_detection
            from ..engine.errors import Cancelled, LandslideMapperError
        except Exception as exc:
            self.error = tr("The detection engine could not be loaded: {error}").format(error=exc)
            self.details = traceback.format_exc()
            return False
        try:
            self.result = run_detection(self.request, progress=self._progress, cancel=self.isCanceled)
            return True
        except Cancelled:
            self.cancelled = True
        except LandslideMapperError as exc:
            self.error = str(exc)
            self.details = traceback.format_exc()
        except MemoryError:
            self.error = tr("Out of memory. Lower the batch size or process a smaller area.")
            self.details = traceback.format_exc()
        except Exception as exc:   # an engine bug must not take QGIS down
            self.error = tr("Detection failed unexpectedly: {error}").format(error=f"{type(exc).__name__}: {exc}")
            self.details = traceback.format_exc()
        return False

    def _progress(self, percent: float, text: str = "") -> None:
        self.setProgress(max(0.0, min(100.0, float(percent))))
        if text:
            self.message.emit(str(text))

    def finished(self, ok: bool) -> None:   # main thread
        if not ok and self.isCanceled():
            self.cancelled = True
        try:
            self.on_done(self)
        except Exception:   # a GUI bug must not escape into QGIS's task manager
            traceback.print_exc()
