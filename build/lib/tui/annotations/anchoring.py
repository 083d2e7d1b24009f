"""Provides anchors for annotations and re-anchoring them after the text changed.

An anchor records where a note sits in three redundant ways: the measure id,
a text quote (exact text with prefix/suffix context) and text positions over
``Document.full_text()``. ``reanchor`` tries them from cheapest to most
forgiving, as Hypothesis does:

1. same content hash: nothing moved, keep the anchor;
2. the old measure id still holds the exact text;
3. the exact text elsewhere, the best by prefix/suffix context, then by
   nearness to the old position;
4. approximate text: whole-measure quotes are compared to candidate measures
   (``difflib`` ratio >= MIN_SIMILARITY); sub-span quotes are searched with a
   bounded edit distance (at most a quarter of their length). Candidates are
   the measures around the old position plus those sharing the most
   character pairs with the quote.

Annotations that cannot be placed are returned marked ``orphaned``, never
dropped.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from dataclasses import replace
from difflib import SequenceMatcher
from typing import TYPE_CHECKING

from tui.annotations.model import Anchor, Annotation

if TYPE_CHECKING:
    from collections.abc import Iterable

    from tui.document.model import Document

# Prefix/suffix length. Hypothesis keeps 32 characters of English; 16 Chinese
# characters carry at least as much context, and keep records small.
CONTEXT = 16
MIN_SIMILARITY = 0.75  # whole-measure quotes: difflib ratio needed to re-attach
MAX_EDIT_SHARE = 0.25  # sub-span quotes: edits allowed, as a share of their length
CANDIDATES = 8  # measures compared per fuzzy search, besides the neighbours
_CONTEXT_WEIGHT = 0.1  # how much matching context may outweigh text similarity
_MAX_DP_PATTERN = 64  # longer sub-span quotes use difflib alignment instead

Placement = tuple[str, tuple[int, int] | None]  # measure id, sub-span (None: whole)


class _Index:
    """The document's full text and measure offsets, with a lazy pair index."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.text = doc.full_text()
        order = sorted(doc.measure_spans.items(), key=lambda kv: kv[1])
        self.ids = [mid for mid, _ in order]
        self.starts = [span[0] for _, span in order]
        self.ends = [span[1] for _, span in order]
        self._pairs: dict[str, list[int]] | None = None

    def at(self, offset: int) -> int:
        """Index of the measure containing (or first after) ``offset``."""
        i = max(0, bisect_right(self.starts, offset) - 1)
        if offset >= self.ends[i] and i + 1 < len(self.ids):
            i += 1  # in the line break after measure i
        return i

    def place(self, start: int, end: int, whole: bool) -> Placement | None:
        """The measure overlapping [start, end) the most, and the span inside it."""
        best, overlap = -1, 0
        j = self.at(start)
        while j < len(self.ids) and self.starts[j] < max(end, start + 1):
            ov = min(end, self.ends[j]) - max(start, self.starts[j])
            if ov > overlap:
                best, overlap = j, ov
            j += 1
        if best < 0:
            return None
        if whole:
            return self.ids[best], None
        base = self.starts[best]
        return self.ids[best], (max(start, base) - base, min(end, self.ends[best]) - base)

    def candidates(self, quote: str, near: int) -> list[int]:
        """Measures worth a fuzzy comparison: around ``near`` and by shared pairs."""
        if self._pairs is None:
            pairs: dict[str, list[int]] = {}
            for i, (s, e) in enumerate(zip(self.starts, self.ends, strict=True)):
                part = self.text[s:e]
                for bigram in {part[k:k + 2] for k in range(len(part) - 1)}:
                    pairs.setdefault(bigram, []).append(i)
            self._pairs = pairs
        counts: Counter[int] = Counter()
        for bigram in {quote[k:k + 2] for k in range(len(quote) - 1)}:
            counts.update(self._pairs.get(bigram, ()))
        around = self.at(near)
        chosen = dict.fromkeys(range(max(0, around - 2), min(len(self.ids), around + 3)))
        chosen.update(dict.fromkeys(i for i, _ in counts.most_common(CANDIDATES)))
        return list(chosen)


