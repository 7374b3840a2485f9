"""`$ref` stays inside the spec: its own folder (symlinks resolved) or its own origin, unless
`--allow-ref` / `allow-ref` widens it. A refused ref is one line with its file and pointer."""

from __future__ import annotations

import http.server
import json
import os
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.errors import RefRefusedError, SpecLoadError
from generator.pipeline import load_api, load_index
from generator.ref_policy import RefPolicy
from tests.conftest import REPO, minimal_spec

SECRET = {"Secret": {"type": "object", "properties": {"password": {"type": "string"}}}}


def write(path: Path, data: object) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def spec_with_ref(folder: Path, ref: str) -> Path:
    """`folder/api.json`, whose schema `Leak` is a `$ref` to `ref`."""
    spec = minimal_spec({"Leak": {"type": "object", "properties": {"x": {"$ref": ref}}}})
    return write(folder / "api.json", spec)


@pytest.fixture
def layout(tmp_path: Path) -> tuple[Path, Path]:
    """(the spec's folder, a secret file outside it)."""
    return tmp_path / "spec", write(tmp_path / "outside" / "secret.json", SECRET)


WHERE = "api.json#/components/schemas/Leak/properties/x"


def refused(spec: Path, **options: Any) -> RefRefusedError:
    with pytest.raises(RefRefusedError) as caught:
        load_index(str(spec), **options)
    assert caught.value.where == WHERE
    return caught.value


def test_absolute_path_outside_the_folder_is_refused(layout: tuple[Path, Path]) -> None:
    folder, secret = layout
    error = refused(spec_with_ref(folder, f"{secret}#/Secret"))
    assert "outside the spec's folder" in error.message and "--allow-ref" in error.message


def test_dot_dot_out_of_the_folder_is_refused(layout: tuple[Path, Path]) -> None:
    folder, _ = layout
    refused(spec_with_ref(folder, "../outside/secret.json#/Secret"))
    # `..` that stays inside the folder is fine
    write(folder / "sub" / "types.json", SECRET)
    inside = spec_with_ref(folder, "sub/../sub/types.json#/Secret")
    assert "sub/types.json" in load_index(str(inside)).documents


def test_symlink_out_of_the_folder_is_refused(layout: tuple[Path, Path]) -> None:
    folder, secret = layout
    folder.mkdir()
    (folder / "link.json").symlink_to(secret)
    error = refused(spec_with_ref(folder, "link.json#/Secret"))
    assert f"resolves to {secret}" in error.message
    (folder / "linkdir").symlink_to(secret.parent, target_is_directory=True)
    refused(spec_with_ref(folder, "linkdir/secret.json#/Secret"))


def test_symlink_inside_the_folder_is_followed(layout: tuple[Path, Path]) -> None:
    folder, _ = layout
    write(folder / "real" / "types.json", SECRET)
    (folder / "alias.json").symlink_to(folder / "real" / "types.json")
    names = {
        s.class_name
        for s in load_api(
            str(spec_with_ref(folder, "alias.json#/Secret")), repairs=frozenset()
        ).api.schemas
    }
    assert "Secret" in names


def test_file_url_is_held_to_the_same_rule(layout: tuple[Path, Path]) -> None:
    folder, secret = layout
    refused(spec_with_ref(folder, f"{secret.as_uri()}#/Secret"))
    write(folder / "types.json", SECRET)
    inside = spec_with_ref(folder, f"{(folder / 'types.json').as_uri()}#/Secret")
    assert "types.json" in load_index(str(inside)).documents


def test_a_refused_ref_in_another_file_names_that_file(layout: tuple[Path, Path]) -> None:
    folder, secret = layout
    write(folder / "parts.json", {"Part": {"$ref": f"{secret}#/Secret"}})
    spec = write(folder / "api.json", minimal_spec({"P": {"$ref": "parts.json#/Part"}}))
    with pytest.raises(RefRefusedError) as caught:
        load_index(str(spec))
    assert caught.value.where == "parts.json#/Part"


def test_allow_ref_admits_a_folder(layout: tuple[Path, Path]) -> None:
    folder, secret = layout
    spec = spec_with_ref(folder, "../outside/secret.json#/Secret")
    index = load_index(str(spec), allow_refs=(str(secret.parent),))
    assert "../outside/secret.json" in index.documents
    # a prefix admits its folder, not a sibling that merely shares the spelling
    write(secret.parent.with_name("outside2") / "s.json", SECRET)
    refused(spec_with_ref(folder, "../outside2/s.json#/Secret"), allow_refs=(str(secret.parent),))


