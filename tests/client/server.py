"""A real HTTP server on 127.0.0.1 for the client tests: a threaded stdlib `http.server`
that answers each request with the next scripted reply for its method and path, and
records every request it received."""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

NO_JSON = object()


@dataclass(frozen=True)
class Reply:
    """One scripted answer; `drop` closes the connection without answering."""

    status: int = 200
    json: Any = NO_JSON
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    drop: bool = False

    def encoded(self) -> tuple[bytes, dict[str, str]]:
        if self.json is NO_JSON:
            return self.body, dict(self.headers)
        return json.dumps(self.json).encode(), {"Content-Type": "application/json", **self.headers}


@dataclass(frozen=True)
class Received:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]  #: lower-case names
    body: bytes
    at: float  #: `time.monotonic()` when it arrived

    def json(self) -> Any:
        return json.loads(self.body)


class TestServer:
    """Scripted replies by (method, path); the last reply of a script repeats."""

    __test__ = False  # not a pytest test class

    def __init__(self) -> None:
        self._scripts: dict[tuple[str, str], deque[Reply]] = {}
        self._lock = threading.Lock()
        self.received: list[Received] = []
        self._http = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._http.daemon_threads = True
        self._thread = threading.Thread(target=self._http.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._http.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def port(self) -> int:
        return int(self._http.server_address[1])

    def reply(self, method: str, path: str, *replies: Reply) -> None:
        with self._lock:
            self._scripts[(method.upper(), path)] = deque(replies)

    def reset(self) -> None:
        with self._lock:
            self._scripts.clear()
            self.received.clear()

    def requests(self, method: str | None = None, path: str | None = None) -> list[Received]:
        with self._lock:
            return [
                r
                for r in self.received
                if (method is None or r.method == method) and (path is None or r.path == path)
            ]

    def next_reply(self, request: Received) -> Reply:
        with self._lock:
            self.received.append(request)
            script = self._scripts.get((request.method, request.path))
            if not script:
                message = f"no reply scripted for {request.method} {request.path}"
                return Reply(404, {"message": message, "statusCode": 404})
            return script.popleft() if len(script) > 1 else script[0]

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._http.shutdown()
        self._http.server_close()


def _handler_for(server: TestServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as the client's pool expects
        disable_nagle_algorithm = True  # headers and body leave together: no 40 ms stall

        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            url = urlsplit(self.path)
            request = Received(
                method=self.command,
                path=url.path,
                query=parse_qs(url.query, keep_blank_values=True),
                headers={k.lower(): v for k, v in self.headers.items()},
                body=body,
                at=time.monotonic(),
            )
            reply = server.next_reply(request)
            if reply.delay:
                time.sleep(reply.delay)
            if reply.drop:
                self.close_connection = True
                return
            content, headers = reply.encoded()
            try:
                self.send_response(reply.status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                self.wfile.write(content)
            except (BrokenPipeError, ConnectionResetError):  # the client gave up (a timeout)
                self.close_connection = True

        do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _answer

        def log_message(self, format: str, *args: Any) -> None:
            del format, args  # quiet

    return Handler


def running() -> Iterator[TestServer]:
    server = TestServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()
