"""Property-based tests: random valid outlines always build and fit; random damage always ends in a clean error."""
from __future__ import annotations

import copy
import math
import os
import re
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_pptx import frames, load_rules, measure, project_in, rewrapped_height

from publisher.api import build, check
from publisher.errors import PublisherError

EXAMPLE = Path(__file__).parents[2] / "examples" / "wuchang-2024" / "outline.yaml"
BUILDS = int(os.environ.get("PUBLISHER_FUZZ_BUILDS", "8"))
MUTATIONS = int(os.environ.get("PUBLISHER_FUZZ_MUTATIONS", "60"))
HANZI = "武昌区高质量发展连续五年领跑全省经济社会城市更新数字消费文化旅游人大政协企业项目服务民生治理创新开放合作"
TEXT = st.text(alphabet=HANZI + "ABCDEFGHIJKLMNOPQRSTUVWXYZabcxyz0123456789 ，。、；：？！（）《》“”%.", min_size=1,
               max_size=160).map(str.strip).filter(bool)
SHORT = st.text(alphabet=HANZI + "GDP0123456789", min_size=1, max_size=14)
VALUE = st.floats(min_value=0.5, max_value=5e9, allow_nan=False)


def chart(kind: str, count: int):
    values = st.lists(VALUE, min_size=count, max_size=count)
    return st.fixed_dictionaries({
        "type": st.just(kind), "title": SHORT, "unit": st.sampled_from(["亿元", "家", "%", "人次", ""]),
        "categories": st.lists(SHORT, min_size=count, max_size=count, unique=True),
        "series": st.lists(st.fixed_dictionaries({"name": SHORT, "values": values}), min_size=1,
                           max_size=1 if kind == "pie" else 3)})


CHART = st.sampled_from(["bar", "hbar", "line", "pie"]).flatmap(
    lambda kind: st.integers(2, 6).flatmap(lambda n: chart(kind, n)))
KPI = st.fixed_dictionaries({"label": SHORT, "value": VALUE, "unit": st.sampled_from(["亿元", "家", "%", ""])},
                            optional={"qualifier": st.sampled_from(["余", "近", "超"]), "change": st.floats(-50, 50)})
TABLE = st.integers(2, 4).flatmap(lambda cols: st.fixed_dictionaries({
    "columns": st.lists(SHORT, min_size=cols, max_size=cols),
    "rows": st.lists(st.lists(st.one_of(SHORT, VALUE), min_size=cols, max_size=cols), min_size=1, max_size=8)}))
BLOCK = st.one_of(
    TEXT.map(lambda t: {"paragraph": t}),
    st.lists(TEXT, min_size=1, max_size=8).map(lambda b: {"bullets": b}),
    st.lists(KPI, min_size=1, max_size=6).map(lambda k: {"kpis": k}),
    CHART.map(lambda c: {"chart": c}),
    TABLE.map(lambda t: {"table": t}),
)
SECTION = st.fixed_dictionaries({"title": SHORT, "blocks": st.lists(BLOCK, min_size=1, max_size=4)},
                                optional={"lead": TEXT})
OUTLINE = st.fixed_dictionaries({"report": st.fixed_dictionaries({"title": SHORT}),
                                 "sections": st.lists(SECTION, min_size=1, max_size=3)})


@settings(max_examples=BUILDS, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=OUTLINE)
def test_random_outlines_build_fit_and_extract(data, tmp_path_factory):
    folder = tmp_path_factory.mktemp("random")
    project = project_in(folder, data)
    deck, pdf = build(folder / "outline.yaml", folder / "out")
    rules = load_rules(project.theme.deck.fit.typography)
    for frame in frames(deck):
        for indent, _, _, lines in frame.paragraphs:
            for line in lines:
                width = sum(measure(project, t, s, b, f) for t, s, b, f in line)
                assert width <= frame.width - indent + 0.01, frame.where
        assert rewrapped_height(project, frame, rules) <= frame.height + 0.05, frame.where
    import pdfplumber

    with pdfplumber.open(pdf) as document:
        text = re.sub(r"\s+", "", "".join(page.extract_text() or "" for page in document.pages))
    for section in data["sections"]:
        for block in section["blocks"]:
            if "paragraph" in block:
                assert re.sub(r"\s+", "", block["paragraph"])[:40] in text


NOT_NUMBERS = [float("nan"), float("inf"), float("-inf"), "nan", "NaN", "inf", "-Infinity", 10**20, -(10**400),
               1e308, 5e-324, "\x00", "\x1b[31m", "1,234", "12,5亿"]
DAMAGE = st.one_of(st.just("delete"), st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=8),
                   st.sampled_from(NOT_NUMBERS), st.lists(st.sampled_from(NOT_NUMBERS), max_size=3),
                   st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=4), st.integers(), max_size=2))


def _places(data, path=()):
    if isinstance(data, dict):
        for key, value in data.items():
            yield (*path, key)
            yield from _places(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield (*path, i)
            yield from _places(value, (*path, i))


def _damaged(data, path, how):
    out = copy.deepcopy(data)
    parent = out
    for key in path[:-1]:
        parent = parent[key]
    if how == "delete":
        del parent[path[-1]]
    else:
        parent[path[-1]] = how
    return out


@pytest.fixture(scope="module")
def example_data():
    return yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def example_copy(tmp_path_factory) -> Path:
    """Return a copy of the example's folder, where the damaged outlines are written beside its data files."""
    folder = tmp_path_factory.mktemp("fuzz") / "example"
    shutil.copytree(EXAMPLE.parent, folder)
    return folder


@settings(max_examples=MUTATIONS, deadline=None, suppress_health_check=list(HealthCheck))
@given(place=st.integers(min_value=0), how=DAMAGE)
def test_damaged_example_ends_in_a_clean_error_or_a_valid_outline(example_data, example_copy, place, how):
    places = list(_places(example_data))
    damaged = _damaged(example_data, places[place % len(places)], how)
    path = example_copy / "damaged.yaml"
    path.write_text(yaml.safe_dump(damaged, allow_unicode=True, sort_keys=False), encoding="utf-8")
    try:
        _, outline, _ = check(path)
    except PublisherError as error:
        assert error.diagnostics
        for diagnostic in error.diagnostics:
            assert diagnostic.span.line >= 1 and diagnostic.message, str(diagnostic)
    else:
        assert not list(_missing_numbers(outline.model_dump())), "a valid outline holds NaN or infinity"


NUMBER_SLOTS = {"value", "change", "values", "rows", "categories"}  # KPI, chart and table keys that hold numbers


def _missing_numbers(data, key: str = ""):
    """Yield every NaN or infinity in the data, and every text that reads as one in a place that holds numbers."""
    if isinstance(data, dict):
        for name, value in data.items():
            yield from _missing_numbers(value, name)
    elif isinstance(data, list):
        for value in data:
            yield from _missing_numbers(value, key)
    elif _not_finite(data, key):
        yield data


def _not_finite(value, key: str) -> bool:
    if isinstance(value, float):
        return not math.isfinite(value)
    return isinstance(value, str) and key in NUMBER_SLOTS and value.strip().lower().lstrip("+-") in ("nan", "inf",
                                                                                                        "infinity")
