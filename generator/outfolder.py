"""What the writer may touch in an output folder, and the records it keeps there.

Every path the writer touches is relative to the output folder, and no folder on the way may
be a symbolic link (or anything but a folder): then every path resolves inside `--out`, and
nothing is written, read or removed through a link that leads elsewhere. Files are opened with
`O_NOFOLLOW`, so a link in a file's place is refused too.

The records, all at the top of the output folder and written by sdkgen alone:

- `.sdkgen-manifest`: the files sdkgen wrote (it removes only these, when stale);
- `.sdkgen-staged.<pid>`: the files a process is about to stage as `*.sdkgen-new`, written
  before the files themselves, so an interrupted run's staged files are known by name (and
  nothing else that ends in `.sdkgen-new` is ever removed);
- `.sdkgen-journal`: the swap a run committed to (files to rename, remove, the new manifest).

A record that is not a regular file, not UTF-8 or not well formed stops the run with one clear
error before anything is changed.
"""

from __future__ import annotations

import errno
import json
import os
import stat

from generator.errors import OutputError

MANIFEST = ".sdkgen-manifest"
JOURNAL = ".sdkgen-journal"
STAGED_PREFIX = ".sdkgen-staged."
TEMPORARY_SUFFIX = ".tmp"  #: a record being written (`write_record`)
MAX_RECORD = 64 << 20  #: a manifest of 3,615 paths is ~200 KB
JOURNAL_KEYS = ("delete", "manifest", "replace")

_NOT_PARTS = frozenset({"", ".", ".."})  #: ("" also stands for a leading "/")


class SafeFolders:
    """Checks that folders under `base` are real folders, each once per use: a caller makes
    one per operation (a folder checked by an earlier run may be a link by now)."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.checked: set[str] = {""}

    def check(self, folder: str) -> None:
        """Refuse `folder` (relative to `base`) if any part of it that exists is a symbolic
        link or not a folder; the parts that do not exist are for the caller to make."""
        if folder in self.checked:
            return
        path = self.base
        for part in folder.split("/"):
            path = f"{path}/{part}"
            try:
                mode = os.lstat(path).st_mode
            except (FileNotFoundError, NotADirectoryError):
                return  # nothing below it exists either: `makedirs` makes real folders (or fails)
            if stat.S_ISLNK(mode):
                raise OutputError(
                    "is a symbolic link: sdkgen writes nothing through it (make it a folder, "
                    "or generate elsewhere)",
                    where=path,
                )
            if not stat.S_ISDIR(mode):
                raise OutputError("is in the way of a folder sdkgen writes into", where=path)
        self.checked.add(folder)


def read_file(path: str) -> str | None:
    """A file's text; None if it is missing or not UTF-8. A link or a folder in its place is
    an error: sdkgen never reads through one, nor writes a file where a folder is."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise OutputError("is a symbolic link where sdkgen writes a file", where=path) from None
        raise
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise OutputError("is not a regular file where sdkgen writes one", where=path)
        pieces = [os.read(descriptor, status.st_size + 1)]
        while pieces[-1]:  # to the end, should the file have grown meanwhile
            pieces.append(os.read(descriptor, 1 << 16))
        data = b"".join(pieces)
    finally:
        os.close(descriptor)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def read_record(path: str) -> str | None:
    """One of sdkgen's records as text; None if there is none. Anything but a regular UTF-8
    file of sane size is an error that names the file, and changes nothing."""
    try:
        mode = os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    if not stat.S_ISREG(mode.st_mode):
        raise OutputError("is not a regular file: sdkgen cannot read its record", where=path)
    if mode.st_size > MAX_RECORD:
        raise OutputError(f"is larger than {MAX_RECORD >> 20} MB: not sdkgen's record", where=path)
    data = read_file(path) if mode.st_size else ""
    if data is None:
        raise OutputError(
            "is not UTF-8 text: not sdkgen's record (check and remove it)", where=path
        )
    return data


def checked_name(name: str, *, where: str = "") -> str:
    """A relative path as text (a record's line): inside the folder, or an error."""
    if not name or "\0" in name or not _NOT_PARTS.isdisjoint(name.split("/")):
        shown = repr(name) if len(name) < 200 else repr(name[:200]) + "..."
        raise OutputError(f"refusing a path outside the output folder: {shown}", where=where)
    return name


def read_journal(base: str) -> dict[str, list[str]] | None:
    """The journaled swap, checked: every entry a path inside the folder."""
    path = f"{base}/{JOURNAL}"
    text = read_record(path)
    if text is None:
        return None
    try:
        journal = json.loads(text)
    except ValueError:
        journal = None
    if not (
        isinstance(journal, dict)
        and sorted(journal) == list(JOURNAL_KEYS)
        and all(
            isinstance(v, list) and all(isinstance(n, str) for n in v) for v in journal.values()
        )
    ):
        raise OutputError(
            "is not a journal sdkgen wrote (check the folder, then remove it)", where=path
        )
    for names in journal.values():
        for name in names:
            checked_name(name, where=path)
    return journal


def read_lines(path: str) -> list[str]:
    """A manifest's or staging log's paths, checked (comment lines skipped)."""
    text = read_record(path) or ""
    names = [line for line in text.splitlines() if line and not line.startswith("#")]
    return [checked_name(name, where=path) for name in names]


def staging_logs(base: str) -> list[str]:
    """The staging logs of earlier processes at the top of the folder, by name."""
    try:
        names = os.listdir(base)
    except (FileNotFoundError, NotADirectoryError):
        return []
    return sorted(name for name in names if name.startswith(STAGED_PREFIX))


def log_staging(base: str, names: list[str]) -> None:
    """Note the files this process is about to stage, before it stages them."""
    if not names:
        return
    descriptor = os.open(
        f"{base}/{STAGED_PREFIX}{os.getpid()}",
        os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_NOFOLLOW,
        0o666,
    )
    try:
        write_all(descriptor, "".join(f"{name}\n" for name in names).encode("utf-8"))
    finally:
        os.close(descriptor)


def write_record(path: str, content: str) -> None:
    """Write a record whole, or not at all: a temporary beside it, synced, renamed over it."""
    temporary = path + TEMPORARY_SUFFIX
    remove_file(temporary)
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o666)
    try:
        write_all(descriptor, content.encode("utf-8"))
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    os.replace(temporary, path)


def write_all(descriptor: int, data: bytes) -> None:
    view = memoryview(data)
    while view:  # a write may take less than asked
        view = view[os.write(descriptor, view) :]


def remove_file(path: str) -> bool:
    """Remove a regular file or a link (never what a link points to); False if missing. A
    folder in its place is an error: sdkgen removes only files it wrote."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return False
    if stat.S_ISDIR(mode):
        raise OutputError("is a folder where sdkgen expects its own file", where=path)
    os.unlink(path)
    return True
