"""Provides PlanNotes: one plan's annotations, placed in its current text (plain Python).

Lists and exports that span several plans gather each plan's notes from the
store and place them in memory, as the reader does when it opens the plan;
nothing is written back.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tui.annotations.anchoring import reanchor
from tui.annotations.filters import Filters, apply
from tui.annotations.model import Annotation
from tui.document.model import Document

if TYPE_CHECKING:
    from tui.annotations.view import StoreView


@dataclass(frozen=True)
class PlanNotes:
    """A plan and annotations of it (placed ones in document order, then orphans, once filtered)."""

    doc: Document
    annotations: tuple[Annotation, ...]

    def select(self, filters: Filters) -> PlanNotes:
        return PlanNotes(self.doc, tuple(apply(self.doc, self.annotations, filters)))


def placed(doc: Document, annotations: Iterable[Annotation]) -> PlanNotes:
    """``annotations`` of ``doc`` placed in its current text, in memory."""
    on_plan, orphaned = reanchor(doc, annotations)
    return PlanNotes(doc, tuple(on_plan + orphaned))


def gather(store: StoreView, docs: Sequence[Document]) -> list[PlanNotes]:
    """Each plan's annotations from ``store``, in the order of ``docs``."""
    return [placed(doc, store.all(doc.id)) for doc in docs]


def stray(store: StoreView, docs: Sequence[Document]) -> int:
    """How many annotations in ``store`` belong to none of ``docs``."""
    known = {doc.id for doc in docs}
    return sum(1 for a in store.all() if a.doc_id not in known)


def newly_unplaced(old: Document, new: Document, annotations: Sequence[Annotation]) -> int:
    """How many more of ``annotations`` find no place in ``new`` than in ``old`` (a re-import's text)."""
    return len(reanchor(new, annotations)[1]) - len(reanchor(old, annotations)[1])
