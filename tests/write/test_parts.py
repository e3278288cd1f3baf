"""The part index: a deck's parts are named as python-pptx names them, without walking the package per slide."""
from __future__ import annotations

from pathlib import Path

import pytest
from pptx.opc.package import OpcPackage

from publisher.api import load_project
from publisher.plan.deck import plan_deck
from publisher.write import pptx_parts
from publisher.write.pptx import deck_bytes
from publisher.write.pptx_template import DeckBase

ROOT = Path(__file__).parents[2]
OUTLINES = [ROOT / "examples" / "wuchang-2024" / "outline.yaml", ROOT / "examples" / "stress" / "outline.yaml"]


class PlainPython:
    """What the index replaces: python-pptx's own naming and slide adding."""

    def __init__(self, presentation):
        pass

    def add_slide(self, presentation, layout):
        return presentation.slides.add_slide(layout)


def deck(path: Path) -> tuple[bytes, int]:
    """Return the deck of an outline and its slide count."""
    project = load_project(path)
    base = DeckBase(project.theme, project.base_dir, project.outline.report.language)
    plan = plan_deck(project.outline, project.theme, project.fonts, project.base_dir, project.doc,
                     base.placeholder_boxes())
    return deck_bytes(plan, base, project.theme, project.fonts), len(plan.slides)


@pytest.mark.parametrize("outline", OUTLINES, ids=lambda p: p.parent.name)
def test_the_index_changes_no_byte(outline, monkeypatch):
    indexed = deck(outline)[0]
    monkeypatch.setattr(pptx_parts, "index_parts", PlainPython)
    assert deck(outline)[0] == indexed


def test_the_package_is_walked_a_fixed_number_of_times_whatever_the_slide_count(monkeypatch):
    walks = []
    walk = OpcPackage.iter_parts
    monkeypatch.setattr(OpcPackage, "iter_parts", lambda self: walks.append(1) or walk(self))
    counts = {}
    for outline in OUTLINES:
        walks.clear()
        slides = deck(outline)[1]
        counts[slides] = len(walks)
    assert len(counts) == 2 and len(set(counts.values())) == 1, counts  # 29 slides and 12: the same walks
    assert max(counts.values()) <= 6
