"""The Wuchang review end to end: a clean, valid draft that builds."""
from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from publisher.api import check
from publisher.charts.registry import kind_names
from publisher.draft.emit import emit
from publisher.draft.pipeline import Draft, draft
from publisher.draft.shape import is_terminated, sentences

SOURCE = Path(__file__).parents[2] / "examples" / "wuchang-2024" / "source.txt"
HEADINGS = [
    "为民履职、依法监督，彰显人大担当",
    "协商建言、凝聚共识，作出政协贡献",
    "抢赛道、育动能，创新发展迈出新步伐",
    "激活力、聚人气，消费市场创出新场景",
    "克难题、促转型，城市更新取得新突破",
    "优治理、增福祉，惠民服务实现新提升",
]
WRITERS = ("publisher.write.pptx", "publisher.write.pdf")


@pytest.fixture(scope="module")
def result() -> Draft:
    return draft(SOURCE)


@pytest.fixture(scope="module")
def outline(result, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("draft") / "wuchang.yaml"
    path.write_text(emit(result, kind_names()), encoding="utf-8")
    return path


def body(result: Draft) -> list[str]:
    return [p.text for section in result.document.walk() for p in section.paragraphs]


def test_no_paragraph_is_repeated(result):
    texts = body(result)
    assert len(texts) == len(set(texts))
    assert sum("武昌区生态环境持续改善" in t for t in texts) == 1
    assert sum("武昌区市场活力充分释放" in t for t in texts) == 1


def test_no_sentence_is_broken_mid_way(result):
    texts = body(result)
    assert all(is_terminated(t) for t in texts)
    joined = ["数字经济核心企业快速增长", "碳汇大厦累计集聚企业72家", "基层社卫中心门诊总量突破百万人次",
              "重点项目、重点区域食品安全", "武昌区全流程推进阿里巴巴全球速卖通"]
    assert all(any(j in t for t in texts) for j in joined)
    fragments = ("速增长", "业72家", "总量突破", "点区域", "阿里巴巴全球速卖通")
    assert not [t for t in texts if t.startswith(fragments)]


def test_the_sections_and_their_joined_headings(result):
    document = result.document
    assert document.title == "高质量发展连续五年领跑全省"
    assert [s.title for s in document.sections] == ["大成武昌：承压奋进，城市能级跨上新台阶", *HEADINGS]
    assert [s.title for s in document.sections[1].children] == ["不断增强思想自觉，坚持党的全面领导",
                                                                "坚决维护宪法权威，全面助推依法治区"]


def test_every_kpi_quotes_its_source(result):
    for fact in result.facts:
        assert fact.quote and fact.quote in fact.sentence and len(sentences(fact.sentence)) == 1


def test_the_draft_validates_and_marks_what_to_review(outline):
    _, validated, _ = check(outline)
    assert len(validated.walk()) == 11
    text = outline.read_text(encoding="utf-8")
    assert text.count("# 请核对") >= 20
    assert re.search(r"第95行重复第91行，已删除", text)


@pytest.mark.skipif(any(importlib.util.find_spec(w) is None for w in WRITERS),
                    reason="the PPTX and PDF writers (publisher.write.pptx, publisher.write.pdf) are not written yet")
def test_the_draft_builds(outline, tmp_path):
    from publisher.api import build

    written = build(outline, tmp_path)
    assert all(path.stat().st_size > 0 for path in written)



def test_every_figure_points_at_its_line_and_column(result):
    lines = SOURCE.read_text(encoding="utf-8").split("\n")
    for fact in result.facts:
        if fact.kind in ("number", "percent", "growth"):
            at = lines[fact.line - 1][fact.column - 1:]
            assert at.lstrip(fact.qualifier).startswith(fact.value.split(",")[0]) or \
                fact.qualifier and at.startswith(fact.qualifier), (fact.line, fact.column, fact.value)
