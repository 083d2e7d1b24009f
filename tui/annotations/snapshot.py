"""Provides the snapshot file: readable JSON, one record per line, and its index.

The snapshot is ordinary JSON (UTF-8, Chinese kept as is), laid out one
record per line so that a change to one annotation is a one-line git diff::

    {
    "annotations": {
    "<uuid>": {"uuid": "...", ...},
    "<uuid>": {...}
    }
    }

The index (``NAME.index``) is derived data written beside it at each
compaction: where every record lies in the file and what counting needs of
it. It carries the snapshot's size and CRC-32, and is believed only if the
snapshot still has them; otherwise the snapshot is read line by line (or, if
it is not in this layout, as a whole), which is slower and checks every byte.
"""

from __future__ import annotations

import base64
import sys
import zlib
from array import array
from collections import Counter
from collections.abc import Iterator, Mapping
from typing import Any

import orjson

from tui.annotations.record import facts_of
from tui.annotations.table import Base, BaseBuilder, Table

Tables = dict[str, Table]
INDEX_VERSION = 1
_BOM = b"\xef\xbb\xbf"


class DamagedError(ValueError):
    """The snapshot is not readable JSON of tables of records; the message says why."""


def dumps(value: object) -> bytes:
    return orjson.dumps(value)


# -- reading ----------------------------------------------------------------------
def parse(raw: bytes) -> tuple[Tables, bool]:
    """Tables from snapshot bytes, and whether they hold its bytes (our layout) rather than
    objects; raises ValueError with a short reason if damaged."""
    if not raw or raw.isspace():
        return {}, False
    tables = _parse_layout(raw)
    return (tables, True) if tables is not None else (_parse_whole(raw), False)


def _lines(raw: bytes) -> Iterator[tuple[int, int]]:
    start = 0
    while (end := raw.find(b"\n", start)) >= 0:
        yield start, end
        start = end + 1
    yield start, len(raw)


def _parse_layout(raw: bytes) -> Tables | None:
    """Tables from a file in our layout, keeping its bytes; None if it is not in it (or damaged)."""
    lines = _lines(raw)
    if next(lines, None) != (0, 1) or raw[:1] != b"{":
        return None
    tables: Tables = {}
    closed = True  # the previous table ended with "}," (another follows) or it is the first
    for start, end in lines:
        line = raw[start:end]
        if line == b"}":
            tail = raw[end + 1:]  # the final brace is the last line: what follows is short
            return tables if (not tail or tail.isspace()) and (not tables) == closed else None
        if not closed or not line.endswith((b": {", b": {}", b": {},")):
            return None
        name_json, _, tail = line.rpartition(b": ")
        try:
            name = orjson.loads(name_json)
        except orjson.JSONDecodeError:
            return None
        if not isinstance(name, str) or dumps(name) != name_json or name in tables:
            return None
        if tail != b"{":
            tables[name] = Table()
            closed = tail == b"{},"
            continue
        built = _records(raw, lines)
        if built is None:
            return None
        tables[name], closed = Table(built[0].build(raw)), built[1]
    return None


def _records(raw: bytes, lines: Iterator[tuple[int, int]]) -> tuple[BaseBuilder, bool] | None:
    """The record lines of one table, up to its closing brace; (records, another table follows)."""
    builder = BaseBuilder()
    seen: set[str] = set()
    more = False
    for start, end in lines:
        line = raw[start:end]
        if line in (b"}", b"},"):
            return (builder, line == b"},") if not more and builder.keys else None
        if more is False and builder.keys:
            return None  # the previous record had no comma
        more = line.endswith(b",")
        body = line[:-1] if more else line
        try:
            obj = orjson.loads(b"{" + body + b"}")
        except orjson.JSONDecodeError:
            return None
        if len(obj) != 1:
            return None
        (key, rec), = obj.items()
        prefix = dumps(key) + b": "
        if not isinstance(rec, dict) or not body.startswith(prefix) or key in seen:
            return None
        seen.add(key)
        builder.add_facts(key, start + len(prefix), start + len(body), facts_of(rec))
    return None


def _parse_whole(raw: bytes) -> Tables:
    if raw.startswith(_BOM):  # a BOM added by an editor is harmless
        raw = raw[len(_BOM):]
    from tui.i18n import t  # the reason is shown to the user: in the interface language

    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise DamagedError(t("store.reason.not_json", line=exc.lineno, column=exc.colno)) from None
    if not isinstance(data, dict):
        raise DamagedError(t("store.reason.not_tables"))
    for name, table in data.items():
        if not isinstance(table, dict):
            raise DamagedError(t("store.reason.bad_table", name=repr(name)))
        for key, record in table.items():
            if not isinstance(record, dict):
                raise DamagedError(t("store.reason.bad_record", record=repr(key)))
    return {name: Table(loose=table) for name, table in data.items()}


