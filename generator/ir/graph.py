"""References between named schemas."""

from __future__ import annotations

from generator.ir.schema import NamedSchema
from generator.ir.types import Ref, SchemaId
from generator.ir.walk import schema_types


def references(schema: NamedSchema) -> tuple[SchemaId, ...]:
    """The schemas `schema` refers to, each once, in first-use order."""
    found = dict.fromkeys(t.target for t in schema_types(schema) if isinstance(t, Ref))
    return tuple(found)
