"""Character-confusion repair: glyph look-alikes inside words, and OCR'd punctuation marks."""

from __future__ import annotations

import re
from bisect import bisect_left
from itertools import accumulate
from dataclasses import dataclass

from ..correction import Decoder, decoded_edits, document_profile, is_known, tokenize
from ..edits import Edit
from ..lexicon import load_lexicon
from . import register
from .base import Context, Filter, option

MARKS = "•·"
# Tokens made only of these are specks and smudges read as marks, in damaged teletype text.
STRAY_MARKS = set("_‘’'`~•·:;,.\"|^¬“”")
EDGE_MARKS = STRAY_MARKS | set("-|")  # at the start or end of a line, a lone dash or bar is a speck too
STRAY_QUOTES = "‘'`_"
LONE_MARK = re.compile(f"[{MARKS}]")
# Some cable texts space their punctuation (FORCES , PERHAPS). Where a document does so (it has
# lone commas inside its lines), a lone comma or full stop is the writer's, and so is a lone colon
# or semicolon after a word; elsewhere they are specks.
SPACED_PUNCTUATION = {",", "."}
SPACED_AFTER_WORD = SPACED_PUNCTUATION | {":", ";"}
SPACED_STYLE_MIN_COMMAS = 1  # a word that starts with one of these, never closed, picked up a speck
# Marks a teletype keyboard could not type, or that cannot end a word twice over.
# (".," stays after a short word: ETC., INC., JR. are abbreviations.)
TRAILING_JUNK = re.compile(r"(?<=[A-Z0-9])(?:[.,;:]?[!<>~|\\]+|([.,;:])[•·]+|([,;:])\2+|(?<=[A-Z]{5})([.,;:])[.,;:]+)$")


