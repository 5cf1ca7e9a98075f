"""The 年度自查报告 as a Word file in the official document style (GB/T 9704), with the sections of domain §6 in
order, the account table on landscape pages, charts as images, the sign-off block and the 年度报表 移动新媒体
table as an attached table. It reads an :class:`~gmdesk.domain.inspection.Inspection` and the clerk's
:class:`~gmdesk.domain.inspection.Narrative`; it computes nothing itself.
"""

from __future__ import annotations

import tempfile
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from gmdesk.domain.findings import Finding
from gmdesk.domain.inspection import Inspection, Narrative, annual_table, percent, title_of

SECTIONS = ("一、总体情况", "二、账号基本情况", "三、信息发布情况", "四、互动回应情况", "五、安全管理情况",
            "六、存在问题", "七、整改情况", "八、下一步工作安排")  # fmt: skip
"""The headings of domain §6, in order."""
GROUP_NUMBERS = "一二三四五六七八九十"
LISTED_PER_PROBLEM = 30
"""Accounts named per problem in the text; the Excel appendix lists all."""
DEFAULT_NEXT_STEPS = (
    "一是压实主体责任，落实“谁开设、谁主办”“谁主管、谁负责”要求，对自查发现的问题逐项建立整改台账，明确措施、"
    "责任人和时限，按期销号。\n二是加强内容建设，严格落实“三审三校”制度，保持更新频率，提高原创信息比例。\n"
    "三是提升互动回应质量，按期答复网民留言，对长期未办结的留言逐条督办。\n"
    "四是强化安全管理，定期更换账号密码，专人保管，做好人员交接和日常巡查。"
)


def write_report(path: Path | str, inspection: Inspection, narrative: Narrative,
                 progress: Callable[[str], None] | None = None) -> Path:  # fmt: skip
    """Write the report atomically; charts are drawn into a temporary folder and embedded."""
    from gmdesk.documents.word import add_page_number_footer, add_title, new_document, save_document

    step = progress or (lambda text: None)
    document = new_document()
    add_page_number_footer(document)  # once, before other sections: later ones inherit the footer
    add_title(document, title_of(inspection, narrative))
    with tempfile.TemporaryDirectory(prefix="gmdesk-report-") as folder:
        step("总体情况…")
        _intro(document, inspection)
        _overview(document, inspection)
        step("账号基本情况…")
        _account_table(document, inspection)
        step("信息发布情况…")
        _posting(document, inspection, Path(folder))
        step("互动回应情况…")
        _replies(document, inspection, Path(folder))
        _security(document, inspection)
        step("存在问题及整改情况…")
        _problems(document, inspection)
        _rectifications(document, inspection)
        _next_steps(document, inspection, narrative)
        step("年度报表…")
        _annual_table(document, inspection)
        step("保存…")
        return save_document(document, path)


def _n(value: int | None) -> str:
    return "—" if value is None else str(value)


def _paragraphs(document: Any, text: str) -> None:
    from gmdesk.documents.word import add_body

    for line in text.splitlines():
        if line.strip():
            add_body(document, line.strip())


def _intro(document: Any, inspection: Inspection) -> None:
    from gmdesk.documents.word import add_body

    text = (f"根据《政府网站与政务新媒体检查指标》（国办秘函〔2019〕19号）和政务新媒体管理有关规定，"
            f"按照《{inspection.indicator_set}》，对{inspection.scope}政务新媒体{inspection.period.label}运行情况"
            f"进行了全面自查，现将有关情况报告如下。")  # fmt: skip
    for note in inspection.notes:
        text += f"（{note.rstrip('。')}。）"
    add_body(document, text)


