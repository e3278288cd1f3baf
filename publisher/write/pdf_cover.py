"""The report's title: a cover page, or (公文 style) a title block heading page 1 and a signature closing the text."""
from __future__ import annotations

from reportlab.platypus import Flowable

from publisher.outline.model import ReportInfo
from publisher.text.breaking import break_lines, break_title
from publisher.write.pdf_style import Ink, PdfStyle
from publisher.write.pdf_text import CJKParagraph, draw_string, text_width

COVER_TITLE_AT = 0.36  # the cover title's top, as a share of the type area's height from its top
COVER_BAND_WIDTH = 3.0  # points: the cover rule's thickness
TITLE_LINES = 3  # a title breaks at phrase boundaries into at most this many lines
SIGNATURE_INSET = 4  # characters between the signature and date and the right margin (GB/T 9704 §7.3.5)


class TitleBlock(Flowable):
    """The title in balanced lines (GB/T 9704 §7.3.1) and the subtitle, centred."""

    def __init__(self, info: ReportInfo, style: PdfStyle):
        super().__init__()
        self.info, self.style = info, style
        report = style.report
        self.title = style.ink(report.title_role, True, report.cover.title_size, report.headings.color)
        self.subtitle = style.ink(report.title_role, False, report.cover.subtitle_size, "text")
        self.spaceAfter = style.body.leading

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """Return the block's size."""
        self.width = availWidth
        self.height = self.block_height()
        return availWidth, self.height

    def block_height(self) -> float:
        """Return the height of the title and subtitle lines."""
        height = len(self.title_lines()) * self.title.leading
        if self.info.subtitle:
            height += (len(self.lines(self.info.subtitle, self.subtitle)) + 1) * self.subtitle.leading
        return height

    def draw(self) -> None:
        """Draw the title and subtitle from the top of the block."""
        self.draw_titles(self.height)

    def draw_titles(self, top: float) -> float:
        """Draw title and subtitle centred below top; return the bottom of the last line box."""
        bottom = self.centred(self.title_lines(), self.title, top)
        if self.info.subtitle:
            lines = self.lines(self.info.subtitle, self.subtitle)
            bottom = self.centred(lines, self.subtitle, bottom - self.subtitle.leading)
        return bottom

    def title_lines(self) -> list[str]:
        """Return the title broken at phrase boundaries, balanced, else broken by characters."""
        titled = break_title(self.info.title, self.width, self.title.width, self.style.rules, TITLE_LINES)
        return [line.text for line in titled] if titled else self.lines(self.info.title, self.title)

    def lines(self, text: str, ink: Ink) -> list[str]:
        """Return text broken to the frame width."""
        return [line.text for line in break_lines(text, self.width, ink.width, self.style.rules)]

    def centred(self, lines: list[str], ink: Ink, top: float) -> float:
        """Draw lines centred below top; return the bottom of the last line box."""
        for number, text in enumerate(lines):
            baseline = top - number * ink.leading - ink.baseline()
            draw_string(self.canv, text, ink, (self.width - text_width(text, ink)) / 2, baseline)
        return top - len(lines) * ink.leading


class CoverPage(TitleBlock):
    """The cover: a rule in the band colour, title and subtitle, organisation and date at the foot; a whole page."""

    def __init__(self, info: ReportInfo, style: PdfStyle):
        super().__init__(info, style)
        cover = style.report.cover
        self.meta = style.ink("body", False, cover.meta_size, "muted")
        self.spaceAfter = 0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """Return the whole frame."""
        self.width, self.height = availWidth, availHeight
        return availWidth, availHeight

    def draw(self) -> None:
        """Draw the cover."""
        top = self.height * (1 - COVER_TITLE_AT)
        band = self.style.report.cover.band
        if band:
            self.canv.setFillColor(self.style.color(band))
            self.canv.rect(0, top + self.title.leading * 0.6, self.width, COVER_BAND_WIDTH, stroke=0, fill=1)
        self.draw_titles(top)
        meta = [t for t in (self.info.organisation, self.info.author, self.info.date) if t]
        self.centred(meta, self.meta, self.meta.leading * len(meta))


def signature(info: ReportInfo, style: PdfStyle) -> list[Flowable]:
    """Return the organisation and date closing a 公文-style text, right-aligned four characters in."""
    body = style.body
    lines = [t for t in (info.organisation or info.author, info.date) if t]
    out = [CJKParagraph(text, body, style.rules, justify=False, align="right", right=SIGNATURE_INSET * body.size)
           for text in lines]
    if out:
        out[0].spaceBefore = 2 * body.leading
    return out
