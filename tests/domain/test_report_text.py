"""Pure rules behind the documents of issue 13: 公文 text, the office's order of units, the ledger on a past day,
the drafts of 七、整改情况 and 八、下一步工作安排, the 通报's ranking and 主送."""

from __future__ import annotations

from datetime import date

import pytest

from gmdesk.domain.enums import AccountState, RectificationState, Severity, UnitType
from gmdesk.domain.findings import Finding, rule_title
from gmdesk.domain.inspection import AccountRow, Inspection, Narrative, PlanRow, RectificationRow
from gmdesk.domain.lifecycle import state_on
from gmdesk.domain.notice import default_recipients, unit_figures
from gmdesk.domain.official_text import chinese_date, display_width, in_text, parse_day, sentence, title_lines
from gmdesk.domain.report_drafts import draft_next_steps, draft_plans
from gmdesk.domain.unit_order import unit_order_key


def test_official_text() -> None:
    assert chinese_date(date(2026, 1, 5)) == "2026年1月5日"
    assert in_text("截至2025-12-31，政务客户端(APP)") == "截至2025年12月31日，政务客户端（APP）"
    assert sentence("1.青岚发布：未更新") == "1.青岚发布：未更新。" and sentence("已完成。") == "已完成。"
    assert display_width("青岚") == 2 and display_width("12月22日") == pytest.approx(4.95)  # autospace
    assert parse_day("2026年2月12日前") == date(2026, 2, 12) == parse_day("2026-02-12")
    assert parse_day("  ") is None
    with pytest.raises(ValueError, match="不是日期"):
        parse_day("下周五")
    assert (
        rule_title("UPDATE_GAP") == "连续两周未更新" and rule_title("THREE_REVIEWS") == "三审制度落实不到位"
    )
    # a long title breaks between words, into two lines as even as possible
    assert title_lines("青岚县2025年度政务新媒体自查报告") == "青岚县2025年度政务新媒体自查报告"
    assert (
        title_lines("关于2025年第三季度全县政务新媒体检查情况的通报")
        == "关于2025年第三季度全县\n政务新媒体检查情况的通报"
    )
    assert title_lines("青岚县人力资源和社会保障局2025年第三季度政务新媒体自查报告") == (
        "青岚县人力资源和社会保障局\n2025年第三季度政务新媒体自查报告"
    )


def test_units_in_the_office_order_else_administrative_order() -> None:
    units = [
        (None, UnitType.DEPARTMENT, 2, "县教育局"),
        (None, UnitType.TOWNSHIP, 5, "白沙镇"),
        (None, UnitType.COUNTY_OFFICE, 9, "县政府办"),
        (None, UnitType.TOWNSHIP, 3, "城关镇"),
    ]
    assert [u[3] for u in sorted(units, key=lambda u: unit_order_key(*u[:3]))] == [
        "县政府办",
        "城关镇",
        "白沙镇",
        "县教育局",
    ]
    placed = [(2, UnitType.DEPARTMENT, 2, "县教育局"), (1, UnitType.TOWNSHIP, 5, "白沙镇"), *units[2:]]
    assert [u[3] for u in sorted(placed, key=lambda u: unit_order_key(*u[:3]))] == [
        "白沙镇",
        "县教育局",
        "县政府办",
        "城关镇",
    ]


def test_an_account_entered_after_the_day_was_not_in_the_ledger_then() -> None:
    day = date(2025, 12, 31)
    assert state_on(day, AccountState.PROPOSED, entered_on=date(2026, 1, 8)) is None
    assert state_on(day, AccountState.PROPOSED, entered_on=date(2025, 6, 1)) is AccountState.PROPOSED
    # a ledger imported later keeps its accounts' own dates
    assert (
        state_on(
            day,
            AccountState.RUNNING,
            opened_on=date(2020, 1, 1),
            filed_on=date(2020, 1, 5),
            entered_on=date(2026, 1, 8),
        )
        is AccountState.RUNNING
    )


def _account(
    id_: int, unit: str, name: str, posts: int = 10, gaps: int = 0, principal: str = ""
) -> AccountRow:
    return AccountRow(
        id=id_,
        name=name,
        platform="微博",
        platform_account_id="",
        unit=unit,
        verified_entity="",
        opened_on=date(2024, 1, 1),
        ops_mode="自行运维",
        principal=principal,
        admin="",
        filing="",
        followers=0,
        state="运行中(已备案)",
        posts=posts,
        originals=posts // 2,
        gap_breaches=gaps,
    )


