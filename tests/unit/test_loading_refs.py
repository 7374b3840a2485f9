"""Reading specs (JSON, YAML, URL) and resolving `$ref`s within and across files."""

from __future__ import annotations

import functools
import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from generator.errors import SpecLoadError, UnresolvedRefError
from generator.ir import Model, Ref
from generator.loading import load_document
from generator.pipeline import load_api, load_index
from generator.ref_files import build_index
from generator.refs import escape_token, join_pointer, unescape_token
from tests.conftest import REPO, minimal_spec


def write(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_pointer_tokens_round_trip() -> None:
    assert escape_token("a/b~c") == "a~1b~0c"
    assert unescape_token("a~1b~0c") == "a/b~c"
    assert (
        join_pointer("#/paths", "/phone-number/{id}", "get") == "#/paths/~1phone-number~1{id}/get"
    )


def test_escaped_and_percent_encoded_refs_resolve(tmp_path: Path) -> None:
    spec = minimal_spec({"a/b": {"type": "string"}, "c~d": {"type": "integer"}})
    spec["components"]["schemas"]["Holder"] = {
        "type": "object",
        "properties": {
            "slash": {"$ref": "#/components/schemas/a~1b"},
            "tilde": {"$ref": "#/components/schemas/c~0d"},
            "percent": {"$ref": "#/components/schemas/a%7E1b"},
        },
    }
    index = build_index(load_document(str(write(tmp_path / "s.json", spec))))
    at = "#/components/schemas/Holder"
    assert index.resolve("#/components/schemas/a~1b", at=at).node == {"type": "string"}
    assert index.resolve("#/components/schemas/c~0d", at=at).node == {"type": "integer"}
    assert index.resolve("#/components/schemas/a%7E1b", at=at).node == {"type": "string"}


def test_missing_ref_names_file_and_pointer(tmp_path: Path) -> None:
    spec = minimal_spec(
        {"A": {"type": "object", "properties": {"b": {"$ref": "#/components/schemas/B"}}}}
    )
    path = write(tmp_path / "api.json", spec)
    with pytest.raises(UnresolvedRefError) as caught:
        load_api(str(path), repairs=frozenset())
    assert caught.value.where == "api.json#/components/schemas/A/properties/b"
    assert "'#/components/schemas/B'" in str(caught.value)


def test_refs_across_files_relative_to_the_referring_file(tmp_path: Path) -> None:
    (tmp_path / "common").mkdir()
    write(
        tmp_path / "common" / "types.json",
        {
            "Error": {"type": "object", "properties": {"code": {"$ref": "#/Code"}}},
            "Code": {"type": "integer", "minimum": 100},
        },
    )
    spec = minimal_spec(
        {
            "Problem": {
                "type": "object",
                "properties": {"error": {"$ref": "common/types.json#/Error"}},
            }
        }
    )
    loaded = load_api(str(write(tmp_path / "api.json", spec)), repairs=frozenset())
    by_name = {s.class_name: s for s in loaded.api.schemas}
    assert set(by_name) == {"Problem", "Error", "Code"}
    assert by_name["Error"].id == "common/types.json#/Error"
    problem = by_name["Problem"]
    assert isinstance(problem, Model) and problem.fields[0].type == Ref("common/types.json#/Error")


def test_missing_file_ref_is_a_load_error(tmp_path: Path) -> None:
    spec = minimal_spec({"A": {"$ref": "missing.json#/A"}})
    with pytest.raises(SpecLoadError, match="no such file"):
        load_index(str(write(tmp_path / "api.json", spec)))


def test_the_seed_is_mounted_where_its_id_says(tmp_path: Path) -> None:
    """The seed file's `$id` is `#/components/schemas/UpdateByoPhoneNumberDTO`: its own refs
    point into the document that mounts it."""
    loaded = load_api(str(REPO / "specs" / "phone-numbers.yaml"), repairs=frozenset())
    seed = loaded.api.schema("#/components/schemas/UpdateByoPhoneNumberDTO")
    assert isinstance(seed, Model) and seed.class_name == "UpdateByoPhoneNumberDTO"
    assert [f.wire_name for f in seed.fields][:3] == [
        "fallbackDestination",
        "hooks",
        "numberE164CheckEnabled",
    ]
    assert loaded.index.display(seed.fields[0].source) == (
        "UpdateByoPhoneNumberDTO.schema.json#/properties/fallbackDestination"
    )


def test_invalid_json_reports_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"openapi": "3.0.0",\n  "paths": {,}}', encoding="utf-8")
    with pytest.raises(SpecLoadError) as caught:
        load_document(str(path))
    assert caught.value.where == f"{path}:2:13"


def test_invalid_yaml_reports_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("openapi: 3.0.0\npaths:\n  /a: [unclosed\n", encoding="utf-8")
    with pytest.raises(SpecLoadError, match="invalid YAML") as caught:
        load_document(str(path))
    assert caught.value.where is not None and caught.value.where.startswith(f"{path}:4:")


def test_yaml_reads_like_json(tmp_path: Path) -> None:
    """YAML 1.2 scalars: `on`/`yes`/`no` stay strings, dates stay strings, status keys strings."""
    path = tmp_path / "s.yaml"
    path.write_text("on: yes\nno: off\nwhen: 2024-01-02\n200: ok\nflag: true\n", encoding="utf-8")
    assert load_document(str(path)).contents == {
        "on": "yes",
        "no": "off",
        "when": "2024-01-02",
        "200": "ok",
        "flag": True,
    }
    assert yaml.safe_load("on: yes") == {True: True}  # what plain PyYAML would have done


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[1, 2]", "not an OpenAPI document"),
        ('{"swagger": "2.0"}', "not an OpenAPI document"),
        ('{"openapi": "2.0"}', "OpenAPI 2.0 is not supported"),
    ],
)
def test_not_openapi_is_refused(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "x.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(SpecLoadError, match=message):
        load_index(str(path))


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_spec_from_url_with_relative_file_ref(tmp_path: Path, served: str) -> None:
    write(
        tmp_path / "parts.json",
        {"Pet": {"type": "object", "properties": {"n": {"type": "string"}}}},
    )
    write(
        tmp_path / "api.json",
        minimal_spec(
            {
                "Pet": {"$ref": "parts.json#/Pet"},
                "Owner": {"type": "object", "properties": {"pet": {"$ref": "parts.json#/Pet"}}},
            }
        ),
    )
    loaded = load_api(f"{served}/api.json", repairs=frozenset())
    assert {s.class_name for s in loaded.api.schemas} == {"Owner", "Pet", "Pet2"}
    assert loaded.api.spec_name == "api.json"


def test_url_errors_are_clear(served: str) -> None:
    with pytest.raises(SpecLoadError, match="HTTP 404") as caught:
        load_document(f"{served}/nothing.json")
    assert caught.value.where == f"{served}/nothing.json"
    with pytest.raises(SpecLoadError, match="cannot fetch"):
        load_document("http://127.0.0.1:9/unreachable.json")
