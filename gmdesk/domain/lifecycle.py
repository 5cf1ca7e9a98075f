"""The account life cycle of domain §2 as a guarded state machine, and the filing deadlines it sets.

拟开设 → 申请中 → 已批准 → 已开设(待备案) → 运行中(已备案) → 拟关停(停更公告) → 已注销(待关停备案) → 已关停.

An :class:`Action` is allowed only in the states listed in :data:`TRANSITIONS`; :func:`plan` checks the action
and its dates and says what must change (the new state, the account's dates, the filing events to open,
complete or withdraw) without touching any storage, so the service applies exactly what the rule decided.
Due dates come from the policy profile's :class:`FilingRules` and the :class:`WorkCalendar`; nothing here
reads the clock.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any, TypedDict

from gmdesk.domain.enums import AccountState, FilingKind, LabeledEnum, TimeUnit
from gmdesk.domain.errors import UserError
from gmdesk.domain.policy import FilingRules, Span
from gmdesk.domain.workdays import WorkCalendar, month_bounds

S = AccountState


class Action(LabeledEnum):
    """What the clerk can do to an account's life cycle (the buttons of the ledger's detail pane)."""

    SUBMIT = "submit", "提交开设申请"
    RETURN = "return", "申请退回"
    APPROVE = "approve", "批准开设"
    OPEN = "open", "登记开设"
    FILE_OPEN = "file_open", "完成开设备案"
    ANNOUNCE = "announce", "拟关停（停更公告）"
    RESUME = "resume", "撤销关停"
    CANCEL = "cancel", "平台已注销"
    FILE_CANCEL = "file_cancel", "完成注销备案"


TRANSITIONS: dict[Action, tuple[frozenset[AccountState], AccountState]] = {
    Action.SUBMIT: (frozenset({S.PROPOSED}), S.APPLYING),
    Action.RETURN: (frozenset({S.APPLYING}), S.PROPOSED),
    Action.APPROVE: (frozenset({S.APPLYING}), S.APPROVED),
    Action.OPEN: (frozenset({S.APPROVED}), S.OPENED),
    Action.FILE_OPEN: (frozenset({S.OPENED}), S.RUNNING),
    Action.ANNOUNCE: (frozenset({S.RUNNING}), S.CLOSING),
    Action.RESUME: (frozenset({S.CLOSING}), S.RUNNING),
    Action.CANCEL: (frozenset({S.CLOSING}), S.CANCELED),
    Action.FILE_CANCEL: (frozenset({S.CANCELED}), S.CLOSED),
}
"""action → (the states it is allowed in, the state it leads to)."""

INITIAL_STATES = (S.PROPOSED, S.OPENED, S.RUNNING)
"""The states a new account may be created in: planned, or already open (filed or not) when taken over."""

DELETABLE_STATES = frozenset({S.PROPOSED, S.APPLYING, S.APPROVED})
"""Never public, so no record is owed: the account may simply be deleted."""

CHANGE_FILING_STATES = frozenset({S.RUNNING, S.CLOSING})
"""Filed and still public: a change of name, 认证主体, 分管负责人 or 管理员 must be filed again."""

FILING_FORM_KINDS = (
    FilingKind.OPEN_FILING,
    FilingKind.CHANGE_FILING,
    FilingKind.CLOSURE_NOTICE,
    FilingKind.CANCEL_FILING,
)
"""The events whose paper is the 备案登记表 (类型 开设 / 变更 / 关停 / 注销)."""


class LifecycleError(UserError):
    """An action the rules refuse, with the reason in Chinese."""


def allowed_actions(state: AccountState) -> list[Action]:
    return [action for action, (states, _) in TRANSITIONS.items() if state in states]


def target_state(action: Action) -> AccountState:
    return TRANSITIONS[action][1]


def refusal(state: AccountState, action: Action) -> str | None:
    """Why ``action`` is not allowed in ``state`` (None when it is)."""
    states, _ = TRANSITIONS[action]
    if state in states:
        return None
    where = "、".join(s.label for s in S if s in states)
    return f"账号当前状态为“{state.label}”，不能办理“{action.label}”（仅限{where}状态）"


def check_action(state: AccountState, action: Action) -> None:
    reason = refusal(state, action)
    if reason is not None:
        raise LifecycleError(reason)


def deletion_refusal(state: AccountState) -> str | None:
    if state in DELETABLE_STATES:
        return None
    return f"账号已开设（当前状态“{state.label}”），不能删除；请按“拟关停 → 平台注销 → 注销备案”流程办理"


# --------------------------------------------------------------------------- deadlines
def due_date(kind: FilingKind, trigger: date, rules: FilingRules, calendar: WorkCalendar) -> date | None:
    """The last day to file an event triggered on ``trigger`` (None for events without a deadline)."""
    span = {
        FilingKind.OPEN_FILING: rules.open_filing,
        FilingKind.CHANGE_FILING: rules.change_filing,
        FilingKind.CLOSURE_NOTICE: rules.closure_notice,
        FilingKind.CANCEL_FILING: rules.cancel_filing,
    }.get(kind)
    if span is not None:
        return calendar.add(trigger, span.amount, span.unit)
    if kind is FilingKind.ANNUAL_REVIEW:
        return annual_review_due(trigger.year, rules)
    return None


def annual_review_due(year: int, rules: FilingRules) -> date:
    """The annual inspection report is due by the last day of the profile's review month."""
    return month_bounds(date(year, rules.annual_review_month, 1))[1]


