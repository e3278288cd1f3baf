"""The command line as its peers' users expect it: --version, -q/-v, --strict, the outline of a folder, standard
input, output names from -o FILE or --name, --open (never a real viewer here), completion, "did you mean", progress
on a terminal only, help for every option."""
from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from publisher.authoring import viewer
from publisher.authoring.watch import BuildReport
from publisher.cli import command_parser, main

OUTLINE = """report:
  title: 区县简报
  language: {language}
sections:
  - title: 经济运行
    blocks:
      - 数字经济核心企业总计达9500余家。
      - table: {{data: data/指标.csv}}
"""
CSV = "指标,数值\n地区生产总值,2302.60\n"


@pytest.fixture()
def project(tmp_path) -> Path:
    """Return a small project folder: outline.yaml reading data/指标.csv."""
    folder = tmp_path / "项目"
    (folder / "data").mkdir(parents=True)
    (folder / "data" / "指标.csv").write_text(CSV, encoding="utf-8")
    (folder / "outline.yaml").write_text(OUTLINE.format(language="zh-CN"), encoding="utf-8")
    return folder


@pytest.fixture(autouse=True)
def no_viewer(monkeypatch) -> list[Path]:
    """Record what --open would show instead of starting a viewer."""
    opened: list[Path] = []
    monkeypatch.setattr(viewer, "OPEN", opened.append)
    return opened


@pytest.mark.parametrize(("argv", "code", "out", "err"), [
    (["--version"], 0, "publisher ", ""),
    (["--help"], 0, "usage: publisher", ""),
    (["build", "--help"], 0, "usage: publisher build", ""),
    (["build", "--nope"], 2, "", "unrecognized arguments: --nope"),
    (["bild"], 2, "", "did you mean 'build'"),
])
def test_the_console_script_prints_through_a_pipe_and_exits_with_the_parsers_code(argv, code, out, err):
    script = f"import sys; from publisher.cli import run; sys.argv = ['publisher', *{argv!r}]; run()"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}  # stdout block-buffered, as in a pipe
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == code, done.stderr
    assert done.stdout.startswith(out) and (out or not done.stdout)
    assert err in done.stderr


def test_version_prints_the_installed_version_and_loads_no_library(capsys):
    import publisher

    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0 and capsys.readouterr().out == f"publisher {publisher.__version__}\n"
    script = "import sys; from publisher.cli import main\ntry: main(['-V'])\nexcept SystemExit: pass\n" \
             "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pptx', 'reportlab', 'matplotlib', " \
             "'pydantic', 'yaml', 'PIL', 'shtab', 'fontTools')))"
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert run.stdout.splitlines() == ["publisher " + publisher.__version__, "[]"], run.stderr


def test_a_mistyped_command_or_option_names_the_closest(capsys):
    assert main(["bild", "outline.yaml"]) == 2
    assert "no command 'bild' (did you mean 'build'?)" in capsys.readouterr().err
    with pytest.raises(SystemExit) as done:
        main(["build", "--fromat=pdf"])
    assert done.value.code == 2 and "(did you mean '--format'?)" in capsys.readouterr().err


def test_every_option_of_every_command_has_help():
    parser = command_parser()
    commands = parser.get_default("commands")
    assert list(commands)[:3] == ["build", "validate", "preview"]
    for name, command in commands.items():
        assert command.description and command.description[0].isupper(), f"publisher {name} has no description"
        for action in command._actions:
            if action.help != argparse.SUPPRESS:
                assert action.help, f"publisher {name} {action.option_strings or action.dest} has no help"
        command.format_help()  # every help text reads without an error


def test_build_finds_the_outline_of_the_folder_and_says_so(project, monkeypatch, capsys):
    monkeypatch.chdir(project)
    assert main(["build", "--format", "pdf"]) == 0
    captured = capsys.readouterr()
    assert "publisher: building outline.yaml (the outline of this folder)" in captured.err
    assert (project / "out" / "outline.pdf").is_file() and "wrote out/outline.pdf" in captured.out


