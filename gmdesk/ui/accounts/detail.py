"""The detail pane of one account: 基本信息, 人员, 备案记录, 检查结果, and the life-cycle actions it allows."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gmdesk.domain.enums import Role
from gmdesk.domain.findings import RULE_TITLES, Finding, RuleId
from gmdesk.domain.lifecycle import Action
from gmdesk.services.accounts_data import FORM_ROLES, AccountDetail
from gmdesk.ui import palette
from gmdesk.ui.accounts.events_panel import EventsPanel
from gmdesk.ui.accounts.ledger_model import STATE_COLOURS

PRIMARY_ACTIONS = {Action.APPROVE, Action.OPEN, Action.FILE_OPEN, Action.FILE_CANCEL}


def _role_label(role: Role, position: int) -> str:
    return f"{role.label}{position + 1}" if role is Role.INFORMANT else role.label


class InfoGrid(QWidget):
    """Label / value pairs, in two columns when the pane is wide and one when it is narrow; values can be
    selected and copied."""

    WIDE = 640

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid = QGridLayout(self)
        self.grid.setHorizontalSpacing(12)
        self.grid.setVerticalSpacing(6)
        self.values: dict[str, QLabel] = {}
        self._pairs: list[tuple[str, str, bool]] = []
        self._columns = 0

    def set_pairs(self, pairs: list[tuple[str, str, bool]]) -> None:
        """(label, value, wide): wide values take the whole row."""
        self._pairs = pairs
        self._layout(2 if self.width() >= self.WIDE else 1)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        columns = 2 if event.size().width() >= self.WIDE else 1
        if columns != self._columns:
            self._layout(columns)

    def _layout(self, columns: int) -> None:
        self._columns = columns
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        for column in range(4):
            self.grid.setColumnStretch(column, 1 if column in (1, 3) and column < columns * 2 else 0)
        self.values = {}
        row, column = 0, 0
        for label, value, wide in self._pairs:
            wide = wide or columns == 1
            if wide and column:
                row, column = row + 1, 0
            caption = QLabel(label)
            caption.setProperty("role", "muted")
            caption.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            shown = QLabel(value or "—")
            shown.setWordWrap(True)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            shown.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            self.values[label] = shown
            self.grid.addWidget(caption, row, column)
            self.grid.addWidget(shown, row, column + 1, 1, 3 if wide and columns == 2 else 1)
            if wide or column:
                row, column = row + 1, 0
            else:
                column = 2
        self.grid.setRowStretch(row + 1, 1)
        self.layout_changed()

    def layout_changed(self) -> None:
        """Hook for the pane to restyle values after a relayout."""


class FindingsList(QScrollArea):
    """Every finding about the account, worst first: the rule in colour, then its explanation, wrapped."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.labels: list[QLabel] = []
        self._findings: list[Finding] = []
        self.set_findings([])

    def set_findings(self, findings: list[Finding], rules: str = "") -> None:
        self._findings = list(findings)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 8, 4, 4)
        self.labels = []
        self.rules_label = QLabel(rules)
        self.rules_label.setWordWrap(True)
        self.rules_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.rules_label.setStyleSheet(f"color: {palette.TEXT_SECONDARY}; padding: 2px 4px 6px 4px;")
        self.rules_label.setVisible(bool(rules))
        layout.addWidget(self.rules_label)
        if not findings:
            calm = QLabel("没有发现问题。")
            calm.setProperty("role", "muted")
            layout.addWidget(calm)
        for finding in findings:
            colour = palette.SEVERITY[finding.severity]
            title = (
                RULE_TITLES.get(RuleId(finding.rule)) if finding.rule in RuleId._value2member_map_ else None
            )
            label = QLabel(
                f"<span style='color:{colour}; font-weight:bold'>{escape(finding.severity.label)} · "
                f"{escape(title or str(finding.rule))}</span>"
                f"<span style='color:{palette.MUTED}'>　{finding.date.isoformat()}　{escape(str(finding.rule))}</span>"
                f"<br>{escape(finding.message)}"
            )
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setStyleSheet(
                f"border-left: 3px solid {colour}; padding: 4px 8px; background: {palette.PANEL};"
            )
            layout.addWidget(label)
            self.labels.append(label)
        layout.addStretch(1)
        self.setWidget(body)

    def count(self) -> int:
        return len(self._findings)

    def titles(self) -> list[str]:
        return [
            RULE_TITLES.get(RuleId(f.rule), str(f.rule))
            if f.rule in RuleId._value2member_map_
            else str(f.rule)
            for f in self._findings
        ]


