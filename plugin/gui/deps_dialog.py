"""Checks and installs the plugin's run-time packages in its own folder.

onnxruntime (CPU build) or onnxruntime-gpu (CUDA build), never both, plus
the small packages listed in ``requirements/runtime.txt``, are installed
with pip, run as a child process of the system Python, into
``plugin.deps.deps_dir()`` with ``--no-deps`` so that the numpy QGIS is
built against is never replaced.
"""
from __future__ import annotations

import importlib.machinery
import importlib.util
import os
import shlex
import shutil
import sys
from pathlib import Path
from typing import List, Optional

from qgis.PyQt.QtCore import QProcess, QProcessEnvironment, pyqtSignal
from qgis.PyQt.QtWidgets import (QButtonGroup, QCheckBox, QDialog, QDialogButtonBox, QLabel,
                                 QPlainTextEdit, QProgressBar, QRadioButton, QVBoxLayout)

from .. import deps
from .i18n import tr

ROOT = Path(__file__).resolve().parents[2]
RUNTIME_FILE = ROOT / "requirements" / "runtime.txt"
# torch's own small dependencies; torch is optional (model zoo, gradient saliency).
TORCH_EXTRAS = ["torch", "filelock", "typing_extensions", "networkx", "jinja2", "MarkupSafe", "fsspec"]
NEVER = ("numpy",)   # QGIS, GDAL and rasterio are built against the system numpy
# Extra pip arguments, e.g. "--no-index --find-links /media/usb/wheels" on a computer without internet.
PIP_ARGS_VAR = "LANDSLIDE_MAPPER_PIP_ARGS"


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


def extra_pip_arguments() -> List[str]:
    """Arguments added to every pip call from ``$LANDSLIDE_MAPPER_PIP_ARGS`` (an offline wheel folder, a proxy)."""
    return shlex.split(os.environ.get(PIP_ARGS_VAR, ""))


def pip_arguments(target: Path, gpu: bool, with_torch: bool = False, requirements: Path = RUNTIME_FILE,
                  extra: Optional[List[str]] = None) -> List[str]:
    """Arguments for ``python -m pip`` installing the runtime listed in ``requirements`` into ``target``.

    ``extra`` (default: :func:`extra_pip_arguments`) goes before the package list.
    """
    packages = runtime_requirements(gpu, requirements)
    if with_torch:
        packages += TORCH_EXTRAS
    extra = extra_pip_arguments() if extra is None else list(extra)
    return ["-m", "pip", "install", "--disable-pip-version-check", "--no-input",
            "--upgrade", "--no-deps", "--target", str(target)] + extra + packages


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


def move_into(staging: Path, target: Path) -> None:
    """Move everything pip installed in ``staging`` into ``target``, replacing what was there."""
    for entry in staging.iterdir():
        dest = target / entry.name
        if dest.is_dir() and not dest.is_symlink():
            shutil.rmtree(dest)
        elif dest.exists() or dest.is_symlink():
            dest.unlink()
        shutil.move(str(entry), str(dest))


def status(target: Optional[Path] = None) -> dict:
    """Which optional packages can be imported from the managed folder (or from ``target``)."""
    names = ("onnxruntime", "torch")
    if target is not None and Path(target) != deps.deps_dir():
        # another folder: look only there, not at what this Python already sees
        return {n: importlib.machinery.PathFinder.find_spec(n, [str(target)]) is not None for n in names}
    deps.activate()
    return {name: importlib.util.find_spec(name) is not None for name in names}


def runtime_ready() -> bool:
    return not deps.missing_packages(("onnxruntime",))


class DependencyDialog(QDialog):
    """Explains what is missing and installs it with pip, showing pip's output.

    ``target`` (default: the managed folder), ``requirements`` (default:
    ``requirements/runtime.txt``) and ``pip_args`` (default: from
    ``$LANDSLIDE_MAPPER_PIP_ARGS``) allow installing from a local wheel
    folder. ``installFinished(ok)`` is emitted when pip ends; ``succeeded``
    then holds the same answer (None before the first install ends).
    """

    installFinished = pyqtSignal(bool)

    def __init__(self, parent=None, target: Optional[Path] = None, requirements: Path = RUNTIME_FILE,
                 pip_args: Optional[List[str]] = None):
        super().__init__(parent)
        self.setObjectName("landslide_mapper_dependencies")
        self.setWindowTitle(tr("Landslide Mapper - dependencies"))
        self.setMinimumWidth(560)
        self.process: Optional[QProcess] = None
        self.target = Path(target) if target is not None else deps.deps_dir()
        self.requirements = Path(requirements)
        self.pip_args = pip_args
        self.succeeded: Optional[bool] = None
        self._pending = b""
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
        self.torch = QCheckBox(
            tr("Also install PyTorch (optional, about 200 MB: gradient saliency maps and training models)"),
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
        found = status(self.target)
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

    def staging_dir(self) -> Path:
        """pip installs here first; the managed folder changes only when pip succeeded."""
        return self.target.with_name(self.target.name + ".installing")

    def install(self) -> None:
        if self.process is not None:
            return
        self.target.mkdir(parents=True, exist_ok=True)
        staging = self.staging_dir()
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        python = python_executable()
        args = pip_arguments(staging, self.gpu.isChecked(), self.torch.isChecked(), self.requirements,
                             self.pip_args)
        self.output.clear()
        self.succeeded = None
        self._pending = b""
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

    def _read_output(self, flush: bool = False) -> None:
        # pip's output arrives in arbitrary chunks: show whole lines only, so its messages stay intact
        if self.process is not None:
            self._pending += bytes(self.process.readAllStandardOutput())
        *lines, self._pending = self._pending.split(b"\n")
        if flush and self._pending:
            lines.append(self._pending)
            self._pending = b""
        text = b"\n".join(lines).decode("utf-8", "replace").rstrip()
        if text:
            self.output.appendPlainText(text)

    def _failed_to_start(self, error) -> None:
        if error == QProcess.FailedToStart:
            self.output.appendPlainText(tr("Could not start Python for pip:") + " " + self.process.errorString())
            self._done(False)

    def _finished(self, code: int, _status) -> None:
        self._read_output(flush=True)
        ok = code == 0
        if ok:
            removed = remove_other_build(self.target, self.gpu.isChecked())
            if removed:
                self.output.appendPlainText(tr("Removed the other onnxruntime build:") + " "
                                            + ", ".join(p.name for p in removed))
            move_into(self.staging_dir(), self.target)
        else:
            self.output.appendPlainText(tr("pip failed (exit code {code}). The lines above say why; "
                                           "a network proxy or an offline computer are common causes.")
                                        .format(code=code))
        shutil.rmtree(self.staging_dir(), ignore_errors=True)   # a failed install leaves the folder as it was
        self._done(ok)

    def _done(self, ok: bool) -> None:
        self.progress.setRange(0, 1)
        self.progress.setValue(1 if ok else 0)
        self.install_button.setEnabled(True)
        if self.process is not None:
            self.process.deleteLater()   # its signals must not reach this dialog after it is gone
        self.process = None
        importlib.invalidate_caches()
        self.refresh()
        if ok:
            self.output.appendPlainText(tr("Installed. If onnxruntime was already loaded, restart QGIS "
                                           "to use the new build."))
        self.succeeded = ok
        self.installFinished.emit(ok)
