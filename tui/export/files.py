"""Provides atomic writing of export files and their default paths."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tui.errors import UserError
from tui.files import atomic_write
from tui.locations import exports_dir

EXTENSIONS = {"md": "md", "csv": "csv", "json": "json"}


def format_for(path: Path | str, default: str = "md") -> str:
    """The format a file name asks for (by extension), else ``default``."""
    suffix = Path(path).suffix.lower().lstrip(".")
    return {"md": "md", "markdown": "md", "csv": "csv", "json": "json"}.get(suffix, default)


def default_export_path(scope: str, fmt: str, date: dt.date | str | None = None) -> Path:
    """``annotations/exports/<scope>-<date>.<ext>`` under the current directory."""
    if fmt not in EXTENSIONS:
        raise UserError(f"unknown export format {fmt!r} (use md, csv or json)")
    day = date.isoformat() if isinstance(date, dt.date) else (date or dt.date.today().isoformat())
    return exports_dir() / f"{scope}-{day}.{EXTENSIONS[fmt]}"


def write_file(text: str, path: Path | str) -> Path:
    """Write ``text`` as UTF-8 atomically (temp file, fsync, rename); creates folders."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_dir():
            raise UserError(f"cannot write {path}: it is a directory")
        atomic_write(path, text.encode("utf-8"))
    except OSError as exc:
        raise UserError(f"cannot write {path}: {exc.strerror or exc}") from None
    return path
