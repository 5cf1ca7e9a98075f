"""使用手册: F1 and each tab's ？ open the tab's chapter; the manual's links, pictures, examples and rules agree
with the program (its examples are computed again with the working-day calendar, its presets are the code's)."""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImageReader
from PySide6.QtWidgets import QToolButton
from pytestqt.qtbot import QtBot

from gmdesk.domain.findings import RULE_TITLES, RuleId
from gmdesk.domain.frequency import gap_rule, gap_warning_rule, zombie_rule
from gmdesk.domain.policy import PRESETS
from gmdesk.domain.push_caps import BASIS_PLATFORM
from gmdesk.domain.workdays import WorkCalendar
from gmdesk.ui.app import Shell
from gmdesk.ui.main_window import TAB_SPECS
from gmdesk.ui.manual import CHAPTERS, manual_path


class _Page(HTMLParser):
    """Anchors, links, pictures and the rows of the tables marked example, rule and preset."""

    def __init__(self) -> None:
        super().__init__()
        self.anchors: set[str] = set()
        self.links: list[str] = []
        self.images: list[str] = []
        self.rows: dict[str, list[list[str]]] = {"example": [], "rule": [], "preset": []}
        self._row: list[str] | None = None
        self._row_kind = ""
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "a" and a.get("name"):
            self.anchors.add(str(a["name"]))
        if tag == "a" and a.get("href"):
            self.links.append(str(a["href"]))
        if tag == "img":
            self.images.append(str(a["src"]))
        if tag == "tr" and a.get("class") in self.rows:
            self._row, self._row_kind = [], str(a["class"])
        if tag == "td" and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._row is not None and self._cell is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        if tag == "tr" and self._row is not None:
            self.rows[self._row_kind].append(self._row)
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


@pytest.fixture(scope="module")
def page() -> _Page:
    parser = _Page()
    parser.feed(manual_path().read_text(encoding="utf-8"))
    return parser


def test_every_chapter_link_and_picture_is_there(page: _Page) -> None:
    assert set(CHAPTERS) <= page.anchors
    assert {spec.key for spec in TAB_SPECS} <= page.anchors, "each tab needs its chapter"
    for link in page.links:
        assert link.startswith("#") and link[1:] in page.anchors, link
    folder = manual_path().parent
    assert len(page.images) >= len(TAB_SPECS)
    for image in page.images:
        reader = QImageReader(str(folder / image))
        assert reader.canRead(), image
        assert reader.size().width() >= 900, f"{image} is too small to read"


def test_the_deadline_examples_are_what_the_program_computes(page: _Page) -> None:
    calendar = WorkCalendar()
    assert len(page.rows["example"]) >= 4
    for start_text, span, due_text, _ in page.rows["example"]:
        start, due = (date.fromisoformat(t[:10]) for t in (start_text, due_text))
        workdays = int(re.fullmatch(r"(\d+)个工作日", span).group(1))  # type: ignore[union-attr]
        assert calendar.workday_deadline(start, workdays).date() == due, (start_text, span, due_text)
        for text, day in ((start_text, start), (due_text, due)):
            assert text.endswith(f"（星期{'一二三四五六日'[day.weekday()]}）"), text


def test_every_rule_and_preset_is_explained_as_the_code_has_it(page: _Page) -> None:
    rules = {row[0]: row for row in page.rows["rule"]}
    assert set(rules) == {rule.value for rule in RuleId}
    for rule, row in rules.items():
        assert row[1] == RULE_TITLES[RuleId(rule)], rule
        assert row[3], f"{rule} names no source"
    # where the code names the source of a rule, the manual names the same
    update = PRESETS["国办底线+常规"].update
    named = {
        RuleId.UPDATE_GAP: gap_rule(update).basis,
        RuleId.UPDATE_GAP_SOON: gap_warning_rule(update).basis,
        RuleId.ZOMBIE: zombie_rule(update).basis,
        RuleId.PUSH_CAP: BASIS_PLATFORM,
        **{RuleId(rule.rule): rule.basis for rule in update.frequency},
    }
    for rule, basis in named.items():
        assert rules[rule.value][3] == basis, rule
    presets = {row[0]: row[1] for row in page.rows["preset"]}
    assert presets == {name: profile.description for name, profile in PRESETS.items()}


def test_the_default_numbers_in_the_manual_are_the_default_profiles(page: _Page) -> None:
    profile = PRESETS["国办底线+常规"]
    text = manual_path().read_text(encoding="utf-8")
    replies, filing, update = profile.replies, profile.filing, profile.update
    assert f"连续{update.gap.amount}个自然日内须有更新" in text
    assert (
        f"连续{update.gap_warning.amount}天未更新" in text and f"连续{update.zombie.amount}天未更新" in text
    )
    assert f"紧急留言{replies.first_response_urgent.amount}小时" in text
    assert (
        f"投诉{replies.answer[next(c for c in replies.answer if c.label == '投诉')].amount}个工作日" in text
    )
    assert f"收到后{replies.extension_cap.amount}个工作日" in text
    assert f"每{filing.password_rotation.amount}天更换一次" in text
    assert f"开设、变更、注销后{filing.open_filing.amount}个工作日内备案" in text
    assert (
        f"内部培训{profile.training.internal_per_year}次、外部培训{profile.training.external_per_year}次"
        in text
    )


@pytest.mark.parametrize("spec", TAB_SPECS, ids=[s.key for s in TAB_SPECS])
def test_each_tabs_question_mark_opens_its_chapter(shell: Shell, qtbot: QtBot, spec) -> None:  # type: ignore[no-untyped-def]
    window = shell.window
    assert window is not None
    window.show_tab(spec.key)
    button = window.tabs.cornerWidget(Qt.Corner.TopRightCorner)
    assert isinstance(button, QToolButton) and button.text() == "？"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    manual = window.manual_window
    assert manual is not None and manual.isVisible()
    assert manual.chapter() == spec.key
    assert spec.title in manual.browser.toPlainText()


def test_f1_opens_the_chapter_of_the_tab_in_view(shell: Shell, qtbot: QtBot) -> None:
    window = shell.window
    assert window is not None
    window.show_tab("inbox")
    window.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_F1)
    assert window.manual_window is not None and window.manual_window.chapter() == "inbox"
    window.manual_window.home.click()
    assert window.manual_window.chapter() == "contents"
    assert "期限怎样计算" in window.manual_window.browser.toPlainText()


def test_the_manual_is_shipped_with_the_resources() -> None:
    assert manual_path().is_file() and Path(manual_path()).parent.name == "manual"
