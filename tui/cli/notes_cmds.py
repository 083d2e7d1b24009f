"""Provides the annotation commands: ``tags`` and ``annotations``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import orjson

from tui.display import clean, json_safe
from tui.errors import UserError
from tui.i18n import t

if TYPE_CHECKING:
    from tui.annotations.model import Annotation
    from tui.annotations.store import AnnotationStore
    from tui.document.model import Document

def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("where", help=t("cli.h.where"))
    p.add_argument("--db", metavar="PATH", help=t("cli.opt.db"))
    p.set_defaults(func=cmd_where)

    p = sub.add_parser("tags", help=t("cli.h.tags"))
    p.add_argument("--by-plan", action="store_true", help=t("ann.cli.h.by_plan"))
    p.add_argument("--library", metavar="DIR", help=t("lib.h.library"))
    p.add_argument("--db", metavar="PATH", help=t("cli.opt.db"))
    p.set_defaults(func=cmd_tags)

    p = sub.add_parser("annotations", help=t("cli.h.annotations"))
    p.add_argument("doc", nargs="?", help=t("cli.h.annotations.doc"))
    p.add_argument("--tag", action="append", metavar="T", help=t("cli.h.tag_any"))
    p.add_argument("--json", action="store_true", help=t("cli.h.json_records"))
    p.add_argument("--library", metavar="DIR", help=t("lib.h.library"))
    p.add_argument("--db", metavar="PATH", help=t("cli.opt.db"))
    p.set_defaults(func=cmd_annotations)


def open_for_listing(db: str | None) -> AnnotationStore:
    """The database to list from, read-only; a one-line UserError if it is unusable."""
    from tui import locations
    from tui.annotations.store import AnnotationStore
    from tui.i18n import t

    path = Path(db).expanduser() if db else locations.default_db()
    if db and not path.exists():
        raise UserError(t("ann.error.no_db", path=path))
    store = AnnotationStore.open(path, read_only=True)
    if store.damaged:
        raise UserError(store.read_only_reason or t("ann.error.unreadable", path=path, error="?"))
    for problem in store.problems:
        print(clean(f"policy-tui: {t('lib.warning')}: {problem}"), file=sys.stderr)
    return store


def cmd_where(args: argparse.Namespace) -> int:
    """Every path in use, and why the notes are where they are."""
    from tui import locations
    from tui.display import cells, pad

    choice = locations.choose_db(args.db)
    rows = [
        (t("where.db"), f"{choice.path}  ({t('where.source.' + choice.source)})"
         + ("" if choice.path.exists() else f"  [{t('where.missing')}]")),
        (t("where.exports"), str(locations.exports_dir(choice.path))),
        (t("where.library"), str(locations.library_dir())),
        (t("where.state"), str(locations.state_file())),
        (t("where.cache"), str(locations.cache_dir())),
        (t("where.bundled"), str(locations.BUNDLED_DOC)),
    ]
    width = max(cells(label) for label, _ in rows)
    for label, value in rows:
        print(f"{pad(label, width)}  {clean(value)}")
    return 0


def cmd_tags(args: argparse.Namespace) -> int:
    from tui.annotations.tags import is_county
    from tui.i18n import t

    with open_for_listing(args.db) as store:
        counts = store.tag_counts()
        groups = [(doc_id, store.tag_counts(doc_id)) for doc_id in _plan_order(store)] if args.by_plan else []
    if not counts:
        print(clean(t("ann.cli.no_tags_in", path=store.path)))
        return 0
    width = len(str(max(counts.values())))
    county = t("ann.cli.county")
    titles = _plan_titles([doc_id for doc_id, _ in groups], args.library) if groups else {}
    for doc_id, plan_counts in groups or [("", counts)]:
        if doc_id:
            print(f"# {titles.get(doc_id) or t('ann.cli.unknown_plan', doc_id=clean(doc_id))}")
        for tag, n in sorted(plan_counts.items(), key=lambda kv: (-kv[1], kv[0])):
            mark = f"  ({county})" if is_county(tag) else ""
            print(f"{n:>{width}}  {clean(tag)}{mark}")
    return 0


def _plan_order(store: AnnotationStore) -> list[str]:
    """The ids of the plans that have notes, the most annotated first."""
    from collections import Counter

    per_plan = Counter(a.doc_id for a in store.all())
    return [doc_id for doc_id, _ in sorted(per_plan.items(), key=lambda kv: (-kv[1], kv[0]))]


def _known_plans(doc_ids: Sequence[str], library: str | None) -> dict[str, Document]:
    """The plans named by id that can be found: in the library, or the bundled plan."""
    from tui.ingest.load import load_document
    from tui.library import Library

    lib = Library(library)
    found = {e.doc_id: lib.load(e) for e in lib.entries() if e.doc_id in doc_ids}
    if len(found) < len(doc_ids):
        bundled = load_document(None)
        found.setdefault(bundled.id, bundled)
    return found


def _plan_titles(doc_ids: Sequence[str], library: str | None) -> dict[str, str]:
    """Titles of the plans named by id, from the library's catalogue (no plan is loaded) and the bundled plan."""
    from tui.ingest.load import load_document
    from tui.library import Library

    titles = {e.doc_id: e.title or e.name for e in Library(library).entries() if e.doc_id in doc_ids}
    if len(titles) < len(doc_ids):
        bundled = load_document(None)
        titles.setdefault(bundled.id, bundled.display_title)
    return {doc_id: clean(title) for doc_id, title in titles.items()}