def span_text(kind: FilingKind, rules: FilingRules) -> str:
    """The rule behind an event's deadline, for tooltips: "开设后5个工作日内"."""
    spans: dict[FilingKind, tuple[str, Span]] = {
        FilingKind.OPEN_FILING: ("开设后", rules.open_filing),
        FilingKind.CHANGE_FILING: ("变更后", rules.change_filing),
        FilingKind.CLOSURE_NOTICE: ("停更公告期", rules.closure_notice),
        FilingKind.CANCEL_FILING: ("注销后", rules.cancel_filing),
    }
    if kind in spans:
        prefix, span = spans[kind]
        return f"{prefix}{span.describe()}" + ("" if kind is FilingKind.CLOSURE_NOTICE else "内")
    if kind is FilingKind.ANNUAL_REVIEW:
        return f"每年{rules.annual_review_month}月底前"
    return ""


class DeadlineState(StrEnum):
    NONE = "none"
    OPEN = "open"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"


DEADLINE_STATES_ORDER = (
    DeadlineState.NONE,
    DeadlineState.OPEN,
    DeadlineState.DUE_SOON,
    DeadlineState.OVERDUE,
)
"""From calm to urgent."""


def deadline_state(
    due_on: date | None,
    as_of: date,
    rules: FilingRules,
    calendar: WorkCalendar,
    window_opens: date | None = None,
) -> DeadlineState:
    """Overdue after the due day; due soon when the due day is within the profile's ``due_soon`` span, or
    from ``window_opens`` on for a duty that must be done within a window (the 年审's review month)."""
    if due_on is None:
        return DeadlineState.NONE
    if as_of > due_on:
        return DeadlineState.OVERDUE
    if due_on <= calendar.add(as_of, rules.due_soon.amount, rules.due_soon.unit):
        return DeadlineState.DUE_SOON
    if window_opens is not None and as_of >= window_opens:
        return DeadlineState.DUE_SOON
    return DeadlineState.OPEN


def window_opens(kind: FilingKind, triggered_on: date) -> date | None:
    """The first day of the window a filing must be done in, for the kinds that have one: the 年审 is done
    within its review month, so it is due (soon) from the month's first day."""
    return triggered_on if kind is FilingKind.ANNUAL_REVIEW else None


def filing_label(kind: FilingKind, triggered_on: date) -> str:
    """An event as findings and lists name it: "2025年度年审", "开设备案"."""
    return f"{triggered_on.year}年度年审" if kind is FilingKind.ANNUAL_REVIEW else kind.label


