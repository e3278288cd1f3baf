"""How `publisher build` finds a running `publisher serve` of the same outline and folder, and has it build.

A server writes the link file `.publisher-serve.json` into its output folder (readable by its user only): its
process id, port and a random token, and what it builds. `publisher build` reads it, and when the server builds the
same outline into the same folder with the same options, asks it for a build over loopback HTTP with the token and
prints the result as its own; otherwise, or when no server answers, it builds in its own process. This module uses
the standard library only, so asking costs no import of the build.
"""
from __future__ import annotations

import contextlib
import http.client
import json
import os
import secrets
from pathlib import Path

LINK_NAME = ".publisher-serve.json"
CONNECT_TIMEOUT = 2.0  # seconds to reach a server that the link file names
BUILD_TIMEOUT = 900.0  # seconds a build may take


class ServerBusy(Exception):
    """Another server already serves this output folder."""


def link_path(out_dir: Path) -> Path:
    """Return where the link file of a server building into out_dir is."""
    return out_dir / LINK_NAME


def new_token() -> str:
    """Return a token that only readers of the link file know."""
    return secrets.token_urlsafe(32)


def write_link(out_dir: Path, port: int, token: str, key: dict) -> Path:
    """Write the link file of a server (mode 0600, replacing none of another live server); return its path."""
    found = read_link(out_dir)
    if found and found.get("token") != token and _alive(found.get("pid")):
        raise ServerBusy(f"a server for this folder is already running (process {found['pid']}, "
                         f"http://127.0.0.1:{found.get('port')}/)")
    out_dir.mkdir(parents=True, exist_ok=True)
    path = link_path(out_dir)
    temp = path.with_name(f"{LINK_NAME}.{os.getpid()}.part")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as stream:
        json.dump({"pid": os.getpid(), "port": port, "token": token, "serves": key}, stream)
    os.replace(temp, path)
    return path


def remove_link(out_dir: Path, token: str) -> None:
    """Remove the link file of the server with this token from out_dir (not another server's)."""
    found = read_link(out_dir)
    if found and found.get("token") == token:
        with contextlib.suppress(OSError):
            link_path(out_dir).unlink()


def read_link(out_dir: Path) -> dict | None:
    """Return the link file's data, or None when there is none or it cannot be read."""
    try:
        data = json.loads(link_path(out_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _alive(pid: object) -> bool:
    if not isinstance(pid, int) or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def request_build(out_dir: Path, key: dict) -> dict | None:
    """Return the outcome of a build by the server of out_dir (see publisher.authoring.serve.server.outcome_json),
    or None when no live server builds the same outline there with the same options."""
    found = read_link(out_dir)
    if not found or found.get("serves") != key or not _alive(found.get("pid")):
        return None
    port, token = found.get("port"), found.get("token")
    if not isinstance(port, int) or not isinstance(token, str):
        return None
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=CONNECT_TIMEOUT)
    try:
        connection.connect()
        connection.sock.settimeout(BUILD_TIMEOUT)
        connection.request("POST", "/api/build", body=json.dumps(key).encode("utf-8"),
                           headers={"Host": f"127.0.0.1:{port}", "Authorization": f"Bearer {token}",
                                    "Content-Type": "application/json"})
        response = connection.getresponse()
        answer = json.loads(response.read())
    except (OSError, ValueError, http.client.HTTPException):
        return None
    finally:
        connection.close()
    return answer if response.status == 200 and isinstance(answer, dict) and answer.get("served") else None
