"""The dependency installer's real code path, offline: QProcess runs this Python's pip against
a folder of tiny wheels made here, installing into a temporary folder.

Stand-ins named like the real packages (onnxruntime, onnxruntime-gpu, numpy)
make the dialog's own rules apply: the chosen build only, never numpy.
"""
from __future__ import annotations

import base64
import hashlib
import time
import zipfile
from pathlib import Path

import pytest


def make_wheel(folder: Path, dist: str, version: str, package: str, code: str,
               requires: tuple = ()) -> Path:
    """A pure-Python wheel holding ``package/__init__.py`` with ``code``."""
    norm = dist.replace("-", "_")
    info = f"{norm}-{version}.dist-info"
    files = {
        f"{package}/__init__.py": code,
        f"{info}/METADATA": "Metadata-Version: 2.1\nName: {}\nVersion: {}\n{}".format(
            dist, version, "".join(f"Requires-Dist: {r}\n" for r in requires)),
        f"{info}/WHEEL": "Wheel-Version: 1.0\nGenerator: tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    record = []
    for name, text in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b"=").decode()
        record.append(f"{name},sha256={digest},{len(text.encode())}")
    record.append(f"{info}/RECORD,,")
    files[f"{info}/RECORD"] = "\n".join(record) + "\n"
    path = folder / f"{norm}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as zf:
        for name, text in files.items():
            zf.writestr(name, text)
    return path


