"""Provides OpenPlans: the plans open in the reader, the one shown, and one search over all of them.

Plain Python, so that switching plans and stepping through hits across them
can be tested without the UI.  A reviewed fix replaces a plan by the same
plan with changed text (same id); the search is run again then.
"""

from __future__ import annotations

from collections.abc import Sequence

from tui.document.corpus import Corpus, CorpusSearch, HitStep, PlanHit
from tui.document.model import Document
from tui.document.search import Hit


class OpenPlans:
    """Plans in the order they were opened; ``current`` is the one the reader shows."""

    def __init__(self, docs: Sequence[Document]) -> None:
        if not docs:
            raise ValueError("OpenPlans needs at least one plan")
        self.docs = list(docs)
        self.current = self.docs[0]
        self.corpus = Corpus(self.docs)
        self.search = CorpusSearch(self.corpus)

    def __len__(self) -> int:
        return len(self.docs)

    @property
    def several(self) -> bool:
        return len(self.docs) > 1

    def get(self, doc_id: str) -> Document | None:
        return next((d for d in self.docs if d.id == doc_id), None)

    def show(self, doc_id: str) -> Document:
        """Make ``doc_id`` the plan shown; it must be open."""
        doc = self.get(doc_id)
        if doc is None:
            raise KeyError(doc_id)
        self.current = doc
        return doc

    def replace(self, doc: Document) -> None:
        """The same plan (same id) with changed text: keep its place, search again."""
        self.docs = [doc if d.id == doc.id else d for d in self.docs]
        if self.current.id == doc.id:
            self.current = doc
        query = self.search.query
        self.corpus = Corpus(self.docs)
        self.search = CorpusSearch(self.corpus)
        if query:
            self.search.run(query, self.current.id, 0)

    # --- the search over every open plan ------------------------------------------------

    def run(self, query: str, cursor: int) -> HitStep | None:
        """Search every plan; the first hit at or after the cursor of the plan shown."""
        return self.search.run(query, self.current.id, cursor)

    def step(self, cursor: int, forward: bool) -> HitStep | None:
        return self.search.step(self.current.id, cursor, forward)

    def go(self, index: int) -> PlanHit:
        return self.search.go(index)

    def hits_shown(self) -> tuple[tuple[Hit, ...], int]:
        """The hits in the plan shown, and which of them is the current hit (-1: none there)."""
        hits = self.search.hits
        for plan in hits.plans:
            if plan.doc.id == self.current.id:
                first = hits.first_index(plan.doc.id)
                local = tuple(plan.hit(k) for k in range(len(plan)))
                at = self.search.index - first
                return local, at if 0 <= at < len(local) else -1
        return (), -1

    def current_hit(self) -> Hit | None:
        """The current hit, if it is in the plan shown."""
        hit = self.search.current
        return hit.hit if hit is not None and hit.doc_id == self.current.id else None
