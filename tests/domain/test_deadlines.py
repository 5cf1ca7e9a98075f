"""Reply deadlines against the State Council's real tables: 2025 国庆, 2026 元旦/春节/劳动节/国庆 and 调休 days."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gmdesk.domain.deadlines import (
    DeadlineError,
    DueState,
    Escalation,
    ReplyFacts,
    check_commitment,
    check_extension,
    countdown,
    escalation,
    max_extension,
    next_due,
    outcome,
    reply_deadlines,
    span_end,
    transfer_due,
)
from gmdesk.domain.enums import MessageCategory, MessageChannel, TimeUnit, Urgency
from gmdesk.domain.platforms import Platform
from gmdesk.domain.policy import PRESETS, ReplyRules, Span, days, hours, months, workdays
from gmdesk.domain.workdays import END_OF_DAY, DayKind, DayOverride, WorkCalendar

CAL = WorkCalendar()
RULES = ReplyRules()
C, S, X, H, OT = (
    MessageCategory.CONSULT,
    MessageCategory.SUGGEST,
    MessageCategory.COMPLAINT,
    MessageCategory.HELP,
    MessageCategory.OTHER,
)


def end(day: date) -> datetime:
    return datetime.combine(day, END_OF_DAY)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


@pytest.mark.parametrize(
    ("received", "category", "first", "answer"),
    [
        # 2025 国庆: 1–8 Oct off, Sun 28 Sep and Sat 11 Oct worked.
        (
            "2025-09-30 10:00",
            X,
            date(2025, 10, 9),
            date(2025, 10, 16),
        ),  # the day before: 7 WD skip the holiday
        (
            "2025-09-27 15:00",
            C,
            date(2025, 9, 28),
            date(2025, 10, 10),
        ),  # Saturday: the next day is a worked Sunday
        ("2025-10-03 09:00", S, date(2025, 10, 9), date(2025, 10, 14)),  # inside the holiday
        ("2025-10-10 18:30", H, date(2025, 10, 11), date(2025, 10, 16)),  # Friday: the worked Saturday counts
        ("2025-09-26 17:00", OT, date(2025, 9, 28), date(2025, 10, 10)),
        # 2026 元旦: 1–3 Jan off, Sun 4 Jan worked.
        ("2025-12-31 18:00", C, date(2026, 1, 4), date(2026, 1, 8)),
        # 2026 春节: Sat 14 Feb worked, 15–23 Feb off, Sat 28 Feb worked.
        ("2026-02-13 16:00", X, date(2026, 2, 14), date(2026, 3, 2)),
        ("2026-02-14 10:00", H, date(2026, 2, 24), date(2026, 2, 28)),  # received on the worked Saturday
        (
            "2026-02-16 08:00",
            C,
            date(2026, 2, 24),
            date(2026, 2, 28),
        ),  # 除夕, the deadline is a worked Saturday
        # 2026 劳动节: 1–5 May off, Sat 9 May worked.
        ("2026-04-30 17:30", X, date(2026, 5, 6), date(2026, 5, 13)),
        # 2026 中秋 + 国庆: Sun 20 Sep worked, 25–27 Sep off, 1–7 Oct off, Sat 10 Oct worked.
        ("2026-09-19 10:00", C, date(2026, 9, 20), date(2026, 9, 24)),
        ("2026-09-24 11:00", C, date(2026, 9, 28), date(2026, 10, 9)),
        ("2026-09-30 10:00", X, date(2026, 10, 8), date(2026, 10, 15)),
        # An ordinary week: Monday morning and Friday night.
        ("2026-11-16 09:00", C, date(2026, 11, 17), date(2026, 11, 23)),
        ("2026-11-20 23:59", X, date(2026, 11, 23), date(2026, 12, 1)),
    ],
)
def test_working_day_deadlines_across_holidays(
    received: str, category: MessageCategory, first: date, answer: date
) -> None:
    deadlines = reply_deadlines(ReplyFacts(at(received), category), RULES, CAL)
    assert deadlines.first_response == end(first)
    assert deadlines.answer == deadlines.answer_default == end(answer)
    assert CAL.is_workday(first) and CAL.is_workday(answer)


def test_the_worked_weekend_days_are_really_worked() -> None:
    """The preconditions of the cases above, read from the same national table."""
    for day in (
        date(2025, 9, 28),
        date(2025, 10, 11),
        date(2026, 1, 4),
        date(2026, 2, 14),
        date(2026, 2, 28),
    ):
        assert CAL.info(day).kind is DayKind.ADJUSTED_WORKDAY
    for day in (date(2025, 10, 1), date(2025, 10, 8), date(2026, 2, 16), date(2026, 5, 5), date(2026, 10, 7)):
        assert CAL.info(day).kind is DayKind.HOLIDAY


@pytest.mark.parametrize(
    ("received", "first"),
    [
        ("2025-10-01 22:30", "2025-10-01 23:30"),  # calendar hours run through holidays
        ("2025-09-30 23:30", "2025-10-01 00:30"),
        ("2026-02-16 12:00", "2026-02-16 13:00"),
    ],
)
def test_urgent_messages_get_one_calendar_hour(received: str, first: str) -> None:
    deadlines = reply_deadlines(ReplyFacts(at(received), H, Urgency.URGENT), RULES, CAL)
    assert deadlines.first_response == at(first)
    assert deadlines.answer == reply_deadlines(ReplyFacts(at(received), H), RULES, CAL).answer


def test_the_operating_guide_counts_24_hours_for_the_first_response() -> None:
    rules = PRESETS["运营指南"].replies
    deadlines = reply_deadlines(ReplyFacts(at("2025-09-30 10:00"), C), rules, CAL)
    assert deadlines.first_response == at("2025-10-01 10:00")  # a holiday, but hours are calendar hours
    assert deadlines.answer == end(date(2025, 10, 14))  # 9, 10, 11 (Sat), 13, 14 Oct


def test_wechat_private_messages_have_a_48_hour_second_clock() -> None:
    received = at("2025-09-30 10:00")
    facts = ReplyFacts(received, X, channel=MessageChannel.PRIVATE, platform=Platform.WECHAT_SUBSCRIPTION)
    deadlines = reply_deadlines(facts, RULES, CAL)
    assert deadlines.first_response_rule == end(date(2025, 10, 9))
    assert deadlines.window_closes == at("2025-10-02 10:00")
    assert deadlines.first_response == at("2025-10-02 10:00")
    assert deadlines.window_first
    assert deadlines.answer == end(date(2025, 10, 16)), "the window moves the first response only"
    # The follower writing again re-opens the window.
    again = replace(facts, writer_last_at=at("2025-10-01 20:00"))
    assert reply_deadlines(again, RULES, CAL).window_closes == at("2025-10-03 20:00")
    # On a working Monday the rule comes first and the window does not matter.
    monday = replace(facts, received_at=at("2026-11-16 09:00"))
    result = reply_deadlines(monday, RULES, CAL)
    assert result.first_response == end(date(2026, 11, 17)) and not result.window_first


@pytest.mark.parametrize(
    ("channel", "platform"),
    [
        (MessageChannel.PRIVATE, Platform.WEIBO),
        (MessageChannel.COMMENT, Platform.WECHAT_SUBSCRIPTION),
        (MessageChannel.PRIVATE, None),
    ],
)
def test_no_window_outside_wechat_private_messages(
    channel: MessageChannel, platform: Platform | None
) -> None:
    facts = ReplyFacts(at("2025-09-30 10:00"), X, channel=channel, platform=platform)
    deadlines = reply_deadlines(facts, RULES, CAL)
    assert deadlines.window_closes is None
    assert deadlines.first_response == end(date(2025, 10, 9))


def test_urgent_private_message_keeps_the_earlier_hour() -> None:
    facts = ReplyFacts(
        at("2025-09-30 10:00"), H, Urgency.URGENT, MessageChannel.PRIVATE, Platform.WECHAT_SERVICE
    )
    assert reply_deadlines(facts, RULES, CAL).first_response == at("2025-09-30 11:00")


def test_extensions_are_capped_at_15_working_days_after_receipt() -> None:
    facts = ReplyFacts(at("2025-09-30 10:00"), X)
    deadlines = reply_deadlines(facts, RULES, CAL)
    # 15 WD after 30 Sep: 9, 10, 11(Sat), 13–17, 20–24, 27, 28 Oct.
    assert deadlines.extension_limit == end(date(2025, 10, 28))
    assert max_extension(facts, RULES, CAL) == 8
    assert check_extension(facts, 5, RULES, CAL) == end(date(2025, 10, 23))
    assert reply_deadlines(replace(facts, extension_workdays=5), RULES, CAL).answer == end(date(2025, 10, 23))
    assert check_extension(facts, 8, RULES, CAL) == end(date(2025, 10, 28))
    with pytest.raises(DeadlineError, match="最多可延期8个工作日"):
        check_extension(facts, 9, RULES, CAL)
    full = replace(facts, extension_workdays=8)
    with pytest.raises(DeadlineError, match="延期已达上限"):
        check_extension(full, 9, RULES, CAL)
    with pytest.raises(DeadlineError, match="正整数"):
        check_extension(facts, 0, RULES, CAL)
    # A stored extension beyond the cap (e.g. from an older profile) is still capped.
    assert reply_deadlines(replace(facts, extension_workdays=30), RULES, CAL).answer == end(
        date(2025, 10, 28)
    )


def test_a_consultation_may_be_extended_further_than_a_complaint() -> None:
    facts = ReplyFacts(at("2026-11-16 09:00"), C)
    assert max_extension(facts, RULES, CAL) == 10
    assert max_extension(replace(facts, category=X), RULES, CAL) == 8


def test_a_committed_date_replaces_the_default_and_stops_extensions() -> None:
    facts = ReplyFacts(at("2025-09-30 10:00"), X, committed_due=date(2025, 11, 5))
    deadlines = reply_deadlines(replace(facts, extension_workdays=3), RULES, CAL)
    assert deadlines.answer == end(date(2025, 11, 5))
    assert deadlines.answer_default == end(date(2025, 10, 16))
    earlier = reply_deadlines(replace(facts, committed_due=date(2025, 10, 9)), RULES, CAL)
    assert earlier.answer == end(date(2025, 10, 9)), "a promise to answer sooner is kept too"
    with pytest.raises(DeadlineError, match="承诺答复期限"):
        check_extension(facts, 2, RULES, CAL)
    assert check_commitment(facts, date(2025, 9, 30)) == end(date(2025, 9, 30))
    with pytest.raises(DeadlineError, match="不能早于收到日期"):
        check_commitment(facts, date(2025, 9, 29))


def test_escalations_after_30_days_and_3_months() -> None:
    deadlines = reply_deadlines(ReplyFacts(at("2025-09-30 10:00"), C), RULES, CAL)
    assert deadlines.escalate_at == end(date(2025, 10, 30))
    assert deadlines.long_unanswered_at == end(date(2025, 12, 30))
    due = deadlines.answer
    assert escalation(deadlines, due, at("2025-10-14 12:00")) is Escalation.NONE
    assert escalation(deadlines, due, at("2025-10-15 00:00")) is Escalation.OVERDUE
    assert escalation(deadlines, due, at("2025-10-31 00:00")) is Escalation.ESCALATE
    assert escalation(deadlines, due, at("2025-12-31 08:00")) is Escalation.LONG_UNANSWERED


def test_the_profile_decides_every_number() -> None:
    rules = replace(
        RULES,
        first_response=workdays(2),
        answer={**RULES.answer, X: workdays(10)},
        extension_cap=workdays(20),
        escalate_after=days(15),
        long_unanswered=months(2),
    )
    deadlines = reply_deadlines(ReplyFacts(at("2025-09-30 10:00"), X), rules, CAL)
    assert deadlines.first_response == end(date(2025, 10, 10))
    assert deadlines.answer == end(date(2025, 10, 21))
    assert deadlines.escalate_at == end(date(2025, 10, 15))
    assert deadlines.long_unanswered_at == end(date(2025, 11, 30))


def test_the_offices_own_holiday_table_moves_deadlines() -> None:
    """A local day off (the office's table wins over the national one) pushes the deadline on."""
    local = WorkCalendar([DayOverride(date(2025, 10, 9), False, "本地调整")])
    deadlines = reply_deadlines(ReplyFacts(at("2025-09-30 10:00"), X), RULES, local)
    assert deadlines.first_response == end(date(2025, 10, 10))
    assert deadlines.answer == end(date(2025, 10, 17))


def test_transfer_due_dates_count_working_days_from_the_day_sent() -> None:
    assert transfer_due(CAL, at("2025-09-30 15:00"), 5) == date(2025, 10, 14)
    assert transfer_due(CAL, date(2026, 2, 13), 1) == date(2026, 2, 14)


def test_span_end_by_unit() -> None:
    start = at("2026-01-31 10:00")
    assert span_end(CAL, start, hours(5)) == at("2026-01-31 15:00")
    assert span_end(CAL, start, days(1)) == end(date(2026, 2, 1))
    assert span_end(CAL, start, Span(1, TimeUnit.WEEK)) == end(date(2026, 2, 7))
    assert span_end(CAL, start, months(1)) == end(date(2026, 2, 28))


def test_next_due_is_the_first_response_until_given() -> None:
    first, answer = at("2026-11-17 23:00"), at("2026-11-23 23:00")
    assert next_due(True, False, first, answer) == first
    assert next_due(True, True, first, answer) == answer
    assert next_due(False, False, first, answer) is None
    assert next_due(True, False, answer, first) == first, "a committed date earlier than the first response"


# --------------------------------------------------------------------------- countdowns
NOW = at("2026-11-20 09:30")  # a Friday


@pytest.mark.parametrize(
    ("due", "state", "text"),
    [
        (end(date(2026, 11, 24)), DueState.ON_TIME, "剩余 2个工作日"),  # Mon 23, Tue 24
        (end(date(2026, 11, 23)), DueState.ON_TIME, "剩余 1个工作日"),
        (end(date(2026, 11, 20)), DueState.DUE_TODAY, "今天到期"),
        (at("2026-11-20 15:00"), DueState.DUE_TODAY, "今天 15:00 到期"),
        (at("2026-11-20 10:10"), DueState.DUE_TODAY, "剩余 40分钟"),
        (at("2026-11-21 09:00"), DueState.DUE_SOON, "剩余 23小时"),
        (end(date(2026, 11, 21)), DueState.ON_TIME, "剩余 1天"),  # a committed Saturday
        (at("2026-11-20 09:00"), DueState.OVERDUE, "逾期 30分钟"),
        (at("2026-11-20 04:00"), DueState.OVERDUE, "逾期 5小时"),
        # a deadline of working days is late by working days (issue 11: one unit everywhere, written)
        (end(date(2026, 11, 19)), DueState.OVERDUE, "逾期 1个工作日"),
        (end(date(2026, 11, 17)), DueState.OVERDUE, "逾期 3个工作日"),
        (end(date(2026, 11, 13)), DueState.OVERDUE, "逾期 5个工作日"),  # a weekend between: 7 days, 5 working
        (at("2026-11-17 10:00"), DueState.OVERDUE, "逾期 3天"),  # an hour deadline (紧急) counts days
    ],
)
def test_countdown_texts(due: datetime, state: DueState, text: str) -> None:
    shown = countdown(due, NOW, CAL)
    assert (shown.state, shown.text) == (state, text)


def test_countdown_counts_working_days_over_a_holiday() -> None:
    shown = countdown(end(date(2025, 10, 9)), at("2025-09-30 16:00"), CAL)
    assert shown.text == "剩余 1个工作日" and shown.state is DueState.ON_TIME


def test_outcome_of_finished_messages() -> None:
    due = end(date(2026, 11, 17))
    assert outcome(at("2026-11-17 16:00"), due, CAL).text == "按期答复"
    late = outcome(at("2026-11-20 10:00"), due, CAL)
    assert late.text == "逾期3个工作日答复" and late.state is DueState.OVERDUE


# --------------------------------------------------------------------------- properties
received_times = st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2026, 12, 31, 23, 59))
categories = st.sampled_from(list(MessageCategory))


