"""错敏 screening (domain §9): the lexicon (shipped data plus the office's entries and exceptions), screening a
period's published posts, the ``WORDING`` check, 已核实/已更正 marks, and the office's terms in and out.

The GUI screens as the clerk types with a :class:`~gmdesk.domain.wording.Lexicon` it loads once through
:func:`load_lexicon`; ``gmdesk check``, ``gmdesk wording``, the report, the 通报 and the posts import use
:func:`scan_period` and :func:`screen_titles`.
"""

from __future__ import annotations

import time as clock
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from gmdesk.domain.enums import WordingCategory, WordingMark
from gmdesk.domain.errors import UserError
from gmdesk.domain.findings import Finding
from gmdesk.domain.permissions import Permission
from gmdesk.domain.wording import (
    LOOK_BACK_DAYS,
    Entry,
    Hit,
    Lexicon,
    ScreenedPost,
    make_entry,
    normalise,
    parse_lexicon,
    wording_finding,
)
from gmdesk.paths import resources_dir
from gmdesk.services import audit
from gmdesk.services.checks import CheckContext
from gmdesk.services.conflicts import check_unchanged
from gmdesk.services.operators import requires
from gmdesk.store.models import PostWordingMark, WordingTerm
from gmdesk.store.queries import wording as queries

LEXICON_FILE = "wording/lexicon.tsv"
Report = Callable[[int, int, str], None]


# --------------------------------------------------------------------------- the lexicon
@lru_cache(maxsize=1)
def shipped_entries() -> tuple[Entry, ...]:
    """The lexicon shipped with the program (``resources/wording/lexicon.tsv``)."""
    path = resources_dir() / LEXICON_FILE
    return tuple(parse_lexicon(path.read_text(encoding="utf-8"), where=path.name))


def load_lexicon(session: Session) -> Lexicon:
    """The shipped entries, the office's own entries (replacing a shipped one of the same wrong form) and
    the office's exceptions."""
    entries: list[Entry] = list(shipped_entries())
    exceptions: list[str] = []
    for term in queries.terms(session):
        if term.is_exception:
            exceptions.append(term.wrong)
        elif term.category is not None:
            entries.append(
                Entry(
                    term.wrong, term.right, term.category, term.note or "本单位", (), term.since, office=True
                )
            )
    return Lexicon(entries, exceptions)


@dataclass(frozen=True)
class LexiconSummary:
    shipped: dict[WordingCategory, int]
    office_entries: int
    office_exceptions: int

    def describe(self) -> str:
        parts = "、".join(f"{c.label}{n}条" for c, n in self.shipped.items())
        return (
            f"内置词库{sum(self.shipped.values())}条（{parts}）；本单位词条{self.office_entries}条、"
            f"例外{self.office_exceptions}条"
        )


def lexicon_summary(session: Session) -> LexiconSummary:
    counts = Counter(e.category for e in shipped_entries())
    listed = queries.terms(session)
    return LexiconSummary(
        {c: counts.get(c, 0) for c in WordingCategory},
        sum(not t.is_exception for t in listed),
        sum(t.is_exception for t in listed),
    )


# --------------------------------------------------------------------------- the office's terms
@dataclass(frozen=True)
class TermRow:
    id: int | None
    is_exception: bool
    wrong: str
    right: str = ""
    category: WordingCategory | None = None
    note: str = ""
    since: date | None = None

    @property
    def kind_label(self) -> str:
        return "例外" if self.is_exception else "词条"


def _term_row(t: WordingTerm) -> TermRow:
    return TermRow(t.id, t.is_exception, t.wrong, t.right or "", t.category, t.note or "", t.since)


def list_terms(session: Session) -> list[TermRow]:
    return [_term_row(t) for t in queries.terms(session)]


def term_row(session: Session, term_id: int) -> TermRow:
    """One term as saved now (the form's 重新载入)."""
    term = queries.term(session, term_id)
    if term is None:
        raise UserError("该词条已不存在（可能已被删除），请刷新后重试")
    return _term_row(term)


