"""Structure clean paragraphs into a titled document of nested sections, each with a lead and deck bullets."""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from publisher.draft.clean import Paragraph
from publisher.draft.shape import clauses, is_terminated, looks_like_heading, sentences
from publisher.draft.vocab import vocab

MAX_DEPTH = 4  # the outline numbers four levels: 一、（一）1.（1）
PREFACE_TITLE = "概述"


@dataclass
class Section:
    """A heading with the paragraphs under it and its sub-sections."""

    title: str
    line: int
    level: int
    short_title: str = ""
    paragraphs: list[Paragraph] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class Document:
    """The structured source: its title, what its title page says, and its sections."""

    title: str
    title_line: int
    sections: list[Section]
    front: dict[str, str] = field(default_factory=dict)  # subtitle, organisation, date, author, source

    def walk(self) -> list[Section]:
        """Return every section in reading order."""
        out: list[Section] = []

        def visit(sections: list[Section]) -> None:
            for section in sections:
                out.append(section)
                visit(section.children)

        visit(self.sections)
        return out


def structure(paragraphs: list[Paragraph], fallback_title: str) -> Document:
    """Return the document: title and title-page lines, then sections nested by heading rank."""
    title, title_line, rest = _title(paragraphs, fallback_title)
    front, rest = front_matter(rest)
    if title_line and "subtitle" not in front:
        title, front = _split_title(title, front)
    rest = _kickers(rest)
    ranks = _ranks(rest)
    sections: list[Section] = []
    stack: list[Section] = []
    for index, paragraph in enumerate(rest):
        if not paragraph.heading:
            _body(paragraph, stack, sections)
            continue
        order = sorted(set(ranks.values()))
        level = min(order.index(ranks[index]) + 1, len(stack) + 1, MAX_DEPTH)
        while stack and stack[-1].level >= level:
            stack.pop()
        section = Section(paragraph.text, paragraph.line, level, short_title(paragraph), notes=list(paragraph.notes))
        (stack[-1].children if stack else sections).append(section)
        stack.append(section)
    return Document(title, title_line, sections, front)


def _title(paragraphs: list[Paragraph], fallback: str) -> tuple[str, int, list[Paragraph]]:
    """Return (title, its line, the other paragraphs): a heading the source marks as the title or that stands
    apart; in plain text, a short first line without sentence punctuation that is not a date or an issuer."""
    first = paragraphs[0]
    if first.level is not None:
        alone = sum(1 for p in paragraphs if p.heading and _rank(p) == _rank(first)) == 1
        if alone or first.level == 0 or (len(paragraphs) > 1 and paragraphs[1].heading):
            return first.text, first.line, paragraphs[1:]
        return fallback, 0, paragraphs
    if first.heading and first.numbered is None and not _front_kind(first):
        return _clean_title(first.text), first.line, paragraphs[1:]
    head = first.raw.partition("——")[0]
    if "——" in first.raw and looks_like_heading((head,)):
        return first.raw, first.line, paragraphs[1:]
    pattern = vocab().pattern("front", "title")
    for index, paragraph in enumerate(paragraphs[:8]):
        if paragraph.heading and paragraph.numbered is None and pattern.search(paragraph.text):
            return _clean_title(paragraph.text), paragraph.line, paragraphs[:index] + paragraphs[index + 1:]
    return fallback, 0, paragraphs


def _clean_title(text: str) -> str:
    return text.strip("“”\"《》 ")


def front_matter(paragraphs: list[Paragraph]) -> tuple[dict[str, str], list[Paragraph]]:
    """Return what the lines right after the title say (issuer, date, source, subtitle, speaker) and the
    paragraphs after them."""
    front: dict[str, list[str]] = {}
    index = 0
    while index < len(paragraphs):
        kind = _front_kind(paragraphs[index])
        if not kind:
            break
        text = _front_text(paragraphs[index], kind)
        if kind == "subtitle":
            text, speaker = _speaker_after(text)
            if speaker:
                front.setdefault("author", []).append(speaker)
        front.setdefault(kind, []).append(text)
        index += 1
    return {kind: "、".join(values) for kind, values in front.items()}, paragraphs[index:]


