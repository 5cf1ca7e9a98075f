"""``gmdesk import holidays FILE.xlsx``: the State Council's notice for a year, after a backup."""

from __future__ import annotations

import argparse

from gmdesk.commands.common import open_for_command
from gmdesk.commands.io import add_import_parser


def register_import(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    add_import_parser(
        subparsers,
        "holidays",
        help="导入节假日安排（日期、类型 放假/上班、名称、来源）",
        description="从 Excel 导入国务院办公厅节假日安排：每行一个日期，“类型”填“放假”或“上班”（调休上班，也可写“调休”"
        "“补班”），“名称”填节日名称。导入前自动备份数据库；任何一行有误则全部不导入。导入后按新的工作日重算全部待办期限。",
        handler=run_import,
    )


def run_import(args: argparse.Namespace) -> int:
    from gmdesk.commands.io import print_rejection
    from gmdesk.documents.xlsx import ImportRejected
    from gmdesk.services import holidays, settings
    from gmdesk.store.backup import list_backups

    database = open_for_command(args)
    db = database.path  # (a server database's: the folder on this PC that stands for it)
    earlier = {b.path for b in list_backups(db)}
    try:
        with database.session() as first:
            operator = settings.get(first, settings.CURRENT_OPERATOR)
        session = database.read_session() if args.dry_run else None
        try:
            if session is not None:
                count = holidays.import_holidays(session, args.file, operator, dry_run=True)
                years = holidays.imported_years(session, args.file)
                tables = [holidays.year_table(session, y) for y in years]
                session.rollback()
            else:
                with database.session(writing=True) as writing:
                    count = holidays.import_holidays(writing, args.file, operator)
                    years = holidays.imported_years(writing, args.file)
                    tables = [holidays.year_table(writing, y) for y in years]
        finally:
            if session is not None:
                session.close()
    except ImportRejected as error:
        return print_rejection(error)
    finally:
        database.close()
    for made in (b for b in list_backups(db) if b.path not in earlier):  # the service's backup before writing
        print(f"导入前已备份到：{made.path}")
    print(("检查通过（未写入）：" if args.dry_run else "") + f"导入{count}个日期。")
    for year, table in zip(years, tables, strict=True):
        if table.covered:
            print(f"{year}年节假日数据完整。")
        else:
            print(
                f"注意：{year}年节假日尚不完整，缺{'、'.join(table.missing)}；"
                "补齐后（或在“工具 > 节假日设置”中确认）才视为完整。"
            )
    return 0
