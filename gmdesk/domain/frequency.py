"""The update-frequency rules of domain §3, judged on one account's post tally.

``account_findings`` is what ``gmdesk check`` reports for an account on a date:

- ``UPDATE_GAP`` (veto): the days since the last published post reached the profile's gap (14 days by
  default, counted as the national check does: last post on 6 Nov, checked on 20 Nov → 14 days → 单项否决);
- ``UPDATE_GAP_SOON`` (warning): the gap reached the warning level, or will reach the limit before the next
  planned post;
- ``ZOMBIE``: no post for the zombie span (90 days);
- ``MIN_FREQUENCY`` / ``ORIGINAL_MIN``: the latest *complete* window holds fewer posts than the rule asks
  (a window still running is not a breach yet; when it breaks today or on the days off before the next
  working day unless more is published, a warning says so);
- ``RECOMMENDED_RANGE`` (warning): the latest complete window is outside the 运营指南 range;
- ``NO_INTERACTION`` (veto): the account's 留言/评论/私信 is closed.

``breaches`` walks windows and yields each *new* breach (the first day of a run of broken overlapping
windows; every broken window when windows do not overlap, as "1 per working day" does), jumping over runs
of satisfied windows so that judging 500 accounts for a month stays cheap.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from gmdesk.domain import frequency_text as text
from gmdesk.domain.enums import Severity, TimeUnit
from gmdesk.domain.findings import Finding, RuleId
from gmdesk.domain.platforms import Platform
from gmdesk.domain.policy import BASIS_INSPECTION_2019, BASIS_STATE_COUNCIL_2018, Span, UpdateRules
from gmdesk.domain.post_tally import ALL, PostTally, Series, selector
from gmdesk.domain.windows import WindowClock
from gmdesk.domain.workdays import WorkCalendar


@dataclass(frozen=True)
class AccountFacts:
    """What the rules need to know about the account itself."""

    name: str
    platform: Platform
    opened_on: date | None = None
    interaction_enabled: bool = True
    account_id: int | None = None
    registered_on: date | None = None
    """The day the account was entered in gmdesk: before it, its posts may simply not be on record."""


@dataclass(frozen=True)
class WindowRule:
    """One "at least ``count`` posts in every window" requirement, as the engine judges it."""

    rule: str
    count: int
    span: Span
    kinds: tuple[int, ...]
    severity: Severity
    basis: str
    requirement: str
    """The requirement in Chinese, e.g. 每个工作日至少发布1条信息（节假日除外）."""


def gap_rule(update: UpdateRules) -> WindowRule:
    return WindowRule(
        RuleId.UPDATE_GAP,
        1,
        update.gap,
        ALL,
        Severity.VETO,
        BASIS_INSPECTION_2019,
        f"连续{update.gap.describe()}内须有更新",
    )


def gap_warning_rule(update: UpdateRules) -> WindowRule:
    return WindowRule(
        RuleId.UPDATE_GAP_SOON,
        1,
        update.gap_warning,
        ALL,
        Severity.WARNING,
        BASIS_INSPECTION_2019,
        f"连续{update.gap_warning.describe()}未更新即提醒",
    )


def zombie_rule(update: UpdateRules) -> WindowRule:
    return WindowRule(
        RuleId.ZOMBIE,
        1,
        update.zombie,
        ALL,
        Severity.VIOLATION,
        BASIS_STATE_COUNCIL_2018,
        f"连续{update.zombie.describe()}未更新即为“僵尸”账号，应整改或关停",
    )


def frequency_rules(update: UpdateRules, platform: Platform) -> list[WindowRule]:
    """The profile's MIN_FREQUENCY and ORIGINAL_MIN rules that apply to the platform."""
    return [
        WindowRule(
            rule.rule,
            rule.count,
            rule.window,
            selector(rule.originals_only, rule.mass_push_only),
            rule.severity,
            rule.basis,
            rule.describe(),
        )
        for rule in update.frequency
        if rule.applies_to(platform) and rule.count > 0
    ]


