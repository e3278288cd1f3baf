"""Write a draft as an outline YAML file, with `# 请核对` comments on everything a person should check."""
from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

import yaml

from publisher.draft.charts import ChartProposal
from publisher.draft.clean import Paragraph
from publisher.draft.facts import Fact, format_number
from publisher.draft.pipeline import Draft, Part
from publisher.draft.structure import Section, is_notes
from publisher.draft.vocab import vocab

REVIEW = "请核对："
FALLBACK_CHART = "bar"


_FAMILIES = {"amount": "总量", "share": "比重", "contribution": "贡献（拉动）", "rate": "比率", "price": "价格"}


@dataclass(frozen=True)
class Written:
    """A number as the source writes it (4.0 stays 4.0), written into the YAML unquoted when it reads back as a
    number, so its digits are the outline's."""

    text: str


@dataclass(frozen=True)
class Located:
    """A value written with where the source has it, as a comment at the end of its line: # 17:21."""

    value: Any
    where: str


@dataclass(frozen=True)
class Noted:
    """A value with a review comment written on the line above it."""

    value: Any
    comment: str


def emit(draft: Draft, chart_kinds: list[str]) -> str:
    """Return the outline YAML of a draft; chart_kinds are the chart types the build knows."""
    outline = {
        "report": _report(draft),
        "theme": "default",
        "sections": [_section(draft, s, chart_kinds) for s in draft.document.sections],
    }
    return "\n".join([*_header(draft), *_dump(outline, 0)]) + "\n"


def _header(draft: Draft) -> list[str]:
    counts = Counter(change.kind for change in draft.changes)
    charts = sum(len(p.charts) for p in draft.parts)
    lines = [
        f"# 由 publisher draft 从 {draft.source.name} 生成的大纲初稿。",
        "# 标有“# 请核对”的内容由程序推断，发布前请逐项核对；KPI 的 source 字段是原文语句，行末注释是数字在原文中的"
        "行:列。",
        f"# 清理：删除重复段落 {counts['dropped']} 段，接续跨页断句 {counts['joined']} 处，合并多行标题 "
        f"{_joined_headings(draft)} 个，标点与空格规范 {counts['punctuation'] + counts['spacing']} 处，"
        f"标出原文中断 {counts['truncated']} 处。",
        f"# 数据：提取 {len(draft.facts)} 项，建议图表 {charts} 个。",
    ]
    for change in draft.changes:
        if change.kind in _CHANGE_WORDS:
            lines.append("#   " + _CHANGE_WORDS[change.kind].format(change=change))
    return lines


_CHANGE_WORDS = {
    "dropped": "第{change.line}行重复第{change.other}行，已删除：{change.excerpt}",
    "joined": "第{change.line}行与第{change.other}行是跨页断开的一句，已接续：{change.excerpt}",
    "truncated": "第{change.line}行在“{change.excerpt}”处中断，已补省略号",
}


def _joined_headings(draft: Draft) -> int:
    return sum(1 for change in draft.changes if change.kind == "heading" and change.detail.startswith("joined"))


def _report(draft: Draft) -> dict[str, Any]:
    document = draft.document
    where = f"取自原文第{document.title_line}行" if document.title_line else "原文没有独立的标题行，暂用文件名"
    report: dict[str, Any] = {"title": Noted(document.title, REVIEW + "报告标题" + where)}
    front = document.front
    if front.get("subtitle"):
        report["subtitle"] = Noted(front["subtitle"], REVIEW + "副标题取自标题下的破折号行")
    if front.get("author"):
        report["author"] = Noted(front["author"], REVIEW + "作者取自标题下的署名行")
    if front.get("organisation"):
        report["organisation"] = Noted(front["organisation"], REVIEW + "单位取自标题下的署名行")
    stated = re.match(r"(?:19|20)\d{2}年\d{1,2}月\d{1,2}日", front.get("subtitle", ""))
    date = next((d for d in (front.get("date"), draft.reading.prefix, stated and stated.group(0)) if _is_date(d)), "")
    if date:
        report["date"] = Noted(date, REVIEW + "日期取自标题下的日期行")
    else:
        year = _common_year(draft)
        if year:
            report["date"] = Noted(year, REVIEW + "日期取自正文中最常出现的年份")
    language = draft.language
    report["language"] = Noted(language.tag, f"{REVIEW}语言由用字判断（{language.evidence}）") \
        if language.tag != "zh-CN" else language.tag
    return report


def _is_date(text: str) -> bool:
    return bool(re.fullmatch(r"(?:19|20)\d{2}年\d{1,2}月\d{1,2}日", text or ""))


def _common_year(draft: Draft) -> str:
    text = " ".join(p.text for section in draft.document.walk() for p in section.paragraphs)
    years = Counter(re.findall(r"(?<!\d)(?:19|20)\d{2}年", text))
    return years.most_common(1)[0][0] if years else ""


