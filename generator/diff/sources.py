"""Reading the two sides of a diff: a path, an http(s) URL, or `git:REV:path`."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path, PurePosixPath

from generator.errors import GeneratorError, SpecLoadError
from generator.ir import Api
from generator.pipeline import load_api

GIT_PREFIX = "git:"
#: two specs sharing fewer names than this (of the smaller one), with different titles, are
#: taken for two different APIs rather than two versions of one
_RELATED_SHARE = 0.1


class UnrelatedSpecsError(GeneratorError):
    """OLD and NEW do not look like two versions of one API."""


def read_api(argument: str, repairs: frozenset[str]) -> Api:
    """The IR of one side. A `git:` spec is one file read from the revision (into a temporary
    folder): its `$ref`s to other files cannot be followed, and say so."""
    if not argument.startswith(GIT_PREFIX):
        return load_api(argument, repairs=repairs).api
    data = git_show(argument)
    name = PurePosixPath(argument[len(GIT_PREFIX) :].partition(":")[2]).name
    with tempfile.TemporaryDirectory(prefix="sdkgen-diff-") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        try:
            return load_api(str(path), repairs=repairs).api
        except GeneratorError as exc:  # name the revision, not the temporary copy
            where = (exc.where or "").replace(str(path), argument)
            # the temporary folder shows in the pointer or in the message (a file not found)
            said = where if folder in where else exc.message
            if folder not in said:
                raise type(exc)(exc.message, where=where or argument) from None
            other = said.split(folder, 1)[1].lstrip("/\\").split("#")[0].split(":")[0]
            message = f"a $ref to another file ({other}): a spec read from git must be one file"
            raise SpecLoadError(message, where=argument) from None


def git_show(argument: str) -> bytes:
    """The bytes of `path` at `REV` (`git:REV:path`, as `git show REV:path` takes it)."""
    revision, colon, path = argument[len(GIT_PREFIX) :].partition(":")
    if not revision or not colon or not path:
        raise SpecLoadError(
            "expected git:REV:path (e.g. git:HEAD~1:specs/api.yaml)", where=argument
        )
    try:
        done = subprocess.run(
            ["git", "show", f"{revision}:{path}"], capture_output=True, check=False, timeout=60
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SpecLoadError(f"cannot run git: {exc}", where=argument) from None
    if done.returncode != 0:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
        reason = lines[0].removeprefix("fatal: ") if lines else f"git exited {done.returncode}"
        raise SpecLoadError(reason, where=argument)
    return done.stdout


def check_related(old: Api, new: Api, *, old_name: str, new_name: str) -> None:
    """Refuse two specs of different APIs: their diff would be everything, and say nothing."""
    old_names, new_names = _names(old), _names(new)
    if not old_names or not new_names:
        return  # an empty side (a first version, say) shares nothing by definition
    shared = len(old_names & new_names)
    smaller = min(len(old_names), len(new_names))
    retitled = old.title.strip() != new.title.strip()
    if shared == 0 or (retitled and shared < _RELATED_SHARE * smaller):
        raise UnrelatedSpecsError(
            f"{old_name} ({old.title!r}) and {new_name} ({new.title!r}) look unrelated: "
            f"{shared} of {smaller} schema and method names in common"
        )


def _names(api: Api) -> set[str]:
    schemas = {f"models.{schema.class_name}" for schema in api.schemas}
    return schemas | {f"{op.resource}.{op.py_name}" for op in api.operations}
