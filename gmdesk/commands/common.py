"""What several sub-commands share: the --db option and opening the database with a clear message."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from gmdesk.paths import default_database_path

if TYPE_CHECKING:
    from gmdesk.store.database import Database


def add_db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        metavar="FILE",
        type=Path,
        default=argparse.SUPPRESS,
        help="数据库文件（不存在则新建；默认为用户数据文件夹中的 gmdesk.db）",
    )


def database_path(args: argparse.Namespace) -> Path:
    return Path(getattr(args, "db", None) or default_database_path())


def open_for_command(args: argparse.Namespace) -> Database:
    """Open the database named by --db; StoreError propagates to cli.main, which prints it and exits 2."""
    from gmdesk.services.database import open_database  # imported here: `gmdesk --help` stays instant

    return open_database(database_path(args))
