"""Provides the character classes and folds every layer shares: Han, half-width."""

from __future__ import annotations

# Han ideographs: the URO, extension A and the compatibility block.
HAN_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))
HAN_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # for regular expressions

# Full-width ASCII (U+FF01..U+FF5E) and the ideographic space -> ASCII.
HALFWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def is_han(char: str) -> bool:
    code = ord(char)
    return any(lo <= code <= hi for lo, hi in HAN_RANGES)


def halfwidth(text: str) -> str:
    """Full-width ASCII forms and the ideographic space folded to ASCII; the rest kept."""
    return text.translate(HALFWIDTH)


def squash(text: str) -> str:
    """``text`` without white space: what two layouts of one line (Chinese set with spaces, or
    broken over lines) have in common."""
    return "".join(text.split())
