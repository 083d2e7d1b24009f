"""Provides JournalStorage: a TinyDB storage kept as a snapshot plus an append-only journal.

Files beside the database ``NAME`` (all in the folder of the file in use):

- ``NAME``: the snapshot, readable JSON with one record per line (snapshot.py);
- ``NAME.journal``: one JSON line per save since the snapshot (journal.py);
- ``NAME.index``: where each record lies in the snapshot (derived; rebuilt when stale);
- ``NAME.lock``: the lock two instances take to save.

A save appends one line to the journal and fsyncs it (about a millisecond at
any size). When the journal passes a share of the snapshot, and on a clean
close, the store is compacted: a new snapshot is written atomically
(``tui.files.atomic_write``) and the journal emptied. Loading reads the
snapshot and replays the journal; a re-read after another instance saved
reads only the bytes it appended.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

from tinydb.storages import Storage

from tui.annotations import journal
from tui.annotations.dbfiles import (
    MAX_BYTES,
    CorruptFileError,
    FileLock,
    StoreConflictError,
    StoreError,
    StoreReadOnlyError,
    StoreWriteError,
    damage_error,
    open_side,
    quarantine,
    read_regular,
    strerror,
    sweep_temps,
    write_error,
)
from tui.annotations.journal import Change, JournalError
from tui.annotations.snapshot import Tables, from_index, index_bytes, index_claims_content, parse, payload
from tui.annotations.table import Table
from tui.files import Chunks, atomic_write
from tui.files import write_all as _files_write_all
from tui.i18n import t

__all__ = [
    "CorruptFileError",
    "JournalStorage",
    "StoreConflictError",
    "StoreError",
    "StoreReadOnlyError",
    "StoreWriteError",
]

Signature = tuple[int, int, int]  # inode, size, mtime_ns: "has the file changed?"


def _write_all(fd: int, chunks: Chunks) -> None:
    """Every byte a save writes goes through here (a seam for fault tests)."""
    _files_write_all(fd, chunks)


def _datasync(fd: int) -> None:
    # An append needs its data and the new size on disk, not the mtime:
    # fdatasync gives that, often several times faster than fsync.
    getattr(os, "fdatasync", os.fsync)(fd)


def _blank(raw: bytes) -> bool:
    return not raw or raw.isspace()  # without copying the file, as raw.strip() would


def _sig(st: os.stat_result) -> Signature:
    return (st.st_ino, st.st_size, st.st_mtime_ns)


class JournalStorage(Storage):
    """TinyDB storage: snapshot + journal, kept in memory, changed under a file lock.

    ``locked()`` is the read-modify-write transaction: it takes an exclusive
    ``flock`` on ``NAME.lock``, catches up with what other processes saved,
    and holds the lock while the change is written.
    """

    LOCK_TIMEOUT = 10.0
    # Compact when the journal passes this share of the snapshot (and this many bytes): the
    # replay of a journal that size adds some 40 ms to opening 50,000 notes, and a compaction
    # (about 100 ms there) comes once in some 2,000 saves.
    COMPACT_SHARE = 1 / 128
    COMPACT_MIN = 128 * 1024

    def __init__(self, path: str | Path, read_only_reason: str | None = None,
                 load: bool = True, keep_copies: bool = True) -> None:
        super().__init__()
        self.named = Path(os.path.abspath(path))  # as the user named it: damaged copies go beside it
        # Write through a symlink (e.g. into a synced folder) rather than replace it.
        self.path = Path(os.path.realpath(path))
        self.journal = self.path.with_name(self.path.name + ".journal")
        self.index = self.path.with_name(self.path.name + ".index")
        self.read_only_reason = read_only_reason
        self.keep_copies = keep_copies  # False: report damage without writing a copy
        self.loaded = False  # some state was read (even if the file broke later)
        self.generation = 0  # bumped each time the data is reloaded from disk
        self.notices: list[str] = []  # worth telling once (a torn journal line)
        self._tables: Tables = {}
        self._raw: bytes | None = None  # the snapshot's bytes, when the tables are laid over them
        self._sig: Signature | None = None  # of the snapshot we hold
        self._jino: int | None = None  # the journal's inode ...
        self._joff = 0  # ... and how many of its bytes we hold (up to the last complete line)
        self._indexed = False  # the snapshot on disk has a matching index
        self._had_content = False  # a snapshot with records was seen: an emptied one is damage
        self._changed: dict[str, set[str]] = {}  # keys changed since the last take_changed
        self._mutex = threading.RLock()
        self._lock = FileLock(self.path.with_name(self.path.name + ".lock"), self.named)
        self._depth = 0
        self._swept = False
        if load:
            self.load()

    # -- reading ---------------------------------------------------------
    def _stat(self, path: Path) -> os.stat_result | None:
        try:
            return os.stat(path, follow_symlinks=path == self.path)
        except FileNotFoundError:
            return None
        except OSError as exc:  # e.g. a parent that is a file, or no permission
            raise StoreError(t("ann.error.unreadable", path=self.named, error=strerror(exc))) from None

    def load(self) -> None:
        """(Re)read snapshot, index and journal; CorruptFileError (after keeping a copy) if damaged."""
        with self._mutex:
            for _ in range(5):  # another process may compact while we read: read again
                snap = read_regular(self.path, self.named)
                try:
                    index = read_regular(self.index, self.index, nofollow=True)
                except StoreError:
                    index = None  # derived data: never fatal
                log = read_regular(self.journal, self.journal, nofollow=True)
                now = self._stat(self.path)
                if (now and _sig(now)) == (snap and _sig(snap[1])):
                    break
            self._install(snap, index and index[0], log)

    def _install(self, snap: tuple[bytes, os.stat_result] | None, index: bytes | None,
                 log: tuple[bytes, os.stat_result] | None) -> None:
        raw = snap[0] if snap else b""
        self._sig = _sig(snap[1]) if snap else None
        self._jino, self._joff = (log[1].st_ino, log[1].st_size) if log else (None, 0)
        if snap and _blank(raw) and (self._had_content or (index and index_claims_content(index))):
            self.fail(t("store.reason.emptied"), raw)
        tables = from_index(index, raw) if index and raw else None
        indexed = laid = tables is not None
        if tables is None:
            try:
                tables, laid = parse(raw)
            except ValueError as exc:
                self.fail(str(exc), raw)
        self._had_content = self._had_content or not _blank(raw)
        data = log[0] if log else b""
        end, error = self._replay(tables, data, 0)
        self._tables, self._raw, self._joff, self._indexed = tables, raw if laid else None, end, indexed
        self._changed.clear()
        self.generation += 1
        self.loaded = True
        if end < len(data) and error is None:
            self._torn(len(data) - end)
        if error is not None:
            self._joff = len(data)  # read-only from here: do not read the damage again at every refresh
            self._fail_journal(error, data)
        if snap is None and end and not self.read_only_reason:
            self.read_only_reason = t("store.error.journal_orphan", journal=self.journal, path=self.named)

    def _replay(self, tables: Tables, data: bytes, offset: int) -> tuple[int, str | None]:
        """Apply the complete lines of ``data`` (journal bytes from ``offset``); (end, error)."""
        end = offset
        for stop, line in journal.lines(data, offset):
            if line:
                try:
                    name, change = journal.decode(line)
                except JournalError as exc:
                    return end, t("store.reason.journal_line", journal=self.journal, offset=end, error=exc)
                self._changed.setdefault(name, set()).update(journal.apply(tables, name, change))
            end = stop
        return end, None

    def _torn(self, size: int) -> None:
        notice = t("store.notice.torn", journal=self.journal, size=size)
        if notice not in self.notices:
            self.notices.append(notice)

    def refresh(self) -> bool:
        """Catch up with saves by other processes (their journal lines, or a new snapshot);
        True if anything changed."""
        with self._mutex:
            snap = self._stat(self.path)
            if (snap and _sig(snap)) != self._sig:
                self.load()
                return True
            log = self._stat(self.journal)
            if log is None:
                if not self._joff:
                    return False
                self.load()
                return True
            if log.st_ino != self._jino or log.st_size < self._joff:
                self.load()
                return True
            return log.st_size > self._joff and self._catch_up(log.st_size)

    def _catch_up(self, size: int) -> bool:
        """Apply the lines appended since we last read (reads only those bytes)."""
        fd = open_side(self.journal, os.O_RDONLY)
        try:
            data = os.pread(fd, min(size - self._joff, MAX_BYTES), self._joff)
        except OSError as exc:
            raise StoreError(t("ann.error.unreadable", path=self.journal, error=strerror(exc))) from None
        finally:
            os.close(fd)
        end, error = self._replay(self._tables, data, self._joff)
        moved = end > self._joff
        self._joff = end
        if error is not None:
            self._joff = size  # read-only from here: do not read the damage again at every refresh
            whole = read_regular(self.journal, self.journal, nofollow=True)
            self._fail_journal(error, whole[0] if whole else data)
        return moved

    def fail(self, reason: str, raw: bytes) -> NoReturn:
        """Mark the snapshot damaged: keep a copy, refuse writes, raise CorruptFileError."""
        copy = quarantine(self.named, raw) if self.keep_copies else None
        self._refuse(reason, copy)

    def _fail_journal(self, reason: str, raw: bytes) -> NoReturn:
        named = self.named.with_name(self.named.name + ".journal")
        self._refuse(reason, quarantine(named, raw) if self.keep_copies else None)

    def _refuse(self, reason: str, copy: Path | None) -> NoReturn:
        error = damage_error(self.named, reason, copy, self.keep_copies)
        self.read_only_reason = str(error)
        raise error

    def read(self) -> dict[str, dict[str, Any]]:
        # TinyDB edits the documents it is given in place: hand out copies.
        return {name: {k: dict(v) for k, v in table.items()} for name, table in self._tables.items()}

    def records(self, table: str) -> Table:
        """One table's records (read-only), keyed by document id."""
        found = self._tables.get(table)
        return found if found is not None else Table()

    def take_changed(self, table: str) -> set[str]:
        """Keys of ``table`` changed (here or by others) since the last call or reload."""
        return self._changed.pop(table, set())

    # -- locking ---------------------------------------------------------
    @contextmanager
    def locked(self, refresh: bool = True) -> Iterator[None]:
        """Exclusive access to the files for a read-modify-write (re-entrant)."""
        with self._mutex:
            if self.read_only_reason:
                raise StoreReadOnlyError(self.read_only_reason)
            if self._depth:
                self._depth += 1
                try:
                    yield
                finally:
                    self._depth -= 1
                return
            self._lock.acquire(self.LOCK_TIMEOUT)
            self._depth = 1
            try:
                if not self._swept:
                    self._sweep()
                if refresh:
                    self.refresh()
                    self._trim()
                yield
            finally:
                self._depth = 0
                self._lock.release()

    def sweep_if_idle(self) -> None:
        """At open: remove temp files a killed writer left, unless another instance is saving now."""
        with self._mutex:
            if self.read_only_reason or self._swept or not self._lock.try_acquire():
                return
            try:
                self._sweep()
            finally:
                self._lock.release()

    def _sweep(self) -> None:
        # Writers create temp files only while holding the lock, so any seen
        # by the lock holder was left by a killed process.
        self._swept = True
        sweep_temps(self.path, self.index)

    def _trim(self) -> None:
        """Under the lock, after a refresh: cut a torn last journal line (its writer is dead)."""
        log = self._stat(self.journal)
        if log is not None and log.st_size > self._joff:
            self._torn(log.st_size - self._joff)
            try:
                journal.truncate(self.journal, self._joff)
            except OSError as exc:
                raise self._write_error(exc) from None

    # -- writing ---------------------------------------------------------
    def _write_error(self, exc: OSError) -> StoreWriteError:
        return write_error(self.named, exc)

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        """TinyDB's full write: a new snapshot of ``data``."""
        with self._mutex:
            tables = {name: Table(loose={str(k): dict(v) for k, v in table.items()}) for name, table in data.items()}
            self._guarded(lambda: self._compact(replace=tables))

    def save(self, table: str, change: Change) -> None:
        """Save one change to ``table``: a journal line (or a first snapshot), then memory."""
        with self._mutex:
            self._guarded(lambda: self._save(table, change))

    def _guarded(self, commit: Callable[[], None]) -> None:
        if self.read_only_reason:
            raise StoreReadOnlyError(self.read_only_reason)
        if self._depth:
            commit()
            return
        # A write outside locked(): it must not clobber what another process saved.
        with self.locked(refresh=False):
            if self.refresh():
                raise StoreConflictError(t("ann.error.conflict", path=self.named))
            self._trim()
            commit()

    def _save(self, name: str, change: Change) -> None:
        if not change:
            return
        if self._sig is None:  # no snapshot yet: the first save writes one
            self._compact(pending=(name, change))
            return
        line = journal.encode(name, change)
        self._append(line)
        self._changed.setdefault(name, set()).update(journal.apply(self._tables, name, change))
        if self._joff > max(self.COMPACT_MIN, self._sig[1] * self.COMPACT_SHARE):
            with contextlib.suppress(StoreWriteError):  # the save is durable; compaction is tried again later
                self._compact()

    def _append(self, line: bytes) -> None:
        try:
            self._jino = journal.append(self.journal, line, self._joff, _write_all, _datasync)
        except journal.JournalMoved:  # cannot happen under the lock; never append after bytes we do not hold
            raise StoreConflictError(t("ann.error.conflict", path=self.named)) from None
        except OSError as exc:
            raise self._write_error(exc) from None
        self._joff += len(line)

    def _compact(self, pending: tuple[str, Change] | None = None, replace: Tables | None = None) -> None:
        """Write the state (plus ``pending``, or ``replace`` instead) as the new snapshot; empty the journal."""
        tables = replace if replace is not None else self._tables
        undo: list[tuple[Table, dict[str, Any]]] = []
        if pending is not None:
            name, change = pending
            table = tables.setdefault(name, Table())
            undo.append((table, {key: table.get(key) for key in change.touched()}))
            journal.apply(tables, name, change)
        try:
            raw, bases = payload(tables)
            atomic_write(self.path, raw, write=_write_all)
            st = os.stat(self.path)
        except BaseException as exc:
            for table, old in undo:
                for key, rec in old.items():
                    table.set(key, rec)
            if isinstance(exc, OSError):
                raise self._write_error(exc) from None
            raise
        # From here on the new snapshot is durable: nothing below may fail the save.
        self._tables = {name: Table(base) for name, base in bases.items()}
        self._raw, self._sig, self._had_content = raw, _sig(st), True
        self._write_index()
        try:
            journal.truncate(self.journal, 0)
            self._joff = 0
        except FileNotFoundError:
            self._joff = 0
        except OSError:
            pass  # replaying the journal over a snapshot that holds it changes nothing
        if pending is not None:
            self._changed.setdefault(pending[0], set()).update(pending[1].touched())
        elif replace is not None:
            self.generation += 1

    def _write_index(self) -> None:
        """Write the index of the snapshot our tables lie over (derived data: failures are fine)."""
        if self._raw is None or any(table.changed for table in self._tables.values()):
            return
        try:
            atomic_write(self.index, index_bytes(self._raw, {name: t.base for name, t in self._tables.items()}))
            self._indexed = True
        except OSError:
            self._indexed = False  # the next open reads the snapshot line by line

    def compact(self) -> None:
        """Fold the journal into a new snapshot now."""
        with self._mutex, self.locked():
            self._compact()

    def close(self) -> None:
        """Compact if the journal holds anything (or index a snapshot read the slow way); release the lock."""
        with self._mutex:
            try:
                if not self.read_only_reason and self.loaded and self._sig is not None:
                    self._close_compact()
            except StoreError:
                pass  # nothing is lost: the journal stays and is replayed next time
            self._lock.close()

    def _close_compact(self) -> None:
        self.refresh()
        if not self._joff and (self._indexed or self._raw is None):
            return  # nothing to fold, and nothing to index (a foreign layout is left as it is)
        self._lock.acquire(1.0)  # another instance busy saving: it will compact when it closes
        try:
            self.refresh()
            self._trim()
            if self._joff:
                self._compact()
            elif not self._indexed:
                self._write_index()
        finally:
            self._lock.release()
