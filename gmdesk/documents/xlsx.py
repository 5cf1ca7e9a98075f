"""Excel interchange files (domain §7): one header row, columns matched by header text in any order.

Reading collects *every* problem with its row and column instead of stopping at the first, so an import can
be rejected whole with a complete list. Writing goes through :func:`atomic_output` and openpyxl's
write-only mode, so a million rows stream out without holding the workbook in memory.
"""

from __future__ import annotations

import contextlib
import math
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, TypedDict, Unpack

from gmdesk.collector import paused
from gmdesk.documents.atomic import atomic_output
from gmdesk.documents.safe_text import clean_text, has_forbidden_characters
from gmdesk.domain.official_text import display_width

# Imports inside functions keep openpyxl out of start-up (the window imports this module before it paints).

# --------------------------------------------------------------------------- problems


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, located as precisely as possible."""

    message: str
    row: int | None = None
    """The Excel row number as the clerk sees it (the header is row 1)."""
    column: str = ""
    """The column's header text."""
    sheet: str = ""

    def describe(self) -> str:
        where = []
        if self.sheet:
            where.append(f"工作表“{self.sheet}”")
        if self.row is not None:
            where.append(f"第{self.row}行")
        if self.column:
            where.append(f"“{self.column}”列")
        return ("，".join(where) + "：" if where else "") + self.message


class ImportRejected(Exception):
    """The file was refused as a whole; nothing was written. ``problems`` says every what and where."""

    def __init__(self, file: Path, problems: Sequence[Problem]) -> None:
        self.file = Path(file)
        self.problems = list(problems)
        super().__init__(self.summary())

    def summary(self) -> str:
        return f"文件“{self.file.name}”未导入：发现{len(self.problems)}处问题，数据库未做任何修改。"

    def report(self, limit: int | None = 200) -> str:
        """The summary and the problems, one per line (the first ``limit``)."""
        shown = self.problems if limit is None else self.problems[:limit]
        lines = [self.summary(), *(f"  {p.describe()}" for p in shown)]
        if limit is not None and len(self.problems) > limit:
            lines.append(f"  ……另有{len(self.problems) - limit}处问题未列出")
        return "\n".join(lines)


# --------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class Column:
    header: str
    """The canonical header text of domain §7."""
    required: bool = False
    """The column must be present in the header row (its cells may still be empty)."""
    aliases: tuple[str, ...] = ()


@dataclass
class SheetRow:
    number: int
    """The Excel row number."""
    values: dict[str, Any]
    """Canonical header → cell value (None for an empty cell); only the known columns."""
    sheet: str = ""

    def get(self, header: str) -> Any:
        return self.values.get(header)


@dataclass
class Table:
    rows: list[SheetRow] = field(default_factory=list)
    present: set[str] = field(default_factory=set)
    """The canonical headers found in the file."""


def _normalise_header(text: Any) -> str:
    cleaned = re.sub(r"[\s*＊:：]", "", str(text or ""))
    return cleaned.replace("（", "(").replace("）", ")")


# --------------------------------------------------------------------------- hostile files
# A workbook is a zip of XML parts; openpyxl trusts both. Before it opens anything, the package is checked:
# every part's uncompressed size is bounded (the zip's own sizes are binding: Python's zipfile never returns
# more than a member declares), no part may declare a DTD or entities, and the rows read are counted. A zip
# bomb or an entity bomb is thus refused in bounded memory with a message instead of a MemoryError.

MAX_ROWS = 200_000
"""Data rows in one import (all sheets together): twice the largest import benchmarked (100,000 posts)."""
MAX_SHEET_BYTES = 256 * 1024 * 1024
"""One worksheet's XML, uncompressed: about 380,000 rows as openpyxl writes them, far more from Excel."""
MAX_SHARED_STRINGS_BYTES = 64 * 1024 * 1024
"""openpyxl keeps the shared strings in memory."""
MAX_PART_BYTES = 16 * 1024 * 1024
"""Any other part (workbook, styles, relationships): kilobytes in a real file."""
MAX_TOTAL_BYTES = 512 * 1024 * 1024
_DTD_SCAN_BYTES = 64 * 1024
_UNSAFE_XML = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:,.0f} MB"


