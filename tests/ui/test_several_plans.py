"""Several plans in one reader: a tree root per plan, search and n/N/m across them, switching."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.screen import Screen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tests.support.pilot import reader_of, status_text, wait_until
from tui.cli.reader import prepare
from tui.document.model import Document
from tui.document.serialize import write_json
from tui.ui.app import PolicyApp
from tui.ui.dialogs.picker import PickerScreen
from tui.ui.widgets.section_tree import SectionTree, parse_node_data

SIZE = (140, 40)


async def test_two_plans_search_and_step_across(small_doc: Document, bundled_doc: Document) -> None:
    assert small_doc.id != bundled_doc.id
    app = PolicyApp(small_doc, more=[(bundled_doc, None)])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        tree = screen.query_one(SectionTree)
        tops = [parse_node_data(n.data or "")[0] for n in tree.root.children]
        assert tops == [small_doc.id, bundled_doc.id]
        title = small_doc.meta.title
        assert status_text(app).startswith(title[:6])  # the status line names the plan shown
        await pilot.press("slash", *"集团化办学", "enter")
        await pilot.pause()
        total = len(screen.search.hits)
        in_small = sum(1 for h in screen.search.hits if h.doc_id == small_doc.id)
        assert total > in_small > 0  # hits in both plans
        assert screen.document.id == small_doc.id
        for _ in range(in_small):
            await pilot.press("n")
            await pilot.pause()
        assert screen.document.id == bundled_doc.id  # n went on into the second plan
        assert f"{in_small + 1}/{total}" in status_text(app)
        assert reader_of(app).document is bundled_doc
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        rows = [str(app.screen.query_one("#picker-list").get_option_at_index(i).prompt)
                for i in range(app.screen.query_one("#picker-list").option_count)]
        assert rows[0].startswith(title) and any(r.startswith(bundled_doc.meta.title) for r in rows[1:])
        assert sum("█" in r for r in rows) >= 2  # a chart of hits per chapter, a block per plan, first
        assert rows.index(next(r for r in rows if "█" in r)) < 3
        await pilot.press("escape")
        await pilot.pause()
        screen.show_plan(small_doc.id)
        await pilot.pause()
        assert screen.document.id == small_doc.id and reader_of(app).document is small_doc


def test_prepare_opens_several_files_and_names_from_the_library(tmp_path: Path, small_doc: Document,
                                                                  bundled_doc: Document) -> None:
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    write_json(small_doc, a)
    write_json(bundled_doc, b)
    opening = prepare([str(a), str(b), str(a)])
    assert opening.document == small_doc and opening.source == a
    assert [(d.id, s) for d, s in opening.more] == [(bundled_doc.id, b)]  # each plan once

    from tui.library import Library

    library = tmp_path / "lib"
    Library(library).add(bundled_doc, "county-plan")
    by_name = prepare(["county-plan"], library_dir=str(library))
    assert by_name.document is not None and by_name.document.id == bundled_doc.id
    every = prepare([str(a)], every=True, library_dir=str(library))
    assert every.document == small_doc and [d.id for d, _ in every.more] == [bundled_doc.id]


async def test_notes_list_spans_the_open_plans_grouped_by_plan(tmp_path: Path, small_doc: Document,
                                                               bundled_doc: Document) -> None:
    """``l`` lists the notes of every open plan, a group per plan; enter on another plan's note goes there."""
    from textual.widgets import Input, OptionList

    from tui.annotations.store import AnnotationStore, new_annotation

    db = tmp_path / "notes.json"
    far = bundled_doc.measures[-5]
    with AnnotationStore.open(db) as store:
        store.add(new_annotation(small_doc, small_doc.measures[3].id, note="小规划的批注", tags=["禹州市"]))
        store.add(new_annotation(bundled_doc, far.id, note="许昌的批注", tags=["禹州市"]))
        store.add(new_annotation(bundled_doc, bundled_doc.measures[9].id, note="另一条", tags=["长葛市"]))
    app = PolicyApp(small_doc, more=[(bundled_doc, None)], db=db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        listing = app.screen.query_one("#notes-all", OptionList)
        rows = [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]
        heads = [r for r in rows if r.startswith("▍")]
        assert len(heads) == 2 and small_doc.meta.title[:8] in heads[0] and "1 条" in heads[0]
        assert bundled_doc.meta.title[:8] in heads[1] and "2 条" in heads[1]
        summary = str(app.screen.query_one("#notes-summary").render())
        assert "显示 3/3" in summary and "2 个规划" in summary
        keys = str(app.screen.query_one("#keys").render())  # letters are typed in the filter box
        assert "到列表" in keys and "j/↓" not in keys
        box = app.screen.query_one("#notes-filter", Input)
        box.value = "#禹州市"
        await pilot.pause()
        rows = [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]
        assert "显示 2/3" in str(app.screen.query_one("#notes-summary").render())
        assert not any("另一条" in r for r in rows)
        listing.focus()
        listing.highlighted = next(i for i, r in enumerate(rows) if "许昌的批注" in r)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.document.id == bundled_doc.id  # switched plan
        assert reader_of(app).cursor == bundled_doc.measure_index[far.id]


async def test_export_offers_every_open_plan_with_notes(tmp_path: Path, small_doc: Document,
                                                        bundled_doc: Document) -> None:
    from textual.widgets import RadioButton

    from tui.annotations.store import AnnotationStore, new_annotation
    from tui.ui.dialogs.export_dialog import ExportDialog

    db = tmp_path / "notes.json"
    with AnnotationStore.open(db) as store:
        store.add(new_annotation(small_doc, small_doc.measures[3].id, note="小规划"))
        store.add(new_annotation(bundled_doc, bundled_doc.measures[9].id, note="许昌"))
    app = PolicyApp(small_doc, more=[(bundled_doc, None)], db=db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportDialog) and [p.doc.id for p in dialog.others] == [bundled_doc.id]
        dialog.query_one("#plans-all", RadioButton).value = True
        await pilot.pause()
        assert "将导出 2 条批注" in str(dialog.query_one("#export-count").render())


async def test_the_search_counter_follows_a_switch_of_plan(small_doc: Document, bundled_doc: Document) -> None:
    """Jumping to a note of the other plan (l, enter) kept "集团化办学 1/5" while the cursor was
    in the other plan; now the counter shows no current hit there, and n picks up from the cursor."""
    from tui.ui.messages import JumpTo

    app = PolicyApp(small_doc, more=[(bundled_doc, None)])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"集团化办学", "enter")
        await pilot.pause()
        screen = app.screen
        total = len(screen.search.hits)
        assert f"集团化办学 1/{total}" in status_text(app)
        screen.post_message(JumpTo(5, bundled_doc.id))
        await pilot.pause()
        assert screen.document.id == bundled_doc.id
        assert f"集团化办学 –/{total}" in status_text(app) and "1/" not in status_text(app).split("集团化办学")[1]
        await pilot.press("n")
        await pilot.pause()
        current = screen.search.index + 1
        assert current > 1 and f"集团化办学 {current}/{total}" in status_text(app)


