"""Shared fixtures: small fixture plans, the bundled plan, a frozen cursor blink."""

from __future__ import annotations

import asyncio
import inspect
import sys
from functools import lru_cache
from pathlib import Path

import pytest

from tui.document.model import Document

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run ``async def`` tests (Pilot) in a fresh event loop; no plugin needed."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    asyncio.run(pyfuncitem.obj(**{name: pyfuncitem.funcargs[name] for name in names}))
    return True


@lru_cache(maxsize=None)
def fixture_doc(name: str) -> Document:
    """A fixture plan from tests/fixtures/, imported by the real pipeline (cached)."""
    from tui.document.pipeline import import_text

    path = FIXTURES / name
    return import_text(path.read_text(encoding="utf-8"), source=str(path))


@pytest.fixture
def small_doc() -> Document:
    """Five chapters; 集团化办学 in chapters 一, 三 and 四; no damage."""
    return fixture_doc("plan_small.txt")


@pytest.fixture
def damaged_doc() -> Document:
    """plan_small plus one sentence of real mojibake from the seed (flagged and auto spots)."""
    return fixture_doc("plan_damaged.txt")


@lru_cache(maxsize=1)
def _bundled() -> Document | None:
    from tui import locations
    from tui.document.load import load_document

    if not (locations.BUNDLED_DOC.exists() or locations.BUNDLED_RAW.exists()):
        return None
    return load_document(None)


@pytest.fixture
def bundled_doc() -> Document:
    """The bundled Xuchang plan; the test is skipped if it is not shipped."""
    doc = _bundled()
    if doc is None:
        pytest.skip("bundled document missing")
    return doc


UI_TEST_MODULES = ("test_app", "test_annotations_ui", "test_snapshots")


@pytest.fixture(autouse=True)
def private_annotation_db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
                          monkeypatch: pytest.MonkeyPatch) -> None:
    """In the UI tests, an app opened without ``db`` gets a fresh database of its
    own, never the repository's annotations/ (tests that care pass a path)."""
    if request.module.__name__.startswith(UI_TEST_MODULES):
        monkeypatch.setenv("POLICY_TUI_DB", str(tmp_path_factory.mktemp("db") / "annotations.json"))


@pytest.fixture(autouse=True)
def no_cursor_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every Input (search box, command palette) starts with a steady cursor.

    Only when Textual is already imported (by UI test modules), so that core
    tests do not pay for importing it.
    """
    if "textual.widgets" not in sys.modules:
        return
    from textual.widgets import Input

    original = Input.__init__

    def init(self: Input, *args: object, **kwargs: object) -> None:
        original(self, *args, **kwargs)  # type: ignore[arg-type]
        self.cursor_blink = False

    monkeypatch.setattr(Input, "__init__", init)
