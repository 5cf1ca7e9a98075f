"""自动补齐: the gap filler's proposal for one account through a chosen day, planned in one click."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gmdesk.domain.windows import WEEKDAY_NAMES
from gmdesk.services import posts_fill
from gmdesk.ui import bus, dialogs
from gmdesk.ui.context import AppContext
from gmdesk.ui.errors import show_error
from gmdesk.ui.widgets.dates import DateEdit


class FillDialog(QDialog):
    planned = Signal(int)
    """Emitted with the number of posts planned."""

    def __init__(self, ctx: AppContext, account_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.account_id = account_id
        self.proposal: posts_fill.FillProposal | None = None
        self.setWindowTitle("自动补齐发布计划")
        self.resize(680, 460)
        layout = QVBoxLayout(self)
        self.intro = QLabel("正在计算…")
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        row = QHBoxLayout()
        row.addWidget(QLabel("补齐至："))
        today = ctx.today()
        through = posts_fill.default_through(today)
        self.through = DateEdit(through)
        self.through.set_earliest(today)
        self.through.dateChanged.connect(lambda _: self.propose())
        row.addWidget(self.through)
        row.addStretch(1)
        layout.addLayout(row)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["计划时间", "方式", "保证的规则"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 170)
        layout.addWidget(self.table, 1)
        self.unmet = QLabel()
        self.unmet.setProperty("role", "banner-warning")
        self.unmet.setWordWrap(True)
        self.unmet.hide()
        layout.addWidget(self.unmet)
        note = QLabel("计划以“【待定选题】”为标题排入日历，均为原创；请在发布前补全标题和三审信息。")
        note.setProperty("role", "muted")
        note.setWordWrap(True)
        layout.addWidget(note)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.apply_button = QPushButton("按此安排")
        self.apply_button.setProperty("primary", "true")
        self.apply_button.setEnabled(False)
        self.apply_button.clicked.connect(self.apply)
        cancel = QPushButton("取消")
        cancel.clicked.connect(self.reject)
        buttons.addWidget(self.apply_button)
        buttons.addWidget(cancel)
        layout.addLayout(buttons)
        self.propose()

    def _through(self) -> date:
        return self.through.day()

    def propose(self) -> None:
        account_id, today, through, now = (
            self.account_id,
            self.ctx.today(),
            self._through(),
            self.ctx.now().time(),
        )
        self.apply_button.setEnabled(False)
        self.ctx.jobs.run(
            lambda session: posts_fill.propose(session, account_id, today, through, now),
            on_done=self._show,
            on_error=lambda e: show_error(e, self),
            parent=self,
        )

    def _show(self, proposal: posts_fill.FillProposal) -> None:
        if proposal.through != self._through():
            return  # an answer for a date the clerk has already changed
        self.proposal = proposal
        count = len(proposal.slots)
        if count:
            self.intro.setText(
                f"为保证“{proposal.account}”在{proposal.through:%Y-%m-%d}前始终符合更新规则，"
                f"最少需要再安排 <b>{count}</b> 条发布（优先工作日、推荐推送时间）："
            )
        else:
            self.intro.setText(
                f"“{proposal.account}”现有的发布和计划已能保证{proposal.through:%Y-%m-%d}前符合全部更新规则，无需补充。"
            )
        self.table.setRowCount(count)
        for row, slot in enumerate(proposal.slots):
            when = f"{slot.at:%Y-%m-%d %H:%M}（周{WEEKDAY_NAMES[slot.at.weekday()]}）"
            for column, text in enumerate((when, "群发" if slot.mass_push else "发表", slot.reason)):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.unmet.setText("\n".join(f"⚠ {u}" for u in proposal.unmet))
        self.unmet.setVisible(bool(proposal.unmet))
        self.apply_button.setEnabled(bool(count))

    def apply(self) -> None:
        if self.proposal is None or not self.proposal.slots:
            return
        slots, account_id, operator = list(self.proposal.slots), self.account_id, self.ctx.operator
        self.apply_button.setEnabled(False)

        def done(ids: list[int]) -> None:
            self.planned.emit(len(ids))
            dialogs.inform(
                self,
                "已安排",
                f"已为“{self.proposal.account if self.proposal else ''}”排入{len(ids)}条发布计划。",
            )
            self.accept()

        self.ctx.jobs.run(
            lambda session: posts_fill.apply(session, account_id, slots, operator),
            write=True,
            changes={bus.POSTS},
            on_done=done,
            on_error=lambda e: show_error(e, self),
            parent=self,
        )
