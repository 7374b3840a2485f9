"""Schemas that refer to each other more deeply than the IR builder can follow.

The builder follows `$ref`s recursively (a named schema is built when first referenced, so
inline classes are named in a stable order). A chain of a few hundred named schemas, each
referencing the next, runs out of stack: that is reported with the location being built when
it happened, not as a traceback or a message with no place.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from generator.errors import UnsupportedSchemaError
from generator.refs import SpecIndex


@contextmanager
def located_recursion(index: SpecIndex) -> Iterator[None]:
    try:
        yield
    except RecursionError as exc:
        location = innermost_location(exc)
        raise UnsupportedSchemaError(
            "schemas refer to each other (through $refs) more deeply than the generator can "
            "follow; this is where it stopped",
            where=index.display(location) if location else index.root.name,
        ) from None


def innermost_location(exc: BaseException) -> str | None:
    """The `location` (a JSON pointer) the innermost frame that has one was working on."""
    found = None
    trace = exc.__traceback__
    while trace is not None:
        location = trace.tb_frame.f_locals.get("location")
        if isinstance(location, str) and "#" in location:
            found = location
        trace = trace.tb_next
    return found
