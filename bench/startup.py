"""Benchmark: how quickly the command line starts. For `publisher --version`, `publisher --help` and
`import publisher`: the time Python spends importing for it (`python -X importtime`, the modules a bare interpreter
imports left out), the CPU time and the wall time of the whole process, beside a bare `python -c pass` and
`pandoc --version`. On a busy machine the CPU time is the steadiest of the three.

Run from the repository root: `python bench/startup.py [--runs N]`. The commands alternate, run after run, and the
table shows medians; the machine's load is printed with it. The import time of `publisher --version` is meant to
stay under 60 ms.
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time

RUN = "import sys; from publisher.cli import run; sys.argv = ['publisher', *sys.argv[1:]]; run()"
CASES = {  # the bare interpreter first: what it imports is left out of the others
    "python -c pass": ["-c", "pass"],
    "publisher --version": ["-c", RUN, "--version"],
    "publisher --help": ["-c", RUN, "--help"],
    "import publisher": ["-c", "import publisher"],
}
BUDGET_MS = 60.0


def imports(args: list[str]) -> tuple[dict[str, float], float, float]:
    """Return the cumulative import time (ms) of each top-level import of one run, its CPU and its wall time (ms)."""
    before, start = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
    run = subprocess.run([sys.executable, "-X", "importtime", *args], capture_output=True, text=True, check=False)
    wall, after = (time.perf_counter() - start) * 1000, resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000
    top = {}
    for line in run.stderr.splitlines():
        if line.startswith("import time:") and line.count("|") == 2:
            _, cumulative, name = line[len("import time:"):].split("|")
            if cumulative.strip().isdigit() and not name[1:].startswith(" "):  # a top-level import, not nested
                top[name.strip()] = int(cumulative) / 1000
    return top, cpu, wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    bare: set[str] = set()
    found: dict[str, list[tuple[float, float, float]]] = {name: [] for name in CASES}
    pandoc = shutil.which("pandoc")
    pandoc_walls = []
    for _ in range(runs):
        for name, args in CASES.items():
            top, cpu, wall = imports(args)
            if name == "python -c pass":
                bare |= set(top)
            found[name].append((sum(ms for module, ms in top.items() if module not in bare), cpu, wall))
        if pandoc:
            start = time.perf_counter()
            subprocess.run([pandoc, "--version"], capture_output=True, check=False)
            pandoc_walls.append((time.perf_counter() - start) * 1000)
    print(f"load average {', '.join(f'{x:.2f}' for x in os.getloadavg())}; {runs} runs each, medians")
    print(f"{'command':24} {'imports ms':>11} {'CPU ms':>8} {'wall ms':>9} {'wall vs pandoc':>15}")
    reference = statistics.median(pandoc_walls) if pandoc_walls else None
    for name, values in found.items():
        imported, cpu, wall = (statistics.median(v[i] for v in values) for i in range(3))
        ratio = f"{wall / reference:.2f}×" if reference else "-"
        print(f"{name:24} {imported:11.1f} {cpu:8.1f} {wall:9.1f} {ratio:>15}")
    if reference:
        print(f"{'pandoc --version':24} {'-':>11} {'-':>8} {reference:9.1f} {'1.00×':>15}")
    version = statistics.median(v[0] for v in found["publisher --version"])
    print(f"publisher --version imports in {version:.1f} ms: {'within' if version < BUDGET_MS else 'OVER'} the "
          f"{BUDGET_MS:.0f} ms budget")


if __name__ == "__main__":
    main()
