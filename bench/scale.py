"""Benchmarks of scale: a new character's cost, batch throughput by --jobs, a cold 50-section build.

Run from the repository root: `python bench/scale.py [--before TREE] [--repeat N]`.
With --before, TREE is another checkout of publisher (e.g. `git archive main | tar -x -C /tmp/before`); every
measurement then alternates between it and this tree, in new processes with their own caches, and the table shows
both medians side by side (a tree that does not declare rl_accel runs without it, as its own install would). The
machine's load is printed before and after.

- new character: the example rebuilt warm, next to its first build after one character outside the bundled common
  set (GB 2312) was added to its subtitle, a different character each run (硚 first), never seen by the cache;
  the ratio is the cliff.
- batch: the example with its subtitle made a placeholder, one variant per Wuhan district (硚口区 among them),
  built by `publisher build --data` in a new process, fonts and charts cached, a new output folder each run.
- cold: the example's sections repeated to 50, each chart's values changed by its section's number so that no two
  charts are alike, built in a new process into an empty cache.
- variant (this tree only): one worker building 12 variants of the example in turn, every chart with the variant's
  own data: seconds and CPU per variant, peak memory; the client's planning and writing per variant; output size.
- accel (this tree only, when rl_accel is installed): a 200-section report alone, charts cached, with reportlab's C
  accelerators and with them blocked, alternating.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

import yaml  # noqa: E402
from run import scaled_outline  # noqa: E402

EXAMPLE = ROOT / "examples" / "wuchang-2024"
SUBTITLE = "subtitle: 武昌区2024年发展回顾"
DISTRICTS = ["江岸区", "江汉区", "硚口区", "汉阳区", "武昌区", "青山区", "洪山区", "东西湖区", "汉南区", "蔡甸区",
             "江夏区", "黄陂区", "新洲区"]
FIRST_NEW = "硚"

# Runs `publisher` in a child as the command does. A tree from before --jobs existed builds a batch on the pool
# size its commands.build module names (WORKERS), so the child sets it there instead.
CHILD = """
import os, sys
if os.environ.get("BENCH_WITHOUT_RL_ACCEL"):
    sys.modules["_rl_accel"] = None  # reportlab then uses its Python functions
args = sys.argv[1:]
if "--jobs" in args:
    import publisher.commands.build as build
    if hasattr(build, "WORKERS"):
        at = args.index("--jobs")
        build.WORKERS = int(args[at + 1])
        del args[at:at + 2]
