"""A synthetic OpenAPI 3.0 spec of N models (default 2,500), for timing the generator on a
spec larger than any real one we have: the same document for the same N and seed.

The mix follows what large real specs hold (counted on the Vapi spec and public payments and
telephony specs, roughly): about half objects of 3-12 properties (strings with formats and
bounds, numbers, booleans, nullable and optional fields, `$ref`s to earlier schemas, arrays of
them, string maps, one or two nested inline objects), a sixth string enums, a tenth unions of
three to five tagged objects (with a discriminator and a mapping, or the tag alone), a tenth
`allOf` of a base and extra properties, and the rest aliases (arrays of refs, patterned
strings). Resources get CRUD paths over the objects, a tag each.

Run: python benchmarks/synthetic.py [--models 2500] [--seed 7] -o spec.json
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path
from typing import Any

REF = "#/components/schemas/"
WORDS = (
    "account",
    "agent",
    "audio",
    "billing",
    "call",
    "campaign",
    "channel",
    "contact",
    "credential",
    "device",
    "event",
    "file",
    "folder",
    "invoice",
    "key",
    "message",
    "metric",
    "number",
    "order",
    "plan",
    "policy",
    "queue",
    "recording",
    "region",
    "report",
    "route",
    "rule",
    "session",
    "squad",
    "task",
    "team",
    "template",
    "tool",
    "transcript",
    "trunk",
    "user",
    "voice",
    "webhook",
    "workflow",
    "zone",
)
FORMATS = ("date-time", "uuid", "email", "uri", None, None, None)


class Synth:
    def __init__(self, count: int, seed: int) -> None:
        self.random = random.Random(seed)
        self.count = count
        self.schemas: dict[str, Any] = {}
        self.objects: list[str] = []  #: object schemas so far, for refs to earlier ones

    def name(self, number: int, kind: str) -> str:
        first, second = self.random.choice(WORDS), self.random.choice(WORDS)
        return f"{first.capitalize()}{second.capitalize()}{kind}{number}"

    def build(self) -> dict[str, Any]:
        kinds = ["object"] * 50 + ["enum"] * 16 + ["union"] * 10 + ["allof"] * 10
        kinds += ["alias"] * 14
        number = 0
        while len(self.schemas) < self.count:  # a union adds its members too
            kind = "object" if number < 20 else self.random.choice(kinds)
            getattr(self, f"add_{kind}")(number)
            number += 1
        return self.document()

    # -- schema kinds --------------------------------------------------------------------

    def add_object(self, number: int) -> None:
        name = self.name(number, "")
        self.schemas[name] = self.object_schema(depth=0)
        self.objects.append(name)

    def object_schema(self, depth: int, suffix: str = "Value") -> dict[str, Any]:
        properties = {}
        for index in range(self.random.randint(3, 12)):
            properties[f"{self.random.choice(WORDS)}{index}{suffix}"] = self.property(depth)
        required = sorted(self.random.sample(sorted(properties), k=len(properties) // 3))
        schema: dict[str, Any] = {"type": "object", "properties": properties}
        if required:
            schema["required"] = required
        if self.random.random() < 0.3:
            schema["description"] = f"A {self.random.choice(WORDS)} of the synthetic API."
        return schema

    def property(self, depth: int) -> dict[str, Any]:
        roll = self.random.random()
        if roll < 0.3:
            schema: dict[str, Any] = {"type": "string"}
            fmt = self.random.choice(FORMATS)
            if fmt:
                schema["format"] = fmt
            elif self.random.random() < 0.4:
                schema["maxLength"] = self.random.choice((40, 80, 1000))
        elif roll < 0.42:
            schema = {"type": self.random.choice(("integer", "number")), "minimum": 0}
        elif roll < 0.5:
            schema = {"type": "boolean", "default": False}
        elif roll < 0.7 and self.objects:
            schema = {"$ref": REF + self.random.choice(self.objects[-200:])}
        elif roll < 0.8 and self.objects:
            items = {"$ref": REF + self.random.choice(self.objects[-200:])}
            schema = {"type": "array", "items": items}
        elif roll < 0.86:
            schema = {"type": "object", "additionalProperties": {"type": "string"}}
        elif roll < 0.93 and depth < 2:
            schema = self.object_schema(depth + 1)
        else:
            schema = {"type": "array", "items": {"type": "string"}, "maxItems": 20}
        if self.random.random() < 0.1 and "$ref" not in schema:
            schema["nullable"] = True
        return schema

    def add_enum(self, number: int) -> None:
        values = sorted({self.random.choice(WORDS) for _ in range(self.random.randint(2, 9))})
        self.schemas[self.name(number, "Kind")] = {"type": "string", "enum": values}

    def add_union(self, number: int) -> None:
        members = []
        for index in range(self.random.randint(3, 5)):
            member = self.object_schema(depth=1)
            member["properties"]["type"] = {"type": "string", "enum": [f"t{index}"]}
            member["required"] = sorted({*member.get("required", []), "type"})
            member_name = self.name(number, f"Variant{index}_")
            self.schemas[member_name] = member
            members.append(member_name)
        union: dict[str, Any] = {"oneOf": [{"$ref": REF + m} for m in members]}
        if self.random.random() < 0.6:
            mapping = {f"t{i}": REF + m for i, m in enumerate(members)}
            union["discriminator"] = {"propertyName": "type", "mapping": mapping}
        self.schemas[self.name(number, "Union")] = union

    def add_allof(self, number: int) -> None:
        if not self.objects:
            return self.add_object(number)
        base = self.random.choice(self.objects[-200:])
        name = self.name(number, "Extended")
        extra = self.object_schema(depth=1, suffix="Extra")  # not redefining the base's
        self.schemas[name] = {"allOf": [{"$ref": REF + base}, extra]}
        self.objects.append(name)
        return None

    def add_alias(self, number: int) -> None:
        if self.objects and self.random.random() < 0.6:
            items = {"$ref": REF + self.random.choice(self.objects[-200:])}
            schema: dict[str, Any] = {"type": "array", "items": items}
        else:
            schema = {"type": "string", "pattern": "^[a-z][a-z0-9-]{2,40}$"}
        self.schemas[self.name(number, "List")] = schema

    # -- the document --------------------------------------------------------------------

    def document(self) -> dict[str, Any]:
        paths: dict[str, Any] = {}
        for name in self.objects[: max(1, len(self.objects) // 20)]:
            paths.update(self.crud(name))
        return {
            "openapi": "3.0.3",
            "info": {"title": "Synthetic API", "version": "1.0"},
            "paths": paths,
            "components": {"schemas": self.schemas},
        }

    def crud(self, name: str) -> dict[str, Any]:
        tag, plural = name, name.lower() + "s"
        body = {"content": {"application/json": {"schema": {"$ref": REF + name}}}}
        one = {"200": {"description": "ok", **body}}
        many = {"type": "array", "items": {"$ref": REF + name}}
        listed = {"200": {"description": "ok", "content": {"application/json": {"schema": many}}}}
        item_id = [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}]
        return {
            f"/{plural}": {
                "get": {"operationId": f"list{name}", "tags": [tag], "responses": listed},
                "post": {
                    "operationId": f"create{name}",
                    "tags": [tag],
                    "requestBody": {"required": True, **body},
                    "responses": one,
                },
            },
            f"/{plural}/{{id}}": {
                "parameters": item_id,
                "get": {"operationId": f"get{name}", "tags": [tag], "responses": one},
                "delete": {"operationId": f"delete{name}", "tags": [tag], "responses": one},
            },
        }


def synthetic_spec(count: int = 2500, seed: int = 7) -> dict[str, Any]:
    return Synth(count, seed).build()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--models", type=int, default=2500, help="named schemas (about)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("-o", "--output", type=Path, required=True)
    options = parser.parse_args()
    spec = synthetic_spec(options.models, options.seed)
    options.output.write_text(json.dumps(spec, indent=1), encoding="utf-8")
    print(f"{options.output}: {len(spec['components']['schemas'])} schemas")


if __name__ == "__main__":
    main()
