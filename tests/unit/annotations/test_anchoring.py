"""Anchors and re-anchoring after the plan's text was edited."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.annotations.anchoring import CONTEXT, locate, make_anchor, reanchor
from tui.annotations.model import Annotation
from tui.annotations.store import AnnotationStore, new_annotation
from tui.document.model import Document
from tui.ingest.pipeline import import_text

PLAN = """示例市“十四五”交通发展规划

一、发展基础

“十三五”时期，全市交通建设取得显著成效。高速公路通车里程达到300公里。

二、主要任务

（一）完善综合交通网络

加快郑许市域铁路建设，推进城际交通一体化。实施国省干线公路改造工程。加强农村公路养护管理。

（二）提升运输服务水平

推进城乡客运一体化，禹州市、长葛市率先实现公交全覆盖。发展智慧物流，降低物流成本。加强农村公路养护管理。
"""


def _doc(text: str = PLAN) -> Document:
    return import_text(text, source="plan.txt")


def _mid(doc: Document, starts: str) -> str:
    return next(m.id for m in doc.measures if m.text.startswith(starts))


def _note(doc: Document, starts: str, sub: str | None = None) -> Annotation:
    mid = _mid(doc, starts)
    span = None
    if sub is not None:
        at = doc.measure_by_id[mid].text.index(sub)
        span = (at, at + len(sub))
    return new_annotation(doc, mid, note=f"on {starts}", sub=span)


def test_make_anchor_whole_measure() -> None:
    doc = _doc()
    mid = _mid(doc, "加快郑许")
    a = make_anchor(doc, mid)
    text = doc.full_text()
    assert a.exact == doc.measure_by_id[mid].text == text[a.start:a.end]
    assert (a.start, a.end) == doc.measure_spans[mid]
    assert a.prefix == text[a.start - CONTEXT:a.start] and a.suffix == text[a.end:a.end + CONTEXT]
    assert a.section_path == ("2", "2.1")
    assert a.sub_start is None and a.sub_end is None


def test_make_anchor_sub_span_and_bad_input() -> None:
    doc = _doc()
    mid = _mid(doc, "推进城乡客运")
    text = doc.measure_by_id[mid].text
    at = text.index("禹州市")
    a = make_anchor(doc, mid, (at, at + 3))
    assert a.exact == "禹州市" and (a.sub_start, a.sub_end) == (at, at + 3)
    assert doc.full_text()[a.start:a.end] == "禹州市"
    first = make_anchor(doc, doc.measures[0].id)
    assert first.prefix == "" or doc.full_text().startswith(first.prefix)
    for bad in [(3, 3), (-1, 2), (0, len(text) + 1), (5, 2)]:
        with pytest.raises(ValueError):
            make_anchor(doc, mid, bad)
    with pytest.raises(ValueError):
        make_anchor(doc, "no.such.measure")


def test_unchanged_text_keeps_every_anchor() -> None:
    doc = _doc()
    notes = [_note(doc, "加快郑许"), _note(doc, "推进城乡客运", "长葛市")]
    placed, orphaned = reanchor(_doc(), notes)
    assert placed == notes and orphaned == []


def test_inserted_sentence_shifts_ids_and_notes_follow() -> None:
    old = _doc()
    notes = [_note(old, "实施国省干线"), _note(old, "发展智慧物流", "智慧物流")]
    new = _doc(PLAN.replace("加快郑许市域铁路建设", "新建城市快速路环线。加快郑许市域铁路建设"))
    assert new.content_hash != old.content_hash
    placed, orphaned = reanchor(new, notes)
    assert orphaned == []
    whole, sub = placed
    assert new.measure_by_id[whole.anchor.measure_id].text == "实施国省干线公路改造工程。"
    assert whole.anchor.measure_id != notes[0].anchor.measure_id  # the id moved with the insert
    assert whole.content_hash == new.content_hash and whole.updated == notes[0].updated
    assert sub.anchor.exact == "智慧物流" and sub.anchor.sub_start == 2
    assert new.full_text()[sub.anchor.start:sub.anchor.end] == "智慧物流"


def test_edited_sentence_is_found_by_fuzzy_match() -> None:
    old = _doc()
    notes = [_note(old, "高速公路通车"), _note(old, "推进城乡客运", "率先实现公交全覆盖")]
    new = _doc(PLAN.replace("达到300公里", "达到350公里").replace("率先实现公交全覆盖", "率先实现公交全面覆盖"))
    placed, orphaned = reanchor(new, notes)
    assert orphaned == []
    whole, sub = placed
    assert whole.anchor.exact == "高速公路通车里程达到350公里。"
    assert sub.anchor.exact == "率先实现公交全面覆盖"
    assert sub.anchor.measure_id == _mid(new, "推进城乡客运")


def test_repeated_sentence_is_placed_by_context() -> None:
    old = _doc()
    second = [m for m in old.measures if m.text == "加强农村公路养护管理。"][1]
    note = new_annotation(old, second.id)
    # A long insertion before the second copy leaves the first one nearer the
    # old position: only the context can tell them apart.
    filler = "着力构建安全便捷高效绿色经济的现代综合交通运输体系，" * 8 + "全面提升服务能力。"
    new = _doc(PLAN.replace("推进城乡客运一体化", filler + "推进城乡客运一体化"))
    first, copy = [m for m in new.measures if m.text == "加强农村公路养护管理。"]
    assert abs(new.measure_spans[first.id][0] - note.anchor.start) < abs(new.measure_spans[copy.id][0] - note.anchor.start)
    [placed], _ = reanchor(new, [note])
    assert placed.anchor.measure_id == copy.id
    assert placed.anchor.prefix.endswith("降低物流成本。")


def test_removed_text_orphans_but_keeps_the_note() -> None:
    old = _doc()
    note = _note(old, "发展智慧物流")
    new = _doc(PLAN.replace("发展智慧物流，降低物流成本。", ""))
    placed, orphaned = reanchor(new, [note])
    assert placed == []
    [orphan] = orphaned
    assert orphan.orphaned and orphan.note == note.note and orphan.anchor == note.anchor
    assert orphan.content_hash == note.content_hash  # still says which text it came from
    # the text comes back: the orphan is placed again
    [back], none = reanchor(old, [orphan])
    assert none == [] and not back.orphaned and back.anchor == note.anchor


def test_heavily_rewritten_sentence_is_not_forced_onto_another() -> None:
    old = _doc()
    note = _note(old, "实施国省干线")
    new = _doc(PLAN.replace("实施国省干线公路改造工程。", "全面提升水运能力。"))
    assert locate(new, note.anchor) is None


def test_store_reanchor_saves_moves_without_touching_updated(tmp_path) -> None:  # type: ignore[no-untyped-def]
    old = _doc()
    db = tmp_path / "annotations.json"
    with AnnotationStore.open(db) as store:
        kept = store.add(_note(old, "“十三五”时期"))
        moved = store.add(_note(old, "实施国省干线"))
        gone = store.add(_note(old, "发展智慧物流"))
        new = _doc(PLAN.replace("加快郑许市域铁路建设", "新建城市快速路环线。加快郑许市域铁路建设")
                   .replace("发展智慧物流，降低物流成本。", ""))
        report = store.reanchor(new)
        assert report.placed == 2 and report.moved == 2 and [o.uuid for o in report.orphaned] == [gone.uuid]
    with AnnotationStore.open(db) as store:
        assert store.get(moved.uuid).anchor.measure_id == _mid(new, "实施国省干线")  # type: ignore[union-attr]
        assert store.get(moved.uuid).updated == moved.updated  # type: ignore[union-attr]
        assert store.get(kept.uuid).content_hash == new.content_hash  # type: ignore[union-attr]
        assert store.orphans() == [dataclasses.replace(gone, orphaned=True)]
        again = store.reanchor(new)
        assert again.moved == 0 and len(again.orphaned) == 1


def test_store_reanchor_of_notes_in_the_snapshot_and_in_the_journal(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Settled notes are counted from the snapshot's index; edited and new ones from the journal."""
    old = _doc()
    db = tmp_path / "annotations.json"
    with AnnotationStore.open(db) as store:
        in_snapshot = [store.add(_note(old, s)) for s in ("“十三五”时期", "实施国省干线", "发展智慧物流", "推进城乡客运")]
    new = _doc(PLAN.replace("加快郑许市域铁路建设", "新建城市快速路环线。加快郑许市域铁路建设")
               .replace("发展智慧物流，降低物流成本。", ""))
    with AnnotationStore.open(db) as store:
        store.edit(in_snapshot[0].uuid, note="改过")  # settled, but changed since the snapshot
        store.edit(in_snapshot[1].uuid, note="也改过")  # to be moved, changed since the snapshot
        store.delete(in_snapshot[3].uuid)
        fresh = store.add(_note(new, "加强农村公路养护"))  # made on the new text: settled
        report = store.reanchor(new)
        assert (report.placed, report.moved) == (3, 2)
        assert [o.uuid for o in report.orphaned] == [in_snapshot[2].uuid]
        assert store.get(in_snapshot[1].uuid).anchor.measure_id == _mid(new, "实施国省干线")  # type: ignore[union-attr]
        assert store.get(in_snapshot[1].uuid).note == "也改过"  # type: ignore[union-attr]
        assert store.reanchor(new).moved == 0
        assert fresh.uuid in {a.uuid for a in store.for_measure(fresh.anchor.measure_id)}


