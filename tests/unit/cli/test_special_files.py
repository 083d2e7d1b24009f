"""Only regular files are opened as documents (issue 13, defect 11 for plans).

Before: a FIFO as the plan hung ``dump``, ``search`` and the reader (the read
waits for a writer that never comes); ``/dev/zero`` read until memory ran out.
Now each is refused before a byte is read, with one line and exit 2.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tui.errors import UserError
from tui.files import read_user_file


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "plan.json"
    os.mkfifo(path)
    return path


def run_cli(*args: str, timeout: float = 20) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "POLICY_TUI_LANG": "en"}
    return subprocess.run([sys.executable, "-m", "tui", *args], capture_output=True, text=True,
                          timeout=timeout, env=env)


@pytest.mark.parametrize("command", [["dump"], ["search", "教育"], ["import"], []])
def test_a_fifo_is_refused_not_waited_on(fifo: Path, command: list[str]) -> None:
    """``[]`` is the reader itself: it must fail before Textual starts."""
    proc = run_cli(*command, str(fifo))
    assert proc.returncode == 2
    assert "not a regular file" in proc.stderr and proc.stderr.count("\n") == 1


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null", "/dev/urandom"])
def test_a_device_is_refused(device: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICY_TUI_LANG", "en")
    if not os.path.exists(device):
        pytest.skip(f"no {device}")
    with pytest.raises(UserError, match="not a regular file"):
        read_user_file(device, "file.what.plan", 1024)


def test_a_device_as_plan_in_the_cli() -> None:
    proc = run_cli("dump", "/dev/zero")
    assert proc.returncode == 2 and "not a regular file" in proc.stderr


def test_a_file_growing_past_the_limit_is_cut_at_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_bytes(b"x" * 2048)
    with pytest.raises(UserError, match="超过"):
        read_user_file(path, "file.what.plan", 1024)
    assert read_user_file(path, "file.what.plan", 4096) == b"x" * 2048


def test_a_directory_is_still_named_so(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="这是目录"):
        read_user_file(tmp_path, "file.what.plan", 1024)