def _part_limit(name: str) -> int | None:
    lowered = name.lower()
    if lowered.startswith("xl/media/") or lowered.startswith("docprops/thumbnail"):
        return None  # pictures are not read by an import
    if lowered.startswith("xl/worksheets/") and lowered.endswith(".xml"):
        return MAX_SHEET_BYTES
    if lowered == "xl/sharedstrings.xml":
        return MAX_SHARED_STRINGS_BYTES
    return MAX_PART_BYTES


def inspect_package(path: Path) -> None:
    """Refuse, before any XML is parsed, a file that is not an .xlsx, a zip bomb or an XML entity bomb."""
    if not zipfile.is_zipfile(path):
        raise ImportRejected(
            path,
            [
                Problem(
                    "无法读取该文件：它不是 Excel 的 .xlsx 文件（可能是 .xls、.csv 或其他格式，"
                    "或文件已损坏）。请在 Excel 中另存为“Excel 工作簿(*.xlsx)”后再导入"
                )
            ],
        )
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            total = 0
            for info in members:
                limit = _part_limit(info.filename)
                if limit is None:
                    continue
                total += info.file_size
                if info.file_size > limit or total > MAX_TOTAL_BYTES:
                    raise ImportRejected(
                        path,
                        [
                            Problem(
                                f"文件中的“{info.filename}”解压后有 {_mb(info.file_size)}，超过导入的上限"
                                f"（{_mb(limit)}，全部内容合计 {_mb(MAX_TOTAL_BYTES)}）。这不像正常的 Excel 文件，可能是被恶意构造的压缩包，"
                                "已拒绝导入，数据库未做任何修改。数据确实很多时，请拆分为多个文件分批导入"
                            )
                        ],
                    )
            for info in members:
                lowered = info.filename.lower()
                if not (lowered.endswith(".xml") or lowered.endswith(".rels")):
                    continue
                with archive.open(info) as stream:
                    head = stream.read(_DTD_SCAN_BYTES)
                if _UNSAFE_XML.search(head):
                    raise ImportRejected(
                        path,
                        [
                            Problem(
                                f"文件中的“{info.filename}”含有 XML 文档类型或实体定义（DOCTYPE/ENTITY）。Excel 保存的文件不会含有这些内容，"
                                "为安全起见已拒绝导入。请在 Excel 中打开该文件，另存为 .xlsx 后再导入"
                            )
                        ],
                    )
    except ImportRejected:
        raise
    except Exception as error:  # a broken zip directory, an encrypted member, a truncated file
        raise ImportRejected(
            path,
            [
                Problem(
                    f"无法读取该文件：压缩包已损坏或已加密（{type(error).__name__}）。"
                    "请在 Excel 中打开后另存为 .xlsx 再导入"
                )
            ],
        ) from error


def _visible(workbook: Any) -> list[Any]:
    return [s for s in workbook.worksheets if getattr(s, "sheet_state", "visible") == "visible"]


def _chosen_sheets(
    workbook: Any, all_sheets: bool, sheet_name: str | None, skip_sheets: Sequence[str] = ()
) -> list[Any]:
    """Every visible sheet but ``skip_sheets``, or the visible sheet named as in the template, or else the first
    visible one. A hidden sheet (a lookup list, an old copy) is never imported."""
    visible = [s for s in _visible(workbook) if s.title not in skip_sheets]
    if all_sheets:
        return visible
    if sheet_name:
        named = [s for s in visible if s.title == sheet_name]
        if named:
            return named
    return visible[:1]


class TableOptions(TypedDict, total=False):
    """Which sheets :func:`open_table` reads and how it checks them (its keyword arguments)."""

    all_sheets: bool
    sheet_name: str | None
    skip_sheets: Sequence[str]
    lengths: Mapping[str, int] | None
    explain: Callable[[Path], list[Problem]] | None


