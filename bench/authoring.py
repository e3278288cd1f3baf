"""Benchmarks of the author's loop on the Wuchang example: batch throughput, watch-mode edit latency, and the
resident server (`publisher serve`) against a build in a new process and pandoc.

Run from the repository root: `python bench/authoring.py [--variants N] [--edits N] [--rounds N]`.
- batch: the example with its subtitle made a placeholder, one variant per Wuhan district, built by
  `publisher build --data` in a new process on 2 workers; prints variants per minute (wall clock, imports included).
- watch: the loop running warm in this process (first build and one edit done); for each one-word edit of a
  bullet, the time from writing the outline to both outputs rewritten, next to the build's own time.
- serve: `publisher serve` in its own process; each round, taken in turn with the server idle (pictures drawn):
  an edit of one bullet until both outputs are rewritten by the server; `publisher build` from the shell (a new
  process, built by the server); `publisher build --no-server` (a new process, warm caches: a full rebuild); pandoc
  writing the chart-less PPTX of bench/equivalent.md. Medians, ratios to pandoc, and the machine's load.
"""
from __future__ import annotations

import argparse
import csv
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from publisher.authoring.watch import BuildReport, watch  # noqa: E402

EXAMPLE = ROOT / "examples" / "wuchang-2024"
SUBTITLE = "subtitle: 武昌区2024年发展回顾"
DISTRICTS = ["江岸区", "江汉区", "硚口区", "汉阳区", "武昌区", "青山区", "洪山区", "东西湖区", "汉南区", "蔡甸区",
             "江夏区", "黄陂区", "新洲区"]
BULLET = "发挥人大代表“代言人”“连心桥”作用"
WORDS = ("作用", "功能")
TARGET = 0.15  # seconds, edit to both outputs rewritten, warm


def batch_throughput(work: Path, count: int) -> dict:
    """Return the wall time and variants per minute of building count variants of the example."""
    project = work / "batch"
    shutil.copytree(EXAMPLE, project)
    outline = project / "outline.yaml"
    outline.write_text(outline.read_text(encoding="utf-8").replace(SUBTITLE, 'subtitle: "{{ 区 }}2024年发展回顾"'),
                       encoding="utf-8")
    units = project / "units.csv"
    with units.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([["区"], *([DISTRICTS[i % len(DISTRICTS)] + f"{i // len(DISTRICTS) or ''}"]
                                          for i in range(count))])
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "publisher", "build", str(outline), "--data", str(units), "-o",
                           str(work / "batch-out"), "--json"], capture_output=True, text=True, cwd=ROOT)
    wall = time.perf_counter() - start
    result = json.loads(done.stdout)
    if not result["ok"]:
        sys.exit(f"batch failed:\n{done.stdout}\n{done.stderr}")
    return {"variants": count, "wall": wall, "per_minute": 60 * count / wall,
            "build_per_minute": result["variants_per_minute"]}


def watch_latency(work: Path, edits: int) -> tuple[list[float], list[float]]:
    """Return, for each edit, the seconds from writing the outline to both outputs rewritten, and the build's own
    seconds."""
    project = work / "watch"
    shutil.copytree(EXAMPLE, project)
    outline, out = project / "outline.yaml", project / "out"
    reports: list[BuildReport] = []
    stop = threading.Event()
    loop = threading.Thread(target=watch, args=(outline, out, ("pptx", "pdf"), None, False, stop, reports.append))
    loop.start()
    latencies = []
    try:
        _wait(lambda: len(reports) >= 1)
        for edit in range(edits + 1):  # the first edit warms the rebuild path and is not counted
            seconds = _edit_and_wait(outline, [out / "outline.pptx", out / "outline.pdf"], edit)
            _wait(lambda edit=edit: len(reports) >= edit + 2)
            if edit:
                latencies.append(seconds)
    finally:
        stop.set()
        loop.join()
    return latencies, [r.seconds for r in reports[2:]]


def _edit_and_wait(outline: Path, outputs: list[Path], edit: int) -> float:
    """Return the seconds from writing a one-word edit to every output's modification time having changed."""
    text = outline.read_text(encoding="utf-8")
    old, new = (WORDS[edit % 2], WORDS[(edit + 1) % 2])
    edited = text.replace(BULLET.replace("作用", old), BULLET.replace("作用", new))
    before = {p: p.stat().st_mtime_ns for p in outputs}
    start = time.perf_counter()
    outline.write_text(edited, encoding="utf-8")
    _wait(lambda: all(p.stat().st_mtime_ns != before[p] for p in outputs), step=0.002)
    return time.perf_counter() - start


