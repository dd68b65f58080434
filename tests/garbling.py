"""Test helpers: clean cable lines garbled with typical OCR glyph confusions, deterministically."""

from __future__ import annotations

import re
from pathlib import Path

CABLES = Path(__file__).resolve().parent / "data" / "cables"

# Single-glyph and multi-glyph confusions OCR makes on teletype capitals (letter -> misreading).
GLYPH_CONFUSIONS = [("O", "0"), ("I", "1"), ("S", "5"), ("B", "8"), ("E", "£"), ("M", "rn"),
                    ("H", "l-I"), ("W", "VV"), ("S", "$"), ("T", "i"), ("I", "l")]


def cable_lines(name: str, first: int, last: int) -> str:
    """Lines first..last (1-based, inclusive) of a test cable, newline-terminated."""
    lines = (CABLES / f"{name}.txt").read_text(encoding="utf-8").split("\n")
    return "\n".join(lines[first - 1 : last]) + "\n"


def garble_words(text: str, words: dict[str, str]) -> str:
    """Replace whole upper-case words by the given misreadings."""
    return re.sub(r"\b[A-Z]+\b", lambda m: words.get(m.group(), m.group()), text)


def garble_every(text: str, every: int = 3, min_length: int = 5) -> tuple[str, list[tuple[str, str]]]:
    """Garble every `every`-th word of at least `min_length` letters with one glyph confusion
    (never its first letter); returns the text and the (clean, garbled) pairs."""
    count = 0
    pairs = []

    def garble(match: re.Match) -> str:
        nonlocal count
        word = match.group()
        if len(word) < min_length:
            return word
        count += 1
        if count % every:
            return word
        rotation = GLYPH_CONFUSIONS[count % len(GLYPH_CONFUSIONS):] + GLYPH_CONFUSIONS[: count % len(GLYPH_CONFUSIONS)]
        for letter, misreading in rotation:
            i = word.find(letter, 1)
            if i > 0:
                garbled = word[:i] + misreading + word[i + 1 :]
                pairs.append((word, garbled))
                return garbled
        return word

    return re.sub(r"\b[A-Z]+\b", garble, text), pairs
