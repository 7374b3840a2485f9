"""Generated validators vs jsonschema and fastjsonschema, on the same payloads: medians.

Payloads (`benchmarks/payloads/`, all valid): an `UpdateByoPhoneNumberDTO`, a full
`CreateAssistantDTO`, a `status-update` and an `end-of-call-report` `ServerMessage`, plus the
issue's invalid `UpdateByoPhoneNumberDTO` (four problems: every tool reports what it reports)
and an `OpenAIModel` whose `tools` are 1,000 items of a 23-way tagged `oneOf`, each invalid in
the member its tag names (every error: the cost of a large array of bad union items).
Every tool reads the same document, the one `sdkgen lint --fix` writes for the Vapi spec:

- sdkgen: the validators package rendered from the spec (`validate_<Name>`, all errors);
- jsonschema: a precompiled Draft 4 validator, `is_valid` (every error, `iter_errors`, on the
  invalid payload), with patterns translated from ECMA-262 as the generated code does, so
  that `\\p{L}` compiles at all;
- fastjsonschema: `fastjsonschema.compile`; it cannot compile a schema that reaches a `\\p{L}`
  pattern (Python's `re` rejects it), which is reported as n/a.

Steady state: median over rounds of the mean time of one call, in one process, after warm-up.
Fresh process: import + build + first validation in a new interpreter, median over runs
(bytecode caches written beforehand, as after `pip install`).
Targets (issue 5): >= 30x faster than jsonschema, within 1.2x of fastjsonschema where it
compiles; import + first validation of `ServerMessage` <= 0.3 s.
Run: python benchmarks/bench_validators.py [--runs 5] [--rounds 7] [--spec FILE] [--only TEXT]
"""

from __future__ import annotations

import argparse
import compileall
import json
import math
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SPEC = REPO.parent / "shared" / "specs" / "vapi" / "vapi-2026-06-10.json"
PAYLOADS = Path(__file__).with_name("payloads")
PACKAGE = "bench_vapi"
CASES = (  # (label, schema, payload file)
    ("UpdateByoPhoneNumberDTO", "UpdateByoPhoneNumberDTO", "update_byo_phone_number_dto.json"),
    ("CreateAssistantDTO (full)", "CreateAssistantDTO", "create_assistant_dto.json"),
    ("ServerMessage status-update", "ServerMessage", "server_message_status_update.json"),
    ("ServerMessage end-of-call", "ServerMessage", "server_message_end_of_call_report.json"),
    ("UpdateByo... invalid (4 errors)", "UpdateByoPhoneNumberDTO", None),
    ("OpenAIModel 1,000 invalid tools", "OpenAIModel", "INVALID_TOOLS"),
)
#: Columns: times per call, then how many times slower jsonschema is than sdkgen, and sdkgen's
#: time as a multiple of fastjsonschema's (the issue's targets: >= 30 and <= 1.2).
HEADINGS = "      sdkgen    jsonschema  js/sdkgen  fastjsonschema  sdkgen/fast"
INVALID = {
    "name": "n" * 49,
    "number": "12",
    "hooks": [{"on": "call.answered", "do": [{"type": "say", "exact": "Please hold."}]}],
    "fallbackDestination": "+14155559999",
}
#: 1,000 items of a 23-way tagged `oneOf` (`tools`), each naming its member by its `type` but
#: invalid in it (a wrong `method`): the cost of reporting a large array of bad union items.
INVALID_TOOLS = {
    "provider": "openai",
    "model": "gpt-4o",
    "tools": [
        {"type": "apiRequest", "method": "FETCH", "url": f"https://example.com/{i}"}
        for i in range(1000)
    ],
}

