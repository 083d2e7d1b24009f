"""Provides loading a Document from a processed .json or a raw .txt plan."""

from __future__ import annotations

import contextlib
import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from tui import locations
from tui.document.model import Document
from tui.document.serialize import load_json, write_json
from tui.errors import UserError
from tui.ingest.decode import decode_bytes, read_bytes

if TYPE_CHECKING:
    from tui.ingest.pipeline import Timings
    from tui.ingest.repair import ErrataEntry

# The pipeline (and its language model) is imported only when a raw file is
# really imported: opening a processed .json must stay fast at start-up.


def errata_entries(raw_path: Path) -> tuple[ErrataEntry, ...]:
    """The reviewed errata shipped beside a raw plan, if any."""
    from tui.ingest.repair import load_errata

    path = locations.errata_for(raw_path)
    return load_errata(path) if path.exists() else ()


def import_file(raw_path: str | Path, timings: Timings | None = None) -> Document:
    """Run the pipeline on a raw plan file (with its errata, if shipped)."""
    from tui.ingest.pipeline import import_text

    path = Path(raw_path)
    text = decode_bytes(read_bytes(path), str(path))
    return import_text(text, source=str(path), errata=errata_entries(path), timings=timings)


def _looks_like_json(path: Path) -> bool:
    if path.suffix.lower() == ".json":
        return True
    try:
        with path.open("rb") as fh:
            return fh.read(64).lstrip().startswith(b"{")
    except OSError:
        return False


def _cached_import(path: Path) -> Document:
    """Import a raw file, caching the result by content hash."""
    data = read_bytes(path)
    key = hashlib.sha256(data).hexdigest()[:24]
    cache = locations.cache_dir() / f"{key}.json"
    if cache.exists():
        try:
            return load_json(cache)
        except UserError:
            pass  # a stale or broken cache entry is simply rebuilt
    from tui.ingest.pipeline import import_text

    doc = import_text(decode_bytes(data, str(path)), source=str(path), errata=errata_entries(path))
    # Caching is an optimisation; a read-only home must not block reading.
    with contextlib.suppress(OSError):
        write_json(doc, cache)
    return doc


def load_document(path: str | Path | None = None) -> Document:
    """The bundled plan for None; a processed .json; or a raw .txt imported on the fly."""
    if path is None:
        if locations.BUNDLED_DOC.exists():
            return load_json(locations.BUNDLED_DOC)
        return import_file(locations.BUNDLED_RAW)
    p = Path(path)
    read_bytes(p)  # uniform one-line errors for missing/dir/empty/huge files
    if _looks_like_json(p):
        return load_json(p)
    return _cached_import(p)

