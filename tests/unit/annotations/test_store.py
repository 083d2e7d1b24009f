"""AnnotationStore basics: round trips, the file format, API semantics, merge."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import orjson
import pytest

from tui.annotations import edits as edits_mod
from tui.annotations import store as store_mod
from tui.annotations.model import Annotation
from tui.annotations.store import (
    AnnotationStore,
    StoreError,
    StoreReadOnlyError,
    StoreWriteError,
    new_annotation,
    to_record,
)
from tui.document.model import Document


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "notes" / "annotations.json"


def _measures(doc: Document) -> list[str]:
    return [m.id for m in doc.measures if m.kind == "sentence"]


def test_chinese_round_trip_and_readable_utf8_file(small_doc: Document, db: Path) -> None:
    mid = _measures(small_doc)[0]
    with AnnotationStore.open(db) as store:
        a = store.add(new_annotation(small_doc, mid, note="禹州市要重点落实。繁體字也行", tags="禹州市，产业"))
    raw = db.read_bytes()
    text = raw.decode("utf-8")
    assert "禹州市要重点落实。繁體字也行" in text
    assert "\\u" not in text
    assert json.loads(text) == {"annotations": {a.uuid: to_record(a)}}
    with AnnotationStore.open(db) as again:
        assert again.get(a.uuid) == a
        assert again.all() == [a]
        assert again.get(a.uuid).tags == ("禹州市", "产业")  # type: ignore[union-attr]


def test_one_record_per_line_with_fixed_field_order(small_doc: Document, db: Path) -> None:
    with AnnotationStore.open(db) as store:
        for mid in _measures(small_doc)[:3]:
            store.add(new_annotation(small_doc, mid, note="x"))
    lines = db.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "{" and lines[1] == '"annotations": {' and lines[-2:] == ["}", "}"]
    records = lines[2:-2]
    assert len(records) == 3
    for line in records:
        body = line.split(": ", 1)[1].rstrip(",")
        assert list(orjson.loads(body)) == list(to_record(new_annotation(small_doc, _measures(small_doc)[0])))


@pytest.mark.parametrize(
    "note",
    [
        "[bold]粗体[/bold]",
        "[/]",
        "[link=https://example.com]链接[/link]",
        "\\[escaped] [red]未闭合",
        "多行\n第二行\r\n第三行\t制表",
        "😀 emoji and \x00 nul",
        "长" * 1_000_000,  # 1 MB of characters (3 MB of UTF-8)
    ],
    ids=["bold", "close", "link", "escaped", "lines", "emoji-nul", "1MB"],
)
def test_notes_are_stored_verbatim(small_doc: Document, db: Path, note: str) -> None:
    mid = _measures(small_doc)[1]
    with AnnotationStore.open(db) as store:
        a = store.add(new_annotation(small_doc, mid, note=note, tags=["[bold]", "[/]"]))
    with AnnotationStore.open(db) as again:
        got = again.get(a.uuid)
        assert got is not None and got.note == note
        assert got.tags == ("[bold]", "[/]")


def test_lone_surrogates_are_replaced_instead_of_failing(small_doc: Document, db: Path) -> None:
    with AnnotationStore.open(db) as store:
        a = store.add(new_annotation(small_doc, _measures(small_doc)[0], note="bad \udcff here"))
    with AnnotationStore.open(db) as again:
        assert again.get(a.uuid).note == "bad \ufffd here"  # type: ignore[union-attr]


def test_open_creates_nothing_until_the_first_write(small_doc: Document, db: Path) -> None:
    store = AnnotationStore.open(db)
    assert store.all() == [] and not store.read_only and not store.damaged
    assert not db.parent.exists()
    store.add(new_annotation(small_doc, _measures(small_doc)[0]))
    assert db.exists()
    store.close()


def test_default_path_follows_env_then_cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("POLICY_TUI_DB", raising=False)
    (tmp_path / "annotations").mkdir()  # a project notebook (without one: the user's data folder)
    assert AnnotationStore.open().path == tmp_path / "annotations" / "annotations.json"
    monkeypatch.setenv("POLICY_TUI_DB", str(tmp_path / "elsewhere.json"))
    assert AnnotationStore.open().path == tmp_path / "elsewhere.json"
    assert AnnotationStore.open(tmp_path / "cli.json").path == tmp_path / "cli.json"


def test_get_for_measure_update_delete(small_doc: Document, db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    m1, m2 = _measures(small_doc)[:2]
    store = AnnotationStore.open(db)
    monkeypatch.setattr(store_mod, "now_iso", lambda: "2024-01-01T00:00:00Z")
    a = store.add(new_annotation(small_doc, m1, note="one"))
    b = store.add(new_annotation(small_doc, m1, note="two", sub=(0, 2)))
    c = store.add(new_annotation(small_doc, m2, note="three"))
    assert {x.uuid for x in store.for_measure(m1)} == {a.uuid, b.uuid}
    assert store.for_measure(m1, doc_id="other") == []
    assert store.measure_counts() == {m1: 2, m2: 1}
    monkeypatch.setattr(store_mod, "now_iso", lambda: "2024-02-02T00:00:00Z")
    monkeypatch.setattr(edits_mod, "now_iso", lambda: "2024-02-02T00:00:00Z")
    edited = store.update(dataclasses.replace(a, note="one, edited", tags=("#新", "新")))
    assert edited.updated == "2024-02-02T00:00:00Z" and edited.created == a.created
    assert edited.tags == ("新",)
    assert store.get(a.uuid) == edited
    assert store.delete(c.uuid) == c
    assert store.delete(c.uuid) is None
    assert store.for_measure(m2) == []
    assert len(store) == 2
    store.close()
    with AnnotationStore.open(db) as again:
        assert sorted(again.all(), key=lambda x: x.uuid) == sorted([edited, b], key=lambda x: x.uuid)


def test_orphans_are_kept_but_not_on_their_old_measure(small_doc: Document, db: Path) -> None:
    mid = _measures(small_doc)[0]
    with AnnotationStore.open(db) as store:
        a = store.add(new_annotation(small_doc, mid))
        o = store.update(dataclasses.replace(store.add(new_annotation(small_doc, mid)), orphaned=True))
        assert store.for_measure(mid) == [a]
        assert store.measure_counts() == {mid: 1}
        assert store.orphans() == [o]
        assert len(store.all()) == 2


def test_adding_an_existing_uuid_is_refused(small_doc: Document, db: Path) -> None:
    with AnnotationStore.open(db) as store:
        a = store.add(new_annotation(small_doc, _measures(small_doc)[0]))
        with pytest.raises(StoreError):
            store.add(a)
        assert len(store) == 1


def test_an_edit_of_an_annotation_deleted_elsewhere_is_reported_not_resurrected(small_doc: Document, db: Path) -> None:
    """Issue 13 #1: ``update()`` used to write the stale copy back, bringing the note back to life."""
    with AnnotationStore.open(db) as mine, AnnotationStore.open(db) as other:
        a = mine.add(new_annotation(small_doc, _measures(small_doc)[0], note="v1"))
        other.delete(a.uuid)
        with pytest.raises(StoreWriteError) as info:
            mine.update(dataclasses.replace(a, note="v2"))
        assert "\n" not in str(info.value)
        assert other.get(a.uuid) is None and mine.get(a.uuid) is None
    with AnnotationStore.open(db) as again:
        assert again.all() == []