# Each fresh-process snippet gets: argv[1] = fixed document, argv[2] = schema, argv[3] = payload.
_FRESH = """
import json, sys, time
document = json.load(open(sys.argv[1])) if {needs_document} else None
payload = json.loads(sys.argv[3])
started, cpu = time.perf_counter(), time.process_time()
{body}
print(time.perf_counter() - started, time.process_time() - cpu)
"""
FRESH = {
    "sdkgen": (
        False,
        f"from {PACKAGE} import validators\nvalidators.validate(sys.argv[2], payload)",
    ),
    "jsonschema": (
        True,
        "sys.path.insert(0, {bench!r})\nfrom bench_validators import jsonschema_validator\n"
        "jsonschema_validator(document, sys.argv[2]).is_valid(payload)",
    ),
    "fastjsonschema": (
        True,
        "import fastjsonschema\n"
        "schema = {{**document, '$ref': '#/components/schemas/' + sys.argv[2]}}\n"
        "check = fastjsonschema.compile(schema)\n"
        "try:\n    check(payload)\nexcept fastjsonschema.JsonSchemaException:\n    pass",
    ),
}


def jsonschema_validator(document: dict[str, Any], name: str) -> Any:
    """A precompiled Draft 4 validator of one schema of the document, JS patterns translated."""
    import re  # noqa: PLC0415 - imports are part of what the fresh-process run measures

    import jsonschema  # noqa: PLC0415
    import regex  # noqa: PLC0415

    from generator.patterns import translate_pattern  # noqa: PLC0415

    def pattern(validator: Any, value: str, instance: Any, schema: Any) -> Any:
        translated = translate_pattern(value)
        engine: Any = regex if translated.engine == "regex" else re
        if isinstance(instance, str) and not engine.search(translated.python, instance):
            yield jsonschema.ValidationError(f"{instance!r} does not match {value!r}")

    cls = jsonschema.validators.extend(jsonschema.Draft4Validator, {"pattern": pattern})
    return cls({**document, "$ref": f"#/components/schemas/{name}"})


def prepare(folder: Path, spec: Path) -> Path:
    """Write the `lint --fix` document and the validators package under `folder`."""
    fixed = folder / "fixed.json"
    command = [sys.executable, "-m", "generator", "lint", str(spec), "--fix", "-o", str(fixed)]
    subprocess.run(command, cwd=REPO, capture_output=True, check=False)
    sys.path.insert(0, str(REPO))
    from generator.lowering import ALL_RULES  # noqa: PLC0415
    from generator.pipeline import load_api  # noqa: PLC0415
    from generator.render.files import Target  # noqa: PLC0415
    from generator.targets.validators import render_validators  # noqa: PLC0415

    loaded = load_api(str(spec), repairs=frozenset(ALL_RULES))
    started = time.perf_counter()
    files = list(render_validators(Target(loaded.api, loaded.index, PACKAGE)))
    print(f"rendered {len(files)} validator modules in {time.perf_counter() - started:.2f} s")
    (folder / PACKAGE).mkdir()
    (folder / PACKAGE / "__init__.py").write_text("", encoding="utf-8")
    for file in files:
        path = folder / file.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(file.content, encoding="utf-8")
    compileall.compile_dir(str(folder / PACKAGE), quiet=1)
    return fixed


def steady(function: Any, payload: Any, rounds: int) -> float:
    """Median over `rounds` of the mean seconds per call (each round lasts ~0.1 s)."""
    function(payload)
    started, calls = time.perf_counter(), 0
    while time.perf_counter() - started < 0.02:
        function(payload)
        calls += 1
    number = max(1, calls * 5)
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        for _ in range(number):
            function(payload)
        samples.append((time.perf_counter() - started) / number)
    return statistics.median(samples)