class DetailPane(QWidget):
    action_requested = Signal(object)
    """A life-cycle Action."""
    command = Signal(str)
    """"edit", "people", "password", "delete"."""
    event_command = Signal(str, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.detail: AccountDetail | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 0, 0, 0)
        self.title = QLabel("请选择账号")
        self.title.setProperty("role", "heading")
        self.subtitle = QLabel("在左侧列表中选择一个账号，这里显示它的资料、人员、备案记录和检查结果。")
        self.subtitle.setProperty("role", "muted")
        self.subtitle.setWordWrap(True)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        self.actions_row = QHBoxLayout()
        self.action_buttons: dict[Action, QPushButton] = {}
        self.edit_button = self._button("编辑资料…", lambda: self.command.emit("edit"))
        self.password_button = self._button("登记密码更换…", lambda: self.command.emit("password"))
        self.delete_button = self._button("删除", lambda: self.command.emit("delete"))
        self.delete_button.setToolTip("只有从未开设（拟开设、申请中、已批准）的账号可以删除")
        self.actions_row.addStretch(1)
        for button in (self.edit_button, self.password_button, self.delete_button):
            self.actions_row.addWidget(button)
        layout.addLayout(self.actions_row)
        self.tabs = QTabWidget()
        self.info = InfoGrid()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.info)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.info.layout_changed = self._mark_interaction  # type: ignore[method-assign]  # the form's hook, replaced
        self.tabs.addTab(scroll, "基本信息")
        self.tabs.addTab(self._people_tab(), "人员")
        self.events = EventsPanel()
        self.events.command.connect(self.event_command.emit)
        self.tabs.addTab(self.events, "备案记录")
        self.findings = FindingsList()
        self.tabs.addTab(self.findings, "检查结果")
        layout.addWidget(self.tabs, 1)
        self.set_detail(None)

    def _button(self, text: str, slot) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(slot)
        return button

    def _people_tab(self) -> QWidget:
        widget = QWidget()
        layout = QVBoxLayout(widget)
        layout.setContentsMargins(0, 6, 0, 0)
        self.people = QTableWidget(len(FORM_ROLES), 4)
        self.people.setHorizontalHeaderLabels(["角色", "姓名", "职务", "手机"])
        self.people.verticalHeader().hide()
        self.people.horizontalHeader().setStretchLastSection(True)
        self.people.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.people.doubleClicked.connect(lambda _: self.command.emit("people"))
        layout.addWidget(self.people)
        row = QHBoxLayout()
        self.people_button = self._button("更换或编辑人员…", lambda: self.command.emit("people"))
        row.addWidget(self.people_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.rotations = QLabel()
        self.rotations.setWordWrap(True)
        self.rotations.setProperty("role", "muted")
        layout.addWidget(self.rotations)
        layout.addStretch(1)
        return widget

    # ------------------------------------------------------------------ showing an account
    def set_detail(self, detail: AccountDetail | None, keep_event: int | None = None) -> None:
        self.detail = detail
        for button in self.action_buttons.values():
            button.deleteLater()
        self.action_buttons = {}
        enabled = detail is not None
        for button in (self.edit_button, self.password_button, self.people_button):
            button.setEnabled(enabled)
        self.delete_button.setVisible(bool(detail and detail.deletable))
        self.password_button.setVisible(bool(detail and detail.state.is_live))
        if detail is None:
            self.title.setText("请选择账号")
            self.subtitle.setText("在左侧列表中选择一个账号，这里显示它的资料、人员、备案记录和检查结果。")
            self.info.set_pairs([])
            self.events.set_events([])
            self.findings.set_findings([])
            self.tabs.setTabText(3, "检查结果")
            return
        form = detail.form
        self.title.setText(form.name)
        colour = STATE_COLOURS[detail.state]
        self.subtitle.setText(
            f"{escape(detail.unit.name)} · {escape(form.platform.label)} · "
            f"<span style='color:{colour}; font-weight:bold'>{escape(detail.state.label)}</span>"
            f" · 规则方案：{escape(detail.profile_name)}"
        )
        for index, action in enumerate(detail.actions):
            button = QPushButton(action.label + "…")
            button.setObjectName(f"action-{action.value}")
            if action in PRIMARY_ACTIONS or index == 0:
                button.setProperty("primary", "true")
            button.clicked.connect(lambda _=False, a=action: self.action_requested.emit(a))
            self.actions_row.insertWidget(index, button)
            self.action_buttons[action] = button
        self._fill_info(detail)
        self._fill_people(detail)
        self.events.set_events(detail.events, keep_event)
        self._fill_findings(detail)

    def _fill_info(self, d: AccountDetail) -> None:
        f = d.form
        plan = "；".join(f"{k}：{v}" for k, v in f.plan.items() if v)
        verified = ("已认证" if f.is_verified else "未认证") if f.verified_entity else ""
        pairs = [
            ("主办单位", d.unit.name, False),
            ("单位类型", d.unit.unit_type.label, False),
            ("信用代码", d.unit.credit_code, False),
            ("主管单位", d.supervisor, False),
            ("账号名称", f.name, False),
            ("平台", f.platform.label, False),
            ("账号ID", f.platform_account_id, False),
            ("关注数", f"{f.followers:,}" if f.followers else "", False),
            ("认证主体", f"{f.verified_entity}（{verified}）" if verified else "", False),
            ("主页链接", f.home_url, False),
            ("开设时间", f.opened_on.isoformat() if f.opened_on else "", False),
            ("备案编号", f.filing_number + (f"（{f.filed_on.isoformat()}）" if f.filed_on else ""), False),
            ("运维方式", f.ops_mode.label + (f"：{f.ops_vendor}" if f.ops_vendor else ""), False),
            (
                "互动功能",
                "已开放（留言/评论/私信）" if f.interaction_enabled else "未开放 — 单项否决风险",
                False,
            ),
            ("密码保管人", d.custodian, False),
            ("最近更换密码", f.password_rotated_on.isoformat() if f.password_rotated_on else "", False),
            ("宗旨/功能定位", f.purpose, True),
            ("主要栏目", f.scope, True),
            ("实施方案要点", plan, True),
        ]
        dates = [
            ("申请日期", d.applied_on),
            ("批准日期", d.approved_on),
            ("停更公告", d.notice_on),
            ("平台注销", d.canceled_on),
            ("关停备案", d.closed_on),
        ]
        pairs += [(label, day.isoformat(), False) for label, day in dates if day]
        if d.close_reason:
            pairs.append(
                (
                    "关停原因",
                    d.close_reason
                    + (f"；替代账号：{d.replacement_account}" if d.replacement_account else ""),
                    True,
                )
            )
        if f.note:
            pairs.append(("备注", f.note, True))
        self.info.set_pairs(pairs)

    def _mark_interaction(self) -> None:
        interaction = self.info.values.get("互动功能")
        if interaction is not None and self.detail is not None and not self.detail.form.interaction_enabled:
            interaction.setStyleSheet(f"color: {palette.DANGER}; font-weight: bold;")

    def _fill_people(self, d: AccountDetail) -> None:
        for row, (role, position) in enumerate(FORM_ROLES):
            person = d.people.get((role, position))
            values = [
                _role_label(role, position),
                *((person.name, person.title, person.phone) if person else ("（未指定）", "", "")),
            ]
            for column, text in enumerate(values):
                item = QTableWidgetItem(text)
                if person is None and column == 1:
                    item.setForeground(QColor(palette.FAINT))
                self.people.setItem(row, column, item)
        self.people.resizeColumnsToContents()
        if d.rotations:
            lines = [
                f"{r.rotated_on.isoformat()} {r.custodian or '（未记保管人）'}"
                f"{'（交接）' if r.is_handover else ''}{('：' + r.note) if r.note else ''}"
                for r in d.rotations[:5]
            ]
            self.rotations.setText("密码更换记录（只记录日期和保管人，不保存密码）：\n" + "\n".join(lines))
        else:
            self.rotations.setText("尚无密码更换记录。账号密码应由专人保管，并每90天更换一次。")

    def _fill_findings(self, d: AccountDetail) -> None:
        lines = "".join(f"<br>· {escape(line)}" for line in d.rules)
        rules = f"<b>适用规则：</b>{escape(d.rules_source)}{lines}" if d.rules_source else ""
        self.findings.set_findings(d.findings, rules)
        count = len(d.findings)
        self.tabs.setTabText(3, f"检查结果（{count}）" if count else "检查结果")
