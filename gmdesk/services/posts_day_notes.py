"""Notes on calendar days (a meeting, a campaign, "停电"), for every account or one."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from gmdesk.domain.errors import UserError
from gmdesk.domain.permissions import Permission
from gmdesk.services import audit
from gmdesk.services.conflicts import check_unchanged
from gmdesk.services.operators import requires
from gmdesk.store.models import DayNote
from gmdesk.store.queries import day_notes as queries

NOTE_MAX = 500


def _clean(text: str) -> str:
    text = text.strip()
    if not text:
        raise UserError("备注内容不能为空")
    if len(text) > NOTE_MAX:
        raise UserError(f"备注不能超过{NOTE_MAX}个字")
    return text


@requires(Permission.RECORD)
def add_note(session: Session, day: date, text: str, operator: str, account_id: int | None = None) -> int:
    note = DayNote(day=day, text=_clean(text), account_id=account_id)
    session.add(note)
    session.flush()
    audit.record(
        session, operator, "添加日历备注", "day_note", note.id, {"day": day.isoformat(), "text": note.text}
    )
    return note.id


@requires(Permission.RECORD)
def update_note(session: Session, note_id: int, text: str, operator: str, shown: str | None = None) -> None:
    """Change a note's text; ``shown``: the text the form showed (None: not checked), so that a note another
    clerk changed meanwhile is not overwritten."""
    note = queries.get(session, note_id)
    if note is None:
        raise UserError("该备注已被删除")
    if shown is not None:
        check_unchanged(session, note, note.text == shown, f"{note.day:%m月%d日}的备注")
    note.text = _clean(text)
    audit.record(session, operator, "修改日历备注", "day_note", note.id, {"text": note.text})


def note_text(session: Session, note_id: int) -> str:
    """The note's text as saved now (the form's 重新载入)."""
    note = queries.get(session, note_id)
    if note is None:
        raise UserError("该备注已被删除")
    return note.text


@requires(Permission.DELETE)
def delete_note(session: Session, note_id: int, operator: str) -> None:
    note = queries.get(session, note_id)
    if note is not None:
        audit.record(session, operator, "删除日历备注", "day_note", note.id, {"text": note.text})
        session.delete(note)
