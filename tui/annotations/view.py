"""Provides StoreView: reading annotations from the database and keeping in step with the file."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Self

from tinydb import TinyDB
from tinydb.table import Table as TinyTable

from tui import locations
from tui.annotations.journal import Change
from tui.annotations.model import ANNOTATION_SCHEMA, Annotation
from tui.annotations.record import facts_of, from_record
from tui.annotations.storage import CorruptFileError, JournalStorage, StoreError
from tui.annotations.table import Table
from tui.i18n import t

TABLE = "annotations"
# When each deleted annotation was deleted (uuid -> {"deleted": stamp}): an import of an
# older copy then does not bring it back.
DELETED = "deleted"


class _RecordTable(TinyTable):
    """A TinyDB table keyed by annotation uuid, changed by journal-sized saves."""

    document_id_class = str  # type: ignore[assignment]

    def save(self, change: Change) -> None:
        storage: JournalStorage = self.storage  # type: ignore[assignment]
        storage.save(self.name, change)
        self.clear_cache()


class _Database(TinyDB):
    table_class = _RecordTable


class StoreView:
    """The annotations of every document as read from the database, kept in step with the file.

    Reads notice saves by other processes (two stats per call). Records
    become dataclasses when first asked for; counts per measure and tag come
    from the table without converting anything. A record that cannot be read
    is left in the file untouched and listed in ``problems``.
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
    def open(cls, path: Path | str | None = None, *, read_only: bool = False) -> Self:
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

    def _annotation(self, key: str, at: int | None = None) -> Annotation | None:
        """The annotation under ``key`` (``at``: where ``Table.keys_on`` found it)."""
        a = self._cache.get(key)
        if a is not None or key in self._bad:
            return a
        rec = self._records.get(key) if at is None else self._records.record_at(key, at)
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
        found = (self._annotation(key, at) for key, at in self._records.keys_on(measure_id))
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
