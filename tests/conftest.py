"""Shared fixtures: small fixture plans, the bundled plan, a frozen cursor blink."""

from __future__ import annotations

import asyncio
import inspect
import sys
from functools import cache

import pytest

from tests.support.plans import fixture_doc
from tui.document.model import Document


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run ``async def`` tests (Pilot) in a fresh event loop; no plugin needed."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    asyncio.run(pyfuncitem.obj(**{name: pyfuncitem.funcargs[name] for name in names}))
    return True


@pytest.fixture
def small_doc() -> Document:
    """Five chapters; 集团化办学 in chapters 一, 三 and 四; no damage."""
    return fixture_doc("plan_small.txt")


@pytest.fixture
def damaged_doc() -> Document:
    """plan_small plus one sentence of real mojibake from the seed (flagged and auto spots)."""
    return fixture_doc("plan_damaged.txt")


@cache
def _bundled() -> Document | None:
    from tui import locations
    from tui.ingest.load import load_document

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


@pytest.fixture(autouse=True)
def private_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test gets its own annotation database and its own data, config,
    state and cache folders: no test reads or writes the user's (or the
    repository's) notes.  Tests that care pass ``--db`` or a path."""
    home = tmp_path_factory.mktemp("home")
    # Chinese unless a test says otherwise; a test's --lang never leaks into the next.
    monkeypatch.delenv("POLICY_TUI_LANG", raising=False)
    monkeypatch.setenv("POLICY_TUI_DB", str(home / "annotations.json"))
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(name, str(home / name.lower()))


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