def _overview(document: Any, inspection: Inspection) -> None:
    from gmdesk.documents.report_blocks import heading, lead_in, table
    from gmdesk.documents.word import add_body

    o = inspection.overview
    heading(document, SECTIONS[0])
    platforms = "、".join(f"{label}{count}个" for label, count in o.by_platform) or "无"
    add_body(document, f"统计期内{inspection.scope}开设运行政务新媒体账号{o.accounts}个，其中{platforms}。"
                       f"新开设账号{o.opened}个，办理变更备案{o.changed}次，关停注销账号{o.closed}个。")
    states = "、".join(f"{label}{count}个" for label, count in o.by_state)
    add_body(document, f"截至{inspection.last_day.isoformat()}，账号台账状态为：{states}。")
    add_body(document, f"按照《{inspection.indicator_set}》逐一评议，合格{o.passed}个，不合格{o.failed}个。")
    lead_in(document, "开设、变更、注销备案办理情况如下：")
    rows = [(f.kind, f.total, f.on_time, f.late, f.overdue, f.open) for f in o.filings]
    table(document, ("事项", "件数", "按期办理", "逾期办理", "逾期未办", "办理中"), rows, (36, 24, 24, 24, 24, 24))


ACCOUNT_HEADERS = ("序号", "账号名称", "平台", "账号ID", "主办单位", "认证主体", "开设时间", "运维方式",
                   "负责人/管理员", "备案状态", "关注数")  # fmt: skip
ACCOUNT_WIDTHS = (11, 26, 24, 26, 29, 28, 21, 14, 18, 32, 14)


def _account_table(document: Any, inspection: Inspection) -> None:
    from gmdesk.documents.report_blocks import heading, landscape_section, lead_in, portrait_section, table
    from gmdesk.documents.word import SIZE

    landscape_section(document)
    heading(document, SECTIONS[1])
    lead_in(document, f"{inspection.scope}统计期内开设运行的{len(inspection.accounts)}个政务新媒体账号基本情况如下：")
    rows = [
        (number, a.name, a.platform, a.platform_account_id, a.unit, a.verified_entity,
         a.opened_on.isoformat() if a.opened_on else "", a.ops_mode.partition("（")[0], "/".join(x for x in (a.principal, a.admin) if x),
         a.filing, a.followers)
        for number, a in enumerate(inspection.accounts, start=1)
    ]  # fmt: skip
    table(document, ACCOUNT_HEADERS, rows, ACCOUNT_WIDTHS, size=SIZE["小五"])
    portrait_section(document)


def _posting(document: Any, inspection: Inspection, folder: Path) -> None:
    from gmdesk.documents.charts import bar_chart
    from gmdesk.documents.report_blocks import caption, heading, lead_in, picture, table
    from gmdesk.documents.word import add_body

    p = inspection.posting
    heading(document, SECTIONS[2])
    add_body(document, f"统计期内共发布信息{p.posts}条，其中原创信息{p.originals}条，原创率{percent(p.original_rate)}。"
                       "各月发布数量见图1。")
    labels = [label for label, _ in p.months]
    chart = bar_chart(folder / "posts.png", labels, [n for _, n in p.months], y_label="发布数量（条）",
                      size_cm=(16, 7))
    picture(document, chart)
    caption(document, "图1　各月信息发布数量")
    limit = p.gap_limit_days
    if p.accounts_gap_veto:
        add_body(document, f"对照“连续{limit}天未更新即单项否决”的要求，有{p.accounts_gap_veto}个账号出现超期未更新，"
                           f"最长连续{_n(p.longest_gap)}天未更新（{p.longest_gap_account}）。")  # fmt: skip
    else:
        add_body(document, f"对照“连续{limit}天未更新即单项否决”的要求，各账号均未出现超期未更新，"
                           f"最长连续未更新{_n(p.longest_gap)}天。")
    if p.repost_due:
        add_body(document, f"上级下达转发任务{p.repost_tasks}项，应转发{p.repost_due}个账号次，按时转发"
                           f"{p.repost_on_time}个账号次，逾期转发{p.repost_late}个账号次，未转发{p.repost_missed}个账号次。")
    else:
        add_body(document, "统计期内无上级下达的转发任务。")
    late = sorted((a for a in inspection.accounts if a.gap_breaches), key=lambda a: -(a.longest_gap or 0))
    if late:
        lead_in(document, "超期未更新的账号如下：")
        rows = [(a.name, a.unit, a.posts, _n(a.longest_gap), a.gap_breaches) for a in late]
        table(document, ("账号名称", "主办单位", "发布量", "最长未更新(天)", "超期次数"), rows, (40, 50, 18, 24, 24))


