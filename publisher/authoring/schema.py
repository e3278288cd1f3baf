"""JSON Schemas of outlines and themes, generated from the pydantic models, for editors that validate YAML.

The models are the only source. Three things the models accept through validators rather than types are
added to the generated schema by small named functions: any text field also takes a number (the models
coerce numbers to text), a block may be a bare string (a paragraph), and a chart's `type` is one of the
registered chart kinds. A theme file may `extends:` another, so the theme schema requires no key.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

DIALECT = "https://json-schema.org/draft/2020-12/schema"
OUTLINE_FILE = "outline.schema.json"
THEME_FILE = "theme.schema.json"


class _TextTakesNumbers(GenerateJsonSchema):
    """Schema generator for models with coerce_numbers_to_str: `title: 2024` is valid text."""

    def str_schema(self, schema: core_schema.StringSchema) -> JsonSchemaValue:
        """Return the schema of a text field: a string as constrained, or any number."""
        return {"anyOf": [super().str_schema(schema), {"type": "number"}]}


def outline_schema() -> dict[str, Any]:
    """Return the JSON Schema of an outline file (with `variants:` for batch builds)."""
    from publisher.authoring.batch import BatchOutline

    schema = BatchOutline.model_json_schema(schema_generator=_TextTakesNumbers)
    _chart_types_as_enum(schema["$defs"]["Chart"])
    _blocks_take_text(schema["$defs"]["Section"])
    schema["title"] = "publisher outline"
    return {"$schema": DIALECT, **schema}


def theme_schema() -> dict[str, Any]:
    """Return the JSON Schema of a theme file; no key is required, since a theme may extend another."""
    from publisher.theme.styles import Theme

    schema = Theme.model_json_schema()
    _drop_required(schema)
    schema["title"] = "publisher theme"
    return {"$schema": DIALECT, **schema}


def write_schemas(out_dir: Path) -> list[Path]:
    """Write outline.schema.json and theme.schema.json into out_dir; return their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in ((OUTLINE_FILE, outline_schema()), (THEME_FILE, theme_schema())):
        path = out_dir / name
        path.write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        written.append(path)
    return written


def _chart_types_as_enum(chart: dict[str, Any]) -> None:
    """Make a chart's `type` one of the registered kinds (the model checks it with a validator)."""
    from publisher.charts.registry import kinds

    registered = kinds()
    names = sorted(registered)
    chart["properties"]["type"] = {
        "title": "Type",
        "description": "The chart kind: " + ", ".join(f"{n} {registered[n].description}" for n in names),
        "enum": names,
    }


def _blocks_take_text(section: dict[str, Any]) -> None:
    """Let a block be a bare string, which the model reads as a paragraph."""
    blocks = section["properties"]["blocks"]["items"]
    blocks["oneOf"].insert(0, {"type": "string", "minLength": 1, "description": "a paragraph"})


def _drop_required(node: Any) -> None:
    """Remove every `required` list in a schema, recursively."""
    if isinstance(node, dict):
        node.pop("required", None)
        for value in node.values():
            _drop_required(value)
    elif isinstance(node, list):
        for value in node:
            _drop_required(value)
