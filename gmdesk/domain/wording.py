"""错敏 screening (domain §9): a lexicon of wrong forms with their right forms, matched by an Aho–Corasick
automaton, so a text is read once whatever the size of the lexicon.

The shipped lexicon is data (``resources/wording/lexicon.tsv``, its sources in ``SOURCES.md`` beside it); the
office adds its own entries and exceptions. A hit is dropped when:

- it lies inside an exception: one of the entry's own (``环保部门`` for ``环保部``) or one of the office's,
  which applies to every entry (an exception equal to a wrong form switches that entry off);
- the entry has a start date and the text is dated before it (``十四五规划`` is current until 2025);
- it is a 过时表述 right after ``原`` or ``前`` (``原国家工商总局`` is the correct historical name);
- it lies inside a longer hit (``银保监会`` is one hit, not also ``保监会``).

Quotation marks, book-title marks and blanks are ignored when matching (``“十三五”规划`` is ``十三五规划``);
hit positions are those of the original text, so an editor can mark them.

``WORDING`` findings: a published post with hits that the clerk has not marked 已核实 or 已更正.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import accumulate

import ahocorasick

from gmdesk.domain.enums import Severity, WordingCategory, WordingMark
from gmdesk.domain.errors import UserError
from gmdesk.domain.findings import Finding, RuleId

IGNORED = "“”‘’\"'「」『』《》〈〉 \u3000\t\r\n"
"""Characters left out before matching (quotes, title marks, blanks)."""
_DROP = {ord(c): None for c in IGNORED}
SEPARATOR = "\x00"
"""Joins the texts of a batch (never in a text: XML and the database refuse it, and no key contains it)."""
FORMER = ("原", "前")
"""A 过时表述 right after one of these names the institution as it was: not a mistake."""
LOOK_BACK_DAYS = 14
"""``WORDING`` looks at the posts published in the last 14 days (domain §9)."""


@dataclass(frozen=True)
class Entry:
    wrong: str
    right: str
    category: WordingCategory
    source: str = ""
    exceptions: tuple[str, ...] = ()
    """Correct phrases that contain ``wrong``; a hit inside one of them is not reported."""
    since: date | None = None
    """Texts dated before this day are not checked against the entry (a plan current until then)."""
    office: bool = False
    """Added by the office (设置 › 错敏词库) rather than shipped."""

    @property
    def severity(self) -> Severity:
        return self.category.severity


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    """``text[start:end]`` is what was found (in the original text, quotes included)."""
    found: str
    entry: Entry

    @property
    def wrong(self) -> str:
        return self.entry.wrong

    @property
    def right(self) -> str:
        return self.entry.right

    @property
    def category(self) -> WordingCategory:
        return self.entry.category

    @property
    def severity(self) -> Severity:
        return self.entry.severity

    def describe(self) -> str:
        """ "“截止目前”应为“截至目前”（错别字）"."""
        return f"“{self.found}”应为“{self.right}”（{self.category.label}）"

    def to_json(self) -> dict[str, str | int]:
        return {
            "found": self.found,
            "wrong": self.wrong,
            "right": self.right,
            "category": self.category.label,
            "severity": self.severity.value,
            "source": self.entry.source,
            "start": self.start,
        }


# --------------------------------------------------------------------------- the lexicon file
COLUMNS = ("错误表述", "规范表述", "类别", "来源", "例外", "起始日期")


def parse_lexicon(text: str, *, where: str = "词库") -> list[Entry]:
    """Entries of a lexicon file: one a line, tab-separated (see :data:`COLUMNS`), ``#`` lines are comments,
    the header line is optional. A bad line raises UserError naming its number."""
    entries = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip("\r\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if cells[0] == COLUMNS[0]:
            continue
        cells += [""] * (len(COLUMNS) - len(cells))
        try:
            entries.append(make_entry(cells[0], cells[1], cells[2], cells[3], cells[4].split("|"), cells[5]))
        except UserError as error:
            raise UserError(f"{where}第{number}行：{error}") from error
    return entries


def make_entry(
    wrong: str,
    right: str,
    category: str | WordingCategory,
    source: str = "",
    exceptions: Iterable[str] = (),
    since: str | date | None = None,
    *,
    office: bool = False,
) -> Entry:
    """One entry, checked: the wrong form is not empty and differs from the right one, the category is known,
    each exception contains the wrong form."""
    wrong_key = normalise(wrong)
    if not wrong_key:
        raise UserError("错误表述不能为空", field="wrong")
    if normalise(right) == wrong_key:
        raise UserError(f"“{wrong}”的规范表述不能与错误表述相同", field="right")
    try:
        kind = category if isinstance(category, WordingCategory) else WordingCategory.from_text(category)
    except ValueError as error:
        raise UserError(str(error), field="category") from error
    kept = tuple(e.strip() for e in exceptions if e.strip())
    for phrase in kept:
        if wrong_key not in normalise(phrase):
            raise UserError(f"例外“{phrase}”不含错误表述“{wrong}”", field="exceptions")
    day: date | None
    if since is None or isinstance(since, date):
        day = since
    else:
        try:
            day = date.fromisoformat(since) if since.strip() else None
        except ValueError as error:
            raise UserError(f"起始日期“{since}”应为 YYYY-MM-DD", field="since") from error
    return Entry(wrong.strip(), right.strip(), kind, source.strip(), kept, day, office)


def normalise(text: str) -> str:
    """``text`` without the characters matching ignores (a chain of replaces: several times faster than
    ``str.translate`` on Chinese text)."""
    for character in IGNORED:
        if character in text:
            text = text.replace(character, "")
    return text


# --------------------------------------------------------------------------- the automaton
Span = tuple[int, int, frozenset[int] | None]
"""(start, end, the entries it is an exception of; None: every entry) of an exception found in a text."""


@dataclass
class Lexicon:
    """The shipped entries with the office's own (which replace a shipped entry of the same wrong form) and
    the office's exceptions, compiled into one automaton: each key (a wrong form, an exception or both) maps to
    its length, its entry's index (-1 for a bare exception) and whose exception it is."""

    entries: Sequence[Entry]
    exceptions: Sequence[str] = ()
    _automaton: ahocorasick.Automaton = field(init=False, repr=False)

    def __post_init__(self) -> None:
        chosen: dict[str, Entry] = {}
        for entry in self.entries:
            key = normalise(entry.wrong)
            if entry.office or key not in chosen or not chosen[key].office:
                chosen[key] = entry
        self.entries = list(chosen.values())
        index: dict[str, int] = {}
        owners: dict[str, set[int] | None] = {}
        for number, entry in enumerate(self.entries):
            index[normalise(entry.wrong)] = number
            for phrase in entry.exceptions:
                mine = owners.setdefault(normalise(phrase), set())
                if mine is not None:
                    mine.add(number)
        for phrase in self.exceptions:
            if normalise(phrase):
                owners[normalise(phrase)] = None  # the office's: every entry
        self._automaton = ahocorasick.Automaton()
        for key in index.keys() | owners.keys():
            whose = owners.get(key, set())
            self._automaton.add_word(
                key, (len(key), index.get(key, -1), None if whose is None else frozenset(whose))
            )
        self._empty = not (index or owners)
        if not self._empty:
            self._automaton.make_automaton()

    def __len__(self) -> int:
        return len(self.entries)

    def scan(self, text: str, on: date | datetime | None = None) -> list[Hit]:
        """The hits in ``text`` (dated ``on``, for the entries that start on a day), leftmost first."""
        if self._empty or not text:
            return []
        plain = normalise(text)
        day = on.date() if isinstance(on, datetime) else on
        found: list[tuple[int, int, Entry]] = []
        spans: list[Span] = []
        for end, (length, number, whose) in self._automaton.iter(plain):
            start = end + 1 - length
            if number >= 0:
                entry = self.entries[number]
                if entry.since is None or day is None or day >= entry.since:
                    found.append((start, end + 1, entry))
            if whose is None or whose:
                spans.append((start, end + 1, whose))
        if not found:
            return []
        return self._keep(text, plain, found, spans)

    def scan_many(
        self,
        texts: Sequence[str],
        dates: Sequence[date | datetime | None] | None = None,
    ) -> list[tuple[int, list[Hit]]]:
        """(index, hits) of each text with hits, for a batch (an import, a period of posts): the texts are
        joined and read by the automaton in one pass, and only those with a candidate are looked at again, so
        a text without any is never touched by Python code."""
        if self._empty or not texts:
            return []
        plain = normalise(SEPARATOR.join(texts))
        if plain.count(SEPARATOR) != len(texts) - 1:  # a text holding the separator: one by one
            return [
                (i, hits)
                for i, text in enumerate(texts)
                if (hits := self.scan(text, dates[i] if dates is not None else None))
            ]
        starts = [0]
        starts.extend(accumulate(len(part) + 1 for part in plain.split(SEPARATOR)))
        candidates: set[int] = set()
        for end, _ in self._automaton.iter(plain):
            candidates.add(bisect_right(starts, end) - 1)
        out = []
        for index in sorted(candidates):
            hits = self.scan(texts[index], dates[index] if dates is not None else None)
            if hits:
                out.append((index, hits))
        return out

    def _keep(
        self, text: str, plain: str, found: list[tuple[int, int, Entry]], spans: list[Span]
    ) -> list[Hit]:
        number = {id(e): i for i, e in enumerate(self.entries)}
        kept: list[tuple[int, int, Entry]] = []
        for start, end, entry in found:
            me = number[id(entry)]
            if any(s <= start and end <= e and (whose is None or me in whose) for s, e, whose in spans):
                continue  # inside an exception
            if entry.category is WordingCategory.OUTDATED and start > 0 and plain[start - 1] in FORMER:
                continue  # 原国家工商总局
            kept.append((start, end, entry))
        kept.sort(key=lambda h: (h[0], h[0] - h[1]))
        chosen: list[tuple[int, int, Entry]] = []
        for hit in kept:
            if not any(
                c[0] <= hit[0] and hit[1] <= c[1] for c in chosen
            ):  # inside a longer hit: the same one
                chosen.append(hit)
        positions = _positions(text) if len(plain) != len(text) else None
        hits = []
        for start, end, entry in chosen:
            first = positions[start] if positions else start
            last = positions[end - 1] + 1 if positions else end
            hits.append(Hit(first, last, text[first:last], entry))
        return hits


