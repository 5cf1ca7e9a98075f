"""The demo generator: deterministic, realistic enough to exercise every rule, all or nothing."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select, text

from gmdesk.cli import main
from gmdesk.domain.dedupe import message_key
from gmdesk.domain.enums import (
    AccountState,
    FilingKind,
    FilingStatus,
    MessageCategory,
    MessageChannel,
    PostKind,
    PostStatus,
    RectificationSource,
    RectificationState,
    UnitType,
    Urgency,
)
from gmdesk.domain.platforms import Platform
from gmdesk.domain.workdays import WorkCalendar
from gmdesk.services import settings
from gmdesk.services.database import open_database
from gmdesk.services.demo import DemoCancelled, DemoRefused, DemoSummary, generate_demo
from gmdesk.services.demo.writer import BulkWriter, Progress, table_of
from gmdesk.store.base import Base
from gmdesk.store.database import Database
from gmdesk.store.models import (
    Account,
    FilingEvent,
    HolidayOverride,
    Message,
    Person,
    Post,
    RectificationItem,
    Report,
    RepostTarget,
    RepostTask,
    Unit,
)
from tests.conftest import FreshDatabases

AS_OF = date(2026, 11, 20)
NOW = datetime.combine(AS_OF, time(8, 30))
FICTIONAL_MOBILE = re.compile(r"^17[01]\d{8}$")


def digest(database: Database) -> str:
    """SHA-256 over every row of every table, ordered by primary key; not the audit trail (its entries carry
    the time they were made) nor the settings that point into it or into time."""
    sha = hashlib.sha256()
    with database.engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            if table.name == "audit_log":
                continue
            order = ", ".join(c.name for c in table.primary_key.columns)
            sha.update(table.name.encode())
            for row in connection.execute(text(f"SELECT * FROM {table.name} ORDER BY {order}")):
                if table.name == "settings" and row[0] in ("audit.head", "integrity.checked_on"):
                    continue
                sha.update(repr(tuple(row)).encode())
    return sha.hexdigest()


def fresh(databases: FreshDatabases, folder: Path, name: str) -> Database:
    return open_database(databases.new(folder, name))


@pytest.fixture(scope="module")
def demo(
    fresh_db: FreshDatabases, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Database, DemoSummary]]:
    """One small demo for the read-only realism checks (generating takes a few seconds)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GMDESK_HOME", str(tmp_path_factory.mktemp("demo-home")))
        database = fresh(fresh_db, tmp_path_factory.mktemp("demo"), "demo.db")
        summary = generate_demo(database, scale="small", seed=1, as_of=AS_OF)
        yield database, summary
        database.close()


@pytest.fixture(scope="module")
def calendar() -> WorkCalendar:
    return WorkCalendar()


# --------------------------------------------------------------------------- determinism
def test_same_seed_and_date_give_identical_tables(
    demo: tuple[Database, DemoSummary], fresh_db: FreshDatabases, tmp_path: Path
) -> None:
    again = fresh(fresh_db, tmp_path, "again.db")
    try:
        generate_demo(again, scale="small", seed=1, as_of=AS_OF)
        assert digest(again) == digest(demo[0])
    finally:
        again.close()


def test_output_does_not_depend_on_hash_seed(
    demo: tuple[Database, DemoSummary], fresh_db: FreshDatabases, tmp_path: Path
) -> None:
    """Another process with another PYTHONHASHSEED: no set or dict order may leak into the data."""
    path = fresh_db.new(tmp_path, "hash.db")
    env = {**os.environ, "PYTHONHASHSEED": "4242", "GMDESK_HOME": str(tmp_path / "home")}
    command = [
        sys.executable,
        "-m",
        "gmdesk",
        "demo",
        "--db",
        str(path),
        "--seed",
        "1",
        "--as-of",
        AS_OF.isoformat(),
    ]
    subprocess.run(command, check=True, env=env, capture_output=True, cwd=Path(__file__).resolve().parents[2])
    other = open_database(path)
    try:
        assert digest(other) == digest(demo[0])
    finally:
        other.close()


