"""Provides AnnotationStore: annotations kept in TinyDB (snapshot + journal), safely, as dataclasses."""

from __future__ import annotations

import dataclasses
import uuid as uuidlib
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from tinydb import TinyDB
from tinydb.table import Table as TinyTable

from tui import locations
from tui.annotations.journal import Change
from tui.annotations.model import ANNOTATION_SCHEMA, Anchor, Annotation
from tui.annotations.record import (
    EDITABLE,
    anchor_record,
    facts_of,
    from_record,
    has_unknown_fields,
    now_iso,
    record_for,
    text,
    to_record,
    trusted_when,
    when,
)
from tui.annotations.storage import (
    CorruptFileError,
    JournalStorage,
    StoreError,
    StoreReadOnlyError,
    StoreWriteError,
)
from tui.annotations.table import Table
from tui.annotations.tags import normalize_tags, parse_tags
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
    "StoreWriteError",
    "from_record",
    "new_annotation",
    "now_iso",
    "to_record",
]

TABLE = "annotations"
_PLACEMENT = ("doc_id", "content_hash", "anchor", "orphaned")  # what re-anchoring changes


class RecordGoneError(StoreWriteError):
    """The annotation was deleted (by another instance) before this change reached it."""


class ChangedElsewhereError(StoreWriteError):
    """Another instance changed the annotation since; it was left as it is."""


@dataclass(frozen=True)
class Edit:
    """What an edit did: the annotation before and after it (None: deleted), and the fields it changed."""

    before: Annotation
    after: Annotation | None
    fields: tuple[str, ...]


@dataclass(frozen=True)
class MergeReport:
    """What ``AnnotationStore.merge`` did, by annotation count.

    ``kept``: local records this version cannot read (newer schema, unknown
    fields, damaged), left untouched. ``future``: incoming annotations whose
    ``updated`` lay beyond the clock skew: added with the time set to now, or
    (if we have them) not allowed to replace the local copy.
    """

    added: int = 0
    updated: int = 0
    skipped: int = 0
    kept: int = 0
    future: int = 0


@dataclass(frozen=True)
class ReanchorReport:
    """What ``AnnotationStore.reanchor`` did: counts, and the annotations it could not place."""

    placed: int
    moved: int
    orphaned: tuple[Annotation, ...]


class _RecordTable(TinyTable):
    """A TinyDB table keyed by annotation uuid, changed by journal-sized saves."""

    document_id_class = str  # type: ignore[assignment]

    def save(self, change: Change) -> None:
        storage: JournalStorage = self.storage  # type: ignore[assignment]
        storage.save(self.name, change)
        self.clear_cache()


class _Database(TinyDB):
    table_class = _RecordTable


Plan = Callable[[Table], Change]


