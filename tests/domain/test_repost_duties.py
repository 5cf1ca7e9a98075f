"""转发任务: targets not ticked off by the deadline become REPOST_OVERDUE findings."""

from __future__ import annotations

from datetime import date, datetime

from gmdesk.domain.enums import Severity
from gmdesk.domain.repost_duties import Duty, overdue_findings

DUE = datetime(2026, 11, 18, 17, 30)


def duty(account: str, done: datetime | None) -> Duty:
    return Duty(
        4, "一图读懂2026年青岚县政府工作报告", "青岚县人民政府办公室", DUE, hash(account) % 100, account, done
    )


def test_only_missing_reposts_past_the_deadline_are_overdue() -> None:
    duties = [
        duty("青岚发布", None),
        duty("青岚教育", datetime(2026, 11, 18, 10)),
        duty("青岚文旅", datetime(2026, 11, 19, 9)),
    ]
    (finding,) = overdue_findings(duties, datetime(2026, 11, 20, 9, 30))
    assert finding.rule == "REPOST_OVERDUE" and finding.severity is Severity.VIOLATION
    assert finding.account == "青岚发布" and finding.date == date(2026, 11, 18)
    assert (
        "青岚县人民政府办公室要求于2026-11-18 17:30前转发《一图读懂2026年青岚县政府工作报告》"
        in finding.message
    )
    assert "已逾期2天" in finding.message
    assert finding.subject == "repost_task:4"
    assert duties[2].was_late() and not duties[1].was_late()


def test_nothing_is_overdue_before_the_deadline() -> None:
    assert overdue_findings([duty("青岚发布", None)], datetime(2026, 11, 18, 17, 0)) == []
    (same_day,) = overdue_findings([duty("青岚发布", None)], datetime(2026, 11, 18, 18, 0))
    assert "已过截止时间" in same_day.message
