"""Provides AtomicJSONStorage: a TinyDB storage with atomic, locked, cached JSON writes.

File format: ordinary JSON (UTF-8, Chinese kept as is) laid out one record per
line, so that a change to one annotation is a one-line git diff::

    {
    "annotations": {
    "<uuid>": {"uuid": "...", ...},
    "<uuid>": {...}
    }
    }

Each record's line is kept in memory, so ``put`` (the fast path used by the
store) serialises only the records it changes; the rest is a join and one
write. TinyDB's generic ``write`` re-serialises everything, since its
operations may have edited records in place.
"""

from __future__ import annotations

import errno
import fcntl
import glob
import os
import queue
import re
import secrets
import stat
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from types import MappingProxyType
from typing import Any, NoReturn

import orjson
from tinydb.storages import Storage

from tui.errors import UserError
from tui.i18n import t

Signature = tuple[int, int, int]  # inode, size, mtime_ns: "has the file changed?"
Tables = dict[str, dict[str, Any]]


class StoreError(UserError):
    """The annotation database cannot be used as asked; the message says why."""


class StoreWriteError(StoreError):
    """A save failed (read-only directory, full disk, lock busy); nothing was changed."""


class StoreReadOnlyError(StoreWriteError):
    """The database was opened read-only (damaged or newer file); saves are refused."""


class StoreConflictError(StoreWriteError):
    """Another process saved since we read; this unlocked write was refused."""


class CorruptFileError(StoreError):
    """The file is not a readable annotation database; ``copy`` is where it was kept."""

    def __init__(self, message: str, reason: str, copy: Path | None) -> None:
        super().__init__(message)
        self.reason = reason
        self.copy = copy


def _dumps(value: object) -> bytes:
    return orjson.dumps(value)


def _line(key: str, record: object) -> bytes:
    return _dumps(key) + b": " + _dumps(record)


def _payload(lines: Mapping[str, Mapping[str, bytes]]) -> list[bytes]:
    """The file as chunks (one line per record, tables in order).

    Chunks are written one after another rather than concatenated: each
    concatenation would copy several MB.
    """
    out = [b"{\n"]
    for n, (name, table) in enumerate(lines.items()):
        if n:
            out.append(b",\n")
        if table:
            out += [_dumps(name) + b": {\n", b",\n".join(table.values()), b"\n}"]
        else:
            out.append(_dumps(name) + b": {}")
    out.append(b"\n}\n")
    return out


def parse(raw: bytes) -> Tables:
    """Tables from file bytes; raises ValueError with a short reason if malformed."""
    if raw.startswith(b"\xef\xbb\xbf"):  # a BOM added by an editor is harmless
        raw = raw[3:]
    if not raw.strip():
        return {}
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise ValueError(str(exc)) from None
    if not isinstance(data, dict):
        raise ValueError("top level is not an object")
    for name, table in data.items():
        if not isinstance(table, dict):
            raise ValueError(f"table {name!r} is not an object")
        for key, record in table.items():
            if not isinstance(record, dict):
                raise ValueError(f"record {key!r} is not an object")
    return data


def quarantine(path: Path, raw: bytes) -> Path | None:
    """Keep a copy of a damaged file as ``NAME.corrupt-<timestamp>``; never overwrite.

    An identical earlier copy is reused so that reopening a damaged file does
    not pile up duplicates. Returns None if no copy could be written.
    """
    try:
        for old in path.parent.glob(f"{glob.escape(path.name)}.corrupt-*"):
            if old.is_file() and old.stat().st_size == len(raw) and old.read_bytes() == raw:
                return old
    except OSError:
        pass
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    base = f"{path.name}.corrupt-{stamp}"
    for n in range(1000):
        candidate = path.with_name(base if n == 0 else f"{base}-{n}")
        try:
            fd = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o644)
        except FileExistsError:
            continue
        except OSError:
            return None
        try:
            _write_all(fd, (raw,))
            os.fsync(fd)
        except OSError:
            os.close(fd)
            return None
        os.close(fd)
        return candidate
    return None


