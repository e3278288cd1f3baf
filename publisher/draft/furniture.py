"""Remove what a page adds to plain text: line prefixes of a scraper, running headers and footers, page numbers,
the debris of flattened tables and chart captions, and footnote markers; every removal is logged."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from publisher.draft.located import Located
from publisher.draft.vocab import vocab


@dataclass(frozen=True)
class RawLine:
    """One line of a plain-text source, cleaned of invisible characters and outer spaces."""

    text: Located
    number: int
    page: int = 0
    removed: bool = False

    @property
    def value(self) -> str:
        """Return the line's text."""
        return self.text.text


@dataclass(frozen=True)
class Removal:
    """A run of lines taken out of the text, for the draft's report."""

    kind: str  # prefix, page-number, running-header, table, figure, footnote
    line: int
    detail: str


_SENTENCE_PUNCTUATION = re.compile(r"[。，；！？,;!?]")


def strip(lines: list[RawLine]) -> tuple[list[RawLine], list[Removal], str]:
    """Return the lines without page furniture, what was removed, and a per-line prefix that was removed."""
    removals: list[Removal] = []
    lines, prefix = _prefix(lines, removals)
    lines = _debris(lines, removals)
    lines = _page_numbers(lines, removals)
    lines = _running_headers(lines, removals)
    lines = [_footnotes(line, removals) for line in lines]
    return _collapse_blanks(lines), removals, prefix


def _prefix(lines: list[RawLine], removals: list[Removal]) -> tuple[list[RawLine], str]:
    """Return the lines without a token every line starts with (a scraper's date), and that token."""
    texts = [line.value for line in lines if line.value]
    heads = Counter(text.split(" ", 1)[0] for text in texts if " " in text)
    if not heads:
        return lines, ""
    head, count = heads.most_common(1)[0]
    if count < 3 or count < 0.8 * len(texts) or len(head) > 24:
        return lines, ""
    removals.append(Removal("prefix", lines[0].number, f"'{head}' removed from the start of {count} lines"))
    out = []
    for line in lines:
        if line.value.startswith(head + " "):
            line = RawLine(line.text[len(head):].strip(" \u3000"), line.number, line.page)
        out.append(line)
    return out, head


def _page_numbers(lines: list[RawLine], removals: list[Removal]) -> list[RawLine]:
    pattern = vocab().pattern("furniture", "page_number")
    out = []
    for line in lines:
        if line.value and pattern.fullmatch(line.value):
            removals.append(Removal("page-number", line.number, f"page number '{line.value}'"))
            out.append(_removed(line))
        else:
            out.append(line)
    return out


def _running_headers(lines: list[RawLine], removals: list[Removal]) -> list[RawLine]:
    """Return the lines without short lines repeated on several pages (a running header or footer); the first
    line of the document stays (it is the title the header repeats)."""
    limit = vocab().get("furniture", "header_chars")
    edges = _page_edges(lines)
    counts = Counter(line.value for line in lines if _header_shaped(line.value, limit))
    at_edges = Counter(lines[i].value for i in edges if _header_shaped(lines[i].value, limit))
    repeated = {text for text, n in counts.items() if n >= 3 or (n >= 2 and at_edges[text] >= 2)}
    first = next((i for i, line in enumerate(lines) if line.value), -1)
    out = []
    for i, line in enumerate(lines):
        if line.value in repeated and i != first:
            removals.append(Removal("running-header", line.number, f"running header '{line.value}'"))
            out.append(_removed(line))
        else:
            out.append(line)
    return out


def _header_shaped(text: str, limit: int) -> bool:
    return bool(text) and len(text) <= limit and not _SENTENCE_PUNCTUATION.search(text)


def _page_edges(lines: list[RawLine]) -> set[int]:
    """Return the indexes of the first and last non-blank lines of every page."""
    by_page: dict[int, list[int]] = {}
    for i, line in enumerate(lines):
        if line.value:
            by_page.setdefault(line.page, []).append(i)
    return {i for indexes in by_page.values() for i in (indexes[0], indexes[-1])}


def _debris(lines: list[RawLine], removals: list[Removal]) -> list[RawLine]:
    """Return the lines without flattened tables and chart captions: from a 表N or 图N line through the short
    cells after it; and without other runs of short cells that hold numbers."""
    words = vocab().data["furniture"]
    caption = re.compile(words["caption"])
    cell_chars = words["cell_chars"]
    out = list(lines)
    i = 0
    while i < len(out):
        found = caption.fullmatch(out[i].value)
        end = _cells_end(out, i + 1, cell_chars) if found else i
        if not found:
            end = _cells_end(out, i, cell_chars)
            cells = [line for line in out[i:end] if line.value]
            if len(cells) < words["min_cells"] or sum(any(c.isdigit() for c in line.value) for line in cells) \
                    < len(cells) / 2:
                i += 1
                continue
        kind = "figure" if found and found.group(0).startswith(("图", "圖")) else "table"
        taken = [line for line in out[i:end] if line.value]
        removals.append(Removal(kind, out[i].number, f"{len(taken)} lines of a flattened {kind} "
                                                     f"(lines {out[i].number}–{out[end - 1].number}): "
                                                     + " ".join(line.value for line in taken[:4]) + " …"))
        for j in range(i, end):
            out[j] = _removed(out[j])
        i = end
    return out


def _cells_end(lines: list[RawLine], start: int, cell_chars: int) -> int:
    """Return where a run of short, unpunctuated lines (table cells, captions, 单位 lines) ends: at the first line
    of prose, or at a numbered line followed by prose (a heading after the table)."""
    from publisher.draft.shape import numbered_heading

    i = start
    while i < len(lines):
        text = lines[i].value
        if text and not _cell(text, cell_chars):
            break
        if text and numbered_heading(text) and _prose_follows(lines, i + 1, cell_chars):
            break
        i += 1
    while i > start and not lines[i - 1].value:
        i -= 1
    return i


def _cell(text: str, cell_chars: int) -> bool:
    if text.startswith(("单位：", "單位：", "单位:", "單位:")):
        return True
    return len(text) <= cell_chars and not re.search(r"[。，；！？]", text)


def _prose_follows(lines: list[RawLine], start: int, cell_chars: int) -> bool:
    following = next((line.value for line in lines[start:] if line.value), "")
    return bool(following) and not _cell(following, cell_chars)


def _footnotes(line: RawLine, removals: list[Removal]) -> RawLine:
    """Return the line without footnote markers glued to the words before them: 生产总值②达到, 值[2]1329.65."""
    pattern = vocab().pattern("furniture", "footnote")
    found = [m.group(0) for m in pattern.finditer(line.value)]
    if not found:
        return line
    removals.append(Removal("footnote", line.number, "footnote marker " + " ".join(found)))
    return RawLine(line.text.sub(pattern, lambda m: ""), line.number, line.page)


def _removed(line: RawLine) -> RawLine:
    return RawLine(Located("", ()), line.number, line.page, removed=True)


def _collapse_blanks(lines: list[RawLine]) -> list[RawLine]:
    """Return the lines without removed ones; a run of blank lines holding a removal becomes one blank line, or
    none when the removal stood between two lines of text."""
    out: list[RawLine] = []
    run: list[RawLine] = []
    for line in [*lines, RawLine(Located.at("end", 0), 0)]:
        if line.value:
            blanks = [b for b in run if not b.removed]
            out.extend(blanks[:1] if any(b.removed for b in run) else blanks)
            out.append(line)
            run = []
        else:
            run.append(line)
    return out[:-1]
