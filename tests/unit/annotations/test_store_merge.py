"""Merging from elsewhere (``import-annotations``): stamps from the future, records we cannot read,
and input the database could not hold (issue 13 #2, #6, #10)."""

from __future__ import annotations

import dataclasses
import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tui.annotations.store import AnnotationStore, new_annotation, now_iso, to_record
from tui.cli import main
from tui.document.model import Document

FUTURE = "9999-12-31T23:59:59Z"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "annotations.json"


def _mid(doc: Document, n: int = 0) -> str:
    return [m.id for m in doc.measures if m.kind == "sentence"][n]


def _export(path: Path, records: list[dict[str, object]]) -> Path:
    path.write_text(json.dumps({"format": "policy-tui-annotations", "version": 1, "annotations": records},
                               ensure_ascii=False), encoding="utf-8")
    return path


# --- stamps from the future (#2) ----------------------------------------------------------------


def test_a_far_future_stamp_cannot_pin_a_record(small_doc: Document, db: Path) -> None:
    """Re-importing a file claiming 9999 used to revert every later local edit."""
    a = new_annotation(small_doc, _mid(small_doc), note="来自未来")
    future = dataclasses.replace(a, updated=FUTURE)
    with AnnotationStore.open(db) as store:
        report = store.merge([future])
        assert (report.added, report.future) == (1, 1)
        got = store.get(a.uuid)
        assert got is not None and got.note == "来自未来" and got.updated <= now_iso()  # the time set to now
        store.edit(a.uuid, note="本地修改")
        again = store.merge([future])
        assert (again.updated, again.future) == (0, 1)
        assert store.get(a.uuid).note == "本地修改"  # type: ignore[union-attr]


def test_a_local_future_stamp_does_not_win_every_merge(small_doc: Document, db: Path) -> None:
    """A record an older version stored with a 9999 stamp still takes a real, newer edit."""
    a = dataclasses.replace(new_annotation(small_doc, _mid(small_doc), note="旧"), updated=FUTURE)
    db.write_text(json.dumps({"annotations": {a.uuid: to_record(a)}}, ensure_ascii=False), encoding="utf-8")
    colleague = dataclasses.replace(a, note="同事的修改", updated=now_iso())
    with AnnotationStore.open(db) as store:
        assert store.merge([colleague]).updated == 1
        assert store.get(a.uuid).note == "同事的修改"  # type: ignore[union-attr]


def test_a_small_clock_skew_is_believed(small_doc: Document, db: Path) -> None:
    a = new_annotation(small_doc, _mid(small_doc), note="本地")
    soon = (datetime.now(UTC) + timedelta(minutes=3)).strftime("%Y-%m-%dT%H:%M:%SZ")
    with AnnotationStore.open(db) as store:
        store.add(dataclasses.replace(a, updated="2024-01-01T00:00:00Z"))
        report = store.merge([dataclasses.replace(a, note="另一台电脑，钟快三分钟", updated=soon)])
        assert (report.updated, report.future) == (1, 0)
        assert store.get(a.uuid).updated == soon  # type: ignore[union-attr]


# --- records this version cannot read (#6) ----------------------------------------------------


@pytest.mark.parametrize("change", [{"colour": "red"}, {"schema": 2}, {"tags": "不是列表"}],
                         ids=["unknown-field", "newer-schema", "unreadable"])
def test_import_never_replaces_a_record_this_version_cannot_read(small_doc: Document, db: Path,
                                                                 change: dict[str, object]) -> None:
    a = new_annotation(small_doc, _mid(small_doc), note="新版本写的")
    rec = to_record(dataclasses.replace(a, updated="2000-01-01T00:00:00Z")) | change
    db.write_text(json.dumps({"annotations": {a.uuid: rec}}, ensure_ascii=False), encoding="utf-8")
    older = dataclasses.replace(a, note="旧导出", updated="2020-01-01T00:00:00Z")
    with AnnotationStore.open(db) as store:
        if change.get("schema") == 2:  # the whole database is read-only then
            assert store.read_only
            return
        report = store.merge([older])
        assert (report.kept, report.updated) == (1, 0)
    assert json.loads(db.read_text(encoding="utf-8"))["annotations"][a.uuid] == rec


# --- through the CLI ---------------------------------------------------------------------------


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _db_files(db: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in db.parent.glob(db.name + "*")}


