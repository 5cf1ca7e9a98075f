"""How often an account posts on a given day: routines by weekday, fewer posts at weekends, almost none on
法定节假日, pauses for the lazy ones, and push times in the recommended windows (7–9, 12–14, 19–22)."""

from __future__ import annotations

import random
from bisect import bisect
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate

from gmdesk.domain.workdays import DayKind, WorkCalendar, iter_days

WORK, WEEKEND, HOLIDAY = "W", "E", "H"

# (first minute, last minute, weight): most posts go out in the recommended windows.
_WINDOWS = (
    (7 * 60, 9 * 60, 34),
    (12 * 60, 14 * 60, 20),
    (19 * 60, 22 * 60, 26),
    (9 * 60, 12 * 60, 11),
    (14 * 60, 18 * 60, 9),
)
_CUM = list(accumulate(w for _, _, w in _WINDOWS))


def day_kinds(calendar: WorkCalendar, first: date, last: date) -> list[tuple[date, str]]:
    """Each day with W (working day, 调休 included), H (法定节假日) or E (ordinary weekend)."""
    out = []
    for day in iter_days(first, last):
        info = calendar.info(day)
        if info.is_workday:
            out.append((day, WORK))
        elif info.kind is DayKind.HOLIDAY or info.name:
            out.append((day, HOLIDAY))
        else:
            out.append((day, WEEKEND))
    return out


def pick_minute(rng: random.Random) -> int:
    start, end, _ = _WINDOWS[bisect(_CUM, rng.random() * _CUM[-1])]
    return start + int(rng.random() * (end - start))


def _count(rng: random.Random, rate: float) -> int:
    whole = int(rate)
    return whole + (rng.random() < rate - whole)


@dataclass
class Rhythm:
    """One account's habits, drawn once from its rate."""

    rate: float
    weekdays: frozenset[int]
    """For accounts posting less than daily: the weekdays of their routine."""
    weekend: float
    holiday: float
    pauses: list[tuple[date, date]]

    @classmethod
    def draw(
        cls, rng: random.Random, rate: float, hub: bool, lazy: bool, first: date, quiet_from: date
    ) -> Rhythm:
        routine = (
            frozenset(rng.sample(range(5), max(1, min(5, round(rate * 5))))) if rate < 1 else frozenset()
        )
        pauses = []
        if lazy:
            # Two to four weeks of silence every two to five months, all over before the recent past.
            day = first + timedelta(days=rng.randrange(20, 90))
            while day < quiet_from:
                length = rng.randrange(15, 29)
                pauses.append((day, min(day + timedelta(days=length), quiet_from)))
                day += timedelta(days=length + rng.randrange(60, 150))
        return cls(
            rate=rate,
            weekdays=routine,
            weekend=rate * (0.3 if hub else 0.12),
            holiday=rate * (0.08 if hub else 0.03),
            pauses=pauses,
        )

    def paused(self, day: date) -> bool:
        return any(start <= day < end for start, end in self.pauses)

    def count(self, rng: random.Random, day: date, kind: str) -> int:
        if kind == HOLIDAY:
            return _count(rng, self.holiday)
        if kind == WEEKEND:
            return _count(rng, self.weekend)
        if self.rate >= 1:
            return 0 if rng.random() < 0.04 else _count(rng, self.rate)
        if day.weekday() >= 5:  # a 调休 Saturday or Sunday worked
            return _count(rng, self.rate)
        return int(rng.random() < (0.88 if day.weekday() in self.weekdays else 0.06))