def test_another_seed_gives_other_data(
    demo: tuple[Database, DemoSummary], fresh_db: FreshDatabases, tmp_path: Path
) -> None:
    other = fresh(fresh_db, tmp_path, "other.db")
    try:
        generate_demo(other, scale="small", seed=2, as_of=AS_OF)
        assert digest(other) != digest(demo[0])
    finally:
        other.close()


# --------------------------------------------------------------------------- the county
def test_summary_matches_the_tables(demo: tuple[Database, DemoSummary]) -> None:
    database, summary = demo
    with database.read_session() as session:
        assert summary.units == session.scalar(select(func.count()).select_from(Unit))
        assert summary.accounts == session.scalar(select(func.count()).select_from(Account))
        assert summary.posts == session.scalar(select(func.count()).select_from(Post))
        assert summary.messages == session.scalar(select(func.count()).select_from(Message))
        assert summary.filing_events == session.scalar(select(func.count()).select_from(FilingEvent))
    text = summary.describe()  # the clerk's words: no scale names, seeds or timings
    assert "虚构的“青岚县”" in text and "60 个账号" in text and f"{summary.as_of.year}年" in text
    assert "small" not in text and "种子" not in text and "用时" not in text
    assert "种子 " in summary.technical()


def test_small_county_has_the_expected_shape(demo: tuple[Database, DemoSummary]) -> None:
    database, summary = demo
    with database.read_session() as session:
        types = Counter(session.scalars(select(Unit.unit_type)))
        accounts = session.scalars(select(Account)).all()
        people = session.scalars(select(Person)).all()
        settings_loaded = settings.get(session, settings.DEMO_LOADED)
        county = settings.get(session, settings.COUNTY_NAME)
        supervisor = settings.get(session, settings.SUPERVISOR_NAME)
    assert types[UnitType.COUNTY_OFFICE] == 1
    assert 6 <= types[UnitType.TOWNSHIP] <= 10
    assert 12 <= types[UnitType.DEPARTMENT] <= 18
    assert 1 <= types[UnitType.INSTITUTION] <= 3
    assert 55 <= len(accounts) <= 65
    assert 10_000 <= summary.posts <= 60_000
    assert 300 <= summary.messages <= 1_500
    assert {a.platform for a in accounts} >= set(Platform) - {Platform.OTHER}
    assert {a.state for a in accounts} == set(AccountState)
    assert sum(a.state is AccountState.RUNNING for a in accounts) >= 45
    assert all(a.verified_entity for a in accounts if a.state is AccountState.RUNNING)
    assert 1 <= sum(not a.interaction_enabled for a in accounts) <= 2
    per_unit_platform = Counter((a.unit_id, a.platform) for a in accounts)
    assert any(n > 1 for n in per_unit_platform.values()), "one unit has two accounts on one platform"
    assert any(a.ops_mode.value == "outsourced" and a.ops_vendor for a in accounts)
    filed = [a for a in accounts if a.filing_number]
    assert filed and all(re.fullmatch(r"青政新媒〔\d{4}〕\d{3}号", a.filing_number) for a in filed)
    live = [a for a in accounts if a.state.is_live]
    assert any(a.password_rotated_on and (AS_OF - a.password_rotated_on).days > 90 for a in live)
    assert all(FICTIONAL_MOBILE.match(p.phone) for p in people)
    assert settings_loaded is True and county == "青岚县" and supervisor == "青岚县人民政府办公室"


def test_entities_and_credit_codes(demo: tuple[Database, DemoSummary]) -> None:
    with demo[0].read_session() as session:
        rows = session.execute(select(Account.verified_entity, Unit.name, Account.state).join(Unit)).all()
        codes = session.scalars(select(Unit.credit_code)).all()
    mismatches = [entity for entity, unit, state in rows if state is AccountState.RUNNING and entity != unit]
    assert 1 <= len(mismatches) <= 3
    assert all(len(code) == 18 for code in codes)


