"""Provides reading a file the user named, with one-line errors for every failure."""

from __future__ import annotations

from pathlib import Path

from tui.errors import UserError


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
