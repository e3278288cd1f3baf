"""Fixtures of the deck planner tests: the default theme, fonts prepared once, and outlines built in memory."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from publisher.fonts import book as fontbook
from publisher.fonts.book import FontBook
from publisher.outline.model import Outline
from publisher.outline.source import Document
from publisher.plan.deck import plan_deck
from publisher.plan.model import DeckPlan
from publisher.theme.styles import Theme, load_theme

HERE = Path(__file__).parent
STRESS = HERE.parents[1] / "examples" / "stress" / "outline.yaml"
SAMPLE_TEXT = "经济运行稳中有进全年地区生产总值突破亿元同比增长市场主体万户数字核心企业余家城镇调查失业率个百分点"


@pytest.fixture(scope="session")
def theme() -> Theme:
    return load_theme("default", Path("."))


@pytest.fixture(scope="session")
def fonts(theme) -> FontBook:
    """Return the theme's fonts prepared for the stress outline and the sample text (subsets cached on disk)."""
    text = STRESS.read_text(encoding="utf-8") + SAMPLE_TEXT
    return fontbook.prepare(theme, Document(STRESS, {"text": text}), "")


@pytest.fixture(scope="session")
def plan(theme, fonts) -> Callable[..., DeckPlan]:
    """Return a function planning an outline given as a mapping: plan({"report": …, "sections": […]})."""

    def planned(data: dict, base_dir: Path = HERE, with_theme: Theme | None = None) -> DeckPlan:
        return plan_deck(Outline.model_validate(data), with_theme or theme, fonts, base_dir)

    return planned


@pytest.fixture(scope="session")
def stress(plan) -> DeckPlan:
    return plan(yaml.safe_load(STRESS.read_text(encoding="utf-8")))


@pytest.fixture(scope="session")
def outline() -> Callable[..., dict]:
    """Return a function giving an outline mapping with a report title and the given sections."""

    def of(*sections: dict) -> dict:
        return {"report": {"title": "测试报告", "organisation": "武昌区"}, "sections": list(sections)}

    return of