def _replies(document: Any, inspection: Inspection, folder: Path) -> None:
    from gmdesk.documents.charts import line_chart
    from gmdesk.documents.report_blocks import caption, heading, lead_in, picture, table
    from gmdesk.documents.word import add_body

    r = inspection.replies
    heading(document, SECTIONS[3])
    first = f"{r.avg_first_response_hours:.1f}小时" if r.avg_first_response_hours is not None else "—"
    handling = f"{r.avg_handling_days:.1f}天" if r.avg_handling_days is not None else "—"
    add_body(document, f"统计期内共收到网民留言{r.received}条，已答复{r.answered}条，不予受理{r.rejected}条，"
                       f"仍在办理{r.still_open}条。答复期限届满的留言{r.due}条，按期答复{r.on_time}条，"
                       f"按期答复率{percent(r.on_time_rate)}；平均首次回应时间{first}，平均办理时间{handling}。"
                       f"目前超过3个月未办结的留言{r.open_long}条，已逾期未办结{r.open_overdue}条。")  # fmt: skip
    lead_in(document, "各类留言办理情况如下：")
    rows = [(c.category, c.received, c.answered, c.due, c.on_time, percent(c.on_time_rate)) for c in r.by_category]
    rows.append(("合计", r.received, r.answered, r.due, r.on_time, percent(r.on_time_rate)))
    table(document, ("类别", "收到", "已答复", "到期", "按期答复", "按期答复率"), rows, (26, 26, 26, 26, 26, 26))
    months = [m for m in r.months if m[1]]
    if months:
        lead_in(document, "各月按期答复率见图2。")
        values = [on_time * 100 / due for _, due, on_time in months]
        chart = line_chart(folder / "replies.png", [m[0] for m in months], {"按期答复率": values},
                           y_label="按期答复率", y_max=100, percent=True, size_cm=(16, 6.5))
        picture(document, chart)
        caption(document, "图2　各月留言按期答复率")


def _security(document: Any, inspection: Inspection) -> None:
    from gmdesk.documents.report_blocks import heading
    from gmdesk.documents.word import add_body

    s = inspection.security
    heading(document, SECTIONS[4])
    add_body(document, f"统计期内发布的{s.published}条信息中，{s.reviewed}条留存完整的撰稿、审核、审签记录，"
                       f"三审合规率{percent(s.review_rate)}；重要信息{s.important}条，经审签{s.important_signed}条。")
    add_body(document, f"账号密码由专人保管、定期更换，系统仅登记更换日期和保管人，不记录密码本身。统计期内更换密码"
                       f"{s.rotations}次（涉及{s.accounts_rotated}个账号），其中人员交接{s.handovers}次；截至"
                       f"{inspection.last_day.isoformat()}，{s.password_overdue}个账号密码超期未更换或未登记保管人"
                       f"（其中未登记保管人{s.without_custodian}个）。")  # fmt: skip
    if not s.incidents:
        add_body(document, "统计期内未发生泄密、严重表述错误、违规内容、被盗号等安全事件。")
        return
    add_body(document, f"统计期内发生安全事件{len(s.incidents)}起：")
    for number, i in enumerate(s.incidents, start=1):
        done = f"，已于{i.resolved_on.isoformat()}处置完毕" if i.resolved_on else "，正在处置"
        what = "，".join(x for x in (i.kind, i.description) if x)
        handling = f"；处置情况：{i.handling}" if i.handling else ""
        add_body(document, f"{number}. {i.occurred_on.isoformat()}，{i.account or '（未关联账号）'}：{what}{handling}{done}。")


