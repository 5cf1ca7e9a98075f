"""Python's cycle collector kept off what lives as long as the process.

Importing SQLAlchemy and mapping the models leaves a few hundred thousand objects that are never garbage,
and every full collection walks all of them: several times while they pile up during the imports, and again
each time later work (a year's rows, a tab's widgets) has made enough new objects. Measured on the
city-scale demo: 180 ms of a 1.2 s ``gmdesk check`` and 1.6 s of an 8.7 s ``--self-test`` went to
collecting. So the layers are imported inside :func:`long_lived`: collection is paused meanwhile, and if
the block imported anything, what exists afterwards is frozen (:func:`gc.freeze`), so later collections skip
it. Frozen objects are still freed by reference counting; only a cycle among them would never be collected,
and modules, classes and mappers are never garbage. A block that imported nothing new (the layer was already
there: a second database opened, a test process) freezes nothing.

Reading a file to import pauses collection too (:func:`paused`, without freezing): its rows all live until
the import ends, and each full collection walked the growing pile again.
"""

from __future__ import annotations

import gc
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
_was_enabled = True
_modules_before = 0
_freeze = False


@contextmanager
def long_lived() -> Iterator[None]:
    """Run the block (imports) with the cycle collector paused, then, if it imported a module, freeze every
    object alive.

    Safe from any thread and nested, with itself and :func:`paused`: collection resumes when the last block
    ends, and only if it was on before the first began."""
    with _collection_paused(freeze=True):
        yield


@contextmanager
def paused() -> Iterator[None]:
    """Run the block with the cycle collector paused: bulk work whose many objects all live until it ends
    (the rows of a file being imported), which every full collection would otherwise walk again — 3.6 s of
    reading 100,000 posts' 24 s. The rows hold no cycles; what little cyclic garbage the block leaves is
    collected once collection resumes."""
    with _collection_paused(freeze=False):
        yield


@contextmanager
def _collection_paused(freeze: bool) -> Iterator[None]:
    global _depth, _was_enabled, _modules_before, _freeze
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            _modules_before = len(sys.modules)
            _freeze = False
            gc.disable()
        _depth += 1
        _freeze = _freeze or freeze
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0:
                if _freeze and len(sys.modules) > _modules_before:
                    gc.freeze()
                if _was_enabled:
                    gc.enable()
