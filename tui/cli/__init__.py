"""Provides the ``policy-tui`` command line: subcommands, or the app.

A command's module is imported only when that command runs, so that
``policy-tui search`` does not pay for the others (nor for textual).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from importlib import import_module

from tui.errors import UserError

# command -> the module defining ``register(sub)`` and its ``cmd_*`` functions
COMMANDS: dict[str, str] = {
    "import": "tui.cli.doc_cmds",
    "dump": "tui.cli.doc_cmds",
    "search": "tui.cli.doc_cmds",
    "where": "tui.cli.notes_cmds",
    "tags": "tui.cli.notes_cmds",
    "annotations": "tui.cli.notes_cmds",
    "export": "tui.cli.export_cmds",
    "import-annotations": "tui.cli.export_cmds",
    "list": "tui.cli.library_cmds",
    "compare": "tui.cli.compare_cmds",
    "targets": "tui.cli.targets_cmds",
    "bench": "tui.cli.bench_cmd",
    "review": "tui.cli.review_cmds",
}
LANGS = ("zh", "en")
VALUE_OPTIONS = ("--db", "--library")  # options that may stand before the command and take a value


def version() -> str:
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as dist_version

    try:
        return dist_version("policy-tui")
    except PackageNotFoundError:
        return "0+unknown"


class _VersionAction(argparse.Action):
    """``--version``: the installed version, looked up only when asked for
    (importlib.metadata costs more than a whole ``search``)."""

    def __init__(self, option_strings: Sequence[str], dest: str, help: str | None = None) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help=help)

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        print(f"policy-tui {version()}")
        parser.exit()


def take_lang(argv: list[str]) -> tuple[list[str], str | None]:
    """Apply ``--lang zh|en`` wherever it stands (before or after a command); the rest of argv, and the language given."""
    from tui.i18n import t

    rest: list[str] = []
    chosen = None
    args = iter(argv)
    for arg in args:
        if arg == "--":
            rest.append(arg)
            rest.extend(args)
            break
        if arg == "--lang" or arg.startswith("--lang="):
            value = arg.partition("=")[2] if "=" in arg else next(args, "")
            if value not in LANGS:
                raise UserError(t("cli.bad_lang", value=value or "?"))
            os.environ["POLICY_TUI_LANG"] = chosen = value
            continue
        rest.append(arg)
    return rest, chosen


def command_at(argv: Sequence[str]) -> int | None:
    """Where the command stands in ``argv``: the first word that is neither an option nor an
    option's value (``--db PATH``, ``--library DIR``); None if that word is no command (the reader)."""
    args = iter(enumerate(argv))
    for k, arg in args:
        if arg == "--":
            return None
        if arg in VALUE_OPTIONS:
            next(args, None)
        elif not arg.startswith("-"):
            return k if arg in COMMANDS else None
    return None


def remembered_lang() -> None:
    """The reader opens in the language last chosen, unless one is given now."""
    if "POLICY_TUI_LANG" not in os.environ:
        from tui import state

        remembered = state.load().lang
        if remembered:
            os.environ["POLICY_TUI_LANG"] = remembered


def _remember_lang(value: str) -> None:
    from dataclasses import replace

    from tui import state

    saved = state.load()
    if saved.lang != value:
        state.save(replace(saved, lang=value))


def _parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole command line; with ``only``, just that command's module is imported."""
    from tui.cli.parser import Parser, localize
    from tui.i18n import t

    localize()
    parser = Parser(
        prog="policy-tui",
        usage=t("cli.usage"),
        description=t("cli.description"),
    )
    parser.add_argument("--version", action=_VersionAction, help=t("cli.opt.version"))
    parser.add_argument("--lang", choices=LANGS, help=t("cli.opt.lang"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title=t("cli.commands"), prog="policy-tui",
                                parser_class=Parser)
    done: set[str] = set()
    for name, module in COMMANDS.items():
        if (only is None or name == only) and module not in done:
            done.add(module)
            import_module(module).register(sub)
    reader = parser.add_argument_group(t("cli.reader_options"))
    reader.add_argument("--db", metavar="PATH", help=t("cli.opt.db"))
    return parser


def _app_parser() -> argparse.ArgumentParser:
    from tui.cli.parser import Parser, localize
    from tui.i18n import t

    localize()
    parser = Parser(prog="policy-tui", usage=t("cli.usage"), description=t("cli.app.description"))
    parser.add_argument("docs", nargs="*", metavar="DOC", help=t("cli.opt.doc"))
    parser.add_argument("--all", action="store_true", help=t("cli.opt.all"))
    parser.add_argument("--library", metavar="DIR", help=t("cli.opt.library"))
    parser.add_argument("--db", help=t("cli.opt.db"))
    return parser


def _run_app(argv: Sequence[str], lang: str | None) -> int:
    import gc

    # The reader's start-up (Textual's imports and ours, the plan, the first frame)
    # builds many objects and next to no garbage: the collections it triggered cost
    # about 10 ms of 215 before the first screen. The app resumes them at its first
    # frame (PolicyApp._started); this resumes them whatever happened.
    gc.disable()
    try:
        if not lang:
            remembered_lang()
        args = _app_parser().parse_args(argv)
        from tui.cli.reader import run_app

        # Chosen for the reader, the language is kept for next time once a plan opened in it
        # (not after a failed start, and not for other commands).
        return run_app(args.docs, db=args.db, every=args.all, library=args.library,
                       opened=(lambda: _remember_lang(lang)) if lang else (lambda: None))
    finally:
        gc.enable()


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        argv, lang = take_lang(argv)
        if argv[:1] in (["-h"], ["--help"], ["--version"]):
            _parser().parse_args(argv)  # prints and exits 0
            return 0
        first = command_at(argv)
        if first is not None:
            # Options given before the command are the command's own (``--db x export``).
            command = argv.pop(first)
            args = _parser(only=command).parse_args([command, *argv])
            func: Callable[[argparse.Namespace], int] = args.func
            return func(args)
        return _run_app(argv, lang)
    except UserError as exc:
        from tui.display import clean_row

        # One line, and nothing in it can drive the terminal (a file name or
        # a uuid from an imported file may hold escape sequences).
        print(f"policy-tui: {_error_word()}: {clean_row(str(exc))}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        from tui.i18n import t

        print(f"policy-tui: {t('cli.interrupted')}", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # the promise is: never a traceback
        if os.environ.get("POLICY_TUI_DEBUG"):
            raise
        from tui.display import clean_row
        from tui.i18n import t

        print(f"policy-tui: {clean_row(t('cli.internal', error=f'{type(exc).__name__}: {exc}'))}", file=sys.stderr)
        return 70


def run() -> int:
    """The ``policy-tui`` script: ``main()``, then the exit without a last garbage collection.

    At exit the interpreter collects every object it still holds: 7 ms of a
    50 ms ``search``.  Freezing them first leaves that memory to the system,
    which takes it back at once (files were closed by their ``with``).
    """
    code = main()
    import gc

    gc.freeze()
    return code


def _error_word() -> str:
    from tui.i18n import t

    return t("cli.error")
