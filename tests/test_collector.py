"""``gmdesk.collector``: the cycle collector paused while a layer is imported, and what it made frozen."""

from __future__ import annotations

import gc
import importlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from gmdesk.collector import long_lived, paused
from tests.import_spy import run_spied


@pytest.fixture
def module_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A folder on sys.path for modules made by the test; what they froze is thawed afterwards."""
    monkeypatch.syspath_prepend(str(tmp_path))
    yield tmp_path
    for name in [n for n in sys.modules if n.startswith("gmdesk_probe_")]:
        del sys.modules[name]
    gc.unfreeze()


def test_a_layer_is_imported_with_collection_paused_and_what_it_made_is_frozen(module_dir: Path) -> None:
    (module_dir / "gmdesk_probe_layer.py").write_text(
        "import gc\nPAUSED = not gc.isenabled()\nKEPT = [[n] for n in range(5000)]\n", encoding="utf-8"
    )
    assert gc.isenabled()
    frozen = gc.get_freeze_count()
    with long_lived():
        layer = importlib.import_module("gmdesk_probe_layer")
    assert layer.PAUSED
    assert gc.isenabled()
    assert gc.get_freeze_count() >= frozen + len(layer.KEPT)


def test_a_block_that_imports_nothing_new_freezes_nothing() -> None:
    frozen = gc.get_freeze_count()
    with long_lived():
        importlib.import_module("json")  # already there
        made = [[n] for n in range(1000)]
    assert gc.get_freeze_count() == frozen
    assert gc.isenabled()
    assert len(made) == 1000


def test_collection_resumes_after_the_last_of_nested_blocks_and_only_if_it_was_on() -> None:
    with long_lived():
        with long_lived():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer block still runs
    assert gc.isenabled()
    gc.disable()
    try:
        with long_lived():
            pass
        assert not gc.isenabled()  # it was off before: left off
    finally:
        gc.enable()


def test_paused_bulk_work_resumes_collection_and_freezes_nothing(module_dir: Path) -> None:
    (module_dir / "gmdesk_probe_bulk.py").write_text("VALUE = 1\n", encoding="utf-8")
    frozen = gc.get_freeze_count()
    with paused():
        assert not gc.isenabled()
        importlib.import_module("gmdesk_probe_bulk")  # even a module imported meanwhile
        rows = [[n] for n in range(5000)]
    assert gc.isenabled()
    assert gc.get_freeze_count() == frozen
    assert len(rows) == 5000


def test_a_layer_imported_during_bulk_work_is_frozen_when_the_last_block_ends(module_dir: Path) -> None:
    """The opening thread's import and a job's import may overlap: collection stays paused until both end,
    and the layer is frozen then."""
    (module_dir / "gmdesk_probe_overlap.py").write_text(
        "KEPT = [[n] for n in range(3000)]\n", encoding="utf-8"
    )
    frozen = gc.get_freeze_count()
    with paused():
        with long_lived():
            importlib.import_module("gmdesk_probe_overlap")
        assert not gc.isenabled()
        assert gc.get_freeze_count() == frozen  # not yet: the bulk work still runs
    assert gc.isenabled()
    assert gc.get_freeze_count() >= frozen + 3000


def test_a_failing_import_still_resumes_collection(module_dir: Path) -> None:
    (module_dir / "gmdesk_probe_broken.py").write_text("raise ValueError('broken')\n", encoding="utf-8")
    with pytest.raises(ValueError, match="broken"), long_lived():
        importlib.import_module("gmdesk_probe_broken")
    assert gc.isenabled()


def test_a_command_on_a_database_imports_its_layer_with_collection_paused(tmp_path: Path) -> None:
    """``gmdesk check`` as a script runs it: SQLAlchemy and the models are imported while the collector is
    paused, the objects they made (hundreds of thousands) are frozen, and collection is on again for the
    checks themselves."""
    env = dict(os.environ, GMDESK_HOME=str(tmp_path / "home"))
    done = run_spied(["check", "--db", str(tmp_path / "gmdesk.db")], env)
    assert "SQLALCHEMY_FIRST_IMPORTED_ON MainThread paused" in done.stdout, done.stdout + done.stderr
    assert "AFTERWARDS collecting True" in done.stdout, done.stdout + done.stderr
