"""Several plans in one reader: a tree root per plan, search and n/N/m across them, switching."""

from __future__ import annotations

from pathlib import Path

from tests.support.pilot import reader_of, status_text
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
