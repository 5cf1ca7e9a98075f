"""``gmdesk import trainings FILE.xlsx`` and ``gmdesk export trainings --out FILE.xlsx`` (domain §7 layout)."""

from __future__ import annotations

import argparse

from gmdesk.commands.common import add_db_option, open_for_command
from gmdesk.commands.io import add_import_parser
from gmdesk.commands.parsing import fail


def register_import(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    add_import_parser(
        subparsers,
        "trainings",
        help="导入培训记录（日期、名称、类型、组织单位、学时、参加人员）",
        description="从 Excel 导入培训记录。类型为“内部”或“外部”；参加人员按姓名匹配台账中的人员，多人用“、”分隔。"
        "日期和名称都相同的记录视为重复并跳过。任何一行有误则全部不导入，并列出每处问题的行号和列名。",
        handler=run_import,
    )


def register_export(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "trainings", help="导出培训记录", description="导出培训记录为 Excel（§7 格式，另附签到表数和备注）。"
    )
    add_db_option(parser)
    parser.add_argument("--out", required=True, metavar="FILE.xlsx", help="导出文件")
    parser.add_argument("--year", type=int, metavar="YYYY", help="只导出这一年的培训")
    parser.set_defaults(handler=run_export)


def run_import(args: argparse.Namespace) -> int:
    from gmdesk.commands.io import run_import_with
    from gmdesk.services.trainings import import_trainings

    return run_import_with(
        args,
        lambda session, operator: import_trainings(
            session, args.file, operator, dry_run=args.dry_run
        ).describe(),
    )


def run_export(args: argparse.Namespace) -> int:
    from gmdesk.services.trainings import export_trainings

    database = open_for_command(args)
    try:
        with database.session() as session:
            count = export_trainings(session, args.out, args.year)
    except OSError as error:
        return fail(str(error))
    finally:
        database.close()
    print(f"已导出{count}次培训到 {args.out}")
    return 0
