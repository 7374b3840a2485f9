"""The generator's configuration: CLI options over `[tool.sdkgen]` in `pyproject.toml`."""

from __future__ import annotations

import keyword
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.build import ALL_RULES, enabled_repairs
from generator.errors import ConfigError
from generator.history.policy import VersionPolicy, policy_from
from generator.loading import is_url

PARTS = frozenset({"models", "client", "validators", "docs"})


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
    values = {key.replace("-", "_"): value for key, value in table.items()}
    for key in ("spec", "out"):
        if key in values and not is_url(str(values[key])):
            values[key] = str(pyproject.parent / str(values[key]))
    return values


def resolve_config(options: dict[str, Any], *, cwd: Path) -> GeneratorConfig:
    """CLI options (None = not given) over the project's defaults."""
    pyproject = find_pyproject(cwd)
    values = defaults_from(pyproject)
    values.update({key: value for key, value in options.items() if value is not None})
    where = str(pyproject) if pyproject else "command line"
    for required in ("spec", "out", "package_name"):
        if not values.get(required):
            option = "--" + required.replace("_", "-")
            raise ConfigError(f"{option} is required (or set it in [tool.sdkgen])", where=where)
    package = str(values["package_name"])
    if not (package.isidentifier() and package.isascii() and not keyword.iskeyword(package)):
        raise ConfigError(f"package name {package!r} is not a Python identifier", where=where)
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
        client_name=values.get("client_name"),
        parts=selected_parts(values, where),
        repairs=repairs,
        version_policy=policy_from(values, where),
    )


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
