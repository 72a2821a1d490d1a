#!/usr/bin/env python3
"""Link this repository into the default QGIS profile as the plugin ``landslide_mapper``.

    python scripts/install_plugin.py              # link, enable, check dependencies
    python scripts/install_plugin.py --uninstall  # remove the link, disable
    python scripts/install_plugin.py --profiles-path DIR   # as QGIS's own --profiles-path

The plugin's run-time packages live in its own folder (plugin/deps.py);
``make setup`` fills it, and the plugin puts it on sys.path when it loads.
"""
from __future__ import annotations

import argparse
import configparser
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NAME = "landslide_mapper"


def default_profiles_path() -> Path:
    """QGIS's settings root; profiles live in its ``profiles`` subfolder."""
    if sys.platform.startswith("win"):
        return Path(os.environ["APPDATA"]) / "QGIS" / "QGIS3"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "QGIS" / "QGIS3"
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "QGIS" / "QGIS3"


def set_enabled(ini: Path, enabled: bool) -> None:
    """Set ``[PythonPlugins] landslide_mapper`` in QGIS3.ini, keeping everything else."""
    ini.parent.mkdir(parents=True, exist_ok=True)
    config = configparser.RawConfigParser(strict=False, interpolation=None)
    config.optionxform = str   # QGIS keys are case-sensitive
    if ini.is_file():
        config.read(ini, encoding="utf-8")
    if not config.has_section("PythonPlugins"):
        config.add_section("PythonPlugins")
    if enabled:
        config.set("PythonPlugins", NAME, "true")
    elif config.has_option("PythonPlugins", NAME):
        config.remove_option("PythonPlugins", NAME)
    tmp = ini.with_suffix(".ini.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        config.write(fh, space_around_delimiters=False)
    os.replace(tmp, ini)


def check_dependencies() -> str:
    """Ask QGIS's own Python whether onnxruntime imports from the managed folder."""
    code = ("import sys; sys.path.insert(0, %r); import deps; deps.activate(); "
            "import onnxruntime; print(onnxruntime.__version__, deps.deps_dir())") % str(ROOT / "plugin")
    run = subprocess.run(["/usr/bin/python3" if Path("/usr/bin/python3").exists() else sys.executable,
                          "-c", code], capture_output=True, text=True)
    if run.returncode == 0:
        return "onnxruntime " + run.stdout.strip()
    return ("onnxruntime is NOT importable by QGIS's Python: run 'make setup', or use "
            "Plugins > Raster > Landslide Mapper > Check dependencies inside QGIS.\n" + run.stderr.strip()[-400:])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uninstall", action="store_true", help="remove the link and disable the plugin")
    parser.add_argument("--profiles-path", type=Path, default=None,
                        help="QGIS settings root, as QGIS's own --profiles-path (default: the standard one)")
    parser.add_argument("--profile", default="default")
    args = parser.parse_args(argv)
    profile = (args.profiles_path or default_profiles_path()) / "profiles" / args.profile
    plugins = profile / "python" / "plugins"
    link = plugins / NAME
    ini = profile / "QGIS" / "QGIS3.ini"
    if args.uninstall:
        if link.is_symlink() or link.is_file():
            link.unlink()
            print(f"Removed {link}")
        elif link.exists():
            print(f"{link} is a real folder, not our link: left alone. Delete it yourself if you want.")
            return 1
        set_enabled(ini, False)
        print(f"Disabled in {ini}")
        return 0
    plugins.mkdir(parents=True, exist_ok=True)
    if link.is_symlink():
        if link.resolve() != ROOT:
            link.unlink()
    elif link.exists():
        print(f"{link} exists and is not a link to this repository; remove it first (--uninstall).")
        return 1
    if not link.exists():
        link.symlink_to(ROOT, target_is_directory=True)
    set_enabled(ini, True)
    print(f"Linked {link} -> {ROOT}")
    print(f"Enabled in {ini}")
    print(check_dependencies())
    return 0


if __name__ == "__main__":
    sys.exit(main())
