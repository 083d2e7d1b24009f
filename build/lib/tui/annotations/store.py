"""Provides AnnotationStore: annotations kept in TinyDB, safely, as dataclasses."""

from __future__ import annotations

import dataclasses
import uuid as uuidlib
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tinydb import TinyDB
from tinydb.table import Table

from tui import locations
from tui.annotations.model import ANNOTATION_SCHEMA, Anchor, Annotation
from tui.annotations.storage import (
    AtomicJSONStorage,
    CorruptFileError,
    StoreError,
    StoreReadOnlyError,
    StoreWriteError,
)
from tui.annotations.tags import normalize_tags, parse_tags
from tui.i18n import t

if TYPE_CHECKING:
    from tui.document.model import Document

__all__ = [
    "AnnotationStore",
    "MergeReport",
    "ReanchorReport",
    "StoreError",
    "StoreReadOnlyError",
    "StoreWriteError",
    "from_record",
    "new_annotation",
    "now_iso",
    "to_record",
]

TABLE = "annotations"
_EPOCH = datetime.min.replace(tzinfo=UTC)


def now_iso() -> str:
    """Current UTC time, ISO 8601 with seconds precision: ``2024-05-01T08:00:00Z``."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _when(stamp: str) -> datetime:
    """A timestamp for comparison; unreadable ones count as oldest."""
    try:
        value = datetime.fromisoformat(stamp)
    except (TypeError, ValueError):
        return _EPOCH
    return value if value.tzinfo else value.replace(tzinfo=UTC)


# -- record <-> dataclass -------------------------------------------------
def _text(value: str) -> str:
    """``value`` as valid UTF-8: lone surrogates (from odd terminals) become U+FFFD."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        value = value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return value


def to_record(a: Annotation) -> dict[str, Any]:
    """The stored form of an annotation (field order fixed for stable files)."""
    an = a.anchor
    return {
        "uuid": a.uuid,
        "doc_id": a.doc_id,
        "content_hash": a.content_hash,
        "anchor": {
            "measure_id": an.measure_id,
            "section_path": list(an.section_path),
            "exact": _text(an.exact),
            "prefix": _text(an.prefix),
            "suffix": _text(an.suffix),
            "start": an.start,
            "end": an.end,
            "sub_start": an.sub_start,
            "sub_end": an.sub_end,
        },
        "note": _text(a.note),
        "tags": [_text(tag) for tag in a.tags],
        "created": a.created,
        "updated": a.updated,
        "orphaned": a.orphaned,
        "schema": a.schema,
    }


def _str(d: Mapping[str, Any], key: str, default: str | None = None) -> str:
    value = d.get(key, default)
    if not isinstance(value, str):
        raise ValueError(f"{key} must be a string")
    return value


def _int(d: Mapping[str, Any], key: str, optional: bool = False) -> Any:
    value = d.get(key, None if optional else 0)
    if value is None and optional:
        return None
    if type(value) is not int:
        raise ValueError(f"{key} must be an integer")
    return value


def from_record(rec: Mapping[str, Any]) -> Annotation:
    """The annotation a stored record describes; ValueError says what is wrong."""
    an = rec.get("anchor")
    if not isinstance(an, Mapping):
        raise ValueError("anchor must be an object")
    path = an.get("section_path", [])
    tags = rec.get("tags", [])
    if not isinstance(path, list) or not all(isinstance(p, str) for p in path):
        raise ValueError("anchor.section_path must be a list of strings")
    if not isinstance(tags, list) or not all(isinstance(x, str) for x in tags):
        raise ValueError("tags must be a list of strings")
    orphaned = rec.get("orphaned", False)
    if type(orphaned) is not bool:
        raise ValueError("orphaned must be true or false")
    anchor = Anchor(
        measure_id=_str(an, "measure_id"),
        section_path=tuple(path),
        exact=_str(an, "exact", ""),
        prefix=_str(an, "prefix", ""),
        suffix=_str(an, "suffix", ""),
        start=_int(an, "start"),
        end=_int(an, "end"),
        sub_start=_int(an, "sub_start", optional=True),
        sub_end=_int(an, "sub_end", optional=True),
    )
    schema = rec.get("schema", 1)
    if type(schema) is not int:
        raise ValueError("schema must be an integer")
    return Annotation(
        uuid=_str(rec, "uuid"),
        doc_id=_str(rec, "doc_id", ""),
        content_hash=_str(rec, "content_hash", ""),
        anchor=anchor,
        note=_str(rec, "note", ""),
        tags=tuple(tags),
        created=_str(rec, "created", ""),
        updated=_str(rec, "updated", ""),
        orphaned=orphaned,
        schema=schema,
    )