def _problems(document: Any, inspection: Inspection) -> None:
    from gmdesk.documents.report_blocks import heading
    from gmdesk.documents.word import add_body

    heading(document, SECTIONS[5])
    if not inspection.findings:
        add_body(document, f"经对照《{inspection.indicator_set}》逐项自查，未发现单项否决或扣分问题。")
        return
    groups: dict[str, list[Finding]] = defaultdict(list)
    for finding in inspection.findings:
        title, _, _ = finding.message.partition("：")
        groups[title].append(finding)
    add_body(document, f"经对照《{inspection.indicator_set}》逐项自查，{inspection.overview.failed}个账号不合格，"
                       f"共发现问题{len(inspection.findings)}项，主要有：")
    for index, (title, found) in enumerate(groups.items()):
        veto = "单项否决，" if found[0].severity.value == "veto" else ""
        number = GROUP_NUMBERS[index] if index < len(GROUP_NUMBERS) else str(index + 1)
        heading(document, f"（{number}）{title}（{veto}{len(found)}个账号）", level=2)
        for position, finding in enumerate(found[:LISTED_PER_PROBLEM], start=1):
            add_body(document, f"{position}. {finding.account}：{finding.message.partition('：')[2]}")
        if len(found) > LISTED_PER_PROBLEM:
            add_body(document, f"……另有{len(found) - LISTED_PER_PROBLEM}个账号存在此问题，详见附件明细表。")


def _rectifications(document: Any, inspection: Inspection) -> None:
    from gmdesk.documents.report_blocks import heading, lead_in, table
    from gmdesk.documents.word import add_body

    heading(document, SECTIONS[6])
    items = inspection.rectifications
    if not items:
        add_body(document, "统计期内未登记整改事项。对本次自查发现的问题，将逐项建立整改台账，明确整改措施、责任人和时限。")
        return
    done = sum(1 for i in items if i.completed_on is not None)
    lead_in(document, f"统计期内登记整改事项{len(items)}项，已完成{done}项，尚在整改{len(items) - done}项，具体如下：")
    rows = [(n, f"{i.account}：{i.problem}" if i.account else i.problem, i.measure, i.responsible,
             i.due_on.isoformat() if i.due_on else "", i.state) for n, i in enumerate(items, start=1)]  # fmt: skip
    table(document, ("序号", "问题", "措施", "责任人", "时限", "状态"), rows, (10, 45, 42, 18, 23, 18),
          align=("center", "left", "left", "center", "center", "center"))


def _next_steps(document: Any, inspection: Inspection, narrative: Narrative) -> None:
    from gmdesk.documents.report_blocks import heading, sign_off
    from gmdesk.documents.word import add_body

    heading(document, SECTIONS[7])
    _paragraphs(document, narrative.next_steps or DEFAULT_NEXT_STEPS)
    if narrative.remarks.strip():
        add_body(document, f"备注：{narrative.remarks.strip()}")
    # the sign-off never stands alone on a page: the last lines of text go with it
    document.paragraphs[-1].paragraph_format.keep_with_next = True
    people = (("单位负责人", narrative.unit_head), ("审核人", narrative.reviewer), ("填报人", narrative.preparer),
              ("联系电话", narrative.phone))  # fmt: skip
    sign_off(document, people, narrative.signed_on, narrative.organisation or inspection.scope)


ANNUAL_TITLE = "附表　年度报表（移动新媒体部分）"


def _annual_table(document: Any, inspection: Inspection) -> None:
    from docx.enum.text import WD_BREAK

    from gmdesk.documents.report_blocks import table
    from gmdesk.documents.word import FONT_HEITI, SIZE, add_paragraph

    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    add_paragraph(document, ANNUAL_TITLE, font=FONT_HEITI, size=SIZE["三号"], align="center")
    groups = annual_table(inspection.accounts)
    heads = {"微博": ("名称", "信息发布量", "关注量"), "微信": ("名称", "信息发布量", "订阅数"),
             "其他": ("名称", "平台", "信息发布量", "关注量")}  # fmt: skip
    for family, members in groups.items():
        add_paragraph(document, family, font=FONT_HEITI, size=SIZE["四号"]).paragraph_format.keep_with_next = True
        if family == "其他":
            rows: list[tuple[Any, ...]] = [(a.name, a.platform, a.posts, a.followers) for a in members]
            widths: tuple[float, ...] = (60, 40, 28, 28)
        else:
            rows = [(a.name, a.posts, a.followers) for a in members]
            widths = (80, 38, 38)
        if not rows:
            rows = [("（无）", *[""] * (len(heads[family]) - 1))]
        table(document, heads[family], rows, widths)
