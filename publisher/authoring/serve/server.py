"""The local web page of `publisher serve`: the standard library's ThreadingHTTPServer on 127.0.0.1.

Routes: `/` (the page, its `/page.js`, `/page.css` and `/font.ttf`), `/state.json`, `/events` (server-sent events:
the state each time it changes), `/pictures/<hash>.jpg`, `/outputs/<name>` (the outputs of the build shown, by name
only) and `POST /api/build` (a build for `publisher build`, with the token of the server's link file).

Nothing else is served: a URL names an entry of a table, never a path joined to a folder, so `..`, its encodings
and absolute paths find nothing; an output is opened without following a symlink and only when it is a regular
file in the output folder. A request whose Host header is not localhost or 127.0.0.1 at this port is refused
(DNS rebinding), and the page may not be framed by another site.
"""
from __future__ import annotations

import contextlib
import hmac
import json
import os
import re
import stat
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

from publisher.authoring.batch import declared_variants
from publisher.authoring.preview import ALERT, INK, MUTED, PAPER, RULE
from publisher.authoring.serve.board import Board
from publisher.authoring.serve.builds import Builder, Outcome
from publisher.authoring.serve.pictures import Store
from publisher.errors import PublisherError, diagnostic_json
from publisher.outline import source
from publisher.resources import data_dir

HOST = "127.0.0.1"
PICTURE = re.compile(r"/pictures/([0-9a-f]{32}\.jpg)")
OUTPUT = re.compile(r"/outputs/([^/\\]+)")
KEEPALIVE = 15.0  # seconds between comments on an idle event stream (a closed browser is noticed then)
IDLE = 60.0  # seconds an idle connection is kept open
BUILD_WAIT = 600.0  # seconds a `publisher build` request waits for its build
MAX_BODY = 64 * 1024
TYPES = {".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
         ".pdf": "application/pdf"}
STATIC = {"/": ("page.html", "text/html; charset=utf-8"), "/page.js": ("page.js", "text/javascript; charset=utf-8"),
          "/page.css": ("page.css", "text/css; charset=utf-8")}
