"""Provides UndoStack: a session's undo history for adding, editing, tagging and deleting."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from tui.annotations.model import Annotation
from tui.annotations.store import AnnotationStore
from tui.annotations.tags import normalize_tags, parse_tags
from tui.i18n import t

Op = Literal["add", "edit", "tag", "delete"]


@dataclass(frozen=True)
class UndoEntry:
    """One change and what it takes to reverse it.

    ``before`` is the annotation as it was (None for an add); ``after`` as it
    became (None for a delete).
    """

    op: Op
    before: Annotation | None
    after: Annotation | None

    @property
    def target(self) -> Annotation:
        found = self.after or self.before
        assert found is not None
        return found

    def describe(self) -> str:
        """What undoing this entry does, for the status line."""
        return t(f"ann.undo.{self.op}", where=self.target.anchor.measure_id)

    def revert(self, store: AnnotationStore) -> None:
        """Put the store back as it was before this change."""
        if self.before is None:
            store.delete(self.target.uuid)
        elif store.get(self.before.uuid) is None:
            store.add(self.before)  # a delete: restore the same uuid and timestamps
        else:
            store.update(self.before)  # an edit or tag change; stamped now, it is a new change


class UndoStack:
    """Performs changes through the store and remembers how to undo them.

    A failed save (StoreWriteError) records nothing; a failed undo keeps the
    entry so that it can be tried again.
    """

    def __init__(self, store: AnnotationStore, limit: int = 500) -> None:
        self.store = store
        self.limit = limit
        self._entries: list[UndoEntry] = []

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def can_undo(self) -> bool:
        return bool(self._entries)

    def peek(self) -> str | None:
        """Description of what ``undo`` would undo next, or None."""
        return self._entries[-1].describe() if self._entries else None

    def record(self, op: Op, before: Annotation | None, after: Annotation | None) -> None:
        """Remember a change made elsewhere (already saved)."""
        self._entries.append(UndoEntry(op, before, after))
        del self._entries[: -self.limit]

    def add(self, a: Annotation) -> Annotation:
        saved = self.store.add(a)
        self.record("add", None, saved)
        return saved

    def edit(self, a: Annotation) -> Annotation:
        """Save ``a`` (same uuid, new note or anchor) over the stored one."""
        before = self.store.get(a.uuid)
        saved = self.store.update(a)
        if before is None:  # deleted meanwhile: saving it again was an add
            self.record("add", None, saved)
        else:
            self.record("edit", before, saved)
        return saved

    def set_tags(self, uuid: str, tags: Iterable[str] | str) -> Annotation | None:
        """Replace an annotation's tags (typed text or a list); None if it is gone."""
        before = self.store.get(uuid)
        if before is None:
            return None
        new = parse_tags(tags) if isinstance(tags, str) else normalize_tags(tags)
        saved = self.store.update(dataclasses.replace(before, tags=new))
        self.record("tag", before, saved)
        return saved

    def delete(self, uuid: str) -> Annotation | None:
        gone = self.store.delete(uuid)
        if gone is not None:
            self.record("delete", gone, None)
        return gone

    def undo(self) -> str | None:
        """Undo the latest change; returns its description, or None if there is none."""
        if not self._entries:
            return None
        entry = self._entries[-1]
        entry.revert(self.store)  # may raise StoreWriteError: the entry stays
        self._entries.pop()
        return entry.describe()