from publisher.cli import main
code = main(args)
sys.stdout.flush()
os._exit(code)
"""


class Tree:
    """A checkout of publisher measured in its own cache folder."""

    def __init__(self, name: str, path: Path, work: Path):
        self.name, self.path, self.work = name, path, work / name
        self.work.mkdir(parents=True)
        self.cache = self.work / "cache"
        declared = (path / "pyproject.toml").read_text(encoding="utf-8")
        self.env = {} if "rl_accel" in declared else {"BENCH_WITHOUT_RL_ACCEL": "1"}  # as its own install would run

    def run(self, args: list[str], cache: Path | None = None, env_extra: dict[str, str] | None = None) -> float:
        """Return the wall seconds of one publisher command in a new process importing this tree."""
        env = {**os.environ, "PUBLISHER_CACHE_DIR": str(cache or self.cache), "PYTHONPATH": str(self.path),
               **self.env, **(env_extra or {})}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", CHILD, *args], env=env, capture_output=True, text=True,
                              cwd=self.work)
        seconds = time.perf_counter() - start
        if done.returncode:
            sys.exit(f"{self.name}: publisher {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        return seconds


def new_characters(count: int) -> str:
    """Return characters every bundled face covers and no common subset holds (硚 first)."""
    facts = json.loads((ROOT / "fonts" / "facts.json").read_text(encoding="utf-8"))

    def points(name: str) -> set[int]:
        return {cp for first, last in facts[name]["coverage"] for cp in range(first, last + 1)}

    full = set.intersection(*(points(f"NotoS{k}SC-{w}.otf") for k in ("ans", "erif") for w in ("Regular", "Bold")))
    common = set.union(*(points(f"NotoS{k}SC-{w}.common.ttf") for k in ("ans", "erif") for w in ("Regular", "Bold")))
    chosen = [cp for cp in range(0x4E00, 0x9FA6) if cp in full and cp not in common and cp != ord(FIRST_NEW)]
    return FIRST_NEW + "".join(map(chr, chosen[:count - 1]))


def example_copy(work: Path, name: str) -> Path:
    """Return the outline of a fresh copy of the example."""
    folder = work / name
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(EXAMPLE, folder)
    return folder / "outline.yaml"


def new_character(trees: list[Tree], repeat: int) -> dict[str, tuple[float, float]]:
    """Return per tree (median warm rebuild, median first build after adding a new character to the same outline)."""
    chars = new_characters(repeat)
    warm: dict[str, list[float]] = {t.name: [] for t in trees}
    added: dict[str, list[float]] = {t.name: [] for t in trees}
    for tree in trees:
        outline = example_copy(tree.work, "example")
        tree.run(["build", str(outline), "-o", str(tree.work / "out")])
    for char in chars:
        for tree in trees:
            outline = tree.work / "example" / "outline.yaml"
            text = outline.read_text(encoding="utf-8")
            tree.run(["build", str(outline), "-o", str(tree.work / "out")])  # as the last build left it
            warm[tree.name].append(tree.run(["build", str(outline), "-o", str(tree.work / "out")]))
            outline.write_text(text.replace(SUBTITLE, SUBTITLE + char), encoding="utf-8")
            added[tree.name].append(tree.run(["build", str(outline), "-o", str(tree.work / "out")]))
            outline.write_text(text, encoding="utf-8")
    return {name: (statistics.median(warm[name]), statistics.median(added[name])) for name in warm}


def batch_project(tree: Tree) -> tuple[Path, Path]:
    """Return the outline and units.csv of the example made a batch, one variant per district."""
    outline = example_copy(tree.work, "batch")
    outline.write_text(outline.read_text(encoding="utf-8").replace(SUBTITLE, 'subtitle: "{{ 区 }}2024年发展回顾"'),
                       encoding="utf-8")
    units = outline.parent / "units.csv"
    with units.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([["区"], *([d] for d in DISTRICTS)])
    return outline, units


def batch(trees: list[Tree], jobs: int, repeat: int) -> dict[str, float]:
    """Return per tree the median variants per minute (wall clock of the command) at --jobs N."""
    rates: dict[str, list[float]] = {t.name: [] for t in trees}
    for run in range(repeat):
        for tree in trees:
            outline, units = batch_project(tree)
            out = tree.work / f"batch-out-{jobs}-{run}"
            seconds = tree.run(["build", str(outline), "--data", str(units), "-o", str(out), "--jobs", str(jobs)])
            rates[tree.name].append(60 * len(DISTRICTS) / seconds)
    return {name: statistics.median(values) for name, values in rates.items()}


def distinct_charts(sections: int, folder: Path) -> Path:
    """Return the example repeated to `sections` sections whose charts all differ (values + section number)."""
    path = scaled_outline(sections, folder)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))

    def shift(value, by: int):
        if isinstance(value, dict):
            if isinstance(value.get("chart"), dict):
                for series in value["chart"]["series"]:
                    series["values"] = [v + by for v in series["values"]]
            return {k: shift(v, by) for k, v in value.items()}
        return [shift(v, by) for v in value] if isinstance(value, list) else value

    data["sections"] = [shift(section, i + 1) for i, section in enumerate(data["sections"])]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def cold(trees: list[Tree], sections: int, repeat: int) -> dict[str, float]:
    """Return per tree the median seconds of a build of `sections` sections into an empty cache."""
    times: dict[str, list[float]] = {t.name: [] for t in trees}
    for run in range(repeat):
        for tree in trees:
            outline = distinct_charts(sections, tree.work)
            cache = tree.work / f"cold-cache-{run}"
            times[tree.name].append(tree.run(["build", str(outline), "-o", str(tree.work / "cold-out")], cache))
            shutil.rmtree(cache)
    return {name: statistics.median(values) for name, values in times.items()}


def accelerated(tree: Tree, sections: int, repeat: int) -> tuple[float, float] | None:
    """Return the median seconds of a report-only build of `sections` sections (charts cached) without and with
    reportlab's C accelerators (rl_accel), alternating; None when rl_accel is not installed."""
    import importlib.util

    if importlib.util.find_spec("_rl_accel") is None:
        return None
    outline = scaled_outline(sections, tree.work)
    build = ["build", str(outline), "-o", str(tree.work / "accel-out"), "--format", "pdf"]
    tree.run(build)
    without, with_ = [], []
    for _ in range(repeat):
        without.append(tree.run(build, env_extra={"BENCH_WITHOUT_RL_ACCEL": "1"}))
        with_.append(tree.run(build))
    return statistics.median(without), statistics.median(with_)


