"""The key under the calendar: what the colours mean."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from gmdesk.domain.enums import Severity
from gmdesk.domain.workdays import DayKind
from gmdesk.ui.calendar import colors


def _swatch(colour: str, border: str = "", dashed: bool = False) -> str:
    style = "dashed" if dashed else "solid"
    edge = border or colour
    return f"<span style='background:{colour}; border:1px {style} {edge}'>&nbsp;&nbsp;&nbsp;&nbsp;</span>"


class Legend(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(2, 4, 2, 0)
        parts = [
            f"{_swatch(colors.RISK[s])} {s.label}"
            for s in (Severity.VETO, Severity.VIOLATION, Severity.WARNING)
        ]
        parts.append(
            f"{_swatch(colors.RISK_SOFT[Severity.VETO], colors.RISK[Severity.VETO], True)} 虚框：若不再安排将不符合"
        )
        parts.append(
            f"{_swatch(colors.DAY_BACKGROUND[DayKind.HOLIDAY], colors.DAY_EDGE[DayKind.HOLIDAY])} 法定节假日"
        )
        parts.append(
            f"{_swatch(colors.DAY_BACKGROUND[DayKind.WEEKEND], colors.DAY_EDGE[DayKind.WEEKEND])} 休息日"
        )
        parts.append(
            f"{_swatch(colors.DAY_BACKGROUND[DayKind.ADJUSTED_WORKDAY], colors.DAY_EDGE[DayKind.ADJUSTED_WORKDAY])} 调休上班"
        )
        parts.append(
            f"<span style='color:{colors.STATUS[next(iter(colors.STATUS))]}'>▌</span>已发布 "
            f"<span style='color:{colors.ADJUSTED_TEXT}'>▌</span>计划 "
            f"<span style='color:{colors.OVERDUE}'>▌</span>逾期未登记"
        )
        label = QLabel("　".join(parts))
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setProperty("role", "muted")
        layout.addWidget(label)
        layout.addStretch(1)
