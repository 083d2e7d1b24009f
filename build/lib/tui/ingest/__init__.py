"""tui/ingest"""
