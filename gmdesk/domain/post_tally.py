"""An account's posts counted per day: what the frequency rules, the forecast and the gap filler read.

Rules only ever count posts per day, so the services hand over day counts (one SQL aggregate) rather than a
million post rows. A tally may start at ``since`` (earlier days unknown) and then carries the day of the
last published post before it, which is all the gap rule needs of the older history.

*Effective* counts are what the rules judge: published posts on days before ``today``; published and
planned posts from ``today`` on (a plan for today or later is expected to happen, an overdue plan is not).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from itertools import accumulate
from operator import add, itemgetter

from gmdesk.domain.enums import PostKind, PostStatus

_PUSH = 1
_ORIGINAL = 2
_PUBLISHED_CODE = PostStatus.PUBLISHED.value
_ORIGINAL_CODE = PostKind.ORIGINAL.value


def _slot(original: bool, mass: bool) -> int:
    return (_ORIGINAL if original else 0) | (_PUSH if mass else 0)


def slot_of(published: bool, original: bool, mass: bool) -> int:
    """A post's count slot: 原创 × 2 + 群发, plus 4 for a plan (also the order of the roll-up's columns)."""
    return _slot(original, mass) + (0 if published else 4)


PUSH_SLOTS = tuple(slot for slot in range(8) if slot & _PUSH)
"""The slots of 群发, published and planned."""


def selector(originals_only: bool = False, mass_only: bool = False) -> tuple[int, ...]:
    """The count slots a rule looks at: all posts, 原创 only, 群发 only, or both."""
    return tuple(
        i for i in range(4) if (not originals_only or i & _ORIGINAL) and (not mass_only or i & _PUSH)
    )


ALL = selector()
ORIGINALS = selector(originals_only=True)
PUSHES = selector(mass_only=True)
_STANDARD = (ALL, ORIGINALS, PUSHES)


@dataclass(frozen=True, slots=True)
class PostFact:
    """One post as the rules see it."""

    at: datetime
    published: bool = True
    """False for a plan (cancelled posts are never facts)."""
    original: bool = True
    mass_push: bool = False


class PostTally:
    """Counts per day: four published and four planned slots (转载/原创 × 发表/群发)."""

    def __init__(self, since: date | None = None, last_published_before: date | None = None) -> None:
        self.since = since
        """Days before this are not counted here (None: the whole history is)."""
        self.last_published_before = last_published_before
        self._days: dict[int, list[int]] = {}
        self._series: dict[tuple[int, tuple[int, ...]], Series] = {}

    @classmethod
    def from_posts(
        cls, posts: Iterable[PostFact], since: date | None = None, last_published_before: date | None = None
    ) -> PostTally:
        tally = cls(since, last_published_before)
        for post in posts:
            if since is None or post.at.date() >= since:
                tally.add(
                    post.at.date(), published=post.published, original=post.original, mass=post.mass_push
                )
        return tally

    def add(self, day: date, *, published: bool, original: bool, mass: bool, count: int = 1) -> None:
        counts = self._days.get(day.toordinal())
        if counts is None:
            counts = self._days[day.toordinal()] = [0] * 8
        counts[slot_of(published, original, mass)] += count
        self._series.clear()

    def add_slots(self, ordinal: int, counts: Sequence[int], slots: Sequence[int] | None = None) -> None:
        """Add a day's counts, already summed per slot (a roll-up row): all eight, or those at ``slots`` only
        (the bulk loaders' fast path)."""
        row = self._days.get(ordinal)
        if slots is None:
            if row is None:
                self._days[ordinal] = list(counts)
            else:
                row[:] = map(add, row, counts)
        else:
            if row is None:
                row = self._days[ordinal] = [0] * 8
            for slot in slots:
                row[slot] += counts[slot]
        if self._series:
            self._series.clear()

    def count_rows(self, rows: Iterable[tuple[object, str, str, str, bool]]) -> None:
        """Count posts given as (anything, time text ``YYYY-MM-DD…``, PostStatus code, PostKind code, 群发) —
        the bulk loaders' fast path: a month of every account is tens of thousands of rows."""
        days = self._days
        last = "\0"  # matches no time text
        counts: list[int] = []
        for _, at, status, kind, mass in rows:
            if not at.startswith(last):  # rows come in time order: most share the previous row's day
                last = at[:10]
                ordinal = date.fromisoformat(last).toordinal()
                found = days.get(ordinal)
                counts = found if found is not None else days.setdefault(ordinal, [0] * 8)
            counts[
                (2 if kind == _ORIGINAL_CODE else 0)
                + (1 if mass else 0)
                + (0 if status == _PUBLISHED_CODE else 4)
            ] += 1
        self._series.clear()

    def _build_standard(self, today: int) -> None:
        """All posts, 原创 and 群发 in one pass: the three series nearly every rule reads. Inlined: the checks
        build it for every live account over a year of days."""
        all_days: list[int] = []
        all_counts: list[int] = []
        original_days: list[int] = []
        original_counts: list[int] = []
        mass_days: list[int] = []
        mass_counts: list[int] = []
        days = self._days
        for ordinal in sorted(days):
            row = days[ordinal]
            a, b, c, d = row[0], row[1], row[2], row[3]
            if ordinal >= today:
                a, b, c, d = a + row[4], b + row[5], c + row[6], d + row[7]
            total = a + b + c + d
            if total:
                all_days.append(ordinal)
                all_counts.append(total)
                if c + d:
                    original_days.append(ordinal)
                    original_counts.append(c + d)
                if b + d:
                    mass_days.append(ordinal)
                    mass_counts.append(b + d)
        floor = self.last_published_before.toordinal() if self.last_published_before is not None else None
        columns = ((all_days, all_counts), (original_days, original_counts), (mass_days, mass_counts))
        for kinds, (ordinals, counts) in zip(_STANDARD, columns, strict=True):
            self._series[(today, kinds)] = Series(ordinals, counts, floor if kinds == ALL else None)

    def copy(self) -> PostTally:
        twin = PostTally(self.since, self.last_published_before)
        twin._days = {o: list(c) for o, c in self._days.items()}
        return twin

    def on(self, day: date) -> tuple[int, int]:
        """(published, planned) posts of every kind on a day."""
        counts = self._days.get(day.toordinal())
        return (sum(counts[:4]), sum(counts[4:])) if counts else (0, 0)

    def next_planned(self, day: date) -> date | None:
        """The first day on or after ``day`` with a planned post."""
        first = day.toordinal()
        found = [o for o, counts in self._days.items() if o >= first and any(counts[4:])]
        return date.fromordinal(min(found)) if found else None

    def series(self, today: date, kinds: tuple[int, ...] = ALL) -> Series:
        """The effective counts of the given kinds, summed for quick window counts."""
        key = (today.toordinal(), kinds)
        found = self._series.get(key)
        if found is None:
            found = self._series[key] = self._build(today.toordinal(), kinds)
        return found

    def _build(self, today: int, kinds: tuple[int, ...]) -> Series:
        if kinds in _STANDARD:
            self._build_standard(today)
            return self._series[(today, kinds)]
        ordinals: list[int] = []
        counts: list[int] = []
        published = _getter(kinds)
        effective = _getter((*kinds, *(k + 4 for k in kinds)))
        days = self._days
        for ordinal in sorted(days):
            n = sum((effective if ordinal >= today else published)(days[ordinal]))
            if n:
                ordinals.append(ordinal)
                counts.append(n)
        floor = None
        if kinds == ALL and self.last_published_before is not None:
            floor = self.last_published_before.toordinal()
        return Series(ordinals, counts, floor)


def _getter(indices: tuple[int, ...]) -> Callable[[list[int]], tuple[int, ...]]:
    """The counts at ``indices`` of a day's row, as a tuple (itemgetter gives a bare value for one index)."""
    if len(indices) == 1:
        only = indices[0]
        return lambda row: (row[only],)
    return itemgetter(*indices)


class Series:
    """Days with posts (ordinals, ascending) and their counts, with prefix sums for window counts."""

    __slots__ = ("_counts", "_floor", "_ordinals", "_prefix")

    def __init__(self, ordinals: list[int], counts: list[int], floor: int | None = None) -> None:
        self._ordinals = ordinals
        self._counts = counts
        self._prefix = [0, *accumulate(counts)]
        self._floor = floor
        """The last post day before the counted days, if known."""

    def count(self, first: int, last: int) -> int:
        """Posts on days ``first``..``last`` (ordinals, both included).

        A window reaching back before the counted days sees the last earlier post as one post: exact for
        "at least 1" rules; rules asking for more must be given a tally that covers their windows.
        """
        low = bisect.bisect_left(self._ordinals, first)
        high = bisect.bisect_right(self._ordinals, last)
        found = self._prefix[high] - self._prefix[low]
        if self._floor is not None and first <= self._floor <= last:
            found += 1
        return found

    def between(self, first: int, last: int) -> list[tuple[int, int]]:
        """(ordinal, count) of each day with posts from ``first`` to ``last``."""
        low = bisect.bisect_left(self._ordinals, first)
        high = bisect.bisect_right(self._ordinals, last)
        return list(zip(self._ordinals[low:high], self._counts[low:high], strict=True))

    def last_on_or_before(self, ordinal: int) -> int | None:
        index = bisect.bisect_right(self._ordinals, ordinal)
        if index:
            return self._ordinals[index - 1]
        return self._floor if self._floor is not None and self._floor <= ordinal else None

    def next_after(self, ordinal: int) -> int | None:
        index = bisect.bisect_right(self._ordinals, ordinal)
        return self._ordinals[index] if index < len(self._ordinals) else None
