"""The Python library: build or validate an outline (a YAML file, or a mapping made in code) into bytes in memory.

`build` returns a Result holding each format's bytes, the warnings, and the deck as a python-pptx Presentation to
edit further; `validate` checks without drawing. Bad input raises PublisherError, whose diagnostics name the file,
line and column (or, for a mapping, the path of the value). Building from a mapping writes nothing but the cache
(fonts and charts, under $PUBLISHER_CACHE_DIR); limits given to a call hold for that call only, so builds in
several threads keep their own.
"""
from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from publisher import api
from publisher.errors import Diagnostic, PublisherError, did_you_mean, fail
from publisher.outline import source
from publisher.outline.limits import Limits, active, using
from publisher.runtime import outputs

Source = str | os.PathLike | Mapping[str, Any]  # an outline file, or the outline itself as Python data
MAPPING_NAME = "outline"  # the file name a mapping's outputs take unless save() is given one
ATTRIBUTES = {"pptx": "pptx", "pdf": "pdf", "deck-pdf": "deck_pdf", "handout": "handout", "notes": "notes"}


@dataclass
class Result:
    """What a build made: the bytes of each format, its warnings, and the deck as a python-pptx Presentation.

    `pptx`, `pdf`, `deck_pdf`, `handout` and `notes` are the bytes of the formats built (asking for one that was not
    raises AttributeError). Once `presentation` has been opened, `pptx` and `save()` give that Presentation as it is
    then, your edits included; the other formats are drawn from the build and do not see them."""

    outputs: dict[str, bytes]
    warnings: list[Diagnostic]
    name: str
    inputs: tuple[outputs.Input, ...] = ()  # the files the build read: save() replaces none of them
    _presentation: Any = field(default=None, repr=False)

    def __getattr__(self, attribute: str) -> bytes:
        formats = {name: fmt for fmt, name in ATTRIBUTES.items()}
        if attribute not in formats:
            raise AttributeError(f"'Result' object has no attribute '{attribute}'")
        fmt = formats[attribute]
        if fmt not in self.outputs:
            built = ", ".join(self.outputs)
            raise AttributeError(f"no {fmt} in this result (built: {built}); ask for it with formats=[..., '{fmt}']")
        if fmt == "pptx" and self._presentation is not None:
            from publisher.write.pptx_package import package_bytes

            return package_bytes(self._presentation)
        return self.outputs[fmt]

    @property
    def presentation(self):
        """Return the deck as a python-pptx Presentation (the same object every time), to edit before saving."""
        if self._presentation is None:
            from pptx import Presentation

            self._presentation = Presentation(io.BytesIO(self.__getattr__("pptx")))
        return self._presentation

    def save(self, folder: str | os.PathLike, name: str | None = None) -> list[Path]:
        """Write every output into folder as NAME.pptx, NAME.pdf, NAME.slides.pdf, NAME.handout.pdf, NAME.notes.pdf
        (NAME: name, else the outline's file name, else "outline"); return the paths. Each file appears whole or
        not at all, and none replaces a file the build read (PublisherError)."""
        from publisher.runtime import atomic

        out_dir = Path(folder)
        targets = {fmt: out_dir / f"{name or self.name}{api.SUFFIXES[fmt]}" for fmt in self.outputs}
        outputs.check_folder(out_dir)
        outputs.check_targets(targets.values(), list(self.inputs))
        with contextlib.ExitStack() as stack:
            temps = {fmt: stack.enter_context(atomic.staged(target)) for fmt, target in targets.items()}
            for fmt, temp in temps.items():
                temp.write_bytes(self.__getattr__(ATTRIBUTES[fmt]))
            atomic.commit({temps[fmt]: target for fmt, target in targets.items()})
        return list(targets.values())


def build(source: Source, *, theme: str | os.PathLike | Mapping[str, Any] | None = None,
          formats: str | Iterable[str] | None = None, limits: Limits | Mapping[str, int] | None = None,
          base_dir: str | os.PathLike | None = None, allow_outside: bool = False,
          variant: str | None = None) -> Result:
    """Build an outline into bytes; raise PublisherError listing every problem of a bad one.

    source: an outline file, or the outline as a mapping. theme: a built-in theme's name, a theme file or a mapping
    (`{"extends": "default", "colors": {...}}`), chosen over the outline's. formats: "pptx", "pdf", "deck-pdf",
    "handout", "notes" (a list, or one text "pptx,pdf"); default: the theme's outputs (pptx and pdf unless it
    says). limits: a Limits, or the ones to change ({"title_chars": 300}), for this call only. base_dir: the folder
    the outline's files (data, images, theme files) are found from; default: the outline file's folder, or the
    current folder for a mapping. allow_outside: allow files outside it. variant: the name of the variant to build,
    for an outline with `variants:`."""
    from publisher.write.writers import write_one

    with _limits(limits):
        doc, path, base = _document(source, base_dir)
        project = api.project_of(_variant(doc, variant), base, _theme(theme), allow_outside)
        stages = {"load": list(project.warnings)}
        built = {}
        for fmt in api.chosen_formats(_formats(formats), project.theme):
            stream = io.BytesIO()
            stages[fmt] = write_one(fmt, project, stream).warnings
            built[fmt] = stream.getvalue()
        inputs = tuple(api.input_files(project, path))
    return Result(built, api.unique(stages), path.stem if path else MAPPING_NAME, inputs)