def _inspection(
    accounts: list[AccountRow], findings: list[Finding], items: list[RectificationRow]
) -> Inspection:
    from gmdesk.domain.inspection import Overview, PostingSummary, ReplySummary, SecuritySummary
    from gmdesk.domain.report_period import year_period

    posting = PostingSummary(0, 0, (), None, "", 14, 0, 0, 0, 0, 0, 0)
    replies = ReplySummary(0, 0, 0, 0, 0, 0, None, None, 0, 0, (), ())
    security = SecuritySummary(0, 0, 0, 0, (), 0, 0, 0, 0, 0)
    overview = Overview(len(accounts), (), (), 0, 0, 0, (), 0, 0)
    return Inspection(
        year_period(2025),
        "全县",
        None,
        date(2026, 1, 15),
        "国办单项否决指标",
        overview,
        tuple(accounts),
        posting,
        replies,
        security,
        tuple(findings),
        tuple(items),
    )


def test_七_answers_六_from_the_ledger_or_a_draft_and_keeps_the_clerks_words() -> None:
    accounts = [_account(1, "县教育局", "青岚教育", principal="王局长"), _account(2, "城关镇", "城关镇发布")]
    day = date(2025, 12, 31)
    findings = [
        Finding("UPDATE_GAP", Severity.VETO, "青岚教育", day, "内容不更新：统计期内1次连续14天以上未更新", 1),
        Finding("NO_INTERACTION", Severity.VETO, "城关镇发布", day, "互动回应差：留言功能未开通", 2),
    ]
    items = [
        RectificationRow(
            7,
            "城关镇发布",
            "城关镇发布未开通互动",
            "开通留言",
            "李四",
            date(2026, 1, 31),
            RectificationState.IN_PROGRESS.label,
            None,
            "自查发现",
            2,
            "",
        ),
        RectificationRow(
            8, "青岚教育", "错别字", "更正", "", None, "已完成", date(2025, 5, 1), "上级通报", 1, "WORDING"
        ),
    ]
    inspection = _inspection(accounts, findings, items)
    plans = draft_plans(inspection, date(2026, 2, 12))
    assert [p.key for p in plans] == ["1:UPDATE_GAP", "2:NO_INTERACTION"]
    assert (
        plans[0].responsible == "王局长"
        and plans[0].due_on == date(2026, 2, 12)
        and plans[0].state == "待整改"
    )
    assert (
        plans[0].measure.startswith("明确专人负责内容更新") and plans[0].item_id is None
    )  # 错别字 is not it
    assert (plans[1].measure, plans[1].responsible, plans[1].state, plans[1].item_id) == (
        "开通留言",
        "李四",
        "整改中",
        7,
    )
    edited = PlanRow("1:UPDATE_GAP", "", "每周巡查", "赵六", date(2026, 3, 1), "整改中")
    again = draft_plans(inspection, date(2026, 2, 12), [edited])
    assert (again[0].measure, again[0].responsible, again[0].problem) == (
        "每周巡查",
        "赵六",
        plans[0].problem,
    )
    steps = draft_next_steps(inspection)
    assert steps.startswith("一是针对1个账号更新不及时的问题") and "二是针对1个账号未开通互动功能" in steps
    clean = draft_next_steps(_inspection(accounts, [], []))
    assert "整改" not in clean and clean.startswith("一是持续压实主体责任")
    assert Narrative.from_json(Narrative(plans=(edited,)).to_json()).plans == (edited,)


def test_the_notices_ranking_puts_a_vetoed_unit_last_and_its_主送_every_unit() -> None:
    accounts = [
        _account(1, "县政府办", "青岚发布", posts=50),
        _account(2, "城关镇", "城关镇发布", posts=90, gaps=1),
        _account(3, "县教育局", "青岚教育", posts=70),
        _account(4, "县教育局", "教育二号", posts=5),
    ]
    rows = unit_figures(accounts, vetoed_units={"城关镇"})
    assert [(u.unit, u.posts, u.timely, u.rank) for u in rows] == [
        ("县政府办", 50, True, 2),
        ("城关镇", 90, False, 3),
        ("县教育局", 75, True, 1),
    ]
    assert (
        default_recipients([UnitType.COUNTY_OFFICE, UnitType.TOWNSHIP, UnitType.DEPARTMENT])
        == "各乡镇人民政府，县直各有关单位"
    )
    assert default_recipients([UnitType.DEPARTMENT]) == "县直各有关单位"
