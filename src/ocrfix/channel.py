"""The OCR noise model: how likely the scanner printed OBSERVED where the page said INTENDED.

Built from wordlists/confusions.tsv. Costs are negative log weights, so lower is likelier.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from .resources import data_lines

# A substitution or dropped letter the table does not know about is possible but rare.
UNKNOWN_SUBSTITUTION = -math.log(0.01)
SPURIOUS_LETTER = -math.log(0.005)  # OCR invented a letter or digit
SPURIOUS_MARK = -math.log(0.25)  # OCR invented a punctuation mark or speck
MISSING_LETTER = -math.log(0.03)  # OCR lost a letter
CASE_NOISE = -math.log(0.6)  # a lowercase glyph where teletype printed only capitals
# Confusions at least this likely make two glyphs one class for candidate lookup.
CLASS_WEIGHT = 0.4
# Marks OCR invents at least this readily are ignored when looking up candidates.
MARK_WEIGHT = 0.25
# A mark or speck standing where the page had a letter (~ for M) is likelier than one letter for another.
SMUDGED_LETTER = -math.log(0.1)
# Multi-glyph confusions this likely and unambiguous are rewritten before alignment.
REWRITE_WEIGHT = 0.5
COST_CACHE_SIZE = 100_000


def _unquote(field: str) -> str:
    return "" if field == '""' else field


@dataclass(frozen=True)
class ConfusionTable:
    weights: dict[tuple[str, str], float]
    # -ln(weight) of each confusion, worked out once: the channel cost's inner loop reads it
    costs: dict[tuple[str, str], float] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "costs", {pair: -math.log(weight) for pair, weight in self.weights.items()})

    @classmethod
    def from_lines(cls, lines: list[str]) -> "ConfusionTable":
        weights = {}
        for line in lines:
            observed, intended, weight = line.split("\t")
            weights[(_unquote(observed), _unquote(intended))] = float(weight)
        return cls(weights)

    def cost(self, observed: str, intended: str) -> float | None:
        return self.costs.get((observed, intended))


@lru_cache(maxsize=1)
def confusion_table() -> ConfusionTable:
    return ConfusionTable.from_lines(data_lines("confusions.tsv"))


class NoiseModel:
    """Channel costs and the glyph classes ("skeletons") used to find candidates fast."""

    def __init__(self, table: ConfusionTable) -> None:
        self.table = table
        self.noise_marks = {o for (o, i), w in table.weights.items() if i == "" and len(o) == 1 and w >= MARK_WEIGHT}
        self.rewrites = sorted(
            ((o, i, -math.log(w)) for (o, i), w in table.weights.items()
             if len(o) >= 2 and w >= REWRITE_WEIGHT and sum(1 for (o2, _i) in table.weights if o2 == o) == 1),
            key=lambda r: -len(r[0]),
        )
        self._any_rewrite = re.compile("|".join(re.escape(source) for source, _, _ in self.rewrites) or "(?!)")
        self.classes = self._glyph_classes()
        # single-glyph costs looked up in the inner loop of every channel cost, kept as they are
        # asked for (keyed by the two glyphs run together)
        self._substitutions: dict[str, float] = {}
        self._deletions: dict[str, float] = {}
        # A plain dict of string pairs and floats, which the garbage collector stops walking
        # (an lru_cache's linked list it would walk on every full collection).
        self._costs: dict[tuple[str, str], float] = {}
        # one C-level pass: glyph to class, stray marks and apostrophes dropped
        self._skeleton_table = str.maketrans(
            {**{ch: cls for ch, cls in self.classes.items()}, **{m: None for m in self.noise_marks | {"'"}}})

    def _glyph_classes(self) -> dict[str, str]:
        parent: dict[str, str] = {}

        def find(x: str) -> str:
            parent.setdefault(x, x)
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        for (observed, intended), weight in sorted(self.table.weights.items()):
            if len(observed) == 1 and len(intended) == 1 and weight >= CLASS_WEIGHT:
                a, b = find(observed), find(intended)
                if a != b:
                    parent[max(a, b)] = min(a, b)
        for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
            a, b = find(letter.lower()), find(letter)
            if a != b:
                parent[max(a, b)] = min(a, b)
        return {ch: find(ch) for ch in parent}

    def rewrite(self, observed: str) -> tuple[str, float]:
        """Apply unambiguous multi-glyph confusions (l-I for H, rn for M); returns text and cost."""
        if not self._any_rewrite.search(observed):  # the usual case, in one C-level pass
            return observed, 0.0
        cost = 0.0
        for source, target, penalty in self.rewrites:
            if source in observed:
                count = observed.count(source)
                observed = observed.replace(source, target)
                cost += penalty * count
        return observed, cost

    def skeleton(self, text: str) -> str:
        """Map glyphs to their confusion class and drop stray marks, for candidate lookup."""
        text, _ = self.rewrite(text)
        return text.translate(self._skeleton_table)

    def substitution(self, observed: str, intended: str) -> float:
        if observed == intended:
            return 0.0
        cost = self.table.cost(observed, intended)
        if cost is not None:
            return cost
        if observed.upper() == intended:
            return CASE_NOISE
        if not observed.isalnum() and intended.isalpha():
            return SMUDGED_LETTER
        return UNKNOWN_SUBSTITUTION

    def deletion(self, observed: str) -> float:
        """Cost of OCR having invented `observed` (a glyph with no counterpart on the page)."""
        cost = self.table.cost(observed, "")
        if cost is not None:
            return cost
        return SPURIOUS_LETTER if observed.isalnum() else SPURIOUS_MARK

    def cost(self, observed: str, intended: str) -> float:
        """Channel cost of reading `intended` as `observed` (both without surrounding spaces)."""
        key = (observed, intended)
        cost = self._costs.get(key)
        if cost is None:
            if len(self._costs) >= COST_CACHE_SIZE:
                self._costs.clear()
            cost = self._costs[key] = _channel_cost(self, observed, intended)
        return cost


def _channel_cost(model: NoiseModel, observed: str, intended: str) -> float:
    rewritten, cost = model.rewrite(observed)
    table_costs, substitutions, deletions = model.table.costs, model._substitutions, model._deletions
    for tag, i1, i2, j1, j2 in Levenshtein.opcodes(rewritten, intended):
        if tag == "equal":
            continue
        source, target = rewritten[i1:i2], intended[j1:j2]
        whole = table_costs.get((source, target)) if source and target else None
        if whole is not None:
            cost += whole
            continue
        paired = min(len(source), len(target))
        # substitutions and deletions summed apart, then added: the order of additions sets the last
        # bit of a cost, and costs break ties
        part = 0.0
        for o, t in zip(source, target):
            glyphs = o + t
            glyph_cost = substitutions.get(glyphs)
            if glyph_cost is None:
                glyph_cost = substitutions[glyphs] = model.substitution(o, t)
            part += glyph_cost
        cost += part
        part = 0.0
        for o in source[paired:]:
            glyph_cost = deletions.get(o)
            if glyph_cost is None:
                glyph_cost = deletions[o] = model.deletion(o)
            part += glyph_cost
        cost += part
        cost += MISSING_LETTER * (len(target) - paired)
    return cost


@lru_cache(maxsize=1)
def noise_model() -> NoiseModel:
    return NoiseModel(confusion_table())
