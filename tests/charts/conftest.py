"""Fixtures of the chart tests: the default theme, prepared chart fonts, and one sample chart per built-in kind."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from publisher.outline.model import Chart
from publisher.theme.styles import Theme, load_theme

LONG = ["数字经济核心企业", "高新技术企业", "专精特新企业"]
YEARS = ["2021年", "2022年", "2023年", "2024年"]
MONTHS = [f"{month}月" for month in range(1, 13)]  # categories of the month label tests
INDUSTRIES = [{"name": "第二产业", "values": [320, 340, 360, 372]},
              {"name": "第三产业", "values": [1200, 1300, 1420, 1530]}]
SAMPLES: dict[str, dict] = {
    "bar": {"unit": "家", "categories": LONG, "series": [{"name": "2023年", "values": [9500, 1210, 352]},
                                                         {"name": "2024年", "values": [10200, 1350, 410]}]},
    "hbar": {"unit": "亿元", "categories": ["武汉东湖新技术开发区", "武昌区", "江岸区"],
             "series": [{"name": "地区生产总值", "values": [3010.5, 1915.6, 1620]}]},
    "stacked": {"unit": "亿元", "categories": YEARS, "series": INDUSTRIES},
    "stacked100": {"categories": YEARS, "series": INDUSTRIES},
    "line": {"unit": "%", "categories": YEARS, "series": [{"name": "增速", "values": [12.1, -3.2, 6.1, 5.8]}]},
    "area": {"unit": "万人次", "categories": YEARS, "series": [
        {"name": "国内游客", "values": [120, 180, 150, 210]}, {"name": "入境游客", "values": [8, 10, 9, 12]}]},
    "pie": {"unit": "亿元", "categories": ["金融业", "商务服务业", "信息技术服务"],
            "series": [{"name": "增加值", "values": [420, 260, 180]}]},
    "donut": {"categories": ["金融业", "商务服务业", "信息技术服务"],
              "series": [{"name": "占比", "values": [42, 26, 15]}]},
    "combo": {"unit": "亿元", "categories": YEARS, "series": [
        {"name": "地区生产总值", "values": [1650, 1720, 1850, 1960]},
        {"name": "增速", "values": [12.4, 4.2, 7.5, 5.9], "axis": "right", "unit": "%"}]},
    "ranking": {"unit": "亿元", "highlight": "武昌区", "categories": ["江岸区", "武昌区", "洪山区"],
                "series": [{"name": "地区生产总值", "values": [1620, 1915.6, 1550]}]},
}


def _sample(kind: str, **changes) -> Chart:
    return Chart.model_validate({"type": kind, **SAMPLES[kind], **changes})


@pytest.fixture(scope="session")
def sample() -> Callable[..., Chart]:
    """Return a function giving the sample chart of a kind, with some fields changed: sample("pie", unit="")."""
    return _sample


@pytest.fixture(scope="session")
def theme() -> Theme:
    return load_theme("default", Path("."))


@pytest.fixture(scope="session")
def chart_fonts(tmp_path_factory) -> tuple[Path, Path]:
    """Return (regular, bold) TrueType files of Noto Sans SC holding every sample's text."""
    from publisher.fonts import families as fonts

    words = load_theme("default", Path(".")).locale.words()  # 单位：, 其他 …
    text = words + "".join(MONTHS) + "".join(str(data) for data in SAMPLES.values())
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PUBLISHER_CACHE_DIR", str(tmp_path_factory.mktemp("fonts")))
        patch.setattr(fonts, "_FACTS", {})  # leave no per-process coverage behind for the fonts tests
        regular, bold = fonts.resolve_family("Noto Sans SC")
        return fonts.prepare(regular, text), fonts.prepare(bold, text)


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    """Return an empty cache folder that render uses for this test."""
    monkeypatch.setenv("PUBLISHER_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


@pytest.fixture(scope="session")
def locale_fonts(tmp_path_factory) -> tuple[Path, Path]:
    """Return (regular, bold) TrueType files of Noto Sans SC holding the samples and every locale's words (單位：,
    萬 …): grown past the common subset, so kept apart from chart_fonts."""
    from publisher.fonts import families as fonts

    theme = load_theme("default", Path("."))
    words = "".join(theme.localized(tag).locale.words() for tag in ("zh-CN", "zh-TW", "en"))
    text = words + "".join(str(data) for data in SAMPLES.values())
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PUBLISHER_CACHE_DIR", str(tmp_path_factory.mktemp("locale-fonts")))
        regular, bold = fonts.resolve_family("Noto Sans SC")
        return fonts.prepare(regular, text), fonts.prepare(bold, text)
