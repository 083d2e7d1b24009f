"""Provides run_app: check the document argument, then run the Textual app.

Kept free of Textual imports until the input is known to be good, so that a
bad DOC gives a one-line error without starting the UI.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tui import locations
from tui.document.model import Document
from tui.errors import UserError
from tui.i18n import t


@dataclass(frozen=True)
class Opening:
    """What to show: a loaded document, or a loader to run in a worker."""

    document: Document | None
    loader: Callable[[], Document] | None
    name: str
    source: Path | None = None  # the user's file (None: the bundled plan)


def _import_later(path: Path | None) -> Callable[[], Document]:
    def load() -> Document:
        from tui.ingest.load import load_document

        return load_document(path)

    return load


def prepare(doc: str | Path | None) -> Opening:
    """Validate ``doc`` and load it if that is quick (processed JSON).

    Raises UserError for a missing, unreadable or damaged file.  A raw plan
    (.txt, .html, .docx, .pdf) is only checked here; importing it is left to
    a worker in the app.
    """
    from tui.document.serialize import load_json
    from tui.ingest.decode import read_bytes
    from tui.ingest.load import check_input

    if doc is None:
        if locations.BUNDLED_DOC.exists():
            return Opening(load_json(locations.BUNDLED_DOC), None, locations.BUNDLED_DOC.name)
        if not locations.BUNDLED_RAW.exists():
            raise UserError(t("error.no_bundled", path=locations.BUNDLED_RAW))
        return Opening(None, _import_later(None), locations.BUNDLED_RAW.name)
    path = Path(doc)
    data = read_bytes(path)  # one-line errors: missing, directory, empty, too large
    if path.suffix.lower() == ".json" or data.lstrip()[:1] == b"{":
        return Opening(load_json(path), None, path.name, path.absolute())
    check_input(path)  # binary, old Word, scanned PDF … fail here, not in the UI
    return Opening(None, _import_later(path), path.name, path.absolute())


def run_app(doc: str | None, db: str | None) -> int:
    """Open the reader on ``doc`` (None: the bundled plan); returns the exit code."""
    opening = prepare(doc)
    from tui.ui.app import PolicyApp

    app = PolicyApp(opening.document, loader=opening.loader, source_name=opening.name, source=opening.source, db=db)
    code = app.run()
    if app.load_error:
        raise UserError(t("load.failed", error=app.load_error))
    return code or 0
