"""The build, top to bottom: read, validate, theme, fonts, then each writer into a staged file."""
from __future__ import annotations

import contextlib
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from publisher.charts.registry import kind_names
from publisher.errors import Diagnostic, PublisherError, fail
from publisher.fonts import book as fontbook
from publisher.inputs import resolve as inputs
from publisher.outline import checks as outline_limits
from publisher.outline import source
from publisher.outline.model import CHART_KINDS, Outline
from publisher.outline.validation import validate
from publisher.project import Project
from publisher.runtime import atomic, outputs, progress
from publisher.runtime.formats import FORMATS, SUFFIXES, THEME_OUTPUTS, format_of, possible_suffixes  # noqa: F401 - named here too
from publisher.theme.styles import Theme, load_theme

ThemeChoice = str | Mapping[str, Any] | None  # a built-in name, a theme file, or a mapping with extends: and overrides


@dataclass
class BuildResult:
    """What a build wrote, the warnings of each stage (load, pptx, pdf), and the seconds each took (and total);
    project is what the writers drew from, for a caller that writes more from it (a server's slide pictures)."""

    outputs: list[Path]
    warnings: dict[str, list[Diagnostic]]
    timings: dict[str, float]
    project: Project | None = field(default=None, repr=False, compare=False)
    inputs: list[Path] = field(default_factory=list)  # every file the build read

    def all_warnings(self) -> list[Diagnostic]:
        """Return the warnings of every stage, in build order, each once (the deck's writers share its plan's)."""
        return unique(self.warnings)


def check(outline_path: Path, theme: ThemeChoice = None, allow_outside: bool = False,
          doc: source.Document | None = None) -> tuple[source.Document, Outline, Theme]:
    """Return the outline's document, the validated outline and theme; raise PublisherError listing every problem.

    doc, when given, is the outline already read from outline_path (a batch variant fills it in first)."""
    doc = doc or source.load(outline_path)
    return check_document(doc, outline_path.resolve().parent, theme, allow_outside)


def check_document(doc: source.Document, base_dir: Path, theme: ThemeChoice = None,
                   allow_outside: bool = False) -> tuple[source.Document, Outline, Theme]:
    """Return the document, the validated outline and theme of an outline whose paths start from base_dir; raise
    PublisherError listing every problem. theme: a built-in name, a theme file (from the current folder) or a
    mapping, chosen over the outline's."""
    progress.report("checking the outline")
    outline = validate(Outline, doc, context={CHART_KINDS: kind_names()})
    chosen = load_theme(theme, Path.cwd()) if theme else load_theme(outline.theme, base_dir, doc)
    chosen = chosen.localized(outline.report.language)
    outline_limits.check(outline, doc)
    progress.report("reading the data")
    resolved = inputs.resolve(outline, doc, base_dir, allow_outside)
    outline_limits.check(resolved, doc)  # again with the data of CSV and .xlsx files: their points and cells count too
    fontbook.check(chosen, doc)
    from publisher.plan.footer import check_logo
    from publisher.write.pptx_template import check_template

    check_template(chosen, base_dir, allow_outside)
    check_logo(chosen, base_dir, allow_outside)
    return doc, resolved, chosen


def load_project(outline_path: Path, theme: ThemeChoice = None, allow_outside: bool = False,
                 doc: source.Document | None = None) -> Project:
    """Return everything a writer needs, fonts prepared for the outline's characters."""
    doc = doc or source.load(outline_path)
    return project_of(doc, outline_path.resolve().parent, theme, allow_outside)


def project_of(doc: source.Document, base_dir: Path, theme: ThemeChoice = None,
               allow_outside: bool = False) -> Project:
    """Return everything a writer needs for an outline whose paths start from base_dir, fonts prepared."""
    doc, outline, chosen = check_document(doc, base_dir, theme, allow_outside)
    progress.report("preparing fonts")
    extra = "".join(t for _, t in fontbook.strings(outline.model_dump()))
    extra += chosen.report.header + chosen.footer + chosen.deck.footer.text + chosen.locale.words()  # 万/亿 too
    fonts = fontbook.prepare(chosen, doc, extra)
    return Project(outline, chosen, fonts, doc, base_dir,
                   locale_warnings(outline, chosen, doc) + inputs.notices(outline, doc))


def locale_warnings(outline: Outline, theme: Theme, doc: source.Document) -> list[Diagnostic]:
    """Return a warning when the outline's language has no locale, so the words the tool adds are English."""
    from publisher.theme.locales import choose

    note = choose(outline.report.language, theme.locales)[1]
    path = ("report", "language")
    return [Diagnostic(doc.span(path), note, "report.language", "warning")] if note else []


