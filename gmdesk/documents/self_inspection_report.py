"""The 年度自查报告 (or a quarter's, or a unit's) as a Word file in the official document style (GB/T 9704): title,
主送机关, the sections of domain §6 in order (the account table on landscape pages, charts as images), the
附件说明, the signature of the reporting office with a real 成文日期 and the 附注, then the attached table on its
own page. It reads an :class:`~gmdesk.domain.inspection.Inspection` and a :class:`ReportText` (the clerk's
narrative with every draft already filled in); it computes nothing itself.
"""

from __future__ import annotations

import tempfile
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from gmdesk.documents.charts import bar_chart, line_chart
from gmdesk.documents.report_blocks import (
    attachment_note,
    attachment_page,
    body,
    caption,
    fit_widths,
    heading,
    item,
    landscape_section,
    lead_in,
    picture,
    portrait_section,
    signature,
    table,
)
from gmdesk.documents.word import (
    FONT_HEITI,
    SIZE,
    add_page_number_footer,
    add_paragraph,
    add_title,
    new_document,
    save_document,
)
from gmdesk.domain.findings import Finding
from gmdesk.domain.inspection import (
    AccountRow,
    Inspection,
    Narrative,
    PlanRow,
    TrainingFigures,
    annual_table,
    percent,
    title_of,
)
from gmdesk.domain.official_text import chinese_date, in_text
from gmdesk.domain.report_drafts import account_label, ambiguous_names, finding_parts, other_items

SECTIONS = (
    "一、总体情况",
    "二、账号基本情况",
    "三、信息发布情况",
    "四、互动回应情况",
    "五、安全管理情况",
    "六、存在问题",
    "七、整改情况",
    "八、下一步工作安排",
)
"""The headings of domain §6, in order."""
SUBSECTIONS = ("（一）账号和评议情况", "（二）主要做法和成效")
GROUP_NUMBERS = "一二三四五六七八九十"
LISTED_PER_PROBLEM = 30
"""Accounts named per problem in the text; the Excel appendix lists all."""
EXCEL_ATTACHMENT = "政务新媒体自查明细表（电子表格）"


@dataclass(frozen=True)
class ReportText:
    """What the report prints besides the figures, every part decided (drafts filled in by the service)."""

    narrative: Narrative
    """The clerk's words; ``achievements``, ``next_steps`` and ``plans`` are already drafted where empty."""
    office: str
    """The 落款 (发文机关署名)."""
    signed_on: date
    recipient: str = ""
    with_excel: bool = False
    """An Excel appendix goes with the report (named in the 附件说明)."""


def annual_title(inspection: Inspection, name: str = "") -> str:
    """The attached table's title: the county's 年度报表 of a year; any other period or a unit's report names
    its own scope and period (a quarter's table is not a 年度报表)."""
    who = name or inspection.scope
    if inspection.period.kind == "year" and inspection.unit_id is None:
        return f"{who}{inspection.period.start.year}年度报表（移动新媒体部分）"
    return f"{who}{inspection.period.label}政务新媒体信息发布情况表"


def write_report(
    path: Path | str, inspection: Inspection, text: ReportText, progress: Callable[[str], None] | None = None
) -> Path:
    """Write the report atomically; charts are drawn into a temporary folder and embedded."""
    step = progress or (lambda text: None)
    narrative = text.narrative
    document = new_document(line_grid=True)
    add_page_number_footer(document)  # once, before other sections: later ones inherit the footers
    add_title(document, title_of(inspection, narrative))
    if text.recipient.strip():
        add_paragraph(document, f"{text.recipient.strip().rstrip('：:')}：", align="left")
    with tempfile.TemporaryDirectory(prefix="gmdesk-report-") as folder:
        step("总体情况…")
        _intro(document, inspection)
        _overview(document, inspection, narrative)
        step("账号基本情况…")
        _account_table(document, inspection)
        step("信息发布情况…")
        _posting(document, inspection, Path(folder))
        step("互动回应情况…")
        _replies(document, inspection, Path(folder))
        _security(document, inspection)
        step("存在问题及整改情况…")
        _problems(document, inspection)
        _rectifications(document, inspection, narrative.plans)
        _next_steps(document, narrative)
        if narrative.remarks.strip():
            body(document, f"备注：{narrative.remarks.strip()}")
        attachments = [annual_title(inspection, narrative.organisation)] + (
            [EXCEL_ATTACHMENT] if text.with_excel else []
        )
        document.paragraphs[-1].paragraph_format.keep_with_next = True  # the last lines go with the signature
        attachment_note(document, attachments)
        _signature(document, text)
        step("附表…")
        _annual_table(document, inspection, attachments[0], numbered=len(attachments) > 1)
        step("保存…")
        return save_document(document, path)