def read_table(path: Path | str, columns: Sequence[Column], **options: Unpack[TableOptions]) -> Table:
    """Every row of the table (see :func:`open_table`) at once, for files of hundreds of rows. Raises
    ImportRejected with every problem found while reading."""
    with open_table(path, columns, **options) as table:
        rows = list(table)
        if table.problems:
            raise ImportRejected(table.path, table.problems)
        return Table(rows, table.present)


@contextlib.contextmanager
def open_table(
    path: Path | str,
    columns: Sequence[Column],
    *,
    all_sheets: bool = False,
    sheet_name: str | None = None,
    skip_sheets: Sequence[str] = (),
    lengths: Mapping[str, int] | None = None,
    explain: Callable[[Path], list[Problem]] | None = None,
) -> Iterator[TableStream]:
    """The rows of the first visible sheet (or of the visible sheet named ``sheet_name``, or of every visible
    sheet but ``skip_sheets``), keyed by canonical header, one at a time: an import checks each row as it is
    read and keeps only what it will write. The sheet's declared ``<dimension>`` is ignored: every row is read.

    ``lengths``: the longest text each column may hold (the database column's length); a longer cell is a
    problem at its row and column, and its row is not handed out. ``explain``: finds the exact cells when a
    part's XML cannot be parsed. Opening and reading raise ImportRejected when the file is not a readable,
    reasonably sized workbook; a missing column or a too long cell goes into the stream's ``problems``, the
    list the caller adds its own problems to. Nothing about the file escapes as another exception, and what
    the caller raises while reading passes through untouched. The collector is paused while the table is
    open: an import keeps the rows it has checked until it ends, and collections would walk them again and
    again.
    """
    path = Path(path)
    if not path.is_file():
        raise ImportRejected(path, [Problem(f"找不到文件：{path}")])
    inspect_package(path)
    with paused():
        try:
            from openpyxl import load_workbook

            workbook = load_workbook(path, read_only=True, data_only=True)
        except Exception as error:  # MemoryError included: the package's parts are parsed here
            raise _unreadable(
                path, error, explain, "文件内容已损坏或不是有效的 Excel 格式，无法读取"
            ) from None
        try:
            sheets = _chosen_sheets(workbook, all_sheets, sheet_name, skip_sheets)
            if not sheets:
                raise ImportRejected(path, [Problem("文件中没有可见的工作表（全部工作表都已隐藏）")])
            yield TableStream(path, sheets, all_sheets, columns, lengths or {}, explain)
        finally:
            workbook.close()


def _unreadable(
    path: Path, error: BaseException, explain: Callable[[Path], list[Problem]] | None, what: str
) -> ImportRejected:
    """The refusal of a file whose reading raised ``error``; ``what`` says which part could not be read."""
    error.__traceback__ = None  # let the half-read workbook's file handle go now, not at collection
    if isinstance(error, MemoryError):
        return ImportRejected(
            path,
            [
                Problem(
                    "文件内容过多，读取时内存不足，已停止导入，数据库未做任何修改。请拆分为多个文件分批导入"
                )
            ],
        )
    exact = explain(path) if explain is not None and isinstance(error, SyntaxError) else []
    return ImportRejected(
        path,
        exact
        or [
            Problem(
                f"{what}（{type(error).__name__}：{str(error)[:120]}）。请用 Excel 打开后另存为 .xlsx 再导入"
            )
        ],
    )