def test_no_timestamp_lies_in_the_future(demo: tuple[Database, DemoSummary]) -> None:
    """created_at/updated_at come from as_of, never from the wall clock or from after 08:30 that morning."""
    with demo[0].engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            for column in ("created_at", "updated_at"):
                if column in table.columns:
                    latest = connection.execute(text(f"SELECT MAX({column}) FROM {table.name}")).scalar()
                    if table.name not in ("operators", "policy_profiles", "reply_templates"):
                        if isinstance(latest, datetime):  # (a server gives the value, SQLite its text)
                            latest = latest.isoformat(" ")
                        assert latest is None or latest < NOW.isoformat(" "), (table.name, column, latest)


# --------------------------------------------------------------------------- posts
def _published(database: Database) -> list[tuple[int, datetime]]:
    with database.read_session() as session:
        return list(
            session.execute(select(Post.account_id, Post.at).where(Post.status == PostStatus.PUBLISHED))
        )


def test_current_gaps_cover_the_update_rules(demo: tuple[Database, DemoSummary]) -> None:
    database = demo[0]
    last: dict[int, date] = {}
    for account_id, at in _published(database):
        last[account_id] = max(last.get(account_id, date.min), at.date())
    with database.read_session() as session:
        running = set(session.scalars(select(Account.id).where(Account.state == AccountState.RUNNING)))
    gaps = {a: (AS_OF - last[a]).days for a in running if a in last}
    assert any(14 <= g < 90 for g in gaps.values()), "UPDATE_GAP"
    assert any(10 <= g <= 13 for g in gaps.values()), "UPDATE_GAP_SOON"
    assert any(g >= 90 for g in gaps.values()), "ZOMBIE"


def test_posts_follow_working_days_and_push_windows(
    demo: tuple[Database, DemoSummary], calendar: WorkCalendar
) -> None:
    database = demo[0]
    published = _published(database)
    start = AS_OF - timedelta(days=730)
    kinds: Counter[str] = Counter()
    day = start
    while day < AS_OF:
        info = calendar.info(day)
        kinds["work" if info.is_workday else ("holiday" if info.name else "weekend")] += 1
        day += timedelta(days=1)
    posts: Counter[str] = Counter()
    in_window = 0
    for _, at in published:
        info = calendar.info(at.date())
        posts["work" if info.is_workday else ("holiday" if info.name else "weekend")] += 1
        in_window += 7 <= at.hour < 9 or 12 <= at.hour < 14 or 19 <= at.hour < 22
    per_day = {k: posts[k] / kinds[k] for k in kinds}
    assert per_day["holiday"] < 0.15 * per_day["work"]
    assert per_day["weekend"] < 0.4 * per_day["work"]
    assert in_window / len(published) > 0.7


def test_post_fields(demo: tuple[Database, DemoSummary]) -> None:
    with demo[0].read_session() as session:
        posts = session.scalars(select(Post)).all()
        platforms = dict(session.execute(select(Account.id, Account.platform)).tuples().all())
    published = [p for p in posts if p.status is PostStatus.PUBLISHED]
    planned = [p for p in posts if p.status is PostStatus.PLANNED]
    assert all(p.at < NOW for p in published)
    assert planned and all(p.at > NOW and p.planned_at == p.at for p in planned)
    assert max(p.at for p in planned) <= NOW + timedelta(days=15)
    originals = sum(p.kind is PostKind.ORIGINAL for p in published) / len(published)
    assert 0.5 <= originals <= 0.75
    assert all(p.source for p in published if p.kind is PostKind.REPOST)
    signed = [p for p in published if p.approved_by]
    assert 0.95 < len(signed) / len(published) < 1.0, "三审 recorded, a few missing"
    assert all(p.drafted_at < p.reviewed_at < p.approved_at < p.at for p in signed if p.reviewed_at)
    pushes: Counter[tuple[int, str]] = Counter()
    for p in published:
        if p.is_mass_push and platforms[p.account_id] is Platform.WECHAT_SUBSCRIPTION:
            pushes[(p.account_id, p.at.date().isoformat())] += 1
        if p.is_mass_push and platforms[p.account_id] is Platform.WECHAT_SERVICE:
            pushes[(p.account_id, p.at.strftime("%Y-%m"))] += 1
    over = {k for k, n in pushes.items() if n > (1 if len(k[1]) == 10 else 4)}
    assert 1 <= len(over) <= 3, "the caps hold except one or two deliberate breaches"
    assert any("【政策解读】" in p.title for p in posts)


