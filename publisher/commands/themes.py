"""`publisher themes`: list the built-in themes and slide layouts, one line each."""
from __future__ import annotations

import argparse
from pathlib import Path

from publisher.resources import data_dir


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Add the `themes` command."""
    parser = subparsers.add_parser(
        "themes", help="list the built-in themes and slide layouts",
        description="List the built-in themes (for --theme or an outline's theme:) and slide layouts, one line each.")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Return 0 after printing the themes, then the slide layouts."""
    print("\n".join(listing()))
    return 0


def listing() -> list[str]:
    """Return the lines listing every built-in theme and slide layout with its description."""
    from publisher.plan.region_kinds import load_layouts
    from publisher.theme.styles import builtin_names, load_theme

    themes = {name: load_theme(name, Path.cwd()).description for name in builtin_names()}
    folder = data_dir("layouts") / "slides"
    layouts = load_layouts((folder,))
    lines = ["Themes (theme: NAME in an outline, or --theme NAME):"]
    lines += _aligned({name: text for name, text in themes.items()})
    lines += ["", "Slide layouts (layout: NAME in a section):"]
    lines += _aligned({name: _layout_line(lay, folder / f"{name}.yaml") for name, lay in layouts.items()})
    return lines


def _layout_line(layout, path: Path) -> str:
    """Return a layout's description, its role when not a content slide, and the first comment of its file."""
    role = "" if layout.role == "content" else f" [{layout.role}]"
    return f"{layout.description}{role} — {_first_comment(path)}"


def _first_comment(path: Path) -> str:
    """Return the text of the first comment line of a YAML file ("" when it has none)."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            return line.lstrip("# ").strip()
    return ""


def _aligned(entries: dict[str, str]) -> list[str]:
    """Return "name  text" lines with the texts aligned."""
    width = max(map(len, entries), default=0)
    return [f"  {name:<{width}}  {text}" for name, text in entries.items()]
