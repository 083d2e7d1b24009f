"""A process killed with SIGKILL in the middle of saving never loses an acknowledged save.

A forked child saves in a loop (adds, note edits, deletes, and compactions
that fold the journal into a new snapshot) and reports each save after it
returns; the test kills it at random moments, then checks that the files
load and hold exactly what was acknowledged. A second test kills
``policy-tui import-annotations`` in the middle of its merge. Forking (rather
than starting a new interpreter) keeps many rounds within seconds.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from tui.annotations.storage import JournalStorage
from tui.annotations.store import AnnotationStore, new_annotation, to_record
from tui.document.model import Document

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs fork and SIGKILL")

ROUNDS = 24  # by default; the slow form kills 220 times
ROUNDS_LONG = 220
IMPORT_ROUNDS = 6
IMPORT_ROUNDS_LONG = 40


def _child(db: Path, doc: Document, ack: int, seed: int) -> None:
    JournalStorage.COMPACT_MIN = 16 * 1024  # fold the journal in often: kills land in compactions too
    rng = random.Random(seed)
    mids = [m.id for m in doc.measures]
    store = AnnotationStore.open(db)
    mine: list[str] = []
    for i in range(10_000):
        r = rng.random()
        if i % 12 == 11:
            os.write(ack, b"C\n")  # a compaction started
            store.compact()
            os.write(ack, b"c\n")
        elif len(mine) > 2 and r < 0.25:
            uuid = mine.pop(rng.randrange(len(mine)))
            os.write(ack, f"?{uuid}\n".encode())  # outcome unknown if killed now
            store.delete(uuid)
            os.write(ack, f"-{uuid}\n".encode())
        elif mine and r < 0.5:
            uuid = rng.choice(mine)
            os.write(ack, f"!{uuid}\n".encode())
            store.edit(uuid, note=f"第{seed}轮 改{i}")
            os.write(ack, f"~{uuid}第{seed}轮 改{i}\n".encode())
        else:
            a = store.add(new_annotation(doc, rng.choice(mids), note=f"第{seed}轮 {i}", tags="禹州市"))
            mine.append(a.uuid)
            os.write(ack, f"+{a.uuid}\n".encode())


def _read_all(fd: int) -> str:
    chunks = []
    while chunk := os.read(fd, 65536):
        chunks.append(chunk)
    return b"".join(chunks).decode()


class Expected:
    """What the acknowledgements say the database must hold."""

    def __init__(self, present: set[str]) -> None:
        self.present = present
        self.absent: set[str] = set()
        self.notes: dict[str, str] = {}
        self.acked = 0

    def take(self, line: str) -> None:
        mark, uuid, rest = line[:1], line[1:37], line[37:]
        if mark == "+":
            self.present.add(uuid)
        elif mark == "-":
            self.absent.add(uuid)
            self.present.discard(uuid)
        elif mark == "?":  # a delete that may or may not have happened
            self.present.discard(uuid)
            self.notes.pop(uuid, None)
        elif mark == "!":  # an edit that may or may not have happened
            self.notes.pop(uuid, None)
        elif mark == "~":
            self.notes[uuid] = rest
        else:
            return
        self.acked += mark in "+-~"

    def check(self, db: Path, round_no: int) -> list[str]:
        json.loads(db.read_bytes())  # the snapshot always parses
        with AnnotationStore.open(db) as store:
            assert not store.read_only and not store.damaged, store.read_only_reason
            found = {a.uuid: a.note for a in store.all()}
            notices = list(store.notices)
        assert self.present <= found.keys(), f"round {round_no}: acknowledged saves lost"
        assert not self.absent & found.keys(), f"round {round_no}: acknowledged deletes undone"
        for uuid, note in self.notes.items():
            assert found.get(uuid, note) == note, f"round {round_no}: acknowledged edit lost"
        assert list(db.parent.glob("*.corrupt-*")) == []
        return notices


def _kill_rounds(small_doc: Document, tmp_path: Path, rounds: int) -> Counter[str]:
    db = tmp_path / "annotations.json"
    mids = [m.id for m in small_doc.measures]
    with AnnotationStore.open(db) as store:  # big enough that a compaction takes a few ms
        store.merge(new_annotation(small_doc, mids[i % len(mids)], note="已有" * 20) for i in range(800))
        expected = Expected({a.uuid for a in store.all()})
    rng = random.Random(4)
    seen: Counter[str] = Counter()
    for round_no in range(rounds):
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:  # child: save until killed
            os.close(r)
            try:
                _child(db, small_doc, w, round_no)
            finally:
                os._exit(0)
        os.close(w)
        first = os.read(r, 1)  # wait until it has saved once
        assert first, "writer died before saving"
        time.sleep(rng.uniform(0, 0.05))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        lines = (first.decode() + _read_all(r)).splitlines()
        os.close(r)
        for line in lines:
            expected.take(line)
        marks = [line for line in lines if line in ("C", "c")]
        seen["kills"] += 1
        seen["during compaction"] += bool(marks) and marks[-1] == "C"
        seen["temp file left"] += any(p.name.endswith(".tmp") for p in tmp_path.iterdir())
        seen["torn journal line"] += bool(expected.check(db, round_no))
    seen["acknowledged saves"] = expected.acked
    assert expected.acked > rounds  # the writers did get to save
    print(dict(seen))
    AnnotationStore.open(db).close()  # the next open sweeps temp files left by kills
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    return seen


def test_sigkill_while_saving(small_doc: Document, tmp_path: Path) -> None:
    seen = _kill_rounds(small_doc, tmp_path, ROUNDS)
    assert seen["kills"] == ROUNDS


@pytest.mark.slow
def test_sigkill_while_saving_many_times(small_doc: Document, tmp_path: Path) -> None:
    seen = _kill_rounds(small_doc, tmp_path, ROUNDS_LONG)
    assert seen["during compaction"] > 0


def _import_rounds(small_doc: Document, tmp_path: Path, rounds: int) -> Counter[str]:
    from tui.cli import main

    db, export = tmp_path / "annotations.json", tmp_path / "colleague.json"
    mids = [m.id for m in small_doc.measures]
    with AnnotationStore.open(db) as store:
        store.merge(new_annotation(small_doc, mids[i % len(mids)], note="本地") for i in range(300))
        local = {a.uuid for a in store.all()}
    theirs = [new_annotation(small_doc, mids[i % len(mids)], note=f"同事 {i}", tags="长葛市") for i in range(3000)]
    export.write_text(json.dumps({"format": "policy-tui-annotations", "version": 1,
                                  "annotations": [to_record(a) for a in theirs]}, ensure_ascii=False),
                      encoding="utf-8")
    incoming = {a.uuid for a in theirs}
    pristine = {p: p.read_bytes() for p in tmp_path.glob("annotations.json*")}
    rng = random.Random(7)
    seen: Counter[str] = Counter()
    took = 1.0
    for round_no in range(rounds + 1):  # round 0 is not killed: it times a whole import
        started = time.monotonic()
        pid = os.fork()
        if pid == 0:
            code = 1
            with contextlib.suppress(BaseException):
                fd = os.open(os.devnull, os.O_WRONLY)
                os.dup2(fd, 1)
                os.dup2(fd, 2)
                code = main(["import-annotations", str(export), "--db", str(db)])
            os._exit(code)
        if round_no:
            time.sleep(rng.uniform(0.2, 1.1) * took)  # from reading the file to compacting at the end
            os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        if not round_no:
            took = time.monotonic() - started
        finished = os.WIFEXITED(status)
        with AnnotationStore.open(db) as store:
            assert not store.read_only and not store.damaged, store.read_only_reason
            found = set(store.uuids())
        assert local <= found, f"round {round_no}: local notes lost"
        got = len(incoming & found)
        assert got in (0, len(incoming)), f"round {round_no}: half an import ({got} of {len(incoming)})"
        seen["kills"] += not finished
        seen["finished first"] += finished and round_no > 0
        seen["killed with the import saved"] += got > 0 and not finished
        if got:  # start again from the local notes only
            for path in tmp_path.glob("annotations.json*"):
                path.unlink()
            for path, data in pristine.items():
                path.write_bytes(data)
    print(dict(seen))
    assert main(["import-annotations", str(export), "--db", str(db)]) == 0
    with AnnotationStore.open(db) as store:
        assert set(store.uuids()) == local | incoming
    return seen


def test_sigkill_during_import_annotations(small_doc: Document, tmp_path: Path) -> None:
    _import_rounds(small_doc, tmp_path, IMPORT_ROUNDS)


@pytest.mark.slow
def test_sigkill_during_import_annotations_many_times(small_doc: Document, tmp_path: Path) -> None:
    seen = _import_rounds(small_doc, tmp_path, IMPORT_ROUNDS_LONG)
    assert seen["kills"] > IMPORT_ROUNDS_LONG // 2
