"""Batch builds: one outline with {{ placeholders }}, one deck and one report per variant, built in parallel.

Variants come from the outline's `variants:` list, or from a CSV file or an Excel worksheet (`publisher build
--data units.csv`, `--data units.xlsx#2024`). The first key (or column) of a variant names its output folder,
OUT/<name>/. Every text of the outline, including
file paths such as `data: data/{{ 区 }}.csv`, has its placeholders replaced by the variant's values; a text that
is one placeholder and nothing else takes the value itself, so numbers stay numbers. One variant's failure is
reported with its location and does not stop the others.

Variants are built by any concurrent.futures.Executor (a local process pool by default, a Dask cluster's with
publisher.authoring.dask_batch): a worker sends the outputs back as bytes and this process writes them, so workers
need no shared file system. A variant whose inputs, fonts and code did not change since its folder's last build is kept
(see publisher.authoring.manifest); `shard` splits the variants between the machines of a job array.
"""
from __future__ import annotations

import json
import os
import re
import tempfile
import threading
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Executor, Future, as_completed
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from pydantic import BaseModel, ConfigDict, Field

from publisher.authoring import manifest
from publisher.errors import Diagnostic, PublisherError, Span, did_you_mean, dotted, fail
from publisher.inputs.resolve import csv_rows
from publisher.outline.model import Outline
from publisher.outline.source import Document
from publisher.outline.validation import validate
from publisher.runtime import atomic
from publisher.runtime.formats import format_of
from publisher.runtime.processes import pool
from publisher.text.written import WrittenNumber, parse_number, written_text

PLACEHOLDER = re.compile(r"\{\{\s*(\w+)\s*\}\}")
INTEGER = re.compile(r"-?(0|[1-9][0-9]*)")
DECIMAL = re.compile(r"-?(0|[1-9][0-9]*)\.[0-9]+")
UNSAFE_IN_NAMES = re.compile(r'[\\/:*?"<>|\s]+')
VariantRows = list[dict[str, str | WrittenNumber]]  # numbers keep their written text ("2302.60", "0012")


class BatchOutline(Outline):
    """An outline with `variants:`: one build per entry, whose keys fill the {{ placeholders }} of every text."""

    variants: VariantRows = Field(
        default=[], min_length=1,
        description="One entry per output: its keys fill {{ key }} in any text; the first key names OUT/<value>/.")