class TableStream:
    """An open table's rows, read as they are iterated (see :func:`open_table`)."""

    def __init__(
        self,
        path: Path,
        sheets: Sequence[Any],
        all_sheets: bool,
        columns: Sequence[Column],
        lengths: Mapping[str, int],
        explain: Callable[[Path], list[Problem]] | None,
    ) -> None:
        self.path = path
        self.present: set[str] = set()
        """The canonical headers found in the file (complete once every row is read)."""
        self.problems: list[Problem] = []
        """What is wrong with the file so far; the caller adds the problems of its rows here, in row order."""
        self.count = 0
        """Data rows read so far (empty rows and rows with a too long cell not handed out, but counted)."""
        self.expected = sum(max((s.max_row or 1) - 1, 0) for s in sheets)
        """Data rows the sheets declare (their ``<dimension>``; may be stale or 0): for progress only."""
        self._sheets = sheets
        self._all_sheets = all_sheets
        self._columns = columns
        self._lengths = lengths
        self._explain = explain
        self._lookup = {
            _normalise_header(name): column.header
            for column in columns
            for name in (column.header, *column.aliases)
        }

    def report(self, report: Callable[[int, int, str], None] | None, every: int) -> None:
        """Tell ``report`` how far reading has got, every ``every`` rows (the total when the file declares it)."""
        if report is None or self.count % every != 1:
            return
        total = max(self.expected, self.count) if self.expected else 0
        counted = f"，共约{total:,}行" if total else ""
        report(self.count, total, f"正在读取并检查第{self.count:,}行{counted}")

    def __iter__(self) -> Iterator[SheetRow]:
        for sheet in self._sheets:
            label = sheet.title if self._all_sheets else ""
            sheet.reset_dimensions()  # a stale <dimension> must not cut rows off
            rows = sheet.iter_rows(values_only=True)
            try:
                # Only openpyxl's own reading is inside this try: what the caller raises while it holds a
                # row is raised in its own frame and never passes through here.
                yield from self._sheet_rows(rows, label)
            except ImportRejected:
                raise
            except Exception as error:  # a read-only sheet parses its XML only while the rows are read
                where = f"工作表“{sheet.title}”" if sheet.title else "工作表"
                raise _unreadable(self.path, error, self._explain, f"{where}已损坏，无法读取") from None
            finally:
                rows.close()  # a read-only sheet holds the file open until its row generator ends

    def _sheet_rows(self, rows: Iterator[tuple[Any, ...]], sheet_name: str) -> Iterator[SheetRow]:
        header = next(rows, None)
        if header is None or not any(cell not in (None, "") for cell in header):
            if not self._all_sheets:
                self.problems.append(Problem("第1行应为表头，但该行为空", row=1))
            return
        mapping: list[tuple[int, str]] = []
        seen: set[str] = set()
        for index, cell in enumerate(header):
            canonical = self._lookup.get(_normalise_header(cell))
            if canonical and canonical not in seen:
                mapping.append((index, canonical))
                seen.add(canonical)
        missing = [c.header for c in self._columns if c.required and c.header not in seen]
        if missing:
            found = "、".join(str(c) for c in header if c not in (None, "")) or "无"
            self.problems.append(
                Problem(f"缺少必需的列：{'、'.join(missing)}（表头中找到：{found}）", row=1, sheet=sheet_name)
            )
            return
        self.present |= seen
        limited = [(i, name, self._lengths[name]) for i, name in mapping if name in self._lengths]
        for number, values in enumerate(rows, start=2):
            if not values or all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                continue
            self.count += 1
            if self.count > MAX_ROWS:
                raise ImportRejected(
                    self.path,
                    [
                        Problem(
                            f"文件有超过{MAX_ROWS:,}行数据，超出一次导入的上限，已停止读取，数据库未做任何修改。请拆分为多个文件分批导入"
                        )
                    ],
                )
            width = len(values)
            fits = True
            for i, name, limit in limited:
                value = values[i] if i < width else None
                if isinstance(value, str) and len(value.strip()) > limit:
                    fits = False
                    self.problems.append(
                        Problem(
                            f"内容过长：最多{limit:,}个字，该格有{len(value.strip()):,}个字",
                            number,
                            name,
                            sheet_name,
                        )
                    )
            if fits:
                yield SheetRow(
                    number, {name: values[i] if i < width else None for i, name in mapping}, sheet_name
                )


