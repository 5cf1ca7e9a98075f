"""``gmdesk import accounts`` and ``gmdesk export ledger``: the account ledger (台账) in the §7 layout."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from gmdesk.commands.common import add_db_option, open_for_command
from gmdesk.commands.io import add_import_parser
from gmdesk.commands.parsing import date_argument, fail


def register_import(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = add_import_parser(
        subparsers,
        "accounts",
        help="导入账号台账（按主办单位+平台+账号名称匹配，已有的更新，没有的新建）",
        description="导入账号台账（列见 domain §7：主办单位、账号名称、平台……）。任何一行有误则不做任何修改，"
        "并列出每一处问题所在的行和列。",
        handler=run_import,
    )
    parser.add_argument(
        "--date", type=date_argument, metavar="YYYY-MM-DD", help="以该日期计算备案期限（默认今天）"
    )


def register_export(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "ledger",
        help="导出账号台账",
        description="导出账号台账（Excel，列同导入格式）；--by-unit 每个主办单位一张工作表；--template 导出空白模板。",
    )
    add_db_option(parser)
    parser.add_argument("--out", metavar="FILE", type=Path, required=True, help="输出文件（.xlsx）")
    parser.add_argument("--by-unit", action="store_true", help="每个主办单位一张工作表（一个单位一张表）")
    parser.add_argument("--template", action="store_true", help="导出空白的导入模板（不需要数据库）")
    parser.set_defaults(handler=run_export)


def run_import(args: argparse.Namespace) -> int:
    from gmdesk.commands.io import run_import_with
    from gmdesk.services.ledger_io import import_ledger

    return run_import_with(
        args,
        lambda session, operator: import_ledger(
            session, args.file, operator, args.date or date.today(), dry_run=args.dry_run
        ).describe(),
        mark_dry_run=False,
    )


def run_export(args: argparse.Namespace) -> int:
    from gmdesk.documents.atomic import OutputFileBusy

    out: Path = args.out
    if out.suffix.lower() != ".xlsx":
        return fail(f"输出文件应为 .xlsx：{out}")
    try:
        if args.template:
            from gmdesk.services.ledger_io import write_template

            write_template(out)
            print(f"已导出空白模板：{out}")
            return 0
        from gmdesk.services.ledger_io import export_ledger

        database = open_for_command(args)
        try:
            with database.session() as session:
                count = export_ledger(session, out, by_unit=args.by_unit)
        finally:
            database.close()
    except OutputFileBusy as error:
        return fail(str(error))
    print(f"已导出{count}个账号：{out}", file=sys.stdout)
    return 0
