"""Bad input: a clear one-line error and a non-zero exit, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest


def run_cli(*args: str, cwd=None) -> subprocess.CompletedProcess[str]:
    # The messages are checked in English; the catalogue has them in Chinese too.
    env = {**os.environ, "POLICY_TUI_LANG": "en"}
    return subprocess.run(
        [sys.executable, "-m", "tui", *args], capture_output=True, text=True, cwd=cwd, timeout=60, env=env
    )


def assert_one_line_error(proc: subprocess.CompletedProcess[str], needle: str) -> None:
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, proc.stderr
    assert needle in lines[0]


@pytest.mark.parametrize("command", ["import", "dump", "search 教育"])
def test_missing_path(tmp_path, command):
    args = command.split()
    if args[0] == "search":
        args.append(str(tmp_path / "nope.txt"))
    else:
        args.insert(1, str(tmp_path / "nope.txt"))
    assert_one_line_error(run_cli(*args), "no such file")


def test_empty_file(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    assert_one_line_error(run_cli("import", str(tmp_path / "empty.txt")), "empty")


def test_binary_file(tmp_path):
    (tmp_path / "blob.txt").write_bytes(bytes(range(256)) * 64)
    assert_one_line_error(run_cli("import", str(tmp_path / "blob.txt")), "not a text file")


def test_directory(tmp_path):
    assert_one_line_error(run_cli("import", str(tmp_path)), "directory")


def test_huge_file_refused_quickly(tmp_path):
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:
        fh.write(("教育事业发展规划。" * 1000 + "\n").encode("utf-8") * 2000)  # ~54 MB
    start = time.monotonic()
    proc = run_cli("import", str(big))
    assert time.monotonic() - start < 10
    assert_one_line_error(proc, "too large")


def test_not_a_document_json(tmp_path):
    (tmp_path / "x.json").write_text('{"a": 1}')
    assert_one_line_error(run_cli("dump", str(tmp_path / "x.json")), "not a policy-tui document")


def test_text_without_plan(tmp_path):
    (tmp_path / "junk.txt").write_text("\n\n   \n友情链接:\n")
    proc = run_cli("import", str(tmp_path / "junk.txt"))
    assert_one_line_error(proc, "")


@pytest.mark.parametrize("data", [b"\x00\x01\x02hello", b"just some english text\n"])
def test_a_file_without_chinese_text_is_not_imported(tmp_path, data):
    """Bytes read as UTF-16 (three rare Han characters) or English text: refused, and not put in the library."""
    (tmp_path / "x.txt").write_bytes(data)
    assert_one_line_error(run_cli("import", str(tmp_path / "x.txt")), "no Chinese text")
    assert not (tmp_path / "x.json").exists()


@pytest.mark.parametrize(("name", "needle"), [("plan.pdf", "不是有效的 PDF 文件"), ("plan.docx", "不是有效的 Word 文件")])
def test_a_text_file_named_as_a_pdf_or_word_file_is_refused_as_such(tmp_path, capsys, name, needle):
    from tui.cli import main

    (tmp_path / name).write_text("某县教育规划\n一、总体要求\n推进教育现代化。加强师资建设。\n", encoding="utf-8")
    assert main(["import", str(tmp_path / name)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and needle in err
    assert not (tmp_path / "plan.json").exists()


def test_a_text_without_a_sentence_is_not_a_plan(tmp_path, capsys):
    """An essay whose lines repeat (removed as running headers) leaves one line, read as a title: refused."""
    from tui import locations
    from tui.cli import main

    line = "我今天去公园散步，看到很多人在放风筝，天气很好，心情也很愉快，回家后写了这篇短文"
    (tmp_path / "essay.txt").write_text(f"{line}\n" * 5, encoding="utf-8")
    assert main(["import", str(tmp_path / "essay.txt")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "没有找到规划正文" in err
    assert not (tmp_path / "essay.json").exists() and not locations.library_dir().exists()
    # A short text with a sentence is a plan.
    (tmp_path / "short.txt").write_text("某县教育规划\n推进教育现代化。\n", encoding="utf-8")
    assert main(["import", str(tmp_path / "short.txt")]) == 0
