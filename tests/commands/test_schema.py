"""The JSON Schemas come from the models and agree with them: the example validates, bad outlines do not."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from publisher.authoring.schema import outline_schema, theme_schema
from publisher.charts.registry import kind_names
from publisher.cli import main
from publisher.outline import source
from publisher.outline.model import CHART_KINDS, Outline
from publisher.resources import data_dir

BAD = Path(__file__).parents[1] / "bad"
# bad outline → the path of the value the schema must reject, as jsonschema reports it
BAD_OUTLINES = {
    "bad-only.yaml": ["sections", 0, "blocks", 0],
    "chart-type.yaml": ["sections", 0, "blocks", 0],
    "empty-kpis.yaml": ["sections", 0, "blocks", 0],
    "empty-title.yaml": ["report", "title"],
    "kpi-typo.yaml": ["sections", 0, "blocks", 0],
    "unknown-block.yaml": ["sections", 0, "blocks", 0],
    "no-sections.yaml": ["sections"],
    "wrong-type.yaml": ["report", "title"],
}


@pytest.fixture(scope="module")
def outline_validator() -> Draft202012Validator:
    schema = outline_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def test_the_example_outline_validates(outline_validator, example):
    data = source.load(example).data
    assert list(outline_validator.iter_errors(data)) == []


def test_the_starter_outline_validates(outline_validator, starter):
    assert list(outline_validator.iter_errors(source.load(starter).data)) == []


@pytest.mark.parametrize("name", sorted(BAD_OUTLINES))
def test_bad_outlines_fail_where_the_model_fails(outline_validator, name):
    data = source.load(BAD / name).data
    errors = list(outline_validator.iter_errors(data))
    assert errors, f"{name} passed the schema"
    assert any(list(e.absolute_path) == BAD_OUTLINES[name] for e in errors), [list(e.absolute_path) for e in errors]
    with pytest.raises(ValueError):
        Outline.model_validate(data, context={CHART_KINDS: kind_names()})  # as publisher validates an outline


def test_chart_type_lists_every_registered_kind():
    assert outline_schema()["$defs"]["Chart"]["properties"]["type"]["enum"] == kind_names()


def test_numbers_are_valid_text_and_bare_strings_are_paragraphs(outline_validator):
    data = {"report": {"title": 2024, "date": 2024}, "sections": [{"title": "一", "blocks": ["段落"]}]}
    assert list(outline_validator.iter_errors(data)) == []
    Outline.model_validate(data)


def test_variants_are_part_of_the_outline_schema(outline_validator):
    data = {"report": {"title": "{{ 区 }}"}, "sections": [{"title": "一"}], "variants": [{"区": "武昌区", "gdp": 1}]}
    assert list(outline_validator.iter_errors(data)) == []
    assert list(outline_validator.iter_errors({**data, "variants": []}))


@pytest.mark.parametrize("theme_file", sorted((data_dir("layouts") / "themes").glob("*.yaml")), ids=lambda p: p.stem)
def test_built_in_themes_validate_against_the_theme_schema(theme_file):
    assert list(Draft202012Validator(theme_schema()).iter_errors(source.load(theme_file).data)) == []


def test_a_theme_with_a_bad_colour_fails():
    theme = {"extends": "default", "colors": {"primary": "blue"}}
    errors = list(Draft202012Validator(theme_schema()).iter_errors(theme))
    assert [list(e.absolute_path) for e in errors] == [["colors", "primary"]]


def test_schema_command_writes_both_files(tmp_path, capsys):
    assert main(["schema", "-o", str(tmp_path)]) == 0
    outline = json.loads((tmp_path / "outline.schema.json").read_text(encoding="utf-8"))
    theme = json.loads((tmp_path / "theme.schema.json").read_text(encoding="utf-8"))
    assert outline == outline_schema() and theme == theme_schema()
    assert f"# yaml-language-server: $schema={tmp_path / 'outline.schema.json'}" in capsys.readouterr().out
