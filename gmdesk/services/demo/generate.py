"""``generate_demo``: plan the county, then write it in one transaction, reporting progress as it goes."""

from __future__ import annotations

import random
import time as _time
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Connection, func, select
from sqlalchemy.orm import Session

from gmdesk.domain.policy import PolicyProfile
from gmdesk.services import audit, inbox_deadlines, settings
from gmdesk.services.calendar import load_work_calendar
from gmdesk.services.demo import accounts as plans
from gmdesk.services.demo.account_details import fill_details, plan_rotations
from gmdesk.services.demo.catalog import COUNTY, units_for
from gmdesk.services.demo.county import build_units, plan_changes
from gmdesk.services.demo.filings import FilingWriter, operator_name, write_filings
from gmdesk.services.demo.messages import MessageWriter
from gmdesk.services.demo.names import NameMaker, PhoneMaker
from gmdesk.services.demo.org_rows import write_org
from gmdesk.services.demo.outcome import DemoRefused, DemoSummary
from gmdesk.services.demo.plan import AccountPlan, Clock, UnitPlan
from gmdesk.services.demo.posts import PLAN_DAYS, PostOutcome, write_posts
from gmdesk.services.demo.records import write_day_notes, write_incidents, write_rectifications
from gmdesk.services.demo.replies import ReplyTexts
from gmdesk.services.demo.rhythm import day_kinds
from gmdesk.services.demo.scale import SCALES, Scale
from gmdesk.services.demo.tasks import plan_tasks, write_targets, write_tasks
from gmdesk.services.demo.writer import BulkWriter, CancelCheck, Progress, ProgressCallback
from gmdesk.services.policy import PolicyResolver
from gmdesk.store import audit_log, rollups
from gmdesk.store.base import Base
from gmdesk.store.database import Database
from gmdesk.store.dialect import sqlite_cache
from gmdesk.store.models import (
    Account,
    AccountRole,
    DayNote,
    FilingEvent,
    Message,
    MessageEvent,
    PasswordRotation,
    Person,
    Post,
    RectificationItem,
    Reply,
    RepostTarget,
    RepostTask,
    SecurityIncident,
    Transfer,
    Unit,
)

TABLES: tuple[type[Base], ...] = (
    Unit,
    Person,
    Account,
    AccountRole,
    PasswordRotation,
    FilingEvent,
    RepostTask,
    Post,
    RepostTarget,
    Message,
    MessageEvent,
    Reply,
    Transfer,
    DayNote,
    RectificationItem,
    SecurityIncident,
)
"""Every table the demo fills, parents before children (the order of each bulk flush)."""

_CACHE_KIB = 128 * 1024
"""SQLite page cache while generating: index pages of a million posts stay in memory instead of on disk."""


@dataclass
class County:
    clock: Clock
    units: list[UnitPlan]
    accounts: list[AccountPlan]


def generate_demo(
    database: Database,
    *,
    scale: str = "small",
    seed: int = 1,
    as_of: date | None = None,
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
) -> DemoSummary:
    """Fill an empty database with a fictional county; all or nothing, identical for the same arguments."""
    if scale not in SCALES:
        raise DemoRefused(f"未知的示例数据规模“{scale}”，应为：{'、'.join(SCALES)}")
    spec = SCALES[scale]
    as_of = as_of or date.today()
    started = _time.perf_counter()
    with database.session() as session:
        session.info[audit_log.ENABLED_INFO] = (
            False  # one entry for the whole fictional county, not one per row
        )
        _refuse_unless_empty(session)
        connection = session.connection()
        with sqlite_cache(connection, _CACHE_KIB):
            counts = _generate(session, connection, spec, seed, as_of, progress, cancelled)
        audit.record(
            session,
            database.operator or "gmdesk",
            "生成示例数据",
            "database",
            None,
            {"scale": scale, "seed": seed, "as_of": as_of.isoformat()},
        )
    return DemoSummary(
        county=COUNTY, scale=scale, seed=seed, as_of=as_of, seconds=_time.perf_counter() - started, **counts
    )


def _refuse_unless_empty(session: Session) -> None:
    accounts = session.scalar(select(func.count()).select_from(Account)) or 0
    units = session.scalar(select(func.count()).select_from(Unit)) or 0
    people = session.scalar(select(func.count()).select_from(Person)) or 0
    if accounts:
        raise DemoRefused(
            f"数据库中已有账号数据，示例数据只能载入空数据库：当前已有 {accounts} 个账号、{units} 个单位。"
            "请另建一个新的数据库文件（例如 gmdesk demo --db 示例.db）再生成示例数据。"
        )
    if units or people:
        raise DemoRefused(
            f"数据库中已有单位或人员数据，示例数据只能载入空数据库：当前已有 {units} 个单位、{people} 名人员。"
            "请另建一个新的数据库文件再生成示例数据。"
        )


