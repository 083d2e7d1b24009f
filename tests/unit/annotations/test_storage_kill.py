"""A process killed with SIGKILL in the middle of saving never leaves a file that does not load.

A forked child saves in a loop (adds and deletes) and reports each save after
it returns; the test kills it at random moments, then checks that the file
loads and holds exactly what was acknowledged. Forking (rather than starting a
new interpreter) keeps twenty rounds within a couple of seconds.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sys
import time
from pathlib import Path

import pytest

from tui.annotations.store import AnnotationStore, new_annotation
from tui.document.model import Document

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs fork and SIGKILL")

ROUNDS = 20


def _child(db: Path, doc: Document, ack: int, seed: int) -> None:
    rng = random.Random(seed)
    mids = [m.id for m in doc.measures]
    store = AnnotationStore.open(db)
    mine: list[str] = []
    for i in range(10_000):
        if len(mine) > 2 and rng.random() < 0.3:
            uuid = mine.pop(rng.randrange(len(mine)))
            os.write(ack, f"?{uuid}\n".encode())  # outcome unknown if killed now
            store.delete(uuid)
            os.write(ack, f"-{uuid}\n".encode())
        else:
            a = store.add(new_annotation(doc, rng.choice(mids), note=f"第{seed}轮 {i}", tags="禹州市"))
            mine.append(a.uuid)
            os.write(ack, f"+{a.uuid}\n".encode())


def _read_all(fd: int) -> str:
    chunks = []
    while chunk := os.read(fd, 65536):
        chunks.append(chunk)
    return b"".join(chunks).decode()


def test_sigkill_while_saving(small_doc: Document, tmp_path: Path) -> None:
    db = tmp_path / "annotations.json"
    mids = [m.id for m in small_doc.measures]
    with AnnotationStore.open(db) as store:  # big enough that a save takes a few ms
        store.merge(new_annotation(small_doc, mids[i % len(mids)], note="已有" * 20) for i in range(800))
        present = {a.uuid for a in store.all()}
    absent: set[str] = set()
    rng = random.Random(4)
    acked_total = 0
    mid_write = 0  # rounds killed between writing the temp file and renaming it
    for round_no in range(ROUNDS):
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
        time.sleep(rng.uniform(0, 0.04))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        lines = (first.decode() + _read_all(r)).splitlines()
        os.close(r)
        for line in lines:
            if len(line) != 37:
                continue  # cannot happen (pipe writes this small are atomic), but never guess
            mark, uuid = line[0], line[1:]
            if mark == "+":
                present.add(uuid)
                acked_total += 1
            elif mark == "-":
                absent.add(uuid)
                acked_total += 1
            else:  # a delete that may or may not have happened
                present.discard(uuid)
        present -= absent

        mid_write += any(p.name.endswith(".tmp") for p in tmp_path.iterdir())
        json.loads(db.read_bytes())  # the file always parses
        with AnnotationStore.open(db) as check:
            assert not check.read_only and not check.damaged
            uuids = {a.uuid for a in check.all()}
        assert present <= uuids, f"round {round_no}: acknowledged saves lost"
        assert not absent & uuids, f"round {round_no}: acknowledged deletes undone"
        assert list(tmp_path.glob("*.corrupt-*")) == []
    assert acked_total > ROUNDS  # the writers did get to save
    print(f"{ROUNDS} kills, {acked_total} acknowledged saves, {mid_write} kills mid-write")

    with AnnotationStore.open(db) as store:  # the next save sweeps temp files left by kills
        store.add(new_annotation(small_doc, mids[0]))
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
