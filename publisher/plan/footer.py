"""The footer band of the slides: the theme's footer text on the left; at the right end the theme's logo, left of it
the live slide number, and left of that a live date field when deck.footer.date is true.

The logo (deck.footer.logo) is resolved like deck.template: relative to the file that names it, inside the outline's
folder unless --allow-outside. `check_logo` runs with the other input checks, before anything is written, so a
missing file or one that is not an image is an error located in the YAML. The logo keeps its aspect: it is
logo_height points tall (less when it would take more than a third of the band) and centred on the band.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from publisher.errors import Diagnostic, PublisherError, Span, dotted
from publisher.plan.fit import paragraph
from publisher.plan.layouts import Region
from publisher.plan.model import Box, DateField, Picture, SlideNumber, TextFrame
from publisher.plan.regions import Context, Drawn, region_kind
from publisher.theme.styles import Theme

LOGO = ("deck", "footer", "logo")
NUMBER_EM = 4.0  # width of the slide number's box, in em of the footer size
DATE_EM = 6.0  # width of the date field's box: "2025/12/31" takes about 5.2 em
GAP_EM = 1.0  # between the pieces at the right end
TEXT_GAP = 20.0  # points between the footer text and the first piece right of it
LOGO_SHARE = 1 / 3  # most of the band's width the logo may take


@region_kind("footer")
def footer(region: Region, box: Box, content: Any, ctx: Context) -> Drawn:
    """Return the footer text on the left and the logo, slide number and date (when asked for) at the right."""
    look = ctx.look(region)
    shapes: list = []
    right = box.right
    if region.logo and ctx.theme.deck.footer.logo:
        logo = _logo(box, ctx)
        shapes.append(logo)
        right = logo.box.x - GAP_EM * look.size
    number = SlideNumber(Box(right - NUMBER_EM * look.size, box.y, NUMBER_EM * look.size, box.h), look.size,
                         look.family, look.color)
    shapes.append(number)
    right = number.box.x
    if ctx.theme.deck.footer.date:
        date = DateField(Box(right - DATE_EM * look.size, box.y, DATE_EM * look.size, box.h), look.size,
                         look.family, look.color, pattern=ctx.theme.locale.date)
        shapes.append(date)
        right = date.box.x
    text = ctx.text(ctx.theme.deck.footer.text)
    width = right - TEXT_GAP - box.x
    if text and width > 0:
        line = ctx.ts.one_line(text, width, look)
        shapes.insert(0, TextFrame(Box(box.x, box.y, width, box.h), (paragraph((line,), look),), "ctr", "Footer"))
    return Drawn(shapes)


def _logo(box: Box, ctx: Context) -> Picture:
    """Return the theme's logo at the right end of the band: aspect kept, centred on the band, inside the slide."""
    path = logo_path(ctx.theme)
    width, height = pixel_size(path)
    tall = min(ctx.theme.deck.footer.logo_height, box.w * LOGO_SHARE * height / width)
    wide = tall * width / height
    top = min(max(0.0, box.y + (box.h - tall) / 2), ctx.theme.deck.height - tall)
    return Picture(Box(box.right - wide, top, wide, tall), path, ctx.theme.locale.logo, "Logo")


def logo_path(theme: Theme) -> Path:
    """Return the theme's logo file: deck.footer.logo relative to the file that names it."""
    span = theme.span(LOGO)
    folder = Path(span.file).parent if span else Path.cwd()
    return (folder / theme.deck.footer.logo).resolve()


def pixel_size(path: Path) -> tuple[int, int]:
    """Return an image's width and height in pixels."""
    from PIL import Image

    with Image.open(path) as image:
        return image.size


def check_logo(theme: Theme, base_dir: Path, allow_outside: bool) -> None:
    """Raise PublisherError, located where deck.footer.logo is written, when the logo cannot be drawn."""
    ref = theme.deck.footer.logo
    if not ref:
        return
    path = logo_path(theme)
    if (Path(ref).is_absolute() or not path.is_relative_to(base_dir.resolve())) and not allow_outside:
        raise _error(theme, f"'{ref}' is outside the outline's folder; pass --allow-outside to permit it")
    if path.exists() and not path.is_file():
        raise _error(theme, f"'{ref}' is a folder, a pipe or a device; expected a PNG or JPEG file")
    if not path.is_file():
        raise _error(theme, f"no file '{ref}' (looked in {path.parent})")
    problem = _image_problem(path)
    if problem:
        raise _error(theme, f"'{ref}' {problem}")


def _image_problem(path: Path) -> str:
    """Return why a file cannot serve as the logo, or "" when it is a PNG or JPEG image of sensible size."""
    from PIL import Image, UnidentifiedImageError

    from publisher.outline import limits

    most = limits.active().image_pixels
    try:
        with Image.open(path) as image:
            if image.format not in ("PNG", "JPEG"):
                return f"is a {image.format} image; the logo must be a PNG or JPEG image"
            if image.width * image.height > most:
                return f"has {image.width}×{image.height} pixels; the limit is {most:,} (--limit image_pixels=N)"
            image.verify()
    except Image.DecompressionBombError:
        return f"claims more than {most:,} pixels (a decompression bomb?)"
    except (UnidentifiedImageError, OSError) as exc:
        return f"is not a readable PNG or JPEG image ({type(exc).__name__})"
    return ""


def _error(theme: Theme, message: str) -> PublisherError:
    return PublisherError([Diagnostic(theme.span(LOGO) or Span("theme"), message, dotted(LOGO))])
