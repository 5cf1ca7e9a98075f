"""A calm placeholder for a tab whose job arrives in a later version."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


def placeholder(title: str, lines: list[str], parent: QWidget | None = None) -> QWidget:
    widget = QWidget(parent)
    layout = QVBoxLayout(widget)
    layout.addStretch(1)
    heading = QLabel(title)
    heading.setProperty("role", "heading")
    heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
    layout.addWidget(heading)
    body = QLabel("\n".join(lines))
    body.setProperty("role", "muted")
    body.setAlignment(Qt.AlignmentFlag.AlignCenter)
    layout.addWidget(body)
    layout.addStretch(2)
    return widget
