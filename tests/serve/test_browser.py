"""`publisher serve` seen in a real headless browser (Debian's Chromium through selenium and chromedriver): the page
shows the example's slides and pages; an edit on disk shows on the page within 2 s; a broken outline shows its
located error while the last good slides stay; a click shows a slide large with its notes."""
from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install '.[test]')")
pytestmark = pytest.mark.skipif(not (os.access(CHROMIUM, os.X_OK) and os.access(CHROMEDRIVER, os.X_OK)),
                                reason="no browser: install Debian's chromium and chromium-driver (see .ci/run)")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1400,1000"]
TITLE = "激活力、聚人气，消费市场创出新场景"
NOTES = "华中首家SKP开业首日销售额破亿元"


@pytest.fixture()
def server(example, tmp_path):
    """Yield the page address of `publisher serve` running on a copy of the example in its own process."""
    process = subprocess.Popen([sys.executable, "-m", "publisher", "serve", str(example), "-o", str(tmp_path / "out")],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=tmp_path,
                               env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        first = process.stdout.readline()
        match = re.match(r"serving (http://127\.0\.0\.1:\d+/)", first)
        assert match, f"serve said: {first}{process.stdout.read() if process.poll() is not None else ''}"
        yield match.group(1)
    finally:
        process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=60)
        process.stdout.close()
        assert code == 0
        assert not (tmp_path / "out" / ".publisher-serve.json").exists()


@pytest.fixture()
def browser(tmp_path):
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (*FLAGS, f"--user-data-dir={tmp_path / 'chromium-profile'}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(tmp_path / "chromium-profile", ignore_errors=True)


def until(browser, script: str, timeout: float, what: str):
    """Return the first true value of a script run in the page every 20 ms; fail after timeout seconds."""
    deadline = time.monotonic() + timeout
    while not (value := browser.execute_script(script)):
        assert time.monotonic() < deadline, f"the page did not show {what} within {timeout} s"
        time.sleep(0.02)
    return value


ALL_PICTURED = ("const cards = [...document.querySelectorAll('#{kind} .card')]; "
                "return cards.length > 5 && cards.every(card => card.querySelector('img'))")
CAPTIONS = "return [...document.querySelectorAll('#slides figcaption')].map(c => c.textContent).join('\\n')"
PICTURES = "return [...document.querySelectorAll('#slides img')].map(i => i.getAttribute('src'))"
SETTLED = ("return !document.querySelector('#status').classList.contains('building') && "
           "!document.querySelector('.card.stale') && "
           "![...document.querySelectorAll('.source')].some(s => s.textContent.includes('drawing')) && "
           "[...document.querySelectorAll('.card img')].every(i => i.getAttribute('src') === i.dataset.wanted)")


def test_the_page_follows_edits_and_keeps_the_last_good_slides_when_broken(server, browser, example):
    browser.get(server)
    until(browser, ALL_PICTURED.format(kind="pages"), 300, "the report's pages")
    until(browser, ALL_PICTURED.format(kind="slides"), 300, "the slides' pictures")
    assert TITLE in browser.execute_script(CAPTIONS)
    assert "the deck PDF, drawn by reportlab" in browser.find_element("css selector", "#slides .source").text
    text = example.read_text(encoding="utf-8")

    _save(example, text.replace(TITLE, TITLE + "（一）"))  # a first edit warms the rebuild
    until(browser, f"return document.body.textContent.includes('{TITLE}（一）')", 60, "the first edit")
    until(browser, SETTLED, 60, "the first edit's pictures")
    start = _save(example, text.replace(TITLE, TITLE + "（二）"))
    until(browser, f"return document.body.textContent.includes('{TITLE}（二）')", 2.0, "the edit")
    shown_after = time.monotonic() - start
    until(browser, SETTLED, 60, "the new pictures")

    pictures = browser.execute_script(PICTURES)
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "type: bar" in row)
    _save(example, text.replace(TITLE, TITLE + "（二）").replace("type: bar", "type: barr", 1))
    error = until(browser, "const e = document.querySelector('#errors'); return !e.hidden && e.textContent", 60,
                  "the error")
    assert f"outline.yaml:{line}:" in error and "did you mean 'bar'" in error and "type: barr" in error
    assert browser.execute_script(PICTURES) == pictures, "the last good slides stay"
    assert f"{TITLE}（二）" in browser.execute_script(CAPTIONS)
    assert "failed" in browser.find_element("css selector", "#status").text
    print(f"edit shown on the page {shown_after:.2f} s after the save")


def test_a_click_shows_the_slide_large_with_its_notes(server, browser):
    browser.get(server)
    until(browser, ALL_PICTURED.format(kind="slides"), 300, "the slides")
    number = until(browser, "const c = [...document.querySelectorAll('#slides .card')]"
                   f".find(c => c.textContent.includes('{TITLE}')); return c && Number(c.dataset.number)", 10, "a card")
    browser.execute_script(f"document.querySelector('#slides .card[data-number=\"{number}\"] .thumb').click()")
    until(browser, "return document.querySelector('#large').open", 5, "the large view")
    notes = browser.find_element("css selector", "#large .notes").text
    assert NOTES in notes and f"slide {number} of" in browser.find_element("css selector", "#large .place").text
    browser.find_element("css selector", "#large .close").click()
    until(browser, "return !document.querySelector('#large').open", 5, "the large view closed")


def _save(outline: Path, text: str) -> float:
    """Write the outline; return the time it was written."""
    outline.write_text(text, encoding="utf-8")
    return time.monotonic()
