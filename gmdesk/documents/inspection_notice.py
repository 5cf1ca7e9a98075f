"""The 检查情况通报 as a Word file in the GB/T 9704 style: the 版头 (发文机关 in red, the 文号, the red line), the
title, 主送 all units, 一、总体情况 with the units' figures and ranking, 二、存在问题 naming units and accounts,
三、整改要求 with the deadline, and the signature of the office. It prints a
:class:`~gmdesk.domain.notice.Notice`; it computes nothing itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import RGBColor

from gmdesk.documents.report_blocks import body, fit_widths, heading, item, lead_in, signature, table
from gmdesk.documents.word import (
    FONT_TITLE,
    add_page_number_footer,
    add_paragraph,
    add_title,
    new_document,
    no_grid,
    save_document,
)
from gmdesk.domain.inspection import percent
from gmdesk.domain.notice import Notice
from gmdesk.domain.official_text import chinese_date

SECTIONS = ("一、总体情况", "二、存在问题", "三、整改要求")
NUMBERS = "一二三四五六七八九十"
RED = "C00000"
UNIT_HEADERS = (
    "序号",
    "单位",
    "账号数",
    "发布条数",
    "原创条数",
    "更新是否\n及时",
    "留言按期\n答复率",
    "排名",
)
RANKED = 3
"""Units named at the top and bottom of the ranking."""


def write_notice(path: Path | str, notice: Notice) -> Path:
    document = new_document(line_grid=True)
    add_page_number_footer(document)
    _letterhead(document, notice)
    _title(document, notice.title)
    add_paragraph(document, f"{notice.recipients.strip().rstrip('：:')}：", align="left")
    body(
        document,
        f"为进一步加强全县政务新媒体管理，根据《政府网站与政务新媒体检查指标》（国办秘函〔2019〕19号）和"
        f"政务新媒体管理有关规定，{notice.office}按照《{notice.indicator_set}》对全县{len(notice.units)}个单位"
        f"开设的{notice.accounts}个政务新媒体账号{notice.period_label}运行情况进行了检查。现将有关情况"
        f"通报如下：",
    )
    heading(document, SECTIONS[0])
    _overall(document, notice)
    heading(document, SECTIONS[1])
    _problems(document, notice)
    _wording(document, notice)
    heading(document, SECTIONS[2])
    _requirements(document, notice)
    notes = [
        f"联系人：{notice.contact}" if notice.contact else "",
        f"联系电话：{notice.phone}" if notice.phone else "",
    ]
    signature(document, notice.office, notice.signed_on, [n for n in notes if n])
    return save_document(document, path)


def _letterhead(document: Any, notice: Notice) -> None:
    """发文机关标志 in red 小标宋, the 文号 centred two lines below it, a red line 4 mm under the 文号."""
    organ = add_paragraph(
        document, notice.office, font=FONT_TITLE, size=26, align="center", line_spacing_pt=40
    )
    no_grid(organ)
    organ.runs[0].font.color.rgb = RGBColor.from_string(RED)
    add_paragraph(document, "")
    number = add_paragraph(document, notice.number, align="center")
    properties = number._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "12"), ("w:space", "11"), ("w:color", RED)):
        bottom.set(qn(key), value)
    borders.append(bottom)
    properties.insert_element_before(
        borders,
        "w:shd",
        "w:tabs",
        "w:suppressAutoHyphens",
        "w:kinsoku",
        "w:wordWrap",
        "w:overflowPunct",
        "w:topLinePunct",
        "w:autoSpaceDE",
        "w:autoSpaceDN",
        "w:bidi",
        "w:adjustRightInd",
        "w:snapToGrid",
        "w:spacing",
        "w:ind",
        "w:contextualSpacing",
        "w:mirrorIndents",
        "w:suppressOverlap",
        "w:jc",
    )
    add_paragraph(document, "")


def _title(document: Any, text: str) -> None:
    add_title(document, text)


def _overall(document: Any, n: Notice) -> None:
    timely = sum(1 for u in n.units if u.timely)
    body(
        document,
        f"{n.period_label}，全县{len(n.units)}个单位开设的{n.accounts}个政务新媒体账号共发布信息{n.posts}条，"
        f"其中原创信息{n.originals}条；答复期限届满的网民留言{n.due}条，按期答复{n.on_time}条，按期答复率"
        f"{percent(n.on_time / n.due if n.due else None)}。按照《{n.indicator_set}》检查，合格账号{n.passed}个，"
        f"不合格账号{n.failed}个；{timely}个单位所有账号更新及时，{len(n.units) - timely}个单位有账号连续"
        f"{n.gap_limit_days}天以上未更新。",
    )
    for note in n.notes:
        body(document, f"（{note.rstrip('。')}。）")
    lead_in(document, "各单位政务新媒体运行情况如下（排名按信息发布量，有单项否决问题的单位列后）：")
    rows = [
        (
            i,
            u.unit,
            u.accounts,
            u.posts,
            u.originals,
            "是" if u.timely else "否",
            percent(u.on_time_rate),
            u.rank,
        )
        for i, u in enumerate(n.units, start=1)
    ]
    table(
        document,
        UNIT_HEADERS,
        rows,
        fit_widths(UNIT_HEADERS, rows, 156, wrap=(1,)),
        align=("center", "left", "center", "center", "center", "center", "center", "center"),
    )
    ranking = n.ranking
    if len(ranking) > 2 * RANKED:
        top = "、".join(f"{u.unit}（{u.posts}条）" for u in ranking[:RANKED])
        bottom = "、".join(f"{u.unit}（{u.posts}条）" for u in ranking[-RANKED:])
        body(document, f"信息发布量排名前{RANKED}位的单位是：{top}；排名后{RANKED}位的单位是：{bottom}。")


def _problems(document: Any, n: Notice) -> None:
    if not n.problems:
        body(document, "本次检查未发现单项否决或扣分问题。")
        return
    accounts = sum(len(g.entries) for g in n.problems)
    body(
        document,
        f"本次检查共发现问题{accounts}项，涉及{len({e.unit for g in n.problems for e in g.entries})}个单位，"
        "主要有：",
    )
    for index, group in enumerate(n.problems):
        veto = "（单项否决）" if group.veto else ""
        heading(
            document,
            f"（{NUMBERS[index] if index < len(NUMBERS) else index + 1}）{group.title}{veto}",
            level=2,
        )
        for number, entry in enumerate(group.entries, start=1):
            item(document, number, f"{entry.unit}“{entry.account}”：{entry.detail}")


def _wording(document: Any, n: Notice) -> None:
    """错敏: the figures, then each unit with hits, worst first, with what is still open."""
    w = n.wording
    if w is None:
        return
    body(document, "错敏表述检查情况。" + w.sentence())
    for number, unit in enumerate(w.units, start=1):
        examples = f"如{'；'.join(unit.examples)}" if unit.examples else ""
        item(
            document,
            number,
            f"{unit.unit}：疑似错敏表述{unit.hits}处，已更正{unit.corrected}处，经核实无误"
            f"{unit.verified}处，未处理{unit.open}处" + (f"。{examples}" if examples else ""),
        )
    if w.open:
        body(document, "请有关单位对未处理的错敏表述逐条核实，确有错误的及时在平台更正。")


def _requirements(document: Any, n: Notice) -> None:
    for index, group in enumerate(n.problems):
        units = "、".join(group.units)
        body(
            document,
            f"（{NUMBERS[index] if index < len(NUMBERS) else index + 1}）关于{group.title}。请{units}"
            f"{group.requirement}。",
        )
    if n.problems:
        body(
            document,
            f"请存在问题的单位对照本通报逐项整改，于{chinese_date(n.deadline)}前（{n.workdays}个工作日内）"
            f"将整改情况书面报送{n.office}。逾期未整改或整改不到位的，将按规定予以通报。",
        )
    body(
        document,
        "各单位要切实履行主体责任，落实“谁开设、谁主办”“谁主管、谁负责”要求，举一反三，加强日常巡查，"
        "严格落实“三审三校”制度，确保政务新媒体安全、规范、有序运行。",
    )
