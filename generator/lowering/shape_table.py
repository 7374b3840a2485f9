"""What each OpenAPI object's and schema's keywords hold: the table `shape.py` checks by.

Lower-case names with a dash are OpenAPI objects, walked with their own row; `map:K` and
`list:K` hold K's; the other forms are checked in place (`shape._SCALARS`). A keyword missing
from a row is not read by the generator beyond copying it (only its text is checked).
"""

from __future__ import annotations

from generator.lowering.walk import HTTP_METHODS

NATURAL = ("#/components/", "#/paths/", "#/webhooks/")  #: walked from the root anyway
OPEN_MAPS = frozenset({"path-item", "response"})  #: maps whose `x-` keys are extensions

_SCHEMA_KEYS = (
    *("additionalProperties", "not", "contains", "propertyNames", "if", "then", "else"),
    *("unevaluatedItems", "unevaluatedProperties", "additionalItems"),
)
_SCHEMA_MAPS = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")
_COUNTS = ("minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties")

#: OpenAPI object or schema → keyword → what it holds. Lower-case names with a dash are walked
#: with their own row; `map:K` / `list:K` hold K's; the rest are checked in place (`_SCALARS`).
TABLE: dict[str, dict[str, str]] = {
    "document": {
        **dict.fromkeys(("openapi", "jsonSchemaDialect"), "string"),
        "info": "info",
        **dict.fromkeys(("paths", "webhooks"), "map:path-item"),
        "components": "components",
        "servers": "list:server",
        "tags": "list:tag",
        "security": "list:object",
    },
    "info": {
        **dict.fromkeys(("title", "description", "summary"), "prose"),
        "version": "version",
        **dict.fromkeys(("termsOfService",), "prose"),
        **dict.fromkeys(("contact", "license"), "object"),
    },
    "path-item": {
        **dict.fromkeys(("summary", "description"), "prose"),
        "parameters": "list:parameter",
        "servers": "list:server",
        **dict.fromkeys(HTTP_METHODS, "operation"),
    },
    "operation": {
        "tags": "strings",
        **dict.fromkeys(("summary", "description"), "prose"),
        "operationId": "string",
        "parameters": "list:parameter",
        "requestBody": "request-body",
        "responses": "map:response",
        "security": "list:object",
        "deprecated": "flag",
        "servers": "list:server",
        "callbacks": "object",
    },
    "parameter": {
        **dict.fromkeys(("name", "in", "style"), "string"),
        "description": "prose",
        **dict.fromkeys(("required", "deprecated", "explode", "allowEmptyValue"), "flag"),
        "schema": "schema",
        "content": "map:media",
        "allOf": "list:schema",  # the `parameter-schema-keywords` repair moves it
        "examples": "object",
    },
    "header": {
        "description": "prose",
        **dict.fromkeys(("required", "deprecated", "explode"), "flag"),
        "style": "string",
        "schema": "schema",
        "content": "map:media",
    },
    "request-body": {"description": "prose", "content": "map:media", "required": "flag"},
    "response": {
        "description": "prose",
        "content": "map:media",
        "headers": "map:header",
        "links": "object",
    },
    "media": {"schema": "schema", "examples": "object", "encoding": "object"},
    "components": {
        "schemas": "map:schema",
        "parameters": "map:parameter",
        "requestBodies": "map:request-body",
        "responses": "map:response",
        "headers": "map:header",
        "securitySchemes": "map:security-scheme",
        "pathItems": "map:path-item",
        **dict.fromkeys(("examples", "links", "callbacks"), "object"),
    },
    "security-scheme": {
        **dict.fromkeys(("type", "scheme", "name", "in", "bearerFormat"), "string"),
        "openIdConnectUrl": "string",
        "description": "prose",
        "flows": "object",
    },
    "server": {"url": "string", "description": "prose", "variables": "object"},
    "tag": {"name": "string", "description": "prose", "externalDocs": "object"},
    "discriminator": {"propertyName": "string", "mapping": "map:string"},
    "reference": {"$ref": "string", "summary": "prose", "description": "prose"},
    "schema": {
        **dict.fromkeys(("$ref", "format", "pattern", "$id", "$schema", "$anchor"), "string"),
        "type": "types",
        "enum": "enum",
        "const": "value",
        "required": "strings",
        **dict.fromkeys(_SCHEMA_MAPS, "map:schema"),
        **dict.fromkeys(_SCHEMA_KEYS, "schema"),
        "items": "items",
        **dict.fromkeys(("prefixItems", "allOf", "oneOf", "anyOf"), "list:schema"),
        **dict.fromkeys(("nullable", "readOnly", "writeOnly", "deprecated"), "flag"),
        "uniqueItems": "flag",
        "discriminator": "discriminator",
        **dict.fromkeys(("title", "description"), "prose"),
        **dict.fromkeys(_COUNTS, "count"),
        **dict.fromkeys(("minimum", "maximum"), "number"),
        **dict.fromkeys(("exclusiveMinimum", "exclusiveMaximum"), "bound"),
        "multipleOf": "positive",
    },
}
#: Kinds whose objects may be a Reference Object (`{$ref: ...}`) instead.
REFERABLE = frozenset(
    {"path-item", "parameter", "header", "request-body", "response", "security-scheme"}
)