def deadline_unit(kind: FilingKind, rules: FilingRules) -> TimeUnit:
    """How an event's deadline is counted, and so how its distance is told: a deadline of N working days
    in working days, a calendar rule (the 年审 by the end of November, a profile's 3 自然日) in days."""
    spans = {
        FilingKind.OPEN_FILING: rules.open_filing,
        FilingKind.CHANGE_FILING: rules.change_filing,
        FilingKind.CLOSURE_NOTICE: rules.closure_notice,
        FilingKind.CANCEL_FILING: rules.cancel_filing,
    }
    span = spans.get(kind)
    return TimeUnit.WORKDAY if span is not None and span.unit is TimeUnit.WORKDAY else TimeUnit.DAY


def remaining_text(
    due_on: date, as_of: date, calendar: WorkCalendar, unit: TimeUnit = TimeUnit.WORKDAY
) -> str:
    """ "今天到期", "剩3个工作日", "逾期2个工作日" for a working-day deadline; "剩5天", "逾期7天" for a
    calendar one. The same deadline reads the same wherever it is shown."""
    if due_on == as_of:
        return "今天到期"
    if unit is not TimeUnit.WORKDAY:
        return f"剩{(due_on - as_of).days}天" if due_on > as_of else f"逾期{(as_of - due_on).days}天"
    if due_on > as_of:
        left = calendar.count_workdays(as_of, due_on)
        return f"剩{left}个工作日" if left else f"剩{(due_on - as_of).days}天（均为休息日）"
    late = calendar.count_workdays(due_on, as_of)
    return f"逾期{late}个工作日" if late else f"逾期{(as_of - due_on).days}天"


# --------------------------------------------------------------------------- transitions
@dataclass(frozen=True)
class AccountDates:
    """What the rules need to know of an account to plan an action."""

    state: AccountState
    applied_on: date | None = None
    approved_on: date | None = None
    opened_on: date | None = None
    notice_on: date | None = None
    canceled_on: date | None = None
    filing_number: str = ""
    notice_period_end: date | None = None
    """The due day of the pending 停更公告 (the end of the notice period), if any."""


def state_on(
    day: date,
    state: AccountState,
    *,
    applied_on: date | None = None,
    approved_on: date | None = None,
    opened_on: date | None = None,
    filed_on: date | None = None,
    notice_on: date | None = None,
    canceled_on: date | None = None,
    closed_on: date | None = None,
    entered_on: date | None = None,
) -> AccountState | None:
    """The life-cycle state an account had on ``day``, worked back from its current state and the dates of
    its steps; None when it had not even applied yet. A report of an earlier period uses it so that an
    account closed since is not shown as closed.

    A step whose date is unknown is taken as done by then for the steps every account goes through
    (申请 … 备案); the closing steps (停更公告, 注销, 关停) may be skipped, so an unknown date there means the
    step did not happen. ``entered_on`` is the day the account was entered in the ledger, the only date a
    拟开设 has: an account still 拟开设 on ``day`` counts only if it had been entered by then (a ledger imported
    later keeps its accounts' own step dates, so it is read only for this first state).
    """
    chain: tuple[tuple[AccountState, date | None, bool], ...] = (
        (S.PROPOSED, None, False),
        (S.APPLYING, applied_on, False),
        (S.APPROVED, approved_on, False),
        (S.OPENED, opened_on, False),
        (S.RUNNING, filed_on, False),
        (S.CLOSING, notice_on, True),
        (S.CANCELED, canceled_on, True),
        (S.CLOSED, closed_on, True),
    )
    index = next(i for i, (step, _, _) in enumerate(chain) if step is state)
    while index > 0:
        step, on, optional = chain[index]
        if on is not None and on <= day:
            return step
        if on is None and not optional:
            return step  # not recorded: assume it had happened
        index -= 1
    if state is S.PROPOSED and (entered_on is None or entered_on <= day):
        return S.PROPOSED
    return None


@dataclass(frozen=True)
class ActionInput:
    """What the clerk entered for an action; ``day`` is when it happened (default: today)."""

    day: date
    filing_number: str = ""
    close_reason: str = ""
    replacement_account: str = ""
    note: str = ""


