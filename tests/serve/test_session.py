"""A running server: it builds on every save of the outline or a file it names, shows a broken build's located
errors while the last good outputs stay shown and on disk, and survives 200 rapid saves and streams left mid-way
without keeping threads or memory."""
from __future__ import annotations

import gc
import socket
import threading
import time

from serving import built, running, state, wait_for

from publisher.authoring.serve import server as server_module


def test_a_save_of_the_outline_rebuilds_and_shows_the_new_text(starter):
    with running(starter) as session:
        first = built(session, pictures=True)
        text = starter.read_text(encoding="utf-8")
        starter.write_text(text.replace("总体情况：经济运行稳中有进", "总体情况：经济运行稳中向好"), encoding="utf-8")
        now = wait_for(lambda: _with_text(session, "总体情况：经济运行稳中向好"), timeout=60, what="the new title")
    titles = [s["title"] for s in now["slides"]["items"]]
    assert "总体情况：经济运行稳中向好" in titles and "总体情况：经济运行稳中有进" not in titles
    assert now["build"]["ok"] and now["build"]["number"] == first["build"]["number"] + 1


def test_slide_pictures_are_the_deck_pdf_written_aside_unless_asked_for(starter, tmp_path):
    import pypdfium2

    with running(starter) as session:
        now = built(session, pictures=True)
        wait_for(lambda: not state(session)["slides"]["pending"], timeout=60, what="the slide pictures")
        aside = session.painter.work_dir / "slides.pdf"
        assert aside.is_file() and len(pypdfium2.PdfDocument(aside)) == len(now["slides"]["items"])
        assert sorted(p.name for p in session.config.out_dir.iterdir()) == [
            ".publisher-serve.json", "outline.pdf", "outline.pptx"]
        assert "deck PDF, drawn by reportlab" in now["slides"]["source"]
    with running(starter, tmp_path / "all", ("pptx", "pdf", "deck-pdf")) as session:
        built(session)
        wait_for(lambda: not state(session)["slides"]["pending"], timeout=60, what="the slide pictures")
        assert not (session.painter.work_dir / "slides.pdf").exists(), "the output was drawn"


def test_a_save_of_a_data_file_rebuilds(starter):
    data = starter.parent / "data" / "quarterly.csv"
    with running(starter) as session:
        built(session)
        data.write_text(data.read_text(encoding="utf-8").replace("一季度", "第一季度"), encoding="utf-8")
        wait_for(lambda: _with_text(session, "第一季度", "pages"), timeout=60, what="the new category")


def test_a_broken_outline_shows_its_located_errors_and_keeps_the_last_good_outputs(starter):
    with running(starter) as session:
        good = built(session, pictures=True)
        written = {p: p.read_bytes() for p in session.config.out_dir.glob("outline.*")}
        text = starter.read_text(encoding="utf-8")
        starter.write_text(text.replace("type: bar ", "type: barr "), encoding="utf-8")
        broken = wait_for(lambda: (s := state(session))["build"]["number"] == 2 and not s["building"] and s,
                          timeout=60, what="the broken build")
    error = broken["build"]["errors"][0]
    line = next(i for i, row in enumerate(starter.read_text(encoding="utf-8").splitlines(), 1) if "barr" in row)
    assert not broken["build"]["ok"] and error["where"] == f"{starter}:{line}:{error['column']}"
    assert "did you mean 'bar'" in error["message"] and "type: barr" in error["excerpt"]
    assert broken["shown"]["number"] == 1 and broken["slides"] == good["slides"] and broken["pages"] == good["pages"]
    assert {p: p.read_bytes() for p in written} == written


def test_a_file_that_is_not_read_by_the_build_has_no_excerpt(starter, tmp_path):
    from publisher.authoring.serve.board import error_json
    from publisher.errors import Diagnostic, Span

    secret = tmp_path / "secret.txt"
    secret.write_text("a line of a file the build does not read\n", encoding="utf-8")
    readable = {starter.resolve()}
    assert error_json(Diagnostic(Span(str(secret), 1, 1), "x"), readable)["excerpt"] == ""
    assert error_json(Diagnostic(Span(str(starter), 8, 1), "x"), readable)["excerpt"].startswith("report:")


def test_200_rapid_saves_and_streams_left_mid_way_keep_no_thread_or_memory(starter, monkeypatch):
    monkeypatch.setattr(server_module, "KEEPALIVE", 0.2)
    text = starter.read_text(encoding="utf-8")
    with running(starter) as session:
        built(session, pictures=True)
        _save(starter, text, 0)
        wait_for(lambda: _with_text(session, "版本0"), timeout=60)
        gc.collect()
        threads, memory = threading.active_count(), _rss()
        for number in range(1, 201):
            _save(starter, text, number)
            if number % 20 == 0:
                _leave_a_stream(session.server.port)
            time.sleep(0.005)
        final = wait_for(lambda: _with_text(session, "版本200"), timeout=120, what="the last save's build")
        wait_for(lambda: not state(session)["pages"]["pending"], timeout=60)
        wait_for(lambda: threading.active_count() <= threads, timeout=30, what="the stream threads to end")
        gc.collect()
        grown = _rss() - memory
        builds = session.builder.builds
    assert final["build"]["ok"] and builds < 100, "saves in a burst are built together"
    shown = len(final["slides"]["items"]) + len(final["pages"]["items"])
    assert len(session.store) <= 2 * shown, "only the pictures on show (and the ones before) are kept"
    print(f"200 saves: {builds} builds, memory {memory / 2**20:.0f} → {(memory + grown) / 2**20:.0f} MiB")
    assert grown < 60 * 2**20, f"memory grew by {grown / 2**20:.1f} MiB over {builds} builds"


def _save(outline, text: str, number: int) -> None:
    outline.write_text(text.replace("总体情况：经济运行稳中有进", f"总体情况：经济运行版本{number}"), encoding="utf-8")


def _with_text(session, needle: str, kind: str = "slides") -> dict | None:
    now = state(session)
    done = now["build"] and not now["building"]
    return now if done and any(needle in "".join(s["text"].split()) for s in now[kind]["items"]) else None


def _leave_a_stream(port: int) -> None:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as client:
        client.sendall(f"GET /events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
        client.recv(100)


def _rss() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        return next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmRSS:"))
