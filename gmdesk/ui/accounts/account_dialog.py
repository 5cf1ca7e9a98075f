"""新建账号 / 编辑账号: every field of the forms, the people, 运维, the interaction switch and the password
custodian (never the password). A filed account's tracked changes ask for the day they took effect."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QWidget,
)

from gmdesk.domain.enums import AccountState, OpsMode, Role
from gmdesk.domain.errors import UserError
from gmdesk.domain.forms_data import PLAN_ITEMS
from gmdesk.domain.lifecycle import CHANGE_FILING_STATES, INITIAL_STATES
from gmdesk.domain.platforms import Platform
from gmdesk.services.accounts_data import AccountForm, PersonInfo, RoleAssignment, UnitInfo
from gmdesk.services.drafts import DraftKey
from gmdesk.services.policy import AccountRules
from gmdesk.ui import dialogs
from gmdesk.ui.accounts.people_editor import PeopleEditor
from gmdesk.ui.accounts.rules_page import RulesPage
from gmdesk.ui.drafts import DraftKeeper
from gmdesk.ui.widgets.dates import DateEdit
from gmdesk.ui.widgets.form_dialog import FormDialog


def _text(height: int = 56) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setFixedHeight(height)
    edit.setTabChangesFocus(True)
    return edit


class AccountDialog(FormDialog):
    def __init__(
        self,
        units: list[UnitInfo],
        people: dict[int, list[PersonInfo]],
        form: AccountForm | None,
        today: date,
        unit_id: int | None = None,
        tab: str = "",
        parent: QWidget | None = None,
        drafts: DraftKeeper | None = None,
        rules: AccountRules | None = None,
    ) -> None:
        super().__init__(
            "新建账号" if form is None else f"编辑账号 — {form.name}",
            parent,
            drafts=drafts,
            draft_key=DraftKey.of("account", form.id if form is not None else None),
        )
        self.resize(760, 600)
        self.form = form
        self.today = today
        self._people = people
        self.tabs = QTabWidget()
        self.body.addWidget(self.tabs)
        self._build_basic(units)
        self._build_purpose()
        self._build_people()
        self.rules_page: RulesPage | None = None
        if rules is not None:
            self.rules_page = RulesPage(rules)
            self.rules = self.rules_page.table  # the field a refusal marks
            self.tabs.addTab(self.rules_page, "适用规则")
        self.change_day = DateEdit(today)
        self.change_note = QLabel(
            "修改账号名称、认证主体、分管负责人或管理员，将自动生成变更备案待办（期限按工作日计算）。"
        )
        self.change_note.setProperty("role", "muted")
        self.change_note.setWordWrap(True)
        change_row = QHBoxLayout()
        change_row.addWidget(QLabel("变更生效日期："))
        change_row.addWidget(self.change_day)
        change_row.addWidget(self.change_note, 1)
        self.change_box = QWidget()
        self.change_box.setLayout(change_row)
        self.body.addWidget(self.change_box)
        self.tracks_changes = form is not None and form.state in CHANGE_FILING_STATES
        self.change_box.setVisible(self.tracks_changes)
        self._load(form, unit_id)
        if tab == "people":
            self.tabs.setCurrentIndex(2)

    # ------------------------------------------------------------------ building
    def _build_basic(self, units: list[UnitInfo]) -> None:
        page = QWidget()
        layout = QFormLayout(page)
        self.unit = QComboBox()
        self.unit.setEditable(True)
        self.unit.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for unit in units:
            if unit.active or (self.form and unit.id == self.form.unit_id):
                self.unit.addItem(unit.name, unit.id)
        completer = QCompleter([self.unit.itemText(i) for i in range(self.unit.count())], self.unit)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.unit.setCompleter(completer)
        self.unit.currentIndexChanged.connect(self._unit_changed)
        self.name = QLineEdit()
        self.name.setPlaceholderText("如：城关镇发布")
        self.platform = QComboBox()
        for platform in Platform:
            self.platform.addItem(platform.label, platform)
        self.state = QComboBox()
        for state in INITIAL_STATES:
            self.state.addItem(state.label, state)
        self.state.setToolTip(
            "新账号可登记为拟开设（走开设申请流程），或接管已开设的账号（已开设待备案 / 已备案）"
        )
        self.state_label = QLabel()
        self.opened_on = DateEdit(optional=True)
        self.filing_number = QLineEdit()
        self.filing_number.setPlaceholderText("主管单位给出的备案编号，如 青政新媒〔2026〕8号")
        self.filed_on = DateEdit(optional=True)
        self.platform_account_id = QLineEdit()
        self.platform_account_id.setPlaceholderText("微信原始ID（gh_开头）、微博UID、抖音号等")
        self.home_url = QLineEdit()
        self.verified_entity = QLineEdit()
        same = QPushButton("同主办单位")
        same.setToolTip("认证主体应与主办单位全称一致")
        same.clicked.connect(lambda: self.verified_entity.setText(self.unit.currentText()))
        entity_row = QHBoxLayout()
        entity_row.addWidget(self.verified_entity, 1)
        entity_row.addWidget(same)
        self.is_verified = QCheckBox("已通过平台认证")
        self.followers = QSpinBox()
        self.followers.setRange(0, 2_000_000_000)
        self.followers.setGroupSeparatorShown(True)
        self.interaction = QCheckBox("留言/评论/私信功能已开放（关闭属单项否决）")
        layout.addRow("主办单位 *", self.unit)
        layout.addRow("账号名称 *", self.name)
        layout.addRow("平台 *", self.platform)
        layout.addRow("状态", self.state if self.form is None else self.state_label)
        layout.addRow("开设时间", self.opened_on)
        layout.addRow("备案编号", self.filing_number)
        layout.addRow("备案日期", self.filed_on)
        layout.addRow("账号ID/原始ID", self.platform_account_id)
        layout.addRow("主页链接", self.home_url)
        layout.addRow("认证主体", entity_row)
        layout.addRow("", self.is_verified)
        layout.addRow("关注数", self.followers)
        layout.addRow("互动功能", self.interaction)
        self.tabs.addTab(page, "基本信息")

    def _build_purpose(self) -> None:
        page = QWidget()
        layout = QFormLayout(page)
        self.purpose = _text()
        self.scope = _text()
        self.ops_mode = QComboBox()
        for mode in OpsMode:
            self.ops_mode.addItem(mode.label, mode)
        self.ops_vendor = QLineEdit()
        self.ops_vendor.setPlaceholderText("购买服务时填写运维单位全称")
        self.ops_mode.currentIndexChanged.connect(self._ops_changed)
        self.plan = {item: QLineEdit() for item in PLAN_ITEMS}
        self.note = _text(48)
        layout.addRow("宗旨/功能定位", self.purpose)
        layout.addRow("信息发布范围/主要栏目", self.scope)
        layout.addRow("运维方式", self.ops_mode)
        layout.addRow("运维单位", self.ops_vendor)
        hint = QLabel("实施方案要点（开设申请表）")
        hint.setProperty("role", "muted")
        layout.addRow(hint)
        for item, edit in self.plan.items():
            layout.addRow(item, edit)
        layout.addRow("备注", self.note)
        self.tabs.addTab(page, "宗旨与运维")

    def _build_people(self) -> None:
        page = QWidget()
        layout = QFormLayout(page)
        self.people = PeopleEditor()
        layout.addRow(self.people)
        hint = QLabel(
            "从本单位人员中选择，或直接输入新姓名（保存时加入本单位人员名单）；职务和手机可在此直接修改。"
        )
        hint.setProperty("role", "muted")
        hint.setWordWrap(True)
        layout.addRow(hint)
        self.custodian = QComboBox()
        self.rotated_on = DateEdit(optional=True)
        self.rotated_on.setToolTip("只记录更换日期和保管人，不保存密码")
        layout.addRow("密码保管人", self.custodian)
        layout.addRow("最近更换密码", self.rotated_on)
        self.tabs.addTab(page, "人员与密码")

    # ------------------------------------------------------------------ loading and reading
    def _load(self, form: AccountForm | None, unit_id: int | None) -> None:
        chosen = form.unit_id if form else unit_id
        index = self.unit.findData(chosen) if chosen is not None else -1
        # No unit in view (no filter, nothing selected, none just created): the clerk chooses; a guess at the
        # first unit in the list is how an account lands in the wrong unit.
        self.unit.setCurrentIndex(index)
        if index < 0:
            self.unit.setEditText("")
        self._unit_changed()
        self.interaction.setChecked(True)
        self.is_verified.setChecked(False)  # an account that does not exist yet is not verified
        self._ops_changed()
        if form is None:
            return
        self.name.setText(form.name)
        self.platform.setCurrentIndex(self.platform.findData(form.platform))
        self.state_label.setText(f"{form.state.label}（状态按流程办理，在详情页操作）")
        self.opened_on.set_value(form.opened_on)
        self.filing_number.setText(form.filing_number)
        self.filed_on.set_value(form.filed_on)
        self.platform_account_id.setText(form.platform_account_id)
        self.home_url.setText(form.home_url)
        self.verified_entity.setText(form.verified_entity)
        self.is_verified.setChecked(form.is_verified)
        self.followers.setValue(form.followers)
        self.interaction.setChecked(form.interaction_enabled)
        self.purpose.setPlainText(form.purpose)
        self.scope.setPlainText(form.scope)
        self.ops_mode.setCurrentIndex(self.ops_mode.findData(form.ops_mode))
        self.ops_vendor.setText(form.ops_vendor)
        for item, edit in self.plan.items():
            edit.setText(form.plan.get(item, ""))
        self.note.setPlainText(form.note)
        self.people.set_roles(form.roles)
        self.custodian.setCurrentIndex(max(0, self.custodian.findData(form.password_custodian_id)))
        self.rotated_on.set_value(form.password_rotated_on)

    def _unit_changed(self, *_: object) -> None:
        people = self._people.get(self.unit.currentData(), [])
        self.people.set_people(people)
        current = self.custodian.currentData()
        self.custodian.clear()
        self.custodian.addItem("（未指定）", None)
        for person in people:
            if person.active:
                self.custodian.addItem(
                    f"{person.name}（{person.title}）" if person.title else person.name, person.id
                )
        self.custodian.setCurrentIndex(max(0, self.custodian.findData(current)))

    def _ops_changed(self, *_: object) -> None:
        self.ops_vendor.setEnabled(self._ops() is OpsMode.OUTSOURCED)

    def _ops(self) -> OpsMode:
        # Qt hands enum item data back as plain text
        return OpsMode(self.ops_mode.currentData())

    def _custodian_after(self, roles: tuple[RoleAssignment, ...]) -> tuple[int | None, bool]:
        """The password custodian to save. When the 管理员 changes and the old 管理员 still holds the
        password, ask whether it passes to the new one (a handover is the usual case, but not always)."""
        custodian = self.custodian.currentData()
        if self.form is None:
            return custodian, False
        old = next((r for r in self.form.roles if r.role is Role.ADMIN), None)
        new = next((r for r in roles if r.role is Role.ADMIN), None)
        if (
            old is None
            or new is None
            or not new.name
            or new.name == old.name
            or old.person_id is None
            or custodian != old.person_id
        ):
            return custodian, False
        if not dialogs.ask(
            self,
            "密码保管人",
            f"管理员由{old.name}改为{new.name}，密码保管人仍是{old.name}。\n"
            f"改为由{new.name}保管账号密码吗？\n（选“否”则仍由{old.name}保管。）",
        ):
            return custodian, False
        if new.person_id is not None and self.custodian.findData(new.person_id) >= 0:
            self.custodian.setCurrentIndex(self.custodian.findData(new.person_id))
            return new.person_id, False
        return custodian, True  # a new person: the service hands it over once they exist

    def show_latest(self, record: object) -> None:
        assert isinstance(record, AccountForm)
        self.form = record
        self.setWindowTitle(f"编辑账号 — {record.name}")
        self.tracks_changes = record.state in CHANGE_FILING_STATES
        self.change_box.setVisible(self.tracks_changes)
        self._load(record, None)

    def rules_values(self) -> tuple[int | None, dict[str, object]] | None:
        """The account's own profile and overrides, or None when the page is not there."""
        return self.rules_page.values() if self.rules_page is not None else None

    def values(self) -> tuple[AccountForm, date | None, tuple[int | None, dict[str, object]] | None]:
        unit_id = self.unit.currentData()
        if unit_id is None or self.unit.findText(self.unit.currentText()) < 0:
            raise UserError("请从列表中选择主办单位（新单位请先在“单位与人员”中添加）", field="unit")
        if not self.name.text().strip():
            raise UserError("请填写账号名称", field="name")
        state = AccountState(self.state.currentData()) if self.form is None else self.form.state
        roles = self.people.roles()
        custodian, follows_admin = self._custodian_after(roles)
        base = self.form or AccountForm(id=None, unit_id=unit_id, name="", platform=Platform.OTHER)
        form = replace(
            base,
            unit_id=unit_id,
            name=self.name.text().strip(),
            platform=Platform(self.platform.currentData()),
            state=state if isinstance(state, AccountState) else AccountState.PROPOSED,
            platform_account_id=self.platform_account_id.text().strip(),
            home_url=self.home_url.text().strip(),
            verified_entity=self.verified_entity.text().strip(),
            is_verified=self.is_verified.isChecked(),
            opened_on=self.opened_on.value(),
            filing_number=self.filing_number.text().strip(),
            filed_on=self.filed_on.value(),
            purpose=self.purpose.toPlainText().strip(),
            scope=self.scope.toPlainText().strip(),
            ops_mode=self._ops(),
            ops_vendor=self.ops_vendor.text().strip() if self._ops() is OpsMode.OUTSOURCED else "",
            plan={item: edit.text().strip() for item, edit in self.plan.items() if edit.text().strip()},
            interaction_enabled=self.interaction.isChecked(),
            followers=self.followers.value(),
            password_custodian_id=custodian,
            custodian_follows_admin=follows_admin,
            password_rotated_on=self.rotated_on.value(),
            note=self.note.toPlainText().strip(),
            roles=roles,
        )
        return form, self.change_day.value() if self.tracks_changes else None, self.rules_values()
