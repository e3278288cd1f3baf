"""A build's processes end with it: killed outright (SIGKILL), stopped (SIGTERM, SIGHUP) or interrupted (SIGINT),
no process of the build is left after 2 s, a stopped build removes its staged files, and the next build in the
folder leaves no staged file anywhere (output folder, chart and font caches)."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from publisher.runtime import atomic

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process tree from /proc")

YEARS = ", ".join(f"{year}年" for year in range(2013, 2025))


def large_outline(folder: Path, charts: int = 96, seed: int = 0) -> Path:
    """Write an outline with many charts (each drawn on a cold cache), so a build takes several seconds."""
    lines = ["report: {title: 大型报告}", "sections:"]
    for i in range(charts):
        values = [round((i + 1) * 13.7 + j * 5.3 + seed, 1) for j in range(12)]
        lines += [f"  - title: 第{i + 1}部分", "    blocks:", f"      - 第{i + 1}部分的正文。",
                  f"      - chart: {{type: {('bar', 'line', 'area', 'stacked')[i % 4]}, unit: 亿元, categories: "
                  f"[{YEARS}], series: [{{name: 甲, values: {values}}}, {{name: 乙, values: {values[::-1]}}}]}}"]
    path = folder / ("large.yaml" if not seed else f"next-{seed}.yaml")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def descendants(pid: int) -> set[int]:
    """Return the ids of the running (not zombie) descendants of a process."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if fields[0] != "Z":
                parents[int(entry.name)] = int(fields[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def running(pids: set[int]) -> set[int]:
    alive = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            alive.add(pid)
    return alive


def staged_files(*folders: Path) -> list[Path]:
    return sorted(p for folder in folders for p in folder.rglob("*.part"))


def start(command: list[str], cache: Path, cwd: Path) -> subprocess.Popen:
    env = {**os.environ, "PUBLISHER_CACHE_DIR": str(cache)}
    return subprocess.Popen([sys.executable, "-m", "publisher", *command], cwd=cwd, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def wait_for_children(build: subprocess.Popen, count: int, timeout: float = 120) -> set[int]:
    """Return the build's descendants once it has `count` of them, and has had a moment to start drawing."""
    deadline = time.monotonic() + timeout
    while len(found := descendants(build.pid)) < count:
        assert build.poll() is None, f"the build ended before it forked: {build.stderr.read()}"
        assert time.monotonic() < deadline, "the build never started its child processes"
        time.sleep(0.05)
    time.sleep(0.3)
    return found | descendants(build.pid)


def assert_gone(build: subprocess.Popen, children: set[int]) -> None:
    deadline = time.monotonic() + 2.0
    while running(children | {build.pid}) and time.monotonic() < deadline:
        build.poll()
        time.sleep(0.05)
    build.poll()
    assert not running(children | {build.pid}), "processes of the build are still running 2 s after the signal"


@pytest.mark.parametrize("shape, how", [
    ("side by side", "SIGKILL"), ("side by side", "SIGTERM"), ("side by side", "SIGINT"), ("side by side", "SIGHUP"),
    ("chart workers", "SIGKILL"), ("chart workers", "SIGTERM"), ("batch", "SIGKILL"), ("batch", "SIGINT")])
def test_a_signalled_build_leaves_no_process_and_the_next_build_no_staged_file(tmp_path, shape, how):
    cache, out = tmp_path / "cache", tmp_path / "out"
    outline = large_outline(tmp_path)
    command = ["build", str(outline), "-o", str(out)]
    if shape == "chart workers":
        command += ["--format", "pdf"]  # one writer here, drawing its charts with a pool of workers
    if shape == "batch":
        (tmp_path / "units.csv").write_text("区\n江岸\n武昌\n洪山\n", encoding="utf-8")
        command += ["--data", str(tmp_path / "units.csv")]
    with start(command, cache, tmp_path) as build:
        children = wait_for_children(build, 2 if shape != "side by side" else 1)
        os.kill(build.pid, getattr(signal, how))
        assert_gone(build, children)
        err = build.stderr.read()
    if how != "SIGKILL":  # a stopped build removes its own staged files and says why it stopped
        assert build.returncode == 128 + getattr(signal, how), err
        assert err.splitlines()[-1] == f"publisher: stopped by {how}"
        assert staged_files(out, cache) == []
    assert not list(out.rglob("large.pdf")) and not list(out.rglob("large.pptx"))
    following = subprocess.run([sys.executable, "-m", "publisher", "build", str(large_outline(tmp_path, 1, 1)),
                                *command[2:]], env={**os.environ, "PUBLISHER_CACHE_DIR": str(cache)},
                               capture_output=True, text=True, timeout=300)  # a small build into the same folders
    assert following.returncode == 0, following.stderr
    assert staged_files(out, cache) == []


def test_the_lifeline_pipe_alone_ends_a_child_when_its_parent_dies():
    """Without PR_SET_PDEATHSIG (not Linux), the pipe the child watches ends it when its parent is killed."""
    code = (
        "import os, sys, time\n"
        "from publisher.runtime import processes\n"
        "processes._die_with = lambda parent: None\n"  # only the pipe
        "parent = processes.lifeline()\n"
        "if os.fork() == 0:\n"
        "    processes.bind_to_parent(parent)\n"
        "    print(os.getpid(), flush=True)\n"
        "    time.sleep(60)\n"
        "    os._exit(0)\n"
        "time.sleep(60)\n"
    )
    with subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True) as parent:
        child = int(parent.stdout.readline())
        assert running({child})
        parent.kill()
    deadline = time.monotonic() + 2.0
    while running({child}) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not running({child})


def test_staged_files_of_dead_processes_are_removed_by_the_next_stage_in_their_folder(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    pid = int(dead.stdout)
    host = atomic._HOST
    stale = [tmp_path / f".r.pdf.{host}-{pid}.abcd1234.part", tmp_path / ".r.pptx.old_name.part"]
    kept = [tmp_path / f".r.pdf.{host}-{os.getpid()}.abcd1234.part",  # this process: still building
            tmp_path / f".r.pdf.other-machine-{pid}.abcd1234.part",  # another machine's build, recent
            tmp_path / ".r.pptx.young_one.part", tmp_path / "notes.part.txt"]
    for path in stale + kept:
        path.write_bytes(b"x")
    old = time.time() - atomic.STALE_SECONDS - 60
    os.utime(stale[1], (old, old))
    with atomic.staged(tmp_path / "r.pdf") as temp:
        assert temp.name.startswith(f".r.pdf.{host}-{os.getpid()}.")
    temp.unlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in kept)
