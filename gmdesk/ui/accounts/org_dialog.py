"""单位与人员: the 主办单位 of the county and the people of each, edited in place."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gmdesk.domain.enums import UnitType
from gmdesk.services import accounts_org
from gmdesk.services.accounts_data import PersonInfo, UnitInfo
from gmdesk.ui import bus, dialogs, palette
from gmdesk.ui.context import AppContext
from gmdesk.ui.widgets.editor_guard import EditorGuard, reload_on_conflict
from gmdesk.ui.widgets.form_dialog import merged_text

PEOPLE_HEADERS = ("姓名", "职务", "手机", "邮箱", "备注", "在岗", "任职")
ID_ROLE = Qt.ItemDataRole.UserRole + 10
VERSION_ROLE = Qt.ItemDataRole.UserRole + 11
"""The person's version as shown (on the name cell)."""
PERSON_FIELDS = ("name", "title", "phone", "email", "note")
"""The typed columns of the people table, in order."""


class OrgDialog(QDialog):
    def __init__(self, ctx: AppContext, unit_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("单位与人员")
        self.resize(1040, 640)
        self.units: list[UnitInfo] = []
        self.people: list[PersonInfo] = []
        self.current_id: int | None = unit_id
        self._dirty: set[int] = set()
        self._loading = False
        self.changed = False
        self.created_unit_id: int | None = None
        self._shown_unit_id: int | None = None
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self._unit_list())
        split.addWidget(self._unit_editor())
        split.setStretchFactor(1, 1)
        split.setSizes([300, 740])
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        self.status = QLabel()
        self.status.setProperty("role", "muted")
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        close = QPushButton("关闭")
        close.clicked.connect(self.accept)
        bottom.addWidget(close)
        layout.addLayout(bottom)
        self.unit_guard = EditorGuard(self.unit_group, self.save_unit, lambda: self.name.text() or "新单位")
        self.reload()

    def may_leave(self, leaving: str = "切换") -> bool:
        """Ask before unsaved edits of the unit or of its people are lost; True when the clerk may go on."""
        if not self.unit_guard.may_leave(leaving):
            return False
        if not self._dirty:
            return True
        answer = dialogs.unsaved(self, "尚未保存", f"本单位人员的修改还没有保存。\n{leaving}前保存吗？")
        if answer == dialogs.SAVE:
            self.save_people()
            return False
        if answer == dialogs.DISCARD:
            self._dirty = set()
            return True
        return False

    def done(self, result: int) -> None:
        if self.may_leave("关闭"):
            super().done(result)

    # ------------------------------------------------------------------ building
    def _unit_list(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("查找单位…")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._fill_list)
        self.unit_list = QListWidget()
        self.unit_list.currentItemChanged.connect(self._unit_selected)
        buttons = QHBoxLayout()
        self.add_unit_button = QPushButton("新增单位")
        self.add_unit_button.clicked.connect(self.add_unit)
        self.delete_unit_button = QPushButton("删除单位")
        self.delete_unit_button.clicked.connect(self.delete_unit)
        buttons.addWidget(self.add_unit_button)
        buttons.addWidget(self.delete_unit_button)
        layout.addWidget(self.filter)
        layout.addWidget(self.unit_list, 1)
        layout.addLayout(buttons)
        return box

    def _unit_editor(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        group = QGroupBox("单位信息")
        self.unit_group = group
        form = QGridLayout(group)
        self.name = QLineEdit()
        self.name.setPlaceholderText("单位全称，与公章一致")
        self.short_name = QLineEdit()
        self.unit_type = QComboBox()
        for kind in UnitType:
            self.unit_type.addItem(kind.label, kind)
        self.credit_code = QLineEdit()
        self.credit_code.setMaxLength(18)
        self.credit_code.setPlaceholderText("18位统一社会信用代码")
        self.supervisor = QLineEdit()
        self.supervisor.setPlaceholderText("不填则为本县默认主管单位")
        self.address = QLineEdit()
        self.phone = QLineEdit()
        self.note = QLineEdit()
        self.active = QCheckBox("在用")
        self.active.setChecked(True)
        cells = (
            ("单位全称 *", self.name, 0, 0, 3),
            ("简称", self.short_name, 1, 0, 1),
            ("单位类型", self.unit_type, 1, 2, 1),
            ("信用代码", self.credit_code, 2, 0, 1),
            ("主管单位", self.supervisor, 2, 2, 1),
            ("地址", self.address, 3, 0, 1),
            ("电话", self.phone, 3, 2, 1),
            ("备注", self.note, 4, 0, 3),
        )
        for label, widget, row, column, span in cells:
            form.addWidget(QLabel(label), row, column)
            form.addWidget(widget, row, column + 1, 1, span)
        form.setColumnStretch(1, 1)
        form.setColumnStretch(3, 1)
        self.save_unit_button = QPushButton("保存单位")
        self.save_unit_button.setProperty("primary", "true")
        self.save_unit_button.clicked.connect(self.save_unit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.active)
        buttons.addStretch(1)
        buttons.addWidget(self.save_unit_button)
        form.addLayout(buttons, 5, 0, 1, 4)
        layout.addWidget(group)
        people = QGroupBox("本单位人员（直接在表格中修改，改完点“保存人员”）")
        inner = QVBoxLayout(people)
        self.table = QTableWidget(0, len(PEOPLE_HEADERS))
        self.table.setHorizontalHeaderLabels(PEOPLE_HEADERS)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemChanged.connect(self._person_edited)
        inner.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.add_person_button = QPushButton("新增人员")
        self.add_person_button.clicked.connect(self.add_person)
        self.delete_person_button = QPushButton("删除人员")
        self.delete_person_button.clicked.connect(self.delete_person)
        self.save_people_button = QPushButton("保存人员")
        self.save_people_button.setProperty("primary", "true")
        self.save_people_button.clicked.connect(self.save_people)
        for button in (self.add_person_button, self.delete_person_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.save_people_button)
        inner.addLayout(row)
        layout.addWidget(people, 1)
        return box

    # ------------------------------------------------------------------ loading
    def reload(self) -> None:
        self.ctx.jobs.run(lambda session: accounts_org.unit_infos(session), on_done=self._show_units)

    def _show_units(self, units: list[UnitInfo]) -> None:
        self.units = units
        if self.current_id is None and units:
            self.current_id = units[0].id
        self._fill_list()

    def _fill_list(self, *_: object) -> None:
        terms = self.filter.text().strip()
        self.unit_list.blockSignals(True)
        self.unit_list.clear()
        chosen = None
        for unit in self.units:
            if terms and terms not in unit.name and terms not in unit.short_name:
                continue
            suffix = "" if unit.active else "（停用）"
            item = QListWidgetItem(f"{unit.name}{suffix}")
            item.setData(ID_ROLE, unit.id)
            item.setToolTip(f"{unit.unit_type.label} · 账号 {unit.accounts} 个 · 人员 {unit.people} 人")
            if not unit.active:
                item.setForeground(QColor(palette.FAINT))
            self.unit_list.addItem(item)
            if unit.id == self.current_id:
                chosen = item
        self.unit_list.blockSignals(False)
        if chosen is not None:
            self.unit_list.setCurrentItem(chosen)
        else:
            self._show_unit(None)
        self.status.setText(f"共 {len(self.units)} 个单位")

    def _unit_selected(self, item: QListWidgetItem | None, previous: QListWidgetItem | None = None) -> None:
        unit_id = item.data(ID_ROLE) if item is not None else None
        if unit_id != self._shown_unit_id and not self.may_leave():
            blocked = self.unit_list.blockSignals(True)  # stay on the unit being edited
            self.unit_list.setCurrentItem(previous)
            self.unit_list.blockSignals(blocked)
            return
        self.current_id = unit_id
        self._show_unit(next((u for u in self.units if u.id == unit_id), None))

    def _show_unit(self, unit: UnitInfo | None) -> None:
        self._fill_unit(unit or UnitInfo(None, ""))
        self.delete_unit_button.setEnabled(unit is not None)
        for button in (self.add_person_button, self.delete_person_button, self.save_people_button):
            button.setEnabled(unit is not None)
        self.people = []
        self._fill_people()
        self._shown_unit_id = unit.id if unit is not None else None
        self.unit_guard.loaded()
        if unit is not None and unit.id is not None:
            unit_id = unit.id
            self.ctx.jobs.run(
                lambda session: accounts_org.people(session, unit_id),
                on_done=lambda found: self._show_people(unit_id, found),
            )

    def _fill_unit(self, info: UnitInfo) -> None:
        self.name.setText(info.name)
        self.short_name.setText(info.short_name)
        self.unit_type.setCurrentIndex(self.unit_type.findData(info.unit_type))
        self.credit_code.setText(info.credit_code)
        self.supervisor.setText(info.supervisor)
        self.address.setText(info.address)
        self.phone.setText(info.phone)
        self.note.setText(info.note)
        self.active.setChecked(info.active)

    def _show_people(self, unit_id: int, people: list[PersonInfo]) -> None:
        if unit_id != self.current_id:
            return
        self.people = people
        self._fill_people()

    def _fill_people(self) -> None:
        self._loading = True
        self.table.setRowCount(0)
        for person in self.people:
            self._append(person)
        for column, width in enumerate((72, 120, 110, 90, 100, 40)):
            self.table.setColumnWidth(column, width)  # 任职 (last) takes the rest
        self._dirty = set()
        self._loading = False

    def _append(self, person: PersonInfo) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column, field in enumerate(PERSON_FIELDS):
            item = QTableWidgetItem(getattr(person, field))
            item.setData(ID_ROLE, person.id)
            self.table.setItem(row, column, item)
        self.table.item(row, 0).setData(VERSION_ROLE, person.version)
        active = QTableWidgetItem()
        active.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
        active.setCheckState(Qt.CheckState.Checked if person.active else Qt.CheckState.Unchecked)
        self.table.setItem(row, 5, active)
        roles = QTableWidgetItem(person.roles)
        roles.setToolTip(person.roles.replace("；", "\n"))
        roles.setFlags(Qt.ItemFlag.ItemIsEnabled)
        roles.setForeground(QColor(palette.MUTED))
        self.table.setItem(row, 6, roles)
        return row

    # ------------------------------------------------------------------ units
    def add_unit(self) -> None:
        if not self.may_leave():
            return
        self.unit_list.clearSelection()
        self.current_id = None
        self._show_unit(None)
        self.name.setFocus()

    def save_unit(self) -> None:
        shown = next((u for u in self.units if u.id == self.current_id), None)
        info = UnitInfo(
            self.current_id,
            self.name.text(),
            self.short_name.text(),
            UnitType(self.unit_type.currentData()),
            self.credit_code.text(),
            self.supervisor.text(),
            self.address.text(),
            self.phone.text(),
            self.note.text(),
            self.active.isChecked(),
            version=shown.version if shown is not None and self.current_id is not None else None,
        )
        operator = self.ctx.operator
        self._write(
            lambda session: accounts_org.save_unit(session, info, operator),
            self._unit_saved,
            "无法保存单位",
            reload=self._reload_unit,
        )

    def _reload_unit(self) -> None:
        """重新载入 after another clerk saved this unit: their values come in, the clerk's changes stay."""
        unit_id = self.current_id
        if unit_id is None:
            return

        def merge(latest: UnitInfo) -> None:
            if unit_id != self.current_id:
                return
            self.units = [latest if u.id == unit_id else u for u in self.units]
            kept = self.unit_guard.merge_latest(lambda: self._fill_unit(latest))
            self.status.setText(merged_text(kept))

        self.ctx.jobs.run(lambda session: accounts_org.unit_info(session, unit_id), on_done=merge, owner=self)

    def _unit_saved(self, unit_id: int) -> None:
        if self.current_id is None:
            self.created_unit_id = unit_id
        self.current_id = unit_id
        self.unit_guard.loaded()  # saved as typed
        self.status.setText("单位已保存")
        self.reload()

    def delete_unit(self) -> None:
        unit_id = self.current_id
        if unit_id is None or not dialogs.ask(
            self, "删除单位", f"删除单位“{self.name.text()}”及其人员名单？"
        ):
            return
        operator = self.ctx.operator
        self.current_id = None
        self._write(
            lambda session: accounts_org.delete_unit(session, unit_id, operator),
            lambda _: self.reload(),
            "无法删除单位",
        )

    # ------------------------------------------------------------------ people
    def _person_edited(self, item: QTableWidgetItem) -> None:
        if not self._loading:
            self._dirty.add(item.row())

    def add_person(self) -> None:
        row = self._append(PersonInfo(None, self.current_id, ""))
        self._dirty.add(row)
        self.table.setCurrentCell(row, 0)
        self.table.editItem(self.table.item(row, 0))

    def delete_person(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            return
        person_id = self.table.item(row, 0).data(ID_ROLE)
        if person_id is None:
            self.table.removeRow(row)
            self._dirty = {r if r < row else r - 1 for r in self._dirty if r != row}
            return
        name = self.table.item(row, 0).text()
        if not dialogs.ask(self, "删除人员", f"从人员名单中删除“{name}”？"):
            return
        operator = self.ctx.operator
        self._write(
            lambda session: accounts_org.delete_person(session, person_id, operator),
            lambda _: self._reload_people(),
            "无法删除人员",
        )

    def _row(self, row: int) -> PersonInfo:
        cell = [self.table.item(row, c).text() if self.table.item(row, c) else "" for c in range(5)]
        return PersonInfo(
            self.table.item(row, 0).data(ID_ROLE),
            self.current_id,
            *cell,
            active=self.table.item(row, 5).checkState() == Qt.CheckState.Checked,
            version=self.table.item(row, 0).data(VERSION_ROLE),
        )

    def save_people(self) -> None:
        changed = [self._row(r) for r in sorted(self._dirty) if r < self.table.rowCount()]
        changed = [p for p in changed if p.id is not None or p.name.strip()]
        if not changed:
            self.status.setText("人员没有修改")
            return
        operator = self.ctx.operator

        def save(session):
            return [accounts_org.save_person(session, person, operator) for person in changed]

        self._write(
            save,
            lambda ids: (self.status.setText(f"已保存{len(ids)}人"), self._reload_people()),
            "无法保存人员",
            reload=self._reload_people_keeping_edits,
        )

    def _reload_people_keeping_edits(self) -> None:
        """重新载入 after another clerk saved someone of this list: the list as saved now, with every cell the
        clerk had changed (and every new row) put back and still to be saved."""
        unit_id = self.current_id
        if unit_id is None:
            return
        shown = {p.id: p for p in self.people}
        typed = [self._row(r) for r in sorted(self._dirty) if r < self.table.rowCount()]

        def merge(latest: list[PersonInfo]) -> None:
            if unit_id != self.current_id:
                return
            self._show_people(unit_id, latest)
            rows = {self.table.item(r, 0).data(ID_ROLE): r for r in range(self.table.rowCount())}
            kept = 0
            self._loading = True
            for person in typed:
                base = shown.get(person.id)
                row = rows.get(person.id) if person.id is not None else None
                if row is None:  # a new row, or someone deleted meanwhile: the clerk's row comes back whole
                    row = self._append(replace(person, id=None, version=None))
                    kept += 1
                    self._dirty.add(row)
                    continue
                for column, field in enumerate(PERSON_FIELDS):
                    if base is None or getattr(person, field) != getattr(base, field):
                        self.table.item(row, column).setText(getattr(person, field))
                        kept += 1
                        self._dirty.add(row)
                if base is None or person.active != base.active:
                    state = Qt.CheckState.Checked if person.active else Qt.CheckState.Unchecked
                    self.table.item(row, 5).setCheckState(state)
                    kept += 1
                    self._dirty.add(row)
            self._loading = False
            self.status.setText(merged_text(kept))

        self.ctx.jobs.run(lambda session: accounts_org.people(session, unit_id), on_done=merge, owner=self)

    def _reload_people(self) -> None:
        unit = next((u for u in self.units if u.id == self.current_id), None)
        self.reload() if unit is None else self._show_unit(unit)

    # ------------------------------------------------------------------ jobs
    def _write(self, op, on_done, title: str, reload=None) -> None:
        """``op`` as a write job; with ``reload``, another clerk's save getting in first offers 重新载入."""

        def failed(error: BaseException) -> None:
            from gmdesk.ui.errors import show_error

            if reload is not None and reload_on_conflict(self, error, reload):
                return
            show_error(error, self, title)

        def done(result: object) -> None:
            self.changed = True
            on_done(result)

        self.ctx.jobs.run(op, write=True, changes={bus.ACCOUNTS}, on_done=done, on_error=failed, parent=self)
