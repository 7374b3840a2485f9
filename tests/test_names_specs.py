"""The `names-*` specs of the corpus, generated: the client's resources and methods carry the
names a user would type, nothing is numbered, and the package imports and builds its models.

The corpus harness checks ruff and mypy over every spec; these tests check the names."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from generator.lowering import ALL_RULES
from generator.pipeline import load_api
from tests.models.packages import generate_models, import_from

SPECS = Path(__file__).parent / "specs"
_WRAPPERS = {"with_raw_response", "with_streaming_response"}

EXPECTED: dict[str, dict[str, set[str]]] = {
    "names-fastapi": {
        "voices": {"list", "add", "get", "delete", "get_voice_settings", "edit_voice_settings"},
        "dubbing": {"create", "get_dubbing_resource"},
    },
    "names-snake-case": {
        "files": {"list", "create", "get", "replace", "update", "delete", "get_download"},
        "users": {"list_folders", "update_folders"},
    },
    "names-styles": {
        "pets": {"list", "create", "show", "list_vaccinations"},
        "owners": {"list", "create"},
        "toys": {"list", "create"},
        "orders": {"list", "cancel", "post_3d_secure_check"},
        "stores": {"list", "get", "delete"},
    },
    "names-payments": {
        "customers": {"list", "create", "get", "update", "delete"},
        "issuing": {"list_cards", "deliver_card"},
        "payment_intents": {"confirm"},
        "accounts": {"get"},
    },
    "names-untagged": {
        "projects": {"list", "create", "get", "update", "delete", "archive"}
        | {"list_tasks", "create_task", "get_task", "update_task"},
        "users": {"get_current_user", "update_avatar"},
        "health": {"get"},
    },
    "names-filters": {"calls": {"list", "fetch"}},
    "names-hostile": {  # keywords, options and the client's own members, escaped
        "class_": {"get", "post_3d_secure", "timeout_"},
        "close_": {"import_", "with_raw_response_"},
    },
    "names-nested": {
        "organizations": {
            "get_organization_chart_with_every_nested_preference_and_notification_setting"
        }
    },
}


def _package_name(stem: str) -> str:
    return "names_pkg_" + stem.removeprefix("names-").replace("-", "_")


def _generate(stem: str, out: Path) -> ModuleType:
    package = _package_name(stem)
    generate_models(SPECS / f"{stem}.yaml", out, package)
    root = import_from(out, package)
    for module in pkgutil.walk_packages(root.__path__, package + "."):
        importlib.import_module(module.name)
    return root


def _client_class(root: ModuleType) -> type[Any]:
    clients = importlib.import_module(root.__name__ + "._client._clients")
    core = importlib.import_module(root.__name__ + "._client._core")
    return next(
        value
        for value in vars(clients).values()
        if isinstance(value, type) and issubclass(value, core.SyncClient)
    )


def _resources(root: ModuleType) -> dict[str, type[Any]]:
    """Resource attribute → its class, from a client instance (resources are created on use)."""
    client_class = _client_class(root)
    client = client_class(token="token", base_url="http://127.0.0.1:9")
    attrs = [name for name, member in vars(client_class).items() if hasattr(member, "func")]
    return {attr: type(getattr(client, attr)) for attr in attrs}


def _surface(root: ModuleType) -> dict[str, set[str]]:
    """Resource attribute → its public method names, read from the generated classes."""
    return {
        attr: {
            name
            for name, value in vars(cls).items()
            if callable(value) and not name.startswith("_") and name not in _WRAPPERS
        }
        for attr, cls in _resources(root).items()
    }


@pytest.mark.parametrize("stem", sorted(EXPECTED))
def test_generated_client_names(stem: str, tmp_path: Path) -> None:
    root = _generate(stem, tmp_path)
    surface = _surface(root)
    assert surface == EXPECTED[stem]
    numbered = [f"{r}.{m}" for r, methods in surface.items() for m in methods]
    assert not [name for name in numbered if re.search(r"[a-z_]\d+$", name)]


def test_every_names_spec_is_covered() -> None:
    assert {path.stem for path in SPECS.glob("names-*.yaml")} == set(EXPECTED)


def test_lower_case_and_dotted_schemas_are_pascal_classes(tmp_path: Path) -> None:
    root = _generate("names-payments", tmp_path)
    models = importlib.import_module(root.__name__ + ".models")
    assert {"Customer", "CustomerList", "IssuingCard", "PaymentIntent", "ApiV2010Account"} <= set(
        models.__all__
    )
    # a field named like its type (`customer: customer`) no longer shadows the class
    merged = models.Customer.model_validate({"id": "cus_2", "customer": {"id": "cus_1"}})
    assert merged.customer.id == "cus_1"
    card = models.IssuingCard(id="ic_1", customer=models.Customer(id="c"))
    assert card.model_dump(exclude_unset=True) == {"id": "ic_1", "customer": {"id": "c"}}
    intent = models.PaymentIntent.model_validate({"id": "pi", "amount": 5, "payment_intent": "x"})
    assert intent.payment_intent == "x"


def test_a_model_named_like_a_resource_class_keeps_its_name(tmp_path: Path) -> None:
    root = _generate("names-fastapi", tmp_path)
    models = importlib.import_module(root.__name__ + ".models")
    resource = _resources(root)["dubbing"]
    assert models.DubbingResource.__module__.endswith("dubbing_resource")
    assert resource.__name__ == "DubbingOperations"  # the resource took another name
    assert models.DubbingResource.model_validate({"dubbing_id": "d", "status": "dubbed"})


def test_punctuation_only_parameters_get_meaningful_names(tmp_path: Path) -> None:
    root = _generate("names-filters", tmp_path)
    calls = _resources(root)["calls"]
    parameters = set(inspect.signature(calls.list).parameters)
    assert {"date_created", "date_created_before", "date_created_after"} <= parameters
    assert {"start_time_on_or_after", "start_time_on_or_before", "status_not"} <= parameters
    assert {"created_gte", "created_lte", "page_size", "account_sid"} <= parameters


def test_deeply_nested_names_are_bounded_and_stable(tmp_path: Path) -> None:
    first = _module_files(tmp_path / "first")
    second = _module_files(tmp_path / "second")
    assert first == second
    assert max(len(name) for name in first) <= 80 + len(".py")
    loaded = load_api(str(SPECS / "names-nested.yaml"), repairs=frozenset(ALL_RULES))
    inline = [s.class_name for s in loaded.api.schemas if "/properties/" in s.id]
    assert inline and max(map(len, inline)) <= 60
    assert len(set(inline)) == len(inline)
    # the two wings of the report: one readable name each, told apart by the parent's words
    assert {
        "QuarterlyWarehouseInventoryPerShelfRestockingThresholds",
        "WarehouseInventoryReportSouthPerShelfRestockingThresholds",
    } <= set(inline)


def _module_files(out: Path) -> list[str]:
    generate_models(SPECS / "names-nested.yaml", out, "names_pkg_nested_files")
    return sorted(path.name for path in (out / "names_pkg_nested_files" / "_models").iterdir())