def _n(value: int | None) -> str:
    return "—" if value is None else str(value)


def _paragraphs(document: Any, text: str) -> None:
    for line in text.splitlines():
        if line.strip():
            body(document, line.strip())


def _intro(document: Any, inspection: Inspection) -> None:
    text = (
        f"根据《政府网站与政务新媒体检查指标》（国办秘函〔2019〕19号）和政务新媒体管理有关规定，"
        f"按照《{inspection.indicator_set}》，对{inspection.scope}政务新媒体{inspection.period.label}运行情况"
        f"进行了全面自查，现将有关情况报告如下。"
    )
    for note in inspection.notes:
        text += f"（{note.rstrip('。')}。）"
    body(document, text)


def _overview(document: Any, inspection: Inspection, narrative: Narrative) -> None:
    o = inspection.overview
    heading(document, SECTIONS[0])
    heading(document, SUBSECTIONS[0], level=2)
    platforms = "、".join(f"{label}{count}个" for label, count in o.by_platform) or "无"
    body(
        document,
        f"统计期内{inspection.scope}开设运行政务新媒体账号{o.accounts}个，其中{platforms}。"
        f"新开设账号{o.opened}个，办理变更备案{o.changed}次，关停注销账号{o.closed}个。",
    )
    states = "、".join(f"{label}{count}个" for label, count in o.by_state) or "无账号"
    body(document, f"截至{chinese_date(inspection.last_day)}，账号台账状态为：{states}。")
    body(document, f"按照《{inspection.indicator_set}》逐一评议，合格{o.passed}个，不合格{o.failed}个。")
    for review in inspection.annual_reviews:
        missing = ""
        if review.missing:
            names = "、".join(review.missing[:10]) + ("等" if len(review.missing) > 10 else "")
            missing = f"，{names}{len(review.missing)}个账号尚未完成"
        body(
            document,
            f"{review.year}年度年审应于{chinese_date(review.due_on)}前完成，应年审账号{review.owed}个，"
            f"已完成{review.done}个{missing}。",
        )
    lead_in(document, "开设、变更、注销备案办理情况如下：")
    rows = [(f.kind, f.total, f.on_time, f.late, f.overdue, f.open) for f in o.filings]
    table(
        document,
        ("事项", "件数", "按期办理", "逾期办理", "逾期未办", "办理中"),
        rows,
        (36, 24, 24, 24, 24, 24),
    )
    if narrative.achievements.strip():
        heading(document, SUBSECTIONS[1], level=2)
        _paragraphs(document, narrative.achievements)


ACCOUNT_HEADERS = (
    "序号",
    "账号名称",
    "平台",
    "账号ID",
    "主办单位",
    "认证主体",
    "开设时间",
    "运维方式",
    "负责人/\n管理员",
    "备案情况",
    "状态",
    "关注数",
)
ACCOUNT_WRAP = (4, 5)
"""主办单位 and 认证主体 wrap; every other column is as wide as its longest unbreakable line."""
LANDSCAPE_TEXT_MM = 297 - 28 - 26


def account_cells(number: int, a: AccountRow) -> tuple[Any, ...]:
    """One row of the account table, broken only where a reader breaks it: 微信公众号-/订阅号, 2025年/3月1日,
    one name a line, the 文号 after its 机关代字."""
    platform = a.platform.replace("-", "-\n").replace("(", "\n（").replace(")", "）")
    opened = f"{a.opened_on.year}年\n{a.opened_on.month}月{a.opened_on.day}日" if a.opened_on else "—"
    people = "\n".join(x for x in (a.principal, a.admin) if x) or "—"
    filing = a.filing
    if filing.startswith("已备案（") and filing.endswith("）"):
        number_text = filing[len("已备案（") : -1]
        code, bracket, rest = number_text.partition("〔")
        filing = f"{code}\n{bracket}{rest}" if bracket else number_text
    state = a.state.partition("(")[0]
    return (
        number,
        a.name,
        platform,
        a.platform_account_id or "—",
        a.unit,
        a.verified_entity or "—",
        opened,
        a.ops_mode.partition("（")[0],
        people,
        filing,
        state,
        a.followers,
    )


