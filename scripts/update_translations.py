#!/usr/bin/env python3
"""``make i18n``: refresh ``i18n/*.ts`` from the dock and Processing sources with pylupdate5.

Existing translations are kept (pylupdate5 merges); ``make`` then compiles
the ``.ts`` files to ``.qm`` with lrelease.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOCALES = ("zh_CN", "id")


def main() -> int:
    tool = shutil.which("pylupdate5")
    if tool is None:
        print("pylupdate5 not found: install pyqt5-dev-tools")
        return 1
    sources = sorted(str(p.relative_to(ROOT)) for folder in ("gui", "processing")
                     for p in (ROOT / "plugin" / folder).glob("*.py"))
    targets = [f"i18n/landslide_mapper_{loc}.ts" for loc in LOCALES]
    (ROOT / "i18n").mkdir(exist_ok=True)
    subprocess.run([tool, "-noobsolete", *sources, "-ts", *targets], cwd=ROOT, check=True)
    print("Updated " + ", ".join(targets))
    return 0


if __name__ == "__main__":
    sys.exit(main())
