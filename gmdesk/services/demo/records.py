"""The office's other records: notes on calendar days, rectification items (整改) and security incidents."""

from __future__ import annotations

import random
from datetime import date, timedelta

from gmdesk.domain.enums import AccountState, RectificationSource, RectificationState, Role
from gmdesk.domain.findings import RuleId
from gmdesk.services.demo.catalog import CITY
from gmdesk.services.demo.plan import AccountPlan, Clock, UnitPlan
from gmdesk.services.demo.writer import BulkWriter
from gmdesk.store.models import DayNote, RectificationItem, SecurityIncident

_INCIDENTS = (
    (
        "严重表述错误",
        "发布的信息中将会议时间误写，发布后被网民指出",
        "发现后立即删除原文，更正后重新发布，对撰稿人和审核人批评教育并重申三审制度",
    ),
    ("异常登录", "平台提示账号在外省异地登录", "立即修改密码、开启登录保护，核查近期发布内容未见异常"),
    ("违规转载", "转载信息未注明来源，被原作者投诉", "补充注明来源并向原作者致歉，组织编辑人员学习转载规定"),
    (
        "泄露个人信息",
        "回复留言时未对留言人手机号作去标识化处理",
        "立即删除相关回复，向留言人致歉，完善回复审核流程",
    ),
)


def holiday_eves(clock: Clock, last: date) -> list[tuple[date, str]]:
    """The working day before each 法定节假日 run: (that day, the holiday's name)."""
    cal = clock.calendar
    out = []
    day = clock.start
    while day <= last:
        info = cal.info(day)
        if not info.is_workday and info.name and cal.info(day - timedelta(days=1)).is_workday:
            out.append((day - timedelta(days=1), info.name))
        day += timedelta(days=1)
    return out


def write_day_notes(
    writer: BulkWriter, accounts: list[AccountPlan], clock: Clock, count: int, seed: int
) -> int:
    rng = random.Random(f"{seed}:notes")
    notes: list[tuple[date, int | None, str]] = []
    ahead = clock.as_of + timedelta(days=3)
    notes.append((ahead, None, "上级将于近日开展政务新媒体季度抽查，请各单位提前自查更新频率和留言办理情况"))
    zombies = [a for a in accounts if "zombie" in a.scenarios]
    for account in zombies[:1]:
        notes.append(
            (
                clock.as_of - timedelta(days=20),
                account.id,
                f"已电话提醒{account.unit.name}：账号长期未更新，尽快恢复更新或按程序关停",
            )
        )
    for account in accounts:
        for change in account.unit.changes:
            if change.scripted and account.rank == 0:
                notes.append(
                    (
                        change.day,
                        account.id,
                        f"{account.unit.spec.short}{change.role.label}变更为{change.after.name}，已提醒办理变更备案",
                    )
                )
    for day, name in reversed(holiday_eves(clock, clock.as_of + timedelta(days=14))):
        if len(notes) >= count:
            break
        notes.append(
            (day, None, f"{name}假期值班：各账号安排专人值守，节日期间每日关注留言和舆情，重要信息及时报告")
        )
    note_id = writer.next_id(DayNote)
    for day, account_id, text in sorted(notes, key=lambda n: (n[0], n[1] or 0)):
        stamp = clock.at(min(day, clock.as_of), 9, rng.randrange(0, 50))
        writer.add(
            DayNote,
            {
                "id": note_id,
                "day": day,
                "account_id": account_id,
                "text": text,
                "created_at": stamp,
                "updated_at": stamp,
            },
        )
        note_id += 1
    return len(notes)


def _item(
    account: AccountPlan,
    clock: Clock,
    rule: str,
    problem: str,
    measure: str,
    opened: date,
    workdays: int,
    state: RectificationState,
    source: RectificationSource = RectificationSource.SELF_INSPECTION,
    notice_ref: str = "",
) -> dict[str, object]:
    unit: UnitPlan = account.unit
    responsible = unit.holder(Role.DEPUTY, opened)
    due = clock.calendar.add_workdays(opened, workdays)
    completed = (
        clock.calendar.add_workdays(opened, max(1, workdays - 3))
        if state is RectificationState.DONE
        else None
    )
    return {
        "source": source,
        "rule": rule,
        "account_id": account.id,
        "unit_id": unit.id,
        "problem": problem,
        "measure": measure,
        "responsible": responsible.name,
        "responsible_id": responsible.id,
        "opened_on": opened,
        "workdays": workdays,
        "due_on": due,
        "state": state,
        "completed_on": completed,
        "result": "已整改到位" if completed else "",
        "notice_ref": notice_ref,
        "report_id": None,
        "created_at": clock.at(opened, 15),
        "updated_at": clock.at(completed or opened, 16),
    }


