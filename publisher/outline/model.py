"""The typed document model: what an outline says, validated, independent of any output format."""
from __future__ import annotations

import math
import re
from decimal import Decimal
from typing import Annotated, Any, Literal, Union

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    ValidationInfo,
    field_validator,
)

from publisher.errors import did_you_mean
from publisher.text.numbers import Scale
from publisher.text.written import WrittenNumber

Number = WrittenNumber  # a finite number that keeps its written text ("14.0" is shown as 14.0)
Text = Annotated[str, Field(min_length=1)]
Only = Literal["deck", "report"]
CHART_KINDS = "chart_kinds"  # the validation context's key of the known chart kind names
MAX_DIGITS = 15  # digits before the decimal point: every whole number up to 10^15 is exact in a float
NOT_FINITE_TEXT = re.compile(r"[-+]?(nan|inf|infinity)", re.IGNORECASE)  # what programs write for a missing value


def number_problem(value: Any) -> str:
    """Return what a number should have been when it cannot be shown exactly ("a finite number", "a number of at
    most 15 digits before the decimal point"), or "" when it can; whatever type holds it (float, int, Decimal, a
    float keeping its written text)."""
    if not isinstance(value, int | float | Decimal) or isinstance(value, bool):
        return ""
    if isinstance(value, Decimal | float) and not (value.is_finite() if isinstance(value, Decimal) else
                                                   math.isfinite(value)):
        return "a finite number"
    if abs(value) >= 10**MAX_DIGITS:
        return f"a number of at most {MAX_DIGITS} digits before the decimal point"
    return ""


def missing_value(text: str) -> bool:
    """Return whether a text is what programs write for a missing or infinite number: nan, NaN, inf, -Infinity."""
    return bool(NOT_FINITE_TEXT.fullmatch(text.strip()))


def shown(value: Any) -> str:
    """Return a value as a message shows it: a text quoted, a number as written, shortened when very long."""
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, int) and value.bit_length() > 200:
        digits = int(math.log10(abs(value))) + 1
        digits += (10**digits <= abs(value)) - (10 ** (digits - 1) > abs(value))  # log10 is a float: mend it
        return f"a whole number of {digits} digits"
    text = str(value)
    return text if len(text) <= 40 else f"{text[:30]}… ({sum(c.isdigit() for c in text)} digits)"


def _number_only(value: Any) -> Any:
    problem = number_problem(value)
    if problem or isinstance(value, str) and missing_value(value):
        raise ValueError(f"expected {problem or 'a finite number'}; got {shown(value)}")
    return value


def _number_or_text(value: Any) -> Any:
    problem = number_problem(value)
    if problem == "a finite number" or isinstance(value, str) and missing_value(value):
        raise ValueError(f"expected a finite number or text; got {shown(value)}{_missing_hint(value)}")
    if problem:
        raise ValueError(f"expected {problem}; got {shown(value)} (write it in quotes to show it as text)")
    return value


def _missing_hint(value: Any) -> str:
    """Return " (a missing value?)" for a NaN, the value programs write where a number is missing."""
    return " (a missing value?)" if "nan" in str(value).lower() else ""


def _label(value: Any) -> Any:
    if number_problem(value) == "a finite number" or isinstance(value, str) and missing_value(value):
        raise ValueError(f"expected a name; got {shown(value)}{_missing_hint(value)}")
    return value


Value = Annotated[Number, BeforeValidator(_number_only)]  # a number a chart draws, a KPI's change
NumberOrText = Annotated[Number | Text, BeforeValidator(_number_or_text)]  # a KPI's value
Cell = Annotated[Number | str, BeforeValidator(_number_or_text)]  # a table cell
Label = Annotated[str, BeforeValidator(_label)]  # a category: any name, but not a missing value


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)


class ReportInfo(Strict):
    """Title page facts of the report."""

    title: Text
    subtitle: str = ""
    author: str = ""
    organisation: str = ""
    date: str = ""
    language: str = "zh-CN"
    keywords: list[str] = []


class Bullet(Strict):
    text: Text
    items: list[BulletItem] = []


BulletItem = Annotated[Text | Bullet, Field(union_mode="left_to_right")]
Bullet.model_rebuild()


class Kpi(Strict):
    """A key figure: 9500 余家 数字经济核心企业."""

    label: Text
    value: NumberOrText
    unit: str = ""
    qualifier: str = ""
    prefix: str = ""
    scale: Scale = "none"
    change: Value | None = None
    change_unit: str = "%"
    note: str = ""
    source: str = ""


