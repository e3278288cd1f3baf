"""Themes: every colour, size and font of both outputs, read from YAML with `extends:` and overrides."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, StrictInt, StringConstraints

from publisher.errors import Diagnostic, PublisherError, Span, did_you_mean, dotted
from publisher.outline.source import Document, load, merge, merge_spans
from publisher.outline.validation import validate
from publisher.resources import data_dir
from publisher.theme.locales import DEFAULT_LANGUAGE, Locale, PartialLocale
from publisher.theme.locales import resolve as resolve_locale

Color = Annotated[str, StringConstraints(pattern=r"^[0-9A-Fa-f]{6}$")]
Size = Annotated[float, Field(gt=0, le=400)]
Length = Annotated[float, Field(gt=0, le=4000)]
MAX_EXTENDS = 8
WEB_ADDRESS = "'{ref}' is a web address; themes are read from files only: save the theme beside the outline and name " \
              "its file"


class Style(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Fonts(Style):
    heading: str
    body: str
    serif: str
    chart: str


class Colors(Style):
    primary: Color
    secondary: Color
    accent: Color
    text: Color
    muted: Color
    light: Color
    rule: Color
    background: Color
    up: Color
    down: Color


class ChartRendition(Style):
    font_size: Size
    title_size: float = 0
    dpi: int = Field(200, ge=72, le=600)
    width: Length = 453.5
    aspect: float = Field(0.55, gt=0.1, le=2)
    min_scale: float = Field(1.0, ge=0.3, le=1)  # report: least share of their size charts shrink to, to stay on a page


class ChartStyle(Style):
    palette: list[Color] = Field(min_length=1)
    highlight: Color
    grid: bool = True
    deck: ChartRendition
    report: ChartRendition
    native: bool = False
    value_labels: bool = True  # numbers on bars, slices and the points of a lone line
    label_wrap: int = Field(8, ge=2, le=40)  # longest category label line, in characters
    min_slice: float = Field(0.03, ge=0, lt=0.5)  # pie/donut slices below this share are grouped as 其他


class TextStyle(Style):
    size: Size
    min_size: Size | None = None
    bold: bool = False
    color: str = "text"
    line_spacing: float = Field(1.2, ge=0.8, le=3)


class DeckTextStyle(TextStyle):
    """Slide text: fitted from max_size (when there is room) down to min_size; paragraph spacing in em."""

    max_size: Size | None = None  # largest size tried when a frame has room to spare; default: size
    space_before: float = Field(0.5, ge=0, le=3)  # em before a top-level bullet or paragraph
    max_space_before: float = Field(1.0, ge=0, le=3)  # em it may grow to when the frame has room to spare


class KpiStyle(Style):
    value_size: Size
    unit_size: Size
    label_size: Size
    min_size: Size
    max_value_size: Size | None = None  # values grow up to this size when the cards have room; default: value_size
    max_label_size: Size | None = None  # labels grow with the values up to this size; default: label_size


class FooterStyle(Style):
    """The slides' footer band: text on the left; date, slide number and logo on the right (none on the cover)."""

    text: str = ""
    size: Size = 10
    color: str = "muted"
    logo: str = ""  # an image (PNG, JPEG) at the footer's right, relative to the file that names it
    logo_height: float = Field(18, gt=0, le=40)  # points; the width follows the image's aspect
    date: bool = False  # a live date field (PowerPoint refreshes it) left of the slide number


class CoverStyle(Style):
    title_size: Size
    subtitle_size: Size
    meta_size: Size
    band: str = "primary"


class DeckGrid(Style):
    """The slide grid that layouts place regions on (layouts/slides/*.yaml)."""

    columns: int = Field(12, ge=1, le=24)  # columns between the left and right margins
    gutter: float = Field(24, ge=0)  # space between columns, and between stacked regions
    body_top: float = Field(116, ge=0)  # top of the body area, under the title
    body_bottom: float = Field(492, gt=0)  # bottom of the body area, above the footer


class DeckFit(Style):
    """How text is fitted into slide frames at build time (PowerPoint's autofit is never used)."""

    width_margin: float = Field(0.05, ge=0, lt=0.5)  # share of a frame's width left free for renderer differences
    latin_gap: float = Field(0.25, ge=0, le=1)  # em added between Han and Latin/digits (LibreOffice autospace)
    step: float = Field(1, gt=0, le=4)  # points between the sizes tried when shrinking text
    typography: Literal["none", "basic", "GB", "strict"] = "basic"  # line breaking strictness on slides


