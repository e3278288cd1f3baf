"""Floating figures of the PDF report, as LaTeX places them: a figure that does not fit the rest of a page never
leaves a hole there.

It first waits: the text after it fills the page, and it opens the next one, before any later figure and before
the next top-level heading (a FloatBarrier). When no text of its chapter is left to fill the page, it is lifted
instead up the page it was met on, above text of its own section: under the last of its section's heading, the
figure before it and the top of the page that are on that page (so numbers stay in order and a figure never leaves
its section), when there is room enough below that place. A lift is learnt by one layout pass and applied by the
next (Layout.lifts: figure → the place it goes under), as page numbers are. Places are named by the story, not by
page numbers, so that a lift learnt in a pass whose pages then move is either still right or not applied.
"""
from __future__ import annotations

from reportlab.platypus import Flowable, Spacer

PAGE_TOP = "page from {order}"  # the top of the page that starts with (a part of) the story's flowable number order


class FloatBarrier(Flowable):
    """Takes no room; figures waiting for the next page are placed before it (the next top-level heading, the end).
    It is a frame action, placed even on a full page (whose last paragraph's space after ends below the frame), so
    a story ending at a page's foot adds no empty page."""

    def frameAction(self, frame) -> None:  # noqa: N802 (reportlab's name)
        """Take no place in the frame."""

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """Return no size."""
        return 0.0, 0.0

    def draw(self) -> None:
        """Draw nothing."""


class Floats:
    """The floating figures of one layout pass: those waiting, the lifts to apply and the lifts learnt.

    Places a figure may be lifted under are named by the flowable that ends them (its `place`): a heading and its
    lead ("h2.1"), a figure's last line ("figure sections.1.blocks.3"), or the top of a page, by the story's flowable
    it starts with ("page from 57": every flowable of the story carries its `order`, a part split off one its own)."""

    def __init__(self, doc, lifts: dict[str, str], learn: bool = True):
        self.doc, self.lifts, self.learn = doc, lifts, learn  # learn: note new lifts (early passes only)
        self.waiting: list[Flowable] = []
        self.found: dict[str, str] = dict(lifts)  # figure key → the place it is lifted under (kept unless it strands)
        self.places: dict[str, tuple[int, float]] = {}  # place → page and the y just under it
        self.last_figure = ""  # the place ending the last figure placed
        self.just_placed = ""  # the place ending the flowable placed last, if it ends one
        self.order = 0  # the story's flowable at the front (a part split off one has none: it keeps the one before)
        self.page_tops: dict[int, str] = {}  # page → the place at its top

    def defer(self, figure: Flowable) -> Flowable:
        """Keep a figure that does not fit the rest of the page for the top of the next one; return what stands in
        its place meanwhile (nothing)."""
        self.waiting.append(figure)
        return FloatBarrier()

    def placed(self, flowable: Flowable) -> None:
        """Note the places a flowable ends (a heading and lead, a figure)."""
        self.just_placed = getattr(flowable, "place", "")
        if self.just_placed:
            self.places[self.just_placed] = (self.doc.page, self.doc.frame._y)
            if self.just_placed.startswith("figure "):
                self.last_figure = self.just_placed

    def stranded(self, key: str, section: str, need: float) -> None:
        """Note that a figure needing `need` points could neither fit nor wait and ends its page early: the next pass
        lifts it under the lowest of its section's heading, the last figure and the page's top on this page, when
        there is that much room below (a place learnt before that did not serve is replaced)."""
        page, frame = self.doc.page, self.doc.frame
        top = (self.page_tops.get(page, ""), frame._y1 + frame._height)
        marks = [(name, self.places[name][1]) for name in (section, self.last_figure)
                 if name in self.places and self.places[name][0] == page]
        place, y = min([top, *marks], key=lambda mark: mark[1])
        if self.learn and place and y - frame._y1 >= need:
            self.found[key] = place

    def filter(self, flowables: list[Flowable]) -> None:
        """Place the figures lifted under the place just ended or at the top of this page; then, at the top of a page
        or before a barrier, the figures waiting; a later figure waits behind them, so that figures keep their
        order."""
        at_top = getattr(getattr(self.doc, "frame", None), "_atTop", False)
        self.order = getattr(flowables[0], "order", self.order)
        if at_top:
            self.page_tops.setdefault(self.doc.page, PAGE_TOP.format(order=self.order))
        place = self.page_tops.get(self.doc.page, "") if at_top else self.just_placed
        self.just_placed = ""
        lifted = self._lifted(flowables, place) if place and self.lifts else []
        if lifted and not at_top:
            flowables[0:0] = lifted
        elif (at_top or isinstance(flowables[0], FloatBarrier)) and (self.waiting or lifted):
            _not_postponed(flowables[0])  # it was put off by the figures now ahead of it, not by its size
            flowables[0:0], self.waiting = [*self.waiting, *lifted], []
        elif self.waiting and getattr(flowables[0], "floats", False):
            self.waiting.append(flowables[0])
            flowables[0] = None

    def _lifted(self, flowables: list[Flowable], place: str) -> list[Flowable]:
        """Return the figures lifted under a place, taken out of the story ahead (nothing left where they were); under
        a heading or a figure only those with room there (a lift learnt in an earlier pass may no longer fit)."""
        out = []
        frame = self.doc.frame
        room = frame._y - frame._y1
        for index, flowable in enumerate(flowables):
            key = getattr(flowable, "key", "")
            if key and self.lifts.get(key) == place and (frame._atTop or self._fits(flowable, room)):
                out.append(flowable)
                flowables[index] = Spacer(0, 0)
                self.found[key] = place
                flowable.floats = False
                room -= flowable.least_height(self.doc.canv, frame._getAvailableWidth())
        return out

    def _fits(self, figure: Flowable, room: float) -> bool:
        return figure.least_height(self.doc.canv, self.doc.frame._getAvailableWidth()) <= room


def _not_postponed(flowable: Flowable | None) -> None:
    """Forget that reportlab put a flowable off to the next page once: it raises LayoutError when a flowable is put
    off twice, which figures placed ahead of it at the top of that page would otherwise cause."""
    if flowable is not None and hasattr(flowable, "_postponed"):
        del flowable._postponed
