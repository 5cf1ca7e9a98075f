"""gmdesk/ui/widgets/dates.py: every picker reads the same and hands back Python values."""

from __future__ import annotations

from datetime import date, datetime

from gmdesk.ui.widgets.dates import DateEdit, DateTimeEdit, from_qdatetime, to_qdatetime


def test_a_required_date_picker_gives_its_day_and_an_optional_one_may_be_empty(qtbot) -> None:
    required, optional = DateEdit(date(2026, 12, 7)), DateEdit(optional=True)
    qtbot.addWidget(required)
    qtbot.addWidget(optional)
    assert required.day() == required.value() == date(2026, 12, 7)
    assert required.displayFormat() == optional.displayFormat() == "yyyy-MM-dd"
    assert required.calendarPopup() and optional.calendarPopup()
    assert optional.value() is None and optional.text() == "（未填）"
    required.set_earliest(date(2026, 12, 10))
    assert required.day() == date(2026, 12, 10)  # Qt moves a value that falls outside the range


def test_a_time_is_kept_to_the_minute_and_never_later_than_latest(qtbot) -> None:
    now = datetime(2026, 12, 7, 9, 30, 45)
    edit = DateTimeEdit(now, latest=now)
    qtbot.addWidget(edit)
    assert edit.moment() == datetime(2026, 12, 7, 9, 30)
    assert edit.displayFormat() == "yyyy-MM-dd HH:mm"
    edit.set_moment(datetime(2026, 12, 8, 10, 0))
    assert edit.moment() == datetime(2026, 12, 7, 9, 30)
    assert from_qdatetime(to_qdatetime(now)) == datetime(2026, 12, 7, 9, 30)
