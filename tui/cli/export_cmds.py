"""Provides the ``export`` and ``import-annotations`` commands."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC
from pathlib import Path

FORMATS = ("md", "csv", "json")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "export", help="export annotations as Markdown (default), CSV or JSON",
        description="Export annotations, filtered by tag, county or chapter. Filters of different "
        "kinds combine with AND; several --tag match any of them. Orphaned annotations are "
        "kept in their own section.")
    p.add_argument("doc", nargs="?", help="processed .json or raw .txt (default: bundled plan)")
    p.add_argument("--tag", action="append", default=[], metavar="T",
                   help="only annotations with tag T (repeat for several: any of them)")
    p.add_argument("--county", metavar="C", help="only annotations tagged with county C, e.g. 禹州市")
    p.add_argument("--chapter", metavar="N", help="only chapter N, e.g. 5 or 五")
    p.add_argument("--format", choices=FORMATS,
                   help="output format (default: from the -o suffix, else md)")
    p.add_argument("-o", "--output", metavar="FILE",
                   help="file to write, or - for standard output "
                   "(default: annotations/exports/<scope>-<date>.<ext>)")
    p.add_argument("--db", metavar="PATH", help="annotation database (default annotations/annotations.json)")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser(
        "import-annotations", help="merge a JSON export into the annotation database",
        description="Merge annotations from a JSON export: matched by uuid, the newer `updated` "
        "wins. Importing the same file twice changes nothing.")
    p.add_argument("file", metavar="FILE.json", help="a file written by `policy-tui export --format json`")
    p.add_argument("--db", metavar="PATH", help="annotation database (default annotations/annotations.json)")
    p.set_defaults(func=cmd_import_annotations)


def _db_path(value: str | None) -> Path | None:
    return Path(value) if value else None


def cmd_export(args: argparse.Namespace) -> int:
    from datetime import datetime

    from tui.annotations.anchoring import reanchor
    from tui.annotations.filters import is_orphan
    from tui.annotations.store import AnnotationStore
    from tui.export import (
        apply,
        default_export_path,
        format_for,
        make_filters,
        render,
        write_file,
    )
    from tui.ingest.load import load_document

    doc = load_document(args.doc)
    filters = make_filters(doc, args.tag, args.county, args.chapter)
    to_stdout = args.output == "-"
    fmt = args.format or (format_for(args.output) if args.output and not to_stdout else "md")
    # Read-only: exporting never writes the database, not even a damaged file's copy.
    with AnnotationStore.open(_db_path(args.db), read_only=True) as store:
        if store.damaged:
            print(f"policy-tui: warning: {store.path}: {store.read_only_reason}", file=sys.stderr)
        stored = store.all(doc.id)
    # Place notes made on an older text of this plan, as the app does (in memory only).
    placed, orphaned = reanchor(doc, stored)
    now = datetime.now(UTC)
    selected = apply(doc, placed + orphaned, filters)
    text = render(fmt, doc, selected, filters, now)
    orphans = sum(1 for a in selected if is_orphan(doc, a))
    measures = len({a.anchor.measure_id for a in selected if not is_orphan(doc, a)})
    summary = f"{len(selected)} annotations ({measures} measures, {orphans} orphaned)"
    if to_stdout:
        sys.stdout.flush()
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.buffer.flush()
        print(f"exported {summary}", file=sys.stderr)
        return 0
    path = Path(args.output) if args.output else default_export_path(
        filters.scope(), fmt, now.astimezone().date())
    write_file(text, path)
    print(f"wrote {path}: {summary}")
    return 0


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
            raise UserError(f"{store.path}: {store.read_only_reason}; nothing imported")
        report = store.merge(incoming)  # StoreError is a UserError: one line, exit 2
    print(f"imported {args.file} into {store.path}: {report.added} added, "
          f"{report.updated} updated, {report.skipped} skipped")
    if report.kept:
        print(f"policy-tui: {t('store.import.kept', count=report.kept)}", file=sys.stderr)
    if report.future:
        minutes = int(CLOCK_SKEW.total_seconds() // 60)
        print(f"policy-tui: {t('store.import.future', count=report.future, minutes=minutes)}", file=sys.stderr)
    return 0
