"""New parts of a deck named and related in constant time, so that a deck of n slides is built in O(n).

python-pptx finds the next free part name (a notes slide, a picture, a chart) by walking every relationship of the
package, looks for a picture already stored by walking them again, and relates each new slide to the presentation
after scanning all of its relationships: each new part costs time in proportion to the deck, so the deck costs
the square of its size (a 1,900-slide deck spent most of its time there). `index_parts` gives the package an
index of the names and pictures it holds, which the package's methods then use; a part is still made and related
by python-pptx, with the same names as before, so the bytes do not change.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import IO, Any

from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.packuri import PackURI
from pptx.parts.image import Image, ImagePart

IMAGE_NAME = "/ppt/media/image%d.%s"
FIRST_SLIDE_ID = 256  # the lowest slide id PowerPoint allows


class PartIndex:
    """The part names taken in a presentation's package, the next number to try per name template, its pictures by
    SHA-1, and the next slide id."""

    def __init__(self, presentation: Any):
        package = presentation.part.package
        parts = list(package.iter_parts())
        self.package = package
        self.taken = {str(part.partname) for part in parts}
        self.images = {part.sha1: part for part in parts if isinstance(part, ImagePart)}
        self.image_numbers = {part.partname.idx for part in parts if part.partname.startswith("/ppt/media/image")}
        self.counters: dict[str, int] = {}
        self.slide_id = max([FIRST_SLIDE_ID - 1, *map(int, presentation.slides._sldIdLst.xpath("./p:sldId/@id"))]) + 1

    def next_partname(self, template: str) -> PackURI:
        """Return the lowest free name of a %d template (names are only ever added while a deck is built)."""
        number = self._free(template, lambda n: template % n in self.taken)
        self.taken.add(template % number)
        return PackURI(template % number)

    def next_image_partname(self, ext: str) -> PackURI:
        """Return the lowest free picture name, numbered across extensions as python-pptx numbers them."""
        number = self._free(IMAGE_NAME, self.image_numbers.__contains__)
        self.image_numbers.add(number)
        return PackURI(IMAGE_NAME % (number, ext))

    def get_or_add_image_part(self, image_file: str | IO[bytes]) -> ImagePart:
        """Return the part holding a picture: the stored one with the same bytes, else a new one."""
        image = Image.from_file(image_file)
        if image.sha1 not in self.images:
            self.images[image.sha1] = ImagePart.new(self.package, image)
        return self.images[image.sha1]

    def _free(self, template: str, taken: Callable[[int], bool]) -> int:
        """Return the lowest number from the template's counter on that is not taken, and move the counter past it."""
        number = self.counters.get(template, 1)
        while taken(number):
            number += 1
        self.counters[template] = number + 1
        return number


    def add_slide(self, presentation: Any, layout: Any, placeholders: bool = True) -> Any:
        """Return a new slide on a layout, added as python-pptx's Slides.add_slide adds it (with the layout's
        placeholders unless told not to), with the next slide id counted here rather than found by reading every
        slide id."""
        rId, slide = presentation.part.add_slide(layout)
        if placeholders:
            slide.shapes.clone_layout_placeholders(layout)
        presentation.slides._sldIdLst._add_sldId(id=self.slide_id, rId=rId)
        self.slide_id += 1
        return slide


def index_parts(presentation: Any) -> PartIndex:
    """Return the index of the presentation's parts, its package now naming new parts, finding stored pictures and
    relating new slides in constant time; add slides with its add_slide."""
    package, part = presentation.part.package, presentation.part
    index = PartIndex(presentation)
    package.next_partname = index.next_partname
    package.next_image_partname = index.next_image_partname
    package.get_or_add_image_part = index.get_or_add_image_part
    relate_to = part.relate_to
    part.relate_to = lambda target, reltype, is_external=False: (
        part.rels._add_relationship(reltype, target) if reltype == RT.SLIDE else relate_to(target, reltype,
                                                                                         is_external))
    return index
