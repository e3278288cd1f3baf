"""Tests for publisher.fonts.families: bundled families, coverage, prepared subsets, renderer helpers."""
from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from publisher.fonts import families as fonts


def load(path: Path) -> TTFont:
    """Return a font read from memory, so that no file stays open."""
    return TTFont(io.BytesIO(path.read_bytes()), lazy=True)


SAMPLE = "武昌区2024年地区生产总值增长5.2%，全省第一。龘"  # 龘 is outside GB 2312: not in the common subset
SYSTEM_SC = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")


@pytest.fixture(scope="module")
def shared_cache(tmp_path_factory: pytest.TempPathFactory):
    """Point the cache at one temp folder for the whole module (prepare is slow when cold)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PUBLISHER_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        yield


@pytest.fixture(scope="module")
def sans(shared_cache) -> tuple[fonts.Face, fonts.Face]:
    return fonts.resolve_family("Noto Sans SC")


@pytest.fixture(scope="module")
def sans_ttfs(sans) -> tuple[Path, Path]:
    return fonts.prepare(sans[0], SAMPLE), fonts.prepare(sans[1], SAMPLE)


def test_registry_declares_exactly_the_four_bundled_faces():
    assert fonts.bundled_families() == ("Noto Sans SC", "Noto Serif SC")
    assert sorted(p.name for p in fonts.FONTS_DIR.glob("*.otf")) == [
        "NotoSansSC-Bold.otf", "NotoSansSC-Regular.otf", "NotoSerifSC-Bold.otf", "NotoSerifSC-Regular.otf"]
    assert (fonts.FONTS_DIR / "LICENSE-OFL.txt").read_text().count("SIL OPEN FONT LICENSE Version 1.1") == 1


@pytest.mark.parametrize(("name", "family"), [
    ("Noto Sans SC", "Noto Sans SC"), ("Noto Serif SC", "Noto Serif SC"), ("noto  serif sc", "Noto Serif SC")])
def test_resolve_bundled_family(name: str, family: str):
    regular, bold = fonts.resolve_family(name)
    assert (regular.bold, bold.bold) == (False, True)
    assert regular.family == bold.family == family
    for face, style in ((regular, "Regular"), (bold, "Bold")):
        assert face.path.parent == fonts.FONTS_DIR and face.index == 0
        font = load(face.path)
        assert font.sfntVersion == "OTTO"
        assert font["name"].getDebugName(1) == regular.family
        assert font["name"].getDebugName(2) == style


def test_missing_family_raises_with_suggestion():
    with pytest.raises(KeyError) as err:
        fonts.resolve_family("Noto Sanz SC")
    assert isinstance(err.value, fonts.FontNotFoundError)
    assert "did you mean 'Noto Sans SC'" in str(err.value)
    with pytest.raises(fonts.FontNotFoundError, match="not found"):
        fonts.resolve_family("missing-font.ttf", [fonts.FONTS_DIR])


def test_resolve_font_file_uses_regular_as_bold(tmp_path: Path):
    regular, bold = fonts.resolve_family("NotoSerifSC-Regular.otf", [tmp_path, fonts.FONTS_DIR])
    assert regular.family == "Noto Serif SC"
    assert (bold.path, bold.index, bold.bold) == (regular.path, 0, True)
    _, bold = fonts.resolve_family("NotoSerifSC-Regular.otf", [fonts.FONTS_DIR], bold="NotoSerifSC-Bold.otf")
    assert bold.path.name == "NotoSerifSC-Bold.otf"


def test_not_a_font_file_raises(tmp_path: Path):
    (tmp_path / "bad.ttf").write_bytes(b"not a font")
    with pytest.raises(fonts.FontNotFoundError, match="not a readable font"):
        fonts.resolve_family("bad.ttf", [tmp_path])


@pytest.mark.skipif(not SYSTEM_SC.exists(), reason="fonts-noto-cjk not installed")
def test_resolve_ttc_face_and_system_family():
    regular, _ = fonts.resolve_family(f"{SYSTEM_SC}#2")
    assert (regular.family, regular.index) == ("Noto Sans CJK SC", 2)
    regular, bold = fonts.resolve_family("Noto Sans CJK SC")
    assert (regular.path, regular.index) == (SYSTEM_SC, 2)
    assert bold.path.name == "NotoSansCJK-Bold.ttc" and bold.index == 2


def test_scan_finds_family_without_fontconfig(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    for name in ("NotoSansSC-Regular.otf", "NotoSansSC-Bold.otf"):
        (tmp_path / name).symlink_to(fonts.FONTS_DIR / name)
    monkeypatch.setattr(fonts, "SYSTEM_FONT_DIRS", (tmp_path,))
    monkeypatch.setattr(fonts.shutil, "which", lambda _: None)
    regular, bold = fonts._system_family("noto sans sc")
    assert (regular.path.name, bold.path.name) == ("NotoSansSC-Regular.otf", "NotoSansSC-Bold.otf")
    assert fonts._system_family("No Such Family") is None


def test_cache_dir_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("PUBLISHER_CACHE_DIR", str(tmp_path / "a"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "x"))
    assert fonts.cache_dir() == tmp_path / "a" and (tmp_path / "a").is_dir()
    monkeypatch.delenv("PUBLISHER_CACHE_DIR")
    assert fonts.cache_dir() == tmp_path / "x" / "publisher"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert fonts.cache_dir() == tmp_path / "home" / ".cache" / "publisher"


def test_base_chars_hold_ascii_and_are_covered_by_every_bundled_face(shared_cache):
    base = fonts.base_chars()
    assert all(chr(c) in base for c in range(0x20, 0x7F))
    assert all(c in base for c in "，。、；：？！“”‘’（）《》【】「」『』—…·％－～／万亿图表第页续目录资料来源注▲▼●■")
    for family in fonts.bundled_families():
        for face in fonts.resolve_family(family):
            assert fonts.missing(face, base) == ""


def test_coverage(sans, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(fonts, "_FACTS", {})  # other tests may have filled the in-process cache
    cov = fonts.coverage(sans[0])
    assert ord("武") in cov and ord("。") in cov and ord("A") in cov
    assert 0x1F600 not in cov  # 😀
    assert fonts.coverage(sans[0]) is cov
    assert not list((fonts.cache_dir() / "fonts").glob("coverage-*.json"))  # a bundled file's come from facts.json
    assert fonts.missing(sans[0], "武\n龘😀武") == "😀"


def test_a_user_font_is_measured_once_and_cached_on_disk(sans, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(fonts, "_FACTS", {})
    user = fonts.Face("Mine", False, Path(shutil.copy(sans[0].common, tmp_path / "mine.ttf")))
    cov = fonts.coverage(user)
    assert ord("武") in cov and len(list((fonts.cache_dir() / "fonts").glob("coverage-*.json"))) >= 1
    monkeypatch.setattr(fonts, "_FACTS", {})
    monkeypatch.setattr(fonts, "font_facts", None)  # a second process reads the disk cache, never the font
    assert fonts.coverage(user) == cov


@pytest.mark.parametrize("name", sorted(fonts._bundled_facts()))
def test_bundled_facts_are_those_of_the_shipped_files(name):
    path = fonts.FONTS_DIR / name
    entry = fonts._bundled_facts()[name]
    assert entry["size"] == path.stat().st_size
    facts = fonts.font_facts(fonts.Face("", False, path), [k for k in entry if k != "size"])
    assert facts == {k: v for k, v in entry.items() if k != "size"}
    if name.endswith(".ttf"):
        assert 0.6 < entry["ink"]["“"] < 0.95  # a CJK font inks its opening quotation mark at the right


def test_prepare_uses_the_prebuilt_common_subset_when_it_covers_the_text(sans):
    common = fonts.prepare(sans[0], "武昌区2024年地区生产总值增长5.2%，全省第一。")
    assert common == sans[0].common and common.parent == fonts.FONTS_DIR
    assert ord("武") in load(common).getBestCmap()


def test_prepare_gives_glyf_subset_with_the_chars(sans, sans_ttfs):
    for ttf in sans_ttfs:
        assert ttf.read_bytes()[:4] == b"\x00\x01\x00\x00"
        font = load(ttf)
        assert "glyf" in font and "CFF " not in font
        cmap = font.getBestCmap()
        assert all(ord(c) in cmap for c in SAMPLE + fonts.base_chars())
        assert font["name"].getDebugName(1) == "Noto Sans SC"
    assert load(sans_ttfs[1])["name"].getDebugName(6) == "NotoSansSC-Bold"


def test_prepare_grows_the_common_subset_by_the_glyphs_it_lacks(sans, sans_ttfs, tmp_path: Path):
    for face, ttf in zip(sans, sans_ttfs, strict=True):
        common, grown, source = load(face.common), load(ttf), load(face.path)
        old, new = common.getBestCmap(), grown.getBestCmap()
        count = common["maxp"].numGlyphs
        assert grown["maxp"].numGlyphs == count + 1 and grown["hhea"].numberOfHMetrics == count + 1
        assert grown.getGlyphID(new[ord("龘")]) == count  # appended: no glyph of the common subset moved
        assert {cp: common.getGlyphID(n) for cp, n in old.items()} == {
            cp: grown.getGlyphID(n) for cp, n in new.items() if cp != ord("龘")}
        added = grown["glyf"][new[ord("龘")]]
        assert added.numberOfContours > 10 and grown["hmtx"][new[ord("龘")]][1] == added.xMin
        assert grown["hmtx"][new[ord("龘")]][0] == source["hmtx"][source.getBestCmap()[ord("龘")]][0]
        assert grown["vmtx"][new[ord("龘")]] == source["vmtx"][source.getBestCmap()[ord("龘")]]
        assert (grown["head"].yMax, grown["maxp"].maxPoints) >= (common["head"].yMax, common["maxp"].maxPoints)
        assert grown["glyf"][new[ord("武")]].coordinates == common["glyf"][old[ord("武")]].coordinates
        again = TTFont(ttf)  # fontTools reads and writes every table
        again.save(tmp_path / "roundtrip.ttf")
        assert TTFont(tmp_path / "roundtrip.ttf").getBestCmap() == new


def test_a_new_character_converts_only_its_own_glyph(sans, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from publisher.fonts import subsets

    monkeypatch.setenv("PUBLISHER_CACHE_DIR", str(tmp_path / "c"))
    converted: list[list[int]] = []
    convert = subsets.convert
    monkeypatch.setattr(subsets, "convert", lambda *a: converted.append(list(a[2])) or convert(*a))
    first = fonts.prepare(sans[0], "武昌区龘")
    second = fonts.prepare(sans[0], "硚口区龘武")
    assert converted == [[ord("龘")], [ord("硚")]]
    assert first != second and ord("龘") in load(second).getBestCmap()
    assert fonts.Metrics(second).width("硚龘武", 10) == pytest.approx(30.0)
    assert fonts.source_identity(first) == fonts.source_identity(second) == fonts.source_identity(sans[0].common)


def test_a_face_without_common_subset_grows_its_base_subset(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("PUBLISHER_CACHE_DIR", str(tmp_path / "c"))
    user = tmp_path / "Corporate.ttf"  # a user's TrueType font: no facts shipped, no common subset
    shutil.copy(fonts.FONTS_DIR / "NotoSerifSC-Regular.common.ttf", user)
    face = fonts.resolve_family(str(user))[0]
    assert face.common is None
    ttf = fonts.prepare(face, "政府工作报告")
    font = load(ttf)
    cmap = font.getBestCmap()
    assert all(ord(c) in cmap for c in "政府工作报告" + fonts.base_chars())
    assert font["maxp"].numGlyphs < 400
    source = load(user)
    for char in "政报":
        ours, theirs = font["glyf"][cmap[ord(char)]], source["glyf"][source.getBestCmap()[ord(char)]]
        assert ours.coordinates == theirs.coordinates and ours.endPtsOfContours == theirs.endPtsOfContours


def test_prepare_is_cached_and_deterministic(sans, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("PUBLISHER_CACHE_DIR", str(tmp_path / "c"))
    first = fonts.prepare(sans[0], "武昌区龘😀")  # 龘 is outside GB 2312: a subset of its own, in the cache
    data, mtime = first.read_bytes(), first.stat().st_mtime_ns
    assert ord("😀") not in load(first).getBestCmap()
    assert first.parent == tmp_path / "c" / "fonts"
    assert fonts.prepare(sans[0], "龘区昌武") == first and first.stat().st_mtime_ns == mtime
    shutil.rmtree(tmp_path / "c")
    monkeypatch.setattr(fonts, "_FACTS", {})
    again = fonts.prepare(sans[0], "武昌区龘")
    assert again == first and again.read_bytes() == data
    assert not list((tmp_path / "c" / "fonts").glob("*.tmp"))


def test_metrics_match_reportlab(sans_ttfs):
    from reportlab.pdfbase import pdfmetrics

    regular = fonts.reportlab_name(sans_ttfs[0])
    metrics = fonts.Metrics(sans_ttfs[0])
    for text in ("武昌区2024年", SAMPLE, "GDP 2302.6"):
        assert metrics.width(text, 10) == pytest.approx(pdfmetrics.stringWidth(text, regular, 10), abs=0.01)
    assert metrics.width("武", 10) == pytest.approx(10.0)
    assert metrics.width("\U0001F600", 12) == pytest.approx(12.0)


def test_reportlab_embeds_subsets(sans_ttfs, tmp_path: Path):
    from pypdf import PdfReader
    from reportlab.pdfgen.canvas import Canvas

    names = tuple(fonts.reportlab_name(path) for path in sans_ttfs)
    assert tuple(fonts.reportlab_name(path) for path in sans_ttfs) == names
    assert len(set(names)) == 2
    pdf = tmp_path / "out.pdf"
    canvas = Canvas(str(pdf), initialFontName=names[0])
    canvas.setFont(names[0], 12)
    canvas.drawString(72, 720, SAMPLE)
    canvas.setFont(names[1], 12)
    canvas.drawString(72, 700, "武昌区")
    canvas.save()
    page = PdfReader(pdf).pages[0]
    assert "武昌区2024年" in page.extract_text()
    found = [font.get_object() for font in page["/Resources"]["/Font"].values()]
    base_names = sorted(str(f["/BaseFont"]) for f in found)
    assert base_names and all(n[7] == "+" and n[1:7].isupper() for n in base_names)
    assert any(n.endswith("NotoSansSC-Bold") for n in base_names)
    assert all("/FontFile2" in f["/FontDescriptor"] for f in found)


def test_prepare_all_gives_what_prepare_gives(sans, tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("PUBLISHER_CACHE_DIR", str(tmp_path / "c"))
    paths = fonts.prepare_all([(sans[0], "龘武"), (sans[1], "龘武"), (sans[0], "武昌")])
    assert paths[0].parent == paths[1].parent == tmp_path / "c" / "fonts"
    assert paths[2] == sans[0].common
    assert paths[:2] == [fonts.prepare(sans[0], "龘武"), fonts.prepare(sans[1], "龘武")]
    assert all(ord("龘") in load(path).getBestCmap() for path in paths[:2])


def test_the_oldest_grown_fonts_beyond_the_kept_number_are_removed(sans, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch):
    import os

    monkeypatch.setenv("PUBLISHER_CACHE_DIR", str(tmp_path / "c"))
    paths = [fonts.prepare(sans[0], f"武{char}") for char in "龘齉靐"]
    for age, path in zip((3, 2, 1), paths, strict=True):  # hours old, the first the oldest
        os.utime(path, (path.stat().st_atime, path.stat().st_mtime - age * 3600))
    fonts._prune_grown(kept=1, age=2.5 * 3600)
    assert [p.is_file() for p in paths] == [False, True, True]  # the newest kept, and one not old enough to go
    fonts._prune_grown(kept=0, age=1.5 * 3600)
    assert [p.is_file() for p in paths] == [False, False, True]
    assert fonts.prepare(sans[0], "武龘") == paths[0] and paths[0].is_file()  # grown again when needed
    assert fonts.Metrics(paths[0]).width("龘", 10) == pytest.approx(10.0)
    exact = fonts.exact_subset(paths[0], "武龘")
    fonts._prune_grown(kept=0, age=0)
    assert exact.is_file() and not paths[0].is_file()
