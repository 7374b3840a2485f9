"""Compare rendered files with an output folder, then write only what changed, atomically.

- Only files whose bytes differ are written, so untouched files keep their mtime.
- Stale files are removed only if the generator wrote them: `.sdkgen-manifest` lists them.
  Anything else in the output folder is never touched, and nothing outside it: no path goes
  through a symbolic link (`outfolder`).
- A run is all or nothing: new contents go to `*.sdkgen-new` files first (each process notes
  their names in a staging log before it writes them), then a journal is written, then the
  files are swapped in. The next command finishes a journaled swap, or drops the files an
  interrupted run had staged, by name (`recover`), so the folder holds the old tree or the
  new one, never a mix.
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
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from generator.errors import GeneratorError, OutputError
from generator.outfolder import (
    JOURNAL,
    MANIFEST,
    TEMPORARY_SUFFIX,
    SafeFolders,
    log_staging,
    read_journal,
    read_lines,
    read_record,
    remove_file,
    staging_logs,
    write_all,
    write_record,
)
from generator.outfolder import read_file as _read

__all__ = ["JOURNAL", "MANIFEST"]

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


def read_manifest(root: Path) -> tuple[PurePosixPath, ...]:
    return tuple(PurePosixPath(name) for name in read_lines(f"{root}/{MANIFEST}"))


def plan_writes(root: Path, files: Iterable[RenderedFile]) -> WritePlan:
    """What writing `files` under `root` would change (nothing is written)."""
    ordered, paths = _sorted_files(files)
    create, update, unchanged = [], [], []
    base = os.fspath(root)
    manifest = read_manifest(root)
    folders = SafeFolders(base)
    for path in {os.path.dirname(str(p)) for p in (*paths, *manifest)}:
        folders.check(path)  # before anything is read: nothing through a link
    for rendered in ordered:
        old = _read(f"{base}/{rendered.path}")
        if old is None:
            create.append(rendered)
        elif old != rendered.content:
            update.append((rendered, old))
        else:
            unchanged.append(rendered.path)
    new_paths = set(paths)
    stale = [p for p in manifest if p not in new_paths and _is_file(f"{base}/{p}")]
    delete = tuple((p, _read(f"{base}/{p}") or "") for p in sorted(stale))
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
    the rendering of other parts. `recover` must have run first, and `apply` then swaps them
    in with the rest; `recover` drops them, by the names logged here, if the run fails.
    `new`: `root` is a `building_folder`, empty at the start: every file goes in as it is,
    under its own name (`publish` moves the folder into place).
    """
    base = os.fspath(root)
    changed, safe = [], SafeFolders(base)
    for rendered in files:
        name = str(_checked(rendered.path))
        safe.check(os.path.dirname(name))
        if new or _read(f"{base}/{name}") != rendered.content:
            changed.append(rendered)
    if not new:
        _log_staging(base, [str(rendered.path) for rendered in changed])
    folders: set[str] = set()
    suffix = "" if new else NEW_SUFFIX
    for rendered in changed:
        target = f"{base}/{rendered.path}"
        folder = os.path.dirname(target)
        if folder not in folders:
            os.makedirs(folder, exist_ok=True)
            folders.add(folder)
        _stage(target + suffix, rendered.content.encode("utf-8"))
    return [rendered.path for rendered in changed]


def building_folder(root: Path) -> Path:
    """Where a run builds an output folder that does not exist yet: a hidden sibling."""
    absolute = Path(os.path.abspath(root))
    return absolute.with_name(f".{absolute.name}{BUILDING_SUFFIX}")


def start_building(root: Path) -> Path:
    """Make the `building_folder` of a first run, new and empty (whatever is in its place
    already is not sdkgen's: `recover` removed an interrupted run's), and return it."""
    building = building_folder(root)
    try:
        os.mkdir(building)
    except FileNotFoundError:  # its parents too, as `--out` asks
        os.makedirs(building)
    except FileExistsError:
        raise OutputError(
            "is in the way: it is not a folder sdkgen was building (move it away)",
            where=str(building),
        ) from None
    return building


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
    write_record(f"{building}/{MANIFEST}", _MANIFEST_HEADER + manifest)
    os.rename(building, root)  # fails, and changes nothing, if `root` appeared meanwhile


def apply(root: Path, plan: WritePlan, *, staged: frozenset[PurePosixPath] = frozenset()) -> None:
    """Carry out a plan: stage new contents, journal the swap, swap, clear the journal.
    `staged`: the files `stage` has written already (after its `recover`)."""
    if not staged:
        recover(root)
    writes = [*plan.create, *(new for new, _ in plan.update)]
    base, safe = os.fspath(root), SafeFolders(os.fspath(root))
    for folder in sorted({os.path.dirname(str(rendered.path)) for rendered in writes}):
        safe.check(folder)
        os.makedirs(f"{base}/{folder}", exist_ok=True)
    pending = [rendered for rendered in writes if rendered.path not in staged]
    _log_staging(base, [str(rendered.path) for rendered in pending])
    for rendered in pending:
        # Nothing is fsynced per file: the journal guards against an interrupted run (the
        # page cache survives it), and a rerun repairs whatever a power loss left, since only
        # files whose bytes differ are written. Plain `os` calls on str paths: a run writes
        # thousands of files, and pathlib costs more than the writes.
        _stage(f"{base}/{rendered.path}{NEW_SUFFIX}", rendered.content.encode("utf-8"))
    for path in staged - {rendered.path for rendered in writes}:  # equal to disk by now
        os.unlink(f"{base}/{path}{NEW_SUFFIX}")
    journal = {
        "replace": [str(f.path) for f in writes],
        "delete": [str(path) for path, _ in plan.delete],
        "manifest": [str(path) for path in plan.manifest],
    }
    write_record(f"{base}/{JOURNAL}", json.dumps(journal, indent=1, sort_keys=True) + "\n")
    _finish(base, journal, safe)


