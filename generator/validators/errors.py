"""The compile-time error of the validator compiler."""

from __future__ import annotations


class SchemaCompileError(ValueError):
    """A schema the compiler cannot turn into a validator; the message names keyword and place."""
