"""The notebook's save rules (note editor and tags dialog), tested without the UI."""

from __future__ import annotations

from pathlib import Path

from tui.annotations.notebook import Notebook, Saved
from tui.document.model import Document


def book_on(doc: Document, tmp_path: Path) -> Notebook:
    return Notebook.load(doc, tmp_path / "notes.json")


def first_measure(doc: Document) -> str:
    return next(m.id for m in doc.measures if m.kind != "heading")


def test_save_note_adds_edits_and_refuses_empty(small_doc: Document, tmp_path: Path) -> None:
    book, mid = book_on(small_doc, tmp_path), first_measure(small_doc)
    assert book.save_note(mid, "   ") is Saved.EMPTY
    assert book.save_note(mid, "初稿") is Saved.ADDED
    (note,) = book.for_measure(mid)
    assert book.save_note(mid, "初稿", note) is Saved.UNCHANGED
    assert book.save_note(mid, "改稿", note) is Saved.EDITED
    assert [a.note for a in book.for_measure(mid)] == ["改稿"]
    assert book.save_note(mid, "另一条", note, as_new=True) is Saved.ADDED
    assert len(book.for_measure(mid)) == 2


def test_clearing_the_last_content_deletes_with_undo(small_doc: Document, tmp_path: Path) -> None:
    book, mid = book_on(small_doc, tmp_path), first_measure(small_doc)
    assert book.save_tags(mid, "禹州市、产业") is Saved.ADDED
    (a,) = book.for_measure(mid)
    assert a.tags == ("禹州市", "产业")
    assert book.save_tags(mid, "", a) is Saved.DELETED
    assert book.for_measure(mid) == [] and book.counts == {}
    book.undo_last()
    assert [x.tags for x in book.for_measure(mid)] == [("禹州市", "产业")]


def test_clearing_tags_keeps_an_annotation_with_a_note(small_doc: Document, tmp_path: Path) -> None:
    book, mid = book_on(small_doc, tmp_path), first_measure(small_doc)
    book.save_note(mid, "要点")
    (a,) = book.for_measure(mid)
    book.save_tags(mid, "长葛市", a)
    assert book.save_tags(mid, "", a) is Saved.EDITED
    assert [(x.note, x.tags) for x in book.for_measure(mid)] == [("要点", ())]
    # and emptying the note of a tagless annotation deletes it
    assert book.save_note(mid, "", book.for_measure(mid)[0]) is Saved.DELETED
    assert book.for_measure(mid) == []


def test_editing_a_note_deleted_elsewhere_keeps_the_text(small_doc: Document, tmp_path: Path) -> None:
    book, mid = book_on(small_doc, tmp_path), first_measure(small_doc)
    book.save_note(mid, "原文")
    (a,) = book.for_measure(mid)
    other = Notebook.load(small_doc, tmp_path / "notes.json")
    other.delete(a.uuid)
    assert book.save_note(mid, "我的修改", a) is Saved.RECREATED  # said, so the editor can tell the user
    (kept,) = book.for_measure(mid)
    assert kept.note == "我的修改" and kept.uuid != a.uuid
    assert book.get(a.uuid) is None  # the deleted one stays deleted


def test_tags_on_a_note_deleted_elsewhere_keep_its_note_as_a_new_one(small_doc: Document, tmp_path: Path) -> None:
    book, mid = book_on(small_doc, tmp_path), first_measure(small_doc)
    book.save_note(mid, "原文")
    (a,) = book.for_measure(mid)
    Notebook.load(small_doc, tmp_path / "notes.json").delete(a.uuid)
    assert book.save_tags(mid, "禹州市", a) is Saved.RECREATED
    (kept,) = book.for_measure(mid)
    assert (kept.note, kept.tags) == ("原文", ("禹州市",)) and kept.uuid != a.uuid


def test_counts_follow_saves_without_converting_every_note(small_doc: Document, tmp_path: Path) -> None:
    book, mid = book_on(small_doc, tmp_path), first_measure(small_doc)
    book.save_note(mid, "一")
    book.save_tags(mid, "产业")
    assert book.counts == {mid: 2} and book.marks() == {mid: "2"}
    other = Notebook.load(small_doc, tmp_path / "notes.json")
    other.delete(book.for_measure(mid)[0].uuid)
    assert book.sync() and book.counts == {mid: 1}
    assert book.store._cache.keys() <= {a.uuid for a in book.for_measure(mid)}


def test_a_note_edited_in_two_windows_keeps_both_texts(small_doc: Document, tmp_path: Path) -> None:
    """Both editors opened on 原文; the other window saved first. Saving here must not overwrite it."""
    book, mid = book_on(small_doc, tmp_path), first_measure(small_doc)
    book.save_note(mid, "原文")
    (a,) = book.for_measure(mid)
    book.save_tags(mid, "禹州市", a)
    (a,) = book.for_measure(mid)  # what this window's editor opens on
    other = Notebook.load(small_doc, tmp_path / "notes.json")
    assert other.save_note(mid, "原文【另一个窗口】", other.get(a.uuid)) is Saved.EDITED
    assert book.save_note(mid, "原文【这个窗口】", a) is Saved.KEPT_APART
    notes = sorted(x.note for x in book.for_measure(mid))
    assert notes == ["原文【另一个窗口】", "原文【这个窗口】"]
    assert all(x.tags == ("禹州市",) for x in book.for_measure(mid))  # the kept text stays in the county's notes
    # Cleared here while changed elsewhere: nothing is deleted.
    (theirs,) = [x for x in book.for_measure(mid) if x.note.endswith("【另一个窗口】")]
    other.save_note(mid, "再改一次", other.get(theirs.uuid))
    assert book.save_note(mid, "", theirs) is Saved.CHANGED_ELSEWHERE
    assert "再改一次" in [x.note for x in book.for_measure(mid)]
    # A plain edit with nobody else involved is still an edit.
    (mine,) = [x for x in book.for_measure(mid) if x.note.endswith("【这个窗口】")]
    assert book.save_note(mid, "改好了", mine) is Saved.EDITED