def _section(draft: Draft, section: Section, chart_kinds: list[str]) -> Any:
    part = draft.part(section)
    out: dict[str, Any] = {"title": section.title}
    if section.short_title:
        out["short_title"] = Noted(section.short_title, REVIEW + "简称由程序从标题中选取，用于目录和页脚")
    if part.lead:
        out["lead"] = Noted(part.lead, REVIEW + "导语由程序选取（本节第一句不含数字的话，截取其后半），"
                                                "请确认它概括了本节")
    blocks = _blocks(part, draft.document.title, chart_kinds)
    if blocks:
        out["blocks"] = blocks
    if section.children:
        out["sections"] = [_section(draft, child, chart_kinds) for child in section.children]
    return Noted(out, REVIEW + "；".join(section.notes)) if section.notes else out


def _blocks(part: Part, title: str, chart_kinds: list[str]) -> list[Any]:
    if is_notes(part.section):  # 注释, 附註: the notes as written in the report, cut into bullets on the slide
        notes: list[Any] = [{"paragraph": p.text, "only": "report"} for p in part.section.paragraphs if p.text]
        return notes + ([{"bullets": part.bullets, "only": "deck"}] if part.bullets else [])
    blocks: list[Any] = []
    table: list[Paragraph] = []
    for paragraph in [*part.section.paragraphs, None]:
        if paragraph is not None and paragraph.kind in ("row", "caption") and \
                not (paragraph.kind == "caption" and any(p.kind == "row" for p in table)):
            table.append(paragraph)
            continue
        if table:
            blocks.extend(_table_block(table))
            table = []
        if paragraph is None:
            break
        if paragraph.kind in ("row", "caption"):
            table.append(paragraph)
            continue
        block = _paragraph_block(paragraph.kind, paragraph.text)
        blocks.append(Noted(block, REVIEW + "；".join(paragraph.notes)) if paragraph.notes else block)
    if part.bullets:
        blocks.append(Noted({"bullets": part.bullets, "only": "deck"},
                            REVIEW + "幻灯片要点由原文句子在分句处截短而成（去掉了“这一年”等时间语）"))
    blocks.extend(_kpi_blocks(part.kpis))
    blocks.extend(_chart(chart, title, chart_kinds) for chart in part.charts)
    return blocks


def _kpi_blocks(facts: list[Fact]) -> list[dict[str, Any]]:
    """Return the KPI blocks of a part's figures, per_block to a row; figures written wide (a ratio 17.4:34.9:47.7,
    a range 3兆元至4兆元) come after the others, fewer to a row, so that each has a card wide enough to hold it."""
    words = vocab().data["kpis"]
    wide = [f for f in facts if len(f.shown()) >= words["wide_chars"]]
    narrow = [f for f in facts if len(f.shown()) < words["wide_chars"]]
    blocks = []
    for group, size in ((narrow, words["per_block"]), (wide, words["wide_per_block"])):
        kpis = [_kpi(f) for f in group]
        blocks.extend({"kpis": kpis[i:i + size]} for i in range(0, len(kpis), size))
    return blocks


def _table_block(units: list[Paragraph]) -> list[Any]:
    """Return a table block of a source table: its caption lines, its first row as columns, the other rows (cells
    as written; columns empty in every row left out), or the caption alone as a paragraph when no row follows."""
    caption = "".join(f"（{u.text}）" if u.text.startswith(("单位", "單位")) else u.text
                      for u in units if u.kind == "caption")
    rows = [list(u.cells) for u in units if u.kind == "row"]
    if not rows:
        return [{"paragraph": caption, "only": "report"}]
    width = max(map(len, rows))
    rows = [row + [""] * (width - len(row)) for row in rows]
    kept = [i for i in range(width) if any(row[i] for row in rows)]
    rows = [[row[i] for i in kept] for row in rows]
    columns = [cell or "—" for cell in rows[0]]
    body = {"caption": caption, "columns": columns, "rows": [[_cell(c) for c in row] for row in rows[1:]]}
    if not body["caption"]:
        del body["caption"]
    if not body["rows"]:
        body["rows"] = [[""] * len(columns)]
    comment = REVIEW + f"表格取自原文第{units[0].line}行起的{len(rows)}行，表头取第一行，请核对合并单元格"
    return [Noted({"table": body, "only": "report"}, comment)]


def _cell(text: str) -> Any:
    return Written(text) if re.fullmatch(r"-?\d+(?:\.\d+)?", text) else text


def _paragraph_block(kind: str, text: str) -> dict[str, Any]:
    if kind == "quote":
        return {"quote": text}
    if kind == "item":
        return {"bullets": [text]}
    return {"paragraph": text, "only": "report"}


