"""Drafts of real public reports against gold files written by hand (tests/draft/corpus/*.gold.yaml): headings,
title, language, figures with their labels, values as written, changes with their sign, no invented figure, charts
only over figures worth comparing. Thresholds are what the drafts reach today, not wishes."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "corpus"))
from score import gold_files, score  # noqa: E402

# source: (min recall, min label accuracy, max invented figures)
TARGETS = {
    "daqing-h1-analysis-html.html": (0.95, 0.90, 2),
    "hk-fs-blog-2024-11-17.txt": (0.95, 0.70, 1),
    "taiwan-ey-2025-policy-report-econ-excerpt.txt": (0.90, 0.70, 0),
    "tibet-2025-gwr-excerpt.txt": (0.98, 0.90, 0),
}


@pytest.fixture(scope="module", params=[p.name for p in gold_files()])
def scored(request):
    return score(Path(__file__).parent / "corpus" / request.param)


def test_every_gold_file_has_targets():
    assert sorted(TARGETS) == sorted(score_name(p) for p in gold_files())


def score_name(path: Path) -> str:
    import yaml

    return yaml.safe_load(path.read_text(encoding="utf-8"))["source"]


def test_title_language_and_numbered_headings(scored):
    assert scored.title and scored.language
    found, expected = scored.headings
    assert found >= expected - 2, scored.missing_headings


def test_figures_labels_and_invented(scored):
    recall, labels, invented = TARGETS[scored.source]
    assert scored.recall >= recall, scored.missed
    assert scored.label_accuracy >= labels, scored.wrong_labels
    assert len(scored.invented) <= invented, scored.invented


def test_every_value_is_kept_as_written(scored):
    right, matched = scored.written
    assert right >= matched - 2


def test_every_proposed_chart_is_over_matched_figures(scored):
    right, proposed = scored.charts
    assert right >= proposed - 2
