"""The calendar area's check provider on real databases: live accounts only, the wanted accounts only, and
the demo county's deliberate problems found."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from gmdesk.domain.enums import AccountState, Severity
from gmdesk.domain.platforms import Platform
from gmdesk.services import frequency_checks
from gmdesk.services.checks import make_context, providers, run_checks
from gmdesk.services.database import open_database
from gmdesk.services.demo import generate_demo
from gmdesk.services.frequency_checks import frequency_findings
from gmdesk.store.database import Database
from gmdesk.store.models import RepostTarget, RepostTask
from tests import calendar_data as data

TODAY = date(2026, 11, 20)


def test_the_provider_is_registered() -> None:
    assert frequency_checks.frequency_findings in providers()


def build(database: Database) -> dict[str, int]:
    ids = {}
    with database.session() as session:
        owner = data.unit(session)
        active = data.account(session, owner, "青岚发布")
        for n in range(0, 30):
            data.post(session, active, datetime(2026, 11, 19, 9) - timedelta(days=n))
        silent = data.account(session, owner, "青岚教育", Platform.TOUTIAO)
        data.post(session, silent, datetime(2026, 11, 5, 9))
        closing = data.account(
            session, owner, "青岚旅游", Platform.DOUYIN, AccountState.CLOSING, interaction=False
        )
        data.post(session, closing, datetime(2026, 11, 19, 9))
        closed = data.account(session, owner, "青岚旧号", Platform.WEIBO, AccountState.CLOSED)
        data.post(session, closed, datetime(2025, 1, 1, 9))
        service = data.account(session, owner, "青岚政务服务", Platform.WECHAT_SERVICE)
        for day in (2, 6, 10, 14, 18):
            data.post(session, service, datetime(2026, 10, day, 19), mass=True)
        for day in (2, 9, 16, 18):
            data.post(session, service, datetime(2026, 11, day, 19))
        task = RepostTask(
            title="一图读懂政府工作报告",
            issued_by="云江市人民政府办公室",
            issued_on=date(2026, 11, 16),
            due_at=datetime(2026, 11, 17, 17, 30),
        )
        session.add(task)
        session.flush()
        session.add_all([RepostTarget(task_id=task.id, account_id=a.id) for a in (active, closed)])
        ids = {a.name: a.id for a in (active, silent, closing, closed, service)}
    return ids


def test_findings_of_live_accounts_with_dates_and_severities(database: Database) -> None:
    build(database)
    with database.session() as session:
        findings = run_checks(session, TODAY)
    by = {(f.account, str(f.rule)): f for f in findings}
    gap = by[("青岚教育", "UPDATE_GAP")]
    assert gap.severity is Severity.VETO and gap.date == date(2026, 11, 19)
    assert by[("青岚旅游", "NO_INTERACTION")].severity is Severity.VETO  # closing accounts are still checked
    cap = by[("青岚政务服务", "PUSH_CAP")]
    assert (
        cap.date == date(2026, 10, 18)
        and "10月群发5次，超过微信公众号-服务号每自然月最多群发4次" in cap.message
    )
    repost = by[("青岚发布", "REPOST_OVERDUE")]
    assert repost.date == date(2026, 11, 17) and "《一图读懂政府工作报告》" in repost.message
    assert not any(f.account == "青岚旧号" for f in findings)  # closed: neither posts nor repost duties
    assert ("青岚发布", "UPDATE_GAP") not in by and ("青岚发布", "MIN_FREQUENCY") not in by
    assert findings == sorted(findings, key=lambda f: (-f.severity.rank, f.date, f.account, str(f.rule)))
    assert all(f.to_json()["severity"] in ("veto", "violation", "warning") for f in findings)


def test_only_the_wanted_accounts_are_judged(database: Database) -> None:
    ids = build(database)
    with database.session() as session:
        context = make_context(session, TODAY, [ids["青岚教育"]])
        findings = list(frequency_findings(context))
    assert {f.account for f in findings} == {"青岚教育"}


@pytest.fixture(scope="module")
def small_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    database = open_database(path)
    try:
        generate_demo(database, scale="small", seed=1, as_of=TODAY)
    finally:
        database.close()
    return path


def test_the_demo_countys_problems_are_found(small_demo: Path) -> None:
    database = open_database(small_demo)
    try:
        with database.session() as session:
            findings = run_checks(session, TODAY)
    finally:
        database.close()
    rules = Counter(str(f.rule) for f in findings)
    # small demo: one gap over, one zombie (both UPDATE_GAP), one gap soon, two closed interactions,
    # one day and one month over the 群发 cap, a repost task past its deadline
    assert rules["UPDATE_GAP"] >= 2 and rules["ZOMBIE"] >= 1 and rules["UPDATE_GAP_SOON"] >= 1
    assert rules["NO_INTERACTION"] == 2 and rules["PUSH_CAP"] >= 2 and rules["REPOST_OVERDUE"] >= 1
    assert all(f.date <= TODAY + timedelta(days=14) for f in findings)
