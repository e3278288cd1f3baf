"""What the author wrote and what the outputs show: the helpers of the fidelity tests (tests/test_fidelity.py).

`authored(outline, locale=…)` lists every number (with the forms it may take: as written, or re-expressed exactly
where the author asked for a magnitude, followed by the magnitude's word in the document's language: 2302.6亿,
230.26 billion, 2302.6億) and every text value of a validated outline, each with the outputs that must show it.
`deck_text(pptx)` and `report_text(pdf)` extract what a reader or a screen reader gets from the outputs, as
streams. `missing(...)` returns what an output does not show as written.

A check of the tool's own words (furniture) against the active locale can reuse `deck_text`/`report_text`: their
streams hold every string of the outputs; `authored(...).texts` are the author's, so anything else is furniture.
`foreign_magnitudes(...)` finds a number followed by another language's magnitude word (1.45万 in an English or a
Traditional document) that the author did not write.
"""
from __future__ import annotations

import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree

from publisher.outline.model import (
    Bullet,
    BulletsBlock,
    ChartBlock,
    Column,
    ImageBlock,
    KpisBlock,
    Outline,
    ParagraphBlock,
    Quote,
    QuoteBlock,
    TableBlock,
)
from publisher.text.numbers import axis_scale, carries_magnitude
from publisher.text.written import written_text
from publisher.theme.locales import Locale, resolve

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
GAP = 400  # characters of furniture (running heads, slide titles, 续) a text may be interrupted by
LABELLED = {"bar", "hbar", "ranking", "pie", "donut", "combo", "line"}  # kinds labelling each value (one line at most)
OUTPUTS = ("deck", "report")
POWERS = {"thousand": 3, "million": 6, "billion": 9, "trillion": 12, "千": 3, "万": 4, "萬": 4, "百万": 6, "百萬": 6,
          "亿": 8, "億": 8, "万亿": 12, "萬億": 12}  # what each explicit scale means (written here, not the tool's)
MAGNITUDE_WORDS = {"zh-Hans": ("万亿", "万", "亿"), "zh-Hant": ("萬億", "萬", "億"),
                   "en": ("thousand", "million", "billion", "trillion")}  # the words only one language writes


@dataclass(frozen=True)
class Number:
    """A number of the outline: where it is (a field path), the forms it may show in, and the outputs showing it."""

    where: str
    forms: tuple[str, ...]
    outputs: tuple[str, ...] = OUTPUTS
    stream: str = ""  # the deck stream that must hold it ("" any)
    group: str = ""  # a chart: its values are labelled all or none in the report
    word: str = ""  # the magnitude word right after it (a KPI scaled: 2302.6 亿, 2.3026 billion)


@dataclass(frozen=True)
class Text:
    where: str
    text: str
    outputs: tuple[str, ...] = OUTPUTS


@dataclass
class Authored:
    numbers: list[Number] = field(default_factory=list)
    texts: list[Text] = field(default_factory=list)


def authored(outline: Outline, min_slice: float = 0.03, locale: Locale | None = None) -> Authored:
    """Return every number and text value of a validated outline (its data files read in); min_slice is the
    theme's: thinner pie slices, two or more, are drawn as one; locale the document's (its magnitude words)."""
    locale = locale or resolve(outline.report.language)[0]
    out = Authored()
    report = outline.report
    for name in ("title", "subtitle", "author", "organisation", "date"):
        _text(out, f"report.{name}", getattr(report, name))
    for path, section in _sections(outline.sections, "sections"):
        _text(out, f"{path}.title", section.title)
        _text(out, f"{path}.lead", section.lead)
        for j, block in enumerate(section.blocks):
            outputs = (block.only,) if block.only else OUTPUTS
            _block(out, f"{path}.blocks[{j}]", block, outputs, min_slice, locale)
    return out


def _sections(sections, path):
    for i, section in enumerate(sections):
        yield f"{path}[{i}]", section
        yield from _sections(section.sections, f"{path}[{i}].sections")


