"""Reply metrics: 按期答复率, average times and overdue counts for a period, by account, unit and category."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from gmdesk.domain.enums import MessageCategory
from gmdesk.domain.errors import UserError
from gmdesk.services import inbox_actions
from gmdesk.services.reply_metrics import percent, reply_metrics
from gmdesk.store.database import Database
from tests.services.test_inbox_actions import enter, make_office


def answer(database: Database, message_id: int, at: datetime, first: datetime | None = None) -> None:
    with database.session() as session:
        if first is not None:
            inbox_actions.save_reply(session, message_id, "已收到", final=False, operator="张三", at=first)
        inbox_actions.save_reply(session, message_id, "已办理", final=True, operator="张三", at=at)


def test_figures_of_a_month(database: Database) -> None:
    office = make_office(database)
    # 咨询 received Mon 2 Nov: due Mon 9 Nov. Answered on time, after a first response 2 hours later.
    on_time = enter(database, office.weibo, datetime(2026, 11, 2, 9, 0), "甲")
    answer(database, on_time, datetime(2026, 11, 4, 9, 0), first=datetime(2026, 11, 2, 11, 0))
    # 投诉 received Mon 2 Nov: due Wed 11 Nov. Answered late on Fri 13 Nov.
    late = enter(
        database, office.housing_weibo, datetime(2026, 11, 2, 9, 0), "乙", category=MessageCategory.COMPLAINT
    )
    answer(database, late, datetime(2026, 11, 13, 9, 0))
    # 咨询 received Tue 3 Nov, never answered: due Tue 10 Nov, overdue.
    enter(database, office.weibo, datetime(2026, 11, 3, 9, 0), "丙")
    # Refused: counted as received and refused, never as due.
    spam = enter(database, office.weibo, datetime(2026, 11, 3, 10, 0), "广告")
    with database.session() as session:
        inbox_actions.reject(session, spam, "广告", operator="张三", at=datetime(2026, 11, 3, 11, 0))
    # Received in October, due in November (咨询 Fri 30 Oct → Fri 6 Nov), answered on time on 5 Nov.
    october = enter(database, office.weibo, datetime(2026, 10, 30, 9, 0), "丁")
    answer(database, october, datetime(2026, 11, 5, 9, 0))

    with database.session() as session:
        metrics = reply_metrics(
            session, date(2026, 11, 1), date(2026, 11, 30), as_of=datetime(2026, 11, 20, 9, 30)
        )
    o = metrics.overall
    assert (o.received, o.answered, o.rejected, o.still_open) == (4, 2, 1, 1)
    assert (o.due, o.on_time, o.overdue) == (4, 2, 2)
    assert percent(o.on_time_rate) == "50.0%"
    assert o.avg_first_response_hours == pytest.approx(
        (2 + 264) / 2
    )  # 2 h, and the late answer after 11 days
    assert o.avg_handling_days == pytest.approx((2 + 11) / 2)
    assert o.open_overdue == 1

    accounts = {g.label: g.figures for g in metrics.by_account}
    assert accounts["青岚住建"].overdue == 1 and accounts["青岚住建"].on_time_rate == 0.0
    assert accounts["青岚发布"].due == 3 and accounts["青岚发布"].on_time == 2
    units = {g.label: g.figures for g in metrics.by_unit}
    assert units["青岚县住房和城乡建设局"].received == 1
    categories = {g.label: g.figures for g in metrics.by_category}
    assert list(categories) == ["咨询", "建议", "投诉", "求助", "其他"]
    assert categories["投诉"].overdue == 1 and categories["建议"].received == 0
    assert categories["建议"].on_time_rate is None and percent(None) == "—"


def test_a_past_period_counts_at_its_end(database: Database) -> None:
    office = make_office(database)
    message_id = enter(database, office.weibo, datetime(2026, 10, 12, 9, 0), "甲")  # due 19 Oct
    answer(database, message_id, datetime(2026, 11, 2, 9, 0))  # answered in November, late
    with database.session() as session:
        october = reply_metrics(session, date(2026, 10, 1), date(2026, 10, 31))
    assert (
        october.overall.received,
        october.overall.answered,
        october.overall.due,
        october.overall.overdue,
    ) == (1, 0, 1, 1)
    with database.session() as session, pytest.raises(UserError, match="结束日期"):
        reply_metrics(session, date(2026, 10, 31), date(2026, 10, 1))
