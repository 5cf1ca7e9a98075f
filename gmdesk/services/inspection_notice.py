"""The quarterly 检查情况通报 to the units (domain §6): the county's inspection of a quarter, turned into the
office's notice with its 文号, 主送, per-unit figures, ranking, problems and 整改 deadline, written as Word and
kept with the reports (kind ``notice``) so that the next 文号 follows. The GUI's 通报 button and ``gmdesk notice``
both call :func:`generate_notice`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy.orm import Session

from gmdesk.domain.errors import UserError
from gmdesk.domain.notice import DEFAULT_WORKDAYS, Notice, build_notice, default_recipients, notice_title
from gmdesk.domain.permissions import Permission
from gmdesk.domain.report_period import ReportPeriod
from gmdesk.services import audit, settings
from gmdesk.services.calendar import load_work_calendar
from gmdesk.services.inspection import inspect
from gmdesk.services.inspection_sets import find_set
from gmdesk.services.operators import requires
from gmdesk.store.models import Report
from gmdesk.store.queries import accounts as account_queries
from gmdesk.store.queries import inspection as queries

# The import inside a function keeps python-docx out of start-up: documents.inspection_notice imports it.

KIND = "notice"
MAX_WORKDAYS = 60


@dataclass(frozen=True)
class NoticeRequest:
    period: ReportPeriod
    number: str = ""
    """文号; empty: the office's 机关代字, the year and the next number (青政办〔2025〕3号)."""
    signed_on: date | None = None
    """成文日期; empty: the day of generating."""
    workdays: int = DEFAULT_WORKDAYS
    """整改时限 in working days from the 成文日期."""
    recipients: str = ""
    """主送; empty: every township and county unit."""
    office: str = ""
    """落款; empty: 设置 › 报告单位 (default the supervising office)."""
    indicator_set: str = ""


@dataclass(frozen=True)
class NoticeDefaults:
    number: str
    office: str
    recipients: str
    contact: str
    phone: str


@dataclass(frozen=True)
class GeneratedNotice:
    notice: Notice
    path: Path
    report_id: int


def notice_defaults(session: Session, period: ReportPeriod, day: date) -> NoticeDefaults:
    code = settings.text(session, settings.DOCUMENT_CODE)
    sequence = queries.reports_of_year(session, KIND, day.year) + 1
    types = [u.unit_type for u in account_queries.all_units(session) if u.active]
    return NoticeDefaults(
        f"{code}〔{day.year}〕{sequence}号",
        settings.reporting_office(session),
        default_recipients(types),
        settings.text(session, settings.CURRENT_OPERATOR),
        settings.text(session, settings.OPERATOR_PHONE),
    )


@requires(Permission.RECORD)
def generate_notice(
    session: Session, request: NoticeRequest, path: Path | str, operator: str, now: datetime
) -> GeneratedNotice:
    """Inspect the period for the whole county, write the 通报 (atomically) and keep it."""
    from gmdesk.documents.inspection_notice import write_notice

    if not 1 <= request.workdays <= MAX_WORKDAYS:
        raise UserError(f"整改时限应为1至{MAX_WORKDAYS}个工作日", field="workdays")
    signed_on = request.signed_on or now.date()
    if signed_on < request.period.start:
        raise UserError("通报的成文日期不能早于统计期开始", field="signed_on")
    defaults = notice_defaults(session, request.period, signed_on)
    inspection = inspect(session, request.period, now, None, find_set(session, request.indicator_set))
    deadline = load_work_calendar(session).add_workdays(signed_on, request.workdays)
    notice = build_notice(
        inspection,
        number=request.number.strip() or defaults.number,
        office=request.office.strip() or defaults.office,
        recipients=request.recipients.strip() or defaults.recipients,
        signed_on=signed_on,
        deadline=deadline,
        workdays=request.workdays,
        contact=defaults.contact,
        phone=defaults.phone,
    )
    write_notice(path, notice)
    row = queries.add_report(
        session,
        Report(
            kind=KIND, title=notice.title, period_start=request.period.start, period_end=request.period.end
        ),
    )
    row.narrative = {
        "number": notice.number,
        "office": notice.office,
        "recipients": notice.recipients,
        "signed_on": signed_on.isoformat(),
        "workdays": request.workdays,
    }
    row.figures = {**inspection.figures_json(), "units": len(notice.units), "deadline": deadline.isoformat()}
    row.generated_at, row.operator, row.docx_path = now, operator, str(path)
    session.flush()
    audit.record(
        session,
        operator,
        "生成检查情况通报",
        "report",
        row.id,
        {"title": notice.title, "number": notice.number, "docx": str(path)},
        at=now,
    )
    return GeneratedNotice(notice, Path(path), row.id)


def suggested_name(period: ReportPeriod) -> str:
    return f"{notice_title(period.label)}.docx"
