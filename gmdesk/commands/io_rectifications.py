"""``gmdesk import rectifications FILE.xlsx`` (a superior's 通报) and ``gmdesk export rectifications``."""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path

from gmdesk.commands.common import add_db_option, open_for_command
from gmdesk.commands.io import add_import_parser
from gmdesk.commands.parsing import date_argument, fail_file


def register_import(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = add_import_parser(
        subparsers,
        "rectifications",
        help="导入整改事项（上级通报：存在问题、整改措施、责任人、时限（工作日）或整改期限…）",
        description="从 Excel 导入上级通报的整改事项。必填“存在问题”，并填写“时限（工作日）”或“整改期限”之一；"
        "可填通报文号、下达日期、主办单位、账号名称、平台、整改措施、责任人。同一通报中已录入的相同问题跳过。"
        "任何一行有误则全部不导入，并列出每处问题的行号和列名。",
        handler=run_import,
    )
    parser.add_argument(
        "--notice", default="", metavar="文号", help="通报文号（文件中没有“通报文号”列时用于每一行）"
    )


def register_export(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "rectifications",
        help="导出整改台账",
        description="导出整改台账为 Excel；--template 导出空白的通报导入模板。",
    )
    add_db_option(parser)
    parser.add_argument("--out", required=True, metavar="FILE.xlsx", help="导出文件")
    parser.add_argument(
        "--date", type=date_argument, metavar="YYYY-MM-DD", help="计算剩余时限的日期（默认今天）"
    )
    parser.add_argument("--open-only", action="store_true", help="只导出未完成的事项")
    parser.add_argument("--template", action="store_true", help="导出空白的导入模板（不需要数据库）")
    parser.set_defaults(handler=run_export)


def run_import(args: argparse.Namespace) -> int:
    from gmdesk.commands.io import run_import_with
    from gmdesk.services.rectification_io import import_items

    return run_import_with(
        args,
        lambda session, operator: import_items(
            session, args.file, operator, datetime.now(), args.notice, args.dry_run
        ).describe(),
    )


def run_export(args: argparse.Namespace) -> int:
    today = args.date or datetime.now().date()
    try:
        if args.template:
            from gmdesk.services.rectification_io import write_template

            write_template(Path(args.out), today)
            print(f"已导出整改事项导入模板到 {args.out}")
            return 0
        from gmdesk.services.rectification_io import export_items

        database = open_for_command(args)
        try:
            with database.session() as session:
                count = export_items(session, args.out, today, args.open_only)
        finally:
            database.close()
    except OSError as error:  # the file is open in Excel/WPS, a read-only folder, a full disk…
        return fail_file(error)
    print(f"已导出{count}项整改事项到 {args.out}")
    return 0
