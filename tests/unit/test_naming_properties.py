"""Property tests of the naming rules: whatever text a spec holds, every identifier generated
from it is valid Python, is no keyword, and shadows nothing the module it lands in uses."""

from __future__ import annotations

import keyword

from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator import naming
from generator.lowering.walk import HTTP_METHODS
from generator.targets.client import CLIENT_MEMBERS
from generator.targets.client.resources import RESOURCE_MEMBERS

# Spec strings: any text, weighted towards what names are made of and what breaks them.
_ALPHABET = st.sampled_from([*"aZ09_-. /<>=![]{}$@#éß中", "", "Controller", "v1"])
TEXT = st.one_of(st.text(max_size=40), st.lists(_ALPHABET, max_size=20).map("".join))
METHODS = st.sampled_from(HTTP_METHODS)
PATHS = st.lists(
    st.one_of(TEXT.map(lambda text: text.replace("/", "")), TEXT.map(lambda t: "{" + t + "}")),
    max_size=5,
).map(lambda segments: "/" + "/".join(segments))
# No deadline: on a machine shared by many workers a slow example is not a failure.
RELAXED = settings(deadline=None)
# Soft keywords are valid names, but `_` as a name would read as a wildcard.
_SOFT = frozenset({"_"})


def _valid(name: str) -> bool:
    return (
        name.isascii() and name.isidentifier() and not keyword.iskeyword(name) and name not in _SOFT
    )


@RELAXED
@given(TEXT)
@example("customer")
@example("issuing.card")
@example("3dSecure")
@example("Date")
@example("BaseModel")
@example("API_TITLE")
def test_class_names(text: str) -> None:
    name = naming.class_name(text)
    assert _valid(name)
    # a capital first: no field or parameter (always lower case) can shadow a class
    assert name[0].isupper()
    assert name not in naming.TYPING_NAMES | naming.BUILTIN_NAMES
    assert name not in naming.MODEL_RUNTIME_EXPORTS and name not in naming.PACKAGE_CONSTANTS


@RELAXED
@given(TEXT, st.lists(TEXT, max_size=12))
def test_inline_class_names(parent: str, parts: list[str]) -> None:
    names = naming.inline_class_names(naming.class_name(parent), *parts)
    for name in names:
        assert _valid(name) and name[0].isupper()
        assert name not in naming.TYPING_NAMES | naming.BUILTIN_NAMES
    if len(names[0]) > naming.INLINE_NAME_LIMIT:  # only a long parent may keep it long
        assert len(naming.class_name(parent)) > naming.INLINE_NAME_LIMIT // 2
    assert len(names) == 1 or names[-1] != names[0]


@RELAXED
@given(TEXT)
@example("model_config")
@example("DateCreated<")
@example("0")
@example("__class__")
@example("extra")
def test_field_and_parameter_names(text: str) -> None:
    field = naming.field_name(text)
    assert _valid(field) and field[0].islower()
    assert field not in naming.PYDANTIC_ATTRIBUTES | naming.TYPING_NAMES
    assert not field.startswith("model_") or field.endswith("_")
    parameter = naming.parameter_name(text)
    assert _valid(parameter) and parameter not in naming.CLIENT_METHOD_OPTIONS
    for location in ("path", "query", "header", "cookie"):
        for candidate in naming.parameter_name_candidates(text, location):
            assert _valid(candidate) and candidate not in naming.CLIENT_METHOD_OPTIONS


@RELAXED
@given(st.one_of(st.none(), TEXT), METHODS, PATHS, TEXT)
@example("put_users_id_folders_0", "put", "/users/{id}/folders", "users")
@example("3dSecure", "post", "/3d", "")
@example("0", "get", "/{id}", "")
@example("self", "get", "/", "")
def test_method_names(operation_id: str | None, method: str, path: str, resource: str) -> None:
    candidates = naming.method_name_candidates(operation_id, method, path, resource)
    assert candidates and len(set(candidates)) == len(candidates)
    for name in candidates:
        assert _valid(name) and name not in naming.CLIENT_METHOD_OPTIONS
        attribute = naming.client_attribute_name(name, RESOURCE_MEMBERS)
        assert _valid(attribute) and attribute not in RESOURCE_MEMBERS
        for private in (
            naming.operation_constant_name(name),
            naming.type_factory_name(name, "200"),
            naming.type_alias_name(name, "result"),
        ):
            assert private.isidentifier() and private.startswith("_")


@RELAXED
@given(TEXT)
@example("Phone Numbers")
@example("close")
def test_resource_names(tag: str) -> None:
    attribute = naming.client_attribute_name(naming.resource_name(tag), CLIENT_MEMBERS)
    assert _valid(attribute) and attribute not in CLIENT_MEMBERS
    for candidate in naming.resource_class_candidates(tag):
        assert _valid(candidate) and candidate[0].isupper()
    assert naming.path_resource("/" + tag) is None or naming.snake(tag)


@RELAXED
@given(TEXT)
@example("A" * 300)
@example("import")
def test_module_names(text: str) -> None:
    name = naming.module_name(text)
    assert _valid(name) and len(name) <= naming.MODULE_NAME_LIMIT
    assert not name.startswith("_")  # never `_base`, `_core`, `__init__`


@settings(max_examples=50, deadline=None)
@given(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), TEXT))
def test_enum_member_names(value: object) -> None:
    assert _valid(naming.enum_member_name(value))
