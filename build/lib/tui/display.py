"""Provides text made safe and short for a terminal: controls shown as symbols, one-line previews.

Plain Python: the CLI and the UI both show user and plan text through these.
"""

from __future__ import annotations

import unicodedata

# C0 controls (but tab and newline) and DEL as their "control pictures" (␛, ␡).
_CONTROLS = {c: 0x2400 + c for c in range(32) if c not in (9, 10)} | {127: 0x2421}


def clean(text: str) -> str:
    """``text`` safe to show: control characters become visible symbols."""
    return text.translate(_CONTROLS)


def one_line(text: str, limit: int) -> str:
    """The start of ``text`` on one line (newlines as spaces), at most ``limit`` chars."""
    head = " ".join(clean(text[: limit * 4]).split())
    return head if len(head) <= limit and len(text) <= limit * 4 else head[: max(1, limit - 1)] + "…"


def date_of(stamp: str) -> str:
    """``2024-05-01`` from an ISO timestamp (as stored)."""
    return stamp[:10]


def cells(text: str) -> int:
    """How many terminal cells ``text`` takes: wide (CJK) characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1
               for c in text)


def pad(text: str, width: int) -> str:
    """``text`` padded with spaces to ``width`` cells (left-aligned)."""
    return text + " " * max(0, width - cells(text))
