"""``gmdesk import KIND FILE`` and ``gmdesk export KIND --out FILE``.

Each kind (accounts/ledger, posts, messages) lives in its own module listed in ``IO_KINDS``; a module
defines ``register_import(subparsers)`` and/or ``register_export(subparsers)``, adding its parser with a
``handler``. Import problems (ImportRejected) are printed with every row and column and exit 2.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gmdesk.documents.xlsx import ImportRejected

IO_KINDS: tuple[str, ...] = (
    "gmdesk.commands.io_accounts",
    "gmdesk.commands.io_posts",
    "gmdesk.commands.io_messages",
    "gmdesk.commands.io_rectifications",
)
"""Modules such as ``gmdesk.commands.io_accounts``."""


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from gmdesk.commands.parsing import ChineseArgumentParser

    importer = subparsers.add_parser(
        "import", help="从 Excel 导入（全部成功才写入，任何一行有误则不做任何修改）", description="从 Excel 导入数据。"
    )
    exporter = subparsers.add_parser("export", help="导出为 Excel", description="导出数据为 Excel。")
    import_kinds = importer.add_subparsers(title="类型", dest="kind", metavar="类型", parser_class=ChineseArgumentParser)
    export_kinds = exporter.add_subparsers(title="类型", dest="kind", metavar="类型", parser_class=ChineseArgumentParser)
    import_kinds.required = True
    export_kinds.required = True
    for module_name in IO_KINDS:
        module = importlib.import_module(module_name)
        if hasattr(module, "register_import"):
            module.register_import(import_kinds)
        if hasattr(module, "register_export"):
            module.register_export(export_kinds)


def print_rejection(error: ImportRejected) -> int:
    """Every problem on stderr, one per line; exit code 2."""
    print(error.report(limit=None), file=sys.stderr)
    return 2
