"""Faults: damaged files, failed writes (read-only directory, full disk), interrupted saves, locks."""

from __future__ import annotations

import errno
import fcntl
import os
from pathlib import Path

import pytest

from tui.annotations import storage as storage_mod
from tui.annotations.store import (
    AnnotationStore,
    StoreReadOnlyError,
    StoreWriteError,
    new_annotation,
)
from tui.document.model import Document
from tui.errors import UserError


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "annotations.json"


def _sentences(doc: Document) -> list[str]:
    return [m.id for m in doc.measures if m.kind == "sentence"]


def _filled(doc: Document, db: Path, n: int = 3) -> bytes:
    with AnnotationStore.open(db) as store:
        for mid in _sentences(doc)[:n]:
            store.add(new_annotation(doc, mid, note=f"笔记 {mid}", tags="禹州市"))
    return db.read_bytes()


def _copies(db: Path) -> list[Path]:
    return sorted(db.parent.glob(db.name + ".corrupt-*"))


@pytest.mark.parametrize(
    "damage",
    [
        lambda good: good[: len(good) // 2],  # truncated mid-record
        lambda good: good[:-3],  # lost the closing braces
        lambda good: b"\x00" * 4096,  # zeroed blocks after a crash
        lambda good: b"[1, 2, 3]",  # valid JSON, wrong shape
        lambda good: b'{"annotations": [1]}',
        lambda good: good.replace(b'"note"', b'"note', 1),
    ],
    ids=["half", "tail", "zeros", "array", "table-array", "quote"],
)
def test_damaged_file_opens_read_only_and_is_kept_aside(small_doc: Document, db: Path, damage) -> None:  # type: ignore[no-untyped-def]
    broken = damage(_filled(small_doc, db))
    db.write_bytes(broken)
    store = AnnotationStore.open(db)
    assert store.read_only and store.damaged
    reason = store.read_only_reason or ""
    assert str(db) in reason and "\n" not in reason
    copies = _copies(db)
    assert copies == [store.corrupt_copy]
    assert copies[0].read_bytes() == broken
    assert str(copies[0]) in reason
    with pytest.raises(StoreReadOnlyError):
        store.add(new_annotation(small_doc, _sentences(small_doc)[0]))
    assert isinstance(StoreReadOnlyError("x"), UserError)
    store.close()
    assert db.read_bytes() == broken  # the damaged file itself is not touched either


def test_copies_are_never_overwritten(small_doc: Document, db: Path) -> None:
    good = _filled(small_doc, db)
    db.write_bytes(good[:100])
    AnnotationStore.open(db).close()
    AnnotationStore.open(db).close()  # the same damage again: the same copy serves
    assert len(_copies(db)) == 1
    first = _copies(db)[0]
    db.write_bytes(good[:200])  # different damage in the same second
    AnnotationStore.open(db).close()
    copies = _copies(db)
    assert len(copies) == 2
    assert first.read_bytes() == good[:100]
    assert {c.read_bytes() for c in copies} == {good[:100], good[:200]}


def test_empty_file_is_an_empty_database(small_doc: Document, db: Path) -> None:
    db.write_bytes(b"")
    with AnnotationStore.open(db) as store:
        assert not store.read_only and store.all() == []
        store.add(new_annotation(small_doc, _sentences(small_doc)[0]))
    assert _copies(db) == []


def test_a_directory_path_opens_damaged_and_read_only(tmp_path: Path) -> None:
    store = AnnotationStore.open(tmp_path)
    assert store.damaged and store.read_only
    assert str(tmp_path) in (store.read_only_reason or "")


def test_a_path_under_a_file_opens_damaged_and_cannot_save(small_doc: Document, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    store = AnnotationStore.open(blocker / "annotations.json")
    assert store.damaged and store.read_only and store.all() == []
    with pytest.raises(StoreWriteError):
        store.add(new_annotation(small_doc, _sentences(small_doc)[0]))


def test_file_damaged_by_another_writer_while_open(small_doc: Document, db: Path) -> None:
    good = _filled(small_doc, db)
    store = AnnotationStore.open(db)
    before = store.all()
    db.write_bytes(good[:50])  # e.g. a non-atomic writer was killed
    assert not store.refresh()
    assert sorted(store.all(), key=lambda a: a.uuid) == sorted(before, key=lambda a: a.uuid)
    assert store.read_only and store.corrupt_copy is not None
    with pytest.raises(StoreReadOnlyError):
        store.add(new_annotation(small_doc, _sentences(small_doc)[0]))
    assert db.read_bytes() == good[:50]
    store.close()


def _fail_on(monkeypatch: pytest.MonkeyPatch, name: str, err: int) -> None:
    real = getattr(os, name)

    def broken(*args: object, **kwargs: object) -> object:
        if name == "open" and not str(args[0]).endswith(".tmp"):
            return real(*args, **kwargs)
        raise OSError(err, os.strerror(err))

    monkeypatch.setattr(storage_mod.os, name, broken)


@pytest.mark.parametrize(
    ("name", "err"),
    [("write", errno.ENOSPC), ("fsync", errno.EIO), ("replace", errno.EXDEV), ("open", errno.EACCES), ("open", errno.EROFS)],
)
def test_failed_write_changes_nothing(small_doc: Document, db: Path, monkeypatch: pytest.MonkeyPatch, name: str, err: int) -> None:
    good = _filled(small_doc, db)
    store = AnnotationStore.open(db)
    before = sorted(store.all(), key=lambda a: a.uuid)
    first = before[0]
    _fail_on(monkeypatch, name, err)
    with pytest.raises(StoreWriteError) as info:
        store.add(new_annotation(small_doc, _sentences(small_doc)[4], note="never saved"))
    with pytest.raises(StoreWriteError):
        store.delete(first.uuid)
    message = str(info.value)
    assert str(db) in message and "\n" not in message
    if err == errno.ENOSPC:
        assert "磁盘已满" in message or "disk is full" in message
    monkeypatch.undo()
    assert sorted(store.all(), key=lambda a: a.uuid) == before
    assert store.get(first.uuid) == first
    assert db.read_bytes() == good
    assert [p.name for p in db.parent.iterdir() if p.name.endswith(".tmp")] == []
    assert not store.read_only
    store.add(new_annotation(small_doc, _sentences(small_doc)[4], note="saved after all"))  # and it recovers
    store.close()


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores directory permissions")
def test_read_only_directory(small_doc: Document, tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    db = folder / "annotations.json"
    _filled(small_doc, db)
    folder.chmod(0o500)
    try:
        with AnnotationStore.open(db) as store:
            with pytest.raises(StoreWriteError):
                store.add(new_annotation(small_doc, _sentences(small_doc)[4]))
            assert len(store.all()) == 3
    finally:
        folder.chmod(0o700)


def test_interrupted_save_leaves_the_old_file(small_doc: Document, db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    good = _filled(small_doc, db)
    store = AnnotationStore.open(db)
    before = store.all()

    def interrupt(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(storage_mod.os, "replace", interrupt)
    with pytest.raises(KeyboardInterrupt):
        store.add(new_annotation(small_doc, _sentences(small_doc)[4]))
    monkeypatch.undo()
    assert db.read_bytes() == good
    assert len(store.all()) == len(before)
    assert [p for p in db.parent.iterdir() if p.name.endswith(".tmp")] == []
    store.close()


def test_temp_files_left_by_a_killed_writer_are_swept(small_doc: Document, db: Path) -> None:
    _filled(small_doc, db)
    stale = db.parent / f".{db.name}.0badc0de.tmp"
    stale.write_bytes(b"half a file")
    unrelated = db.parent / ".other.json.0badc0de.tmp"
    unrelated.write_bytes(b"not ours")
    with AnnotationStore.open(db) as store:
        store.add(new_annotation(small_doc, _sentences(small_doc)[4]))
    assert not stale.exists() and unrelated.exists()


def test_a_held_lock_gives_a_clear_error(small_doc: Document, db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _filled(small_doc, db)
    monkeypatch.setattr(storage_mod.AtomicJSONStorage, "LOCK_TIMEOUT", 0.05)
    fd = os.open(str(db) + ".lock", os.O_RDWR)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        with AnnotationStore.open(db) as store:
            with pytest.raises(StoreWriteError) as info:
                store.add(new_annotation(small_doc, _sentences(small_doc)[4]))
            assert "\n" not in str(info.value)
            assert len(store.all()) == 3
    finally:
        os.close(fd)
