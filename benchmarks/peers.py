"""Set up what `bench_models.py` compares: our generated package and its two peers.

- ours: `sdkgen generate` of the full Vapi spec into a temporary folder, fresh each run;
- datamodel-code-generator: one pydantic v2 module for the full spec, cached;
- the official SDK `vapi_server_sdk` from PyPI, in its own virtual environment, cached.

The cache lives in `$SDKGEN_BENCH_CACHE`, else `$XDG_CACHE_HOME/sdkgen-bench`, else
`~/.cache/sdkgen-bench`: outside the repository, since everything in it is generated from (or
describes) the Vapi spec, which is not committed. Each entry is keyed by the versions it depends
on (and the spec's digest) and only counts once complete, so an interrupted run never leaves a
half-built peer behind for the next one to reuse. Delete the folder to start over.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any

SPEC = Path(__file__).resolve().parents[2] / "shared" / "specs" / "vapi" / "vapi-2026-06-10.json"
PACKAGE = "vapi_sdk"
# The latest release when this benchmark was written; pinned so figures stay comparable.
OFFICIAL_SDK_VERSION = "3.0.0"

# The schemas the benchmark validates, by their component names in the spec.
MODELS = ("UpdateByoPhoneNumberDTO", "ServerMessage", "CreateAssistantDTO")

DMCG_ARGS = (
    "--input-file-type",
    "openapi",
    "--output-model-type",
    "pydantic_v2.BaseModel",
)
DMCG_MODULE = "vapi_dmcg"


@dataclass(frozen=True)
class Peer:
    """How to import one implementation's models in a child process."""

    name: str
    python: str
    package: str  # what `import <package>` measures
    models_module: str
    classes: dict[str, str]  # component name -> class name in `models_module`
    pythonpath: str | None = None
    missing: str | None = None  # why this peer's models cannot be measured (yet)
    notes: list[str] = field(default_factory=list)


def cache_dir() -> Path:
    if explicit := os.environ.get("SDKGEN_BENCH_CACHE"):
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "sdkgen-bench"


def spec_digest() -> str:
    return hashlib.sha256(SPEC.read_bytes()).hexdigest()[:12]


def tool(name: str) -> str:
    """The console script `name` of this environment (next to this Python), else on PATH."""
    beside = Path(sys.executable).with_name(name)
    found = str(beside) if beside.is_file() else shutil.which(name)
    if not found:
        sys.exit(f"`{name}` is not installed: pip install -e '.[test]'")
    return found


def run(command: list[str]) -> subprocess.CompletedProcess[str]:
    """Run a setup step; on failure show its output (setup errors must not pass silently)."""
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"failed ({result.returncode}): {' '.join(command)}\n{result.stderr[-4000:]}")
    return result


@functools.cache
def dmcg_formatter_args() -> list[str]:
    """`--formatters ruff-format` when this datamodel-codegen has it: much faster than black."""
    help_text = run([tool("datamodel-codegen"), "--help"]).stdout
    return ["--formatters", "ruff-format"] if "ruff-format" in help_text else []


def dmcg_command(output: Path, formatters: list[str]) -> list[str]:
    source = ["--input", str(SPEC), "--output", str(output)]
    return [tool("datamodel-codegen"), *source, *DMCG_ARGS, *formatters]


# --- ours ------------------------------------------------------------------------------------


def ours_command(out: Path) -> list[str]:
    options = ["--spec", str(SPEC), "--out", str(out), "--package-name", PACKAGE]
    return [tool("sdkgen"), "generate", *options, "--only", "models"]


def prepare_ours(workdir: Path) -> Peer:
    """Generate our package into `workdir` (fresh: the generator skips unchanged files)."""
    out = workdir / "ours"
    run(ours_command(out))
    package_dir = out / PACKAGE
    has_models = (package_dir / "models").is_dir() or (package_dir / "models.py").is_file()
    return Peer(
        name="ours",
        python=sys.executable,
        package=PACKAGE,
        models_module=f"{PACKAGE}.models",
        classes={name: name for name in MODELS},
        pythonpath=str(out),
        missing=None if has_models else f"{PACKAGE}.models is not generated yet",
    )


# --- pydantic alone --------------------------------------------------------------------------

FLOOR_MODULE = "pydantic_floor"
_FLOOR_SOURCE = '''"""The least a pydantic model costs: one class, one constrained field."""

from pydantic import BaseModel, ConfigDict, Field


class UpdateByoPhoneNumberDTO(BaseModel):
    model_config = ConfigDict(extra="allow")

    name: str | None = Field(default=None, max_length=40)
'''


def prepare_floor(workdir: Path) -> Peer:
    """Not a peer but the floor under every pydantic peer: importing pydantic, building one
    model and validating once. Only the UpdateByoPhoneNumberDTO cold case means anything."""
    folder = workdir / "floor"
    folder.mkdir(exist_ok=True)
    (folder / f"{FLOOR_MODULE}.py").write_text(_FLOOR_SOURCE, encoding="utf-8")
    return Peer(
        name="pydantic floor",
        python=sys.executable,
        package=FLOOR_MODULE,
        models_module=FLOOR_MODULE,
        classes={"UpdateByoPhoneNumberDTO": "UpdateByoPhoneNumberDTO"},
        pythonpath=str(folder),
        notes=[
            "one pydantic model with one field: what importing pydantic and a first "
            "validation cost on this machine, whatever the generator"
        ],
    )


