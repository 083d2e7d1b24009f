"""Provides splitting a paragraph into measures (sentences) with offsets."""

from __future__ import annotations

# ASCII ! ? ; are not stops: punctuation restoration has already turned the
# genuine ones full-width, and those left sit inside flagged damage.
TERMINATORS = set("。！？；")
OPENERS = {"“": "”", "‘": "’", "《": "》", "「": "」", "『": "』", '"': '"'}
CLOSERS = {v: k for k, v in OPENERS.items() if k != '"'}


def _balanced(text: str) -> bool:
    depth = 0
    for ch in text:
        if ch in OPENERS and ch != '"':
            depth += 1
        elif ch in CLOSERS:
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence; never splits inside quotes or 《》.

    If the quotes do not balance (damaged text), quotes are ignored rather
    than letting one stray mark swallow the rest of the paragraph.
    """
    honour_quotes = _balanced(text)
    spans: list[tuple[int, int]] = []
    start = 0
    depth = 0
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if honour_quotes:
            if ch in OPENERS and ch != '"':
                depth += 1
            elif ch in CLOSERS:
                depth = max(0, depth - 1)
        if ch in TERMINATORS and depth == 0:
            end = i + 1
            while end < n and text[end] in TERMINATORS:
                end += 1
            # A closing bracket right after the stop belongs to the sentence.
            while end < n and text[end] in "）)":
                end += 1
            if text[start:end].strip():
                spans.append((start, end))
            start = end
            i = end
            continue
        i += 1
    if start < n and text[start:].strip():
        spans.append((start, n))
    return _trim(text, spans)


def _trim(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out = []
    for a, b in spans:
        start = a + len(text[a:b]) - len(text[a:b].lstrip())
        end = b - len(text[a:b]) + len(text[a:b].rstrip())
        if start < end:
            out.append((start, end))
    return out

