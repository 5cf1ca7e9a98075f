"""年审 for every account (issue 14 item 1): owed without anyone creating it, seen by ``gmdesk check``, the
dashboard, the ledger and the account's 备案记录 from the review month's first day, overdue after its last, and
gone once recorded."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest

from gmdesk.cli import main
from gmdesk.domain.enums import AccountState, FilingKind, PaperState
from gmdesk.domain.findings import RuleId
from gmdesk.domain.platforms import Platform
from gmdesk.domain.today import TodoKind
from gmdesk.services import accounts_checks, filings
from gmdesk.services.accounts import account_detail, ledger
from gmdesk.services.checks import run_checks
from gmdesk.services.dashboard import dashboard_data
from gmdesk.store.database import Database
from tests.services.test_accounts_service import create, make_unit, new_account

ACCOUNT_RULES = (accounts_checks.account_findings,)


@pytest.fixture
def county(database: Database) -> dict[str, int]:
    """Accounts of every kind around the 2025 review month (November)."""
    unit = make_unit(database)
    made = {
        "running": create(database, new_account(unit, name="城关镇发布", opened_on=date(2024, 12, 2))),
        "late_october": create(
            database,
            new_account(unit, name="城关镇微博", platform=Platform.WEIBO, opened_on=date(2025, 10, 31)),
        ),
        "unfiled": create(
            database,
            new_account(
                unit,
                AccountState.OPENED,
                name="城关镇抖音",
                platform=Platform.DOUYIN,
                opened_on=date(2025, 3, 3),
            ),
        ),
        "november": create(
            database,
            new_account(unit, name="城关镇快手", platform=Platform.KUAISHOU, opened_on=date(2025, 11, 1)),
        ),
        "planned": create(
            database,
            new_account(
                unit, AccountState.PROPOSED, name="城关镇头条", platform=Platform.TOUTIAO, opened_on=None
            ),
        ),
    }
    return made


def reviews(database: Database, day: date) -> dict[int, RuleId]:
    with database.session() as session:
        found = run_checks(session, day, ACCOUNT_RULES)
    return {f.account_id: RuleId(f.rule) for f in found if "年审" in f.message}  # type: ignore[misc]


@pytest.mark.parametrize(
    ("day", "rule"),
    [
        (date(2025, 10, 31), None),
        (date(2025, 11, 1), RuleId.FILING_DUE_SOON),
        (date(2025, 11, 17), RuleId.FILING_DUE_SOON),
        (date(2025, 11, 30), RuleId.FILING_DUE_SOON),
        (date(2025, 12, 1), RuleId.FILING_OVERDUE),
        (date(2026, 3, 2), RuleId.FILING_OVERDUE),
    ],
)
def test_every_live_account_opened_before_november_owes_its_review(
    database: Database, county: dict[str, int], day: date, rule: RuleId | None
) -> None:
    found = reviews(database, day)
    owing = {county["running"], county["late_october"], county["unfiled"]}
    assert found == ({} if rule is None else dict.fromkeys(owing, rule))


def test_the_finding_names_the_review_and_tells_days(database: Database, county: dict[str, int]) -> None:
    with database.session() as session:
        (soon,) = [
            f
            for f in run_checks(session, date(2025, 11, 25), ACCOUNT_RULES, account_ids=[county["running"]])
            if "年审" in f.message
        ]
        (late,) = [
            f
            for f in run_checks(session, date(2025, 12, 8), ACCOUNT_RULES, account_ids=[county["running"]])
            if "年审" in f.message
        ]
    assert soon.message.startswith("2025年度年审") and "2025-11-30" in soon.message and soon.when == "剩5天"
    assert late.severity.value == "violation" and late.when == "逾期8天" and "工作日" not in late.message


def test_recording_the_review_makes_it_vanish(database: Database, county: dict[str, int]) -> None:
    day = date(2025, 12, 1)
    now = datetime(2025, 12, 1, 9, 0)
    with database.session() as session:
        row = next(
            e
            for e in account_detail(session, county["running"], day, with_findings=False).events
            if e.kind is FilingKind.ANNUAL_REVIEW
        )
        assert (row.id, row.pending, row.due_on, row.remaining) == (0, True, date(2025, 11, 30), "逾期1天")
    with database.session() as session:
        event_id = filings.recorded_event_id(session, row.id, row.account_id, row.triggered_on.year, "测试员")
        filings.set_paper_state(session, event_id, PaperState.FILED, "测试员", now, "", day)
    with (
        database.session() as session
    ):  # withdrawn with a reason: exempted (e.g. the account is being merged)
        other = filings.annual_review_event(session, county["unfiled"], 2025, "测试员")
        assert filings.annual_review_event(session, county["unfiled"], 2025, "测试员") == other  # once
        filings.withdraw_event(session, other, "账号已整合，年审由主账号办理", "测试员")
    assert reviews(database, day) == {county["late_october"]: RuleId.FILING_OVERDUE}
    with database.session() as session:
        events = account_detail(session, county["running"], day, with_findings=False).events
    (done,) = [e for e in events if e.kind is FilingKind.ANNUAL_REVIEW]
    assert not done.pending and done.completed_on == day
    # the next review year opens on 1 November 2026, for every account live then
    assert set(reviews(database, date(2026, 11, 1))) == {
        county["running"],
        county["late_october"],
        county["unfiled"],
        county["november"],
    }


def test_ledger_and_dashboard_see_the_owed_review(database: Database, county: dict[str, int]) -> None:
    day = date(2025, 11, 3)
    with database.session() as session:
        rows = {r.id: r for r in ledger(session, day).rows}
        board = dashboard_data(session, day, datetime(2025, 11, 3, 9, 0), with_posts=False)
    assert rows[county["running"]].deadline_text == "2025年度年审 2025-11-30（剩27天）"
    assert rows[county["november"]].deadline_text == "" and rows[county["planned"]].deadline_text == ""
    group = board.group(TodoKind.FILING)
    assert group is not None
    items = [i for i in group.items if "年审" in i.detail]
    assert {i.target_id for i in items} == {county["running"], county["late_october"], county["unfiled"]}
    assert all(i.when_text == "剩27天" for i in items)


def test_gmdesk_check_reports_the_reviews_on_the_first_of_december(
    database: Database, county: dict[str, int], db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database.close()
    code = main(["check", "--db", str(db_path), "--date", "2025-12-01", "--json"])
    found = [f for f in json.loads(capsys.readouterr().out) if "年审" in f["message"]]
    assert code == 1
    assert sorted(f["account"] for f in found) == ["城关镇发布", "城关镇微博", "城关镇抖音"]
    assert {f["rule"] for f in found} == {"FILING_OVERDUE"}