def check_term(row: TermRow) -> TermRow:
    """The term as it will be kept, or UserError naming the field to correct."""
    wrong = row.wrong.strip()
    if row.is_exception:
        if not normalise(wrong):
            raise UserError("请填写例外词语（含有错误表述、但在本地是正确的写法，如本地地名）", field="wrong")
        return TermRow(row.id, True, wrong, "", None, row.note.strip(), None)
    if row.category is None:
        raise UserError("请选择类别", field="category")
    entry = make_entry(wrong, row.right, row.category, since=row.since, office=True)
    return TermRow(row.id, False, entry.wrong, entry.right, entry.category, row.note.strip(), entry.since)


@requires(Permission.CONFIGURE)
def save_term(session: Session, row: TermRow, operator: str, shown: TermRow | None = None) -> int:
    """Add or change one of the office's entries or exceptions; ``shown``: the term as the form showed it
    (None: not checked), so that a term another clerk changed meanwhile is not overwritten."""
    row = check_term(row)
    same = queries.term_by_wrong(session, row.wrong, row.is_exception)
    if same is not None and same.id != row.id:
        raise UserError(f"本单位{row.kind_label}中已有“{row.wrong}”", field="wrong")
    term = queries.term(session, row.id) if row.id is not None else None
    if row.id is not None and term is None:
        raise UserError("该词条已不存在（可能已被删除），请刷新后重试")
    if term is not None and shown is not None:
        check_unchanged(session, term, _term_row(term) == shown, f"词条“{term.wrong}”")
    if term is None:
        term = WordingTerm(is_exception=row.is_exception)
        session.add(term)
    term.is_exception, term.wrong, term.right, term.category = (
        row.is_exception,
        row.wrong,
        row.right,
        row.category,
    )
    term.note, term.since, term.operator = row.note, row.since, operator
    session.flush()
    audit.record(
        session,
        operator,
        f"保存错敏词库{row.kind_label}",
        "wording_term",
        term.id,
        {"wrong": row.wrong, "right": row.right},
    )
    return term.id


@requires(Permission.CONFIGURE)
def delete_term(session: Session, term_id: int, operator: str) -> None:
    term = queries.term(session, term_id)
    if term is None:
        return
    audit.record(session, operator, "删除错敏词库条目", "wording_term", term_id, {"wrong": term.wrong})
    session.delete(term)


# --------------------------------------------------------------------------- screening posts
@dataclass(frozen=True)
class HitRow:
    found: str
    right: str
    category: WordingCategory
    source: str = ""

    @property
    def severity(self) -> str:
        return self.category.severity.value

    def describe(self) -> str:
        return f"“{self.found}”应为“{self.right}”（{self.category.label}）"

    def to_json(self) -> dict[str, str]:
        return {
            "found": self.found,
            "right": self.right,
            "category": self.category.label,
            "severity": self.severity,
            "source": self.source,
        }

    @classmethod
    def of(cls, hit: Hit) -> HitRow:
        return cls(hit.found, hit.right, hit.category, hit.entry.source)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> HitRow:
        return cls(
            str(data.get("found", "")),
            str(data.get("right", "")),
            WordingCategory.from_text(str(data.get("category", "错别字"))),
            str(data.get("source", "")),
        )


@dataclass(frozen=True)
class PostHits:
    post_id: int
    account_id: int
    account: str
    unit_id: int
    unit: str
    at: datetime
    title: str
    hits: tuple[HitRow, ...]
    mark: WordingMark | None = None
    note: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "post_id": self.post_id,
            "account": self.account,
            "unit": self.unit,
            "at": self.at.isoformat(" ", "minutes"),
            "title": self.title,
            "hits": [h.to_json() for h in self.hits],
            "mark": self.mark.label if self.mark else "",
            "note": self.note,
        }


