"""The journal: one line per save, replayed on load, folded into a readable snapshot (issue 14)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import orjson
import pytest

from tui.annotations import storage as storage_mod
from tui.annotations.store import AnnotationStore, StoreError, new_annotation, to_record
from tui.document.model import Document


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "annotations.json"


def _journal(db: Path) -> Path:
    return db.with_name(db.name + ".journal")


def _entries(db: Path) -> list[dict[str, object]]:
    return [orjson.loads(line) for line in _journal(db).read_bytes().splitlines()]


def _mids(doc: Document) -> list[str]:
    return [m.id for m in doc.measures if m.kind == "sentence"]


def _abandon(store: AnnotationStore) -> None:
    """Leave a store as a kill would: no close, so no compaction (only its lock fd is released)."""
    store._storage._lock.close()


def _store_of(doc: Document, db: Path, n: int = 3) -> list[str]:
    with AnnotationStore.open(db) as store:
        return [store.add(new_annotation(doc, mid, note=f"笔记{k}", tags="禹州市")).uuid
                for k, mid in enumerate(_mids(doc)[:n])]


def test_a_save_appends_one_line_naming_only_what_changed(small_doc: Document, db: Path) -> None:
    uuids = _store_of(small_doc, db)
    snapshot = db.read_bytes()
    with AnnotationStore.open(db) as store:
        store.edit(uuids[0], note="改过的笔记")
        store.edit(uuids[1], tags=["长葛市"])
        store.delete(uuids[2])
        assert db.read_bytes() == snapshot  # saves do not rewrite the snapshot
        entries = _entries(db)
        # A deletion is remembered (its own table) before it is made.
        assert [(e["t"], sorted(e)) for e in entries] == [("annotations", ["set", "t"]), ("annotations", ["set", "t"]),
                                                          ("deleted", ["put", "t"]), ("annotations", ["del", "t"])]
        assert list(entries[2]["put"]) == [uuids[2]]  # type: ignore[call-overload]
        assert entries[0]["set"] == {uuids[0]: {"note": "改过的笔记", "updated": store.get(uuids[0]).updated}}  # type: ignore[union-attr]
        assert list(entries[1]["set"][uuids[1]]) == ["tags", "updated"]  # type: ignore[index]
        assert "改过的笔记" in _journal(db).read_text(encoding="utf-8")  # readable UTF-8, not \\u escapes
    # A clean close folds the journal into the snapshot: one record per line, git-friendly.
    assert _journal(db).read_bytes() == b""
    data = json.loads(db.read_text(encoding="utf-8"))["annotations"]
    assert sorted(data) == sorted(uuids[:2]) and data[uuids[0]]["note"] == "改过的笔记"
    assert data[uuids[1]]["tags"] == ["长葛市"]
    # {, "annotations": {, two records, }, "deleted": {, one record, }, }
    assert len(db.read_text(encoding="utf-8").splitlines()) == 2 + 2 + 2 + 3


def test_the_journal_is_replayed_when_the_app_was_killed(small_doc: Document, db: Path) -> None:
    uuids = _store_of(small_doc, db)
    store = AnnotationStore.open(db)
    store.edit(uuids[0], note="没来得及合并")
    added = store.add(new_annotation(small_doc, _mids(small_doc)[5], note="新"))
    _abandon(store)
    with AnnotationStore.open(db) as again:
        assert again.get(uuids[0]).note == "没来得及合并"  # type: ignore[union-attr]
        assert again.get(added.uuid) == added
        assert len(again) == 4


def test_a_torn_last_line_is_ignored_reported_and_cut_before_the_next_save(small_doc: Document, db: Path) -> None:
    uuids = _store_of(small_doc, db)
    store = AnnotationStore.open(db)
    store.edit(uuids[0], note="已确认的修改")
    _abandon(store)
    line = _journal(db).read_bytes()
    _journal(db).write_bytes(line + line[: len(line) // 2])  # a kill in the middle of the next append
    store = AnnotationStore.open(db)
    assert not store.read_only and not store.damaged
    assert store.get(uuids[0]).note == "已确认的修改"  # type: ignore[union-attr]
    assert len(store.notices) == 1 and str(_journal(db)) in store.notices[0]
    store.edit(uuids[1], note="下一次保存")
    assert _journal(db).read_bytes().count(b"\n") == 2 and _journal(db).read_bytes().endswith(b"\n")
    store.close()
    with AnnotationStore.open(db) as again:
        assert [again.get(u).note for u in uuids[:2]] == ["已确认的修改", "下一次保存"]  # type: ignore[union-attr]


def test_a_damaged_line_inside_the_journal_is_kept_aside_and_read_only(small_doc: Document, db: Path) -> None:
    uuids = _store_of(small_doc, db)
    store = AnnotationStore.open(db)
    store.edit(uuids[0], note="第一")
    store.edit(uuids[1], note="第二")
    _abandon(store)
    raw = _journal(db).read_bytes()
    broken = raw.replace(b'"set"', b'"set', 1)
    _journal(db).write_bytes(broken)
    store = AnnotationStore.open(db)
    assert store.read_only and not store.damaged
    assert store.corrupt_copy is not None and store.corrupt_copy.read_bytes() == broken
    assert store.corrupt_copy.name.startswith("annotations.json.journal.corrupt-")
    assert len(store.all()) == 3  # the snapshot is still shown
    with pytest.raises(StoreError):
        store.add(new_annotation(small_doc, _mids(small_doc)[0]))
    store.close()
    assert _journal(db).read_bytes() == broken


def test_replaying_a_journal_already_in_the_snapshot_changes_nothing(small_doc: Document, db: Path) -> None:
    """A crash between writing the new snapshot and emptying the journal."""
    uuids = _store_of(small_doc, db)
    store = AnnotationStore.open(db)
    store.edit(uuids[0], note="一")
    store.delete(uuids[1])
    store.edit(uuids[2], tags=["产业"])
    kept = _journal(db).read_bytes()
    store.compact()
    expected = sorted(store.all(), key=lambda a: a.uuid)
    store.close()
    _journal(db).write_bytes(kept)
    with AnnotationStore.open(db) as again:
        assert sorted(again.all(), key=lambda a: a.uuid) == expected


def test_a_reread_reads_only_the_appended_bytes(small_doc: Document, db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    uuids = _store_of(small_doc, db, n=6)
    reader, writer = AnnotationStore.open(db), AnnotationStore.open(db)
    reads: list[object] = []
    real_read, real_pread = storage_mod.read_regular, storage_mod.os.pread
    monkeypatch.setattr(storage_mod, "read_regular", lambda *a, **k: reads.append(a[0]) or real_read(*a, **k))
    monkeypatch.setattr(storage_mod.os, "pread", lambda fd, n, off: reads.append((n, off)) or real_pread(fd, n, off))
    writer.edit(uuids[0], note="别处写的")
    size = _journal(db).stat().st_size
    reads.clear()
    assert reader.get(uuids[0]).note == "别处写的"  # type: ignore[union-attr]
    assert reads == [(size, 0)]  # the one new line, nothing else
    writer.edit(uuids[1], note="又一条")
    reads.clear()
    assert reader.get(uuids[1]).note == "又一条"  # type: ignore[union-attr]
    assert reads == [(_journal(db).stat().st_size - size, size)]
    reader.close()
    writer.close()


def test_the_journal_is_folded_in_when_it_outgrows_its_share(small_doc: Document, db: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    uuids = _store_of(small_doc, db)
    monkeypatch.setattr(storage_mod.JournalStorage, "COMPACT_MIN", 2000)
    with AnnotationStore.open(db) as store:
        for n in range(40):
            store.edit(uuids[n % 3], note=f"第{n}次")
            assert _journal(db).stat().st_size <= 2000 + 400
        assert json.loads(db.read_text(encoding="utf-8"))["annotations"][uuids[0]]["note"] != "笔记0"


def test_an_old_file_is_migrated_transparently(small_doc: Document, db: Path) -> None:
    """A database written by the previous version: the same snapshot, no journal, no index."""
    a = new_annotation(small_doc, _mids(small_doc)[0], note="旧版本写的")
    db.write_text('{\n"annotations": {\n' + json.dumps(a.uuid) + ": "
                  + orjson.dumps(to_record(a)).decode() + "\n}\n}\n", encoding="utf-8")
    old = db.read_bytes()
    with AnnotationStore.open(db, read_only=True) as store:
        assert store.get(a.uuid) == a
    assert sorted(p.name for p in db.parent.iterdir()) == ["annotations.json"]  # a listing writes nothing
    with AnnotationStore.open(db) as store:
        assert store.get(a.uuid) == a
    assert db.read_bytes() == old  # opening in the app does not rewrite it ...
    assert db.with_name(db.name + ".index").exists()  # ... but indexes it for the next open
    with AnnotationStore.open(db) as store:
        b = store.add(new_annotation(small_doc, _mids(small_doc)[1], note="新版本写的"))
    assert json.loads(db.read_text(encoding="utf-8"))["annotations"].keys() == {a.uuid, b.uuid}


def test_a_stale_index_is_noticed_and_the_snapshot_checked_line_by_line(small_doc: Document, db: Path) -> None:
    uuids = _store_of(small_doc, db)
    good = db.read_bytes()
    # An edit by hand (same size), and damage that keeps every line's outline.
    db.write_bytes(good.replace("笔记0".encode(), "笔迹0".encode()))
    with AnnotationStore.open(db, read_only=True) as store:
        assert store.get(uuids[0]).note == "笔迹0"  # type: ignore[union-attr]
    db.write_bytes(good.replace(b'"note"', b'"note', 1))
    store = AnnotationStore.open(db)
    assert store.read_only and store.corrupt_copy is not None


def test_a_journal_whose_database_is_gone_is_not_taken_for_a_new_database(small_doc: Document, db: Path) -> None:
    uuids = _store_of(small_doc, db)
    store = AnnotationStore.open(db)
    store.edit(uuids[0], note="在日志里")
    _abandon(store)
    shutil.move(db, db.with_name("moved.json"))
    with AnnotationStore.open(db) as store:
        assert store.read_only and str(_journal(db)) in (store.read_only_reason or "")


def test_a_line_damaged_by_another_writer_while_open_is_read_once(small_doc: Document, db: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    uuids = _store_of(small_doc, db)
    store = AnnotationStore.open(db)
    with _journal(db).open("ab") as fh:
        fh.write(b'{"t":"annotations","set":{"' + uuids[0].encode() + b'":{"note":"ok"}}}\n{"t": broken}\n')
    assert store.get(uuids[0]).note == "ok"  # type: ignore[union-attr]  # the good line before the damage
    assert store.read_only and store.corrupt_copy is not None
    reads: list[object] = []
    monkeypatch.setattr(storage_mod, "read_regular", lambda *a, **k: reads.append(a))
    monkeypatch.setattr(storage_mod.os, "pread", lambda *a: reads.append(a))
    for _ in range(3):
        store.refresh()
    assert reads == []
