"""``gmdesk import posts FILE.xlsx`` and ``gmdesk export posts --out FILE.xlsx`` (domain §7 layout)."""

from __future__ import annotations

import argparse
from datetime import datetime

from gmdesk.commands.common import add_db_option, open_for_command
from gmdesk.commands.io import add_import_parser
from gmdesk.commands.parsing import date_argument, fail, fail_file


def register_import(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    add_import_parser(
        subparsers,
        "posts",
        help="导入发布记录（账号名称、发布时间、标题、类型、来源、群发、链接、阅读数）",
        description="从 Excel 导入发布记录。按账号名称匹配账号；账号、时间、标题都相同的记录视为重复并跳过。"
        "任何一行有误则全部不导入，并列出每处问题的行号和列名。",
        handler=run_import,
    )


def register_export(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "posts",
        help="导出发布记录",
        description="导出发布记录为 Excel（§7 格式，另附分类、状态、主办单位、平台）。",
    )
    add_db_option(parser)
    parser.add_argument("--out", required=True, metavar="FILE.xlsx", help="导出文件")
    parser.add_argument(
        "--from", dest="first", type=date_argument, metavar="YYYY-MM-DD", help="起始日期（含）"
    )
    parser.add_argument("--to", dest="last", type=date_argument, metavar="YYYY-MM-DD", help="截止日期（含）")
    parser.set_defaults(handler=run_export)


def run_import(args: argparse.Namespace) -> int:
    from gmdesk.commands.io import run_import_with
    from gmdesk.services.posts_io import import_posts

    return run_import_with(
        args,
        lambda session, operator: import_posts(
            session, args.file, operator, datetime.now(), dry_run=args.dry_run
        ).describe(),
    )


def run_export(args: argparse.Namespace) -> int:
    from gmdesk.services.posts_io import export_posts

    if args.first and args.last and args.first > args.last:
        return fail("起始日期不能晚于截止日期")
    database = open_for_command(args)
    try:
        with database.session() as session:
            count = export_posts(session, args.out, args.first, args.last)
    except OSError as error:  # the file is open in Excel/WPS, a read-only folder, a full disk…
        return fail_file(error)
    finally:
        database.close()
    print(f"已导出{count}条发布记录到 {args.out}")
    return 0
