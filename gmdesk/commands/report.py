"""``gmdesk report``: the self-inspection report of a year (or a quarter) as Word, with Excel appendices."""

from __future__ import annotations

import argparse
from datetime import date, datetime, time
from pathlib import Path

from gmdesk.commands.common import add_db_option, open_for_command
from gmdesk.commands.parsing import date_argument, fail
from gmdesk.domain.errors import UserError


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "report",
        help="生成年度（或季度）政务新媒体自查报告（Word），可附 Excel 明细",
        description="按统计期和范围计算自查报告的全部数据，生成 Word 报告（公文格式）并登记到报告记录中。\n"
        "示例：gmdesk report --year 2026 --db gmdesk.db --out 2026年度自查报告.docx --xlsx 明细.xlsx",
    )
    parser.add_argument("--year", type=int, required=True, metavar="YYYY", help="统计年度")
    parser.add_argument("--quarter", type=int, choices=(1, 2, 3, 4), metavar="Q", help="只统计该季度（1—4）")
    parser.add_argument("--unit", metavar="NAME", help="只统计该单位（全称或简称；默认全县）")
    parser.add_argument("--indicators", metavar="NAME", help="考核指标体系名称（默认：国办单项否决指标）")
    add_db_option(parser)
    parser.add_argument("--out", metavar="FILE", type=Path, required=True, help="输出的 Word 文件（.docx）")
    parser.add_argument("--xlsx", metavar="FILE", type=Path, help="同时输出 Excel 明细附件（.xlsx）")
    parser.add_argument("--date", type=date_argument, metavar="YYYY-MM-DD", help="统计截止日期（默认今天）")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from gmdesk.documents.atomic import OutputFileBusy
    from gmdesk.domain.inspection import Narrative
    from gmdesk.domain.report_period import quarter_period, year_period
    from gmdesk.services import settings
    from gmdesk.services.inspection_reports import ReportRequest, generate, resolve_unit

    out: Path = args.out
    if out.suffix.lower() != ".docx":
        return fail(f"输出文件应为 .docx：{out}")
    if args.xlsx is not None and args.xlsx.suffix.lower() != ".xlsx":
        return fail(f"明细附件应为 .xlsx：{args.xlsx}")
    if not 2000 <= args.year <= 2100:
        return fail(f"年度 {args.year} 不在 2000—2100 之间")
    period = quarter_period(args.year, args.quarter) if args.quarter else year_period(args.year)
    today = args.date or date.today()
    if today < period.start:
        return fail(f"统计期{period.label}尚未开始（截止日期 {today.isoformat()}）")
    now = datetime.combine(today, time(23, 59, 59)) if args.date else datetime.now()
    database = open_for_command(args)
    try:
        with database.session() as session:
            unit_id = resolve_unit(session, args.unit) if args.unit else None
            operator = str(settings.get(session, settings.CURRENT_OPERATOR))
            request = ReportRequest(period, unit_id, Narrative(), args.indicators or "")
            result = generate(session, request, out, args.xlsx, operator, now)
    except (UserError, OutputFileBusy) as error:
        return fail(str(error))
    finally:
        database.close()
    figures = result.record.figures
    print(f"已生成{result.record.title}：{out}")
    if args.xlsx:
        note = f"（{result.confidential_left_out}条保密留言未列入）" if result.confidential_left_out else ""
        print(f"Excel 明细附件：{args.xlsx}{note}")
    print(
        f"账号{figures['accounts']}个（合格{figures['passed']}个，不合格{figures['failed']}个），"
        f"发布信息{figures['posts']}条，收到留言{figures['messages']}条，存在问题{figures['problems']}项。"
    )
    return 0