# --------------------------------------------------------------------------- messages
def test_messages_cover_every_category_and_state(demo: tuple[Database, DemoSummary]) -> None:
    with demo[0].read_session() as session:
        messages = session.scalars(select(Message)).all()
    assert {m.category for m in messages} == set(MessageCategory)
    assert {m.channel for m in messages} == set(MessageChannel)
    assert any(m.urgency is Urgency.URGENT for m in messages)
    assert any(m.confidential for m in messages)
    late = [m for m in messages if m.answered_at and m.answer_due and m.answered_at > m.answer_due]
    answered = [m for m in messages if m.answered_at]
    assert 0.03 < len(late) / len(answered) < 0.2
    still_open = [m for m in messages if m.state.is_open]
    assert still_open
    assert any(m.answer_due and m.answer_due < NOW for m in still_open), "overdue and open"
    assert any(m.answer_due and NOW <= m.answer_due <= NOW + timedelta(days=3) for m in still_open), (
        "due soon"
    )
    assert any(m.state.value == "rejected" for m in messages)
    assert any(re.search(r"999\d{14}[\dX]", m.content) for m in messages), "an ID-like number to mask"
    assert all(FICTIONAL_MOBILE.match(m.writer_contact) for m in messages if m.writer_contact)
    assert all(m.received_at < NOW for m in messages)
    for m in messages[:200]:
        assert m.dedupe_key == message_key(m.account_id, m.writer_name, m.received_at, m.content)


def test_working_day_deadlines_fall_on_working_days(
    demo: tuple[Database, DemoSummary], calendar: WorkCalendar
) -> None:
    with demo[0].read_session() as session:
        messages = session.scalars(select(Message)).all()
        platforms = dict(session.execute(select(Account.id, Account.platform)).tuples().all())
    wechat = {Platform.WECHAT_SUBSCRIPTION, Platform.WECHAT_SERVICE}
    windows = 0
    for m in messages:
        assert m.answer_due is not None and calendar.is_workday(m.answer_due.date())
        assert m.first_response_due is not None
        if m.urgency is Urgency.NORMAL:
            rule = calendar.workday_deadline(m.received_at, 1)
        else:
            rule = m.received_at + timedelta(hours=1)
        if m.channel is MessageChannel.PRIVATE and platforms[m.account_id] in wechat:
            # WeChat 私信: the 48-hour customer-service window is a second clock, whichever comes first
            window = m.received_at + timedelta(hours=48)
            windows += window < rule
            assert m.first_response_due == min(rule, window)
        else:
            assert m.first_response_due == rule
        if m.first_response_due == rule and m.urgency is Urgency.NORMAL:
            assert calendar.is_workday(m.first_response_due.date())
    assert windows, "some 私信 are due by the WeChat window before the working-day rule"


def test_message_history_has_replies_and_transfers(demo: tuple[Database, DemoSummary]) -> None:
    database, summary = demo
    assert summary.message_events > summary.messages
    assert summary.replies > summary.messages
    assert 0 < summary.transfers < summary.messages / 3
    with database.read_session() as session:
        template_replies = session.scalar(text("SELECT COUNT(*) FROM replies WHERE template_id IS NOT NULL"))
        assigned = session.scalar(text("SELECT COUNT(*) FROM messages WHERE assigned_unit_id IS NOT NULL"))
    assert template_replies and assigned


