"""The training register (domain §8, §9): trainings with their attendees from the people of the ledger and a
scan of the sign-in sheet; the year's counts against the profile's targets; ``TRAINING_SHORT`` for
``gmdesk check``; the Excel kind ``trainings`` (日期, 名称, 类型, 组织单位, 学时, 参加人员 — names joined by 、)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from gmdesk.documents import trainings_xlsx as layout
from gmdesk.documents.xlsx import ImportRejected, Problem, RowReader, date_value, read_table
from gmdesk.domain.enums import TrainingKind
from gmdesk.domain.errors import UserError
from gmdesk.domain.findings import Finding
from gmdesk.domain.permissions import Permission
from gmdesk.domain.policy import TrainingRules
from gmdesk.domain.training import TrainingCount, check_hours, training_short
from gmdesk.services import attachments, audit, backups, import_limits
from gmdesk.services.accounts_data import AttachmentRow
from gmdesk.services.checks import CheckContext
from gmdesk.services.conflicts import check_version
from gmdesk.services.operators import requires
from gmdesk.services.policy import PolicyResolver
from gmdesk.store.models import Training, TrainingAttendee
from gmdesk.store.queries import trainings as queries

NAME_SEPARATORS = re.compile(r"[、,，;；\s]+")


@dataclass(frozen=True)
class PersonChoice:
    id: int
    name: str
    unit: str
    title: str = ""

    @property
    def display(self) -> str:
        return f"{self.name}（{self.unit}）" if self.unit else self.name


@dataclass(frozen=True)
class TrainingForm:
    id: int | None
    held_on: date | None
    title: str
    kind: TrainingKind
    organiser: str = ""
    hours: float = 0.0
    attendee_ids: tuple[int, ...] = ()
    note: str = ""
    version: int | None = None
    """The training's version when the form was filled from it (None: not checked — a new one, an import)."""


@dataclass(frozen=True)
class TrainingRow:
    id: int
    held_on: date
    title: str
    kind: TrainingKind
    organiser: str
    hours: float
    attendees: tuple[PersonChoice, ...]
    note: str
    sheets: tuple[AttachmentRow, ...] = ()
    version: int = 1
    """The training's version as read, which the form sends back with its changes."""

    @property
    def attendee_names(self) -> str:
        return "、".join(p.name for p in self.attendees)

    def form(self) -> TrainingForm:
        return TrainingForm(
            self.id,
            self.held_on,
            self.title,
            self.kind,
            self.organiser,
            self.hours,
            tuple(p.id for p in self.attendees),
            self.note,
            self.version,
        )


@dataclass(frozen=True)
class TrainingYear:
    """The register of one year and its counts against the targets."""

    year: int
    rows: tuple[TrainingRow, ...]
    count: TrainingCount
    rules: TrainingRules

    def summary(self) -> str:
        gaps = [
            f"{kind.label}还差{wanted - done}次"
            for kind, done, wanted in (
                (TrainingKind.INTERNAL, self.count.internal, self.rules.internal_per_year),
                (TrainingKind.EXTERNAL, self.count.external, self.rules.external_per_year),
            )
            if done < wanted
        ]
        done = (
            f"{self.year}年内部培训{self.count.internal}次（目标{self.rules.internal_per_year}次）、"
            f"外部培训{self.count.external}次（目标{self.rules.external_per_year}次）"
        )
        return done + ("，已达标。" if not gaps else f"，{'、'.join(gaps)}。")


# --------------------------------------------------------------------------- reading
def people(session: Session) -> list[PersonChoice]:
    """The people of the ledger, by unit then name (attendees are chosen from them)."""
    return [PersonChoice(p.id, p.name, p.unit_name or "", p.title or "") for p in queries.people(session)]


def _rows(session: Session, trainings: Sequence[Training], root: Path | None) -> list[TrainingRow]:
    names = {p.id: p for p in people(session)}
    sheets: dict[int, list[AttachmentRow]] = defaultdict(list)
    found = [a for a in queries.sheets(session, [t.id for t in trainings]) if a.training_id is not None]
    for a, row in zip(found, attachments.rows_of(session, found, root), strict=True):
        sheets[a.training_id or 0].append(row)
    return [
        TrainingRow(
            t.id,
            t.held_on,
            t.title,
            t.kind,
            t.organiser or "",
            t.hours or 0.0,
            tuple(names[a.person_id] for a in t.attendees if a.person_id in names),
            t.note or "",
            tuple(sheets.get(t.id, ())),
            t.version,
        )
        for t in trainings
    ]


