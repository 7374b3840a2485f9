"""Payloads the test server answers with, shaped like the API's."""

from __future__ import annotations

from typing import Any

STAMP = "2024-05-01T12:00:00.000Z"
ID = "2f8e0c5e-9a55-4f43-9a1c-2d5c1a8e9b10"


def byo(number: int = 0, **extra: Any) -> dict[str, Any]:
    return {
        "provider": "byo-phone-number",
        "id": f"2f8e0c5e-9a55-4f43-9a1c-{number:012d}",
        "orgId": "org-1",
        "createdAt": STAMP,
        "updatedAt": STAMP,
        "credentialId": "cred-1",
        "name": f"Line {number}",
        **extra,
    }


def twilio(number: int = 0) -> dict[str, Any]:
    return {
        "provider": "twilio",
        "id": f"7c1d6a2e-1b0f-4e3a-8d2c-{number:012d}",
        "orgId": "org-1",
        "createdAt": STAMP,
        "updatedAt": STAMP,
        "number": "+14155551234",
        "twilioAccountSid": "AC123",
    }


def page(items: list[dict[str, Any]], current: int, per_page: int, total: int) -> dict[str, Any]:
    return {
        "results": items,
        "metadata": {"itemsPerPage": per_page, "totalItems": total, "currentPage": current},
    }
