"""The gap filler: the fewest planned slots that keep every rule of an account satisfied through a date.

Every rule here is "at least K posts in every window" (the gap limit, MIN_FREQUENCY, ORIGINAL_MIN, a
群发 minimum). The filler takes the broken windows in the order they end and puts the missing posts as
late as the window allows, on working days first and at the profile's preferred push times. For "at
least 1" rules this is the classic greedy cover by right end point, which needs the fewest points; a slot
placed late also serves as many later windows as possible. Slots are 原创 (so they count for every rule)
and 发表 unless a 群发 minimum asks for a push and the platform's cap leaves room.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from gmdesk.domain.frequency import AccountFacts, Breach, Clocks, first_breach, required_rules
from gmdesk.domain.policy import UpdateRules
from gmdesk.domain.post_tally import PUSHES, PostTally
from gmdesk.domain.push_caps import quota

DEFAULT_TIME = time(9, 0)


@dataclass(frozen=True)
class Slot:
    at: datetime
    original: bool = True
    mass_push: bool = False
    reason: str = ""
    """The requirement the slot keeps, e.g. 连续14个自然日内须有更新."""


@dataclass
class FillPlan:
    slots: list[Slot] = field(default_factory=list)
    unmet: list[Breach] = field(default_factory=list)
    """Windows no slot could mend (over before the first allowed slot, or no room left)."""

    def days(self) -> list[date]:
        return sorted({s.at.date() for s in self.slots})


def push_times(update: UpdateRules) -> list[time]:
    """The preferred push times, in order; 09:00 when the profile names none that can be read."""
    out = []
    for value in update.preferred_push_times:
        try:
            hour, minute = (int(part) for part in str(value).replace("：", ":").split(":")[:2])
            out.append(time(hour, minute))
        except ValueError:
            continue
    return sorted(set(out)) or [DEFAULT_TIME]


def fill_gaps(
    account: AccountFacts,
    update: UpdateRules,
    tally: PostTally,
    clocks: Clocks,
    today: date,
    through: date,
    now: time | None = None,
) -> FillPlan:
    """Slots from ``today`` (times after ``now`` only, today) so that no rule breaks through ``through``."""
    rules = required_rules(update, account.platform)
    times = push_times(update)
    work = tally.copy()
    plan = FillPlan()
    taken: dict[date, int] = {}
    resume = dict.fromkeys(range(len(rules)), today)
    cap = update.push_cap(account.platform)
    calendar = clocks.calendar
    while True:
        found: list[tuple[Breach, int]] = []
        for index, rule in enumerate(rules):
            breach = first_breach(
                rule,
                clocks(rule.span),
                work.series(today, rule.kinds),
                resume[index],
                through,
                account.opened_on,
            )
            if breach is not None:
                found.append((breach, index))
        if not found:
            return plan
        breach, index = min(found, key=lambda item: (item[0].end, item[1]))
        rule = rules[index]
        missing = rule.count - breach.found
        for day in _candidates(breach, today, calendar.is_workday):
            while missing > 0:
                at = _free_time(day, times, taken, today, now)
                if at is None:
                    break
                push = rule.kinds == PUSHES
                if push and cap is not None:
                    pushes = {
                        date.fromordinal(o): n
                        for o, n in work.series(today, PUSHES).between(
                            day.toordinal() - 31, day.toordinal() + 31
                        )
                    }
                    if not quota(cap, pushes, day).allows():
                        break
                plan.slots.append(Slot(at, original=True, mass_push=push, reason=rule.requirement))
                work.add(day, published=False, original=True, mass=push)
                taken[day] = taken.get(day, 0) + 1
                missing -= 1
            if missing <= 0:
                break
        if missing > 0:
            plan.unmet.append(breach)
            resume[index] = breach.end + timedelta(days=1)


def _candidates(breach: Breach, today: date, is_workday: Callable[[date], bool]) -> list[date]:
    """The window's days from today on, latest first: working days, then (if need be) days off."""
    first = max(breach.start, today)
    days = [breach.end - timedelta(days=n) for n in range((breach.end - first).days + 1)]
    return [d for d in days if is_workday(d)] + [d for d in days if not is_workday(d)]


def _free_time(
    day: date, times: list[time], taken: dict[date, int], today: date, now: time | None
) -> datetime | None:
    """The next preferred time of the day not yet given to a slot (later than ``now`` today)."""
    usable = [t for t in times if day != today or now is None or t > now]
    used = taken.get(day, 0)
    return datetime.combine(day, usable[used]) if used < len(usable) else None