def training_row(session: Session, training_id: int) -> TrainingRow:
    """One training as saved now (the form's 重新载入)."""
    training = queries.training(session, training_id)
    if training is None:
        raise UserError("该培训记录已不存在（可能已被删除），请刷新后重试")
    return _rows(session, [training], attachments.root_of(session))[0]


def training_year(session: Session, year: int) -> TrainingYear:
    rows = _rows(session, queries.of_year(session, year), attachments.root_of(session))
    return TrainingYear(year, tuple(rows), count_of(session, year), PolicyResolver(session).active.training)


def count_of(session: Session, year: int, until: date | None = None) -> TrainingCount:
    """The year's trainings of each kind (held by ``until``, if given)."""
    counts = queries.counts(session, date(year, 1, 1), min(until or date(year, 12, 31), date(year, 12, 31)))
    return TrainingCount(year, counts.get(TrainingKind.INTERNAL, 0), counts.get(TrainingKind.EXTERNAL, 0))


def training_findings(context: CheckContext) -> Iterator[Finding]:
    """``TRAINING_SHORT``: an office-wide finding, not about one account; an office without a live account has
    no staff running accounts to train."""
    if context.account_ids is not None or not queries.has_live_accounts(context.session):
        return
    rules = context.policies.active.training
    found = training_short(count_of(context.session, context.as_of.year, context.as_of), context.as_of, rules)
    if found is not None:
        yield found


# --------------------------------------------------------------------------- writing
def check_form(form: TrainingForm, today: date | None = None) -> TrainingForm:
    if form.held_on is None:
        raise UserError("请填写培训日期", field="held_on")
    if today is not None and form.held_on > today:
        raise UserError("培训日期不能晚于今天（已开展的培训才登记）", field="held_on")
    title = form.title.strip()
    if not title:
        raise UserError("请填写培训名称", field="title")
    if len(title) > 200:
        raise UserError("培训名称不能超过200字", field="title")
    return replace(
        form,
        title=title,
        organiser=form.organiser.strip(),
        hours=check_hours(form.hours),
        attendee_ids=tuple(dict.fromkeys(form.attendee_ids)),
        note=form.note.strip(),
    )


@requires(Permission.RECORD)
def save_training(session: Session, form: TrainingForm, operator: str, today: date | None = None) -> int:
    form = check_form(form, today)
    training = queries.training(session, form.id) if form.id is not None else None
    if form.id is not None and training is None:
        raise UserError("该培训记录已不存在（可能已被删除），请刷新后重试")
    if training is not None:
        check_version(session, training, form.version, f"培训记录“{training.title}”")
    known = {p.id for p in people(session)}
    unknown = [i for i in form.attendee_ids if i not in known]
    if unknown:
        raise UserError("所选参加人员已不在台账中，请重新选择", field="attendees")
    if training is None:
        training = Training()
        session.add(training)
    elif {a.person_id for a in training.attendees} != set(form.attendee_ids):
        flag_modified(training, "title")  # only the attendees changed: the version moves all the same
    assert form.held_on is not None
    training.held_on, training.title, training.kind = form.held_on, form.title, form.kind
    training.organiser, training.hours, training.note = form.organiser, form.hours, form.note
    kept = {a.person_id: a for a in training.attendees if a.person_id in form.attendee_ids}
    # an attendee who stays keeps their row (a new row for them would clash with the old one, still there)
    training.attendees = [kept.get(i) or TrainingAttendee(person_id=i) for i in form.attendee_ids]
    session.flush()
    audit.record(
        session,
        operator,
        "保存培训记录",
        "training",
        training.id,
        {
            "title": form.title,
            "held_on": form.held_on.isoformat(),
            "kind": form.kind.label,
            "attendees": len(form.attendee_ids),
        },
    )
    return training.id


@requires(Permission.DELETE)
def delete_training(session: Session, training_id: int, operator: str) -> None:
    training = queries.training(session, training_id)
    if training is None:
        return
    audit.record(session, operator, "删除培训记录", "training", training_id, {"title": training.title})
    session.delete(training)


@requires(Permission.RECORD)
def attach_sheet(
    session: Session, training_id: int, source: Path, root: Path, operator: str, now: datetime
) -> AttachmentRow:
    """Copy a scan of the sign-in sheet (签到表) beside the database and record it with its SHA-256."""
    training = queries.training(session, training_id)
    if training is None:
        raise UserError("该培训记录已不存在，请刷新后重试")
    source = Path(source)
    if not source.is_file():
        raise UserError(f"找不到文件：{source}")
    sha = attachments.sha256_of(source)
    if any(a.sha256 == sha for a in queries.sheets(session, [training_id])):
        raise UserError(f"文件“{source.name}”已附加到该培训")
    row = attachments.attach(
        session, source, root, f"training-{training_id}", now, sha, operator, training_id=training_id
    )
    audit.record(
        session, operator, "附加培训签到表", "training", training_id, {"file": source.name, "sha256": sha}
    )
    return row