@settings(max_examples=300, deadline=None)
@given(received=received_times, n=st.integers(min_value=1, max_value=25))
def test_a_working_day_deadline_is_never_on_a_non_working_day(received: datetime, n: int) -> None:
    deadline = span_end(CAL, received, workdays(n))
    assert CAL.is_workday(deadline.date())
    assert deadline.time() == END_OF_DAY
    assert CAL.count_workdays(received.date(), deadline.date()) == n


@settings(max_examples=300, deadline=None)
@given(
    received=received_times,
    n=st.integers(min_value=0, max_value=20),
    more=st.integers(min_value=0, max_value=10),
)
def test_more_working_days_never_give_an_earlier_deadline(received: datetime, n: int, more: int) -> None:
    assert span_end(CAL, received, workdays(n + more)) >= span_end(CAL, received, workdays(n))


@settings(max_examples=200, deadline=None)
@given(
    received=received_times,
    category=categories,
    urgent=st.booleans(),
    private=st.booleans(),
    extension=st.integers(min_value=0, max_value=30),
)
def test_reply_deadlines_hold_their_invariants(
    received: datetime, category: MessageCategory, urgent: bool, private: bool, extension: int
) -> None:
    facts = ReplyFacts(
        received,
        category,
        Urgency.URGENT if urgent else Urgency.NORMAL,
        MessageChannel.PRIVATE if private else MessageChannel.BOARD,
        Platform.WECHAT_SUBSCRIPTION,
        extension_workdays=extension,
    )
    d = reply_deadlines(facts, RULES, CAL)
    assert received < d.first_response <= d.first_response_rule
    assert d.first_response <= d.answer_default <= d.answer <= d.extension_limit
    assert CAL.is_workday(d.answer.date())
    if not urgent:
        assert CAL.is_workday(d.first_response_rule.date())
    if private:
        assert d.window_closes == received + timedelta(hours=48)
        assert d.first_response <= d.window_closes
    else:
        assert d.window_closes is None
    assert d.escalate_at < d.long_unanswered_at