@dataclass(frozen=True)
class NewEvent:
    kind: FilingKind
    triggered_on: date
    due_on: date | None
    done_on: date | None = None
    """Set when the event is recorded as already done (e.g. 开设备案 completed without a pending event)."""
    close_reason: str = ""
    notice_on: date | None = None
    replacement_account: str = ""
    note: str = ""


@dataclass(frozen=True)
class Transition:
    action: Action
    before: AccountState
    after: AccountState
    updates: Mapping[str, Any] = field(default_factory=dict)
    """Account attributes to set (model attribute names)."""
    complete: tuple[FilingKind, ...] = ()
    """Pending events of these kinds become done on ``day`` (with the filing number, if any)."""
    withdraw: tuple[FilingKind, ...] = ()
    create: tuple[NewEvent, ...] = ()
    day: date | None = None
    filing_number: str = ""


class _Move(TypedDict):
    """What every Transition of :func:`plan` has (typed, so ``Transition(**base, ...)`` is checked)."""

    action: Action
    before: AccountState
    after: AccountState
    day: date


def _not_before(day: date, earlier: date | None, what: str) -> None:
    if earlier is not None and day < earlier:
        raise LifecycleError(f"日期{day.isoformat()}早于{what}（{earlier.isoformat()}），请检查")


def _not_future(day: date, today: date, what: str) -> None:
    if day > today:
        raise LifecycleError(f"{what}（{day.isoformat()}）不能晚于今天（{today.isoformat()}）")


def plan(
    account: AccountDates,
    action: Action,
    given: ActionInput,
    rules: FilingRules,
    calendar: WorkCalendar,
    today: date,
) -> Transition:
    """Check ``action`` against the state and the dates, and say what it changes; LifecycleError otherwise."""
    check_action(account.state, action)
    day = given.day
    after = target_state(action)
    base: _Move = {"action": action, "before": account.state, "after": after, "day": day}
    if action is Action.SUBMIT:
        _not_future(day, today, "申请日期")
        return Transition(
            **base,
            updates={"applied_on": day},
            create=(NewEvent(FilingKind.APPLICATION, day, None, note=given.note),),
        )
    if action is Action.RETURN:
        _not_before(day, account.applied_on, "申请日期")
        return Transition(**base, updates={"applied_on": None}, withdraw=(FilingKind.APPLICATION,))
    if action is Action.APPROVE:
        _not_future(day, today, "批准日期")
        _not_before(day, account.applied_on, "申请日期")
        return Transition(**base, updates={"approved_on": day}, complete=(FilingKind.APPLICATION,))
    if action is Action.OPEN:
        _not_future(day, today, "开设时间")
        _not_before(day, account.approved_on, "批准日期")
        due = due_date(FilingKind.OPEN_FILING, day, rules, calendar)
        return Transition(
            **base, updates={"opened_on": day}, create=(NewEvent(FilingKind.OPEN_FILING, day, due),)
        )
    if action is Action.FILE_OPEN:
        number = given.filing_number.strip()
        if not number:
            raise LifecycleError("请填写主管单位给出的备案编号")
        _not_future(day, today, "备案日期")
        _not_before(day, account.opened_on, "开设时间")
        return Transition(
            **base,
            updates={"filing_number": number, "filed_on": day},
            complete=(FilingKind.OPEN_FILING,),
            filing_number=number,
        )
    if action is Action.ANNOUNCE:
        if not given.close_reason.strip():
            raise LifecycleError("请填写关停原因")
        _not_before(day, account.opened_on, "开设时间")
        due = due_date(FilingKind.CLOSURE_NOTICE, day, rules, calendar)
        reason, replacement = given.close_reason.strip(), given.replacement_account.strip()
        return Transition(
            **base,
            updates={"notice_on": day, "close_reason": reason, "replacement_account": replacement},
            create=(
                NewEvent(
                    FilingKind.CLOSURE_NOTICE,
                    day,
                    due,
                    close_reason=reason,
                    notice_on=day,
                    replacement_account=replacement,
                    note=given.note,
                ),
            ),
        )
    if action is Action.RESUME:
        return Transition(
            **base,
            updates={"notice_on": None, "close_reason": "", "replacement_account": ""},
            withdraw=(FilingKind.CLOSURE_NOTICE,),
        )
    if action is Action.CANCEL:
        _not_future(day, today, "注销日期")
        _not_before(day, account.notice_on, "停更公告日期")
        end = account.notice_period_end
        if end is not None and day < end:
            raise LifecycleError(
                f"停更公告期至{end.isoformat()}届满（{span_text(FilingKind.CLOSURE_NOTICE, rules)}），"
                "公告期满后方可在平台注销"
            )
        due = due_date(FilingKind.CANCEL_FILING, day, rules, calendar)
        return Transition(
            **base,
            updates={"canceled_on": day},
            complete=(FilingKind.CLOSURE_NOTICE,),
            create=(NewEvent(FilingKind.CANCEL_FILING, day, due, note=given.note),),
        )
    # Action.FILE_CANCEL
    _not_future(day, today, "注销备案日期")
    _not_before(day, account.canceled_on, "注销日期")
    return Transition(
        **base,
        updates={"closed_on": day},
        complete=(FilingKind.CANCEL_FILING,),
        filing_number=given.filing_number.strip(),
    )


