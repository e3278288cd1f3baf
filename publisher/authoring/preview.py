"""Pictures of the real outputs: PDF pages rendered by pypdfium2, deck slides by LibreOffice then pypdfium2, laid
out as one numbered contact sheet per output, with the build's warnings listed under the grid. Where LibreOffice is
missing or fails, the deck's slides are those of the deck PDF (<name>.slides.pdf, drawn from the same deck plan), and
the sheet's title says so: contact sheets work on any machine.

A warning naming a slide (deck) or page (report) marks that thumbnail: a frame in the alert colour and a "⚠ N"
badge counting its warnings; its line under the grid starts "slide 7: " or "page 3: ". Warnings naming neither
(the outline's own) are listed only.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from publisher.resources import data_dir

if TYPE_CHECKING:
    from PIL import Image as PILImage

    from publisher.api import BuildResult
    from publisher.errors import Diagnostic

INSTALL_HINT = ("deck thumbnails need LibreOffice: install it with `apt-get install libreoffice-impress` "
                "(or your system's libreoffice package), then run preview again")
SOFFICE_TIMEOUT = 300
LABEL_FONT, BADGE_FONT = "NotoSansSC-Regular.otf", "NotoSansSC-Bold.otf"  # both have ⚠ (U+26A0)
INK, MUTED, RULE, PAPER, ALERT = "#1F2933", "#5F6B7A", "#BFCCDA", "#F4F6F8", "#C0392B"
MARGIN, GAP, LABEL, TITLE, NOTE_LINE = 24, 16, 30, 56, 22
MARK, BADGE_SIZE, BADGE_PAD = 4, 18, 5  # px: the frame around a thumbnail with warnings, the badge's text and padding
MAX_NOTES = 12
GALLERY_NEEDLE = "分季度地区生产总值"  # the starter outline's chart title: its slide and page are the samples
GALLERY_SLIDE_WIDTH, GALLERY_PAGE_WIDTH = 480, 191  # both 270 px high


class PreviewUnavailable(Exception):
    """A preview that this machine cannot render (LibreOffice missing or failing)."""


@dataclass(frozen=True)
class SheetStyle:
    """How thumbnails of one kind of output are laid out: width in pixels and columns."""

    width: int
    columns: int


SHEETS = {"pptx": SheetStyle(320, 4), "pdf": SheetStyle(200, 6)}
SLIDES_PDF = ".slides.pdf"  # the deck PDF's ending (publisher.api.SUFFIXES["deck-pdf"])
WITHOUT_LIBREOFFICE = "slides drawn from the deck plan: LibreOffice is not installed or failed"


def kind_of(output: Path) -> str:
    """Return "pptx" for the deck (its PPTX or its PDF of slides), else "pdf"."""
    return "pptx" if output.suffix == ".pptx" or output.name.endswith(SLIDES_PDF) else "pdf"


def slides_pdf(deck: Path) -> Path:
    """Return where the deck PDF of a PPTX is written beside it."""
    return deck.with_name(deck.stem + SLIDES_PDF)


def page_images(pdf: Path, width: int) -> list[PILImage.Image]:
    """Return every page of a PDF rendered width pixels wide."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    try:
        return [document[i].render(scale=width / document[i].get_width()).to_pil() for i in range(len(document))]
    finally:
        document.close()