@settings(max_examples=150, deadline=None)
@given(received=received_times, category=categories, a=st.integers(0, 20), b=st.integers(0, 20))
def test_a_longer_extension_never_gives_an_earlier_answer(
    received: datetime, category: MessageCategory, a: int, b: int
) -> None:
    low, high = sorted((a, b))
    facts = ReplyFacts(received, category)
    assert (
        reply_deadlines(replace(facts, extension_workdays=low), RULES, CAL).answer
        <= reply_deadlines(replace(facts, extension_workdays=high), RULES, CAL).answer
    )


@settings(max_examples=150, deadline=None)
@given(due=received_times, now=received_times)
def test_countdown_state_agrees_with_the_clock(due: datetime, now: datetime) -> None:
    shown = countdown(due, now, CAL)
    if now > due:
        assert shown.state is DueState.OVERDUE and shown.text.startswith("逾期")
    elif due.date() == now.date():
        assert shown.state is DueState.DUE_TODAY
    else:
        assert shown.state in (DueState.ON_TIME, DueState.DUE_SOON) and shown.text.startswith("剩余")


def test_time_of_day_does_not_matter_for_working_days() -> None:
    morning = reply_deadlines(ReplyFacts(datetime.combine(date(2025, 9, 30), time(0, 0)), X), RULES, CAL)
    night = reply_deadlines(ReplyFacts(datetime.combine(date(2025, 9, 30), time(23, 59)), X), RULES, CAL)
    assert morning.answer == night.answer and morning.first_response == night.first_response
