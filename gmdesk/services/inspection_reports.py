"""Reports kept: generate (period, scope, narrative) → Word (+ Excel appendices), store a ``Report`` row with the
narrative and the headline figures, list the history, re-open a report's narrative, regenerate it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from gmdesk.documents.report_appendix import write_appendix
from gmdesk.domain.enums import MessageCategory, MessageChannel, MessageState, Urgency
from gmdesk.domain.errors import UserError
from gmdesk.domain.inspection import Inspection, Narrative, title_of
from gmdesk.domain.permissions import Permission
from gmdesk.domain.privacy import mask_contact, mask_text
from gmdesk.domain.rectification import DEFAULT_WORKDAYS
from gmdesk.domain.report_drafts import Drafts, drafts
from gmdesk.domain.report_period import ReportPeriod
from gmdesk.services import audit, operators, settings
from gmdesk.services.calendar import load_work_calendar
from gmdesk.services.inspection import STEPS, inspect
from gmdesk.services.inspection_sets import find_set
from gmdesk.services.operators import requires
from gmdesk.store.models import Report
from gmdesk.store.queries import inspection as queries

# The import inside a function keeps python-docx out of start-up: documents.self_inspection_report imports it.

KIND = "self_inspection"
Progress = Callable[[int, int, str], None]
TOTAL_STEPS = STEPS + 3


@dataclass(frozen=True)
class ReportRequest:
    period: ReportPeriod
    unit_id: int | None = None
    narrative: Narrative = field(default_factory=Narrative)
    indicator_set: str = ""
    """Empty: the national vetoes."""


@dataclass(frozen=True)
class ReportRecord:
    id: int
    title: str
    period: ReportPeriod
    unit_id: int | None
    scope: str
    narrative: Narrative
    figures: dict[str, Any]
    generated_at: datetime | None
    operator: str
    docx_path: str
    xlsx_path: str

    @property
    def indicator_set(self) -> str:
        return str(self.figures.get("indicator_set", ""))


@dataclass(frozen=True)
class Generated:
    record: ReportRecord
    inspection: Inspection
    confidential_left_out: int


def default_organisation(session: Session, unit_id: int | None) -> str:
    if unit_id is not None:
        return queries.unit_name(session, unit_id) or ""
    return str(settings.get(session, settings.COUNTY_NAME) or "")


@dataclass(frozen=True)
class ReportDefaults:
    """What the report prints where the clerk wrote nothing: the title's name, the 落款 and the 主送机关, the
    填报人 (this computer's operator) and 联系电话."""

    organisation: str
    office: str
    recipient: str
    preparer: str
    phone: str


def report_defaults(session: Session, unit_id: int | None) -> ReportDefaults:
    """A unit's report is signed by the unit and goes to the supervising office; the county's is signed by the
    报告单位 (设置, default the supervising office) and goes to the 主送机关 of the settings."""
    supervisor = settings.text(session, settings.SUPERVISOR_NAME)
    if unit_id is not None:
        unit = queries.unit_name(session, unit_id) or ""
        office, recipient = unit, supervisor
    else:
        office, recipient = (
            settings.reporting_office(session),
            settings.text(session, settings.REPORT_RECIPIENT),
        )
    return ReportDefaults(
        default_organisation(session, unit_id),
        office,
        recipient,
        settings.text(session, settings.CURRENT_OPERATOR),
        settings.text(session, settings.OPERATOR_PHONE),
    )


def remember_phone(session: Session, phone: str) -> None:
    """The 联系电话 the clerk typed becomes the default of the next report and 通报."""
    if phone.strip() and phone.strip() != settings.text(session, settings.OPERATOR_PHONE):
        settings.put(session, settings.OPERATOR_PHONE, phone.strip())


def complete(narrative: Narrative, defaults: ReportDefaults, signed_on: date) -> Narrative:
    """The narrative with the defaults where the clerk left a field empty (drafts are added separately)."""
    return narrative.with_(
        organisation=narrative.organisation or defaults.organisation,
        office=narrative.office or defaults.office,
        recipient=narrative.recipient or defaults.recipient,
        preparer=narrative.preparer or defaults.preparer,
        phone=narrative.phone or defaults.phone,
        signed_on=narrative.signed_on or signed_on,
    )


def report_drafts(
    session: Session, inspection: Inspection, now: datetime, narrative: Narrative | None = None
) -> Drafts:
    """主要做法和成效, 七、整改情况 (one row per problem, the clerk's edits in ``narrative.plans`` kept) and
    八、下一步工作安排 drafted from the figures; a new item's 时限 is 20 working days from ``now``."""
    due = load_work_calendar(session).add_workdays(now.date(), DEFAULT_WORKDAYS)
    return drafts(inspection, due, narrative.plans if narrative else ())


def preview(
    session: Session, request: ReportRequest, now: datetime, progress: Progress | None = None
) -> Inspection:
    """The figures of a request, without writing anything (the tab's preview)."""
    return inspect(
        session, request.period, now, request.unit_id, find_set(session, request.indicator_set), progress
    )


@requires(Permission.RECORD)
def generate(
    session: Session,
    request: ReportRequest,
    docx_path: Path | str,
    xlsx_path: Path | str | None,
    operator: str,
    now: datetime,
    *,
    reveal: str = "",
    progress: Progress | None = None,
    report_id: int | None = None,
) -> Generated:
    """Compute, write the files (atomically) and keep the report; ``report_id`` updates that report instead.
    The appendix masks personal data unless ``reveal`` names the purpose (see operators.reveal)."""
    from gmdesk.documents.self_inspection_report import ReportText, write_report

    step = progress or (lambda done, total, text: None)
    narrative = complete(request.narrative, report_defaults(session, request.unit_id), now.date())
    inspection = inspect(
        session,
        request.period,
        now,
        request.unit_id,
        find_set(session, request.indicator_set),
        lambda done, total, text: step(done, TOTAL_STEPS, text),
    )
    drafted = report_drafts(session, inspection, now, narrative)
    printed = narrative.with_(
        achievements=narrative.achievements.strip() or drafted.achievements,
        next_steps=narrative.next_steps.strip() or drafted.next_steps,
        plans=drafted.plans,
    )
    text = ReportText(
        printed,
        narrative.office,
        narrative.signed_on or now.date(),
        narrative.recipient,
        with_excel=bool(xlsx_path),
    )
    step(STEPS + 1, TOTAL_STEPS, "生成 Word 报告…")
    write_report(
        docx_path, inspection, text, lambda text: step(STEPS + 1, TOTAL_STEPS, f"生成 Word 报告：{text}")
    )
    left_out = 0
    if xlsx_path:
        step(STEPS + 2, TOTAL_STEPS, "生成 Excel 附件…")
        left_out = _confidential(session, inspection)
        unmasked = operators.reveal(session, operator, reveal, "report", {"file": Path(xlsx_path).name})
        write_appendix(xlsx_path, inspection, case_rows(session, inspection, unmasked), drafted.plans)
    row = queries.report(session, report_id) if report_id is not None else None
    if report_id is not None and row is None:
        raise UserError("该报告记录已被删除")
    if row is None:
        row = queries.add_report(
            session,
            Report(kind=KIND, title="", period_start=request.period.start, period_end=request.period.end),
        )
    row.title = title_of(inspection, narrative)
    row.period_start, row.period_end, row.unit_id = request.period.start, request.period.end, request.unit_id
    row.narrative = narrative.to_json()
    row.figures = inspection.figures_json()
    row.generated_at, row.operator = now, operator
    row.docx_path, row.xlsx_path = str(docx_path), str(xlsx_path or "")
    session.flush()
    audit.record(
        session,
        operator,
        "生成自查报告",
        "report",
        row.id,
        {"title": row.title, "docx": row.docx_path, "xlsx": row.xlsx_path},
        at=now,
    )
    step(TOTAL_STEPS, TOTAL_STEPS, "")
    return Generated(_record(row, inspection.scope), inspection, left_out)


@requires(Permission.RECORD)
def regenerate(
    session: Session,
    report_id: int,
    operator: str,
    now: datetime,
    *,
    narrative: Narrative | None = None,
    docx_path: Path | str | None = None,
    xlsx_path: Path | str | None = None,
    reveal: str = "",
    progress: Progress | None = None,
) -> Generated:
    """Generate a kept report again from today's data (its period, scope, narrative and indicator set)."""
    record = get(session, report_id)
    request = ReportRequest(
        record.period, record.unit_id, narrative or record.narrative, record.indicator_set
    )
    return generate(
        session,
        request,
        docx_path or record.docx_path,
        xlsx_path or record.xlsx_path or None,
        operator,
        now,
        reveal=reveal,
        progress=progress,
        report_id=report_id,
    )


def history(session: Session) -> list[ReportRecord]:
    """The self-inspection reports kept, newest first (通报 are kept beside them but not listed here)."""
    return [
        _record(r.report, r.unit_name or "全县") for r in queries.reports(session) if r.report.kind == KIND
    ]


def get(session: Session, report_id: int) -> ReportRecord:
    row = queries.report(session, report_id)
    if row is None:
        raise UserError("该报告记录不存在或已被删除")
    scope = queries.unit_name(session, row.unit_id) if row.unit_id is not None else None
    return _record(row, scope or "全县")


def _record(row: Report, scope: str) -> ReportRecord:
    figures = dict(row.figures or {})
    stored = figures.get("period")
    period = (
        ReportPeriod.from_json(stored)
        if isinstance(stored, dict)
        else ReportPeriod(
            row.period_start, row.period_end, f"{row.period_start.isoformat()}至{row.period_end.isoformat()}"
        )
    )
    return ReportRecord(
        row.id,
        row.title,
        period,
        row.unit_id,
        scope,
        Narrative.from_json(row.narrative),
        figures,
        row.generated_at,
        row.operator or "",
        row.docx_path or "",
        row.xlsx_path or "",
    )


def resolve_unit(session: Session, name: str) -> int:
    """A unit by its full or short name, with a Chinese message when there is none or several."""
    found = queries.unit_by_name(session, name.strip())
    if not found:
        raise UserError(f"没有名为“{name}”的单位")
    if len(found) > 1:
        raise UserError(f"有{len(found)}个单位名为“{name}”，请使用全称")
    return int(found[0].id)


# --------------------------------------------------------------------------- the message case list
def _bounds(inspection: Inspection) -> tuple[datetime, datetime, list[int] | None]:
    first = datetime.combine(inspection.period.start, time())
    before = datetime.combine(inspection.last_day + timedelta(days=1), time())
    ids = None if inspection.unit_id is None else [a.id for a in inspection.accounts]
    return first, before, ids


def _confidential(session: Session, inspection: Inspection) -> int:
    return queries.confidential_count(session, *_bounds(inspection))


def case_rows(session: Session, inspection: Inspection, reveal: bool = False) -> Iterator[list[Any]]:
    """The messages of the period for the appendix: 保密 ones left out, phone and ID numbers masked unless
    ``reveal`` (an operator allowed to see personal data)."""
    show = (lambda text: text or "") if reveal else (lambda text: mask_text(text or ""))
    for case in queries.message_cases(session, *_bounds(inspection)):
        state = MessageState(case.state)
        due, answered = case.answer_due, case.answered_at
        if answered is not None and state is not MessageState.REJECTED:
            timely = "按期" if due is None or answered <= due else "逾期"
        else:
            timely = ""
        contact = case.writer_contact
        yield [
            case.id,
            case.account_name,
            MessageChannel(case.channel).label,
            case.received_at,
            MessageCategory(case.category).label,
            Urgency(case.urgency).label,
            case.writer_name,
            contact if reveal else mask_contact(contact or ""),
            show(case.content),
            state.label,
            due,
            answered,
            timely,
        ]


def suggested_name(period: ReportPeriod, scope: str, day: date) -> str:
    return f"{scope}{period.label}政务新媒体自查报告（{day.isoformat()}）.docx"