def plan_county(spec: Scale, seed: int, clock: Clock, profile: PolicyProfile) -> County:
    """Everything decided before a row is written: units, staff, accounts, states, dates, scenarios."""
    rng = random.Random(f"{seed}:county")
    names, phones = NameMaker(random.Random(f"{seed}:names")), PhoneMaker(random.Random(f"{seed}:phones"))
    specs = units_for(spec.townships, spec.departments, spec.institutions, spec.per_town_institutions)
    units = build_units(specs, clock, rng, names, phones)
    accounts = plans.create_accounts(plans.allocate(units, spec.accounts, rng), rng)
    plans.assign_states(accounts, spec.states, rng)
    plans.assign_dates(accounts, clock, profile.filing, rng)
    plans.assign_scenarios(accounts, spec.scenarios, clock, rng)
    plans.number_filings(accounts)
    fill_details(accounts, rng)
    plan_changes(units, accounts, clock, spec.staff_changes, rng, names, phones)
    plan_rotations(accounts, clock, rng)
    return County(clock, units, accounts)


def _generate(
    session: Session,
    connection: Connection,
    spec: Scale,
    seed: int,
    as_of: date,
    report: ProgressCallback | None,
    cancelled: CancelCheck | None,
) -> dict[str, int]:
    calendar = load_work_calendar(session)
    profile = PolicyResolver(session).active
    clock = Clock(as_of, as_of - timedelta(days=365 * spec.years), calendar)
    months = (as_of.year - clock.start.year) * 12 + as_of.month - clock.start.month + 1
    progress = Progress(3 + spec.accounts + months, report, cancelled)
    progress.step("正在规划单位、人员和账号")
    county = plan_county(spec, seed, clock, profile)
    writer = BulkWriter(connection, TABLES, spec.chunk_rows, progress)

    write_org(writer, county.units, county.accounts, clock)
    filings = FilingWriter(writer, clock, profile.filing, operator_name(county.accounts), seed)
    for account in county.accounts:
        write_filings(filings, account, clock, profile.filing)
    progress.step("正在生成备案事项")

    tasks, hits = plan_tasks(county.accounts, clock, spec.repost_tasks, writer.next_id(RepostTask), seed)
    write_tasks(writer, tasks, clock)
    days = day_kinds(calendar, clock.start, as_of + timedelta(days=PLAN_DAYS))
    posts = PostOutcome()
    post_id = writer.next_id(Post)
    for account in county.accounts:
        post_id = write_posts(
            writer, account, clock, days, seed, spec.post_factor, hits.get(account.id, []), post_id, posts
        )
        progress.step(f"正在生成发布记录：{account.name}（{account.platform.label}）")
    writer.flush()
    rollups.rebuild(connection)  # the posts went in as driver SQL: their roll-ups are counted once, here
    write_targets(writer, tasks, posts)

    messages = MessageWriter(
        writer, county.accounts, county.units, clock, profile.replies, ReplyTexts(connection), seed
    )
    messages.write_all(spec.messages, progress)

    write_day_notes(writer, county.accounts, clock, spec.day_notes, seed)
    rectifications = write_rectifications(writer, county.accounts, clock, spec.rectifications, seed)
    write_incidents(writer, county.accounts, clock, spec.incidents, seed)
    settings.put(session, settings.SUPERVISOR_NAME, f"{COUNTY}人民政府办公室")
    settings.put(session, settings.COUNTY_NAME, COUNTY)
    settings.put(session, settings.REPORT_RECIPIENT, "云江市人民政府办公室")
    settings.put(session, settings.DOCUMENT_CODE, "青政办")
    settings.put(session, settings.OPERATOR_PHONE, "0871-6123456")
    settings.put(session, settings.DEMO_LOADED, True)
    writer.flush()
    inbox_deadlines.mark_current(session)  # the deadlines were computed by the engine from this very basis
    progress.step("正在保存数据库")
    out = messages.outcome
    return {
        "units": len(county.units),
        "people": sum(len(u.people) for u in county.units),
        "accounts": len(county.accounts),
        "posts": writer.counts[Post.__tablename__],
        "planned_posts": posts.planned,
        "messages": out.messages,
        "open_messages": out.open,
        "message_events": out.events,
        "replies": out.replies,
        "transfers": out.transfers,
        "filing_events": filings.count,
        "pending_filings": filings.pending,
        "password_rotations": sum(len(a.rotations) for a in county.accounts),
        "repost_tasks": len(tasks),
        "rectifications": rectifications,
    }