_KNOWN_FIELDS = frozenset(to_record(Annotation("", "", "", Anchor("", (), ""))))


def _record_for(a: Annotation, old: Mapping[str, Any] | None) -> dict[str, Any]:
    rec = to_record(a)
    if old is not None and not _KNOWN_FIELDS.issuperset(old):
        # Fields written by a newer version are carried over, not dropped.
        rec.update({k: v for k, v in old.items() if k not in _KNOWN_FIELDS})
    return rec


# -- TinyDB glue ------------------------------------------------------------
class _RecordTable(Table):
    """A TinyDB table keyed by annotation uuid, changed by whole-record puts."""

    document_id_class = str  # type: ignore[assignment]

    def put(self, records: Mapping[str, dict[str, Any]], remove: Iterable[str] = ()) -> None:
        """Set and remove whole records in one atomic write."""
        storage: AtomicJSONStorage = self.storage  # type: ignore[assignment]
        storage.put(self.name, records, remove)
        self.clear_cache()


class _Database(TinyDB):
    table_class = _RecordTable


@dataclass(frozen=True)
class MergeReport:
    """What ``AnnotationStore.merge`` did, by annotation count."""

    added: int = 0
    updated: int = 0
    skipped: int = 0


@dataclass(frozen=True)
class ReanchorReport:
    """What ``AnnotationStore.reanchor`` did: counts, and the annotations it could not place."""

    placed: int
    moved: int
    orphaned: tuple[Annotation, ...]


Lookup = Callable[[str], Annotation | None]
Change = tuple[dict[str, Annotation], Sequence[str]]  # annotations to put, uuids to remove


def _measure_of(rec: Mapping[str, Any] | None) -> str | None:
    """The measure id a stored record sits on; None if orphaned or unreadable."""
    try:
        mid = rec["anchor"]["measure_id"]  # type: ignore[index]
    except (KeyError, TypeError):
        return None
    return mid if isinstance(mid, str) and rec.get("orphaned") is not True else None  # type: ignore[union-attr]


