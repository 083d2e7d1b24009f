"""Provides Notebook: one document's annotations as the reader needs them (plain Python).

Wraps the store and the session's undo stack, and keeps the cheap facts the
panes show on every cursor move (counts per measure and section, gutter
marks) up to date with the store's revision, including saves made by
another process.  Whole annotations are converted only when asked for.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from enum import Enum
from pathlib import Path
from typing import TypeVar

from tui.annotations.chips import Chip, chips_of
from tui.annotations.model import Anchor, Annotation
from tui.annotations.store import (
    AnnotationStore,
    ReanchorReport,
    RecordGoneError,
    StoreError,
    new_annotation,
)
from tui.annotations.tags import parse_tags
from tui.annotations.undo import UndoStack
from tui.document.model import Document
from tui.i18n import t

R = TypeVar("R")


class Saved(Enum):
    """What a save did (the UI says it in its own words)."""

    ADDED = "added"
    EDITED = "edited"
    UNCHANGED = "unchanged"
    EMPTY = "empty"  # nothing to save: no text, no tags
    DELETED = "deleted"  # the last content was cleared, so the annotation went (undoable)
    RECREATED = "recreated"  # it had been deleted elsewhere: the text was kept as a new annotation
    KEPT_APART = "kept_apart"  # its note was changed elsewhere: the text was kept as a new annotation
    CHANGED_ELSEWHERE = "changed_elsewhere"  # cleared here, changed elsewhere: nothing deleted


def mark_for(count: int) -> str:
    """The gutter mark of a measure with ``count`` annotations."""
    return "●" if count == 1 else str(count) if count < 10 else "+"


class Notebook:
    """The annotations of ``doc`` in ``store``; changes go through ``undo``."""

    def __init__(self, doc: Document, store: AnnotationStore) -> None:
        self.doc = doc
        self.store = store
        self.undo = UndoStack(store)
        self.report: ReanchorReport | None = None
        self.notices: list[str] = []  # said once, when the reader shows the notebook
        self.counts: dict[str, int] = {}  # measure id -> annotations placed on it
        self.annotated: list[int] = []  # indexes of annotated measures, in order
        self._revision = -1
        self._by_measure: dict[str, list[Annotation]] = {}
        self._all: list[Annotation] | None = None
        self._paths: dict[str, tuple[str, ...]] = {}

    @classmethod
    def load(cls, doc: Document, db: Path | str | AnnotationStore | None) -> Notebook:
        """Open the store (never raises), re-anchor ``doc``'s annotations and count them."""
        store = db if isinstance(db, AnnotationStore) else AnnotationStore.open(db)
        book = cls(doc, store)
        try:
            book.report = store.reanchor(doc)
        except StoreError as exc:  # the lock is busy or the disk is full: show them unmoved
            book.notices.append(t("ann.reanchor_failed", error=exc))
        if store.read_only_reason:
            book.notices.insert(0, store.read_only_reason)
        book.notices += store.notices
        if book.report is not None and book.report.orphaned:
            book.notices.append(t("ann.orphans_found", count=len(book.report.orphaned)))
        book.sync()
        return book

    # --- keeping in step with the store ------------------------------------------

    def sync(self) -> bool:
        """Recount if the store changed (here or in another process); True if it did."""
        self.store.refresh()
        if self.store.revision == self._revision:
            return False
        self._revision = self.store.revision
        index = self.doc.measure_index
        counts = self.store.measure_counts(self.doc.id)
        self.counts = {mid: n for mid, n in counts.items() if mid in index}
        self.annotated = sorted(index[mid] for mid in self.counts)
        self._by_measure.clear()
        self._all = None
        return True

    @property
    def read_only(self) -> bool:
        return self.store.read_only

    # --- what the panes show -----------------------------------------------------------

    def marks(self) -> dict[str, str]:
        """Gutter marks by measure id."""
        return {mid: mark_for(n) for mid, n in self.counts.items()}

    def section_counts(self) -> dict[str, int]:
        """Annotations per section id, each section counting its descendants."""
        out: dict[str, int] = {}
        by_id = self.doc.measure_by_id
        for mid, n in self.counts.items():
            sid = by_id[mid].section_id
            path = self._paths.get(sid)
            if path is None:
                path = self._paths[sid] = tuple(s.id for s in self.doc.path(sid))
            for section_id in path:
                out[section_id] = out.get(section_id, 0) + n
        return out

    def for_measure(self, measure_id: str) -> list[Annotation]:
        """The measure's annotations, oldest first (cached until the next change)."""
        self.sync()
        found = self._by_measure.get(measure_id)
        if found is None:
            found = self._by_measure[measure_id] = self.store.for_measure(measure_id, self.doc.id)
        return found

    def chips(self, measure_id: str) -> list[Chip]:
        return chips_of(self.for_measure(measure_id)) if measure_id in self.counts else []

    def spans(self, measure_id: str) -> list[tuple[int, int]]:
        """The sub-spans of the measure that notes are about (notes made on a search hit)."""
        return [(a.anchor.sub_start, a.anchor.sub_end) for a in self.for_measure(measure_id)
                if a.anchor.sub_start is not None and a.anchor.sub_end is not None and not a.orphaned]

    def all(self) -> list[Annotation]:
        """Every annotation of the document, orphans included (converted once per change)."""
        self.sync()
        if self._all is None:
            self._all = self.store.all(self.doc.id)
        return self._all

    def get(self, uuid: str) -> Annotation | None:
        return self.store.get(uuid)

    def step(self, cursor: int, forward: bool) -> tuple[int, bool] | None:
        """(index of the next/previous annotated measure, wrapped?) or None if there is none."""
        marks = self.annotated
        if not marks:
            return None
        if forward:
            k = bisect_right(marks, cursor)
            return (marks[k], False) if k < len(marks) else (marks[0], True)
        k = bisect_left(marks, cursor) - 1
        return (marks[k], False) if k >= 0 else (marks[-1], True)

    # --- changes (each may raise StoreError; nothing changes then) -----------------------

    def add(self, a: Annotation) -> Annotation:
        return self._after(self.undo.add(a))

    def edit(self, uuid: str, *, note: str | None = None, tags: Iterable[str] | None = None,
             anchor: Anchor | None = None) -> Annotation | None:
        """Change the named fields only (others' changes to the rest stay); the annotation after.

        Raises RecordGoneError if another instance deleted it.
        """
        return self._after(self.undo.edit(uuid, note=note, tags=tags, anchor=anchor).after)

    def set_tags(self, uuid: str, tags: Iterable[str] | str) -> Annotation | None:
        return self._after(self.undo.set_tags(uuid, tags))

    def delete(self, uuid: str) -> Annotation | None:
        return self._after(self.undo.delete(uuid))

    def undo_last(self) -> str | None:
        """Undo the session's latest change; its description, or None if there is none."""
        return self._after(self.undo.undo())

    # --- the save rules of the editor and the tags dialog ------------------------------

    def save_note(self, measure_id: str, text: str, existing: Annotation | None = None, *,
                  as_new: bool = False, sub: tuple[int, int] | None = None) -> Saved:
        """Save the editor's ``text`` as a new note, or over ``existing``'s note.

        Only the note is written: tags another instance set meanwhile stay.
        An existing annotation left with neither note nor tags is deleted
        (undoably): an empty record would still be counted and exported. If
        another instance deleted it, the text is kept as a new note (RECREATED).
        """
        if existing is None or as_new:
            if not text.strip():
                return Saved.EMPTY
            self.add(new_annotation(self.doc, measure_id, note=text, sub=sub))
            return Saved.ADDED
        a = existing.anchor
        span = (a.sub_start, a.sub_end) if a.sub_start is not None and a.sub_end is not None else sub
        try:
            # Only over the note the editor was opened on: another instance may have saved its own since.
            done = self._after(self.undo.edit(existing.uuid, note=text, drop_if_empty=True,
                                              expect={"note": existing.note}))
        except RecordGoneError:
            if not text.strip():
                return Saved.EMPTY
            self.add(new_annotation(self.doc, measure_id, note=text, tags=existing.tags, sub=span))
            return Saved.RECREATED
        if not done.fields and done.before.note not in (existing.note, text):
            # Changed elsewhere while this editor was open: neither text is thrown away.
            if not text.strip():
                return Saved.CHANGED_ELSEWHERE
            self.add(new_annotation(self.doc, measure_id, note=text, tags=done.before.tags, sub=span))
            return Saved.KEPT_APART
        return Saved.DELETED if done.after is None else Saved.EDITED if done.fields else Saved.UNCHANGED

    def save_tags(self, measure_id: str, typed: str, existing: Annotation | None = None) -> Saved:
        """Set the tags typed in the dialog (comma, 、, semicolon or space separated) on ``existing``,
        or on a new annotation; clearing the tags of a note-less annotation deletes it.
        Only the tags are written; if another instance deleted it, RECREATED (see save_note)."""
        tags = parse_tags(typed)
        if existing is not None:
            try:
                done = self._after(self.undo.edit(existing.uuid, tags=tags, drop_if_empty=True))
            except RecordGoneError:
                pass
            else:
                return Saved.DELETED if done.after is None else Saved.EDITED if done.fields else Saved.UNCHANGED
        if not tags:
            return Saved.EMPTY
        note = existing.note if existing is not None else ""  # deleted meanwhile: keep its note
        self.add(new_annotation(self.doc, measure_id, note=note, tags=tags))
        return Saved.ADDED if existing is None else Saved.RECREATED

    def _after(self, result: R) -> R:
        self.sync()
        return result

    def close(self) -> None:
        self.store.close()
