"""Random saves, compactions and reopenings against a plain dict: the store always agrees with it.

Checks the lazy table (records read from the snapshot's bytes, changes beside
them), the compaction that copies unchanged runs of lines with their index
entries, the index itself, and journal replay.
"""

from __future__ import annotations

import os
import tempfile
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.annotations.model import Anchor, Annotation
from tui.annotations.store import AnnotationStore

KEYS = [f"00000000-0000-4000-8000-{n:012d}" for n in range(12)]
ops = st.lists(
    st.one_of(
        st.tuples(st.just("add"), st.sampled_from(KEYS), st.sampled_from(["m1", "m2", "m3"]),
                  st.sampled_from(["d1", "d2"]), st.booleans()),
        st.tuples(st.just("note"), st.sampled_from(KEYS), st.text("甲乙丙\n\"\\", max_size=6)),
        st.tuples(st.just("tags"), st.sampled_from(KEYS), st.lists(st.sampled_from(["禹州市", "产业", "x"]),
                                                                    max_size=2, unique=True)),
        st.tuples(st.just("delete"), st.sampled_from(KEYS)),
        st.tuples(st.just("compact")),
        st.tuples(st.just("reopen")),
    ),
    max_size=30,
)


def _annotation(key: str, mid: str, doc: str, orphaned: bool) -> Annotation:
    return Annotation(key, doc, "hash-" + doc, Anchor(mid, ("1",), "句子"), note="初", tags=("产业",),
                      created="2024-01-01T00:00:00Z", updated="2024-01-01T00:00:00Z", orphaned=orphaned)


def _agrees(store: AnnotationStore, model: dict[str, Annotation]) -> None:
    got = {a.uuid: (a.note, a.tags, a.anchor.measure_id, a.doc_id, a.orphaned) for a in store.all()}
    assert got == {k: (a.note, a.tags, a.anchor.measure_id, a.doc_id, a.orphaned) for k, a in model.items()}
    assert len(store) == len(model)
    for doc in ("d1", "d2", None):
        mine = [a for a in model.values() if doc is None or a.doc_id == doc]
        assert store.measure_counts(doc) == Counter(a.anchor.measure_id for a in mine if not a.orphaned)
        assert store.tag_counts(doc) == Counter(t for a in mine for t in a.tags)
        for mid in ("m1", "m2", "m3"):
            assert sorted(a.uuid for a in store.for_measure(mid, doc)) == sorted(
                a.uuid for a in mine if a.anchor.measure_id == mid and not a.orphaned)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops)
def test_the_store_agrees_with_a_dict(steps: list[tuple[object, ...]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "annotations.json"
        store = AnnotationStore.open(db)
        model: dict[str, Annotation] = {}
        for step in steps:
            kind, *args = step
            if kind == "add" and args[0] not in model:
                key, mid, doc, orphaned = args
                model[key] = store.add(_annotation(key, mid, doc, orphaned))  # type: ignore[arg-type]
            elif kind in ("note", "tags") and args[0] in model:
                done = store.edit(args[0], **{kind: args[1]})  # type: ignore[arg-type]
                assert done.after is not None
                model[args[0]] = done.after  # type: ignore[index]
            elif kind == "delete":
                store.delete(args[0])  # type: ignore[arg-type]
                model.pop(args[0], None)  # type: ignore[call-overload]
            elif kind == "compact":
                store.compact()
            elif kind == "reopen":
                store.close()
                store = AnnotationStore.open(db)
            _agrees(store, model)
        store.close()
        with AnnotationStore.open(db) as again:  # through the index
            _agrees(again, model)
        index = db.with_name(db.name + ".index")
        if index.exists():
            os.unlink(index)
        with AnnotationStore.open(db, read_only=True) as again:  # line by line
            _agrees(again, model)