def peers(document: dict[str, Any], name: str, *, every_error: bool) -> dict[str, Any]:
    """The three validators of schema `name`; on invalid payloads all report every error,
    but fastjsonschema, which stops at the first (it has no other mode)."""
    import fastjsonschema  # noqa: PLC0415
    from bench_vapi import validators  # type: ignore[import-not-found]  # noqa: PLC0415

    checker = jsonschema_validator(document, name)
    found: dict[str, Any] = {
        "sdkgen": getattr(validators, f"validate_{name}"),
        "jsonschema": (lambda data: list(checker.iter_errors(data)))
        if every_error
        else checker.is_valid,
    }
    try:
        compiled = fastjsonschema.compile({**document, "$ref": f"#/components/schemas/{name}"})
    except Exception as error:
        found["fastjsonschema"] = f"n/a ({type(error).__name__}: {str(error)[:40]})"
    else:

        def fast(payload: Any) -> bool:
            try:
                compiled(payload)
            except fastjsonschema.JsonSchemaException:
                return False
            return True

        found["fastjsonschema"] = fast
    return found


def fresh(
    tool: str, folder: Path, fixed: Path, name: str, payload: Any, runs: int
) -> tuple[float, float]:
    """Median (wall, CPU) seconds; CPU time is the steadier when the machine is shared."""
    needs_document, body = FRESH[tool]
    code = _FRESH.format(
        needs_document=needs_document, body=body.format(bench=str(Path(__file__).parent))
    )
    walls, cpus = [], []
    for _ in range(runs):
        result = subprocess.run(
            [sys.executable, "-c", code, str(fixed), name, json.dumps(payload)],
            capture_output=True,
            text=True,
            cwd=folder,
            check=False,
            env={"PYTHONPATH": f"{folder}:{REPO}", "PATH": "", "PYTHONDONTWRITEBYTECODE": "1"},
        )
        if result.returncode != 0:
            return float("nan"), float("nan")
        wall, cpu = result.stdout.split()
        walls.append(float(wall))
        cpus.append(float(cpu))
    return statistics.median(walls), statistics.median(cpus)


def _payload(file: str | None) -> Any:
    if file is None:
        return INVALID
    if file == "INVALID_TOOLS":
        return INVALID_TOOLS
    return json.loads((PAYLOADS / file).read_text())


def _cell(value: Any, scale: float, unit: str) -> str:
    return f"{value * scale:10.1f} {unit}" if isinstance(value, float) else f"{'n/a':>13}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="fresh processes per measurement")
    parser.add_argument("--rounds", type=int, default=7, help="steady-state rounds")
    parser.add_argument("--spec", type=Path, default=SPEC, help="the Vapi spec (JSON)")
    parser.add_argument("--only", help="run only the steady-state cases whose label has this")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        fixed = prepare(folder, args.spec)
        sys.path.insert(0, str(folder))
        document = json.loads(fixed.read_text(encoding="utf-8"))
        print(f"\n{'steady state, one call (median)':32}", HEADINGS)
        for label, name, file in CASES:
            if args.only and args.only not in label:
                continue
            payload = _payload(file)
            every_error = file is None or file == "INVALID_TOOLS"
            timed = {
                tool: steady(function, payload, args.rounds) if callable(function) else function
                for tool, function in peers(document, name, every_error=every_error).items()
            }
            ours, slow, fast = timed["sdkgen"], timed["jsonschema"], timed["fastjsonschema"]
            fast_ratio = f"{ours / fast:6.2f}x" if isinstance(fast, float) else "   n/a"
            print(
                f"{label:32} {_cell(ours, 1e6, 'us')} {_cell(slow, 1e6, 'us')}"
                f" {slow / ours:9.0f}x {_cell(fast, 1e6, 'us')}     {fast_ratio}"
            )
        if args.only:
            return
        print("\nfresh process: import + build + first validation, median wall (CPU) time")
        for label, name, file in CASES[:4]:
            payload = json.loads((PAYLOADS / file).read_text()) if file else INVALID
            times = {tool: fresh(tool, folder, fixed, name, payload, args.runs) for tool in FRESH}
            cells = "  ".join(
                f"{tool} {wall * 1e3:6.1f} ({cpu * 1e3:5.1f}) ms"
                if math.isfinite(wall)
                else f"{tool}  {'n/a':^18}"
                for tool, (wall, cpu) in times.items()
            )
            print(f"{label:32} {cells}")


if __name__ == "__main__":
    main()
