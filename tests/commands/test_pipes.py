"""A command whose reader stops listening (`publisher inspect-template deck.pptx | head`) ends quietly: no traceback,
no error line, the exit code of a command ended by SIGPIPE (141)."""
from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.parametrize("command", [
    ["themes"],
    ["inspect-template", "{template}"],
    ["validate", "{outline}", "--json"],
    ["build", "{outline}", "-o", "{out}"],
])
def test_a_closed_pipe_ends_the_command_quietly(command, starter, tmp_path):
    from pptx import Presentation

    Presentation().save(tmp_path / "corp.pptx")
    args = [a.format(template=tmp_path / "corp.pptx", outline=starter, out=tmp_path / "out") for a in command]
    with subprocess.Popen([sys.executable, "-m", "publisher", *args], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE) as process:
        process.stdout.close()  # the reader is gone before the first line
        err = process.stderr.read().decode()
    assert err == "" or "warning" in err and "Traceback" not in err and "error" not in err, err
    assert process.returncode == 141
