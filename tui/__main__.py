"""Provides ``python -m tui``."""

import sys

from tui.cli import run

sys.exit(run())