AXIS_SYNONYMS = {"primary": "left", "secondary": "right"}  # Excel's and matplotlib's words for the two axes
Axis = Annotated[Literal["left", "right", "primary", "secondary"], AfterValidator(lambda v: AXIS_SYNONYMS.get(v, v))]


class Series(Strict):
    name: Text
    values: list[Value]
    kind: Literal["bar", "line"] | None = None
    axis: Axis = "left"
    unit: str = ""


class Chart(Strict):
    """A chart drawn from data; `type` names a registered chart kind."""

    type: Text
    title: str = ""
    unit: str = ""
    categories: list[Label] = []
    series: list[Series] = []
    data: str = ""
    caption: str = ""
    source: str = ""
    alt: str = ""
    highlight: str = ""
    native: bool | None = None
    scale: Scale = "auto"
    decimals: int | None = Field(None, ge=0, le=6)
    labels: Literal["value", "share"] = "value"

    @field_validator("type")
    @classmethod
    def _known_type(cls, value: str, info: ValidationInfo) -> str:
        """Check the type against the chart kinds the validating caller passes as context (chart_kinds): the
        kinds live in publisher.charts, a layer above the model."""
        names = (info.context or {}).get(CHART_KINDS)
        if names is not None and value not in names:
            raise ValueError(f"expected one of {', '.join(names)}; got '{value}'{did_you_mean(value, names)}")
        return value


class Column(Strict):
    name: Text
    align: Literal["left", "center", "right"] | None = None


class Table(Strict):
    caption: str = ""
    columns: list[Text | Column] = []
    rows: list[list[Cell]] = []
    data: str = ""
    source: str = ""
    note: str = ""


class Image(Strict):
    path: Text
    caption: str = ""
    alt: str = ""
    source: str = ""


class Quote(Strict):
    text: Text
    by: str = ""


class ParagraphBlock(Strict):
    paragraph: Text
    only: Only | None = None


class BulletsBlock(Strict):
    bullets: list[BulletItem] = Field(min_length=1)
    only: Only | None = None


class KpisBlock(Strict):
    kpis: list[Kpi] = Field(min_length=1)
    only: Only | None = None


class ChartBlock(Strict):
    chart: Chart
    only: Only | None = None


class TableBlock(Strict):
    table: Table
    only: Only | None = None


class ImageBlock(Strict):
    image: Image
    only: Only | None = None


class QuoteBlock(Strict):
    quote: Text | Quote
    only: Only | None = None


BLOCK_KINDS = {
    "paragraph": ParagraphBlock,
    "bullets": BulletsBlock,
    "kpis": KpisBlock,
    "chart": ChartBlock,
    "table": TableBlock,
    "image": ImageBlock,
    "quote": QuoteBlock,
}


def _block_kind(value: Any) -> str | None:
    if isinstance(value, BaseModel):
        return next(k for k, model in BLOCK_KINDS.items() if isinstance(value, model))
    if isinstance(value, dict):
        return next((k for k in value if k in BLOCK_KINDS), None)
    return None


def _normalise_block(value: Any) -> Any:
    if isinstance(value, str):
        return {"paragraph": value}
    if not isinstance(value, dict):
        return value
    kinds = [k for k in value if k in BLOCK_KINDS]
    if len(kinds) > 1:
        raise ValueError(f"a block has one kind; this one has {', '.join(kinds)}")
    if not kinds:
        names = list(BLOCK_KINDS)
        hints = "".join(did_you_mean(k, names) for k in value)
        got = ", ".join(map(str, value)) or "nothing"
        raise ValueError(f"expected a block kind: one of {', '.join(names)}; got {got}{hints}")
    return value


Block = Annotated[
    Union[tuple(Annotated[model, Tag(name)] for name, model in BLOCK_KINDS.items())],  # noqa: UP007
    Discriminator(_block_kind),
    BeforeValidator(_normalise_block),
]


class Section(Strict):
    title: Text
    short_title: str = ""
    lead: str = ""
    notes: str = ""
    layout: str = ""
    blocks: list[Block] = []
    sections: list[Section] = []


class Outline(Strict):
    """A whole outline file: the report, its theme choice and its sections."""

    report: ReportInfo
    theme: str | dict[str, Any] = "default"
    sections: list[Section] = Field(min_length=1)

    def walk(self) -> list[tuple[int, Section]]:
        """Return every section with its depth (1 for top level), in reading order."""
        out: list[tuple[int, Section]] = []

        def visit(sections: list[Section], depth: int) -> None:
            for section in sections:
                out.append((depth, section))
                visit(section.sections, depth + 1)

        visit(self.sections, 1)
        return out
