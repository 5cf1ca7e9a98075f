"""Write a file under a temporary name and rename it into place: a failure never leaves a broken file."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class OutputFileBusy(OSError):
    """The target is open in another program (Word, Excel, WPS keep files locked on Windows)."""

    def __init__(self, target: Path) -> None:
        super().__init__(
            f"文件“{target}”正被其他程序（如 Word、Excel、WPS）打开，无法覆盖。请关闭该文件后重试。"
        )
        self.target = target

    def __str__(self) -> str:
        return str(self.args[0])


@contextmanager
def atomic_output(target: Path | str) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success it replaces ``target``, on error it is removed.

    The temporary name keeps the target's suffix, so libraries that look at it (openpyxl, python-docx) work.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".~{target.stem}.{os.getpid()}.part{target.suffix}")
    try:
        yield temporary
        try:
            os.replace(temporary, target)
        except PermissionError as error:
            raise OutputFileBusy(target) from error
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
