"""Provides the store's file handling: its errors, safe reads, side files and damaged-file copies."""

from __future__ import annotations

import glob
import os
import stat
import time
from pathlib import Path

from tui.errors import UserError
from tui.files import write_all
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
