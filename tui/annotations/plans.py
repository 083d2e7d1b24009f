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


def reimport_effect(old: Document, new: Document, annotations: Sequence[Annotation]) -> tuple[int, int]:
    """What ``new`` (a re-import's text) does to ``annotations`` placed in ``old``: how many more
    find no place, and how many stay on a sentence whose words changed (the note may no longer fit)."""
    before = {a.uuid: a for a in reanchor(old, annotations)[0]}
    placed, orphaned = reanchor(new, annotations)
    changed = sum(1 for a in placed if a.uuid in before and a.anchor.exact != before[a.uuid].anchor.exact)
    return len(orphaned) - (len(annotations) - len(before)), changed
