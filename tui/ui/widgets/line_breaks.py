"""Provides CJK line breaking: cell widths, and where a line may break (kinsoku shori).

Plain Python (rich.cells only).  ``wrap.Layout`` lays whole blocks out with these.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from itertools import accumulate

from rich.cells import get_character_cell_size

# Characters that must not start a line (kinsoku shori) ...
NO_START = frozenset("，。、；：？！）》」』】〕”’…·—%,.;:?!)]}～")
# ... and characters that must not end one.
NO_END = frozenset("（《「『【〔“‘([{")


class _CellWidths(dict[int, str]):
    """ord -> chr(cell width), filled in as characters are met (``str.translate`` asks for each)."""

    def __missing__(self, code: int) -> str:
        width = chr(get_character_cell_size(chr(code)))
        self[code] = width
        return width


_WIDTHS = _CellWidths()


def cumulative_widths(text: str) -> list[int]:
    """``cum[i]`` is the cell width of ``text[:i]`` (length ``len(text)+1``).

    One ``translate`` to a string of widths and one ``accumulate`` over its
    bytes: C loops, some ten times faster than a width call per character.
    """
    return [0, *accumulate(text.translate(_WIDTHS).encode("latin-1"))]


def _is_word(char: str) -> bool:
    """Part of an ASCII run kept whole: letters, digits and the marks inside words,
    numbers, options and addresses (``policy-tui``, ``--force``, ``2021-2025``, ``a/b.pdf``)."""
    return char.isascii() and (char.isalnum() or char in "-_./:@#%+=~")


def iter_wrap(text: str, cum: list[int], width: int, first_indent: int = 0) -> Iterator[tuple[int, int]]:
    """(start, end) of each line of ``text`` in at most ``width`` cells, in order, as asked for.

    Never splits a character; keeps closing punctuation off a line start and
    opening punctuation off a line end, and ASCII words whole when they fit.
    """
    n = len(text)
    if n == 0:
        yield 0, 0
        return
    start = 0
    avail = max(2, width - first_indent)
    while start < n:
        end = bisect_right(cum, cum[start] + avail, start) - 1
        if end <= start:  # a character wider than the line: put it alone
            end = start + 1
        if end < n:
            end = _adjust_break(text, start, end)
        yield start, end
        start = end
        avail = max(2, width)


def wrap_offsets(text: str, cum: list[int], width: int, first_indent: int = 0) -> list[tuple[int, int]]:
    """Every line of ``text`` (see ``iter_wrap``)."""
    return list(iter_wrap(text, cum, width, first_indent))


def _adjust_break(text: str, start: int, end: int) -> int:
    """Move a break at ``end`` back until the line rules hold (each move can break another:
    pulling "）" down must not split the word before it)."""
    candidate = end
    while True:
        moved = _word_start(text, start, candidate)
        # Pull the last character down rather than start a line with "，" ...
        while moved - start > 1 and text[moved] in NO_START:
            moved -= 1
        # ... or end one with "“".
        while moved - start > 1 and text[moved - 1] in NO_END:
            moved -= 1
        if moved == candidate:
            return candidate if candidate > start else end
        candidate = moved


def _word_start(text: str, start: int, at: int) -> int:
    """A break at ``at`` inside an ASCII word (number, option, address) moves to the word's
    start, if the word does not start the line (it then moves down whole)."""
    if not (_is_word(text[at - 1]) and _is_word(text[at])):
        return at
    word_start = at
    while word_start > start and _is_word(text[word_start - 1]):
        word_start -= 1
    return word_start if word_start > start else at
