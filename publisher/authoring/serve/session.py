"""A running `publisher serve`: the watcher, the builder, the painter and the web server, each in its thread, and
the link file that lets `publisher build` use them; started and stopped together."""
from __future__ import annotations

import contextlib
import signal
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

from publisher.authoring.serve.board import Board
from publisher.authoring.serve.builds import Builder, Config, Outcome
from publisher.authoring.serve.link import ServerBusy, new_token, remove_link, write_link
from publisher.authoring.serve.pictures import Painter, Store
from publisher.authoring.serve.server import PreviewServer
from publisher.authoring.serve.snapshot import take
from publisher.authoring.watch import BuildReport, WatchedFiles, changes
from publisher.errors import fail
from publisher.runtime import reuse


class Session:
    """Everything a server runs; start() it, then close() it once."""

    def __init__(self, config: Config, port: int = 0, report: Callable[[Outcome], None] = lambda _: None):
        self.config, self._report = config, report
        self._work = tempfile.TemporaryDirectory(prefix="publisher-serve-")
        self.watched = WatchedFiles(config.outline, config.theme)
        self.store = Store()
        self.board = Board(config.outline, self.store, lambda: set(self.watched.files))
        self.builder = Builder(config, self._built, self.board.building)
        self.painter = Painter(self.store, Path(self._work.name), self.board.painted, self.builder.gate)
        try:
            self.server = PreviewServer(self.board, self.store, self.builder, config.out_dir, new_token(), port)
        except OSError as exc:
            self._work.cleanup()
            raise fail(f"--port {port}", f"cannot listen on 127.0.0.1:{port}: {exc.strerror or exc}; choose another "
                       "port, or leave --port out for a free one") from None
        self.stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._holding = False  # the stores of publisher.runtime.reuse, on while the server runs

    @property
    def url(self) -> str:
        """Return the page's address."""
        return f"http://127.0.0.1:{self.server.port}/"

    def start(self) -> None:
        """Write the link file, start every thread and the first build."""
        try:
            write_link(self.config.out_dir, self.server.port, self.server.token, self.config.key())
        except ServerBusy as exc:
            self.server.server_close()
            self._work.cleanup()
            raise fail(self.config.out_dir, str(exc)) from None
        reuse.hold()
        self._holding = True
        for name, target in (("http", self.server.serve_forever), ("builder", self.builder.run),
                             ("painter", self.painter.run), ("watcher", self._watch)):
            thread = threading.Thread(target=target, name=f"publisher-serve-{name}", daemon=True)
            thread.start()
            self._threads.append(thread)
        self.builder.ask()

    def close(self) -> None:
        """Stop every thread, remove the link file and the pictures' work folder."""
        self.stop.set()
        self.builder.stop()
        self.painter.stop()
        self.server.stop()
        for thread in self._threads:
            thread.join(timeout=30)
        remove_link(self.config.out_dir, self.server.token)
        if self._holding:
            reuse.release()
            self._holding = False
        self._work.cleanup()

    def _watch(self) -> None:
        for _ in changes(self.watched, self.stop):
            self.builder.ask()

    def _built(self, outcome: Outcome) -> None:
        snapshot = take(outcome, self.config.outline) if outcome.ok else None
        self.board.built(outcome, snapshot)
        if snapshot is not None:
            self.painter.paint(snapshot)
        self._report(outcome)


def serve(config: Config, port: int = 0, open_browser: bool = False) -> int:
    """Serve until Ctrl-C or SIGTERM, printing the address, then a line per build; return 0."""
    _check(config)
    session = Session(config, port, _print_outcome)
    session.start()
    count = len(session.watched.files)
    print(f"serving {session.url} ({config.outline} → {config.out_dir}/, {count} file{'s' if count > 1 else ''} "
          "watched); press Ctrl-C to stop", flush=True)
    if open_browser:
        import webbrowser

        webbrowser.open(session.url)
    previous = signal.signal(signal.SIGTERM, lambda *_: session.stop.set())
    try:
        with contextlib.suppress(KeyboardInterrupt):
            while not session.stop.wait(1.0):
                pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        session.close()
    return 0


def _check(config: Config) -> None:
    """Raise PublisherError when the outline cannot be served at all: not a readable file, a batch outline, or an
    output folder that cannot be written. A broken outline is served: the page shows its errors."""
    from publisher.authoring.batch import declared_variants
    from publisher.errors import PublisherError
    from publisher.outline import source
    from publisher.runtime import outputs

    if not config.outline.is_file():
        raise fail(config.outline, "cannot serve: no such file" if not config.outline.exists()
                   else "cannot serve: this is not a regular file; expected a YAML outline")
    try:
        variants = declared_variants(source.load(config.outline))
    except PublisherError:
        variants = []  # shown on the page once served
    if variants:
        raise fail("serve", "serve shows one outline; this one has variants (build them with publisher build)")
    outputs.check_folder(config.out_dir)


def _print_outcome(outcome: Outcome) -> None:
    """Print a build's line, then each warning or error, as watch mode does."""
    errors = tuple(map(str, outcome.errors)) + ((outcome.internal,) if outcome.internal else ())
    report = BuildReport(outcome.number, outcome.seconds, outcome.outputs, tuple(map(str, outcome.all_warnings())),
                         errors)
    print("\n".join(report.lines()), file=sys.stdout, flush=True)
