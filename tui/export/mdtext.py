"""Provides Markdown/YAML escaping that keeps user text from changing structure.

Notes are written as ordinary paragraphs, not code: every character that
CommonMark, GFM tables or Obsidian give a meaning inline is backslash-escaped
(CommonMark allows a backslash before any ASCII punctuation), and the few
constructs that only matter at the start of a line (list markers, ``---`` /
``===`` underlines, indented code) are neutralised per line.  The rendered
text is the user's text, character for character; only paragraph breaks
(blank lines) and line breaks survive as structure.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache

# Inline meaning in CommonMark (\ ` * _ [ ] < > &), GFM (| ~) or Obsidian
# (# tags, == highlight, $ math, %% comments, ^ block ids).
_INLINE = str.maketrans({c: "\\" + c for c in "\\`*_[]<>&|~#=$%^"})
_ORDERED = re.compile(r"^(\d{1,9})([.)])")
# List markers, setext underlines, thematic breaks; ":" starts a GFM table delimiter row (":--").
_LINE_START = set("+-=:")


def escape_inline(text: str) -> str:
    """Escape ``text`` for a single-line context (heading, table cell, quote line)."""
    return " ".join(text.splitlines()).translate(_INLINE)


def guard_line_start(body: str) -> str:
    """An escaped line that would start a list, an underline or a table row stays text."""
    if body[:1] in _LINE_START:
        return "\\" + body
    return _ORDERED.sub(r"\1\\\2", body)


def _escape_line(line: str) -> str:
    body = line.lstrip(" \t")
    indent = line[: len(line) - len(body)]
    body = guard_line_start(escape_inline(body.rstrip()))
    # Leading spaces would make indented code; &nbsp; keeps the look, not the meaning.
    pad = "".join("&nbsp;" * (4 if c == "\t" else 1) for c in indent)
    return pad + body if body else ""


def escape_block(text: str) -> list[list[str]]:
    """Paragraphs of escaped lines; blank lines in ``text`` separate paragraphs."""
    paragraphs: list[list[str]] = [[]]
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        escaped = _escape_line(line)
        if escaped:
            paragraphs[-1].append(escaped)
        elif paragraphs[-1]:
            paragraphs.append([])
    return [p for p in paragraphs if p]


@lru_cache(maxsize=4096)
def obsidian_tag(tag: str) -> str:
    """``#tag`` valid in Obsidian, or "" if nothing usable remains.

    Spaces and other characters Obsidian does not allow in tags become ``_``
    (letters and digits of any script, ``_``, ``-`` and ``/`` are kept; runs
    collapse; ``_ - /`` are trimmed at the ends).  Obsidian rejects
    all-digit tags such as ``#2025``, so those get a leading ``_``: ``#_2025``.
    """
    chars = []
    for c in tag.strip().lstrip("#"):
        cat = unicodedata.category(c)
        keep = cat[0] in "LNM" or c in "-/"
        chars.append(c if keep else "_")
    name = re.sub(r"_+", "_", "".join(chars))
    # An "_" next to "-" or "/" could act as emphasis in CommonMark.
    name = re.sub(r"_*([-/])_*", r"\1", name).strip("_-/")
    if not name:
        return ""
    if name.isdecimal():
        name = "_" + name
    return "#" + name


def yaml_str(value: str | None) -> str:
    """A YAML double-quoted scalar (JSON string syntax is valid YAML)."""
    if value is None:
        return "null"
    out = json.dumps(value, ensure_ascii=False)
    # Characters YAML 1.1 readers treat as line breaks or reject when raw.
    return "".join(
        f"\\u{ord(c):04x}" if (0x7F <= ord(c) <= 0x9F or c in "\u2028\u2029\ufeff"
                               or 0xD800 <= ord(c) <= 0xDFFF) else c
        for c in out
    )


def yaml_list(values: list[str] | tuple[str, ...]) -> str:
    return "[" + ", ".join(yaml_str(v) for v in values) + "]"
