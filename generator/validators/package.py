"""Compile many named schemas into a package of modules, one per group of schemas.

Compiling every schema of a large spec into one module gives megabytes that must all be
imported to validate anything.  Instead each schema gets its own module, except that schemas
that reference each other in a cycle (a strongly connected component of the reference graph)
share one.  A module imports the functions of the schemas it references from their modules,
so importing one schema's module imports exactly what validating it needs.  Because imports
follow the edges of the component graph, which has no cycles, no import cycle can arise.

Modules are compiled referrers first: a module asking another for annotation functions
(``unevaluated*``) records the request before that module is compiled.  Without those
keywords modules are compiled independently of each other, so a package can be compiled in
shares (one per core), each compiling every n-th module; with them, the first share compiles
them all.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from generator.validators.compiler import ModuleCompiler, ModuleParts, unit_name
from generator.validators.context import Dialect
from generator.validators.errors import SchemaCompileError
from generator.validators.resolver import SchemaIndex, Target

#: A group of root names -> the module name to use for it (unique per group).
ModuleNamer = Callable[[Sequence[str]], str]


@dataclass(frozen=True, slots=True)
class CompiledRoot:
    name: str  #: the public name (validate_<name>)
    location: str  #: where the schema is, e.g. "#/components/schemas/X"
    ok: str  #: its fast-path function
    err: str  #: its error-collecting function
    where: str  #: expression of its location (a literal or a module constant), for errors


@dataclass(frozen=True, slots=True)
class CompiledModule:
    name: str
    roots: tuple[CompiledRoot, ...]
    parts: ModuleParts


@dataclass(frozen=True, slots=True)
class CompiledPackage:
    modules: tuple[CompiledModule, ...]  #: the compiled modules (of one share), by name
    module_of: Mapping[str, str]  #: every root's module, for the whole package


#: (index, count): compile every `count`-th module, starting at `index`
Share = tuple[int, int]
WHOLE: Share = (0, 1)
#: Keywords through which one module asks another for functions (see the module docstring).
_CROSS_MODULE = ("unevaluatedProperties", "unevaluatedItems")


def compile_package(
    dialect: Dialect,
    index: SchemaIndex,
    base: str,
    roots: Mapping[str, str],
    name_module: ModuleNamer,
    *,
    share: Share = WHOLE,
) -> CompiledPackage:
    """Modules for `roots` (name -> location in the document at `base`), sorted by name; with
    a `share`, only that share's modules (the same text as in a whole compile)."""
    # Compiling creates millions of short-lived, acyclic objects: the cycle collector would
    # only rescan them (about a third of the time on the Vapi spec), so it pauses meanwhile.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _compile_package(dialect, index, base, roots, name_module, share)
    finally:
        if collecting:
            gc.enable()


def _compile_package(
    dialect: Dialect,
    index: SchemaIndex,
    base: str,
    roots: Mapping[str, str],
    name_module: ModuleNamer,
    share: Share,
) -> CompiledPackage:
    targets = {name: index.add_subtree(location, base) for name, location in roots.items()}
    by_location = {target.location: name for name, target in targets.items()}
    graph = {name: _references(index, target, by_location) for name, target in targets.items()}
    groups = strongly_connected(graph)  # every group after the groups it refers to
    module_of: dict[str, str] = {}
    for group in sorted(groups):  # names claimed in name order, whatever the references
        module_of.update(dict.fromkeys(group, name_module(group)))
    units = _unit_names(sorted(roots))
    external = {t.location: (module_of[n], units[n]) for n, t in targets.items()}
    requests: dict[str, set[str]] = {}
    memo: dict[object, object] = {}
    compiled = []
    importable = _importable(groups, graph, module_of)
    reserved = frozenset(units.values())
    for group in _share_of(list(reversed(groups)), share, dialect):
        allowed = importable[module_of[group[0]]]
        compiler = ModuleCompiler(dialect, index, external, allowed, requests, memo)
        compiler.reserve(reserved)
        members = [_compile_root(compiler, n, targets[n], units[n], requests) for n in group]
        compiler.drain()
        module = CompiledModule(module_of[group[0]], tuple(members), compiler.parts())
        compiled.append(module)
    return CompiledPackage(tuple(sorted(compiled, key=lambda module: module.name)), module_of)


