"""`--json`: one JSON object on stdout, for success and for failure, with the exit code inside."""
from __future__ import annotations

import json
from pathlib import Path

from publisher.cli import main

BAD = Path(__file__).parents[1] / "bad"


def only_json(capsys) -> dict:
    out = capsys.readouterr().out
    assert len(out.strip().splitlines()) == 1
    return json.loads(out)


def test_build_json_lists_outputs_with_sizes_warnings_and_timings(starter, tmp_path, capsys):
    assert main(["build", str(starter), "-o", str(tmp_path / "out"), "--json"]) == 0
    result = only_json(capsys)
    assert result["ok"] is True and result["exit_code"] == 0 and result["warnings"] == []
    for output in result["outputs"]:
        assert Path(output["path"]).stat().st_size == output["bytes"]
    assert [o["format"] for o in result["outputs"]] == ["pptx", "pdf"]
    timings = result["timings"]
    assert set(timings) == {"load", "pptx", "pdf", "total"} and timings["total"] >= timings["pptx"] + timings["pdf"]


def test_build_json_reports_located_diagnostics_and_exit_code(tmp_path, capsys):
    assert main(["build", str(BAD / "kpi-typo.yaml"), "-o", str(tmp_path), "--json"]) == 2
    result = only_json(capsys)
    assert result["ok"] is False and result["exit_code"] == 2
    [diagnostic] = result["diagnostics"]
    assert diagnostic == {"file": str(BAD / "kpi-typo.yaml"), "line": 7, "column": 47,
                          "path": "sections[0].blocks[0].kpis[0]", "severity": "error",
                          "message": "unknown key 'qualifer' (did you mean 'qualifier'?)"}
    assert list(tmp_path.iterdir()) == []


def test_validate_json_says_ok(example, capsys):
    assert main(["validate", str(example), "--json"]) == 0
    result = only_json(capsys)
    assert result["ok"] is True and result["diagnostics"] == [] and result["sections"] > 6


def test_validate_json_lists_every_problem_of_a_file(capsys):
    assert main(["validate", str(BAD / "chart-type.yaml"), "--json"]) == 2
    [diagnostic] = only_json(capsys)["diagnostics"]
    assert (diagnostic["line"], diagnostic["column"]) == (7, 17) and "did you mean 'pie'" in diagnostic["message"]
