"""The import graph of `generator/` has no cycles.

Every import counts: module-level ones, those inside functions, and those under
`if TYPE_CHECKING:`, because a cycle hidden behind a function-level import is still a cycle
in the design (the two modules cannot be understood, or moved, apart). Function-level imports
are allowed only to defer an expensive import, and each says so in a comment.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "generator"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_package(name: str) -> bool:
    return (ROOT / Path(*name.split(".")) / "__init__.py").is_file()


def _resolve(importer: str, node: ast.ImportFrom) -> str:
    """The absolute module a `from X import ...` names, relative levels included."""
    if node.level == 0:
        return node.module or ""
    base = importer.split(".")
    if not _is_package(importer):
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def _known(name: str, modules: set[str]) -> str | None:
    """`name` or the nearest enclosing module of ours (`a.b.c` → `a.b` when `c` is a name)."""
    while name:
        if name in modules:
            return name
        name = name.rpartition(".")[0]
    return None


def imports_of(path: Path, modules: set[str]) -> Iterator[tuple[str, int]]:
    """(module, line) for every import of one of ours in `path`, wherever it is written."""
    importer = module_name(path)
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(importer, node)
            # `from pkg import mod` imports the submodule `pkg.mod` when there is one
            targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
        else:
            continue
        for target in targets:
            found = _known(target, modules)
            if found is not None and found != importer:
                yield found, node.lineno
                break


def import_graph() -> dict[str, set[str]]:
    paths = sorted(PACKAGE.rglob("*.py"))
    modules = {module_name(path) for path in paths}
    graph: dict[str, set[str]] = {}
    for path in paths:
        graph[module_name(path)] = {target for target, _ in imports_of(path, modules)}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle as a path `a → b → … → a`, or None (iterative DFS, three colours)."""
    state: dict[str, int] = {}
    for start in sorted(graph):
        if state.get(start):
            continue
        stack: list[tuple[str, Iterator[str]]] = [(start, iter(sorted(graph[start])))]
        state[start] = 1
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[node] = 2
                stack.pop()
            elif state.get(child) == 1:
                path = [name for name, _ in stack]
                return [*path[path.index(child) :], child]
            elif not state.get(child):
                state[child] = 1
                stack.append((child, iter(sorted(graph.get(child, ())))))
    return None


def test_the_generator_has_no_import_cycle() -> None:
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle: " + " → ".join(cycle or [])


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


@pytest.mark.parametrize("core", ["generator.render"])
def test_the_rendering_core_imports_no_target(core: str) -> None:
    graph = import_graph()
    leaks = sorted(
        f"{name} → {target}"
        for name, targets in graph.items()
        if name.startswith(core + ".") or name == core
        for target in targets
        if target.startswith("generator.targets")
    )
    assert not leaks, leaks


#: Its functions are the generated validators' runtime, copied out as text: their deferred
#: imports are the generated package's, which keeps `import <package>.validators` fast.
RUNTIME_SOURCE = PACKAGE / "validators" / "runtime.py"


def _says_why(lines: list[str], number: int) -> bool:
    """An import's line, or the comment above its run of imports, gives the reason."""
    while True:
        line = lines[number - 1]
        if " - " in line.partition("#")[2]:
            return True
        above = lines[number - 2].strip() if number > 1 else ""
        if above.startswith("#"):
            return True
        if not above.startswith(("import ", "from ")):
            return False
        number -= 1


def test_function_level_imports_say_why() -> None:
    silent = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path == RUNTIME_SOURCE:
            continue
        lines = path.read_text(encoding="utf-8").splitlines()
        for node in ast.walk(ast.parse("\n".join(lines))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                silent.extend(
                    f"{path.relative_to(ROOT)}:{inner.lineno}"
                    for inner in ast.walk(node)
                    if isinstance(inner, ast.Import | ast.ImportFrom)
                    and not _says_why(lines, inner.lineno)
                )
    assert not silent, silent
