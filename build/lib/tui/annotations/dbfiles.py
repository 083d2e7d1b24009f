"""Provides the store's file handling: its errors, safe reads, side files and damaged-file copies."""

from __future__ import annotations

import errno
import fcntl
import glob
import os
import stat
import time
from pathlib import Path

from tui.errors import UserError
from tui.files import temp_pattern, write_all
from tui.i18n import t

MAX_BYTES = 512 * 1024 * 1024  # larger files are refused before reading


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


def strerror(exc: OSError) -> str:
    return exc.strerror or str(exc)


def quarantine(named: Path, raw: bytes) -> Path | None:
    """Keep a copy of a damaged file as ``NAME.corrupt-<timestamp>`` beside ``named``; never overwrite.

    An identical earlier copy is reused so that reopening a damaged file does
    not pile up duplicates. Returns None (leaving nothing behind) if no
    complete copy could be written.
    """
    try:
        for old in named.parent.glob(f"{glob.escape(named.name)}.corrupt-*"):
            if old.is_file() and old.stat().st_size == len(raw) and old.read_bytes() == raw:
                return old
    except OSError:
        pass
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    base = f"{named.name}.corrupt-{stamp}"
    for n in range(1000):
        candidate = named.with_name(base if n == 0 else f"{base}-{n}")
        try:
            fd = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o644)
        except FileExistsError:
            continue
        except OSError:
            return None
        try:
            write_all(fd, (raw,))
            os.fsync(fd)
        except OSError:
            candidate.unlink(missing_ok=True)  # a truncated copy is no copy
            return None
        finally:
            os.close(fd)
        return candidate
    return None


def read_regular(path: Path, named: Path, nofollow: bool = False) -> tuple[bytes, os.stat_result] | None:
    """The bytes of ``path`` (None if missing), read only if it is a regular file under MAX_BYTES.

    Opened non-blocking, so a FIFO is refused instead of waited on.
    """
    limit = MAX_BYTES
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | (os.O_NOFOLLOW if nofollow else 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreError(t("ann.error.unreadable", path=named, error=strerror(exc))) from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise StoreError(t("ann.error.is_dir", path=named))
        if not stat.S_ISREG(st.st_mode):
            raise StoreError(t("store.error.not_regular", path=named))
        if st.st_size > limit:
            raise StoreError(t("store.error.too_large", path=named, size=st.st_size >> 20, limit=limit >> 20))
        # os.read allocates what it is asked for: ask for the size once, then
        # small reads until the end (a file may grow while it is read).
        chunks = []
        left = limit + 1
        want = max(st.st_size, 1 << 16)
        while left > 0 and (chunk := os.read(fd, min(left, want))):
            chunks.append(chunk)
            left -= len(chunk)
            want = 1 << 16
    except OSError as exc:
        raise StoreError(t("ann.error.unreadable", path=named, error=strerror(exc))) from None
    finally:
        os.close(fd)
    raw = chunks[0] if len(chunks) == 1 else b"".join(chunks)
    if len(raw) > limit:
        raise StoreError(t("store.error.too_large", path=named, size=len(raw) >> 20, limit=limit >> 20))
    return raw, st


def open_side(path: Path, flags: int) -> int:
    """Open a file beside the database (journal, lock): never through a symlink, never a FIFO."""
    fd = os.open(path, flags | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, 0o666)
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise StoreError(t("store.error.not_regular", path=path))
    return fd


class FileLock:
    """An exclusive ``flock`` on a file beside the database (made on first use; never deleted)."""

    def __init__(self, path: Path, named: Path) -> None:
        self.path = path
        self.named = named  # the database, for messages
        self._fd = -1

    def _open(self, create: bool) -> bool:
        if self._fd < 0:
            try:
                self._fd = open_side(self.path, os.O_RDWR | (os.O_CREAT if create else 0))
            except FileNotFoundError:
                if create:
                    raise
                return False
        return True

    def acquire(self, timeout: float) -> None:
        """Wait up to ``timeout`` seconds; StoreWriteError (one line) if it stays busy or cannot be made."""
        try:
            if self._fd < 0:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._open(create=True)
            deadline = time.monotonic() + timeout
            while True:
                try:
                    fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    return
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise StoreWriteError(t("ann.error.locked", path=self.named)) from None
                    time.sleep(0.002)
        except OSError as exc:
            raise StoreWriteError(t("ann.error.write", path=self.named, error=strerror(exc))) from None

    def try_acquire(self) -> bool:
        """Take it now if it exists and is free (never creates it); True if taken."""
        try:
            if not self._open(create=False):
                return False
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except (OSError, StoreError):
            return False
        return True

    def release(self) -> None:
        fcntl.flock(self._fd, fcntl.LOCK_UN)

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1


def damage_error(named: Path, reason: str, copy: Path | None, kept: bool = True) -> CorruptFileError:
    """The one-line error for a damaged file (``kept``: a copy was attempted)."""
    if not kept:
        message = t("ann.error.damaged", path=named, reason=reason)
    elif copy is None:
        message = t("ann.error.corrupt_nocopy", path=named, reason=reason)
    else:
        message = t("ann.error.corrupt", path=named, reason=reason, copy=copy)
    return CorruptFileError(message, reason, copy)


def write_error(named: Path, exc: OSError) -> StoreWriteError:
    error = t("ann.error.disk_full") if exc.errno == errno.ENOSPC else strerror(exc)
    return StoreWriteError(t("ann.error.write", path=named, error=error))


def sweep_temps(*targets: Path) -> None:
    """Remove the temp files ``atomic_write`` left for ``targets`` (call with the lock held)."""
    patterns = [temp_pattern(target) for target in targets]
    try:
        for entry in os.scandir(targets[0].parent):
            if any(p.fullmatch(entry.name) for p in patterns):
                os.unlink(entry.path)
    except OSError:
        pass
