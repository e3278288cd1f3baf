"""`--json`: one JSON object on stdout, for success and for failure, with the exit code inside."""
from __future__ import annotations

import json
from pathlib import Path

from publisher.cli import main

BAD = Path(__file__).parents[1] / "bad"
STRESS = Path(__file__).parents[2] / "examples" / "stress" / "outline.yaml"


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
    assert set(timings) == {"load", "pptx", "pdf", "total"}
    assert timings["total"] >= timings["load"] + max(timings["pptx"], timings["pdf"])  # written side by side


def slide_titles(deck: Path) -> list[str]:
    """Return the text of each slide's title frame ("" without one), spaces and line breaks removed."""
    from pptx import Presentation

    return ["".join(" ".join(s.text_frame.text for s in slide.shapes if s.name == "Title").split())
            for slide in Presentation(deck).slides]


def test_deck_warnings_name_their_slide_in_json_and_text(tmp_path, capsys):
    assert main(["build", str(STRESS), "-o", str(tmp_path), "--format", "pptx", "--json"]) == 0
    warnings = only_json(capsys)["warnings"]
    assert warnings and all(w["stage"] == "pptx" and w["slide"] >= 1 and "page" not in w for w in warnings)
    titles = slide_titles(tmp_path / "outline.pptx")
    continued = [w["slide"] for w in warnings if "continued" in w["message"]]
    assert len(continued) >= 3 and all(titles[n - 1].endswith("（续）") for n in continued)
    assert main(["build", str(STRESS), "-o", str(tmp_path), "--format", "pptx"]) == 0
    lines = capsys.readouterr().err.splitlines()
    assert [line.rsplit(" (slide ", 1)[1] for line in lines] == [f"{w['slide']})" for w in warnings]


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