def input_files(project: Project, outline_path: Path | None) -> list[outputs.Input]:
    """Return every file a build of the project reads: the outline (None: read from standard input), its data files
    and images, the theme files (the chosen one and those it extends), the template, the footer logo and the theme's
    own slide layouts."""
    from publisher.plan.footer import LOGO, logo_path
    from publisher.plan.layouts import layout_files
    from publisher.write.pptx_template import TEMPLATE, template_path

    theme, deck = project.theme, project.theme.deck
    found = [outputs.Input(outline_path, "the outline")] if outline_path else []
    found += [outputs.Input(path, what, span) for path, what, span in
              inputs.named_files(project.outline, project.doc, project.base_dir)]
    found += [outputs.Input(path, "the theme file") for path in theme.files]
    if deck.template:
        found.append(outputs.Input(template_path(theme), "the template", theme.span(TEMPLATE)))
    if deck.footer.logo:
        found.append(outputs.Input(logo_path(theme), "the footer logo", theme.span(LOGO)))
    folders = tuple((project.base_dir / folder).resolve() for folder in deck.layouts_dirs)
    found += [outputs.Input(path, "the slide layout") for path, _ in layout_files(folders)]
    return found


def build(outline_path: Path, out_dir: Path, formats: tuple[str, ...] = FORMATS, theme: str | None = None,
          allow_outside: bool = False) -> list[Path]:
    """Build the outline into out_dir; return the files written. Nothing is replaced unless all succeed."""
    return build_result(outline_path, out_dir, formats, theme, allow_outside).outputs


def build_result(outline_path: Path | None, out_dir: Path, formats: tuple[str, ...] = FORMATS,
                 theme: ThemeChoice = None, allow_outside: bool = False, doc: source.Document | None = None,
                 parallel: bool = True, also_read: tuple[outputs.Input, ...] = (), *, base_dir: Path | None = None,
                 name: str | None = None, strict: bool = False) -> BuildResult:
    """Return the files written, the warnings and the timings of building the outline into out_dir.

    parallel: write the formats side by side in forked processes (see publisher.write.writers); a caller that
    runs several builds at once passes False. also_read: files the caller read for this build (a batch's data),
    which no output may replace either. outline_path None: doc was read from standard input, its paths start from
    base_dir. name: the outputs' file name before each format's ending (default: the outline's). strict: a warning
    fails the build as an error does (PublisherError holding the warnings); nothing is written."""
    from publisher.write.writers import write_all

    start = time.perf_counter()
    doc = doc or source.load(outline_path)
    project = project_of(doc, base_dir or outline_path.resolve().parent, theme, allow_outside)
    timings = {"load": time.perf_counter() - start}
    warnings = {"load": list(project.warnings)}
    formats = chosen_formats(formats, project.theme)
    targets = {fmt: out_dir / f"{name or outline_path.stem}{SUFFIXES[fmt]}" for fmt in formats}
    outputs.check_folder(out_dir)
    read = [*input_files(project, outline_path), *also_read]
    outputs.check_targets(targets.values(), read)
    _sweep(out_dir)
    with contextlib.ExitStack() as stack:
        temps = _staged(stack, targets)
        try:
            written = write_all(project, temps, parallel)
        except OSError as exc:
            if exc.errno not in outputs.MACHINE_ERRORS:
                raise
            raise outputs.machine_error(exc, {temps[fmt]: target for fmt, target in targets.items()}) from None
        warnings |= {fmt: result.warnings for fmt, result in written.items()}
        if strict and unique(warnings):
            raise PublisherError(unique(warnings))  # the staged files go: nothing is written
        atomic.commit({temps[fmt]: target for fmt, target in targets.items()})
    timings |= {fmt: result.seconds for fmt, result in written.items()}
    timings["total"] = time.perf_counter() - start
    return BuildResult(list(targets.values()), warnings, timings, project, [i.path for i in read])


def unique(warnings: dict[str, list[Diagnostic]]) -> list[Diagnostic]:
    """Return the warnings of every stage, in build order, each once (the deck's writers share its plan's)."""
    seen = dict.fromkeys((w, w.slide, w.page) for stage in warnings.values() for w in stage)
    return [w for w, _, _ in seen]


def chosen_formats(formats: tuple[str, ...], theme: Theme) -> tuple[str, ...]:
    """Return the formats to write, "theme" replaced by the theme's outputs, each once."""
    expanded = [f for fmt in formats for f in (theme.outputs if fmt == THEME_OUTPUTS else [fmt])]
    return tuple(dict.fromkeys(expanded))


def _sweep(out_dir: Path) -> None:
    """Remove the staged files that builds killed outright left in the output folder and in the caches."""
    from publisher.fonts.families import cache_dir

    cache = cache_dir()
    for folder in (out_dir, cache, *(entry for entry in cache.iterdir() if entry.is_dir())):
        atomic.sweep(folder)


def _staged(stack: contextlib.ExitStack, targets: dict[str, Path]) -> dict[str, Path]:
    """Return a staged file for each target, removed on leaving the stack unless committed; a folder that cannot
    be written is a PublisherError naming it."""
    try:
        return {fmt: stack.enter_context(atomic.staged(target)) for fmt, target in targets.items()}
    except OSError as exc:
        folder = next(iter(targets.values())).parent
        raise fail(folder, f"cannot write into this folder: {exc.strerror or exc}") from None
