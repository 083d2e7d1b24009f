"""Faults: damaged files, failed writes (read-only directory, full disk), interrupted saves, locks."""

from __future__ import annotations

import errno
import fcntl
import os
import signal
from pathlib import Path

import pytest

from tui.annotations import dbfiles
from tui.annotations import storage as storage_mod
from tui.annotations.store import (
    AnnotationStore,
    StoreError,
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


def _fail_on(monkeypatch: pytest.MonkeyPatch, name: str, err: int, suffix: str) -> None:
    """Make ``os.<name>`` fail on files ending with ``suffix`` (``write``/``fsync``: on every file)."""
    real = getattr(os, name)

    def broken(*args: object, **kwargs: object) -> object:
        if name in ("open", "replace") and not str(args[0]).endswith(suffix):
            return real(*args, **kwargs)
        raise OSError(err, os.strerror(err))

    monkeypatch.setattr(storage_mod.os, name, broken)


def _files(db: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in db.parent.iterdir() if p.is_file()}


SAVE_FAULTS = [("write", errno.ENOSPC, ""), ("fdatasync", errno.EIO, ""), ("open", errno.EACCES, ".journal"),
               ("open", errno.EROFS, ".journal")]
COMPACT_FAULTS = [("write", errno.ENOSPC, ""), ("fsync", errno.EIO, ""), ("replace", errno.EXDEV, ".tmp"),
                  ("open", errno.EACCES, ".tmp"), ("open", errno.EROFS, ".tmp")]


@pytest.mark.parametrize(("path", "name", "err", "suffix"),
                         [("append", *f) for f in SAVE_FAULTS] + [("compact", *f) for f in COMPACT_FAULTS])
def test_failed_write_changes_nothing(small_doc: Document, db: Path, monkeypatch: pytest.MonkeyPatch,
                                      path: str, name: str, err: int, suffix: str) -> None:
    """A failed save (a journal append, or the snapshot written when the journal is folded in)
    leaves memory and every file as they were, and the store recovers."""
    _filled(small_doc, db)
    store = AnnotationStore.open(db)
    store.add(new_annotation(small_doc, _sentences(small_doc)[3], note="in the journal"))
    if path == "compact":  # every save now folds the journal into a new snapshot
        monkeypatch.setattr(storage_mod.JournalStorage, "COMPACT_MIN", 0)
        monkeypatch.setattr(storage_mod.JournalStorage, "COMPACT_SHARE", 0)
    good = _files(db)
    before = sorted(store.all(), key=lambda a: a.uuid)
    first = before[0]
    with monkeypatch.context() as m:
        _fail_on(m, name, err, suffix)
        with pytest.raises(StoreWriteError) as info:
            if path == "append":
                store.add(new_annotation(small_doc, _sentences(small_doc)[4], note="never saved"))
            else:
                store.compact()
        with pytest.raises(StoreWriteError):
            store.delete(first.uuid) if path == "append" else store.compact()
    message = str(info.value)
    assert str(db) in message and "\n" not in message
    if err == errno.ENOSPC:
        assert "磁盘已满" in message or "disk is full" in message
    assert sorted(store.all(), key=lambda a: a.uuid) == before
    assert store.get(first.uuid) == first
    assert _files(db) == good  # the journal cut back, no temp file left, the snapshot untouched
    assert not store.read_only
    store.add(new_annotation(small_doc, _sentences(small_doc)[4], note="saved after all"))  # and it recovers
    store.close()
    with AnnotationStore.open(db) as again:
        assert len(again) == len(before) + 1


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


@pytest.mark.parametrize("where", ["fdatasync", "replace"])
def test_interrupted_save_leaves_the_old_files(small_doc: Document, db: Path, monkeypatch: pytest.MonkeyPatch,
                                               where: str) -> None:
    """ctrl+c in the middle of an append (fdatasync) or of a compaction (replace)."""
    _filled(small_doc, db)
    store = AnnotationStore.open(db)
    store.add(new_annotation(small_doc, _sentences(small_doc)[3]))
    good, before = _files(db), store.all()

    def interrupt(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(storage_mod.os, where, interrupt)
    with pytest.raises(KeyboardInterrupt):
        if where == "replace":
            store.compact()
        else:
            store.add(new_annotation(small_doc, _sentences(small_doc)[4]))
    monkeypatch.undo()
    assert _files(db) == good
    assert len(store.all()) == len(before)
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
    monkeypatch.setattr(storage_mod.JournalStorage, "LOCK_TIMEOUT", 0.05)
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


# --- issue 13: emptied files, files that are not files, symlinks, full disks -------------------


def test_a_file_emptied_while_open_is_damage(small_doc: Document, db: Path) -> None:
    """Issue 13 #4: a sync tool (or ``>``) empties the file; the next save used to leave 1 record of 4."""
    _filled(small_doc, db)
    store = AnnotationStore.open(db)
    assert len(store) == 3
    db.write_bytes(b"")
    with pytest.raises(StoreError):
        store.add(new_annotation(small_doc, _sentences(small_doc)[4]))
    assert store.read_only and ("清空" in (store.read_only_reason or "") or "emptied" in (store.read_only_reason or ""))
    assert len(store.all()) == 3  # what we had is still shown
    assert db.read_bytes() == b"" and _copies(db)  # kept aside, never written over
    store.close()


def test_an_emptied_file_the_index_knows_had_records_opens_read_only(small_doc: Document, db: Path) -> None:
    _filled(small_doc, db)
    db.write_bytes(b"")
    with AnnotationStore.open(db) as store:
        assert store.read_only and str(db) in (store.read_only_reason or "")
        with pytest.raises(StoreReadOnlyError):
            store.add(new_annotation(small_doc, _sentences(small_doc)[0]))
    assert db.read_bytes() == b""


class _Hung(Exception):
    pass


def _hung(*_: object) -> None:
    raise _Hung


@pytest.mark.parametrize("kind", ["fifo", "device", "directory"])
def test_only_regular_files_are_read(tmp_path: Path, kind: str) -> None:
    """Issue 13 #11: a FIFO hung every command, /dev/zero ran out of memory."""
    if kind == "fifo":
        path = tmp_path / "annotations.json"
        os.mkfifo(path)
    else:
        path = Path("/dev/zero") if kind == "device" else tmp_path
    signal.signal(signal.SIGALRM, _hung)
    signal.alarm(20)  # a hang fails the test instead of the suite
    try:
        store = AnnotationStore.open(path)
    finally:
        signal.alarm(0)
    assert store.damaged and store.read_only
    reason = store.read_only_reason or ""
    assert str(path) in reason and "\n" not in reason
    assert store.all() == []


def test_reads_are_capped(small_doc: Document, db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _filled(small_doc, db)
    monkeypatch.setattr(dbfiles, "MAX_BYTES", 100)
    store = AnnotationStore.open(db)
    assert store.damaged and "MB" in (store.read_only_reason or "")


def test_the_copy_of_a_damaged_symlinked_database_goes_beside_the_link(small_doc: Document, tmp_path: Path) -> None:
    """Issue 13 #12: the copy used to land beside the link's target (a system folder, for root)."""
    target_dir, link_dir = tmp_path / "system", tmp_path / "user"
    target_dir.mkdir()
    link_dir.mkdir()
    target = target_dir / "passwd"
    target.write_bytes(b"root:x:0:0:root:/root:/bin/bash\n")
    link = link_dir / "annotations.json"
    link.symlink_to(target)
    store = AnnotationStore.open(link)
    assert store.read_only and store.corrupt_copy is not None
    assert store.corrupt_copy.parent == link_dir
    with pytest.raises(StoreReadOnlyError):
        store.add(new_annotation(small_doc, _sentences(small_doc)[0]))
    store.close()
    assert sorted(p.name for p in target_dir.iterdir()) == ["passwd"]  # nothing written there


def test_no_truncated_copy_is_left_on_a_full_disk(small_doc: Document, db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 13 #13: the message said no copy was kept while half a copy was."""
    good = _filled(small_doc, db)
    db.write_bytes(good[: len(good) // 2])
    real = os.write

    def full(fd: int, data: bytes) -> int:
        real(fd, bytes(data)[:10])  # part of it gets to the disk, then it is full
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(storage_mod.os, "write", full)
    store = AnnotationStore.open(db)
    monkeypatch.undo()
    assert store.read_only and store.corrupt_copy is None
    assert "未能保存副本" in (store.read_only_reason or "") or "no copy" in (store.read_only_reason or "")
    assert _copies(db) == []


def test_a_full_size_temp_file_left_by_a_kill_is_removed_at_the_next_open(small_doc: Document, db: Path) -> None:
    """Issue 13 #13: it used to stay until the next save."""
    good = _filled(small_doc, db)
    stale = db.parent / f".{db.name}.k1ll3d_x.tmp"
    stale.write_bytes(good)  # a whole new snapshot, killed before its rename
    AnnotationStore.open(db).close()
    assert not stale.exists()
    stale.write_bytes(good)
    AnnotationStore.open(db, read_only=True).close()  # a listing command writes (and removes) nothing
    assert stale.exists()
