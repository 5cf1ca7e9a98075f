"""One palette: the widgets take their colours from gmdesk/ui/palette.py, the chrome from style.qss."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtWidgets import QToolButton

from gmdesk.domain.enums import Severity
from gmdesk.ui import palette
from gmdesk.ui.calendar import colors

UI = Path(__file__).resolve().parents[2] / "gmdesk" / "ui"
HEX = re.compile(r"#[0-9a-fA-F]{6}\b")
# the report preview imitates the printed document's own styles, not the program's
ALLOWED = {"palette.py", "report/preview_html.py"}


def test_no_colour_is_written_in_a_widget_module() -> None:
    found = [
        f"{path.relative_to(UI)}:{number}: {line.strip()}"
        for path in sorted(UI.rglob("*.py"))
        if path.relative_to(UI).as_posix() not in ALLOWED
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if HEX.search(line) and '``"#' not in line  # a docstring's example
    ]
    assert found == []


def test_a_finding_has_one_colour_on_every_tab() -> None:
    assert colors.RISK is palette.SEVERITY_MARK
    for colours in (palette.SEVERITY, palette.SEVERITY_MARK, palette.SEVERITY_SOFT):
        assert set(colours) == set(Severity)
        assert len(set(colours.values())) == len(Severity)


def test_the_style_sheet_draws_the_buttons_that_used_to_carry_their_own(qtbot) -> None:
    def background(**properties: object) -> str:
        button = QToolButton()
        for name, value in properties.items():
            button.setProperty(name, value)
        button.setCheckable(True)
        button.setChecked(True)
        button.resize(60, 28)
        qtbot.addWidget(button)
        return button.grab().toImage().pixelColor(4, 14).name()

    assert background(role="view-switch") == "#dfe8f4"  # the chosen 月/周/列表
    assert background() != "#dfe8f4"
