"""Provides safe writing of export files and their default paths."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tui.errors import UserError
from tui.files import atomic_write
from tui.i18n import t
from tui.locations import exports_dir

EXTENSIONS = {"md": "md", "csv": "csv", "json": "json"}


class ExportExists(UserError):
    """The target exists and overwriting was not allowed (the dialog asks; the CLI wants --force)."""


def format_for(path: Path | str, default: str = "md") -> str:
    """The format a file name asks for (by extension), else ``default``."""
    suffix = Path(path).suffix.lower().lstrip(".")
    return {"md": "md", "markdown": "md", "csv": "csv", "json": "json"}.get(suffix, default)


def default_export_path(scope: str, fmt: str, date: dt.date | str | None = None,
                        folder: Path | None = None) -> Path:
    """``<folder>/<scope>-<date>.<ext>``; the folder defaults to the exports beside the default notes."""
    if fmt not in EXTENSIONS:
        raise UserError(t("export.error.format", fmt=fmt))
    day = date.isoformat() if isinstance(date, dt.date) else (date or dt.date.today().isoformat())
    return (folder or exports_dir()) / f"{scope}-{day}.{EXTENSIONS[fmt]}"


def write_file(text: str, path: Path | str, *, overwrite: bool = False, parents: bool = False) -> Path:
    """Write ``text`` as UTF-8 atomically (temp file, fsync, rename); the absolute path.

    An existing file is replaced only with ``overwrite`` (ExportExists
    otherwise).  A missing folder is created only when its own parent exists
    (a mistyped path must not sprout folders anywhere), or with ``parents``.
    """
    path = Path(path).expanduser().absolute()
    folder = path.parent
    try:
        if path.is_dir():
            raise UserError(t("export.error.is_dir", path=path))
        if path.exists() and not overwrite:
            raise ExportExists(t("export.error.exists", path=path))
        if not folder.is_dir():
            if folder.exists():
                raise UserError(t("export.error.not_dir", path=folder))
            if not parents and not folder.parent.is_dir():
                raise UserError(t("export.error.no_folder", path=folder.parent))
            folder.mkdir(parents=True, exist_ok=True)
        atomic_write(path, text.encode("utf-8"))
    except OSError as exc:
        raise UserError(t("export.error.write", path=path, error=exc.strerror or exc)) from None
    return path