@pytest.mark.parametrize("option", ["-o", "--output", "--out"])
def test_every_command_names_its_output_folder_as_build_does(tmp_path, option):
    assert main(["schema", option, str(tmp_path / "编辑器"), "-q"]) == 0
    assert sorted(p.name for p in (tmp_path / "编辑器").iterdir()) == ["outline.schema.json", "theme.schema.json"]
    commands = command_parser().get_default("commands")
    for name in ("preview", "serve", "schema"):
        assert "-o FOLDER, --output FOLDER" in commands[name].format_help(), name


def test_serve_finds_the_outline_of_the_folder_and_refuses_standard_input(project, monkeypatch, capsys):
    from publisher.authoring.serve import session

    served = []
    monkeypatch.setattr(session, "serve", lambda config, port, open_page: served.append(config) or 0)
    monkeypatch.chdir(project)
    assert main(["serve"]) == 0
    assert main(["serve", str(project), "-q"]) == 0
    assert [config.outline for config in served] == [Path("outline.yaml"), project / "outline.yaml"]
    assert "publisher: serving outline.yaml (the outline of this folder)" in capsys.readouterr().err
    assert main(["serve", "-"]) == 2
    assert "serve rebuilds its outline from a file" in capsys.readouterr().err


def test_a_folder_with_one_outline_under_another_name_or_none(tmp_path, capsys):
    folder = tmp_path / "报告"
    folder.mkdir()
    (folder / "notes.yaml").write_text("colors: {primary: 8B0000}\n", encoding="utf-8")
    assert main(["validate", str(folder)]) == 2
    err = capsys.readouterr().err
    assert f"no outline in '{folder}': expected outline.yaml, or one .yaml file with a report: key" in err
    assert "(its .yaml files have no report: key: notes.yaml)" in err
    (folder / "简报.yaml").write_text("report:\n  title: 简报\nsections:\n  - title: 一\n", encoding="utf-8")
    assert main(["validate", str(folder)]) == 0
    assert f"checking {folder / '简报.yaml'}" in capsys.readouterr().err
    (folder / "另一份.yaml").write_text("report: {title: 另}\nsections: [{title: 一}]\n", encoding="utf-8")
    assert main(["validate", str(folder)]) == 2
    assert "holds 2 outlines (另一份.yaml, 简报.yaml); name the one to use" in capsys.readouterr().err


def test_standard_input_reads_paths_from_the_current_folder(project, monkeypatch, capsys):
    monkeypatch.chdir(project)
    text = (project / "outline.yaml").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text), encoding="utf-8"))
    assert main(["build", "-", "-o", str(project / "出"), "--format", "pdf"]) == 0
    assert "its paths are relative to the current folder" in capsys.readouterr().err
    assert (project / "出" / "outline.pdf").is_file()  # data/指标.csv was found from the current folder
    bad = b"report:\n  title: [\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(bad), encoding="utf-8"))
    assert main(["validate", "-"]) == 2
    assert capsys.readouterr().err.startswith("publisher: reading the outline from standard input")


