"""Provides AnnotationStore: annotations kept in TinyDB (snapshot + journal), safely, as dataclasses."""

from __future__ import annotations

import dataclasses
import uuid as uuidlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from tui.annotations.edits import ChangedElsewhereError, Edit, RecordGoneError, named_fields, plan_edit
from tui.annotations.journal import Change
from tui.annotations.merge import MergeReport, newest_of, plan_merge
from tui.annotations.model import Anchor, Annotation
from tui.annotations.record import EDITABLE, from_record, now_iso, to_record
from tui.annotations.storage import CorruptFileError, StoreError, StoreReadOnlyError, StoreWriteError
from tui.annotations.table import Table
from tui.annotations.tags import normalize_tags, parse_tags
from tui.annotations.view import DELETED, StoreView
from tui.i18n import t

if TYPE_CHECKING:
    from tui.document.model import Document

__all__ = [
    "AnnotationStore",
    "ChangedElsewhereError",
    "Edit",
    "MergeReport",
    "ReanchorReport",
    "RecordGoneError",
    "StoreError",
    "StoreReadOnlyError",
    "StoreView",
    "StoreWriteError",
    "from_record",
    "new_annotation",
    "now_iso",
    "to_record",
]

_PLACEMENT = ("doc_id", "content_hash", "anchor", "orphaned")  # what re-anchoring changes


@dataclass(frozen=True)
class ReanchorReport:
    """What ``AnnotationStore.reanchor`` did: counts, and the annotations it could not place."""

    placed: int
    moved: int
    orphaned: tuple[Annotation, ...]


Plan = Callable[[Table], Change]