def page_text(pdf: Path) -> list[str]:
    """Return the text of every page of a PDF."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    try:
        return [document[i].get_textpage().get_text_range() for i in range(len(document))]
    finally:
        document.close()


def deck_pdf(pptx: Path, work_dir: Path) -> Path:
    """Return the deck converted to PDF by LibreOffice (private profile, the bundled fonts visible); raise
    PreviewUnavailable when soffice is missing or fails."""
    soffice = shutil.which("soffice")
    if soffice is None:
        raise PreviewUnavailable(INSTALL_HINT)
    profile = work_dir / "libreoffice-profile"
    env = {**os.environ, "FONTCONFIG_FILE": str(_fontconfig(work_dir))}
    command = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
               "--outdir", str(work_dir), str(pptx)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=SOFFICE_TIMEOUT, env=env)
    except subprocess.TimeoutExpired:
        raise PreviewUnavailable(f"LibreOffice took more than {SOFFICE_TIMEOUT} s to convert {pptx}") from None
    converted = work_dir / f"{pptx.stem}.pdf"
    if done.returncode != 0 or not converted.is_file():
        raise PreviewUnavailable(f"LibreOffice could not convert {pptx}: {done.stderr.strip() or done.stdout.strip()}")
    return converted


def _fontconfig(work_dir: Path) -> Path:
    """Return a fontconfig file adding the bundled fonts to the system's, so LibreOffice draws the deck's faces
    (the full .otf files: the GB 2312 subsets beside them carry the same family names)."""
    path = work_dir / "fonts.conf"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        f"  <dir>{data_dir('fonts')}</dir>\n  <cachedir>{work_dir / 'fontconfig-cache'}</cachedir>\n"
        "  <selectfont><rejectfont><glob>*.common.ttf</glob></rejectfont></selectfont>\n"
        "</fontconfig>\n", encoding="utf-8")
    return path


def thumbnails(output: Path, work_dir: Path) -> tuple[list[PILImage.Image], str]:
    """Return one thumbnail per slide (a deck) or page (a .pdf), and a note when the slides of a PPTX are those of
    its deck PDF (LibreOffice missing or failing), else ""."""
    kind = kind_of(output)
    pdf, note = output, ""
    if output.suffix == ".pptx":
        pdf, note = _deck_pages(output, work_dir)
    return page_images(pdf, SHEETS[kind].width), note


def _deck_pages(deck: Path, work_dir: Path) -> tuple[Path, str]:
    """Return LibreOffice's PDF of a PPTX, or the deck PDF beside it when LibreOffice cannot make one (with a note);
    raise PreviewUnavailable when neither can be had."""
    try:
        return deck_pdf(deck, work_dir), ""
    except PreviewUnavailable:
        if not slides_pdf(deck).is_file():
            raise
        return slides_pdf(deck), WITHOUT_LIBREOFFICE


def contact_sheet(images: list[PILImage.Image], title: str, columns: int, labels: list[str] | None = None,
                  notes: list[str] = (), marks: dict[int, int] | None = None) -> PILImage.Image:
    """Return the images in a grid, each labelled under it (numbered from 1 by default), the title above, the
    notes below; marks gives the number of warnings of 1-based images, which are framed and badged."""
    from PIL import Image, ImageDraw

    cell_w, cell_h = max(i.width for i in images), max(i.height for i in images)
    rows = -(-len(images) // columns)
    shown = _shown_notes(notes)
    width = 2 * MARGIN + columns * cell_w + (columns - 1) * GAP
    height = TITLE + MARGIN + rows * (cell_h + LABEL + GAP) + len(shown) * NOTE_LINE + MARGIN
    sheet = Image.new("RGB", (width, height), PAPER)
    draw = ImageDraw.Draw(sheet)
    draw.text((MARGIN, MARGIN), title, fill=INK, font=_font(22))
    for number, image in enumerate(images, 1):
        row, column = divmod(number - 1, columns)
        x, y = MARGIN + column * (cell_w + GAP), TITLE + MARGIN + row * (cell_h + LABEL + GAP)
        sheet.paste(image, (x, y))
        draw.rectangle((x - 1, y - 1, x + image.width, y + image.height), outline=RULE)
        count = marks.get(number, 0) if marks else 0
        if count:
            _mark(draw, (x, y, x + image.width, y + image.height), count)
        label = labels[number - 1] if labels else str(number)
        draw.text((x + image.width // 2, y + image.height + 6), label, fill=ALERT if count else MUTED,
                  font=_font(16), anchor="mt")
    top = TITLE + MARGIN + rows * (cell_h + LABEL + GAP)
    for i, line in enumerate(shown):
        draw.text((MARGIN, top + i * NOTE_LINE), line, fill=ALERT, font=_font(14))
    return sheet


def _mark(draw, box: tuple[int, int, int, int], count: int) -> None:
    """Frame the thumbnail at box (left, top, right, bottom) in the alert colour, outside it, and badge its
    top-right corner with "⚠ count"."""
    left, top, right, bottom = box
    draw.rectangle((left - MARK, top - MARK, right + MARK - 1, bottom + MARK - 1), outline=ALERT, width=MARK)
    text, font = f"⚠ {count}", _font(BADGE_SIZE, BADGE_FONT)
    width = draw.textlength(text, font=font)
    badge = (right - width - 2 * BADGE_PAD, top, right, top + BADGE_SIZE + 2 * BADGE_PAD)
    draw.rectangle(badge, fill=ALERT)
    draw.text(((badge[0] + badge[2]) / 2, (badge[1] + badge[3]) / 2), text, fill="white", font=font, anchor="mm")


def _shown_notes(notes: list[str]) -> list[str]:
    """Return the notes that fit under a sheet, with a last line counting the others."""
    if len(notes) <= MAX_NOTES:
        return list(notes)
    return [*notes[:MAX_NOTES - 1], f"… and {len(notes) - MAX_NOTES + 1} more warnings"]


def _font(size: int, face: str = LABEL_FONT):
    """Return a bundled Noto Sans SC face at size pixels."""
    from PIL import ImageFont

    return ImageFont.truetype(str(data_dir("fonts") / face), size)


def sheet_for(output: Path, work_dir: Path, warnings: list[Diagnostic]) -> PILImage.Image:
    """Return the contact sheet of one output, titled with its name and count, its thumbnails with warnings marked,
    the build's warnings listed."""
    kind = kind_of(output)
    images, note = thumbnails(output, work_dir)
    noun = "slides" if kind == "pptx" else "pages"
    summary = f", {len(warnings)} warning{'s' if len(warnings) > 1 else ''}" if warnings else ""
    title = f"{output.name} — {len(images)} {noun}{summary}" + (f" ({note})" if note else "")
    marks = Counter(number for w in warnings if (number := shown_on(w, kind)))
    return contact_sheet(images, title, SHEETS[kind].columns, notes=[note_line(w) for w in warnings], marks=marks)