class DeckTableStyle(Style):
    """Native slide tables: header row, banded rows, and the type sizes tried when fitting."""

    size: Size = 14
    min_size: Size = 10
    max_size: Size | None = None  # largest size tried when the table has room to spare; default: size
    header_fill: str = "primary"
    header_color: str = "background"
    band_fill: str = "light"
    rule: str = "rule"
    padding: float = Field(6, ge=0, le=40)  # cell inset on every side, in points


class DeckMinimum(Style):
    """The smallest sizes slide text is ever set at, to stay readable projected: the fitter never shrinks text below
    them (text that does not fit moves to another slide), and styles or layouts asking for less are raised to them."""

    body: Size = 18  # bullets, paragraphs, leads, quotations, agenda entries, a divider's lead
    table: Size = 14  # table cells, KPI labels, chart headings
    note: Size = 10  # captions and sources, KPI notes, footers, the cover's organisation and date


class TemplateLayout(Style):
    """A template layout that is the slide's design: its placeholders hold some of our layout's regions."""

    layout: str  # the template's layout name
    placeholders: dict[str, StrictInt | str] = {}  # our region name → the placeholder's idx, name or type


class DeckStyle(Style):
    width: Length
    height: Length
    margin: float = Field(ge=0)
    title: DeckTextStyle
    lead: DeckTextStyle
    body: DeckTextStyle
    kpi: KpiStyle
    caption: DeckTextStyle
    footer: FooterStyle
    cover: CoverStyle
    grid: DeckGrid = DeckGrid()
    fit: DeckFit = DeckFit()
    table: DeckTableStyle = DeckTableStyle()
    minimum: DeckMinimum = DeckMinimum()
    dividers: Literal["all", "none"] = "none"  # a divider slide opens every top-level section, or none does
    # the slide layout playing a role (cover, agenda, section, key_message, closing); default: that role's layout
    # of highest priority
    roles: dict[Literal["cover", "agenda", "section", "key_message", "closing"], str] = {}
    bullets: list[str] = Field(["■", "●", "◆"], min_length=1, max_length=3)  # bullet per level 1–3
    layouts_dirs: list[str] = []  # extra folders of slide layouts (relative to the outline), searched first
    template: str = ""  # a corporate .pptx/.potx the deck is built on (relative to the file that names it)
    # our layout name (or `default`) → the template's layout name, or a TemplateLayout mapping its placeholders
    template_layouts: dict[str, str | TemplateLayout] = {}
    embed_fonts: bool = True  # a subset of every face the deck uses travels inside the PPTX
    handout: Literal[2, 3, 6] = 3  # slides an A4 page of the handout (3: ruled lines for notes beside each)


class PageStyle(Style):
    width: Length
    height: Length
    top: float = Field(ge=0)
    bottom: float = Field(ge=0)
    left: float = Field(ge=0)
    right: float = Field(ge=0)


class BodyStyle(Style):
    size: Size
    leading: Size
    indent: float = Field(2, ge=0, le=10)
    color: str = "text"
    latin_gap: float = Field(0, ge=0, le=0.5)  # em between Han and Latin/digits, drawn, never stored (clreq §3.2.2)
    space_after: float = Field(0, ge=0, le=3)  # extra space after a paragraph, in lines of `leading`


FontRole = Literal["heading", "body", "serif"]


class HeadingStyle(Style):
    # auto: the locale's (一、（一）… in Chinese, 1. / 1.1 in English); chinese, arabic (1 / 1.1), decimal (1. / 1.1)
    numbering: Literal["auto", "chinese", "arabic", "decimal", "none"] = "auto"
    sizes: list[Size] = Field(min_length=1)  # per level; the last repeats for deeper levels
    color: str = "primary"
    roles: list[FontRole] = Field(["heading"], min_length=1)  # font role per level; the last repeats
    bold: list[bool] = Field([True], min_length=1)  # bold face per level; the last repeats
    space_before: float = Field(1.0, ge=0, le=5)  # in body lines
    space_after: float = Field(0.4, ge=0, le=5)  # in body lines
    line_spacing: float = Field(1.5, ge=0.8, le=3)  # leading of a heading line, as a multiple of its size
    toc_depth: int = Field(3, ge=0, le=6)  # heading levels listed in the table of contents (0: no contents page)


class TableStyle(Style):
    size: Size
    header_fill: str = "light"
    rule: str = "rule"
    header_color: str = "primary"  # header row text
    role: FontRole = "body"  # font of the cells
    padding: float = Field(4, ge=0, le=20)  # cell padding in points


class LeadStyle(Style):
    size: Size = 11
    color: str = "primary"
    role: FontRole = "heading"
    bold: bool = True


