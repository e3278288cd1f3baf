"""Marked-up sources: Markdown read by a CommonMark parser, HTML by a real HTML parser, characters located."""
from __future__ import annotations

from publisher.draft.markup import html_reading, markdown_reading


def shapes(reading) -> list[tuple]:
    return [(p.texts, p.level, p.kind) for p in reading.passages]


def test_markdown_escapes_setext_headings_and_list_continuations():
    text = ("年度回顾\n====\n\n创新发展\n----\n\n增长 3\\*5 倍，\\#1 企业。\n\n"
            "- 第一条要点，\n  接续的一行。\n- 第二条\n")
    assert shapes(markdown_reading(text)) == [
        (("年度回顾",), 1, "text"), (("创新发展",), 2, "text"), (("增长 3*5 倍，#1 企业。",), None, "text"),
        (("第一条要点，", "接续的一行。"), None, "item"), (("第二条",), None, "item")]


def test_markdown_characters_keep_their_line_and_column():
    text = "# 标题\n\n正文**数字经济**核心企业达9500余家。\n"
    reading = markdown_reading(text)
    body = reading.passages[1].lines[0]
    assert body.text == "正文数字经济核心企业达9500余家。"
    assert reading.lines.position(body.spot(body.text.index("9500"))) == (3, 16)


def test_markdown_code_is_not_text_and_tables_are_rows():
    text = "```\n1,000 行代码\n```\n\n| 指标 | 数值 |\n|---|---|\n| 产值 | 12亿元 |\n"
    assert [(p.texts, p.kind) for p in markdown_reading(text).passages] == [
        (("指标", "数值"), "row"), (("产值", "12亿元"), "row")]


def test_html_headings_paragraphs_entities_and_breaks():
    page = ("<html><head><title>x</title><style>p{}</style></head><body><h1>年度&nbsp;回顾</h1>"
            "<p>第一句，<span style='letter-spacing:1px'>接着</span>说。<br>第二行。</p>"
            "<script>var a = '1亿元';</script><ul><li>要点</li></ul><blockquote>引言。</blockquote></body></html>")
    reading = html_reading(page)
    assert shapes(reading) == [(("年度\u00a0回顾",), 1, "text"), (("第一句，接着说。", "第二行。"), None, "text"),
                               (("要点",), None, "item"), (("引言。",), None, "quote")]


def test_html_positions_point_into_the_page():
    page = '<p style="x">上半年全市实现\n地区生产总值1228亿元。</p>'
    reading = html_reading(page)
    line = reading.passages[0].lines[0]
    assert line.text == "上半年全市实现 地区生产总值1228亿元。"
    assert reading.lines.position(line.spot(line.text.index("1228"))) == (2, 7)


def test_html_table_rows_are_one_passage_each():
    page = ("<table><tr><td><p>指标</p></td><td><p>数值</p></td></tr>"
            "<tr><td><p>地区生产总值</p></td><td><p>4000.5</p></td></tr></table><p>正文。</p>")
    assert [(p.texts, p.kind) for p in html_reading(page).passages] == [
        (("指标", "数值"), "row"), (("地区生产总值", "4000.5"), "row"), (("正文。",), "text")]


def test_html_cells_stay_apart_and_a_one_cell_row_is_text():
    page = ("<table><tr><td><p>2012年统计公报</p></td><td> </td></tr></table><table>"
            "<tr><td>指标</td><td></td><td>指标值</td></tr><tr><td>地区生产总值</td><td></td><td>4000.5</td></tr></table>")
    passages = html_reading(page).passages
    assert [(p.texts, p.kind) for p in passages] == [
        (("2012年统计公报",), "text"), (("指标", "", "指标值"), "row"), (("地区生产总值", "", "4000.5"), "row")]
