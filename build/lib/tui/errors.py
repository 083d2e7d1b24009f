"""Provides UserError: a failure explained to the user in one line."""


class UserError(Exception):
    """Bad input or environment; the CLI prints the message and exits 2."""

    exit_code = 2
