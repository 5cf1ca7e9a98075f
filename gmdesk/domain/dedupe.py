"""The identity of a public message, so the same message entered or imported twice is stored once.

The key is the SHA-256 of account, writer, time and text after normalising what differs between copies of one
message: full-width and half-width forms, runs of blanks, and seconds (the Excel interchange format of
domain §7 carries minutes only, so a copy typed from a screen and one imported from a file must agree).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import datetime

_BLANKS = re.compile(r"\s+")


def normalise_text(text: str) -> str:
    """NFKC (full-width → half-width), blanks collapsed to one space, trimmed."""
    return _BLANKS.sub(" ", unicodedata.normalize("NFKC", text or "")).strip()


def _escape(part: str) -> str:
    # Escaping the separator keeps "a|b" + "c" distinct from "a" + "b|c".
    return part.replace("\\", "\\\\").replace("|", "\\|")


def message_key(account_id: int, writer: str, received_at: datetime, content: str) -> str:
    """The 64-hex-digit dedupe key stored in ``Message.dedupe_key``."""
    parts = (
        str(account_id),
        _escape(normalise_text(writer)),
        received_at.strftime("%Y-%m-%d %H:%M"),
        _escape(normalise_text(content)),
    )
    return hashlib.sha256("|".join(parts).encode("utf-8")).hexdigest()
