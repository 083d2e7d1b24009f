"""Two stores (or processes) on one database never lose each other's writes."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from tinydb import TinyDB

from tests.support.paths import REPO
from tui.annotations.storage import JournalStorage, StoreConflictError
from tui.annotations.store import AnnotationStore, new_annotation
from tui.document.model import Document


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
        out, err = p.communicate(timeout=120)
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
