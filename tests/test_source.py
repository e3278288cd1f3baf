from pathlib import Path

import pytest

from publisher.errors import PublisherError, Span
from publisher.outline.source import load, merge, parse


def test_spans_point_at_values_and_keys():
    doc = parse("a: 1\nb:\n  - x: 2024-12-01\n    y: [1, 2]\n", Path("t.yaml"))
    assert doc.data == {"a": 1, "b": [{"x": "2024-12-01", "y": [1, 2]}]}
    assert doc.span(("b", 0, "y", 1)) == Span("t.yaml", 4, 12)
    assert doc.span(("b", 0, "x"), key=True) == Span("t.yaml", 3, 5)
    assert doc.span(("b", 0, "missing")) == Span("t.yaml", 3, 5)


def test_find_locates_a_character_inside_a_value():
    doc = parse("report:\n  title: 武昌区😀报告\n", Path("t.yaml"))
    assert doc.find(("report", "title"), "😀") == Span("t.yaml", 2, 13)


@pytest.mark.parametrize(("text", "expected"), [
    ("a: 1\na: 2\n", "t.yaml:2:1: error: duplicate key 'a' (first at line 1)"),
    ("a: [1\n", "t.yaml:2:1: error: invalid YAML"),
    ("a: &x 1\nb:\n  <<: *x\n", "t.yaml:3:3: error: YAML merge keys (<<) are not supported"),
    ("", "t.yaml:1:1: error: the file is empty"),
])
def test_bad_yaml_is_located(text, expected):
    with pytest.raises(PublisherError) as caught:
        parse(text, Path("t.yaml"))
    assert str(caught.value).startswith(expected)


def test_invalid_utf8_is_located(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_bytes("a: 武\nb: ".encode() + b"\xff\xfe\n")
    with pytest.raises(PublisherError) as caught:
        load(path)
    assert str(caught.value) == f"{path}:2:4: error: the file is not valid UTF-8 text"


def test_oversized_file_is_refused_before_parsing(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_text("a: " + "x" * 2000)
    with pytest.raises(PublisherError, match="the limit is 1,000 bytes"):
        load(path, max_bytes=1000)


def test_merge_overrides_leaves_and_keeps_siblings():
    base = {"colors": {"primary": "111111", "accent": "222222"}, "name": "a"}
    assert merge(base, {"colors": {"primary": "333333"}}) == {
        "colors": {"primary": "333333", "accent": "222222"}, "name": "a"}


def test_plain_scalars_follow_the_yaml_1_2_core_schema():
    text = "row: [开会, 10:30, 1:20, 0012, no, on, y, Yes, off, 2024-12-31, true, null, 1e3, 0x1F]\n"
    doc = parse(text, Path("t.yaml"))
    assert [str(v) for v in doc.data["row"]] == [
        "开会", "10:30", "1:20", "0012", "no", "on", "y", "Yes", "off", "2024-12-31", "True", "None", "1e3", "0x1F"]
    assert [type(v).__name__ for v in doc.data["row"][3:]] == [
        "WrittenInt", "str", "str", "str", "str", "str", "str", "bool", "NoneType", "WrittenNumber", "WrittenInt"]
    assert doc.data["row"][3] == 12 and doc.data["row"][12] == 1000.0 and doc.data["row"][13] == 31


def test_numbers_keep_their_written_text():
    doc = parse("a: [14.0, 2302.60, -0.5, 1e-7, 12345678901234, +5, .5]\n", Path("t.yaml"))
    assert [str(v) for v in doc.data["a"]] == ["14.0", "2302.60", "-0.5", "1e-7", "12345678901234", "+5", ".5"]
    assert doc.data["a"][1] == 2302.6 and doc.data["a"][4] == 12345678901234


@pytest.mark.parametrize(("text", "expected"), [
    ("a: !foo x\n", "t.yaml:1:4: error: unsupported YAML tag '!foo'"),
    ("a: !foo {b: 1}\n", "t.yaml:1:4: error: unsupported YAML tag '!foo'"),
    ("a: [!!python/object:os.system x]\n", "t.yaml:1:5: error: unsupported YAML tag '!!python/object:os.system'"),
    ("a: !!binary aGk=\n", "t.yaml:1:4: error: unsupported YAML tag '!!binary'"),
    ("a: !!int abc\n", "t.yaml:1:4: error: 'abc' is not a YAML int (tagged !!int)"),
])
def test_tags_other_than_the_core_ones_are_located_errors(text, expected):
    with pytest.raises(PublisherError) as caught:
        parse(text, Path("t.yaml"))
    assert str(caught.value).startswith(expected)


def test_core_tags_say_what_a_scalar_is():
    doc = parse("a: !!str 2024\nb: !!int '12'\nc: !!float 1\n", Path("t.yaml"))
    assert doc.data == {"a": "2024", "b": 12, "c": 1.0} and str(doc.data["c"]) == "1"


def test_text_fields_take_the_scalar_as_written():
    from publisher.outline.model import Outline, Table

    doc = parse("report: {title: 2024, subtitle: 0012, date: 2024-12-31}\nsections: [{title: 1.50}]\n",
                Path("t.yaml"))
    outline = Outline.model_validate(doc.data)
    assert (outline.report.title, outline.report.subtitle, outline.report.date) == ("2024", "0012", "2024-12-31")
    assert outline.sections[0].title == "1.50"
    table = Table.model_validate(parse("rows: [[开会, 10:30, 1:20, 0012, 14.0]]\n", Path("t.yaml")).data)
    from publisher.text.numbers import cell_text

    assert [cell_text(c) for c in table.rows[0]] == ["开会", "10:30", "1:20", "0012", "14.0"]