def _kpi(fact: Fact) -> Any:
    kpi: dict[str, Any] = {"label": fact.label() or "（主语待补）"}
    if fact.kind in ("rank", "text", "range"):
        kpi["value"] = Written(fact.shown())
    else:
        if fact.kind == "growth" and fact.verb:
            kpi["prefix"] = fact.verb
        before, middle, after_unit = fact.qualifier_parts()
        kpi["value"] = Written(fact.value)
        if fact.unit or after_unit:  # 50家以上, 6600多万: a qualifier after the number is written in its place
            kpi["unit"] = fact.before_magnitude + fact.unit + after_unit
        if before or middle:
            kpi["qualifier"] = before or middle
    if fact.change:
        kpi["change"] = Written(fact.change.lstrip("+"))
        if fact.change_unit != "%":
            kpi["change_unit"] = fact.change_unit
    if fact.note:
        kpi["note"] = fact.note
    kpi["source"] = Located(fact.quote, f"{fact.line}:{fact.column}")
    doubts = _doubts(fact)
    return Noted(kpi, REVIEW + "；".join(doubts)) if doubts else kpi


def _doubts(fact: Fact) -> list[str]:
    doubts = list(fact.doubts)
    if not fact.subject:
        doubts.append("未找到这个数字衡量的对象，请补上标签")
    elif fact.inherited:
        doubts.append(f"标签“{fact.subject}”取自上下文，不在数字紧前")
    elif len(fact.subject) < 3:
        doubts.append(f"标签“{fact.subject}”较短，可能需要补充")
    if fact.kind == "rank" and len(fact.subject) > 16:
        doubts.append("位次的主语较长，可改写")
    if fact.kind == "range":
        doubts.append("这是一个区间，保留为文字")
    return doubts


def _chart(chart: ChartProposal, title: str, chart_kinds: list[str]) -> Noted:
    kind = chart.kind if chart.kind in chart_kinds else _fallback(chart_kinds)
    body = {
        "type": kind,
        "title": chart.title,
        "unit": chart.unit,
        "categories": chart.categories,
        "series": [{"name": chart.series, "values": [Written(v) for v in chart.written]}],
        "caption": Located(chart.caption, ", ".join(f"{f.line}:{f.column}" for f in chart.facts)),
        "source": f"资料来源：{title}",
    }
    comment = (f"建议图表：同一句中的{len(chart.values)}个数字单位相同（{chart.unit or '无单位'}），"
               f"衡量同一类指标（{_family_words(chart.family)}），请确认它们可以比较，并改写标题")
    if kind != chart.kind:
        comment += f"；建议用 {chart.kind} 图，当前版本没有这种图，暂用 {kind}"
    return Noted({"chart": body}, REVIEW + comment)


def _family_words(family: str) -> str:
    base = family.removeprefix("growth of ")
    words = _FAMILIES.get(base, base)
    return f"{words}的增减" if family.startswith("growth of ") else words


def _fallback(chart_kinds: list[str]) -> str:
    return FALLBACK_CHART if FALLBACK_CHART in chart_kinds else chart_kinds[0]


# ---- a small YAML writer that keeps comments -------------------------------------------------------------------

def _dump(value: Any, indent: int) -> list[str]:
    """Return the block-style YAML lines of a mapping or list at an indent."""
    if isinstance(value, dict):
        return [line for key, item in value.items() for line in _entry(f"{key}:", item, indent)]
    return [line for item in value for line in _entry("-", item, indent)]


def _entry(head: str, value: Any, indent: int) -> list[str]:
    """Return the lines of one key (head "key:") or list item (head "-"), its review comment above it."""
    pad = " " * indent
    comment = [f"{pad}# {value.comment}"] if isinstance(value, Noted) else []
    value = value.value if isinstance(value, Noted) else value
    if isinstance(value, (dict, list)) and not value:
        return [*comment, f"{pad}{head} {'{}' if isinstance(value, dict) else '[]'}"]
    if isinstance(value, list) and value and all(isinstance(v, (int, float, Written)) for v in value):
        return [*comment, f"{pad}{head} [{', '.join(_scalar(v) for v in value)}]"]
    if isinstance(value, Located):
        return [*comment, f"{pad}{head} {_scalar(value.value)}  # {value.where}"]
    if not isinstance(value, (dict, list)):
        return [*comment, f"{pad}{head} {_scalar(value)}"]
    nested = _dump(value, indent + 2)
    first = nested[0].lstrip()
    if head == "-" and isinstance(value, dict) and not first.startswith("#"):
        return [*comment, f"{pad}- {first}", *nested[1:]]
    return [*comment, f"{pad}{head}", *nested]


def _scalar(value: Any) -> str:
    """Return a scalar as YAML: plain when it reads back as the same string, else double-quoted."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Written):
        return value.text if _plain_number(value.text) else json.dumps(value.text, ensure_ascii=False)
    if isinstance(value, (int, float)):
        return format_number(value)
    text = str(value)
    if text and text == text.strip() and "\n" not in text and " #" not in text and _reads_back(text):
        return text
    return json.dumps(text, ensure_ascii=False)


def _plain_number(text: str) -> bool:
    return bool(re.fullmatch(r"-?\d+(?:\.\d+)?", text))


def _reads_back(text: str) -> bool:
    try:
        return yaml.safe_load(f"k: {text}") == {"k": text}
    except yaml.YAMLError:
        return False
