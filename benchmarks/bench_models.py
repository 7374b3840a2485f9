"""Models for the full Vapi spec: import cost, validation speed and generation cost, vs the peers.

Compared in the same run, on the same pydantic (see peers.py for their setup and cache):
- ours: the `vapi_sdk` package from `sdkgen generate --only models`, generated fresh;
- datamodel-codegen: its single pydantic v2 module for the whole spec;
- the official SDK `vapi_server_sdk` from PyPI, in its own venv (`--skip-slow-peer` skips it:
  importing its `ServerMessage` alone takes tens of seconds).

Measured (issue 3, "Import cost, by design" and "Speed and memory of generation"):
- cold, each in a fresh process, median of --runs: `import <package>`; import + first
  `model_validate` of `UpdateByoPhoneNumberDTO`; the same for `ServerMessage` (a status-update);
  times are taken inside the process, so interpreter start-up is not counted;
- steady state, in one process per peer after a first call: median `model_validate` time of the
  two payloads above and of a full `CreateAssistantDTO`;
- generation from the spec, cold process: wall time and peak RSS of sdkgen vs datamodel-codegen.

The payloads (payloads/*.json) are checked first against the spec as sdkgen repairs it, so a
peer that rejects one is wrong, not the payload; its figure is then flagged with `!`.

Run: python benchmarks/bench_models.py [--runs 5] [--skip-slow-peer] [--workdir DIR] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path
from typing import Any

import jsonschema
import peers
import regex
from jsonschema import ValidationError, validators
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

PAYLOADS = Path(__file__).resolve().parent / "payloads"
PAYLOAD_FILES = {
    "UpdateByoPhoneNumberDTO": PAYLOADS / "UpdateByoPhoneNumberDTO.json",
    "ServerMessage": PAYLOADS / "ServerMessage-status-update.json",
    "CreateAssistantDTO": PAYLOADS / "CreateAssistantDTO.json",
}
COLD_CASES = ("import", "UpdateByoPhoneNumberDTO", "ServerMessage")
COLD_TARGETS = {"import": 0.050, "UpdateByoPhoneNumberDTO": 0.100, "ServerMessage": 1.0}
GENERATION_TARGETS = (1.0, 200.0)  # seconds, MB
Result = dict[str, Any]

# A fresh process: times the import (and the first validation when a payload is given).
# Peak RSS from VmHWM where there is one: Linux carries ru_maxrss across exec, so it would report
# at least the RSS of this harness at the time of the fork.
_COLD = """
import json, resource, sys, time
case = json.loads(sys.argv[1])
payload = None
if case["payload"]:
    with open(case["payload"], encoding="utf-8") as handle:
        payload = json.load(handle)
started = time.perf_counter()
exec(case["import"])
imported = time.perf_counter()
error = None
if payload is not None:
    try:
        Model.model_validate(payload)
    except Exception as exc:
        error = f"{type(exc).__name__}: {exc}"[:800]
done = time.perf_counter()
try:
    with open("/proc/self/status", encoding="ascii") as status:
        rss_kib = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
except OSError:
    rss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"import": imported - started, "total": done - started, "error": error,
                  "rss_kib": rss_kib}))
"""

# One process per peer: the first call of each model is left out (it may build the schema).
_STEADY = """
import functools, importlib, json, statistics, sys, timeit
spec = json.loads(sys.argv[1])
module = importlib.import_module(spec["module"])
results = {}
for key, (name, path) in spec["cases"].items():
    model = getattr(module, name)
    with open(path, encoding="utf-8") as handle:
        payload = json.load(handle)
    try:
        model.model_validate(payload)
    except Exception as exc:
        results[key] = {"error": f"{type(exc).__name__}: {exc}"[:800]}
        continue
    timer = timeit.Timer(functools.partial(model.model_validate, payload))
    number, _ = timer.autorange()
    runs = [total / number for total in timer.repeat(repeat=7, number=number)]
    results[key] = {"median_s": statistics.median(runs), "runs": runs, "error": None}
print(json.dumps(results))
"""

# Runs a generator as its child, so RUSAGE_CHILDREN holds that run alone: the largest RSS of the
# generator's process tree (datamodel-codegen may run formatters as further processes).
_GENERATE = """
import resource, subprocess, sys, time
started = time.perf_counter()
result = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
wall = time.perf_counter() - started
if result.returncode:
    sys.exit(result.stderr[-3000:])
