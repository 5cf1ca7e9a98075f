"""The office's 错敏 entries and exceptions in and out of Excel (kind ``wording``); all or nothing."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from gmdesk.documents import wording_xlsx as layout
from gmdesk.documents.xlsx import ImportRejected, Problem, RowReader, date_value, read_table
from gmdesk.domain.enums import WordingCategory
from gmdesk.domain.errors import UserError
from gmdesk.services import backups, import_limits
from gmdesk.services.wording import TermRow, check_term, import_terms, term_rows


def read_terms(path: Path | str) -> list[TermRow]:
    """Every row checked; ImportRejected listing each problem with its row and column."""
    path = Path(path)
    table = read_table(path, layout.COLUMNS, lengths=import_limits.WORDING)
    problems: list[Problem] = []
    rows: list[TermRow] = []
    seen: set[tuple[bool, str]] = set()
    for row in table.rows:
        reader = RowReader(row, problems)
        kind = reader.cell(layout.KIND) or "词条"
        if kind not in ("词条", "例外"):
            reader.fail(layout.KIND, "应为“词条”或“例外”")
            continue
        wrong = reader.cell(layout.WRONG, required=True)
        category_text = reader.cell(layout.CATEGORY)
        since = reader.cell(layout.SINCE, date_value)
        if not reader.ok:
            continue
        category = None
        if kind == "词条":
            try:
                category = WordingCategory.from_text(category_text or "")
            except ValueError as error:
                reader.fail(layout.CATEGORY, str(error))
                continue
        term = TermRow(
            None,
            kind == "例外",
            wrong,
            reader.cell(layout.RIGHT) or "",
            category,
            reader.cell(layout.NOTE) or "",
            since,
        )
        try:
            term = check_term(term)
        except UserError as error:
            column = {
                "wrong": layout.WRONG,
                "right": layout.RIGHT,
                "category": layout.CATEGORY,
                "since": layout.SINCE,
            }.get(error.field or "", layout.WRONG)
            reader.fail(column, str(error))
            continue
        if (term.is_exception, term.wrong) in seen:
            reader.fail(layout.WRONG, f"与前面的行重复：“{term.wrong}”")
            continue
        seen.add((term.is_exception, term.wrong))
        rows.append(term)
    if problems:
        raise ImportRejected(path, problems)
    if not rows:
        raise ImportRejected(path, [Problem("文件中没有数据行（第1行为表头，数据从第2行开始）")])
    return rows


def import_terms_file(session: Session, path: Path | str, operator: str, dry_run: bool = False) -> str:
    rows = read_terms(path)
    if dry_run:
        return f"{len(rows)}条本单位错敏词条和例外可以导入。"
    backups.before_write(session, "import")
    added, replaced = import_terms(session, rows, operator)
    return f"已导入本单位错敏词库：新增{added}条，替换{replaced}条。"


def export_terms(session: Session, path: Path | str) -> int:
    rows = term_rows(session)
    layout.write_terms(path, rows)
    return len(rows)
