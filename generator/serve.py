"""`sdkgen docs --serve`: the generated HTML reference, served on this machine only.

The site works from `file://` as it is; serving it is for browsers or tools that want http.
It binds to 127.0.0.1 (nothing on the network can reach it) and serves the site's folder only.
"""

from __future__ import annotations

import contextlib
import functools
import signal
from collections.abc import Callable
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import FrameType

from generator.errors import ConfigError

SITE = Path("docs") / "html"  #: where `generate` puts the HTML site, under the output folder
HOST = "127.0.0.1"


def docs_site(out: Path) -> Path:
    """The HTML site generated into `out`; a clear error when there is none."""
    site = out / SITE
    if not (site / "index.html").is_file():
        raise ConfigError("no HTML docs here: run `sdkgen generate` first", where=str(site))
    return site


def serve(site: Path, port: int, announce: Callable[[str], None]) -> None:
    """Serve `site` until interrupted; `announce` gets the address once it listens."""
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(site))
    try:
        server = ThreadingHTTPServer((HOST, port), handler)
    except OSError as exc:
        raise ConfigError(f"cannot listen on {HOST}:{port}: {exc.strerror}") from None
    # `kill` ends it as Ctrl-C does. (A process started in the background may have SIGINT
    # ignored from the start: then SIGTERM is the one way to stop it cleanly.)
    signal.signal(signal.SIGTERM, _interrupt)
    with server:
        announce(f"http://{HOST}:{server.server_address[1]}/")
        with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C or SIGTERM: how it ends
            server.serve_forever()


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt
