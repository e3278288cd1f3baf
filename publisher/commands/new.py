"""`publisher new NAME`: a folder with a commented starter outline, the CSV its chart reads, a README and the
editor schemas; it builds as it is."""
from __future__ import annotations

import argparse
from pathlib import Path
from string import Template

from publisher.errors import did_you_mean, fail

SCAFFOLD = Path(__file__).resolve().parents[1] / "scaffold"


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Add the `new` command."""
    parser = subparsers.add_parser("new", help="create a project folder with a starter outline that builds as is")
    parser.add_argument("name", type=Path, help="the folder to create")
    parser.add_argument("--theme", default="default", help="a built-in theme (default: default)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Return 0 after creating the project and printing its files and the command that builds it."""
    for path in scaffold(args.name, args.theme):
        print(f"wrote {path}")
    print(f"next: publisher build {args.name / 'outline.yaml'} -o {args.name / 'out'}")
    return 0


def scaffold(target: Path, theme: str) -> list[Path]:
    """Create target with the starter files for a built-in theme; return the files written."""
    from publisher.schema import write_schemas
    from publisher.theme import builtin_names

    names = builtin_names()
    if theme not in names:
        raise fail("--theme", f"no built-in theme '{theme}'; expected one of {', '.join(names)}"
                              f"{did_you_mean(theme, names)}")
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise fail(target, "already exists and is not an empty folder; choose a new name")
    written = []
    for template in sorted(p for p in SCAFFOLD.rglob("*") if p.is_file()):
        path = target / template.relative_to(SCAFFOLD)
        path.parent.mkdir(parents=True, exist_ok=True)
        text = Template(template.read_text(encoding="utf-8")).safe_substitute(name=target.name, theme=theme)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written + write_schemas(target)