@pytest.fixture(scope="module")
def wheelhouse(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("wheels")
    # the CPU stand-in depends on numpy, as the real onnxruntime does
    make_wheel(folder, "onnxruntime", "0.0.1", "onnxruntime", "BUILD = 'cpu'\n", requires=("numpy",))
    # the real GPU build installs into the same "onnxruntime" package folder
    make_wheel(folder, "onnxruntime-gpu", "0.0.1", "onnxruntime", "BUILD = 'gpu'\n", requires=("numpy",))
    make_wheel(folder, "lm-helper", "0.0.1", "lm_helper", "VALUE = 42\n")
    # a numpy that pip could take: only the dialog's rules keep it out
    make_wheel(folder, "numpy", "0.0.1", "numpy", "raise ImportError('stand-in numpy')\n")
    return folder


@pytest.fixture
def make_dialog(qgis_app, wheelhouse, tmp_path):
    from landslide_mapper.plugin.gui.deps_dialog import DependencyDialog

    made = []

    def make(requirements_text: str):
        req = tmp_path / f"runtime{len(made)}.txt"
        req.write_text(requirements_text, encoding="utf-8")
        dialog = DependencyDialog(target=tmp_path / "deps", requirements=req,
                                  pip_args=["--no-index", "--find-links", str(wheelhouse)])
        made.append(dialog)
        return dialog

    yield make
    for dialog in made:
        assert dialog.process is None, "pip still running at the end of the test"
        dialog.deleteLater()


def install_and_wait(dialog, seconds: float = 60.0) -> bool:
    """Press Install and let the Qt event loop run until pip has finished."""
    from qgis.PyQt.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    dialog.installFinished.connect(loop.quit)
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    started = time.monotonic()
    dialog.install_button.click()
    if dialog.succeeded is None:
        loop.exec_()
    dialog.installFinished.disconnect(loop.quit)
    assert dialog.succeeded is not None, f"pip did not finish within {seconds} s"
    assert time.monotonic() - started < seconds
    return dialog.succeeded


REQUIREMENTS = "# stand-ins for requirements/runtime.txt\nonnxruntime==0.0.1\nlm-helper\nnumpy\n"


def test_install_lands_in_target_without_numpy(make_dialog, tmp_path):
    dialog = make_dialog(REQUIREMENTS)
    assert dialog.cpu.isChecked()
    assert "missing" in dialog.status_label.text()
    assert install_and_wait(dialog), dialog.output.toPlainText()
    target = tmp_path / "deps"
    assert (target / "onnxruntime" / "__init__.py").read_text() == "BUILD = 'cpu'\n"
    assert (target / "lm_helper" / "__init__.py").is_file()
    assert not list(target.glob("numpy*")), "numpy was installed into the managed folder"
    assert not list(target.glob("onnxruntime_gpu*"))
    text = dialog.output.toPlainText()
    assert "--no-deps" in text and "--target" in text
    assert "Successfully installed" in text and "Installed." in text
    assert dialog.progress.maximum() == 1 and dialog.progress.value() == 1
    assert dialog.install_button.isEnabled()
    assert "onnxruntime</b> (required): <span style='color:#1a7f37'>found" in dialog.status_label.text()


def test_switching_to_gpu_build_removes_cpu_build(make_dialog, tmp_path):
    dialog = make_dialog(REQUIREMENTS)
    assert install_and_wait(dialog), dialog.output.toPlainText()
    target = tmp_path / "deps"
    assert (target / "onnxruntime-0.0.1.dist-info").is_dir()
    dialog.gpu.setChecked(True)
    assert install_and_wait(dialog), dialog.output.toPlainText()
    removed_line = next(line for line in dialog.output.toPlainText().splitlines()
                        if line.startswith("Removed the other onnxruntime build:"))
    assert "onnxruntime-0.0.1.dist-info" in removed_line and "onnxruntime_gpu" not in removed_line
    assert not (target / "onnxruntime-0.0.1.dist-info").exists()
    assert (target / "onnxruntime_gpu-0.0.1.dist-info").is_dir()
    assert (target / "onnxruntime" / "__init__.py").read_text() == "BUILD = 'gpu'\n"
    assert not list(target.glob("numpy*"))
    # and back to the CPU build: the GPU build goes
    dialog.cpu.setChecked(True)
    assert install_and_wait(dialog), dialog.output.toPlainText()
    assert not (target / "onnxruntime_gpu-0.0.1.dist-info").exists()
    assert (target / "onnxruntime" / "__init__.py").read_text() == "BUILD = 'cpu'\n"


def test_failed_install_shows_pips_error(make_dialog, tmp_path):
    dialog = make_dialog("onnxruntime==0.0.1\nno-such-package-xyz\n")
    assert not install_and_wait(dialog)
    text = dialog.output.toPlainText()
    assert "ERROR: Could not find a version that satisfies the requirement no-such-package-xyz" in text
    assert "ERROR: No matching distribution found for no-such-package-xyz" in text
    assert "pip failed (exit code 1)" in text
    assert "Installed." not in text
    assert dialog.progress.maximum() == 1 and dialog.progress.value() == 0
    assert dialog.install_button.isEnabled()
    assert not (tmp_path / "deps" / "onnxruntime").exists()    # pip installs all or nothing


def test_failed_install_keeps_the_working_build(make_dialog, tmp_path):
    """Nothing is lost: a GPU install that fails leaves the CPU build in place and usable."""
    dialog = make_dialog(REQUIREMENTS)
    assert install_and_wait(dialog), dialog.output.toPlainText()
    target = tmp_path / "deps"
    dialog.requirements.write_text("onnxruntime==0.0.1\nno-such-package-xyz\n", encoding="utf-8")
    dialog.gpu.setChecked(True)
    assert not install_and_wait(dialog)
    assert (target / "onnxruntime" / "__init__.py").read_text() == "BUILD = 'cpu'\n"
    assert (target / "onnxruntime-0.0.1.dist-info").is_dir()
    assert not list(target.glob("onnxruntime_gpu*"))
    assert not dialog.staging_dir().exists()
    assert "Removed the other onnxruntime build" not in dialog.output.toPlainText()


def test_pip_arguments_from_environment(monkeypatch, tmp_path):
    from landslide_mapper.plugin.gui import deps_dialog as D

    req = tmp_path / "r.txt"
    req.write_text("onnxruntime==1.31.1\nnumpy>=1.24\nsympy\n", encoding="utf-8")
    monkeypatch.setenv(D.PIP_ARGS_VAR, "--no-index --find-links '/media/usb stick/wheels'")
    args = D.pip_arguments(tmp_path / "t", gpu=True, requirements=req)
    assert args[:3] == ["-m", "pip", "install"]
    assert ["--no-index", "--find-links", "/media/usb stick/wheels"] == args[-5:-2]
    assert args[-2:] == ["onnxruntime-gpu==1.31.1", "sympy"]          # the GPU build only, never numpy
    assert "--no-deps" in args and args[args.index("--target") + 1] == str(tmp_path / "t")
