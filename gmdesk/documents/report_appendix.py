"""The Excel appendices of the self-inspection report: accounts with their figures and verdicts, posts per month
per account, the message case list (masked, 保密 left out by the caller), the problems with their 整改, and the
年度报表 table. Numbers and rates are stored as numbers (rates as fractions shown as 0.0%), dates as dates, rules
by their Chinese names; a column with nothing in it (得分 under the national vetoes) is left out."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from gmdesk.documents.xlsx import PERCENT_FORMAT, SheetSpec, write_workbook
from gmdesk.domain.findings import rule_title
from gmdesk.domain.inspection import Inspection, PlanRow, annual_table, plan_key
from gmdesk.domain.report_drafts import account_label, ambiguous_names, finding_parts

ACCOUNT_HEADERS = (
    "序号",
    "账号名称",
    "平台",
    "账号ID",
    "主办单位",
    "认证主体",
    "开设时间",
    "运维方式",
    "主要负责人",
    "管理员",
    "备案状态",
    "关注数",
    "状态",
    "发布量",
    "原创",
    "原创率",
    "最长未更新(天)",
    "超期未更新次数",
    "收到留言",
    "到期留言",
    "按期答复",
    "按期答复率",
    "超3个月未办结",
    "未完成转发",
    "三审合规率",
    "安全事件",
    "密码超期",
    "备案逾期",
    "评议结果",
    "得分",
    "存在问题",
)
ACCOUNT_WIDTHS = (5, 14, 12, 14, 18, 18, 11, 9, 9, 9, 16, 8, 10) + (7,) * 17 + (32,)
"""Narrow number columns under wrapping headers: the sheet is printed fitted to the page's width."""
RATE_COLUMNS = ("原创率", "按期答复率", "三审合规率")
SCORE = "得分"
CASE_HEADERS = (
    "编号",
    "账号名称",
    "渠道",
    "收到时间",
    "类别",
    "紧急程度",
    "留言人",
    "联系方式",
    "内容",
    "状态",
    "答复期限",
    "答复时间",
    "是否按期",
)
CASE_WIDTHS = (8, 18, 8, 17, 8, 9, 12, 15, 60, 10, 17, 17, 9)
PROBLEM_HEADERS = (
    "序号",
    "问题类别",
    "性质",
    "账号名称",
    "主办单位",
    "日期",
    "问题",
    "整改措施",
    "责任人",
    "整改时限",
    "整改状态",
)
PROBLEM_WIDTHS = (6, 20, 10, 22, 26, 11, 50, 40, 12, 11, 14)
SHEET_TITLES = ("账号情况", "月度发布", "留言明细", "存在问题", "年度报表")


def _account_rows(inspection: Inspection, keep: Sequence[int]) -> Iterable[tuple[Any, ...]]:
    for number, a in enumerate(inspection.accounts, start=1):
        v = a.verdict
        figures = a.figures()
        row = (
            number,
            a.name,
            a.platform,
            a.platform_account_id,
            a.unit,
            a.verified_entity,
            a.opened_on,
            a.ops_mode,
            a.principal,
            a.admin,
            a.filing,
            a.followers,
            a.state,
            a.posts,
            a.originals,
            a.original_rate,
            a.longest_gap,
            a.gap_breaches,
            a.received,
            a.due,
            a.on_time,
            figures["on_time_rate"],
            a.open_long,
            a.repost_missed,
            figures["three_review_rate"],
            a.incidents,
            "是" if a.password_overdue else "否",
            a.filings_late,
            v.label if v else "",
            v.score if v and v.score is not None else None,
            "；".join(v.reasons()) if v else "",
        )
        yield tuple(row[i] for i in keep)


def _monthly_rows(inspection: Inspection) -> Iterable[tuple[Any, ...]]:
    for a in inspection.accounts:
        yield (a.name, a.unit, a.platform, *a.months, sum(a.months))


def _annual_rows(inspection: Inspection) -> Iterable[tuple[Any, ...]]:
    for family, members in annual_table(inspection.accounts).items():
        for a in members:
            yield (family, a.name, a.platform, a.posts, a.followers)


def _problem_rows(inspection: Inspection, plans: Sequence[PlanRow]) -> Iterable[tuple[Any, ...]]:
    accounts = {a.id: a for a in inspection.accounts}
    ambiguous = ambiguous_names(inspection.accounts)
    by_key = {p.key: p for p in plans}
    for number, f in enumerate(inspection.findings, start=1):
        account = accounts.get(f.account_id) if f.account_id is not None else None
        name = account_label(f.account, account.platform, ambiguous) if account else f.account
        plan = by_key.get(plan_key(f.account_id, str(f.rule)))
        title, reason = finding_parts(f)
        yield (
            number,
            title or rule_title(str(f.rule)),
            f.severity.label,
            name,
            account.unit if account else "",
            f.date,
            reason or f.message,
            plan.measure if plan else "",
            plan.responsible if plan else "",
            plan.due_on if plan else None,
            plan.state if plan else "",
        )


def write_appendix(
    path: Path | str,
    inspection: Inspection,
    cases: Iterable[Sequence[Any]],
    plans: Sequence[PlanRow] = (),
    progress: Callable[[int], None] | None = None,
) -> Path:
    """Write every appendix sheet atomically; ``cases`` are rows in :data:`CASE_HEADERS` order, ``plans`` the
    report's 整改 rows (joined to the problems)."""
    months = inspection.period.month_labels()
    scored = any(a.verdict is not None and a.verdict.score is not None for a in inspection.accounts)
    keep = [i for i, h in enumerate(ACCOUNT_HEADERS) if h != SCORE or scored]
    headers = [ACCOUNT_HEADERS[i] for i in keep]
    rates = {n: PERCENT_FORMAT for n, h in enumerate(headers) if h in RATE_COLUMNS}
    sheets = [
        SheetSpec(
            SHEET_TITLES[0],
            headers,
            _account_rows(inspection, keep),
            [ACCOUNT_WIDTHS[i] for i in keep],
            formats=rates,
        ),
        SheetSpec(
            SHEET_TITLES[1],
            ("账号名称", "主办单位", "平台", *months, "合计"),
            _monthly_rows(inspection),
            (20, 26, 16, *([7] * len(months)), 8),
        ),
        SheetSpec(SHEET_TITLES[2], CASE_HEADERS, cases, CASE_WIDTHS),
        SheetSpec(SHEET_TITLES[3], PROBLEM_HEADERS, _problem_rows(inspection, plans), PROBLEM_WIDTHS),
        SheetSpec(
            SHEET_TITLES[4],
            ("类别", "名称", "平台", "信息发布量", "关注量/订阅数"),
            _annual_rows(inspection),
            (8, 24, 18, 12, 14),
        ),
    ]
    return write_workbook(path, sheets, progress=progress)
