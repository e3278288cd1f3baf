"""Batch builds at scale: --jobs, --shard, records that keep unchanged variants, the progress line, the executor
seam, and a real Dask cluster whose workers get every input as bytes and send every output back as bytes."""
from __future__ import annotations

import csv
import io
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from publisher.authoring import batch, manifest
from publisher.authoring.batch import (
    Progress,
    Variant,
    VariantJob,
    VariantResult,
    build_all,
    build_variant,
    csv_variants,
)
from publisher.cli import main
from publisher.errors import Span
from publisher.outline.source import load

OUTLINE = """\
report:
  title: "{{ 区 }}2025年经济运行情况"
  organisation: "{{ 区 }}统计局"
sections:
  - title: 总体情况
    lead: "{{ 区 }}全年地区生产总值{{ gdp }}亿元。"
    blocks:
      - bullets: ["地区生产总值{{ gdp }}亿元", "{{ 区 }}同比增长{{ growth }}%"]
      - chart:
          type: bar
          unit: 亿元
          categories: [一季度, 二季度, 三季度, 四季度]
          series:
            - name: "{{ 区 }}"
              values: ["{{ q1 }}", "{{ q2 }}", 250, 260]
      - table:
          data: data/全区.csv
"""
NAMES = ["江岸区", "江汉区", "硚口区", "汉阳区", "武昌区", "青山区", "洪山区", "东西湖区", "汉南区", "蔡甸区",
         "江夏区", "黄陂区", "新洲区", "龘龘区", "东湖高新区", "经开区", "临空港区", "长江新区", "东湖风景区", "化工区"]
BAD = 5  # the sixth variant's q2 is not a number


def project(folder: Path, count: int = 20, bad: int | None = BAD) -> tuple[Path, Path]:
    """Return an outline with placeholders, a shared data file, and a CSV of `count` units (one bad cell)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "outline.yaml").write_text(OUTLINE, encoding="utf-8")
    (folder / "data").mkdir(exist_ok=True)
    (folder / "data" / "全区.csv").write_text("指标,数值\n常住人口（万人）,132.5\n", encoding="utf-8")
    rows = [["区", "gdp", "growth", "q1", "q2"]]
    rows += [[NAMES[i % len(NAMES)] + (str(i // len(NAMES)) if i >= len(NAMES) else ""), str(1000 + 10 * i),
              f"{5 + i / 10:.1f}", str(200 + i), "约210" if i == bad else str(210 + i)] for i in range(count)]
    units = folder / "units.csv"
    with units.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)
    return folder / "outline.yaml", units


def outputs(out: Path) -> dict[str, bytes]:
    """Return every output file under out by its path relative to out (the build records left out)."""
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and p.name != manifest.RECORD}


def mtimes(out: Path) -> dict[str, int]:
    return {str(p.relative_to(out)): p.stat().st_mtime_ns for p in out.rglob("outline.*") if p.is_file()}


# ---------------------------------------------------------------- Dask


@pytest.fixture(scope="module")
def cluster():
    """Return the address of a real Dask LocalCluster of two worker processes, one thread each."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  scheduler_port=0, silence_logs=50) as local:
        yield local.scheduler_address


@pytest.mark.filterwarnings("ignore::DeprecationWarning", "ignore::ResourceWarning", "ignore::UserWarning")
def test_twenty_variants_on_a_dask_cluster_are_the_local_pools_bytes(cluster, tmp_path, capsys):
    outline, units = project(tmp_path / "project")
    on_dask, local = tmp_path / "dask-out", tmp_path / "local-out"
    assert main(["build", str(outline), "--data", str(units), "-o", str(on_dask), "--dask", cluster]) == 2
    dask_printed = capsys.readouterr()
    assert main(["build", str(outline), "--data", str(units), "-o", str(local), "--jobs", "2"]) == 2
    local_printed = capsys.readouterr()
    built = outputs(on_dask)
    assert len(built) == 2 * 19 and built == outputs(local)
    assert "硚口区/outline.pdf" in built and "汉阳区/outline.pptx" in built
    bad = NAMES[BAD]
    assert not (on_dask / bad).exists()
    expected = (f"{bad} ({units}:{BAD + 2}:1): {outline}:15:36: error: sections[0].blocks[1].chart.series[0]."
                f"values[1]: expected a number; got '约210'")
    assert expected in dask_printed.err.splitlines() and expected in local_printed.err.splitlines()
    assert "19 built, 1 failed" in dask_printed.out


