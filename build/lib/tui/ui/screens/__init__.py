"""Provides the app's screens: the reader, lists, help and loading."""
