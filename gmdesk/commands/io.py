"""``gmdesk import KIND FILE`` and ``gmdesk export KIND --out FILE``.

Each kind (accounts/ledger, posts, messages, rectifications, trainings, wording) lives in its own module listed in ``IO_KINDS``; a module
defines ``register_import(subparsers)`` and/or ``register_export(subparsers)``, adding its parser with a
``handler``. Import problems (ImportRejected) are printed with every row and column and exit 2.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from gmdesk.documents.xlsx import ImportRejected

IO_KINDS: tuple[str, ...] = (
    "gmdesk.commands.io_accounts",
    "gmdesk.commands.io_posts",
    "gmdesk.commands.io_messages",
    "gmdesk.commands.io_rectifications",
    "gmdesk.commands.io_holidays",
    "gmdesk.commands.io_trainings",
    "gmdesk.commands.io_wording",
)
"""Modules such as ``gmdesk.commands.io_accounts``."""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from gmdesk.commands.parsing import ChineseArgumentParser

    importer = subparsers.add_parser(
        "import",
        help="从 Excel 导入（全部成功才写入，任何一行有误则不做任何修改）",
        description="从 Excel 导入数据。",
    )
    exporter = subparsers.add_parser("export", help="导出为 Excel", description="导出数据为 Excel。")
    import_kinds = importer.add_subparsers(
        title="类型", dest="kind", metavar="类型", parser_class=ChineseArgumentParser
    )
    export_kinds = exporter.add_subparsers(
        title="类型", dest="kind", metavar="类型", parser_class=ChineseArgumentParser
    )
    import_kinds.required = True
    export_kinds.required = True
    for module_name in IO_KINDS:
        module = importlib.import_module(module_name)
        if hasattr(module, "register_import"):
            module.register_import(import_kinds)
        if hasattr(module, "register_export"):
            module.register_export(export_kinds)


def add_import_parser(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
    kind: str,
    help: str,
    description: str,
    handler: Callable[[argparse.Namespace], int],
) -> argparse.ArgumentParser:
    """``gmdesk import KIND FILE.xlsx [--db F] [--dry-run]``: the arguments every import kind shares."""
    from gmdesk.commands.common import add_db_option
    from gmdesk.commands.parsing import existing_file

    parser: argparse.ArgumentParser = subparsers.add_parser(kind, help=help, description=description)
    parser.add_argument("file", type=existing_file, metavar="FILE.xlsx", help="要导入的 Excel 文件")
    add_db_option(parser)
    parser.add_argument("--dry-run", action="store_true", help="只检查并报告结果，不写入数据库")
    parser.set_defaults(handler=handler)
    return parser


def print_rejection(error: ImportRejected) -> int:
    """Every problem on stderr, one per line; exit code 2."""
    print(error.report(limit=None), file=sys.stderr)
    return 2


def run_import_with(
    args: argparse.Namespace, write: Callable[[Session, str], str], *, mark_dry_run: bool = True
) -> int:
    """The one way a kind is imported from the command line: the 本机操作员 is read, ``write(session,
    operator)`` runs in one unit of work and returns what to print (prefixed 检查通过（未写入） for a dry run
    when ``mark_dry_run``); a rejected file prints every problem and exits 2, the database unchanged."""
    from gmdesk.commands.common import open_for_command
    from gmdesk.documents.xlsx import ImportRejected
    from gmdesk.services import settings

    database = open_for_command(args)
    try:
        with database.session() as session:
            operator = str(settings.get(session, settings.CURRENT_OPERATOR))
        with database.session(writing=True) as session:
            said = write(session, operator)
    except ImportRejected as error:
        return print_rejection(error)
    finally:
        database.close()
    print(("检查通过（未写入）：" if args.dry_run and mark_dry_run else "") + said)
    return 0
