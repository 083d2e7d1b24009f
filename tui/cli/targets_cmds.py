"""Provides ``policy-tui targets``: the quantified targets of a plan, or of several lined up by indicator."""

from __future__ import annotations

import argparse
import shutil
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

import orjson

from tui.i18n import t

if TYPE_CHECKING:
    from tui.document.lineup import Lined
    from tui.document.model import Document
    from tui.document.targets import Target

KINDS = {"all": ("target", "achievement"), "target": ("target",), "achievement": ("achievement",)}


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from tui.library.tables import FORMATS

    p = sub.add_parser("targets", help=t("lib.h.targets"), description=t("lib.h.targets.description"))
    p.add_argument("docs", nargs="*", default=[], metavar="DOC", help=t("lib.h.search.docs"))
    p.add_argument("--all", action="store_true", help=t("lib.h.all"))
    p.add_argument("--kind", choices=tuple(KINDS), default="all", help=t("lib.h.kind"))
    p.add_argument("--json", action="store_true", help=t("lib.h.targets.json"))
    p.add_argument("--format", choices=FORMATS, help=t("lib.h.format"))
    p.add_argument("-o", "--output", metavar="FILE", help=t("lib.h.output"))
    p.add_argument("--force", action="store_true", help=t("cli.h.force"))
    p.add_argument("--parents", action="store_true", help=t("cli.h.parents"))
    p.add_argument("--library", metavar="DIR", help=t("lib.h.library"))
    p.set_defaults(func=cmd_targets)


def _table(rows: Sequence[Sequence[str]], limits: tuple[int, ...]) -> None:
    """Print rows as columns aligned by terminal cells, each cut to its limit."""
    from tui.display import cells, cut, pad

    shown = [tuple(cut(cell, limit) for cell, limit in zip(row, limits, strict=True)) for row in rows]
    widths = [max(cells(row[k]) for row in shown) for k in range(len(limits))]
    for row in shown:
        print("  ".join(pad(cell, w) for cell, w in zip(row, widths, strict=True)).rstrip())


def print_targets(found: list[tuple[Document, Target]]) -> None:
    from tui.library.targets_report import kind_text, value_text, where

    head = (t("lib.targets.col.chapter"), t("lib.targets.col.indicator"), t("lib.targets.col.value"),
            t("lib.targets.col.year"), t("lib.targets.col.kind"), t("lib.targets.col.measure"))
    rows = [head] + [(where(doc, x)[0], x.indicator or "-", value_text(x), str(x.year or ""), kind_text(x), x.measure_id)
                     for doc, x in found]
    _table(rows, (18, 24, 22, 4, 6, 16))


def print_lineup(docs: list[Document], lined: list[Lined]) -> None:
    from tui.library.targets_report import cell_text

    width = shutil.get_terminal_size((120, 24)).columns
    column = max(14, (width - 26) // max(1, len(docs)) - 2)
    head = (t("lib.targets.col.indicator"), *(d.display_title for d in docs))
    rows = [head] + [(r.label, *(cell_text(r.cells.get(d.id, ())) or "—" for d in docs)) for r in lined]
    _table(rows, (24, *([column] * len(docs))))


def cmd_targets(args: argparse.Namespace) -> int:
    from tui.cli.compare_cmds import emit, output_format
    from tui.cli.library_cmds import plans_for
    from tui.document.targets import targets_of
    from tui.library import Library
    from tui.library import targets_report as report

    docs = plans_for(args.docs, args.all, Library(args.library))
    kinds = KINDS[args.kind]
    found = [(doc, x) for doc in docs for x in targets_of(doc) if x.kind in kinds]
    several = len(docs) > 1
    if several:
        from tui.document.lineup import line_up

        lined = line_up(docs, kinds)
    if args.json:
        data: object = [report.record(doc, x) for doc, x in found] if not several else {
            "plans": [{"doc_id": d.id, "title": d.display_title} for d in docs],
            "rows": [{"indicator": r.label, "cells": {doc_id: [report.record(by_id(docs, doc_id), x) for x in xs]
                                                      for doc_id, xs in r.cells.items()}} for r in lined]}
        sys.stdout.write(orjson.dumps(data, option=orjson.OPT_INDENT_2).decode() + "\n")
        return 0
    if not found:
        print(t("lib.targets.none", plans=len(docs)))
        return 1
    if args.format or args.output:
        fmt = output_format(args.format, args.output)
        if several:
            text = report.lineup_csv(docs, lined) if fmt == "csv" else report.lineup_markdown(docs, lined)
        else:
            text = report.targets_csv(found) if fmt == "csv" else report.targets_markdown(found)
        emit(text, args.output, args.force, args.parents, t("lib.targets.count", count=len(found), plans=len(docs)))
        return 0
    if several:
        print_lineup(docs, lined)
    else:
        print_targets(found)
    print()
    achieved = sum(1 for _, x in found if x.kind == "achievement")
    print(t("lib.targets.summary", count=len(found), targets=len(found) - achieved, achieved=achieved,
            plans=len(docs)))
    return 0


def by_id(docs: list[Document], doc_id: str) -> Document:
    return next(d for d in docs if d.id == doc_id)