def _block(out: Authored, path: str, block, outputs: tuple[str, ...], min_slice: float, locale: Locale) -> None:
    if isinstance(block, ParagraphBlock):
        _text(out, path, block.paragraph, outputs)
    elif isinstance(block, BulletsBlock):
        _bullets(out, path, block.bullets, outputs)
    elif isinstance(block, KpisBlock):
        for k, kpi in enumerate(block.kpis):
            where = f"{path}.kpis[{k}]"
            _text(out, f"{where}.label", kpi.label, outputs)
            _text(out, f"{where}.note", kpi.note, outputs)
            if isinstance(kpi.value, str):
                _text(out, f"{where}.value", kpi.value, outputs)
            else:
                form, word = _scaled(kpi.value, kpi.unit, kpi.scale, locale)
                out.numbers.append(Number(f"{where}.value", (form,), outputs, word=word))
            if kpi.change is not None and kpi.change != 0:
                arrow = "▲" if kpi.change > 0 else "▼"
                out.numbers.append(Number(f"{where}.change", (arrow + _unsigned(written_text(kpi.change)),), outputs))
    elif isinstance(block, ChartBlock):
        _chart(out, path + ".chart", block.chart, outputs, min_slice, locale)
    elif isinstance(block, TableBlock):
        table = block.table
        for name in ("caption", "source", "note"):
            _text(out, f"{path}.table.{name}", getattr(table, name), outputs)
        for c, column in enumerate(table.columns):
            _text(out, f"{path}.table.columns[{c}]", column.name if isinstance(column, Column) else column, outputs)
        for r, row in enumerate(table.rows):
            for c, cell in enumerate(row):
                where = f"{path}.table.rows[{r}][{c}]"
                if isinstance(cell, str):
                    _text(out, where, cell, outputs)
                else:
                    out.numbers.append(Number(where, (written_text(cell),), outputs))
    elif isinstance(block, QuoteBlock):
        quote = block.quote
        _text(out, path + ".quote", quote if isinstance(quote, str) else quote.text, outputs)
        if isinstance(quote, Quote):
            _text(out, path + ".quote.by", quote.by, outputs)
    elif isinstance(block, ImageBlock):
        _text(out, path + ".image.caption", block.image.caption, outputs)


def _bullets(out: Authored, path: str, items, outputs) -> None:
    for i, item in enumerate(items):
        if isinstance(item, Bullet):
            _text(out, f"{path}.bullets[{i}]", item.text, outputs)
            _bullets(out, f"{path}.bullets[{i}].items", item.items, outputs)
        else:
            _text(out, f"{path}.bullets[{i}]", item, outputs)


def _chart(out: Authored, path: str, chart, outputs, min_slice: float, locale: Locale) -> None:
    """Add a chart's texts and values: every value in the deck's alt text (unless the author wrote the alt), and in
    the report the values its kind labels (in the magnitude of its axis, which its unit note names in the document's
    words: 单位：亿元, Unit: USD billion), each bar or line group all or none."""
    deck = tuple(o for o in outputs if o == "deck")
    for name in ("caption", "source"):
        _text(out, f"{path}.{name}", getattr(chart, name), outputs)
    _text(out, f"{path}.title", chart.title, deck)
    _text(out, f"{path}.alt", chart.alt, deck)
    for c, category in enumerate(chart.categories):
        _text(out, f"{path}.categories[{c}]", category, () if chart.alt else deck)
    shares = chart.type in ("pie", "donut")
    grouped = _grouped(chart.series[0].values, min_slice) if shares else set()
    notes: dict[str, str] = {}
    for s, series in enumerate(chart.series):
        _text(out, f"{path}.series[{s}].name", series.name, () if chart.alt else deck)
        line = series.kind == "line" or series.axis == "right"
        unit = (series.unit or chart.unit) if chart.type != "combo" else _axis_unit(chart, line)
        axis = [v for one in chart.series if chart.type != "combo" or _is_line(one) == line for v in one.values]
        magnitude = axis_scale(axis, unit, chart.scale, locale.numerals())
        group = f"{path}/{'line' if line and chart.type == 'combo' else 'bar'}"
        lines = len(chart.series) if chart.type == "line" else len([x for x in chart.series if _is_line(x)])
        drawn = chart.type in LABELLED and not ((line or chart.type == "line") and lines > 1)
        for v, value in enumerate(series.values):
            where = f"{path}.series[{s}].values[{v}]"
            if not chart.alt:
                out.numbers.append(Number(where, (written_text(value),), deck, "alt"))
            if drawn and chart.labels == "value" and "report" in outputs and v not in grouped:
                out.numbers.append(Number(where, (_shifted(value, magnitude.power),), ("report",), group=group))
        noted = chart.type in LABELLED and not (shares and chart.labels == "share")
        if magnitude.word and noted and "report" in outputs:
            notes[group] = _axis_note(unit, magnitude.word, locale)
    for group, note in notes.items():
        _text(out, f"{path}.unit ({group.rsplit('/', 1)[1]} axis)", note, ("report",))
    if grouped and chart.labels == "value" and "report" in outputs:
        total = sum(Decimal(written_text(chart.series[0].values[i])) for i in grouped)
        out.numbers.append(Number(f"{path}.series[0] (其他)", (format(total, "f"),), ("report",), group=path + "/bar"))


