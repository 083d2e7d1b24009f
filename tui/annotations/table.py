"""Provides Table: one table's records, parsed on demand from the snapshot, plus the changes since.

A snapshot of 50,000 notes is 36 MB of JSON; as Python objects it would be
six times that. So the snapshot's bytes stay as they are (``Base``: where
each record's JSON lies, and the facts counting needs, in compact columns),
a record becomes a dict only when asked for, and the changes made since
(by this process or replayed from the journal) sit beside it. Counts per
measure and per tag are kept up to date change by change.
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Container, Iterator, Mapping
from itertools import accumulate
from typing import Any

import orjson

from tui.annotations.record import Facts, facts_of

Record = dict[str, Any]
Where = tuple[str | None, str | None, str | None]  # doc id, content hash, measure id (None: orphan)
_MISSING: Any = object()
_FACT_FIELDS = frozenset(("doc_id", "content_hash", "anchor", "orphaned", "tags", "schema"))  # what facts_of reads


class Base:
    """A table's records as they lie in snapshot bytes; never changed once built."""

    __slots__ = ("_groups", "_mid_bytes", "_order", "_pos", "_starts", "_value_pos", "digest", "doc", "keys", "mid",
                 "raw", "schema", "spans", "tags", "values")

    def __init__(self, raw: bytes, keys: list[str], spans: array[int], values: list[str | None],
                 columns: tuple[array[int], array[int], array[int]], tags: Counter[tuple[str | None, str]],
                 schema: int, groups: Counter[tuple[int, int, int]] | None = None,
                 order: array[int] | None = None) -> None:
        self.raw = raw
        self.keys = keys
        self.spans = spans  # start, end of each record's JSON value, in raw
        self.values = values  # the distinct doc ids, hashes and measure ids; columns index it
        self.doc, self.digest, self.mid = columns
        self.tags = tags  # (doc id, tag) -> records carrying it
        self.schema = schema
        self._pos: dict[str, int] | None = None
        self._value_pos: dict[str | None, int] | None = None
        self._mid_bytes: bytes | None = None
        self._groups = groups
        self._order = order  # see measure_order: from the index, or None (then on_measure scans)
        self._starts: list[int] | None = None

    def __len__(self) -> int:
        return len(self.keys)

    def index(self, key: str) -> int | None:
        if self._pos is None:
            self._pos = dict(zip(self.keys, range(len(self.keys)), strict=True))
        return self._pos.get(key)

    def value_index(self, value: str | None) -> int | None:
        if self._value_pos is None:
            self._value_pos = {v: n for n, v in enumerate(self.values)}
        return self._value_pos.get(value)

    def measure_order(self) -> array[int]:
        """Record indexes grouped by measure (in ``values`` order), in file order within each.

        The index carries it, so that the reader's first frame finds the records of the
        measures it shows by slicing, not by scanning the column once per measure.
        """
        if self._order is None:
            self._order = array("i", sorted(range(len(self.mid)), key=self.mid.__getitem__))
        return self._order

    def on_measure(self, measure_id: str) -> list[int]:
        """Indexes of the records placed on ``measure_id``, in file order: a slice of the
        index's ``measure_order``, else a scan of the packed column (no map built)."""
        n = self.value_index(measure_id)
        if n is None:
            return []
        if self._order is not None:
            if self._starts is None:
                sizes = [0] * (len(self.values) + 1)
                for (_d, _h, m), count in self.groups().items():
                    sizes[m + 1] += count
                self._starts = list(accumulate(sizes))
            found = self._order[self._starts[n]:self._starts[n + 1]].tolist()
            mid = self.mid
            if all(mid[i] == n for i in found):  # else an index that does not fit its columns
                return found
            self._order = None
        if self._mid_bytes is None:
            self._mid_bytes = self.mid.tobytes()
        column, needle, width = self._mid_bytes, array("i", [n]).tobytes(), self.mid.itemsize
        found, at = [], column.find(needle)
        while at >= 0:
            if at % width == 0:
                found.append(at // width)
            at = column.find(needle, at + 1)
        return found

    def value(self, i: int) -> memoryview:
        """Record ``i``'s JSON, as it is in the file."""
        return memoryview(self.raw)[self.spans[2 * i]:self.spans[2 * i + 1]]

    def record(self, i: int) -> Record:
        rec: Record = orjson.loads(self.value(i))
        return rec

    def where(self, i: int) -> Where:
        v = self.values
        return v[self.doc[i]], v[self.digest[i]], v[self.mid[i]]

    def groups(self) -> Counter[tuple[int, int, int]]:
        """(doc, hash, measure) -> how many records share them, as indexes into ``values``.

        A few hundred groups for 50,000 records: counting by measure and finding the
        notes to re-anchor read these, not the columns. The index carries them.
        """
        if self._groups is None:
            self._groups = Counter(zip(self.doc, self.digest, self.mid, strict=True))
        return self._groups

    def counts(self) -> Counter[tuple[str | None, str]]:
        """(doc id, measure id) -> records placed there; orphans left out."""
        v = self.values
        out: Counter[tuple[str | None, str]] = Counter()
        for (d, _h, i), n in self.groups().items():
            if (m := v[i]) is not None:
                out[v[d], m] += n
        return out


class BaseBuilder:
    """Collects records (key, span, facts) in file order and makes a Base of them."""

    def __init__(self, like: Base | None = None) -> None:
        self.keys: list[str] = []
        self.spans: array[int] = array("q")
        self.columns = (array("i"), array("i"), array("i"))
        self.tags: Counter[tuple[str | None, str]] = Counter()
        self.schema = 0
        # Sharing ``like``'s values lets its columns be copied as they are (``copy``).
        self._values: dict[str | None, int] = {None: 0}
        self._like: Base | None = None
        if like is not None and like.values[:1] == [None]:
            values = {v: n for n, v in enumerate(like.values)}
            if len(values) == len(like.values):
                self._values, self._like = values, like

    def copy(self, base: Base, i: int, j: int, shift: int) -> None:
        """Records ``i:j`` of ``base``, their bytes moved by ``shift``."""
        if base is not self._like:
            for k in range(i, j):  # not made like ``base``: one by one
                self.add(base.keys[k], base.spans[2 * k] + shift, base.spans[2 * k + 1] + shift, base.where(k))
            return
        self.keys += base.keys[i:j]
        spans = base.spans[2 * i:2 * j]
        self.spans += spans if not shift else array("q", [x + shift for x in spans])
        for ours, theirs in zip(self.columns, (base.doc, base.digest, base.mid), strict=True):
            ours.extend(theirs[i:j])

    def add(self, key: str, start: int, end: int, where: Where) -> None:
        self.keys.append(key)
        self.spans.append(start)
        self.spans.append(end)
        for column, value in zip(self.columns, where, strict=True):
            n = self._values.get(value)
            if n is None:
                n = self._values[value] = len(self._values)
            column.append(n)

    def add_facts(self, key: str, start: int, end: int, facts: Facts) -> None:
        self.add(key, start, end, facts[:3])
        self.tags.update((facts.doc_id, tag) for tag in facts.tags)
        self.schema = max(self.schema, facts.schema)

    def build(self, raw: bytes) -> Base:
        values, columns = list(self._values), self.columns
        if len(values) > 2 * len(self.keys) + 64:  # many left by records gone since: drop them
            used = sorted({0}.union(*map(set, columns)))
            renumber = dict(zip(used, range(len(used)), strict=True))
            values = [values[n] for n in used]
            columns = (array("i", map(renumber.__getitem__, columns[0])),
                       array("i", map(renumber.__getitem__, columns[1])),
                       array("i", map(renumber.__getitem__, columns[2])))
        return Base(raw, self.keys, self.spans, values, columns, self.tags, self.schema)


EMPTY = BaseBuilder().build(b"")


class Table(Mapping[str, Record]):
    """Records by key: the snapshot's (parsed when read) overlaid with the changes since.

    Records handed out must not be changed in place; ``set`` replaces them.
    """

    def __init__(self, base: Base = EMPTY, loose: Mapping[str, Record] | None = None) -> None:
        self.base = base
        self._over: dict[str, Record | None] = {}  # changed or new records; None: deleted from base
        self._len = len(base)
        self.counts = base.counts()
        self.tags = Counter(base.tags)
        self.schema = base.schema
        self._by_measure: dict[str, dict[str, None]] = {}  # changed and new records only
        for key, rec in (loose or {}).items():
            self.set(key, rec)

    # -- reading ------------------------------------------------------------------
    def __getitem__(self, key: str) -> Record:
        rec = self._over.get(key, _MISSING)
        if rec is _MISSING:
            i = self.base.index(key)
            if i is None:
                raise KeyError(key)
            return self.base.record(i)
        if rec is None:
            raise KeyError(key)
        return rec  # type: ignore[no-any-return]

    def __contains__(self, key: object) -> bool:
        rec = self._over.get(key, _MISSING)  # type: ignore[call-overload]
        if rec is _MISSING:
            return isinstance(key, str) and self.base.index(key) is not None
        return rec is not None

    def __iter__(self) -> Iterator[str]:
        over = self._over
        for key in self.base.keys:
            if over.get(key, _MISSING) is not None:
                yield key
        pos = self.base.index
        yield from (key for key, rec in over.items() if rec is not None and pos(key) is None)

    def __len__(self) -> int:
        return self._len

    def where(self, key: str) -> Where | None:
        """Doc id, content hash and measure id (None for an orphan) of a record, cheaply."""
        rec = self._over.get(key, _MISSING)
        if rec is _MISSING:
            i = self.base.index(key)
            return None if i is None else self.base.where(i)
        return None if rec is None else facts_of(rec)[:3]

    def items_where(self) -> Iterator[tuple[str, Where]]:
        """Every key with its ``where``, without parsing records (file order, then new ones)."""
        base, over = self.base, self._over
        v = base.values
        for key, d, h, m in zip(base.keys, base.doc, base.digest, base.mid, strict=True):
            rec = over.get(key, _MISSING)
            if rec is _MISSING:
                yield key, (v[d], v[h], v[m])
            elif rec is not None:
                yield key, facts_of(rec)[:3]
        yield from ((key, facts_of(rec)[:3]) for key, rec in over.items()
                    if rec is not None and base.index(key) is None)

    def pieces(self) -> Iterator[tuple[int, int] | tuple[str, Record]]:
        """The records in order: runs ``(i, j)`` of base records unchanged since the snapshot,
        and ``(key, record)`` for each changed or new one."""
        base, over = self.base, self._over
        changed = sorted(i for key in over if (i := base.index(key)) is not None)
        start = 0
        for i in changed:
            if i > start:
                yield start, i
            rec = over[base.keys[i]]
            if rec is not None:
                yield base.keys[i], rec
            start = i + 1
        if start < len(base):
            yield start, len(base)
        yield from ((key, rec) for key, rec in over.items() if rec is not None and base.index(key) is None)

    @property
    def changed(self) -> int:
        """How many records differ from the snapshot's bytes."""
        return len(self._over)

    def keys_on(self, measure_id: str) -> list[tuple[str, int]]:
        """Keys of the records placed on ``measure_id`` (any document), each with where
        ``record_at`` reads it: its place in the snapshot, or -1 if changed or added since."""
        keys, over = self.base.keys, self._over
        found = [(key, i) for i in self.base.on_measure(measure_id) if (key := keys[i]) not in over]
        found += ((key, -1) for key in self._by_measure.get(measure_id, {}))
        return found

    def record_at(self, key: str, at: int) -> Record | None:
        """The record ``keys_on`` found: no lookup of the key among 50,000."""
        return self.base.record(at) if at >= 0 else self._over.get(key)

    def unsettled(self, doc_id: str, content_hash: str, placed: Container[str]) -> tuple[int, list[str]]:
        """Records of ``doc_id``: how many were made on ``content_hash`` and sit on a measure in
        ``placed`` (nothing to re-anchor), and the keys of the others. Counted on the packed
        columns, so a notebook of 50,000 settled notes costs a few milliseconds."""
        base, over = self.base, self._over
        d, h = base.value_index(doc_id), base.value_index(content_hash)
        settled, todo = 0, []
        if d is not None:
            values = base.values
            wanted = set()
            for (dd, hh, mm), count in base.groups().items():
                if dd != d:
                    continue
                if hh == h and values[mm] is not None and values[mm] in placed:
                    settled += count
                else:
                    wanted.add((hh, mm))
            if wanted:
                todo = [base.keys[i] for i, (dd, hh, mm) in enumerate(zip(base.doc, base.digest, base.mid, strict=True))
                        if dd == d and (hh, mm) in wanted]
            for key in over:  # changed since the snapshot: counted below as they are now
                i = base.index(key)
                if i is not None and base.doc[i] == d:
                    rest = base.where(i)
                    if rest[1] == content_hash and rest[2] is not None and rest[2] in placed:
                        settled -= 1
                    else:
                        todo.remove(key)
        for key, rec in over.items():
            if rec is None:
                continue
            doc, digest, mid = facts_of(rec)[:3]
            if doc != doc_id:
                continue
            if digest == content_hash and mid is not None and mid in placed:
                settled += 1
            else:
                todo.append(key)
        return settled, todo

    def measure_counts(self, doc_id: str | None = None) -> Counter[str]:
        out: Counter[str] = Counter()
        for (doc, mid), n in self.counts.items():
            if n > 0 and (doc_id is None or doc == doc_id):
                out[mid] += n
        return out

    def tag_counts(self, doc_id: str | None = None) -> Counter[str]:
        out: Counter[str] = Counter()
        for (doc, tag), n in self.tags.items():
            if n > 0 and (doc_id is None or doc == doc_id):
                out[tag] += n
        return out

    # -- changing -----------------------------------------------------------------
    def _facts(self, key: str) -> Facts | None:
        rec = self._over.get(key, _MISSING)
        if rec is _MISSING:
            i = self.base.index(key)
            return None if i is None else facts_of(self.base.record(i))
        return None if rec is None else facts_of(rec)

    def patch(self, key: str, fields: Mapping[str, Any]) -> bool:
        """Set ``fields`` on the record under ``key``; False (and nothing done) if there is none."""
        current = self.get(key)
        if current is None:
            return False
        new = {**current, **fields}
        if not _FACT_FIELDS.isdisjoint(fields):
            self.set(key, new, current)
        elif key in self._over:  # the counts stay as they are
            self._over[key] = new
        else:  # a base record joins the changed ones: it is found by measure among those now
            self._over[key] = new
            mid = self.base.where(self.base.index(key))[2]  # type: ignore[arg-type]
            if mid is not None:
                self._by_measure.setdefault(mid, {})[key] = None
        return True

    def set(self, key: str, rec: Record | None, current: Record | None = _MISSING) -> None:
        """Put ``rec`` under ``key`` (kept, not copied), or remove the key (None).

        ``current``: the record now under ``key`` if the caller has it (saves parsing it again).
        """
        old = self._facts(key) if current is _MISSING else None if current is None else facts_of(current)
        if old is None and rec is None:
            return
        self._count(key, old, -1)
        in_base = self.base.index(key) is not None
        if rec is None:
            if in_base:
                self._over[key] = None
            else:
                del self._over[key]
            self._len -= 1
            return
        self._over[key] = rec
        self._len += old is None
        new = facts_of(rec)
        self.schema = max(self.schema, new.schema)
        self._count(key, new, 1)

    def _count(self, key: str, facts: Facts | None, sign: int) -> None:
        if facts is None:
            return
        doc, _digest, mid, tags, _schema = facts
        if mid is not None:
            self.counts[doc, mid] += sign
            if not self.counts[doc, mid]:
                del self.counts[doc, mid]
            on = self._by_measure.setdefault(mid, {})
            if sign > 0:
                on[key] = None
            else:
                on.pop(key, None)
        for tag in tags:
            self.tags[doc, tag] += sign
            if not self.tags[doc, tag]:
                del self.tags[doc, tag]
