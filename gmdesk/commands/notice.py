"""``gmdesk notice``: the quarterly 检查情况通报 to the units as a Word file (GB/T 9704, with 文号 and 主送)."""

from __future__ import annotations

import argparse
from datetime import date, datetime, time
from pathlib import Path

from gmdesk.commands.common import add_db_option, open_for_command
from gmdesk.commands.parsing import date_argument, fail


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "notice",
        help="生成季度政务新媒体检查情况通报（Word），下发各单位",
        description="按季度检查全县政务新媒体，生成检查情况通报：总体情况、各单位发布和留言办理情况及排名、"
        "存在问题（点名单位和账号）、整改要求和时限，公文格式（文号、主送、落款）。\n"
        "示例：gmdesk notice --year 2025 --quarter 3 --db gmdesk.db --out 第三季度通报.docx",
    )
    parser.add_argument("--year", type=int, required=True, metavar="YYYY", help="年度")
    parser.add_argument(
        "--quarter", type=int, required=True, choices=(1, 2, 3, 4), metavar="Q", help="季度（1—4）"
    )
    add_db_option(parser)
    parser.add_argument("--out", metavar="FILE", type=Path, required=True, help="输出的 Word 文件（.docx）")
    parser.add_argument(
        "--number", metavar="文号", default="", help="发文字号（默认：机关代字〔年份〕顺序号）"
    )
    parser.add_argument("--days", type=int, default=None, metavar="N", help="整改时限（工作日，默认10）")
    parser.add_argument("--indicators", metavar="NAME", help="考核指标体系名称（默认：国办单项否决指标）")
    parser.add_argument(
        "--date", type=date_argument, metavar="YYYY-MM-DD", help="成文日期和统计截止日期（默认今天）"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from gmdesk.documents.atomic import OutputFileBusy
    from gmdesk.domain.errors import UserError
    from gmdesk.domain.notice import DEFAULT_WORKDAYS
    from gmdesk.domain.report_period import quarter_period
    from gmdesk.services import settings
    from gmdesk.services.inspection_notice import NoticeRequest, generate_notice

    out: Path = args.out
    if out.suffix.lower() != ".docx":
        return fail(f"输出文件应为 .docx：{out}")
    if not 2000 <= args.year <= 2100:
        return fail(f"年度 {args.year} 不在 2000—2100 之间")
    period = quarter_period(args.year, args.quarter)
    today = args.date or date.today()
    if today < period.start:
        return fail(f"统计期{period.label}尚未开始（截止日期 {today.isoformat()}）")
    now = datetime.combine(today, time(23, 59, 59)) if args.date else datetime.now()
    request = NoticeRequest(
        period,
        args.number,
        today,
        args.days if args.days is not None else DEFAULT_WORKDAYS,
        indicator_set=args.indicators or "",
    )
    database = open_for_command(args)
    try:
        with database.session() as session:
            operator = str(settings.get(session, settings.CURRENT_OPERATOR))
            result = generate_notice(session, request, out, operator, now)
    except (UserError, ValueError, OutputFileBusy) as error:
        return fail(str(error))
    finally:
        database.close()
    n = result.notice
    problems = sum(len(g.entries) for g in n.problems)
    print(f"已生成{n.title}（{n.number}）：{out}")
    print(
        f"单位{len(n.units)}个，账号{n.accounts}个（不合格{n.failed}个），存在问题{problems}项，"
        f"整改期限{n.deadline.year}年{n.deadline.month}月{n.deadline.day}日。"
    )
    return 0
