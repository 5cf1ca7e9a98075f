"""The inspection engine on a county whose 2025 figures are known by hand (tests/services/inspection_data.py)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from gmdesk.domain.enums import AccountState
from gmdesk.domain.errors import UserError
from gmdesk.domain.indicators import SAMPLE_PROVINCE, IndicatorSet
from gmdesk.domain.platforms import Platform
from gmdesk.domain.report_period import custom_period, quarter_period, year_period
from gmdesk.services import inspection_sets
from gmdesk.services.inspection import inspect
from gmdesk.store.database import Database
from gmdesk.store.models import Account
from tests.services.inspection_data import NOW, build_county


def test_the_year_by_hand(database: Database) -> None:
    county = build_county(database)
    with database.session() as session:
        result = inspect(session, year_period(2025), NOW)
    rows = {r.name: r for r in result.accounts}
    assert set(rows) == {"甲发布", "乙发布", "丙发布", "戊发布"}  # 丁发布 was never open
    jia, yi, bing, wu = rows["甲发布"], rows["乙发布"], rows["丙发布"], rows["戊发布"]
    assert (jia.posts, jia.originals, jia.reviewed, jia.longest_gap, jia.gap_breaches) == (37, 19, 36, 10, 0)
    assert (yi.posts, yi.longest_gap, yi.gap_breaches) == (3, 265, 2)
    assert (bing.posts, bing.longest_gap, bing.gap_breaches) == (2, 27, 1)
    assert (wu.posts, wu.originals, wu.longest_gap, wu.gap_breaches) == (73, 0, 5, 0)
    assert sum(jia.months) == 37 and jia.months[0] == 4  # 1, 11, 21, 31 January
    assert (jia.received, jia.due, jia.on_time, jia.open_long) == (4, 4, 2, 1)
    assert (yi.repost_due, yi.repost_missed, jia.repost_missed) == (1, 1, 0)
    assert jia.incidents == 1 and jia.filings_late == 1 and yi.filings_late == 1 and bing.filings_late == 0
    assert jia.password_overdue and yi.password_overdue and not wu.password_overdue

    # verdicts against the national vetoes
    assert [r.name for r in result.accounts if r.verdict and r.verdict.passed] == ["戊发布"]
    assert {b.indicator.key for b in jia.verdict.breaches} == {"SECURITY", "OPEN_LONG"}  # type: ignore[union-attr]
    assert {b.indicator.key for b in yi.verdict.breaches} == {"UPDATE_GAP", "NO_INTERACTION"}  # type: ignore[union-attr]
    assert "最长连续265天未更新" in " ".join(yi.verdict.reasons())  # type: ignore[union-attr]

    o = result.overview
    assert (o.accounts, o.opened, o.changed, o.closed, o.passed, o.failed) == (4, 1, 1, 1, 1, 3)
    assert dict(o.by_state) == {"拟开设": 1, "运行中(已备案)": 3, "已关停": 1}
    filings = {f.kind: f for f in o.filings}
    assert (filings["开设备案"].total, filings["开设备案"].late) == (1, 1)
    assert (filings["变更备案"].total, filings["变更备案"].overdue) == (1, 1)  # the withdrawn one is left out
    assert (filings["注销备案"].total, filings["注销备案"].on_time) == (1, 1)

    p = result.posting
    assert (p.posts, p.originals, p.longest_gap, p.longest_gap_account, p.accounts_gap_veto) == (
        115,
        22,
        265,
        "乙发布",
        2,
    )
    assert (p.repost_tasks, p.repost_due, p.repost_on_time, p.repost_missed) == (1, 2, 1, 1)
    assert sum(n for _, n in p.months) == 115

    r = result.replies
    assert (r.received, r.answered, r.due, r.on_time, r.open_long) == (5, 4, 5, 3, 1)
    assert {c.category: c.received for c in r.by_category} == {
        "咨询": 2,
        "建议": 1,
        "投诉": 1,
        "求助": 1,
        "其他": 0,
    }
    assert sum(m[1] for m in r.months) == r.due and sum(m[2] for m in r.months) == r.on_time

    s = result.security
    assert (s.published, s.reviewed, s.rotations, s.accounts_rotated, s.handovers) == (115, 114, 2, 1, 1)
    assert [(i.account, i.kind) for i in s.incidents] == [("甲发布", "被盗号")]
    assert s.password_overdue == 2 and s.without_custodian == 2

    assert [x.problem for x in result.rectifications] == [
        "乙发布连续两周未更新"
    ]  # last year's done item left out
    assert {(f.account, f.severity.value) for f in result.findings} >= {
        ("乙发布", "veto"),
        ("丙发布", "veto"),
    }
    assert all(f.date == date(2025, 12, 31) and f.account_id for f in result.findings)
    assert county.ding not in {r.id for r in result.accounts}


def test_one_unit_and_a_quarter(database: Database) -> None:
    county = build_county(database)
    with database.session() as session:
        unit = inspect(session, year_period(2025), NOW, unit_id=county.second_unit)
        quarter = inspect(session, quarter_period(2025, 1), NOW)
    assert unit.scope == "青岚县第二单位"
    assert sorted(r.name for r in unit.accounts) == ["丙发布", "戊发布"]
    assert unit.replies.received == 0 and unit.posting.posts == 75
    assert unit.rectifications == ()  # 乙发布's item belongs to the first unit
    assert quarter.period.label == "2025年第一季度"
    rows = {r.name: r for r in quarter.accounts}
    assert rows["甲发布"].posts == 9  # 1 Jan … 21 Mar, every 10 days
    assert rows["乙发布"].longest_gap == 26  # 10 Apr is after the quarter; the gap runs to 31 Mar: 26 days
    assert len(quarter.posting.months) == 3


def test_a_period_still_running_stops_today(database: Database) -> None:
    build_county(database)
    with database.session() as session:
        running = inspect(
            session, custom_period(date(2025, 12, 1), date(2026, 12, 31)), datetime(2025, 12, 31, 9)
        )
    assert running.last_day == date(2025, 12, 31)
    assert running.notes and "截至2025年12月31日" in running.notes[0]


def test_a_province_table_as_data(database: Database) -> None:
    build_county(database)
    table = SAMPLE_PROVINCE.to_dict()
    table["name"] = "某省考核细则"
    table["indicators"].append(
        {
            "key": "POSTS",
            "title": "发布量不足",
            "figure": "posts",
            "limit": 100,
            "compare": "min",
            "points": 50,
        }
    )
    with database.session() as session:
        inspection_sets.save_set(session, IndicatorSet.from_dict(table), "张三")
    with database.session() as session:
        chosen = inspection_sets.find_set(session, "某省考核细则")
        result = inspect(session, year_period(2025), NOW, indicators=chosen)
    wu = next(r for r in result.accounts if r.name == "戊发布")
    # 原创率 0 (−10) and 73 posts < 100 (−50): 40 points, below 60
    assert wu.verdict is not None and wu.verdict.score == 40 and not wu.verdict.passed
    assert result.indicator_set == "某省考核细则"
    with database.session() as session, pytest.raises(UserError, match="没有名为"):
        inspection_sets.find_set(session, "不存在的体系")


def test_an_earlier_period_shows_the_ledger_as_it_stood_then(database: Database) -> None:
    county = build_county(database)
    with database.session() as session:
        wu = session.get(Account, county.wu)
        wu.state, wu.notice_on, wu.canceled_on = AccountState.CANCELED, date(2026, 1, 10), date(2026, 2, 10)
        session.add(
            Account(
                unit_id=county.first_unit,
                name="己发布",
                platform=Platform.DOUYIN,
                state=AccountState.APPLYING,
                applied_on=date(2026, 1, 5),
            )
        )
        session.add(
            Account(
                unit_id=county.second_unit,
                name="庚发布",
                platform=Platform.WEIBO,
                state=AccountState.RUNNING,
                opened_on=date(2025, 12, 26),
                filed_on=date(2026, 1, 4),
                filing_number="青政新媒〔2026〕001号",
            )
        )
        session.add(
            Account(
                unit_id=county.second_unit,
                name="辛发布",
                platform=Platform.KUAISHOU,
                state=AccountState.PROPOSED,
                created_at=datetime(2026, 1, 20, 9),
            )
        )

    with database.session() as session:
        year = inspect(session, year_period(2025), NOW)
        quarter = inspect(session, custom_period(date(2026, 1, 1), date(2026, 2, 28)), NOW)

    # on 2025-12-31 戊发布 was still running, 己发布 not yet applied for and 辛发布 not yet entered (拟开设 is 丁发布)
    assert dict(year.overview.by_state) == {
        "拟开设": 1,
        "已开设(待备案)": 1,
        "运行中(已备案)": 3,
        "已关停": 1,
    }
    assert {r.name: r.state for r in year.accounts}["戊发布"] == "运行中(已备案)"
    # 庚发布 opened at the end of 2025 and was filed in 2026: not yet filed in the 2025 report
    geng_2025 = next(r for r in year.accounts if r.name == "庚发布")
    assert (geng_2025.state, geng_2025.filing) == ("已开设(待备案)", "待备案")
    geng_2026 = next(r for r in quarter.accounts if r.name == "庚发布")
    assert (geng_2026.state, geng_2026.filing) == ("运行中(已备案)", "已备案（青政新媒〔2026〕001号）")
    assert dict(quarter.overview.by_state) == {
        "拟开设": 2,
        "申请中": 1,
        "运行中(已备案)": 3,
        "已注销(待关停备案)": 1,
        "已关停": 1,
    }
    assert {r.name: r.state for r in quarter.accounts}["戊发布"] == "已注销(待关停备案)"