class BulletStyle(Style):
    markers: list[str] = Field(["●", "○", "■"], min_length=1)  # per nesting level; the last repeats
    marker_scale: float = Field(0.5, gt=0, le=1.5)  # marker size relative to the text
    indent: float = Field(1.5, gt=0, le=6)  # hanging indent per level, in em
    color: str = "primary"  # marker colour


class ReportKpiStyle(Style):
    value_size: Size = 20
    unit_size: Size = 10
    label_size: Size = 9.5
    note_size: Size = 8.5
    columns: int = Field(4, ge=1, le=6)  # most cards in a row; rows are balanced
    fill: str = "light"
    value_color: str = "primary"
    gap: float = Field(8, ge=0, le=40)  # points between cards


class QuoteStyle(Style):
    size: Size = 12
    color: str = "primary"
    role: FontRole = "serif"
    bar: str = "accent"  # the rule at the left of the call-out
    fill: str = "light"


class TocStyle(Style):
    title_size: Size = 18
    size: Size = 11
    indent: float = Field(2, ge=0, le=6)  # per level, in em
    leader: str = "muted"  # colour of the dot leader
    bold_top: bool = True  # top-level entries in the bold face


class ReportStyle(Style):
    page: PageStyle
    body: BodyStyle
    headings: HeadingStyle
    caption: TextStyle
    table: TableStyle
    header: str = "{title}"
    footer: str | None = None  # {page}, {pages}, {title}; None: the locale's ("第 3 页 共 4 页", "Page 3 of 4")
    furniture: TextStyle
    cover: CoverStyle
    typography: Literal["none", "basic", "GB", "strict"] = "basic"
    footer_align: Literal["center", "outside"] = "center"  # outside: odd pages right, even pages left (GB/T 9704)
    furniture_role: FontRole = "body"  # font of the running header and footer
    header_offset: float = Field(12, ge=0, le=200)  # points from the type area's top to the header's em box
    footer_offset: float = Field(14, ge=0, le=200)  # points from the type area's bottom to the footer's em box
    title_page: bool = True  # False: the title heads page 1 and organisation and date close the text (公文)
    title_role: FontRole = "heading"  # font of the report title (bold face), on the cover or atop page 1
    lead: LeadStyle = LeadStyle()
    bullets: BulletStyle = BulletStyle()
    kpi: ReportKpiStyle = ReportKpiStyle()
    quote: QuoteStyle = QuoteStyle()
    toc: TocStyle = TocStyle()


Output = Literal["pptx", "pdf", "deck-pdf", "handout", "notes"]


class Theme(Style):
    """A complete, validated theme."""

    name: str
    description: str = ""
    extends: str | None = None
    outputs: list[Output] = Field(["pptx", "pdf"], min_length=1)  # what `publisher build` writes by default
    fonts: Fonts
    colors: Colors
    charts: ChartStyle
    deck: DeckStyle
    report: ReportStyle
    locales: dict[str, PartialLocale] = {}  # a locale's keys overridden, or a locale added: {zh-Hant: {closing: …}}
    _doc: Document | None = PrivateAttr(None)  # where the theme's keys were written, for located errors
    _files: tuple[Path, ...] = PrivateAttr(())  # the theme files read, the chosen one first, then those it extends
    _locale: Locale | None = PrivateAttr(None)  # the furniture of the document's language (see localized)

    @property
    def locale(self) -> Locale:
        """Return the words the tool adds in the document's language (Simplified Chinese until localized)."""
        return self._locale or resolve_locale(DEFAULT_LANGUAGE, self.locales)[0]

    def localized(self, language: str) -> Theme:
        """Return this theme with the locale of a document language (layouts/locales/, this theme's locales)."""
        theme = self.model_copy()
        theme._locale = resolve_locale(language, self.locales)[0]
        return theme

    @property
    def numbering(self) -> str:
        """Return the report's heading numbering: the theme's, or the locale's when the theme says auto."""
        chosen = self.report.headings.numbering
        return self.locale.numbering if chosen == "auto" else chosen

    @property
    def footer(self) -> str:
        """Return the report's footer template: the theme's, or the locale's page line."""
        return self.locale.page if self.report.footer is None else self.report.footer

    @property
    def files(self) -> tuple[Path, ...]:
        """Return the theme files this theme was read from: the chosen one, then each one it extends."""
        return self._files

    def span(self, path: tuple, key: bool = False) -> Span | None:
        """Return where a theme key was written (a theme file or the outline), or None for a theme built in code."""
        return self._doc.span(path, key) if self._doc else None

    def diagnostic(self, path: tuple, message: str, key: bool = False) -> Diagnostic:
        """Return an error located at the value of the theme key at path (at the key itself when key is True)."""
        return Diagnostic(self.span(path, key) or Span("theme"), message, dotted(path))

    def color(self, name_or_hex: str) -> str:
        """Return RRGGBB for a colour role name (primary, muted, …) or a hex value."""
        return getattr(self.colors, name_or_hex, None) or name_or_hex


