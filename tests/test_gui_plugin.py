"""The plugin inside the real QGIS desktop (Xvfb): installs, loads, reloads, unloads cleanly."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap

import pytest

PROBE = textwrap.dedent('''
    import json, traceback
    import qgis.utils
    from qgis.core import QgsApplication
    from qgis.PyQt.QtCore import QCoreApplication, QEvent, QTimer
    from qgis.PyQt.QtWidgets import QAction, QDockWidget
    iface = qgis.utils.iface
    NAME = "landslide_mapper"

    def settle():
        QgsApplication.processEvents()
        QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)

    def count():
        window = iface.mainWindow()
        actions = [a for a in window.findChildren(QAction) if a.objectName() == "landslide_mapper_show_dock"]
        in_toolbar = sum(a in iface.rasterToolBar().actions() for a in actions)
        menu_entries = 0
        for a in iface.rasterMenu().actions():
            if a.menu() is not None:
                menu_entries += sum(x.objectName() == "landslide_mapper_show_dock" for x in a.menu().actions())
        docks = [d for d in window.findChildren(QDockWidget) if d.objectName() == "LandslideMapperDock"]
        providers = [p for p in QgsApplication.processingRegistry().providers() if p.id() == NAME]
        return {"actions": len(actions), "toolbar": in_toolbar, "menu": menu_entries,
                "docks": len(docks), "providers": len(providers), "loaded": NAME in qgis.utils.active_plugins}

    def probe():
        out = {}
        try:
            out["start"] = count()
            qgis.utils.plugins[NAME].toggle_dock(True)
            settle()
            out["dock_open"] = count()
            for i in range(2):
                qgis.utils.reloadPlugin(NAME)
                qgis.utils.plugins[NAME].toggle_dock(True)
                settle()
            out["after_reloads"] = count()
            # a session kept for the next run goes with the plugin
            import importlib
            runtime = importlib.import_module(NAME + ".plugin.engine.runtime")
            runtime.keep_warm(("probe",), object(), "CPUExecutionProvider")
            out["kept"] = [runtime.kept_session_key() is not None]
            qgis.utils.unloadPlugin(NAME)
            settle()
            out["unloaded"] = count()
            out["kept"].append(runtime.kept_session_key() is not None)
        except Exception:
            out["error"] = traceback.format_exc()
        json.dump(out, open(OUT, "w"))
        iface.actionExit().trigger()

    QTimer.singleShot(500, probe)
''')


def desktop_env() -> dict:
    """The real desktop draws on Xvfb: the offscreen platform the other tests use crashes it."""
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    return env


@pytest.mark.skipif(not shutil.which("xvfb-run") or not shutil.which("qgis"), reason="needs QGIS desktop and xvfb")
def test_install_load_reload_unload_leaves_no_duplicates(tmp_path, root):
    profiles = tmp_path / "profiles"
    install = subprocess.run([sys.executable, str(root / "scripts" / "install_plugin.py"),
                              "--profiles-path", str(profiles)], capture_output=True, text=True)
    assert install.returncode == 0, install.stdout + install.stderr
    assert (profiles / "profiles" / "default" / "python" / "plugins" / "landslide_mapper").resolve() == root
    assert "landslide_mapper=true" in (profiles / "profiles" / "default" / "QGIS" / "QGIS3.ini").read_text()
    out = tmp_path / "probe.json"
    script = tmp_path / "probe.py"
    script.write_text(f"OUT = {str(out)!r}\n" + PROBE)
    run = subprocess.run(["xvfb-run", "-a", "qgis", "--noversioncheck", "--nologo", "--profiles-path",
                          str(profiles), "--code", str(script)], capture_output=True, text=True, timeout=180,
                         env=desktop_env())
    assert out.is_file(), run.stdout[-2000:] + run.stderr[-2000:]
    result = json.loads(out.read_text())
    assert "error" not in result, result.get("error")
    has_provider = (root / "plugin" / "processing" / "provider.py").is_file()
    one = {"actions": 1, "toolbar": 1, "menu": 1, "providers": int(has_provider), "loaded": True}
    assert result["start"] == dict(one, docks=0)
    assert result["dock_open"] == dict(one, docks=1)
    assert result["after_reloads"] == dict(one, docks=1)
    assert result["unloaded"] == {"actions": 0, "toolbar": 0, "menu": 0, "docks": 0, "providers": 0,
                                  "loaded": False}
    assert result["kept"] == [True, False]
    # --uninstall removes the link and the enabled flag
    subprocess.run([sys.executable, str(root / "scripts" / "install_plugin.py"), "--uninstall",
                    "--profiles-path", str(profiles)], check=True, capture_output=True)
    assert not (profiles / "profiles" / "default" / "python" / "plugins" / "landslide_mapper").exists()
    assert "landslide_mapper=true" not in (profiles / "profiles" / "default" / "QGIS" / "QGIS3.ini").read_text()