# --------------------------------------------------------------------------- filings and the rest
def test_filing_events_include_late_and_pending(
    demo: tuple[Database, DemoSummary], calendar: WorkCalendar
) -> None:
    with demo[0].read_session() as session:
        events = session.scalars(select(FilingEvent)).all()
        opened = dict(session.execute(select(Account.id, Account.opened_on)).tuples().all())
    done = [e for e in events if e.status is FilingStatus.DONE and e.due_on and e.completed_on]
    pending = [e for e in events if e.status is FilingStatus.PENDING and e.due_on]
    assert any(e.completed_on > e.due_on for e in done), "some filed late"
    assert any(e.due_on < AS_OF for e in pending), "one pending and overdue"
    assert any(AS_OF <= e.due_on <= calendar.add_workdays(AS_OF, 2) for e in pending), "one due soon"
    kinds = {e.kind for e in events}
    assert kinds >= {FilingKind.APPLICATION, FilingKind.OPEN_FILING, FilingKind.CHANGE_FILING}
    assert kinds >= {FilingKind.CLOSURE_NOTICE, FilingKind.CANCEL_FILING}
    for e in events:
        if e.kind is FilingKind.OPEN_FILING:
            assert e.due_on == calendar.add_workdays(opened[e.account_id], 5)
        if e.kind is FilingKind.CHANGE_FILING:
            assert {"field", "before", "after"} <= set(e.changes[0])
    changes = [e for e in pending if e.kind is FilingKind.CHANGE_FILING]
    assert any(e.due_on < AS_OF for e in changes) and any(e.due_on >= AS_OF for e in changes)


def test_repost_tasks_and_rectifications(demo: tuple[Database, DemoSummary]) -> None:
    with demo[0].read_session() as session:
        overdue = session.scalar(
            select(func.count())
            .select_from(RepostTarget)
            .join(RepostTask)
            .where(RepostTarget.done_at.is_(None), RepostTask.due_at < NOW)
        )
        linked = session.scalar(
            select(func.count()).select_from(RepostTarget).where(RepostTarget.post_id.is_not(None))
        )
        late_items = session.scalar(
            select(func.count())
            .select_from(RectificationItem)
            .where(RectificationItem.completed_on.is_(None), RectificationItem.due_on < AS_OF)
        )
    assert overdue and linked and late_items


@pytest.mark.parametrize(("seed", "as_of"), [(7, date(2026, 1, 1)), (4, date(2026, 12, 28))])
def test_scenarios_hold_on_other_dates(database: Database, seed: int, as_of: date) -> None:
    """On New Year's Day, and at the end of a year whose successor has no holiday data yet."""
    generate_demo(database, seed=seed, as_of=as_of)
    now = datetime.combine(as_of, time(8, 30))
    with database.read_session() as session:
        last = session.execute(
            select(func.max(Post.at))
            .join(Account)
            .where(Post.status == PostStatus.PUBLISHED, Account.state == AccountState.RUNNING)
            .group_by(Post.account_id)
        ).scalars()
        gaps = [(as_of - at.date()).days for at in last]
        pending = session.scalars(
            select(FilingEvent.due_on).where(
                FilingEvent.status == FilingStatus.PENDING, FilingEvent.due_on.is_not(None)
            )
        ).all()
        open_dues = session.scalars(
            select(Message.answer_due).where(Message.state.in_(["pending", "acknowledged", "transferred"]))
        ).all()
    assert any(14 <= g < 90 for g in gaps) and any(10 <= g <= 13 for g in gaps) and any(g >= 90 for g in gaps)
    assert any(d < as_of for d in pending) and any(d >= as_of for d in pending)
    assert any(d < now for d in open_dues) and any(d >= now for d in open_dues)


# --------------------------------------------------------------------------- all or nothing
def test_a_second_demo_is_refused_and_changes_nothing(demo: tuple[Database, DemoSummary]) -> None:
    database = demo[0]
    before = digest(database)
    with pytest.raises(DemoRefused, match="数据库中已有账号数据"):
        generate_demo(database, seed=5, as_of=AS_OF)
    assert digest(database) == before


def test_cancelling_rolls_everything_back(database: Database) -> None:
    before = digest(database)
    reports: list[tuple[int, int, str]] = []

    def progress(done: int, total: int, text: str) -> None:
        reports.append((done, total, text))

    with pytest.raises(DemoCancelled, match="已取消"):
        generate_demo(database, as_of=AS_OF, progress=progress, cancelled=lambda: len(reports) >= 20)
    assert digest(database) == before
    assert [r[0] for r in reports] == sorted(r[0] for r in reports)
    with database.read_session() as session:
        assert session.scalar(select(func.count()).select_from(Post)) == 0