def _front_kind(paragraph: Paragraph) -> str:
    """Return which title-page line a paragraph is (date, source, subtitle, author, organisation), or ""."""
    text = paragraph.raw or paragraph.text
    if paragraph.numbered is not None or len(text) > vocab().get("front", "max_chars"):
        return ""
    kinds = ("date", "source", "subtitle", "author", "organisation")
    if not paragraph.heading and not text.startswith(("——", "—")):
        kinds = ("date",)  # a line that is only a date, last of its block (淮山县统计局 / 2025年3月20日)
    for kind in kinds:
        if vocab().pattern("front", kind).fullmatch(text.strip()):
            return kind
    return ""


def _front_text(paragraph: Paragraph, kind: str) -> str:
    text = (paragraph.raw or paragraph.text).strip()
    if kind == "source":
        return re.sub(r"^(?:来源|來源|稿源)\s*[：:]\s*", "", text)
    if kind == "subtitle":
        return text.lstrip("—－- ")
    if kind == "date":
        return re.sub(r"[\s（）()]", "", text)
    return re.sub(r"\s+", " ", text) if kind == "author" else re.sub(r"\s+", "", text)


def _speaker_after(subtitle: str) -> tuple[str, str]:
    """Return (subtitle, speaker) of a subtitle that ends with its speaker: …会议上 国务院总理 李强."""
    found = vocab().pattern("front", "speaker_after").match(subtitle)
    if not found:
        return subtitle, ""
    return found.group(1), re.sub(r"\s+", " ", found.group(2)).strip()


def _split_title(title: str, front: dict[str, str]) -> tuple[str, dict[str, str]]:
    """Return a title without the subtitle fused onto it (政府工作报告——2024年3月5日在…上 李强)."""
    head, dash, tail = title.partition("——")
    if not dash or not head or not tail:
        return title, front
    subtitle, speaker = _speaker_after(tail)
    front = {**front, "subtitle": subtitle}
    if speaker and "author" not in front:
        front["author"] = speaker
    return head, front


def _ranks(paragraphs: list[Paragraph]) -> dict[int, tuple[float, float]]:
    """Return the rank of each heading (smaller is higher): stated level, then numbering depth; an unnumbered
    heading of plain text ranks just above the numbered headings that follow it, or below all numbering."""
    ranks = {i: _rank(p) for i, p in enumerate(paragraphs) if p.heading}
    for i, paragraph in enumerate(paragraphs):
        if not paragraph.heading or paragraph.level is not None or paragraph.numbered is not None:
            continue
        following = next((p for p in paragraphs[i + 1:] if p.heading), None)
        if following is not None and following.numbered is not None and following.level is None:
            ranks[i] = (1, following.numbered - 0.5)
    return ranks


def _rank(paragraph: Paragraph) -> tuple[float, float]:
    """Return how prominent a heading looks (smaller is higher): stated level, numbering, display lines."""
    if paragraph.level is not None:
        return 0, paragraph.level
    if paragraph.numbered is not None:
        return 1, paragraph.numbered
    return 2, 0 if len(paragraph.lines) > 1 else 1