# One worker's view of a batch, in a pool process as a Dask worker or --jobs runs it: build each variant in turn
# (every chart of a variant has its own data, so every chart is drawn), then the client's share: planning a variant
# (filling it, digesting its inputs) and writing its outputs with their record.
VARIANTS = """
import json, resource, statistics, sys, time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from publisher.authoring import batch, manifest
from publisher.outline import source

def worker(jobs):
    walls, cpus, outputs = [], [], []
    for job in jobs:
        wall, cpu = time.perf_counter(), time.process_time()
        outputs.append(batch.build_variant(job))
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return walls, cpus, outputs, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

if __name__ == "__main__":
    outline, units, out = map(Path, sys.argv[1:4])
    doc = source.load(outline)
    jobs = [batch.VariantJob(outline, batch.template(doc), v, ("pptx", "pdf"), None, False)
            for v in batch.file_variants(str(units))]
    digests, themes = manifest.FileDigests(), {}
    batch._plan(jobs[0], digests, themes)  # reads the code's files and the theme once per batch
    start = time.process_time()
    plans = [batch._plan(job, digests, themes) for job in jobs]
    plan = (time.process_time() - start) / len(jobs)
    with ProcessPoolExecutor(1) as pool:
        walls, cpus, outputs, rss = pool.submit(worker, jobs).result()
    assert not any(o.errors for o in outputs), [o.errors for o in outputs]
    start = time.process_time()
    for output, planned in zip(outputs, plans):
        batch._written(out, output, planned.digest)
    write = (time.process_time() - start) / len(jobs)
    size = statistics.median(sum(len(data) for _, data in o.files) for o in outputs)
    print(json.dumps({"first": walls[0], "wall": statistics.median(walls[1:]), "cpu": statistics.median(cpus[1:]),
                      "rss": rss, "plan": plan, "write": write, "bytes": size}))
"""


