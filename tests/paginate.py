"""Turn a clean cable body into a scanned-looking document: pages with furniture, OCR-garbled.

Used by the generated page-markers tests. Every choice comes from the `random.Random` passed
in, so a seed reproduces a document exactly.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

# Glyph confusions seen in teletype OCR (Helsinki sample, Tesseract pages).
CONFUSIONS = {
    "O": "0Q", "I": "1l|!", "E": "F£", "S": "$5", "B": "8", "C": "(", "T": "7", "L": "l1",
    "A": "4", "N": "M", "R": "K", "D": "O", "G": "6", "M": "N", "U": "V", ".": ",", ",": ".",
}
SPECKLE = [" .", " :", " ;", " ae", " oo", " ·", " '", " ~"]
NOISE_LINES = ["~", "q", "E9", "' I", ",;: , ; -", "•", ". ,"]
FOOTER = "NOT TO BE REPRODUCED WITHOUT THE AUTHORIZATION OF THE EXECUTIVE SECRETARY"
CLASSIFICATIONS = ["SECRET", "CONFIDENTIAL", "LIMITED OFFICIAL USE", "TOP SECRET"]
STYLES = ("state", "tesseract", "helsinki")

# Body lines that look like furniture but are message text.
TRAP_PARAGRAPHS = [
    ["SECRET."],
    ["PAGE 2 OF REFTEL CONTAINS THE FULL TEXT OF THE DRAFT AGREEMENT", "AS SUBMITTED BY THE MINISTRY."],
    ["THE TALKS WERE HELD IN SECRET AT THE REQUEST OF THE MINISTRY, AND", "THE RESULTS REMAIN CONFIDENTIAL."],
]


def garble(text: str, rng: random.Random, rate: float, most: int | None = None) -> str:
    """Substitute confusable glyphs, split and join words, as OCR of a worn teletype page does.

    `most` caps the number of substitutions (banners are printed large and read better).
    """
    out = []
    changes = 0
    for ch in text:
        roll = rng.random()
        if ch in CONFUSIONS and roll < rate and (most is None or changes < most):
            changes += 1
            out.append(rng.choice(CONFUSIONS[ch]))
        elif ch.isalpha() and roll < rate * 0.15:
            out.append(ch + " ")
        elif ch == " " and roll < rate * 0.1:
            continue
        else:
            out.append(ch)
    return "".join(out)


def letter_spaced(word: str) -> str:
    return " ".join(word.replace(" ", ""))


@dataclass
class Document:
    text: str  # the paginated, garbled document
    body: str  # what the filter should give back: the garbled body without furniture
    breaks: list[tuple[str, str, bool]] = field(default_factory=list)  # (last line, next line, paragraph break?)
    trap_lines: list[str] = field(default_factory=list)


def paginate(cable: str, name: str, style: str, rng: random.Random) -> Document:
    station, number = _station_and_number(name)
    classification = rng.choice(CLASSIFICATIONS)
    body_lines = [garble(line, rng, 0.04) for line in cable.rstrip("\n").split("\n")]
    trap_lines = _insert_traps(body_lines, rng)
    heading = f"{letter_spaced(classification)} {station} {number}"
    lines = [heading, ""] + body_lines
    page_length = rng.randint(12, 18)
    cuts = _page_cuts(lines, page_length, avoid=trap_lines)

    def marking() -> str:
        return garble(classification, rng, 0.12, most=1) + (rng.choice(SPECKLE) if style == "tesseract" and rng.random() < 0.5 else "")

    out: list[str] = []
    if style != "helsinki":
        out += [marking(), ""] if style == "state" else [marking()]
    breaks = []
    previous_cut = 0
    for page, cut in enumerate(cuts + [len(lines)], start=1):
        page_lines = lines[previous_cut:cut]
        if page > 1:
            # a paragraph break at the page boundary is the blank line that ends the last page
            while page_lines and page_lines[0] == "":
                page_lines = page_lines[1:]
        out += page_lines
        if cut == len(lines):
            break
        paragraph = lines[cut - 1] == "" or lines[cut] == ""
        last_text = next(line for line in reversed(lines[:cut]) if line)
        next_text = next(line for line in lines[cut:] if line)
        breaks.append((last_text, next_text, paragraph))
        if paragraph and out[-1] != "":
            out.append("")
        furniture = _page_break(style, page + 1, station, number, marking, rng, out)
        if out[-1] == "" and furniture[:1] == [""]:
            furniture = furniture[1:]
        out += furniture
        previous_cut = cut
    out += _document_end(style, marking, rng)
    body = "\n".join(lines) + "\n"
    return Document("\n".join(out) + "\n", body, breaks, trap_lines)


def _station_and_number(name: str) -> tuple[str, str]:
    match = re.match(r"\d{4}([A-Z]+)0*(\d+)", name)
    return match.group(1), match.group(2)


def _insert_traps(body_lines: list[str], rng: random.Random) -> list[str]:
    """Put look-alike paragraphs between paragraphs in the middle of the body."""
    paragraph_ends = [i for i, line in enumerate(body_lines) if line == "" and 3 < i < len(body_lines) - 3]
    trap_lines: list[str] = []
    for trap in rng.sample(TRAP_PARAGRAPHS, k=min(len(TRAP_PARAGRAPHS), len(paragraph_ends))):
        at = rng.choice(paragraph_ends)
        body_lines[at + 1 : at + 1] = trap + [""]
        trap_lines += trap
        paragraph_ends = [i if i <= at else i + len(trap) + 1 for i in paragraph_ends]
    return trap_lines


def _page_cuts(lines: list[str], page_length: int, avoid: list[str]) -> list[int]:
    """Line indices where a new page starts, kept two lines away from trap lines."""
    near_trap = {i + d for i, line in enumerate(lines) if line in avoid for d in range(-2, 3)}
    cuts, at = [], page_length
    while at < len(lines) - 2:
        while at in near_trap or at - 1 in near_trap or not any(lines[at:]):
            at += 1
        if at >= len(lines) - 2:
            break
        cuts.append(at)
        at += page_length
    return cuts


def _page_break(style, page, station, number, marking, rng: random.Random, out: list[str]) -> list[str]:
    header = f"PAGE {page:02d} {station} {number}"
    if style == "state":
        return [marking(), "", marking(), "", garble(header, rng, 0.05), ""]
    if style == "tesseract":
        dtg = f"{rng.randint(10, 31)}{rng.randint(1000, 2359):04d}Z"
        return [marking(), marking(), garble(f"{header} {dtg}", rng, 0.08), ""]
    # helsinki: stamp, noise, a garbled (sometimes split) footer; the next page starts right after
    lines = []
    if out and out[-1] != "" and rng.random() < 0.3:
        out[-1] = out[-1] + " " + garble("UNCLASSIFIED", rng, 0.15)
    elif rng.random() < 0.5:
        lines += ["", garble("UNCLASSIFIED", rng, 0.15)]
    if rng.random() < 0.4:
        lines += [""] + rng.sample(NOISE_LINES, k=rng.randint(1, 3))
    footer = garble(FOOTER, rng, 0.12)
    if rng.random() < 0.3:
        words = footer.split(" ")
        half = len(words) // 2
        lines += ["", " ".join(words[:half]), rng.choice(NOISE_LINES), "", " ".join(words[half:])]
    else:
        lines += ["", footer]
    return lines


def _document_end(style, marking, rng: random.Random) -> list[str]:
    if style == "helsinki":
        return ["", garble("UNCLASSIFIED", rng, 0.15), garble(FOOTER, rng, 0.1)]
    end = ["", marking()]
    if rng.random() < 0.5:
        end += ["", "NNNN"]
    return end