def test_tag_counts(small_doc: Document, db: Path) -> None:
    ms = _measures(small_doc)
    with AnnotationStore.open(db) as store:
        store.add(new_annotation(small_doc, ms[0], tags="禹州市 产业"))
        store.add(new_annotation(small_doc, ms[1], tags="禹州市"))
        other = dataclasses.replace(new_annotation(small_doc, ms[2], tags="长葛市"), doc_id="other-doc")
        store.add(other)
        assert store.tag_counts() == {"禹州市": 2, "产业": 1, "长葛市": 1}
        assert store.tag_counts(small_doc.id) == {"禹州市": 2, "产业": 1}


def _stamped(a: Annotation, when: str, **changes: object) -> Annotation:
    return dataclasses.replace(a, updated=when, **changes)  # type: ignore[arg-type]


def test_merge_newer_wins_and_is_idempotent(small_doc: Document, db: Path) -> None:
    ms = _measures(small_doc)
    base = [_stamped(new_annotation(small_doc, m, note=f"n{i}"), "2024-01-01T00:00:00Z") for i, m in enumerate(ms[:3])]
    with AnnotationStore.open(db) as store:
        for a in base:
            store.add(a)
        newer = _stamped(base[0], "2024-03-01T00:00:00Z", note="newer from colleague")
        older = _stamped(base[1], "2023-12-01T00:00:00Z", note="older from colleague")
        same_time = _stamped(base[2], "2024-01-01T00:00:00Z", note="same time, other text")
        fresh = new_annotation(small_doc, ms[3], note="brand new")
        incoming = [newer, older, same_time, fresh]
        report = store.merge(incoming)
        assert (report.added, report.updated, report.skipped) == (1, 1, 2)
        assert store.get(base[0].uuid) == newer  # kept as it came: no new timestamp
        assert store.get(base[1].uuid) == base[1]
        assert store.get(base[2].uuid) == base[2]
        snapshot = db.read_bytes()
        again = store.merge(incoming)
        assert (again.added, again.updated, again.skipped) == (0, 0, 4)
        assert db.read_bytes() == snapshot
        assert store.merge([]).added == 0


