"""Provides the reader's widgets: section tree, reader, notes pane, status bar."""
