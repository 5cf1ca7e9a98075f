"""Backups of a shared PostgreSQL database: ``pg_dump`` (custom format) and ``pg_restore``, when installed.

SQLite's own checks (``quick_check``, the online backup API, the attachments packed into the file) do not
apply; the server keeps its own consistency, and a dump is checked by listing it with ``pg_restore --list``.
The password never appears on a command line: it goes to the tools through ``PGPASSWORD``.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import make_url

from gmdesk.store.dialect import safe_url
from gmdesk.store.errors import StoreError

DUMP_SUFFIX = ".dump"
INSTALL_HINT = (
    "请在这台电脑上安装 PostgreSQL 客户端工具（Windows：PostgreSQL 安装程序中只选 Command Line Tools；"
    "Debian/Ubuntu：sudo apt-get install postgresql-client），并把其 bin 文件夹加入 PATH；"
    "或由服务器管理员在服务器上运行：{command}"
)


class ToolMissing(StoreError):
    pass


def find_tool(name: str) -> str | None:
    """``pg_dump``/``pg_restore`` on the PATH, else in the usual install folders (newest version first)."""
    found = shutil.which(name)
    if found:
        return found
    patterns = [f"/usr/lib/postgresql/*/bin/{name}", f"C:/Program Files/PostgreSQL/*/bin/{name}.exe"]
    candidates = sorted((p for pattern in patterns for p in glob.glob(pattern)), reverse=True)
    return candidates[0] if candidates else None


def _conninfo(url: str) -> tuple[str, dict[str, str]]:
    """The libpq URL without the password, and the environment that carries the password."""
    parsed = make_url(url)
    env = dict(os.environ)
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    plain = parsed.set(drivername="postgresql")._replace(password=None)  # (.set ignores None)
    return plain.render_as_string(hide_password=False), env


def _run(command: list[str], env: dict[str, str], doing: str, url: str) -> None:
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=3600, check=False)
    except OSError as error:
        raise StoreError(f"无法运行 {command[0]}（{error}），{doing}没有完成。") from error
    if result.returncode != 0:
        reason = (result.stderr or result.stdout).strip().splitlines()
        raise StoreError(
            f"{doing}服务器数据库 {safe_url(url)} 失败：{reason[-1] if reason else result.returncode}。"
            "请检查服务器地址、用户名、密码和该用户的权限。"
        )


def dump(url: str, folder: Path, reason: str = "manual", now: datetime | None = None) -> Path:
    """``pg_dump`` the database into ``folder`` (``<数据库名>-<时间>-<reason>.dump``), then check the dump by
    listing it; a failed or unreadable dump is removed. Raises ToolMissing when pg_dump is not installed."""
    name = make_url(url).database or "gmdesk"
    tool, lister = find_tool("pg_dump"), find_tool("pg_restore")
    if tool is None or lister is None:
        raise ToolMissing(
            "找不到 pg_dump，无法备份服务器数据库。"
            + INSTALL_HINT.format(command=f"pg_dump --format=custom --file={name}.dump {name}")
        )
    folder.mkdir(parents=True, exist_ok=True)
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    target = folder / f"{name}-{stamp}-{reason}{DUMP_SUFFIX}"
    part = target.with_name(target.name + ".part")
    conninfo, env = _conninfo(url)
    try:
        _run(
            [tool, "--format=custom", "--no-owner", f"--file={part}", f"--dbname={conninfo}"],
            env,
            "备份",
            url,
        )
        _run([lister, "--list", str(part)], env, "校验备份", url)
        part.replace(target)
    finally:
        part.unlink(missing_ok=True)
    return target


def restore(url: str, dump_file: Path, safety_folder: Path) -> Path:
    """Replace the database's content with the dump's, in one transaction, after dumping the current content
    into ``safety_folder``; returns that safety dump. Raises ToolMissing when the tools are not installed."""
    tool = find_tool("pg_restore")
    name = make_url(url).database or "gmdesk"
    if tool is None:
        raise ToolMissing(
            "找不到 pg_restore，无法恢复服务器数据库。"
            + INSTALL_HINT.format(
                command=f"pg_restore --clean --if-exists --no-owner --single-transaction --dbname={name} 备份文件.dump"
            )
        )
    conninfo, env = _conninfo(url)
    _run([tool, "--list", str(dump_file)], env, "读取备份", url)
    safety = dump(url, safety_folder, "restore")
    _run(
        [
            tool,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            f"--dbname={conninfo}",
            str(dump_file),
        ],
        env,
        "恢复",
        url,
    )
    return safety