def test_a_worker_builds_from_the_bytes_it_is_sent_and_answers_in_the_clients_paths(tmp_path):
    outline, units = project(tmp_path / "project", count=2, bad=1)
    elsewhere = Path("/nonexistent-client-machine/报告")  # the client's paths: nothing there on this machine
    sent = {str(elsewhere / p.relative_to(outline.parent)): p.read_bytes()
            for p in (outline, outline.parent / "data" / "全区.csv")}
    doc = load(outline)
    moved = type(doc)(elsewhere / "outline.yaml", doc.data, {k: Span(str(elsewhere / "outline.yaml"), s.line, s.column)
                                                             for k, s in doc.spans.items()}, doc.text,
                      {k: Span(str(elsewhere / "outline.yaml"), s.line, s.column) for k, s in doc.key_spans.items()})
    good, bad = csv_variants(units)
    job = VariantJob(elsewhere / "outline.yaml", moved, good, ("pptx", "pdf"), None, False)
    output = build_variant(job, sent)
    assert not output.errors and [name for name, _ in output.files] == ["outline.pptx", "outline.pdf"]
    assert output.files[1][1].startswith(b"%PDF")
    failed = build_variant(VariantJob(elsewhere / "outline.yaml", moved, bad, ("pdf",), None, False), sent)
    assert failed.errors == (f"{elsewhere / 'outline.yaml'}:15:36: error: sections[0].blocks[1].chart.series[0]."
                             "values[1]: expected a number; got '约210'",)
    without = build_variant(VariantJob(elsewhere / "outline.yaml", moved, good, ("pdf",), None, False),
                            {str(elsewhere / "outline.yaml"): sent[str(elsewhere / "outline.yaml")]})
    assert without.errors == (f"{elsewhere / 'outline.yaml'}:17:17: error: sections[0].blocks[2].table.data: "
                              f"no file 'data/全区.csv' (looked in {elsewhere})",)


def test_build_all_takes_any_executor(tmp_path):
    outline, units = project(tmp_path / "project", count=3, bad=None)
    doc = load(outline)
    jobs = [VariantJob(outline, batch.template(doc), v, ("pdf",), None, False) for v in csv_variants(units)]
    seen: list[str] = []
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = build_all(jobs, tmp_path / "out", pool, on_result=lambda r: seen.append(r.variant.name))
    assert [r.variant.name for r in results] == NAMES[:3] and sorted(seen) == sorted(NAMES[:3])
    assert all(r.ok and not r.unchanged for r in results)
    assert all((tmp_path / "out" / name / "outline.pdf").is_file() for name in NAMES[:3])


# ---------------------------------------------------------------- records, shards, jobs


def test_an_unchanged_variant_is_kept_and_a_changed_row_rebuilds_only_its_own(tmp_path, capsys):
    outline, units = project(tmp_path / "project", count=4, bad=None)
    out = tmp_path / "out"
    build = ["build", str(outline), "--data", str(units), "-o", str(out), "--jobs", "1"]
    assert main(build) == 0
    first, stamps = outputs(out), mtimes(out)
    capsys.readouterr()
    assert main(build) == 0
    printed = capsys.readouterr().out
    assert "0 built, 4 unchanged, 0 failed" in printed and mtimes(out) == stamps
    assert printed.count("unchanged  pptx") == 4  # listed as when built
    units.write_text(units.read_text(encoding="utf-8").replace(",1020,", ",1025,"), encoding="utf-8")
    assert main(build) == 0
    assert "1 built, 3 unchanged" in capsys.readouterr().out
    changed = {k for k, v in mtimes(out).items() if v != stamps[k]}
    assert changed == {f"{NAMES[2]}/outline.pptx", f"{NAMES[2]}/outline.pdf"}
    assert outputs(out)[f"{NAMES[2]}/outline.pdf"] != first[f"{NAMES[2]}/outline.pdf"]


