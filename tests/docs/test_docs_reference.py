"""The reference for the project spec: every page there, with what a reader looks for on it."""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator.ir import Model
from generator.lowering import ALL_RULES
from generator.pipeline import Loaded, load_api, render
from tests.docs.docsite import PROJECT_SPEC, parse_page, write_docs


@pytest.fixture(scope="module")
def loaded() -> Loaded:
    return load_api(str(PROJECT_SPEC), repairs=frozenset(ALL_RULES))


@pytest.fixture(scope="module")
def docs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_docs(PROJECT_SPEC, tmp_path_factory.mktemp("project"))


def md_links(text: str) -> list[str]:
    return re.findall(r"\]\(([^)\s]+)\)", text)


def md_anchors(text: str) -> set[str]:
    return set(re.findall(r'<a id="([^"]+)"></a>', text))


def test_every_schema_and_resource_has_a_page_in_both_formats(loaded: Loaded, docs: Path) -> None:
    md = {p.relative_to(docs).as_posix() for p in docs.rglob("*.md")}
    html = {p.relative_to(docs / "html").as_posix() for p in (docs / "html").rglob("*.html")}
    assert len(md) == 1 + len(loaded.api.resources) + len(loaded.api.schemas)
    assert {name.removesuffix(".md") for name in md} | {"schemas/index"} == {
        name.removesuffix(".html") for name in html
    }
    assert "schemas/update-byo-phone-number-dto.md" in md
    assert "resources/phone-numbers.md" in md
    assert {"index.html", "assets/style.css", "assets/site.js", "assets/search-index.js"} <= {
        p.relative_to(docs / "html").as_posix() for p in (docs / "html").rglob("*") if p.is_file()
    }


def test_markdown_links_and_anchors_resolve(docs: Path) -> None:
    checked = 0
    for page in docs.rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        for link in md_links(text):
            path, _, anchor = link.partition("#")
            if "://" in link or not (path.endswith(".md") or link.startswith("#")):
                continue  # a link the spec's own text makes
            target = (page.parent / path).resolve() if path else page
            assert target.is_file(), f"{page.relative_to(docs)}: {link}"
            if anchor:
                assert anchor in md_anchors(target.read_text(encoding="utf-8")), link
            checked += 1
    assert checked > 500


def test_schema_page_lists_fields_variants_and_back_links(docs: Path) -> None:
    text = (docs / "schemas" / "update-byo-phone-number-dto.md").read_text(encoding="utf-8")
    assert text.startswith("# `UpdateByoPhoneNumberDTO`\n")
    assert "from vapi_sdk.models import UpdateByoPhoneNumberDTO" in text
    row = next(line for line in text.splitlines() if "`fallbackDestination`" in line)
    cells = [cell.strip() for cell in re.split(r"(?<!\\)\|", row)[1:-1]]
    assert len(cells) == 7  # field, Python name, type, required, default, constraints, text
    assert cells[1] == "`fallback_destination`"
    assert "[`TransferDestinationNumber`](../schemas/transfer-destination-number.md)" in cells[2]
    assert cells[3] == "no"
    assert "`assistantId` is not set" in cells[6]  # the spec's Markdown is kept
    number_row = next(line for line in text.splitlines() if "`number` |" in line[:40])
    assert "3 to 40 characters" in number_row
    assert (
        "| `numberE164CheckEnabled` | `number_e164_check_enabled` | `boolean` | no | `True` |"
        in (text.replace('<a id="field-number-e164-check-enabled"></a>', ""))
    )
    variants = text.split('<a id="variants-fallback-destination"></a>')[1].split("\n\n")[1]
    assert "The value of `type` selects it" in text
    assert variants.count("\n") == 3  # header, rule, two variants
    assert '| `"number"` |' in variants and '| `"sip"` |' in variants
    assert 'carries `provider` is `"byo-phone-number"`' in text
    assert "- [`phone_numbers.update`](../resources/phone-numbers.md#update)" in text

    target = (docs / "schemas" / "transfer-destination-sip.md").read_text(encoding="utf-8")
    link = "../schemas/update-byo-phone-number-dto.md#field-fallback-destination"
    assert f"- [`UpdateByoPhoneNumberDTO.fallbackDestination`]({link})" in target


def test_resource_page_documents_every_operation(loaded: Loaded, docs: Path) -> None:
    text = (docs / "resources" / "phone-numbers.md").read_text(encoding="utf-8")
    for operation in loaded.api.operations:
        assert f"## `client.phone_numbers.{operation.py_name}`" in text
        assert f"`{operation.method.upper()} {operation.path}`" in text
    get = text.split('<a id="get"></a>')[1].split('<a id="list"></a>')[0]
    assert "| `id` | `id` | path | `string(uuid)` | yes |" in get
    assert "| `200` | [`ByoPhoneNumber`](../schemas/byo-phone-number.md) \\|" in get
    assert 'result = client.phone_numbers.get("<id>")' in get
    assert 'result = await client.phone_numbers.get("<id>")' in get
    listing = text.split('<a id="list"></a>')[1].split('<a id="list-paginated"></a>')[0]
    assert "at least `0`; at most `1000`" in listing
    paginated = text.split('<a id="list-paginated"></a>')[1]
    assert "for item in client.phone_numbers.list_paginated():" in paginated
    assert "async for item in client.phone_numbers.list_paginated():" in paginated
    assert "Returns a pager: iterating it yields the items of `results`" in paginated