def _grouped(values, min_slice: float) -> set[int]:
    """Return the slices a pie groups into one (two or more under min_slice of the total)."""
    small = {i for i, v in enumerate(values) if v < min_slice * sum(values)}
    return small if len(small) > 1 else set()


def _is_line(series) -> bool:
    return series.kind == "line" or series.axis == "right"


def _axis_unit(chart, line: bool) -> str:
    first = next((s for s in chart.series if _is_line(s) == line), None)
    return (first.unit if first else "") or chart.unit


def _text(out: Authored, where: str, text: str, outputs: tuple[str, ...] = OUTPUTS) -> None:
    if text and text.strip() and outputs:
        out.texts.append(Text(where, text, outputs))


def _unsigned(text: str) -> str:
    return text[1:] if text[:1] in ("-", "+", "−") else text


def _axis_note(unit: str, word: str, locale: Locale) -> str:
    """Return the unit an axis note names once scaled: 万家, million people, USD million (currencies first)."""
    currency = unit in ("USD", "HKD", "EUR", "CNY", "RMB", "GBP", "JPY", "MOP", "TWD") or re.fullmatch(
        r"[A-Z]{0,3}[$€£¥￥]", unit)
    return (locale.scaled_currency if currency else locale.scaled_unit).format(magnitude=word, unit=unit).strip()


def _scaled(value, unit: str, scale: str, locale: Locale) -> tuple[str, str]:
    """Return a KPI value as the author asked, and the magnitude word after it: written, or moved exactly to the
    largest of the language's magnitudes for auto, or to the one asked for (computed here, not by the tool)."""
    if scale == "none" or unit == "%" or carries_magnitude(unit):
        return written_text(value), ""
    if scale == "auto":
        power = max((p for p in locale.auto_magnitudes if abs(value) >= 10 ** p), default=0)
    else:
        power = POWERS[scale]
    return _shifted(value, power), locale.magnitudes.get(power, scale) if power else ""


def _shifted(value, places: int) -> str:
    """Return a written number with its decimal point moved `places` places to the left, nothing rounded."""
    text = written_text(value)
    if not places:
        return text
    exact = Decimal(text.replace(",", "").replace("，", "").replace("−", "-"))
    shifted = exact.scaleb(-places)
    kept = max(0, -exact.as_tuple().exponent)
    trimmed = shifted.normalize()
    if -trimmed.as_tuple().exponent < kept:
        trimmed = trimmed.quantize(Decimal(1).scaleb(-kept))
    return format(trimmed if trimmed != 0 else abs(trimmed), "f")  # -0 moved is 0


# ---------------------------------------------------------------- outputs


