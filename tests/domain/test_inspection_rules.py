"""Pure rules of the inspection: periods, the longest gap, filing timeliness, indicator sets and verdicts."""

from __future__ import annotations

import itertools
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gmdesk.domain.enums import Severity
from gmdesk.domain.errors import UserError
from gmdesk.domain.indicators import FIGURES, NATIONAL, SAMPLE_PROVINCE, Indicator, IndicatorSet, judge
from gmdesk.domain.inspection import (
    AccountRow,
    FilingOutcome,
    Narrative,
    filing_outcome,
    longest_gap,
    verdict_findings,
)
from gmdesk.domain.report_period import ReportPeriod, custom_period, quarter_period, year_period


def o(y: int, m: int, d: int) -> int:
    return date(y, m, d).toordinal()


def test_periods() -> None:
    year = year_period(2026)
    assert (year.start, year.end, year.label) == (date(2026, 1, 1), date(2026, 12, 31), "2026年度")
    assert year.month_labels()[0] == "1月" and len(year.months()) == 12
    assert quarter_period(2026, 4).end == date(2026, 12, 31)
    assert quarter_period(2026, 1).end == date(2026, 3, 31)
    assert custom_period(date(2025, 12, 1), date(2026, 1, 31)).month_labels() == ["2025-12", "2026-01"]
    assert year.until(date(2026, 11, 20)) == date(2026, 11, 20) and year.until(date(2027, 2, 1)) == year.end
    assert ReportPeriod.from_json(year.to_json()) == year
    with pytest.raises(UserError, match="季度"):
        quarter_period(2026, 5)
    with pytest.raises(UserError, match="结束日期"):
        custom_period(date(2026, 2, 1), date(2026, 1, 1))


@pytest.mark.parametrize(
    ("days", "floor", "first", "last", "opened", "expected"),
    [
        # the national example: last post 6 Nov, checked 20 Nov → 14 days
        ([], o(2026, 11, 6), o(2026, 11, 10), o(2026, 11, 20), None, 14),
        ([o(2026, 1, 5), o(2026, 1, 9)], o(2025, 12, 30), o(2026, 1, 1), o(2026, 1, 10), None, 6),
        ([o(2026, 3, 5)], None, o(2026, 1, 1), o(2026, 3, 31), o(2026, 3, 1), 26),  # opened in the period
        ([], None, o(2026, 1, 1), o(2026, 1, 31), o(2026, 2, 1), None),  # opened after it
        (
            [o(2026, 1, 2)],
            o(2025, 1, 1),
            o(2026, 1, 1),
            o(2026, 1, 3),
            o(2025, 6, 1),
            215,
        ),  # floor before opening
    ],
)
def test_longest_gap(
    days: list[int], floor: int | None, first: int, last: int, opened: int | None, expected: int | None
) -> None:
    assert longest_gap(days, floor, first, last, opened) == expected


@given(st.lists(st.integers(0, 365), unique=True), st.integers(1, 60))
def test_longest_gap_properties(offsets: list[int], lead: int) -> None:
    first, last = 1000, 1365
    days = sorted(first + x for x in offsets)
    gap = longest_gap(days, first - lead, first, last, None)
    assert gap is not None
    # every gap between consecutive publishing days (and the trailing one) is at most the longest …
    points = [first - lead, *days, last]
    assert all(b - a <= gap for a, b in itertools.pairwise(points))
    # … and the longest is one of them
    assert gap in {b - a for a, b in itertools.pairwise(points)}
    # publishing every day leaves no gap longer than a day (after the lead-in)
    assert longest_gap(list(range(first, last + 1)), first - 1, first, last, None) == 1


def test_filing_outcome() -> None:
    due = date(2026, 3, 6)
    assert filing_outcome(due, date(2026, 3, 6), date(2026, 4, 1)) is FilingOutcome.ON_TIME
    assert filing_outcome(due, date(2026, 3, 9), date(2026, 4, 1)) is FilingOutcome.LATE
    assert filing_outcome(due, None, date(2026, 3, 7)) is FilingOutcome.OVERDUE
    assert filing_outcome(due, None, date(2026, 3, 6)) is FilingOutcome.OPEN
    assert filing_outcome(None, None, date(2030, 1, 1)) is FilingOutcome.OPEN


