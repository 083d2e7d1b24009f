"""The fixture plans of tests/fixtures/, imported by the real pipeline (cached)."""

from __future__ import annotations

from functools import cache

from tests.support.paths import FIXTURES
from tui.document.model import Document


@cache
def fixture_doc(name: str) -> Document:
    """A fixture plan from tests/fixtures/, imported by the real pipeline."""
    from tui.ingest.pipeline import import_text

    path = FIXTURES / name
    return import_text(path.read_text(encoding="utf-8"), source=str(path))