def _account_table(document: Any, inspection: Inspection) -> None:
    landscape_section(document)
    heading(document, SECTIONS[1])
    lead_in(
        document,
        f"{inspection.scope}统计期内开设运行的{len(inspection.accounts)}个政务新媒体账号基本情况如下"
        f"（按单位排序）：",
    )
    rows = [account_cells(number, a) for number, a in enumerate(inspection.accounts, start=1)]
    widths = fit_widths(ACCOUNT_HEADERS, rows, LANDSCAPE_TEXT_MM, SIZE["小五"], wrap=ACCOUNT_WRAP)
    table(
        document,
        ACCOUNT_HEADERS,
        rows,
        widths,
        size=SIZE["小五"],
        align=(
            "center",
            "left",
            "center",
            "center",
            "left",
            "left",
            "center",
            "center",
            "center",
            "center",
            "center",
            "center",
        ),
    )
    portrait_section(document)


def _posting(document: Any, inspection: Inspection, folder: Path) -> None:
    p = inspection.posting
    heading(document, SECTIONS[2])
    body(
        document,
        f"统计期内共发布信息{p.posts}条，其中原创信息{p.originals}条，原创率{percent(p.original_rate)}。"
        "各月发布数量见图1。",
    )
    labels = [label for label, _ in p.months]
    chart = bar_chart(
        folder / "posts.png", labels, [n for _, n in p.months], y_label="发布数量（条）", size_cm=(16, 7)
    )
    picture(document, chart)
    caption(document, "图1　各月信息发布数量")
    limit = p.gap_limit_days
    if p.accounts_gap_veto:
        body(
            document,
            f"对照“连续{limit}天未更新即单项否决”的要求，有{p.accounts_gap_veto}个账号出现超期未更新，"
            f"最长连续{_n(p.longest_gap)}天未更新（{p.longest_gap_account}）。",
        )
    else:
        body(
            document,
            f"对照“连续{limit}天未更新即单项否决”的要求，各账号均未出现超期未更新，"
            f"最长连续未更新{_n(p.longest_gap)}天。",
        )
    if p.repost_due:
        body(
            document,
            f"上级下达转发任务{p.repost_tasks}项，应转发{p.repost_due}个账号次，按时转发"
            f"{p.repost_on_time}个账号次，逾期转发{p.repost_late}个账号次，未转发{p.repost_missed}个账号次。",
        )
    else:
        body(document, "统计期内无上级下达的转发任务。")
    late = sorted((a for a in inspection.accounts if a.gap_breaches), key=lambda a: -(a.longest_gap or 0))
    if late:
        lead_in(document, "超期未更新的账号如下：")
        ambiguous = ambiguous_names(inspection.accounts)
        headers = ("账号名称", "主办单位", "发布量", "最长未更新\n（天）", "超期次数")
        rows = [
            (account_label(a.name, a.platform, ambiguous), a.unit, a.posts, _n(a.longest_gap), a.gap_breaches)
            for a in late
        ]
        table(document, headers, rows, fit_widths(headers, rows, 156, wrap=(0, 1)))