def _write_all(fd: int, chunks: Iterable[bytes]) -> None:
    for chunk in chunks:
        view = memoryview(chunk)
        while view:
            view = view[os.write(fd, view):]


def _fsync_dir(directory: Path) -> None:
    # Makes the rename itself durable; some file systems refuse, which is fine.
    try:
        fd = os.open(directory, os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


_closing: queue.SimpleQueue[int] | None = None
_closing_guard = threading.Lock()


def _close_later(fd: int, size: int) -> None:
    """Close the replaced file; for a big one, in a background thread.

    The last close frees the old file's blocks, which takes milliseconds for a
    file of several MB; the save is already durable, so nobody should wait.
    """
    global _closing
    if size < 1 << 20:
        os.close(fd)
        return
    with _closing_guard:
        if _closing is None:
            _closing = queue.SimpleQueue()
            threading.Thread(target=_closer, args=(_closing,), name="db-close-old", daemon=True).start()
    _closing.put(fd)


def _closer(fds: queue.SimpleQueue[int]) -> None:
    while True:
        os.close(fds.get())


def _strerror(exc: OSError) -> str:
    return exc.strerror or str(exc)


class AtomicJSONStorage(Storage):
    """TinyDB storage: read once, keep in memory, write atomically under a file lock.

    ``locked()`` is the read-modify-write transaction: it takes an exclusive
    ``flock`` on ``NAME.lock`` beside the file, re-reads the file if another
    process replaced it, and holds the lock while TinyDB writes.
    """

    LOCK_TIMEOUT = 10.0

    def __init__(
        self,
        path: str | Path,
        read_only_reason: str | None = None,
        load: bool = True,
        keep_copies: bool = True,
    ) -> None:
        super().__init__()
        # Write through a symlink (e.g. into a synced folder) rather than replace it.
        self.path = Path(os.path.realpath(path))
        self.read_only_reason = read_only_reason
        self.keep_copies = keep_copies  # False: report damage without writing a copy
        self.generation = 0  # bumped each time the data is (re)loaded from disk
        self._data: Tables = {}
        self._sig: Signature | None = None
        self._lines: dict[str, dict[str, bytes]] = {}  # table -> key -> '"key": {...}'
        self._raw: bytes | None = None  # file bytes, kept until the line cache is built
        self._mutex = threading.RLock()
        self._lock_fd = -1
        self._depth = 0
        self._swept = False
        if load:
            self._load()

    # -- reading ---------------------------------------------------------
    def _stat(self) -> Signature | None:
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return None
        except OSError as exc:  # e.g. a parent that is a file, or no permission
            raise StoreError(t("ann.error.unreadable", path=self.path, error=_strerror(exc))) from None
        return (st.st_ino, st.st_size, st.st_mtime_ns)

    def _load(self) -> None:
        """(Re)read the file; raises CorruptFileError (after keeping a copy) if damaged."""
        try:
            fd = os.open(self.path, os.O_RDONLY | os.O_CLOEXEC)
        except FileNotFoundError:
            self._install({}, None, None)
            return
        except OSError as exc:
            raise StoreError(t("ann.error.unreadable", path=self.path, error=_strerror(exc))) from None
        try:
            st = os.fstat(fd)
            if stat.S_ISDIR(st.st_mode):
                raise StoreError(t("ann.error.is_dir", path=self.path))
            chunks = []
            while chunk := os.read(fd, 1 << 22):
                chunks.append(chunk)
        except OSError as exc:
            raise StoreError(t("ann.error.unreadable", path=self.path, error=_strerror(exc))) from None
        finally:
            os.close(fd)
        raw = b"".join(chunks)
        sig = (st.st_ino, st.st_size, st.st_mtime_ns)
        try:
            data = parse(raw)
        except ValueError as exc:
            # Remember the broken version so that we do not re-read it until it changes.
            self._sig = sig
            self.fail(str(exc), raw)
        self._install(data, sig, raw)

    def _install(self, data: Tables, sig: Signature | None, raw: bytes | None) -> None:
        self._data = data
        self._sig = sig
        self._raw = raw
        self._lines = {}
        self.generation += 1

    def fail(self, reason: str, raw: bytes | None = None) -> NoReturn:
        """Mark the file damaged: keep a copy, refuse writes, raise CorruptFileError."""
        if raw is None:
            raw = self._raw if self._raw is not None else b""
        copy = quarantine(self.path, raw) if self.keep_copies else None
        if not self.keep_copies:
            message = t("ann.error.damaged", path=self.path, reason=reason)
        elif copy is None:
            message = t("ann.error.corrupt_nocopy", path=self.path, reason=reason)
        else:
            message = t("ann.error.corrupt", path=self.path, reason=reason, copy=copy)
        self.read_only_reason = message
        raise CorruptFileError(message, reason, copy)

    def refresh(self) -> bool:
        """Re-read the file if another process replaced it; True if the data changed."""
        with self._mutex:
            if self._stat() == self._sig:
                return False
            self._load()
            return True

    def read(self) -> Tables:
        # TinyDB replaces whole tables in the returned mapping; copying the
        # table level keeps our state untouched until a write succeeds.
        return {name: dict(table) for name, table in self._data.items()}

    def records(self, table: str) -> Mapping[str, Mapping[str, Any]]:
        """A read-only view of one table's records, keyed by document id."""
        return MappingProxyType(self._data.get(table, {}))

    # -- locking ---------------------------------------------------------
    @contextmanager
    def locked(self, refresh: bool = True) -> Iterator[None]:
        """Exclusive access to the file for a read-modify-write (re-entrant)."""
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
            self._acquire()
            self._depth = 1
            try:
                if refresh:
                    self.refresh()
                if not self._swept:
                    self._sweep_temps()
                yield
            finally:
                self._depth = 0
                fcntl.flock(self._lock_fd, fcntl.LOCK_UN)

    def _acquire(self) -> None:
        directory = self.path.parent
        try:
            if self._lock_fd < 0:
                directory.mkdir(parents=True, exist_ok=True)
                lock_path = self.path.with_name(self.path.name + ".lock")
                self._lock_fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
            deadline = time.monotonic() + self.LOCK_TIMEOUT
            while True:
                try:
                    fcntl.flock(self._lock_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    return
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise StoreWriteError(t("ann.error.locked", path=self.path)) from None
                    time.sleep(0.005)
        except OSError as exc:
            raise StoreWriteError(t("ann.error.write", path=self.path, error=_strerror(exc))) from None

    def _sweep_temps(self) -> None:
        # Writers only create temp files while holding the lock, so any temp
        # file seen now was left by a killed process.
        self._swept = True
        pattern = re.compile(rf"\.{re.escape(self.path.name)}\.[0-9a-f]{{8}}\.tmp")
        try:
            for entry in os.scandir(self.path.parent):
                if pattern.fullmatch(entry.name):
                    os.unlink(entry.path)
        except OSError:
            pass

    # -- writing ---------------------------------------------------------
    def write(self, data: Tables) -> None:
        """TinyDB's full write: every record is serialised again."""
        with self._mutex:
            self._guarded(lambda: self._commit(data, {}))

    def put(self, table: str, records: Mapping[str, dict[str, Any]], remove: Iterable[str] = ()) -> None:
        """Set and remove whole records of ``table`` in one atomic write (the fast path).

        ``records`` must be fresh dicts: they are kept, not copied.
        """
        with self._mutex:
            self._guarded(lambda: self._put(table, records, tuple(remove)))

    def _guarded(self, commit: Callable[[], None]) -> None:
        if self.read_only_reason:
            raise StoreReadOnlyError(self.read_only_reason)
        if self._depth:
            commit()
            return
        # A write outside locked(): it must not clobber a newer file.
        with self.locked(refresh=False):
            if self._stat() != self._sig:
                self._load()
                raise StoreConflictError(t("ann.error.conflict", path=self.path))
            commit()

    def _put(self, name: str, records: Mapping[str, dict[str, Any]], remove: tuple[str, ...]) -> None:
        self._build_line_cache()
        table = dict(self._data.get(name, {}))
        lines = self._lines.get(name, {}).copy()
        for key in remove:
            table.pop(key, None)
            lines.pop(key, None)
        for key, record in records.items():
            table[key] = record
            lines[key] = _line(key, record)
        data = {**self._data, name: table}
        self._commit(data, {**self._lines, name: lines})

    def _commit(self, data: Tables, known: Mapping[str, dict[str, bytes]]) -> None:
        """Write ``data``; ``known`` holds complete, current lines for some tables."""
        lines: dict[str, dict[str, bytes]] = {}
        for name, table in data.items():
            cached = known.get(name)
            if cached is None or len(cached) != len(table):
                cached = {str(key): _line(str(key), record) for key, record in table.items()}
            lines[name] = cached
        try:
            sig = self._write_atomic(_payload(lines))
        except BaseException:
            if not known:
                # TinyDB may have edited records in place; go back to the file.
                self._sig = None
                try:
                    self._load()
                except StoreError:
                    pass
            raise
        self._data, self._lines, self._sig = dict(data), lines, sig

    def _build_line_cache(self) -> None:
        """Take each record's line from the file as read, if it is in our layout."""
        raw, self._raw = self._raw, None
        if raw is None:
            return
        lines = raw.split(b"\n")
        cache: dict[str, dict[str, bytes]] = {}
        if lines[0].rstrip() != b"{":
            return
        i = 1
        for name, table in self._data.items():
            head = lines[i].rstrip() if i < len(lines) else b""
            prefix = _dumps(name) + b": {"
            if not table:
                if head.rstrip(b",") != prefix + b"}":
                    return
                cache[name] = {}
                i += 1
                continue
            if head != prefix:
                return
            i += 1
            entries: dict[str, bytes] = {}
            for key in table:
                if i >= len(lines):
                    return
                line = lines[i].rstrip()
                if line.endswith(b","):
                    line = line[:-1]
                if not (line.startswith(_dumps(key) + b": ") and line.endswith(b"}")):
                    return
                entries[key] = line
                i += 1
            if i >= len(lines) or lines[i].rstrip().rstrip(b",") != b"}":
                return
            i += 1
            cache[name] = entries
        self._lines = cache

    def _write_atomic(self, payload: list[bytes]) -> Signature:
        """Temp file in the same directory, fsync, rename over, fsync the directory."""
        directory = self.path.parent
        tmp = directory / f".{self.path.name}.{secrets.token_hex(4)}.tmp"
        fd = old = -1
        try:
            directory.mkdir(parents=True, exist_ok=True)
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
            try:
                old = os.open(self.path, os.O_RDONLY | os.O_CLOEXEC)
                os.fchmod(fd, stat.S_IMODE(os.fstat(old).st_mode))
            except FileNotFoundError:
                pass  # a new file keeps the mode the umask gave it
            _write_all(fd, payload)
            os.fsync(fd)
            st = os.fstat(fd)
            os.close(fd)
            fd = -1
            os.replace(tmp, self.path)
        except BaseException as exc:
            for handle in (fd, old):
                if handle >= 0:
                    os.close(handle)
            try:
                os.unlink(tmp)
            except OSError:
                pass
            if isinstance(exc, OSError):
                error = t("ann.error.disk_full") if exc.errno == errno.ENOSPC else _strerror(exc)
                raise StoreWriteError(t("ann.error.write", path=self.path, error=error)) from exc
            raise
        _fsync_dir(directory)
        if old >= 0:
            _close_later(old, st.st_size)
        return (st.st_ino, st.st_size, st.st_mtime_ns)

    def close(self) -> None:
        with self._mutex:
            if self._lock_fd >= 0:
                os.close(self._lock_fd)
                self._lock_fd = -1
