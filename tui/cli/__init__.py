"""Provides the ``policy-tui`` command line: subcommands, or the app."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from importlib import import_module

from tui.errors import UserError

# Each module defines ``register(subparsers)``; the sub-parser it adds sets
# ``func`` (args -> exit code).  Kept as names so that ``policy-tui --help``
# does not import textual or the whole core.
COMMAND_MODULES = (
    "tui.cli.doc_cmds",
    "tui.cli.notes_cmds",
    "tui.cli.export_cmds",
    "tui.cli.bench_cmd",
    "tui.cli.review_cmds",
)


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="policy-tui",
        description="Read, search and annotate Chinese policy plans. "
        "Run without a command to open the reader.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:  # command not built yet
                continue
            raise
        module.register(sub)
    return parser


def _app_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="policy-tui",
        usage="policy-tui [DOC] [--lang {zh,en}] [--db PATH]\n"
        "       policy-tui COMMAND ...   (policy-tui --help lists the commands)",
        description="Open the three-pane reader on DOC (default: the bundled Xuchang plan).",
    )
    parser.add_argument("doc", nargs="?", help="processed .json or raw .txt plan")
    parser.add_argument("--lang", choices=("zh", "en"), help="interface language (default zh)")
    parser.add_argument("--db", help="annotation database (default annotations/annotations.json)")
    return parser


def _run_app(argv: Sequence[str]) -> int:
    args = _app_parser().parse_args(argv)
    if args.lang:
        os.environ["POLICY_TUI_LANG"] = args.lang
    from tui.cli.reader import run_app

    return run_app(doc=args.doc, db=args.db)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        parser = _build_parser()
        commands = set(parser._subparsers._group_actions[0].choices)  # type: ignore[union-attr]
        first = next((a for a in argv if not a.startswith("-")), None)
        wants_help = argv[:1] in (["-h"], ["--help"])
        if wants_help or (first in commands):
            args = parser.parse_args(argv)
            func: Callable[[argparse.Namespace], int] = args.func
            return func(args)
        return _run_app(argv)
    except UserError as exc:
        print(f"policy-tui: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("policy-tui: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:
        if os.environ.get("POLICY_TUI_DEBUG"):
            raise
        print(f"policy-tui: internal error: {type(exc).__name__}: {exc} "
              "(set POLICY_TUI_DEBUG=1 for details)", file=sys.stderr)
        return 70
