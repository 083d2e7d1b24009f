"""Provides ``policy-tui list`` and the search over several plans (``search TERM A B``, ``--all``, ``--by-chapter``)."""

from __future__ import annotations

import argparse
import shutil
import sys
from collections import Counter
from typing import TYPE_CHECKING, Any

import orjson

from tui.i18n import t

if TYPE_CHECKING:
    from tui.document.corpus import ChapterCount
    from tui.document.model import Document
    from tui.document.search import Hit
    from tui.library import Library

CHART_WIDTH = 100  # at most, in cells; less in a narrower terminal


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("list", help=t("lib.h.list"), description=t("lib.h.list.description"))
    p.add_argument("--library", metavar="DIR", help=t("lib.h.library"))
    p.add_argument("--json", action="store_true", help=t("lib.h.list.json"))
    p.add_argument("--db", metavar="PATH", help=t("cli.opt.db"))
    p.set_defaults(func=cmd_list)


def note_counts(db: str | None) -> tuple[Counter[str], str]:
    """Annotations per plan id, and the database read (a missing default database has none)."""
    from tui import locations
    from tui.cli.notes_cmds import open_for_listing

    choice = locations.choose_db(db)
    if not db and not choice.path.exists():
        return Counter(), str(choice.path)
    with open_for_listing(db) as store:
        return Counter(a.doc_id for a in store.all()), str(store.path)


def size_text(chars: int) -> str:
    """``25,695字`` / ``25,695 chars``: a plan's length."""
    return t("lib.size.chars", value=f"{chars:,}")


def cmd_list(args: argparse.Namespace) -> int:
    from tui.display import cells, clean, cut, pad
    from tui.library import Library

    library = Library(args.library)
    problems: list[str] = []
    entries = library.entries(problems)
    for problem in problems:
        print(f"policy-tui: {t('lib.warning')}: {clean(problem)}", file=sys.stderr)
    notes, db_path = note_counts(args.db)
    if args.json:
        rows = [{"name": e.name, "path": str(e.path), "id": e.doc_id, "title": e.title, "doc_number": e.doc_number,
                 "date": e.date, "chars": e.chars, "measures": e.measures, "notes": notes.get(e.doc_id, 0)}
                for e in entries]
        sys.stdout.write(orjson.dumps({"library": str(library.folder), "db": db_path, "plans": rows},
                                      option=orjson.OPT_INDENT_2).decode() + "\n")
        return 0
    if not entries:
        print(t("lib.list.empty", folder=library.folder))
        return 0
    print(t("lib.list.header", folder=library.folder, count=len(entries), db=db_path))
    head = (t("lib.col.name"), t("lib.col.title"), t("lib.col.doc_number"), t("lib.col.date"),
            t("lib.col.size"), t("lib.col.notes"))
    table = [head] + [(clean(e.name), cut(e.title or "-", 40), clean(e.doc_number or "-"), clean(e.date or "-"),
                       size_text(e.chars), str(notes.get(e.doc_id, 0))) for e in entries]
    widths = [max(cells(row[k]) for row in table) for k in range(len(head))]
    for row in table:
        print("  ".join(pad(cell, w) for cell, w in zip(row, widths, strict=True)).rstrip())
    return 0


def plans_for(refs: list[str], every: bool, library: Library) -> list[Document]:
    """The plans named (files or library names), the whole library with ``every``; else the bundled plan."""
    from tui.ingest.load import load_document
    from tui.library import open_plans

    docs = open_plans(refs, library, every)
    return docs or [load_document(None)]


def plan_label(doc: Document) -> str:
    from tui.display import clean

    return clean(doc.display_title)


def search_plans(args: argparse.Namespace) -> int:
    """Search several plans: grouped by plan then chapter with counts, or a chart with ``--by-chapter``."""
    from tui.display import clean
    from tui.document.corpus import Corpus
    from tui.document.search import kwic
    from tui.library import Library

    corpus = Corpus(plans_for(args.docs, args.all, Library(args.library)))
    hits = corpus.search(args.term)
    groups = corpus.counts(hits)

    def hits_of(c: ChapterCount) -> list[Hit]:
        return [hits[c.first + k].hit for k in range(c.count)]

    if args.json:
        plans: list[dict[str, Any]] = [
            {"doc_id": g.doc.id, "title": g.doc.meta.title, "count": g.count,
             "chapters": [{"chapter": c.chapter.label(), "count": c.count} for c in g.chapters],
             "hits": [{"measure_id": h.measure_id, "section_id": h.section_id,
                       "section_path": [s.label() for s in g.doc.path(h.section_id)],
                       "start": h.start, "end": h.end, "context": "".join(kwic(g.doc, h))}
                      for c in g.chapters for h in hits_of(c)]}
            for g in groups]
        sys.stdout.write(orjson.dumps({"term": args.term, "count": len(hits), "plans": plans},
                                      option=orjson.OPT_INDENT_2).decode() + "\n")
        return 0 if hits else 1
    term = clean(args.term)
    if not hits:
        print(t("lib.search.none", term=term, plans=len(corpus)))
        return 1
    if args.by_chapter:
        from tui.document.term_chart import term_chart

        width = min(CHART_WIDTH, shutil.get_terminal_size((CHART_WIDTH, 24)).columns)
        print(t("lib.search.chart_title", term=term, count=len(hits), plans=len(corpus)))
        print()
        print("\n".join(term_chart(corpus, args.term, width)))
        return 0
    for g in groups:
        print(t("lib.search.plan", title=plan_label(g.doc), count=g.count))
        for c in g.chapters:
            print("  " + t("lib.search.chapter", label=clean(c.chapter.label()), count=c.count))
            for h in hits_of(c):
                left, match, right = kwic(g.doc, h)
                print(f"      [{h.measure_id}]  {clean(left)}【{clean(match)}】{clean(right)}")
        print()
    found = sum(1 for g in groups)
    print(t("lib.search.total", term=term, count=len(hits), found=found, plans=len(corpus)))
    return 0