def required_rules(update: UpdateRules, platform: Platform) -> list[WindowRule]:
    """Every window rule a plan must keep: the gap limit and the frequency rules."""
    return [gap_rule(update), *frequency_rules(update, platform)]


def data_start(rules: Iterable[WindowRule], first: date, clocks: Clocks, floored: bool = False) -> date:
    """The first day whose posts matter for the windows ending from ``first`` on (and the one before them).

    With ``floored`` the tally will know the last published post before that day, which is all an "at least
    1 post of any kind" rule needs of earlier days; only the other rules then reach back.
    """
    earliest = first.toordinal()
    for rule in rules:
        if floored and rule.count == 1 and rule.kinds == ALL:
            continue
        clock = clocks(rule.span)
        end = clock.next_end(first.toordinal())
        earliest = min(earliest, clock.start(end))
        before = clock.previous_end(end)
        if clock.overlaps_next(before):  # ``breaches`` looks at it to tell a new breach from a running one
            earliest = min(earliest, clock.start(before))
    return date.fromordinal(earliest)


def check_start(update: UpdateRules, platform: Platform, as_of: date, clocks: Clocks) -> date:
    """The first day whose posts ``account_findings`` reads on ``as_of`` (before it only the last post counts)."""
    earliest = as_of
    spans = [r.span for r in frequency_rules(update, platform)]
    spans += [r.window for r in update.recommended if platform in r.platforms]
    for span in spans:
        clock = clocks(span)
        start, _ = clock.window(clock.last_complete_end(as_of))
        earliest = min(earliest, start)
    return earliest


class Clocks:
    """One WindowClock per span, shared by every account judged in one run."""

    def __init__(self, calendar: WorkCalendar) -> None:
        self.calendar = calendar
        self._clocks: dict[Span, WindowClock] = {}

    def __call__(self, span: Span) -> WindowClock:
        clock = self._clocks.get(span)
        if clock is None:
            clock = self._clocks[span] = WindowClock(span, self.calendar)
        return clock


@dataclass(frozen=True)
class Breach:
    rule: WindowRule
    start: date
    end: date
    """The day the window ends: the day the rule breaks."""
    found: int
    """Posts counted in the window."""


def breaches(
    rule: WindowRule,
    clock: WindowClock,
    series: Series,
    first: date,
    last: date,
    opened: date | None = None,
    running: bool = True,
) -> Iterator[Breach]:
    """Each new breach of ``rule`` whose window ends between ``first`` and ``last``.

    Windows that start before ``opened`` are not judged (the account did not exist for all of it). With
    ``running`` a breach that began before ``first`` and still lasts is reported on its first window from
    ``first`` on (the forecast: "broken today"); without, only breaches that begin in the range are.
    """
    opened_at = opened.toordinal() if opened is not None else None
    if rule.count == 1 and clock.span.unit is TimeUnit.DAY and clock.span.amount > 1:
        yield from _gaps(rule, series, first.toordinal(), last.toordinal(), opened_at, running)
        return
    yield from _walk(rule, clock, series, first, last, opened_at, running)


def _walk(
    rule: WindowRule,
    clock: WindowClock,
    series: Series,
    first: date,
    last: date,
    opened_at: int | None,
    running: bool,
) -> Iterator[Breach]:
    """The general walk over window ends (any span, any count)."""
    need = rule.count
    stop = last.toordinal()
    end = clock.next_end(first.toordinal())
    in_breach = False
    if not running:
        before = clock.previous_end(end)
        start = clock.start(before)
        in_breach = (
            clock.overlaps_next(before)
            and (opened_at is None or start >= opened_at)
            and series.count(start, before) < need
        )
    while end <= stop:
        start = clock.start(end)
        if opened_at is not None and start < opened_at:
            end = max(clock.next_end(end + 1), clock.first_end_after(opened_at - 1))
            in_breach = False
            continue
        found = series.count(start, end)
        if found >= need:
            in_breach = False
            latest = series.last_on_or_before(end) if need == 1 else None
            following = clock.next_end(end + 1)
            # With "at least 1", every window up to the first one starting after the latest post holds it.
            end = max(following, clock.first_end_after(latest)) if latest is not None else following
            continue
        if not in_breach:
            yield Breach(rule, date.fromordinal(start), date.fromordinal(end), found)
        if not clock.overlaps_next(end):
            in_breach = False  # windows that do not overlap each break on their own
            end = clock.next_end(end + 1)
            continue
        in_breach = True
        if need == 1:
            # The run of empty overlapping windows lasts until a window reaches the next post.
            upcoming = series.next_after(end)
            if upcoming is None:
                return
            end = max(clock.next_end(end + 1), clock.next_end(upcoming))
        else:
            end = clock.next_end(end + 1)


