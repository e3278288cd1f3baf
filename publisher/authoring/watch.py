"""Watch mode: build, then rebuild whenever the outline, a CSV file, workbook or image it names, its theme file,
or the template, footer logo or slide layouts its theme names changes.

The process stays warm between builds: everything is imported once, prepared fonts and rendered charts are found
in their caches, so a one-word edit re-renders no chart. One line is printed per build, with its time and the
number of warnings, then each warning or error. Only the files a build reads are watched, so writing the outputs
into the outline's folder triggers nothing.
"""
from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import watchfiles  # imported with this module, so the watcher starts at once after a first build

from publisher.errors import PublisherError, plural
from publisher.inputs.workbook import split_ref
from publisher.outline import source
from publisher.resources import data_dir

FILE_KEYS = ("data", "path")  # keys whose value names a file: chart/table `data:` (a.xlsx#sheet), image `path:`
DEBOUNCE_MS = 400  # the longest a burst of changes is gathered before a build
STEP_MS = 20  # a build starts once no change came for this long (editors save in several writes)


@dataclass(frozen=True)
class BuildReport:
    """One build of the loop: its number, time, outputs, and its warnings or errors as text."""

    number: int
    seconds: float
    outputs: tuple[Path, ...] = ()
    warnings: tuple[str, ...] = ()
    errors: tuple[str, ...] = ()

    def lines(self) -> list[str]:
        """Return the build's line (clock time, outputs, seconds, warnings), then each warning or error."""
        clock = time.strftime("%H:%M:%S")
        if self.errors:
            failed = plural(len(self.errors), "error")
            head = f"{clock} build {self.number} failed after {self.seconds:.2f} s: {failed}"
        else:
            names = ", ".join(p.name for p in self.outputs)
            warned = plural(len(self.warnings), "warning")
            head = f"{clock} build {self.number}: {names} in {self.seconds:.2f} s, {warned}"
        return [head, *(f"  {message}" for message in (*self.errors, *self.warnings))]


def watched_files(outline: Path, theme: str | None = None) -> set[Path]:
    """Return the files a build of outline reads: the outline, the files its `data:` and `path:` keys name, its
    theme file (a `--theme` file first), the template, logo and font files the theme names; only the outline when
    it cannot be read."""
    try:
        doc = source.load(outline)
    except PublisherError:
        return {outline.resolve()}
    return files_read(doc, theme)


def files_read(doc: source.Document, theme: str | None = None) -> set[Path]:
    """Return the files a build of the document reads (see watched_files); a batch variant's after filling."""
    return {doc.file.resolve()} | named_files(doc, theme) | theme_files(doc, theme)


def named_files(doc: source.Document, theme: str | None = None) -> set[Path]:
    """Return the existing files the document's `data:` and `path:` keys name, and its theme file."""
    base = doc.file.resolve().parent
    data = doc.data
    named = [split_ref(text)[0] for key, text in _strings(data) if key in FILE_KEYS]
    chosen = theme or (data.get("theme") if isinstance(data, dict) else None)
    if isinstance(chosen, str) and chosen.endswith((".yaml", ".yml")):
        named.append(chosen)
    return {p for p in ((base / n).resolve() for n in named) if p.is_file() and not p.is_relative_to(_builtin())}


def theme_files(doc: source.Document, theme: str | None = None) -> set[Path]:
    """Return the files the build's theme is made of and names (none of the built-in ones)."""
    return {p for p in _theme_files(doc, theme) if p.is_file() and not p.is_relative_to(_builtin())}


def _builtin() -> Path:
    return data_dir("layouts").resolve()


def _theme_files(doc: source.Document, theme: str | None) -> set[Path]:
    """Return the files the build's theme is made of and names: the theme files it extends, its template, footer
    logo and the slide layouts of its own layout folders (none when the theme cannot be read)."""
    from publisher.plan.footer import logo_path
    from publisher.plan.layouts import layout_files
    from publisher.theme.styles import load_theme
    from publisher.write.pptx_template import template_path

    choice = theme or (doc.data.get("theme", "default") if isinstance(doc.data, dict) else None)
    if not isinstance(choice, str | dict):
        return set()
    try:
        chosen = load_theme(choice, Path.cwd()) if theme else load_theme(choice, doc.file.resolve().parent, doc)
    except PublisherError:
        return set()
    deck = chosen.deck
    base = doc.file.resolve().parent
    layouts = {path for path, _ in layout_files(tuple((base / folder).resolve() for folder in deck.layouts_dirs))}
    extended = {Path(span.file).resolve() for span in chosen._doc.spans.values()}  # the theme files it extends
    return layouts | extended | _font_files(chosen, base) | {
        locate(chosen) for ref, locate in ((deck.template, template_path), (deck.footer.logo, logo_path)) if ref}


