"""The account and filing rules on plain facts: duplicates, deadlines, passwords, 认证主体."""

from __future__ import annotations

from datetime import date

from gmdesk.domain.account_checks import (
    AccountFacts,
    PendingFiling,
    duplicate_platform,
    entity_mismatch,
    filing_findings,
    password_rotation,
    same_entity,
)
from gmdesk.domain.enums import AccountState, FilingKind, Severity
from gmdesk.domain.findings import RuleId
from gmdesk.domain.platforms import Platform
from gmdesk.domain.policy import PRESETS, FilingRules, days, default_profile
from gmdesk.domain.workdays import WorkCalendar

AS_OF = date(2026, 11, 20)
CAL = WorkCalendar()
RULES = default_profile().filing


def rules_for(_: int) -> FilingRules:
    return RULES


def account(id_: int, **kw: object) -> AccountFacts:
    values: dict[str, object] = dict(
        name=f"账号{id_}",
        unit_id=1,
        unit_name="青岚县城关镇人民政府",
        platform=Platform.WEIBO,
        state=AccountState.RUNNING,
        opened_on=date(2024, 1, id_),
        verified_entity="青岚县城关镇人民政府",
        password_rotated_on=date(2026, 10, 1),
        has_custodian=True,
    )
    values.update(kw)
    return AccountFacts(id_, **values)  # type: ignore[arg-type]


def test_a_second_account_on_one_platform_is_flagged_not_the_first() -> None:
    accounts = [
        account(2, opened_on=date(2025, 3, 1)),
        account(1, opened_on=date(2020, 3, 1)),
        account(3, platform=Platform.DOUYIN),
        account(4, unit_id=2, unit_name="县教育局"),
    ]
    (finding,) = duplicate_platform(accounts, AS_OF)
    assert (finding.rule, finding.severity, finding.account_id) == (
        RuleId.DUPLICATE_PLATFORM,
        Severity.VIOLATION,
        2,
    )
    assert "已有账号“账号1”" in finding.message and "国办发〔2018〕123号" in finding.message
    assert finding.date == date(2025, 3, 1)


def test_a_planned_second_account_counts_a_closed_one_does_not() -> None:
    planned = [account(1), account(2, state=AccountState.PROPOSED, opened_on=None)]
    assert [f.account_id for f in duplicate_platform(planned, AS_OF)] == [2]
    closed = [account(1), account(2, state=AccountState.CLOSED), account(3, state=AccountState.CANCELED)]
    assert list(duplicate_platform(closed, AS_OF)) == []


def pending(kind: FilingKind, due: date | None, id_: int = 1) -> PendingFiling:
    return PendingFiling(id_, 7, "城关镇发布", kind, date(2026, 11, 2), due)


def test_overdue_and_due_soon_filings() -> None:
    found = list(
        filing_findings(
            [
                pending(FilingKind.CHANGE_FILING, date(2026, 11, 13), 1),  # five working days late
                pending(FilingKind.OPEN_FILING, date(2026, 11, 24), 2),  # two working days left
                pending(FilingKind.CANCEL_FILING, date(2026, 11, 30), 3),  # plenty of time
                pending(FilingKind.APPLICATION, None, 4),  # no deadline
                pending(FilingKind.CLOSURE_NOTICE, date(2026, 11, 1), 5),  # the notice period, not a deadline
            ],
            AS_OF,
            rules_for,
            CAL,
        )
    )
    assert [(f.rule, f.severity, f.subject) for f in found] == [
        (RuleId.FILING_OVERDUE, Severity.VIOLATION, "filing:1"),
        (RuleId.FILING_DUE_SOON, Severity.WARNING, "filing:2"),
    ]
    overdue, soon = found
    assert overdue.message == "变更备案应于2026-11-13前办理（变更后5个工作日内），已5个工作日未办"
    assert soon.message == "开设备案须于2026-11-24前办理（开设后5个工作日内），剩2个工作日"
    assert overdue.to_json() == {
        "rule": "FILING_OVERDUE",
        "severity": "violation",
        "account": "城关镇发布",
        "date": "2026-11-13",
        "message": overdue.message,
    }


def test_due_soon_follows_the_accounts_profile() -> None:
    wide = FilingRules(due_soon=days(10))
    found = list(
        filing_findings([pending(FilingKind.OPEN_FILING, date(2026, 11, 30))], AS_OF, lambda _: wide, CAL)
    )
    assert [f.rule for f in found] == [RuleId.FILING_DUE_SOON]
    assert (
        "开设后10个工作日内"
        in next(
            iter(
                filing_findings(
                    [pending(FilingKind.OPEN_FILING, date(2026, 11, 23))],
                    AS_OF,
                    lambda _: PRESETS["天心区"].filing,
                    CAL,
                )
            )
        ).message
    )


def test_password_rotation() -> None:
    accounts = [
        account(1, password_rotated_on=date(2026, 8, 22)),  # 90 days: due today, fine
        account(2, password_rotated_on=date(2026, 8, 21)),  # 91 days: overdue
        account(3, password_rotated_on=None, opened_on=date(2026, 1, 5)),  # never since opening
        account(4, has_custodian=False),  # nobody holds it
        account(5, password_rotated_on=date(2020, 1, 1), state=AccountState.CLOSED),
    ]
    found = {f.account_id: f for f in password_rotation(accounts, AS_OF, rules_for, CAL)}
    assert sorted(found) == [2, 3, 4]
    assert all(f.rule == RuleId.PASSWORD_ROTATION and f.severity is Severity.WARNING for f in found.values())
    assert "最近一次更换为2026-08-21" in found[2].message and found[2].date == date(2026, 11, 19)
    assert "开设（2026-01-05）以来未登记更换" in found[3].message
    assert found[4].message.startswith("未登记密码保管人")


def test_entity_mismatch() -> None:
    accounts = [
        account(1),
        account(2, verified_entity="青岚县城关镇党政综合办公室"),
        account(3, verified_entity=""),  # not yet verified: nothing to compare
        account(4, verified_entity="其他单位", state=AccountState.PROPOSED),
    ]
    (finding,) = entity_mismatch(accounts, AS_OF)
    assert finding.account_id == 2 and finding.rule == RuleId.ENTITY_MISMATCH
    assert "认证主体“青岚县城关镇党政综合办公室”与主办单位“青岚县城关镇人民政府”不一致" in finding.message


def test_entity_comparison_ignores_blanks_and_bracket_width() -> None:
    assert same_entity("青岚县（城关）镇 人民政府", "青岚县(城关)镇人民政府")
    assert not same_entity("青岚县城关镇", "青岚县城关镇人民政府")
