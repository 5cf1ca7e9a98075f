"""Cheap random helpers for the hot loops (a million posts): ``random.randrange`` costs twenty times more."""

from __future__ import annotations

import random


def between(rng: random.Random, low: int, high: int) -> int:
    """An integer in ``[low, high)``, like ``rng.randrange(low, high)`` (the last bit of uniformity is irrelevant)."""
    return low + int(rng.random() * (high - low))
