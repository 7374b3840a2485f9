"""Fixtures: a real HTTP server on 127.0.0.1, and the clients generated from the project
spec and from the full Vapi spec (into temporary folders), pointed at it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.client.packages import generate_client, import_package, load
from tests.client.server import TestServer, running
from tests.client.spec_payloads import SpecPayloads
from tests.conftest import REPO, VAPI, require_shared

PROJECT = "client_project_sdk"
FULL = "client_full_sdk"
TOKEN = "sk-test-0123456789"


@pytest.fixture(scope="session")
def project_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("client-project")
    return generate_client(REPO / "specs" / "phone-numbers.yaml", out, PROJECT)


@pytest.fixture(scope="session")
def sdk(project_out: Path) -> ModuleType:
    """The package generated from the project spec (`vapi_sdk` in `generated/`)."""
    return import_package(project_out, PROJECT)


@pytest.fixture(scope="session")
def full_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    spec = require_shared(VAPI / "vapi-2026-06-10.json")
    return generate_client(spec, tmp_path_factory.mktemp("client-full"), FULL)


@pytest.fixture(scope="session")
def full_sdk(full_out: Path) -> ModuleType:
    return import_package(full_out, FULL)


@pytest.fixture(scope="session")
def full_payloads() -> SpecPayloads:
    """Payloads built from the full spec's schemas."""
    return SpecPayloads(load(require_shared(VAPI / "vapi-2026-06-10.json")))


@pytest.fixture(scope="session")
def mypy_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache for every mypy run: typeshed, httpx and pydantic are read once."""
    return tmp_path_factory.mktemp("mypy-cache")


@pytest.fixture(scope="session")
def http_server() -> Iterator[TestServer]:
    yield from running()


@pytest.fixture
def server(http_server: TestServer) -> Iterator[TestServer]:
    http_server.reset()
    yield http_server
    http_server.reset()


def fast(client: Any) -> Any:
    """Retry delays of milliseconds, so retry tests stay fast."""
    client.initial_retry_delay = 0.01
    client.max_retry_delay = 0.05
    client.max_retry_after = 0.3
    return client


@pytest.fixture
def client(sdk: ModuleType, server: TestServer) -> Iterator[Any]:
    with fast(sdk.Vapi(token=TOKEN, base_url=server.url, timeout=5.0)) as made:
        yield made


@pytest.fixture
def full_client(full_sdk: ModuleType, server: TestServer) -> Iterator[Any]:
    with fast(full_sdk.Vapi(token=TOKEN, base_url=server.url, timeout=5.0)) as made:
        yield made
