"""The generator's configuration: CLI options over `[tool.sdkgen]` in `pyproject.toml`."""

from __future__ import annotations

import builtins
import keyword
import sys
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.errors import ConfigError
from generator.history.policy import VersionPolicy, policy_from
from generator.loading import is_url
from generator.lowering import ALL_RULES, enabled_repairs

PARTS = frozenset({"models", "client", "validators", "docs"})
#: `[tool.sdkgen]` keys (as `key_with_underscores`) and the type each must have
_TYPES: dict[str, type] = {
    "spec": str,
    "out": str,
    "package_name": str,
    "client_name": str,
    "docs": bool,
    "only": list,
    "no_repair": bool,
    "skip_repairs": list,
    "allow_ref": list,
    # the package version policy (`generator.history.policy`)
    "version": str,
    "version_policy": str,
    "initial_version": str,
}
#: Top-level modules the generated package imports, or that come with its dependencies: a
#: package of that name would shadow them (or be shadowed) and could not import.
_TAKEN_MODULES = frozenset(
    {"pydantic", "pydantic_core", "httpx", "httpcore", "anyio", "sniffio", "h11", "idna"}
    | {"certifi", "regex", "typing_extensions", "annotated_types", "typing_inspection"}
)
#: Names the generated package defines next to the client classes (`__init__`, `_clients`).
_TAKEN_CLASSES = frozenset(
    {"API_TITLE", "API_VERSION", "SPEC_SHA256", "TYPE_CHECKING", "cached_property"}
)


@dataclass(frozen=True, slots=True)
class GeneratorConfig:
    spec: str  #: path or http(s) URL of the root document
    out: Path  #: the output folder: receives pyproject.toml, README.md, the package, docs/
    package_name: str  #: the import name of the generated package
    client_name: str | None = None  #: None: derived from the spec's `info.title`
    #: what to render besides the project files: `models`, `client`, `validators`, `docs`
    parts: frozenset[str] = PARTS
    repairs: frozenset[str] = field(default_factory=lambda: frozenset(ALL_RULES))
    #: `version` / `version-policy` / `initial-version` (see `generator.history.policy`)
    version_policy: VersionPolicy = field(default_factory=VersionPolicy)
    #: folders and URL prefixes `$ref`s may read besides the spec's own folder or origin
    allow_refs: tuple[str, ...] = ()