FONT = "/font.ttf"  # the bundled sans face's common subset: the page's text where the browser has no CJK font
FONT_FILE = "NotoSansSC-Regular.common.ttf"
COLOURS = {"--alert": ALERT, "--ink": INK, "--muted": MUTED, "--rule": RULE, "--paper": PAPER}  # the contact sheets'
SECURITY_HEADERS = {"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer",
                    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'"}


class PreviewServer(ThreadingHTTPServer):
    """The page's server: what it shows, the pictures, the builder, and the token of `publisher build` requests."""

    daemon_threads = True
    allow_reuse_address = False

    def __init__(self, board: Board, store: Store, builder: Builder, out_dir: Path, token: str, port: int = 0):
        super().__init__((HOST, port), Handler)
        self.board, self.store, self.builder, self.token = board, store, builder, token
        self.out_dir = out_dir.resolve()
        self.static = {route: (_asset(name), kind) for route, (name, kind) in STATIC.items()}
        self.stopping = threading.Event()

    @property
    def port(self) -> int:
        """Return the port it listens on."""
        return self.server_address[1]

    def hosts(self) -> set[str]:
        """Return the Host header values it answers."""
        return {f"127.0.0.1:{self.port}", f"localhost:{self.port}"}

    def stop(self) -> None:
        """Stop serving and end the event streams."""
        self.stopping.set()
        self.board.close()
        self.shutdown()
        self.server_close()


def _asset(name: str) -> bytes:
    data = resources.files("publisher.authoring.serve").joinpath("page", name).read_bytes()
    if name == "page.css":
        data = "".join(f"{key}:{value};" for key, value in COLOURS.items()).join(
            data.decode("utf-8").split("/*COLOURS*/", 1)).encode("utf-8")
    return data


class Handler(BaseHTTPRequestHandler):
    """One request of the page, of its event stream, or of `publisher build`."""

    server: PreviewServer
    protocol_version = "HTTP/1.1"
    timeout = IDLE

    def do_GET(self) -> None:  # noqa: N802 - the standard library's name
        if not self._host_ok():
            return
        route = urlsplit(self.path).path
        if route in self.server.static:
            body, kind = self.server.static[route]
            self._send(HTTPStatus.OK, body, kind, cache="no-cache")
        elif route == FONT:
            self._send(HTTPStatus.OK, (data_dir("fonts") / FONT_FILE).read_bytes(), "font/ttf", cache="max-age=86400")
        elif route == "/state.json":
            self._send(HTTPStatus.OK, self.server.board.state()[1].encode("utf-8"), "application/json")
        elif route == "/events":
            self._events()
        elif match := PICTURE.fullmatch(route):
            self._picture(match.group(1))
        elif match := OUTPUT.fullmatch(route):
            self._output(match.group(1))
        else:
            self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain; charset=utf-8")

    def do_POST(self) -> None:  # noqa: N802
        if not self._host_ok():
            return
        if urlsplit(self.path).path != "/api/build":
            self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain; charset=utf-8")
            return
        given = self.headers.get("Authorization", "").removeprefix("Bearer ")
        if not hmac.compare_digest(given.encode(), self.server.token.encode()):
            self._send(HTTPStatus.FORBIDDEN, b"a build needs the token of the server's link file\n",
                       "text/plain; charset=utf-8")
            return
        self._build()

    def _host_ok(self) -> bool:
        host = (self.headers.get("Host") or "").lower()
        if host in self.server.hosts():
            return True
        self._send(HTTPStatus.MISDIRECTED_REQUEST, b"this server answers http://127.0.0.1 and http://localhost only\n",
                   "text/plain; charset=utf-8")
        return False

    def _picture(self, name: str) -> None:
        data = self.server.store.get(name)
        if data is None:
            self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain; charset=utf-8")
        else:
            self._send(HTTPStatus.OK, data, "image/jpeg", cache="max-age=31536000, immutable")

    def _output(self, name: str) -> None:
        path = self.server.board.output(name)
        data = _read_output(path, self.server.out_dir) if path else None
        if data is None:
            self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain; charset=utf-8")
            return
        self._send(HTTPStatus.OK, data, TYPES.get(path.suffix, "application/octet-stream"),
                   extra={"Content-Disposition": f"attachment; filename*=UTF-8''{_quote(name)}"})

    def _events(self) -> None:
        """Send the state now and after each change, a comment when idle, until the browser or server leaves."""
        self.close_connection = True
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        board, seen = self.server.board, -1
        try:
            self.wfile.write(b"retry: 1000\n\n")
            version, data = board.state()
            while not self.server.stopping.is_set():
                if version > seen:
                    self.wfile.write(f"event: state\nid: {version}\ndata: {data}\n\n".encode())
                    seen = version
                else:
                    self.wfile.write(b": idle\n\n")
                self.wfile.flush()
                waited = board.wait(seen, KEEPALIVE)
                if waited is None and board.closed:
                    break
                version, data = waited or (seen, "")
        except (ConnectionError, TimeoutError, OSError):
            pass  # the browser went away

    def _build(self) -> None:
        try:
            length = int(self.headers.get("Content-Length", "0"))
            asked = json.loads(self.rfile.read(length)) if 0 < length <= MAX_BODY else None
        except (ValueError, UnicodeDecodeError):
            asked = None
        builder = self.server.builder
        expected = builder.config.key()
        if not isinstance(asked, dict) or asked != expected:
            self._json(HTTPStatus.CONFLICT, {"served": False, "reason": "this server builds another outline, folder "
                                             "or set of options", "serves": expected})
            return
        if _has_variants(builder.config.outline):
            self._json(HTTPStatus.CONFLICT, {"served": False, "reason": "the outline has variants"})
            return
        outcome = builder.wait(builder.ask(), BUILD_WAIT)
        if outcome is None:
            self._json(HTTPStatus.SERVICE_UNAVAILABLE, {"served": False, "reason": "the server is stopping"})
            return
        self._json(HTTPStatus.OK, {"served": True, **outcome_json(outcome)})

    def _json(self, status: HTTPStatus, data: dict) -> None:
        self._send(status, json.dumps(data, ensure_ascii=False).encode("utf-8"), "application/json")

    def _send(self, status: HTTPStatus, body: bytes, kind: str, cache: str = "no-store",
              extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for name, value in {"Content-Type": kind, "Content-Length": str(len(body)), "Cache-Control": cache,
                            **SECURITY_HEADERS, **(extra or {})}.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            with contextlib.suppress(ConnectionError, TimeoutError):
                self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the standard library's signature
        """Say nothing per request: the terminal shows builds."""


def outcome_json(outcome: Outcome) -> dict:
    """Return a build's outcome as `publisher build` prints it: outputs, warnings by stage, timings, or errors."""
    return {"ok": outcome.ok, "outputs": [str(p) for p in outcome.outputs],
            "warnings": {stage: [diagnostic_json(w) for w in found] for stage, found in outcome.warnings.items()},
            "listed": [diagnostic_json(w) for w in outcome.all_warnings()],
            "timings": outcome.timings, "errors": [diagnostic_json(d) for d in outcome.errors],
            "internal": outcome.internal}


def _read_output(path: Path, out_dir: Path) -> bytes | None:
    """Return the bytes of an output, None when it is a symlink, not a regular file, or not in out_dir."""
    if Path(os.path.realpath(path.parent)) != out_dir:
        return None
    try:  # without following a symlink, nor waiting on a pipe
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        os.set_blocking(fd, True)
        with os.fdopen(os.dup(fd), "rb") as stream:
            return stream.read()
    finally:
        os.close(fd)


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name, safe="")


def _has_variants(outline: Path) -> bool:
    try:
        return bool(declared_variants(source.load(outline)))
    except PublisherError:
        return False
