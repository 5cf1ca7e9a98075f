"""单位设置 and the first start: the office's names, the clerk, the profile; then three ways to begin.

:class:`OfficeDialog` is asked on the first start of an empty database (and kept in 工具 › 单位设置…);
:class:`StartDialog` follows it and offers the three ways to start: import the old Excel ledger (with its
template), add units and accounts by hand, or look around a fictional county first.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gmdesk.services import office_setup
from gmdesk.ui.widgets.form_dialog import FormDialog


class OfficeDialog(FormDialog):
    def __init__(
        self, setup: office_setup.OfficeSetup, parent: QWidget | None = None, *, first_run: bool = False
    ) -> None:
        super().__init__(
            "欢迎使用 · 单位设置" if first_run else "单位设置",
            parent,
            ok_text="下一步" if first_run else "保存",
        )
        self.setup = setup
        self.resize(560, 420)
        if first_run:
            intro = QLabel(
                "先填写本单位的基本信息。报告、通报和备案表将使用这些名称；以后可在“工具 > 单位设置”中修改。"
            )
            intro.setWordWrap(True)
            self.body.addWidget(intro)
        form = QFormLayout()
        self.body.addLayout(form)
        self.county = QLineEdit()
        self.county.setPlaceholderText("如：青岚县")
        self.supervisor = QLineEdit()
        self.supervisor.setPlaceholderText("如：青岚县人民政府办公室")
        self.reporting_office = QLineEdit()
        self.reporting_office.setPlaceholderText("不填则与主管单位相同")
        self.operator = QLineEdit()
        self.operator.setPlaceholderText("您的姓名（填报人）")
        self.phone = QLineEdit()
        self.phone.setPlaceholderText("填报人联系电话，印在报告落款处")
        self.profile = QComboBox()
        self._show(setup)
        self._suggested = office_setup.suggested_supervisor(setup.county)
        self.county.textChanged.connect(self._county_changed)
        self.profile_hint = QLabel()
        self.profile_hint.setWordWrap(True)
        self.profile_hint.setProperty("role", "muted")
        self.profile.currentIndexChanged.connect(lambda _: self._profile_changed())
        form.addRow("县（市、区）*", self.county)
        form.addRow("主管单位 *", self.supervisor)
        form.addRow("报告单位", self.reporting_office)
        form.addRow("本机操作员 *", self.operator)
        form.addRow("联系电话", self.phone)
        form.addRow("执行的规则方案", self.profile)
        form.addRow("", self.profile_hint)
        self._profile_changed()

    def _show(self, setup: office_setup.OfficeSetup) -> None:
        self.setup = setup
        self.county.setText(setup.county)
        self.supervisor.setText(setup.supervisor)
        self.reporting_office.setText(setup.reporting_office)
        self.operator.setText(setup.operator)
        self.phone.setText(setup.phone)
        self.profile.clear()
        for choice in setup.profiles:
            self.profile.addItem(choice.name, choice.id)
            self.profile.setItemData(self.profile.count() - 1, choice.description, 3)  # tooltip
        if setup.profile_id is not None:
            self.profile.setCurrentIndex(max(0, self.profile.findData(setup.profile_id)))

    def show_latest(self, record: object) -> None:
        assert isinstance(record, office_setup.OfficeSetup)
        self._show(record)

    def _county_changed(self, text: str) -> None:
        """The 主管单位 follows the county name until the clerk writes their own."""
        current = self.supervisor.text().strip()
        if not current or current in (self._suggested, office_setup.DEFAULT_SUPERVISOR):
            self._suggested = office_setup.suggested_supervisor(text)
            self.supervisor.setText(self._suggested)

    def _profile_changed(self) -> None:
        index = self.profile.currentIndex()
        description = self.setup.profiles[index].description if 0 <= index < len(self.setup.profiles) else ""
        self.profile_hint.setText(
            f"{description}\n各地要求不同，可在“工具 > 规则方案”中查看各方案的全部数值。"
        )

    def values(self) -> office_setup.OfficeSetup:
        from dataclasses import replace

        chosen = self.profile.currentData()
        given = replace(
            self.setup,
            county=self.county.text(),
            supervisor=self.supervisor.text(),
            reporting_office=self.reporting_office.text(),
            operator=self.operator.text(),
            phone=self.phone.text(),
            profile_id=int(chosen) if chosen is not None else None,
        )
        from gmdesk.domain.errors import UserError

        for field, text in (
            ("county", given.county),
            ("supervisor", given.supervisor),
            ("operator", given.operator),
        ):
            if not text.strip():
                raise UserError(
                    {
                        "county": "请填写县（市、区）名称，如：青岚县",
                        "supervisor": "请填写主管单位",
                        "operator": "请填写本机操作员（您的姓名）",
                    }[field],
                    field=field,
                )
        return given


IMPORT, ADD, DEMO, TEMPLATE = "import", "add", "demo", "template"


class StartDialog(QDialog):
    """Three ways to start on an empty database."""

    chosen = Signal(str)
    """``import``, ``add``, ``demo`` or ``template`` (save the ledger template first)."""

    def __init__(self, county: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("开始使用")
        self.resize(640, 260)
        layout = QVBoxLayout(self)
        heading = QLabel(f"{county or '本县'}的账号台账还是空的。从哪里开始？")
        heading.setProperty("role", "heading")
        heading.setWordWrap(True)
        layout.addWidget(heading)
        self.buttons: dict[str, QPushButton] = {}
        options = (
            (
                IMPORT,
                "导入原有台账（Excel）…",
                "已有 Excel 台账：按模板的列名导入，单位和人员自动建立。"
                "可加一列“最近发布时间”，系统据此判断是否连续两周未更新。",
            ),
            (ADD, "逐个添加单位和账号", "在“账号备案”页先添加主办单位和人员，再逐个登记账号。"),
            (
                DEMO,
                "先看看示例（虚构的县）",
                "载入一个虚构县的示例数据，熟悉各项功能；正式使用时新建一个空数据库。",
            ),
        )
        for key, text, hint in options:
            row = QHBoxLayout()
            button = QPushButton(text)
            button.setMinimumWidth(220)
            if key == IMPORT:
                button.setProperty("primary", "true")
            button.clicked.connect(lambda _=False, key=key: self._choose(key))
            row.addWidget(button)
            label = QLabel(hint)
            label.setWordWrap(True)
            label.setProperty("role", "muted")
            row.addWidget(label, 1)
            layout.addLayout(row)
            self.buttons[key] = button
        template = QPushButton("下载台账模板…")
        template.setToolTip("含示例行和各列可选值的 Excel 模板，填好后再“导入原有台账”")
        template.clicked.connect(lambda: self._choose(TEMPLATE, close=False))
        self.buttons[TEMPLATE] = template
        later = QPushButton("以后再说")
        later.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(template)
        bottom.addStretch(1)
        bottom.addWidget(later)
        layout.addStretch(1)
        layout.addLayout(bottom)

    def _choose(self, key: str, close: bool = True) -> None:
        if close:
            self.accept()
        self.chosen.emit(key)