def validate(source: Source, *, theme: str | os.PathLike | Mapping[str, Any] | None = None,
             limits: Limits | Mapping[str, int] | None = None, base_dir: str | os.PathLike | None = None,
             allow_outside: bool = False) -> list[Diagnostic]:
    """Check an outline as a build would (every variant of one with `variants:`), without drawing anything; return
    its warnings, or raise PublisherError listing every problem. The arguments are those of build."""
    with _limits(limits):
        doc, _, base = _document(source, base_dir)
        return check(doc, base, _theme(theme), allow_outside)[1]


def check(doc: source.Document, base_dir: Path, theme: api.ThemeChoice = None,
          allow_outside: bool = False) -> tuple[list, list[Diagnostic]]:
    """Return the checked outlines of a document (one per variant, else one) and their warnings; raise
    PublisherError with the problems of all, each message naming its variant."""
    from publisher.authoring.batch import declared_variants, fill, template
    from publisher.inputs.resolve import notices

    variants = declared_variants(doc)
    if not variants:
        _, outline, chosen = api.check_document(doc, base_dir, theme, allow_outside)
        return [outline], api.locale_warnings(outline, chosen, doc) + notices(outline, doc)
    checked, problems = [], []
    for variant in variants:
        try:
            checked.append(api.check_document(fill(template(doc), variant), base_dir, theme, allow_outside))
        except PublisherError as exc:
            problems += [Diagnostic(d.span, f"variant '{variant.name}': {d.message}", d.path, d.severity)
                         for d in exc.diagnostics]
    if problems:
        raise PublisherError(problems)
    _, outline, chosen = checked[0]
    return [c[1] for c in checked], api.locale_warnings(outline, chosen, doc) + notices(outline, doc)


def _document(given: Source, base_dir: str | os.PathLike | None) -> tuple[source.Document, Path | None, Path]:
    """Return the outline's document, its file (None for a mapping) and the folder its paths start from."""
    if isinstance(given, Mapping):
        return source.from_data(given), None, Path(base_dir or Path.cwd()).resolve()
    if not isinstance(given, str | os.PathLike):
        raise TypeError(f"source: expected a path or a mapping; got {type(given).__name__}")
    path = Path(given)
    return source.load(path), path, Path(base_dir or path.resolve().parent).resolve()


def _variant(doc: source.Document, name: str | None) -> source.Document:
    """Return the document of one variant of a batch outline (all of it when it has none)."""
    from publisher.authoring.batch import declared_variants, fill, template

    variants = {v.name: v for v in declared_variants(doc)}
    if name is None and not variants:
        return doc
    if name not in variants:
        names = list(variants)
        expected = f"one of {', '.join(names)}" if names else "none: the outline has no variants"
        raise fail("variant", f"expected {expected}; got {name!r}" + did_you_mean(str(name), names))
    return fill(template(doc), variants[name])


def _theme(theme: str | os.PathLike | Mapping[str, Any] | None) -> api.ThemeChoice:
    return dict(theme) if isinstance(theme, Mapping) else (os.fspath(theme) if theme is not None else None)


def _formats(formats: str | Iterable[str] | None) -> tuple[str, ...]:
    """Return the formats asked for; raise PublisherError naming an unknown one."""
    if formats is None:
        return api.FORMATS
    chosen = [f.strip().lower() for f in (formats.split(",") if isinstance(formats, str) else formats)]
    known = [*api.SUFFIXES, api.THEME_OUTPUTS]
    unknown = [f for f in chosen if f not in known]
    if unknown or not chosen:
        raise fail("formats", f"expected some of {', '.join(known)}; got {formats!r}"
                   + (did_you_mean(unknown[0], known) if unknown else ""))
    return tuple(dict.fromkeys(chosen))


@contextlib.contextmanager
def _limits(given: Limits | Mapping[str, int] | None) -> Iterator[None]:
    """Put the call's limits in force for its duration (in this thread only)."""
    if given is None:
        yield
        return
    with using(given if isinstance(given, Limits) else active().updated(given)):
        yield