# --- datamodel-code-generator ----------------------------------------------------------------


def prepare_dmcg(cache: Path) -> Peer:
    """datamodel-codegen's single module for the full spec, generated once per version + spec."""
    entry = cache / f"dmcg-{version('datamodel-code-generator')}-{spec_digest()}"
    if not entry.is_dir():
        staging = Path(tempfile.mkdtemp(prefix="dmcg-", dir=cache))
        module = staging / f"{DMCG_MODULE}.py"
        run(dmcg_command(module, dmcg_formatter_args()))
        names = dmcg_class_names(module.read_text(encoding="utf-8"))
        (staging / "names.json").write_text(json.dumps(names, indent=2), encoding="utf-8")
        staging.rename(entry)
    names = json.loads((entry / "names.json").read_text(encoding="utf-8"))
    renamed = [f"{spec} is {cls}" for spec, cls in names.items() if spec != cls]
    return Peer(
        name="datamodel-codegen",
        python=sys.executable,
        package=DMCG_MODULE,
        models_module=DMCG_MODULE,
        classes=names,
        pythonpath=str(entry),
        notes=[f"datamodel-codegen renamed: {', '.join(renamed)}"] if renamed else [],
    )


def dmcg_class_names(source: str) -> dict[str, str]:
    """Map each schema in MODELS to its datamodel-codegen class.

    On a name clash datamodel-codegen numbers the later class (an enum named `ServerMessage`
    takes the name, and the `ServerMessage` schema becomes `ServerMessage4`), so a numbered
    class is matched by its field names instead, which it keeps verbatim for identifiers.
    """
    models = {
        node.name: {
            item.target.id
            for item in node.body
            if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name)
        }
        for node in ast.parse(source).body
        if isinstance(node, ast.ClassDef) and any(_is_base_model(base) for base in node.bases)
    }
    schemas = json.loads(SPEC.read_text(encoding="utf-8"))["components"]["schemas"]
    return {name: _match_class(name, schemas[name], models) for name in MODELS}


def _is_base_model(base: ast.expr) -> bool:
    return isinstance(base, ast.Name) and base.id == "BaseModel"


def _match_class(name: str, schema: dict[str, Any], models: dict[str, set[str]]) -> str:
    if name in models:
        return name
    wanted = {key for key in schema.get("properties", {}) if key.isidentifier()}
    for candidate, fields in models.items():
        if candidate.removeprefix(name).isdigit() and fields == wanted:
            return candidate
    sys.exit(f"no datamodel-codegen class found for {name}")


# --- the official SDK ------------------------------------------------------------------------


def prepare_official(cache: Path, sdk_version: str = OFFICIAL_SDK_VERSION) -> Peer:
    """`vapi_server_sdk` in its own virtual environment, with the pydantic we run."""
    pydantic_version = version("pydantic")
    venv = cache / f"vapi-server-sdk-{sdk_version}-pydantic-{pydantic_version}"
    # A venv's scripts hold its absolute path, so it is built in place, not renamed into place;
    # the marker, written last, says the build finished.
    complete = venv / ".sdkgen-bench-complete"
    if not complete.is_file():
        build_official_venv(venv, sdk_version, pydantic_version)
        complete.touch()
    return Peer(
        name="official SDK",
        python=str(venv / "bin" / "python"),
        package="vapi",
        # Its package root re-exports every type lazily, like ours; the defining modules are
        # vapi.types.server_message.ServerMessage and
        # vapi.types.update_byo_phone_number_dto.UpdateByoPhoneNumberDto.
        models_module="vapi",
        classes={
            "UpdateByoPhoneNumberDTO": "UpdateByoPhoneNumberDto",
            "ServerMessage": "ServerMessage",
            "CreateAssistantDTO": "CreateAssistantDto",
        },
        notes=[f"vapi_server_sdk {sdk_version} with pydantic {pydantic_version} (--no-deps)"],
    )


def build_official_venv(venv: Path, sdk_version: str, pydantic_version: str) -> None:
    shutil.rmtree(venv, ignore_errors=True)
    run([sys.executable, "-m", "venv", str(venv)])
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet"]
    run([*pip, f"pydantic=={pydantic_version}", "httpx>=0.21.2", "typing_extensions>=4"])
    # --no-deps: its metadata caps pydantic-core below 2.44, which rules out the core that
    # pydantic 2.13 needs, so a plain install falls back to the 1.9 release. The cap is its
    # generator's caution, not a known break, and the comparison needs the same pydantic.
    run([*pip, "--no-deps", f"vapi_server_sdk=={sdk_version}"])


# --- the repaired spec, for checking the payloads --------------------------------------------


def repaired_spec(workdir: Path) -> Path:
    """The spec after sdkgen's repairs (JS patterns translated, enums moved to items, …)."""
    out = workdir / "repaired.json"
    result = subprocess.run(
        [tool("sdkgen"), "lint", str(SPEC), "--fix", "-o", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    # Exit 1 only says some defect has no repair; the repaired document is still written.
    if result.returncode not in (0, 1) or not out.is_file():
        sys.exit(f"sdkgen lint --fix failed:\n{result.stderr[-4000:]}")
    return out
