from __future__ import annotations

import shutil
import subprocess
from html.parser import HTMLParser

import pytest
from click.testing import CliRunner

from ocrfix.cli import main
from ocrfix.htmlreport import html_report

from .reviewfilters import hand_made, install


class Collector(HTMLParser):
    """Element names, attributes and the text inside each kind of element."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.elements: list[tuple[str, dict]] = []
        self.text_in: dict[str, list[str]] = {}
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.elements.append((tag, attributes))
        if tag not in ("meta", "input", "br", "link", "img"):
            self.stack.append(tag)
        self.urls += [v for k, v in attrs if k in ("src", "href") and v]

    def handle_endtag(self, tag):
        while self.stack and self.stack.pop() != tag:
            pass

    def handle_data(self, data):
        for tag in set(self.stack):
            self.text_in.setdefault(tag, []).append(data)


ORIGINAL = "HEADER PAGE 2\nPRICE £5 • ¥9 F0R <ARMS> & \"TALKS\" ~\nNOT TO BE REPRODUCED\nEND\n"


def sample_result():
    return hand_made(
        ORIGINAL,
        [(0, 14, "", "furniture", "page-header", 1.0, "page <header>"), (29, 30, "O", "digits", "zero", 0.9, "")],
        unresolved=[(ORIGINAL.index("~"), ORIGINAL.index("~") + 1, "", "symbols", "tilde", 0.3, "stray ~?")],
    )


def test_html_is_self_contained_escaped_and_keeps_unicode():
    page = html_report(sample_result(), "cable <1>.txt")
    parsed = Collector()
    parsed.feed(page)
    assert parsed.urls == []  # nothing fetched from anywhere
    assert "http" not in page.replace("http-equiv", "")
    assert "<ARMS>" not in page and "&lt;ARMS&gt;" in page and "&amp;" in page
    assert "".join(parsed.text_in["title"]) == "ocrfix: cable <1>.txt"
    cells = "".join(parsed.text_in["td"])
    assert "PRICE £5 • ¥9 F0R <ARMS> & \"TALKS\" ~" in cells
    assert "PRICE £5 • ¥9 FOR <ARMS> & \"TALKS\" ~" in cells
    assert "".join(parsed.text_in["del"]).count("F0R") == 1 and "HEADER PAGE 2" in "".join(parsed.text_in["del"])
    assert "FOR" in "".join(parsed.text_in["ins"])
    assert [attrs["class"] for tag, attrs in parsed.elements if tag == "mark" and "data-change" in attrs] == ["unresolved"]
    assert "[3] symbols:tilde" in cells and "stray ~?" in cells and "page <header>" in cells
    # the gutter: input lines 1-4, output lines 1-3
    numbers = [(attrs.get("class"), i) for i, (tag, attrs) in enumerate(parsed.elements) if tag == "td"]
    assert len([c for c, _ in numbers if c == "num"]) == 2 * 4  # four rows, each with two gutters
    listed = [row for row in page.split("<tbody>")[2].split("</tr>") if "<td>" in row]
    assert len(listed) == 3


def test_report_with_html_suffix_writes_the_page(tmp_path, monkeypatch):
    install(monkeypatch)
    cable = tmp_path / "cable.txt"
    cable.write_text("NOT TO BE REPRODUCED\nPRICE £5 • ¥9 F0R ARMS ~\n", encoding="utf-8")
    page = tmp_path / "out.html"
    result = CliRunner().invoke(main, ["clean", str(cable), "--report", str(page)])
    assert result.exit_code == 0
    text = page.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and "¥9" in text and "test-digits:digit-0" in text


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")
def test_page_renders_in_headless_chromium(tmp_path):
    page = tmp_path / "report.html"
    page.write_text(html_report(sample_result(), "cable.txt"), encoding="utf-8")
    done = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}",
         "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    dom = Collector()
    dom.feed(done.stdout)
    rendered = [attrs for tag, attrs in dom.elements if attrs.get("id") == "rendered-counts"]
    assert rendered == [{"id": "rendered-counts", "data-rendered": "yes"}]  # the page's script ran
    assert "3 changes shown, 1 unresolved" in done.stdout
    assert "PRICE £5 • ¥9 F0R <ARMS>" in "".join(dom.text_in["td"])
