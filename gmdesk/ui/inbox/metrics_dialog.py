"""答复统计: 按期答复率, average first-response and handling time, overdue counts for any period, by
category, account or unit (the same figures the annual report prints)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gmdesk.services import reply_metrics
from gmdesk.services.reply_metrics import GroupFigures, ReplyFigures, ReplyMetrics, percent
from gmdesk.ui.context import AppContext
from gmdesk.ui.inbox.filters import combo_value
from gmdesk.ui.widgets.dates import DateEdit

HEADERS = [
    "名称",
    "收到",
    "已答复",
    "不予受理",
    "到期",
    "按期答复",
    "逾期",
    "按期答复率",
    "平均首次回应(小时)",
    "平均办理(天)",
    "当前逾期",
    "超3个月未办结",
]


def _number(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def figures_row(label: str, f: ReplyFigures) -> list[str]:
    return [
        label,
        f"{f.received:,}",
        f"{f.answered:,}",
        f"{f.rejected:,}",
        f"{f.due:,}",
        f"{f.on_time:,}",
        f"{f.overdue:,}",
        percent(f.on_time_rate),
        _number(f.avg_first_response_hours),
        _number(f.avg_handling_days),
        f"{f.open_overdue:,}",
        f"{f.open_long:,}",
    ]


class MetricsDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("答复统计")
        self.resize(1100, 560)
        self.metrics: ReplyMetrics | None = None
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        today = ctx.today()
        self.start, self.end = DateEdit(date(today.year, 1, 1)), DateEdit(today)
        self.group = QComboBox()
        for text, key in (("按类别", "category"), ("按账号", "account"), ("按主办单位", "unit")):
            self.group.addItem(text, key)
        refresh = QPushButton("统计")
        refresh.setProperty("primary", True)
        refresh.clicked.connect(self.reload)
        self.group.currentIndexChanged.connect(self._show)
        for widget in (QLabel("期间："), self.start, QLabel("至"), self.end, self.group, refresh):
            top.addWidget(widget)
        top.addStretch(1)
        layout.addLayout(top)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(False)
        self.table.setColumnWidth(0, 220)
        layout.addWidget(self.table, 1)
        note = QLabel(
            "按期答复率 = 期间内到期的留言中按期答复的比例（不予受理的不计）；平均时间按期间内收到的留言计算；"
            "“当前逾期”“超3个月未办结”为当前待办留言的情况。"
        )
        note.setWordWrap(True)
        note.setProperty("role", "muted")
        layout.addWidget(note)
        self.reload()

    def reload(self) -> None:
        start, end, now = self.start.day(), self.end.day(), self.ctx.now()
        as_of = now if end >= now.date() else None
        self.ctx.jobs.run(
            lambda session: reply_metrics.reply_metrics(session, start, end, as_of),
            on_done=self._loaded,
            on_error=lambda error: self.table.setRowCount(0),
        )

    def _loaded(self, metrics: ReplyMetrics) -> None:
        self.metrics = metrics
        self._show()

    def _show(self, *_: object) -> None:
        if self.metrics is None:
            return
        key = combo_value(self.group, "category")
        groups: list[GroupFigures] = {
            "category": self.metrics.by_category,
            "account": self.metrics.by_account,
            "unit": self.metrics.by_unit,
        }[key]
        rows = [figures_row("合计", self.metrics.overall)]
        rows += [
            figures_row(g.label if not g.parent else f"{g.label}（{g.parent}）", g.figures) for g in groups
        ]
        self.table.setRowCount(len(rows))
        for number, values in enumerate(rows):
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if column:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if number == 0:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(number, column, item)
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(0, max(self.table.columnWidth(0), 160))