def _row(**figures: object) -> AccountRow:
    base = dict(
        id=1,
        name="青岚发布",
        platform="微博",
        platform_account_id="",
        unit="县政府办",
        verified_entity="",
        opened_on=date(2020, 1, 1),
        ops_mode="自行运维",
        principal="",
        admin="",
        filing="",
        followers=0,
        state="运行中(已备案)",
        posts=100,
        originals=50,
        reviewed=100,
    )
    base.update(figures)
    return AccountRow(**base)  # type: ignore[arg-type]


def test_national_vetoes() -> None:
    assert judge(_row().figures(), NATIONAL).passed
    broken = judge(_row(gap_breaches=2, longest_gap=30, interaction_enabled=False).figures(), NATIONAL)
    assert not broken.passed and broken.score is None
    assert {b.indicator.key for b in broken.vetoes} == {"UPDATE_GAP", "NO_INTERACTION"}
    assert "2次连续14天以上未更新，最长连续30天未更新" in broken.reasons()[0] + broken.reasons()[1]


def test_province_scores() -> None:
    # 原创率 20% (−10), 3 repost duties missed (2 each, at most 10: −6), 按期答复率 50% (−15)
    row = _row(originals=20, repost_missed=3, due=10, on_time=5)
    verdict = judge(row.figures(), SAMPLE_PROVINCE)
    assert verdict.score == 100 - 10 - 6 - 15 and verdict.passed
    assert any("扣6分" in reason for reason in verdict.reasons())
    # capped: 8 missed duties cost 10, not 16
    assert judge(_row(repost_missed=8).figures(), SAMPLE_PROVINCE).score == 90
    # nothing fell due: the reply rate is not judged
    assert judge(_row(due=0).figures(), SAMPLE_PROVINCE).score == 100
    failing = judge(
        _row(
            originals=0, repost_missed=9, due=4, on_time=0, reviewed=10, password_overdue=True, filings_late=2
        ).figures(),
        SAMPLE_PROVINCE,
    )
    assert failing.score == 100 - 10 - 10 - 15 - 10 - 5 - 6 and not failing.passed


@given(st.integers(0, 20), st.integers(0, 20), st.booleans())
def test_scores_never_rise_with_more_problems(missed: int, late: int, veto: bool) -> None:
    worse = judge(
        _row(repost_missed=missed + 1, filings_late=late + 1, incidents=1 if veto else 0).figures(),
        SAMPLE_PROVINCE,
    )
    better = judge(_row(repost_missed=missed, filings_late=late).figures(), SAMPLE_PROVINCE)
    assert worse.score is not None and better.score is not None
    assert 0 <= worse.score <= better.score <= 100
    assert not (veto and worse.passed)


def test_sets_round_trip_and_refuse_bad_data() -> None:
    assert IndicatorSet.from_dict(SAMPLE_PROVINCE.to_dict()) == SAMPLE_PROVINCE
    with pytest.raises(ValueError, match="缺少名称"):
        IndicatorSet.from_dict({"indicators": []})
    with pytest.raises(ValueError, match="第1项指标读取的数据项“点赞数”不存在"):
        IndicatorSet.from_dict({"name": "某省", "indicators": [{"figure": "点赞数", "limit": 1}]})
    with pytest.raises(ValueError, match="比较方式"):
        IndicatorSet.from_dict(
            {"name": "某省", "indicators": [{"figure": "posts", "limit": 1, "compare": "<"}]}
        )
    with pytest.raises(ValueError, match="不是数字"):
        IndicatorSet.from_dict({"name": "某省", "indicators": [{"figure": "posts", "limit": "很多"}]})
    assert all(i.figure in FIGURES for s in (NATIONAL, SAMPLE_PROVINCE) for i in s.indicators)


def test_findings_of_a_verdict() -> None:
    row = _row(incidents=1)
    verdict = judge(row.figures(), NATIONAL)
    (finding,) = verdict_findings(row, verdict, date(2026, 12, 31))
    assert finding.rule == "SECURITY_INCIDENT" and finding.severity is Severity.VETO
    assert (
        finding.account == "青岚发布" and finding.account_id == 1 and finding.subject == "inspection:SECURITY"
    )
    assert finding.to_json()["message"].startswith("安全、泄密等严重问题：统计期内发生安全事件1起")
    default = Indicator("X", "发布量", "posts", 200, compare="min")
    assert default.describe(100, {}) == "信息发布量100条（要求不低于200条）"


def test_narrative_round_trip() -> None:
    narrative = Narrative("青岚县", "一是……", "无", "张三", "李四", "王五", "0871-1", date(2026, 11, 30))
    assert Narrative.from_json(narrative.to_json()) == narrative
    assert Narrative.from_json(None) == Narrative()