async def at_a_measure_about(app: PolicyApp, pilot: Any, doc: Document, term: str) -> Screen[Any]:
    """The reader's screen, its cursor on the first measure of ``doc`` that says ``term``."""
    await pilot.pause()
    mid = next(m.id for m in doc.measures if term in m.text)
    reader_of(app).move_to(doc.measure_index[mid])
    await pilot.pause()
    return app.screen


def picker_options(app: PolicyApp) -> list[Option]:
    """The options of the list open on top."""
    assert isinstance(app.screen, PickerScreen)
    picker = app.screen.query_one("#picker-list", OptionList)
    return [picker.get_option_at_index(i) for i in range(picker.option_count)]


async def test_key_terms_count_in_every_open_plan_as_the_search_they_start(small_doc: Document,
                                                                           bundled_doc: Document) -> None:
    """* said 全文 1 处 for a term the search it starts then found 5 times across the two plans."""
    from tui.document.search import search

    app = PolicyApp(small_doc, more=[(bundled_doc, None)])
    async with app.run_test(size=SIZE) as pilot:
        screen = await at_a_measure_about(app, pilot, small_doc, "集团化办学")
        await pilot.press("asterisk")
        await pilot.pause()
        rows = [str(o.prompt) for o in picker_options(app)]
        both = len(search(small_doc, "集团化办学")) + len(search(bundled_doc, "集团化办学"))
        assert any(r.startswith("集团化办学") and f"打开的规划中 {both} 处" in r for r in rows), rows
        assert screen is not app.screen


async def test_r_lists_the_closest_measures_of_the_other_plan_and_goes_there(small_doc: Document,
                                                                             bundled_doc: Document) -> None:
    """With a county plan and the city plan open, r looked at the plan shown only."""
    app = PolicyApp(small_doc, more=[(bundled_doc, None)])
    async with app.run_test(size=SIZE) as pilot:
        screen = await at_a_measure_about(app, pilot, small_doc, "集团化办学")
        await pilot.press("r")
        assert await wait_until(pilot, lambda: isinstance(app.screen, PickerScreen))  # cut into words in a thread
        options = picker_options(app)
        picker = app.screen.query_one("#picker-list")
        headers = [str(o.prompt) for o in options if o.disabled]
        assert any(h.startswith(bundled_doc.meta.title[:6]) for h in headers)
        theirs = [o for o in options if o.id and o.id.startswith(bundled_doc.id + "\t")]
        assert 1 <= len(theirs) <= 3 and any("集团化" in str(o.prompt) for o in theirs)
        picker.highlighted = options.index(theirs[0])
        await pilot.press("enter")
        await pilot.pause()
        assert screen.document is bundled_doc
        assert reader_of(app).document.measures[reader_of(app).cursor].id == theirs[0].id.split("\t")[1]