class AnnotationStore:
    """The annotations of every document, read once and saved on every change.

    Reads notice saves by other processes (a stat per call). Saves lock the
    file, re-read it if it changed, and write atomically; a failed save raises
    StoreWriteError and leaves memory and disk as they were.

    Records become dataclasses when first asked for, so opening a large
    database, ``for_measure``, ``measure_counts`` and ``tag_counts`` stay cheap;
    ``all()`` converts everything once. A record that cannot be read is left
    in the file untouched and listed in ``problems``.
    """

    def __init__(self, path: Path, storage: AtomicJSONStorage) -> None:
        self.path = path
        self._storage = storage
        self._db = _Database(storage=lambda: storage)
        self._table: _RecordTable = self._db.table(TABLE)  # type: ignore[assignment]
        self.corrupt_copy: Path | None = None
        self.revision = 0  # bumped on every change, ours or another process's
        self._records: Mapping[str, Mapping[str, Any]] = {}
        self._cache: dict[str, Annotation] = {}
        self._bad: dict[str, str] = {}
        self._by_measure: dict[str, list[str]] | None = None
        self._generation = -1  # storage generation the records came from

    # -- opening ------------------------------------------------------------
    @classmethod
    def open(cls, path: Path | str | None = None, *, read_only: bool = False) -> AnnotationStore:
        """Open (or prepare to create) the database at ``path`` (default: default_db()).

        Never raises. A damaged file opens read-only, with the reason in
        ``read_only_reason`` and the kept copy in ``corrupt_copy``; a file that
        cannot be read at all (or a directory) opens read-only and ``damaged``.
        ``read_only=True`` is for commands that only list: nothing is written,
        not even the copy of a damaged file.
        """
        p = (Path(path) if path is not None else locations.default_db()).expanduser()
        storage = AtomicJSONStorage(p, load=False, keep_copies=not read_only)
        store = cls(p, storage)
        try:
            storage.refresh()
            store._reindex()
        except CorruptFileError as exc:
            store.corrupt_copy = exc.copy
        except StoreError as exc:  # a directory, no permission, ...
            storage.read_only_reason = str(exc)
        if read_only and not storage.read_only_reason:
            storage.read_only_reason = t("ann.error.read_only")
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
        return self._generation < 0

    @property
    def problems(self) -> tuple[str, ...]:
        """One message per stored record that could not be read (it stays in the file)."""
        self.all()
        return tuple(self._bad.values())

    # -- keeping in step with the file -------------------------------------
    def _reindex(self) -> None:
        """Take the storage's (re)loaded records; conversion happens on demand."""
        self._records = self._storage.records(TABLE)
        self._cache = {}
        self._bad = {}
        self._by_measure = None
        self._generation = self._storage.generation
        self.revision += 1
        newest = max(
            (v for rec in self._records.values() if type(v := rec.get("schema", 1)) is int),
            default=ANNOTATION_SCHEMA,
        )
        if newest > ANNOTATION_SCHEMA and not self.read_only:
            self._storage.read_only_reason = t("ann.error.newer", path=self.path, schema=newest)

    def refresh(self) -> bool:
        """Pick up saves made by another process; True if anything changed."""
        try:
            self._storage.refresh()
        except CorruptFileError as exc:
            # Another writer broke the file: keep showing what we had, save nothing.
            self.corrupt_copy = exc.copy
            return False
        except StoreError:
            return False  # unreadable for now: keep what we have
        if self._generation == self._storage.generation:
            return False
        self._reindex()
        return True

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

    def _measure_map(self) -> dict[str, list[str]]:
        if self._by_measure is None:
            by: dict[str, list[str]] = {}
            for key, rec in self._records.items():
                mid = _measure_of(rec)
                if mid is not None:
                    by.setdefault(mid, []).append(key)
            self._by_measure = by
        return self._by_measure

    def _change(self, plan: Callable[[Lookup], Change]) -> None:
        """Run ``plan`` on the current annotations under the lock and save its change."""
        if self.read_only:
            raise StoreReadOnlyError(self.read_only_reason or t("ann.error.read_only"))
        with self._storage.locked():
            if self._generation != self._storage.generation:
                self._reindex()
            if self.read_only:  # the file we just re-read is newer than us
                raise StoreReadOnlyError(self.read_only_reason or t("ann.error.read_only"))
            puts, removes = plan(self._annotation)
            if not puts and not removes:
                return
            old = {u: self._records.get(u) for u in (*removes, *puts)}
            records = {u: _record_for(a, old[u]) for u, a in puts.items()}
            self._table.put(records, removes)
        self._records = self._storage.records(TABLE)
        if self._by_measure is not None:
            for u, rec in old.items():
                mid = _measure_of(rec)
                if mid is not None and u in self._by_measure.get(mid, ()):
                    self._by_measure[mid].remove(u)
            for u, rec in records.items():
                mid = _measure_of(rec)
                if mid is not None:
                    self._by_measure.setdefault(mid, []).append(u)
        for u in old:
            self._cache.pop(u, None)
            self._bad.pop(u, None)
        self._cache.update(puts)
        self.revision += 1

    # -- reading ------------------------------------------------------------
    def all(self, doc_id: str | None = None) -> list[Annotation]:
        """Every readable annotation (of ``doc_id`` if given), in no particular order."""
        self.refresh()
        found = (self._annotation(key) for key in self._records)
        return [a for a in found if a is not None and (doc_id is None or a.doc_id == doc_id)]

    def get(self, uuid: str) -> Annotation | None:
        self.refresh()
        return self._annotation(uuid)

    def for_measure(self, measure_id: str, doc_id: str | None = None) -> list[Annotation]:
        """Annotations placed on ``measure_id`` (orphans excluded), oldest first."""
        self.refresh()
        found = (self._annotation(key) for key in self._measure_map().get(measure_id, ()))
        return sorted(
            (a for a in found if a is not None and (doc_id is None or a.doc_id == doc_id)),
            key=lambda a: (a.created, a.uuid),
        )

    def measure_counts(self, doc_id: str | None = None) -> Counter[str]:
        """How many annotations each measure holds (orphans excluded); cheap."""
        self.refresh()
        counts: Counter[str] = Counter()
        for key, rec in self._records.items():
            mid = _measure_of(rec)
            if mid is not None and key not in self._bad and (doc_id is None or rec.get("doc_id") == doc_id):
                counts[mid] += 1
        return counts

    def orphans(self, doc_id: str | None = None) -> list[Annotation]:
        """Annotations that could not be re-anchored, oldest first."""
        return sorted((a for a in self.all(doc_id) if a.orphaned), key=lambda a: (a.created, a.uuid))

    def tag_counts(self, doc_id: str | None = None) -> Counter[str]:
        """Tag -> number of annotations carrying it; read from the records directly."""
        self.refresh()
        counts: Counter[str] = Counter()
        for key, rec in self._records.items():
            tags = rec.get("tags")
            if type(tags) is not list or key in self._bad or (doc_id is not None and rec.get("doc_id") != doc_id):
                continue
            try:
                "".join(tags)  # every tag a string (cheap check)
            except TypeError:
                continue
            counts.update(tags)
        return counts

    def __len__(self) -> int:
        self.refresh()
        return len(self._records)

    # -- changing -------------------------------------------------------------
    def add(self, a: Annotation) -> Annotation:
        """Save a new annotation (tags normalised, timestamps filled if empty)."""
        created = a.created or now_iso()
        a = dataclasses.replace(a, tags=normalize_tags(a.tags), created=created, updated=a.updated or created)

        def plan(lookup: Lookup) -> Change:
            if a.uuid in self._records:
                raise StoreError(t("ann.error.exists", uuid=a.uuid))
            return {a.uuid: a}, ()

        self._change(plan)
        return a

    def update(self, a: Annotation) -> Annotation:
        """Save a changed annotation and stamp ``updated``.

        If another process deleted it meanwhile, it is saved again rather
        than lost.
        """
        a = dataclasses.replace(a, tags=normalize_tags(a.tags), updated=now_iso())
        if not a.created:
            a = dataclasses.replace(a, created=a.updated)
        self._change(lambda lookup: ({a.uuid: a}, ()))
        return a

    def delete(self, uuid: str) -> Annotation | None:
        """Remove an annotation; returns it, or None if there was none."""
        gone: list[Annotation | None] = []

        def plan(lookup: Lookup) -> Change:
            gone[:] = [lookup(uuid)]
            return {}, ((uuid,) if uuid in self._records else ())

        self._change(plan)
        return gone[0] if gone else None

    def merge(self, incoming: Iterable[Annotation]) -> MergeReport:
        """Merge annotations from elsewhere by uuid: the newer ``updated`` wins.

        Equal timestamps keep the local copy, so merging twice changes nothing.
        Timestamps are kept as they come (a merge is not an edit).
        """
        newest: dict[str, Annotation] = {}
        for a in incoming:
            a = dataclasses.replace(a, tags=normalize_tags(a.tags))
            seen = newest.get(a.uuid)
            if seen is None or _when(a.updated) > _when(seen.updated):
                newest[a.uuid] = a
        counts: Counter[str] = Counter()

        def plan(lookup: Lookup) -> Change:
            counts.clear()
            puts: dict[str, Annotation] = {}
            for u, a in newest.items():
                local = lookup(u)
                if local is None:
                    counts["added"] += 1
                elif _when(a.updated) > _when(local.updated) and a != local:
                    counts["updated"] += 1
                else:
                    counts["skipped"] += 1
                    continue
                puts[u] = a
            return puts, ()

        if newest:
            self._change(plan)
        return MergeReport(counts["added"], counts["updated"], counts["skipped"])

    def reanchor(self, doc: Document) -> ReanchorReport:
        """Re-attach ``doc``'s annotations to its current text and save what moved.

        Annotations already made on this exact text are not even converted,
        so this is cheap when nothing changed. ``updated`` is not touched:
        moving an anchor is not an edit. A read-only store saves nothing.
        """
        from tui.annotations.anchoring import reanchor

        self.refresh()
        settled = 0
        todo: list[Annotation] = []
        for key, rec in self._records.items():
            if rec.get("doc_id") != doc.id:
                continue
            if rec.get("content_hash") == doc.content_hash and _measure_of(rec) in doc.measure_by_id:
                settled += 1
                continue
            a = self._annotation(key)
            if a is not None:
                todo.append(a)
        before = {a.uuid: a for a in todo}
        placed, orphaned = reanchor(doc, todo)
        moved = {a.uuid: a for a in placed + orphaned if before[a.uuid] != a}
        if moved and not self.read_only:
            # Leave alone any annotation another process edited in the meantime.
            self._change(lambda lookup: ({u: a for u, a in moved.items() if lookup(u) == before[u]}, ()))
        return ReanchorReport(
            placed=settled + len(placed),
            moved=sum(1 for a in placed if a.uuid in moved),
            orphaned=tuple(orphaned),
        )

    # -- closing --------------------------------------------------------------
    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> AnnotationStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


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