@dataclass(frozen=True)
class UnitWording:
    unit_id: int
    unit: str
    posts: int
    hits: int
    corrected: int
    verified: int

    @property
    def open(self) -> int:
        return self.hits - self.corrected - self.verified


@dataclass
class WordingScan:
    """The published posts of a period with 错敏 hits (those marked since included, with the hits they had)."""

    first: date
    last: date
    scanned: int = 0
    posts: list[PostHits] = field(default_factory=list)
    seconds: float = 0.0

    def _count(self, mark: WordingMark | None) -> int:
        return sum(len(p.hits) for p in self.posts if p.mark is mark)

    @property
    def hits(self) -> int:
        return sum(len(p.hits) for p in self.posts)

    @property
    def corrected(self) -> int:
        return self._count(WordingMark.CORRECTED)

    @property
    def verified(self) -> int:
        return self._count(WordingMark.VERIFIED)

    @property
    def open(self) -> int:
        return self._count(None)

    def by_category(self) -> dict[WordingCategory, int]:
        counts = Counter(h.category for p in self.posts for h in p.hits)
        return {c: counts[c] for c in WordingCategory if counts[c]}

    def by_unit(self) -> list[UnitWording]:
        grouped: dict[int, list[PostHits]] = defaultdict(list)
        for post in self.posts:
            grouped[post.unit_id].append(post)
        out = []
        for unit_id, posts in grouped.items():
            hits = [(p.mark, len(p.hits)) for p in posts]
            out.append(
                UnitWording(
                    unit_id,
                    posts[0].unit,
                    len(posts),
                    sum(n for _, n in hits),
                    sum(n for m, n in hits if m is WordingMark.CORRECTED),
                    sum(n for m, n in hits if m is WordingMark.VERIFIED),
                )
            )
        return sorted(out, key=lambda u: (-u.hits, u.unit))

    def summary(self) -> str:
        if not self.hits:
            return f"检查已发布信息{self.scanned:,}条，未发现错敏表述。"
        kinds = "、".join(f"{c.label}{n}处" for c, n in self.by_category().items())
        return (
            f"检查已发布信息{self.scanned:,}条，{len(self.posts)}条疑有错敏表述共{self.hits}处（{kinds}），"
            f"已更正{self.corrected}处，经核实无误{self.verified}处，未处理{self.open}处。"
        )


def _window(first: date, last: date) -> tuple[datetime, datetime]:
    return datetime.combine(first, time()), datetime.combine(last + timedelta(days=1), time())


def _flag_period(
    session: Session,
    lexicon: Lexicon,
    start: datetime,
    before: datetime,
    account_ids: Sequence[int] | None,
    result: WordingScan | None = None,
    report: Report | None = None,
) -> dict[int, list[Hit]]:
    """The hits of each post published in [start, before) with any: light rows (id, title, text, time as
    text) in batches through the automaton, so the many posts without a candidate cost no Python code and no
    datetime. Counts the posts read into ``result``."""
    flagged: dict[int, list[Hit]] = {}
    batch: list[queries.PostText] = []
    scanned = 0
    for row in queries.period_texts(session, start, before, account_ids):
        batch.append(row)
        if len(batch) == BATCH:
            _screen_batch(lexicon, batch, flagged)
            scanned += len(batch)
            batch = []
            if report is not None:
                report(scanned, 0, f"已检查{scanned:,}条")
    _screen_batch(lexicon, batch, flagged)
    if result is not None:
        result.scanned = scanned + len(batch)
    return flagged


