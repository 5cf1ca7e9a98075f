"""Text cleaned of what XML 1.0 forbids, so any name from the database can reach a .docx or .xlsx."""

from __future__ import annotations

import re
from typing import Any

# Control characters other than tab, LF and CR, lone surrogates, and the two non-characters.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean_text(value: Any) -> str:
    """``value`` as text without characters XML does not allow; None becomes the empty string."""
    if value is None:
        return ""
    return _FORBIDDEN.sub("", str(value))


def has_forbidden_characters(value: str) -> bool:
    return bool(_FORBIDDEN.search(value))