def cmd_annotations(args: argparse.Namespace) -> int:
    from tui.annotations.plans import placed
    from tui.annotations.store import to_record
    from tui.annotations.tags import normalize_tags
    from tui.i18n import t

    # (plan, its id, its notes): notes of a plan found are placed in its text (in memory only).
    groups: list[tuple[Document | None, str, list[Annotation]]] = []
    with open_for_listing(args.db) as store:
        if args.doc:
            from tui.library import Library, load_plan

            named = load_plan(args.doc, Library(args.library))
            groups.append((named, named.id, list(placed(named, store.all(named.id)).annotations)))
        else:
            by_plan: dict[str, list[Annotation]] = {}
            for a in store.all():
                by_plan.setdefault(a.doc_id, []).append(a)
            docs = _known_plans(list(by_plan), args.library)
            for doc_id, notes in sorted(by_plan.items(), key=lambda kv: (-len(kv[1]), kv[0])):
                found = docs.get(doc_id)
                groups.append((found, doc_id, list(placed(found, notes).annotations) if found else notes))
    if args.tag:
        wanted = set(normalize_tags(args.tag))
        groups = [(d, i, [a for a in notes if wanted.intersection(a.tags)]) for d, i, notes in groups]
    groups = [(d, i, sorted(notes, key=_order(d))) for d, i, notes in groups if notes]
    if args.json:
        rows = [to_record(a) for _, _, notes in groups for a in notes]
        sys.stdout.write(json_safe(orjson.dumps(rows, option=orjson.OPT_INDENT_2).decode()) + "\n")
        return 0
    if not groups:
        print(clean(t("ann.cli.no_annotations_in", path=store.path)))
        return 0
    orphan = t("ann.cli.orphaned")
    for k, (doc, doc_id, notes) in enumerate(groups):
        if len(groups) > 1:  # several plans: each under its title
            title = clean(doc.display_title) if doc else t("ann.cli.unknown_plan", doc_id=clean(doc_id))
            print(f"{chr(10) if k else ''}# {title}  ({t('ann.list.plan_count', count=len(notes))})")
        for a in notes:
            flag = f"  [{orphan}]" if a.orphaned else ""
            tags = "  " + " ".join(f"#{clean(x)}" for x in a.tags) if a.tags else ""
            print(f"{clean(a.anchor.measure_id)}  {_where(doc, a)}{flag}{tags}")
            print(f"    「{_short(a.anchor.exact, 60)}」")
            if a.note.strip():
                print(f"    {_short(a.note.strip(), 80)}")
    return 0


def _order(doc: Document | None):  # type: ignore[no-untyped-def]
    if doc is None:
        return lambda a: (a.doc_id, a.orphaned, a.anchor.start, a.created, a.uuid)
    index = doc.measure_index
    return lambda a: (a.doc_id != doc.id, a.doc_id, a.orphaned, index.get(a.anchor.measure_id, len(index)),
                      a.anchor.sub_start or 0, a.created, a.uuid)


def _where(doc: Document | None, a: Annotation) -> str:
    """Section path: titles where the plan still has the section (an orphan's too, as the
    Markdown export shows it), else ids."""
    ids = a.anchor.section_path
    known = doc.section_by_id if doc is not None and a.doc_id == doc.id else {}
    return " › ".join(clean(known[s].label() if s in known else s) for s in ids)


def _short(text: str, limit: int) -> str:
    """First line, at most ``limit`` characters, with … if anything was cut."""
    lines = text.splitlines() or [""]
    line = lines[0]
    cut = len(lines) > 1 or len(line) > limit
    return clean(line[:limit]) + ("…" if cut else "")
