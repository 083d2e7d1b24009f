"""Provides UndoStack: a session's undo history for adding, editing, tagging and deleting."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from tui.annotations.model import Anchor, Annotation
from tui.annotations.store import AnnotationStore, ChangedElsewhereError, Edit, RecordGoneError
from tui.annotations.tags import normalize_tags, parse_tags
from tui.i18n import t

Op = Literal["add", "edit", "tag", "delete"]


@dataclass(frozen=True)
class UndoEntry:
    """One change and what it takes to reverse it.

    ``before`` is the annotation as it was (None for an add); ``after`` as it
    became (None for a delete); ``fields`` what an edit changed. Undo works
    against the record as it is now: it reverts only those fields, and only
    where nobody else has changed them since.
    """

    op: Op
    before: Annotation | None
    after: Annotation | None
    fields: tuple[str, ...] = ()

    @property
    def target(self) -> Annotation:
        found = self.after or self.before
        assert found is not None
        return found

    def describe(self) -> str:
        """What undoing this entry does, for the status line."""
        return t(f"ann.undo.{self.op}", where=self.target.anchor.measure_id)

    def revert(self, store: AnnotationStore) -> None:
        """Put the store back as it was before this change (leaving others' changes)."""
        if self.before is None:
            store.delete(self.target.uuid, expect=self.after)
        elif self.after is None:
            store.add(self.before)  # a delete: restore the same uuid and timestamps
        else:
            store.revert(self.before.uuid, self.before, self.after, self.fields)


class UndoStack:
    """Performs changes through the store and remembers how to undo them.

    A failed save (StoreWriteError) records nothing; a failed undo keeps the
    entry so that it can be tried again, unless another instance made it
    impossible (deleted or changed the note): then it is dropped.
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

    def record(self, op: Op, before: Annotation | None, after: Annotation | None, fields: tuple[str, ...] = ()) -> None:
        """Remember a change made elsewhere (already saved)."""
        self._entries.append(UndoEntry(op, before, after, fields))
        del self._entries[: -self.limit]

    def add(self, a: Annotation) -> Annotation:
        saved = self.store.add(a)
        self.record("add", None, saved)
        return saved

    def edit(self, uuid: str, *, note: str | None = None, tags: Iterable[str] | None = None,
             anchor: Anchor | None = None, drop_if_empty: bool = False,
             expect: Mapping[str, Any] | None = None) -> Edit:
        """Change the named fields (see ``AnnotationStore.edit``); RecordGoneError if deleted meanwhile."""
        done = self.store.edit(uuid, note=note, tags=tags, anchor=anchor, drop_if_empty=drop_if_empty, expect=expect)
        self._remember(done, "tag" if done.fields == ("tags",) else "edit")
        return done

    def set_tags(self, uuid: str, tags: Iterable[str] | str) -> Annotation | None:
        """Replace an annotation's tags (typed text or a list); None if it is gone."""
        new = parse_tags(tags) if isinstance(tags, str) else normalize_tags(tags)
        try:
            done = self.store.edit(uuid, tags=new)
        except RecordGoneError:
            return None
        self._remember(done, "tag")
        return done.after

    def _remember(self, done: Edit, op: Op) -> None:
        if done.after is None:
            self.record("delete", done.before, None)
        elif done.fields:
            self.record(op, done.before, done.after, done.fields)

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
        try:
            entry.revert(self.store)  # may raise StoreWriteError: the entry stays
        except (RecordGoneError, ChangedElsewhereError):
            self._entries.pop()  # another instance made this undo impossible: say so, once
            raise
        self._entries.pop()
        return entry.describe()
