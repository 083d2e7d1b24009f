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
    from typing import NoReturn

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


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line (a UserError, exit 2)."""

    _writing_help = False

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
