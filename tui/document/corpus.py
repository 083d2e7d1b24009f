"""Provides Corpus: search over several plans at once, hits tagged with their plan, grouped by plan and chapter.

Plain Python, built on each plan's own ``SearchIndex``.  Hits run in plan
order, then reading order.  A search keeps only where each hit is (measure
index and offset); ``Hit`` objects are made when a hit is looked at, so that
a common word in a hundred plans (50,000 hits) still counts, groups and
lists in a few tens of milliseconds.  ``CorpusSearch`` is the reader's
``/``, ``n``, ``N`` over every open plan: a position is (plan, measure
index), and stepping wraps from the last plan to the first.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import overload

from tui.document.model import Document, Section
from tui.document.search import Hit, SearchIndex, fold, index_for

# A plan's measures are numbered from plan_index * PLAN_SPAN, so that one
# (position, start) key orders hits across plans and the single-plan
# stepping functions serve unchanged.
PLAN_SPAN = 1 << 32


@dataclass(frozen=True)
class HitStep:
    """Where a step through the hits lands, and whether it wrapped around."""

    index: int
    wrapped: bool


def first_hit_from(keys: list[tuple[int, int]], cursor: int) -> HitStep:
    """The first hit (keys: (position, start), sorted) in or after position ``cursor``; wraps to the first hit."""
    k = bisect_left(keys, (cursor, -1))
    return HitStep(k, False) if k < len(keys) else HitStep(0, True)


def step_hit(keys: list[tuple[int, int]], cursor: int, current: int, forward: bool) -> HitStep:
    """The next (or previous) hit after the cursor, counted from the current hit
    when the cursor still sits on its measure."""
    if 0 <= current < len(keys) and keys[current][0] == cursor:
        point = keys[current]
    else:
        point = (cursor, -1) if forward else (cursor, 1 << 30)
    if forward:
        k = bisect_left(keys, (point[0], point[1] + 1))
        return HitStep(k, False) if k < len(keys) else HitStep(0, True)
    k = bisect_left(keys, point) - 1
    return HitStep(k, False) if k >= 0 else HitStep(len(keys) - 1, True)


@dataclass(frozen=True)
class PlanMeasure:
    """A measure of one plan: where the compare, targets and overview screens send the reader."""

    doc_id: str
    measure_id: str


@dataclass(frozen=True)
class PlanHit:
    """A hit in one plan of the corpus."""

    doc_id: str
    hit: Hit


def _positions(index: SearchIndex, needle: str) -> tuple[list[int], list[int]]:
    """(measure index, start) of every occurrence of the folded ``needle``, as ``SearchIndex.search``
    finds them, without making a Hit each (it reads the index's text and measure starts)."""
    text, starts = index._text, index._starts
    measures: list[int] = []
    offsets: list[int] = []
    find = text.find
    pos = find(needle)
    while pos != -1:
        k = bisect_right(starts, pos) - 1
        measures.append(k)
        offsets.append(pos - starts[k])
        pos = find(needle, pos + len(needle))
    return measures, offsets


@dataclass(frozen=True)
class PlanMatches:
    """One plan's hits of a query: measure indexes and offsets; ``hit(k)`` makes the k-th Hit."""

    doc: Document
    measures: tuple[int, ...]
    starts: tuple[int, ...]
    length: int

    def __len__(self) -> int:
        return len(self.measures)

    def hit(self, k: int) -> Hit:
        measure = self.doc.measures[self.measures[k]]
        return Hit(measure.id, measure.section_id, self.starts[k], self.starts[k] + self.length)


class CorpusHits(Sequence[PlanHit]):
    """Every hit of a query in every plan, in plan then reading order (a lazy sequence of PlanHit)."""

    def __init__(self, query: str, plans: Sequence[PlanMatches]) -> None:
        self.query = query
        self.plans = tuple(p for p in plans if len(p))
        self._offsets = [0]
        for p in self.plans:
            self._offsets.append(self._offsets[-1] + len(p))

    def __len__(self) -> int:
        return self._offsets[-1]

    def locate(self, index: int) -> tuple[PlanMatches, int]:
        """The plan holding hit ``index`` and the hit's number within it."""
        if not 0 <= index < len(self):
            raise IndexError(index)
        p = bisect_right(self._offsets, index) - 1
        return self.plans[p], index - self._offsets[p]

    @overload
    def __getitem__(self, index: int) -> PlanHit: ...
    @overload
    def __getitem__(self, index: slice) -> list[PlanHit]: ...
    def __getitem__(self, index: int | slice) -> PlanHit | list[PlanHit]:
        if isinstance(index, slice):
            return [self[k] for k in range(*index.indices(len(self)))]
        plan, k = self.locate(index if index >= 0 else len(self) + index)
        return PlanHit(plan.doc.id, plan.hit(k))

    def __iter__(self) -> Iterator[PlanHit]:
        for plan in self.plans:
            for k in range(len(plan)):
                yield PlanHit(plan.doc.id, plan.hit(k))

    def first_index(self, doc_id: str) -> int:
        """The corpus index of a plan's first hit (-1: the plan has none)."""
        for p, plan in enumerate(self.plans):
            if plan.doc.id == doc_id:
                return self._offsets[p]
        return -1


@dataclass(frozen=True)
class ChapterCount:
    chapter: Section  # a top-level section: the notice, the preface or a chapter
    count: int
    first: int  # corpus index of its first hit


@dataclass(frozen=True)
class PlanCount:
    doc: Document
    count: int
    chapters: tuple[ChapterCount, ...]  # chapters with hits, in reading order


@dataclass(frozen=True)
class MentionRow:
    """A line of the mentions list: a plan header, a chapter header, a hit, or "n more"."""

    kind: str  # "plan", "chapter", "hit", "more"
    doc: Document
    chapter: Section | None = None
    count: int = 0  # hits under a header; hits left out for "more"
    index: int = -1  # the hit's index in the corpus hits


class Corpus:
    """Several plans searched as one; opening builds each plan's search index."""

    def __init__(self, docs: Sequence[Document]) -> None:
        self.docs = tuple(docs)
        self.by_id = {d.id: d for d in self.docs}
        self.position = {d.id: k for k, d in enumerate(self.docs)}
        self._chapter_of: dict[str, list[int]] = {}
        for doc in self.docs:
            index_for(doc)

    def __len__(self) -> int:
        return len(self.docs)

    def search(self, query: str) -> CorpusHits:
        """Every hit of ``query`` in every plan: plan order, then reading order."""
        needle = fold(query.strip())
        if not needle or "\x00" in needle:
            return CorpusHits(query, ())
        found = []
        for doc in self.docs:
            measures, starts = _positions(index_for(doc), needle)
            found.append(PlanMatches(doc, tuple(measures), tuple(starts), len(needle)))
        return CorpusHits(query, found)

    def _tops(self, doc: Document) -> list[int]:
        """For each measure of ``doc``, the index (in ``doc.children(None)``) of its top-level section."""
        tops = self._chapter_of.get(doc.id)
        if tops is None:
            order = {s.id: k for k, s in enumerate(doc.children(None))}
            by_section: dict[str, int] = {}
            tops = []
            for m in doc.measures:
                if m.section_id not in by_section:
                    by_section[m.section_id] = order[doc.chapter_of(m.section_id).id]
                tops.append(by_section[m.section_id])
            self._chapter_of[doc.id] = tops
        return tops

    def counts(self, hits: CorpusHits) -> list[PlanCount]:
        """Hits per plan (plans without hits left out), then per chapter."""
        out = []
        first = 0
        for plan in hits.plans:
            tops = self._tops(plan.doc)
            chapters = plan.doc.children(None)
            per: dict[int, list[int]] = {}
            for k, m in enumerate(plan.measures):
                entry = per.get(tops[m])
                if entry is None:
                    per[tops[m]] = [1, first + k]
                else:
                    entry[0] += 1
            out.append(PlanCount(plan.doc, len(plan), tuple(ChapterCount(chapters[c], n, at)
                                                             for c, (n, at) in per.items())))
            first += len(plan)
        return out

    def chapter_counts(self, query: str) -> list[tuple[Document, list[tuple[Section, int]]]]:
        """Hits per top-level section of every plan, zeros included (the notice and preface only with hits)."""
        hits = self.search(query)
        found = {pc.doc.id: {c.chapter.id: c.count for c in pc.chapters} for pc in self.counts(hits)}
        out = []
        for doc in self.docs:
            counts = found.get(doc.id, {})
            rows = [(s, counts.get(s.id, 0)) for s in doc.children(None)
                    if s.kind not in ("front", "preface") or counts.get(s.id)]
            out.append((doc, rows))
        return out

    def mention_rows(self, hits: CorpusHits, limit: int = 2000) -> list[MentionRow]:
        """The mentions list: with several plans a header per plan, then per chapter, with counts.

        At most ``limit`` hit lines; a chapter past the limit ends with an
        "n more" line, so that a common word lists fast in a hundred plans.
        """
        rows: list[MentionRow] = []
        shown = 0
        several = len(self.docs) > 1
        for plan in self.counts(hits):
            if several:
                rows.append(MentionRow("plan", plan.doc, count=plan.count))
            for group in plan.chapters:
                rows.append(MentionRow("chapter", plan.doc, group.chapter, count=group.count))
                room = max(0, min(group.count, limit - shown))
                rows.extend(MentionRow("hit", plan.doc, group.chapter, index=group.first + k) for k in range(room))
                if room < group.count:
                    rows.append(MentionRow("more", plan.doc, group.chapter, count=group.count - room))
                shown += room
        return rows


class CorpusSearch:
    """The reader's search over every open plan: the query, its hits, and the current hit."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.query = ""
        self.hits = CorpusHits("", ())
        self.index = -1
        self._keys: list[tuple[int, int]] = []

    def _cursor(self, doc_id: str, measure_index: int) -> int:
        return self.corpus.position[doc_id] * PLAN_SPAN + measure_index

    def clear(self) -> None:
        self.query, self.hits, self.index, self._keys = "", CorpusHits("", ()), -1, []

    def run(self, query: str, doc_id: str, measure_index: int) -> HitStep | None:
        """Search every plan; the first hit at or after the cursor (None: no hits)."""
        self.query = query.strip()
        self.hits = self.corpus.search(self.query)
        position = self.corpus.position
        self._keys = [(position[p.doc.id] * PLAN_SPAN + m, s)
                      for p in self.hits.plans for m, s in zip(p.measures, p.starts, strict=True)]
        self.index = -1
        if not self._keys:
            return None
        step = first_hit_from(self._keys, self._cursor(doc_id, measure_index))
        self.index = step.index
        return step

    def step(self, doc_id: str, measure_index: int, forward: bool) -> HitStep | None:
        """The next (previous) hit from the cursor, across plans; None if there are no hits."""
        if not self._keys:
            return None
        step = step_hit(self._keys, self._cursor(doc_id, measure_index), self.index, forward)
        self.index = step.index
        return step

    def go(self, index: int) -> PlanHit:
        self.index = index
        return self.hits[index]

    @property
    def current(self) -> PlanHit | None:
        return self.hits[self.index] if 0 <= self.index < len(self.hits) else None
