"""The overview: per chapter measures, annotations, top tags and progress; every tag with its count."""

from __future__ import annotations

import dataclasses

from tui.annotations.overview import overview
from tui.annotations.store import new_annotation
from tui.document.model import Document


def test_counts_progress_and_tags(small_doc: Document) -> None:
    sentences = [m for m in small_doc.measures if m.kind == "sentence"]
    in_one = [m for m in sentences if small_doc.chapter_of(m.section_id).id == "1"]
    notes = [
        new_annotation(small_doc, in_one[0].id, note="a", tags="禹州市 产业"),
        new_annotation(small_doc, in_one[0].id, note="b", tags="禹州市"),  # same measure: progress counts it once
        new_annotation(small_doc, in_one[1].id, note="c", tags="交通"),
    ]
    lost = dataclasses.replace(new_annotation(small_doc, in_one[2].id, note="d", tags="交通 产业"), orphaned=True)
    other_plan = dataclasses.replace(notes[0], doc_id="another")
    view = overview(small_doc, [*notes, lost, other_plan])
    assert [r.section.id for r in view.chapters] == [s.id for s in small_doc.children(None)]
    one = next(r for r in view.chapters if r.section.id == "1")
    assert one.measures == sum(1 for m in small_doc.measures
                               if m.kind != "heading" and small_doc.chapter_of(m.section_id).id == "1")
    assert (one.annotated, one.annotations) == (2, 4)  # the orphan counts as a note, not as progress
    assert one.progress == 2 / one.measures
    assert one.top_tags == (("交通", 2), ("产业", 2), ("禹州市", 2))
    assert view.tags == (("交通", 2), ("产业", 2), ("禹州市", 2))
    assert (view.annotations, view.orphans, view.annotated) == (4, 1, 2)
    assert all(r.annotations == 0 for r in view.chapters if r.section.id != "1")
    assert view.measures == sum(r.measures for r in view.chapters)


def test_an_empty_notebook(small_doc: Document) -> None:
    view = overview(small_doc, [])
    assert view.progress == 0.0 and view.tags == () and all(r.top_tags == () for r in view.chapters)