# --------------------------------------------------------------------------- Excel
@dataclass
class TrainingImport:
    file: Path
    forms: list[TrainingForm] = field(default_factory=list)
    skipped: int = 0
    namesakes: list[str] = field(default_factory=list)

    def describe(self) -> str:
        internal = sum(f.kind is TrainingKind.INTERNAL for f in self.forms)
        text = f"已导入{len(self.forms)}次培训（内部{internal}次、外部{len(self.forms) - internal}次）"
        if self.skipped:
            text += f"；{self.skipped}条与已有记录（日期、名称相同）重复，已跳过"
        if self.namesakes:
            text += f"；台账中有同名人员，按先登记的一位计：{'、'.join(dict.fromkeys(self.namesakes))}"
        return text + "。"


def _hours(value: Any) -> float:
    if value in (None, ""):
        return 0.0
    try:
        return float(str(value).strip())
    except ValueError as error:
        raise ValueError("应为数字（如 2 或 1.5）") from error


def read_trainings(session: Session, path: Path | str) -> TrainingImport:
    """Every row checked; ImportRejected listing each problem with its row and column."""
    path = Path(path)
    table = read_table(path, layout.COLUMNS, lengths=import_limits.TRAININGS)
    if not table.rows:
        raise ImportRejected(path, [Problem("文件中没有数据行（第1行为表头，数据从第2行开始）")])
    by_name: dict[str, list[int]] = defaultdict(list)
    for person in people(session):
        by_name[person.name.strip()].append(person.id)
    recorded = queries.keys(session)
    parsed = TrainingImport(path)
    problems: list[Problem] = []
    seen: set[tuple[date, str]] = set()
    for row in table.rows:
        reader = RowReader(row, problems)
        held_on = reader.cell(layout.DATE, date_value, required=True)
        title = reader.cell(layout.TITLE, required=True)
        kind_text = reader.cell(layout.KIND, required=True)
        hours = reader.cell(layout.HOURS, _hours)
        names = [n for n in NAME_SEPARATORS.split(reader.cell(layout.ATTENDEES) or "") if n]
        kind = None
        if kind_text:
            try:
                kind = TrainingKind.from_text(kind_text)
            except ValueError as error:
                reader.fail(layout.KIND, str(error))
        ids = []
        missing = [n for n in names if n not in by_name]
        if missing:
            reader.fail(
                layout.ATTENDEES, f"不在台账人员名单中：{'、'.join(missing)}（请先在“单位与人员”中登记）"
            )
        for name in names:
            if len(by_name.get(name, [])) > 1:
                parsed.namesakes.append(name)
            if by_name.get(name):
                ids.append(by_name[name][0])
        if not reader.ok or kind is None:
            continue
        try:
            form = check_form(
                TrainingForm(
                    None, held_on, title, kind, reader.cell(layout.ORGANISER) or "", hours or 0.0, tuple(ids)
                )
            )
        except UserError as error:
            reader.fail(layout.HOURS if error.field == "hours" else layout.TITLE, str(error))
            continue
        key = (held_on, form.title)
        if key in seen or key in recorded:
            parsed.skipped += 1
            continue
        seen.add(key)
        parsed.forms.append(form)
    if problems:
        raise ImportRejected(path, problems)
    return parsed


@requires(Permission.RECORD)
def import_trainings(
    session: Session, path: Path | str, operator: str, dry_run: bool = False
) -> TrainingImport:
    parsed = read_trainings(session, path)
    if not dry_run:
        if parsed.forms:
            backups.before_write(session, "import")
        for form in parsed.forms:
            save_training(session, form, operator)
        audit.record(
            session,
            operator,
            "导入培训记录",
            "training",
            None,
            {"file": Path(path).name, "imported": len(parsed.forms), "skipped": parsed.skipped},
        )
    return parsed


def export_trainings(session: Session, path: Path | str, year: int | None = None) -> int:
    rows = _rows(session, queries.of_year(session, year), None)
    layout.write_trainings(
        path,
        (
            (
                r.held_on,
                r.title,
                r.kind.label,
                r.organiser,
                r.hours,
                r.attendee_names,
                len(r.sheets) or "",
                r.note,
            )
            for r in rows
        ),
    )
    return len(rows)
