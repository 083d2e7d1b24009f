"""Provides run_app: check the document argument, then run the Textual app.

Kept free of Textual imports until the input is known to be good, so that a
bad DOC gives a one-line error without starting the UI.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tui import locations
from tui.document.model import Document
from tui.errors import UserError
from tui.i18n import t

if TYPE_CHECKING:
    from tui.library import Library


Plan = tuple[Document, "Path | None"]  # a plan and the file it was opened from (None: bundled)


@dataclass(frozen=True)
class Opening:
    """What to show: loaded plans, or a loader to run in a worker (raw files to import)."""

    document: Document | None
    loader: Callable[[], list[Plan]] | None
    name: str
    source: Path | None = None  # the first plan's file (None: the bundled plan)
    more: tuple[Plan, ...] = ()  # further plans, opened beside the first


def _checked(ref: str, library: Library) -> Plan | Path:
    """A plan named on the command line, loaded if that is quick; a raw file to import later."""
    from tui.document.serialize import load_json
    from tui.ingest.decode import read_bytes
    from tui.ingest.load import check_input
    from tui.library.names import names_a_file

    if not names_a_file(ref):
        from tui.library.catalog import named_plan

        doc, found = named_plan(ref, library)  # a library name or the bundled plan's; one-line error if unknown
        return doc, _own_file(found)
    path = Path(ref).expanduser()
    data = read_bytes(path)  # one-line errors: missing, directory, empty, too large
    if path.suffix.lower() == ".json" or data.lstrip()[:1] == b"{":
        return load_json(path), _own_file(path.absolute())
    check_input(path)  # binary, old Word, scanned PDF … fail here, not in the UI
    return path.absolute()


def _own_file(path: Path) -> Path | None:
    """``path``, or None for the bundled plan's file: reviews are never written into the installed package."""
    return None if path.resolve() == locations.BUNDLED_DOC.resolve() else path


def prepare(refs: Sequence[str] = (), every: bool = False, library_dir: str | None = None) -> Opening:
    """Check the plans named (files or library names; ``every``: the whole library) and load
    what is quick (processed JSON); raw files are left to a worker in the app.

    Raises UserError for a missing, unreadable or damaged file or an unknown name.
    """
    from tui.document.serialize import load_json

    if not refs and not every:
        if locations.BUNDLED_DOC.exists():
            return Opening(load_json(locations.BUNDLED_DOC), None, locations.BUNDLED_DOC.name)
        if not locations.BUNDLED_RAW.exists():
            raise UserError(t("error.no_bundled", path=locations.BUNDLED_RAW))
        return Opening(None, _import_later([None]), locations.BUNDLED_RAW.name)
    from tui.library import Library, every_plan  # here: the bundled plan needs no library (about 4 ms at start)

    library = Library(library_dir)
    items: list[Plan | Path] = [_checked(ref, library) for ref in refs]
    if every:
        items.extend((doc, _own_file(path)) for doc, path in every_plan(library))
    name = Path(refs[0]).name if refs else str(library.folder)
    if any(isinstance(item, Path) for item in items):
        return Opening(None, _import_later(items, library_dir), name)
    plans = _unique([item for item in items if not isinstance(item, Path)])
    (first, source), *more = plans
    return Opening(first, None, name, source, tuple(more))


def _unique(plans: Sequence[Plan]) -> list[Plan]:
    """Each plan once (a file named twice, or also in the library), in the order given."""
    seen: set[str] = set()
    out = []
    for doc, source in plans:
        if doc.id not in seen:
            seen.add(doc.id)
            out.append((doc, source))
    return out


def _import_later(items: Sequence[Plan | Path | None], library_dir: str | None = None) -> Callable[[], list[Plan]]:
    def load() -> list[Plan]:
        from tui.ingest.load import load_document
        from tui.library import Library

        library = Library(library_dir)
        # A raw file gets the id its import into the library would give (another plan may share its title).
        plans = [item if isinstance(item, tuple) else (library.distinct(load_document(item))[0], item)
                 for item in items]
        return _unique(plans)

    return load


def run_app(refs: Sequence[str], db: str | None, every: bool = False, library: str | None = None,
            opened: Callable[[], None] = lambda: None) -> int:
    """Open the reader on the plans named (none: the bundled plan); returns the exit code.
    ``opened`` runs once the plans were read and shown (not when opening them failed)."""
    if db and Path(db).expanduser().is_dir():  # said now, not at the first note
        raise UserError(t("ann.error.is_dir", path=Path(db).expanduser()))
    opening = prepare(refs, every, library)
    from tui.ui.app import PolicyApp

    app = PolicyApp(opening.document, loader=opening.loader, source_name=opening.name, source=opening.source,
                    more=opening.more, db=db)
    code = app.run()
    if app.load_error:
        raise UserError(t("load.failed", error=app.load_error))
    opened()
    return code or 0
