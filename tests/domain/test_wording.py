"""错敏 screening rules: the shipped lexicon loads, hits carry the right form and the original positions,
exceptions (the entry's and the office's), start dates, 原…, nested hits; silent on the demo's correct text."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gmdesk.domain.enums import Severity, WordingCategory
from gmdesk.domain.errors import UserError
from gmdesk.domain.findings import RuleId
from gmdesk.domain.wording import Lexicon, ScreenedPost, make_entry, parse_lexicon, wording_findings
from gmdesk.paths import resources_dir
from gmdesk.services.demo.titles import TOPICS, TitleMaker

LEXICON = parse_lexicon((resources_dir() / "wording" / "lexicon.tsv").read_text(encoding="utf-8"))
SHIPPED = Lexicon(LEXICON)
DAY = date(2026, 3, 2)


def found(text: str, lexicon: Lexicon = SHIPPED, on: date | None = DAY) -> list[tuple[str, str]]:
    return [(h.found, h.right) for h in lexicon.scan(text, on)]


def test_the_shipped_lexicon_covers_every_category_with_sources() -> None:
    counts = Counter(e.category for e in LEXICON)
    assert counts[WordingCategory.TYPO] >= 100 and counts[WordingCategory.OUTDATED] >= 50
    assert counts[WordingCategory.SERIOUS] >= 20 and counts[WordingCategory.BANNED] >= 20
    sources = (resources_dir() / "wording" / "SOURCES.md").read_text(encoding="utf-8")
    for code in {e.source for e in LEXICON}:
        assert f"| {code} |" in sources, code
    assert len({e.wrong for e in LEXICON}) == len(LEXICON)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("截止目前，全县已完成任务", [("截止目前", "截至目前")]),
        ("各村再接再励，确保如期完成", [("再接再励", "再接再厉")]),
        ("请登陆系统查询", [("登陆系统", "登录系统")]),
        ("国家工商总局发布新规", [("国家工商总局", "国家市场监督管理总局")]),
        ("中国银保监会青岚分局", [("中国银保监会", "国家金融监督管理总局")]),  # one hit, not also 保监会
        ("香港政府发布通告", [("香港政府", "香港特区政府")]),
        ("助农直播：全网最低价", [("全网最低价", "删除（不得使用绝对化用语）")]),
    ],
)
def test_hits_name_the_right_form(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "县环保部门开展执法检查",  # 环保部 inside its exception
        "原国家工商总局旧址修缮完工",  # the institution as it was
        "按排名先后公布名单",
        "截至目前，全县已完成任务",
        "钓鱼台国宾馆",
    ],
)
def test_correct_text_is_not_flagged(text: str) -> None:
    assert found(text) == []


def test_positions_are_those_of_the_original_text_with_quotes() -> None:
    (hit,) = SHIPPED.scan("推进“十四五”规划实施", date(2026, 1, 1))
    assert (hit.start, hit.end, hit.found) == (3, 9, "十四五”规划")
    assert hit.category is WordingCategory.OUTDATED and hit.severity is Severity.WARNING
    assert SHIPPED.scan("推进“十四五”规划实施", date(2025, 12, 31)) == []  # still the current plan then


def test_office_entries_and_exceptions() -> None:
    office = make_entry("青岚县政府办", "青岚县人民政府办公室", "过时表述", office=True)
    lexicon = Lexicon([*LEXICON, office], exceptions=["钓鱼台村", "特供"])
    assert found("青岚县政府办召开会议", lexicon) == [("青岚县政府办", "青岚县人民政府办公室")]
    assert found("到钓鱼台村调研", lexicon) == [] and found("到钓鱼台调研", lexicon) == [("钓鱼台", "钓鱼岛")]
    assert found("特供产品", lexicon) == []  # an exception equal to a wrong form switches the entry off


def test_entries_are_checked() -> None:
    with pytest.raises(UserError, match="不能与错误表述相同"):
        make_entry("作为", "作为", "错别字")
    with pytest.raises(UserError, match="不是有效的取值"):
        make_entry("做为", "作为", "笔误")
    with pytest.raises(UserError, match="不含错误表述"):
        make_entry("环保部", "生态环境部", "过时表述", exceptions=["环境部门"])
    with pytest.raises(UserError, match="第2行"):
        parse_lexicon("做为\t作为\t错别字\n错字\t\t未知类别\n")


def test_a_finding_per_unmarked_post_as_severe_as_its_worst_hit() -> None:
    at = datetime(2026, 3, 2, 9, 0)
    posts = [
        ScreenedPost(1, 7, "青岚发布", at, "截止目前，台湾总统…"),
        ScreenedPost(2, 7, "青岚发布", at, "截止目前全县…", mark=None),
        ScreenedPost(3, 7, "青岚发布", at, "全县经济运行平稳"),
    ]
    first, second = wording_findings(posts, SHIPPED)
    assert first.rule == RuleId.WORDING and first.severity is Severity.VIOLATION and first.subject == "post:1"
    assert "“台湾总统”应为“台湾地区领导人”（严重表述错误）" in first.message
    assert second.severity is Severity.WARNING and "《截止目前全县…》" in second.message


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    domain=st.sampled_from(sorted(TOPICS)),
    township=st.booleans(),
    day=st.dates(date(2024, 1, 1), date(2027, 12, 31)),
    count=st.integers(1, 12),
)
def test_random_correct_text_from_the_demo_is_never_flagged(
    seed: int, domain: str, township: bool, day: date, count: int
) -> None:
    rng = random.Random(seed)
    maker = TitleMaker(rng, "城关镇" if township else "县教育局", domain, township, "青岚发布")
    titles = [
        maker.original(day, holiday=rng.random() < 0.2)[0] if rng.random() < 0.7 else maker.repost(day)[0]
        for _ in range(count)
    ]
    text = "。".join(titles)
    assert SHIPPED.scan(text, day) == [], text
