"""Provides folded full-text search over a Document's measures and headings."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from tui.document.chars import HALFWIDTH, HAN_RANGES
from tui.document.model import Document, Section

# Variant pairs that t2s keeps apart but a reader treats as one character.
VARIANTS = {"著": "着", "祇": "只", "纔": "才", "裏": "里", "佈": "布", "綫": "线", "〇": "○"}


@lru_cache(maxsize=1)
def _fold_table() -> dict[int, str]:
    """ord -> folded char, for every char whose fold differs (built once)."""
    import opencc

    table: dict[int, str] = {}
    # Convert each CJK char on its own line so that t2s cannot apply phrase
    # rules across neighbours; the fold must be char-to-char.
    chars = [chr(c) for lo, hi in HAN_RANGES for c in range(lo, hi + 1)]
    converted = opencc.OpenCC("t2s").convert("\n".join(chars)).split("\n")
    if len(converted) == len(chars):
        for src, dst in zip(chars, converted):
            if len(dst) == 1 and dst != src:
                table[ord(src)] = dst
    for src, dst in VARIANTS.items():
        table[ord(src)] = dst
    # Full-width ASCII and the ideographic space fold to half-width, case-folded.
    for code, ascii_code in HALFWIDTH.items():
        table[code] = chr(ascii_code).lower()
    for code in range(ord("A"), ord("Z") + 1):
        table[code] = chr(code).lower()
    return table


def fold(text: str) -> str:
    """Fold script, width and case; the result has the same length."""
    return text.translate(_fold_table())


@dataclass(frozen=True)
class Hit:
    """One match: offsets are into the measure's text (either script)."""

    measure_id: str
    section_id: str
    start: int
    end: int


class SearchIndex:
    """Folded text of every measure, concatenated for fast scanning."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        parts: list[str] = []
        self._starts: list[int] = []
        pos = 0
        for measure in doc.measures:
            self._starts.append(pos)
            parts.append(fold(measure.text))
            pos += len(measure.text) + 1
        # A separator that no query can contain keeps matches inside measures.
        self._text = "\x00".join(parts)

    def search(self, query: str) -> tuple[Hit, ...]:
        """Every non-overlapping occurrence of ``query``, in reading order."""
        needle = fold(query.strip())
        if not needle or "\x00" in needle:
            return ()
        hits: list[Hit] = []
        measures = self.doc.measures
        find = self._text.find
        pos = find(needle)
        while pos != -1:
            idx = bisect_right(self._starts, pos) - 1
            measure = measures[idx]
            start = pos - self._starts[idx]
            hits.append(Hit(measure.id, measure.section_id, start, start + len(needle)))
            pos = find(needle, pos + len(needle))
        return tuple(hits)


_INDEXES: dict[int, tuple[Document, SearchIndex]] = {}


def index_for(doc: Document) -> SearchIndex:
    """The (cached) index of ``doc``."""
    cached = _INDEXES.get(id(doc))
    if cached is None or cached[0] is not doc:
        cached = (doc, SearchIndex(doc))
        _INDEXES[id(doc)] = cached
    return cached[1]


def search(doc: Document, query: str) -> tuple[Hit, ...]:
    return index_for(doc).search(query)


def kwic(doc: Document, hit: Hit, width: int = 14, traditional: bool = False) -> tuple[str, str, str]:
    """Keyword in context: (left, match, right), each side at most ``width``."""
    text = doc.measure_by_id[hit.measure_id].text_in(traditional)
    left = text[max(0, hit.start - width) : hit.start]
    right = text[hit.end : hit.end + width]
    if hit.start > width:
        left = "…" + left[1:]
    if len(text) - hit.end > width:
        right = right[:-1] + "…"
    return left, text[hit.start : hit.end], right


def group_by_chapter(doc: Document, hits: tuple[Hit, ...]) -> list[tuple[Section, list[Hit]]]:
    """Hits grouped under their top-level section, in reading order."""
    groups: dict[str, list[Hit]] = {}
    for hit in hits:
        top = doc.chapter_of(hit.section_id)
        groups.setdefault(top.id, []).append(hit)
    return [(doc.section_by_id[sid], group) for sid, group in groups.items()]


def section_path_label(doc: Document, section_id: str, traditional: bool = False) -> str:
    """e.g. ``五、不断推进… › (二)促进…``."""
    return " › ".join(s.label(traditional) for s in doc.path(section_id))
