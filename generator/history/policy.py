"""The package version policy of `[tool.sdkgen]`: read by `generator.config`, applied by
`generator.history.release`. Kept apart so that reading the configuration imports no diff."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from generator.errors import ConfigError

PolicyName = Literal["spec", "fixed", "semver"]


@dataclass(frozen=True, slots=True)
class VersionPolicy:
    """`spec`: the spec's `info.version` (when it is a release number; else 0), as before;
    `fixed`: `version`; `semver`: `initial` first, then bumped by each diff's suggestion."""

    name: PolicyName = "spec"
    version: str = ""  #: fixed, or the initial version of `semver`


def policy_from(values: dict[str, Any], where: str) -> VersionPolicy:
    """`version` or `version-policy` (+ `initial-version`) from `[tool.sdkgen]`."""
    fixed, name = values.get("version"), values.get("version_policy")
    if fixed is not None and name not in (None, "fixed"):
        raise ConfigError("set either version or version-policy, not both", where=where)
    if fixed is not None or name == "fixed":
        return VersionPolicy("fixed", _release_number(fixed, "version", where))
    if name in (None, "spec"):
        return VersionPolicy()
    if name != "semver":
        raise ConfigError(f"version-policy {name!r} is not one of spec, fixed, semver", where=where)
    initial = values.get("initial_version", "0.1.0")
    _release_number(initial, "initial-version", where)
    if len(str(initial).split(".")) != 3:
        raise ConfigError(f"initial-version {initial!r} is not MAJOR.MINOR.PATCH", where=where)
    return VersionPolicy("semver", str(initial))


def _release_number(value: object, key: str, where: str) -> str:
    parts = str(value).split(".") if isinstance(value, str) else []
    if not parts or not all(part.isdigit() and part.isascii() for part in parts):
        raise ConfigError(f"{key} {value!r} is not a release number like 1.2.3", where=where)
    return str(value)
