"""Provides loading a Document from a processed .json or a raw plan file (.txt, .html, .docx, .pdf)."""

from __future__ import annotations

import contextlib
import dataclasses
from pathlib import Path

from tui import locations
from tui.document.model import Document
from tui.document.serialize import load_json, write_json
from tui.errors import UserError
from tui.i18n import t
from tui.ingest.decode import read_bytes

TYPE_CHECKING = False  # as typing's, without importing typing (2 ms of a search)
if TYPE_CHECKING:
    from collections.abc import Sequence

    from tui.ingest.formats import Extracted
    from tui.ingest.pipeline import Imported, Timings
    from tui.ingest.repair import ErrataEntry

# The pipeline (and its language model) is imported only when a raw file is
# really imported: opening a processed .json must stay fast at start-up.


def errata_entries(*paths: Path) -> tuple[ErrataEntry, ...]:
    """The errata beside each of ``paths`` (a raw plan, its processed copies), merged;
    for the same damaged text a later file's fix wins."""
    from tui.ingest.errata import merged
    from tui.ingest.repair import load_errata

    out: tuple[ErrataEntry, ...] = ()
    seen: set[Path] = set()
    for p in paths:
        path = locations.errata_for(p)
        if path.resolve() not in seen and path.exists():
            seen.add(path.resolve())
            out = merged(out, load_errata(path))
    return out


def extract_file(path: Path, data: bytes) -> Extracted:
    """The text of a raw plan file of any supported format (one-line errors otherwise)."""
    from tui.ingest.formats import extract, sniff

    # A file named as a PDF or Word file whose bytes are no such file (text, a web page) is
    # refused as what it claims to be, not read as text; a PDF misnamed .docx is still a PDF.
    claimed = {".pdf": "pdf", ".docx": "docx"}.get(path.suffix.lower())
    if claimed and sniff(path, data) not in ("pdf", "docx", "doc"):
        raise UserError(t(f"ingest.error.not_{claimed}", name=path))
    return extract(path, data)


def check_input(path: str | Path) -> None:
    """Raise the one-line UserError that importing ``path`` would give for its file or format.

    For the reader to call before it starts the UI: a missing, empty, huge,
    binary, old-Word or scanned file fails here, not in a worker.
    """
    p = Path(path)
    data = read_bytes(p)
    if not _looks_like_json(p, data):
        extract_file(p, data)


def run_file(raw_path: str | Path, timings: Timings | None = None, copies: Sequence[Path] = ()) -> Imported:
    """Run the pipeline on a raw plan file with the errata beside it and beside its
    processed ``copies`` (where a reader keeps the fixes a person reviewed); also what it removed."""
    from tui.ingest.pipeline import run_import

    path = Path(raw_path)
    extracted = extract_file(path, read_bytes(path))
    imported = run_import(extracted.text, str(path), errata_entries(path, *copies), timings, extracted)
    return dataclasses.replace(imported, fmt=extracted.fmt)


def import_file(raw_path: str | Path, timings: Timings | None = None) -> Document:
    """Run the pipeline on a raw plan file (with its errata, if shipped)."""
    return run_file(raw_path, timings).doc


def _looks_like_json(path: Path, data: bytes) -> bool:
    return path.suffix.lower() == ".json" or data[:64].lstrip().startswith(b"{")


def cache_path(path: Path, data: bytes) -> Path:
    """Where the import of raw ``data`` (read from ``path``) is cached: keyed by the
    content and by the errata beside it, so that a reviewed fix makes a new entry."""
    errata = locations.errata_for(path)
    extra = errata.read_bytes() if errata.is_file() else b""
    import hashlib  # here: the search CLI never imports raw plans, and pays nothing for it

    key = hashlib.sha256(data + b"\0" + extra).hexdigest()[:24]
    return locations.cache_dir() / f"{key}.json"


def _cached_import(path: Path, data: bytes) -> Document:
    """Import a raw file, caching the result by content (and errata) hash."""
    cache = cache_path(path, data)
    if cache.exists():
        try:
            return load_json(cache)
        except UserError:
            pass  # a stale or broken cache entry is simply rebuilt
    from tui.ingest.pipeline import run_import

    extracted = extract_file(path, data)
    doc = run_import(extracted.text, str(path), errata_entries(path), None, extracted).doc
    # Caching is an optimisation; a read-only home must not block reading.
    with contextlib.suppress(OSError):
        write_json(doc, cache)
    return doc


def load_document(path: str | Path | None = None) -> Document:
    """The bundled plan for None; a processed .json; or a raw plan file imported on the fly."""
    if path is None:
        if locations.BUNDLED_DOC.exists():
            return load_json(locations.BUNDLED_DOC)
        return import_file(locations.BUNDLED_RAW)
    p = Path(path)
    data = read_bytes(p)  # uniform one-line errors for missing/dir/empty/huge files
    if _looks_like_json(p, data):
        return load_json(p)
    return _cached_import(p, data)