def test_a_shared_input_a_damaged_output_or_rebuild_builds_again(tmp_path, capsys):
    outline, units = project(tmp_path / "project", count=3, bad=None)
    out = tmp_path / "out"
    build = ["build", str(outline), "--data", str(units), "-o", str(out), "--jobs", "2"]
    assert main(build) == 0
    damaged = out / NAMES[1] / "outline.pdf"
    damaged.write_bytes(damaged.read_bytes()[:-10])
    capsys.readouterr()
    assert main(build) == 0
    assert "1 built, 2 unchanged" in capsys.readouterr().out and damaged.read_bytes().rstrip().endswith(b"%%EOF")
    data = outline.parent / "data" / "全区.csv"
    data.write_text(data.read_text(encoding="utf-8").replace("132.5", "133.0"), encoding="utf-8")
    assert main(build) == 0
    assert "3 built, 0 failed" in capsys.readouterr().out
    assert main([*build, "--rebuild", "--json"]) == 0
    assert '"unchanged": true' not in capsys.readouterr().out


def test_shards_split_the_variants_evenly_and_together_build_them_all(tmp_path, capsys):
    outline, units = project(tmp_path / "project", count=7, bad=None)
    out = tmp_path / "out"
    for i in (1, 2, 3):
        assert main(["build", str(outline), "--data", str(units), "-o", str(out), "--shard", f"{i}/3"]) == 0
    printed = capsys.readouterr().out
    assert "3 built" in printed and printed.count("2 built") == 2
    assert sorted(p.name for p in out.iterdir()) == sorted(NAMES[:7])
    for spec in ("0/3", "4/3", "2", "a/b"):
        assert main(["build", str(outline), "--data", str(units), "-o", str(out), "--shard", spec]) == 2
        assert f"--shard: error: expected i/N with 1 <= i <= N, e.g. 3/8 for the third of eight; got '{spec}'" \
            in capsys.readouterr().err


def test_jobs_must_be_a_positive_number(tmp_path, capsys):
    outline, units = project(tmp_path / "project", count=1, bad=None)
    with pytest.raises(SystemExit) as stopped:
        main(["build", str(outline), "--data", str(units), "--jobs", "0"])
    assert stopped.value.code == 2 and "expected a whole number of at least 1; got '0'" in capsys.readouterr().err


def test_dask_without_a_scheduler_is_a_located_error(tmp_path, capsys):
    pytest.importorskip("distributed")
    outline, units = project(tmp_path / "project", count=1, bad=None)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("publisher.authoring.dask_batch.CONNECT_SECONDS", 2)
        assert main(["build", str(outline), "--data", str(units), "--dask", "tcp://127.0.0.1:9"]) == 2
    assert "--dask: error: cannot reach the Dask scheduler at tcp://127.0.0.1:9" in capsys.readouterr().err


# ---------------------------------------------------------------- progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_shows_rate_and_time_left_on_a_terminal_and_nothing_elsewhere():
    ticks = iter([0.0, 10.0, 20.0, 20.0])
    terminal = Terminal()
    progress = Progress(4, terminal, clock=lambda: next(ticks))
    variant = Variant("武昌区", {}, Span("units.csv", 2, 1))
    progress(VariantResult(variant, 1.0, unchanged=True))
    progress(VariantResult(variant, 10.0))
    assert progress.line("武昌区").endswith("2/4  1 unchanged  3/min  ETA 0:40  武昌区")
    quiet = io.StringIO()
    Progress(1, quiet)(VariantResult(variant, 1.0, errors=("x",)))
    assert quiet.getvalue() == ""
    assert "\r\033[K" in terminal.getvalue() and os.linesep not in terminal.getvalue()