def squeeze(text: str) -> str:
    """Return text as compared: NFKC, without any whitespace (lines break anywhere)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def deck_text(path: Path) -> dict[str, str]:
    """Return the deck's text as streams: "slides" (every run of every slide, in order), "alt" (the descriptions
    of pictures and charts), "charts" (native charts' cached strings and numbers), "notes" (speaker notes)."""
    streams = {"slides": [], "alt": [], "charts": [], "notes": []}
    with zipfile.ZipFile(path) as package:
        names = package.namelist()
        slides = sorted((n for n in names if re.fullmatch(r"ppt/slides/slide\d+\.xml", n)),
                        key=lambda n: int(re.search(r"\d+", n.rsplit("/", 1)[1]).group()))
        for name in slides:
            root = ElementTree.fromstring(package.read(name))
            streams["slides"] += ["".join(t.text or "" for t in p.iter(f"{A}t")) for p in root.iter(f"{A}p")]
            streams["alt"] += [e.get("descr") for e in root.iter(f"{P}cNvPr") if e.get("descr")]
        for name in names:
            if re.fullmatch(r"ppt/charts/chart\d+\.xml", name):
                root = ElementTree.fromstring(package.read(name))
                streams["charts"] += [v.text or "" for v in root.iter(f"{C}v")]
            elif re.fullmatch(r"ppt/notesSlides/notesSlide\d+\.xml", name):
                root = ElementTree.fromstring(package.read(name))
                streams["notes"] += ["".join(t.text or "" for t in p.iter(f"{A}t")) for p in root.iter(f"{A}p")]
    return {key: "\n".join(parts) for key, parts in streams.items()}


def report_text(path: Path) -> dict[str, str]:
    """Return the report's text as a PDF reader extracts it, page after page."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(path))
    try:
        pages = []
        for page in document:
            textpage = page.get_textpage()
            pages.append(textpage.get_text_range())
            textpage.close()
            page.close()
    finally:
        document.close()
    return {"pages": "\n".join(pages)}


# ---------------------------------------------------------------- checks


def shows_text(text: str, streams: dict[str, str]) -> bool:
    """Return whether the text appears in one stream as written, in order, interrupted only by furniture (at most
    GAP characters at a time, where a line, a page or a slide ends)."""
    wanted = squeeze(text)
    return any(_in_order(wanted, squeeze(stream)) for stream in streams.values())


def _in_order(wanted: str, haystack: str) -> bool:
    start, position = 0, -1
    while start < len(wanted):
        low, high, found = 1, len(wanted) - start, -1
        while low <= high:  # the longest next piece found after position (and close to it)
            middle = (low + high) // 2
            at = haystack.find(wanted[start:start + middle], position + 1)
            if at >= 0 and (position < 0 or at - position <= GAP):
                low, found, length = middle + 1, at, middle
            else:
                high = middle - 1
        if found < 0:
            return False
        start, position = start + length, found + length - 1
    return True


def shows_number(form: str, text: str, word: str = "") -> bool:
    """Return whether a number is shown exactly in that form: not as part of a longer number (14.0 is not in 114.05,
    12 is not in 12.5), a sign kept; followed by its magnitude word when it has one (2302.6亿, 2.3 billion: a space
    or a line end may come between them)."""
    wanted = squeeze(form)
    digit_before = r"(?<![\d.,])" if wanted[:1].isdigit() else ""
    spaced = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text))  # a line end parts two numbers
    after = r"\s?" + r"\s?".join(map(re.escape, word.split())) if word else r"(?![\d])(?![.,]\d)"
    return re.search(digit_before + re.escape(wanted) + after, spaced) is not None


def missing(found: Authored, output: str, streams: dict[str, str]) -> list[str]:
    """Return what the output does not show as written: "<field path>: <value>" for each text and number (a chart
    group that labels none of its values is left out: the chart draws no labels there)."""
    out = [f"{t.where}: {t.text!r}" for t in found.texts if output in t.outputs and not shows_text(t.text, streams)]
    groups: dict[str, list[tuple[Number, bool]]] = {}
    for number in found.numbers:
        if output not in number.outputs:
            continue
        pool = [streams[number.stream]] if number.stream in streams else list(streams.values())
        shown = any(shows_number(form, text, number.word) for form in number.forms for text in pool)
        groups.setdefault(number.group or number.where, []).append((number, shown))
    for members in groups.values():
        if any(shown for _, shown in members) or not members[0][0].group:
            out += [f"{n.where}: {n.forms[0] + n.word!r}" for n, shown in members if not shown]
    return out


def labelled_groups(found: Authored, output: str, streams: dict[str, str]) -> int:
    """Return how many chart groups show their values in the output (so a test knows it checked some)."""
    groups = {n.group for n in found.numbers if n.group and output in n.outputs and any(
        shows_number(f, text) for f in n.forms for text in streams.values())}
    return len(groups)


def foreign_magnitudes(streams: dict[str, str], outline: Outline, language: str) -> list[str]:
    """Return each number followed by a magnitude word of another language (1.45万 in an English or a Traditional
    document, 2.3 billion in a Chinese one; language is the locale's name) that the author did not write: not in
    any of their texts, and not a unit of theirs starting with that word (unit: 万元)."""
    own = set(MAGNITUDE_WORDS.get(language, ()))
    words = sorted({w for ws in MAGNITUDE_WORDS.values() for w in ws} - own, key=len, reverse=True)
    data = outline.model_dump()
    written = squeeze(" ".join(text for _, text in _strings(data)))
    units = [text for _, text in _strings(data, "unit")]
    pattern = re.compile(r"[\d.,]*\d ?(" + "|".join(map(re.escape, words)) + ")")
    found = []
    for text in streams.values():
        for match in pattern.finditer(re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text))):
            if squeeze(match.group()) not in written and not any(u.startswith(match.group(1)) for u in units):
                found.append(match.group())
    return found


def _strings(data, key: str = ""):
    """Yield (key, text) of every string in a dumped outline (or only those under `key`)."""
    if isinstance(data, dict):
        for name, value in data.items():
            if isinstance(value, str) and (not key or name == key):
                yield name, value
            else:
                yield from _strings(value, key)
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value, key)
    elif isinstance(data, str) and not key:
        yield "", data