def serve_rounds(work: Path, rounds: int) -> dict[str, list[float]]:
    """Return the seconds of each kind of build, round after round, with a server running on a copy of the example."""
    project = work / "serve"
    shutil.copytree(EXAMPLE, project)
    outline, out = project / "outline.yaml", project / "out"
    server = subprocess.Popen([sys.executable, "-m", "publisher", "serve", str(outline), "-o", str(out)], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    times: dict[str, list[float]] = {"server": [], "shell": [], "new process": [], "pandoc": []}
    try:
        port = int(server.stdout.readline().split("http://127.0.0.1:")[1].split("/")[0])
        outputs = [out / "outline.pptx", out / "outline.pdf"]
        _wait(lambda: _idle(port, 1))
        for edit in range(rounds + 1):  # the first round warms every path and is not counted
            taken = {"server": _edit_and_wait(outline, outputs, edit)}
            _wait(lambda edit=edit: _idle(port, edit + 2))
            taken["shell"] = _timed([sys.executable, "-m", "publisher", "build", str(outline), "-o", str(out)])
            _wait(lambda edit=edit: _idle(port, edit + 3))
            taken["new process"] = _timed([sys.executable, "-m", "publisher", "build", str(outline), "-o", str(out),
                                           "--no-server"])
            if shutil.which("pandoc"):
                taken["pandoc"] = _timed(["pandoc", str(ROOT / "bench" / "equivalent.md"), "-o",
                                          str(work / "pandoc.pptx")])
            for kind, seconds in taken.items():
                if edit:
                    times[kind].append(seconds)
    finally:
        server.terminate()
        server.wait(timeout=60)
        server.stdout.close()
    return times


def _idle(port: int, build: int) -> bool:
    """Return whether the server has shown build number build and drawn its pictures."""
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", "/state.json", headers={"Host": f"127.0.0.1:{port}"})
        state = json.loads(connection.getresponse().read())
    finally:
        connection.close()
    done = state["build"] and state["build"]["number"] >= build and not state["building"]
    return bool(done and not state["slides"]["pending"] and not state["pages"]["pending"])


def _timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
    return time.perf_counter() - start


def _wait(condition, timeout: float = 120, step: float = 0.01) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            sys.exit("timed out waiting for a build")
        time.sleep(step)


def main() -> None:
    """Print the batch throughput and the watch latencies."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variants", type=int, default=13)
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="publisher-bench-") as work:
        batch = batch_throughput(Path(work), args.variants)
        latencies, builds = watch_latency(Path(work), args.edits)
        served = serve_rounds(Path(work), args.rounds)
    print(f"batch: {batch['variants']} variants of the example on 2 workers in {batch['wall']:.1f} s wall "
          f"= {batch['per_minute']:.0f} variants/min ({batch['build_per_minute']:.0f}/min without start-up)")
    print(f"watch: edit → both outputs rewritten: median {statistics.median(latencies):.3f} s, "
          f"min {min(latencies):.3f} s, max {max(latencies):.3f} s over {len(latencies)} edits "
          f"(target < {TARGET} s); build alone: median {statistics.median(builds):.3f} s")
    print_serve(served)


SERVE_TARGETS = {"server": ("edit → both outputs rewritten by the server", None),
                 "shell": ("publisher build, a server running", 3.0),
                 "new process": ("publisher build --no-server (new process, warm)", 6.0)}


def print_serve(times: dict[str, list[float]]) -> None:
    """Print the median of each kind of build, its ratio to pandoc and its target, and the load."""
    import os

    pandoc = statistics.median(times["pandoc"]) if times["pandoc"] else None
    print(f"serve: {len(times['server'])} rounds, load average {' '.join(f'{x:.1f}' for x in os.getloadavg())} "
          f"on {os.cpu_count()} cores")
    for kind, (label, target) in SERVE_TARGETS.items():
        median = statistics.median(times[kind])
        ratio = f" = {median / pandoc:.1f}× pandoc" if pandoc else ""
        goal = f" (target ≤ {target:g}× pandoc)" if target else f" (target ≤ {TARGET} s)"
        print(f"  {label}: median {median:.3f} s{ratio}{goal}")
    if pandoc:
        print(f"  pandoc → chart-less pptx (bench/equivalent.md): median {pandoc:.3f} s")


if __name__ == "__main__":
    main()
