"""The webhooks module from small specs: generated for any spec with a `ServerMessage`
schema, with or without replies, messages paired with replies by class name when the
unions have no titles, names that clash with the module's own left to `models`; the code
is ruff- and mypy-clean and the README's example works. OpenAPI 3.1 `webhooks` get a typed
parse function each (what cannot be parsed is a warning at its pointer), and every parse
function raises only `pydantic.ValidationError`, whatever its input."""

from __future__ import annotations

import contextlib
import importlib
import io
import json
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.render.files import Target
from generator.targets.webhooks import render_webhooks
from tests.client.packages import generate_client, import_package, load
from tests.conftest import REPO, minimal_spec

REF = "#/components/schemas/"
USAGE = """
from {package}.webhooks import ServerMessageOrder, parse_server_message{replies}

event = parse_server_message(b"{{}}")
reveal_type(event.event)
if isinstance(event.event, ServerMessageOrder):
    reveal_type(event.event.order_id)
"""
REPLY_USAGE = """
    reveal_type(reply_model(event.event))
    reveal_type(reply_body(ServerMessageResponseOrder(accepted=True)))
"""


def message(tag: str, **properties: Any) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["type"],
        "properties": {"type": {"type": "string", "enum": [tag]}, **properties},
    }


def small_spec(*, replies: bool) -> dict[str, Any]:
    """Three messages told apart by `type` (one named like a name the module imports),
    and, with `replies`, a reply to one of them; no titles on the union members."""
    members = [{"$ref": f"{REF}{name}"} for name in ("ServerMessagePing", "Mapping")]
    members.append({"$ref": f"{REF}ServerMessageOrder"})
    schemas: dict[str, Any] = {
        "ServerMessage": {
            "type": "object",
            "required": ["event"],
            "properties": {"event": {"oneOf": members}},
        },
        "ServerMessagePing": message("ping"),
        "Mapping": message("mapping", keys={"type": "array", "items": {"type": "string"}}),
        "ServerMessageOrder": message("order", orderId={"type": "string"}),
    }
    if replies:  # paired by class name, and by title (a reply named like `Model`)
        members.append({"$ref": f"{REF}ServerMessageCheck", "title": "Check"})
        schemas["ServerMessageCheck"] = message("check")
        reply = {"oneOf": [{"$ref": f"{REF}ServerMessageResponseOrder"}]}
        reply["oneOf"].append({"$ref": f"{REF}Model", "title": "Check"})
        schemas["ServerMessageResponse"] = {"type": "object", "properties": {"reply": reply}}
        schemas["ServerMessageResponseOrder"] = {
            "type": "object",
            "required": ["accepted"],
            "properties": {"accepted": {"type": "boolean"}, "note": {"type": "string"}},
        }
        schemas["Model"] = {"type": "object", "properties": {"ok": {"type": "boolean"}}}
    return minimal_spec(schemas)


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, cwd=cwd, check=False)


