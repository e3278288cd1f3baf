from pathlib import Path

import pytest

from publisher.errors import PublisherError
from publisher.outline.model import BulletsBlock, Outline, ParagraphBlock
from publisher.outline.source import parse
from publisher.outline.validation import validate

HEAD = "report:\n  title: 测试\nsections:\n  - title: 一\n    blocks:\n"


def _errors(text: str) -> list[str]:
    with pytest.raises(PublisherError) as caught:
        validate(Outline, parse(text, Path("o.yaml")))
    return [str(d) for d in caught.value.diagnostics]


def test_a_plain_string_block_is_a_paragraph():
    outline = validate(Outline, parse(HEAD + "      - 正文\n      - bullets: [甲, {text: 乙, items: [丙]}]\n",
                                      Path("o.yaml")))
    first, second = outline.sections[0].blocks
    assert isinstance(first, ParagraphBlock) and first.paragraph == "正文"
    assert isinstance(second, BulletsBlock) and second.bullets[1].items == ["丙"]


def test_all_errors_of_a_file_are_reported_sorted():
    errors = _errors("report:\n  titel: x\nsections:\n  - title: 一\n    short_titel: 二\n")
    assert errors == [
        "o.yaml:2:3: error: report: missing required key 'title'",
        "o.yaml:2:3: error: report: unknown key 'titel' (did you mean 'title'?)",
        "o.yaml:5:5: error: sections[0]: unknown key 'short_titel' (did you mean 'short_title'?)",
    ]


def test_nested_chart_value_error_has_the_full_path():
    errors = _errors(HEAD + "      - chart:\n          type: bar\n          series:\n"
                            "            - {name: a, values: [1, 2]}\n            - {name: b, values: [1, x]}\n")
    assert errors == ["o.yaml:10:37: error: sections[0].blocks[0].chart.series[1].values[1]: expected a number; "
                      "got 'x'"]


def test_two_kinds_in_one_block_is_an_error():
    errors = _errors(HEAD + "      - paragraph: 甲\n        quote: 乙\n")
    assert errors == ["o.yaml:6:9: error: sections[0].blocks[0]: a block has one kind; this one has paragraph, quote"]


def test_numbers_are_accepted_as_text_but_text_is_not_a_number():
    outline = validate(Outline, parse("report:\n  title: 2024\nsections:\n  - title: 1\n", Path("o.yaml")))
    assert outline.report.title == "2024"
    assert _errors(HEAD + "      - kpis: [{label: 甲, value: 1, change: 高}]\n") == [
        "o.yaml:6:45: error: sections[0].blocks[0].kpis[0].change: expected a number; got '高'"]


def test_the_readme_outline_is_valid(tmp_path):
    from publisher.api import check

    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    block = readme.split("```yaml\n", 1)[1].split("```", 1)[0]
    (tmp_path / "readme.yaml").write_text(block, encoding="utf-8")
    outline = check(tmp_path / "readme.yaml")[1]
    assert outline.sections[0].blocks[1].chart.series[0].values == [210, 52]


def test_ci_runs_exactly_the_readme_test_command():
    root = Path(__file__).parents[1]
    readme = (root / "README.md").read_text(encoding="utf-8")
    command = readme.split("Set up and run the tests:", 1)[1].split("```bash\n", 1)[1].split("\n", 1)[0]
    assert command in (root / ".ci" / "run").read_text(encoding="utf-8").splitlines()


def test_primary_and_secondary_name_the_left_and_right_axes():
    chart = "      - chart: {type: combo, categories: [甲, 乙], series: [{name: 值, values: [1, 2], axis: primary}, " \
            "{name: 率, values: [3, 4], axis: secondary}]}\n"
    outline = validate(Outline, parse(HEAD + chart, Path("o.yaml")))
    assert [s.axis for s in outline.sections[0].blocks[0].chart.series] == ["left", "right"]
    from publisher.authoring.schema import outline_schema

    assert "secondary" in str(outline_schema())


@pytest.mark.parametrize("value", ["12345678901234", "-999999999999999", "0.1234567890123456789", "1e14", "'N/A'"])
def test_numbers_a_float_holds_exactly_are_accepted_and_text_is_text(value):
    kpi = validate(Outline, parse(HEAD + f"      - kpis: [{{label: 值, value: {value}}}]\n", Path("o.yaml")))
    assert kpi.sections[0].blocks[0].kpis[0].value is not None


def test_an_id_number_as_a_kpi_value_is_refused_with_the_way_to_show_it():
    assert _errors(HEAD + "      - kpis: [{label: 身份证, value: 110101199003077777}]\n") == [
        "o.yaml:6:36: error: sections[0].blocks[0].kpis[0].value: expected a number of at most 15 digits before the "
        "decimal point; got 110101199003077777 (write it in quotes to show it as text)"]
    quoted = validate(Outline, parse(HEAD + "      - kpis: [{label: 身份证, value: '110101199003077777'}]\n",
                                     Path("o.yaml"))).sections[0].blocks[0].kpis[0].value
    assert str(quoted) == "110101199003077777"  # shown as written
