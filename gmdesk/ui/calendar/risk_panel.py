"""需要关注的账号: the accounts whose rules are broken or break soon, soonest first, each with one click to
plan a post or to let the gap filler propose the fewest posts that keep every rule."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from gmdesk.domain.forecast import Risk
from gmdesk.domain.windows import day_text
from gmdesk.ui.calendar import colors

ACCOUNT_ROLE = Qt.ItemDataRole.UserRole + 20


class RiskRow(QWidget):
    plan = Signal(int)
    fill = Signal(int)

    def __init__(self, risk: Risk, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.risk = risk
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(2)
        top = QHBoxLayout()
        colour = colors.RISK[risk.severity]
        # the date itself is in the line below; a short "N天后" keeps the name clear of the buttons
        when = (
            "已发生" if risk.broken else ("今天" if risk.day == today else f"{(risk.day - today).days}天后")
        )
        name = QLabel(
            f"<span style='color:{colour}; font-size:14pt'>●</span> <b>{risk.account}</b> "
            f"<span style='color:{colour}'>{risk.severity.label}</span> "
            f"<span style='color:{colors.MUTED}'>{when}</span>"
        )
        name.setTextFormat(Qt.TextFormat.RichText)
        name.setToolTip(f"{risk.account} · {risk.severity.label} · {day_text(risk.day, today)}")
        # a long name is cut at the buttons instead of running under them
        name.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        top.addWidget(name, 1)
        self.name_label = name
        self.plan_button = QPushButton("安排发布")
        self.plan_button.setToolTip("为该账号新建一条发布计划")
        self.plan_button.clicked.connect(lambda: self.plan.emit(risk.account_id or 0))
        self.fill_button = QPushButton("自动补齐")
        self.fill_button.setToolTip("按规则计算最少需要安排的发布，选择后一次排入日历")
        self.fill_button.clicked.connect(lambda: self.fill.emit(risk.account_id or 0))
        for button in (self.plan_button, self.fill_button):
            button.setStyleSheet("padding: 2px 8px; min-height: 16px;")
            top.addWidget(button)
        layout.addLayout(top)
        message = QLabel(brief(risk.message.removeprefix(risk.account).lstrip()))  # the name is just above
        message.setProperty("role", "muted")
        message.setToolTip("\n\n".join((risk.message, *risk.others)))
        layout.addWidget(message)
        self.message_label = message


def brief(message: str, limit: int = 34) -> str:
    """The first clause of a finding's explanation, for one line of the list (the tooltip has it all)."""
    for stop in ("，违反", "，不符合", "，属", "；请", "（依据", "。"):
        if stop in message:
            message = message[: message.index(stop)]
    return message if len(message) <= limit else message[: limit - 1] + "…"


class RiskPanel(QWidget):
    plan_requested = Signal(int)
    fill_requested = Signal(int)
    account_chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.heading = QLabel("需要关注的账号")
        self.heading.setStyleSheet("font-weight: bold; font-size: 11pt;")
        self.hint = QLabel("按紧迫程度排列：已不符合规则的在前，其后为即将不符合的")
        self.hint.setProperty("role", "muted")
        self.hint.setWordWrap(True)
        self.list = QListWidget()
        self.list.setAlternatingRowColors(True)
        self.list.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.itemDoubleClicked.connect(lambda item: self.account_chosen.emit(item.data(ACCOUNT_ROLE)))
        layout.addWidget(self.heading)
        layout.addWidget(self.hint)
        layout.addWidget(self.list, 1)
        self.risks: list[Risk] = []
        self._today = date.today()
        self.list.verticalScrollBar().valueChanged.connect(self._build_visible)
        self.list.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.list.viewport() and event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            # once the list has laid the rows out at the new size
            QTimer.singleShot(0, self, self._build_visible)
        return super().eventFilter(watched, event)

    def show_risks(self, risks: list[Risk], today: date) -> None:
        """List the risks. A row's widget (two buttons, rich text) is built when the row scrolls into view:
        a city's 500 accounts all at risk after a long holiday built 500 widgets, seconds of a frozen
        window; the rows all have one height, so the list knows its length without them."""
        self.risks = risks
        self._today = today
        self.list.clear()
        broken = sum(1 for r in risks if r.broken)
        self.heading.setText(f"需要关注的账号（{len(risks)}）" + (f" · 已不符合 {broken}" if broken else ""))
        if not risks:
            item = QListWidgetItem("✓ 所有账号近期都符合更新要求")
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addItem(item)
            return
        height = RiskRow(risks[0], today).sizeHint().height()
        for risk in risks:
            item = QListWidgetItem()
            item.setData(ACCOUNT_ROLE, risk.account_id)
            item.setToolTip("双击查看该账号的日历")
            item.setSizeHint(QSize(120, height))
            self.list.addItem(item)
        self._build_visible()

    def _build_visible(self) -> None:
        """Give the rows in view (and a screenful after them) their widgets."""
        if not self.risks or self.list.count() != len(self.risks):
            return
        viewport = self.list.viewport()
        first = self.list.indexAt(viewport.rect().topLeft()).row()
        last = self.list.indexAt(viewport.rect().bottomLeft()).row()
        first = max(first, 0)
        last = len(self.risks) - 1 if last < 0 else last
        for row in range(first, min(len(self.risks), last + 1 + (last - first + 1))):
            self._row_widget(row)

    def _row_widget(self, row: int) -> RiskRow:
        item = self.list.item(row)
        widget = self.list.itemWidget(item)
        if isinstance(widget, RiskRow):
            return widget
        made = RiskRow(self.risks[row], self._today)
        made.plan.connect(self.plan_requested)
        made.fill.connect(self.fill_requested)
        self.list.setItemWidget(item, made)
        return made

    def names(self) -> list[str]:
        return [r.account for r in self.risks]

    def row_for(self, account: str) -> RiskRow | None:
        for index, risk in enumerate(self.risks):
            if risk.account == account and self.list.count() == len(self.risks):
                return self._row_widget(index)
        return None
