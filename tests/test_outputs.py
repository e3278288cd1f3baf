"""Where a build writes: never over one of its inputs, never into something that is not a writable folder; a
machine that refuses to write (disk full, no permission) is one clear line and exit code 2, and nothing is left."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from publisher.cli import main
from publisher.runtime import atomic

OUTLINE = "report: {title: 输入输出}\nsections:\n  - title: 一\n    blocks:\n{blocks}"
PARAGRAPH = "      - 正文。\n"


def write_outline(folder: Path, name: str = "o.yaml", blocks: str = PARAGRAPH, theme: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    text = OUTLINE.replace("{blocks}", blocks) + (f"theme: {theme}\n" if theme else "")
    path.write_text(text, encoding="utf-8")
    return path


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("name", ["x.pdf", "x.pptx"])
def test_an_outline_named_like_its_output_is_refused_and_left_as_it_was(tmp_path, capsys, name):
    outline = write_outline(tmp_path, name)
    before = snapshot(tmp_path)
    assert main(["build", str(outline), "-o", str(tmp_path)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0] == (f"{outline}: error: the output '{tmp_path / name}' is the outline '{outline}': writing it "
                      "would destroy the input; choose another output folder (-o) or rename the file")
    assert snapshot(tmp_path) == before  # byte-identical, and no other file (no .part) left


def test_an_output_hard_linked_to_a_data_file_is_refused_at_the_data_line(tmp_path, capsys):
    (tmp_path / "d.csv").write_text("指标,数值\n甲,1\n", encoding="utf-8")
    outline = write_outline(tmp_path, blocks="      - table: {data: d.csv}\n")
    (tmp_path / "out").mkdir()
    os.link(tmp_path / "d.csv", tmp_path / "out" / "o.pdf")
    before = snapshot(tmp_path)
    assert main(["build", str(outline), "-o", str(tmp_path / "out")]) == 2
    assert capsys.readouterr().err.startswith(f"{outline}:5:23: error: the output '{tmp_path / 'out' / 'o.pdf'}' is "
                                              f"the data file '{tmp_path / 'd.csv'}'")
    assert snapshot(tmp_path) == before


def test_an_output_that_is_a_symlink_to_the_theme_file_is_refused(tmp_path, capsys):
    (tmp_path / "mine.yaml").write_text("extends: default\ncolors: {primary: 8B0000}\n", encoding="utf-8")
    outline = write_outline(tmp_path, theme="mine.yaml")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "o.pptx").symlink_to(tmp_path / "mine.yaml")
    before = snapshot(tmp_path)
    assert main(["build", str(outline), "-o", str(tmp_path / "out"), "--format", "pptx"]) == 2
    assert f"is the theme file '{tmp_path / 'mine.yaml'}'" in capsys.readouterr().err
    assert snapshot(tmp_path) == before


def test_an_image_and_the_template_are_inputs_too(tmp_path, capsys):
    from PIL import Image

    Image.new("RGB", (40, 30), "red").save(tmp_path / "map.png")
    outline = write_outline(tmp_path, blocks="      - image: {path: map.png}\n")
    (tmp_path / "out").mkdir()
    os.link(tmp_path / "map.png", tmp_path / "out" / "o.pdf")
    assert main(["build", str(outline), "-o", str(tmp_path / "out")]) == 2
    assert f"is the image '{tmp_path / 'map.png'}'" in capsys.readouterr().err


def test_a_variant_output_that_would_replace_the_batch_data_stops_the_batch_before_any_build(tmp_path, capsys):
    outline = write_outline(tmp_path, blocks="      - '{{ 区 }}的正文。'\n")
    (tmp_path / "units.csv").write_text("区\n江岸\n武昌\n", encoding="utf-8")
    (tmp_path / "out" / "武昌").mkdir(parents=True)
    os.link(tmp_path / "units.csv", tmp_path / "out" / "武昌" / "o.pdf")
    before = snapshot(tmp_path)
    assert main(["build", str(outline), "--data", str(tmp_path / "units.csv"), "-o", str(tmp_path / "out")]) == 2
    assert "is the batch data file" in capsys.readouterr().err
    assert snapshot(tmp_path) == before  # not even the variant 江岸 was built


@pytest.mark.parametrize("out, where, message", [
    ("a-file", "a-file", "this is a file, not a folder; -o names the folder the outputs are written into"),
    ("/dev/null", "/dev/null", "this is a device, not a folder; -o names the folder the outputs are written into"),
    ("a-file/below", "{tmp}/a-file", "this is a file, not a folder: cannot write the outputs into 'a-file/below'"),
    ("/proc/publisher-test", "/proc/publisher-test", "cannot write into this folder: No such file or directory"),
])
def test_an_output_folder_that_cannot_be_one_is_one_clear_line(tmp_path, capsys, monkeypatch, out, where, message):
    if out.startswith("/proc") and not Path("/proc/self").is_dir():
        pytest.skip("no /proc on this system")
    outline = write_outline(tmp_path)
    (tmp_path / "a-file").write_text("keep me", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["build", str(outline), "-o", out]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err == [f"{where.format(tmp=tmp_path)}: error: {message}", "publisher: 1 error; nothing was written"]
    assert (tmp_path / "a-file").read_text(encoding="utf-8") == "keep me"


def unprivileged() -> list[str]:
    """Return a command prefix that runs without the power to write into read-only folders, or skip."""
    if os.geteuid() != 0:
        return []
    if not shutil.which("setpriv"):
        pytest.skip("root writes into any folder and setpriv is not installed to drop that power")
    return ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--"]


def test_a_folder_without_write_permission_is_one_clear_line(tmp_path):
    outline = write_outline(tmp_path)
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        for out in (locked, locked / "below"):
            run = subprocess.run([*unprivileged(), sys.executable, "-m", "publisher", "build", str(outline), "-o",
                                  str(out)], capture_output=True, text=True, timeout=120)
            assert run.returncode == 2, run.stderr
            assert run.stderr.splitlines() == [
                f"{locked}: error: cannot write into this folder (permission denied); choose another with -o",
                "publisher: 1 error; nothing was written"]
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o755)


def test_a_full_disk_is_one_clear_line_and_leaves_nothing(tmp_path, capsys, monkeypatch):
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system")
    outline = write_outline(tmp_path, blocks="      - chart: {type: bar, categories: [甲, 乙], series: [{name: 数, "
                                             "values: [1, 2]}]}\n")
    out = tmp_path / "out"
    out.mkdir()
    (out / "o.pdf").write_bytes(b"the previous report")
    staged = atomic.staged

    def on_a_full_disk(target: Path):
        context = staged(target)
        if target.parent != out:
            return context  # the caches are on another disk
        temp = context.__enter__()
        temp.unlink()
        temp.symlink_to("/dev/full")  # every write into the staged file fails with ENOSPC
        return _Entered(context, temp)

    monkeypatch.setattr(atomic, "staged", on_a_full_disk)
    assert main(["build", str(outline), "-o", str(out)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0].endswith("error: No space left on device (the disk is full)"), err
    assert err[0].startswith(str(out / "o.")) and len(err) == 2
    assert sorted(p.name for p in out.iterdir()) == ["o.pdf"]
    assert (out / "o.pdf").read_bytes() == b"the previous report"


class _Entered:
    """A context manager already entered: yields its path, and exits the wrapped one."""

    def __init__(self, context, path: Path):
        self.context, self.path = context, path

    def __enter__(self) -> Path:
        return self.path

    def __exit__(self, *exc) -> bool | None:
        return self.context.__exit__(*exc)


def test_a_file_too_large_for_the_system_is_one_clear_line(tmp_path):
    import resource
    import signal

    outline = write_outline(tmp_path)

    def small_files() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead
        resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))

    run = subprocess.run([sys.executable, "-m", "publisher", "build", str(outline), "-o", str(tmp_path / "out")],
                         capture_output=True, text=True, timeout=120, preexec_fn=small_files)
    assert run.returncode == 2, run.stderr
    assert "error: File too large (the file is larger than this system allows)" in run.stderr.splitlines()[0]
    assert [p.name for p in (tmp_path / "out").iterdir()] == []
