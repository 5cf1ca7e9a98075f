"""Make gmdesk.ico from resources/icons/gmdesk.svg: the same drawing at every size Windows asks for.

Run by the PyInstaller spec at build time (``python packaging/make_icon.py OUT.ico``), so the icon never goes
stale and no binary is committed. Each size is drawn by Qt's SVG renderer and stored as PNG inside the ICO
(Windows Vista and later read PNG entries at every size).
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)
ROOT = Path(__file__).resolve().parents[1]
SVG = ROOT / "resources" / "icons" / "gmdesk.svg"


def render_png(svg: Path, size: int) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"not a valid SVG: {svg}")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def pack_ico(images: dict[int, bytes]) -> bytes:
    """An ICO file of PNG entries: ICONDIR, one ICONDIRENTRY per image, then the images."""
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries, blobs = b"", b""
    for size, png in sorted(images.items()):
        side = 0 if size >= 256 else size  # 0 means 256 in an ICONDIRENTRY
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset)
        blobs += png
        offset += len(png)
    return header + entries + blobs


def write_ico(out: Path, svg: Path = SVG, sizes: tuple[int, ...] = SIZES) -> Path:
    from PySide6.QtGui import QGuiApplication

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no window, no display needed
    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    try:
        data = pack_ico({size: render_png(svg, size) for size in sizes})
    finally:
        del app
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    return out


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python packaging/make_icon.py OUT.ico")
    print(write_ico(Path(sys.argv[1])))
