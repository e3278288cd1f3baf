"""The shape of Chinese text: character classes, sentence and clause boundaries, heading-shaped lines."""
from __future__ import annotations

import re
from functools import lru_cache

from publisher.draft.vocab import vocab

CJK_PUNCTUATION = "，。、；：？！“”‘’（）《》〈〉【】「」『』〔〕…—～·"
CLAUSE_MARKS = "，；：。！？"
SENTENCE_MARKS = "。！？；"
_HAN_BLOCKS = ((0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0xF900, 0xFAFF), (0x20000, 0x2FA1F), (0x30000, 0x323AF))
_PAGE_NUMBER = re.compile(r"^[\s\-—–－·]*(?:第\s*\d+\s*页|\d{1,4}|[-—–]\s*\d{1,4}\s*[-—–])[\s\-—–－·]*$")


def is_han(char: str) -> bool:
    """Return whether char is a Han character (any CJK ideograph block)."""
    if len(char) != 1:
        return False
    code = ord(char)
    return any(low <= code <= high for low, high in _HAN_BLOCKS) or char == "〇"


def is_chinese(char: str) -> bool:
    """Return whether char is a Han character or a full-width Chinese punctuation mark."""
    return is_han(char) or (len(char) == 1 and char in CJK_PUNCTUATION)


def is_terminated(text: str) -> bool:
    """Return whether text ends a sentence: a terminal mark, maybe followed by closing quotes or brackets."""
    punctuation = vocab().data["punctuation"]
    stripped = text.rstrip().rstrip(punctuation["closing"])
    return bool(stripped) and stripped[-1] in punctuation["terminal"]


def is_page_number(line: str) -> bool:
    """Return whether a line is only a page number ("12", "- 12 -", "第12页")."""
    return bool(_PAGE_NUMBER.match(line)) and any(c.isdigit() for c in line)


@lru_cache(maxsize=64)
def pair_depths(text: str) -> tuple[int, ...]:
    """Return, for every character, how many quote or bracket pairs enclose it."""
    pairs = vocab().get("punctuation", "pairs")
    closers = {close: opener for opener, close in pairs.items()}
    stack: list[str] = []
    depths = []
    for char in text:
        if char in closers and stack and stack[-1] == closers[char]:
            stack.pop()
            depths.append(len(stack) + 1)
            continue
        depths.append(len(stack) + (1 if char in pairs else 0))
        if char in pairs:
            stack.append(char)
    return tuple(depths)


def split_outside_pairs(text: str, marks: str) -> list[tuple[int, int]]:
    """Return (start, end) spans of text between marks that stand outside quotes and brackets."""
    depths = pair_depths(text)
    spans, start = [], 0
    for i, char in enumerate(text):
        if char in marks and depths[i] == 0:
            spans.append((start, i))
            start = i + 1
    spans.append((start, len(text)))
    return [(s, e) for s, e in spans if e > s]


def sentences(text: str) -> list[str]:
    """Return the sentences of a paragraph, each with its terminal mark and any closing quote after it."""
    closing = vocab().get("punctuation", "closing")
    out, start, i = [], 0, 0
    while i < len(text):
        if text[i] in SENTENCE_MARKS:
            i += 1
            while i < len(text) and text[i] in closing + SENTENCE_MARKS:
                i += 1
            out.append(text[start:i])
            start = i
            continue
        i += 1
    if text[start:].strip():
        out.append(text[start:])
    return [s.strip() for s in out if s.strip()]


def clauses(sentence: str) -> list[str]:
    """Return the clauses of a sentence, split at commas and colons outside quotes, marks kept."""
    spans = split_outside_pairs(sentence, CLAUSE_MARKS)
    out = []
    for start, end in spans:
        stop = end + 1 if end < len(sentence) else end
        out.append(sentence[start:stop])
    return out


def numbered_heading(line: str) -> tuple[int, str] | None:
    """Return (numbering depth from 0, title without its number) of a numbered heading line, else None."""
    for depth, pattern in enumerate(vocab().get("headings", "numbered")):
        found = re.match(pattern, line)
        if found and len(line) > found.end():
            return depth, line[found.end():].strip()
    return None


def looks_like_heading(lines: list[str] | tuple[str, ...]) -> bool:
    """Return whether a block of lines is shaped like a heading: few short lines, none ending a sentence."""
    headings = vocab().data["headings"]
    if not 1 <= len(lines) <= headings["max_lines"]:
        return False
    return all(_heading_line(line, headings["max_chars"]) for line in lines)


def _heading_line(line: str, max_chars: int) -> bool:
    """Return whether a line can be (part of) a heading: short, not ending a clause, not a sentence opening with
    a time frame (这一年，…), and with at most one comma unless numbered."""
    text = line.strip()
    if not text or len(text) > max_chars or "。" in text or is_page_number(text):
        return False
    numbered = numbered_heading(text)
    body = numbered[1] if numbered else text
    if not body or body[-1] in "。！？；…，、：,;:!?.":
        return False
    return numbered is not None or (body.count("，") + body.count(",") < 2 and not _frame_start(body))


def _frame_start(text: str) -> bool:
    """Return whether text opens with a paragraph frame clause: 这一年，… 2024年，…"""
    found = vocab().pattern("paragraphs", "openers").match(text)
    return bool(found) and text[found.end():found.end() + 1] in "，,"
