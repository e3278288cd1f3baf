"""`publisher new`: a starter project that builds as it is, its chart drawn from the CSV it ships."""
from __future__ import annotations

import csv

from publisher.api import check
from publisher.cli import main
from publisher.outline.model import ChartBlock


def test_a_new_project_builds_as_is(tmp_path, capsys):
    project = tmp_path / "区县简报"
    assert main(["new", str(project), "--theme", "gbt9704"]) == 0
    assert main(["build", str(project / "outline.yaml"), "-o", str(tmp_path / "out")]) == 0
    deck, report = tmp_path / "out" / "outline.pptx", tmp_path / "out" / "outline.pdf"
    assert deck.stat().st_size > 10_000 and report.read_bytes().startswith(b"%PDF")
    assert "theme: gbt9704" in (project / "outline.yaml").read_text(encoding="utf-8")
    assert (project / "README.md").read_text(encoding="utf-8").startswith("# 区县简报\n")


def test_the_starter_chart_reads_the_starter_csv(starter):
    charts = [b.chart for _, s in check(starter)[1].walk() for b in s.blocks if isinstance(b, ChartBlock)]
    with (starter.parent / "data" / "quarterly.csv").open(encoding="utf-8") as f:
        header, *rows = list(csv.reader(f))
    assert [c.data for c in charts] == ["data/quarterly.csv"]
    assert charts[0].categories == [r[0] for r in rows]
    assert charts[0].series[0].values == [float(r[1]) for r in rows]


def test_the_starter_outline_is_commented_and_points_at_its_schema(starter):
    text = starter.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=outline.schema.json\n")
    assert (starter.parent / "outline.schema.json").is_file() and (starter.parent / "theme.schema.json").is_file()
    assert sum(line.lstrip().startswith("#") or " # " in line for line in text.splitlines()) >= 15


def test_new_refuses_a_folder_that_has_files(starter, capsys):
    before = starter.read_bytes()
    assert main(["new", str(starter.parent)]) == 2
    assert "already exists and is not an empty folder" in capsys.readouterr().err
    assert starter.read_bytes() == before


def test_new_refuses_an_unknown_theme(tmp_path, capsys):
    assert main(["new", str(tmp_path / "x"), "--theme", "defualt"]) == 2
    assert "did you mean 'default'?" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()
