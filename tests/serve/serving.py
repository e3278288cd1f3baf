"""Helpers of the serve tests: a running server, its state, raw HTTP requests to it."""
from __future__ import annotations

import http.client
import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from publisher.authoring.serve.builds import Config
from publisher.authoring.serve.session import Session


def wait_for(condition: Callable[[], object], timeout: float = 120, what: str = "") -> object:
    """Return condition()'s first true value; fail after timeout seconds."""
    deadline = time.monotonic() + timeout
    while not (value := condition()):
        assert time.monotonic() < deadline, f"timed out after {timeout} s waiting for {what or condition}"
        time.sleep(0.02)
    return value


def state(session: Session) -> dict:
    """Return the page's state now."""
    return json.loads(session.board.state()[1])


def built(session: Session, number: int = 1, pictures: bool = False) -> dict:
    """Return the state once build number is shown (with pictures: and the pictures of its pages and slides, so
    no writer of the server is at work)."""
    def ready() -> dict | None:
        now = state(session)
        done = now["build"] and now["build"]["number"] >= number and not now["building"]
        drawn = not pictures or not any(now[kind]["pending"] for kind in ("pages", "slides"))
        return now if done and drawn else None

    return wait_for(ready, what=f"build {number}")


@contextmanager
def running(outline: Path, out_dir: Path | None = None, formats: tuple[str, ...] = ("theme",),
            port: int = 0) -> Iterator[Session]:
    """Start a server on outline; close it after."""
    session = Session(Config(outline, out_dir or outline.parent / "out", formats), port)
    session.start()
    try:
        yield session
    finally:
        session.close()


def request(session: Session, path: str, method: str = "GET", host: str | None = "default", body: bytes | None = None,
            headers: dict | None = None) -> tuple[int, dict, bytes]:
    """Send one raw request (the path as given, not normalised) and return status, headers and body."""
    connection = http.client.HTTPConnection("127.0.0.1", session.server.port, timeout=30)
    try:
        connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        if host == "default":
            host = f"127.0.0.1:{session.server.port}"
        if host is not None:
            connection.putheader("Host", host)
        for name, value in (headers or {}).items():
            connection.putheader(name, value)
        if body is not None:
            connection.putheader("Content-Length", str(len(body)))
        connection.endheaders(body)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()
