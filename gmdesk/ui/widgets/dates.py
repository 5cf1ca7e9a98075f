"""Date and date-time pickers, and the conversions between Python's dates and Qt's.

Every picker in gmdesk reads the same (``yyyy-MM-dd``, to the minute for a time, with a calendar popup) and
hands back Python values, so a dialog never converts a ``QDate`` by hand.
"""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QDate, QDateTime, QTime
from PySide6.QtWidgets import QDateEdit, QDateTimeEdit, QWidget

DATE_FORMAT = "yyyy-MM-dd"
DATE_TIME_FORMAT = "yyyy-MM-dd HH:mm"
EMPTY_DATE = QDate(1900, 1, 1)


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def to_qdatetime(moment: datetime) -> QDateTime:
    """To the minute: the pickers show no seconds, so none may hide in the value."""
    return QDateTime(to_qdate(moment.date()), QTime(moment.hour, moment.minute))


def from_qdatetime(value: QDateTime) -> datetime:
    day, clock = value.date(), value.time()
    return datetime(day.year(), day.month(), day.day(), clock.hour(), clock.minute())


class DateEdit(QDateEdit):
    """A date picker; ``optional`` ones may be left empty (“未填”)."""

    def __init__(
        self, value: date | None = None, *, optional: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat(DATE_FORMAT)
        self.optional = optional
        if optional:
            self.setMinimumDate(EMPTY_DATE)
            self.setSpecialValueText("（未填）")
        else:
            self.setMinimumDate(QDate(2000, 1, 1))
        self.setMaximumDate(QDate(2099, 12, 31))
        self.set_value(value)

    def set_value(self, value: date | None) -> None:
        if value is None:
            self.setDate(EMPTY_DATE if self.optional else QDate.currentDate())
        else:
            self.setDate(to_qdate(value))

    def value(self) -> date | None:
        """The date, or None when an optional picker was left empty."""
        if self.optional and self.date() == EMPTY_DATE:
            return None
        return from_qdate(self.date())

    def day(self) -> date:
        """The date shown (for a picker that cannot be empty)."""
        return from_qdate(self.date())

    def set_earliest(self, day: date) -> None:
        self.setMinimumDate(to_qdate(day))

    def set_latest(self, day: date) -> None:
        self.setMaximumDate(to_qdate(day))

    def clear_value(self) -> None:
        if self.optional:
            self.setDate(EMPTY_DATE)


class DateTimeEdit(QDateTimeEdit):
    """A date-and-time picker to the minute; ``latest`` keeps a time that has already happened from the future."""

    def __init__(
        self, value: datetime | None = None, *, latest: datetime | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat(DATE_TIME_FORMAT)
        if latest is not None:
            self.setMaximumDateTime(to_qdatetime(latest))
        if value is not None:
            self.set_moment(value)

    def moment(self) -> datetime:
        return from_qdatetime(self.dateTime())

    def set_moment(self, value: datetime) -> None:
        self.setDateTime(to_qdatetime(value))
