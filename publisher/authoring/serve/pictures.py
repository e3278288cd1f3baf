"""Pictures of a good build for the page: every page of the report, and every slide of the deck PDF (drawn by
reportlab from the same deck plan as the PPTX, without LibreOffice), rendered by pypdfium2 and encoded as JPEG. A
picture is named by the hash of its bytes, so a slide that did not change keeps its name from build to build, and
the browser its copy.

The painter draws in a thread of its own, so a build never waits for pictures: the report's pages, then the deck
PDF (one of the build's outputs, or written by a forked writer from the build's project into a private folder) and
its slides; when builds come faster than it draws, it draws the newest and skips the ones in between.
"""
from __future__ import annotations

import hashlib
import io
import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

from publisher.authoring.serve.snapshot import PDFIUM, Snapshot

SLIDE_WIDTH, PAGE_WIDTH = 1280, 1000  # pixels: enough for the large view on a laptop screen
JPEG_QUALITY = 88
WRITER_TIMEOUT = 300.0  # seconds the deck PDF's writer may take before it is stopped
SLIDES_SOURCE = ("the deck PDF, drawn by reportlab from the deck plan the PPTX is drawn from (not PowerPoint's or "
                 "LibreOffice's rendering), rendered by pypdfium2")
PAGES_SOURCE = "the report PDF, rendered by pypdfium2"


@dataclass(frozen=True)
class Picture:
    """A picture in the store: its name (hash and extension) and size in pixels."""

    name: str
    width: int
    height: int


class Store:
    """The encoded pictures by name; only those of the builds on show are kept."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pictures: dict[str, bytes] = {}

    def add(self, data: bytes) -> str:
        """Keep a picture; return its name."""
        name = hashlib.blake2b(data, digest_size=16).hexdigest() + ".jpg"
        with self._lock:
            self._pictures.setdefault(name, data)
        return name

    def get(self, name: str) -> bytes | None:
        """Return the picture of that name, or None."""
        with self._lock:
            return self._pictures.get(name)

    def keep(self, names: set[str]) -> None:
        """Forget every picture not named."""
        with self._lock:
            self._pictures = {name: data for name, data in self._pictures.items() if name in names}

    def __len__(self) -> int:
        with self._lock:
            return len(self._pictures)


def render(pdf: bytes, width: int, store: Store) -> list[Picture]:
    """Return every page of a PDF rendered width pixels wide, kept in store."""
    import pypdfium2 as pdfium

    with PDFIUM:
        document = pdfium.PdfDocument(pdf)
    try:
        pictures = []
        for index in range(len(document)):
            with PDFIUM:  # a page at a time, so the builder's reading of a new build's pages waits little
                page = document[index]
                image = page.render(scale=width / page.get_width()).to_pil().convert("RGB")
                page.close()
            encoded = io.BytesIO()
            image.save(encoded, "JPEG", quality=JPEG_QUALITY)
            pictures.append(Picture(store.add(encoded.getvalue()), image.width, image.height))
        return pictures
    finally:
        with PDFIUM:
            document.close()


Painted = Callable[[Snapshot, str, "list[Picture]", "tuple[str, ...]"], None]  # build, kind, pictures, notes


class Painter:
    """Draws the pictures of the newest good build in its own thread and hands them to on_painted; gate is held
    while it forks the deck PDF's writer (see Builder.gate)."""

    def __init__(self, store: Store, work_dir: Path, on_painted: Painted, gate: AbstractContextManager):
        self.store, self.work_dir, self._on_painted, self._gate = store, work_dir, on_painted, gate
        self._changed = threading.Condition()
        self._next: Snapshot | None = None
        self._stopped = False

    def paint(self, snapshot: Snapshot) -> None:
        """Draw this build next (instead of any build still waiting)."""
        with self._changed:
            self._next = snapshot
            self._changed.notify_all()

    def stop(self) -> None:
        """Make run() return once the picture under way is done."""
        with self._changed:
            self._stopped = True
            self._changed.notify_all()

    def run(self) -> None:
        """Draw each build handed over, until stopped."""
        while True:
            with self._changed:
                self._changed.wait_for(lambda: self._next is not None or self._stopped)
                if self._stopped:
                    return
                snapshot, self._next = self._next, None
            self._draw(snapshot)

    def _draw(self, snapshot: Snapshot) -> None:
        if snapshot.report is not None:
            self._on_painted(snapshot, "pages", render(snapshot.report, PAGE_WIDTH, self.store), ())
        if snapshot.deck is not None or snapshot.slides_pdf is not None:
            try:
                pdf, notes = self._slides_pdf(snapshot)
            except Exception as exc:  # noqa: BLE001 - the slides are then shown as their text, with the reason
                self._on_painted(snapshot, "slides", [], (f"the deck PDF could not be drawn ({exc})",))
                return
            self._on_painted(snapshot, "slides", render(pdf, SLIDE_WIDTH, self.store), notes)

    def _slides_pdf(self, snapshot: Snapshot) -> tuple[bytes, tuple[str, ...]]:
        """Return the deck PDF of a build, and what its writer said beyond the build's warnings."""
        if snapshot.slides_pdf is not None:
            return snapshot.slides_pdf, ()
        from publisher.write.writers import write_apart

        path = self.work_dir / "slides.pdf"
        written = write_apart("deck-pdf", snapshot.outcome.project, path, self._gate, WRITER_TIMEOUT)
        shown = set(snapshot.outcome.all_warnings())
        return path.read_bytes(), tuple(dict.fromkeys(w.message for w in written.warnings if w not in shown))