class AnnotationStore:
    """The annotations of every document, read lazily and saved on every change.

    Reads notice saves by other processes (two stats per call). A save takes
    the lock, catches up with the file, computes its change against the
    current records and appends it to the journal; a failed save raises
    StoreWriteError and leaves memory and disk as they were. Edits name the
    fields they change, so two instances editing one note lose nothing.

    Records become dataclasses when first asked for; counts per measure and
    tag come from the table without converting anything. A record that
    cannot be read is left in the file untouched and listed in ``problems``.
    """

    def __init__(self, path: Path, storage: JournalStorage) -> None:
        self.path = path
        self._storage = storage
        self._db = _Database(storage=lambda: storage)
        self._table: _RecordTable = self._db.table(TABLE)  # type: ignore[assignment]
        self.corrupt_copy: Path | None = None
        self.revision = 0  # bumped on every change, ours or another process's
        self._cache: dict[str, Annotation] = {}
        self._bad: dict[str, str] = {}
        self._generation = -1  # storage generation the caches belong to

    # -- opening ------------------------------------------------------------
    @classmethod
    def open(cls, path: Path | str | None = None, *, read_only: bool = False) -> AnnotationStore:
        """Open (or prepare to create) the database at ``path`` (default: default_db()).

        Never raises. A damaged file opens read-only, with the reason in
        ``read_only_reason`` and the kept copy in ``corrupt_copy``; a file that
        cannot be read at all (a directory, a FIFO) opens read-only and
        ``damaged``. ``read_only=True`` is for commands that only list:
        nothing is written, not even the copy of a damaged file.
        """
        p = (Path(path) if path is not None else locations.default_db()).expanduser()
        storage = JournalStorage(p, load=False, keep_copies=not read_only)
        store = cls(p, storage)
        try:
            storage.load()
        except CorruptFileError as exc:
            store.corrupt_copy = exc.copy
        except StoreError as exc:
            storage.read_only_reason = str(exc)
        store._absorb()
        if read_only and not storage.read_only_reason:
            storage.read_only_reason = t("ann.error.read_only")
        storage.sweep_if_idle()
        return store

    @property
    def read_only(self) -> bool:
        return self._storage.read_only_reason is not None

    @property
    def read_only_reason(self) -> str | None:
        return self._storage.read_only_reason

    @property
    def damaged(self) -> bool:
        """True if the file could not be read at all (so the store shows nothing)."""
        return not self._storage.loaded

    @property
    def notices(self) -> list[str]:
        """Things to tell the user once (e.g. a save cut off by a kill was ignored)."""
        return self._storage.notices

    @property
    def problems(self) -> tuple[str, ...]:
        """One message per stored record that could not be read (it stays in the file)."""
        self.all()
        return tuple(self._bad.values())

    @property
    def _records(self) -> Table:
        return self._storage.records(TABLE)

    # -- keeping in step with the file -------------------------------------
    def _absorb(self) -> bool:
        """Drop cached annotations the storage says changed; True if anything did."""
        storage = self._storage
        if not storage.loaded:
            return False
        changed = storage.take_changed(TABLE)
        if storage.generation != self._generation:
            self._generation = storage.generation
            self._cache.clear()
            self._bad.clear()
        elif not changed:
            return False
        for key in changed:
            self._cache.pop(key, None)
            self._bad.pop(key, None)
        self.revision += 1
        newest = self._records.schema
        if newest > ANNOTATION_SCHEMA and not self.read_only:
            storage.read_only_reason = t("ann.error.newer", path=self.path, schema=newest)
        return True

    def refresh(self) -> bool:
        """Pick up saves made by another process; True if anything changed."""
        try:
            self._storage.refresh()
        except CorruptFileError as exc:
            # Another writer broke a file: keep showing what we have, save nothing.
            self.corrupt_copy = exc.copy
        except StoreError:
            pass  # unreadable for now: keep what we have
        return self._absorb()

    def _annotation(self, key: str) -> Annotation | None:
        a = self._cache.get(key)
        if a is not None or key in self._bad:
            return a
        rec = self._records.get(key)
        if rec is None:
            return None
        try:
            a = from_record(rec)
            if a.uuid != key:
                raise ValueError("uuid differs from its key")
        except ValueError as exc:
            self._bad[key] = t("ann.error.bad_record", record=key, problem=exc)
            return None
        self._cache[key] = a
        return a

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
                if change:
                    self._table.save(change)
        except CorruptFileError as exc:
            self.corrupt_copy = exc.copy
            raise
        finally:
            self._absorb()

    # -- reading ------------------------------------------------------------
    def all(self, doc_id: str | None = None) -> list[Annotation]:
        """Every readable annotation (of ``doc_id`` if given), in no particular order."""
        self.refresh()
        keys = (key for key, (doc, _h, _m) in self._records.items_where() if doc_id is None or doc == doc_id)
        return [a for a in map(self._annotation, keys) if a is not None]

    def get(self, uuid: str) -> Annotation | None:
        self.refresh()
        return self._annotation(uuid)

    def for_measure(self, measure_id: str, doc_id: str | None = None) -> list[Annotation]:
        """Annotations placed on ``measure_id`` (orphans excluded), oldest first."""
        self.refresh()
        found = (self._annotation(key) for key in self._records.keys_on(measure_id))
        return sorted(
            (a for a in found if a is not None and (doc_id is None or a.doc_id == doc_id)),
            key=lambda a: (a.created, a.uuid),
        )

    def _unreadable(self, doc_id: str | None) -> Iterable[Mapping[str, Any]]:
        """Records known to be unreadable (they are not counted)."""
        records = self._records
        for key in self._bad:
            rec = records.get(key)
            if rec is not None and (doc_id is None or rec.get("doc_id") == doc_id):
                yield rec

    def measure_counts(self, doc_id: str | None = None) -> Counter[str]:
        """How many annotations each measure holds (orphans excluded); cheap."""
        self.refresh()
        counts = self._records.measure_counts(doc_id)
        for rec in self._unreadable(doc_id):
            mid = facts_of(rec).measure_id
            if mid is not None:
                counts[mid] -= 1
        return +counts

    def tag_counts(self, doc_id: str | None = None) -> Counter[str]:
        """Tag -> number of annotations carrying it; cheap."""
        self.refresh()
        counts = self._records.tag_counts(doc_id)
        for rec in self._unreadable(doc_id):
            counts.subtract(facts_of(rec).tags)
        return +counts

    def orphans(self, doc_id: str | None = None) -> list[Annotation]:
        """Annotations that could not be re-anchored, oldest first."""
        return sorted((a for a in self.all(doc_id) if a.orphaned), key=lambda a: (a.created, a.uuid))

    def uuids(self) -> list[str]:
        """The keys of every record, readable or not."""
        self.refresh()
        return list(self._records)

    def __len__(self) -> int:
        self.refresh()
        return len(self._records)

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
             anchor: Anchor | None = None, drop_if_empty: bool = False) -> Edit:
        """Change the named fields of an annotation (against its current record) and stamp ``updated``.

        Fields not named are left as they are now, whoever changed them.
        ``drop_if_empty``: delete it instead if it is left with neither note
        nor tags. Raises RecordGoneError if it was deleted meanwhile: it is
        never brought back.
        """
        fields: dict[str, Any] = {}
        if note is not None:
            fields["note"] = text(note)
        if tags is not None:
            fields["tags"] = [text(tag) for tag in normalize_tags(tags)]
        if anchor is not None:
            fields["anchor"] = anchor_record(anchor)
        return self._edit(uuid, fields, drop_if_empty=drop_if_empty)

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
            wanted = {k: v for k, v in fields.items()
                      if rec.get(k) != v and (expect is None or rec.get(k) == expect[k])}
            if not wanted:
                done.append(Edit(before, before, ()))
                return Change()
            names = tuple(wanted)
            wanted["updated"] = now_iso()
            if not rec.get("created"):
                wanted["created"] = wanted["updated"]
            after = from_record({**rec, **wanted})
            if drop_if_empty and not after.note.strip() and not after.tags:
                done.append(Edit(before, None, names))
                return Change(delete=(uuid,))
            done.append(Edit(before, after, names))
            return Change(patch={uuid: wanted})

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
        """Merge annotations from elsewhere by uuid: the newer ``updated`` wins.

        Equal timestamps keep the local copy, so merging twice changes nothing.
        Timestamps are kept as they come (a merge is not an edit), except that
        a stamp beyond the clock skew is not believed: such an annotation is
        added with the time set to now, and never replaces a local one. A
        local record this version cannot read is never replaced.
        """
        now = datetime.now(UTC)
        epoch = when("")
        newest: dict[str, Annotation] = {}
        for item in incoming:
            a = dataclasses.replace(item, tags=normalize_tags(item.tags))
            seen = newest.get(a.uuid)
            if seen is None or (trusted_when(a.updated, now) or epoch) > (trusted_when(seen.updated, now) or epoch):
                newest[a.uuid] = a
        counts: Counter[str] = Counter()

        def plan(records: Table) -> Change:
            counts.clear()
            puts: dict[str, dict[str, Any]] = {}
            for u, a in newest.items():
                rec = records.get(u)
                stamp = trusted_when(a.updated, now)
                if rec is None:
                    if stamp is None or trusted_when(a.created, now) is None:
                        counts["future"] += 1
                    counts["added"] += 1
                    puts[u] = to_record(_clamped(a, now))
                    continue
                local = self._annotation(u)
                if local is None or local.schema > ANNOTATION_SCHEMA or has_unknown_fields(rec):
                    counts["kept"] += 1
                elif stamp is None:
                    counts["future"] += 1
                elif stamp > (trusted_when(local.updated, now) or epoch) and a != local:
                    counts["updated"] += 1
                    puts[u] = record_for(a, rec)
                else:
                    counts["skipped"] += 1
            return Change(put=puts)

        if newest:
            self._save(plan)
        return MergeReport(counts["added"], counts["updated"], counts["skipped"], counts["kept"], counts["future"])

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

    # -- closing --------------------------------------------------------------
    def compact(self) -> None:
        """Fold the journal into a new snapshot now (also done on close)."""
        self._storage.compact()

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _clamped(a: Annotation, now: datetime) -> Annotation:
    """``a`` with stamps from beyond the clock skew set to now."""
    if trusted_when(a.created, now) is not None and trusted_when(a.updated, now) is not None:
        return a
    stamp = now.strftime("%Y-%m-%dT%H:%M:%SZ")
    created = a.created if trusted_when(a.created, now) is not None else stamp
    updated = a.updated if trusted_when(a.updated, now) is not None else stamp
    return dataclasses.replace(a, created=created, updated=max(updated, created, key=when))


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
