"""Provides ``policy-tui compare A B``: the measures of two plans aligned, as Markdown or CSV."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tui.i18n import t


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from tui.library.tables import FORMATS

    p = sub.add_parser("compare", help=t("lib.h.compare"), description=t("lib.h.compare.description"))
    p.add_argument("a", metavar="A", help=t("lib.h.compare.a"))
    p.add_argument("b", metavar="B", help=t("lib.h.compare.b"))
    p.add_argument("--format", choices=FORMATS, help=t("lib.h.format"))
    p.add_argument("-o", "--output", metavar="FILE", help=t("lib.h.output"))
    p.add_argument("--force", action="store_true", help=t("cli.h.force"))
    p.add_argument("--parents", action="store_true", help=t("cli.h.parents"))
    p.add_argument("--threshold", type=score, metavar="S", help=t("lib.h.threshold"))
    p.add_argument("--library", metavar="DIR", help=t("lib.h.library"))
    p.set_defaults(func=cmd_compare)


def score(text: str) -> float:
    """A similarity between 0 and 1 (argparse type)."""
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0.0 < value <= 1.0:
        raise argparse.ArgumentTypeError(t("lib.error.threshold", value=text))
    return value


def output_format(fmt: str | None, output: str | None) -> str:
    """The asked format, else the one the file name says (md or csv), else md."""
    if fmt:
        return fmt
    if output and output != "-":
        from tui.export.files import format_for

        found = format_for(output)
        return found if found in ("md", "csv") else "md"
    return "md"


def emit(text: str, output: str | None, force: bool, parents: bool, done: str) -> None:
    """Print ``text``, or write it to ``output`` (never over a file without ``force``) and say so."""
    if not output or output == "-":
        sys.stdout.flush()
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.buffer.flush()
        return
    from tui.export.files import write_file

    path = write_file(text, Path(output), overwrite=force, parents=parents)
    print(t("lib.wrote", path=path, what=done))


def cmd_compare(args: argparse.Namespace) -> int:
    from tui.document.align import THRESHOLD, align
    from tui.library import Library, open_plan
    from tui.library.compare_report import render, summary

    library = Library(args.library)
    a, b = open_plan(args.a, library), open_plan(args.b, library)
    alignment = align(a, b, threshold=args.threshold or THRESHOLD)
    fmt = output_format(args.format, args.output)
    emit(render(alignment, fmt), args.output, args.force, args.parents, summary(alignment))
    return 0