@pytest.mark.parametrize(("field", "value", "words"), [
    ("start", 2**64, "between 0 and"),
    ("note", "\ud800 孤立的代理", "lone surrogate"),
    ("tags", ["正常", "\udfff"], "lone surrogate"),
    ("uuid", "\udc80", "lone surrogate"),
])
def test_import_of_what_the_database_cannot_hold_is_a_one_line_error(
        small_doc: Document, db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch, field: str, value: object, words: str) -> None:
    """#10: these passed validation, then orjson refused to write them: exit 70."""
    monkeypatch.setenv("POLICY_TUI_LANG", "en")
    with AnnotationStore.open(db) as store:
        store.add(new_annotation(small_doc, _mid(small_doc, 1), note="已有"))
    before = _db_files(db)
    rec = to_record(new_annotation(small_doc, _mid(small_doc), note="x"))
    if field == "start":
        rec["anchor"]["start"] = value
    else:
        rec[field] = value
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"format": "policy-tui-annotations", "version": 1, "annotations": [rec]}),
                    encoding="utf-8")  # ensure_ascii: lone surrogates as \\ud800 escapes, as an attacker writes them
    code, out, err = _run(capsys, "import-annotations", str(path), "--db", str(db))
    assert code == 2 and out == "" and words in err and err.count("\n") == 1
    assert _db_files(db) == before


def test_an_integer_of_thousands_of_digits_is_a_one_line_error(db: Path, tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"format": "policy-tui-annotations", "version": ' + "9" * 5000 + ', "annotations": []}',
                    encoding="utf-8")
    code, _out, err = _run(capsys, "import-annotations", str(path), "--db", str(db))
    assert code == 2 and err.count("\n") == 1 and len(err) < 300


def test_importing_from_a_fifo_is_refused(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fifo = tmp_path / "export.json"
    os.mkfifo(fifo)
    code, _out, err = _run(capsys, "import-annotations", str(fifo), "--db", str(db))
    assert code == 2 and "不是普通文件" in err


def test_import_reports_future_stamps_and_kept_records(small_doc: Document, db: Path, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICY_TUI_LANG", "en")
    kept = new_annotation(small_doc, _mid(small_doc, 1), note="新版本")
    db.write_text(json.dumps({"annotations": {kept.uuid: to_record(kept) | {"colour": "red"}}}), encoding="utf-8")
    future = dataclasses.replace(new_annotation(small_doc, _mid(small_doc), note="未来"), updated=FUTURE)
    older = dataclasses.replace(kept, note="旧", updated="2099-01-01T00:00:00Z")
    path = _export(tmp_path / "in.json", [to_record(future), to_record(older)])
    code, out, err = _run(capsys, "import-annotations", str(path), "--db", str(db))
    assert code == 0 and out.strip().endswith("1 added, 0 updated, 0 skipped")
    assert "1 local annotations" in err and "1 imported annotations claim a time in the future" in err


# --- deletions are remembered ---------------------------------------------------------------------


def test_an_older_copy_does_not_bring_a_deleted_note_back(small_doc: Document, db: Path, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    """Export, delete one note (by hand and by emptying it), re-import the export: both stay deleted,
    across a reopen and a compaction; the CLI says so."""
    kept, dropped, emptied = (new_annotation(small_doc, _mid(small_doc, k), note=f"第{k}条", tags=["禹州市"])
                              for k in range(3))
    with AnnotationStore.open(db) as store:
        for a in (kept, dropped, emptied):
            store.add(dataclasses.replace(a, created="2025-01-01T00:00:00Z", updated="2025-01-01T00:00:00Z"))
        exported = [to_record(a) for a in store.all()]
        store.delete(dropped.uuid)
        store.edit(emptied.uuid, note="", tags=[], drop_if_empty=True)
        store.compact()
    backup = _export(tmp_path / "backup.json", exported)
    capsys.readouterr()
    assert main(["import-annotations", str(backup), "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "2 of them were deleted here" in out or "其中 2 条批注" in out
    with AnnotationStore.open(db) as store:
        assert {a.uuid for a in store.all()} == {kept.uuid}


def test_a_note_edited_elsewhere_after_it_was_deleted_here_comes_back(small_doc: Document, db: Path) -> None:
    """The newer change wins, as for any merge: the colleague's later edit is not thrown away."""
    a = new_annotation(small_doc, _mid(small_doc), note="旧")
    with AnnotationStore.open(db) as store:
        store.add(dataclasses.replace(a, updated="2025-01-01T00:00:00Z"))
        store.delete(a.uuid)
        later = dataclasses.replace(a, note="同事后来改过", updated=(datetime.now(UTC) + timedelta(minutes=1))
                                    .strftime("%Y-%m-%dT%H:%M:%SZ"))
        report = store.merge([later, dataclasses.replace(a, updated="2025-06-01T00:00:00Z")])
        assert (report.added, report.deleted) == (1, 0)
        assert store.get(a.uuid).note == "同事后来改过"  # type: ignore[union-attr]
