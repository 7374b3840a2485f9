"""The validators part: `<package>/validators/`, JSON Schema validators compiled from the spec.

The compiler (`generator.validators`) sees the repaired documents, so the validators mean
what the models mean.  Layout of the output:

- `validators/__init__.py`: `validate(name, data)`, `is_valid(name, data)`, `ValidationError`,
  and `validate_<Name>` / `is_valid_<Name>` as attributes loaded on first access.  Importing
  it imports only `_runtime`, not one schema module;
- `validators/_runtime.py`: `ValidationError` and the helpers generated code calls;
- one module per schema, or per group of schemas that refer to each other in a cycle; it
  imports the modules of the schemas it refers to, and nothing else.

Module shells are templates (`templates/validators/`); function bodies come from the compiler.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.errors import UnsupportedSchemaError
from generator.ir import Api
from generator.loading import is_url
from generator.naming import NameScope, validator_function_names, validator_module_name
from generator.refs import ROOT, SpecIndex, unescape_token
from generator.render.environment import make_environment
from generator.render.files import Target, render_template
from generator.render.header import HeaderView, header_view
from generator.render.literals import py_docstring, py_str
from generator.validators import SchemaCompileError, make_dialect
from generator.validators.layout import import_from, signature
from generator.validators.package import (
    WHOLE,
    CompiledModule,
    CompiledPackage,
    CompiledRoot,
    Share,
    compile_package,
)
from generator.validators.resolver import SchemaIndex, join_uri
from generator.validators.runtime import runtime_source
from generator.writer import RenderedFile

SUBPACKAGE = "validators"
RUNTIME_MODULE = "_runtime"


@dataclass(frozen=True, slots=True)
class RootView:
    """The two public functions of one schema."""

    is_valid_signature: str
    is_valid_doc: str
    validate_signature: str
    validate_doc: str
    ok: str
    err: str
    where: str  #: the schema's location, as a literal or a module constant


@dataclass(frozen=True, slots=True)
class ModuleView:
    header: str  #: the generated-file header line (the same in every module)
    docstring: str
    imports: str  #: laid-out import statements
    sections: tuple[str, ...]  #: constants, functions and function tables, as emitted
    roots: tuple[RootView, ...]


@dataclass(frozen=True, slots=True)
class IndexView:
    header: HeaderView
    package_name: str
    schemas: tuple[tuple[str, str], ...]  #: (name literal, module literal), by name


def render_validators(target: Target) -> Iterable[RenderedFile]:
    """The validators package, or one shard of it: each shard its share of the modules, the
    first one the runtime and the index too."""
    shard = target.shard
    package = compile_validators(target.api, target.index, share=(shard.index, shard.count))
    header = header_view(target.api)
    folder = f"{target.package_name}/{SUBPACKAGE}"
    # Rendered once rather than included by each of the hundreds of modules.
    header_line = make_environment().get_template("python/_header.jinja").render(header=header)
    for module in package.modules:
        view = module_view(module, header_line.rstrip("\n"))
        yield render_template("validators/module.py.jinja", f"{folder}/{module.name}.py", view=view)
    if not shard.first:
        return
    yield render_template(
        "validators/runtime.py.jinja",
        f"{folder}/{RUNTIME_MODULE}.py",
        header=header,
        runtime=runtime_source().strip("\n"),
    )
    schemas = sorted(package.module_of.items())
    index = IndexView(
        header,
        target.package_name,
        tuple((py_str(name), py_str(module)) for name, module in schemas),
    )
    yield render_template("validators/__init__.py.jinja", f"{folder}/__init__.py", view=index)


def compile_validators(api: Api, index: SpecIndex, *, share: Share = WHOLE) -> CompiledPackage:
    """Every named schema compiled, grouped into modules (see the module docstring); with a
    `share`, only that share's modules."""
    dialect = make_dialect("openapi-3.0" if api.openapi_version.startswith("3.0") else "2020-12")
    schema_index = SchemaIndex(id_keyword=dialect.id_keyword, retrieve=None)
    base = register_documents(schema_index, index)
    roots = {schema.class_name: schema.id for schema in api.schemas}
    scope = NameScope(fold_case=True)
    scope.reserve(RUNTIME_MODULE, "__init__")

    def name_module(names: Sequence[str]) -> str:
        return scope.claim(validator_module_name(list(names)))

    try:
        return compile_package(dialect, schema_index, base, roots, name_module, share=share)
    except SchemaCompileError as error:
        where = index.display(error.where) if error.where else index.root.name
        raise UnsupportedSchemaError(f"validators: {error.problem}", where=where) from None