def test_usage_snippets_are_python_with_the_generated_names(loaded: Loaded, docs: Path) -> None:
    text = (docs / "resources" / "phone-numbers.md").read_text(encoding="utf-8")
    snippets = re.findall(r"```python\n(.*?)\n```", text, flags=re.DOTALL)
    assert len(snippets) == 2 * len(loaded.api.operations)
    classes = {schema.class_name for schema in loaded.api.schemas}
    fields = {
        field.py_name for s in loaded.api.schemas if isinstance(s, Model) for field in s.fields
    }
    for snippet in snippets:
        tree = ast.parse(snippet)
        imported = {
            alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module == "vapi_sdk.models"
            for alias in node.names
        }
        assert imported <= classes
        calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call)]
        for call in calls:
            if isinstance(call.func, ast.Name) and call.func.id in classes:
                assert {k.arg for k in call.keywords} <= fields
    update = next(s for s in snippets if "phone_numbers.update(" in s and "asyncio" not in s)
    assert "from vapi_sdk import Vapi\n" in update
    assert 'client.phone_numbers.update("<id>", body=UpdateByoPhoneNumberDTO())' in update
    create = next(s for s in snippets if "phone_numbers.create(" in s and "asyncio" in s)
    assert "from vapi_sdk import AsyncVapi" in create
    assert 'body=CreateByoPhoneNumberDTO(provider="byo-phone-number"' in create


def test_html_schema_page_has_fields_and_variants(docs: Path) -> None:
    page = parse_page(docs / "html" / "schemas" / "update-byo-phone-number-dto.html")
    assert {"fields", "field-fallback-destination", "variants-fallback-destination"} <= page.ids
    assert "../schemas/transfer-destination-number.html" in page.references
    assert "../resources/phone-numbers.html#update" in page.references
    assert "fallback_destination" in "".join(page.text)


def test_search_index_covers_names_and_descriptions(docs: Path, loaded: Loaded) -> None:
    script = (docs / "html" / "assets" / "search-index.js").read_text(encoding="utf-8")
    assert script.startswith("window.SDKGEN_SEARCH = {")
    assert '"UpdateByoPhoneNumberDTO",' in script
    assert '"UpdateByoPhoneNumberDTO.fallbackDestination",' in script
    assert '"phone_numbers.list_paginated",' in script
    assert "This is the name of the phone number." in script
    fields = sum(len(s.fields) for s in loaded.api.schemas if isinstance(s, Model))
    expected = len(loaded.api.schemas) + fields + len(loaded.api.operations) + 1
    data = json.loads(script.removeprefix("window.SDKGEN_SEARCH = ").rstrip().removesuffix(";"))
    assert len(data["entries"]) == expected
    # one page and one entry per line: a changed description is a one-line diff
    lines = script.splitlines()
    assert len(lines) == len(data["pages"]) + len(data["entries"]) + 5  # + 5 lines of brackets
    rows = [line for line in lines if line.startswith("[") and line.rstrip(",").endswith("]")]
    assert len(rows) == expected


def test_docs_follow_the_generate_switch(loaded: Loaded) -> None:
    with_docs = {str(f.path) for f in render(loaded, "vapi_sdk")}
    no_docs = frozenset({"models", "client", "validators"})
    without = {str(f.path) for f in render(loaded, "vapi_sdk", parts=no_docs)}
    assert {p for p in with_docs - without if not p.startswith("docs/")} == set()
    assert "docs/html/index.html" in with_docs and not any(p.startswith("docs/") for p in without)


_DIGEST = """
import hashlib, sys
from generator.lowering import ALL_RULES
from generator.pipeline import load_api
from generator.targets.docs import render_docs
from generator.render.files import Target
loaded = load_api(sys.argv[1], repairs=frozenset(ALL_RULES))
digest = hashlib.sha256()
for file in sorted(render_docs(Target(loaded.api, loaded.index, "p")), key=lambda f: f.path):
    digest.update(str(file.path).encode() + b"\\0" + file.content.encode())
print(digest.hexdigest())
"""


def test_output_is_the_same_whatever_the_hash_seed(tmp_path: Path) -> None:
    digests = set()
    for seed in ("0", "4242"):
        result = subprocess.run(
            [sys.executable, "-c", _DIGEST, str(PROJECT_SPEC)],
            env={**os.environ, "PYTHONHASHSEED": seed},
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=True,
        )
        digests.add(result.stdout)
    assert len(digests) == 1
