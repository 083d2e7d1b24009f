"""The index beside the snapshot: what it carries so that a large notebook's first screen
is quick (record groups and records by measure), and that a notebook stays right when
the index is old, wrong or missing (issue 14)."""

from __future__ import annotations

import random
import zlib
from array import array
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest

from tui.annotations import snapshot
from tui.annotations.store import AnnotationStore, new_annotation
from tui.document.model import Document


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "annotations.json"


def _index(db: Path) -> Path:
    return db.with_name(db.name + ".index")


def _notebook(doc: Document, db: Path) -> list[str]:
    """Notes on a few measures, written in shuffled order, then some edited (in the journal)."""
    rng = random.Random(3)
    mids = [m.id for m in doc.measures][:6]
    with AnnotationStore.open(db) as store:
        uuids = [store.add(new_annotation(doc, rng.choice(mids), note=f"笔记{k}", tags=["禹州市"] if k % 2 else []))
                 .uuid for k in range(40)]
    store = AnnotationStore.open(db)
    store.edit(uuids[0], note="改过")
    store.delete(uuids[1])
    store._storage._lock.close()  # left as a kill would leave it: the edits stay in the journal
    return mids


def _by_measure(db: Path, mids: list[str]) -> dict[str, list[tuple[str, str]]]:
    with AnnotationStore.open(db, read_only=True) as store:
        return {mid: [(a.uuid, a.note) for a in store.for_measure(mid)] for mid in mids}


def _rewrite_index(db: Path, change: Callable[[dict[str, Any]], None]) -> None:
    """Change the index body and give it a matching checksum line (a consistent but different index)."""
    body = orjson.loads(_index(db).read_bytes().partition(b"\n")[2])
    change(body)
    raw = orjson.dumps(body)
    _index(db).write_bytes(orjson.dumps({"crc32": zlib.crc32(raw), "size": len(raw)}) + b"\n" + raw)


def _truth(db: Path, mids: list[str]) -> dict[str, list[tuple[str, str]]]:
    """The notes by measure as the snapshot itself says, read with no index at all."""
    saved = _index(db).read_bytes()
    _index(db).unlink()
    try:
        return _by_measure(db, mids)
    finally:
        _index(db).write_bytes(saved)


def test_the_index_carries_record_groups_and_records_by_measure(small_doc: Document, db: Path) -> None:
    mids = _notebook(small_doc, db)
    table = orjson.loads(_index(db).read_bytes().partition(b"\n")[2])["tables"][0]
    assert sum(n for *_, n in table["groups"]) == len(table["keys"].split("\n"))
    with AnnotationStore.open(db, read_only=True) as store:
        base = store._records.base
        assert base._order is not None and base._groups is not None  # taken from the index, not counted
        assert base.counts() == _count_by_scan(base)
    assert _by_measure(db, mids) == _truth(db, mids)


def _count_by_scan(base: Any) -> Counter[tuple[str | None, str]]:
    """(doc id, measure id) -> records of the snapshot, counted on the columns."""
    v = base.values
    return Counter((v[d], v[m]) for d, m in zip(base.doc, base.mid, strict=True) if v[m] is not None)


def test_an_index_from_before_them_is_still_believed(small_doc: Document, db: Path) -> None:
    mids = _notebook(small_doc, db)

    def old(body: dict[str, Any]) -> None:
        for table in body["tables"]:
            del table["groups"], table["order"]

    _rewrite_index(db, old)
    with AnnotationStore.open(db, read_only=True) as store:
        assert store._records.base._order is None  # found by scanning
    assert _by_measure(db, mids) == _truth(db, mids)


def test_records_by_measure_that_do_not_fit_the_columns_are_not_used(small_doc: Document, db: Path) -> None:
    mids = _notebook(small_doc, db)

    def reverse(body: dict[str, Any]) -> None:
        table = body["tables"][0]
        n = len(table["keys"].split("\n"))
        table["order"] = snapshot._pack(array("i", reversed(range(n))))

    _rewrite_index(db, reverse)
    assert _by_measure(db, mids) == _truth(db, mids)


def test_groups_that_do_not_add_up_make_the_index_unbelieved(small_doc: Document, db: Path) -> None:
    mids = _notebook(small_doc, db)

    def inflate(body: dict[str, Any]) -> None:
        body["tables"][0]["groups"][0][-1] += 1

    _rewrite_index(db, inflate)
    with AnnotationStore.open(db, read_only=True) as store:
        base = store._records.base  # the snapshot was read line by line and counted anew:
        assert base.counts() == _count_by_scan(base)
    assert _by_measure(db, mids) == _truth(db, mids)
