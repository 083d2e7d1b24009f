"""Two stores (or processes) on one database never lose each other's writes."""

from __future__ import annotations

import dataclasses
import json
import os
import random
import subprocess
import sys
import textwrap
import time
import traceback
import uuid as uuidlib
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from tinydb import TinyDB

from tests.support.paths import REPO
from tui.annotations.model import Anchor, Annotation
from tui.annotations.notebook import Notebook, Saved
from tui.annotations.storage import JournalStorage, StoreConflictError
from tui.annotations.store import AnnotationStore, RecordGoneError, new_annotation
from tui.document.model import Document

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs fork")


def _sentences(doc: Document) -> list[str]:
    return [m.id for m in doc.measures if m.kind == "sentence"]


def test_interleaved_writes_from_two_stores(small_doc: Document, tmp_path: Path) -> None:
    db = tmp_path / "annotations.json"
    ms = _sentences(small_doc)
    a, b = AnnotationStore.open(db), AnnotationStore.open(db)
    mine = [a.add(new_annotation(small_doc, ms[0], note="a1"))]
    theirs = [b.add(new_annotation(small_doc, ms[1], note="b1"))]  # b has not re-read: the lock makes it
    mine.append(a.add(new_annotation(small_doc, ms[2], note="a2")))
    theirs.append(b.update(dataclasses.replace(mine[0], note="a1 edited by b")))
    a.delete(theirs[0].uuid)
    theirs.append(b.add(new_annotation(small_doc, ms[3], note="b2")))
    expected = {mine[1].uuid: "a2", mine[0].uuid: "a1 edited by b", theirs[2].uuid: "b2"}
    for store in (a, b, AnnotationStore.open(db)):
        assert {x.uuid: x.note for x in store.all()} == expected
        store.close()


def test_reads_see_saves_from_the_other_store(small_doc: Document, tmp_path: Path) -> None:
    db = tmp_path / "annotations.json"
    with AnnotationStore.open(db) as a, AnnotationStore.open(db) as b:
        rev = b.revision
        x = a.add(new_annotation(small_doc, _sentences(small_doc)[0], tags="禹州市"))
        assert b.get(x.uuid) == x
        assert b.revision > rev
        assert b.tag_counts() == {"禹州市": 1}
        assert b.for_measure(x.anchor.measure_id) == [x]
        assert not b.refresh()  # nothing new since


_WRITER = textwrap.dedent(
    """
    import os, sys, time
    from tui.annotations.store import AnnotationStore, new_annotation
    from tui.ingest.pipeline import import_text
    doc = import_text(open(sys.argv[2], encoding="utf-8").read(), "plan.txt")
    mids = [m.id for m in doc.measures]
    store = AnnotationStore.open(sys.argv[1])
    print("ready", flush=True)
    while not os.path.exists(sys.argv[1] + ".go"):  # start together
        time.sleep(0.001)
    for i in range(int(sys.argv[3])):
        store.add(new_annotation(doc, mids[i % len(mids)], note=sys.argv[4] + str(i)))
    print("done", flush=True)
    """
)