def _gaps(
    rule: WindowRule, series: Series, first: int, stop: int, opened_at: int | None, running: bool
) -> Iterator[Breach]:
    """ "At least 1 post in every N days" (N > 1, so windows overlap): a breach begins N days after a post
    that no other follows within N days. The same answers as ``_walk``, from the post days alone (the month
    view judges every account)."""
    n = rule.span.amount
    low = first - n
    anchors = [o for o, _ in series.between(low, stop)]
    earlier = series.last_on_or_before((anchors[0] if anchors else stop + 1) - 1)  # may be the tally's floor
    if earlier is not None:
        anchors.insert(0, earlier)
    if opened_at is not None:  # windows start on the opening day at the earliest
        anchors = [opened_at - 1, *(a for a in anchors if a >= opened_at)]
    if running:
        latest = max((a for a in anchors if a <= first), default=None)
        start = first - n + 1
        if (latest is None or latest + n < first) and (opened_at is None or start >= opened_at):
            yield Breach(rule, date.fromordinal(start), date.fromordinal(first), 0)
    for index, anchor in enumerate(anchors):
        end = anchor + n
        if end < first:
            continue
        if end > stop:
            return
        following = anchors[index + 1] if index + 1 < len(anchors) else None
        if following is None or following > end:
            yield Breach(rule, date.fromordinal(anchor + 1), date.fromordinal(end), 0)


def first_breach(
    rule: WindowRule, clock: WindowClock, series: Series, first: date, last: date, opened: date | None = None
) -> Breach | None:
    return next(breaches(rule, clock, series, first, last, opened), None)


# --------------------------------------------------------------------------- the check of one account
NO_POST_RECORD_TEXT = (
    "系统中还没有该账号的发布记录，无法判断更新情况。请在“发布日历”中导入发布记录（Excel：账号名称、发布时间、标题），"
    "或在账号台账的“最近发布时间”一栏填写后重新导入；如该账号确实一直未发布，则已属内容不更新情形（单项否决）。"
)


def no_post_record(account: AccountFacts, update: UpdateRules, clocks: Clocks, as_of: date) -> bool:
    """An account with no published post on record (the caller knows there is none) that was opened before it
    was entered in gmdesk, long enough ago for the gap rule to judge it: its posts are missing from the
    records (a ledger taken over without them), so the clerk is told how to bring them in rather than given
    a 单项否决 per account. An account opened since it was entered has its whole history here: no post is
    no post, and the gap rule judges it."""
    if (
        account.registered_on is None
        or account.opened_on is None
        or account.opened_on >= account.registered_on
    ):
        return False
    return date.fromordinal(clocks(update.gap).first_end_after(account.opened_on.toordinal())) <= as_of


