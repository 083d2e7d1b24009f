"""The command line itself: --help, --version, --lang anywhere, one-line usage errors, lazy imports."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tui.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:  # --help and --version exit through argparse
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_help_shows_the_reader_options_and_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0
    for word in ("[DOC ...]", "--all", "--db", "--lang", "--version", "search", "export", "import-annotations"):
        assert word in out
    assert "用法" in out and "阅读器选项" in out


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--version")
    assert code == 0 and out.startswith("policy-tui ")


@pytest.mark.parametrize("argv", [["--lang", "en", "search"], ["search", "--lang=en"], ["search", "--lang", "en"]])
def test_lang_is_taken_before_or_after_the_command(capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch, argv: list[str]) -> None:
    monkeypatch.delenv("POLICY_TUI_LANG", raising=False)
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert err == "policy-tui: error: the following arguments are required: TERM (see policy-tui search --help)\n"


def test_lang_on_a_command_is_not_remembered_for_the_reader(capsys: pytest.CaptureFixture[str],
                                                            monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    from tui import state

    monkeypatch.delenv("POLICY_TUI_LANG", raising=False)
    run(capsys, "dump", "--lang", "en", str(tmp_path / "nosuch.txt"))
    assert state.load().lang is None or state.load().lang == ""
    monkeypatch.delenv("POLICY_TUI_LANG", raising=False)
    code, _out, _err = run(capsys, "--lang", "en", str(tmp_path / "nosuch.txt"))  # the reader failed to open
    assert code == 2 and not state.load().lang
    # The reader opened a plan: the language is kept for next time.
    from tui.cli import reader

    def opens(refs, db, every=False, library=None, opened=lambda: None):  # type: ignore[no-untyped-def]
        opened()
        return 0

    monkeypatch.setattr(reader, "run_app", opens)
    monkeypatch.delenv("POLICY_TUI_LANG", raising=False)
    assert run(capsys, "--lang", "en")[0] == 0 and state.load().lang == "en"


def test_usage_errors_are_one_line_in_chinese(capsys: pytest.CaptureFixture[str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("POLICY_TUI_LANG", raising=False)
    for argv in (["search"], ["dump", "--bogus"], ["--lang", "fr"], ["export", "--format", "docx"]):
        code, out, err = run(capsys, *argv)
        assert code == 2 and out == "" and err.count("\n") == 1, (argv, err)
        assert err.startswith("policy-tui: 错误: ") and "usage" not in err


def test_a_command_imports_only_its_own_module() -> None:
    code = (
        "import sys\n"
        "from tui.cli import main\n"
        "main(['search', '集团化办学'])\n"
        "print(sorted(m for m in sys.modules if m.startswith('tui.cli.') or m.split('.')[0] == 'textual'),"
        " file=sys.stderr)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stderr.strip() == "['tui.cli.doc_cmds', 'tui.cli.parser']"


def test_searching_one_plan_loads_no_library_nor_importer() -> None:
    code = (
        "import sys\n"
        "from tui.cli import main\n"
        "main(['search', '集团化办学'])\n"
        "print([m for m in ('tui.library.catalog', 'tui.ingest.pipeline', 'textual') if m in sys.modules], file=sys.stderr)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stderr.strip() == "[]"


def test_a_directory_as_the_notes_database_is_refused_before_the_reader_opens(
        capsys: pytest.CaptureFixture[str], tmp_path) -> None:
    code, out, err = run(capsys, "--db", str(tmp_path))
    assert code == 2 and out == "" and err.count("\n") == 1 and str(tmp_path) in err


def test_options_before_the_command_are_the_commands(capsys: pytest.CaptureFixture[str], tmp_path) -> None:
    """``policy-tui --db PATH export …``: --db's value is not taken for the command (nor for a plan)."""
    from tui.annotations.store import AnnotationStore, new_annotation
    from tui.ingest.load import load_document

    plan = load_document(None)
    db = tmp_path / "notes.json"
    with AnnotationStore.open(db) as store:
        store.add(new_annotation(plan, plan.measures[5].id, "前置的 --db", "禹州市"))
    code, out, err = run(capsys, "--db", str(db), "annotations")
    assert code == 0 and "前置的 --db" in out and err == ""
    code, out, err = run(capsys, "--db", str(db), "export", "xuchang-2022", "-o", str(tmp_path / "e.md"))
    assert code == 0 and "1 条批注" in out and (tmp_path / "e.md").exists()
    code, out, err = run(capsys, "--library", str(tmp_path / "lib"), "list")
    assert code == 0 and str(tmp_path / "lib") in out


def test_commands_do_not_take_the_readers_remembered_language(capsys: pytest.CaptureFixture[str], tmp_path) -> None:
    from dataclasses import replace

    from tui import state

    state.save(replace(state.load(), lang="en"))  # the reader was last opened with --lang en
    bad = tmp_path / "bad.json"
    bad.write_text("garbage", encoding="utf-8")
    code, out, err = run(capsys, "--db", str(bad), "annotations")
    assert code == 2 and out == "" and err.startswith("policy-tui: 错误: 批注数据库") and "已损坏" in err


def test_the_reader_starts_without_collections_and_resumes_them(capsys: pytest.CaptureFixture[str],
                                                                 monkeypatch: pytest.MonkeyPatch,
                                                                 tmp_path) -> None:
    import gc

    from tui.cli import reader

    seen: list[bool] = []

    def opens(refs, db, every=False, library=None, opened=lambda: None):  # type: ignore[no-untyped-def]
        seen.append(gc.isenabled())
        return 0

    monkeypatch.setattr(reader, "run_app", opens)
    assert gc.isenabled()
    assert run(capsys, "--db", str(tmp_path / "db.json"))[0] == 0
    assert seen == [False] and gc.isenabled()
    # A start that fails (a missing plan) resumes them too.
    monkeypatch.undo()
    code, _out, err = run(capsys, str(tmp_path / "nosuch.txt"))
    assert code == 2 and err.count("\n") == 1 and gc.isenabled()
