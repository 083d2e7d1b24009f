"""``policy-tui export`` and ``import-annotations`` against a real store."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.fixture_docs import fixture_annotations, fixture_document
from tests.support.paths import REPO
from tui.annotations.store import AnnotationStore
from tui.cli import main
from tui.display import one_line
from tui.document.serialize import write_json
from tui.export import parse_json

DOC = fixture_document()
ANNS = fixture_annotations(DOC)


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """A working directory with the fixture plan as JSON and a database holding its notes."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("POLICY_TUI_DB", raising=False)
    monkeypatch.setenv("POLICY_TUI_LANG", "zh")
    doc_path = tmp_path / "plan.json"
    write_json(DOC, doc_path)
    db = tmp_path / "db.json"
    with AnnotationStore.open(db) as store:
        assert store.merge(ANNS).added == len(ANNS)
    return {"doc": doc_path, "db": db, "dir": tmp_path}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_export_markdown_to_stdout(env: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "export", str(env["doc"]), "--db", str(env["db"]), "-o", "-")
    assert code == 0
    assert out.startswith("---\ntitle: ") and "\nannotations: 7\n" in out
    assert "## 孤立批注" in out and "#### 已删除的旧措施原文。" in out and "— 3.3.p1.m1" in out
    assert err.strip() == f"已导出 7 条批注（5 条措施，1 条孤立），来自《{DOC.display_title}》"
    assert not (env["dir"] / "annotations").exists()  # nothing written besides stdout


def test_export_default_path_and_county(env: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "export", str(env["doc"]), "--db", str(env["db"]), "--county", "禹州市")
    today = dt.date.today().isoformat()
    path = Path("exports") / f"county-禹州市-{today}.md"  # beside the notes (db.json)
    assert code == 0
    assert out.strip() == f"已写入 {env['dir'] / path}：3 条批注（2 条措施，1 条孤立），来自《{DOC.display_title}》"
    text = (env["dir"] / path).read_text(encoding="utf-8")
    assert 'county: "禹州市"' in text and text.count("\n#### ") == 3


