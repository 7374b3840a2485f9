"""The compile-time error of the validator compiler."""

from __future__ import annotations


class SchemaCompileError(ValueError):
    """A schema the compiler cannot turn into a validator.

    `where` is the schema location of the offending keyword (``#/json/pointer`` or
    ``file#/json/pointer``) when known, and `problem` the message without it.
    """

    def __init__(self, problem: str, *, where: str | None = None) -> None:
        super().__init__(f"{where}: {problem}" if where else problem)
        self.problem = problem
        self.where = where