def test_progress_reaches_the_total(database: Database) -> None:
    reports: list[tuple[int, int]] = []
    generate_demo(
        database, as_of=AS_OF, seed=4, progress=lambda done, total, _: reports.append((done, total))
    )
    assert reports[-1][0] == reports[-1][1]
    assert len(reports) > 50


# --------------------------------------------------------------------------- the CLI
def test_cli_generates_then_refuses(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "cli.db"
    assert main(["demo", "--db", str(path), "--seed", "3", "--as-of", "2026-11-20"]) == 0
    out, err = capsys.readouterr()
    assert "已载入示例数据" in out and "青岚县" in out and "随机种子" in out
    # not a terminal: a plain line per step for the log, no carriage returns or escape codes
    assert "\r" not in err and "\x1b" not in err
    steps = err.splitlines()
    assert len(steps) > 3 and all(line.startswith("[") for line in steps) and len(set(steps)) == len(steps)
    assert main(["demo", "--db", str(path), "--seed", "3", "--as-of", "2026-11-20"]) == 2
    assert "数据库中已有账号数据" in capsys.readouterr().err


# --------------------------------------------------------------------------- the bulk writer
def test_bulk_writer_stores_exactly_what_sqlalchemy_stores(database: Database) -> None:
    """The fast path must not change a byte: dates, times, JSON, enums and booleans as Core writes them."""
    at = datetime(2026, 3, 4, 5, 6, 7)
    rows = [
        (
            Report,
            "id",
            900,
            901,
            {
                "kind": "self_inspection",
                "title": "自查",
                "period_start": date(2026, 1, 1),
                "period_end": date(2026, 12, 31),
                "unit_id": None,
                "narrative": {"下一步": ["加强", 1, None]},
                "figures": {},
                "generated_at": at,
                "operator": "甲",
                "docx_path": "",
                "xlsx_path": "",
                "created_at": at,
                "updated_at": at,
            },
        ),
        (
            RectificationItem,
            "id",
            900,
            901,
            {
                "source": RectificationSource.SUPERIOR_NOTICE,
                "rule": "UPDATE_GAP",
                "account_id": None,
                "unit_id": None,
                "problem": "问题",
                "measure": "",
                "responsible": "",
                "responsible_id": None,
                "opened_on": date(2026, 2, 3),
                "workdays": 5,
                "due_on": None,
                "state": RectificationState.IN_PROGRESS,
                "completed_on": None,
                "result": "",
                "notice_ref": "",
                "report_id": None,
                "created_at": at,
                "updated_at": at,
            },
        ),
        (
            HolidayOverride,
            "day",
            date(2031, 1, 1),
            date(2031, 1, 2),
            {
                "is_workday": True,
                "name": "调休",
                "source": "测试",
                "created_at": at,
                "updated_at": at,
            },
        ),
    ]
    with database.session() as session:
        connection = session.connection()
        writer = BulkWriter(connection, [model for model, *_ in rows], 100, Progress(1, None, None))
        for model, key, fast_key, core_key, row in rows:
            writer.add(model, {key: fast_key, **row})
            connection.execute(insert(table_of(model)), {key: core_key, **row})
        writer.flush()
        for model, key, fast_key, core_key, _ in rows:
            name = table_of(model).name
            query = text(f"SELECT * FROM {name} WHERE {key} IN (:a, :b) ORDER BY {key}")
            fast, core = connection.execute(query, {"a": str(fast_key), "b": str(core_key)}).all()
            assert fast[1:] == core[1:], name


# --------------------------------------------------------------------------- the dedupe key
def test_message_key_ignores_width_blanks_and_seconds() -> None:
    at = datetime(2026, 3, 2, 9, 15, 42)
    key = message_key(7, "王先生", at, "请问  医保 缴费？")
    assert key == message_key(7, " 王先生 ", at.replace(second=0), "请问 医保 缴费?")
    assert len(key) == 64
    assert key != message_key(8, "王先生", at, "请问 医保 缴费？")
    assert message_key(1, "a|b", at, "c") != message_key(1, "a", at, "b|c")


def test_unknown_scale_is_refused(database: Database) -> None:
    with pytest.raises(DemoRefused, match="规模"):
        generate_demo(database, scale="huge", as_of=AS_OF)
