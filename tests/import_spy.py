"""A real ``gmdesk`` process watched from inside: which thread first imported SQLAlchemy, whether the cycle
collector was paused then (``gmdesk.collector``), and whether it is on again, with the layer frozen, at the end.

Prints ``SQLALCHEMY_FIRST_IMPORTED_ON <thread> paused|collecting`` and ``AFTERWARDS collecting|paused <frozen>``
besides what gmdesk itself prints."""

from __future__ import annotations

import subprocess
import sys

_SPY = """
import gc, runpy, sys, threading
first = []
class Spy:
    def find_spec(self, name, path=None, target=None):
        if name == "sqlalchemy" and not first:
            collector = "paused" if not gc.isenabled() else "collecting"
            first.append(f"{threading.current_thread().name} {collector}")
        return None
sys.meta_path.insert(0, Spy())
sys.argv = ["gmdesk", *sys.argv[1:]]
try:
    runpy.run_module("gmdesk", run_name="__main__")
except SystemExit:
    pass
print("SQLALCHEMY_FIRST_IMPORTED_ON", first[0] if first else "-", flush=True)
print("AFTERWARDS", "collecting" if gc.isenabled() else "paused", gc.get_freeze_count() > 100_000, flush=True)
"""


def run_spied(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """``gmdesk *args`` in a fresh process with the spy installed (two minutes at most)."""
    return subprocess.run(
        [sys.executable, "-c", _SPY, *args], capture_output=True, text=True, timeout=120, env=env, check=False
    )
