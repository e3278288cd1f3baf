"""The deck plan: every decision about a slide deck, made before any XML is written.

The planner (publisher.plan.deck) fills these frozen records; the PPTX writer only turns them into shapes.
Lengths are points on the slide, colours RRGGBB, font families names as the theme gives them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from publisher.outline.model import Chart
from publisher.theme.locales import Locale

Align = Literal["l", "ctr", "r"]
Anchor = Literal["t", "ctr", "b"]


@dataclass(frozen=True)
class Box:
    """A rectangle on the slide, in points from the top-left corner."""

    x: float
    y: float
    w: float
    h: float

    @property
    def bottom(self) -> float:
        """Return the y of the bottom edge."""
        return self.y + self.h

    @property
    def right(self) -> float:
        """Return the x of the right edge."""
        return self.x + self.w

    def inset(self, left: float, top: float, right: float | None = None, bottom: float | None = None) -> Box:
        """Return the box shrunk by the given insets (right and bottom default to left and top)."""
        right = left if right is None else right
        bottom = top if bottom is None else bottom
        return Box(self.x + left, self.y + top, max(0.0, self.w - left - right), max(0.0, self.h - top - bottom))


@dataclass(frozen=True)
class Run:
    """Characters sharing one look on one line."""

    text: str
    size: float
    family: str
    color: str  # RRGGBB; "" takes the template's colour (text on a template layout that is the slide's design)
    bold: bool = False


@dataclass(frozen=True)
class Paragraph:
    """A paragraph already broken into lines; each line is written followed by an explicit line break."""

    lines: tuple[tuple[Run, ...], ...]
    line_height: float  # exact line pitch in points
    space_before: float = 0.0
    align: Align = "l"
    indent: float = 0.0  # left margin of every line
    bullet: str = ""  # bullet character, hung in the last `hang` points of the indent; "" for none
    hang: float = 0.0
    bullet_color: str = ""

    @property
    def height(self) -> float:
        """Return the height the paragraph takes, space before included."""
        return self.space_before + len(self.lines) * self.line_height


@dataclass(frozen=True)
class TextFrame:
    """A text box with zero insets whose paragraphs are known to fit its box."""

    box: Box
    paragraphs: tuple[Paragraph, ...]
    anchor: Anchor = "t"
    name: str = "Text"
    wrap: bool = True  # False: renderers never wrap a line, even in a wider substitute font (KPI cards)
    region: str = ""  # the layout region that drew the shape


@dataclass(frozen=True)
class Rect:
    """A filled rectangle without outline."""

    box: Box
    fill: str
    name: str = "Rectangle"
    region: str = ""


@dataclass(frozen=True)
class Picture:
    """An image file scaled into its box."""

    box: Box
    path: Path
    description: str
    name: str = "Picture"
    region: str = ""


@dataclass(frozen=True)
class ChartShape:
    """A chart drawn at exactly its box: a rendered picture, or a native chart when `native`."""

    box: Box
    chart: Chart
    description: str
    native: bool = False
    name: str = "Chart"
    region: str = ""


@dataclass(frozen=True)
class Cell:
    """One table cell: its paragraphs, fill and alignment."""

    paragraphs: tuple[Paragraph, ...]
    fill: str = ""


@dataclass(frozen=True)
class TableShape:
    """A native table whose row heights hold every cell's fitted lines."""

    box: Box
    widths: tuple[float, ...]
    heights: tuple[float, ...]
    rows: tuple[tuple[Cell, ...], ...]
    padding: float
    rule: str
    name: str = "Table"
    region: str = ""


@dataclass(frozen=True)
class LiveField:
    """A text field PowerPoint fills in when it shows the slide."""

    box: Box
    size: float
    family: str
    color: str
    align: Align = "r"
    name: str = "Field"
    region: str = ""


@dataclass(frozen=True)
class SlideNumber(LiveField):
    """A live slide-number field."""

    name: str = "Slide Number"


@dataclass(frozen=True)
class DateField(LiveField):
    """A live date field (PowerPoint's datetime1: the short date of the run's language), refreshed on opening;
    its text until then is the build date in the locale's pattern."""

    name: str = "Date"
    pattern: str = "{year}/{month}/{day}"


Shape = TextFrame | Rect | Picture | ChartShape | TableShape | SlideNumber | DateField


@dataclass(frozen=True)
class SlidePlan:
    """One slide: the layout it follows, its title, its shapes in drawing order, and speaker notes."""

    layout: str
    title: str
    shapes: tuple[Shape, ...]
    notes: str = ""
    source: tuple = ()  # outline path of the section the slide comes from


@dataclass(frozen=True)
class Notice:
    """A layout decision worth telling the user about (text shortened, slide continued …), on a 1-based slide."""

    path: tuple
    message: str
    slide: int


OWN_SCRIPTS = {"zh": ("Han",), "ja": ("Han", "Kana"), "ko": ("Hangul", "Han")}  # a language's own scripts


@dataclass(frozen=True)
class Languages:
    """The `lang` of deck runs by script (Han, Kana, Hangul, Latin): a document's own scripts take its language,
    the others the locale's (Latin in a Chinese deck en-US, Han in an English one zh-CN)."""

    document: str
    by_script: tuple[tuple[str, str], ...]

    def of(self, script: str) -> str:
        """Return the language of a run in a script."""
        return dict(self.by_script).get(script, self.document)


def run_languages(language: str, locale: Locale) -> Languages:
    """Return the run languages of a document in `language` with the locale's languages for other scripts."""
    own = OWN_SCRIPTS.get(language.split("-")[0].split("_")[0].lower(), ("Latin",))
    return Languages(language, tuple((script, language if script in own else lang)
                                     for script, lang in locale.languages.items()))


@dataclass
class DeckPlan:
    """The whole deck."""

    width: float
    height: float
    title: str
    author: str
    language: str  # the document's (report.language)
    languages: Languages  # the lang of runs by script
    heading_family: str
    body_family: str
    keywords: tuple[str, ...] = ()
    keyword_separator: str = ", "  # between keywords in the document's properties (the locale's: "，" in Chinese)
    slides: list[SlidePlan] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
