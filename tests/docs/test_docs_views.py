"""Names, anchors, types and constraints in the docs, on small specs built for each case."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from generator.pipeline import Loaded
from generator.render.files import Target
from generator.targets.docs import render_docs
from generator.targets.docs.sitemap import build_sitemap
from tests.conftest import minimal_spec

Build = Callable[..., Loaded]


def docs_of(loaded: Loaded) -> dict[str, str]:
    files = render_docs(Target(loaded.api, loaded.index, "pkg"))
    return {str(file.path): file.content for file in files}


def field_row(page: str, wire_name: str) -> str:
    return next(line for line in page.splitlines() if f"`{wire_name}` |" in line)


def test_page_names_never_collide_even_ignoring_case(build: Build) -> None:
    loaded = build(minimal_spec({name: {"type": "object"} for name in ("Foo", "foo", "Index")}))
    pages = build_sitemap(loaded.api).schema_pages
    stems = sorted(page.stem for page in pages.values())
    assert stems == ["foo", "foo2", "index2"]  # `schemas/index` is the list of all schemas
    files = docs_of(loaded)
    assert {"docs/schemas/foo.md", "docs/schemas/foo2.md", "docs/schemas/index2.md"} <= set(files)
    assert "docs/html/schemas/index.html" in files


def test_field_anchors_are_unique_on_a_page(build: Build) -> None:
    properties = {"fooBar": {"type": "string"}, "foo_bar": {"type": "string"}}
    loaded = build(minimal_spec({"Thing": {"type": "object", "properties": properties}}))
    page = docs_of(loaded)["docs/schemas/thing.md"]
    assert '<a id="field-foo-bar"></a>`fooBar`' in page
    assert '<a id="field-foo-bar2"></a>`foo_bar`' in page


def test_literals_that_compare_equal_in_python_show_as_written(build: Build) -> None:
    properties: dict[str, Any] = {
        "one": {"type": "integer", "enum": [1]},
        "yes": {"type": "boolean", "enum": [True]},
        "float": {"type": "number", "enum": [1.0]},
    }
    loaded = build(minimal_spec({"Thing": {"type": "object", "properties": properties}}))
    page = docs_of(loaded)["docs/schemas/thing.md"]
    assert "| `1` |" in field_row(page, "one")
    assert "| `true` |" in field_row(page, "yes")
    assert "| `1.0` |" in field_row(page, "float")


def test_constraints_read_as_words(build: Build) -> None:
    properties: dict[str, Any] = {
        "name": {"type": "string", "minLength": 1, "maxLength": 1},
        "code": {"type": "string", "minLength": 2, "pattern": "^[A-Z]+$"},
        "score": {"type": "number", "exclusiveMinimum": 0, "maximum": 1.5, "multipleOf": 0.5},
        "tags": {
            "type": "array",
            "maxItems": 3,
            "uniqueItems": True,
            "items": {"type": "string", "maxLength": 8},
        },
        "note": {"type": ["string", "null"], "maxLength": 10},
    }
    spec = minimal_spec({"Thing": {"type": "object", "properties": properties}})
    spec["openapi"] = "3.1.0"  # a numeric `exclusiveMinimum`
    page = docs_of(build(spec))["docs/schemas/thing.md"]
    assert "| exactly 1 character |" in field_row(page, "name")
    assert "| at least 2 characters; matches `^[A-Z]+$` |" in field_row(page, "code")
    assert "| more than `0`; at most `1.5`; a multiple of `0.5` |" in field_row(page, "score")
    row = field_row(page, "tags")
    assert "at most 3 items; no duplicate items; each item: at most 8 characters" in row
    assert "`string` \\| `null` |" in field_row(page, "note")
    assert "at most 10 characters" in field_row(page, "note")


def test_enum_and_alias_pages(build: Build) -> None:
    schemas: dict[str, Any] = {
        "Mood": {"type": "string", "enum": ["happy", "sad"], "description": "How it feels."},
        "Moods": {"type": "array", "items": {"$ref": "#/components/schemas/Mood"}},
    }
    files = docs_of(build(minimal_spec(schemas)))
    mood = files["docs/schemas/mood.md"]
    assert '| `"happy"` | `HAPPY` |' in mood and '| `"sad"` | `SAD` |' in mood
    assert "- [`Moods`](../schemas/moods.md)" in mood  # used by the alias
    moods = files["docs/schemas/moods.md"]
    assert "list\\[[`Mood`](../schemas/mood.md)\\]" in moods
    assert "How it feels." in files["docs/html/schemas/mood.html"]