# --------------------------------------------------------------------------- cell parsers
# Each returns the parsed value or raises ValueError with a Chinese message (the caller adds row and column).

_DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
)
_DATETIME_PATTERN = re.compile(
    r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?[ T]+(\d{1,2})[:：](\d{2})(?:[:：](\d{2}))?$"
)
_EXCEL_EPOCH = datetime(1899, 12, 30)


def text_value(value: Any) -> str:
    """Cell text, trimmed; ValueError if it holds characters that cannot be saved in a document."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if has_forbidden_characters(text):
        codes = "、".join(f"U+{ord(ch):04X}" for ch in sorted(set(text) - set(clean_text(text))))
        raise ValueError(f"含有不可见的控制字符（{codes}），请删除后重新导入")
    return text


def date_value(value: Any) -> date | None:
    """A date from a date cell, an Excel serial number, or text YYYY-MM-DD (also 2026/3/1, 2026年3月1日)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and 1 <= value < 2958466:
        return (_EXCEL_EPOCH + timedelta(days=float(value))).date()
    text = str(value).strip()
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            try:
                return date(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                break
    raise ValueError(f"日期“{text}”无法识别，应为 YYYY-MM-DD 格式（如 2026-03-01）")


def datetime_value(value: Any) -> datetime | None:
    """A date and time: a datetime cell, or text YYYY-MM-DD HH:MM[:SS]; a bare date means 00:00."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value.replace(microsecond=0)
    if isinstance(value, int | float) and not isinstance(value, bool) and 1 <= value < 2958466:
        return (_EXCEL_EPOCH + timedelta(days=float(value))).replace(microsecond=0)
    text = str(value).strip()
    match = _DATETIME_PATTERN.match(text)
    if match:
        try:
            return datetime(
                int(match[1]), int(match[2]), int(match[3]), int(match[4]), int(match[5]), int(match[6] or 0)
            )
        except ValueError:
            pass
    else:
        try:
            day = date_value(value)
        except ValueError:
            day = None
        if day is not None:
            return datetime.combine(day, time())
    raise ValueError(f"时间“{text}”无法识别，应为 YYYY-MM-DD HH:MM 格式（如 2026-03-01 09:30）")


_TRUE = {"是", "y", "yes", "true", "1", "√", "✓", "有", "开"}
_FALSE = {"否", "n", "no", "false", "0", "×", "无", "关", ""}


def bool_value(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(f"“{value}”应填“是”或“否”")


def int_value(value: Any) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError(f"“{value}”不是整数")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = str(value).strip().replace(",", "").replace("，", "")
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    if re.fullmatch(r"-?\d+(\.\d+)?万", text):
        return round(float(text[:-1]) * 10_000)
    raise ValueError(f"“{value}”不是整数")


class RowReader:
    """Parses the cells of one row, collecting problems instead of stopping at the first."""

    def __init__(self, row: SheetRow, problems: list[Problem]) -> None:
        self.row = row
        self.problems = problems
        self.ok = True

    def cell(self, header: str, parse: Callable[[Any], Any] = text_value, *, required: bool = False) -> Any:
        raw = self.row.get(header)
        try:
            value = parse(raw)
        except ValueError as error:
            self._fail(header, str(error))
            return None
        if required and value in (None, ""):
            self._fail(header, "不能为空")
            return None
        return value

    def fail(self, header: str, message: str) -> None:
        self._fail(header, message)

    def _fail(self, header: str, message: str) -> None:
        self.ok = False
        self.problems.append(Problem(message, self.row.number, header, self.row.sheet))


# --------------------------------------------------------------------------- writing


@dataclass
class SheetSpec:
    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence[Any]]
    widths: Sequence[int] = ()
    """Column widths in characters; by default from the header length."""
    formats: Mapping[int, str] = field(default_factory=dict)
    """Number formats by column (0-based): "0.0%" for a rate stored as a fraction, "#,##0" for a count; date
    and datetime cells get "yyyy-mm-dd" and "yyyy-mm-dd hh:mm" whatever the column."""


DATE_FORMAT, DATETIME_FORMAT, PERCENT_FORMAT = "yyyy-mm-dd", "yyyy-mm-dd hh:mm", "0.0%"
MAX_COLUMN_WIDTH = 32
"""Widest column, in characters (data cells wrap)."""
PRINT_STYLED_ROWS = 20_000
"""Rows that get borders and wrapping for printing; a sheet longer than that is data for a program, not for a
printer, and its further rows are written plain (dates still as dates) so a million-row export stays fast."""


def _safe_sheet_title(title: str, used: set[str]) -> str:
    cleaned = re.sub(r"[\[\]:*?/\\]", "_", clean_text(title)).strip("'") or "Sheet"
    cleaned = cleaned[:31]
    candidate, counter = cleaned, 2
    while candidate in used:
        suffix = f"({counter})"
        candidate = cleaned[: 31 - len(suffix)] + suffix
        counter += 1
    used.add(candidate)
    return candidate


def write_workbook(
    path: Path | str, sheets: Sequence[SheetSpec], progress: Callable[[int], None] | None = None
) -> Path:
    """Write the sheets to ``path`` atomically: streamed; a styled header row that is frozen, filtered and
    repeated on every printed page; data cells with borders and wrapping; numbers, dates and times stored as
    such with their number formats (never as text); set up to print on landscape A4, fitted to the width."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    workbook = Workbook(write_only=True)
    header_font = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DDE6F0")
    thin = Side(style="thin", color="9AA5B1")
    header_border = Border(left=thin, right=thin, top=thin, bottom=thin)
    centred = Alignment(horizontal="center", vertical="center", wrap_text=True)
    used: set[str] = set()
    try:
        _fill(workbook, sheets, used, progress, (header_font, header_fill, header_border, centred))
    except BaseException:
        # finish the streamed sheets so openpyxl's writers close cleanly; the partial workbook is discarded
        for sheet in workbook.worksheets:
            with contextlib.suppress(Exception):
                sheet.close()
        raise
    if not sheets:
        workbook.create_sheet("Sheet")
    with atomic_output(path) as temporary:
        workbook.save(temporary)
    return Path(path)


def _fill(
    workbook: Any,
    sheets: Sequence[SheetSpec],
    used: set[str],
    progress: Callable[[int], None] | None,
    header_style: tuple[Any, Any, Any, Any],
) -> None:
    from openpyxl.cell import WriteOnlyCell

    header_font, header_fill, header_border, centred = header_style
    written = 0
    for spec in sheets:
        sheet = workbook.create_sheet(_safe_sheet_title(spec.title, used))
        widths = [
            min(w, MAX_COLUMN_WIDTH)
            for w in list(spec.widths) or [max(8, len(h) * 2 + 2) for h in spec.headers]
        ]
        for index, width in enumerate(widths, start=1):
            # a long text wraps in its column rather than widening the sheet: fitted to the page's width, a
            # sheet of 60-character columns would print at a third of its size
            sheet.column_dimensions[_column_letter(index)].width = width
        sheet.freeze_panes = "A2"
        if spec.headers:
            sheet.auto_filter.ref = f"A1:{_column_letter(len(spec.headers))}1"
        _print_setup(sheet)
        header_cells = []
        for title in spec.headers:
            cell = WriteOnlyCell(sheet, value=clean_text(title))
            cell.font, cell.fill, cell.border, cell.alignment = (
                header_font,
                header_fill,
                header_border,
                centred,
            )
            header_cells.append(cell)
        _fit_height(sheet, 1, spec.headers, widths)
        sheet.append(header_cells)
        styles = _CellStyles(sheet, header_border, spec.formats)
        for number, row in enumerate(spec.rows, start=1):
            styled = number <= PRINT_STYLED_ROWS
            if styled:
                _fit_height(sheet, number + 1, row, widths)
            cells: list[Any] = []
            for column, raw in enumerate(row):
                value = _format(raw)
                quoted = isinstance(value, str) and value.startswith(FORMULA_PREFIXES)
                style = styles.get(column, value, styled, quoted)
                if style is None:
                    cells.append(value)
                    continue
                cell = WriteOnlyCell(sheet, value=value)
                if quoted:
                    cell.data_type = "s"  # text, never a formula, whatever it begins with
                cell._style = style
                cells.append(cell)
            sheet.append(cells)
            written += 1
            if progress is not None and written % 5000 == 0:
                progress(written)


FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
"""A text beginning with one of these could be taken for a formula (OWASP: CSV/formula injection): it is
written as a text cell with Excel's quote prefix, so that neither opening the file nor editing the cell ever
evaluates it (domain §7)."""


LINE_POINTS = 15.0
"""One line of 11-point text in a row."""


def _fit_height(sheet: Any, row_number: int, values: Sequence[Any], widths: Sequence[float]) -> None:
    """A row as tall as its most wrapped cell (Excel and LibreOffice keep a streamed row one line tall, so
    wrapped text would be cut off on paper); a one-line row keeps the default height."""
    lines = 1
    for value, width in zip(values, widths, strict=False):
        room = max(width - 1.0, 1.0)
        if not isinstance(value, str) or (len(value) * 2.5 <= room and "\n" not in value):
            continue  # a number, a date, or text too short to wrap whatever its characters
        # a Chinese character is about two units of column width, a Latin one about one
        cell = sum(max(1, math.ceil(display_width(part) * 2 / room)) for part in value.split("\n"))
        lines = max(lines, cell)
    if lines > 1:
        sheet.row_dimensions[row_number].height = lines * LINE_POINTS + 2


def _print_setup(sheet: Any) -> None:
    """Landscape A4, fitted to one page wide (as many pages long as it takes), the header row on every page,
    narrow margins, centred, page numbers in the footer."""
    from openpyxl.worksheet.page import PageMargins

    setup = sheet.page_setup
    setup.orientation, setup.paperSize = "landscape", "9"  # 9 = A4
    setup.fitToWidth, setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
    sheet.page_margins = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.6, header=0.3, footer=0.3)
    sheet.print_options.horizontalCentered = True
    sheet.oddFooter.center.text = "第 &P 页，共 &N 页"


