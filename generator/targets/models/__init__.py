"""The models part: pydantic models in `<package>/_models/`, one module per schema, and
`<package>/models.py`, which imports each on first use.

A model module imports no other model module at run time: a referenced model is a stand-in
(`_sdk.later`) that loads its module when a payload first needs it, and pydantic builds each
validator on first use (`defer_build`). Importing `ServerMessage` so costs one module, and
validating a status update builds only the models that payload holds. Type checkers see the
real classes through `TYPE_CHECKING` imports.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from generator.ir import Alias, Api, Enum, LiteralOf, Model, NamedSchema, Nullable, SchemaId
from generator.ir.graph import recursive_aliases, references
from generator.naming import MODEL_RUNTIME_EXPORTS, NameScope, module_name
from generator.render.files import Target, render_static, render_template
from generator.render.header import HeaderView, header_view
from generator.render.layout import Atom, assignment, call, fits, import_line
from generator.render.literals import py_docstring, py_str
from generator.render.pytypes import TypeContext, annotation
from generator.targets.models.fields import FieldStatements
from generator.writer import RenderedFile

PRIVATE_PACKAGE = "_models"
RUNTIME_MODULE = "_base"
#: What `<package>.models` exports besides the models: the runtime types users meet in them.
#: the static runtime modules (`render_static`), the same for every spec
STATIC = (f"{PRIVATE_PACKAGE}/{RUNTIME_MODULE}.py", f"{PRIVATE_PACKAGE}/__init__.py")
RUNTIME_EXPORTS = MODEL_RUNTIME_EXPORTS  # naming keeps class names clear of them


@dataclass(frozen=True, slots=True)
class ModulePlan:
    name: str
    schema: NamedSchema


@dataclass(frozen=True, slots=True)
class ClassView:
    name: str
    opening: str  #: the `class Name(_sdk.Model):` line(s), split as ruff splits a long one
    docstring: str
    config: str | None  #: a `model_config = ...` line, when it differs from the base's
    fields: tuple[str, ...]  #: laid-out statements


@dataclass(frozen=True, slots=True)
class AliasView:
    code: str
    docstring: str | None
    #: aliases of a recursive cycle in other modules, imported after this one is defined
    cyclic_imports: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ModuleView:
    header: HeaderView
    docstring: str
    imports: tuple[str, ...]
    checked_imports: tuple[str, ...]  #: the referenced models, for type checkers
    later: tuple[str, ...]  #: their stand-ins at run time
    model: ClassView | None
    alias: AliasView | None


@dataclass(frozen=True, slots=True)
class IndexView:
    header: HeaderView
    package_name: str
    imports: tuple[str, ...]  #: for type checkers
    modules: tuple[tuple[str, str], ...]  #: (name, module) for the lazy loader
    names: tuple[str, ...]  #: `__all__`
    runtime: tuple[str, ...] = RUNTIME_EXPORTS


def plan_modules(api: Api) -> tuple[ModulePlan, ...]:
    """A module per schema, named after its class and claimed in class-name order (the order
    of `api.schemas`), so adding an unrelated schema renames no module."""
    scope = NameScope(fold_case=True)
    scope.reserve(RUNTIME_MODULE, "__init__")
    return tuple(
        ModulePlan(scope.claim(module_name(schema.class_name)), schema) for schema in api.schemas
    )


def render_models(target: Target) -> Iterable[RenderedFile]:
    api, package = target.api, target.package_name
    plans = plan_modules(api)
    owner = {plan.schema.id: plan.name for plan in plans}
    by_id = api.schemas_by_id()
    base = f"{package}/{PRIVATE_PACKAGE}"
    header = header_view(api)
    statements = FieldStatements()
    recursive = recursive_aliases(api.schemas)
    for plan in target.shard.pick(plans):
        view = module_view(plan, by_id, owner, header, statements, recursive)
        yield render_template("python/models/module.py.jinja", f"{base}/{plan.name}.py", view=view)
    if target.shard.first:
        for name in STATIC:
            yield render_static(name, package, header)
        index = index_view(api, plans, package)
        yield render_template("python/models/index.py.jinja", f"{package}/models.py", view=index)


def module_view(
    plan: ModulePlan,
    by_id: Mapping[SchemaId, NamedSchema],
    owner: Mapping[SchemaId, str],
    header: HeaderView,
    statements: FieldStatements,
    recursive: frozenset[SchemaId] = frozenset(),
) -> ModuleView:
    schema = plan.schema
    ctx = TypeContext(by_id)
    model = class_view(schema, ctx, statements) if isinstance(schema, Model) else None
    alias = (
        None
        if isinstance(schema, Model)
        else alias_view(schema, ctx, recursive=schema.id in recursive)
    )
    models: dict[str, list[str]] = {}
    aliases: dict[str, list[str]] = {}
    cyclic: dict[str, list[str]] = {}
    for target in references(schema):
        referenced = by_id[target]
        if referenced.class_name not in ctx.classes:
            continue
        if isinstance(referenced, Model):  # a model referring to itself too: a stand-in
            models.setdefault(owner[target], []).append(referenced.class_name)
        elif owner[target] != plan.name:
            # Aliases of a cycle refer to each other by name (their values are strings,
            # read when a model is built): imported last, so the cycle's imports complete.
            cycle = schema.id in recursive and target in recursive
            grouped = cyclic if cycle else aliases
            grouped.setdefault(owner[target], []).append(referenced.class_name)
    if alias is not None and cyclic:
        alias = dataclasses.replace(alias, cyclic_imports=_cyclic_imports(cyclic))
    if models:
        ctx.use("typing", "TYPE_CHECKING")
    return ModuleView(
        header=header,
        docstring=py_docstring(f"The `{schema.class_name}` model."),
        imports=_imports(
            ctx,
            aliases,
            runtime=alias is None or "_sdk." in alias.code or bool(models),
            alias=alias,
        ),
        checked_imports=tuple(
            import_line(f".{module}", names, indent=1)
            for module, names in sorted(models.items())
            if module != plan.name  # a model that refers to itself needs no import
        ),
        later=tuple(
            assignment(name, call("_sdk.later", Atom(f'"{module}"'), Atom(f'"{name}"')), 1)
            for module, names in sorted(models.items())
            for name in names
        ),
        model=model,
        alias=alias,
    )


def class_view(model: Model, ctx: TypeContext, statements: FieldStatements) -> ClassView:
    opening = f"class {model.class_name}(_sdk.Model):"
    if not fits(opening, 0):  # a long component name, kept verbatim
        opening = f"class {model.class_name}(\n    _sdk.Model\n):"
    return ClassView(
        name=model.class_name,
        opening=opening,
        docstring=py_docstring(_describe(model), indent="    "),
        config=_config(model, ctx),
        fields=tuple(statements.statement(field, ctx) for field in model.fields),
    )


def _describe(schema: NamedSchema) -> str:
    text = (schema.description or "").strip() or f"The `{schema.class_name}` schema."
    return text + ("\n\nDeprecated." if schema.deprecated else "")


def _config(model: Model, ctx: TypeContext) -> str | None:
    if model.extra is None:
        ctx.pydantic.add("ConfigDict")
        return 'model_config = ConfigDict(extra="forbid")'
    return None


def alias_view(schema: Alias | Enum, ctx: TypeContext, *, recursive: bool = False) -> AliasView:
    if isinstance(schema, Enum):
        values = tuple(member.value for member in schema.members)
        type_ = LiteralOf(values, open=schema.open, base=schema.base)
        expr = annotation(Nullable(type_) if schema.nullable else type_, ctx)
    else:
        expr = annotation(schema.type, ctx)
    if recursive:
        # A recursive alias cannot be an expression that uses itself: pydantic and mypy both
        # read a `TypeAliasType` whose value is a string, resolved on first use.
        name = schema.class_name
        value = call("TypeAliasType", Atom(py_str(name)), Atom(py_str(expr.flat())))
        code = assignment(name, value)
    else:
        ctx.typing.add("TypeAlias")
        code = assignment(f"{schema.class_name}: TypeAlias", expr)
    description = (schema.description or "").strip()
    return AliasView(code=code, docstring=py_docstring(description) if description else None)


def _cyclic_imports(cyclic: Mapping[str, list[str]]) -> tuple[str, ...]:
    lines = []
    for module in sorted(cyclic):
        first, *rest = import_line(f".{module}", sorted(set(cyclic[module]))).split("\n")
        lines.append("\n".join([f"{first}  # noqa: E402", *rest]))
    return tuple(lines)


def _imports(
    ctx: TypeContext, imported: Mapping[str, list[str]], *, runtime: bool, alias: AliasView | None
) -> tuple[str, ...]:
    lines = []
    if ctx.typing:
        lines.append(import_line("typing", sorted(ctx.typing, key=_isort_key)))
    if alias is not None and alias.code.split(" = ", 1)[1].startswith("TypeAliasType("):
        lines.append("from typing_extensions import TypeAliasType")
    if ctx.pydantic:
        lines.append(import_line("pydantic", sorted(ctx.pydantic)))
    if runtime:  # every model; an alias only if its type uses the runtime
        lines.append(f"from . import {RUNTIME_MODULE} as _sdk")
    for module in sorted(imported):  # aliases are values, imported as they are
        lines.append(import_line(f".{module}", sorted(set(imported[module]))))
    return tuple(lines)


def _isort_key(name: str) -> tuple[bool, str]:
    """Constants first, then classes and functions (isort's order within one import)."""
    return (not name.isupper(), name)


def index_view(api: Api, plans: tuple[ModulePlan, ...], package: str) -> IndexView:
    modules = sorted((plan.schema.class_name, plan.name) for plan in plans)
    names = sorted([name for name, _ in modules] + list(RUNTIME_EXPORTS))
    runtime = f"{package}.{PRIVATE_PACKAGE}.{RUNTIME_MODULE}"
    imports = [import_line(runtime, list(RUNTIME_EXPORTS), indent=1)]
    grouped: dict[str, list[str]] = {}
    for name, module in modules:
        grouped.setdefault(module, []).append(name)
    for module in sorted(grouped):
        imports.append(
            import_line(f"{package}.{PRIVATE_PACKAGE}.{module}", grouped[module], indent=1)
        )
    return IndexView(
        header=header_view(api),
        package_name=package,
        imports=tuple(imports),
        modules=tuple(modules),
        names=tuple(names),
    )
