"""Provides the ``export`` and ``import-annotations`` commands."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from tui.i18n import t

if TYPE_CHECKING:
    from tui.document.model import Document

FORMATS = ("md", "csv", "json")
TITLE_CELLS = 60  # a plan's title in a message, at most (about 30 Han characters)


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "export", help=t("cli.h.export"),
        description=t("cli.h.export.description"))
    p.add_argument("docs", nargs="*", default=[], metavar="DOC", help=t("export.h.docs"))
    p.add_argument("--all", action="store_true", help=t("export.h.all"))
    p.add_argument("--library", metavar="DIR", help=t("lib.h.library"))
    p.add_argument("--tag", action="append", default=[], metavar="T",
                   help=t("cli.h.tag_any"))
    p.add_argument("--county", metavar="C", help=t("cli.h.county"))
    p.add_argument("--chapter", metavar="N", help=t("cli.h.chapter"))
    p.add_argument("--format", choices=FORMATS,
                   help=t("cli.h.format"))
    p.add_argument("-o", "--output", metavar="FILE",
                   help=t("cli.h.output"))
    p.add_argument("--force", action="store_true", help=t("cli.h.force"))
    p.add_argument("--raw", action="store_true", help=t("scale.cli.h.raw"))
    p.add_argument("--parents", action="store_true", help=t("cli.h.parents"))
    p.add_argument("--db", metavar="PATH", help=t("cli.opt.db"))
    p.set_defaults(func=cmd_export)

    p = sub.add_parser(
        "import-annotations", help=t("cli.h.import_annotations"),
        description=t("cli.h.import_annotations.description"))
    p.add_argument("file", metavar="FILE.json", help=t("cli.h.import_file"))
    p.add_argument("--db", metavar="PATH", help=t("cli.opt.db"))
    p.set_defaults(func=cmd_import_annotations)


def _db_path(value: str | None) -> Path | None:
    return Path(value) if value else None


def cmd_export(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from tui.annotations import plans as plan_notes
    from tui.annotations.filters import make_filters
    from tui.cli.notes_cmds import open_for_listing
    from tui.errors import UserError
    from tui.export import format_for, prepare_plans, scope_name
    from tui.export.files import default_export_path
    from tui.i18n import t
    from tui.locations import exports_dir

    named, every = _plans(args)
    if args.chapter and len(named) > 1:
        raise UserError(t("export.error.chapter_plans", count=len(named)))
    docs = [doc for doc, _ in named + every]
    # The chapter is looked up in the one plan exported, once that plan is known.
    filters = make_filters(docs[0], args.tag, args.county)
    to_stdout = args.output == "-"
    fmt = args.format or (format_for(args.output) if args.output and not to_stdout else "md")
    # Read-only: exporting never writes the database, not even a damaged file's copy;
    # a missing --db or a damaged file is an error, never an empty export.
    with open_for_listing(args.db) as store:
        # Notes made on an older text of a plan are placed as the app does (in memory only).
        everything = plan_notes.gather(store, docs)
        stray = plan_notes.stray(store, docs) if every else 0
        db_path = store.path
    total = sum(len(p.annotations) for p in everything)
    # Plans named are exported; of the rest (no plan named, or --all), those with notes that match.
    gathered = everything[:len(named)] + [p for p in everything[len(named):] if p.select(filters).annotations]
    if args.chapter and gathered:
        if len(gathered) > 1:
            names = {doc.id: name for doc, name in named + every}
            raise UserError(t("export.error.chapter_found", count=len(gathered), chapter=args.chapter,
                              names=", ".join(names[p.doc.id] for p in gathered)))
        filters = make_filters(gathered[0].doc, args.tag, args.county, args.chapter)
    now = datetime.now(UTC)
    export = prepare_plans(gathered, filters, fmt, now) if gathered else None
    if stray:
        print(t("export.cli.stray", count=stray), file=sys.stderr)
    if export is None or export.empty:
        # The count is of the plans looked at (the database may hold other plans' notes too).
        looked = _plans_named([p.doc for p in everything], titles=False)
        print(t("export.cli.nothing", path=db_path, total=total, plans=looked), file=sys.stderr)
        return 1
    summary = t("export.cli.summary", count=export.count, measures=export.measures, orphans=export.orphans)
    summary += t("export.cli.from", plans=_plans_named([p.doc for p in gathered if p.select(filters).annotations]))
    if to_stdout:
        sys.stdout.flush()
        sys.stdout.buffer.write(_for_terminal(export.text, fmt, args.raw).encode("utf-8"))
        sys.stdout.buffer.flush()
        print(t("export.cli.exported", summary=summary), file=sys.stderr)
        return 0
    if args.output:
        path = export.write(Path(args.output), overwrite=args.force, parents=args.parents)
    else:  # our own folder: its parents may be made
        stem = scope_name(filters, len(gathered))
        default = default_export_path(stem, fmt, now.astimezone().date(), exports_dir(db_path))
        path = export.write(default, overwrite=args.force, parents=True)
    print(t("export.cli.wrote", path=path, summary=summary))
    return 0


def _plans_named(docs: list[Document], titles: bool = True) -> str:
    """Plans as a message names them: one by its title; several by their number (and titles)."""
    from tui.display import cut

    if len(docs) == 1:
        return t("export.cli.title", title=cut(docs[0].display_title, TITLE_CELLS))
    if not titles:
        return t("export.cli.count", plans=len(docs))
    named = t("export.cli.sep").join(t("export.cli.title", title=cut(doc.display_title, TITLE_CELLS)) for doc in docs)
    return t("export.cli.plans", plans=len(docs), titles=named)


Named = tuple["Document", str]  # a plan, and the name it goes by on the command line


def _plans(args: argparse.Namespace) -> tuple[list[Named], list[Named]]:
    """The plans named, and those whose notes are looked for besides: with no plan named, or
    --all, every plan (the library's and the bundled plan; see every_plan); each plan once."""
    from tui.library import Library, every_plan, open_plan

    library = Library(args.library)
    named: dict[str, Named] = {}
    for ref in args.docs:  # each plan once, where it first came
        doc = open_plan(ref, library)
        named.setdefault(doc.id, (doc, ref))
    if named and not args.all:
        return list(named.values()), []
    every = [(doc, path.stem) for doc, path in every_plan(library) if doc.id not in named]
    return list(named.values()), every


def _for_terminal(text: str, fmt: str, raw: bool) -> str:
    """An export as written to stdout: sanitised for the terminal unless ``raw``.

    JSON keeps the same data (unsafe characters become ``\\u`` escapes);
    Markdown and CSV show them as symbols (CSV keeps its CRLF line ends).
    Files (``-o FILE``) are exact.
    """
    from tui.display import clean_lines, json_safe

    if raw:
        return text
    return json_safe(text) if fmt == "json" else clean_lines(text)


def cmd_import_annotations(args: argparse.Namespace) -> int:
    from tui.annotations.record import CLOCK_SKEW
    from tui.annotations.store import AnnotationStore
    from tui.errors import UserError
    from tui.export import read_json_file
    from tui.i18n import t

    # Every record is validated (types, 64-bit integers, valid UTF-8) before the database is opened.
    incoming = read_json_file(Path(args.file))
    with AnnotationStore.open(_db_path(args.db)) as store:
        if store.read_only:
            raise UserError(t("store.import.read_only", db=store.path, reason=store.read_only_reason))
        report = store.merge(incoming)  # StoreError is a UserError: one line, exit 2
    print(t("store.import.done", file=args.file, db=store.path, added=report.added, updated=report.updated,
            skipped=report.skipped))
    if report.deleted:
        print(t("store.import.deleted", count=report.deleted))
    if report.kept:
        print(f"policy-tui: {t('store.import.kept', count=report.kept)}", file=sys.stderr)
    if report.future:
        minutes = int(CLOCK_SKEW.total_seconds() // 60)
        print(f"policy-tui: {t('store.import.future', count=report.future, minutes=minutes)}", file=sys.stderr)
    return 0