def _font_files(theme: Any, base: Path) -> set[Path]:
    """Return the font files (not families) the theme's fonts name, as the build finds them."""
    from publisher.fonts import families as fonts

    found = set()
    for role in ("heading", "body", "serif", "chart"):
        name = getattr(theme.fonts, role)
        if fonts.is_font_spec(name):
            with contextlib.suppress(fonts.FontNotFoundError):
                found.add(fonts.find_file(fonts.split_index(name)[0], [base]))
    return found


def _strings(data: Any, key: str = "") -> Iterator[tuple[str, str]]:
    """Yield (key, text) for every text in data, key being the mapping key it sits under."""
    if isinstance(data, dict):
        for name, value in data.items():
            yield from _strings(value, str(name))
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value, key)
    elif isinstance(data, str):
        yield key, data


def build_once(number: int, outline: Path, out_dir: Path, formats: tuple[str, ...], theme: str | None,
               allow_outside: bool, **options: Any) -> BuildReport:
    """Return the report of one build; bad input becomes its errors instead of ending the loop.

    The first build writes every format in this process, which so imports every writer and registers every font
    once; the later ones fork writers that find all of it done. options: build_result's name and strict."""
    from publisher.api import build_result

    start = time.perf_counter()
    try:
        result = build_result(outline, out_dir, formats, theme, allow_outside, parallel=number > 1, **options)
    except PublisherError as exc:
        return BuildReport(number, time.perf_counter() - start, errors=tuple(map(str, exc.diagnostics)))
    return BuildReport(number, time.perf_counter() - start, tuple(result.outputs),
                       tuple(map(str, result.all_warnings())))


class WatchedFiles:
    """The files a build reads, re-read after each build; watchfiles calls it to filter changes."""

    def __init__(self, outline: Path, theme: str | None):
        self.outline, self.theme = outline, theme
        self.files = watched_files(outline, theme)

    def __call__(self, _change: object, path: str) -> bool:
        """Return True when a changed path is one of the files."""
        return Path(path) in self.files

    def folders(self) -> set[Path]:
        """Return the folders holding the files."""
        return {f.parent for f in self.files}

    def refresh(self) -> bool:
        """Re-read which files the outline names; return True when one sits in a folder not watched before."""
        before = self.folders()
        self.files = watched_files(self.outline, self.theme)
        return not self.folders() <= before


def changes(watched: WatchedFiles, stop: threading.Event) -> Iterator[set]:
    """Yield each burst of changes of the watched files until stop is set; once the burst was handled, re-read
    which files the outline names (a file in a new folder is then watched too)."""
    while not stop.is_set():
        for burst in watchfiles.watch(*watched.folders(), watch_filter=watched, stop_event=stop,
                                      debounce=DEBOUNCE_MS, step=STEP_MS, recursive=False):
            yield burst
            if watched.refresh():
                break  # a file in a new folder: watch again with it


def watch(outline: Path, out_dir: Path, formats: tuple[str, ...], theme: str | None, allow_outside: bool,
          stop: threading.Event, on_build: Callable[[BuildReport], None], max_builds: int | None = None,
          **options: Any) -> int:
    """Build, then rebuild after each change of a watched file, until stop is set or max_builds builds were made;
    call on_build after each build; return the number of builds."""
    watched = WatchedFiles(outline, theme)
    builds = 1
    on_build(build_once(builds, outline, out_dir, formats, theme, allow_outside, **options))
    if max_builds is not None and builds >= max_builds:
        return builds
    for _ in changes(watched, stop):
        builds += 1
        on_build(build_once(builds, outline, out_dir, formats, theme, allow_outside, **options))
        if max_builds is not None and builds >= max_builds:
            break
    return builds


def watch_command(outline: Path, out_dir: Path, formats: tuple[str, ...], theme: str | None,
                  allow_outside: bool, open_outputs: bool = False, **options: Any) -> int:
    """Run the watch loop for the command line until Ctrl-C; return 0. open_outputs: show the outputs of the first
    build that succeeds."""
    print(f"watching {len(watched_files(outline, theme))} files of {outline}; press Ctrl-C to stop", flush=True)
    opened = [not open_outputs]

    def on_build(report: BuildReport) -> None:
        print("\n".join(report.lines()), flush=True)
        if not opened[0] and not report.errors:
            from publisher.authoring.viewer import open_all

            opened[0] = True
            open_all(list(report.outputs))

    with contextlib.suppress(KeyboardInterrupt):
        watch(outline, out_dir, formats, theme, allow_outside, threading.Event(), on_build, **options)
    return 0
