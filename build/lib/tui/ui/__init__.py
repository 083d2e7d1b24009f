"""tui/ui"""
