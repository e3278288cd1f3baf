"""Themes: every colour, size and font of both outputs, read from YAML with `extends:` and overrides."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from publisher.errors import Diagnostic, PublisherError, did_you_mean
from publisher.resources import data_dir
from publisher.source import Document, load, merge, merge_spans
from publisher.validation import validate

Color = Annotated[str, StringConstraints(pattern=r"^[0-9A-Fa-f]{6}$")]
Size = Annotated[float, Field(gt=0, le=400)]
Length = Annotated[float, Field(gt=0, le=4000)]
MAX_EXTENDS = 8


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


class ChartStyle(Style):
    palette: list[Color] = Field(min_length=1)
    highlight: Color
    grid: bool = True
    deck: ChartRendition
    report: ChartRendition
    native: bool = False


class TextStyle(Style):
    size: Size
    min_size: Size | None = None
    bold: bool = False
    color: str = "text"
    line_spacing: float = Field(1.2, ge=0.8, le=3)


class KpiStyle(Style):
    value_size: Size
    unit_size: Size
    label_size: Size
    min_size: Size


class FooterStyle(Style):
    text: str = ""
    size: Size = 10
    color: str = "muted"


class CoverStyle(Style):
    title_size: Size
    subtitle_size: Size
    meta_size: Size
    band: str = "primary"


class DeckStyle(Style):
    width: Length
    height: Length
    margin: float = Field(ge=0)
    title: TextStyle
    lead: TextStyle
    body: TextStyle
    kpi: KpiStyle
    caption: TextStyle
    footer: FooterStyle
    cover: CoverStyle


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


class HeadingStyle(Style):
    numbering: Literal["chinese", "arabic", "none"] = "chinese"
    sizes: list[Size] = Field(min_length=1)
    color: str = "primary"


class TableStyle(Style):
    size: Size
    header_fill: str = "light"
    rule: str = "rule"


class ReportStyle(Style):
    page: PageStyle
    body: BodyStyle
    headings: HeadingStyle
    caption: TextStyle
    table: TableStyle
    header: str = "{title}"
    footer: str = "第 {page} 页 共 {pages} 页"
    furniture: TextStyle
    cover: CoverStyle
    typography: Literal["none", "basic", "GB", "strict"] = "basic"


class Theme(Style):
    """A complete, validated theme."""

    name: str
    description: str = ""
    extends: str | None = None
    fonts: Fonts
    colors: Colors
    charts: ChartStyle
    deck: DeckStyle
    report: ReportStyle

    def color(self, name_or_hex: str) -> str:
        """Return RRGGBB for a colour role name (primary, muted, …) or a hex value."""
        return getattr(self.colors, name_or_hex, None) or name_or_hex


def builtin_names() -> list[str]:
    """Return the names of the built-in themes."""
    return sorted(p.stem for p in (data_dir("layouts") / "themes").glob("*.yaml"))


def load_theme(choice: str | dict[str, Any], base_dir: Path, origin: Document | None = None,
               origin_path: tuple = ("theme",)) -> Theme:
    """Return the theme chosen by an outline: a name, a path, or a mapping with `extends:` and overrides."""
    if isinstance(choice, str):
        doc = _resolve_chain(choice, base_dir, origin, origin_path)
    else:
        inline = Document(origin.file if origin else base_dir, dict(choice))
        if origin:
            inline.spans = _reroot(origin.spans, origin_path)
            inline.key_spans = _reroot(origin.key_spans, origin_path)
        doc = _extend(inline, base_dir, 0)
    return validate(Theme, doc)


def _resolve_chain(ref: str, base_dir: Path, origin: Document | None, origin_path: tuple) -> Document:
    path = _find(ref, base_dir)
    if path is None:
        span = origin.span(origin_path) if origin else None
        names = builtin_names()
        message = f"no theme '{ref}': expected a built-in theme ({', '.join(names)}) or a YAML file"
        raise PublisherError([Diagnostic(span or _nowhere(base_dir), message + did_you_mean(ref, names))])
    return _extend(load(path), path.parent, 0)


def _extend(doc: Document, base_dir: Path, depth: int) -> Document:
    parent_ref = doc.data.get("extends") if isinstance(doc.data, dict) else None
    if not parent_ref:
        return doc
    if depth >= MAX_EXTENDS:
        raise PublisherError([Diagnostic(doc.span(("extends",)), f"more than {MAX_EXTENDS} levels of extends")])
    parent = _find(str(parent_ref), base_dir)
    if parent is None:
        raise PublisherError([Diagnostic(doc.span(("extends",)), f"no theme '{parent_ref}' to extend")])
    base = _extend(load(parent), parent.parent, depth + 1)
    merged = Document(doc.file, merge(base.data, {k: v for k, v in doc.data.items() if k != "extends"}))
    merged.spans = merge_spans(base.spans, doc.spans)
    merged.key_spans = merge_spans(base.key_spans, doc.key_spans)
    return merged


def _find(ref: str, base_dir: Path) -> Path | None:
    builtin = data_dir("layouts") / "themes" / f"{ref}.yaml"
    if "/" not in ref and not ref.endswith((".yaml", ".yml")) and builtin.is_file():
        return builtin
    candidate = (base_dir / ref).resolve()
    return candidate if candidate.is_file() else None


def _reroot(table: dict, prefix: tuple) -> dict:
    n = len(prefix)
    return {p[n:]: s for p, s in table.items() if p[:n] == prefix}


def _nowhere(base_dir: Path):
    from publisher.errors import Span

    return Span(str(base_dir))
