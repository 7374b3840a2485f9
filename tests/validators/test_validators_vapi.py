"""The validators package of the full Vapi spec (rendered into a temporary folder).

Error quality on the real spec, one realistic payload per defect class the repairs fix, the
benchmark payloads, a cold start, and (slow) ruff and mypy over all ~870 generated modules.
"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest

from tests.conftest import REPO
from tests.validators.conftest import Package
from tests.validators.oracle import Oracle
from tests.validators.test_validators_package import assert_four_leaf_errors

pytestmark = pytest.mark.slow
PAYLOADS = REPO / "benchmarks" / "payloads"

#: rule -> (schema, location of the repaired keyword, a payload that only validates repaired).
DEFECT_PAYLOADS: dict[str, tuple[str, str, Any]] = {
    "array-enum-on-items": (
        "CreateAssistantDTO",
        "CreateAssistantDTO/properties/clientMessages",
        {
            "name": "Support line",
            "clientMessages": ["transcript", "hang", "tool-calls"],
            "serverMessages": ["end-of-call-report", "status-update"],
        },
    ),
    "open-enum": (
        "CreateAssistantDTO",
        "AzureVoice/properties/voiceId",
        {
            "backgroundSound": "https://cdn.example.com/ambience/quiet-cafe.mp3",
            "voice": {"provider": "azure", "voiceId": "andrew"},
        },
    ),
    "js-regex-literal": (
        "CreateApiRequestToolDTO",
        "CreateApiRequestToolDTO/properties/name",
        {
            "type": "apiRequest",
            "method": "POST",
            "url": "https://api.example.com/orders/lookup",
            "name": "lookup_order",
        },
    ),
    "js-regex-literal-unicode": (
        "DeepgramTranscriber",
        "DeepgramTranscriber/properties/keywords/items",
        {"provider": "deepgram", "model": "nova-2", "keywords": ["Zoë:2", "Müller", "Okafor:-1"]},
    ),
    "object-typed-enum": (
        "TransferDestinationNumber",
        "TransferPlan/properties/sipVerb",
        {
            "type": "number",
            "number": "+14155550100",
            "transferPlan": {"mode": "blind-transfer", "sipVerb": "refer"},
        },
    ),
    "overlapping-one-of": (
        "Artifact",
        "Artifact/properties/messages/items",
        {
            "messages": [
                {
                    "role": "user",
                    "message": "Can I move my appointment to Friday?",
                    "time": 1781089994000,
                    "endTime": 1781089997200,
                    "secondsFromStart": 4.3,
                    "duration": 3200,
                },
                {
                    "role": "bot",
                    "message": "Sure, Friday at nine is open.",
                    "time": 1781089997900,
                    "endTime": 1781090000000,
                    "secondsFromStart": 8.2,
                    "duration": 2100,
                },
            ]
        },
    ),
}
BENCHMARK_PAYLOADS = {
    "update_byo_phone_number_dto.json": "UpdateByoPhoneNumberDTO",
    "create_assistant_dto.json": "CreateAssistantDTO",
    "server_message_status_update.json": "ServerMessage",
    "server_message_end_of_call_report.json": "ServerMessage",
}


@pytest.fixture(scope="module")
def oracle(vapi_fixed: dict[str, Any]) -> Oracle:
    return Oracle(vapi_fixed)


def test_update_byo_phone_number_gets_exactly_the_four_leaf_errors(vapi_package: Package) -> None:
    assert_four_leaf_errors(vapi_package.validators)


@pytest.mark.parametrize("rule", sorted(DEFECT_PAYLOADS))
def test_a_realistic_payload_of_each_defect_class_validates(
    rule: str, vapi_package: Package, oracle: Oracle
) -> None:
    name, repaired, payload = DEFECT_PAYLOADS[rule]
    diagnostics = {
        (d.rule, d.where.partition("#/components/schemas/")[2])
        for d in vapi_package.loaded.diagnostics
    }
    assert (rule.removesuffix("-unicode"), repaired) in diagnostics
    assert vapi_package.validators.validate(name, payload) == []
    assert oracle.is_valid(name, payload)


@pytest.mark.parametrize("file", sorted(BENCHMARK_PAYLOADS))
def test_the_benchmark_payloads_are_valid(file: str, vapi_package: Package, oracle: Oracle) -> None:
    payload = json.loads((PAYLOADS / file).read_text(encoding="utf-8"))
    name = BENCHMARK_PAYLOADS[file]
    assert vapi_package.validators.validate(name, payload) == []
    assert oracle.is_valid(name, payload)


def test_a_status_update_gets_the_error_of_its_own_branch(vapi_package: Package) -> None:
    """ServerMessage has ~30 message types; a bad status update is reported as one."""
    payload = {"message": {"type": "status-update", "status": "on-hold", "timestamp": "soon"}}
    errors = vapi_package.validators.validate("ServerMessage", payload)
    assert sorted((e.path, e.keyword) for e in errors) == [
        ("/message/status", "enum"),
        ("/message/timestamp", "type"),
    ]


def test_cold_start_imports_only_what_server_message_needs(vapi_package: Package) -> None:
    # What is loaded, not how long it takes: bench_validators.py measures the time.
    code = (
        "import json, sys\n"
        f"from {vapi_package.name} import validators\n"
        "message = {'message': {'type': 'status-update', 'status': 'in-progress'}}\n"
        "assert validators.is_valid('ServerMessage', message)\n"
        "count = sum(m.startswith(validators.__name__ + '.') for m in sys.modules)\n"
        "print(json.dumps({'modules': count}))\n"
    )
    for _ in range(2):  # the first run also writes the bytecode caches
        result = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            cwd=vapi_package.root,
            check=True,
        )
    found = json.loads(result.stdout)
    assert found["modules"] < len(vapi_package.validators.SCHEMAS) / 2


@pytest.mark.parametrize(
    "command",
    [
        ("ruff", "check", "--isolated", "--target-version", "py310"),
        ("ruff", "format", "--isolated", "--check"),
        ("mypy", "--strict", "--python-version", "3.10", "--cache-dir", "/dev/null"),
    ],
    ids=["ruff-check", "ruff-format", "mypy-strict"],
)
def test_generated_code_is_clean(command: tuple[str, ...], vapi_package: Package) -> None:
    result = subprocess.run(
        [sys.executable, "-m", *command, f"{vapi_package.name}/validators"],
        capture_output=True,
        text=True,
        cwd=vapi_package.root,  # not the package folder: `token.py` would shadow a stdlib module
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
