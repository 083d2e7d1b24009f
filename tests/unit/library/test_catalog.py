"""The library folder: adding plans, listing them, finding them by name, opening several."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from tui.document.model import Document, Metadata
from tui.document.serialize import write_json
from tui.errors import UserError
from tui.library import Library, open_plan, open_plans, plan_name
from tui.library.catalog import CATALOG


def other_plan(doc: Document, title: str, number: str = "") -> Document:
    """``doc`` under another identity (title and 文号 make the id)."""
    meta = dataclasses.replace(doc.meta, title=title, doc_number=number)
    return dataclasses.replace(doc, id=f"id-{title}", meta=meta)


def test_plan_names_come_from_the_file_name() -> None:
    assert plan_name("/x/xuchang-2022-raw.txt") == "xuchang-2022"
    assert plan_name("禹州市 教育规划.PDF") == "禹州市-教育规划"
    assert plan_name("a/b/../plan.docx") == "plan"
    assert plan_name("***") == "plan"


def test_add_lists_and_finds(tmp_path: Path, small_doc: Document, bundled_doc: Document) -> None:
    library = Library(tmp_path / "lib")
    assert library.entries() == []  # the folder need not exist
    first = library.add(small_doc, "plan_small.txt")
    second = library.add(bundled_doc, "xuchang-2022-raw.txt")
    assert (first.status, second.status) == ("added", "added")
    entries = library.entries()
    assert [e.name for e in entries] == ["plan_small", "xuchang-2022"]
    seed = entries[1]
    assert (seed.title, seed.doc_number, seed.date) == (bundled_doc.meta.title, "许政〔2022〕17号", "2022年7月1日")
    assert seed.chars == sum(len(m.text) for m in bundled_doc.measures)
    assert library.find("xuchang-2022") == seed
    assert library.find("许昌") == seed  # a unique part of the title
    assert library.find("许政〔2022〕17号") == seed
    assert library.find(bundled_doc.id[:8]) == seed
    assert library.load(seed).id == bundled_doc.id


def test_reimporting_the_same_plan_updates_it_in_place(tmp_path: Path, small_doc: Document) -> None:
    library = Library(tmp_path)
    library.add(small_doc, "plan.txt")
    assert library.add(small_doc, "other-name.txt").status == "unchanged"
    changed = dataclasses.replace(small_doc, content_hash="changed")
    again = library.add(changed, "other-name.txt")
    assert again.status == "updated" and again.entry.name == "plan"
    assert [e.name for e in library.entries()] == ["plan"]


def test_another_plan_never_replaces_one(tmp_path: Path, small_doc: Document) -> None:
    library = Library(tmp_path)
    library.add(small_doc, "plan.txt")
    added = library.add(other_plan(small_doc, "县规划"), "plan.txt")
    assert added.entry.name == "plan-2"
    assert {e.name for e in library.entries()} == {"plan", "plan-2"}
    assert library.load(library.find("plan")).id == small_doc.id


def test_lookup_errors_are_one_line(tmp_path: Path, small_doc: Document) -> None:
    library = Library(tmp_path)
    library.add(other_plan(small_doc, "甲市教育规划"), "a.txt")
    library.add(other_plan(small_doc, "乙市教育规划"), "b.txt")
    with pytest.raises(UserError, match="教育规划") as ambiguous:
        library.find("教育规划")
    assert "a, b" in str(ambiguous.value)
    with pytest.raises(UserError, match="火星"):
        library.find("火星")


def test_the_catalogue_is_only_a_cache(tmp_path: Path, small_doc: Document) -> None:
    library = Library(tmp_path)
    library.add(small_doc, "plan.txt")
    library.entries()
    (tmp_path / CATALOG).write_text("{damaged")
    assert [e.name for e in library.entries()] == ["plan"]
    # A plan dropped in by hand, and a file that is not a plan.
    write_json(other_plan(small_doc, "手放的规划"), tmp_path / "by-hand.json")
    (tmp_path / "notes.json").write_text("[]")
    (tmp_path / "plan.errata.json").write_text("[]")  # a plan's reviewed fixes: not a plan, no warning
    problems: list[str] = []
    assert [e.name for e in library.entries(problems)] == ["by-hand", "plan"]
    assert len(problems) == 1 and "notes.json" in problems[0]


def test_a_changed_file_is_read_again(tmp_path: Path, small_doc: Document) -> None:
    library = Library(tmp_path)
    entry = library.add(small_doc, "plan.txt").entry
    library.entries()
    write_json(dataclasses.replace(small_doc, meta=Metadata(title="新标题")), entry.path)
    assert library.entries()[0].title == "新标题"


def test_open_plans_takes_files_and_names(tmp_path: Path, small_doc: Document, bundled_doc: Document) -> None:
    library = Library(tmp_path / "lib")
    library.add(bundled_doc, "xuchang.txt")
    path = tmp_path / "small.json"
    write_json(small_doc, path)
    assert open_plan(str(path), library).id == small_doc.id
    assert open_plan("xuchang", library).id == bundled_doc.id
    docs = open_plans([str(path), "xuchang"], library, every=True)
    assert [d.id for d in docs] == [small_doc.id, bundled_doc.id]  # each plan once
    with pytest.raises(UserError, match="文件不存在"):
        open_plan(str(tmp_path / "missing.json"), library)


def test_a_reimport_that_leaves_notes_without_a_place_says_so(tmp_path: Path, capsys, monkeypatch) -> None:
    """A shorter text of the same plan replaces it in the library: the notes on what was cut stay
    in the database, unplaced, and the import says how many and how to get them back."""
    import os

    from tests.support.paths import FIXTURES
    from tui.annotations.store import AnnotationStore, new_annotation
    from tui.cli import main
    from tui.document.serialize import load_json

    monkeypatch.setenv("POLICY_TUI_LANG", "en")
    full = (FIXTURES / "plan_small.txt").read_text(encoding="utf-8")
    raw = tmp_path / "plan.txt"
    raw.write_text(full, encoding="utf-8")
    assert main(["import", str(raw), "--library", str(tmp_path / "lib")]) == 0
    doc = load_json(tmp_path / "plan.json")
    cut = next(m for m in doc.measures if "集團化辦學" in m.text_trad or "集团化办学" in m.text)
    kept = next(m for m in doc.measures if "大班額" in m.text_trad or "大班额" in m.text)
    with AnnotationStore.open(Path(os.environ["POLICY_TUI_DB"])) as store:
        store.add(new_annotation(doc, cut.id, note="要对照"))
        store.add(new_annotation(doc, kept.id, note="留着"))
    raw.write_text(full.replace(cut.text_trad, "").replace("積極推進集團化辦學，", ""), encoding="utf-8")
    capsys.readouterr()
    assert main(["import", str(raw), "--library", str(tmp_path / "lib")]) == 0
    out = capsys.readouterr().out
    assert "note: 1 annotations find no sentence of theirs in the new text" in out
    assert "stay on sentences whose words changed" not in out  # the kept note's sentence is as it was
    # The same text again: nothing more to say.
    assert main(["import", str(raw), "--library", str(tmp_path / "lib")]) == 0
    assert "find no sentence" not in capsys.readouterr().out
    # A figure changed in the sentence a note is on: the note stays, and the import says to check it.
    raw.write_text(raw.read_text(encoding="utf-8").replace("大班額問題基本消除", "大班額問題全部消除"), encoding="utf-8")
    assert main(["import", str(raw), "--library", str(tmp_path / "lib")]) == 0
    out = capsys.readouterr().out
    assert "note: 1 annotations stay on sentences whose words changed" in out and "find no sentence" not in out


def test_another_file_of_the_same_plan_replaces_it_only_when_asked(tmp_path: Path, small_doc: Document) -> None:
    library = Library(tmp_path)
    library.add(small_doc, "plan.txt")
    other_file = dataclasses.replace(small_doc, content_hash="cut", meta=dataclasses.replace(
        small_doc.meta, source="/elsewhere/damaged.txt"))
    with pytest.raises(UserError, match="--replace") as refused:
        library.add(other_file, "damaged.txt")
    assert "damaged.txt" in str(refused.value) and Path(small_doc.meta.source).name in str(refused.value)
    assert library.load(library.find("plan")).content_hash == small_doc.content_hash  # untouched
    assert library.add(dataclasses.replace(other_file, content_hash=small_doc.content_hash)).status == "unchanged"
    assert library.add(other_file, "damaged.txt", replace=True).status == "updated"
    assert library.load(library.find("plan")).content_hash == "cut"


def test_every_plan_is_the_library_and_the_bundled_plan_once(tmp_path: Path, small_doc: Document,
                                                             bundled_doc: Document) -> None:
    from tui import locations
    from tui.library import every_plan

    library = Library(tmp_path)
    assert [(d.id, p) for d, p in every_plan(library)] == [(bundled_doc.id, locations.BUNDLED_DOC)]
    library.add(small_doc, "plan.txt")
    assert [d.id for d, _ in every_plan(library)] == [small_doc.id, bundled_doc.id]
    held = library.add(bundled_doc, "xuchang.txt").entry  # the library holds the bundled plan: once, its copy
    assert [(d.id, p) for d, p in every_plan(library)] == [(small_doc.id, library.find("plan").path),
                                                             (bundled_doc.id, held.path)]


def test_the_bundled_plan_answers_to_a_prefix_of_its_name(tmp_path: Path, small_doc: Document,
                                                          bundled_doc: Document) -> None:
    library = Library(tmp_path)
    library.add(small_doc, "plan.txt")
    for ref in ("xuchang", "xuchang-20", "XUCHANG-2022", "许昌"):
        assert open_plan(ref, library).id == bundled_doc.id
    for ref in ("chang", "2022", "xuchang-2023"):
        with pytest.raises(UserError):
            open_plan(ref, library)