@dataclass
class Server:
    root: Path
    url: str = ""
    requests: list[str] = field(default_factory=list)
    redirects: dict[str, str] = field(default_factory=dict)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    """A loopback HTTP server over `tmp_path/www` that records every request it gets."""
    state = Server(tmp_path / "www")
    state.root.mkdir()

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(state.root), **kwargs)

        def do_GET(self) -> None:
            state.requests.append(self.path)
            if self.path == "/trickle.json":
                self.send_response(200)
                self.send_header("Content-Length", "1000")
                self.end_headers()
                for _ in range(1000):  # a byte at a time, each well within the read timeout
                    self.wfile.write(b" ")
                    self.wfile.flush()
                    time.sleep(0.05)
                return
            if self.path in state.redirects:
                self.send_response(302)
                self.send_header("Location", state.redirects[self.path])
                self.end_headers()
                return
            super().do_GET()

        def log_message(self, *args: Any) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_a_local_spec_fetches_no_url(layout: tuple[Path, Path], server: Server) -> None:
    folder, _ = layout
    write(server.root / "secret.json", SECRET)
    error = refused(spec_with_ref(folder, f"{server.url}/secret.json#/Secret"))
    assert "is a URL" in error.message
    assert server.requests == []  # refused before anything was fetched
    allowed = load_index(
        str(spec_with_ref(folder, f"{server.url}/secret.json#/Secret")),
        allow_refs=(f"{server.url}/",),
    )
    assert f"{server.url}/secret.json" in allowed.documents and server.requests == ["/secret.json"]


def test_a_url_spec_reads_only_its_origin(server: Server, tmp_path: Path) -> None:
    write(server.root / "types.json", SECRET)
    spec_with_ref(server.root, "types.json#/Secret")
    assert "types.json" in load_index(f"{server.url}/api.json").documents
    # another origin (another port of the same host), a local file by its file: URL (a bare
    # absolute path is a path on the spec's own server, by URL rules)
    local = write(tmp_path / "local.json", SECRET)
    for ref in ("http://127.0.0.1:9/types.json", "https://127.0.0.1/types.json", local.as_uri()):
        server.requests.clear()
        spec_with_ref(server.root, f"{ref}#/Secret")
        with pytest.raises(RefRefusedError) as caught:
            load_index(f"{server.url}/api.json")
        assert caught.value.where == WHERE and server.requests == ["/api.json"]


def test_a_redirect_off_the_origin_is_refused(server: Server) -> None:
    write(server.root / "types.json", SECRET)
    spec_with_ref(server.root, "moved.json#/Secret")
    server.redirects["/moved.json"] = "http://127.0.0.1:9/types.json"
    with pytest.raises(SpecLoadError, match=re.escape("redirected to http://127.0.0.1:9/t")):
        load_index(f"{server.url}/api.json")
    server.redirects["/moved.json"] = f"{server.url}/types.json"  # the same origin: followed
    assert "moved.json" in load_index(f"{server.url}/api.json").documents


def test_url_prefixes_match_at_a_boundary() -> None:
    policy = RefPolicy.for_root("/specs/api.json", ("https://example.com/schemas",))
    assert policy.refusal("https://example.com/schemas/a.json") is None
    assert policy.refusal("https://EXAMPLE.com:443/schemas") is None
    assert policy.refusal("https://example.com/schemas2/a.json") is not None
    assert policy.refusal("https://example.com.evil.net/schemas/a.json") is not None
    assert policy.refusal("http://example.com/schemas/a.json") is not None
    assert policy.refusal("https://example.com/schemas/../secret.json") is not None
    assert policy.refusal("https://example.com/schemas/%2e%2e/secret.json") is not None
    assert RefPolicy.for_root("/specs/api.json", ("http://[bad",)).refusal("http://a/") is not None


