"""The page's server: loopback only, only the build's outputs (no path outside them however it is spelled, no
symlink followed), Host headers other than localhost refused, builds for `publisher build` only with the token,
and event streams that end when their browser leaves, leaving no thread behind."""
from __future__ import annotations

import json
import os
import shutil
import socket
import threading
import time

import pytest
from serving import built, request, running, state, wait_for

from publisher.authoring.preview import ALERT
from publisher.authoring.serve import server as server_module
from publisher.authoring.serve.link import link_path, read_link
from publisher.authoring.serve.server import _read_output
from publisher.authoring.starter import scaffold

SECRET = "the contents of a file outside the outputs"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """A server on a starter project whose first build and pictures are done; a secret file beside the project."""
    root = tmp_path_factory.mktemp("served")
    scaffold(root / "starter", "default")
    (root / "secret.txt").write_text(SECRET, encoding="utf-8")
    (root / "starter" / "out").mkdir()
    (root / "starter" / "out" / "stray.txt").write_text(SECRET, encoding="utf-8")  # in the folder, not an output
    with running(root / "starter" / "outline.yaml") as session:
        built(session, pictures=True)
        yield session


def test_it_listens_on_loopback_only(served):
    assert served.server.server_address[0] == "127.0.0.1"
    with pytest.raises(OSError), socket.create_connection((_other_address(), served.server.port), timeout=2):
        pass


