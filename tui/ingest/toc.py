"""Provides finding a plan's table of contents (目录), which stays out of its body and tree."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from tui.ingest.structure import CN_NUM, find_marker, is_preface_heading

_LABEL = re.compile(r"^目\s*录\s*[:：]?\s*")
_INLINE_MARKER = re.compile(rf"(第(?:{CN_NUM}|\d+)[章节節編编]|(?<![\u4e00-\u9fff]){CN_NUM}、|[（(]{CN_NUM}[）)])")
_PAGE_REF = re.compile(r"[.…·\s]*\d{1,4}$")
_ENTRY_MAX = 50


@dataclass(frozen=True)
class Toc:
    lines: frozenset[int]  # indexes (into the lines given) that make up the 目录
    entries: tuple[str, ...]  # its entries, one heading each, page numbers dropped


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", _PAGE_REF.sub("", text))


def _entries_of_line(line: str) -> list[str]:
    body = _LABEL.sub("", line)
    cuts = [m.start() for m in _INLINE_MARKER.finditer(body)]
    if not cuts:
        return [body.strip()] if body.strip() else []
    parts = [body[a:b] for a, b in zip(cuts, [*cuts[1:], len(body)], strict=True)]
    return [_PAGE_REF.sub("", p).strip() for p in parts if p.strip()]


_LEADER = re.compile(r"(\.{3,}|…{2,}|·{3,})\s*\d{1,4}$")  # 9.深化考古研究，提升科技含量 ........ 10
_GAP = 3  # lines a 目录 may skip (a page's header between two of its pages) and go on


def _is_entry(line: str) -> bool:
    s = _PAGE_REF.sub("", line).strip()
    return 0 < len(s) <= _ENTRY_MAX and (bool(_LEADER.search(line)) or not re.search(r"[。；;，,]", s))


def find_toc(lines: list[str]) -> Toc | None:
    """The 目录 among the stripped ``lines``: a squashed line, a labelled block, or a run
    of heading lines that all come again later as the plan's own headings."""
    for i, line in enumerate(lines):
        markers = _INLINE_MARKER.findall(line)
        labelled = bool(_LABEL.match(line))
        # A squashed 目录: one line listing three or more headings, no sentences.
        if len(markers) >= 3 and not re.search(r"[。；;，,：:]", _LABEL.sub("", line)) and (labelled or find_marker(line)):
            entries = _entries_of_line(line)
            if sum(len(e) for e in entries) <= _ENTRY_MAX * len(entries):
                return Toc(frozenset({i}), tuple(entries))
        if labelled and not _LABEL.sub("", line).strip():
            block = _labelled_block(lines, i)
            if block:
                return Toc(frozenset([i, *block]), tuple(_PAGE_REF.sub("", lines[k]).strip() for k in block))
    return _repeated_run(lines)


def _labelled_block(lines: list[str], label: int) -> list[int]:
    """The entries after a bare 目录 label (their indexes), or [].  Lines that are no
    entry between entries with page numbers (a page's header where the 目录 goes over
    to the next page) are not its own, and it goes on after them."""
    first = _norm(lines[label + 1]) if label + 1 < len(lines) else ""
    entries: list[int] = []
    j = label + 1
    while j < len(lines):
        if j > label + 1 and _norm(lines[j]) == first:
            break  # the first heading again: the body starts here
        if not _is_entry(lines[j]):
            ahead = next((k for k in range(j + 1, min(len(lines), j + 1 + _GAP)) if _LEADER.search(lines[k])), None)
            if ahead is None or not entries or not _LEADER.search(lines[entries[-1]]):
                break
            j = ahead
            continue
        entries.append(j)
        j += 1
    return entries if len(entries) >= 2 else []


def _repeated_run(lines: list[str]) -> Toc | None:
    """Three or more heading lines in a row, each found again further on."""
    after = Counter(_norm(s) for s in lines)
    run: list[int] = []
    for i, line in enumerate(lines):
        after[_norm(line)] -= 1
        heading = bool(find_marker(line)) or is_preface_heading(line)
        if heading and _is_entry(line) and after[_norm(line)] > 0:
            run.append(i)
            continue
        if len(run) >= 3:
            break
        run = []
    if len(run) >= 3:
        return Toc(frozenset(run), tuple(_PAGE_REF.sub("", lines[k]).strip() for k in run))
    return None