def find_pyproject(start: Path) -> Path | None:
    """The nearest `pyproject.toml` with a `[tool.sdkgen]` table, from `start` upwards."""
    for folder in (start, *start.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file() and "sdkgen" in _tool_tables(candidate):
            return candidate
    return None


def _tool_tables(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read: {exc}", where=str(path)) from None
    tool = data.get("tool")
    return tool if isinstance(tool, dict) else {}


def defaults_from(pyproject: Path | None) -> dict[str, Any]:
    """`[tool.sdkgen]` with paths made relative to the pyproject's folder."""
    if pyproject is None:
        return {}
    table = _tool_tables(pyproject).get("sdkgen", {})
    if not isinstance(table, dict):
        raise ConfigError("[tool.sdkgen] must be a table", where=str(pyproject))
    values = {key.replace("-", "_"): value for key, value in table.items()}
    _check_types(values, pyproject)
    for key in ("spec", "out"):
        if key in values and not is_url(str(values[key])):
            values[key] = str(pyproject.parent / str(values[key]))
    if "allow_ref" in values:
        values["allow_ref"] = _allowed_refs(values["allow_ref"], pyproject)
    return values


def _allowed_refs(value: Any, pyproject: Path) -> tuple[str, ...]:
    """`allow-ref = [...]`: folders relative to the pyproject's folder, or URL prefixes."""
    if not (isinstance(value, list) and all(isinstance(item, str) for item in value)):
        raise ConfigError(
            "allow-ref in [tool.sdkgen] must be a list of strings", where=str(pyproject)
        )
    return tuple(item if is_url(item) else str(pyproject.parent / item) for item in value)


def resolve_config(options: dict[str, Any], *, cwd: Path) -> GeneratorConfig:
    """CLI options (None = not given) over the project's defaults."""
    pyproject = find_pyproject(cwd)
    values = defaults_from(pyproject)
    # `--allow-ref` adds to `allow-ref` in [tool.sdkgen]: both widen, neither narrows.
    allow_refs = (*values.pop("allow_ref", ()), *(options.get("allow_ref") or ()))
    values.update(
        {key: value for key, value in options.items() if value is not None and key != "allow_ref"}
    )
    where = str(pyproject) if pyproject else "command line"
    for required in ("spec", "out", "package_name"):
        if not values.get(required):
            option = "--" + required.replace("_", "-")
            raise ConfigError(f"{option} is required (or set it in [tool.sdkgen])", where=where)
    package = _checked_name(values, options, pyproject, "package_name", package_name_problem)
    client = _checked_name(values, options, pyproject, "client_name", client_name_problem)
    unknown = set(values.get("skip_repairs") or ()) - set(ALL_RULES)
    if unknown:
        raise ConfigError(f"unknown repair rule(s): {', '.join(sorted(unknown))}", where=where)
    repairs = enabled_repairs(
        no_repair=bool(values.get("no_repair")), skip=values.get("skip_repairs") or ()
    )
    return GeneratorConfig(
        spec=str(values["spec"]),
        out=Path(values["out"]),
        package_name=package,
        client_name=client,
        parts=selected_parts(values, where),
        repairs=repairs,
        version_policy=policy_from(values, where),
        allow_refs=allow_refs,
    )


def package_name_problem(name: str) -> str | None:
    """Why `name` cannot be the generated package's import name, if it cannot."""
    if not (name.isidentifier() and name.isascii()) or keyword.iskeyword(name):
        return "is not a Python identifier (ASCII letters, digits, _; not a keyword)"
    if name.startswith("__") or name in sys.stdlib_module_names or name in _TAKEN_MODULES:
        return "is the name of a module the package needs (it would shadow it)"
    return None


def client_name_problem(name: str) -> str | None:
    """Why `name` cannot be the client's class name, if it cannot: it must be a public
    identifier that shadows nothing the generated modules use."""
    if not (name.isidentifier() and name.isascii()) or keyword.iskeyword(name):
        return "is not a Python identifier (ASCII letters, digits, _; not a keyword)"
    if not name[0].isalpha():
        return "must start with a letter (the client is a public class)"
    if keyword.issoftkeyword(name) or hasattr(builtins, name) or name in _TAKEN_CLASSES:
        return "would shadow a name the generated code uses"
    return None


def _checked_name(
    values: dict[str, Any],
    options: dict[str, Any],
    pyproject: Path | None,
    key: str,
    problem: Callable[[str], str | None],
) -> Any:
    """The value of `key` if it can go into code (or is unset); an error naming the option."""
    value = values.get(key)
    why = None if value is None else problem(value)
    if why is None:
        return value
    if options.get(key) is not None or pyproject is None:
        option, where = "--" + key.replace("_", "-"), "command line"
    else:
        option, where = f"{key.replace('_', '-')} in [tool.sdkgen]", str(pyproject)
    raise ConfigError(f"{option} {_shown(str(value))} {why}", where=where)


def _check_types(values: dict[str, Any], pyproject: Path) -> None:
    """Every `[tool.sdkgen]` value of its key's type; an unknown key is a typo."""
    for key, value in values.items():
        expected, name = _TYPES.get(key), key.replace("_", "-")
        if expected is None:
            known = ", ".join(sorted(k.replace("_", "-") for k in _TYPES))
            message = f"unknown key {name!r} in [tool.sdkgen] (known: {known})"
            raise ConfigError(message, where=str(pyproject))
        items_ok = not isinstance(value, list) or all(isinstance(item, str) for item in value)
        if not isinstance(value, expected) or not items_ok:
            kind = {str: "a string", bool: "true or false", list: "a list of strings"}[expected]
            raise ConfigError(f"{name} in [tool.sdkgen] must be {kind}", where=str(pyproject))


def _shown(value: str) -> str:
    """A value in a message: quoted, escaped, and cut short."""
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def resolve_out(*, cwd: Path) -> Path:
    """The output folder of `[tool.sdkgen]`, for commands that read what `generate` wrote."""
    pyproject = find_pyproject(cwd)
    out = defaults_from(pyproject).get("out")
    if not out:
        where = str(pyproject) if pyproject else "command line"
        raise ConfigError("--out is required (or set it in [tool.sdkgen])", where=where)
    return Path(out)


def selected_parts(values: dict[str, Any], where: str) -> frozenset[str]:
    """`only` (or every part), less the docs with `docs = false`; the client needs the models."""
    only = values.get("only") or sorted(PARTS)
    unknown = set(only) - PARTS
    if unknown:
        names, known = ", ".join(sorted(unknown)), ", ".join(sorted(PARTS))
        raise ConfigError(f"unknown part(s): {names} (known: {known})", where=where)
    parts = set(only) | ({"models"} if "client" in only else set())
    if values.get("docs") is False:
        parts.discard("docs")
    return frozenset(parts)
