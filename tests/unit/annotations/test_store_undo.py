"""The session undo stack: add, edit, tag and delete, each reversed exactly."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.annotations import storage as storage_mod
from tui.annotations.store import (
    AnnotationStore,
    ChangedElsewhereError,
    RecordGoneError,
    StoreWriteError,
    new_annotation,
)
from tui.annotations.undo import UndoStack
from tui.document.model import Document


@pytest.fixture
def stack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> UndoStack:
    monkeypatch.setenv("POLICY_TUI_LANG", "en")
    return UndoStack(AnnotationStore.open(tmp_path / "annotations.json"))


def _mid(doc: Document, n: int = 0) -> str:
    return [m.id for m in doc.measures if m.kind == "sentence"][n]


def test_undo_add(small_doc: Document, stack: UndoStack) -> None:
    a = stack.add(new_annotation(small_doc, _mid(small_doc), note="x"))
    assert stack.store.get(a.uuid) == a
    assert stack.undo() == f"Undone: add note ({a.anchor.measure_id})"
    assert stack.store.get(a.uuid) is None
    assert stack.undo() is None and not stack.can_undo


def test_undo_edit(small_doc: Document, stack: UndoStack) -> None:
    a = stack.add(new_annotation(small_doc, _mid(small_doc), note="first"))
    stack.edit(a.uuid, note="second")
    assert stack.store.get(a.uuid).note == "second"  # type: ignore[union-attr]
    assert stack.peek() == f"Undone: edit note ({a.anchor.measure_id})"
    assert "edit" in (stack.undo() or "")
    back = stack.store.get(a.uuid)
    assert back is not None and back.note == "first" and back.tags == a.tags and back.created == a.created


def test_undo_tag(small_doc: Document, stack: UndoStack) -> None:
    a = stack.add(new_annotation(small_doc, _mid(small_doc), tags="产业"))
    tagged = stack.set_tags(a.uuid, "禹州市，#长葛市")
    assert tagged is not None and tagged.tags == ("禹州市", "长葛市")
    assert stack.store.tag_counts() == {"禹州市": 1, "长葛市": 1}
    assert "tags" in (stack.undo() or "")
    assert stack.store.get(a.uuid).tags == ("产业",)  # type: ignore[union-attr]
    assert stack.set_tags("no-such-uuid", "x") is None


def test_undo_delete_restores_the_same_annotation(small_doc: Document, stack: UndoStack) -> None:
    a = stack.add(new_annotation(small_doc, _mid(small_doc), note="keep me", tags="禹州市"))
    assert stack.delete(a.uuid) == a
    assert stack.store.get(a.uuid) is None
    assert "delete" in (stack.undo() or "")
    assert stack.store.get(a.uuid) == a  # uuid, anchor and timestamps included
    assert stack.delete("no-such-uuid") is None
    assert len(stack) == 1  # only the add is left


def test_undo_runs_in_reverse_order(small_doc: Document, stack: UndoStack) -> None:
    a = stack.add(new_annotation(small_doc, _mid(small_doc), note="v1"))
    stack.edit(a.uuid, note="v2")
    stack.set_tags(a.uuid, "禹州市")
    stack.add(new_annotation(small_doc, _mid(small_doc, 1)))
    stack.delete(a.uuid)
    ops = [stack.undo() for _ in range(5)]
    assert [op.split(":")[1].split("(")[0].strip() for op in ops if op] == [
        "delete note", "add note", "change tags", "edit note", "add note",
    ]
    assert stack.store.all() == [] and stack.undo() is None


def test_a_failed_undo_keeps_the_entry(small_doc: Document, stack: UndoStack, monkeypatch: pytest.MonkeyPatch) -> None:
    a = stack.add(new_annotation(small_doc, _mid(small_doc)))

    def full(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(storage_mod.os, "fdatasync", full)
    with pytest.raises(StoreWriteError):
        stack.undo()
    assert len(stack) == 1 and stack.store.get(a.uuid) == a
    monkeypatch.undo()
    assert stack.undo() is not None and stack.store.get(a.uuid) is None


def test_a_failed_change_records_nothing(small_doc: Document, stack: UndoStack, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(storage_mod.os, "fdatasync", lambda fd: (_ for _ in ()).throw(OSError(5, "I/O error")))
    stack.store.add(new_annotation(small_doc, _mid(small_doc, 1)))  # the first save writes a snapshot; then appends
    with pytest.raises(StoreWriteError):
        stack.add(new_annotation(small_doc, _mid(small_doc)))
    assert len(stack) == 0


def test_limit(small_doc: Document, tmp_path: Path) -> None:
    stack = UndoStack(AnnotationStore.open(tmp_path / "a.json"), limit=2)
    for n in range(3):
        stack.add(new_annotation(small_doc, _mid(small_doc, n)))
    assert len(stack) == 2


# --- issue 13 #5: undo works against the current record ------------------------------------------


def test_undo_keeps_a_change_another_instance_merged_into_the_note(small_doc: Document, stack: UndoStack,
                                                                   tmp_path: Path) -> None:
    a = stack.add(new_annotation(small_doc, _mid(small_doc), note="v1"))
    stack.edit(a.uuid, note="v2")
    with AnnotationStore.open(tmp_path / "annotations.json") as other:
        other.edit(a.uuid, tags=["长葛市"])
    assert "edit" in (stack.undo() or "")
    back = stack.store.get(a.uuid)
    assert back is not None and (back.note, back.tags) == ("v1", ("长葛市",))


def test_undo_leaves_a_field_another_instance_changed_since(small_doc: Document, stack: UndoStack,
                                                            tmp_path: Path) -> None:
    a = stack.add(new_annotation(small_doc, _mid(small_doc), note="v1"))
    stack.edit(a.uuid, note="v2")
    with AnnotationStore.open(tmp_path / "annotations.json") as other:
        other.edit(a.uuid, note="别处的 v3")
    with pytest.raises(ChangedElsewhereError) as info:
        stack.undo()
    assert "\n" not in str(info.value) and len(stack) == 1  # said once, then dropped (the add remains)
    assert stack.store.get(a.uuid).note == "别处的 v3"  # type: ignore[union-attr]


def test_undoing_an_add_keeps_a_note_another_instance_wrote_into(small_doc: Document, stack: UndoStack,
                                                                 tmp_path: Path) -> None:
    a = stack.add(new_annotation(small_doc, _mid(small_doc), note="v1"))
    with AnnotationStore.open(tmp_path / "annotations.json") as other:
        other.edit(a.uuid, note="同事补充的内容")
    with pytest.raises(ChangedElsewhereError):
        stack.undo()
    assert stack.store.get(a.uuid).note == "同事补充的内容"  # type: ignore[union-attr]


def test_undoing_an_edit_of_a_note_deleted_elsewhere_does_not_bring_it_back(small_doc: Document, stack: UndoStack,
                                                                            tmp_path: Path) -> None:
    a = stack.add(new_annotation(small_doc, _mid(small_doc), note="v1"))
    stack.edit(a.uuid, tags=["产业"])
    with AnnotationStore.open(tmp_path / "annotations.json") as other:
        other.delete(a.uuid)
    with pytest.raises(RecordGoneError):
        stack.undo()
    assert stack.store.get(a.uuid) is None and len(stack) == 1  # the add is still there to undo