def _positions(text: str) -> list[int]:
    """For each character kept by :func:`normalise`, its index in ``text``."""
    return [i for i, c in enumerate(text) if ord(c) not in _DROP]


# --------------------------------------------------------------------------- findings
@dataclass(frozen=True)
class ScreenedPost:
    id: int
    account_id: int
    account: str
    at: datetime
    title: str
    body: str = ""
    mark: WordingMark | None = None


def screen_post(lexicon: Lexicon, post: ScreenedPost) -> list[Hit]:
    return lexicon.scan(post.title, post.at) + (lexicon.scan(post.body, post.at) if post.body else [])


def wording_message(title: str, hits: Sequence[Hit]) -> str:
    shown = "；".join(h.describe() for h in hits[:5]) + (f"等{len(hits)}处" if len(hits) > 5 else "")
    return f"《{title}》疑有错敏表述：{shown}；请核实，更正后标记“已更正”，无误的标记“已核实”并注明理由"


def wording_findings(posts: Iterable[ScreenedPost], lexicon: Lexicon) -> Iterator[Finding]:
    """One ``WORDING`` finding per post with hits and without a mark; as severe as its worst hit."""
    for post in posts:
        if post.mark is None and (finding := wording_finding(post, screen_post(lexicon, post))):
            yield finding


def wording_finding(post: ScreenedPost, hits: Sequence[Hit]) -> Finding | None:
    """The ``WORDING`` finding of a post screened already (None without hits or with a mark)."""
    if post.mark is not None or not hits:
        return None
    severity = max((h.severity for h in hits), key=lambda s: s.rank)
    return Finding(
        RuleId.WORDING,
        severity,
        post.account,
        post.at.date(),
        wording_message(post.title, hits),
        post.account_id,
        f"post:{post.id}",
    )