def test_cli_refusal_is_one_line_and_allow_ref_admits(layout: tuple[Path, Path]) -> None:
    folder, secret = layout
    spec = spec_with_ref(folder, f"{secret}#/Secret")
    out = folder.parent / "out"
    args = ["generate", "--spec", str(spec), "--out", str(out), "--package-name", "p_sdk"]
    runner = CliRunner()
    result = runner.invoke(cli, args)
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {WHERE}: $ref ")
    assert not out.exists()
    admitted = runner.invoke(cli, [*args, "--allow-ref", str(secret.parent)])
    assert admitted.exit_code == 0, admitted.output
    assert "Secret" in (out / "p_sdk" / "models.py").read_text()


def test_pyproject_allow_ref_is_relative_to_its_folder(
    layout: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, _ = layout
    spec_with_ref(folder, "../outside/secret.json#/Secret")
    project = folder.parent
    table = '[tool.sdkgen]\nspec = "spec/api.json"\nout = "out"\npackage-name = "p_sdk"\n'
    (project / "pyproject.toml").write_text(table, encoding="utf-8")
    monkeypatch.chdir(project)
    runner = CliRunner()
    assert runner.invoke(cli, ["generate"]).exit_code == 2
    (project / "pyproject.toml").write_text(table + 'allow-ref = ["outside"]\n', encoding="utf-8")
    result = runner.invoke(cli, ["generate"])
    assert result.exit_code == 0, result.output
    (project / "pyproject.toml").write_text(table + 'allow-ref = "outside"\n', encoding="utf-8")
    bad = runner.invoke(cli, ["generate"])
    assert bad.exit_code == 2 and "allow-ref in [tool.sdkgen] must be a list" in bad.output


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/proc/self/fd/0", "fifo"])
def test_only_regular_files_are_read(tmp_path: Path, device: str) -> None:
    """Even when allowed, a device, a pipe or a FIFO is refused at once instead of blocking."""
    if device == "fifo":
        device = str(tmp_path / "fifo")
        os.mkfifo(device)
    elif not Path(device).exists():
        pytest.skip(f"{device} does not exist here")
    spec = spec_with_ref(tmp_path / "spec", f"{device}#/Secret")
    read, write_end = os.pipe()  # stdin becomes a pipe that never ends
    saved = os.dup(0)
    os.dup2(read, 0)
    try:
        with pytest.raises(SpecLoadError) as caught:
            load_index(str(spec), allow_refs=("/",))
    finally:
        os.dup2(saved, 0)
        for descriptor in (saved, read, write_end):
            os.close(descriptor)
    assert "not a regular file" in caught.value.message


def test_documents_over_the_size_limit_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, server: Server
) -> None:
    monkeypatch.setattr("generator.loading.MAX_DOCUMENT_BYTES", 1000)
    big = minimal_spec({f"S{i}": {"type": "string"} for i in range(100)})
    path = write(tmp_path / "big.json", big)
    with pytest.raises(SpecLoadError, match="larger than the"):
        load_index(str(path))
    write(server.root / "big.json", big)
    with pytest.raises(SpecLoadError, match="larger than the"):
        load_index(f"{server.url}/big.json")


@pytest.mark.parametrize("spec", sorted((REPO / "tests" / "specs" / "invalid").glob("refs-*.yaml")))
def test_the_invalid_refs_specs_stop_with_one_line(spec: Path, tmp_path: Path) -> None:
    args = ["generate", "--spec", str(spec), "--out", str(tmp_path / "out"), "--package-name", "p"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    [line] = result.output.strip().splitlines()
    assert line.startswith("error: ") and spec.name in line


def test_a_trickling_server_is_stopped_by_the_deadline(
    server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("generator.loading.URL_DEADLINE_SECONDS", 0.3)
    started = time.monotonic()
    with pytest.raises(SpecLoadError, match="not received within"):
        load_index(f"{server.url}/trickle.json")
    assert time.monotonic() - started < 3


@pytest.mark.parametrize("command", ["lint", "explain-unions"])
def test_lint_and_explain_unions_take_allow_ref(layout: tuple[Path, Path], command: str) -> None:
    folder, secret = layout
    spec = str(spec_with_ref(folder, "../outside/secret.json#/Secret"))
    runner = CliRunner()
    refused_run = runner.invoke(cli, [command, spec])
    assert refused_run.exit_code == 2 and WHERE in refused_run.output
    allowed = runner.invoke(cli, [command, spec, "--allow-ref", str(secret.parent)])
    assert allowed.exit_code in (0, 1), allowed.output  # lint: 1 when the spec has defects
    assert "refused" not in allowed.output