def _other_address() -> str:
    """Return an address of this machine that is not loopback (or an unroutable one when it has none)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: nothing is sent, the kernel only picks a source address
            address = probe.getsockname()[0]
        except OSError:
            address = "0.0.0.0"
    return "192.0.2.1" if address.startswith("127.") or address == "0.0.0.0" else address


def test_the_page_and_its_assets_are_served(served):
    status, headers, body = request(served, "/")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert b'src="/page.js"' in body and headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    status, _, css = request(served, "/page.css")
    assert status == 200 and f"--alert:{ALERT}".encode() in css, "the contact sheets' alert colour"
    assert request(served, "/page.js")[0] == 200
    status, headers, font = request(served, "/font.ttf")
    assert status == 200 and font[:4] == b"\x00\x01\x00\x00"


@pytest.mark.parametrize("host", ["evil.example", "evil.example:{port}", "127.0.0.1:{other}", "localhost",
                                  "127.0.0.1.evil.example:{port}", "[::1]:{port}", "", None])
def test_a_host_other_than_localhost_at_this_port_is_refused(served, host):
    port = served.server.port
    given = None if host is None else host.format(port=port, other=port + 1)
    for path in ("/", "/state.json", "/events", "/outputs/outline.pdf"):
        status, _, body = request(served, path, host=given)
        assert status == 421 and b"outline" not in body and b"%PDF" not in body


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "LOCALHOST:{port}"])
def test_localhost_at_this_port_is_answered(served, host):
    assert request(served, "/state.json", host=host.format(port=served.server.port))[0] == 200


TRAVERSALS = ["/outputs/../secret.txt", "/outputs/../../secret.txt", "/outputs/%2e%2e/%2e%2e/secret.txt",
              "/outputs/%2e%2e%2f%2e%2e%2fsecret.txt", "/outputs/%2E%2E%2F%2E%2E%2Fsecret.txt",
              "/outputs/..%2f..%2fsecret.txt", "/outputs/..%5c..%5csecret.txt", "/outputs/stray.txt",
              "/outputs/.publisher-serve.json", "/outputs/%2e%2e", "/outputs/", "/outputs/outline.pdf/../../secret.txt",
              "/outputs/outline.pdf%2f..%2f..%2fsecret.txt", "/../secret.txt", "/%2e%2e/secret.txt",
              "//secret.txt", "/pictures/../../secret.txt", "/pictures/%2e%2e%2fsecret.txt", "/secret.txt",
              "/outputs/outline.pdf%00.txt", "/outputs/%00"]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_no_path_leads_outside_the_outputs(served, path):
    status, _, body = request(served, path)
    assert status == 404 and SECRET.encode() not in body and b"token" not in body


def test_absolute_paths_find_nothing(served):
    secret = served.config.outline.parents[1] / "secret.txt"
    for path in (f"/outputs/{secret}", f"/outputs/{str(secret).replace('/', '%2f')}", str(secret),
                 f"http://127.0.0.1:{served.server.port}/outputs/../secret.txt", "/etc/passwd", "/outputs//etc/passwd"):
        status, _, body = request(served, path)
        assert status == 404 and SECRET.encode() not in body and b"root:" not in body


def test_the_outputs_are_served_as_written(served):
    for name in ("outline.pptx", "outline.pdf"):
        status, headers, body = request(served, f"/outputs/{name}")
        assert status == 200 and body == (served.config.out_dir / name).read_bytes()
        assert headers["Content-Disposition"] == f"attachment; filename*=UTF-8''{name}"


def test_an_output_replaced_by_a_symlink_is_not_followed(served, tmp_path):
    report = served.config.out_dir / "outline.pdf"
    kept = tmp_path / "kept.pdf"
    shutil.copy2(report, kept)
    secret = served.config.outline.parents[1] / "secret.txt"
    report.unlink()
    report.symlink_to(secret)
    try:
        status, _, body = request(served, "/outputs/outline.pdf")
        assert status == 404 and SECRET.encode() not in body
    finally:
        report.unlink()
        shutil.copy2(kept, report)
    assert request(served, "/outputs/outline.pdf")[0] == 200


def test_only_a_regular_file_in_the_output_folder_is_read(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "outline.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "link").symlink_to(tmp_path / "real")
    assert _read_output(tmp_path / "real" / "outline.pdf", (tmp_path / "real").resolve()) == b"%PDF-1.4"
    assert _read_output(tmp_path / "link" / "outline.pdf", (tmp_path / "other").resolve()) is None
    (tmp_path / "real" / "folder.pdf").mkdir()
    os.mkfifo(tmp_path / "real" / "pipe.pdf")
    for name in ("folder.pdf", "pipe.pdf", "missing.pdf"):
        assert _read_output(tmp_path / "real" / name, (tmp_path / "real").resolve()) is None


def test_pictures_are_served_by_name_only(served):
    now = state(served)
    picture = now["pages"]["items"][0]["picture"]
    status, headers, body = request(served, picture)
    assert status == 200 and body[:3] == b"\xff\xd8\xff" and headers["Content-Type"] == "image/jpeg"
    assert request(served, "/pictures/" + "0" * 32 + ".jpg")[0] == 404
    assert request(served, picture.replace(".jpg", ".png"))[0] == 404


def test_a_build_needs_the_token_of_the_link_file(served):
    link = read_link(served.config.out_dir)
    assert link and link["port"] == served.server.port and link["pid"] == os.getpid()
    assert os.stat(link_path(served.config.out_dir)).st_mode & 0o077 == 0, "only its owner reads the token"
    body = json.dumps(link["serves"]).encode()
    assert request(served, "/api/build", "POST", body=body)[0] == 403
    assert request(served, "/api/build", "POST", body=body, headers={"Authorization": "Bearer wrong"})[0] == 403
    token = {"Authorization": f"Bearer {link['token']}"}
    assert request(served, "/api/build", "POST", host="evil.example", body=body, headers=token)[0] == 421
    other = {**link["serves"], "formats": ["pdf"]}
    status, _, answer = request(served, "/api/build", "POST", body=json.dumps(other).encode(), headers=token)
    assert status == 409 and json.loads(answer)["served"] is False
    assert request(served, "/api/build", "POST", body=b"\xff" * 10, headers=token)[0] == 409
    assert request(served, "/api/build", "GET")[0] == 404
    assert request(served, "/state.json", "DELETE")[0] == 501


def test_an_event_stream_left_mid_stream_ends_its_thread(served, monkeypatch):
    monkeypatch.setattr(server_module, "KEEPALIVE", 0.2)
    before = threading.active_count()
    for _ in range(20):
        with socket.create_connection(("127.0.0.1", served.server.port), timeout=10) as client:
            client.sendall(f"GET /events HTTP/1.1\r\nHost: 127.0.0.1:{served.server.port}\r\n\r\n".encode())
            received = b""
            while b"event: state" not in received:
                received += client.recv(65536)
        # closed with the state half read: the server notices at its next write
    wait_for(lambda: threading.active_count() <= before, timeout=30, what="the stream threads to end")


def test_an_event_stream_sends_each_new_state(served):
    with socket.create_connection(("127.0.0.1", served.server.port), timeout=60) as client:
        client.sendall(f"GET /events HTTP/1.1\r\nHost: localhost:{served.server.port}\r\n\r\n".encode())
        events = _events(client)
        first = next(events)
        served.builder.ask()
        building = next(e for e in events if e["building"])
        done = next(e for e in events if not e["building"])
    assert first["version"] < building["version"] < done["version"]
    assert done["build"]["number"] == first["build"]["number"] + 1 and done["build"]["ok"]


def _events(client: socket.socket):
    """Yield the state of every event of a stream."""
    buffer = b""
    while True:
        chunk = client.recv(65536)
        assert chunk, "the stream ended"
        buffer += chunk
        *blocks, buffer = buffer.split(b"\n\n")
        for block in blocks:
            fields = dict(line.split(b": ", 1) for line in block.split(b"\n") if b": " in line)
            if fields.get(b"event") == b"state":
                yield json.loads(fields[b"data"])


def test_a_second_server_for_the_same_folder_is_refused(served):
    from publisher.errors import PublisherError

    with pytest.raises(PublisherError, match="already running"), running(served.config.outline):
        pass
    assert read_link(served.config.out_dir)["pid"] == os.getpid()


def test_a_port_in_use_is_a_clear_error(served, tmp_path):
    from publisher.errors import PublisherError

    scaffold(tmp_path / "other", "default")
    with pytest.raises(PublisherError, match=f"cannot listen on 127.0.0.1:{served.server.port}"), \
            running(tmp_path / "other" / "outline.yaml", port=served.server.port):
        pass


def test_closing_removes_the_link_file_and_every_thread(starter):
    before = {t.name for t in threading.enumerate()}
    with running(starter) as session:
        built(session)
        out_dir = session.config.out_dir
        assert link_path(out_dir).is_file()
    assert not link_path(out_dir).exists()
    time.sleep(0.1)
    assert {t.name for t in threading.enumerate()} <= before
    assert sorted(p.name for p in out_dir.iterdir()) == ["outline.pdf", "outline.pptx"]


def test_the_path_of_a_picture_route_is_a_table_lookup():
    assert server_module.PICTURE.fullmatch("/pictures/" + "a" * 32 + ".jpg")
    assert not server_module.PICTURE.fullmatch("/pictures/../" + "a" * 29 + ".jpg")
    assert not server_module.OUTPUT.fullmatch("/outputs/a/b")
