"""The root of the IR: everything every renderer reads."""

from __future__ import annotations

from dataclasses import dataclass

from generator.ir.operations import Operation, Resource, Webhook
from generator.ir.schema import NamedSchema
from generator.ir.types import SchemaId


@dataclass(frozen=True, slots=True, kw_only=True)
class SecurityScheme:
    name: str
    kind: str  #: `http`, `apiKey`, `oauth2`, `openIdConnect`
    scheme: str | None = None  #: `bearer` for http
    parameter_name: str | None = None  #: for apiKey: the header/query/cookie name
    location: str | None = None  #: for apiKey: `header`, `query` or `cookie`
    description: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Api:
    title: str
    version: str
    description: str | None
    openapi_version: str
    spec_name: str  #: the root file's name, for headers and messages
    spec_sha256: str
    client_name: str
    servers: tuple[str, ...]
    security_schemes: tuple[SecurityScheme, ...]
    schemas: tuple[NamedSchema, ...]  #: sorted by class name
    operations: tuple[Operation, ...]  #: sorted by (resource, py_name)
    resources: tuple[Resource, ...]  #: sorted by attribute name
    webhooks: tuple[Webhook, ...] = ()  #: sorted by (key, method)

    def schema(self, schema_id: SchemaId) -> NamedSchema:
        return self.schemas_by_id()[schema_id]

    def schemas_by_id(self) -> dict[SchemaId, NamedSchema]:
        return {schema.id: schema for schema in self.schemas}
