"""argparse speaking Chinese: usage, section titles and error messages; bad arguments exit 2."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

_ERRORS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^the following arguments are required: (.*)$"), r"缺少必需的参数：\1"),
    (re.compile(r"^unrecognized arguments: (.*)$"), r"无法识别的参数：\1"),
    (
        re.compile(r"^argument (命令|类型): invalid choice: (.*?) \(choose from (.*)\)$"),
        r"未知\1 \2，可用的\1：\3",
    ),
    (
        re.compile(r"^argument (.*?): invalid choice: (.*?) \(choose from (.*)\)$"),
        r"参数 \1 的取值 \2 无效，可选：\3",
    ),
    (re.compile(r"^argument (.*?): expected one argument$"), r"参数 \1 需要一个值"),
    (re.compile(r"^argument (.*?): invalid (\w+) value: (.*)$"), r"参数 \1 的取值 \3 无效（应为\2）"),
    (re.compile(r"^argument (.*?): not allowed with argument (.*)$"), r"参数 \1 不能与 \2 同时使用"),
    (re.compile(r"^argument (.*?): (.*)$"), r"参数 \1：\2"),
    (re.compile(r"^invalid choice: (.*?) \(choose from (.*)\)$"), r"无效的命令 \1，可选：\2"),
)


def translate_error(message: str) -> str:
    for pattern, replacement in _ERRORS:
        if pattern.match(message):
            return pattern.sub(replacement, message).replace("int）", "整数）")
    return message


class ChineseHelpFormatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[argparse._MutuallyExclusiveGroup],
        prefix: str | None = None,
    ) -> None:
        super().add_usage(usage, actions, groups, prefix if prefix is not None else "用法：")


class ChineseArgumentParser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", ChineseHelpFormatter)
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help="显示本帮助并退出")

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}：错误：{translate_error(message)}\n")


def date_argument(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期“{text}”格式不正确，应为 YYYY-MM-DD") from None


def existing_file(text: str) -> Path:
    path = Path(text)
    if not path.is_file():
        raise argparse.ArgumentTypeError(f"文件不存在：{text}")
    return path


def fail(message: str, code: int = 2) -> int:
    """Print a Chinese message on stderr and return the exit code (2: bad input)."""
    print(f"gmdesk：{message}", file=sys.stderr)
    return code


def fail_file(error: OSError, doing: str = "导出") -> int:
    """A file that could not be written: the cause in Chinese (disk full, read-only, open in Excel), exit 2."""
    from gmdesk.store.errors import classify_os_error

    if error.errno is None and str(error):  # gmdesk's own message in Chinese (OutputFileBusy)
        return fail(str(error))
    friendly = classify_os_error(error, Path(error.filename) if error.filename else None, doing)
    return fail(friendly.message if friendly is not None else f"{doing}失败：{error.strerror or error}")
