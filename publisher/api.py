"""The build, top to bottom: read, validate, theme, fonts, then each writer into a staged file."""
from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass, field
from pathlib import Path

from publisher import fontbook, inputs, outline_limits, outputs, source
from publisher.charts.registry import kind_names
from publisher.errors import Diagnostic
from publisher.formats import SUFFIXES, THEME_OUTPUTS, format_of, possible_suffixes  # noqa: F401 - named here too
from publisher.model import CHART_KINDS, Outline
from publisher.project import Project
from publisher.theme import Theme, load_theme
from publisher.validation import validate
from publisher.write import atomic

FORMATS = (THEME_OUTPUTS,)


@dataclass
class BuildResult:
    """What a build wrote, the warnings of each stage (load, pptx, pdf), and the seconds each took (and total);
    project is what the writers drew from, for a caller that writes more from it (a server's slide pictures)."""

    outputs: list[Path]
    warnings: dict[str, list[Diagnostic]]
    timings: dict[str, float]
    project: Project | None = field(default=None, repr=False, compare=False)

    def all_warnings(self) -> list[Diagnostic]:
        """Return the warnings of every stage, in build order, each once (the deck's writers share its plan's)."""
        seen = dict.fromkeys((w, w.slide, w.page) for stage in self.warnings.values() for w in stage)
        return [w for w, _, _ in seen]


def check(outline_path: Path, theme: str | None = None, allow_outside: bool = False,
          doc: source.Document | None = None) -> tuple[source.Document, Outline, Theme]:
    """Return the outline's document, the validated outline and theme; raise PublisherError listing every problem.

    doc, when given, is the outline already read from outline_path (a batch variant fills it in first)."""
    doc = doc or source.load(outline_path)
    outline = validate(Outline, doc, context={CHART_KINDS: kind_names()})
    base_dir = outline_path.resolve().parent
    chosen = load_theme(theme, Path.cwd()) if theme else load_theme(outline.theme, base_dir, doc)
    chosen = chosen.localized(outline.report.language)
    outline_limits.check(outline, doc)
    resolved = inputs.resolve(outline, doc, base_dir, allow_outside)
    outline_limits.check(resolved, doc)  # again with the data of CSV and .xlsx files: their points and cells count too
    fontbook.check(chosen, doc)
    from publisher.plan.footer import check_logo
    from publisher.write.pptx_template import check_template

    check_template(chosen, base_dir, allow_outside)
    check_logo(chosen, base_dir, allow_outside)
    return doc, resolved, chosen


def load_project(outline_path: Path, theme: str | None = None, allow_outside: bool = False,
                 doc: source.Document | None = None) -> Project:
    """Return everything a writer needs, fonts prepared for the outline's characters."""
    doc, outline, chosen = check(outline_path, theme, allow_outside, doc)
    extra = "".join(t for _, t in fontbook.strings(outline.model_dump()))
    extra += chosen.report.header + chosen.footer + chosen.deck.footer.text + chosen.locale.words()  # 万/亿 too
    fonts = fontbook.prepare(chosen, doc, extra)
    return Project(outline, chosen, fonts, doc, outline_path.resolve().parent,
                   locale_warnings(outline, chosen, doc) + inputs.notices(outline, doc))


def locale_warnings(outline: Outline, theme: Theme, doc: source.Document) -> list[Diagnostic]:
    """Return a warning when the outline's language has no locale, so the words the tool adds are English."""
    from publisher.locales import choose

    note = choose(outline.report.language, theme.locales)[1]
    path = ("report", "language")
    return [Diagnostic(doc.span(path), note, "report.language", "warning")] if note else []


def input_files(project: Project, outline_path: Path) -> list[outputs.Input]:
    """Return every file a build of the project reads: the outline, its data files and images, the theme files (the
    chosen one and those it extends), the template, the footer logo and the theme's own slide layouts."""
    from publisher.plan.footer import LOGO, logo_path
    from publisher.plan.layouts import layout_files
    from publisher.write.pptx_template import TEMPLATE, template_path

    theme, deck = project.theme, project.theme.deck
    found = [outputs.Input(outline_path, "the outline")]
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


def build_result(outline_path: Path, out_dir: Path, formats: tuple[str, ...] = FORMATS, theme: str | None = None,
                 allow_outside: bool = False, doc: source.Document | None = None,
                 parallel: bool = True, also_read: tuple[outputs.Input, ...] = ()) -> BuildResult:
    """Return the files written, the warnings and the timings of building the outline into out_dir.

    parallel: write the formats side by side in forked processes (see publisher.write.writers); a caller that
    runs several builds at once passes False. also_read: files the caller read for this build (a batch's data),
    which no output may replace either."""
    from publisher.write.writers import write_all

    start = time.perf_counter()
    project = load_project(outline_path, theme, allow_outside, doc)
    timings = {"load": time.perf_counter() - start}
    warnings = {"load": list(project.warnings)}
    formats = chosen_formats(formats, project.theme)
    targets = {fmt: out_dir / f"{outline_path.stem}{SUFFIXES[fmt]}" for fmt in formats}
    outputs.check_folder(out_dir)
    outputs.check_targets(targets.values(), [*input_files(project, outline_path), *also_read])
    with contextlib.ExitStack() as stack:
        temps = {fmt: stack.enter_context(atomic.staged(target)) for fmt, target in targets.items()}
        try:
            written = write_all(project, temps, parallel)
        except OSError as exc:
            if exc.errno not in outputs.MACHINE_ERRORS:
                raise
            raise outputs.machine_error(exc, {temps[fmt]: target for fmt, target in targets.items()}) from None
        atomic.commit({temps[fmt]: target for fmt, target in targets.items()})
    for fmt, result in written.items():
        timings[fmt], warnings[fmt] = result.seconds, result.warnings
    timings["total"] = time.perf_counter() - start
    return BuildResult(list(targets.values()), warnings, timings, project)


def chosen_formats(formats: tuple[str, ...], theme: Theme) -> tuple[str, ...]:
    """Return the formats to write, "theme" replaced by the theme's outputs, each once."""
    expanded = [f for fmt in formats for f in (theme.outputs if fmt == THEME_OUTPUTS else [fmt])]
    return tuple(dict.fromkeys(expanded))
