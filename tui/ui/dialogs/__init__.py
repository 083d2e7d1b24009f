"""tui/ui/dialogs"""
