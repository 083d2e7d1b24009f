"""Provides reading a file the user named, with one-line errors for every failure."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from tui.errors import UserError

# Size limits of plan files, stated in the README.  A raw plan of any format is
# read up to MAX_INPUT_BYTES and imported up to MAX_TEXT_CHARS of text; the
# processed document that import writes stays under MAX_DOCUMENT_BYTES, the
# limit the reader, dump and search open it with.
MAX_INPUT_BYTES = 32 * 1024 * 1024
MAX_TEXT_CHARS = 4_000_000  # about 130 times the bundled plan
MAX_DOCUMENT_BYTES = 256 * 1024 * 1024


def read_user_file(path: str | Path, what: str, max_bytes: int, allow_empty: bool = False) -> bytes:
    """The bytes of ``path``; a UserError naming ``what`` if it cannot be used."""
    p = Path(path)
    try:
        if p.is_dir():
            raise UserError(f"{p}: is a directory, not {what}")
        size = p.stat().st_size
        if size > max_bytes:
            raise UserError(
                f"{p}: {size / 1024 / 1024:.1f} MB is too large for {what} "
                f"(limit {max_bytes // 1024 // 1024} MB)"
            )
        data = p.read_bytes()
    except FileNotFoundError:
        raise UserError(f"{p}: no such file") from None
    except PermissionError:
        raise UserError(f"{p}: permission denied") from None
    except OSError as exc:
        raise UserError(f"{p}: cannot read ({exc.strerror or exc})") from None
    if not allow_empty and not data.strip():
        raise UserError(f"{p}: the file is empty")
    return data


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write(path: str | Path, data: bytes) -> Path:
    """Write ``data`` so that a crash leaves the old file or the new, never half.

    Temp file in the same folder, fsync, rename over the target; the file gets
    the ordinary 0644-minus-umask mode (mkstemp alone would make it private).
    Raises OSError; callers turn it into their own one-line message.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
