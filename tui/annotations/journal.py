"""Provides the journal: one JSON line per save, replayed over the snapshot when loading.

A line names one table and what the save did to it::

    {"t":"annotations","put":{"<uuid>":{...whole record...}},"set":{"<uuid>":{"note":"…","updated":"…"}},"del":["<uuid>"]}

``put`` writes whole records (adds, merges), ``set`` only the fields an edit
named (so two instances editing different fields of one note both win),
``del`` removes. Every operation sets a value rather than adjusting one, so
replaying a line over a snapshot that already holds it changes nothing: a
crash between writing a new snapshot and emptying the journal is harmless.

A last line without its newline is a save cut off by a kill: it was never
acknowledged, so it is ignored (and reported). Any other line that cannot be
read is damage.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from tui.annotations.dbfiles import open_side
from tui.annotations.table import Record, Table
from tui.files import fsync_dir


@dataclass(frozen=True)
class Change:
    """What one save does to one table; each key appears in one part only."""

    put: Mapping[str, Record] = field(default_factory=dict)
    patch: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    delete: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.put or self.patch or self.delete)

    def touched(self) -> set[str]:
        return {*self.put, *self.patch, *self.delete}


class JournalError(ValueError):
    """A complete journal line that cannot be read."""


def encode(table: str, change: Change) -> bytes:
    """One journal line (with its newline)."""
    entry: dict[str, Any] = {"t": table}
    if change.put:
        entry["put"] = change.put
    if change.patch:
        entry["set"] = change.patch
    if change.delete:
        entry["del"] = change.delete
    return orjson.dumps(entry) + b"\n"


def decode(line: bytes) -> tuple[str, Change]:
    """The table and change of one line; JournalError if it is not one."""
    from tui.i18n import t  # the reason is shown to the user: in the interface language

    try:
        entry = orjson.loads(line)
    except orjson.JSONDecodeError as exc:
        raise JournalError(t("store.reason.not_json", line=exc.lineno, column=exc.colno)) from None
    if not isinstance(entry, dict) or not isinstance(entry.get("t"), str):
        raise JournalError(t("store.reason.not_entry", what="t"))
    unknown = set(entry) - {"t", "put", "set", "del"}
    if unknown:
        raise JournalError(t("store.reason.not_entry", what=repr(sorted(unknown)[0])))
    put, patch, delete = entry.get("put", {}), entry.get("set", {}), entry.get("del", [])
    for part in (put, patch):
        if not isinstance(part, dict) or not all(isinstance(v, dict) for v in part.values()):
            raise JournalError(t("store.reason.not_entry", what="put/set"))
    if not isinstance(delete, list) or not all(isinstance(k, str) for k in delete):
        raise JournalError(t("store.reason.not_entry", what="del"))
    return entry["t"], Change(put, patch, tuple(delete))


def lines(data: bytes, offset: int = 0) -> Iterator[tuple[int, bytes]]:
    """(end offset, line) of each complete line of ``data``, which starts at file ``offset``."""
    start = 0
    while (end := data.find(b"\n", start)) >= 0:
        yield offset + end + 1, data[start:end]
        start = end + 1


def apply(tables: dict[str, Table], name: str, change: Change) -> set[str]:
    """Apply ``change`` to table ``name`` (made if missing); the keys it touched.

    ``set`` on a record that is gone does nothing: edits never bring back a
    deleted record.
    """
    table = tables.get(name)
    if table is None:
        table = tables[name] = Table()
    for key in change.delete:
        table.set(key, None)
    for key, rec in change.put.items():
        table.set(key, dict(rec))
    for key, fields in change.patch.items():
        table.patch(key, fields)
    return change.touched()


class JournalMoved(Exception):
    """The journal is not the length we hold: someone else's bytes are at its end."""


def append(path: Path, line: bytes, size: int, write: Callable[[int, tuple[bytes]], None],
           sync: Callable[[int], None]) -> int:
    """Append ``line`` to the journal, which must be ``size`` bytes long, and make it durable;
    its inode. On failure it is cut back to ``size`` and OSError raised."""
    flags = os.O_WRONLY | os.O_APPEND
    try:
        fd, created = open_side(path, flags), False
    except FileNotFoundError:
        fd, created = open_side(path, flags | os.O_CREAT | os.O_EXCL), True
    try:
        st = os.fstat(fd)
        if st.st_size != size:
            raise JournalMoved
        try:
            write(fd, (line,))
            sync(fd)
        except BaseException:
            with contextlib.suppress(OSError):  # a torn line is ignored when read, and cut before the next append
                os.ftruncate(fd, size)
            raise
    finally:
        os.close(fd)
    if created:  # the new name must survive a crash too
        fsync_dir(path.parent)
    return st.st_ino


def truncate(path: Path, size: int) -> None:
    """Cut the journal to ``size`` bytes (never through a symlink). Raises OSError."""
    fd = open_side(path, os.O_WRONLY)
    try:
        os.ftruncate(fd, size)
    finally:
        os.close(fd)