def register_documents(schema_index: SchemaIndex, index: SpecIndex) -> str:
    """Index the repaired documents for the compiler; return the root document's base URI.

    A file mounted into the root document (its `$id` names a pointer there) is placed at that
    pointer, where its own `#/...` references mean the root document.  Other files are known
    by their key (their path relative to the root document), so locations read `file#/...`.
    """
    location = index.root.location
    base_uri = location if is_url(location) else Path(location).as_uri()
    base = schema_index.add_document(_with_mounts(index), base_uri, "")
    mounted = set(index.mounts.values())
    for key, document in sorted(index.documents.items()):
        if key != ROOT and key not in mounted:
            schema_index.add_document(document.contents, join_uri(base_uri, key), key)
    return base


def _with_mounts(index: SpecIndex) -> Any:
    document = index.root.contents
    for pointer, key in sorted(index.mounts.items()):
        mounted = index.documents[key].contents
        if isinstance(mounted, dict):
            mounted = {name: value for name, value in mounted.items() if name != "$id"}
        document = _replaced(document, [unescape_token(t) for t in pointer[2:].split("/")], mounted)
    return document


def _replaced(node: Any, tokens: list[str], value: Any) -> Any:
    """A copy of `node` with `value` at the path `tokens` (copies only along the path)."""
    if not tokens:
        return value
    if not isinstance(node, dict) or tokens[0] not in node:
        return node  # the mount point was checked when the index was built
    return {**node, tokens[0]: _replaced(node[tokens[0]], tokens[1:], value)}


def module_view(module: CompiledModule, header: str) -> ModuleView:
    names = ", ".join(f"`{root.name}`" for root in module.roots)
    parts = module.parts
    sections = (parts.constants, parts.functions, parts.tables)
    return ModuleView(
        header=header,
        docstring=py_docstring(f"Validators of the schema(s) {names}. Generated: do not edit."),
        imports="\n".join(_imports(module)),
        sections=tuple(section.strip("\n") for section in sections if section.strip()),
        roots=tuple(_root_view(root) for root in module.roots),
    )


def _imports(module: CompiledModule) -> tuple[str, ...]:
    parts = module.parts
    lines = [f"import {engine} as _{engine}" for engine in parts.engines]
    if "_Any" in parts.runtime_names:  # re-exported names must be imported from their source
        lines.append("from typing import Any as _Any")
    runtime = sorted({*parts.runtime_names, "ValidationError"} - {"_Any"})
    lines.append("")
    lines.append(import_from(f".{RUNTIME_MODULE}", runtime))
    lines.extend(import_from(f".{sibling}", names) for sibling, names in parts.imports)
    return tuple(lines)


def _root_view(root: CompiledRoot) -> RootView:
    validate, is_valid = validator_function_names(root.name)
    where = f"`{root.name}` ({root.location})"
    return RootView(
        is_valid_signature=signature(is_valid, ["data: object"], "bool"),
        is_valid_doc=py_docstring(f"Whether `data` is valid against {where}.", "    "),
        validate_signature=signature(validate, ["data: object"], "list[ValidationError]"),
        validate_doc=py_docstring(
            f"Every error of `data` against {where}; an empty list when it is valid.", "    "
        ),
        ok=root.ok,
        err=root.err,
        where=root.where,
    )