def variant_costs(tree: Tree, count: int) -> dict:
    """Return one worker's cost per variant of the example whose charts all take the variant's own data."""
    outline = example_copy(tree.work, "variants")
    data = yaml.safe_load(outline.read_text(encoding="utf-8"))

    def own(value):
        if isinstance(value, dict):
            if isinstance(value.get("chart"), dict):
                value["chart"]["series"][0]["values"][0] = "{{ v }}"
            return {k: own(v) for k, v in value.items()}
        return [own(v) for v in value] if isinstance(value, list) else value

    data = own(data)
    data["report"]["subtitle"] = "{{ 区 }}2024年发展回顾"
    outline.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    units = outline.parent / "units.csv"
    with units.open("w", newline="", encoding="utf-8") as f:
        rows = [[f"{DISTRICTS[i % len(DISTRICTS)]}{i}", 100 + i] for i in range(count)]
        csv.writer(f).writerows([["区", "v"], *rows])
    env = {**os.environ, "PUBLISHER_CACHE_DIR": str(tree.work / "variant-cache"), "PYTHONPATH": str(tree.path),
           **tree.env}
    script = tree.work / "variants.py"
    script.write_text(VARIANTS, encoding="utf-8")
    done = subprocess.run([sys.executable, str(script), str(outline), str(units), str(tree.work / "variant-out")],
                          env=env, capture_output=True, text=True, cwd=tree.work)
    if done.returncode:
        sys.exit(f"variant costs failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def load() -> str:
    """Return the load averages of the machine (1, 5, 15 minutes)."""
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, help="another publisher checkout, measured alternately with this one")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sections", type=int, default=50)
    parser.add_argument("--only", choices=("char", "batch", "cold", "accel", "variant"), action="append")
    args = parser.parse_args()
    only = set(args.only or ("char", "batch", "cold", "accel", "variant"))
    print(f"load before: {load()} on {os.cpu_count()} cores", flush=True)
    rows: list[tuple[str, list[str]]] = []
    with tempfile.TemporaryDirectory(prefix="publisher-scale-") as work:
        trees = [Tree("before", args.before.resolve(), Path(work))] if args.before else []
        trees.append(Tree("after" if args.before else "this", ROOT, Path(work)))
        names = [t.name for t in trees]
        if "char" in only:
            found = new_character(trees, args.repeat)
            rows.append(("example: warm rebuild (s)", [f"{found[n][0]:.2f}" for n in names]))
            rows.append(("example: first build after a new character (s)", [f"{found[n][1]:.2f}" for n in names]))
            rows.append(("  ratio (target ≤ 1.3×)", [f"{found[n][1] / found[n][0]:.2f}×" for n in names]))
        if "batch" in only:
            for jobs in (1, 2):
                found_rates = batch(trees, jobs, args.repeat)
                rows.append((f"batch: {len(DISTRICTS)} variants, --jobs {jobs} (variants/min)",
                             [f"{found_rates[n]:.1f}" for n in names]))
        if "cold" in only:
            found_cold = cold(trees, args.sections, args.repeat)
            rows.append((f"cold: {args.sections} sections, empty cache (s)", [f"{found_cold[n]:.2f}" for n in names]))
        if "variant" in only:
            costs = variant_costs(trees[-1], 12)
            pad = [""] * (len(names) - 1)
            rows.append(("worker: first variant, every chart drawn (s)", [*pad, f"{costs['first']:.2f}"]))
            rows.append(("worker: one variant, every chart drawn (s)", [*pad, f"{costs['wall']:.2f}"]))
            rows.append(("worker: one variant, CPU (s)", [*pad, f"{costs['cpu']:.2f}"]))
            rows.append(("worker: peak memory after 12 variants (MB)", [*pad, f"{costs['rss']:.0f}"]))
            rows.append(("client: plan one variant, CPU (ms)", [*pad, f"{1000 * costs['plan']:.1f}"]))
            rows.append(("client: write one variant + record, CPU (ms)", [*pad, f"{1000 * costs['write']:.1f}"]))
            rows.append(("outputs of one variant, pptx + pdf (KB)", [*pad, f"{costs['bytes'] / 1024:.0f}"]))
        if "accel" in only:
            found_accel = accelerated(trees[-1], 200, args.repeat)
            if found_accel:
                without, with_ = found_accel
                rows.append(("pdf only, 200 sections: without rl_accel (s)", ["", f"{without:.2f}"][-len(names):]))
                rows.append(("pdf only, 200 sections: with rl_accel (s)", ["", f"{with_:.2f}"][-len(names):]))
                rows.append(("  with / without", ["", f"{with_ / without:.2f}×"][-len(names):]))
    print(f"{'measurement (median of ' + str(args.repeat) + ')':<52}" + "".join(f"{n:>10}" for n in names))
    print("-" * (52 + 10 * len(names)))
    for name, cells in rows:
        print(f"{name:<52}" + "".join(f"{c:>10}" for c in cells))
    print(f"load after: {load()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
