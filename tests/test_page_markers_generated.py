"""Generated cases: clean cables paginated with garbled furniture must come back as their body.

The cables in tests/data/cables are clean corpus cables; tests/paginate.py puts them on pages
with banners, page headers, footers, stamps and noise, garbles furniture and text the way OCR
does, and inserts look-alike body lines (a paragraph `SECRET.`, a line starting `PAGE`).
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ocrfix
from ocrfix import Config, apply_edits

from .paginate import STYLES, paginate

CABLES = sorted((Path(__file__).parent / "data" / "cables").glob("*.txt"))
ONLY = Config(filters=["page-markers"])
RULES = {"page-header", "banner", "footer", "stamp", "page-ref", "noise-line", "end-of-message"}
TERMINAL = re.compile(r"[.!?,:;][\"')]*\s*$")
OPENER = re.compile(r"^\s*(\(?\w{1,2}[.)]|--)")


def nonblank(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]


def document(path: Path, style: str, seed: int = 0):
    return paginate(path.read_text(encoding="utf-8"), path.name, style, random.Random(f"{path.name}:{style}:{seed}"))


def test_there_are_about_twenty_test_cables():
    assert 15 <= len(CABLES) <= 25


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("path", CABLES, ids=lambda p: p.stem)
def test_filter_recovers_the_body_of_a_paginated_cable(path, style):
    doc = document(path, style)
    result = ocrfix.clean(doc.text, ONLY)
    # every body line, traps included, comes back exactly; no furniture line is left
    assert nonblank(result.text) == nonblank(doc.body)
    assert {e.rule for e in result.edits} <= RULES
    assert result.edits, "the paginated document has furniture to remove"
    for last, following, paragraph in doc.breaks:
        if paragraph and TERMINAL.search(last) and OPENER.match(following):
            assert f"{last}\n\n{following}" in result.text
        elif not paragraph and not TERMINAL.search(last) and not OPENER.match(following) and len(last) > 40:
            assert f"{last}\n{following}" in result.text


def test_a_lone_secret_paragraph_in_the_body_is_kept_and_flagged():
    with_trap = [doc for doc in (document(path, "state") for path in CABLES) if "SECRET." in doc.trap_lines]
    assert len(with_trap) >= len(CABLES) // 2
    for doc in with_trap:
        result = ocrfix.clean(doc.text, ONLY)
        assert "\nSECRET.\n" in result.text
        assert any(f.before == "SECRET." and f.confidence == 0 for f in result.flags)


FURNITURE = [
    "SECRET", "C O N F I D E N T I A L", "PAGE 02 STATE 310500", "PAGE 03 MOSCOW 1234 301200Z", "NNNN",
    "[Page 12]", "~", "E9", "UNCLASSIFIED", "NOT TO BE REPRODUCED WITHOUT THE AUTHORIZATION OF THE",
    "EXECUTIVE SECRETARY", "NOT TO BE REPRODUCED WITHOUT THE AUTHORIZATION OF THE EXECUTIVE SECRETARY",
    "SECRET.", "2.", "", "", "",
]


@st.composite
def documents(draw):
    """Cable lines shuffled with furniture, blank lines and look-alikes in any order."""
    path = draw(st.sampled_from(CABLES))
    body = nonblank(path.read_text(encoding="utf-8"))
    start = draw(st.integers(0, max(0, len(body) - 10)))
    pieces = body[start : start + draw(st.integers(3, 40))]
    mixed = draw(st.lists(st.sampled_from(FURNITURE), max_size=len(pieces) + 5))
    lines = []
    for n, piece in enumerate(pieces):
        lines.append(piece)
        if n < len(mixed) and draw(st.booleans()):
            lines.append(mixed[n])
    lines += mixed[len(pieces):]
    return "\n".join(lines) + draw(st.sampled_from(["", "\n", "\n\n"]))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_cleaning_is_idempotent_and_edits_reproduce_the_text(text):
    result = ocrfix.clean(text, ONLY)
    assert apply_edits(text, result.edits) == result.text
    assert ocrfix.clean(result.text, ONLY).text == result.text


@settings(max_examples=20, deadline=None)
@given(st.sampled_from(CABLES), st.sampled_from(STYLES), st.integers(0, 10_000))
def test_paginated_documents_are_idempotent(path, style, seed):
    text = document(path, style, seed).text
    result = ocrfix.clean(text, ONLY)
    assert apply_edits(text, result.edits) == result.text
    assert ocrfix.clean(result.text, ONLY).text == result.text
