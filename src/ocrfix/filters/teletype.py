"""Teletype uppercase: lowercase glyphs in teletype text are OCR noise; optional sentence case."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..correction import ABBREVIATION, CAPITALISED, document_profile, lookup_form, tokenize
from ..edits import Edit
from ..lexicon import load_lexicon
from ..resources import data_lines
from . import register
from .base import Context, Filter

SENTENCE_END = re.compile(r"[.?!:]['\")]*$")


@register
@dataclass
class Teletype(Filter):
    name = "teletype"
    summary = "uppercases lowercase OCR noise in teletype text; --case sentence renders readable sentence case"

    def propose(self, text: str, context: Context) -> list[Edit]:
        profile = document_profile(text, context)
        if not profile.teletype_lines:
            return []
        if context.case == "sentence":
            return self._sentence_case(text, profile, context)
        edits = []
        for number, offset, tokens in tokenize(text):
            if number not in profile.teletype_lines or number in profile.header_lines:
                continue
            for token in tokens:
                raw = token.raw
                if not raw.isupper() and any(ch.islower() for ch in raw) \
                        and not (CAPITALISED.fullmatch(token.core) or ABBREVIATION.fullmatch(token.core)):
                    edits.append(Edit(offset + token.start, offset + token.end, raw.upper(), "uppercase", 0.9,
                                      "lowercase glyph in teletype text is OCR noise"))
        return edits

    def _sentence_case(self, text: str, profile, context: Context) -> list[Edit]:
        lexicon = load_lexicon(context.wordlists, context.protected)
        # jargon stays in capitals, but not the plain English words some terms are made of (AND, ALL)
        terms = set(data_lines("cable-terms.txt")) | set(data_lines("arms-control.txt"))
        keep_upper = set(data_lines("acronyms.txt")) | {t for t in terms if t not in lexicon.english}
        # proper names: places, months and nationalities, words the document or the user vouch
        # for, and the names of the corpus that are not also everyday English words
        names = (set(data_lines("places.txt")) | set(data_lines("proper-words.txt")) | set(profile.vocabulary)
                 | context.protected | {n for n in data_lines("names.txt") if not lexicon.is_common(n)})
        # every token in reading order, with its line: US is read from its neighbours
        placed = [(number, offset, token) for number, offset, tokens in tokenize(text) for token in tokens]
        edits = []
        sentence_start = True
        last_line = -1
        for k, (number, offset, token) in enumerate(placed):
            if number > last_line + 1:  # a blank line ends a paragraph
                sentence_start = True
            last_line = number
            raw = token.raw
            if number not in profile.teletype_lines or number in profile.header_lines:
                sentence_start = bool(SENTENCE_END.search(raw))
                continue
            word = lookup_form(token.core)
            if word == "US" and not sentence_start and _pronoun_us(placed, k):
                rendered = "us"
            else:
                rendered = self._render(token.core, lexicon, keep_upper, names, sentence_start)
            if rendered != token.core:
                edits.append(Edit(offset + token.core_start, offset + token.core_end, rendered, "sentence-case", 1.0,
                                  "teletype capitals rendered in sentence case"))
            sentence_start = bool(SENTENCE_END.search(raw)) or re.fullmatch(r"\d+\.|[A-Z]\.", raw) is not None
        return edits

    @staticmethod
    def _render(core: str, lexicon, keep_upper, names, sentence_start: bool) -> str:
        if not any(ch.isalpha() for ch in core):
            return core
        parts = re.split(r"([-/])", core)
        rendered = []
        for index, part in enumerate(parts):
            upper = part.upper()
            # a possessive is judged by its word: SEMENOV'S as SEMENOV, LET'S as LET
            word = upper[:-2] if len(upper) > 2 and upper.endswith(("'S", "’S")) else upper
            if part in "-/" or not part.isalpha() and "'" not in part and "’" not in part:
                rendered.append(part)
            elif word in keep_upper or (len(word) > 1 and word not in lexicon.cost and word not in names):
                rendered.append(word + upper[len(word):].lower())  # USSR'S as USSR's
            elif word in names:
                rendered.append(upper.capitalize())
            elif upper == "I":
                rendered.append("I")
            elif sentence_start and index == 0:
                rendered.append(upper.capitalize())
            else:
                rendered.append(upper.lower())
        return "".join(rendered)


def _pronoun_us(placed: list, k: int) -> bool:
    """Is the US at placed[k] the pronoun (TOLD US THAT, ASKED US TO) and not the United States
    (THE US DELEGATION, THE US IN THE UN)? Only where its neighbours say so plainly: a word of
    us-pronoun-next.txt comes next, a word before it that is not in us-country-previous.txt, and
    no punctuation between them. Anything else keeps its capitals."""
    if not 0 < k < len(placed) - 1:
        return False
    previous, us, following = (token for _, _, token in placed[k - 1 : k + 2])
    if previous.trail or us.lead or us.trail or following.lead or not previous.core.isalpha():
        return False
    pronoun_next, country_previous = _us_contexts()
    return lookup_form(following.core) in pronoun_next and lookup_form(previous.core) not in country_previous


@lru_cache(maxsize=1)
def _us_contexts() -> tuple[frozenset[str], frozenset[str]]:
    return frozenset(data_lines("us-pronoun-next.txt")), frozenset(data_lines("us-country-previous.txt"))
