"""Compare rendered files with an output folder, then write only what changed, atomically.

- Only files whose bytes differ are written, so untouched files keep their mtime.
- Stale files are removed only if the generator wrote them: `.sdkgen-manifest` lists them.
  Anything else in the output folder is never touched.
- A run is all or nothing: new contents go to `*.sdkgen-new` files first, then a journal is
  written, then the files are swapped in. An interrupted swap is finished by the next run
  (`recover`), so the folder holds the old tree or the new one, never a mix.
- A folder that does not exist yet is built whole beside it (`building_folder`) and renamed
  into place: it appears complete or not at all, and a first run pays no swap per file.
- The same plan feeds `generate --check` and the snapshot tests (`unified_diff`).
"""

from __future__ import annotations

import contextlib
import difflib
import json
import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from generator.errors import GeneratorError

MANIFEST = ".sdkgen-manifest"
JOURNAL = ".sdkgen-journal"
NEW_SUFFIX = ".sdkgen-new"
BUILDING_SUFFIX = ".sdkgen-building"
_MANIFEST_HEADER = "# Files written by sdkgen; it removes them when stale.\n"


@dataclass(frozen=True, slots=True)
class RenderedFile:
    path: PurePosixPath  #: relative to the output root
    content: str


@dataclass(frozen=True, slots=True)
class WritePlan:
    create: tuple[RenderedFile, ...]
    update: tuple[tuple[RenderedFile, str], ...]  #: (new file, old content)
    unchanged: tuple[PurePosixPath, ...]
    delete: tuple[tuple[PurePosixPath, str], ...]  #: (stale generated file, its content)
    manifest: tuple[PurePosixPath, ...]  #: every generated path, after the plan is applied

    @property
    def is_current(self) -> bool:
        return not (self.create or self.update or self.delete)


def normalize(text: str) -> str:
    """LF line ends, no trailing spaces, exactly one final newline."""
    # Split, strip and join is the fast way: a regex scan for untidy lines costs more.
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip("\n") + "\n"


def _checked(path: PurePosixPath) -> PurePosixPath:
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise GeneratorError(f"refusing to write outside the output folder: {path}")
    return path


def _checked_name(name: str) -> str:
    """`_checked` for a relative path as text (a journal's), without building a path object."""
    parts = name.split("/")
    if name.startswith("/") or ".." in parts or not name or "" in parts:
        raise GeneratorError(f"refusing to write outside the output folder: {name}")
    return name


def read_manifest(root: Path) -> tuple[PurePosixPath, ...]:
    manifest = root / MANIFEST
    if not manifest.is_file():
        return ()
    lines = manifest.read_text(encoding="utf-8").splitlines()
    return tuple(
        _checked(PurePosixPath(line)) for line in lines if line and not line.startswith("#")
    )


def _read(path: str | Path) -> str | None:
    try:
        with open(path, "rb") as handle:
            return handle.read().decode("utf-8")
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError, UnicodeDecodeError):
        return None


def plan_writes(root: Path, files: Iterable[RenderedFile]) -> WritePlan:
    """What writing `files` under `root` would change (nothing is written)."""
    ordered, paths = _sorted_files(files)
    create, update, unchanged = [], [], []
    base = os.fspath(root)
    for rendered in ordered:
        old = _read(f"{base}/{rendered.path}")
        if old is None:
            create.append(rendered)
        elif old != rendered.content:
            update.append((rendered, old))
        else:
            unchanged.append(rendered.path)
    new_paths = set(paths)
    stale = [p for p in read_manifest(root) if p not in new_paths and (root / p).is_file()]
    delete = tuple((p, _read(root / p) or "") for p in sorted(stale))
    return WritePlan(tuple(create), tuple(update), tuple(unchanged), delete, paths)


def _sorted_files(
    files: Iterable[RenderedFile],
) -> tuple[tuple[RenderedFile, ...], tuple[PurePosixPath, ...]]:
    """The files by path, and their paths: each inside the output folder, none twice."""
    ordered = tuple(sorted(files, key=lambda f: f.path))
    paths = tuple(_checked(f.path) for f in ordered)
    if len(set(paths)) != len(paths):
        duplicates = sorted({str(p) for p in paths if paths.count(p) > 1})
        raise GeneratorError(f"two rendered files share a path: {', '.join(duplicates)}")
    return ordered, paths


def stage(root: Path, files: Iterable[RenderedFile], *, new: bool = False) -> list[PurePosixPath]:
    """Stage the files whose bytes differ from `root`'s, ahead of `apply`; their paths.

    A render worker stages its files as soon as it has rendered them, so that writing overlaps
    the rendering of other parts. `recover` must have run first (it drops staged files), and
    `apply` then swaps them in with the rest; `recover` drops them if the run fails.
    `new`: `root` is a `building_folder`, empty at the start: every file goes in as it is,
    under its own name (`publish` moves the folder into place).
    """
    base = os.fspath(root)
    folders: set[str] = set()
    staged = []
    suffix = "" if new else NEW_SUFFIX
    for rendered in files:
        target = f"{base}/{_checked(rendered.path)}"
        if not new and _read(target) == rendered.content:
            continue
        folder = os.path.dirname(target)
        if folder not in folders:
            os.makedirs(folder, exist_ok=True)
            folders.add(folder)
        _stage(target + suffix, rendered.content.encode("utf-8"))
        staged.append(rendered.path)
    return staged


