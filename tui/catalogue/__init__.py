"""Provides the message catalogue, one module per area; ``tui.i18n`` merges them."""