_last: list[tuple[Document, _Index]] = []  # one slot


def _index(doc: Document) -> _Index:
    # One document is worked on at a time; keep its text and offsets.
    if not _last or _last[0][0] is not doc:
        _last[:] = [(doc, _Index(doc))]
    return _last[0][1]


def make_anchor(doc: Document, measure_id: str, sub: tuple[int, int] | None = None) -> Anchor:
    """An anchor on a whole measure, or on ``sub`` = (start, end) inside its text."""
    if measure_id not in doc.measure_spans:
        raise ValueError(f"unknown measure: {measure_id}")
    ms, me = doc.measure_spans[measure_id]
    if sub is None:
        start, end, sub_start, sub_end = ms, me, None, None
    else:
        sub_start, sub_end = sub
        if not 0 <= sub_start < sub_end <= me - ms:
            raise ValueError(f"span {sub} is outside measure {measure_id}")
        start, end = ms + sub_start, ms + sub_end
    text = _index(doc).text
    section = doc.measure_by_id[measure_id].section_id
    return Anchor(
        measure_id=measure_id,
        section_path=tuple(s.id for s in doc.path(section)),
        exact=text[start:end],
        prefix=text[max(0, start - CONTEXT):start],
        suffix=text[end:end + CONTEXT],
        start=start,
        end=end,
        sub_start=sub_start,
        sub_end=sub_end,
    )


def reanchor(doc: Document, annotations: Iterable[Annotation]) -> tuple[list[Annotation], list[Annotation]]:
    """Attach ``annotations`` to ``doc``'s text: (placed, orphaned).

    Placed annotations get fresh anchors, ``doc_id`` and ``content_hash``;
    the others are returned with ``orphaned=True`` and their old anchor (so
    their quote can still be shown). ``updated`` is left alone.
    """
    placed: list[Annotation] = []
    orphaned: list[Annotation] = []
    for a in annotations:
        if a.content_hash == doc.content_hash and a.anchor.measure_id in doc.measure_by_id:
            placed.append(a if not a.orphaned and a.doc_id == doc.id else replace(a, orphaned=False, doc_id=doc.id))
            continue
        where = locate(doc, a.anchor)
        if where is None:
            orphaned.append(a if a.orphaned else replace(a, orphaned=True))
            continue
        anchor = make_anchor(doc, *where)
        placed.append(replace(a, anchor=anchor, doc_id=doc.id, content_hash=doc.content_hash, orphaned=False))
    return placed, orphaned


def locate(doc: Document, anchor: Anchor) -> Placement | None:
    """Where ``anchor`` belongs in ``doc`` now: (measure id, sub-span or None), or None."""
    ix = _index(doc)
    if not ix.ids:
        return None
    exact, whole = anchor.exact, anchor.sub_start is None
    measure = doc.measure_by_id.get(anchor.measure_id)
    if measure is not None:
        if whole and measure.text == exact:
            return measure.id, None
        if not whole and exact:
            hits = _occurrences(measure.text, exact)
            if hits:
                p = min(hits, key=lambda p: abs(p - (anchor.sub_start or 0)))
                return measure.id, (p, p + len(exact))
    if not exact:
        return None
    hits = _occurrences(ix.text, exact)
    if hits:
        p = max(hits, key=lambda p: (_context(ix.text, p, p + len(exact), anchor), -abs(p - anchor.start)))
        return ix.place(p, p + len(exact), whole)
    return _fuzzy(ix, anchor)