class _Variants(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    variants: VariantRows = Field(min_length=1)


@dataclass(frozen=True)
class Variant:
    """One row of a batch: the folder it builds into, its placeholder values, and where it was written."""

    name: str
    values: dict[str, Any]
    origin: Span


# ---------------------------------------------------------------- reading variants


def declared_variants(doc: Document) -> list[Variant]:
    """Return the variants an outline declares under `variants:` (none when it has no such key)."""
    if not isinstance(doc.data, dict) or "variants" not in doc.data:
        return []
    rows = validate(_Variants, doc).variants
    return _named([(row, doc.span(("variants", i))) for i, row in enumerate(rows)])


def file_variants(ref: str) -> list[Variant]:
    """Return one variant per data row of a CSV file, or of an Excel worksheet (units.xlsx or units.xlsx#sheet)."""
    from publisher.inputs import workbook

    name, sheet = workbook.split_ref(ref)
    path = Path(name)
    return xlsx_variants(path, ref, sheet) if path.suffix.lower() in workbook.SUFFIXES else csv_variants(path)


def xlsx_variants(path: Path, ref: str, sheet: str) -> list[Variant]:
    """Return one variant per data row of a worksheet with a header: numbers stay numbers, other cells become the
    text Excel shows; raise PublisherError naming the file, sheet and row."""
    from publisher.inputs import workbook

    if not path.is_file():
        raise fail(path, "no such file")
    try:
        rows = workbook.read(path, ref, sheet, shown=True)
    except workbook.Unreadable as exc:
        raise fail(path, str(exc)) from None
    if len(rows.rows) < 2:
        raise fail(path, f"sheet '{rows.name}' needs a header row and at least one data row", 1, 1)
    header = [str(cell) for cell in rows.shown[0]]
    values = [[_cell(raw, text) for raw, text in zip(cells, shown, strict=True)]
              for (_, cells), shown in zip(rows.rows, rows.shown, strict=True)]
    return _named([(dict(zip(header, row, strict=False)), Span(str(path), number, rows.first_column))
                   for (number, _), row in zip(rows.rows[1:], values[1:], strict=True)])


def csv_variants(path: Path) -> list[Variant]:
    """Return one variant per data row of a UTF-8 CSV file with a header; raise PublisherError on bad rows."""
    if path.exists() and not path.is_file():
        raise fail(path, "cannot read file: this is a folder, a pipe or a device; expected a CSV file")
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise fail(path, f"cannot read file: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise fail(path, "not UTF-8 text (save it as CSV UTF-8)", 1, 1) from None
    lines = csv_rows(text, path)
    if len(lines) < 2:
        raise fail(path, "needs a header row and at least one data row", 1, 1)
    header = lines[0][1]
    ragged = [Diagnostic(Span(str(path), n, 1), f"expected {len(header)} cells like the header; got {len(row)}")
              for n, row in lines[1:] if len(row) != len(header)]
    if ragged:
        raise PublisherError(ragged)
    rows = [({k: _typed(v) for k, v in zip(header, row, strict=True)}, Span(str(path), n, 1)) for n, row in lines[1:]]
    return _named(rows)


def _named(rows: list[tuple[dict[str, Any], Span]]) -> list[Variant]:
    """Return the rows as variants named by their first value; raise PublisherError on empty or repeated names."""
    problems, variants, seen = [], [], {}
    for values, span in rows:
        name = UNSAFE_IN_NAMES.sub("-", str(next(iter(values.values()), ""))).strip("-.")
        if not name:
            problems.append(Diagnostic(span, "the first value names the variant's folder; it is empty"))
        elif name in seen:
            problems.append(Diagnostic(span, f"variant '{name}' repeats the one at line {seen[name].line}"))
        else:
            seen[name] = span
            variants.append(Variant(name, values, span))
    if problems:
        raise PublisherError(problems)
    return variants


def _typed(cell: str) -> str | WrittenNumber:
    """Return a CSV cell as a number when it is written as one (no leading zeros), its text kept ("2302.60"), else
    as text."""
    return WrittenNumber(float(cell), cell) if INTEGER.fullmatch(cell) or DECIMAL.fullmatch(cell) else cell


def _cell(raw: Any, shown: str) -> str | WrittenNumber:
    """Return a worksheet cell: a number written as Excel shows it when that is a plain number (2302.60 formatted
    0.00), else to Excel's 15 digits; anything else as the text Excel shows."""
    if not isinstance(raw, int | float) or isinstance(raw, bool):
        return shown
    return WrittenNumber(raw, shown if parse_number(shown) else written_text(float(f"{raw:.15g}")))


# ---------------------------------------------------------------- filling placeholders


def template(doc: Document) -> Document:
    """Return the outline without its `variants:` key (positions kept)."""
    data = {k: v for k, v in doc.data.items() if k != "variants"} if isinstance(doc.data, dict) else doc.data
    return Document(doc.file, data, doc.spans, doc.text, doc.key_spans)


def fill(doc: Document, variant: Variant) -> Document:
    """Return the document with every {{ placeholder }} replaced by the variant's value; raise PublisherError
    naming each placeholder the variant has no value for."""
    problems: list[Diagnostic] = []
    data = _fill(doc.data, (), doc, variant, problems)
    if problems:
        raise PublisherError(problems)
    return Document(doc.file, data, doc.spans, doc.text, doc.key_spans)


def _fill(value: Any, path: tuple, doc: Document, variant: Variant, problems: list[Diagnostic]) -> Any:
    if isinstance(value, dict):
        return {k: _fill(v, (*path, k), doc, variant, problems) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, (*path, i), doc, variant, problems) for i, v in enumerate(value)]
    if isinstance(value, str) and "{{" in value:
        return _fill_text(value, path, doc, variant, problems)
    return value


def _fill_text(text: str, path: tuple, doc: Document, variant: Variant, problems: list[Diagnostic]) -> Any:
    whole = PLACEHOLDER.fullmatch(text.strip())
    if whole and whole.group(1) in variant.values:
        return variant.values[whole.group(1)]

    def replace(match: re.Match) -> str:
        key = match.group(1)
        if key in variant.values:
            return str(variant.values[key])
        keys = list(variant.values)
        problems.append(Diagnostic(doc.find(path, match.group(0)), f"variant '{variant.name}' has no value for "
                                   f"'{match.group(0)}'; it has {', '.join(keys)}{did_you_mean(key, keys)}",
                                   dotted(path)))
        return match.group(0)

    return PLACEHOLDER.sub(replace, text)


# ---------------------------------------------------------------- building


@dataclass(frozen=True)
class VariantJob:
    """Everything a worker needs to build one variant, paths as this machine sees them."""

    outline: Path
    template: Document
    variant: Variant
    formats: tuple[str, ...]
    theme: str | None
    allow_outside: bool
    name: str | None = None  # the outputs' file name before each ending (None: the outline's)
    strict: bool = False  # a warning fails the variant, and nothing of it is written


@dataclass(frozen=True)
class VariantOutput:
    """What a worker sends back: each output's file name and bytes, the warnings or errors, and its seconds."""

    variant: Variant
    seconds: float
    files: tuple[tuple[str, bytes], ...] = ()
    warnings: tuple[str, ...] = ()
    errors: tuple[str, ...] = ()


@dataclass(frozen=True)
class VariantResult:
    """What building one variant gave: its outputs (path, bytes), warnings or errors, its time, and whether its
    outputs were kept because nothing it depends on changed."""

    variant: Variant
    seconds: float
    outputs: tuple[tuple[str, int], ...] = ()
    warnings: tuple[str, ...] = ()
    errors: tuple[str, ...] = ()
    unchanged: bool = False

    @property
    def ok(self) -> bool:
        """Return True when the variant was built (or kept)."""
        return not self.errors


_ONE_BUILD_AT_A_TIME = threading.Lock()  # a process draws with global state (matplotlib, reportlab's fonts)


def build_variant(job: VariantJob, files: Mapping[str, bytes] | None = None) -> VariantOutput:
    """Return one variant's outputs as bytes, built in a temporary folder; bad input or a bug becomes its errors.

    files, when given, are the bytes of every file the build reads, by the absolute path this machine's client
    reads it at: a worker without the client's files (a Dask worker elsewhere) writes them at the same paths under
    its temporary folder and builds there, and gives every path in its messages back as the client wrote it. Builds
    in one process take turns: matplotlib and reportlab keep global state."""
    from publisher.api import build_result

    start = time.perf_counter()
    with _ONE_BUILD_AT_A_TIME, tempfile.TemporaryDirectory(prefix="publisher-variant-") as work:
        here = _Relocation(Path(work) / "in", job, files) if files else None
        try:
            moved = here.job if here else job
            doc = fill(moved.template, moved.variant)
            result = build_result(moved.outline, Path(work) / "out", moved.formats, moved.theme, moved.allow_outside,
                                  doc, parallel=False, name=moved.name, strict=moved.strict)
            outputs = tuple((p.name, p.read_bytes()) for p in result.outputs)
            warnings = tuple(str(w) for w in result.all_warnings())
            return VariantOutput(job.variant, time.perf_counter() - start, outputs,
                                 here.back(warnings) if here else warnings)
        except PublisherError as exc:
            errors = tuple(map(str, exc.diagnostics))
        except Exception as exc:  # a bug met by one variant must not stop the others
            errors = (f"{job.outline}: internal error: {type(exc).__name__}: {exc}",)
    return VariantOutput(job.variant, time.perf_counter() - start, errors=here.back(errors) if here else errors)


class _Relocation:
    """A job's input files written under a folder at the paths the client reads them at, and the job moved there."""

    def __init__(self, root: Path, job: VariantJob, files: Mapping[str, bytes]):
        self.root, self.names = root, {}
        for client, data in files.items():
            target = self.path(client)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        template = job.template
        spans = {key: Span(self.text(span.file), span.line, span.column) for key, span in template.spans.items()}
        key_spans = {key: Span(self.text(s.file), s.line, s.column) for key, s in template.key_spans.items()}
        moved = Document(Path(self.text(str(template.file))), template.data, spans, template.text, key_spans)
        theme = self.text(job.theme) if job.theme and Path(job.theme).is_absolute() else job.theme
        self.job = VariantJob(Path(self.text(str(job.outline))), moved, job.variant, job.formats, theme,
                              job.allow_outside)

    def path(self, client: str) -> Path:
        """Return where a client's file lives here."""
        absolute = Path(os.path.abspath(client))
        return self.root / absolute.relative_to(absolute.anchor)

    def text(self, client: str) -> str:
        """Return a client's path as text here, remembering how the client wrote it."""
        here = str(self.path(client))
        self.names.setdefault(here, client)
        return here

    def back(self, messages: tuple[str, ...]) -> tuple[str, ...]:
        """Return messages with every path of this folder written as the client wrote it."""
        pairs = sorted(self.names.items(), key=lambda pair: -len(pair[0]))
        root = str(self.root)
        result = []
        for message in messages:
            for here, client in pairs:
                message = message.replace(here, client)
            result.append(message.replace(root, ""))
        return tuple(result)


@dataclass(frozen=True)
class _Planned:
    """A job ready to build: the digest of everything it depends on, and the files it reads."""

    digest: str
    files: frozenset[Path]


def build_all(jobs: list[VariantJob], out_dir: Path, executor: Executor | None = None, workers: int | None = None,
              ship: Callable[[frozenset[Path]], Mapping[str, Any]] | None = None,
              on_result: Callable[[VariantResult], None] = lambda result: None,
              rebuild: bool = False) -> list[VariantResult]:
    """Return the result of every job, in job order; call on_result as each one is known.

    A variant whose folder records a build from the same inputs, code and fonts, outputs intact, is kept (unless
    rebuild); the others are built by `executor` (any concurrent.futures.Executor: a Dask client's, say), or by a
    pool of `workers` processes (default: the CPU count). Workers send the outputs back as bytes and this process
    writes them into OUT/<variant>/, with the record, all or nothing. ship(files), when given, returns what a
    worker needs to read the variant's input files (see build_variant): bytes, or the executor's handles to them.
    """
    digests, themes = manifest.FileDigests(), {}
    results: dict[int, VariantResult] = {}
    with _pool(executor, workers, len(jobs)) as pool:
        futures: dict[Future, tuple[int, str]] = {}
        try:
            for i, job in enumerate(jobs):  # each job is sent as soon as it is planned: workers start at once
                planned = _plan(job, digests, themes)
                kept = None if rebuild or isinstance(planned, VariantResult) else manifest.unchanged(
                    out_dir / job.variant.name, planned.digest)
                if isinstance(planned, VariantResult) or kept is not None:
                    results[i] = planned if isinstance(planned, VariantResult) else VariantResult(
                        job.variant, 0.0, tuple((str(p), p.stat().st_size) for p in kept[0]), kept[1], unchanged=True)
                    on_result(results[i])
                    continue
                files = ship(planned.files) if ship else None
                futures[pool.submit(build_variant, job, files)] = (i, planned.digest)
            for future in as_completed(futures):
                i, digest = futures.pop(future)  # its outputs' bytes go once written
                results[i] = _written(out_dir, _output(future, jobs[i]), digest)
                on_result(results[i])
        except BaseException:
            for future in list(futures):
                future.cancel()
            raise
    return [results[i] for i in range(len(jobs))]


@contextmanager
def _pool(executor: Executor | None, workers: int | None, count: int) -> Iterator[Executor]:
    """Yield the executor given, or a pool of worker processes that is shut down after."""
    if executor is not None:
        yield executor
        return
    with pool(max(1, min(workers or os.cpu_count() or 1, count))) as processes:
        yield processes


def _output(future: Future, job: VariantJob) -> VariantOutput:
    """Return a worker's output, or its loss (a worker killed, a result that could not come back) as an error."""
    try:
        return future.result()
    except Exception as exc:  # noqa: BLE001 - the executor's failure is this variant's, not the batch's
        return VariantOutput(job.variant, 0.0, errors=(f"{job.outline}: the worker building variant "
                                                       f"'{job.variant.name}' failed: {type(exc).__name__}: {exc}",))


def _plan(job: VariantJob, digests: manifest.FileDigests, themes: dict) -> _Planned | VariantResult:
    """Return what a job depends on, or its failure when its placeholders cannot be filled."""
    from publisher.authoring.watch import named_files, theme_files

    try:
        doc = fill(job.template, job.variant)
    except PublisherError as exc:
        return VariantResult(job.variant, 0.0, errors=tuple(map(str, exc.diagnostics)))
    choice = job.theme or (doc.data.get("theme", "default") if isinstance(doc.data, dict) else None)
    key = (json.dumps(choice, sort_keys=True, ensure_ascii=False, default=str), str(doc.file.resolve().parent))
    if key not in themes:
        themes[key] = (frozenset(theme_files(doc, job.theme)), tuple(_font_identities(doc, job.theme)))
    files = frozenset(named_files(doc, job.theme)) | themes[key][0]
    options = {"formats": job.formats, "theme": job.theme, "allow_outside": job.allow_outside,
               "outline": str(job.outline.resolve())}
    return _Planned(manifest.inputs_digest(doc.data, files, themes[key][1], options, digests), files)


def _font_identities(doc: Document, theme: str | None) -> Iterator[str]:
    """Yield the identity of each font file the theme's families resolve to (none when the theme cannot be read)."""
    from publisher.fonts import families as fonts
    from publisher.fonts.book import ROLES
    from publisher.theme.styles import load_theme

    choice = theme or (doc.data.get("theme", "default") if isinstance(doc.data, dict) else "default")
    try:
        chosen = load_theme(choice, Path.cwd()) if theme else load_theme(choice, doc.file.resolve().parent, doc)
    except PublisherError:
        return
    for role in ROLES:
        try:
            for face in fonts.resolve_family(getattr(chosen.fonts, role), [doc.file.parent]):
                yield fonts.source_key(face)
        except (KeyError, ValueError, OSError):
            yield f"{role}: not found"


def _written(out_dir: Path, output: VariantOutput, digest: str) -> VariantResult:
    """Return the result of a worker's output, its files and record written into OUT/<variant>/ all or nothing."""
    folder = out_dir / output.variant.name
    if output.errors:
        return VariantResult(output.variant, output.seconds, (), output.warnings, output.errors)
    targets = {folder / name: data for name, data in output.files}
    try:
        with ExitStack() as stack:
            temps = {target: stack.enter_context(atomic.staged(target))
                     for target in [*targets, folder / manifest.RECORD]}
            for target, data in targets.items():
                temps[target].write_bytes(data)
            record = manifest.record_text(digest, dict(output.files), output.warnings)
            temps[folder / manifest.RECORD].write_text(record, "utf-8")
            atomic.commit({temp: target for target, temp in temps.items()})
    except OSError as exc:
        return VariantResult(output.variant, output.seconds, (), output.warnings,
                             (f"{folder}: cannot write the outputs: {exc.strerror or exc}",))
    return VariantResult(output.variant, output.seconds, tuple((str(t), len(d)) for t, d in targets.items()),
                         output.warnings)


def shard(jobs: list[VariantJob], spec: str) -> list[VariantJob]:
    """Return the jobs of shard "i/N" (1 <= i <= N): every N-th variant from the i-th, so that N machines of a job
    array share the variants evenly; raise PublisherError on a malformed spec."""
    match = re.fullmatch(r"\s*([0-9]+)\s*/\s*([0-9]+)\s*", spec)
    if not match or not 1 <= int(match.group(1)) <= int(match.group(2)):
        raise fail("--shard", f"expected i/N with 1 <= i <= N, e.g. 3/8 for the third of eight; got '{spec}'")
    index, count = int(match.group(1)), int(match.group(2))
    return jobs[index - 1::count]


# ---------------------------------------------------------------- reporting


class Progress:
    """A progress bar with the rate and the time left, redrawn in place on a terminal; silent otherwise."""

    def __init__(self, total: int, stream: TextIO, clock: Callable[[], float] = time.monotonic):
        self.total, self.stream, self.clock = total, stream, clock
        self.done = self.failed = self.kept = 0
        self.start = clock()
        self.live = stream.isatty()

    def __call__(self, result: VariantResult) -> None:
        """Show one more finished variant."""
        self.done += 1
        self.failed += not result.ok
        self.kept += result.unchanged
        if not self.live:
            return
        end = "\n" if self.done == self.total else ""
        self.stream.write(f"\r\033[K{self.line(result.variant.name)}{end}")
        self.stream.flush()

    def line(self, name: str) -> str:
        """Return the progress line after the variant `name`: bar, counts, rate and time left."""
        filled = round(24 * self.done / self.total)
        bar = "█" * filled + "·" * (24 - filled)
        built, elapsed = self.done - self.kept, self.clock() - self.start
        counts = f"{self.done}/{self.total}" + (f"  {self.kept} unchanged" if self.kept else "") + (
            f"  {self.failed} failed" if self.failed else "")
        if not built or elapsed <= 0:
            return f"{bar} {counts}  {name}"
        rate = built / elapsed
        left = (self.total - self.done) / rate
        return f"{bar} {counts}  {60 * rate:.0f}/min  ETA {_clock(left)}  {name}"


def _clock(seconds: float) -> str:
    """Return seconds as m:ss, or h:mm:ss from an hour."""
    minutes, secs = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def summary_table(results: Iterable[VariantResult]) -> str:
    """Return a text table: variant, status, output sizes by format (deck-pdf, handout…: not by file ending, which
    several share), warnings, seconds, and where a failed one comes from."""
    rows = [("variant", "status", "outputs", "warnings", "seconds", "defined at")]
    for r in results:
        sizes = ", ".join(f"{format_of(Path(p))} {size / 1024:,.0f} KB" for p, size in r.outputs)
        status = "FAILED" if not r.ok else "unchanged" if r.unchanged else "ok"
        rows.append((r.variant.name, status, sizes or "-", str(len(r.warnings)),
                     f"{r.seconds:.1f}", "" if r.ok else str(r.variant.origin)))
    widths = [max(_width(row[c]) for row in rows) for c in range(len(rows[0]))]
    lines = ["  ".join(_pad(cell, w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _width(text: str) -> int:
    """Return the columns text takes in a terminal (CJK characters take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    """Return text padded with spaces to width terminal columns."""
    return text + " " * (width - _width(text))