def recover(root: Path) -> list[str]:
    """Finish a swap an earlier run journaled, or drop the files it staged before its journal
    (and the folder an interrupted first run was building); what was done, for the user. A
    failed run calls it on its way out. Every record is read and checked before anything is
    changed: a damaged one is an error that leaves the folder as it was."""
    base = os.fspath(root)
    exists = os.path.isdir(base)  # (`--out` may be a link: the user's own choice)
    journal = read_journal(base) if exists else None
    logs = {name: read_lines(f"{base}/{name}") for name in staging_logs(base)} if exists else {}
    if exists:
        read_lines(f"{base}/{MANIFEST}")  # (checked now: `_finish` rewrites it)
    done = []
    building = building_folder(root)
    if _is_folder(os.fspath(building)):  # (a link in its place is not ours: left alone)
        shutil.rmtree(building)
        done.append(f"removed {building}, which an interrupted first run left")
    if not exists:
        return done
    if journal is not None:
        _finish(base, journal)
        return [*done, f"finished the swap of files an interrupted run had started in {root}"]
    dropped, safe = 0, SafeFolders(base)
    for log, names in logs.items():
        for name in names:
            safe.check(os.path.dirname(name))
            dropped += _is_file(f"{base}/{name}{NEW_SUFFIX}", remove=True)
        remove_file(f"{base}/{log}")
    remove_file(f"{base}/{JOURNAL}{TEMPORARY_SUFFIX}")  # a journal that was never committed
    if logs:
        done.append(f"dropped {dropped} file(s) an interrupted run had staged in {root}")
    return done


def interrupted(root: Path) -> str | None:
    """Why the folder is not what any run left, if an interrupted run left it mid-way."""
    base = os.fspath(root)
    if not os.path.isdir(base):
        return None
    if read_journal(base) is not None:
        return "the last run was interrupted during its swap (the next run finishes it)"
    if staging_logs(base) or read_record(f"{base}/{JOURNAL}{TEMPORARY_SUFFIX}") is not None:
        return "the last run was interrupted before its swap (the next run drops its files)"
    return None


def _log_staging(base: str, names: list[str]) -> None:
    """Log the files about to be staged; a file already in the place of one is not sdkgen's
    (`recover` removed what an earlier run staged), so it is refused before it is logged:
    a failed run drops the logged files, and must not drop that one."""
    for name in names:
        if os.path.lexists(f"{base}/{name}{NEW_SUFFIX}"):
            _in_the_way(f"{base}/{name}{NEW_SUFFIX}")
    log_staging(base, names)


def _in_the_way(path: str) -> None:
    raise OutputError(
        "is in the way: sdkgen did not stage it (move it away and run again)", where=path
    )


def _stage(path: str, data: bytes) -> None:
    try:  # never through a link, never over a file sdkgen did not stage
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
        descriptor = os.open(path, flags, 0o666)  # open()'s mode
    except FileExistsError:
        _in_the_way(path)
    try:
        write_all(descriptor, data)
    finally:
        os.close(descriptor)


def _finish(base: str, journal: dict[str, list[str]], safe: SafeFolders | None = None) -> None:
    """Swap the journaled files in, remove the stale ones, then the journal. `safe`: the
    folders `apply` checked a moment ago (the swap window stays as short as the renames)."""
    safe = safe or SafeFolders(base)
    for name in journal["replace"]:
        safe.check(os.path.dirname(name))
        target = f"{base}/{name}"
        with contextlib.suppress(FileNotFoundError):  # swapped in by the run this one finishes
            os.replace(target + NEW_SUFFIX, target)
    for name in journal["delete"]:
        safe.check(os.path.dirname(name))
        if _is_file(f"{base}/{name}", remove=True):
            _remove_empty_parents(Path(base), Path(base, name).parent)
    manifest = "".join(f"{name}\n" for name in journal["manifest"])
    write_record(f"{base}/{MANIFEST}", _MANIFEST_HEADER + manifest)
    for log in staging_logs(base):
        remove_file(f"{base}/{log}")
    os.unlink(f"{base}/{JOURNAL}")


def _is_file(path: str, *, remove: bool = False) -> bool:
    """Whether `path` is a regular file (not a link); `remove`: then remove it."""
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return False
    except FileNotFoundError:
        return False
    if remove:
        os.unlink(path)
    return True


def _is_folder(path: str) -> bool:
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except (FileNotFoundError, NotADirectoryError):
        return False


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
