"""Checks and installs the plugin's run-time packages in its own folder.

onnxruntime (CPU build) or onnxruntime-gpu (CUDA build), never both, plus
the small packages listed in ``requirements/runtime.txt``, are installed
with pip, run as a child process of the system Python, into
``plugin.deps.deps_dir()`` with ``--no-deps`` so that the numpy QGIS is
built against is never replaced.
"""
from __future__ import annotations

import importlib.util
import os
import shutil
import sys
from pathlib import Path
from typing import List, Optional

from qgis.PyQt.QtCore import QProcess, QProcessEnvironment
from qgis.PyQt.QtWidgets import (QButtonGroup, QCheckBox, QDialog, QDialogButtonBox, QLabel,
                                 QPlainTextEdit, QProgressBar, QRadioButton, QVBoxLayout)

from .. import deps
from .i18n import tr

ROOT = Path(__file__).resolve().parents[2]
RUNTIME_FILE = ROOT / "requirements" / "runtime.txt"
# torch's own small dependencies; torch is optional (model zoo, gradient saliency).
TORCH_EXTRAS = ["torch", "filelock", "typing_extensions", "networkx", "jinja2", "MarkupSafe", "fsspec"]
NEVER = ("numpy",)   # QGIS, GDAL and rasterio are built against the system numpy


def runtime_requirements(gpu: bool, path: Path = RUNTIME_FILE) -> List[str]:
    """The requirement lines to install: the runtime list with the chosen onnxruntime build."""
    lines = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        name = line.split("=")[0].split("<")[0].split(">")[0].split("[")[0].strip().lower()
        if name in NEVER:
            continue
        if name in ("onnxruntime", "onnxruntime-gpu"):
            version = line[len(name):]
            line = ("onnxruntime-gpu" if gpu else "onnxruntime") + version
        lines.append(line)
    if not any(l.lower().startswith("onnxruntime") for l in lines):
        lines.insert(0, "onnxruntime-gpu" if gpu else "onnxruntime")
    return lines


def python_executable() -> str:
    """The interpreter QGIS runs (``sys.executable`` is the qgis binary on Linux)."""
    exe = Path(sys.executable)
    if exe.name.lower().startswith("python"):
        return str(exe)
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    candidates = [Path(sys.exec_prefix) / "python.exe", Path(sys.exec_prefix) / "python3.exe",
                  Path(sys.exec_prefix) / "bin" / f"python{version}", Path(sys.exec_prefix) / "bin" / "python3"]
    for candidate in candidates:
        if candidate.is_file():
            return str(candidate)
    return shutil.which(f"python{version}") or shutil.which("python3") or "python3"


def pip_arguments(target: Path, gpu: bool, with_torch: bool = False) -> List[str]:
    """Arguments for ``python -m pip`` installing the runtime into ``target``."""
    packages = runtime_requirements(gpu)
    if with_torch:
        packages += TORCH_EXTRAS
    return ["-m", "pip", "install", "--disable-pip-version-check", "--no-input",
            "--upgrade", "--no-deps", "--target", str(target)] + packages


def remove_other_build(target: Path, gpu: bool) -> List[Path]:
    """Delete the other onnxruntime build from ``target``: both share one package folder."""
    other = "onnxruntime" if gpu else "onnxruntime_gpu"
    removed = []
    if not target.is_dir():
        return removed
    for entry in target.iterdir():
        lowered = entry.name.lower()
        is_other_dist = lowered.startswith(other + "-") and lowered.endswith(".dist-info")
        if is_other_dist or lowered == "onnxruntime":
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
    return removed


def status() -> dict:
    """Which optional packages can be imported from the managed folder."""
    deps.activate()
    return {name: importlib.util.find_spec(name) is not None for name in ("onnxruntime", "torch")}


def runtime_ready() -> bool:
    return not deps.missing_packages(("onnxruntime",))


