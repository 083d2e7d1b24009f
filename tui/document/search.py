"""Provides folded full-text search over a Document, and how hits are shown (context, chapters, paths).

Stepping through hits (the reader's ``n``) is ``corpus.CorpusSearch``."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from tui.display import one_line
from tui.document.chars import HALFWIDTH, HAN_RANGES
from tui.document.model import Document, Section

# Variant pairs that t2s keeps apart but a reader treats as one character.
VARIANTS = {"著": "着", "祇": "只", "纔": "才", "裏": "里", "佈": "布", "綫": "线", "〇": "○"}
# Quotation marks of every style are one: "十四五" finds “十四五” (and 「十四五」).
QUOTES = {"“": '"', "”": '"', "「": '"', "」": '"', "＂": '"', "‘": "'", "’": "'", "『": "'", "』": "'"}


LABEL_CHARS = 120  # a section label in a path is cut here (a 1 MB "title" is a damaged line)


def _fold_pairs() -> tuple[str, str]:
    """(sources, targets): every char whose fold differs, and its fold (same length)."""
    import opencc

    src: list[str] = []
    dst: list[str] = []
    # Convert each CJK char on its own line so that t2s cannot apply phrase
    # rules across neighbours; the fold must be char-to-char.
    chars = [chr(c) for lo, hi in HAN_RANGES for c in range(lo, hi + 1)]
    converted = opencc.OpenCC("t2s").convert("\n".join(chars)).split("\n")
    table: dict[str, str] = {}
    if len(converted) == len(chars):
        table = {a: b for a, b in zip(chars, converted, strict=True) if len(b) == 1 and b != a}
    table.update(VARIANTS)
    table.update(QUOTES)
    # Full-width ASCII and the ideographic space fold to half-width, case-folded.
    table.update({chr(code): chr(ascii_code).lower() for code, ascii_code in HALFWIDTH.items()})
    table.update({chr(code): chr(code).lower() for code in range(ord("A"), ord("Z") + 1)})
    for a, b in table.items():
        src.append(a)
        dst.append(b)
    return "".join(src), "".join(dst)


@lru_cache(maxsize=1)
def _fold_table() -> dict[int, int]:
    """ord -> folded ord, for every char whose fold differs.

    Read from the table shipped with the package (``write_fold_table`` builds
    it from OpenCC and the rules above; a test keeps the two in step), so a
    search needs neither OpenCC (about 20 ms to convert every Han character)
    nor a cache folder. A missing or damaged file is rebuilt in memory.
    """
    from tui import locations

    try:
        src, dst = locations.FOLD_TABLE.read_text(encoding="utf-8").rstrip("\n").split("\n")
        if len(src) == len(dst) and src:
            return str.maketrans(src, dst)
    except (OSError, ValueError):
        pass
    return str.maketrans(*_fold_pairs())


def write_fold_table() -> None:
    """Rebuild the shipped fold table, after the rules above or OpenCC's tables changed."""
    from tui import locations
    from tui.files import atomic_write

    src, dst = _fold_pairs()
    atomic_write(locations.FOLD_TABLE, f"{src}\n{dst}\n".encode())


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
        self._starts: list[int] = []
        pos = 0
        for measure in doc.measures:
            self._starts.append(pos)
            pos += len(measure.text) + 1
        # A separator that no query can contain keeps matches inside measures;
        # one fold of the whole text is faster than one per measure.
        self._text = fold("\x00".join(m.text for m in doc.measures))

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
    """e.g. ``五、不断推进… › (二)促进…``, to show: each label on one line, safe
    for a terminal (``display.clean``) and cut at ``LABEL_CHARS``."""
    return " › ".join(one_line(s.label(traditional), LABEL_CHARS) for s in doc.path(section_id))
