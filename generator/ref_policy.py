"""Which files and URLs a spec's `$ref`s may read: the spec's own folder or origin, and what the
user allows explicitly.

An untrusted spec must not be able to read `/etc/passwd` into the generated docs or make the
generator fetch `http://127.0.0.1:…` (local-file disclosure, SSRF). So by default:
- a local spec may reference files only under its own folder, after resolving symlinks;
- a spec loaded from a URL may reference only URLs of the same origin (scheme, host, port);
- `--allow-ref PREFIX` (a folder, or a URL prefix) widens this, one prefix at a time.
"""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

_DEFAULT_PORTS = {"http": 80, "https": 443}


def is_web_url(location: str) -> bool:
    return location.startswith(("http://", "https://"))


def file_url_path(url: str) -> str | None:
    """The local path of a `file:` URL (`file:///etc/x` → `/etc/x`), else None."""
    if url[:5].lower() != "file:":
        return None
    try:
        parts = urlsplit(url)
    except ValueError:  # `file://[bad`: names no file
        return None
    if parts.netloc not in ("", "localhost"):
        return "//" + parts.netloc + unquote(parts.path)  # a UNC-style host: refused below
    return unquote(parts.path) or "/"


def _origin(url: str) -> tuple[str, str, int | None]:
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. `http://[bad`: an origin of its own, matching nothing
        return "", "", -1
    scheme = parts.scheme.lower()
    try:
        port = parts.port or _DEFAULT_PORTS.get(scheme)
    except ValueError:  # a port that is not a number: an origin of its own, matching nothing
        port = -1
    return scheme, (parts.hostname or "").lower(), port


def _under_url(url: str, prefix: str) -> bool:
    """`url` is `prefix` or below it, on the same origin and at a path-segment boundary (so
    `https://api.example.com` does not admit `https://api.example.com.evil.net`)."""
    if _origin(url) != _origin(prefix):
        return False
    path, wanted = _clean_path(url), _clean_path(prefix)
    return path == wanted or path.startswith(wanted if wanted.endswith("/") else wanted + "/")


def _clean_path(url: str) -> str:
    """The URL's path as the server will read it: `/a/../b` and `/%2e%2e/b` are `/b`."""
    return posixpath.normpath(unquote(urlsplit(url).path) or "/")


def _under_folder(real_path: str, folder: str) -> bool:
    return real_path == folder or real_path.startswith(folder.rstrip(os.sep) + os.sep)


@dataclass(frozen=True, slots=True)
class RefPolicy:
    """The places a spec's `$ref`s may load documents from."""

    root: str  #: the root document's location: an absolute real path or an http(s) URL
    folders: tuple[str, ...]  #: real paths of folders whose files may be read
    urls: tuple[str, ...]  #: URL prefixes that may be fetched

    @classmethod
    def for_root(cls, root: str, allow: tuple[str, ...] = ()) -> RefPolicy:
        """The default rules for a spec at `root`, widened by the `allow` prefixes (folders,
        files, `file:` URLs or http(s) URL prefixes; relative paths are from the cwd)."""
        folders, urls = [], []
        if is_web_url(root):
            urls.append(urlsplit(root)._replace(path="/", query="", fragment="").geturl())
        else:
            folders.append(str(Path(os.path.realpath(root)).parent))
        for prefix in allow:
            if is_web_url(prefix):
                urls.append(prefix)
            else:
                folders.append(os.path.realpath(file_url_path(prefix) or prefix))
        return cls(root, tuple(folders), tuple(urls))

    def refusal(self, location: str) -> str | None:
        """Why `location` (an absolute path or an http(s) URL) may not be read, or None."""
        if is_web_url(location):
            if any(_under_url(location, prefix) for prefix in self.urls):
                return None
            if is_web_url(self.root):
                return "is not on the spec's origin"
            return "is a URL, and a local spec may reference only files in its folder"
        real = os.path.realpath(location)
        if any(_under_folder(real, folder) for folder in self.folders):
            return None
        if is_web_url(self.root):
            return "is a local file, and a spec from a URL may reference only its own origin"
        shown = "" if real == os.path.normpath(location) else f" (it resolves to {real})"
        return f"is outside the spec's folder {self.folders[0]}{shown}"

    def explain(self, ref: str, location: str) -> str | None:
        """The one-line refusal of `ref` (whose target is `location`), or None if allowed."""
        reason = self.refusal(location)
        if reason is None:
            return None
        return f"$ref {ref!r} {reason}; refused (allow it with --allow-ref PREFIX)"