def shown_on(warning: Diagnostic, kind: str) -> int | None:
    """Return the 1-based slide (kind pptx) or page (kind pdf) a warning names, or None."""
    return warning.slide if kind == "pptx" else warning.page


def note_line(warning: Diagnostic) -> str:
    """Return a warning as listed under the grid: "slide 7: outline.yaml:12:7: sections[2]: message"."""
    where = f"{warning.path}: " if warning.path else ""
    line = f"{warning.span}: {where}{warning.message}"
    return f"{warning.place}: {line}" if warning.place else line


def preview(result: BuildResult, out_dir: Path) -> tuple[list[Path], list[str]]:
    """Write one contact sheet <output name>.png per output of a build into out_dir (the deck PDF of a PPTX of the
    build is its slides, not a sheet of its own); return the sheets written and what could not be previewed, with
    the reason."""
    from publisher.api import format_of

    out_dir.mkdir(parents=True, exist_ok=True)
    sheets, skipped = [], []
    decks = {slides_pdf(o) for o in result.outputs if o.suffix == ".pptx"}
    with tempfile.TemporaryDirectory(prefix="publisher-preview-") as work:
        for output in result.outputs:
            if output in decks:
                continue
            warnings = result.warnings["load"] + result.warnings.get(format_of(output), [])
            try:
                sheet = sheet_for(output, Path(work), warnings)
            except PreviewUnavailable as exc:
                skipped.append(f"{output.name}: {exc}")
                continue
            path = out_dir / f"{output.name}.png"
            sheet.save(path, optimize=True)
            sheets.append(path)
    return sheets, skipped


def deck_formats() -> tuple[str, ...]:
    """Return the formats a preview builds: the deck and the report, and the deck PDF when LibreOffice is missing."""
    return ("pptx", "pdf") if shutil.which("soffice") else ("pptx", "pdf", "deck-pdf")


def theme_gallery(out_dir: Path) -> tuple[Path, list[str]]:
    """Write theme-gallery.png into out_dir: for each built-in theme, the starter outline's chart slide and the
    report page holding that chart; return its path and what could not be shown, with the reason."""
    from publisher.theme.styles import builtin_names

    out_dir.mkdir(parents=True, exist_ok=True)
    images, labels, skipped = [], [], []
    with tempfile.TemporaryDirectory(prefix="publisher-gallery-") as work:
        for theme in builtin_names():
            for label, image in _theme_samples(theme, Path(work) / theme, skipped):
                images.append(image)
                labels.append(label)
    sheet = contact_sheet(images, f"built-in themes: {', '.join(builtin_names())}", 2, labels)
    path = out_dir / "theme-gallery.png"
    sheet.save(path, optimize=True)
    return path, skipped


def _theme_samples(theme: str, work_dir: Path, skipped: list[str]) -> list[tuple[str, PILImage.Image]]:
    """Return (label, image) of the sample slide and page of one theme, noting in skipped what LibreOffice could
    not render."""
    from publisher.api import build_result
    from publisher.authoring.starter import scaffold

    scaffold(work_dir, theme)
    deck, report, *_ = build_result(work_dir / "outline.yaml", work_dir / "out", deck_formats()).outputs
    samples = []
    try:
        samples.append((f"{theme}: slide", _sample(_deck_pages(deck, work_dir)[0], GALLERY_SLIDE_WIDTH)))
    except PreviewUnavailable as exc:
        skipped.append(f"{theme} slide: {exc}")
    samples.append((f"{theme}: page", _sample(report, GALLERY_PAGE_WIDTH)))
    return samples


def _sample(pdf: Path, width: int) -> PILImage.Image:
    """Return the first page of pdf showing the starter outline's chart title, rendered width pixels wide."""
    texts = page_text(pdf)
    index = next((i for i, text in enumerate(texts) if GALLERY_NEEDLE in "".join(text.split())), 0)
    return page_images(pdf, width)[index]