@pytest.fixture(scope="module", params=[True, False], ids=["with-replies", "no-replies"])
def small(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    replies: bool = request.param
    folder = tmp_path_factory.mktemp("webhooks-small")
    spec = folder / "spec.json"
    spec.write_text(json.dumps(small_spec(replies=replies)), encoding="utf-8")
    package = f"hooks_{'replies' if replies else 'plain'}_sdk"
    return generate_client(spec, folder / "out", package)


def package_of(out: Path) -> str:
    return next(path.name for path in out.iterdir() if path.name.endswith("_sdk"))


def webhooks_of(out: Path) -> ModuleType:
    package = package_of(out)
    import_package(out, package)
    return importlib.import_module(f"{package}.webhooks")


def test_messages_parse_and_unknown_ones_are_kept(small: Path) -> None:
    webhooks = webhooks_of(small)
    order = webhooks.parse_server_message(b'{"event": {"type": "order", "orderId": "o-1"}}')
    assert type(order.event).__name__ == "ServerMessageOrder" and order.event.order_id == "o-1"
    mapped = webhooks.parse_server_message({"event": {"type": "mapping", "keys": ["a"]}})
    assert type(mapped.event).__name__ == "Mapping"
    later = webhooks.parse_server_message('{"event": {"type": "refund", "id": 1}}')
    assert isinstance(later.event, webhooks.UnknownVariant)
    assert "Mapping" not in webhooks.__all__  # the module's own `Mapping` is collections.abc's


def test_replies_pair_by_class_name(small: Path) -> None:
    webhooks = webhooks_of(small)
    if not hasattr(webhooks, "reply_model"):
        assert "reply_body" not in webhooks.__all__
        return
    order = webhooks.parse_server_message(b'{"event": {"type": "order"}}')
    ping = webhooks.parse_server_message(b'{"event": {"type": "ping"}}')
    reply = webhooks.reply_model(order.event)
    assert reply is webhooks.ServerMessageResponseOrder
    assert webhooks.reply_model(ping.event) is None
    assert webhooks.reply_body(reply(accepted=True)) == b'{"accepted":true}'
    check = webhooks.parse_server_message(b'{"event": {"type": "check"}}')
    model = webhooks.reply_model(check.event)
    assert model is not None and model.__module__.endswith("._models.model")
    assert "Model" not in webhooks.__all__
    with pytest.raises(AttributeError):
        _ = webhooks.Model  # a name the module uses for the models' base, for type checkers


def test_the_code_is_ruff_and_mypy_clean(small: Path, mypy_cache: Path) -> None:
    package = package_of(small)
    target = str(small / package / "webhooks.py")
    for command in (
        ("ruff", "check", "--isolated", "--target-version", "py310", target),
        ("ruff", "format", "--isolated", "--check", target),
    ):
        result = run(sys.executable, "-m", *command, cwd=REPO)
        assert result.returncode == 0, result.stdout
    replies = (small / package / "_models" / "server_message_response.py").exists()
    usage = USAGE.format(
        package=package,
        replies=", ServerMessageResponseOrder, reply_body, reply_model" if replies else "",
    ) + (REPLY_USAGE if replies else "")
    (small / "usage.py").write_text(usage, encoding="utf-8")
    flags = ("--strict", "--python-version", "3.10", "--cache-dir", str(mypy_cache))
    result = run(sys.executable, "-m", "mypy", *flags, "usage.py", cwd=small)
    revealed = re.findall(r'Revealed type is "([^"]+)"', result.stdout)
    assert "error" not in result.stdout.replace("errors", ""), result.stdout
    short = [re.sub(r"\b[\w.]+\.(\w+)", r"\1", line) for line in revealed]
    union = "ServerMessagePing | Mapping | ServerMessageOrder | UnknownVariant"
    if replies:
        union = union.replace(" | Unknown", " | ServerMessageCheck | Unknown")
    expected = [union, "str | None"]
    if replies:
        expected += ["type[Model] | None", "bytes"]
    assert short == expected


def test_the_readme_example_runs(small: Path) -> None:
    readme = (small / "README.md").read_text(encoding="utf-8")
    code = re.search(r"```python\n(.*?)```", readme.split("## Webhooks", 1)[1], re.DOTALL)
    assert code is not None
    webhooks_of(small)
    namespace: dict[str, Any] = {}
    exec(compile(code.group(1), "README.md", "exec"), namespace)  # our README
    statuses = []
    body = b'{"event": {"type": "order"}}'
    environ = {"CONTENT_LENGTH": str(len(body)), "wsgi.input": io.BytesIO(body)}
    answer = namespace["app"](environ, lambda status, headers: statuses.append(status))
    assert statuses == ["200 OK"] and b"".join(answer) == b"{}"


def test_no_server_message_schema_means_no_module() -> None:
    loaded = load(REPO / "specs" / "phone-numbers.yaml")
    assert list(render_webhooks(Target(loaded.api, loaded.index, "pkg"))) == []


# --- OpenAPI 3.1 `webhooks` (tests/specs/hooks-events.yaml) -------------------------------

HOOKS_SPEC = REPO / "tests" / "specs" / "hooks-events.yaml"
HOOKS_USAGE = """
from hooks_events_sdk.webhooks import parse_new_pet, parse_pet_event, parse_order_created
from hooks_events_sdk.webhooks import parse_mapping

reveal_type(parse_new_pet(b"{}"))
reveal_type(parse_order_created("{}").total)
reveal_type(parse_pet_event({}))
reveal_type(parse_mapping(memoryview(b"{}")))
"""


@pytest.fixture(scope="module")
def hooks(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    out = generate_client(HOOKS_SPEC, tmp_path_factory.mktemp("webhooks-3.1"), "hooks_events_sdk")
    import_package(out, "hooks_events_sdk")
    return importlib.import_module("hooks_events_sdk.webhooks")


def test_each_webhook_gets_a_parse_function_named_after_its_key(hooks: ModuleType) -> None:
    functions = sorted(name for name in hooks.__all__ if name.startswith("parse_"))
    # `new pet` and `newPet` give one name: the second key in sorted order is numbered
    assert functions == [
        "parse_mapping",
        "parse_new_pet",
        "parse_new_pet2",
        "parse_order_created",
        "parse_pet_event",
    ]
    pet = hooks.parse_new_pet(b'{"id": 1, "name": "Rex", "species": "dog"}')
    assert type(pet).__name__ == "Pet" and pet.name == "Rex"
    assert hooks.parse_new_pet2 is not hooks.parse_new_pet
    order = hooks.parse_order_created('{"order_id": "o-1", "total": 3, "items": []}')
    assert type(order).__name__ == "OrderCreatedPayload" and order.total == 3  # inline: named
    mapped = hooks.parse_mapping(memoryview(b'{"pairs": {"a": "b"}}'))
    assert mapped.pairs == {"a": "b"}
    assert "Mapping" not in hooks.__all__  # the module's own `Mapping` is collections.abc's


def test_the_readme_lists_each_webhook_and_its_function(hooks: ModuleType) -> None:
    readme = (Path(hooks.__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Webhooks", 1)[1]
    assert "| newPet | `parse_new_pet2(body)` | `Pet` |" in section
    assert "| order.created | `parse_order_created(body)` | `OrderCreatedPayload` |" in section
    assert "parse_server_message" not in section  # no server messages in this spec


def test_a_union_payload_parses_by_its_tag_and_keeps_unknown_ones(hooks: ModuleType) -> None:
    adopted = hooks.parse_pet_event({"kind": "adopted", "pet_id": 4, "adopter": "Sam"})
    assert type(adopted).__name__ == "Adopted" and adopted.adopter == "Sam"
    later = hooks.parse_pet_event(b'{"kind": "microchipped", "pet_id": 4}')
    assert isinstance(later, hooks.UnknownVariant)
    assert later.model_dump() == {"kind": "microchipped", "pet_id": 4}


def test_webhooks_that_cannot_be_parsed_are_warnings_at_their_pointer() -> None:
    warnings = [d for d in load(HOOKS_SPEC).diagnostics if d.rule == "webhook-skipped"]
    where = "hooks-events.yaml#/webhooks/"
    assert [(d.where, d.level) for d in warnings] == [
        (f"{where}batch/post/requestBody/content/application~1json/schema", "warning"),
        (f"{where}ping/post", "warning"),
        (f"{where}report/post", "warning"),
    ]
    assert all(d.message.startswith("webhook not rendered: ") for d in warnings)


def test_the_parse_functions_are_typed(hooks: ModuleType, mypy_cache: Path) -> None:
    out = Path(hooks.__file__).parents[1]
    (out / "hooks_usage.py").write_text(HOOKS_USAGE, encoding="utf-8")
    flags = ("--strict", "--python-version", "3.10", "--cache-dir", str(mypy_cache))
    result = run(sys.executable, "-m", "mypy", *flags, "hooks_usage.py", cwd=out)
    revealed = re.findall(r'Revealed type is "([^"]+)"', result.stdout)
    assert "error" not in result.stdout.replace("errors", ""), result.stdout
    short = [re.sub(r"\b[\w.]+\.(\w+)", r"\1", line) for line in revealed]
    assert short == ["Pet", "int | float", "Adopted | Returned | UnknownVariant", "Mapping"]


def test_a_spec_with_server_messages_and_webhooks_gets_both(tmp_path: Path) -> None:
    spec = small_spec(replies=False)
    spec["openapi"] = "3.1.0"
    body = {"content": {"application/json": {"schema": {"$ref": f"{REF}ServerMessageOrder"}}}}
    spec["webhooks"] = {
        "serverMessage": {"post": {"requestBody": body}},  # `parse_server_message` is taken
        "order": {"post": {"requestBody": body}},
    }
    folder = tmp_path / "both"
    folder.mkdir()
    (folder / "spec.json").write_text(json.dumps(spec), encoding="utf-8")
    out = generate_client(folder / "spec.json", folder / "out", "hooks_both_sdk")
    webhooks = webhooks_of(out)
    functions = sorted(name for name in webhooks.__all__ if name.startswith("parse_"))
    assert functions == ["parse_order", "parse_server_message", "parse_server_message2"]
    order = webhooks.parse_server_message2(b'{"type": "order", "orderId": "o"}')
    assert type(order).__name__ == "ServerMessageOrder"
    event = webhooks.parse_server_message(b'{"event": {"type": "ping"}}')
    assert type(event).__name__ == "ServerMessage"


# --- any input: only the documented error ------------------------------------------------

HOSTILE: list[Any] = [
    None,
    5,
    1.5,
    True,
    [1, 2],
    object(),
    memoryview(b"not json"),
    memoryview(b'{"a": 1}'),
    "\ud800",
    b"\xff\xfe",
    bytearray(b"[" * 5000),
    "[" * 100_000,
    "1" * 5000,
    '{"id": ' + "9" * 5000 + ', "name": "x"}',
    {1: 2},
    {"event": None},
    {"event": {"type": ["order"]}},
]


def _nested(depth: int) -> dict[str, Any]:
    value: dict[str, Any] = {}
    for _ in range(depth):
        value = {"pairs": value, "event": value}
    return value


def parse_functions(module: ModuleType) -> list[Any]:
    return [getattr(module, name) for name in module.__all__ if name.startswith("parse_")]


@pytest.mark.parametrize("value", [*HOSTILE, _nested(5000)], ids=lambda v: type(v).__name__)
def test_every_parse_function_raises_only_validation_error(
    hooks: ModuleType, small: Path, value: Any
) -> None:
    from pydantic import ValidationError  # noqa: PLC0415

    for function in [*parse_functions(hooks), *parse_functions(webhooks_of(small))]:
        try:
            function(value)
        except ValidationError:
            pass
        except Exception as exc:  # the failure this test is about
            pytest.fail(f"{function.__name__}({value!r:.40}) raised {type(exc).__name__}: {exc}")


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
        lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner),
    )
)
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_any_json_value_gives_a_payload_or_validation_error(hooks: ModuleType, value: Any) -> None:
    from pydantic import ValidationError  # noqa: PLC0415

    for function in parse_functions(hooks):
        for body in (value, json.dumps(value), json.dumps(value).encode()):
            with contextlib.suppress(ValidationError):
                function(body)
