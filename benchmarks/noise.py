"""A synthetic OCR noise model for clean uppercase teletype cables.

It garbles text the way OCR of 1960s-70s teletype carbons garbles it: glyph confusions
(0/O, 1/I/L, 8/B, rn/M, l-I/H ...), lowercase slips, unreadable glyphs, words broken by
stray spaces, words run together, stray marks, junk at the line ends, and page furniture
(classification banners, PAGE NN headers, the NOT TO BE REPRODUCED footer), itself garbled.

The kinds and relative weights were read off the real Helsinki OCR against its ground truth
and the Tesseract-read telegrams in ../shared/dev; the rates are set so that a typical
document has a raw CER of 5-15%, with a tail of worse ones. The table is kept here, apart
from the confusion data ocrfix corrects with, so that the benchmark does not grade the
corrector on its own table.

Everything is driven by one seeded `random.Random`: the same text and seed give the same
output on every run and machine.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, fields, replace

# clean glyph -> [(what OCR read instead, relative weight)]
CONFUSIONS: dict[str, list[tuple[str, float]]] = {
    "A": [("4", 2), ("~", 2), (">.", 1), ("/\\", 1), ("R", 1), (",", 0.5)],
    "B": [("8", 5), ("S", 3), ("6", 1), ("E", 1), ("13", 1)],
    "C": [("(", 3), ("G", 3), ("<", 1), ("c", 1), ("O", 1), ("e", 1)],
    "D": [("O", 8), ("0", 1), (")", 2), ("P", 1), ("[)", 1)],
    "E": [("£", 4), ("F", 2), ("C", 1), ("t", 2), ("&", 1), ("E:", 1), ("~", 1)],
    "F": [("f", 2), ("P", 2), ("E", 1), ("f'", 1), ("'", 1), ("I'", 1)],
    "G": [("C", 2), ("6", 2), ("(;", 2), ("O", 2), ("Q", 1)],
    "H": [("M", 4), ("l-I", 3), ("I-I", 2), ("tt", 1), ("#", 1), ("Il", 1), ("N", 1), ("I", 1)],
    "I": [("l", 6), ("J", 5), ("1", 4), ("t", 4), ("!", 3), ("|", 2), ("[", 2), ("i", 1), ("'", 1), (",", 1)],
    "J": [("I", 2), ("j", 1), (";", 1)],
    "K": [("l<", 3), ("I<", 2), ("<", 1), ("X", 1), ("k", 1)],
    "L": [("1", 3), ("I", 3), ("l.", 3), ("l", 1), ("t", 1), (".", 1)],
    "M": [("H", 5), ("rn", 3), ("l'I", 2), ("11", 2), ("tt", 1), ("~", 1), ("N", 1), ("I", 1)],
    "N": [("H", 2), ("tt", 1), ("I\\I", 2), ("i", 1), ("t4", 1), ("M", 1), ("lt", 1), ("14", 1)],
    "O": [("0", 5), ("Q", 3), ("D", 1), ("o", 1), ("()", 1), ("c", 1)],
    "P": [("F", 2), ("f'", 2), ("?", 1), ("~", 2), ("'", 1), ("R", 1)],
    "Q": [("O", 2), ("0", 1), ("G", 1)],
    "R": [("A", 3), ("~", 3), ("fl", 1), ("f!", 1), ("K", 1), ("8", 1)],
    "S": [("5", 4), ("$", 3), ("§", 1), ("s", 2), ("8", 1), ("~", 1)],
    "T": [("i", 5), ("f", 4), ("1", 2), ("l", 2), ("7", 1), ("'", 2), ("Y", 1), ("t", 2), ("~", 1)],
    "U": [("V", 2), ("J", 2), ("IJ", 2), ("LJ", 1), ("ll", 1), ("I", 1)],
    "V": [("\\'", 1), ("Y", 2), ("\\I", 1), ("U", 1), ("\\/", 1), ("I", 2)],
    "W": [("VV", 4), ("\\'\\'", 1), ("l,J", 1), ("ij", 1), ("V\\", 1), ("~", 1)],
    "X": [("K", 1), ("x", 1), ("l(", 1)],
    "Y": [("¥", 3), ("V", 4), ("'r", 1), ("'I'", 1), ("y", 1)],
    "Z": [("2", 3), ("z", 1)],
    "0": [("O", 4), ("o", 1), ("D", 1)],
    "1": [("I", 3), ("l", 3), ("i", 1), ("!", 1)],
    "2": [("Z", 2), ("?", 1)],
    "3": [("J", 1), ("8", 1)],
    "4": [("A", 1), ("+", 1)],
    "5": [("S", 3), ("$", 1)],
    "6": [("G", 2), ("b", 1)],
    "7": [("T", 1), ("?", 1)],
    "8": [("B", 3), ("3", 1)],
    "9": [("g", 1), ("q", 1)],
    ".": [("•", 4), ("·", 3), (",", 3), ("'", 1), (":", 1)],
    ",": [(".", 3), (";", 1), ("'", 1), ("•", 1)],
    "'": [("•", 2), (" •", 2), ("·", 1), ('"', 1), ("`", 1)],
    "-": [("•", 2), ("~", 2), ("·", 1), ("--", 1), ("_", 1)],
    ":": [(";", 2), ("i", 1), (".", 1), ("l:", 1)],
    "(": [("[", 1), ("{", 1), ("l", 1)],
    ")": [("]", 1), ("}", 1), ("J", 1)],
    '"': [("''", 2), ("\"'", 1), ("11", 1)],
}

# clean letter pairs that OCR reads as one glyph (or the reverse of a split)
PAIR_CONFUSIONS: dict[str, list[tuple[str, float]]] = {
    "RN": [("M", 1)],
    "CL": [("D", 1)],
    "LI": [("U", 1)],
    "IN": [("IH", 1)],
    "NT": [("HT", 1)],
}

UNREADABLE = [("~", 6), ("?", 1), ("*", 1), ("#", 1), ("^", 1)]
STRAY_MARKS = [("'", 5), ("•", 3), ("·", 3), (".", 3), (",", 3), ("~", 2), (";", 1), (":", 2), ('"', 1), ("-", 1)]
LINE_JUNK = ["' ", ", ", "~ ", ": ", "• ", "· ", "; ", "- ", "' . ", ", \" ", "'", "."]
NARROW = "IL1T"

FOOTER = "NOT TO BE REPRODUCED WITHOUT THE AUTHORIZATION OF THE EXECUTIVE SECRETARY"
CLASSIFICATIONS = ["UNCLASSIFIED", "LIMITED OFFICIAL USE", "CONFIDENTIAL", "SECRET"]


@dataclass(frozen=True)
class NoiseLevel:
    """Chances of each kind of damage at severity 1."""

    glyph: float = 0.025  # per letter: a glyph confusion from CONFUSIONS
    digit: float = 0.010  # per digit: a glyph confusion (numbers print more cleanly)
    punct: float = 0.20  # per punctuation mark: misread as another mark
    pair: float = 0.010  # per letter pair in PAIR_CONFUSIONS: read as one glyph
    lowercase: float = 0.006  # per letter: read as its lowercase form
    unreadable: float = 0.004  # per letter: an unreadable blot
    drop: float = 0.002  # per character: lost entirely
    split: float = 0.035  # per word of 3+ letters: broken by a stray space
    merge: float = 0.010  # per space between words: lost, running the words together
    mark: float = 0.025  # per word: a stray mark beside it
    line_junk: float = 0.06  # per line: junk at its start or end

    def scaled(self, factor: float) -> "NoiseLevel":
        return replace(self, **{f.name: min(0.9, getattr(self, f.name) * factor) for f in fields(self)})


@dataclass(frozen=True)
class Garbled:
    ocr: str
    truth: str
    severity: float


class Garbler:
    """Garbles lines of text with one random source and one noise level."""

    def __init__(self, rng: random.Random, level: NoiseLevel) -> None:
        self.rng = rng
        self.level = level

    def pick(self, options: list[tuple[str, float]]) -> str:
        return self.rng.choices([o for o, _ in options], weights=[w for _, w in options])[0]

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def garble_glyphs(self, word: str) -> str:
        out, i, level = [], 0, self.level
        while i < len(word):
            pair = word[i : i + 2]
            if pair in PAIR_CONFUSIONS and self.chance(level.pair):
                out.append(self.pick(PAIR_CONFUSIONS[pair]))
                i += 2
                continue
            ch = word[i]
            i += 1
            if self.chance(level.drop):
                continue
            if ch.isalpha():
                if self.chance(level.glyph) and ch in CONFUSIONS:
                    out.append(self.pick(CONFUSIONS[ch]))
                elif self.chance(level.lowercase):
                    out.append(ch.lower())
                elif self.chance(level.unreadable):
                    out.append(self.pick(UNREADABLE))
                else:
                    out.append(ch)
            elif ch.isdigit():
                out.append(self.pick(CONFUSIONS[ch]) if self.chance(level.digit) else ch)
            elif ch in CONFUSIONS and self.chance(level.punct):
                out.append(self.pick(CONFUSIONS[ch]))
            else:
                out.append(ch)
        return "".join(out)

    def break_word(self, word: str) -> str:
        """Stray spaces inside a word: around a narrow glyph, or at a random point."""
        narrow = [i for i in range(1, len(word) - 1) if word[i] in NARROW]
        if narrow and self.chance(0.3):
            i = self.rng.choice(narrow)
            return f"{word[:i]} {word[i]} {word[i + 1:]}"
        i = self.rng.randrange(1, len(word))
        return f"{word[:i]} {word[i:]}"

    def add_mark(self, word: str) -> str:
        mark = self.pick(STRAY_MARKS)
        where = self.rng.random()
        if where < 0.4:
            return word + mark
        if where < 0.7:
            return mark + word
        if where < 0.85:
            return f"{word} {mark}"
        return f"{mark} {word}"

    def garble_line(self, line: str) -> str:
        level = self.level
        pieces = []
        for token in re.findall(r"\s+|\S+", line):
            if token.isspace():
                pieces.append("" if pieces and self.chance(level.merge) else token)
                continue
            word = self.garble_glyphs(token)
            if sum(c.isalpha() for c in token) >= 3 and len(word) >= 2 and self.chance(level.split):
                word = self.break_word(word)
            if self.chance(level.mark):
                word = self.add_mark(word)
            pieces.append(word)
        garbled = "".join(pieces)
        if line.strip() and self.chance(level.line_junk):
            junk = self.rng.choice(LINE_JUNK)
            garbled = junk + garbled if self.chance(0.6) else garbled + " " + junk.strip()
        return garbled


def cable_reference(name: str) -> str:
    """A header reference from a corpus file name: 1973OSLO01967 -> OSLO 01967."""
    match = re.fullmatch(r"\d{4}([A-Z]+?)(\d{3,6})", name)
    return f"{match.group(1)} {match.group(2)}" if match else name.upper()


def classification_of(body: str, rng: random.Random) -> str:
    """The classification the cable states at its end, else a plausible one."""
    match = re.search(r"CLASSIFICATION\s*\*\*\*\s*(UNCLASSIFIED|LIMITED OFFICIAL USE|CONFIDENTIAL|SECRET)", body)
    return match.group(1) if match else rng.choice(CLASSIFICATIONS)


def severity_of(rng: random.Random) -> float:
    """How badly a document was scanned: three in four lightly, some rather worse, one in ten much worse."""
    roll = rng.random()
    if roll < 0.75:
        return rng.uniform(0.3, 1.0)
    if roll < 0.9:
        return rng.uniform(1.1, 1.8)
    return rng.uniform(1.8, 2.8)


def garble_cable(body: str, seed: int | str, reference: str = "", severity: float | None = None,
                 level: NoiseLevel = NoiseLevel()) -> Garbled:
    """Paginate a clean cable body with page furniture and garble it all.

    Returns the OCR-like text and the ground truth (the body, furniture-free, with trailing
    spaces stripped). `reference` is the post and number shown in page headers.
    """
    rng = random.Random(seed)
    if severity is None:
        severity = severity_of(rng)
    body_lines = [line.rstrip() for line in body.strip("\n").splitlines()]
    truth = "\n".join(body_lines) + "\n"
    body_garbler = Garbler(rng, level.scaled(severity))
    furniture_garbler = Garbler(rng, level.scaled(severity))
    classification = classification_of(body, rng)
    spaced = " " not in classification and rng.random() < 0.25  # S E C R E T, as some posts typed it
    banner = " ".join(classification) if spaced else classification
    dtg = f"{rng.randrange(1, 29):02d}{rng.randrange(24):02d}{rng.randrange(60):02d}Z"
    reference = reference or "STATE {:06d}".format(rng.randrange(1000000))
    footer_on = rng.random() < 0.35

    def furniture(*lines: str) -> list[str]:
        return [furniture_garbler.garble_line(line) if line else "" for line in lines]

    out: list[str] = []
    page, position = 1, 0
    while position < len(body_lines):
        if page == 1:
            out += furniture(banner, "")
            if rng.random() < 0.5:
                out += furniture(f"PAGE 01 {reference} {dtg}", "")
        else:
            out += furniture(banner, "", f"PAGE {page:02d} {reference} {dtg}", "")
        length = rng.randint(20, 25)
        out += [body_garbler.garble_line(line) for line in body_lines[position : position + length]]
        position += length
        out.append("")
        if footer_on:
            out += furniture(FOOTER)
        out += furniture(banner, "")
        page += 1
    return Garbled(ocr="\n".join(out).rstrip("\n") + "\n", truth=truth, severity=severity)
