"""Hostile and broken workbooks for the import tests: hidden sheets, stale dimensions, zip and entity bombs,
malformed parts, random damage, and a hypothesis strategy that mixes them."""

from __future__ import annotations

import io
import random
import re
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

from hypothesis import strategies as st
from openpyxl import Workbook

HEADERS: dict[str, list[str]] = {
    "posts": ["账号名称", "发布时间", "标题", "类型", "来源", "群发", "链接", "阅读数"],
    "messages": ["账号名称", "渠道", "收到时间", "留言人", "联系方式", "内容", "类别", "紧急程度"],
    "rectifications": ["存在问题", "整改措施", "责任人", "时限（工作日）", "账号名称"],
    "accounts": ["主办单位", "账号名称", "平台", "开设时间", "状态", "管理员", "管理员电话"],
    "holidays": ["日期", "类型", "名称", "来源"],
    "trainings": ["日期", "名称", "类型", "组织单位", "学时", "参加人员"],
    "wording": ["类型", "错误表述", "规范表述", "类别", "起始日期", "说明"],
}

TEXT_COLUMN = {
    "posts": 2,
    "messages": 5,
    "rectifications": 0,
    "accounts": 1,
    "holidays": 2,
    "trainings": 1,
    "wording": 1,
}
"""The column that tells one row from another (title, content, problem, account name, holiday name)."""

GOOD_ROW: dict[str, list[Any]] = {
    "posts": ["青岚发布", "2026-11-19 08:00", "冬季森林防火", "原创", "", "否", "", 12],
    "messages": [
        "青岚发布",
        "留言板",
        "2026-11-18 10:00",
        "王先生",
        "13800001111",
        "路灯坏了",
        "咨询",
        "一般",
    ],
    "rectifications": ["更新不及时", "加强更新", "张三", 10, "青岚发布"],
    "accounts": ["县融媒体中心", "青岚新闻", "微博", "2026-01-05", "已开设(待备案)", "李四", "13900002222"],
    "holidays": ["2026-10-01", "放假", "国庆节", "国办发明电"],
    "trainings": ["2026-03-12", "新媒体保密培训", "内部", "县委网信办", 2, ""],
    "wording": ["词条", "青岚县政付", "青岚县政府", "错别字", "", "本县常见笔误"],
}


def workbook(sheets: list[tuple[str, str, list[list[Any]]]]) -> bytes:
    """An .xlsx with the given sheets: (title, state "visible"/"hidden"/"veryHidden", rows)."""
    book = Workbook()
    book.remove(book.active)
    for title, state, rows in sheets:
        sheet = book.create_sheet(title)
        sheet.sheet_state = state
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def rewrite(data: bytes, change: dict[str, bytes | None]) -> bytes:
    """The package with some parts replaced (None removes one)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename in change:
                replacement = change[info.filename]
                if replacement is not None:
                    target.writestr(info.filename, replacement)
            else:
                target.writestr(info, source.read(info.filename))
        for name, replacement in change.items():
            if replacement is not None and name not in source.namelist():
                target.writestr(name, replacement)
    return buffer.getvalue()


def part(data: bytes, name: str) -> bytes:
    return zipfile.ZipFile(io.BytesIO(data)).read(name)


def stale_dimension(data: bytes, sheet: str = "xl/worksheets/sheet1.xml", ref: str = "A1:H3") -> bytes:
    xml = re.sub(rb'<dimension ref="[^"]*"/>', f'<dimension ref="{ref}"/>'.encode(), part(data, sheet))
    return rewrite(data, {sheet: xml})


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="&lol9;" sheetId="1"
 xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rId1"/></sheets></workbook>"""


def zip_bomb(path: Path, uncompressed: int = 1_200_000_000) -> Path:
    """A small .xlsx whose one sheet inflates to ``uncompressed`` bytes of rows (3 MB on disk for 1.2 GB)."""
    row = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>' * 20000
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        template = workbook([("Sheet1", "visible", [["账号名称"]])])
        for name in zipfile.ZipFile(io.BytesIO(template)).namelist():
            if name != "xl/worksheets/sheet1.xml":
                archive.writestr(name, part(template, name))
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as stream:
            stream.write(
                b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            )
            written = 0
            while written < uncompressed:
                stream.write(row)
                written += len(row)
            stream.write(b"</sheetData></worksheet>")
    return path


