"""备案记录: an account's filing events, what each one changed, its paper life and its scans."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget

from gmdesk.domain.account_changes import describe
from gmdesk.domain.enums import FilingStatus, PaperState
from gmdesk.domain.lifecycle import DeadlineState
from gmdesk.services.accounts_data import EventRow
from gmdesk.ui import palette
from gmdesk.ui.models.table_model import Column, RowTableModel
from gmdesk.ui.widgets.table import DataTable

STATUS_COLOURS = {DeadlineState.OVERDUE: palette.DANGER, DeadlineState.DUE_SOON: palette.CAUTION}


def _status(row: EventRow) -> str:
    if row.status is not FilingStatus.PENDING:
        return row.status.label
    return {DeadlineState.OVERDUE: "待办（逾期）", DeadlineState.DUE_SOON: "待办（即将到期）"}.get(
        row.deadline, "待办"
    )


def _background(row: EventRow) -> str | None:
    return {DeadlineState.OVERDUE: palette.DANGER_SOFT, DeadlineState.DUE_SOON: palette.CAUTION_SOFT}.get(
        row.deadline
    )


def _tip(row: EventRow) -> str:
    if row.due_on is None:
        return ""
    return f"{row.kind.label}：{row.rule_text}，期限{row.due_on.isoformat()}" + (
        f"，{row.remaining}" if row.pending else ""
    )


def event_columns() -> list[Column[EventRow]]:
    common = {"background": _background, "tooltip": _tip}
    return [
        Column("事项", lambda r: r.kind.label, width=80, **common),
        Column("发生日期", lambda r: r.triggered_on, width=90, **common),
        Column("期限", lambda r: r.due_on, width=90, **common),
        Column("状态", _status, foreground=lambda r: STATUS_COLOURS.get(r.deadline), width=110, **common),
        Column(
            "剩余",
            lambda r: r.remaining,
            foreground=lambda r: STATUS_COLOURS.get(r.deadline),
            width=100,
            **common,
        ),
        Column("纸质表格", lambda r: r.paper_state.label, width=80, **common),
        Column("备案编号", lambda r: r.filing_number, width=150, **common),
        Column("完成日期", lambda r: r.completed_on, width=90, **common),
        Column("扫描件", lambda r: len(r.attachments) or "", align_right=True, width=50, **common),
    ]


class EventsPanel(QWidget):
    command = Signal(str, object)
    """("export" | "open" | "print" | "paper" | "attach" | "scan" | "withdraw", EventRow)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        self.model: RowTableModel[EventRow] = RowTableModel(event_columns())
        self.table = DataTable("accounts/events")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(False)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_current())
        self.table.doubleClicked.connect(lambda _: self._emit("paper"))
        buttons = QGridLayout()
        buttons.setHorizontalSpacing(4)
        self.buttons: dict[str, QPushButton] = {}
        for key, text, tip in (
            ("export", "导出表格…", "导出该事项的申请表或备案登记表"),
            ("open", "打开表格", "用 Word/WPS 打开最近导出的表格"),
            ("print", "打印", "用默认打印机打印最近导出的表格"),
            ("paper", "纸质状态…", "登记已打印、已签字盖章、已报送、已备案（备案编号和日期）"),
            ("attach", "附扫描件…", "附上签字盖章后的扫描件（复制到数据文件夹并记录 SHA-256）"),
            ("scan", "查看扫描件", "打开最近附上的扫描件"),
            ("withdraw", "撤销…", "撤销误生成的变更备案或年审事项"),
        ):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(lambda _=False, k=key: self._emit(k))
            index = len(self.buttons)
            buttons.addWidget(button, index // 4, index % 4)  # two rows: the pane stays narrow
            self.buttons[key] = button
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.detail.setProperty("role", "detail-box")  # drawn by style.qss
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)
        self._update_buttons(None)

    def set_events(self, events: list[EventRow], keep: int | None = None) -> None:
        self.model.set_rows(events)
        target = keep if keep is not None else (events[0].id if events and events[0].pending else None)
        row = self.model.find_row(lambda e: e.id == target) if target is not None else -1
        if row >= 0:
            self.table.selectRow(row)
        self._show_current()

    def current(self) -> EventRow | None:
        rows = self.table.selected_rows()
        return self.model.row_at(rows[0]) if rows else None

    def select_event(self, event_id: int) -> bool:
        row = self.model.find_row(lambda e: e.id == event_id)
        if row >= 0:
            self.table.selectRow(row)
        return row >= 0

    def _emit(self, key: str) -> None:
        event = self.current()
        if event is not None and self.buttons[key].isEnabled():
            self.command.emit(key, event)

    def _update_buttons(self, event: EventRow | None) -> None:
        has_form = bool(event and event.form_path)
        enabled = {
            "export": bool(event and event.has_form),
            "open": has_form,
            "print": has_form,
            "paper": bool(event and event.pending and event.has_form)
            or bool(event and event.pending and event.kind.value == "annual_review"),
            "attach": event is not None,
            "scan": bool(event and event.attachments),
            "withdraw": bool(
                event and event.pending and event.kind.value in ("change_filing", "annual_review")
            ),
        }
        for key, button in self.buttons.items():
            button.setEnabled(enabled[key])

    def _show_current(self) -> None:
        event = self.current()
        self._update_buttons(event)
        if event is None:
            self.detail.setText(f"<span style='color:{palette.MUTED}'>选择一条备案记录查看详情。</span>")
            return
        parts = [f"<b>{escape(event.kind.label)}</b>　{escape(_status(event))}"]
        if event.due_on:
            parts.append(
                f"期限：{event.due_on.isoformat()}（{escape(event.rule_text)}）"
                + (f"，<b>{escape(event.remaining)}</b>" if event.pending else "")
            )
            if event.provisional:
                parts.append(f"<span style='color:{palette.CAUTION}'>⚠ {escape(event.provisional)}</span>")
        if event.changes:
            lines = escape(describe(event.changes)).replace("\n", "<br>")
            parts.append(f"变更事项：<br>{lines}")
        if event.close_reason or event.notice_on:
            parts.append(
                f"关停原因：{escape(event.close_reason)}；停更公告：{event.notice_on or ''}；"
                f"替代账号：{escape(event.replacement_account) or '无'}"
            )
        if event.paper_history:
            steps = "　→　".join(
                f"{PaperState(h['state']).label} {escape(str(h.get('at', '')))}"
                for h in event.paper_history
                if h.get("state") in PaperState._value2member_map_
            )
            parts.append(f"纸质表格：{steps}")
        if event.form_path:
            parts.append(f"表格文件：{escape(event.form_path)}")
        for attachment in event.attachments:
            parts.append(
                f"扫描件：{escape(attachment.original_name)}（{attachment.size:,} 字节，SHA-256 "
                f"{attachment.sha256[:16]}…，{attachment.added_at:%Y-%m-%d %H:%M} {escape(attachment.operator)}）"
            )
        if event.note:
            parts.append(f"备注：{escape(event.note)}")
        self.detail.setText("<br>".join(parts))