def _share_of(groups: list[list[str]], share: Share, dialect: Dialect) -> list[list[str]]:
    """The groups one share compiles, in compile order."""
    position, count = share
    if count == 1:
        return groups
    if any(keyword in dialect.emitters for keyword in _CROSS_MODULE):
        return groups if position == 0 else []  # requests may cross shares: one compiles all
    return groups[position::count]


def _compile_root(
    compiler: ModuleCompiler, name: str, target: Target, unit: str, requests: dict[str, set[str]]
) -> CompiledRoot:
    ok, err = compiler.root(target, unit, modes=sorted(requests.get(target.location, ())))
    compiler.runtime("_too_deep")  # (the public functions' answer to a RecursionError)
    return CompiledRoot(name, target.location, ok, err, compiler.string(target.location))


def _unit_names(names: list[str]) -> dict[str, str]:
    """Function-name stems for the roots: readable, short enough, unique."""
    taken: set[str] = set()
    units = {}
    for name in names:
        stem = candidate = unit_name(name)
        counter = 1
        while candidate in taken:
            counter += 1
            candidate = f"{stem[:26]}_{counter}"
        taken.add(candidate)
        units[name] = candidate
    return units


def _references(index: SchemaIndex, target: Target, roots: Mapping[str, str]) -> list[str]:
    """The roots `target` refers to, directly or through subschemas that are no root."""
    found: set[str] = set()
    seen: set[int] = set()
    pending = [(target.schema, target.base)]
    while pending:
        schema, base = pending.pop()
        if not isinstance(schema, dict) or id(schema) in seen:
            continue
        seen.add(id(schema))
        base = index.base_of(schema, base)
        if "$ref" in schema or "$dynamicRef" in schema:
            for keyword in ("$ref", "$dynamicRef"):
                if isinstance(schema.get(keyword), str):
                    referred = _resolve(index, schema[keyword], base)
                    root = _enclosing_root(referred.location, roots) if referred else None
                    if root is not None:
                        found.add(root)
                    elif referred is not None:
                        pending.append((referred.schema, referred.base))
        pending += [(child, base) for _, child in index.subschemas(schema)]
    return sorted(found)


def _resolve(index: SchemaIndex, ref: str, base: str) -> Target | None:
    try:
        return index.lookup(ref, base)
    except SchemaCompileError:
        return None  # reported with its location when the $ref itself is compiled


def _enclosing_root(location: str, roots: Mapping[str, str]) -> str | None:
    """The root whose schema holds `location` (itself or a subschema of it)."""
    while True:
        if location in roots:
            return roots[location]
        if "/" not in location.partition("#")[2]:
            return None
        location = location.rsplit("/", 1)[0]


def _importable(
    groups: list[list[str]], graph: Mapping[str, list[str]], module_of: Mapping[str, str]
) -> dict[str, frozenset[str]]:
    """Module -> the modules it may import: those its roots lead to (groups come sinks first)."""
    found: dict[str, frozenset[str]] = {}
    for group in groups:
        module = module_of[group[0]]
        direct = {module_of[other] for name in group for other in graph[name]} - {module}
        found[module] = frozenset(direct).union(*(found[other] for other in direct))
    return found


def strongly_connected(graph: Mapping[str, list[str]]) -> list[list[str]]:
    """Tarjan's components, iteratively; each comes after every component it points to."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    for start in sorted(graph):
        if start in index:
            continue
        work: list[tuple[str, Iterator[str]]] = [(start, iter(graph[start]))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    components.append(_pop_component(node, stack, on_stack))
            elif child not in index:
                index[child] = low[child] = len(index)
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(graph[child])))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
    return components


def _pop_component(node: str, stack: list[str], on_stack: set[str]) -> list[str]:
    component = []
    while True:
        member = stack.pop()
        on_stack.discard(member)
        component.append(member)
        if member == node:
            return sorted(component)