# -- writing ----------------------------------------------------------------------
def payload(tables: Mapping[str, Table]) -> tuple[bytes, dict[str, Base]]:
    """The snapshot's bytes for ``tables``, and each table's Base over those bytes.

    Runs of records unchanged since the last snapshot are copied as one
    slice of its bytes, with their index entries: only changed records are
    serialised, so a compaction costs little more than the write.
    """
    chunks: list[bytes | memoryview] = [b"{\n"]
    size = 2
    builders: dict[str, BaseBuilder] = {}
    for n, (name, table) in enumerate(tables.items()):
        head = (b",\n" if n else b"") + dumps(name) + b": {"
        chunks.append(head)
        size += len(head)
        base = table.base
        builders[name] = builder = BaseBuilder(like=base)
        first = True
        for piece in table.pieces():
            sep = b"\n" if first else b",\n"
            first = False
            if isinstance(piece[0], int):  # (i, j): records i..j-1 as they lie in the old file
                i, j = piece
                key_len = len(dumps(base.keys[i])) + 2  # '"key": '
                start, end = base.spans[2 * i] - key_len, base.spans[2 * j - 1]
                chunks += (sep, memoryview(base.raw)[start:end])
                size += len(sep)
                builder.copy(base, i, j, size - start)
                size += end - start
            else:
                key, rec = piece
                prefix = sep + dumps(key) + b": "
                data = dumps(rec)
                chunks += (prefix, data)
                size += len(prefix)
                builder.add(key, size, size + len(data), facts_of(rec)[:3])
                size += len(data)
        chunks.append(b"}" if first else b"\n}")
        size += len(chunks[-1])
        builder.tags = Counter(table.tags)
        builder.schema = table.schema
    chunks.append(b"\n}\n" if tables else b"}\n")
    raw = b"".join(chunks)
    return raw, {name: b.build(raw) for name, b in builders.items()}


# -- the index --------------------------------------------------------------------
def _pack(column: array[int]) -> str:
    # Packed machine integers: parsing 100,000 JSON numbers would cost more
    # time and memory than the rest of the index together.
    return base64.b64encode(column.tobytes()).decode("ascii")


def _unpack(typecode: str, text: str, count: int) -> array[int]:
    column = array(typecode)
    column.frombytes(base64.b64decode(text, validate=True))
    if len(column) != count:
        raise ValueError("column length")
    return column


def _join(items: list[str] | list[str | None]) -> str | list[Any]:
    # One string rather than 50,000: orjson then parses it with no per-item cost.
    # A list only in the odd case of a newline inside a key or id.
    texts = [s for s in items if s is not None and "\n" not in s]
    return "\n".join(texts) if len(texts) == len(items) else list(items)


def _split(packed: Any) -> list[Any]:
    if isinstance(packed, list):
        return packed
    if not isinstance(packed, str):
        raise TypeError("keys")
    return packed.split("\n") if packed else []


def index_bytes(raw: bytes, bases: Mapping[str, Base]) -> bytes:
    """The index of snapshot ``raw``: a checksum line, then the body."""
    body = dumps({
        "index": INDEX_VERSION,
        "machine": [sys.byteorder, array("q").itemsize, array("i").itemsize],
        "snapshot": {"size": len(raw), "crc32": zlib.crc32(raw)},
        "tables": [
            {"name": name, "keys": _join(b.keys), "spans": _pack(b.spans), "values": _join(b.values[1:]),
             "doc": _pack(b.doc), "hash": _pack(b.digest), "mid": _pack(b.mid),
             "tags": [[doc, tag, n] for (doc, tag), n in b.tags.items()], "schema": b.schema,
             "groups": [[*group, n] for group, n in b.groups().items()], "order": _pack(b.measure_order())}
            for name, b in bases.items()
        ],
    })
    return dumps({"crc32": zlib.crc32(body), "size": len(body)}) + b"\n" + body


def index_claims_content(index: bytes) -> bool:
    """True if a (readable) index says its snapshot was not empty."""
    body = _index_body(index)
    return body is not None and isinstance(body.get("snapshot"), dict) and body["snapshot"].get("size", 0) > 0


def _index_body(index: bytes) -> dict[str, Any] | None:
    head, _, body = index.partition(b"\n")
    try:
        check = orjson.loads(head)
        if check != {"crc32": zlib.crc32(body), "size": len(body)}:
            return None
        data = orjson.loads(body)
    except orjson.JSONDecodeError:
        return None
    return data if isinstance(data, dict) and data.get("index") == INDEX_VERSION else None


def _groups(rows: Any, n: int, values: int) -> Counter[tuple[int, int, int]] | None:
    """The index's record groups (Base.groups), if they are sound; None: count them from the columns
    (an index written before it carried them)."""
    if rows is None:
        return None
    groups = Counter({(d, h, m): count for d, h, m, count in rows})
    if (sum(groups.values()) != n or len(groups) != len(rows)
            or not all(type(x) is int and 0 <= x < values for group in groups for x in group)
            or not all(type(count) is int and count > 0 for count in groups.values())):
        raise ValueError("groups")
    return groups


def from_index(index: bytes, raw: bytes) -> Tables | None:
    """Tables over ``raw`` as the index describes them; None unless it describes exactly these bytes."""
    data = _index_body(index)
    if (data is None or data.get("snapshot") != {"size": len(raw), "crc32": zlib.crc32(raw)}
            or data.get("machine") != [sys.byteorder, array("q").itemsize, array("i").itemsize]):
        return None
    tables: Tables = {}
    try:
        for t in data["tables"]:
            keys, values = _split(t["keys"]), [None, *_split(t["values"])]
            n = len(keys)
            columns = (_unpack("i", t["doc"], n), _unpack("i", t["hash"], n), _unpack("i", t["mid"], n))
            spans = _unpack("q", t["spans"], 2 * n)
            if n and (min(min(c) for c in columns) < 0 or max(max(c) for c in columns) >= len(values)
                      or spans[-1] > len(raw)):
                return None
            tags = Counter({(doc, tag): count for doc, tag, count in t["tags"]})
            groups = _groups(t.get("groups"), n, len(values))
            order = _unpack("i", t["order"], n) if groups is not None and "order" in t else None
            tables[t["name"]] = Table(Base(raw, keys, spans, values, columns, tags, t["schema"], groups, order))
    except (KeyError, TypeError, ValueError, OverflowError):
        return None
    return tables