@register
@dataclass
class Confusions(Filter):
    name = "confusions"
    summary = "repairs OCR glyph confusions inside words (0/O, 8/B, $/S, Tl-I/TH ...) and stray marks such as •"
    punctuation: bool = option(True, "turn OCR'd marks (•, ·) into the period, hyphen or apostrophe the context calls for")

    def propose(self, text: str, context: Context) -> list[Edit]:
        lexicon = load_lexicon(context.wordlists, context.protected)
        profile = document_profile(text, context)
        # Only pure glyph confusions: same glyph classes, no other edits, no merges or context.
        decoder = Decoder(lexicon, profile, context.protected, max_distance=0, allow_merge=False,
                          allow_split=False, use_context=False, real_words=False)
        edits = decoded_edits(
            text, decoder,
            rule_for=lambda option, first: "glyph",
            note_for=lambda option, before: f"{before} -> {option.core}: glyph confusion (cost {option.cost:.1f})",
        )
        if not self.punctuation or profile.clean:
            return edits
        marks = self._marks(text, profile, lexicon)
        # a mark repair explains its token better than a glyph reading does
        marked = sorted((m.start, m.end) for m in marks)
        furthest = list(accumulate((end for _, end in marked), max))  # furthest end of the first k marks

        def clear_of_marks(edit: Edit) -> bool:
            k = bisect_left(marked, (edit.end,))  # marks starting before the edit ends
            return k == 0 or furthest[k - 1] <= edit.start

        return marks + [e for e in edits if clear_of_marks(e)]

    @staticmethod
    def _marks(text, profile, lexicon) -> list[Edit]:
        edits = []
        lines = tokenize(text)
        lone_commas = sum(1 for line in lines for t in line.tokens[1:-1] if t.raw == ",")
        spaced = lone_commas >= SPACED_STYLE_MIN_COMMAS
        kept_after_word = SPACED_AFTER_WORD if spaced else set()
        for number, offset, tokens in lines:
            if number not in profile.teletype_lines:
                continue
            raws = [t.raw for t in tokens]
            first, last = _edge_runs(raws, spaced)
            if first >= last:  # nothing but specks
                edits.append(Edit(offset + tokens[0].start, offset + tokens[-1].end, "", "stray-mark", 0.7,
                                  "a line of marks only is scan noise"))
                continue
            if first:
                edits.append(Edit(offset + tokens[0].start, offset + tokens[first].start, "", "stray-mark", 0.7,
                                  "marks alone at the start of a line are scan noise"))
            if last < len(tokens):
                edits.append(Edit(offset + tokens[last - 1].end, offset + tokens[-1].end, "", "stray-mark", 0.7,
                                  "marks alone at the end of a line are scan noise"))
            for k in range(first, last):
                token, raw = tokens[k], raws[k]
                if raw.isalnum():
                    continue  # most tokens: no mark for any rule below
                previous = tokens[k - 1] if k > first else None
                if set(raw) <= STRAY_MARKS and not LONE_MARK.fullmatch(raw) and raw not in kept_after_word:
                    if previous is not None:  # with the space before it
                        edits.append(Edit(offset + previous.end, offset + token.end, "", "stray-mark", 0.7,
                                          "a token of marks only is scan noise"))
                    continue
                if token.core and token.lead and token.lead[0] in STRAY_QUOTES and not token.trail.startswith(("'", "’")) \
                        and not _quote_nearby(lines, number, k, closing=True):
                    edits.append(Edit(offset + token.start, offset + token.start + 1, "", "stray-quote", 0.7,
                                      "an unclosed quote mark stuck to a word is scan noise"))
                elif token.core and token.trail.startswith(("'", "’")) and not token.lead \
                        and not token.core.upper().endswith("S") \
                        and not _quote_nearby(lines, number, k, closing=False):
                    at = offset + token.core_end
                    edits.append(Edit(at, at + 1, "", "stray-quote", 0.7,
                                      "a quote mark closing nothing, stuck to a word, is scan noise"))
                    continue
                junk = TRAILING_JUNK.search(raw) if token.core else None
                if junk and not token.trail[:1] in MARKS:
                    start = offset + token.start + junk.start()
                    edits.append(Edit(start, offset + token.end, junk.group(1) or junk.group(2) or junk.group(3) or "", "stray-mark", 0.7,
                                      "marks no teletype word ends with are scan noise"))
                    continue
                if previous is not None and LONE_MARK.fullmatch(raw) and previous.core and not previous.trail:
                    edits.append(Edit(offset + previous.end, offset + token.end, ".", "stray-period", 0.8,
                                      "a lone mark after a word is an OCR'd full stop"))
                    continue
                if previous is not None and re.fullmatch(f"[{MARKS}']S", raw) and previous.core and not previous.trail:
                    edits.append(Edit(offset + previous.end, offset + token.end, "'S", "possessive", 0.8,
                                      "a mark before S after a word is an OCR'd apostrophe"))
                    continue
                if token.core and token.trail[:1] in MARKS and token.trail:
                    at = offset + token.core_end
                    last_on_line = k == last - 1
                    following = lines[number + 1].tokens[0] \
                        if last_on_line and number + 1 < len(lines) and lines[number + 1].tokens else None
                    rest = "".join(ch for ch in following.core if ch.isalnum()).upper() if following else ""
                    if rest and is_known(token.core.upper() + rest, lexicon) and not is_known(rest, lexicon):
                        edits.append(Edit(at, at + 1, "-", "line-end-hyphen", 0.7,
                                          "a mark at the line end inside a word broken over two lines"))
                    else:
                        edits.append(Edit(at, at + 1, ".", "period", 0.7, "a mark after a word is an OCR'd full stop"))
        return edits


def _edge_runs(raws: list[str], spaced: bool) -> tuple[int, int]:
    """Tokens [first, last) of a line lie between its leading and trailing runs of specks.

    A lone • right after a word is left out of the trailing run: it is a full stop."""
    def speck(raw: str, after_word: bool) -> bool:
        kept = (SPACED_AFTER_WORD if after_word else SPACED_PUNCTUATION) if spaced else ()
        return set(raw) <= EDGE_MARKS and raw not in kept

    first = 0
    while first < len(raws) and speck(raws[first], False):
        first += 1
    last = len(raws)
    while last > first and speck(raws[last - 1], True):
        last -= 1
    if last < len(raws) and last > first and LONE_MARK.fullmatch(raws[last]):
        last += 1
    return first, last


def _quote_nearby(lines, number: int, k: int, closing: bool, reach: int = 1) -> bool:
    """Is there a quote mark that would pair with this one: a closing one after it (within
    `reach` lines), or an opening one before it? Then it is a quotation, not a speck."""
    if closing:
        following = [*lines[number].tokens[k + 1 :], *(t for line in lines[number + 1 : number + 1 + reach] for t in line.tokens)]
        return any(t.trail.startswith(("'", "’")) for t in following)
    preceding = [*(t for line in lines[max(0, number - reach) : number] for t in line.tokens), *lines[number].tokens[:k]]
    return any(t.lead.startswith(("'", "‘")) for t in preceding)
