"""Figure cards: a big number with a caption, for the dashboard's key figures."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget


class FigureCard(QFrame):
    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "card")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        self.value_label = QLabel("—")
        self.value_label.setProperty("role", "figure")
        self.caption_label = QLabel(caption)
        self.caption_label.setProperty("role", "muted")
        layout.addWidget(self.value_label)
        layout.addWidget(self.caption_label)

    def set_value(self, value: object, tooltip: str = "") -> None:
        self.value_label.setText(f"{value:,}" if isinstance(value, int) else str(value))
        self.setToolTip(tooltip)
