"""Drafts of real public reports (tests/draft/corpus) and of texts written for the project (tests/draft/heldout)
against gold files written by hand: headings, title, language, figures with their labels, values as written,
changes with their sign, no invented figure, charts only over figures worth comparing, tables kept. Thresholds are
what the drafts reach today, not wishes."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "corpus"))
from score import gold_files, score  # noqa: E402

# source: (min recall, min label accuracy, max invented figures, headings that may be missed); measured by
# bench/draft.py and set just below. national, daqing-2017q1 and qiandongnan were held out of the first round and
# the texts of tests/draft/heldout of the second: each was drafted first with its gold already committed; their
# first scores are in the notes of the commits that added them (qiandongnan's gold holds its structure only).
TARGETS = {
    "daqing-h1-analysis-html.html": (0.98, 0.95, 0, 0),
    "hk-fs-blog-2024-11-17.txt": (1.0, 0.9, 0, 0),
    "luoyang-2023-bulletin.txt": (0.99, 0.98, 0, 0),
    "taiwan-ey-2025-policy-report-econ-excerpt.txt": (1.0, 0.9, 0, 0),
    "tibet-2025-gwr-excerpt.txt": (1.0, 0.95, 0, 0),
    "zhoukou-2023-bulletin-pdftotext.txt": (0.99, 0.98, 0, 0),
    "national-2024-gwr.txt": (1.0, 0.95, 0, 0),
    "daqing-2017q1-analysis-html.html": (1.0, 0.97, 0, 0),
    "qiandongnan-2023-bulletin-pdftotext.txt": (0.0, 0.0, None, 0),
    # Written for the project, gold committed before they were drafted (tests/draft/heldout/README.md).
    "qinghe-district-2025-gwr.txt": (1.0, 0.98, 0, 0),
    "jiangchuan-2025-05-industry-retail-pdftotext.txt": (1.0, 0.97, 0, 0),
    "macau-2025-05-visitors.txt": (1.0, 0.93, 0, 0),
    "linjiang-2024-digital-economy.md": (1.0, 0.98, 0, 0),
    "haigang-2025q1-brief-mixed.txt": (1.0, 0.98, 0, 0),
    "nanxi-district-113-bulletin-fullwidth.txt": (1.0, 0.96, 0, 0),
    "songling-county-2025-gwr-lists-ranges.txt": (1.0, 0.93, 0, 0),
    "huaishan-county-2024-bulletin-layout.txt": (1.0, 1.0, 0, 0),
}


# Changes a draft may miss or attach to the wrong figure.
CHANGES_MISSED: dict[str, int] = {}


# Charts over figures whose labels are wrong, where the draft proposes more than two.
CHARTS_WRONG: dict[str, int] = {}


@pytest.fixture(scope="module", params=[f"{p.parent.name}/{p.name}" for p in gold_files()])
def scored(request):
    return score(Path(__file__).parent / request.param)


def test_every_gold_file_has_targets():
    assert sorted(TARGETS) == sorted(score_name(p) for p in gold_files())


def score_name(path: Path) -> str:
    import yaml

    return yaml.safe_load(path.read_text(encoding="utf-8"))["source"]


def test_title_language_and_every_heading(scored):
    assert scored.title and scored.language
    found, expected = scored.headings
    assert found >= expected - TARGETS[scored.source][3], scored.missing_headings


def test_figures_labels_and_invented(scored):
    recall, labels, invented, _ = TARGETS[scored.source]
    if invented is None:
        pytest.skip("this gold file holds the structure only")
    assert scored.recall >= recall, scored.missed
    assert scored.label_accuracy >= labels, scored.wrong_labels
    assert len(scored.invented) <= invented, scored.invented


def test_every_value_is_kept_as_written_and_every_change_has_its_sign(scored):
    assert scored.written[0] >= scored.written[1] - 2
    assert scored.changes[0] >= scored.changes[1] - CHANGES_MISSED.get(scored.source, 0)


def test_charts_are_over_matched_figures_of_one_family(scored):
    right, proposed = scored.charts
    if TARGETS[scored.source][2] is not None:
        assert right >= proposed - CHARTS_WRONG.get(scored.source, 2)
    assert not scored.mixed_charts


def test_tables_keep_their_rows_and_columns(scored):
    assert scored.tables[0] == scored.tables[1]
