"""Running the ``gmdesk`` command in-process, as the CLI tests do."""

from __future__ import annotations

import pytest

from gmdesk.cli import main


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """The exit code (argparse's SystemExit included) and what was printed to stdout and stderr."""
    try:
        code = main(args)
    except SystemExit as stop:
        code = int(stop.code or 0)
    out, err = capsys.readouterr()
    return code, out, err