class DependencyDialog(QDialog):
    """Explains what is missing and installs it with pip, showing pip's output."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("landslide_mapper_dependencies")
        self.setWindowTitle(tr("Landslide Mapper - dependencies"))
        self.setMinimumWidth(560)
        self.process: Optional[QProcess] = None
        self.target = deps.deps_dir()
        layout = QVBoxLayout(self)
        self.status_label = QLabel(objectName="deps_status")
        self.status_label.setWordWrap(True)
        layout.addWidget(self.status_label)
        self.cpu = QRadioButton(tr("CPU build (onnxruntime): works on every computer"), objectName="deps_cpu")
        self.gpu = QRadioButton(tr("GPU build (onnxruntime-gpu): needs an NVIDIA GPU with CUDA 12 and cuDNN 9"),
                                objectName="deps_gpu")
        group = QButtonGroup(self)
        group.addButton(self.cpu)
        group.addButton(self.gpu)
        self.cpu.setChecked(True)
        self.torch = QCheckBox(tr("Also install PyTorch (optional, about 200 MB: only needed to train models)"),
                               objectName="deps_torch")
        for w in (self.cpu, self.gpu, self.torch):
            layout.addWidget(w)
        self.progress = QProgressBar(objectName="deps_progress")
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        layout.addWidget(self.progress)
        self.output = QPlainTextEdit(objectName="deps_output")
        self.output.setReadOnly(True)
        self.output.setMinimumHeight(160)
        layout.addWidget(self.output)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Close)
        self.install_button = self.buttons.addButton(tr("Install"), QDialogButtonBox.ActionRole)
        self.install_button.setObjectName("deps_install")
        self.install_button.clicked.connect(self.install)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.refresh()

    def refresh(self) -> None:
        found = status()
        lines = [tr("Packages are installed into the plugin's own folder:") + f"<br><code>{self.target}</code><br>",
                 tr("The numpy used by QGIS is never changed.") + "<br>"]
        for name, ok in found.items():
            state = tr("found") if ok else tr("missing")
            need = tr("required") if name == "onnxruntime" else tr("optional")
            colour = "#1a7f37" if ok else ("#b42318" if name == "onnxruntime" else "#8a6d00")
            lines.append(f"<b>{name}</b> ({need}): <span style='color:{colour}'>{state}</span>")
        if not found["onnxruntime"]:
            lines.append("<br>" + tr("Landslide detection needs onnxruntime. Choose a build and press Install."))
        self.status_label.setText("<br>".join(lines))

    def command(self) -> List[str]:
        return pip_arguments(self.target, self.gpu.isChecked(), self.torch.isChecked())

    def install(self) -> None:
        if self.process is not None:
            return
        self.target.mkdir(parents=True, exist_ok=True)
        removed = remove_other_build(self.target, self.gpu.isChecked())
        python = python_executable()
        args = self.command()
        self.output.clear()
        if removed:
            self.output.appendPlainText(tr("Removed the other onnxruntime build:") + " "
                                        + ", ".join(p.name for p in removed))
        self.output.appendPlainText("$ " + " ".join([python] + args))
        self.process = QProcess(self)
        env = QProcessEnvironment.systemEnvironment()
        env.insert("PYTHONNOUSERSITE", "1")
        self.process.setProcessEnvironment(env)
        self.process.setProcessChannelMode(QProcess.MergedChannels)
        self.process.readyReadStandardOutput.connect(self._read_output)
        self.process.finished.connect(self._finished)
        self.process.errorOccurred.connect(self._failed_to_start)
        self.progress.setRange(0, 0)   # busy: pip does not report a percentage
        self.install_button.setEnabled(False)
        self.process.start(python, args)

    def _read_output(self) -> None:
        data = bytes(self.process.readAllStandardOutput()).decode("utf-8", "replace")
        self.output.appendPlainText(data.rstrip())

    def _failed_to_start(self, error) -> None:
        if error == QProcess.FailedToStart:
            self.output.appendPlainText(tr("Could not start Python for pip:") + " " + self.process.errorString())
            self._done(False)

    def _finished(self, code: int, _status) -> None:
        self._read_output()
        ok = code == 0
        if not ok:
            self.output.appendPlainText(tr("pip failed (exit code {code}). The lines above say why; "
                                           "a network proxy or an offline computer are common causes.")
                                        .format(code=code))
        self._done(ok)

    def _done(self, ok: bool) -> None:
        self.progress.setRange(0, 1)
        self.progress.setValue(1 if ok else 0)
        self.install_button.setEnabled(True)
        self.process = None
        importlib.invalidate_caches()
        self.refresh()
        if ok:
            self.output.appendPlainText(tr("Installed. If onnxruntime was already loaded, restart QGIS "
                                           "to use the new build."))
