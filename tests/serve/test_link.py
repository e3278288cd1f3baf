"""`publisher build` with a server running: the server builds when it serves the same outline into the same folder
with the same options, and the command prints what a build in its own process would; otherwise, with --no-server,
or when the link file is stale or its token wrong, the command builds in its own process."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from serving import built, running

from publisher.authoring.serve.link import link_path, read_link
from publisher.cli import main


def test_a_build_from_the_shell_is_done_by_the_server(starter, capsys, tmp_path):
    with running(starter) as session:
        built(session, pictures=True)  # no writer of the server at work while this process builds too
        assert main(["build", str(starter), "-o", str(session.config.out_dir)]) == 0
        by_server = capsys.readouterr()
        builds = session.builder.builds
        served = {p.name: p.read_bytes() for p in session.config.out_dir.glob("outline.*")}
    assert builds == 2 and f"by the server at http://127.0.0.1:{session.server.port}/" in by_server.out
    assert main(["build", str(starter), "-o", str(tmp_path / "here"), "--no-server"]) == 0
    here = capsys.readouterr()
    assert {p.name: p.read_bytes() for p in (tmp_path / "here").glob("outline.*")} == served, "the same bytes"
    assert _lines(by_server.out, session.config.out_dir) == _lines(here.out, tmp_path / "here")
    assert by_server.err == here.err


def test_a_build_done_by_the_server_loads_no_model_writer_or_library(starter):
    script = ("import sys\nfrom publisher.cli import main\ncode = main(sys.argv[1:])\n"
              "print(code, sorted({m.split('.')[0] for m in sys.modules} & {'pydantic', 'pptx', 'reportlab', 'lxml', "
              "'matplotlib', 'numpy', 'PIL', 'fontTools'}), 'publisher.authoring.batch' in sys.modules)")
    with running(starter) as session:
        built(session, pictures=True)
        run = subprocess.run([sys.executable, "-c", script, "build", str(starter), "-o", str(session.config.out_dir)],
                             capture_output=True, text=True, timeout=120)
    assert "by the server" in run.stdout and run.stdout.splitlines()[-1] == "0 [] False", run.stdout + run.stderr


def _lines(out: str, folder) -> list[str]:
    """Return the wrote lines of a build's output with the folder and the time taken out."""
    return [line.replace(str(folder), "OUT") for line in out.splitlines() if line.startswith("wrote ")]


def test_json_from_the_server_has_the_shape_of_a_local_build(starter, capsys):
    with running(starter) as session:
        built(session, pictures=True)  # no writer of the server at work while this process builds too
        main(["build", str(starter), "-o", str(session.config.out_dir), "--json"])
        served = json.loads(capsys.readouterr().out)
        built(session, 2, pictures=True)
        main(["build", str(starter), "-o", str(session.config.out_dir), "--json", "--no-server"])
        local = json.loads(capsys.readouterr().out)
        assert session.builder.builds == 2
    assert served.pop("server") == f"http://127.0.0.1:{session.server.port}/"
    assert served.keys() == local.keys() and served["outputs"] == local["outputs"]
    assert served["warnings"] == local["warnings"] and served["timings"].keys() == local["timings"].keys()


def test_a_broken_outline_fails_through_the_server_as_it_would_here(starter, capsys):
    text = starter.read_text(encoding="utf-8")
    with running(starter) as session:
        built(session, pictures=True)  # no writer of the server at work while this process builds too
        starter.write_text(text.replace("type: bar ", "type: barr "), encoding="utf-8")
        served = main(["build", str(starter), "-o", str(session.config.out_dir)])
        by_server = capsys.readouterr()
        local = main(["build", str(starter), "-o", str(session.config.out_dir), "--no-server"])
        here = capsys.readouterr()
    assert served == local == 2 and "did you mean 'bar'" in by_server.err
    assert by_server.err == here.err and by_server.out == here.out == ""


@pytest.mark.parametrize("options", [["--format", "pdf"], ["--theme", "gbt9704"], ["--allow-outside"],
                                     ["--limit", "title_chars=300"], ["--no-server"]])
def test_other_options_build_here(starter, capsys, options):
    with running(starter) as session:
        built(session, pictures=True)  # no writer of the server at work while this process builds too
        assert main(["build", str(starter), "-o", str(session.config.out_dir), *options]) == 0
        assert session.builder.builds == 1
    assert "by the server" not in capsys.readouterr().out


def test_another_folder_builds_here(starter, capsys, tmp_path):
    with running(starter) as session:
        built(session, pictures=True)  # no writer of the server at work while this process builds too
        assert main(["build", str(starter), "-o", str(tmp_path / "elsewhere")]) == 0
        assert session.builder.builds == 1
    assert "by the server" not in capsys.readouterr().out


def test_a_stale_link_file_or_a_wrong_token_builds_here(starter, capsys):
    with running(starter) as session:
        built(session, pictures=True)  # no writer of the server at work while this process builds too
        link = link_path(session.config.out_dir)
        data = read_link(session.config.out_dir)
        link.write_text(json.dumps({**data, "token": "guessed"}), encoding="utf-8")
        assert main(["build", str(starter), "-o", str(session.config.out_dir)]) == 0
        assert session.builder.builds == 1
        gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
        link.write_text(json.dumps({**data, "pid": int(gone.stdout)}), encoding="utf-8")
        assert main(["build", str(starter), "-o", str(session.config.out_dir)]) == 0
        assert session.builder.builds == 1
        link.write_text("{not json", encoding="utf-8")
        assert main(["build", str(starter), "-o", str(session.config.out_dir)]) == 0
    assert "by the server" not in capsys.readouterr().out


def test_serve_refuses_what_it_cannot_serve(tmp_path, capsys):
    assert main(["serve", str(tmp_path / "missing.yaml")]) == 2
    assert "missing.yaml: error: cannot serve: no such file" in capsys.readouterr().err
    batch = tmp_path / "batch.yaml"
    batch.write_text("report: {title: '{{ 区 }}'}\nvariants: [{区: 甲}, {区: 乙}]\nsections: []\n", encoding="utf-8")
    assert main(["serve", str(batch), "-o", str(tmp_path / "out")]) == 2
    assert "has variants" in capsys.readouterr().err
    assert main(["serve", str(batch), "--port", "70000"]) == 2
    assert "expected a port" in capsys.readouterr().err