class AnnotationStore(StoreView):
    """The annotations of every document, read lazily and saved on every change.

    A save takes the lock, catches up with the file, computes its change
    against the current records and appends it to the journal; a failed save
    raises StoreWriteError and leaves memory and disk as they were. Edits name
    the fields they change, so two instances editing one note lose nothing.
    """

    def _save(self, plan: Plan) -> None:
        """Run ``plan`` on the current records under the lock and save its change."""
        if self.read_only:
            raise StoreReadOnlyError(self.read_only_reason or t("ann.error.read_only"))
        try:
            with self._storage.locked():
                self._absorb()
                if self.read_only:  # the file we just caught up with is newer than us
                    raise StoreReadOnlyError(self.read_only_reason or t("ann.error.read_only"))
                change = plan(self._records)
                if change.delete:
                    # Remembered before the deletion is saved: a deleted note never comes back by an import.
                    stamp = now_iso()
                    self._storage.save(DELETED, Change(put={u: {"deleted": stamp} for u in change.delete}))
                if change:
                    self._table.save(change)
        except CorruptFileError as exc:
            self.corrupt_copy = exc.copy
            raise
        finally:
            self._absorb()

    # -- changing -------------------------------------------------------------
    def add(self, a: Annotation) -> Annotation:
        """Save a new annotation (tags normalised, timestamps filled if empty)."""
        created = a.created or now_iso()
        a = dataclasses.replace(a, tags=normalize_tags(a.tags), created=created, updated=a.updated or created)

        def plan(records: Table) -> Change:
            if a.uuid in records:
                raise StoreError(t("ann.error.exists", uuid=a.uuid))
            return Change(put={a.uuid: to_record(a)})

        self._save(plan)
        return a

    def edit(self, uuid: str, *, note: str | None = None, tags: Iterable[str] | None = None,
             anchor: Anchor | None = None, drop_if_empty: bool = False,
             expect: Mapping[str, Any] | None = None) -> Edit:
        """Change the named fields of an annotation (against its current record) and stamp ``updated``.

        Fields not named are left as they are now, whoever changed them.
        ``drop_if_empty``: delete it instead if it is left with neither note
        nor tags. ``expect``: change a field only if it still holds this value
        (what the user saw), checked under the lock. Raises RecordGoneError if
        it was deleted meanwhile: it is never brought back.
        """
        return self._edit(uuid, named_fields(note, tags, anchor), expect=expect, drop_if_empty=drop_if_empty)

    def update(self, a: Annotation) -> Annotation:
        """Save every editable field of ``a`` over the stored one (prefer ``edit``, which names them).

        Raises RecordGoneError if it was deleted meanwhile.
        """
        rec = to_record(dataclasses.replace(a, tags=normalize_tags(a.tags)))
        done = self._edit(a.uuid, {k: rec[k] for k in EDITABLE})
        assert done.after is not None
        return done.after

    def revert(self, uuid: str, before: Annotation, after: Annotation, fields: Iterable[str]) -> Edit:
        """Undo an edit: set ``fields`` back to ``before``'s values where they still hold ``after``'s.

        A field changed by someone else since is left alone; if that leaves
        nothing to revert, ChangedElsewhereError. RecordGoneError if deleted.
        """
        old, new = to_record(before), to_record(after)
        names = tuple(fields)
        done = self._edit(uuid, {f: old[f] for f in names}, expect={f: new[f] for f in names})
        current = to_record(done.before)
        if not done.fields and any(current[f] != old[f] for f in names):
            raise ChangedElsewhereError(t("store.error.changed_elsewhere", where=before.anchor.measure_id))
        return done

    def _edit(self, uuid: str, fields: Mapping[str, Any], *, expect: Mapping[str, Any] | None = None,
              drop_if_empty: bool = False) -> Edit:
        done: list[Edit] = []

        def plan(records: Table) -> Change:
            done.clear()
            rec = records.get(uuid)
            if rec is None:
                raise RecordGoneError(t("store.error.gone", uuid=uuid))
            before = self._annotation(uuid)
            if before is None:
                raise StoreError(self._bad[uuid])
            change, edit = plan_edit(uuid, rec, before, fields, expect=expect, drop_if_empty=drop_if_empty)
            done.append(edit)
            return change

        self._save(plan)
        return done[0]

    def delete(self, uuid: str, *, expect: Annotation | None = None) -> Annotation | None:
        """Remove an annotation; returns it, or None if there was none.

        With ``expect``: only if its note, tags and anchor are still those
        (else ChangedElsewhereError), so undoing an add never throws away
        what another instance wrote into it.
        """
        gone: list[Annotation | None] = []

        def plan(records: Table) -> Change:
            gone[:] = [self._annotation(uuid)]
            if uuid not in records:
                return Change()
            current = gone[0]
            if expect is not None and current is not None and (
                    (current.note, current.tags, current.anchor) != (expect.note, expect.tags, expect.anchor)):
                raise ChangedElsewhereError(t("store.error.changed_elsewhere", where=expect.anchor.measure_id))
            return Change(delete=(uuid,))

        self._save(plan)
        return gone[0] if gone else None

    def merge(self, incoming: Iterable[Annotation]) -> MergeReport:
        """Merge annotations from elsewhere by uuid: the newer ``updated`` wins (see merge.py)."""
        now = datetime.now(UTC)
        newest = newest_of(incoming, now)
        report = [MergeReport()]

        def plan(records: Table) -> Change:
            change, report[0] = plan_merge(records, newest, now, self._annotation, self._storage.records(DELETED))
            return change

        if newest:
            self._save(plan)
        return report[0]

    def reanchor(self, doc: Document) -> ReanchorReport:
        """Re-attach ``doc``'s annotations to its current text and save what moved.

        Annotations already made on this exact text are not even converted,
        so this is cheap when nothing changed. ``updated`` is not touched:
        moving an anchor is not an edit. A read-only store saves nothing.
        """
        from tui.annotations.anchoring import reanchor

        self.refresh()
        settled, keys = self._records.unsettled(doc.id, doc.content_hash, doc.measure_by_id)
        todo = [a for a in map(self._annotation, keys) if a is not None]
        before = {a.uuid: a for a in todo}
        placed, orphaned = reanchor(doc, todo)
        moved = {a.uuid: a for a in placed + orphaned if before[a.uuid] != a}
        if moved and not self.read_only:

            def plan(records: Table) -> Change:
                patch: dict[str, dict[str, Any]] = {}
                for u, a in moved.items():
                    rec, old, new = records.get(u), to_record(before[u]), to_record(a)
                    # Leave alone an annotation another process moved in the meantime.
                    if rec is not None and all(rec.get(f) == old[f] for f in _PLACEMENT):
                        patch[u] = {f: new[f] for f in _PLACEMENT if new[f] != old[f]}
                return Change(patch=patch)

            self._save(plan)
        return ReanchorReport(
            placed=settled + len(placed),
            moved=sum(1 for a in placed if a.uuid in moved),
            orphaned=tuple(orphaned),
        )


def new_annotation(
    doc: Document,
    measure_id: str,
    note: str = "",
    tags: Iterable[str] | str = (),
    sub: tuple[int, int] | None = None,
) -> Annotation:
    """A fresh annotation on a measure (or a sub-span of it); not yet saved.

    ``tags`` may be typed text ("禹州市，产业") or an iterable of tags.
    """
    from tui.annotations.anchoring import make_anchor

    stamp = now_iso()
    return Annotation(
        uuid=str(uuidlib.uuid4()),
        doc_id=doc.id,
        content_hash=doc.content_hash,
        anchor=make_anchor(doc, measure_id, sub),
        note=note,
        tags=parse_tags(tags) if isinstance(tags, str) else normalize_tags(tags),
        created=stamp,
        updated=stamp,
    )