def _occurrences(text: str, quote: str, limit: int = 1000) -> list[int]:
    found: list[int] = []
    p = text.find(quote)
    while p >= 0 and len(found) < limit:
        found.append(p)
        p = text.find(quote, p + 1)
    return found


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _context(text: str, start: int, end: int, anchor: Anchor) -> int:
    """How many characters of the anchor's prefix and suffix match around [start, end)."""
    before = text[max(0, start - len(anchor.prefix)):start]
    after = text[end:end + len(anchor.suffix)]
    return _common_prefix(before[::-1], anchor.prefix[::-1]) + _common_prefix(after, anchor.suffix)


def _fuzzy(ix: _Index, anchor: Anchor) -> Placement | None:
    exact, whole = anchor.exact, anchor.sub_start is None
    context_len = max(1, len(anchor.prefix) + len(anchor.suffix))
    best: tuple[float, int] | None = None
    best_span = (0, 0)
    for i in ix.candidates(exact, anchor.start):
        base = ix.starts[i]
        text = ix.text[base:ix.ends[i]]
        if whole:
            sm = SequenceMatcher(None, exact, text, autojunk=False)
            if sm.real_quick_ratio() < MIN_SIMILARITY or sm.quick_ratio() < MIN_SIMILARITY:
                continue
            score = sm.ratio()
            if score < MIN_SIMILARITY:
                continue
            span = (base, ix.ends[i])
        else:
            found = _approx_find(exact, text, int(len(exact) * MAX_EDIT_SHARE))
            if found is None:
                continue
            s, e, score = found
            span = (base + s, base + e)
        score += _CONTEXT_WEIGHT * _context(ix.text, span[0], span[1], anchor) / context_len
        key = (score, -abs(span[0] - anchor.start))
        if best is None or key > best:
            best, best_span = key, span
    if best is None:
        return None
    return ix.place(best_span[0], best_span[1], whole)


def _approx_find(pattern: str, text: str, max_edits: int) -> tuple[int, int, float] | None:
    """Best (start, end, similarity) of ``pattern`` in ``text`` within ``max_edits`` edits."""
    if max_edits < 1 or not text:
        return None
    if len(pattern) > _MAX_DP_PATTERN:
        return _approx_find_long(pattern, text, max_edits)
    m = len(pattern)
    # Sellers' algorithm: edit distance of the pattern against the best
    # substring ending at each text position, tracking where it starts.
    cost = list(range(m + 1))
    begin = [0] * (m + 1)
    best: tuple[int, int, int] | None = None  # (distance, -length, start)
    best_end = 0
    for j, ch in enumerate(text, 1):
        diag, diag_begin = cost[0], begin[0]
        cost[0], begin[0] = 0, j
        for i in range(1, m + 1):
            left, left_begin = cost[i], begin[i]
            value, origin = diag + (pattern[i - 1] != ch), diag_begin
            if cost[i - 1] + 1 < value:
                value, origin = cost[i - 1] + 1, begin[i - 1]
            if left + 1 < value:
                value, origin = left + 1, left_begin
            cost[i], begin[i] = value, origin
            diag, diag_begin = left, left_begin
        key = (cost[m], begin[m] - j, begin[m])
        if cost[m] <= max_edits and (best is None or key < best):
            best, best_end = key, j
    if best is None:
        return None
    distance, _, start = best
    return start, best_end, 1 - distance / m


def _approx_find_long(pattern: str, text: str, max_edits: int) -> tuple[int, int, float] | None:
    blocks = [b for b in SequenceMatcher(None, pattern, text, autojunk=False).get_matching_blocks() if b.size]
    if not blocks:
        return None
    start = max(0, blocks[0].b - blocks[0].a)
    end = min(len(text), blocks[-1].b + blocks[-1].size + (len(pattern) - blocks[-1].a - blocks[-1].size))
    if end <= start:
        return None
    score = SequenceMatcher(None, pattern, text[start:end], autojunk=False).ratio()
    if score < 1 - max_edits / len(pattern):
        return None
    return start, end, score