def test_two_processes_writing_at_once(tmp_path: Path) -> None:
    db = tmp_path / "annotations.json"
    plan = REPO / "tests" / "fixtures" / "plan_small.txt"
    n = 40
    procs = [
        subprocess.Popen([sys.executable, "-c", _WRITER, str(db), str(plan), str(n), tag],
                         cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for tag in ("left", "right")
    ]
    for p in procs:
        assert p.stdout is not None and p.stdout.readline().strip() == "ready"
    Path(str(db) + ".go").touch()
    for p in procs:
        _out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
    with AnnotationStore.open(db) as store:
        notes = sorted(a.note for a in store.all())
    assert notes == sorted([f"left{i}" for i in range(n)] + [f"right{i}" for i in range(n)])


def test_a_plain_tinydb_write_on_a_stale_copy_is_refused(small_doc: Document, tmp_path: Path) -> None:
    db = tmp_path / "annotations.json"
    stale = JournalStorage(db)
    with TinyDB(storage=lambda: stale) as tdb:
        tdb.table("t").insert({"x": 1})
        with AnnotationStore.open(db) as store:
            store.add(new_annotation(small_doc, _sentences(small_doc)[0]))
        with pytest.raises(StoreConflictError):
            tdb.table("t").insert({"x": 2})
        tdb.table("t").insert({"x": 3})  # re-read by the refusal: now it goes through
        assert [d["x"] for d in tdb.table("t").all()] == [1, 3]
    with AnnotationStore.open(db) as store:
        assert len(store.all()) == 1


# --- issue 13 #1: edits name their fields; a deleted note is never brought back ----------------


def _interleave(book: Notebook, other: Callable[[], object]) -> None:
    """Run ``other`` (another instance's save) just before ``book``'s next save takes the lock,
    i.e. after ``book`` has read the note it is about to change."""
    storage = book.store._storage
    real = storage.locked

    def first_theirs(*args: object, **kwargs: object) -> object:
        storage.locked = real  # type: ignore[method-assign]
        other()
        return real(*args, **kwargs)

    storage.locked = first_theirs  # type: ignore[method-assign]


def test_a_note_edit_keeps_a_tag_change_made_meanwhile(small_doc: Document, tmp_path: Path) -> None:
    db = tmp_path / "annotations.json"
    mine, theirs = Notebook.load(small_doc, db), Notebook.load(small_doc, db)
    mid = _sentences(small_doc)[0]
    mine.save_note(mid, "原文")
    (a,) = mine.for_measure(mid)
    _interleave(mine, lambda: theirs.save_tags(mid, "长葛市", theirs.get(a.uuid)))
    assert mine.save_note(mid, "改稿", a) is Saved.EDITED
    with AnnotationStore.open(db) as check:
        final = check.get(a.uuid)
    assert final is not None and (final.note, final.tags) == ("改稿", ("长葛市",))


def test_a_tag_edit_keeps_a_note_change_made_meanwhile(small_doc: Document, tmp_path: Path) -> None:
    db = tmp_path / "annotations.json"
    mine, theirs = Notebook.load(small_doc, db), Notebook.load(small_doc, db)
    mid = _sentences(small_doc)[0]
    mine.save_tags(mid, "禹州市")
    (a,) = mine.for_measure(mid)
    mine.save_note(mid, "先写的", a)
    a = mine.for_measure(mid)[0]
    _interleave(mine, lambda: theirs.save_note(mid, "别处改的", theirs.get(a.uuid)))
    assert mine.save_tags(mid, "禹州市 产业", a) is Saved.EDITED
    with AnnotationStore.open(db) as check:
        final = check.get(a.uuid)
    assert final is not None and (final.note, final.tags) == ("别处改的", ("禹州市", "产业"))


def test_saving_a_note_deleted_meanwhile_never_brings_it_back(small_doc: Document, tmp_path: Path) -> None:
    db = tmp_path / "annotations.json"
    mine, theirs = Notebook.load(small_doc, db), Notebook.load(small_doc, db)
    mid = _sentences(small_doc)[0]
    mine.save_note(mid, "原文")
    (a,) = mine.for_measure(mid)
    _interleave(mine, lambda: theirs.delete(a.uuid))
    saved = mine.save_note(mid, "我的修改", a)
    with AnnotationStore.open(db) as check:
        assert check.get(a.uuid) is None  # the deleted record stays deleted ...
        assert [x.note for x in check.all()] == ["我的修改"]  # ... and the text is kept, as a new note
    assert saved is Saved.RECREATED
    with pytest.raises(RecordGoneError):  # the field-level API reports it
        mine.edit(a.uuid, note="再改")


# --- the two-process stress test ---------------------------------------------------------------

STRESS_OPS = 300  # per process, by default
STRESS_OPS_LONG = 5_000  # per process: 10,000 in all


def _stress_worker(db: Path, me: int, ops: int, log_path: Path, go: Path) -> None:
    """Random adds, note edits (process 0) or tag edits (process 1), and deletes of its own notes.

    Every change is logged only after the store returned: the log is what was acknowledged.
    """
    JournalStorage.COMPACT_MIN = 24 * 1024  # fold the journal in often, under the other's feet
    rng = random.Random(me)
    store = AnnotationStore.open(db)
    mine: list[str] = []
    with log_path.open("w", encoding="utf-8") as log:

        def ack(*fields: object) -> None:
            log.write(json.dumps(fields, ensure_ascii=False) + "\n")
            log.flush()

        while not go.exists():
            time.sleep(0.001)
        everyone: list[str] = []
        for i in range(ops):
            if i % 8 == 0:  # a list a little out of date: some picks were deleted by the other since
                everyone = store.uuids()
            r = rng.random()
            if r < 0.3 or not everyone:
                a = Annotation(str(uuidlib.uuid4()), "doc", "hash", Anchor(f"m{rng.randrange(40)}", (), "句子"),
                               note=f"{me}-{i} 新", tags=(f"p{me}",))
                store.add(a)
                mine.append(a.uuid)
                everyone.append(a.uuid)
                ack("add", a.uuid, a.note, list(a.tags))
            elif r < 0.42 and mine:
                u = mine.pop(rng.randrange(len(mine)))
                store.delete(u)
                ack("del", u)
            else:
                u = rng.choice(everyone)
                try:
                    if me == 0:
                        store.edit(u, note=f"{me}-{i} 改")
                        ack("note", u, f"{me}-{i} 改")
                    else:
                        store.edit(u, tags=[f"t{i}"])
                        ack("tags", u, [f"t{i}"])
                except RecordGoneError:
                    ack("gone", u)
    store.close()


def _stress(tmp_path: Path, ops: int) -> dict[str, int]:
    db, go = tmp_path / "annotations.json", tmp_path / "go"
    logs = [tmp_path / f"log{me}.jsonl" for me in (0, 1)]
    pids = []
    for me in (0, 1):
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                _stress_worker(db, me, ops, logs[me], go)
                code = 0
            except BaseException:
                traceback.print_exc()
            finally:
                os._exit(code)
        pids.append(pid)
    go.touch()
    for pid in pids:
        assert os.waitpid(pid, 0)[1] == 0, "a writer failed (see stderr)"
    notes: dict[str, str] = {}
    tags: dict[str, list[str]] = {}
    deleted: set[str] = set()
    events: Counter[str] = Counter()
    acks = [[json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()] for log in logs]
    for kind, u, *rest in acks[0] + acks[1]:  # first what was created and deleted, by either
        events[kind] += 1
        if kind == "add":
            notes[u], tags[u] = rest
        elif kind == "del":
            deleted.add(u)
    for kind, u, *rest in acks[0] + acks[1]:  # then the edits: notes by one, tags by the other, in order
        if kind == "note":
            notes[u] = rest[0]
        elif kind == "tags":
            tags[u] = rest[0]
    with AnnotationStore.open(db) as final:
        assert not final.read_only and not final.problems
        got = {a.uuid: a for a in final.all()}
    assert set(got) == set(notes) - deleted, "acknowledged adds lost, or deleted notes back"
    for u, a in got.items():
        assert a.note == notes[u], f"acknowledged note edit lost on {u}"
        assert list(a.tags) == tags[u], f"acknowledged tag edit lost on {u}"
    return dict(events, records=len(got))


def test_two_processes_lose_nothing(tmp_path: Path) -> None:
    """Two writers, random adds, note edits, tag edits and deletes: every acknowledged change is kept."""
    events = _stress(tmp_path, STRESS_OPS)
    assert events["note"] and events["tags"] and events["del"] and events["gone"]


@pytest.mark.slow
def test_two_processes_lose_nothing_in_10000_operations(tmp_path: Path) -> None:
    events = _stress(tmp_path, STRESS_OPS_LONG)
    print(f"stress: {events}")
    assert sum(events.get(k, 0) for k in ("add", "del", "note", "tags", "gone")) >= 2 * STRESS_OPS_LONG