def builtin_names() -> list[str]:
    """Return the names of the built-in themes."""
    return sorted(p.stem for p in (data_dir("layouts") / "themes").glob("*.yaml"))


def load_theme(choice: str | dict[str, Any], base_dir: Path, origin: Document | None = None,
               origin_path: tuple = ("theme",)) -> Theme:
    """Return the theme chosen by an outline: a name, a path, or a mapping with `extends:` and overrides."""
    chain: list[Path] = []
    if isinstance(choice, str):
        doc = _resolve_chain(choice, base_dir, origin, origin_path, chain)
    else:
        inline = Document(origin.file if origin else base_dir, dict(choice))
        if origin:
            inline.spans = _reroot(origin.spans, origin_path)
            inline.key_spans = _reroot(origin.key_spans, origin_path)
        doc = _extend(inline, base_dir, chain, 0)
    theme = validate(Theme, doc)
    theme._doc = doc
    theme._files = tuple(chain)
    return theme


def _resolve_chain(ref: str, base_dir: Path, origin: Document | None, origin_path: tuple,
                   chain: list[Path]) -> Document:
    path = _find(ref, base_dir)
    if path is None and "://" in ref:
        span = origin.span(origin_path) if origin else None
        raise PublisherError([Diagnostic(span or _nowhere(base_dir), WEB_ADDRESS.format(ref=ref))])
    if path is None:
        span = origin.span(origin_path) if origin else None
        names = builtin_names()
        message = f"no theme '{ref}': expected a built-in theme ({', '.join(names)}) or a YAML file"
        raise PublisherError([Diagnostic(span or _nowhere(base_dir), message + did_you_mean(ref, names))])
    chain.append(path)
    return _extend(load(path), path.parent, chain, 0)


def _extend(doc: Document, base_dir: Path, chain: list[Path], depth: int) -> Document:
    """Return doc merged onto the theme it extends (and so on up); chain holds the theme files read so far, and
    gets the ones read here."""
    parent_ref = doc.data.get("extends") if isinstance(doc.data, dict) else None
    if not parent_ref:
        return doc
    parent = _find(str(parent_ref), base_dir)
    if parent is None and "://" in str(parent_ref):
        raise PublisherError([Diagnostic(doc.span(("extends",)), WEB_ADDRESS.format(ref=parent_ref))])
    if parent is None:
        raise PublisherError([Diagnostic(doc.span(("extends",)), f"no theme '{parent_ref}' to extend: expected a "
                                         f"built-in theme ({', '.join(builtin_names())}) or a YAML file (looked in "
                                         f"{base_dir.absolute()}){did_you_mean(str(parent_ref), builtin_names())}")])
    if parent in chain:
        cycle = " → ".join(p.name for p in (*chain[chain.index(parent):], parent))
        raise PublisherError([Diagnostic(doc.span(("extends",)), f"themes extend each other in a cycle: {cycle}")])
    if depth >= MAX_EXTENDS:
        raise PublisherError([Diagnostic(doc.span(("extends",)), f"more than {MAX_EXTENDS} levels of extends")])
    chain.append(parent)
    base = _extend(load(parent), parent.parent, chain, depth + 1)
    merged = Document(doc.file, merge(base.data, {k: v for k, v in doc.data.items() if k != "extends"}))
    merged.spans = merge_spans(base.spans, doc.spans)
    merged.key_spans = merge_spans(base.key_spans, doc.key_spans)
    return merged


def _find(ref: str, base_dir: Path) -> Path | None:
    builtin = data_dir("layouts") / "themes" / f"{ref}.yaml"
    if "/" not in ref and not ref.endswith((".yaml", ".yml")) and builtin.is_file():
        return builtin
    try:
        candidate = (base_dir / ref).resolve()
    except (OSError, RuntimeError):  # a loop of symbolic links
        return None
    return candidate if candidate.is_file() else None


def _reroot(table: dict, prefix: tuple) -> dict:
    n = len(prefix)
    return {p[n:]: s for p, s in table.items() if p[:n] == prefix}


def _nowhere(base_dir: Path):
    return Span(str(base_dir))
