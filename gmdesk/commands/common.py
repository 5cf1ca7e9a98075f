"""What several sub-commands share: the --db option and opening the database with a clear message."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from gmdesk.paths import default_database_path, is_url

if TYPE_CHECKING:
    from gmdesk.store.database import Database


def database_location(value: str) -> Path | str:
    """--db: a file's path, or a server database's URL (``postgresql+psycopg://用户名@服务器/数据库``)."""
    return value if is_url(value) else Path(value)


def add_db_option(parser: argparse.ArgumentParser, *, command: bool = True) -> None:
    """``--db``; on a sub-command (``command``) also the mark that it opens a database, so that ``cli.main``
    imports the database layer before running it (see ``gmdesk.collector``)."""
    if command:
        parser.set_defaults(opens_database=True)
    parser.add_argument(
        "--db",
        metavar="FILE|URL",
        type=database_location,
        default=argparse.SUPPRESS,
        help="数据库文件（不存在则新建；默认为用户数据文件夹中的 gmdesk.db），"
        "或服务器数据库的地址 postgresql+psycopg://用户名@服务器:端口/数据库名（密码见环境变量 PGPASSWORD）",
    )


def database_path(args: argparse.Namespace) -> Path | str:
    """The file (a Path) or the server database's URL (a str) named by --db."""
    location = getattr(args, "db", None)
    return location if isinstance(location, str) else Path(location or default_database_path())


def open_for_command(args: argparse.Namespace) -> Database:
    """Open the database named by --db; StoreError propagates to cli.main, which prints it and exits 2."""
    from gmdesk.services.database import open_database  # imported here: `gmdesk --help` stays instant

    return open_database(database_path(args))