def scan_period(
    session: Session,
    first: date,
    last: date,
    account_ids: Sequence[int] | None = None,
    lexicon: Lexicon | None = None,
    report: Report | None = None,
) -> WordingScan:
    """Screen every post published from ``first`` to ``last`` (both included)."""
    started = clock.perf_counter()
    lexicon = lexicon or load_lexicon(session)
    result = WordingScan(first, last)
    start, before = _window(first, last)
    flagged = _flag_period(session, lexicon, start, before, account_ids, result, report)
    wanted = set(flagged) | set(queries.marked_in(session, start, before))
    for post in queries.post_details(session, sorted(wanted)):
        if account_ids is not None and post.account_id not in account_ids:
            continue
        hit_rows = tuple(HitRow.of(h) for h in flagged.get(post.id, ()))
        if not hit_rows and post.mark is not None and post.hits:
            hit_rows = tuple(
                HitRow.from_json(h) for h in post.hits
            )  # corrected in the record since: still counted
        if hit_rows:
            result.posts.append(
                PostHits(
                    post.id,
                    post.account_id,
                    post.account_name,
                    post.unit_id,
                    post.unit_name,
                    post.at,
                    post.title,
                    hit_rows,
                    post.mark,
                    post.note or "",
                )
            )
    result.seconds = clock.perf_counter() - started
    return result


BATCH = 20_000


class _Dates(Sequence[datetime | None]):
    """The stored times of a batch, parsed only for the texts the automaton has a candidate in."""

    def __init__(self, texts: list[str | None]) -> None:
        self._texts = texts

    def __len__(self) -> int:
        return len(self._texts)

    def __getitem__(self, index: Any) -> Any:
        text = self._texts[index]
        return datetime.fromisoformat(text) if isinstance(text, str) else text


def _screen_batch(lexicon: Lexicon, rows: list[queries.PostText], flagged: dict[int, list[Hit]]) -> None:
    """Screen a batch of posts: titles and texts in one pass each."""
    if not rows:
        return
    dates = _Dates([r.at for r in rows])
    for index, hits in lexicon.scan_many([r.title for r in rows], dates):
        flagged.setdefault(rows[index].id, []).extend(hits)
    with_text = [r for r in rows if r.body]
    if with_text:
        for index, hits in lexicon.scan_many(
            [r.body or "" for r in with_text], _Dates([r.at for r in with_text])
        ):
            flagged.setdefault(with_text[index].id, []).extend(hits)


def check_findings(context: CheckContext) -> Iterator[Finding]:
    """``WORDING``: every post published in the last 14 days with a hit the clerk has not marked. Only the
    posts with hits are read in full (with account and mark)."""
    start, before = _window(context.as_of - timedelta(days=LOOK_BACK_DAYS - 1), context.as_of)
    ids = sorted(context.account_ids) if context.account_ids is not None else None
    flagged = _flag_period(context.session, load_lexicon(context.session), start, before, ids)
    for r in queries.post_details(context.session, sorted(flagged)):
        post = ScreenedPost(r.id, r.account_id, r.account_name, r.at, r.title, r.body or "", r.mark)
        if finding := wording_finding(post, flagged[r.id]):
            yield finding


# --------------------------------------------------------------------------- marks
@dataclass(frozen=True)
class PostWording:
    """One post's hits as it stands and its mark, for the post dialog and the mark dialog."""

    post_id: int
    title: str
    hits: tuple[HitRow, ...]
    mark: WordingMark | None
    note: str
    marked_at: datetime | None
    operator: str


def post_wording(session: Session, post_id: int, lexicon: Lexicon | None = None) -> PostWording:
    rows = queries.post_titles(session, [post_id])
    if not rows:
        raise UserError("该发布记录已不存在，请刷新后重试")
    at, title, body = rows[0].at, rows[0].title, rows[0].body
    lexicon = lexicon or load_lexicon(session)
    hits = tuple(HitRow.of(h) for h in lexicon.scan(title, at) + (lexicon.scan(body, at) if body else []))
    mark = queries.mark_of(session, post_id)
    if mark is not None and not hits:
        hits = tuple(HitRow.from_json(h) for h in mark.hits or [])
    return PostWording(
        post_id,
        title,
        hits,
        mark.mark if mark else None,
        mark.note if mark else "",
        mark.marked_at if mark else None,
        mark.operator if mark else "",
    )


