"""The words the tool adds to a document, in the document's language: locale files in layouts/locales/.

A document's report.language picks a locale file (BCP 47 tags, case and `_` forgiven):

- zh with the script Hant, or the region TW, HK or MO → zh-Hant (繁體中文); any other zh → zh-Hans (简体中文);
- en-* → en; any other language → its own tag or primary language, when a locale file or the theme has it;
- a language without a locale → en, with a warning saying so.

A theme overrides any key of a locale under `locales: {zh-Hant: {closing: 感謝聆聽！}}`, or adds a locale of its own
(`locales: {fr: {...}}`), the English file filling in the keys it leaves out. The plans read the chosen locale
(theme.locale); the writers only draw what the plans hold.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel as _Model
from pydantic import ConfigDict, Field, create_model

from publisher.outline.source import load
from publisher.resources import data_dir
from publisher.text.numbers import SCALE_POWERS, Numerals

LOCALE_DIR = "locales"
FALLBACK = "en"
DEFAULT_LANGUAGE = "zh-CN"
SCRIPTS = ("Han", "Kana", "Hangul", "Latin")
TRADITIONAL_REGIONS = ("TW", "HK", "MO")
Numbering = Literal["chinese", "arabic", "decimal", "none"]
DRAWN = ("contents", "agenda", "continued", "figure", "table", "caption", "note", "source", "page", "date", "closing",
         "unit", "others", "grouped", "right_axis", "up", "down", "list", "separator", "quote_by",
         "quote_mark")  # the keys shown in print


class Locale(_Model):
    """The furniture of one language (layouts/locales/*.yaml documents every key)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    languages: dict[Literal["Han", "Kana", "Hangul", "Latin"], str]
    numbering: Numbering
    contents: str
    agenda: str
    continued: str
    figure: str
    table: str
    caption: str
    note: str
    source: str
    source_words: list[str]
    page: str
    date: str
    closing: str
    unit: str
    others: str
    grouped: str
    right_axis: str
    image: str
    logo: str
    up: str
    down: str
    list: str
    sentence: str
    colon: str
    unit_brackets: str
    separator: str
    quote_by: str
    quote_mark: str
    keywords: str
    chart: str
    charts: dict[str, str] = Field(default_factory=dict)
    subtitles: dict[Literal["kpis", "text"], str]  # a later slide's subtitle when its blocks have no title
    magnitudes: dict[int, str]  # the word of each power of ten a scale writes: {4: 万, 8: 亿}, {6: million}
    auto_magnitudes: list[int]  # the powers `scale: auto` picks from
    unit_space: str  # between a number and a unit (or magnitude) that starts with a letter: "12 km", "5 million"
    tight_units: list[str]  # unit words written against the number even so: 3.5bn, 50M
    scaled_unit: str  # an axis's unit once its numbers are scaled: "{magnitude}{unit}" 万家, "{magnitude} {unit}"
    scaled_currency: str  # … when the unit is a currency (USD, $, HK$): "{unit} {magnitude}" USD million

    def caption_line(self, label: str, number: int, title: str) -> str:
        """Return a numbered caption: 图1　标题, Figure 1: Title; the label alone when there is no title."""
        numbered = label.format(number=number)
        return self.caption.format(label=numbered, title=title) if title.strip() else numbered

    def labelled(self, text: str, label: str) -> str:
        """Return text after a label (注：…, Source: …), unless it already starts with the label's word or, for a
        source, names itself one (数据来源：…)."""
        words = [label.strip(" ：:"), *(self.source_words if label == self.source else [])]
        head = text.lstrip()[:12]
        return text if any(w and (head.startswith(w) or w in head[:len(w) + 2]) for w in words) else label + text

    def word(self, power: int, asked: str = "") -> str:
        """Return this language's word for a power of ten, or the word asked for when it has none."""
        return self.magnitudes.get(power, asked)

    def chart_name(self, kind: str) -> str:
        """Return the name of a chart kind in this language."""
        return self.charts.get(kind, self.chart)

    def numerals(self) -> Numerals:
        """Return how this language writes magnitudes and units after numbers."""
        return Numerals(tuple(sorted(self.magnitudes.items())), tuple(self.auto_magnitudes), self.unit_space,
                        tuple(self.tight_units), self.scaled_unit, self.scaled_currency)

    def words(self) -> str:
        """Return every character the locale may draw on a page or slide (for font coverage and subsets): its
        furniture and the magnitude words a scale writes; the words only alternative text holds (chart kinds,
        image, logo) are not drawn."""
        return "".join(getattr(self, key) for key in DRAWN) + "".join(self.magnitudes.values())


PartialLocale = create_model(
    "PartialLocale", __config__=ConfigDict(extra="forbid", frozen=True),
    **{name: (field.annotation | None, None) for name, field in Locale.model_fields.items()},
)
PartialLocale.__doc__ = "Keys of a locale a theme overrides (the others come from the locale file)."


def locale_names() -> list[str]:
    """Return the names of the built-in locale files."""
    return sorted(path.stem for path in (data_dir("layouts") / LOCALE_DIR).glob("*.yaml"))


def candidates(language: str) -> list[str]:
    """Return the locale names a language tag may use, best first: zh-TW → [zh-Hant, zh], en-GB → [en-GB, en]."""
    parts = [p for p in re.split(r"[-_]", language.strip()) if p]
    if not parts:
        return []
    primary = parts[0].lower()
    script = next((p.title() for p in parts[1:] if len(p) == 4 and p.isalpha()), "")
    region = next((p.upper() for p in parts[1:] if len(p) == 2 or (len(p) == 3 and p.isdigit())), "")
    if primary == "zh":
        script = script or ("Hant" if region in TRADITIONAL_REGIONS else "Hans")
    tags = [f"{primary}-{script}" if script else "", f"{primary}-{region}" if region else "", primary]
    return [tag for tag in dict.fromkeys(tags) if tag]


def choose(language: str, overrides: Mapping[str, Any] | None = None) -> tuple[str, str]:
    """Return (locale name, note): the locale a language uses, and a warning when it has none of its own."""
    known = {*locale_names(), *(overrides or {})}
    for name in candidates(language):
        if name in known:
            return name, ""
    return FALLBACK, (f"no locale for language '{language}': the words the tool adds (contents, captions, page "
                      f"numbers, the closing slide) are English; add a locale file or a theme's `locales:` entry "
                      f"named {candidates(language)[-1] if candidates(language) else language!r}")


@cache
def _file(name: str) -> dict[str, Any]:
    path = data_dir("layouts") / LOCALE_DIR / f"{name}.yaml"
    return load(path).data if path.is_file() else {}


def resolve(language: str, overrides: Mapping[str, Any] | None = None) -> tuple[Locale, str]:
    """Return the locale of a document language, with a theme's overrides laid over its file, and the note of
    choose()."""
    name, note = choose(language, overrides)
    data = dict(_file(name) or _file(FALLBACK))
    override = (overrides or {}).get(name)
    if override is not None:
        given = override.model_dump(exclude_none=True) if isinstance(override, _Model) else dict(override)
        for key, value in given.items():
            data[key] = {**data.get(key, {}), **value} if isinstance(value, dict) else value
    return Locale.model_validate(data), note


def scale_notices(outline: Any, theme_locales: Mapping[str, Any] | None = None) -> list[tuple[tuple, str]]:
    """Return (outline path, warning) for each explicit scale of a myriad (万, 亿) in a language that counts in
    thousands: honoured in its words ("ten thousand", "hundred million"), and the author told what reads better."""
    locale = resolve(outline.report.language, theme_locales)[0]
    out = []
    for path, scale in _scales(outline.sections, ("sections",)):
        power = SCALE_POWERS.get(scale, 0)
        if power % 3 and power not in locale.auto_magnitudes:
            nearest = min(locale.auto_magnitudes, key=lambda p: (abs(p - power), p), default=0)
            hint = f" (did you mean '{locale.magnitudes[nearest]}'?)" if nearest in locale.magnitudes else ""
            out.append((path, f"scale '{scale}' is written '{locale.word(power, scale)}' in {locale.name}, which "
                              f"counts in {', '.join(locale.magnitudes[p] for p in locale.auto_magnitudes)}{hint}"))
    return out


def _scales(sections: list, path: tuple) -> list[tuple[tuple, str]]:
    """Return (outline path, scale) of every KPI and chart that names its scale (not auto or none)."""
    found = []
    for i, section in enumerate(sections):
        for j, block in enumerate(section.blocks):
            where = (*path, i, "blocks", j)
            if hasattr(block, "kpis"):
                found += [((*where, "kpis", k, "scale"), kpi.scale) for k, kpi in enumerate(block.kpis)]
            elif hasattr(block, "chart"):
                found.append(((*where, "chart", "scale"), block.chart.scale))
        found += _scales(section.sections, (*path, i, "sections"))
    return [(where, scale) for where, scale in found if scale in SCALE_POWERS]