def building_folder(root: Path) -> Path:
    """Where a run builds an output folder that does not exist yet: a hidden sibling."""
    absolute = Path(os.path.abspath(root))
    return absolute.with_name(f".{absolute.name}{BUILDING_SUFFIX}")


def new_folder_plan(files: Iterable[RenderedFile]) -> WritePlan:
    """`plan_writes` for a folder that does not exist: every file is created."""
    ordered, paths = _sorted_files(files)
    return WritePlan(ordered, (), (), (), paths)


def publish(root: Path, plan: WritePlan, *, staged: frozenset[PurePosixPath]) -> None:
    """Carry out a `new_folder_plan`: complete the building folder (the files no worker
    staged, the manifest), then rename it to `root` in one step."""
    building = building_folder(root)
    stage(building, [f for f in plan.create if f.path not in staged], new=True)
    os.makedirs(building, exist_ok=True)  # (a run with no file at all)
    manifest = "".join(f"{path}\n" for path in plan.manifest)
    _write_bytes(building / MANIFEST, _MANIFEST_HEADER + manifest)
    os.rename(building, root)  # fails, and changes nothing, if `root` appeared meanwhile


def apply(root: Path, plan: WritePlan, *, staged: frozenset[PurePosixPath] = frozenset()) -> None:
    """Carry out a plan: stage new contents, journal the swap, swap, clear the journal.
    `staged`: the files `stage` has written already (after its `recover`)."""
    if not staged:
        recover(root)
    writes = [*plan.create, *(new for new, _ in plan.update)]
    base = os.fspath(root)
    for folder in sorted({os.path.dirname(f"{base}/{rendered.path}") for rendered in writes}):
        os.makedirs(folder, exist_ok=True)
    for rendered in writes:
        # Staged files need no rename of their own: until the journal exists they are
        # dropped by `recover`. Nothing is fsynced per file: the journal guards against an
        # interrupted run (the page cache survives it), and a rerun repairs whatever a power
        # loss left, since only files whose bytes differ are written. Plain `os` calls on
        # str paths: a run writes thousands of files, and pathlib costs more than the writes.
        if rendered.path not in staged:
            _stage(f"{base}/{rendered.path}{NEW_SUFFIX}", rendered.content.encode("utf-8"))
    for path in staged - {rendered.path for rendered in writes}:  # equal to disk by now
        os.unlink(f"{base}/{path}{NEW_SUFFIX}")
    journal = {
        "replace": [str(f.path) for f in writes],
        "delete": [str(path) for path, _ in plan.delete],
        "manifest": [str(path) for path in plan.manifest],
    }
    _write_bytes(root / JOURNAL, json.dumps(journal, indent=1, sort_keys=True) + "\n")
    _finish(root, journal)


def recover(root: Path) -> None:
    """Finish a swap an earlier run started, or drop files staged before its journal (or
    the folder an interrupted first run was building). A failed run calls it on its way out."""
    shutil.rmtree(building_folder(root), ignore_errors=True)
    journal_path = root / JOURNAL
    if journal_path.is_file():
        journal = json.loads(journal_path.read_text(encoding="utf-8"))
        _finish(root, journal)
    elif root.is_dir():
        for folder, _, names in os.walk(root):  # a plain walk: pathlib's rglob is slower
            for name in names:
                if name.endswith(NEW_SUFFIX):
                    os.unlink(os.path.join(folder, name))


def _stage(path: str, data: bytes) -> None:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)  # open()'s mode
    try:
        view = memoryview(data)
        while view:  # a write may take less than asked
            view = view[os.write(descriptor, view) :]
    finally:
        os.close(descriptor)


def _finish(root: Path, journal: dict[str, list[str]]) -> None:
    base = os.fspath(root)
    for name in journal["replace"]:
        target = f"{base}/{_checked_name(name)}"
        with contextlib.suppress(FileNotFoundError):  # swapped in by the run this one finishes
            os.replace(target + NEW_SUFFIX, target)
    for name in journal["delete"]:
        stale = root / _checked(PurePosixPath(name))
        stale.unlink(missing_ok=True)
        _remove_empty_parents(root, stale.parent)
    manifest = "".join(f"{name}\n" for name in journal["manifest"])
    _write_bytes(root / MANIFEST, _MANIFEST_HEADER + manifest)
    (root / JOURNAL).unlink()


def _write_bytes(path: Path, content: str) -> None:
    temporary = path.with_name(path.name + ".tmp")
    with temporary.open("w", encoding="utf-8", newline="") as handle:
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())
    temporary.replace(path)


def _remove_empty_parents(root: Path, folder: Path) -> None:
    while folder != root and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def unified_diff(plan: WritePlan, *, max_lines: int | None = None) -> str:
    """What applying the plan would change, as one unified diff (a/ is disk, b/ is new)."""
    chunks: list[str] = []
    for rendered in plan.create:
        chunks += _diff("", rendered.content, "/dev/null", f"b/{rendered.path}")
    for rendered, old in plan.update:
        chunks += _diff(old, rendered.content, f"a/{rendered.path}", f"b/{rendered.path}")
    for path, old in plan.delete:
        chunks += _diff(old, "", f"a/{path}", "/dev/null")
    if max_lines is not None and len(chunks) > max_lines:
        chunks = [*chunks[:max_lines], f"... ({len(chunks) - max_lines} more lines)\n"]
    return "".join(chunks)


def _diff(old: str, new: str, old_name: str, new_name: str) -> list[str]:
    return list(
        difflib.unified_diff(
            old.splitlines(keepends=True), new.splitlines(keepends=True), old_name, new_name
        )
    )