@requires(Permission.RECORD)
def mark_post(
    session: Session, post_id: int, mark: WordingMark | None, note: str, operator: str, now: datetime
) -> None:
    """已核实 (with the reason) or 已更正 (what was done); None takes the mark back."""
    current = post_wording(session, post_id)
    kept = queries.mark_of(session, post_id)
    if mark is None:
        if kept is not None:
            session.delete(kept)
            audit.record(session, operator, "撤销错敏标记", "post", post_id, {"mark": kept.mark.label})
        return
    if not current.hits:
        raise UserError("该信息未发现错敏表述，无须标记")
    if mark is WordingMark.VERIFIED and not note.strip():
        raise UserError("请写明核实的理由（如：专有名称、引用原文、历史表述）", field="note")
    if kept is None:
        kept = PostWordingMark(post_id=post_id)
        session.add(kept)
    kept.mark, kept.note, kept.marked_at, kept.operator = mark, note.strip(), now, operator
    kept.hits = [h.to_json() for h in current.hits]
    audit.record(
        session,
        operator,
        f"错敏{mark.label}",
        "post",
        post_id,
        {"hits": [h.describe() for h in current.hits], "note": note.strip()},
    )


# --------------------------------------------------------------------------- import summaries
@dataclass(frozen=True)
class TitleScreening:
    """What screening a batch of titles (an import) found."""

    titles: int
    flagged: tuple[tuple[str, str, tuple[HitRow, ...]], ...]
    """(账号名称, title, hits) of each title with hits."""

    @property
    def hits(self) -> int:
        return sum(len(h) for _, _, h in self.flagged)

    def describe(self, limit: int = 3) -> str:
        if not self.flagged:
            return f"错敏检查：{self.titles}条标题未发现错敏表述。"
        counts = Counter(h.category for _, _, hits in self.flagged for h in hits)
        kinds = "、".join(f"{c.label}{counts[c]}处" for c in WordingCategory if counts[c])
        examples = "；".join(f"《{t}》{hits[0].describe()}" for _, t, hits in self.flagged[:limit])
        more = "等" if len(self.flagged) > limit else ""
        return (
            f"错敏检查：{len(self.flagged)}条标题疑有错敏表述共{self.hits}处（{kinds}），如{examples}{more}；"
            "已发布的将在检查结果（WORDING）中列出，请核实。"
        )


def screen_titles(lexicon: Lexicon, titles: Iterable[tuple[str, str, datetime | None]]) -> TitleScreening:
    """Screen (账号名称, title, date) triples."""
    listed = list(titles)
    found = lexicon.scan_many([t for _, t, _ in listed], [at for _, _, at in listed])
    flagged = tuple((listed[i][0], listed[i][1], tuple(HitRow.of(h) for h in hits)) for i, hits in found)
    return TitleScreening(len(listed), flagged)


# --------------------------------------------------------------------------- terms in and out (Excel)
TERM_COLUMNS = ("类型", "错误表述", "规范表述", "类别", "起始日期", "说明")


def term_rows(session: Session) -> list[tuple[Any, ...]]:
    return [
        (t.kind_label, t.wrong, t.right, t.category.label if t.category else "", t.since, t.note)
        for t in list_terms(session)
    ]


@requires(Permission.CONFIGURE)
def import_terms(session: Session, rows: Sequence[TermRow], operator: str) -> tuple[int, int]:
    """Add the rows, replacing a term of the same wrong form; (added, replaced)."""
    added = replaced = 0
    for row in rows:
        same = queries.term_by_wrong(session, row.wrong.strip(), row.is_exception)
        save_term(
            session,
            TermRow(
                same.id if same else None,
                row.is_exception,
                row.wrong,
                row.right,
                row.category,
                row.note,
                row.since,
            ),
            operator,
        )
        replaced += same is not None
        added += same is None
    return added, replaced


def lexicon_path() -> Path:
    return resources_dir() / LEXICON_FILE