print(wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


class ChildFailed(Exception):
    """A measuring process crashed or timed out; the case is reported, the run goes on."""


# --- payloads --------------------------------------------------------------------------------


def check_payloads(repaired: Path) -> None:
    """Stop unless each payload is valid for its schema in the repaired spec."""
    document = json.loads(repaired.read_text(encoding="utf-8"))
    uri = "urn:sdkgen-bench:vapi"
    registry = Registry().with_resource(uri, Resource(contents=document, specification=DRAFT4))
    # `regex` for `pattern`: the repaired spec keeps `\p{L}`, which `re` cannot compile.
    checker = validators.extend(jsonschema.Draft4Validator, {"pattern": _pattern})
    for name, path in PAYLOAD_FILES.items():
        schema = {"$ref": f"{uri}#/components/schemas/{name}"}
        validator = checker(schema, registry=registry, format_checker=checker.FORMAT_CHECKER)
        errors = [error.message[:300] for error in validator.iter_errors(_load(path))]
        if errors:
            sys.exit(f"{path.name} is not a valid {name}:\n" + "\n".join(errors))


def _pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Any:
    if validator.is_type(instance, "string") and not regex.search(pattern, instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


def _load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


# --- measuring -------------------------------------------------------------------------------


def child_env(workdir: Path) -> dict[str, str]:
    """The environment of measured processes: bytecode caches on, kept out of the repo.

    Installed packages run from bytecode caches, so the measured processes must too (a shell
    with PYTHONDONTWRITEBYTECODE would make every import recompile 35,000 lines of
    datamodel-codegen output). The caches go to the run's temporary folder, written by the
    first (untimed or outlying) process that imports each module.
    """
    drop = {"PYTHONPATH", "PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX"}
    env = {key: value for key, value in os.environ.items() if key not in drop}
    env["PYTHONPYCACHEPREFIX"] = str(workdir / "pycache")
    return env


def run_child(peer: peers.Peer, script: str, argument: object, options: argparse.Namespace) -> Any:
    """Run `script` with `peer`'s Python and import path; return the JSON it prints."""
    env = child_env(options.workdir)
    if peer.pythonpath:
        env["PYTHONPATH"] = peer.pythonpath
    command = [peer.python, "-c", script, json.dumps(argument)]
    try:
        result = subprocess.run(
            command,
            capture_output=True,
            text=True,
            env=env,
            cwd=options.workdir,  # neutral: no stray `vapi_sdk` folder on the path
            timeout=options.timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise ChildFailed(f"timed out after {options.timeout} s") from exc
    if result.returncode != 0:
        raise ChildFailed(result.stderr.strip().splitlines()[-1] if result.stderr else "crashed")
    return json.loads(result.stdout.splitlines()[-1])


def cold_case(peer: peers.Peer, case: str) -> dict[str, str | None]:
    if case == "import":
        return {"import": f"import {peer.package}", "payload": None}
    statement = f"from {peer.models_module} import {peer.classes[case]} as Model"
    return {"import": statement, "payload": str(PAYLOAD_FILES[case])}


def measure_cold(peer: peers.Peer, case: str, options: argparse.Namespace) -> Result:
    samples = []
    for _ in range(options.runs):
        try:
            samples.append(run_child(peer, _COLD, cold_case(peer, case), options))
        except ChildFailed as exc:
            return {"error": str(exc)}
    return {
        "median_s": statistics.median(sample["total"] for sample in samples),
        "import_median_s": statistics.median(sample["import"] for sample in samples),
        "rss_mb": statistics.median(sample["rss_kib"] for sample in samples) / 1024,
        "runs": [sample["total"] for sample in samples],
        "error": next((sample["error"] for sample in samples if sample["error"]), None),
    }


def measure_steady(peer: peers.Peer, options: argparse.Namespace) -> dict[str, Result]:
    cases = {key: (peer.classes[key], str(path)) for key, path in PAYLOAD_FILES.items()}
    argument = {"module": peer.models_module, "cases": cases}
    try:
        results: dict[str, Result] = run_child(peer, _STEADY, argument, options)
    except ChildFailed as exc:
        return {key: {"error": str(exc)} for key in cases}
    return results


def measure_peer(peer: peers.Peer, options: argparse.Namespace) -> Result:
    """Steady state first: its process also writes the bytecode caches the cold runs reuse."""
    report: Result = {"notes": peer.notes, "missing": peer.missing, "cold": {}, "steady": {}}
    if not peer.missing and set(PAYLOAD_FILES) <= set(peer.classes):
        progress(f"{peer.name}: steady state")
        report["steady"] = measure_steady(peer, options)
    for case in COLD_CASES:
        if (peer.missing and case != "import") or (case != "import" and case not in peer.classes):
            continue
        progress(f"{peer.name}: cold {case} x{options.runs}")
        report["cold"][case] = measure_cold(peer, case, options)
    return report


def generators() -> dict[str, Callable[[Path], list[str]]]:
    commands: dict[str, Callable[[Path], list[str]]] = {
        "sdkgen generate --only models": lambda out: peers.ours_command(out / "ours"),
        "datamodel-codegen (defaults)": lambda out: peers.dmcg_command(out / "models.py", []),
    }
    if formatters := peers.dmcg_formatter_args():
        label = f"datamodel-codegen {' '.join(formatters)}"
        commands[label] = lambda out: peers.dmcg_command(out / "models.py", formatters)
    return commands


def measure_generation(options: argparse.Namespace) -> dict[str, Result]:
    """Each generator `--gen-runs` times, interleaved round by round (a slow spell of this shared
    machine lands on all alike), each run into a new folder (sdkgen skips files that are up to
    date). Outputs stay until the end: on ext4 here, creating files right after removing
    thousands nearby costs up to 40x more, which would time the last clean-up, not the run."""
    commands = generators()
    walls: dict[str, list[float]] = {label: [] for label in commands}
    peaks: dict[str, list[float]] = {label: [] for label in commands}
    failed: dict[str, str] = {}
    for round_number in range(options.gen_runs):
        progress(f"generation: round {round_number + 1}/{options.gen_runs}")
        for label, command in commands.items():
            if label in failed:
                continue
            out = Path(tempfile.mkdtemp(dir=options.workdir))
            wrapper = [sys.executable, "-c", _GENERATE, *command(out)]
            env = child_env(options.workdir)
            done = subprocess.run(wrapper, capture_output=True, text=True, env=env, check=False)
            if done.returncode:
                failed[label] = done.stderr.strip()[-800:]
                continue
            wall, kib = done.stdout.split()
            walls[label].append(float(wall))
            peaks[label].append(int(kib) / 1024)
    return {
        label: _generation_result(walls[label], peaks[label], failed.get(label))
        for label in commands
    }


def _generation_result(walls: list[float], peaks: list[float], error: str | None) -> Result:
    if error is not None:
        return {"error": error}
    return {
        "median_s": statistics.median(walls),
        "peak_mb": statistics.median(peaks),
        "runs": walls,
        "error": None,
    }


def progress(message: str) -> None:
    print(f"… {message}", file=sys.stderr, flush=True)


# --- reporting -------------------------------------------------------------------------------


def cell(result: Result | None, field: str, unit: str) -> str:
    """A median in the row's unit; `!` when the peer rejected the payload."""
    if not result:
        return "—"
    if field not in result:
        return "error"
    flag = "!" if result.get("error") else ""
    scale, digits = UNITS[unit]
    return f"{result[field] * scale:.{digits}f}{flag}"


def ratio(peer: Result | None, ours: Result | None, field: str = "median_s") -> str:
    if not peer or not ours or field not in peer or field not in ours:
        return "—"
    return f"{peer[field] / ours[field]:.1f}x"


UNITS = {"s": (1, 3), "µs": (1e6, 1), "MB": (1, 0)}  # unit: (scale, decimals)
# (label, "cold" or "steady", case, field, unit)
MODEL_ROWS = [
    *((f"cold: {case}", "cold", case, "median_s", "s") for case in COLD_CASES),
    ("cold: ServerMessage peak RSS", "cold", "ServerMessage", "rss_mb", "MB"),
    *((f"steady: {key}", "steady", key, "median_s", "µs") for key in PAYLOAD_FILES),
]


def print_rows(rows: list[list[str]]) -> None:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print(
            "  ".join(
                [row[0].ljust(widths[0])]
                + [c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)]
            )
        )


def print_models_table(results: dict[str, Result], runs: int) -> None:
    ours, *others = results
    rows = [["models", *results, *(f"{name}/ours" for name in others)]]
    for label, kind, case, field, unit in MODEL_ROWS:
        figures = {name: report[kind].get(case) for name, report in results.items()}
        values = [cell(figures[name], field, unit) for name in results]
        ratios = [ratio(figures[name], figures[ours], field) for name in others]
        rows.append([f"{label} ({unit})", *values, *ratios])
    print_rows(rows)
    targets = ", ".join(f"{case} ≤ {limit:g} s" for case, limit in COLD_TARGETS.items())
    print(f"targets (ours, cold): {targets}; steady state no slower than datamodel-codegen")
    print(f"cold: {runs} fresh processes, medians, timed inside the process; ! = payload rejected")


def print_generation_table(results: dict[str, Result]) -> None:
    ours = next(iter(results.values()))
    rows = [["generation (cold process)", "wall s", "peak MB", "vs sdkgen s", "vs sdkgen MB"]]
    for label, result in results.items():
        if result.get("error"):
            rows.append([label, "error", "", "", ""])
            continue
        wall, peak = f"{result['median_s']:.2f}", f"{result['peak_mb']:.0f}"
        rows.append([label, wall, peak, ratio(result, ours), ratio(result, ours, "peak_mb")])
    print()
    print_rows(rows)
    print(f"targets (sdkgen): ≤ {GENERATION_TARGETS[0]:g} s, ≤ {GENERATION_TARGETS[1]:g} MB")


def print_notes(results: dict[str, Result]) -> None:
    for name, report in results.items():
        missing = [f"not measured: {report['missing']}"] if report["missing"] else []
        for note in report["notes"] + missing:
            print(f"{name}: {note}")
        for kind in ("cold", "steady"):
            for key, result in report[kind].items():
                if result.get("error"):
                    print(f"{name}: {kind} {key}: {result['error'].splitlines()[0][:300]}")


def metadata(options: argparse.Namespace) -> Result:
    return {
        "spec": str(peers.SPEC),
        "spec_sha256_12": peers.spec_digest(),
        "python": platform.python_version(),
        "pydantic": version("pydantic"),
        "datamodel-code-generator": version("datamodel-code-generator"),
        "vapi_server_sdk": None if options.skip_slow_peer else options.sdk_version,
        "runs": options.runs,
        "generation_runs": options.gen_runs,
        "machine": f"{platform.platform()}, {os.cpu_count()} CPUs",
        "load_average_at_start": os.getloadavg(),
    }


# --- main ------------------------------------------------------------------------------------


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="fresh processes per cold case")
    parser.add_argument("--gen-runs", type=int, help="runs per generator (default: --runs)")
    parser.add_argument("--skip-slow-peer", action="store_true", help="leave out the official SDK")
    parser.add_argument("--skip-generation", action="store_true", help="models only")
    parser.add_argument("--sdk-version", default=peers.OFFICIAL_SDK_VERSION)
    parser.add_argument("--timeout", type=float, default=900, help="seconds per process")
    parser.add_argument("--json", type=Path, metavar="OUT", help="also write the figures here")
    parser.add_argument(
        "--workdir", type=Path, default=Path(tempfile.gettempdir()), help="where outputs go"
    )
    options = parser.parse_args()
    options.gen_runs = options.gen_runs or options.runs
    return options


def prepare_peers(options: argparse.Namespace) -> list[peers.Peer]:
    cache = peers.cache_dir()
    cache.mkdir(parents=True, exist_ok=True)
    progress(f"preparing peers (cache: {cache})")
    found = [
        peers.prepare_ours(options.workdir),
        peers.prepare_dmcg(cache),
        peers.prepare_floor(options.workdir),
    ]
    if not options.skip_slow_peer:
        found.append(peers.prepare_official(cache, options.sdk_version))
    return found


def main() -> None:
    options = parse_args()
    if not peers.SPEC.is_file():
        sys.exit(f"{peers.SPEC} is missing")
    with tempfile.TemporaryDirectory(prefix="bench-models-", dir=options.workdir) as workdir:
        options.workdir = Path(workdir)
        check_payloads(peers.repaired_spec(options.workdir))
        figures: Result = {"meta": metadata(options)}
        figures["models"] = {
            peer.name: measure_peer(peer, options) for peer in prepare_peers(options)
        }
        if not options.skip_generation:
            figures["generation"] = measure_generation(options)
    print_models_table(figures["models"], options.runs)
    if "generation" in figures:
        print_generation_table(figures["generation"])
    print()
    print_notes(figures["models"])
    if options.json:
        options.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
