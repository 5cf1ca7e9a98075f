"""The dashboard's data on the small demo county and on hand-made facts: the list agrees with ``gmdesk check``,
only the parts whose data changed are read again, and the year's posts are counted per month."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime
from typing import TypeVar

import pytest
from sqlalchemy import select

from gmdesk.domain.enums import PostKind, PostStatus, Severity
from gmdesk.domain.findings import RuleId
from gmdesk.domain.today import TodoKind
from gmdesk.services.checks import run_checks
from gmdesk.services.dashboard import ALL_PARTS, Part, dashboard_data, parts_for, year_posts
from gmdesk.services.database import open_database
from gmdesk.services.demo import generate_demo
from gmdesk.store.database import Database
from gmdesk.store.models import Account, Post
from tests import calendar_data as data
from tests.conftest import FreshDatabases

NOW = datetime(2026, 11, 20, 9, 30)
T = TypeVar("T")
TODAY = NOW.date()


@pytest.fixture(scope="module")
def demo(fresh_db: FreshDatabases, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    path = fresh_db.new(tmp_path_factory.mktemp("dashboard"), "demo.db")
    database = open_database(path)
    generate_demo(database, scale="small", seed=1, as_of=TODAY)
    yield database
    database.close()


def test_the_list_agrees_with_gmdesk_check(demo: Database) -> None:
    with demo.session() as session:
        board = dashboard_data(session, TODAY, NOW)
        findings = run_checks(session, TODAY)

    def ids(kind: TodoKind) -> list[int | None]:
        group = board.group(kind)
        return sorted(i.target_id for i in group.items) if group else []

    def subjects(rule: str, keep: object = lambda f: True) -> list[int]:
        return sorted(int(f.subject.split(":")[1]) for f in findings if f.rule == rule and keep(f))  # type: ignore[operator]

    assert ids(TodoKind.MESSAGE_OVERDUE) == subjects(RuleId.REPLY_OVERDUE)
    assert ids(TodoKind.MESSAGE_TODAY) == subjects(RuleId.REPLY_DUE_SOON, lambda f: f.date == TODAY)
    broken = sorted(
        i.target_id for i in board.group(TodoKind.UPDATE_RISK).items if i.severity is Severity.VETO
    )  # type: ignore[union-attr]
    assert broken == sorted(f.account_id for f in findings if f.rule == RuleId.UPDATE_GAP)
    assert ids(TodoKind.RECTIFICATION) == sorted(
        subjects(RuleId.RECTIFICATION_OVERDUE) + subjects(RuleId.RECTIFICATION_DUE_SOON)
    )
    filings = sorted(
        f.account_id for f in findings if f.rule in (RuleId.FILING_OVERDUE, RuleId.FILING_DUE_SOON)
    )
    assert ids(TodoKind.FILING) == filings
    assert ids(TodoKind.PASSWORD) == sorted(
        f.account_id for f in findings if f.rule == RuleId.PASSWORD_ROTATION
    )
    assert ids(TodoKind.FREQUENCY) == sorted(  # read without the 群发 caps and reposts: the same accounts
        f.account_id
        for f in findings
        if f.rule in (RuleId.MIN_FREQUENCY, RuleId.ORIGINAL_MIN) and f.severity is not Severity.WARNING
    )
    assert board.figures.overdue_messages == len(subjects(RuleId.REPLY_OVERDUE))
    vetoes = [
        f
        for f in findings
        if f.severity is Severity.VETO
        and f.rule in (RuleId.UPDATE_GAP, RuleId.NO_INTERACTION, RuleId.REPLY_OVERDUE)
    ]
    assert board.figures.vetoes == len(vetoes)
    for group in board.groups:  # worst first, then soonest
        keys = [i.sort_key for i in group.items]
        assert keys == sorted(keys)


def test_year_posts_count_published_posts_per_month(demo: Database) -> None:
    with demo.session() as session:
        posts = year_posts(session, TODAY)
        rows = session.execute(
            select(Post.at, Post.kind).where(
                Post.status == PostStatus.PUBLISHED,
                Post.at >= datetime(2026, 1, 1),
                Post.at < datetime(2026, 11, 21),
            )
        ).all()
    assert len(posts.months) == 11
    for month in posts.months:
        chosen = [kind for at, kind in rows if at.month == month.month]
        assert (month.published, month.originals) == (len(chosen), chosen.count(PostKind.ORIGINAL))
    assert posts.original_rate == pytest.approx(posts.originals / posts.published)


def test_only_the_changed_parts_are_read_again(database: Database) -> None:
    with database.session() as session:
        owner = data.unit(session)
        silent = data.account(session, owner, "青岚教育")
        data.post(session, silent, datetime(2026, 10, 20, 9))
    with database.session() as session:
        first = dashboard_data(session, TODAY, NOW)
    assert set(first.timings) >= {p.value for p in Part}
    assert [i.subject for i in first.group(TodoKind.UPDATE_RISK).items] == ["青岚教育"]  # type: ignore[union-attr]
    with database.session() as session:
        account = session.get(Account, silent.id)
        assert account is not None
        data.post(session, account, datetime(2026, 11, 20, 8))
    with database.session() as session:
        stale = dashboard_data(session, TODAY, NOW, previous=first, parts=parts_for({"messages"}))
        fresh = dashboard_data(session, TODAY, NOW, previous=first, parts=parts_for({"posts"}))
        next_day = dashboard_data(
            session, date(2026, 11, 21), NOW, previous=first, parts=parts_for({"messages"})
        )
    assert "updates" not in stale.timings and stale.group(TodoKind.UPDATE_RISK) is not None  # kept, not read
    assert fresh.group(TodoKind.UPDATE_RISK) is None and fresh.figures.vetoes == 0
    assert set(next_day.timings) >= {p.value for p in Part}  # another day: everything


def test_parts_follow_the_areas_of_the_data_bus() -> None:
    assert parts_for({"messages"}) == {Part.MESSAGES}
    assert parts_for({"posts"}) == {Part.UPDATES, Part.FREQUENCY, Part.REPOSTS}
    assert parts_for({"filings"}) == {Part.ACCOUNTS}
    assert parts_for({"rectifications"}) == {Part.RECTIFICATIONS}
    assert parts_for({"accounts"}) == ALL_PARTS
    assert parts_for({"reports"}) == frozenset()


def test_a_deadline_reads_the_same_on_the_dashboard_and_in_its_own_tab(demo: Database) -> None:
    """Issue 11 item 6: the same 年审, 备案 or 整改 item in the same unit everywhere, the counts in agreement."""
    from gmdesk.services.accounts import ledger
    from gmdesk.services.rectification import list_items

    with demo.session() as session:
        board = dashboard_data(session, TODAY, NOW)
        rows = {r.id: r for r in ledger(session, TODAY).rows}
        book = ledger(session, TODAY)
        items = {i.id: i for i in list_items(session, TODAY)}
    filings = board.group(TodoKind.FILING)
    assert filings is not None and filings.items
    for item in filings.items:
        row = rows[item.target_id]  # type: ignore[index]
        assert item.when_text and item.when_text[-1] in "日天期"
        if row.next_due == item.when:
            assert f"（{item.when_text}）" in row.deadline_text, (item, row.deadline_text)
        if "年审" in item.detail:
            assert "工作日" not in item.when_text  # by the end of November: a calendar rule, told in days
        else:
            assert item.when_text.endswith(("工作日", "今天到期"))
    overdue = [i for i in filings.items if i.when_text.startswith("逾期")]
    assert book.overdue_items == len(overdue) and book.overdue == len({i.target_id for i in overdue})
    rectifications = board.group(TodoKind.RECTIFICATION)
    for item in rectifications.items if rectifications else []:
        assert item.when_text == items[item.target_id].remaining  # type: ignore[index]


def test_the_dashboard_checks_and_inspection_make_their_figures_without_collections(demo: Database) -> None:
    """Their rows all live until the figures are made; with the cycle collector running, each full collection
    walked them again (85 ms of the dashboard's 430, 0.6–0.8 s of the year's inspection on the large demo).
    It is paused while they run, and on again afterwards."""
    import gc

    from gmdesk.domain.report_period import ReportPeriod
    from gmdesk.services.inspection import inspect

    collections: dict[str, list[int]] = {}
    running = [""]

    def seen(phase: str, info: dict[str, int]) -> None:
        if phase == "start" and running[0]:
            collections[running[0]].append(info["generation"])

    def during(name: str, work: Callable[[], T]) -> T:
        collections[name] = []
        running[0] = name
        try:
            return work()
        finally:
            running[0] = ""

    year = ReportPeriod(date(TODAY.year, 1, 1), date(TODAY.year, 12, 31), f"{TODAY.year}年度", "year")
    gc.callbacks.append(seen)
    try:
        with demo.session() as session:
            data = during("dashboard", lambda: dashboard_data(session, TODAY, NOW))
            findings = during("checks", lambda: run_checks(session, TODAY))
            inspection = during("inspection", lambda: inspect(session, year, NOW))
    finally:
        gc.callbacks.remove(seen)
    assert data.groups and findings and inspection.posting.posts > 1000  # real work was done
    assert set(collections) == {"dashboard", "checks", "inspection"}
    # (at most the one young collection that runs as collection resumes, on the way out; dozens before)
    assert all(found in ([], [0]) for found in collections.values()), collections
    assert gc.isenabled()
