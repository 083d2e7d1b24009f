"""Provides Corpus: search over several plans at once, hits tagged with their plan, grouped by plan and chapter.

Plain Python, built on each plan's own ``SearchIndex``.  Hits run in plan
order, then reading order.  ``CorpusSearch`` is the reader's ``/``, ``n``,
``N`` over every open plan: a position is (plan index, measure index), and
stepping wraps from the last plan to the first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tui.document.model import Document, Section
from tui.document.search import Hit, HitStep, first_hit_from, index_for, step_hit

# A plan's measures are numbered from plan_index * PLAN_SPAN, so that one
# (position, start) key orders hits across plans and the single-plan
# stepping functions serve unchanged.
PLAN_SPAN = 1 << 32


@dataclass(frozen=True)
class PlanHit:
    """A hit in one plan of the corpus."""

    doc_id: str
    hit: Hit


@dataclass(frozen=True)
class ChapterHits:
    chapter: Section  # a top-level section: the notice, the preface or a chapter
    hits: tuple[Hit, ...]


@dataclass(frozen=True)
class PlanHits:
    """One plan's hits, by chapter in reading order."""

    doc: Document
    chapters: tuple[ChapterHits, ...]

    @property
    def count(self) -> int:
        return sum(len(c.hits) for c in self.chapters)


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
        for doc in self.docs:
            index_for(doc)

    def __len__(self) -> int:
        return len(self.docs)

    def search(self, query: str) -> tuple[PlanHit, ...]:
        """Every hit of ``query`` in every plan: plan order, then reading order."""
        return tuple(PlanHit(doc.id, hit) for doc in self.docs for hit in index_for(doc).search(query))

    def grouped(self, hits: Sequence[PlanHit]) -> list[PlanHits]:
        """Hits by plan (plans without hits left out), then by chapter."""
        per_plan: dict[str, dict[str, list[Hit]]] = {}
        for ph in hits:
            doc = self.by_id[ph.doc_id]
            top = doc.chapter_of(ph.hit.section_id)
            per_plan.setdefault(ph.doc_id, {}).setdefault(top.id, []).append(ph.hit)
        return [
            PlanHits(self.by_id[doc_id], tuple(ChapterHits(self.by_id[doc_id].section_by_id[sid], tuple(group))
                                               for sid, group in chapters.items()))
            for doc_id, chapters in per_plan.items()
        ]

    def chapter_counts(self, query: str) -> list[tuple[Document, list[tuple[Section, int]]]]:
        """Hits per top-level section of every plan, zeros included (the notice and preface only with hits)."""
        out = []
        for doc in self.docs:
            counts: dict[str, int] = {}
            for hit in index_for(doc).search(query):
                top = doc.chapter_of(hit.section_id).id
                counts[top] = counts.get(top, 0) + 1
            rows = [(s, counts.get(s.id, 0)) for s in doc.children(None)
                    if s.kind not in ("front", "preface") or counts.get(s.id)]
            out.append((doc, rows))
        return out

    def mention_rows(self, hits: Sequence[PlanHit], limit: int = 2000) -> list[MentionRow]:
        """The mentions list: with several plans a header per plan, then per chapter, with counts.

        At most ``limit`` hit lines; each chapter past the limit ends with a
        "n more" line, so that a common word lists fast in a hundred plans.
        """
        rows: list[MentionRow] = []
        number = 0
        shown = 0
        several = len(self.docs) > 1
        for plan in self.grouped(hits):
            if several:
                rows.append(MentionRow("plan", plan.doc, count=plan.count))
            for group in plan.chapters:
                rows.append(MentionRow("chapter", plan.doc, group.chapter, count=len(group.hits)))
                room = max(0, min(len(group.hits), limit - shown))
                rows.extend(MentionRow("hit", plan.doc, group.chapter, index=number + k) for k in range(room))
                if room < len(group.hits):
                    rows.append(MentionRow("more", plan.doc, group.chapter, count=len(group.hits) - room))
                shown += room
                number += len(group.hits)
        return rows


class CorpusSearch:
    """The reader's search over every open plan: the query, its hits, and the current hit."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.query = ""
        self.hits: tuple[PlanHit, ...] = ()
        self.index = -1
        self._keys: list[tuple[int, int]] = []

    def _cursor(self, doc_id: str, measure_index: int) -> int:
        return self.corpus.position[doc_id] * PLAN_SPAN + measure_index

    def clear(self) -> None:
        self.query, self.hits, self.index, self._keys = "", (), -1, []

    def run(self, query: str, doc_id: str, measure_index: int) -> HitStep | None:
        """Search every plan; the first hit at or after the cursor (None: no hits)."""
        self.query = query.strip()
        self.hits = self.corpus.search(self.query) if self.query else ()
        by_id = self.corpus.by_id
        self._keys = [(self._cursor(h.doc_id, by_id[h.doc_id].measure_index[h.hit.measure_id]), h.hit.start)
                      for h in self.hits]
        self.index = -1
        if not self.hits:
            return None
        step = first_hit_from(self._keys, self._cursor(doc_id, measure_index))
        self.index = step.index
        return step

    def step(self, doc_id: str, measure_index: int, forward: bool) -> HitStep | None:
        """The next (previous) hit from the cursor, across plans; None if there are no hits."""
        if not self.hits:
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
