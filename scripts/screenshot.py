#!/usr/bin/env python3
"""``make screenshot``: the real QGIS desktop under Xvfb with a finished run, saved as a PNG.

Starts QGIS with a scratch profile holding only this plugin, loads the
sample scene (imagery and DEM), runs the dock's detection with the model the
dock picks for them (the terrain default), or ``--model``, and grabs the
main window: ``docs/screenshot.png`` shows the whole scene with the
probability and the polygons and the review tab; ``docs/screenshot_saliency.png``
a run with test-time augmentation and saliency switched on, showing the
saliency and uncertainty layers.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

DESKTOP_SCRIPT = textwrap.dedent('''
    import traceback, time
    import qgis.utils
    from qgis.core import QgsApplication, QgsProject, QgsRasterLayer
    from qgis.PyQt.QtCore import QTimer
    iface = qgis.utils.iface
    def note(text):
        with open(OUT + ".log", "a") as fh:
            fh.write(text + chr(10))

    def quit_qgis():
        QgsProject.instance().setDirty(False)   # no "save the project?" question on the way out
        iface.actionExit().trigger()

    def fail(text):
        open(OUT + ".error", "w").write(text)
        quit_qgis()

    def start():
        try:
            window = iface.mainWindow()
            window.setGeometry(0, 0, 1600, 1000)   # Xvfb has no window manager to maximise it
            from qgis.PyQt.QtWidgets import QDockWidget
            for d in window.findChildren(QDockWidget):
                if d.objectName() == "Browser":   # empty here: room for the map instead
                    d.hide()
            project = QgsProject.instance()
            rgb = QgsRasterLayer(SAMPLE + "/baige_b_rgb.tif", "Baige B imagery (0.5 m)")
            dem = QgsRasterLayer(SAMPLE + "/baige_b_dem.tif", "Baige B DEM")
            project.addMapLayer(dem)
            project.addMapLayer(rgb)
            iface.layerTreeView().setCurrentLayer(rgb)
            project.layerTreeRoot().findLayer(dem.id()).setItemVisibilityChecked(False)
            iface.mapCanvas().setExtent(rgb.extent())
            note("layers loaded")
            plugin = qgis.utils.plugins["landslide_mapper"]
            plugin.toggle_dock(True)
            dock = plugin.dock
            dock.setMinimumWidth(420)
            dock.image_layer.setLayer(rgb)
            dock.dem_layer.setLayer(dem)
            dock.tta.setChecked(ANALYSIS)
            dock.saliency.setChecked(ANALYSIS)
            if MODEL:
                if not dock.add_model_file(MODEL):
                    return fail("model not usable: " + MODEL)
            dock.output_folder.setFilePath(RUNS)
            note("dock ready; model: " + dock.model.currentText())
            dock.run_button.click()
            note("run started")
            if not dock.is_running():
                return fail("run did not start: " + str(getattr(dock, "last_error", "")))
            wait_run(dock, time.monotonic())
        except Exception:
            fail(traceback.format_exc())

    def wait_run(dock, t0):
        if dock.is_running() and time.monotonic() - t0 < 400:
            QTimer.singleShot(200, lambda: wait_run(dock, t0))
            return
        QTimer.singleShot(300, lambda: show(dock))

    def show(dock):
        note("run finished")
        try:
            if dock.last_group is None:
                return fail("no result: " + dock.log.toPlainText())
            root = QgsProject.instance().layerTreeRoot()
            for node in dock.last_group.findLayers():
                kind = node.layer().customProperty("landslide_mapper/output")
                if ANALYSIS:   # why the model decided and where it is unsure; polygons as outlines
                    node.setItemVisibilityChecked(kind in ("saliency", "uncertainty", "polygons"))
                    node.setExpanded(kind in ("saliency", "uncertainty"))
                else:
                    node.setExpanded(kind in ("polygons", "probability"))
            for node in root.findLayers():
                if node.layer().name() == "Baige B DEM":
                    node.setExpanded(False)
            if ANALYSIS:
                dock.tabs.setCurrentIndex(0)   # the switches that made these layers
                for node in dock.last_group.findLayers():
                    if node.layer().customProperty("landslide_mapper/output") == "polygons":
                        node.layer().removeSelection()   # a filled selection would hide the heat map
                from qgis.PyQt.QtWidgets import QScrollArea
                for area in dock.findChildren(QScrollArea):
                    area.ensureWidgetVisible(dock.log)   # the switches and the run's report together
            else:
                dock.tabs.setCurrentIndex(1)
                dock.review.next()
                dock.review.mark("confirmed")
            QTimer.singleShot(1500, fit_and_grab)   # the canvas settles its size after the tab switch
        except Exception:
            fail(traceback.format_exc())

    def fit_and_grab():
        try:
            canvas = iface.mapCanvas()
            scene = QgsProject.instance().mapLayersByName("Baige B imagery (0.5 m)")[0].extent()
            canvas.setExtent(scene.buffered(scene.width() * 0.01))
            note("canvas %dx%d px shows %s; the scene is %s" % (canvas.width(), canvas.height(),
                 canvas.extent().toString(0), scene.toString(0)))
            done = []
            def rendered():
                if not done:
                    done.append(1)
                    QTimer.singleShot(800, grab)
            canvas.mapCanvasRefreshed.connect(rendered)
            canvas.refresh()
            QTimer.singleShot(15000, rendered)   # no refresh signal: grab what is there
        except Exception:
            fail(traceback.format_exc())

    def grab():
        try:
            iface.mainWindow().grab().save(OUT)
        except Exception:
            return fail(traceback.format_exc())
        quit_qgis()

    def watchdog():
        # something modal or stuck: keep a picture of the screen to see what
        from qgis.PyQt.QtWidgets import QApplication
        QApplication.primaryScreen().grabWindow(0).save(OUT + ".stuck.png")
        fail("timed out; the screen is in " + OUT + ".stuck.png")
        QApplication.instance().exit(1)

    note("script loaded")
    QTimer.singleShot(1000, start)
    QTimer.singleShot(WATCHDOG_MS, watchdog)
''')


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshot.png")
    parser.add_argument("--out-saliency", type=Path, default=ROOT / "docs" / "screenshot_saliency.png")
    parser.add_argument("--only", choices=("main", "saliency"), help="take one of the two pictures")
    parser.add_argument("--model", default="", help="an .onnx file (default: the catalog's default model)")
    parser.add_argument("--runs", type=Path, default=ROOT / "out" / "screenshot_runs",
                        help="where the run's rasters and polygons are written")
    parser.add_argument("--timeout", type=int, default=240, help="seconds before giving up")
    args = parser.parse_args(argv)
    shots = [("main", args.out), ("saliency", args.out_saliency)]
    for mode, out in shots:
        if args.only in (None, mode):
            if shoot(out, args.runs / mode, args.model, args.timeout, analysis=mode == "saliency") != 0:
                return 1
    return 0


def shoot(target: Path, runs: Path, model: str, timeout: int, analysis: bool) -> int:
    """One QGIS session under Xvfb: run the dock, grab the window into ``target``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    runs.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lm-qgis-") as tmp:
        profiles = Path(tmp) / "settings"
        subprocess.run([sys.executable, str(ROOT / "scripts" / "install_plugin.py"), "--profiles-path",
                        str(profiles)], check=True, stdout=subprocess.DEVNULL)
        script = Path(tmp) / "shot.py"
        out = Path(tmp) / "shot.png"
        script.write_text(f"OUT = {str(out)!r}\nSAMPLE = {str(ROOT / 'resources' / 'sample')!r}\n"
                          f"RUNS = {str(runs.resolve())!r}\nMODEL = {model!r}\nANALYSIS = {analysis!r}\n"
                          f"WATCHDOG_MS = {timeout * 1000}\n" + DESKTOP_SCRIPT)
        env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}   # a real screen: Xvfb
        env["LANG"] = env.get("SCREENSHOT_LANG", "en_US.UTF-8")
        cmd = ["xvfb-run", "-a", "-s", "-screen 0 1600x1000x24", "qgis", "--noversioncheck", "--nologo",
               "--profiles-path", str(profiles), "--code", str(script)]
        try:
            run = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout + 60)
        except subprocess.TimeoutExpired as exc:
            run = exc
            run.stderr = (exc.stderr or b"").decode("utf-8", "replace") if isinstance(exc.stderr, bytes) else ""
        error = Path(str(out) + ".error")
        log = Path(str(out) + ".log")
        if log.is_file():
            print(log.read_text().strip())
        stuck = Path(str(out) + ".stuck.png")
        if stuck.is_file():
            # kept outside the repository: a debugging aid, never a picture for the docs
            stuck_copy = Path(tempfile.gettempdir()) / f"landslide_mapper_{target.stem}_stuck.png"
            stuck_copy.write_bytes(stuck.read_bytes())
            print(f"The screen when it got stuck: {stuck_copy}")
        if error.is_file() or not out.is_file():
            print("Screenshot failed:", error.read_text() if error.is_file() else run.stderr[-3000:])
            return 1
        tmp_out = target.with_suffix(".tmp.png")
        tmp_out.write_bytes(out.read_bytes())
        os.replace(tmp_out, target)
    print(f"Saved {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
