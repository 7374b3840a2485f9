"""Comparing the client methods of two IRs: operations, parameters, bodies, responses.

Operations are matched by client method (`Vapi.calls.delete`), so a spec that renames an
`operationId` without changing the method reports nothing. Only success responses are
compared: they are what a method returns; error bodies reach users as exceptions.
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.diff.records import Finding
from generator.diff.schemas import compare_docs
from generator.diff.types import Site, compare_types
from generator.ir import Api, Content, Operation, Parameter, RequestBody, Response
from generator.ir.display import type_label


def method_symbol(client: str, operation: Operation) -> str:
    return f"{client}.{operation.resource}.{operation.py_name}"


def compare_operations(old: Api, new: Api, site: Site) -> Iterator[Finding]:
    """Both sides are named with the new client's name: a retitled spec renames nothing."""
    client = new.client_name
    old_by = {method_symbol(client, op): op for op in old.operations}
    new_by = {method_symbol(client, op): op for op in new.operations}
    for symbol, operation in old_by.items():
        if symbol not in new_by:
            detail = f"{operation.method.upper()} {operation.path}"
            yield Finding(symbol=symbol, kind="removed", detail=detail, side="both")
    for symbol, operation in new_by.items():
        here = Site(symbol, site.old_names, site.new_names, side="both")
        if symbol not in old_by:
            yield here.finding("added", f"{operation.method.upper()} {operation.path}")
        else:
            yield from _compare_operation(old_by[symbol], operation, here)


def _compare_operation(old: Operation, new: Operation, site: Site) -> Iterator[Finding]:
    if (old.method, old.path) != (new.method, new.path):
        detail = f"{old.method.upper()} {old.path} -> {new.method.upper()} {new.path}"
        yield site.finding("type-changed", detail)
    old_text = "\n".join(filter(None, (old.summary, old.description)))
    new_text = "\n".join(filter(None, (new.summary, new.description)))
    yield from compare_docs(old_text, new_text, old.deprecated, new.deprecated, site)
    request = Site(site.symbol, site.old_names, site.new_names, side="request")
    yield from _compare_parameters(old.parameters, new.parameters, request)
    yield from _compare_bodies(old.body, new.body, request.at(f"{site.symbol}(body)"))
    response = Site(site.symbol, site.old_names, site.new_names, side="response")
    yield from _compare_responses(old.responses, new.responses, response)


def _compare_parameters(
    old: tuple[Parameter, ...], new: tuple[Parameter, ...], site: Site
) -> Iterator[Finding]:
    old_by = {(p.location, p.wire_name): p for p in old}
    new_by = {(p.location, p.wire_name): p for p in new}
    for key, parameter in old_by.items():
        if key not in new_by:
            label = f"{parameter.location} {type_label(parameter.type, site.old_names)}"
            yield site.at(f"{site.symbol}({parameter.py_name})").finding("removed", label)
    for key, parameter in new_by.items():
        here = site.at(f"{site.symbol}({parameter.py_name})")
        if key not in old_by:
            label = f"{parameter.location} {type_label(parameter.type, site.new_names)}"
            yield here.finding("added", label, required=parameter.required)
            continue
        before = old_by[key]
        if before.required != parameter.required:
            yield here.finding("became-required" if parameter.required else "became-optional", "")
        yield from compare_types(before.type, parameter.type, here)
        yield from compare_docs(
            before.description, parameter.description, before.deprecated, parameter.deprecated, here
        )


def _compare_bodies(
    old: RequestBody | None, new: RequestBody | None, site: Site
) -> Iterator[Finding]:
    if old is None and new is None:
        return
    if new is None:
        yield site.finding("removed", "request body")
        return
    if old is None:
        yield site.finding("added", "request body", required=new.required)
        return
    if old.required != new.required:
        yield site.finding("became-required" if new.required else "became-optional", "")
    yield from _compare_contents(old.contents, new.contents, site)
    yield from compare_docs(old.description, new.description, False, False, site)


def _compare_responses(
    old: tuple[Response, ...], new: tuple[Response, ...], site: Site
) -> Iterator[Finding]:
    old_by = {r.status: r for r in old if r.status.startswith("2")}
    new_by = {r.status: r for r in new if r.status.startswith("2")}
    for status in old_by:
        if status not in new_by:
            yield site.at(f"{site.symbol}->{status}").finding("removed", "response")
    for status, response in new_by.items():
        here = site.at(f"{site.symbol}->{status}")
        if status not in old_by:
            yield here.finding("added", "response")
            continue
        yield from _compare_contents(old_by[status].contents, response.contents, here)
        yield from compare_docs(
            old_by[status].description, response.description, False, False, here
        )


def _compare_contents(
    old: tuple[Content, ...], new: tuple[Content, ...], site: Site
) -> Iterator[Finding]:
    old_by = {c.media_type: c for c in old}
    new_by = {c.media_type: c for c in new}
    for media in old_by:
        if media not in new_by:
            yield site.at(f"{site.symbol}[{media!r}]").finding("removed", media)
    for media, content in new_by.items():
        if media not in old_by:
            yield site.at(f"{site.symbol}[{media!r}]").finding("added", media)
            continue
        before = old_by[media].type
        if before is not None and content.type is not None:
            yield from compare_types(before, content.type, site)
        elif (before is None) != (content.type is None):
            yield site.finding(
                "type-changed", f"{media}: schema {'added' if before is None else 'removed'}"
            )