def account_findings(
    account: AccountFacts, update: UpdateRules, tally: PostTally, clocks: Clocks, as_of: date
) -> list[Finding]:
    """Every frequency finding of the account on ``as_of`` (the caller checks live accounts only)."""
    findings: list[Finding] = []

    def add(rule: str, severity: Severity, day: date, message: str) -> None:
        findings.append(Finding(RuleId(rule), severity, account.name, day, message, account.account_id))

    if update.require_interaction and not account.interaction_enabled:
        add(RuleId.NO_INTERACTION, Severity.VETO, as_of, text.no_interaction())

    published = tally.series(as_of + timedelta(days=1))  # published only, today's posts included
    last = published.last_on_or_before(as_of.toordinal())
    if last is None and no_post_record(account, update, clocks, as_of):
        add(RuleId.NO_POST_RECORD, Severity.WARNING, as_of, NO_POST_RECORD_TEXT)
        return findings  # a ledger taken over without posts: the other rules would judge records, not the account
    anchor = date.fromordinal(last) if last is not None else account.opened_on
    if anchor is not None:
        for rule_id, severity, day, message in _gap_findings(
            update, tally, clocks, as_of, anchor, last is not None
        ):
            add(rule_id, severity, day, message)

    for rule in frequency_rules(update, account.platform):
        clock = clocks(rule.span)
        end = clock.last_complete_end(as_of)
        start, _ = clock.window(end)
        if account.opened_on is not None and start < account.opened_on:
            continue
        series = tally.series(as_of, rule.kinds)
        found = series.count(start.toordinal(), end.toordinal())
        if found < rule.count:
            add(rule.rule, rule.severity, end, text.window_breach(rule, start, end, found, as_of))
            continue
        # Due before the clerk's next working day: today, or the days off that follow it.
        soon = clocks.calendar.next_workday(as_of) - timedelta(days=1)
        upcoming = first_breach(rule, clock, series, as_of, soon, account.opened_on)
        if upcoming is not None:
            add(
                rule.rule,
                Severity.WARNING,
                upcoming.end,
                text.window_soon(rule, upcoming, as_of, clocks.calendar),
            )
    for recommended in update.recommended:
        if account.platform not in recommended.platforms:
            continue
        clock = clocks(recommended.window)
        end = clock.last_complete_end(as_of)
        start, _ = clock.window(end)
        if account.opened_on is not None and start < account.opened_on:
            continue
        found = published.count(start.toordinal(), end.toordinal())
        if not recommended.minimum <= found <= recommended.maximum:
            add(
                RuleId.RECOMMENDED_RANGE,
                Severity.WARNING,
                end,
                text.recommended(recommended, start, end, found, as_of),
            )
    return findings


def _gap_findings(
    update: UpdateRules, tally: PostTally, clocks: Clocks, as_of: date, anchor: date, posted: bool
) -> list[tuple[RuleId, Severity, date, str]]:
    """UPDATE_GAP, ZOMBIE and UPDATE_GAP_SOON, counted from the last published post (or the opening day)."""
    rule = gap_rule(update)
    breaks_on = date.fromordinal(clocks(update.gap).first_end_after(anchor.toordinal()))
    days = (as_of - anchor).days
    if breaks_on <= as_of:
        planned_today = tally.on(as_of)[1]
        out = [
            (
                RuleId.UPDATE_GAP,
                Severity.VETO,
                breaks_on,
                text.gap(rule, anchor, posted, days, as_of, planned_today),
            )
        ]
        zombie = zombie_rule(update)
        zombie_on = date.fromordinal(clocks(update.zombie).first_end_after(anchor.toordinal()))
        if zombie_on <= as_of:
            out.append(
                (
                    RuleId.ZOMBIE,
                    Severity.VIOLATION,
                    zombie_on,
                    text.zombie(zombie, anchor, posted, days, as_of),
                )
            )
        return out
    warn_on = date.fromordinal(clocks(update.gap_warning).first_end_after(anchor.toordinal()))
    next_plan = tally.next_planned(as_of)
    calendar = clocks.calendar
    if warn_on <= as_of:
        message = text.gap_soon(rule, anchor, posted, days, breaks_on, next_plan, as_of, calendar)
        return [(RuleId.UPDATE_GAP_SOON, Severity.WARNING, breaks_on, message)]
    if next_plan is not None and next_plan >= breaks_on:
        message = text.plan_too_late(rule, anchor, breaks_on, next_plan, as_of, calendar)
        return [(RuleId.UPDATE_GAP_SOON, Severity.WARNING, breaks_on, message)]
    return []
