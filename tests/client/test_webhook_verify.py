"""`<package>.webhooks.verify(headers, body, plan)`: a request signed as the plan says passes,
anything else raises `WebhookVerificationError` and nothing else. Expected signatures are
computed here with `hmac`, independently of the generated code."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import importlib
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.client.packages import generate_client, import_package
from tests.conftest import REPO

SPEC = REPO / "tests" / "specs" / "hooks-verify-signed.yaml"
PACKAGE = "parcel_verify_sdk"
SECRET = "s3cr3t-key"
BODY = b'{"parcel_id":"p-1","delivered_at":"2026-12-04T10:00:00Z"}'
NOW = 1_796_000_000.0


@pytest.fixture(scope="module")
def sdk(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    out = tmp_path_factory.mktemp("verify")
    generate_client(SPEC, out, PACKAGE)
    import_package(out, PACKAGE)
    return importlib.import_module(f"{PACKAGE}.webhooks")


def sign(payload: bytes, *, algorithm: str = "sha256", key: bytes = SECRET.encode()) -> bytes:
    return hmac.new(key, payload, getattr(hashlib, algorithm)).digest()


def plan(**fields: Any) -> dict[str, Any]:
    return {"type": "hmac", "secretKey": SECRET, "algorithm": "sha256", **fields}


def signed_headers(timestamp: str = str(int(NOW))) -> dict[str, str]:
    digest = sign(f"{timestamp}.".encode() + BODY)
    return {"X-Signature": digest.hex(), "X-Timestamp": timestamp}


def test_the_default_hmac_plan_passes_a_signed_request(sdk: ModuleType) -> None:
    assert sdk.verify(signed_headers(), BODY, plan(), now=NOW) is None
    assert sdk.verify(signed_headers(), BODY.decode(), plan(), now=NOW) is None  # a str body


@pytest.mark.parametrize("algorithm", ["sha1", "sha256", "sha512"])
@pytest.mark.parametrize("encoding", ["hex", "base64"])
def test_every_algorithm_and_encoding(sdk: ModuleType, algorithm: str, encoding: str) -> None:
    digest = sign(b"1796000000." + BODY, algorithm=algorithm)
    text = digest.hex() if encoding == "hex" else base64.b64encode(digest).decode()
    headers = {"x-signature": text, "x-timestamp": "1796000000"}
    the_plan = plan(algorithm=algorithm, signatureEncoding=encoding)
    sdk.verify(headers, BODY, the_plan, now=NOW)
    other = "sha512" if algorithm != "sha512" else "sha1"
    with pytest.raises(sdk.WebhookVerificationError, match="signature does not match"):
        sdk.verify(headers, BODY, {**the_plan, "algorithm": other}, now=NOW)


def test_custom_headers_prefix_and_payload_format(sdk: ModuleType) -> None:
    payload = b"POST https://hooks.example.com/in msg_7 1796000000 " + BODY
    headers = {
        "Webhook-Signature": "v1=" + sign(payload).hex(),
        "webhook-timestamp": "1796000000",
        "Webhook-Id": "msg_7",
    }
    the_plan = plan(
        signatureHeader="webhook-signature",
        timestampHeader="Webhook-Timestamp",
        messageIdHeader="webhook-id",
        signaturePrefix="v1=",
        payloadFormat="{method} {url} {svix-id} {timestamp} {body}",
    )
    url = "https://hooks.example.com/in"
    sdk.verify(headers, BODY, the_plan, method="POST", url=url, now=NOW)
    with pytest.raises(sdk.WebhookVerificationError):
        sdk.verify(headers, BODY, the_plan, method="PUT", url=url, now=NOW)


def test_a_base64_secret_and_a_signature_among_several(sdk: ModuleType) -> None:
    key = b"\x00\x01binary key\xff"
    the_plan = plan(secretKey="whsec_" + base64.b64encode(key).decode(), secretIsBase64=True)
    good = base64.b64encode(sign(b"1796000000." + BODY, key=key)).decode()
    headers = {"x-signature": f"stale-one {good}", "x-timestamp": "1796000000"}
    sdk.verify(headers, BODY, {**the_plan, "signatureEncoding": "base64"}, now=NOW)
    with pytest.raises(sdk.WebhookVerificationError, match="not valid base64"):
        sdk.verify(headers, BODY, {**the_plan, "secretKey": "not base64!"}, now=NOW)


def test_without_a_timestamp_only_the_body_is_signed(sdk: ModuleType) -> None:
    headers = {"x-signature": sign(BODY).hex()}
    sdk.verify(headers, BODY, plan(includeTimestamp=False))  # no clock involved


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"body": BODY + b" "}, "signature does not match"),
        ({"signature": "00" * 32}, "signature does not match"),
        ({"now": NOW + 301}, "outside the tolerance"),
        ({"now": NOW - 301}, "outside the tolerance"),
        ({"timestamp": "yesterday"}, "not a number"),
        ({"timestamp": "nan"}, "not a number"),
        ({"drop": "X-Timestamp"}, "no 'x-timestamp' header"),
        ({"drop": "X-Signature"}, "no 'x-signature' header"),
    ],
)
def test_a_tampered_old_or_incomplete_request_is_refused(
    sdk: ModuleType, change: dict[str, Any], message: str
) -> None:
    timestamp = change.get("timestamp", str(int(NOW)))
    headers = signed_headers(timestamp if "timestamp" not in change else str(int(NOW)))
    headers["X-Timestamp"] = timestamp
    if "signature" in change:
        headers["X-Signature"] = change["signature"]
    headers.pop(change.get("drop", ""), None)
    with pytest.raises(sdk.WebhookVerificationError, match=message) as caught:
        sdk.verify(headers, change.get("body", BODY), plan(), now=change.get("now", NOW))
    assert SECRET not in str(caught.value)
    assert signed_headers()["X-Signature"] not in str(caught.value)


def test_a_millisecond_timestamp_and_the_tolerance_argument(sdk: ModuleType) -> None:
    milliseconds = str(int(NOW * 1000))
    digest = sign(f"{milliseconds}.".encode() + BODY)
    headers = {"x-signature": digest.hex(), "x-timestamp": milliseconds}
    sdk.verify(headers, BODY, plan(), now=NOW + 200)
    with pytest.raises(sdk.WebhookVerificationError):
        sdk.verify(headers, BODY, plan(), now=NOW + 200, tolerance=100)


def test_the_plan_may_be_a_model_of_the_package(sdk: ModuleType) -> None:
    models = __import__(f"{PACKAGE}.models", fromlist=["HmacSigningPlan"])
    model = models.HmacSigningPlan(type="hmac", secret_key=SECRET, algorithm="sha256")
    sdk.verify(signed_headers(), BODY, model, now=NOW)
    bearer = models.BearerSigningPlan(type="bearer", token="tok-1", bearer_prefix_enabled=False)
    sdk.verify({"authorization": "tok-1"}, BODY, bearer)


def test_bearer_plans(sdk: ModuleType) -> None:
    sdk.verify({"Authorization": "Bearer tok-1"}, BODY, {"type": "bearer", "token": "tok-1"})
    custom = {"type": "bearer", "token": "tok-1", "headerName": "X-Hook-Token"}
    sdk.verify({"x-hook-token": "Bearer tok-1"}, BODY, custom)
    for headers, the_plan in [
        ({"Authorization": "Bearer tok-2"}, {"type": "bearer", "token": "tok-1"}),
        ({"Authorization": "tok-1"}, {"type": "bearer", "token": "tok-1"}),
        ({}, {"type": "bearer", "token": "tok-1"}),
        ({"Authorization": "Bearer "}, {"type": "bearer", "token": ""}),
    ]:
        with pytest.raises(sdk.WebhookVerificationError) as caught:
            sdk.verify(headers, BODY, the_plan)
        assert "tok-1" not in str(caught.value)


@pytest.mark.parametrize(
    "the_plan",
    [{"type": "oauth2"}, {}, None, 5, plan(algorithm="md5"), plan(signatureEncoding="hex32")],
)
def test_a_plan_that_cannot_be_used_is_the_same_error(sdk: ModuleType, the_plan: Any) -> None:
    with pytest.raises(sdk.WebhookVerificationError):
        sdk.verify(signed_headers(), BODY, the_plan, now=NOW)


@settings(max_examples=300, deadline=None)
@given(
    headers=st.dictionaries(
        st.sampled_from(["x-signature", "X-Timestamp", "x-id", "authorization"]),
        st.text(max_size=40),
    ),
    body=st.binary(max_size=64) | st.text(max_size=64),
    fields=st.dictionaries(
        st.sampled_from(
            [
                *("type", "secretKey", "algorithm", "payloadFormat", "secretIsBase64", "token"),
                *("signatureEncoding", "includeTimestamp", "messageIdHeader", "headerName"),
            ]
        ),
        st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    ),
)
def test_only_its_documented_error_ever_escapes(
    sdk: ModuleType, headers: dict[str, str], body: bytes | str, fields: dict[str, Any]
) -> None:
    with contextlib.suppress(sdk.WebhookVerificationError):
        sdk.verify(headers, body, fields, now=NOW)


def test_verify_is_in_the_module_all(sdk: ModuleType) -> None:
    assert {"verify", "WebhookVerificationError"} <= set(sdk.__all__)
    assert Path(sdk.__file__).with_name("_webhook_verify.py").is_file()


@pytest.mark.slow
def test_the_full_specs_own_plans_verify(full_sdk: ModuleType) -> None:
    """The plans the full spec defines, as its models, drive `verify` (and the module has it)."""
    webhooks = importlib.import_module(f"{full_sdk.__name__}.webhooks")
    models = importlib.import_module(f"{full_sdk.__name__}.models")
    hmac_plan = models.HMACAuthenticationPlan(type="hmac", secret_key=SECRET, algorithm="sha256")
    webhooks.verify(signed_headers(), BODY, hmac_plan, now=NOW)
    bearer = models.BearerAuthenticationPlan(type="bearer", token="tok-9")
    webhooks.verify({"authorization": "Bearer tok-9"}, BODY, bearer)
    with pytest.raises(webhooks.WebhookVerificationError):
        webhooks.verify({"authorization": "Bearer tok-8"}, BODY, bearer)