def test_output_file_names_and_formats_from_o_or_name(project, capsys):
    out = project / "发布"
    assert main(["build", str(project), "-o", str(out / "简报.pdf")]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["简报.pdf"]
    assert main(["build", str(project), "-o", str(out), "--name", "二月", "--format", "pptx,deck-pdf"]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["二月.pptx", "二月.slides.pdf", "简报.pdf"]
    capsys.readouterr()
    assert main(["build", str(project), "-o", str(out / "x.pptx"), "--format", "pdf"]) == 2
    assert "'" + str(out / "x.pptx") + "' is a pptx file, but --format asks for pdf" in capsys.readouterr().err
    assert main(["build", str(project), "-o", str(out / "deck.ppt")]) == 2
    assert "publisher writes .pptx and .pdf files" in capsys.readouterr().err
    assert main(["build", str(project), "-o", str(out / "a.pdf"), "--name", "b"]) == 2
    assert sorted(p.name for p in out.iterdir()) == ["二月.pptx", "二月.slides.pdf", "简报.pdf"]


def test_strict_fails_on_a_warning_and_replaces_nothing(project, capsys):
    (project / "outline.yaml").write_text(OUTLINE.format(language="xx-Unknown"), encoding="utf-8")
    out = project / "out"
    out.mkdir()
    (out / "outline.pdf").write_bytes(b"the previous report")
    assert main(["build", str(project), "-o", str(out), "--format", "pdf", "--strict"]) == 2
    err = capsys.readouterr().err
    assert "warning: report.language" in err and "1 warning, which --strict makes errors; nothing was written" in err
    assert (out / "outline.pdf").read_bytes() == b"the previous report" and len(list(out.iterdir())) == 1
    assert main(["validate", str(project), "-s"]) == 2
    assert main(["build", str(project), "-o", str(out), "--format", "pdf"]) == 0  # without --strict: a warning
    assert (out / "outline.pdf").read_bytes().startswith(b"%PDF")


def test_quiet_prints_errors_only_and_verbose_the_stages(project, capsys):
    out = project / "out"
    assert main(["-q", "build", str(project / "outline.yaml"), "-o", str(out), "--format", "pdf"]) == 0
    assert capsys.readouterr() == ("", "")
    assert main(["build", str(project / "outline.yaml"), "-o", str(out), "--format", "pdf", "-v"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].startswith("stages: load ") and " pdf " in lines[1]
    assert str(project / "data" / "指标.csv") in lines[2] and lines[3].startswith("cache: ")
    assert main(["build", str(project / "missing.yaml"), "-q"]) == 2
    assert "missing.yaml" in capsys.readouterr().err


def test_open_shows_each_output_once_built(project, no_viewer):
    assert main(["build", str(project), "-o", str(project / "out"), "--open"]) == 0
    assert no_viewer == [project / "out" / "outline.pptx", project / "out" / "outline.pdf"]


def test_json_reports_a_missing_file_with_no_line_or_column(tmp_path, capsys):
    assert main(["build", str(tmp_path / "missing.yaml"), "--json"]) == 2
    [diagnostic] = json.loads(capsys.readouterr().out)["diagnostics"]
    assert diagnostic["line"] is None and diagnostic["column"] is None


def test_watch_counts_in_words():
    assert "failed after 1.00 s: 1 error" in BuildReport(1, 1.0, errors=("x",)).lines()[0]
    assert BuildReport(2, 1.0, (Path("a.pdf"),), ("w",)).lines()[0].endswith("1 warning")


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_shows_stages_on_a_terminal_only(project, monkeypatch, capsys):
    monkeypatch.setenv("TERM", "xterm")
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["build", str(project / "outline.yaml"), "-o", str(project / "out")]) == 0
    shown = terminal.getvalue()
    for stage in ("checking the outline", "reading the data", "preparing fonts", "writing pptx and pdf"):
        assert f"publisher: {stage}… (" in shown
    assert shown.endswith("\r\x1b[K")  # the line is gone before the results
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert main(["build", str(project / "outline.yaml"), "-o", str(project / "out")]) == 0
    assert "\r" not in sys.stderr.getvalue()


@pytest.mark.skipif(not shutil.which("bash"), reason="bash is not installed")
def test_bash_completion_completes_commands_and_options(tmp_path, capsys):
    assert main(["completion", "bash"]) == 0
    script = tmp_path / "publisher.bash"
    script.write_text(capsys.readouterr().out, encoding="utf-8")
    probe = f"""source {script}
try() {{ COMP_WORDS=("$@"); COMP_CWORD=$((${{#COMP_WORDS[@]}}-1)); COMP_LINE="$*"; COMP_POINT=${{#COMP_LINE}};
  COMPREPLY=(); _shtab_publisher; echo "${{COMPREPLY[*]}}"; }}
try publisher bu
try publisher build --fo
try publisher completion ""
"""
    run = subprocess.run(["bash", "-c", probe], capture_output=True, text=True, timeout=60)
    assert run.stdout.splitlines() == ["build", "--format", "bash zsh tcsh"], run.stderr
    for shell in ("zsh", "tcsh"):
        assert main(["completion", shell]) == 0 and "publisher" in capsys.readouterr().out
