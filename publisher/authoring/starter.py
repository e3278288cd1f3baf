"""A starter project: the files of its scaffold folder filled in for a folder name and a built-in theme, with the
editor schemas; it builds as it is."""
from __future__ import annotations

from pathlib import Path
from string import Template

from publisher.errors import did_you_mean, fail

SCAFFOLD = Path(__file__).resolve().parent / "scaffold"


def scaffold(target: Path, theme: str) -> list[Path]:
    """Create target with the starter files for a built-in theme; return the files written."""
    from publisher.authoring.schema import write_schemas
    from publisher.theme.styles import builtin_names

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
