"""A structural summary of the IR: names, fields, types, tags, operations; no prose.

Committed for the full Vapi spec (whose text may not be committed), it turns any change in
what the generator understands into a small data diff.
"""

from __future__ import annotations

from typing import Any, assert_never

from generator.ir import Alias, Api, Enum, Model, NamedSchema, Operation
from generator.ir.display import type_label
from generator.ir.walk import unions


def structure(api: Api) -> dict[str, Any]:
    names = {schema.id: schema.class_name for schema in api.schemas}
    all_unions = unions(api)
    return {
        "counts": {
            "schemas": len(api.schemas),
            "models": sum(isinstance(s, Model) for s in api.schemas),
            "enums": sum(isinstance(s, Enum) for s in api.schemas),
            "aliases": sum(isinstance(s, Alias) for s in api.schemas),
            "operations": len(api.operations),
            "unions": len(all_unions),
            "unions_tagged_explicitly": sum(
                1 for u in all_unions if u.discriminator and not u.discriminator.inferred
            ),
            "unions_tagged_by_inference": sum(
                1 for u in all_unions if u.discriminator and u.discriminator.inferred
            ),
        },
        "client": api.client_name,
        "schemas": {schema.id: _schema(schema, names) for schema in api.schemas},
        "operations": {
            f"{op.method.upper()} {op.path}": _operation(op, names) for op in api.operations
        },
    }


def _schema(schema: NamedSchema, names: dict[str, str]) -> dict[str, Any]:
    match schema:
        case Model():
            fields = [
                f"{f.wire_name}{'' if f.py_name == f.wire_name else ' as ' + f.py_name}"
                f"{'' if f.required else '?'}: {type_label(f.type, names)}"
                for f in schema.fields
            ]
            tags = [f"{t.property_name}={t.value}" for t in schema.implied_tags]
            extra = "none" if schema.extra is None else type_label(schema.extra, names)
            return {
                "class": schema.class_name,
                "fields": fields,
                "extra": extra,
                **({"implied_tags": tags} if tags else {}),
            }
        case Enum():
            return {"class": schema.class_name, "enum": [m.py_name for m in schema.members]}
        case Alias():
            return {"class": schema.class_name, "alias": type_label(schema.type, names)}
        case _:
            assert_never(schema)


def _operation(operation: Operation, names: dict[str, str]) -> dict[str, Any]:
    return {
        "call": f"{operation.resource}.{operation.py_name}",
        "parameters": [
            f"{p.location}:{p.wire_name}{'' if p.required else '?'}: {type_label(p.type, names)}"
            for p in operation.parameters
        ],
        "body": [
            f"{c.media_type}: {type_label(c.type, names) if c.type else '-'}"
            for c in (operation.body.contents if operation.body else ())
        ],
        "responses": [
            f"{r.status} {c.media_type}: {type_label(c.type, names) if c.type else '-'}"
            for r in operation.responses
            for c in r.contents
        ],
        **({"pagination": operation.pagination.items_field} if operation.pagination else {}),
    }
