"""Provides text made safe and short for a terminal: controls shown as symbols, one-line previews.

Plain Python: the CLI and the UI both show user and plan text through these.
``clean`` is the one sanitiser of terminal output: nothing it returns can
drive a terminal (move the cursor, clear the screen, set the window title,
write the clipboard) or reorder the text around it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

# What must never reach a terminal as itself: C0 controls but tab and newline,
# DEL, the C1 controls (U+0080-U+009F: U+009B is CSI, U+009D OSC, U+0090 DCS
# in 8-bit form), the bidi embeddings, overrides and isolates that reorder
# what follows them (U+202A-U+202E, U+2066-U+2069), and lone surrogates,
# which no encoder can write.
_UNSAFE = "\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff"


@cache
def _unsafe(row: bool) -> re.Pattern[str]:
    """The unsafe characters (for one screen row: tab and newline too), compiled on first use."""
    return re.compile(f"[{_UNSAFE}\t\n]" if row else f"[{_UNSAFE}]")


def _stand_in(code: int) -> str:
    """The visible character shown for an unsafe one: its control picture if it has one."""
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ … ␛ (ESC) … ␟
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"  # C1, bidi controls, surrogates: no picture of their own


@cache
def _table(row: bool) -> dict[int, str]:
    """Unsafe ord -> its stand-in (built on first need: most text has none)."""
    codes = (*range(0x20), *range(0x7F, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A),
             *range(0xD800, 0xE000))
    table = {code: _stand_in(code) for code in codes if code not in (0x09, 0x0A)}
    if row:  # a screen row has no room for a tab (its width depends on the terminal) or a line break
        table |= {0x09: " ", 0x0A: "\u2424"}  # ␤
    return table


def clean(text: str) -> str:
    """``text`` safe to show: every unsafe character becomes one visible symbol.

    The result has the same length, so offsets into ``text`` hold for it.  An
    escape sequence (CSI, OSC 0 titles, OSC 52 clipboard writes, DCS …) is
    shown whole and inert: its ESC, BEL and ST as symbols, its body as the
    plain text it is.  Newlines and tabs are kept.
    """
    return text.translate(_table(False)) if _unsafe(False).search(text) else text


def clean_row(text: str) -> str:
    """As ``clean``, for one screen row: a tab becomes a space and a newline "␤"."""
    return text.translate(_table(True)) if _unsafe(True).search(text) else text


def clean_lines(text: str) -> str:
    """As ``clean``, keeping CRLF line ends (CSV) as they are; a lone CR is shown."""
    return "\r\n".join(clean(part) for part in text.split("\r\n")) if "\r" in text else clean(text)


def json_safe(text: str) -> str:
    """JSON text safe to print: unsafe characters inside its strings written as ``\\uXXXX``.

    The JSON still means exactly the same data (such characters can only
    occur inside strings, where the escape is equivalent).
    """
    return _unsafe(False).sub(lambda m: f"\\u{ord(m.group()):04x}", text)


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


def cut(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` cells, with … when cut."""
    text = clean(text).replace("\n", " ")
    if cells(text) <= limit:
        return text
    used = 0
    for k, char in enumerate(text):  # one pass: measuring each prefix again made long labels quadratic
        used += cells(char)
        if used > limit - 1:
            return text[:k] + "…"
    return text


def pad(text: str, width: int) -> str:
    """``text`` padded with spaces to ``width`` cells (left-aligned)."""
    return text + " " * max(0, width - cells(text))
