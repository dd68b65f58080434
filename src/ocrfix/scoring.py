"""Character and word error rates of a text against its ground truth.

The convention (also in README): collapse every run of whitespace to one space and strip the
ends; CER is the Levenshtein distance between the texts divided by the ground truth's length;
WER is the same over whitespace-separated tokens. Many documents are micro-averaged: the sum of
their distances over the sum of their lengths, so long documents weigh more.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from typing import Iterable

from rapidfuzz.distance import Levenshtein

_WHITESPACE = re.compile(r"\s+")


def normalise_whitespace(text: str) -> str:
    """Every run of whitespace becomes one space; leading and trailing whitespace goes."""
    return _WHITESPACE.sub(" ", text).strip()


@dataclass(frozen=True)
class Tally:
    """Edit operations needed (`errors`) against a reference of `length` units."""

    errors: int = 0
    length: int = 0

    @property
    def rate(self) -> float:
        """errors / length; an empty reference scores 0 if matched exactly, else infinity."""
        if self.length == 0:
            return 0.0 if self.errors == 0 else float("inf")
        return self.errors / self.length

    def __add__(self, other: "Tally") -> "Tally":
        return Tally(self.errors + other.errors, self.length + other.length)


@dataclass(frozen=True)
class Score:
    """Error tallies of one document (or, added together, of many: micro-averaged)."""

    cer: Tally = Tally()
    wer: Tally = Tally()
    cer_insensitive: Tally = Tally()
    wer_insensitive: Tally = Tally()

    def __add__(self, other: "Score") -> "Score":
        return Score(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))

    def as_dict(self) -> dict:
        return {f.name: {"errors": t.errors, "length": t.length, "rate": t.rate}
                for f in fields(self) for t in [getattr(self, f.name)]}


def char_errors(output: str, truth: str) -> Tally:
    """Levenshtein distance over characters of the whitespace-normalised texts."""
    output, truth = normalise_whitespace(output), normalise_whitespace(truth)
    return Tally(Levenshtein.distance(output, truth), len(truth))


def word_errors(output: str, truth: str) -> Tally:
    """Levenshtein distance over whitespace tokens (a token is replaced, inserted or deleted whole)."""
    output_words, truth_words = output.split(), truth.split()
    return Tally(Levenshtein.distance(output_words, truth_words), len(truth_words))


def score(output: str, truth: str) -> Score:
    """Score `output` against `truth`, exact case and case-insensitive (both lowercased)."""
    lower_output, lower_truth = output.lower(), truth.lower()
    return Score(
        cer=char_errors(output, truth),
        wer=word_errors(output, truth),
        cer_insensitive=char_errors(lower_output, lower_truth),
        wer_insensitive=word_errors(lower_output, lower_truth),
    )


def micro_average(scores: Iterable[Score]) -> Score:
    """Pool many documents' scores: summed errors over summed lengths."""
    total = Score()
    for item in scores:
        total = total + item
    return total
