"""Render: IR → view models → text files (nothing here writes to disk or decides names)."""