class _CellStyles:
    """The few cell styles a sheet needs, built once (openpyxl's per-cell style setters are slow): printed
    rows get borders and wrapping; dates, times and formatted columns get their number format."""

    def __init__(self, sheet: Any, border: Any, formats: Mapping[int, str]) -> None:
        self.sheet, self.border, self.formats = sheet, border, formats
        self.cache: dict[tuple[str, bool, bool], Any] = {}

    def get(self, column: int, value: Any, styled: bool, quoted: bool = False) -> Any:
        if isinstance(value, datetime):
            number_format = DATETIME_FORMAT
        elif isinstance(value, date):
            number_format = DATE_FORMAT
        else:
            number_format = (
                self.formats.get(column, "General") if isinstance(value, int | float) else "General"
            )
        if not styled and number_format == "General" and not quoted:
            return None
        key = (number_format, styled, quoted)
        if key not in self.cache:
            from openpyxl.cell import WriteOnlyCell
            from openpyxl.styles import Alignment

            template = WriteOnlyCell(self.sheet, value=None)
            template.number_format = number_format
            if styled:
                template.border = self.border
                template.alignment = Alignment(vertical="top", wrap_text=True)
            if quoted:
                template.quotePrefix = True
            self.cache[key] = template._style
        return self.cache[key]


def _format(value: Any) -> Any:
    if isinstance(value, str):
        label = getattr(value, "label", None)
        return clean_text(label if label is not None else value)
    if isinstance(value, datetime):
        return value.replace(microsecond=0, tzinfo=None)
    if isinstance(value, bool):
        return "是" if value else "否"
    return value


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


def iter_chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
