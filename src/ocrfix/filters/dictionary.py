"""Dictionary-guided token correction with context, merges, splits and document vocabulary."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from ..correction import (Decoder, Token, decoded_edits, document_profile, garbage_glyphs, is_known,
                          is_numberish, lookup_form, tokenize)
from ..edits import Edit
from ..lexicon import load_lexicon
from . import register
from .base import Context, Filter, option

@register
@dataclass
class Dictionary(Filter):
    name = "dictionary"
    summary = "corrects tokens against the lexicons with an OCR noise model and word-pair context"
    max_distance: int = option(2, "largest glyph-class edit distance searched for candidates")
    merge: bool = option(True, "rejoin words broken by stray spaces")
    split: bool = option(True, "split words run together")
    context_words: bool = option(True, "weigh candidates by the neighbouring words")
    real_words: bool = option(False, "in noisy documents, reconsider known words that are glyph confusions of likelier ones")
    join_hyphens: bool = option(False, "join a word hyphenated at a line end where the joined word is known "
                                       "(off: teletype line breaks are kept as the page had them)")

    def propose(self, text: str, context: Context) -> list[Edit]:
        lexicon = load_lexicon(context.wordlists, context.protected)
        profile = document_profile(text, context)
        decoder = Decoder(lexicon, profile, context.protected, max_distance=self.max_distance,
                          allow_merge=self.merge, allow_split=self.split,
                          use_context=self.context_words, real_words=self.real_words)

        def rule_for(option, first: Token) -> str:
            if option.span > 1:
                return "merge"
            if " " in option.core:
                return "split"
            if option.core in profile.vocabulary:
                return "document-word"
            original = first.core
            return "real-word" if lookup_form(original) in lexicon else "word"

        def note_for(option, before: str) -> str:
            return f"{before} -> {option.core}: channel+context cost {option.cost:.1f}, noise {profile.noise:.2f}"

        edits = decoded_edits(text, decoder, rule_for, note_for)
        edits += self._unresolved(text, decoder, edits)
        if self.join_hyphens:
            edits += self._joined_hyphens(text, lexicon, edits)
        return edits

    @staticmethod
    def _joined_hyphens(text: str, lexicon, edits: list[Edit]) -> list[Edit]:
        """STATE-/MENT. becomes STATEMENT. on the first line, where STATEMENT is a known word."""
        taken = sorted((e.start, e.end) for e in edits)
        lines = tokenize(text)
        joins = []
        for (_, offset, tokens), (_, next_offset, following) in zip(lines, lines[1:]):
            if not tokens or not following or not tokens[-1].core.endswith("-"):
                continue
            head, tail = tokens[-1], following[0]
            joined = head.core[:-1] + tail.core
            if not (head.core[:-1].isalpha() and tail.core.isalpha() and is_known(lookup_form(joined), lexicon)):
                continue
            start = offset + head.core_end - 1  # the hyphen
            end = next_offset + (following[1].start if len(following) > 1 else tail.end)
            k = bisect_left(taken, (end,))
            if k and taken[k - 1][1] > start:
                continue  # a correction already works there
            moved = tail.raw + ("\n" if len(following) > 1 else "")
            joins.append(Edit(start, end, moved, "join-hyphen", 0.9,
                              f"{head.core}{tail.core}: a word hyphenated at the line end, joined"))
        return joins

    @staticmethod
    def _unresolved(text: str, decoder: Decoder, edits: list[Edit]) -> list[Edit]:
        """Garbled tokens left as they are: recorded so an editor finds them first."""
        touched = sorted((e.start, e.end) for e in edits)
        flags = []
        for number, offset, tokens in tokenize(text):
            if number in decoder.profile.header_lines:
                continue
            garbage_of = garbage_glyphs.for_flag(number in decoder.profile.teletype_lines)
            for token in tokens:
                if not token.core or garbage_of(token.core) < 2 or is_numberish(token.core):
                    continue
                start, end = offset + token.core_start, offset + token.core_end
                k = bisect_left(touched, (end,))  # edits starting before the token ends
                if k and touched[k - 1][1] > start:  # edits do not overlap: one check will do
                    continue
                flags.append(Edit(start, end, token.core, "unresolved", 0.0,
                                  "garbled token with no confident correction"))
        return flags