def _replies(document: Any, inspection: Inspection, folder: Path) -> None:
    r = inspection.replies
    heading(document, SECTIONS[3])
    first = f"{r.avg_first_response_hours:.1f}小时" if r.avg_first_response_hours is not None else "—"
    handling = f"{r.avg_handling_days:.1f}天" if r.avg_handling_days is not None else "—"
    end = chinese_date(inspection.last_day)
    body(
        document,
        f"统计期内共收到网民留言{r.received}条，截至{end}，已答复{r.answered}条，不予受理{r.rejected}条，"
        f"仍在办理{r.still_open}条。答复期限届满的留言{r.due}条，按期答复{r.on_time}条，"
        f"按期答复率{percent(r.on_time_rate)}；平均首次回应时间{first}，平均办理时间{handling}。"
        f"截至{end}，超过3个月未办结的留言{r.open_long}条，已逾期未办结{r.open_overdue}条。"
        + (
            f"转办留言{r.transfers}件，其中超过规定时限转办{r.transfers_late}件，"
            f"承办单位逾期反馈或未反馈{r.transfers_unit_late}件。"
            if r.transfers
            else ""
        ),
    )
    lead_in(document, "各类留言办理情况如下：")
    rows = [
        (c.category, c.received, c.answered, c.due, c.on_time, percent(c.on_time_rate)) for c in r.by_category
    ]
    rows.append(("合计", r.received, r.answered, r.due, r.on_time, percent(r.on_time_rate)))
    table(
        document, ("类别", "收到", "已答复", "到期", "按期答复", "按期答复率"), rows, (26, 26, 26, 26, 26, 26)
    )
    months = [m for m in r.months if m[1]]
    if months:
        lead_in(document, "各月按期答复率见图2。")
        values = [on_time * 100 / due for _, due, on_time in months]
        chart = line_chart(
            folder / "replies.png",
            [m[0] for m in months],
            {"按期答复率": values},
            y_label="按期答复率",
            y_max=100,
            percent=True,
            size_cm=(16, 6.5),
        )
        picture(document, chart)
        caption(document, "图2　各月留言按期答复率")


def _security(document: Any, inspection: Inspection) -> None:
    s = inspection.security
    heading(document, SECTIONS[4])
    body(
        document,
        f"统计期内发布的{s.published}条信息中，{s.reviewed}条留存完整的撰稿、审核、审签记录，"
        f"三审合规率{percent(s.review_rate)}；重要信息{s.important}条，经审签{s.important_signed}条。",
    )
    body(
        document,
        f"账号密码由专人保管、定期更换，系统仅登记更换日期和保管人，不记录密码本身。统计期内更换密码"
        f"{s.rotations}次（涉及{s.accounts_rotated}个账号），其中人员交接{s.handovers}次；截至"
        f"{chinese_date(inspection.last_day)}，{s.password_overdue}个账号密码超期未更换或未登记保管人"
        f"（其中未登记保管人{s.without_custodian}个）。",
    )
    if inspection.trainings is not None:
        t = inspection.trainings
        body(
            document,
            f"队伍建设：{inspection.last_day.year}年截至{chinese_date(inspection.last_day)}，组织内部培训"
            f"{t.internal}次（要求每年不少于{t.internal_target}次），参加外部培训{t.external}次（要求每年"
            f"不少于{t.external_target}次）" + _training_gap(t) + "。",
        )
    if inspection.wording is not None:
        body(document, "错敏管理：" + inspection.wording.sentence())
    if not s.incidents:
        body(document, "统计期内未发生泄密、严重表述错误、违规内容、被盗号等安全事件。")
        return
    body(document, f"统计期内发生安全事件{len(s.incidents)}起：")
    for number, i in enumerate(s.incidents, start=1):
        done = f"，已于{chinese_date(i.resolved_on)}处置完毕" if i.resolved_on else "，正在处置"
        what = "，".join(x for x in (i.kind, i.description) if x)
        handling = f"；处置情况：{i.handling}" if i.handling else ""
        item(
            document,
            number,
            f"{chinese_date(i.occurred_on)}，{i.account or '（未关联账号）'}：{what}{handling}{done}",
        )


def _training_gap(t: TrainingFigures) -> str:
    gaps = [
        f"{what}培训还差{target - done}次"
        for what, done, target in (
            ("内部", t.internal, t.internal_target),
            ("外部", t.external, t.external_target),
        )
        if done < target
    ]
    return "，" + "、".join(gaps) if gaps else "，均已达到要求"


