"""A hostile spec: its strings reach the docs only as text, never as markup, script or link."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from generator.targets.docs import prose
from tests.conftest import minimal_spec
from tests.docs.docsite import is_internal, parse_page, write_docs

SCRIPT = '<script>alert("x")</script>'
PROSE = "\n\n".join(
    [
        f"Intro {SCRIPT} and <img src=x onerror=alert(1)> and {{{{ 7*7 }}}}.",
        "[a](javascript:alert(1)) [b](JaVaScRiPt:alert(2)) [c](&#106;avascript:alert(3))",
        "<javascript:alert(4)> [d](data:text/html;base64,PHNjcmlwdD4=) [ref]",
        '<a href="javascript:alert(5)">e</a> ![pixel](http://tracker.example/p.png)',
        "[ref]: vbscript:alert(6)",
        "pipes | in | text, `code | pipe`, and ``` a fence",
    ]
)
EVIL = '<b onmouseover="alert(7)">x</b>|`y`'

#: Every tag the site writes, and all markdown-it may write for a description.
_TAGS = """
    html head meta title link script body header button nav main a span div input ol ul li
    h1 h2 h3 h4 h5 h6 p code pre table thead tbody tr th td section details summary br em
    strong blockquote hr small
"""
ALLOWED_TAGS = frozenset(_TAGS.split())


def hostile_spec() -> dict[str, Any]:
    evil_property = {"type": "string", "description": PROSE, "default": SCRIPT, "enum": [EVIL]}
    schemas = {
        "Thing": {
            "type": "object",
            "description": PROSE,
            "required": [EVIL],
            "properties": {
                EVIL: evil_property,
                "pattern": {"type": "string", "pattern": "^<script>|`$"},
                "carriage\rreturn": {"type": "string", "description": "one\rtwo\r\nthree | four"},
                "choice": {"oneOf": [{"$ref": "#/components/schemas/Mood"}, {"type": "integer"}]},
            },
        },
        "Mood": {"type": "string", "enum": [SCRIPT, EVIL, "ok"], "description": PROSE},
        "Things": {"type": "array", "items": {"$ref": "#/components/schemas/Thing"}},
    }
    parameter = {"name": EVIL, "in": "query", "required": True, "description": PROSE}
    operation = {
        "operationId": "Evil_findOne",
        "tags": [EVIL],
        "summary": SCRIPT,
        "description": PROSE,
        "parameters": [{**parameter, "schema": {"type": "string"}}],
        "requestBody": {
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}
        },
        "responses": {
            "200": {
                "description": PROSE,
                "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/Things"}}
                },
            },
            "404": {"description": SCRIPT},
        },
    }
    return minimal_spec(
        schemas,
        info={"title": SCRIPT, "version": EVIL, "description": PROSE},
        tags=[{"name": EVIL, "description": PROSE}],
        paths={"/things/{id}'\"<x>": {"post": operation}},
    )


@pytest.fixture(scope="module")
def docs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    spec = folder / "evil.json"
    spec.write_text(json.dumps(hostile_spec()), encoding="utf-8")
    return write_docs(spec, folder / "out")


def test_html_holds_no_markup_script_or_link_from_the_spec(docs: Path) -> None:
    pages = sorted((docs / "html").rglob("*.html"))
    assert len(pages) >= 6  # index, schema list, a resource, three schemas
    for path in pages:
        page = parse_page(path)
        for tag, attributes in page.tags:
            assert tag in ALLOWED_TAGS, (path.name, tag)
            assert not any(name.startswith("on") for name in attributes), (path.name, tag)
            if tag == "script":
                assert str(attributes["src"]).endswith("assets/site.js")
            if "src" in attributes:  # nothing is loaded from elsewhere (no image, no frame)
                assert is_internal(str(attributes["src"]))
        for reference in page.references:
            assert is_internal(reference) or reference.startswith(("http://", "https://"))
            assert "script" not in reference.lower(), reference
        text = "".join(page.text)
        assert SCRIPT in text  # shown, as text
    thing = "".join(parse_page(docs / "html" / "schemas" / "thing.html").text)
    assert "<img src=x onerror=alert(1)>" in thing
    assert "{{ 7*7 }}" in thing  # not a template expression
    assert "[a](javascript:alert(1))" in thing  # a dropped link shows as its source


def test_markdown_holds_no_markup_or_unsafe_link_from_the_spec(docs: Path) -> None:
    parser = MarkdownIt("commonmark", {"html": True}).enable("table")
    parser.validateLink = lambda url: True  # type: ignore[method-assign]
    pages = sorted(docs.rglob("*.md"))
    for path in pages:
        text = path.read_text(encoding="utf-8")
        for token in parser.parse(text):
            for child in [token, *(token.children or ())]:
                if child.type in ("html_inline", "html_block"):
                    assert re.fullmatch(r'<a id="[a-z0-9-]+">|</a>|<br>', child.content.strip())
                href = str(child.attrs.get("href") or child.attrs.get("src") or "")
                if child.type in ("link_open", "image"):
                    assert href.startswith(("http://", "https://", "#", "../")) or (
                        href.endswith(".md") or ".md#" in href
                    ), (path.name, href)


def test_markdown_tables_keep_their_columns(docs: Path) -> None:
    for path in docs.rglob("*.md"):
        columns = 0
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.startswith("|"):
                columns = 0
                continue
            cells = len(re.findall(r"(?<!\\)\|", line))
            columns = columns or cells
            assert cells == columns, (path.name, line)


def test_hostile_names_are_code_and_stay_in_their_cell(docs: Path) -> None:
    text = (docs / "schemas" / "thing.md").read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if "onmouseover" in line and "field-" in line)
    assert "\\<b onmouseover=" in row  # a name holding `|` is escaped text, not a code span
    assert '`<script>alert("x")</script>`' not in text.split("## Fields")[0]


# Mostly ordinary characters, so both the fast path and the parser's path are exercised.
_TEXT = st.text(alphabet=st.sampled_from("ab Z19.,;:-+=)('\"?/\t\n&<>`*_[]#!|~\\é\u2028"))


@given(_TEXT)
def test_plain_text_fast_path_matches_the_parser(text: str) -> None:
    assert prose.to_html(text) == prose._HTML.render(text)


@pytest.mark.parametrize(
    "text",
    ["Plain words.", "A `code` span, *emphasis*, and [a link](https://example.com).", "1. a\n2. b"],
)
def test_safe_markdown_is_kept_as_written(text: str) -> None:
    assert prose.to_markdown(text) == text


@pytest.mark.parametrize(
    "text", [SCRIPT, "[x](javascript:alert(1))", "[x](&#106;avascript:1)", "<b>bold</b>"]
)
def test_unsafe_markdown_becomes_escaped_text(text: str) -> None:
    out = prose.to_markdown(text)
    assert out != text
    assert "<" not in out.replace("\\<", "") and "](" not in out.replace("\\]\\(", "")
