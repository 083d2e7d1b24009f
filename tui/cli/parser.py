"""Provides Parser: argparse in the interface language, with one-line errors.

argparse looks its own words up through ``gettext`` when it needs them;
``localize`` points that lookup at our catalogue, so ``usage:``, ``options``
and its error messages follow ``--lang`` like everything else.
"""

from __future__ import annotations

import argparse

from tui.errors import UserError
from tui.i18n import lang, t

TYPE_CHECKING = False  # as typing's, without importing typing (2 ms of a search)
if TYPE_CHECKING:
    from typing import Any, NoReturn

# argparse's own strings -> catalogue keys (the %-placeholders are argparse's).
ARGPARSE_WORDS = {
    "usage: ": "argparse.usage",
    "positional arguments": "argparse.positional",
    "options": "argparse.options",
    "show this help message and exit": "argparse.help",
    "the following arguments are required: %s": "argparse.required",
    "unrecognized arguments: %s": "argparse.unrecognized",
    "invalid choice: %(value)r (choose from %(choices)s)": "argparse.choice",
    "expected one argument": "argparse.one_argument",
    "argument %(argument_name)s: %(message)s": "argparse.argument",
    "ambiguous option: %(option)s could match %(matches)s": "argparse.ambiguous",
    "invalid %(type)s value: %(value)r": "argparse.invalid_value",
}


def _gettext(text: str) -> str:
    key = ARGPARSE_WORDS.get(text)
    return t(key) if key is not None and lang() != "en" else text


def localize() -> None:
    """Make argparse speak the interface language (idempotent)."""
    argparse._ = _gettext  # type: ignore[attr-defined]  # argparse's gettext hook


class HelpFormatter(argparse.HelpFormatter):
    """Help wrapped by terminal cells, breaking between Chinese characters.

    argparse's textwrap counts characters and breaks only at spaces: a Chinese
    paragraph ran past the terminal's edge or broke at its one space (before
    ``--all``). Here the reader's line breaking wraps it (kinsoku rules: no
    line starts with ，or ends with “), and a description keeps its own line breaks.
    """

    def _split_lines(self, text: str, width: int) -> list[str]:
        return _wrap(" ".join(text.split()), width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        return "\n".join(indent + line for paragraph in text.splitlines() for line in _wrap(paragraph.strip(), width))


def _wrap(text: str, width: int) -> list[str]:
    from tui.ui.widgets.line_breaks import cumulative_widths, wrap_offsets

    if not text:
        return [""]
    return [text[a:b].strip() for a, b in wrap_offsets(text, cumulative_widths(text), width)]


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line (a UserError, exit 2), and whose help
    is wrapped by terminal cells (HelpFormatter) unless told otherwise."""

    _writing_help = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        raise UserError(t("cli.usage_error", message=message, prog=self.prog))

    def format_usage(self) -> str:
        self._writing_help = True
        return super().format_usage()

    def format_help(self) -> str:
        self._writing_help = True
        return super().format_help()

    def _get_formatter(self) -> argparse.HelpFormatter:
        # argparse also makes a formatter for every add_argument, only to check a
        # metavar; argparse's own asks shutil for the terminal's width, and shutil's
        # import (bz2, lzma) is 2 ms of a search. Only written help needs the width.
        if self._writing_help:
            return super()._get_formatter()
        return self.formatter_class(prog=self.prog, width=80)  # type: ignore[call-arg]
