"""Refresh the manual's screenshots (resources/manual/images/) from the program as it is now.

    python packaging/manual_screenshots.py

Makes the demo county in a temporary folder, lets ``gmdesk --screenshots`` photograph each tab offscreen on a
1280×800 window, and stores them 960 pixels wide (the manual shows them unscaled). Needs a Chinese font
(fonts-noto-cjk on Linux).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "resources" / "manual" / "images"
WIDTH = 960


def main() -> int:
    with tempfile.TemporaryDirectory() as work:
        env = {**os.environ, "GMDESK_HOME": str(Path(work) / "home"), "QT_QPA_PLATFORM": "offscreen"}
        db, shots = Path(work) / "gmdesk.db", Path(work) / "shots"
        gmdesk = [sys.executable, "-m", "gmdesk"]
        subprocess.run([*gmdesk, "demo", "--db", str(db)], check=True, env=env, capture_output=True)
        subprocess.run([*gmdesk, "--screenshots", str(shots), "--db", str(db)], check=True, env=env)
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from PySide6.QtCore import Qt
        from PySide6.QtGui import QGuiApplication, QImage

        app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 - image scaling needs it
        TARGET.mkdir(parents=True, exist_ok=True)
        for shot in sorted(shots.glob("*.png")):
            name = shot.name.split("-", 1)[1]  # 01-dashboard.png → dashboard.png
            image = QImage(str(shot)).scaledToWidth(WIDTH, Qt.TransformationMode.SmoothTransformation)
            image.convertToFormat(QImage.Format.Format_RGB888).save(str(TARGET / name), "PNG", 9)
            print(TARGET / name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
