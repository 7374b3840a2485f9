"""`sdkgen docs`: where the generated site is, and `--serve` on localhost only."""

from __future__ import annotations

import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.docs.docsite import PROJECT_SPEC, write_docs


def sdkgen(*args: str) -> list[str]:
    return [sys.executable, "-m", "generator", "docs", *args]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(sdkgen(*args), capture_output=True, text=True, cwd=REPO, check=False)


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("served")
    write_docs(PROJECT_SPEC, folder)
    return folder


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, ""


def test_docs_names_the_site_and_refuses_a_folder_without_one(out: Path, tmp_path: Path) -> None:
    shown = run("--out", str(out))
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.strip() == (out / "docs" / "html" / "index.html").resolve().as_uri()
    missing = run("--out", str(tmp_path))
    assert missing.returncode == 2 and "run `sdkgen generate` first" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_serve_answers_on_localhost_with_the_site_only(out: Path) -> None:
    command = sdkgen("--out", str(out), "--serve", "--port", "0")
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as served:
        try:
            assert served.stdout is not None
            line = served.stdout.readline()  # printed once it listens
            url = line.split(" at ")[1].split()[0]
            assert url.startswith("http://127.0.0.1:")
            status, page = fetch(url + "schemas/byo-phone-number.html")
            assert status == 200 and "<table" in page and "fallbackDestination" in page
            assert fetch(url)[0] == 200
            assert fetch(url + "missing.html")[0] == 404
            # no way out of the site's folder, even with a raw `..` in the path
            assert fetch(url + "%2e%2e/%2e%2e/index.md")[0] == 404
        finally:
            served.terminate()  # SIGTERM: a test run in the background may ignore SIGINT
            try:
                _, errors = served.communicate(timeout=10)
            except subprocess.TimeoutExpired:
                served.kill()
                raise
    assert served.returncode == 0, errors
    assert "Traceback" not in errors