_EXTRA = ("新增城市停车设施建设。", "统筹推进智慧交通平台建设。", "完善应急运输保障体系。")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_sentences_that_survive_an_edit_keep_their_notes(data: st.DataObject) -> None:
    old = _doc()
    sentences = [m.text for m in old.measures if m.kind == "sentence"]
    notes = [new_annotation(old, m.id) for m in old.measures if m.kind == "sentence"]
    # Edit: insert new sentences before some and delete others.
    edited = PLAN
    for sentence in data.draw(st.lists(st.sampled_from(sentences), max_size=3, unique=True), label="delete"):
        edited = edited.replace(sentence, "", 1)
    for sentence, extra in data.draw(st.lists(st.tuples(st.sampled_from(sentences), st.sampled_from(_EXTRA)),
                                              max_size=3), label="insert"):
        edited = edited.replace(sentence, extra + sentence, 1)
    new = _doc(edited)
    placed, orphaned = reanchor(new, notes)
    assert len(placed) + len(orphaned) == len(notes)  # nothing is dropped
    survivors = {m.text for m in new.measures}
    for a in placed:
        assert new.measure_by_id[a.anchor.measure_id].text == a.anchor.exact
    by_uuid = {a.uuid: a for a in placed}
    for note in notes:
        text = note.anchor.exact
        if text in survivors and sum(m.text == text for m in new.measures) == 1:
            assert by_uuid[note.uuid].anchor.exact == text
