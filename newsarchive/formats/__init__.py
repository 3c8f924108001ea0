"""Locale formats Django lacks or gets wrong for this archive's editors."""