def test_export_csv_by_suffix_with_chinese_chapter(env: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "export", str(env["doc"]), "--db", str(env["db"]),
                          "--chapter", "三", "-o", "out/三.csv")
    assert code == 0 and "2 条批注" in out
    raw = (env["dir"] / "out" / "三.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert [r[2] for r in rows[1:]] == ["3.1.1.p1.m2", "3.3.p1.m1"]


def test_export_tags_any_of(env: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "export", str(env["doc"]), "--db", str(env["db"]),
                          "--tag", "重点", "--tag", "背景", "--format", "json", "-o", "-")
    assert code == 0
    assert [a.anchor.measure_id for a in parse_json(out)] == ["preface.p1.m1", "1.1.p1.m1", "3.1.1.p1.m2"]


@pytest.mark.parametrize(("args", "message"), [
    (["--chapter", "五"], "没有第五章"),
    (["--chapter", "5"], "没有第5章"),
    (["--county", "北京市"], "未知的县（市、区）：北京市"),
    (["-o", "plan.json/x.md"], "不是目录"),
    (["-o", "no/such/dir/x.md"], "不存在"),
])
def test_export_bad_input(env: dict[str, Path], capsys: pytest.CaptureFixture[str],
                          args: list[str], message: str) -> None:
    code, out, err = run(capsys, "export", str(env["doc"]), "--db", str(env["db"]), *args)
    assert code == 2 and out == ""
    assert err.startswith("policy-tui: 错误: ") and message in err
    assert err.count("\n") == 1


def test_export_missing_doc(env: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, "export", "nope.json", "--db", str(env["db"]))
    assert code == 2 and err.count("\n") == 1


def test_export_from_a_corrupt_db_is_an_error_and_keeps_the_file(env: dict[str, Path],
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    env["db"].write_text("{broken", encoding="utf-8")
    listing = sorted(p.name for p in env["dir"].iterdir())
    code, out, err = run(capsys, "export", str(env["doc"]), "--db", str(env["db"]), "-o", "-")
    assert code == 2 and out == "" and err.count("\n") == 1 and "已损坏" in err
    # Why, in the interface language (where JSON stops being JSON), not the parser's English.
    assert "已损坏（第 1 行第 2 列不是有效的 JSON）" in err and "expected" not in err
    assert env["db"].read_text(encoding="utf-8") == "{broken"
    assert sorted(p.name for p in env["dir"].iterdir()) == listing  # no copy, no export file


def test_round_trip_and_idempotent_import(env: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    doc, db = str(env["doc"]), str(env["db"])
    assert run(capsys, "export", doc, "--db", db, "--format", "json", "-o", "a.json")[0] == 0
    code, out, _ = run(capsys, "import-annotations", "a.json", "--db", "fresh.json")
    assert code == 0 and out.strip().endswith("新增 7，更新 0，跳过 0")
    assert run(capsys, "export", doc, "--db", "fresh.json", "--format", "json", "-o", "b.json")[0] == 0
    assert (env["dir"] / "a.json").read_bytes() == (env["dir"] / "b.json").read_bytes()
    before = (env["dir"] / "fresh.json").read_bytes()
    code, out, _ = run(capsys, "import-annotations", "a.json", "--db", "fresh.json")
    assert code == 0 and out.strip().endswith("新增 0，更新 0，跳过 7")
    assert (env["dir"] / "fresh.json").read_bytes() == before


def test_import_newer_updated_wins(env: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads((run(capsys, "export", str(env["doc"]), "--db", str(env["db"]),
                           "--format", "json", "-o", "-"))[1])
    first, second = data["annotations"][0], data["annotations"][1]
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")  # newer, but not from the future
    first.update(note="newer note", updated=now)
    second.update(note="older note", updated="2000-01-01T00:00:00Z")
    Path("edit.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, out, _ = run(capsys, "import-annotations", "edit.json", "--db", str(env["db"]))
    assert code == 0 and out.strip().endswith("新增 0，更新 1，跳过 6")
    with AnnotationStore.open(env["db"], read_only=True) as store:
        notes = {a.uuid: a.note for a in store.all()}
    assert notes[first["uuid"]] == "newer note" and notes[second["uuid"]] != "older note"


@pytest.mark.parametrize(("content", "message"), [
    (None, "文件不存在"),
    ("{", "不是有效的 JSON"),
    ('{"format": "policy-tui-annotations", "version": 1, "annotations": [{"uuid": 3}]}',
     "annotation 1: uuid must be a string"),
])
def test_import_bad_files(env: dict[str, Path], capsys: pytest.CaptureFixture[str],
                          content: str | None, message: str) -> None:
    if content is not None:
        Path("bad.json").write_text(content, encoding="utf-8")
    before = env["db"].read_bytes()
    code, out, err = run(capsys, "import-annotations", "bad.json", "--db", str(env["db"]))
    assert code == 2 and out == "" and message in err and err.count("\n") == 1
    assert env["db"].read_bytes() == before


def test_import_into_a_corrupt_db_is_refused(env: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "export", str(env["doc"]), "--db", str(env["db"]), "--format", "json", "-o", "a.json")[0] == 0
    Path("broken.json").write_text("[1,", encoding="utf-8")
    code, _out, err = run(capsys, "import-annotations", "a.json", "--db", "broken.json")
    assert code == 2 and "没有导入任何内容" in err and err.count("\n") == 1
    assert Path("broken.json").read_text(encoding="utf-8") == "[1,"


def test_stdout_pipe_in_a_real_process(env: dict[str, Path]) -> None:
    repo = REPO
    proc = subprocess.run(
        [sys.executable, "-m", "tui", "export", str(env["doc"]), "--db", str(env["db"]),
         "--format", "csv", "-o", "-"],
        capture_output=True, cwd=env["dir"], timeout=120,
        env={**os.environ, "PYTHONPATH": str(repo), "PYTHONIOENCODING": "ascii"},
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(b"\xef\xbb\xbf") and "禹州市".encode() in proc.stdout
    assert proc.stdout.count(b"\r\n") >= 8


def test_new_user_county_briefing_on_the_bundled_plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    """Tag three measures 禹州市 (as the app does), export --county 禹州市, read the file."""
    from tui.annotations.store import new_annotation
    from tui.ingest.load import load_document

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("POLICY_TUI_DB", raising=False)
    (tmp_path / "annotations").mkdir()  # a project notebook in the current folder
    plan = load_document(None)
    targets = [m for m in plan.measures if "禹州市" in m.text][:3]
    assert len(targets) == 3
    with AnnotationStore.open() as store:  # the default database under the cwd
        for k, measure in enumerate(targets):
            store.add(new_annotation(plan, measure.id, f"简报要点 {k}：| > # 不应破坏结构", "禹州市，简报"))
        store.add(new_annotation(plan, targets[0].id, "别的县", "长葛市"))
    code, out, _err = run(capsys, "export", "--county", "禹州市")
    assert code == 0 and "3 条批注（3 条措施，0 条孤立）" in out
    [written] = (tmp_path / "annotations" / "exports").iterdir()
    text = written.read_text(encoding="utf-8")
    assert written.name.startswith("county-禹州市-") and "\nannotations: 3\n" in text
    for k, measure in enumerate(targets):
        assert f"#### {one_line(measure.text, 24)}\n\n> {measure.text}\n>\n> — {measure.id}" in text.replace("\\", "")
        assert f"简报要点 {k}：\\| \\> \\# 不应破坏结构" in text
    assert "别的县" not in text and "| 禹州市 |" in text


def test_nothing_to_export_writes_nothing(env: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    """A filter that matches nothing, or a mistyped --db, never writes (or replaces) a file."""
    Path("keep.md").write_text("a good export", encoding="utf-8")
    for extra in (["--tag", "没有这个标签"], ["--db", "mistyped.json"]):
        args = ["export", str(env["doc"]), "--db", str(env["db"]), *extra, "-o", "keep.md", "--force"]
        code, out, err = run(capsys, *args)
        assert code != 0 and out == "" and err.count("\n") == 1
        assert Path("keep.md").read_text(encoding="utf-8") == "a good export"
    assert not Path("mistyped.json").exists()


def test_existing_file_needs_force(env: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    Path("out.md").write_text("mine", encoding="utf-8")
    code, out, err = run(capsys, "export", str(env["doc"]), "--db", str(env["db"]), "-o", "out.md")
    assert code == 2 and "--force" in err and Path("out.md").read_text(encoding="utf-8") == "mine"
    code, out, _ = run(capsys, "export", str(env["doc"]), "--db", str(env["db"]), "-o", "out.md", "--force")
    assert code == 0 and str(env["dir"] / "out.md") in out
    assert Path("out.md").read_text(encoding="utf-8").startswith("---\n")


def test_only_the_last_missing_folder_is_made_unless_asked(env: dict[str, Path],
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    base = ["export", str(env["doc"]), "--db", str(env["db"])]
    assert run(capsys, *base, "-o", "new/x.md")[0] == 0 and Path("new/x.md").exists()
    assert run(capsys, *base, "-o", "a/b/x.md")[0] == 2 and not Path("a").exists()
    assert run(capsys, *base, "-o", "a/b/x.md", "--parents")[0] == 0 and Path("a/b/x.md").exists()
