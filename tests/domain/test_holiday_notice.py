"""The State Council's notice as pasted, and dates as typed: the 2026 notice read back gives exactly the
built-in table; ranges across months, merged holidays, 元旦 from the year before, bad lines named."""

from __future__ import annotations

from datetime import date

import chinese_calendar
import pytest

from gmdesk.domain.holiday_notice import days_between, parse_notice, parse_typed_day, parse_typed_days

NOTICE_2026 = """国务院办公厅关于2026年部分节假日安排的通知
国办发明电〔2025〕7号
一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
三、清明节：4月4日（周六）至6日（周一）放假，共3天。
四、劳动节：5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周六）上班。
五、端午节：6月19日（周五）至21日（周日）放假，共3天。
六、中秋节：9月25日（周五）至27日（周日）放假，共3天。
七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。
节假日期间，各地区、各部门要妥善安排好值班和安全、保卫、疫情防控等工作。"""


def test_the_2026_notice_gives_the_built_in_table() -> None:
    notice = parse_notice(NOTICE_2026, 2000)
    assert (notice.year, notice.source, notice.problems, notice.missing()) == (
        2026,
        "国办发明电〔2025〕7号",
        (),
        [],
    )
    assert [h.name for h in notice.holidays] == [
        "元旦",
        "春节",
        "清明节",
        "劳动节",
        "端午节",
        "中秋节",
        "国庆节",
    ]
    off = {d for h in notice.holidays for d in h.days_off}
    work = {d for h in notice.holidays for d in h.workdays}
    assert off == {d for d in chinese_calendar.holidays if d.year == 2026}
    assert work == {d for d in chinese_calendar.workdays if d.year == 2026}
    assert (
        notice.holidays[1].describe()
        == "春节：2月15日至2月23日放假，共9天；2月14日（星期六）、2月28日（星期六）上班"
    )


def test_ranges_across_months_merged_holidays_and_a_new_year_from_december() -> None:
    notice = parse_notice(
        "春节：1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休，共8天。1月26日（周日）、"
        "2月8日（周六）上班。\n八、国庆节、中秋节：10月1日（周三）至8日（周三）放假调休，共8天。\n"
        "元旦：12月30日至1月1日放假调休，共3天。",
        2025,
    )
    spring, national, new_year = notice.holidays
    assert (spring.days_off[0], spring.days_off[-1], len(spring.days_off)) == (
        date(2025, 1, 28),
        date(2025, 2, 4),
        8,
    )
    assert spring.workdays == (date(2025, 1, 26), date(2025, 2, 8))
    assert len(national.days_off) == 8 and new_year.days_off[0] == date(2024, 12, 30)
    assert notice.missing() == ["清明节", "劳动节", "端午节"]


def test_a_line_without_its_month_is_named() -> None:
    notice = parse_notice("一、元旦：1日至3日放假", 2027)
    assert notice.holidays == () and "缺少月份" in notice.problems[0]


@pytest.mark.parametrize(
    "typed",
    [
        "2027-02-06",
        "2027/2/6",
        "2027.2.6",
        "2027年2月6日",
        "20270206",
        "2月6日",
        "02-06",
        "2-6",
        " 2月6日（星期六） ",
    ],
)
def test_a_day_typed_any_usual_way(typed: str) -> None:
    assert parse_typed_day(typed, 2027) == date(2027, 2, 6)


def test_the_end_of_a_range_and_several_days() -> None:
    assert parse_typed_day("12日", 2027, 2) == date(2027, 2, 12)
    assert parse_typed_days("2月14日（星期日）、2月20日（星期六）", 2027) == [
        date(2027, 2, 14),
        date(2027, 2, 20),
    ]
    assert parse_typed_days("2027-09-26，10-09", 2027) == [date(2027, 9, 26), date(2027, 10, 9)]
    with pytest.raises(ValueError, match="不是日期"):
        parse_typed_day("下周一", 2027)
    with pytest.raises(ValueError, match="不是有效的日期"):
        parse_typed_day("2027-02-30", 2027)
    with pytest.raises(ValueError, match="早于"):
        days_between(date(2027, 2, 12), date(2027, 2, 6))


def test_a_paste_that_lost_its_line_breaks() -> None:
    flat = NOTICE_2026.replace("\n", "")
    notice = parse_notice(flat, 2026)
    assert [h.name for h in notice.holidays] == [
        "元旦",
        "春节",
        "清明节",
        "劳动节",
        "端午节",
        "中秋节",
        "国庆节",
    ]
    assert notice.holidays[6].workdays == (date(2026, 9, 20), date(2026, 10, 10))
