"""Benchmarks: build times, peak memory and output sizes, printed as one table.

Run from the repository root: `python bench/run.py` (add `--quick` to skip the 500-section run).
Every measurement is a new process, so imports count as they do for a user.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "wuchang-2024" / "outline.yaml"
SOURCE = ROOT / "examples" / "wuchang-2024" / "source.txt"
EQUIVALENT = Path(__file__).resolve().parent / "equivalent.md"
FORMATS = ("pptx", "pdf")
GALLERY = ROOT / "examples" / "chart-gallery" / "outline.yaml"

# Renders every chart of the gallery in both renditions into an empty cache; prints the per-chart median.
CHARTS = """
import json, statistics, sys, time
from pathlib import Path
from publisher.api import load_project
from publisher.charts.render import render
from publisher.outline.model import ChartBlock
project = load_project(Path(sys.argv[1]))
charts = [b.chart for _, s in project.outline.walk() for b in s.blocks if isinstance(b, ChartBlock)]
regular, bold = project.fonts.file("chart"), project.fonts.file("chart", True)
import matplotlib.pyplot  # imported once, as in a build; not part of a chart's time
times = {"deck": [], "report": []}
for target, size in (("deck", (864, 330)), ("report", (453.5, 236))):
    for chart in charts:
        start = time.perf_counter()
        render(chart, project.theme, target, *size, regular, bold)
        times[target].append(time.perf_counter() - start)
print(json.dumps({k: statistics.median(v) for k, v in times.items()} | {"count": len(charts)}))
"""

# Runs the CLI in a child and reports its peak memory: its own plus that of the largest process it forked (the
# writer of the second format, or a chart worker), an upper bound of what the build held at once.
# It ends as the `publisher` command does (publisher.cli.run): flush, then os._exit.
CHILD = """
import json, os, resource, sys
from publisher.cli import main
code = main(sys.argv[1:])
rss = sum(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
print(json.dumps({"code": code, "rss": rss}), file=sys.stderr, flush=True)
sys.stdout.flush()
os._exit(code)
"""


def run(args: list[str], cache: Path) -> tuple[float, float]:
    """Return (seconds, peak MB) of one publisher command in a new process."""
    env = {**os.environ, "PUBLISHER_CACHE_DIR": str(cache)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed package has its bytecode compiled; so do we
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", CHILD, *args], env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"benchmark command failed: publisher {' '.join(args)}\n{done.stderr}")
    report = json.loads(done.stderr.strip().splitlines()[-1])
    return seconds, report["rss"] / 1024


def median_run(args: list[str], cache: Path, repeat: int) -> tuple[float, float]:
    """Return the median time and the largest peak memory of repeated runs."""
    runs = [run(args, cache) for _ in range(repeat)]
    return statistics.median(r[0] for r in runs), max(r[1] for r in runs)


def scaled_outline(sections: int, folder: Path) -> Path:
    """Return an outline with the example's sections repeated to the given count (titles kept unique)."""
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    base = data["sections"]
    data["sections"] = [dict(base[i % len(base)], title=f"{base[i % len(base)]['title']}（{i + 1}）")
                        for i in range(sections)]
    path = folder / f"scaled-{sections}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def chart_rows(cache: Path) -> list[tuple[str, float, float, str]]:
    """Return the median time of one chart render (PNG for the deck, a vector record for the report), cache empty."""
    env = {**os.environ, "PUBLISHER_CACHE_DIR": str(cache / "charts-only")}
    done = subprocess.run([sys.executable, "-c", CHARTS, str(GALLERY)], env=env, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"chart benchmark failed:\n{done.stderr}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return [(f"chart: one render, deck PNG 200 dpi (median of {result['count']})", result["deck"], 0.0, ""),
            (f"chart: one render, report record (median of {result['count']})", result["report"], 0.0, "")]


def size_rows(tmp: Path, out: Path, cache: Path) -> list[tuple[str, float, float, str]]:
    """Return the time of a ~200-slide deck alone and of a ~300-page report alone (charts cached)."""
    from pptx import Presentation
    from pypdf import PdfReader

    rows = []
    for sections, fmt in ((50, "pptx"), (180, "pdf")):
        outline = scaled_outline(sections, tmp)
        run(["build", str(outline), "-o", str(out), "--format", fmt], cache)  # warms the chart cache
        seconds, rss = run(["build", str(outline), "-o", str(out), "--format", fmt], cache)
        built = out / f"{outline.stem}.{fmt}"
        count = len(Presentation(built).slides) if fmt == "pptx" else len(PdfReader(built).pages)
        what = "slides" if fmt == "pptx" else "pages"
        rows.append((f"{fmt} only: {count} {what} ({sections} sections, warm)", seconds, rss,
                     f"{built.stat().st_size / 1024:.0f} KiB"))
    return rows


def pandoc_row(out: Path) -> tuple[str, float] | None:
    """Return pandoc's time to build a PPTX from the equivalent Markdown, when pandoc is installed."""
    if not shutil.which("pandoc") or not EQUIVALENT.is_file():
        return None
    times = []
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run(["pandoc", str(EQUIVALENT), "-o", str(out / "pandoc.pptx")], check=True)
        times.append(time.perf_counter() - start)
    return "pandoc → pptx (equivalent.md)", statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the 500-section run")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rows: list[tuple[str, float, float, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        out, cache = tmp / "out", tmp / "cache"
        build = ["build", str(EXAMPLE), "-o", str(out)]
        seconds, rss = run(build, cache)
        rows.append(("example: cold build (new process, empty cache)", seconds, rss, ""))
        seconds, rss = median_run(build, cache, args.repeat)
        rows.append(("example: warm rebuild (cache kept)", seconds, rss, ""))
        for fmt in ("pptx", "pdf"):
            seconds, rss = median_run([*build, "--format", fmt], cache, args.repeat)
            size = (out / f"{EXAMPLE.stem}.{fmt}").stat().st_size
            rows.append((f"example: {fmt} only (warm)", seconds, rss, f"{size / 1024:.0f} KiB"))
        if SOURCE.is_file() and _has_draft():
            seconds, rss = median_run(["draft", str(SOURCE), "-o", str(tmp / "draft.yaml")], cache, args.repeat)
            rows.append(("draft: source.txt → outline", seconds, rss, ""))
        for count in (10, 100) if args.quick else (10, 100, 500):
            outline = scaled_outline(count, tmp)
            seconds, rss = run(["build", str(outline), "-o", str(out)], cache)
            sizes = " / ".join(f"{(out / f'{outline.stem}.{f}').stat().st_size / 1024:.0f} KiB" for f in FORMATS)
            rows.append((f"scaling: {count} sections (warm charts)", seconds, rss, sizes))
        rows.extend(chart_rows(cache))
        rows.extend(size_rows(tmp, out, cache))
        pandoc = pandoc_row(tmp)
        ours = rows[2][1]
        if pandoc:
            rows.append((pandoc[0], pandoc[1], 0.0, f"publisher pptx-only (warm) / pandoc = {ours / pandoc[1]:.2f}×"))
    print_table(rows)
    return 0


def _has_draft() -> bool:
    return (ROOT / "publisher" / "draft").is_dir()


def print_table(rows: list[tuple[str, float, float, str]]) -> None:
    print(f"{'measurement':<52} {'seconds':>8} {'peak MB':>8}  notes")
    print("-" * 90)
    for name, seconds, rss, notes in rows:
        memory = f"{rss:8.0f}" if rss else f"{'':>8}"
        print(f"{name:<52} {seconds:8.2f} {memory}  {notes}")


if __name__ == "__main__":
    sys.exit(main())
