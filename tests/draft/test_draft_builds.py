"""Every drafted outline of the corpus and of the held-out texts builds, deck and report, without a warning."""
from __future__ import annotations

import sys
from pathlib import Path

import yaml

from publisher.charts.registry import kind_names
from publisher.draft.emit import emit
from publisher.draft.pipeline import draft

sys.path.insert(0, str(Path(__file__).parent / "corpus"))
from score import gold_files  # noqa: E402


def test_every_drafted_outline_builds_without_a_warning(tmp_path):
    import publisher

    warned = {}
    for gold in gold_files():
        source = gold.parent / yaml.safe_load(gold.read_text(encoding="utf-8"))["source"]
        outline = tmp_path / source.stem / "outline.yaml"
        outline.parent.mkdir()
        outline.write_text(emit(draft(source), kind_names()), encoding="utf-8")
        result = publisher.build(outline)
        assert result.pptx.startswith(b"PK") and result.pdf.startswith(b"%PDF")
        if result.warnings:
            warned[source.name] = [f"{w.span.line}:{w.span.column} {w.message}" for w in result.warnings]
    assert warned == {}
