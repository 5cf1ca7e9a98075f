"""The people of an account, edited in place: each role picks a person from the unit's list (or takes a new
name, which joins the list on saving); 职务 and 手机 are edited right in the row and update the person."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QLineEdit, QTableWidget, QTableWidgetItem, QWidget

from gmdesk.domain.enums import Role
from gmdesk.services.accounts_data import FORM_ROLES, PersonInfo, RoleAssignment


class PeopleEditor(QTableWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(len(FORM_ROLES), 4, parent)
        self.setHorizontalHeaderLabels(["角色", "姓名（从本单位人员中选择或输入）", "职务", "手机"])
        self.verticalHeader().hide()
        self.horizontalHeader().setStretchLastSection(True)
        self.setColumnWidth(0, 110)
        self.setColumnWidth(1, 220)
        self.setColumnWidth(2, 180)
        self._people: list[PersonInfo] = []
        self.names: list[QComboBox] = []
        self.titles: list[QLineEdit] = []
        self.phones: list[QLineEdit] = []
        for row, (role, position) in enumerate(FORM_ROLES):
            label = QTableWidgetItem(f"{role.label}{position + 1}" if role is Role.INFORMANT else role.label)
            label.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.setItem(row, 0, label)
            name = QComboBox()
            name.setEditable(True)
            name.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            name.currentIndexChanged.connect(lambda index, r=row: self._picked(r, index))
            title, phone = QLineEdit(), QLineEdit()
            phone.setPlaceholderText("手机号码")
            self.setCellWidget(row, 1, name)
            self.setCellWidget(row, 2, title)
            self.setCellWidget(row, 3, phone)
            self.names.append(name)
            self.titles.append(title)
            self.phones.append(phone)
        self.setMinimumHeight(32 * len(FORM_ROLES) + 30)

    def set_people(self, people: list[PersonInfo]) -> None:
        """The unit's people to choose from (typed names are kept)."""
        self._people = [p for p in people if p.active]
        for combo in self.names:
            typed = combo.currentText()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem("", None)
            for person in self._people:
                combo.addItem(person.name, person.id)
                combo.setItemData(
                    combo.count() - 1, f"{person.title} {person.phone}".strip(), Qt.ItemDataRole.ToolTipRole
                )
            completer = QCompleter([p.name for p in self._people], combo)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            combo.setCompleter(completer)
            combo.setEditText(typed)
            combo.blockSignals(False)

    def set_roles(self, roles: tuple[RoleAssignment, ...]) -> None:
        by_slot = {(r.role, r.position): r for r in roles}
        for row, slot in enumerate(FORM_ROLES):
            held = by_slot.get(slot)
            combo = self.names[row]
            combo.blockSignals(True)
            index = combo.findData(held.person_id) if held and held.person_id is not None else -1
            if index >= 0:
                combo.setCurrentIndex(index)
            combo.setEditText(held.name if held else "")
            combo.blockSignals(False)
            self.titles[row].setText(held.title if held else "")
            self.phones[row].setText(held.phone if held else "")

    def _picked(self, row: int, index: int) -> None:
        person_id = self.names[row].itemData(index)
        person = next((p for p in self._people if p.id == person_id), None)
        if person is not None:
            self.titles[row].setText(person.title)
            self.phones[row].setText(person.phone)

    def set_person(self, role: Role, name: str, title: str = "", phone: str = "", position: int = 0) -> None:
        """Fill one role's row as a clerk would (pick or type the name, then the title and phone)."""
        row = FORM_ROLES.index((role, position))
        combo = self.names[row]
        index = combo.findText(name)
        if index >= 0:
            combo.setCurrentIndex(index)
        combo.setEditText(name)
        if title:
            self.titles[row].setText(title)
        if phone:
            self.phones[row].setText(phone)

    def roles(self) -> tuple[RoleAssignment, ...]:
        slots = []
        for row, (role, position) in enumerate(FORM_ROLES):
            name = self.names[row].currentText().strip()
            match = next((p for p in self._people if p.name == name), None)
            slots.append(
                RoleAssignment(
                    role,
                    position,
                    match.id if match else None,
                    name,
                    self.titles[row].text().strip(),
                    self.phones[row].text().strip(),
                )
            )
        return tuple(slots)
