"""Run one spec through the pipeline in this process and say how it ended.

Outcomes (`OUTCOMES`): `ok`; `clean-error` (a `GeneratorError`: one line naming the file and
a JSON pointer or line:column: what the CLI prints with exit 2); `error-without-pointer` (a
clean error that names only a file); and the defects: `traceback` (any other exception),
`hang` (over `HANG_SECONDS`), `broken-package` (generation succeeded but a generated `.py`
does not compile, or a file is not UTF-8 text) and `injection` (the mutator's marker became a
call in generated code, or a live `<script>` in generated HTML).
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import signal
import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.errors import GeneratorError
from generator.lowering import ALL_RULES
from generator.pipeline import load_api, render
from tests.fuzz.mutate import MARKER, mutant

OUTCOMES = (
    "ok",
    "clean-error",
    "error-without-pointer",
    "traceback",
    "hang",
    "broken-package",
    "injection",
)
DEFECTS = frozenset({"traceback", "hang", "broken-package", "injection"})
HANG_SECONDS = 30
_LOCATED = re.compile(r"#(/.*)?$|:\d+:\d+$")
FUZZ = Path(__file__).resolve().parent
REPO = FUZZ.parents[1]
#: name → (spec, the files beside it that it references)
BASES = {
    "project": (REPO / "specs" / "phone-numbers.yaml", ("UpdateByoPhoneNumberDTO.schema.json",)),
    "parcels": (FUZZ / "parcels.yaml", ()),
}


@dataclass(frozen=True, slots=True)
class Outcome:
    kind: str
    detail: str  #: the error line, or where the defect is (file:line of the raise)


class _Hang(BaseException):
    """Raised by the alarm: a BaseException, so that no `except Exception` swallows it."""


@contextmanager
def _deadline(seconds: int) -> Iterator[None]:
    def expire(signum: int, frame: Any) -> None:
        raise _Hang

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def write_spec(document: Any, folder: Path, *, as_yaml: bool, extra: tuple[Path, ...]) -> Path:
    """The document as a spec file in `folder` (YAML when asked and possible), with the files
    it references copied beside it."""
    folder.mkdir(parents=True, exist_ok=True)
    for file in extra:
        shutil.copy(file, folder / file.name)
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 20_000))  # deep-nesting mutants
    try:
        if as_yaml:
            try:
                text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
                (folder / "spec.yaml").write_text(text, encoding="utf-8")
                return folder / "spec.yaml"
            except (yaml.YAMLError, UnicodeEncodeError, RecursionError):
                pass  # surrogates or depth PyYAML cannot write: JSON escapes them
        path = folder / "spec.json"
        path.write_text(json.dumps(document), encoding="utf-8")
        return path
    finally:
        sys.setrecursionlimit(limit)


def run_spec(spec: Path, *, docs: bool = False) -> Outcome:
    """Load, build and render `spec` (models, client, validators; docs when asked)."""
    parts = frozenset({"models", "client", "validators", *(["docs"] if docs else [])})
    try:
        with _deadline(HANG_SECONDS):
            loaded = load_api(str(spec), repairs=frozenset(ALL_RULES))
            files = render(loaded, "fuzz_sdk", parts=parts)
    except _Hang:
        return Outcome("hang", f"over {HANG_SECONDS} s")
    except GeneratorError as exc:
        line = f"error: {exc}"
        located = exc.where is not None and bool(_LOCATED.search(exc.where))
        if "\n" in line or exc.where is None:
            return Outcome("traceback", f"not one line with a place: {line[:300]!r}")
        return Outcome("clean-error" if located else "error-without-pointer", line)
    except BaseException as exc:  # what the fuzzer is for: anything else is a defect
        if isinstance(exc, KeyboardInterrupt):
            raise
        return Outcome("traceback", raise_site(exc))
    return check_files(files)


def raise_site(exc: BaseException) -> str:
    """`generator/x.py:123 in f: KeyError` for the innermost generator frame."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "/generator/" in f.filename]
    frame = frames[-1] if frames else traceback.extract_tb(exc.__traceback__)[-1]
    where = frame.filename.rsplit("/generator/", 1)[-1]
    return f"generator/{where}:{frame.lineno} in {frame.name}: {type(exc).__name__}: {exc}"[:300]


def check_files(files: Any) -> Outcome:
    for file in files:
        path = str(file.path)
        try:
            file.content.encode("utf-8")
        except UnicodeEncodeError as exc:
            return Outcome("broken-package", f"{path}: not UTF-8 text: {exc}"[:300])
        if path.endswith(".py"):
            try:
                compile(file.content, path, "exec")
            except (SyntaxError, ValueError) as exc:
                return Outcome("broken-package", f"{path}: {type(exc).__name__}: {exc}"[:300])
            if MARKER in file.content and _calls_marker(ast.parse(file.content)):
                return Outcome("injection", f"{path}: a call to {MARKER}()")
        elif path.endswith(".html") and f"<script>{MARKER}" in file.content:
            return Outcome("injection", f"{path}: a live <script> from the spec")
    return Outcome("ok", "")


def _calls_marker(tree: ast.AST) -> bool:
    return any(
        isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == MARKER
        for node in ast.walk(tree)
    )


def run_document(
    document: Any, folder: Path, *, base: str, as_yaml: bool = False, docs: bool = False
) -> Outcome:
    _, extra = BASES[base]
    source = BASES[base][0].parent
    spec = write_spec(document, folder, as_yaml=as_yaml, extra=tuple(source / n for n in extra))
    return run_spec(spec, docs=docs)


def load_base(base: str) -> Any:
    return yaml.safe_load(BASES[base][0].read_text(encoding="utf-8"))


def run_mutant(base: str, base_document: Any, seed: int, folder: Path) -> tuple[Outcome, Any]:
    """Mutant `seed` of `base`, run in `folder` (emptied afterwards); docs for one in four."""
    found = mutant(base_document, seed)
    try:
        outcome = run_document(
            found.document, folder, base=base, as_yaml=found.as_yaml, docs=seed % 4 == 0
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return outcome, found


os.environ.setdefault("SDKGEN_JOBS", "1")  # render in this process: no forks per mutant