# --------------------------------------------------------------------------- hypothesis

_hostile_text = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            '=HYPERLINK("http://evil","点我")',
            "+1+1",
            "-2",
            "@SUM(A1)",
            "\t制表",
            "\r回车",
            "&lt;x&gt;",
            "<![CDATA[x]]>",
            "\x00\x01\x1f",
            "\ufffe",
            "𠀀𪚥",
            "1e309",
            "NaN",
        ]
    ),
    st.integers(min_value=-(2**63), max_value=2**63).map(str),
    st.just("长" * 2000),
)
_cell = st.one_of(
    st.none(),
    _hostile_text,
    st.integers(min_value=-(2**53), max_value=2**53),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(9999, 1, 1)),
)

MUTATIONS = (
    "none",
    "truncate",
    "flip",
    "bad_workbook_xml",
    "entity_bomb",
    "stale_dimension",
    "drop_member",
    "not_zip",
    "bad_shared_strings",
    "dtd_in_sheet",
)


@st.composite
def hostile_workbooks(draw: st.DrawFn, kind: str) -> bytes:
    """A workbook for ``kind``'s importer: sometimes sound, often hostile (cells, sheets and package)."""
    headers = list(HEADERS[kind])
    if draw(st.booleans()):
        headers = draw(st.permutations(headers))
    if draw(st.integers(0, 4)) == 0:
        headers = headers[: draw(st.integers(0, len(headers)))]  # a required column missing, maybe
    rows: list[list[Any]] = [headers]
    sound = draw(st.integers(0, 2)) == 0  # a third of the files hold only good rows
    order = [HEADERS[kind].index(h) for h in headers]
    for number in range(draw(st.integers(0, 6))):
        if sound or draw(st.booleans()):
            good = list(GOOD_ROW[kind])
            good[TEXT_COLUMN[kind]] = f"{good[TEXT_COLUMN[kind]]}{number}"  # not a repeat of the row before
            rows.append([good[i] for i in order])
        else:
            rows.append([draw(_cell) for _ in headers])
    sheets = [("数据", "visible", rows)]
    if draw(st.booleans()):
        sheets.insert(0, ("隐藏", draw(st.sampled_from(["hidden", "veryHidden"])), [headers, GOOD_ROW[kind]]))
    try:
        data = workbook(sheets)
    except Exception:  # openpyxl refuses some cells itself (control characters): an empty workbook then
        data = workbook([("数据", "visible", [headers])])
    mutation = draw(st.one_of(st.just("none"), st.sampled_from(MUTATIONS)))  # half the packages are sound
    rnd = random.Random(draw(st.integers(0, 2**32)))
    return mutate(data, mutation, rnd)


def mutate(data: bytes, mutation: str, rnd: random.Random) -> bytes:
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    sheet = next((n for n in names if n.startswith("xl/worksheets/")), names[0])
    if mutation == "truncate":
        return data[: rnd.randrange(1, len(data))]
    if mutation == "flip":
        damaged = bytearray(data)
        for _ in range(rnd.randrange(1, 20)):
            damaged[rnd.randrange(len(damaged))] = rnd.randrange(256)
        return bytes(damaged)
    if mutation == "bad_workbook_xml":
        return rewrite(data, {"xl/workbook.xml": part(data, "xl/workbook.xml")[: rnd.randrange(10, 200)]})
    if mutation == "entity_bomb":
        return rewrite(data, {"xl/workbook.xml": BILLION_LAUGHS})
    if mutation == "stale_dimension":
        return rewrite(
            data,
            {sheet: re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:A1"/>', part(data, sheet))},
        )
    if mutation == "drop_member":
        return rewrite(data, {rnd.choice(names): None})
    if mutation == "not_zip":
        return rnd.randbytes(rnd.randrange(0, 2000))
    if mutation == "bad_shared_strings":
        return rewrite(data, {"xl/sharedStrings.xml": b"<sst><si><t>unclosed"})
    if mutation == "dtd_in_sheet":
        return rewrite(
            data,
            {
                sheet: b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
                + part(data, sheet).split(b"?>", 1)[-1]
            },
        )
    return data
