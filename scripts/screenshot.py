#!/usr/bin/env python3
"""``make screenshot``: the real QGIS desktop under Xvfb with a finished run, saved as a PNG.

Starts QGIS with a scratch profile holding only this plugin, loads the
sample scene, runs the dock's detection (the default model, or
``--model``), opens the review tab on the first landslide and grabs the
main window into ``docs/screenshot.png``.
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
            if MODEL:
                if not dock.add_model_file(MODEL):
                    return fail("model not usable: " + MODEL)
            dock.output_folder.setFilePath(RUNS)
            note("dock ready")
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
            dock.tabs.setCurrentIndex(1)
            dock.review.next()
            dock.review.mark("confirmed")
            dock.review.zoom()
            canvas = iface.mapCanvas()
            canvas.setExtent(QgsProject.instance().mapLayersByName("Baige B imagery (0.5 m)")[0].extent())
            canvas.refresh()
            QTimer.singleShot(2500, grab)
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
    parser.add_argument("--model", default="", help="an .onnx file (default: the catalog's default model)")
    parser.add_argument("--runs", type=Path, default=ROOT / "out" / "screenshot_runs",
                        help="where the run's rasters and polygons are written")
    parser.add_argument("--timeout", type=int, default=240, help="seconds before giving up")
    args = parser.parse_args(argv)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.runs.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lm-qgis-") as tmp:
        profiles = Path(tmp) / "settings"
        subprocess.run([sys.executable, str(ROOT / "scripts" / "install_plugin.py"), "--profiles-path",
                        str(profiles)], check=True, stdout=subprocess.DEVNULL)
        script = Path(tmp) / "shot.py"
        out = Path(tmp) / "shot.png"
        script.write_text(f"OUT = {str(out)!r}\nSAMPLE = {str(ROOT / 'resources' / 'sample')!r}\n"
                          f"RUNS = {str(args.runs.resolve())!r}\nMODEL = {args.model!r}\n"
                          f"WATCHDOG_MS = {args.timeout * 1000}\n" + DESKTOP_SCRIPT)
        env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}   # a real screen: Xvfb
        env["LANG"] = env.get("SCREENSHOT_LANG", "en_US.UTF-8")
        cmd = ["xvfb-run", "-a", "-s", "-screen 0 1600x1000x24", "qgis", "--noversioncheck", "--nologo",
               "--profiles-path", str(profiles), "--code", str(script)]
        try:
            run = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=args.timeout + 60)
        except subprocess.TimeoutExpired as exc:
            run = exc
            run.stderr = (exc.stderr or b"").decode("utf-8", "replace") if isinstance(exc.stderr, bytes) else ""
        error = Path(str(out) + ".error")
        log = Path(str(out) + ".log")
        if log.is_file():
            print(log.read_text().strip())
        stuck = Path(str(out) + ".stuck.png")
        if stuck.is_file():
            stuck_copy = args.out.with_name("screenshot_stuck.png")
            stuck_copy.write_bytes(stuck.read_bytes())
            print(f"The screen when it got stuck: {stuck_copy}")
        if error.is_file() or not out.is_file():
            print("Screenshot failed:", error.read_text() if error.is_file() else run.stderr[-3000:])
            return 1
        tmp_out = args.out.with_suffix(".tmp.png")
        tmp_out.write_bytes(out.read_bytes())
        os.replace(tmp_out, args.out)
    print(f"Saved {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
