"""``gmdesk import wording FILE.xlsx`` and ``gmdesk export wording --out FILE.xlsx``: the office's own 错敏
entries and exceptions (设置 › 错敏词库)."""

from __future__ import annotations

import argparse

from gmdesk.commands.common import add_db_option, open_for_command
from gmdesk.commands.io import add_import_parser
from gmdesk.commands.parsing import fail


def register_import(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    add_import_parser(
        subparsers,
        "wording",
        help="导入本单位错敏词库（类型、错误表述、规范表述、类别、起始日期、说明）",
        description="从 Excel 导入本单位的错敏词条和例外；错误表述相同的词条被替换。任何一行有误则全部不导入。",
        handler=run_import,
    )


def register_export(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "wording", help="导出本单位错敏词库", description="导出本单位的错敏词条和例外为 Excel。"
    )
    add_db_option(parser)
    parser.add_argument("--out", required=True, metavar="FILE.xlsx", help="导出文件")
    parser.set_defaults(handler=run_export)


def run_import(args: argparse.Namespace) -> int:
    from gmdesk.commands.io import run_import_with
    from gmdesk.services.wording_io import import_terms_file

    return run_import_with(
        args, lambda session, operator: import_terms_file(session, args.file, operator, dry_run=args.dry_run)
    )


def run_export(args: argparse.Namespace) -> int:
    from gmdesk.services.wording_io import export_terms

    database = open_for_command(args)
    try:
        with database.session() as session:
            count = export_terms(session, args.out)
    except OSError as error:
        return fail(str(error))
    finally:
        database.close()
    print(f"已导出{count}条本单位错敏词条和例外到 {args.out}")
    return 0