def _kickers(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """Return the paragraphs with short one-sentence lines beside a heading made pull quotes. One set
    closer to the next heading than to the text before it moves under that heading."""
    out = list(paragraphs)
    for i, paragraph in enumerate(out):
        if not _kicker_shaped(paragraph):
            continue
        after_heading = i > 0 and out[i - 1].heading
        before = i + 1 < len(out) and out[i + 1].heading and paragraph.gap > out[i + 1].gap
        if before:
            out[i], out[i + 1] = out[i + 1], replace(paragraph, kind="quote")
        elif after_heading:
            out[i] = replace(paragraph, kind="quote")
    return out


def _kicker_shaped(paragraph: Paragraph) -> bool:
    limit = vocab().get("headings", "kicker_chars")
    text = paragraph.text
    return not paragraph.heading and paragraph.kind == "text" and len(text) <= limit \
        and len(sentences(text)) == 1 and is_terminated(text)


def _body(paragraph: Paragraph, stack: list[Section], sections: list[Section]) -> None:
    if not stack:
        preface = Section(PREFACE_TITLE, paragraph.line, 1, notes=["原文此处没有标题，标题为自动添加"])
        sections.append(preface)
        stack.append(preface)
    stack[-1].paragraphs.append(paragraph)


def short_title(heading: Paragraph) -> str:
    """Return a short title for agenda and footers: the shortest printed line or phrase of a long heading."""
    if len(heading.text) <= 12:
        return ""
    parts = list(heading.lines) if len(heading.lines) > 1 else re.split(r"[：，:]", heading.text)
    fitting = [part for part in parts if 2 <= len(part) <= 8]
    return min(fitting, key=len) if fitting else ""


def is_notes(section: Section) -> bool:
    """Return whether a section holds the report's notes (注释, 附註, 说明): no key message, no cards."""
    return bool(vocab().pattern("headings", "notes").fullmatch(section.title))


def lead(section: Section) -> str:
    """Return the section's key message: its first sentence that carries no figure, shortened to its last
    clauses (the result the sentence states); empty when the section has no text."""
    texts = [s for p in section.paragraphs if p.kind == "text" for s in sentences(p.text)]
    if not texts:
        return ""
    chosen = next((s for s in texts if not _has_figure(s)), "")
    settings = vocab().data["lead"]
    if chosen:
        lead = _tail(strip_frames(chosen), settings["max_chars"], settings["min_chars"])
    else:  # every sentence states figures: the first one's head keeps what they measure (not 占總人口之18.6%…)
        lead = _head(strip_frames(texts[0]), settings["max_chars"])
    return lead.rstrip("；;，,、：: ")


def _has_figure(sentence: str) -> bool:
    return bool(re.search(r"\d", re.sub(r"\d{4}年", "", sentence)))


def strip_frames(sentence: str) -> str:
    """Return a sentence without its leading time or linking clauses: 这一年，… 2024年，… 同时，…"""
    frame = vocab().pattern("subjects", "frames")
    parts = clauses(sentence)
    while len(parts) > 1 and frame.fullmatch(parts[0].rstrip("，,：:")):
        parts = parts[1:]
    return "".join(parts)


def _head(sentence: str, limit: int) -> str:
    """Return the first clauses of a sentence that fit in limit characters (the first clause at least)."""
    parts = clauses(sentence)
    kept = [parts.pop(0)]
    while parts and len(parts[0]) + sum(map(len, kept)) <= limit:
        kept.append(parts.pop(0))
    return "".join(kept)


def _tail(sentence: str, limit: int, least: int) -> str:
    """Return the last clauses of a sentence that fit in limit characters, and at least least characters."""
    parts = clauses(sentence)
    kept = [parts.pop()]
    while parts and (len(parts[-1]) + sum(map(len, kept)) <= limit or sum(map(len, kept)) < least):
        kept.insert(0, parts.pop())
    return "".join(kept)


def bullets(section: Section, skip: str = "") -> list[str]:
    """Return deck bullets: one per sentence of the section's text, without its time frame, cut at a clause
    boundary to fit (never inside a clause), without final punctuation; the sentence holding skip is left out."""
    settings = vocab().data["bullets"]
    out: list[str] = []
    for paragraph in section.paragraphs:
        if paragraph.kind != "text":
            continue
        for sentence in sentences(paragraph.text):
            if skip and skip in sentence:
                continue
            bullet = _head(strip_frames(sentence), settings["max_chars"]).rstrip("。；，、：！？…")
            if bullet and bullet not in out:
                out.append(bullet)
    return out[:settings["max_per_section"]]


def _head(sentence: str, limit: int) -> str:
    """Return the first clauses of a sentence that fit in limit characters (at least the first clause)."""
    parts = clauses(sentence)
    kept = [parts.pop(0)]
    while parts and len(parts[0]) + sum(map(len, kept)) <= limit:
        kept.append(parts.pop(0))
    return "".join(kept)