def test_merge_uses_the_newest_of_duplicates_in_the_input(small_doc: Document, db: Path) -> None:
    a = _stamped(new_annotation(small_doc, _measures(small_doc)[0], note="old"), "2024-01-01T00:00:00Z")
    b = _stamped(a, "2024-01-02T00:00:00+00:00", note="new")
    with AnnotationStore.open(db) as store:
        assert store.merge([b, a]).added == 1
        assert store.get(a.uuid).note == "new"  # type: ignore[union-attr]


def test_unknown_fields_from_a_newer_version_survive_an_update(small_doc: Document, db: Path) -> None:
    a = new_annotation(small_doc, _measures(small_doc)[0], note="v1")
    record = to_record(a) | {"colour": "red"}
    db.parent.mkdir(parents=True)
    db.write_text(json.dumps({"annotations": {a.uuid: record}}, ensure_ascii=False), encoding="utf-8")
    with AnnotationStore.open(db) as store:
        store.update(dataclasses.replace(store.get(a.uuid), note="v2"))  # type: ignore[type-var]
    saved = json.loads(db.read_text(encoding="utf-8"))["annotations"][a.uuid]
    assert saved["note"] == "v2" and saved["colour"] == "red"


def test_an_unreadable_record_is_reported_and_kept(small_doc: Document, db: Path) -> None:
    good = new_annotation(small_doc, _measures(small_doc)[0])
    bad = to_record(new_annotation(small_doc, _measures(small_doc)[1])) | {"tags": 5}
    db.parent.mkdir(parents=True)
    db.write_text(json.dumps({"annotations": {good.uuid: to_record(good), bad["uuid"]: bad}}), encoding="utf-8")
    with AnnotationStore.open(db) as store:
        assert not store.read_only
        assert store.all() == [good]
        assert len(store.problems) == 1 and bad["uuid"] in store.problems[0]
        store.add(new_annotation(small_doc, _measures(small_doc)[2]))
    assert json.loads(db.read_text(encoding="utf-8"))["annotations"][bad["uuid"]] == bad


def test_a_database_from_a_newer_version_opens_read_only(small_doc: Document, db: Path) -> None:
    a = dataclasses.replace(new_annotation(small_doc, _measures(small_doc)[0]), schema=99)
    db.parent.mkdir(parents=True)
    db.write_text(json.dumps({"annotations": {a.uuid: to_record(a)}}), encoding="utf-8")
    before = db.read_bytes()
    with AnnotationStore.open(db) as store:
        assert store.read_only and "99" in (store.read_only_reason or "")
        assert store.get(a.uuid) == a
        with pytest.raises(StoreReadOnlyError):
            store.add(new_annotation(small_doc, _measures(small_doc)[1]))
    assert db.read_bytes() == before


def test_a_file_written_by_stock_tinydb_is_read_and_rewritten_in_our_layout(small_doc: Document, db: Path) -> None:
    from tinydb import TinyDB

    a = new_annotation(small_doc, _measures(small_doc)[0], note="来自旧文件")
    db.parent.mkdir(parents=True)
    with TinyDB(db) as stock:
        stock.table("annotations").insert(to_record(a))  # int ids, \\u escapes
    with AnnotationStore.open(db) as store:
        assert store.problems  # its key is "1", not the uuid
        store.merge([a])
    data = json.loads(db.read_text(encoding="utf-8"))["annotations"]
    assert data[a.uuid] == to_record(a) and "1" in data
    assert "来自旧文件" in db.read_text(encoding="utf-8")


def test_a_symlinked_database_stays_a_symlink(small_doc: Document, tmp_path: Path) -> None:
    real = tmp_path / "synced" / "annotations.json"
    real.parent.mkdir()
    link = tmp_path / "annotations.json"
    link.symlink_to(real)
    with AnnotationStore.open(link) as store:
        a = store.add(new_annotation(small_doc, _measures(small_doc)[0], note="经由链接"))
        store.add(new_annotation(small_doc, _measures(small_doc)[1]))
    assert link.is_symlink()
    assert a.uuid in real.read_text(encoding="utf-8")
