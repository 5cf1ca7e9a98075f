"""``gmdesk migrate --from FILE.db --to URL``: move the whole database to a shared server (or back)."""

from __future__ import annotations

import argparse

from gmdesk.commands.common import database_location
from gmdesk.commands.parsing import fail


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    migrate = subparsers.add_parser(
        "migrate",
        help="把整个数据库复制到服务器数据库（或从服务器复制回文件）",
        description="把一个数据库的全部表逐行复制到另一个空数据库，复制后逐表核对行数和校验值。"
        "目标数据库必须是空的（不存在的 .db 文件，或服务器管理员新建的空数据库），否则拒绝且不做任何修改。"
        "例：gmdesk migrate --from gmdesk.db --to postgresql+psycopg://gmdesk@服务器/gmdesk"
        "（密码见环境变量 PGPASSWORD）",
    )
    migrate.add_argument(
        "--from",
        dest="source",
        metavar="FILE|URL",
        type=database_location,
        required=True,
        help="复制哪个数据库（.db 文件或服务器数据库地址）",
    )
    migrate.add_argument(
        "--to",
        dest="target",
        metavar="URL|FILE",
        type=database_location,
        required=True,
        help="复制到哪个空数据库（服务器数据库地址或新的 .db 文件）",
    )
    migrate.set_defaults(handler=run_migrate)


def run_migrate(args: argparse.Namespace) -> int:
    from pathlib import Path

    from gmdesk.store.dialect import safe_url
    from gmdesk.store.transfer import copy_database

    source, target = args.source, args.target
    if isinstance(source, Path) and not source.is_file():
        return fail(f"数据库文件不存在：{source}")
    if isinstance(source, Path) and isinstance(target, Path) and source.resolve() == target.resolve():
        return fail("--from 和 --to 是同一个数据库")
    if isinstance(target, Path) and target.exists() and target.stat().st_size > 0:
        return fail(
            f"目标文件 {target} 已存在。为免覆盖其中的数据，没有复制任何内容：请指定一个还不存在的文件名。"
        )
    shown = {id(x): safe_url(x) if isinstance(x, str) else str(x) for x in (source, target)}
    copied = copy_database(source, target, progress=print)
    rows = sum(c.rows for c in copied)
    print(
        f"已把 {shown[id(source)]} 的 {len(copied)} 个表共 {rows:,} 行复制到 {shown[id(target)]}，"
        "逐表核对行数和校验值一致。"
    )
    return 0
