"""The writers run side by side in forked processes: results, warnings and errors come back whole."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from publisher.api import build_result
from publisher.errors import Diagnostic, PublisherError, Span, fail
from publisher.write import writers

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="the writers are forked on Linux only")


@pytest.fixture()
def built(starter: Path, tmp_path: Path) -> Path:
    out = tmp_path / "out"
    build_result(starter, out)
    return out


def failing(error: BaseException, fmt: str = "pdf"):
    """Return a writer factory whose fmt writer writes half a file, then raises error."""
    real = writers.writer

    def factory(name: str):
        if name != fmt:
            return real(name)

        def write(project, path):
            path.write_bytes(b"half a file")
            raise error
        return write
    return factory


def test_the_second_format_is_written_by_another_process(starter, tmp_path, monkeypatch):
    pids = {}
    real = writers.writer

    def recording(name: str):
        def write(project, path):
            pids[name] = os.getpid()
            real(name)(project, path)
            project.warnings.append(Diagnostic(Span("x.yaml", 3, 4), f"{name} says hello", "", "warning"))
            (tmp_path / f"{name}.pid").write_text(str(os.getpid()))
        return write

    monkeypatch.setattr(writers, "writer", recording)
    result = build_result(starter, tmp_path / "out")
    assert (tmp_path / "pptx.pid").read_text() == str(os.getpid())
    assert (tmp_path / "pdf.pid").read_text() != str(os.getpid())
    assert [str(w) for w in result.warnings["pdf"]] == ["x.yaml:3:4: warning: pdf says hello"]
    assert all(p.stat().st_size > 10_000 for p in result.outputs)


def test_a_located_error_of_the_forked_writer_is_raised_whole_and_nothing_is_replaced(built, starter):
    before = {p: p.read_bytes() for p in built.iterdir()}
    error = fail("outline.yaml", "the image is not a PNG", 12, 5, "sections[1].blocks[0].path")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(writers, "writer", failing(error))
        with pytest.raises(PublisherError) as raised:
            build_result(starter, built)
    assert raised.value.diagnostics == error.diagnostics
    assert str(raised.value) == "outline.yaml:12:5: error: sections[1].blocks[0].path: the image is not a PNG"
    assert {p: p.read_bytes() for p in built.iterdir()} == before  # no stray part file, outputs intact


def test_a_bug_in_the_forked_writer_is_an_error_not_a_hang(built, starter):
    before = {p: p.read_bytes() for p in built.iterdir()}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(writers, "writer", failing(ZeroDivisionError("division by zero")))
        with pytest.raises(RuntimeError, match="ZeroDivisionError: division by zero"):
            build_result(starter, built)
    assert {p: p.read_bytes() for p in built.iterdir()} == before


def test_a_writer_that_dies_is_reported(built, starter, monkeypatch):
    child = writers._child
    monkeypatch.setattr(writers, "_child", lambda parent, send, fmt, *args: os._exit(9) if fmt == "pdf" else
                        child(parent, send, fmt, *args))
    with pytest.raises(RuntimeError, match=r"the pdf writer stopped \(exit code 9\)"):
        build_result(starter, built)


def test_one_format_or_a_batch_build_stays_in_this_process(starter, tmp_path, monkeypatch):
    monkeypatch.setattr(writers, "_start", lambda *args: pytest.fail("forked"))
    build_result(starter, tmp_path / "a", ("pdf",))
    build_result(starter, tmp_path / "b", parallel=False)
