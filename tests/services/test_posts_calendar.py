"""The calendar's data: periods of day cells, risks per day, the at-risk list, notes, the gap filler, tasks."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy import select

from gmdesk.domain.enums import PostStatus, Severity
from gmdesk.domain.errors import UserError
from gmdesk.domain.platforms import Platform
from gmdesk.domain.workdays import DayKind
from gmdesk.services import posts_calendar as calendar
from gmdesk.services import posts_day_notes, posts_fill, reposts
from gmdesk.store.database import Database
from gmdesk.store.models import Post
from tests import calendar_data as data

TODAY = date(2026, 11, 20)


def county(database: Database) -> dict[str, int]:
    with database.session() as session:
        owner = data.unit(session)
        daily = data.account(session, owner, "青岚发布")
        for n in range(1, 60):
            data.post(session, daily, datetime(2026, 11, 19, 9) - timedelta(days=n))
        data.post(session, daily, datetime(2026, 11, 19, 9))
        data.post(session, daily, datetime(2026, 11, 24, 8), "下周计划", planned=True)
        data.post(session, daily, datetime(2026, 11, 18, 8), "忘了登记", planned=True)
        quiet = data.account(session, owner, "青岚教育", Platform.TOUTIAO)
        data.post(session, quiet, datetime(2026, 10, 27, 10))
        return {"青岚发布": daily.id, "青岚教育": quiet.id, "unit": owner.id}


def test_a_month_of_one_unit_with_counts_posts_and_risks(database: Database) -> None:
    ids = county(database)
    with database.session() as session:
        context = calendar.prepare(session, calendar.Scope.unit(ids["unit"], "青岚县人民政府办公室"))
        month = calendar.month(session, context, TODAY, TODAY)
    assert (month.first, month.last, month.accounts, month.live, month.risks_ready) == (
        date(2026, 11, 1),
        date(2026, 11, 30),
        2,
        2,
        True,
    )
    nineteenth = month.cell(date(2026, 11, 19))
    assert nineteenth is not None and nineteenth.published == 1 and nineteenth.chips[0].account == "青岚发布"
    overdue = month.cell(date(2026, 11, 18))
    assert (
        overdue is not None and overdue.overdue == 1 and overdue.chips[0].is_overdue(TODAY)
    )  # 08:00 before 09:00
    ahead = month.cell(date(2026, 11, 24))
    assert ahead is not None and ahead.planned == 1 and ahead.overdue == 0
    gap_day = month.cell(date(2026, 11, 10))  # 27 Oct + 14 days
    assert gap_day is not None and gap_day.risk is Severity.VETO
    assert any(r.account == "青岚教育" and r.label == "连续14天未更新" for r in gap_day.risks)
    assert month.cell(date(2026, 11, 1)).kind is DayKind.WEEKEND  # type: ignore[union-attr]


def test_a_week_and_the_holiday_names(database: Database) -> None:
    ids = county(database)
    with database.session() as session:
        context = calendar.prepare(session, calendar.Scope.account(ids["青岚发布"], "青岚发布"))
        week = calendar.week(session, context, date(2026, 10, 8), TODAY)
    assert (week.first, week.last) == (date(2026, 10, 5), date(2026, 10, 11))
    labels = {c.day: c.label for c in week.cells}
    assert labels[date(2026, 10, 5)] == "国庆节" and labels[date(2026, 10, 10)] == "国庆节调休上班"


def test_a_large_scope_leaves_the_risks_for_later(database: Database) -> None:
    with database.session() as session:
        owner = data.unit(session)
        for n in range(calendar.CHIP_LIMIT + 1):
            account = data.account(session, owner, f"青岚账号{n:02d}", Platform.WEIBO)
            data.post(session, account, datetime(2026, 11, 2, 9))
    with database.session() as session:
        context = calendar.prepare(session, calendar.Scope.everything())
        month = calendar.month(session, context, TODAY, TODAY)
        assert not month.risks_ready and all(not c.chips and not c.risks for c in month.cells)
        assert month.cell(date(2026, 11, 2)).published == calendar.CHIP_LIMIT + 1  # type: ignore[union-attr]
        risks = calendar.period_risks(session, context, month.first, month.last, TODAY)
    filled = month.with_risks(risks)
    sixteenth = filled.cell(date(2026, 11, 16))
    assert filled.risks_ready and sixteenth is not None and len(sixteenth.risks) == calendar.CHIP_LIMIT + 1


def test_the_accounts_at_risk_soonest_first(database: Database) -> None:
    ids = county(database)
    with database.session() as session:
        context = calendar.prepare(session, calendar.Scope.everything())
        risks = calendar.risks(session, context, TODAY)
    assert [r.account for r in risks] == ["青岚教育"]  # 青岚发布's plan for the 24th carries it past a week
    assert risks[0].broken and risks[0].rule == "UPDATE_GAP" and risks[0].account_id == ids["青岚教育"]
    with database.session() as session:
        session.execute(Post.__table__.delete().where(Post.title == "下周计划"))
    with database.session() as session:
        risks = calendar.risks(session, calendar.prepare(session, calendar.Scope.everything()), TODAY)
    assert [(r.account, r.broken, r.day) for r in risks][1] == ("青岚发布", False, date(2026, 11, 26))


def test_notes_on_days(database: Database) -> None:
    ids = county(database)
    with database.session() as session:
        office = posts_day_notes.add_note(session, TODAY, " 县委全会 ", "李娜")
        posts_day_notes.add_note(session, TODAY, "教育局专题", "李娜", ids["青岚教育"])
        with pytest.raises(UserError, match="备注内容不能为空"):
            posts_day_notes.add_note(session, TODAY, "  ", "李娜")
    with database.session() as session:
        one = calendar.prepare(session, calendar.Scope.account(ids["青岚发布"], "青岚发布"))
        assert [n.text for n in calendar.notes_between(session, one, TODAY, TODAY)] == ["县委全会"]
        every = calendar.prepare(session, calendar.Scope.everything())
        notes = calendar.notes_between(session, every, TODAY, TODAY)
        assert [(n.text, n.account) for n in notes] == [("县委全会", ""), ("教育局专题", "青岚教育")]
        posts_day_notes.update_note(session, office, "县委全会（改期）", "李娜")
        posts_day_notes.delete_note(session, notes[1].id, "李娜")
    with database.session() as session:
        assert [n.text for n in calendar.notes_between(session, every, TODAY, TODAY)] == ["县委全会（改期）"]


def test_the_gap_filler_plans_placeholders(database: Database) -> None:
    ids = county(database)
    with database.session() as session:
        proposal = posts_fill.propose(
            session, ids["青岚教育"], TODAY, TODAY + timedelta(days=14), time(9, 30)
        )
    assert [s.at for s in proposal.slots] == [
        datetime(2026, 11, 20, 12, 30),
        datetime(2026, 11, 27, 8, 0),
        datetime(2026, 12, 4, 8, 0),
    ]
    with database.session() as session:
        created = posts_fill.apply(session, ids["青岚教育"], list(proposal.slots), "李娜")
    with database.session() as session:
        planned = session.scalars(select(Post).where(Post.id.in_(created))).all()
        assert all(p.status is PostStatus.PLANNED and p.title == "【待定选题】" for p in planned)
        again = posts_fill.propose(session, ids["青岚教育"], TODAY, TODAY + timedelta(days=14), time(9, 30))
    assert again.slots == ()
    with pytest.raises(UserError, match="补齐截止日期不能早于今天"), database.session() as session:
        posts_fill.propose(session, ids["青岚教育"], TODAY, TODAY - timedelta(days=1))


def test_repost_tasks_are_saved_ticked_and_listed(database: Database) -> None:
    ids = county(database)
    draft = reposts.TaskDraft(
        "一图读懂政府工作报告",
        "云江市人民政府办公室",
        date(2026, 11, 17),
        datetime(2026, 11, 18, 17, 30),
        [ids["青岚发布"], ids["青岚教育"]],
    )
    with database.session() as session:
        with pytest.raises(UserError, match="请至少选择一个需要转发的账号"):
            reposts.save_task(
                session, reposts.TaskDraft("标题", "", date(2026, 11, 17), datetime(2026, 11, 18), []), "李娜"
            )
        task_id = reposts.save_task(session, draft, "李娜")
        reposts.tick(session, task_id, ids["青岚发布"], datetime(2026, 11, 19, 9), "李娜")
    with database.session() as session:
        (task,) = reposts.list_tasks(session)
        assert (task.targets, task.done, task.late, task.progress()) == (2, 1, 1, "1/2")
        assert task.is_overdue(datetime(2026, 11, 20, 9))
        statuses = {
            t.account: t.status(task.due_at, datetime(2026, 11, 20))
            for t in reposts.task_targets(session, task_id)
        }
        assert statuses == {"青岚发布": "逾期转发", "青岚教育": "逾期未转发"}
        assert [t.title for t in reposts.open_tasks_for(session, ids["青岚教育"])] == ["一图读懂政府工作报告"]
        reposts.save_task(
            session,
            reposts.TaskDraft(**{**draft.__dict__, "account_ids": [ids["青岚发布"]]}),
            "李娜",
            task_id,
        )
    with database.session() as session:
        assert [t.account for t in reposts.task_targets(session, task_id)] == ["青岚发布"]
        reposts.delete_task(session, task_id, "李娜")
    with database.session() as session:
        assert reposts.list_tasks(session) == []


def test_the_day_a_move_warns_about_is_the_day_the_calendar_marks_once_moved(database: Database) -> None:
    """Issue 11 item 6: the warning of the post dialog and the mark of the month agree on the day and the
    window (12月1日—12月7日), before and after the move."""
    from gmdesk.services import posts as post_service

    today, now = date(2026, 12, 3), datetime(2026, 12, 3, 9, 0)
    with database.session() as session:
        account = data.account(session, data.unit(session), "青岚教育", Platform.TOUTIAO)
        for n in range(40):
            data.post(session, account, datetime(2026, 11, 30, 9, 0) - timedelta(days=n))
        plan = data.post(session, account, datetime(2026, 12, 7, 9, 0), planned=True).id
        data.post(session, account, datetime(2026, 12, 12, 9, 0), planned=True)

    def marks() -> dict[date, list[str]]:
        with database.session() as session:
            context = calendar.prepare(session, calendar.Scope.everything())
            month = calendar.month(session, context, today, today)
            found = calendar.period_risks(session, context, month.first, month.last, today)
        return {day: [r.label for r in risks] for day, risks in found.items() if risks}

    assert date(2026, 12, 7) not in marks()
    with database.session() as session, pytest.raises(post_service.NeedsConfirmation) as asked:
        post_service.move_post(session, plan, date(2026, 12, 10), "张三", now)
    (warning,) = asked.value.warnings
    assert warning.startswith("改期后，青岚教育 将于 12月7日（周一） 不符合")
    assert "12月1日—12月7日没有信息" in warning
    with database.session() as session:
        post_service.move_post(session, plan, date(2026, 12, 10), "张三", now, confirmed=True)
    assert marks()[date(2026, 12, 7)] == ["未达每7天1条"]
