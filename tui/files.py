"""Provides reading a file the user named (one-line errors) and the one atomic file writer."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Iterable
from pathlib import Path

from tui.errors import UserError
from tui.i18n import t

# Size limits of plan files, stated in the README.  A raw plan of any format is
# read up to MAX_INPUT_BYTES and imported up to MAX_TEXT_CHARS of text; the
# processed document that import writes stays under MAX_DOCUMENT_BYTES, the
# limit the reader, dump and search open it with.
MAX_INPUT_BYTES = 32 * 1024 * 1024
MAX_TEXT_CHARS = 4_000_000  # about 130 times the bundled plan
MAX_DOCUMENT_BYTES = 256 * 1024 * 1024


def read_user_file(path: str | Path, what: str, max_bytes: int, allow_empty: bool = False) -> bytes:
    """The bytes of ``path``; a UserError naming ``what`` (a catalogue key) if it cannot be used.

    Only a regular file is read: a FIFO would block for ever and a device
    such as ``/dev/zero`` would never end, so the file is opened without
    blocking and checked through its descriptor (no race with a swapped
    path) before a byte is read.  Reading stops one byte past ``max_bytes``,
    even if the file grows while it is read.
    """
    p = Path(path)
    try:
        fd = os.open(p, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise UserError(t("file.error.missing", path=p)) from None
    except PermissionError:
        raise UserError(t("file.error.permission", path=p)) from None
    except IsADirectoryError:
        raise UserError(t("file.error.is_dir", path=p, what=t(what))) from None
    except OSError as exc:
        raise UserError(t("file.error.read", path=p, error=exc.strerror or exc)) from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise UserError(t("file.error.is_dir", path=p, what=t(what)))
        if not stat.S_ISREG(mode):
            raise UserError(t("scale.file.not_regular", path=p))
        size = os.fstat(fd).st_size
        if size > max_bytes:
            raise _too_large(p, size, what, max_bytes)
        data = _read_capped(fd, max_bytes + 1)
        if len(data) > max_bytes:
            raise _too_large(p, len(data), what, max_bytes)
    except OSError as exc:
        raise UserError(t("file.error.read", path=p, error=exc.strerror or exc)) from None
    finally:
        os.close(fd)
    if not allow_empty and not data.strip():
        raise UserError(t("file.error.empty", path=p))
    return data


def _read_capped(fd: int, limit: int) -> bytes:
    """At most ``limit`` bytes from ``fd`` (a regular file: reads never block)."""
    chunks: list[bytes] = []
    left = limit
    while left > 0:
        chunk = os.read(fd, min(left, 1 << 24))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _too_large(p: Path, size: int, what: str, max_bytes: int) -> UserError:
    return UserError(t("file.error.too_large", path=p, size=f"{size / 1024 / 1024:.1f}", what=t(what),
                       limit=max_bytes // 1024 // 1024))


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


Chunks = Iterable[bytes | memoryview]


def write_all(fd: int, chunks: Chunks) -> None:
    """Write every chunk to ``fd`` (``os.write`` may write less than asked)."""
    for chunk in chunks:
        view = memoryview(chunk)
        while view:
            view = view[os.write(fd, view):]


def fsync_dir(directory: Path) -> None:
    """Make a rename in ``directory`` durable; file systems that refuse are fine."""
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


def temp_pattern(path: Path) -> re.Pattern[str]:
    """Names of the temp files ``atomic_write(path, ...)`` makes (to sweep those a kill left)."""
    return re.compile(rf"\.{re.escape(path.name)}\.[a-z0-9_]{{8}}\.tmp")


def atomic_write(path: str | Path, data: bytes | Chunks, *,
                 write: Callable[[int, Chunks], None] = write_all) -> Path:
    """Write ``data`` (bytes, or chunks) so that a crash leaves the old file or the new, never half.

    Temp file in the same folder, fsync, rename over the target, fsync the
    folder. An existing file keeps its permission bits; a new one gets
    0644 minus the umask (mkstemp alone would make it private). Raises
    OSError; callers turn it into their own one-line message. ``write`` is
    the chunk writer (a seam for fault tests).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        mode = 0o644 & ~_umask()
    import tempfile  # here: reading a plan (every command) never writes one

    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        try:
            write(fd, (data,) if isinstance(data, bytes | memoryview) else data)
            os.fsync(fd)
            os.fchmod(fd, mode)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)
    return path
