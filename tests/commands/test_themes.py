"""`publisher themes`: every built-in theme and every selectable slide layout, one line each, described."""
from __future__ import annotations

from publisher.cli import main
from publisher.resources import data_dir
from publisher.theme.styles import builtin_names, load_theme


def test_themes_lists_every_theme_and_layout_once_with_its_description(capsys, tmp_path):
    assert main(["themes"]) == 0
    lines = capsys.readouterr().out.splitlines()
    for name in builtin_names():
        [line] = [x for x in lines if x.split()[:1] == [name]]
        assert line.endswith(load_theme(name, tmp_path).description)
    layouts = [p for p in (data_dir("layouts") / "slides").glob("*.yaml") if not p.stem.startswith("_")]
    for path in layouts:
        [line] = [x for x in lines if x.split()[:1] == [path.stem]]
        comment = path.read_text(encoding="utf-8").splitlines()[0].lstrip("# ")
        assert line.endswith(f" — {comment}")
    assert not any(x.split()[:1] == ["_content"] for x in lines)
