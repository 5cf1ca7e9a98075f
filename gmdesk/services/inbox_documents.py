"""Word documents of the inbox: the 转办单 for the receiving unit and a message's case file (案卷).

Both mask personal data unless ``reveal``; for a 保密 message the 转办单 withholds the writer's name and masks
every number whatever the role, because it leaves the office.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from gmdesk.domain.deadlines import describe_due
from gmdesk.domain.errors import UserError
from gmdesk.domain.privacy import mask_text
from gmdesk.services import audit, operators, settings
from gmdesk.services.calendar import load_work_calendar
from gmdesk.services.inbox import MessageDetail, message_detail
from gmdesk.store.queries import transfers as transfer_queries

# Imports inside functions keep python-docx out of start-up: the forms' modules import it at their top.

if TYPE_CHECKING:
    from gmdesk.documents.case_file import CaseFile


def transfer_number(transfer_id: int, sent: datetime) -> str:
    return f"转〔{sent.year}〕第{transfer_id:04d}号"


def write_transfer_form(
    session: Session, transfer_id: int, path: Path | str, *, now: datetime, operator: str | None = None
) -> Path:
    """The 转办单 of one forward, ready to print, sign and send.

    Privacy by purpose: the handling unit must call the writer back, so the form carries the writer's
    contact (unless the writer asked for confidentiality: then the office replies itself), with a note that
    it serves this case only; other personal data in the text (ID and card numbers …) stays masked. That
    the contact left the office, and to whom, is recorded in the audit trail."""
    from gmdesk.documents.transfer_form import TransferSheet
    from gmdesk.documents.transfer_form import write_transfer_form as write

    row = transfer_queries.transfer(session, transfer_id)
    if row is None:
        raise UserError("该转办记录不存在")
    detail = message_detail(session, row.message_id, now, reveal=True)
    unit = transfer_queries.unit(session, row.unit_id)
    if detail is None or unit is None:
        raise UserError("转办对应的留言或承办单位已不存在")
    workdays = load_work_calendar(session).count_workdays(row.sent_at.date(), row.due_on)
    sheet = TransferSheet(
        number=transfer_number(row.id, row.sent_at),
        sender=settings.get(session, settings.SUPERVISOR_NAME),
        unit=unit.name,
        sent_at=row.sent_at,
        due_on=row.due_on,
        due_workdays=workdays,
        message_id=detail.id,
        received_at=detail.received_at,
        account=f"{detail.account_name}（{detail.platform.label}）",
        channel=detail.channel.label,
        writer="（留言人要求保密）" if detail.confidential else detail.writer_name,
        contact="（留言人要求保密，由转办单位答复）" if detail.confidential else detail.writer_contact,
        category=detail.category.label,
        urgency=detail.urgency.label,
        content=mask_text(detail.content),
        requirement=row.note,
        operator=row.operator,
        answer=mask_text(row.answer_text),
        answered_at=row.answered_at,
        confidential=detail.confidential,
    )
    written = write(sheet, path)
    audit.record(
        session,
        operator or operators.current(session).name,
        "生成转办单",
        "transfers",
        transfer_id,
        {
            "unit": unit.name,
            "message": detail.id,
            "contact": "未含（保密）" if detail.confidential else "含留言人联系方式（用于回复）",
        },
    )
    return written


def _case(detail: MessageDetail, operator: str, now: datetime) -> CaseFile:
    from gmdesk.documents.case_file import CaseFile, CaseReply, CaseStep, CaseTransfer

    d = detail.deadlines
    facts = [
        ("编号", f"#{detail.id}"),
        ("状态", detail.state.label),
        ("账号", f"{detail.account_name}（{detail.platform.label}）"),
        ("主办单位", detail.unit_name),
        ("渠道", detail.channel.label),
        ("收到时间", f"{detail.received_at:%Y-%m-%d %H:%M}"),
        ("留言人", detail.writer_name or "（未留名）"),
        ("联系方式", detail.writer_contact or "（未留）"),
        ("类别", detail.category.label),
        ("紧急程度", detail.urgency.label),
        ("是否保密", "是" if detail.confidential else "否"),
        ("办理部门", detail.assigned_unit or "—"),
    ]
    deadlines = [
        ("首次回应期限", describe_due(d.first_response)),
        ("首次回应时间", f"{detail.first_response_at:%Y-%m-%d %H:%M}" if detail.first_response_at else "—"),
        ("答复期限", describe_due(d.answer)),
        ("答复时间", f"{detail.answered_at:%Y-%m-%d %H:%M}" if detail.answered_at else "—"),
        (
            "延期",
            f"{detail.extension_workdays}个工作日：{detail.extension_reason}"
            if detail.extension_workdays
            else "—",
        ),
        ("承诺答复期限", detail.committed_due.isoformat() if detail.committed_due else "—"),
        ("办结时间", f"{detail.closed_at:%Y-%m-%d %H:%M}" if detail.closed_at else "—"),
        (
            "办理结果",
            detail.answer_outcome.text
            if detail.answer_outcome
            else (detail.rejected_reason and "不予受理：" + detail.rejected_reason) or "办理中",
        ),
    ]
    if d.window_closes is not None:
        deadlines.insert(1, ("私信回复窗口", f"{d.window_closes:%Y-%m-%d %H:%M} 关闭"))
    return CaseFile(
        title=f"留言办理案卷（#{detail.id}）",
        facts=facts,
        content=detail.content,
        deadlines=deadlines,
        steps=[CaseStep(h.at, h.kind.label, h.operator, h.note) for h in detail.history],
        transfers=[
            CaseTransfer(
                t.unit_name, t.sent_at, t.due_on.isoformat(), t.answered_at, t.answer_text, t.operator
            )
            for t in detail.transfers
        ],
        replies=[
            CaseReply(r.at, "答复" if r.is_final else "首次回应/进展告知", r.operator, r.text)
            for r in detail.replies
        ],
        printed_by=operator,
        printed_at=now,
        masked=not detail.revealed,
    )


def write_case_file(
    session: Session, message_id: int, path: Path | str, *, now: datetime, operator: str, reveal: str = ""
) -> Path:
    """The message's case file: the message, its deadlines, every step, the 转办 and the replies (personal
    data masked unless ``reveal`` names the purpose, see operators.reveal)."""
    from gmdesk.documents.case_file import write_case_file as write

    unmasked = operators.reveal(
        session, operator, reveal, "message", {"message": message_id, "file": Path(path).name}
    )
    detail = message_detail(session, message_id, now, reveal=unmasked)
    if detail is None:
        raise UserError(f"留言 #{message_id} 不存在")
    return write(_case(detail, operator, now), path)