def initial_events(
    state: AccountState,
    opened_on: date | None,
    filing_number: str,
    rules: FilingRules,
    calendar: WorkCalendar,
    today: date,
) -> list[NewEvent]:
    """The events a new account starts with: 开设申请 for a planned one; a pending 开设备案 for an open one
    without a 备案编号, due the profile's span after its 开设时间."""
    if state is S.PROPOSED:
        return [NewEvent(FilingKind.APPLICATION, today, None)]
    if state is S.OPENED and not filing_number.strip():
        if opened_on is None:
            raise LifecycleError("“已开设(待备案)”的账号须填写开设时间，才能计算开设备案期限")
        return [
            NewEvent(
                FilingKind.OPEN_FILING,
                opened_on,
                due_date(FilingKind.OPEN_FILING, opened_on, rules, calendar),
            )
        ]
    return []


def check_initial(
    state: AccountState, opened_on: date | None, filing_number: str, today: date, *, taking_over: bool = False
) -> None:
    """The facts a new account must have for its state. A ledger taken over (an import) may hold accounts in
    any state; one created by hand starts planned or open."""
    if state not in INITIAL_STATES and not taking_over:
        allowed = "、".join(s.label for s in INITIAL_STATES)
        raise LifecycleError(f"新账号只能登记为{allowed}；其他状态请按流程办理")
    if state in (S.OPENED, S.RUNNING) and opened_on is None:
        raise LifecycleError(f"“{state.label}”的账号须填写开设时间")
    if opened_on is not None and opened_on > today:
        raise LifecycleError(f"开设时间（{opened_on.isoformat()}）不能晚于今天")
    if state is S.RUNNING and not filing_number.strip():
        raise LifecycleError("“运行中(已备案)”的账号须填写备案编号；尚未备案的请登记为“已开设(待备案)”")


def annual_review_window(year: int, rules: FilingRules) -> tuple[date, date]:
    """The review month's first and last day (the 年审 is triggered on the first, due on the last)."""
    first = date(year, rules.annual_review_month, 1)
    return first, annual_review_due(year, rules)


def review_year(as_of: date, rules: FilingRules) -> int:
    """The review year in force on ``as_of``: the latest year whose review month has begun (from 1 November
    2025 to 31 October 2026 it is 2025, so a 年审 left undone stays overdue until the next one opens)."""
    first, _ = annual_review_window(as_of.year, rules)
    return as_of.year if as_of >= first else as_of.year - 1


def owes_annual_review(state: AccountState, opened_on: date | None, year: int, rules: FilingRules) -> bool:
    """Every live account opened before the review month's first day owes that year's 年审 (one whose 开设时间
    is unknown is taken as opened before)."""
    first, _ = annual_review_window(year, rules)
    return state.is_live and (opened_on is None or opened_on < first)