def write_rectifications(
    writer: BulkWriter, accounts: list[AccountPlan], clock: Clock, count: int, seed: int
) -> int:
    """Open items for today's problems (one of them overdue), then history that was put right."""
    rng = random.Random(f"{seed}:rectifications")
    cal, as_of = clock.calendar, clock.as_of
    rows: list[dict[str, object]] = []
    # (scenario, rule, problem, measure, opened working days ago, 时限, state); the zombie's is overdue.
    current = (
        (
            "zombie",
            RuleId.ZOMBIE,
            "账号超过90天未更新，属“僵尸账号”",
            "恢复更新或按程序发布停更公告后注销",
            30,
            20,
            RectificationState.IN_PROGRESS,
        ),
        (
            "gap_over",
            RuleId.UPDATE_GAP,
            "账号连续两周以上未更新",
            "明确专人负责，制定周发布计划并报备",
            2,
            10,
            RectificationState.OPEN,
        ),
        (
            "mismatch",
            RuleId.ENTITY_MISMATCH,
            "认证主体与主办单位名称不一致",
            "向平台提交认证主体变更申请",
            12,
            30,
            RectificationState.IN_PROGRESS,
        ),
        (
            "no_interaction",
            RuleId.NO_INTERACTION,
            "账号评论功能关闭，无法与公众互动",
            "开通评论功能并安排专人办理留言",
            3,
            5,
            RectificationState.OPEN,
        ),
    )
    for scenario, rule, problem, measure, back, limit, state in current:
        for account in [a for a in accounts if scenario in a.scenarios][: max(1, count // 8)]:
            if len(rows) < max(2, count // 2):
                opened = clock.workdays_before(as_of, back)
                rows.append(_item(account, clock, rule, problem, measure, opened, limit, state))
    history = [
        a for a in accounts if a.state is AccountState.RUNNING and a.opened_on and a.opened_on < clock.start
    ]
    problems: tuple[tuple[str, str, str], ...] = (
        (RuleId.ORIGINAL_MIN, "上月原创信息不足", "每周至少策划1条原创稿件"),
        (RuleId.PASSWORD_ROTATION, "账号密码超过90天未更换", "立即更换密码并登记更换记录"),
        (RuleId.UPDATE_GAP, "季度检查发现账号存在两周以上未更新情况", "建立发布日历，节假日安排值班"),
        ("", "信息发布存在错别字", "删除原文并重新发布，严格落实三审三校"),
    )
    window = (as_of - clock.start).days
    while len(rows) < count and history:
        account = rng.choice(history)
        rule_id, problem, measure = rng.choice(problems)
        opened = clock.start + timedelta(days=rng.randrange(10, max(11, window - 60)))
        opened = opened if cal.is_workday(opened) else cal.next_workday(opened)
        notice = not rule_id
        rows.append(
            _item(
                account,
                clock,
                rule_id,
                problem,
                measure,
                opened,
                10,
                RectificationState.DONE,
                RectificationSource.SUPERIOR_NOTICE if notice else RectificationSource.SELF_INSPECTION,
                f"{CITY[:1]}政办函〔{opened.year}〕{rng.randrange(5, 90)}号" if notice else "",
            )
        )
    item_id = writer.next_id(RectificationItem)
    for row in rows:
        writer.add(RectificationItem, {"id": item_id, **row})
        item_id += 1
    return len(rows)


def write_incidents(
    writer: BulkWriter, accounts: list[AccountPlan], clock: Clock, count: int, seed: int
) -> int:
    rng = random.Random(f"{seed}:incidents")
    pool = [a for a in accounts if a.opened_on and a.opened_on < clock.start and a.state.is_live]
    window = (clock.as_of - clock.start).days
    incident_id = writer.next_id(SecurityIncident)
    for index in range(min(count, len(pool))):
        account = rng.choice(pool)
        kind, description, handling = _INCIDENTS[index % len(_INCIDENTS)]
        occurred = clock.start + timedelta(days=rng.randrange(20, window - 20))
        writer.add(
            SecurityIncident,
            {
                "id": incident_id,
                "account_id": account.id,
                "occurred_on": occurred,
                "kind": kind,
                "description": description,
                "handling": handling,
                "resolved_on": occurred + timedelta(days=rng.randrange(0, 3)),
            },
        )
        incident_id += 1
    return min(count, len(pool))
