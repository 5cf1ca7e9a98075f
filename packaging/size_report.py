"""What each big part of the frozen program costs, and a size budget that fails the build when it is exceeded.

    python packaging/size_report.py DIST_FOLDER [--budget MB]

The parts are grouped by what brought them in (Qt, Python, cryptography, lxml, …) so a change that adds a
library shows up by name. ICU (the Unicode data Qt links to) comes only with the Linux Qt wheels — Qt on Windows
uses the system's — so the budget is checked against the total without it; that is the part both systems share.
Exit code 1 when over budget, 2 when the folder is missing.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from pathlib import Path

# First match wins; the pattern is searched in the path relative to the program folder, with forward slashes.
PARTS: list[tuple[str, str]] = [
    ("ICU（仅 Linux 的 Qt 带）", r"icu(data|i18n|uc)|icudt"),
    ("Qt 库", r"PySide6/Qt/lib/|PySide6/Qt6\w+\.dll|PySide6/(msvcp|vcruntime)"),
    ("Qt 插件与翻译", r"PySide6/(Qt/)?(plugins|translations)/"),
    ("PySide6 绑定", r"PySide6/|shiboken6/"),
    ("Python 解释器与标准库", r"libpython|python3\d*\.dll|python3\.\d+/|base_library\.zip|\.pyd$|lib-dynload"),
    ("cryptography（加密备份）", r"cryptography"),
    ("lxml（Word 文档）", r"lxml"),
    ("SQLAlchemy / Alembic", r"sqlalchemy|alembic|greenlet"),
    ("gmdesk 资源与模板", r"^_internal/(resources|forms|gmdesk)/"),
    ("程序与打包的 Python 模块", r"^gmdesk(-cli)?(\.exe)?$|PYZ|\.pkg$|base_library"),
    ("系统库（Linux）", r"\.so(\.\d+)*$"),
]
LINUX_ONLY = PARTS[0][0]


def sizes(folder: Path) -> dict[str, int]:
    totals: dict[str, int] = defaultdict(int)
    compiled = [(name, re.compile(pattern, re.IGNORECASE)) for name, pattern in PARTS]
    for path in folder.rglob("*"):
        if not path.is_file() or path.is_symlink():
            continue
        relative = path.relative_to(folder).as_posix()
        part = next((name for name, pattern in compiled if pattern.search(relative)), "其他")
        totals[part] += path.stat().st_size
    return dict(totals)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--budget", type=float, help="MB allowed for the total without Linux-only ICU")
    args = parser.parse_args(argv)
    if not args.folder.is_dir():
        print(f"没有找到打包目录：{args.folder}", file=sys.stderr)
        return 2
    totals = sizes(args.folder)
    megabytes = {name: size / 1024 / 1024 for name, size in totals.items()}
    for name, size in sorted(megabytes.items(), key=lambda item: -item[1]):
        print(f"{size:7.1f} MB  {name}")
    total = sum(megabytes.values())
    shared = total - megabytes.get(LINUX_ONLY, 0.0)
    print(f"{total:7.1f} MB  合计；不含仅 Linux 才有的 ICU：{shared:.1f} MB")
    if args.budget is not None and shared > args.budget:
        print(f"超出体积预算：{shared:.1f} MB > {args.budget:.0f} MB", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
