"""Payloads built from the full Vapi spec's schemas, for the test server's answers and for
webhook bodies: `tests/models/payloads.py` writes them from the repaired document (every
required property, values inside their bounds, strings drawn from their patterns)."""

from __future__ import annotations

import copy
from typing import Any

from generator.pipeline import Loaded
from tests.models.payloads import REF, PayloadGenerator

JSON = dict[str, Any]
MESSAGE_SCHEMA = "ServerMessage"


class SpecPayloads:
    """Valid payloads for the named schemas of a loaded spec, deterministic by seed."""

    def __init__(self, loaded: Loaded, seed: int = 20260610) -> None:
        self.document: JSON = loaded.index.root.contents
        self.seed = seed

    def of(self, schema: str, mode: str = "minimal", seed: int = 0, **fields: Any) -> JSON:
        """A payload of `schema` (`minimal`: required properties only, `random`: some
        optional ones, `full`: all of them near the top), with `fields` set on top."""
        generator = PayloadGenerator(self.document, seed=self.seed + seed)
        payload, _ = generator.payload(schema, mode)
        return {**copy.deepcopy(payload), **fields}

    def server_message_types(self) -> list[tuple[str, str]]:
        """(type, schema) of every server message the spec defines, read from the spec
        itself: each `oneOf` member of `ServerMessage.message` and the values of its
        `type` enum."""
        schemas = self.document["components"]["schemas"]
        members = schemas[MESSAGE_SCHEMA]["properties"]["message"]["oneOf"]
        found = []
        for member in members:
            name = member["$ref"].removeprefix(REF)
            for tag in schemas[name]["properties"]["type"]["enum"]:
                found.append((tag, name))
        return found
