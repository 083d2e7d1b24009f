"""Tests of opening documents: bad input fails before the UI starts; raw text is imported
in a worker behind a progress screen; the interface language switch."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from textual.widgets import ProgressBar

from tests.support.paths import FIXTURES, REPO
from tui.cli.reader import prepare
from tui.document.model import Document
from tui.errors import UserError
from tui.ui.app import PolicyApp
from tui.ui.screens.loading import LoadingScreen
from tui.ui.screens.reader_screen import ReaderScreen


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui", *args], cwd=REPO, capture_output=True, text=True, timeout=60,
        env={**os.environ, **(env or {})}, stdin=subprocess.DEVNULL,
    )


@pytest.mark.parametrize("make", ["missing", "directory", "empty", "binary", "bad_json"])
def test_bad_doc_is_one_line_error_before_textual_starts(tmp_path: Path, make: str) -> None:
    path = tmp_path / "plan.txt"
    if make == "directory":
        path.mkdir()
    elif make == "empty":
        path.write_text("")
    elif make == "binary":
        path.write_bytes(bytes(range(256)) * 64)
    elif make == "bad_json":
        path = tmp_path / "plan.json"
        path.write_text('{"format": "policy-tui/document", "measures": [')
    result = run_cli(str(path))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("policy-tui: 错误:"), result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""  # no UI was drawn


def test_prepare_loads_json_now_and_defers_raw_text(tmp_path: Path, small_doc: Document) -> None:
    from tui.document.serialize import write_json

    json_path = tmp_path / "plan.json"
    write_json(small_doc, json_path)
    opening = prepare([str(json_path)])
    assert opening.document == small_doc and opening.loader is None
    raw = prepare([str(FIXTURES / "plan_small.txt")])
    assert raw.document is None and raw.loader is not None and raw.name == "plan_small.txt"


def test_prepare_rejects_missing_file() -> None:
    with pytest.raises(UserError):
        prepare(["/nonexistent/plan.txt"])


async def test_raw_text_imports_in_a_worker_behind_a_progress_bar(small_doc: Document) -> None:
    release = threading.Event()

    def slow_import() -> Document:
        release.wait(10)  # hold the import until the progress screen has been seen
        return small_doc

    app = PolicyApp(loader=slow_import, source_name="plan_small.txt")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LoadingScreen)
        assert app.screen.query_one(ProgressBar).total is None  # a pulsing bar
        await pilot.press("j")  # the UI still answers keys meanwhile
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.document is small_doc


async def test_a_failed_import_exits_with_its_message() -> None:
    def failing() -> Document:
        raise UserError("plan.txt: no plan text found after cleaning")

    app = PolicyApp(loader=failing, source_name="plan.txt")
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert app.return_code == 2
    assert app.load_error == "plan.txt: no plan text found after cleaning"


def test_english_interface_with_lang_env() -> None:
    code = (
        "import asyncio\n"
        "from tui.ui.app import PolicyApp\n"
        "from tui.ingest.pipeline import import_text\n"
        f"doc = import_text(open({str(FIXTURES / 'plan_small.txt')!r}, encoding='utf-8').read())\n"
        "async def main():\n"
        "    app = PolicyApp(doc)\n"
        "    notices = []\n"
        "    app.notify = lambda message, **kw: notices.append(message)\n"
        "    async with app.run_test(size=(160, 30)) as pilot:\n"
        "        await pilot.press('n')\n"
        "        print(app.screen.query_one('#keys').render())\n"
        "        print(app.screen.query_one('#status').plain())\n"
        "        print(notices[-1])\n"
        "asyncio.run(main())\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60,
                            env={**os.environ, "POLICY_TUI_LANG": "en"})
    assert result.returncode == 0, result.stderr
    keys, status, notice = result.stdout.splitlines()[:3]
    assert "Next measure" in keys and "Search" in keys and keys.rstrip().endswith("Tags")  # whole entries only
    assert status.rstrip().endswith("Simp")
    assert notice == "Search first with /"