def _problems(document: Any, inspection: Inspection) -> None:
    heading(document, SECTIONS[5])
    if not inspection.findings:
        body(document, f"经对照《{inspection.indicator_set}》逐项自查，未发现单项否决或扣分问题。")
        return
    groups: dict[str, list[Finding]] = defaultdict(list)
    for finding in inspection.findings:
        groups[finding_parts(finding)[0]].append(finding)
    ambiguous = ambiguous_names(inspection.accounts)
    platforms = {a.id: a.platform for a in inspection.accounts}
    body(
        document,
        f"经对照《{inspection.indicator_set}》逐项自查，{inspection.overview.failed}个账号不合格，"
        f"共发现问题{len(inspection.findings)}项，主要有：",
    )
    for index, (title, found) in enumerate(groups.items()):
        veto = "单项否决，" if found[0].severity.value == "veto" else ""
        number = GROUP_NUMBERS[index] if index < len(GROUP_NUMBERS) else str(index + 1)
        heading(document, f"（{number}）{title}（{veto}{len(found)}个账号）", level=2)
        for position, finding in enumerate(found[:LISTED_PER_PROBLEM], start=1):
            name = account_label(finding.account, platforms.get(finding.account_id or -1, ""), ambiguous)
            item(document, position, f"{name}：{finding_parts(finding)[1]}")
        if len(found) > LISTED_PER_PROBLEM:
            body(document, f"……另有{len(found) - LISTED_PER_PROBLEM}个账号存在此问题，详见附件明细表。")


PLAN_HEADERS = ("序号", "问题", "整改措施", "责任人", "时限", "状态")
PLAN_WRAP = (1, 2)
PORTRAIT_TEXT_MM = 210 - 28 - 26


def due_text(day: date | None) -> str:
    """ "2026年\n2月12日前": a 时限 on two lines, broken after the year."""
    return f"{day.year}年\n{day.month}月{day.day}日前" if day else "—"


def _rectifications(document: Any, inspection: Inspection, plans: Sequence[PlanRow]) -> None:
    heading(document, SECTIONS[6])
    if plans:
        done = sum(1 for p in plans if p.state.startswith("已完成"))
        lead_in(
            document,
            f"对自查发现的{len(plans)}项问题逐项明确整改措施、责任人和时限，已完成{done}项，"
            f"其余{len(plans) - done}项正在按时限整改，具体如下：",
        )
        rows = [
            (n, p.problem, p.measure, p.responsible, due_text(p.due_on), p.state.replace("（", "\n（"))
            for n, p in enumerate(plans, start=1)
        ]
        table(
            document,
            PLAN_HEADERS,
            rows,
            fit_widths(PLAN_HEADERS, rows, PORTRAIT_TEXT_MM, wrap=PLAN_WRAP),
            align=("center", "left", "left", "center", "center", "center"),
        )
    else:
        body(document, "本次自查未发现需要整改的问题。")
    others = other_items(inspection, plans)
    if others:
        done = sum(1 for i in others if i.completed_on is not None)
        body(
            document,
            f"此外，统计期内日常检查和上级通报发现的问题登记整改事项{len(others)}项，已完成{done}项，"
            f"尚在整改{len(others) - done}项。",
        )


def _next_steps(document: Any, narrative: Narrative) -> None:
    heading(document, SECTIONS[7])
    _paragraphs(document, narrative.next_steps)


def _signature(document: Any, text: ReportText) -> None:
    n = text.narrative
    notes = [
        f"{label}：{value}"
        for label, value in (
            ("单位负责人", n.unit_head),
            ("审核人", n.reviewer),
            ("填报人", n.preparer),
            ("联系电话", n.phone),
        )
        if value
    ]
    signature(document, text.office, text.signed_on, notes)


def _annual_table(document: Any, inspection: Inspection, title: str, *, numbered: bool) -> None:
    attachment_page(document, 1 if numbered else None, title)
    groups = annual_table(inspection.accounts)
    heads = {
        "微博": ("名称", "信息发布量", "关注量"),
        "微信": ("名称", "类型", "信息发布量", "订阅数"),
        "其他": ("名称", "平台", "信息发布量", "关注量"),
    }
    for family, members in groups.items():
        add_paragraph(
            document, family, font=FONT_HEITI, size=SIZE["四号"]
        ).paragraph_format.keep_with_next = True
        rows: list[tuple[Any, ...]]
        if family == "其他":
            rows = [(a.name, in_text(a.platform), a.posts, a.followers) for a in members]
            widths: tuple[float, ...] = (60, 40, 28, 28)
        elif family == "微信":
            rows = [
                (a.name, a.platform.partition("-")[2] or a.platform, a.posts, a.followers) for a in members
            ]
            widths = (66, 34, 28, 28)
        else:
            rows = [(a.name, a.posts, a.followers) for a in members]
            widths = (80, 38, 38)
        if not rows:
            rows = [("（无）", *[""] * (len(heads[family]) - 1))]
        table(document, heads[family], rows, widths)
