"""The page-markers filter: removes page furniture and rejoins text across page breaks.

Furniture is recognised line by line (page headers by their shape, banners, stamps and
footers by fuzzy match against the templates in wordlists/furniture.tsv, lines that recur
at page intervals), then confirmed by position: banners and stamps only go where they
stand at a page boundary, next to a header, footer or page marker or at the document's
edge. Anything that only looks like furniture is kept and recorded as a doubt.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from typing import Callable, Iterator

from rapidfuzz import fuzz, process

from ..casecount import case_counts
from ..edits import Edit
from ..memo import plain_memo, plain_memo_by_flag
from ..resources import data_lines
from . import register
from .base import Context, Filter, option

# Characters OCR commonly confuses, folded to one representative before fuzzy matching.
_GLYPH_FOLD = str.maketrans({"0": "O", "Q": "O", "1": "I", "L": "I", "!": "I", "|": "I", "J": "I", "5": "S",
                             "$": "S", "8": "B", "6": "G", "7": "T", "4": "A", "(": "C", "£": "E", "V": "U"})
_DIGIT_FOLD = str.maketrans({"O": "0", "o": "0", "Q": "0", "D": "0", "I": "1", "l": "1", "i": "1", "|": "1",
                             "!": "1", "S": "5", "s": "5", "Z": "2", "z": "2", "G": "6", "B": "8", "?": "7"})
_TERMINAL = re.compile(r"[.!?][\"'”’)\]]*\s*$")
_PARAGRAPH_OPENER = re.compile(r"^\s*(\(?([0-9]{1,2}|[A-Z])\s?[.,:)•·]\s|--|—|#|\*\*|\(?[0-9]{1,2}\)\s)")
# a paragraph label alone (`2.`, `B)`), or a numbered one with a short answer (`5. N`, `8. --`)
_LABEL = re.compile(r"^\s*\(?([0-9]{1,2}[.)]\)?(\s.*)?|[A-Za-z][.)]\)?\s*)$")
# glyphs clean teletype text never has: a capital after a small letter in a word, marks OCR invents
_LETTERS = re.compile(r"[^\W\d_]{2}")
_OCR_GLYPHS = re.compile(r"[a-z][A-Z]|[~|\\{}<>_^`]|[^\x00-\x7f‘’“”–—•]")

SPLIT_FOOTER_REACH = 4  # lines a split footer's second half may lie below its first
SPLIT_FOOTER_OVERLAP = 8  # characters of the template both halves may claim (OCR blurs where they meet)


@dataclass(frozen=True)
class Templates:
    banners: tuple[str, ...]
    stamp_words: tuple[str, ...]
    stamp_patterns: tuple[re.Pattern, ...]
    footers: tuple[str, ...]
    page_word: str
    page_ref: re.Pattern
    end_of_message: re.Pattern
    heading_words: tuple[str, ...]
    heading_patterns: tuple[re.Pattern, ...]


@lru_cache(maxsize=1)
def templates() -> Templates:
    table: dict[tuple[str, str], list[str]] = {}
    for line in data_lines("furniture.tsv"):
        kind, form, pattern = line.split("\t", 2)
        table.setdefault((kind, form), []).append(pattern)

    def texts(kind: str) -> tuple[str, ...]:
        return tuple(table.get((kind, "text"), ()))

    def regexes(kind: str) -> tuple[re.Pattern, ...]:
        return tuple(re.compile(p, re.IGNORECASE) for p in table.get((kind, "regex"), ()))

    return Templates(
        banners=texts("banner"),
        stamp_words=texts("stamp"),
        stamp_patterns=regexes("stamp"),
        footers=texts("footer"),
        page_word=texts("page-word")[0],
        page_ref=regexes("page-ref")[0],
        end_of_message=regexes("end-of-message")[0],
        heading_words=tuple(table.get(("heading", "word"), ())),
        heading_patterns=regexes("heading"),
    )


_MESSAGE_NUMBER = re.compile(r"\d{3}")
_NOT_FOLDED = re.compile(r"[^A-Z0-9 ]+")


@plain_memo(maxsize=50_000)  # lines and templates are folded again and again
def fold(text: str) -> str:
    """Upper-case, fold OCR glyph confusions and drop punctuation, keeping word spaces."""
    folded = _NOT_FOLDED.sub("", text.upper().translate(_GLYPH_FOLD))
    return " ".join(folded.split())


def _part_alignment(text: str, template: str) -> tuple[float, int, int]:
    """How well a line matches part of a template (or the template part of the line), and where in
    the template that part starts and ends."""
    return _alignments_with(template)(text)


@lru_cache(maxsize=None)  # one per footer template
def _alignments_with(template: str) -> Callable[[str], tuple[float, int, int]]:
    folded = fold(template)

    # Most lines come back unchanged in the next pass. A table of plain tuples by line, not an
    # lru_cache: its link nodes outlive young collections, and full collections come sooner.
    @plain_memo(maxsize=10_000)
    def alignment(text: str) -> tuple[float, int, int]:
        found = fuzz.partial_ratio_alignment(fold(text), folded)
        return found.score, found.dest_start, found.dest_end

    return alignment


def similarity(text: str, template: str) -> float:
    """Fuzzy similarity of a line to a template, spaced and compacted (OCR splits and joins words)."""
    a, b = fold(text), fold(template)
    return max(fuzz.ratio(a, b), fuzz.ratio(a.replace(" ", ""), b.replace(" ", "")))


@dataclass(slots=True)
class _Line:
    index: int
    start: int
    end: int  # end of the text, before the newline
    stop: int  # after the newline
    text: str
    kind: str = "body"  # body, blank, or a rule name
    confidence: float = 0.0
    note: str = ""
    anchor: bool = False  # marks a page boundary by itself
    candidate: bool = False  # furniture only if it stands at a page boundary
    heading: bool = False

    @property
    def blank(self) -> bool:
        return self.kind == "blank"


@register
@dataclass
class PageMarkers(Filter):
    name = "page-markers"
    summary = "remove page headers, banners, footers, stamps, [Page N] markers, noise lines and NNNN; rejoin text"

    footer_threshold: float = option(70.0, "similarity (0-100) above which a line is a reproduction footer")
    footer_doubt: float = option(55.0, "similarity above which a footer-like line is kept but recorded as a doubt")
    fragment_threshold: float = option(80.0, "partial similarity for each half of a footer split over two lines")
    banner_threshold: float = option(75.0, "similarity above which a line is a classification banner or stamp")
    slot_threshold: float = option(75.0, "partial similarity to the document's banner for a short line in the "
                                   "banner's place directly above a page header")
    inline_stamp_threshold: float = option(85.0, "similarity for a stamp read into the end of a text line")
    recurrence_threshold: float = option(85.0, "similarity above which two lines count as the same recurring line")
    passage_threshold: float = option(70.0, "similarity of the lines beside two recurring lines that makes them "
                                      "a repeated passage of text, kept unless at a page boundary")
    min_recurrence_length: int = option(12, "letters and digits a line needs to be removed for recurring alone")
    min_page_gap: int = option(15, "lines that must lie between two occurrences of a recurring line")
    damage_lines: int = option(3, "lines with OCR-only glyphs a document needs before lone symbols count as scan noise")
    short_line_ratio: float = option(0.6, "a line shorter than this share of the usual width ends a paragraph")
    join_pages: bool = option(True, "remove the blank lines around furniture where the text reads on")

    def propose(self, text: str, context: Context) -> list[Edit]:
        lines = _split_lines(text)
        if not lines:
            return []
        upper_doc = _is_upper_document(text)
        damaged = self._shows_ocr_damage(lines)
        text_class = _text_classes(upper_doc, self.footer_threshold, self.footer_doubt, self.banner_threshold)
        for line in lines:
            line.kind, line.confidence, line.note, line.anchor, line.candidate, line.heading = _line_class(
                line.text, text_class, upper_doc, damaged)
        if not damaged:
            self._keep_noise_lines(lines, upper_doc)
        self._pair_split_footers(lines)
        self._find_recurring(lines)
        self._fill_banner_slots(lines, upper_doc)
        removed, flags = self._confirm_by_position(lines)
        self._name_unclassified_stamps(lines, removed)
        edits = self._removal_edits(lines, removed)
        edits += self._inline_edits(lines, removed, damaged)
        edits += flags
        return edits

    # -- recognising single lines -------------------------------------------------------

    def _shows_ocr_damage(self, lines: list[_Line]) -> bool:
        """Whether lines with letters in them (not lone symbols) carry glyphs only OCR produces.

        A lone symbol in clean text (`@`, a `.` or `)` wrapped onto its own line) is the
        document's own; only where OCR has visibly been at work is it taken for scan noise.
        """
        damaged = [line for line in lines if _LETTERS.search(line.text) and _OCR_GLYPHS.search(line.text)]
        return len(damaged) >= self.damage_lines

    @staticmethod
    def _keep_noise_lines(lines: list[_Line], upper_doc: bool) -> None:
        """In a clean document a lone symbol stays (as a doubt) unless its own glyphs are OCR's (`~`, `q`)."""
        for line in lines:
            own_glyphs = _OCR_GLYPHS.search(line.text) or (upper_doc and re.search("[a-z]", line.text))
            if line.kind == "noise-line" and not own_glyphs:
                line.kind, line.note, line.anchor, line.candidate = "noise-doubt", "no word content, but the " \
                    "document shows no other OCR damage", False, False

    def _pair_split_footers(self, lines: list[_Line]) -> None:
        """A footer broken over two lines: each half matches part of the template, together the whole."""
        t = templates()
        for first in lines:
            if first.kind not in ("body", "footer-doubt") or first.heading or len(fold(first.text)) < 10:
                continue
            for template in t.footers:
                head_score, _, head_end = _part_alignment(first.text, template)
                if head_score < self.fragment_threshold:
                    continue
                for second in lines[first.index + 1 : first.index + 1 + SPLIT_FOOTER_REACH]:
                    if second.heading:
                        break
                    if second.blank or second.kind not in ("body", "footer-doubt", "footer"):
                        continue  # other furniture may stand between the halves
                    joined = f"{first.text} {second.text}"
                    tail_score, tail_start, _ = _part_alignment(second.text, template)
                    if (
                        len(fold(second.text)) >= 10
                        and tail_score >= self.fragment_threshold
                        and tail_start >= head_end - SPLIT_FOOTER_OVERLAP  # the halves follow each other
                        and similarity(joined, template) >= self.footer_threshold
                    ):
                        for half in (first, second):
                            _mark(half, "footer", 0.85, "reproduction footer split over two lines", anchor=True)
                    break

    def _find_recurring(self, lines: list[_Line]) -> None:
        """Lines that recur nearly identical at page intervals are furniture too."""
        pool = [
            line
            for line in lines
            if line.kind in ("body", "footer-doubt", "footer", "page-header")
            and not line.heading
            and len(fold(line.text).replace(" ", "")) >= self.min_recurrence_length
        ]
        if len(pool) < 2:
            return
        keys = [_recurrence_key(line.text) for line in pool]
        twins: dict[int, list[_Line]] = {}
        for i, line in enumerate(pool):
            if line.kind not in ("body", "footer-doubt"):
                continue
            matches = process.extract(keys[i], keys, scorer=fuzz.ratio, score_cutoff=self.recurrence_threshold,
                                      limit=None)
            others = [pool[j] for _, _, j in sorted(matches, key=lambda m: m[2]) if j != i]
            # furniture comes once a page: a near twin close by means a pattern in the text itself
            if others and all(abs(p.index - line.index) >= self.min_page_gap for p in others):
                twins[line.index] = others
        for index, partners in twins.items():
            line = lines[index]
            known = [p.kind for p in partners if p.kind in ("footer", "page-header")]
            if known:
                _mark(line, known[0], 0.85, f"recurs like the {known[0]} at line {partners[0].index + 1}", anchor=True)
                continue
            # a neighbour that recurs too, in step, makes a repeated passage of text (a list of names, a
            # quotation): that is furniture only where it stands at a page boundary
            passage = any(self._same_neighbour(lines, index, p.index, step) for p in partners for step in (-1, 1))
            confidence = 0.8 if len(partners) >= 2 else 0.7
            _mark(line, "recurring", confidence, f"recurs {len(partners) + 1} times at page intervals",
                  anchor=not passage, candidate=passage)

    def _same_neighbour(self, lines: list[_Line], index: int, twin: int, step: int) -> bool:
        """Whether the lines beside a recurring line and beside its twin, on the same side, are alike too."""
        a, b = index + step, twin + step
        if not (0 <= a < len(lines) and 0 <= b < len(lines)) or lines[a].blank or lines[b].blank:
            return False
        return fuzz.ratio(_recurrence_key(lines[a].text), _recurrence_key(lines[b].text)) >= self.passage_threshold

    def _fill_banner_slots(self, lines: list[_Line], upper_doc: bool) -> None:
        """A page header has the page's banner directly above it; a short scrap there is that banner, badly read.

        Only the document's own marking (recognised elsewhere in it) counts, and only a scrap no
        longer than the marking that does not end a sentence: the last words of a paragraph stay.
        """
        t = templates()
        marked = ["".join(_marker_tokens(line.text, upper_doc)) for line in lines if line.kind == "banner"]
        own = [target for target in (fold(b).replace(" ", "") for b in t.banners)
               if any(fuzz.ratio(m, target) >= self.banner_threshold for m in marked)]
        for header in (line for line in lines if line.kind == "page-header"):
            above = next((line for line in reversed(lines[: header.index]) if not line.blank), None)
            if above is None or above.kind != "body" or above.heading or _TERMINAL.search(above.text):
                continue
            scrap = "".join(_marker_tokens(above.text, upper_doc))
            score = max((fuzz.partial_ratio(scrap, target) for target in own if 3 <= len(scrap) <= len(target)),
                        default=0.0)
            if score >= self.slot_threshold:
                _mark(above, "banner", 0.6, f"in the banner's place above a page header (similarity {score:.0f})",
                      candidate=True)

    # -- confirming by position ---------------------------------------------------------

    def _confirm_by_position(self, lines: list[_Line]) -> tuple[set[int], list[Edit]]:
        """Which lines go: anchors always; candidates only in a run of furniture that marks a page boundary."""
        removed: set[int] = set()
        flags: list[Edit] = []
        last = len(lines) - 1
        i = 0
        while i <= last:
            if not (lines[i].blank or lines[i].anchor or lines[i].candidate):
                i += 1
                continue
            j = i
            while j + 1 <= last and (lines[j + 1].blank or lines[j + 1].anchor or lines[j + 1].candidate):
                j += 1
            run = lines[i : j + 1]
            at_boundary = (
                any(line.anchor and line.kind != "noise-line" for line in run)
                or (i == 0 or all(line.blank for line in lines[:i]))
                or (j == last or all(line.blank for line in lines[j + 1 :]))
            )
            for line in run:
                if line.anchor or (line.candidate and at_boundary):
                    removed.add(line.index)
                elif line.candidate and line.kind in ("banner", "stamp") and line.confidence >= 0.9:
                    note = f"looks like a {line.kind} but does not stand at a page boundary"
                    flags.append(_doubt(line, line.kind, note))
            i = j + 1
        for line in lines:
            if line.index in removed or line.blank:
                continue
            rule = _DOUBT_RULES.get(line.kind) or _DOUBT_RULES.get(line.note)
            if rule:
                flags.append(_doubt(line, rule, line.note))
        return removed, flags

    def _name_unclassified_stamps(self, lines: list[_Line], removed: set[int]) -> None:
        """UNCLASSIFIED is a banner only in a document marked unclassified; otherwise a declassification stamp."""
        unclassified = fold("UNCLASSIFIED").replace(" ", "")

        def is_unclassified(text: str) -> bool:
            return fuzz.ratio(fold(text).replace(" ", ""), unclassified) >= 75

        markings = [line for line in lines if line.kind in ("banner", "stamp") and line.index in removed]
        heading = [line.text for line in lines if line.kind == "body" and not line.blank][:15]
        unclassified_document = all(is_unclassified(m.text) for m in markings if m.kind == "banner") and any(
            fuzz.partial_ratio("UNCLAS", fold(text).replace(" ", "")) >= 90 for text in heading
        )
        for line in markings:
            if is_unclassified(line.text):
                line.kind = "banner" if unclassified_document else "stamp"
                if line.kind == "stamp":
                    line.note = "declassification stamp"
        for line in lines:
            if line.kind == "recurring":
                line.kind = "footer"

    # -- edits ----------------------------------------------------------------------------

    def _removal_edits(self, lines: list[_Line], removed: set[int]) -> list[Edit]:
        """One edit per removed line, taking its newline and the blank lines that go with it."""
        width = _usual_width(lines, removed)
        gaps = _gaps(lines, removed)
        layout = self._layout_evidence(lines, gaps)
        deleted: set[int] = set(removed)
        for gap in gaps:
            deleted.update(gap.inside)
            if gap.previous is None:
                deleted.update(gap.after)
            elif gap.following is None:
                deleted.update(gap.before)
                deleted.update(gap.after)
            elif self.join_pages and self._reads_on(gap, lines, width, layout):
                deleted.update(gap.before)
                deleted.update(gap.after)
            elif gap.before:
                deleted.update(gap.after)
        # the phantom empty "line" after a final newline is never deleted
        if lines[-1].start == lines[-1].stop:
            deleted.discard(lines[-1].index)

        edits: list[Edit] = []
        index = 0
        ordered = sorted(deleted)
        while index < len(ordered):
            run = [ordered[index]]
            while index + 1 < len(ordered) and ordered[index + 1] == run[-1] + 1:
                index += 1
                run.append(ordered[index])
            index += 1
            owners = [k for k in run if k in removed]
            if not owners:
                continue
            for n, owner in enumerate(owners):
                start = lines[run[0]].start if n == 0 else lines[owner].start
                next_owner = owners[n + 1] if n + 1 < len(owners) else None
                stop = lines[next_owner].start if next_owner is not None else lines[run[-1]].stop
                line = lines[owner]
                edits.append(Edit(start, stop, "", line.kind, line.confidence, line.note))
        return edits

    @staticmethod
    def _layout_evidence(lines: list[_Line], gaps: list["_Gap"]) -> str:
        """Which side's blank lines tell paragraph breaks from run-on text in this document, if any.

        Where a document sometimes has a blank line between the text and the furniture below
        it and sometimes not, the blank line is the paragraph break (and likewise above the
        next page's text). Where it always or never has one, the layout says nothing.
        """
        page_gaps = [
            g for g in gaps
            if g.previous is not None and g.following is not None
            and any(lines[k].kind not in ("noise-line", "end-of-message") for k in g.removed)
        ]
        def varies(counts: list[bool]) -> bool:  # each way at least twice: one odd page proves nothing
            return min(counts.count(True), counts.count(False)) >= 2

        below = varies([bool(g.before) for g in page_gaps])
        above = varies([bool(g.after) for g in page_gaps])
        if below and not above:
            return "below"
        if above and not below:
            return "above"
        return ""

    def _reads_on(self, gap: "_Gap", lines: list[_Line], width: float, layout: str) -> bool:
        """Whether a sentence runs on from the line before the gap into the line after it."""
        previous, following = gap.previous, gap.following
        if any(lines[k].kind == "end-of-message" for k in gap.removed):
            return False
        if previous.heading or following.heading:
            return False
        if layout == "below":
            return not gap.before
        if layout == "above":
            return not gap.after
        head = following.text.lstrip(" \t\"'“‘([")
        if head[:1].islower():
            return True
        if _TERMINAL.search(previous.text) or _PARAGRAPH_OPENER.match(following.text):
            return False
        if not gap.before:
            return True
        return len(previous.text.rstrip()) >= self.short_line_ratio * width

    def _inline_edits(self, lines: list[_Line], removed: set[int], damaged: bool) -> list[Edit]:
        t = templates()
        edits: list[Edit] = []
        for line in lines:
            if line.index in removed or line.blank:
                continue
            for match in t.page_ref.finditer(line.text):
                start, end = match.start(), match.end()
                if end < len(line.text) and line.text[end] == " ":
                    end += 1
                elif start > 0 and line.text[start - 1] == " ":
                    start -= 1
                edits.append(Edit(line.start + start, line.start + end, "", "page-ref", 1.0, "inline FRUS page marker"))
        # a stamp read into a text line is an OCR artefact: clean text ending in `UNCLASSIFIED` means it
        for line in self._lines_before_page_breaks(lines, removed) if damaged else []:
            edit = None if line.heading else self._stamp_at_end(line)
            if edit:
                edits.append(edit)
        return edits

    @staticmethod
    def _lines_before_page_breaks(lines: list[_Line], removed: set[int]) -> list[_Line]:
        """The last kept line above each run of removed page-boundary furniture, and the document's last line."""
        found = []
        for k in sorted(removed):
            if lines[k].kind == "noise-line":
                continue
            j = k - 1
            while j >= 0 and (lines[j].blank or j in removed):
                j -= 1
            if j >= 0 and (not found or found[-1] is not lines[j]):
                found.append(lines[j])
        kept = [line for line in lines if not line.blank and line.index not in removed]
        if kept and kept[-1] not in found:
            found.append(kept[-1])
        return found

    def _stamp_at_end(self, line: _Line) -> Edit | None:
        """A declassification stamp read into the end of a text line, e.g. `... UPWARDS, UNCLASSIFIED`."""
        words = list(re.finditer(r"\S+", line.text))
        if len(words) < 2:
            return None
        for count in (1, 2):
            if len(words) <= count:
                break
            tail = words[-count:]
            candidate = line.text[tail[0].start() : tail[-1].end()]
            compact = fold(candidate).replace(" ", "")
            if len(compact) < 9:
                continue
            for word in templates().stamp_words:
                score = fuzz.ratio(compact, fold(word).replace(" ", ""))
                if score >= self.inline_stamp_threshold:
                    start = tail[0].start() - 1 if line.text[tail[0].start() - 1] == " " else words[-count - 1].end()
                    return Edit(line.start + start, line.start + tail[-1].end(), "", "stamp", 0.8,
                                f"stamp read into a text line (similarity {score:.0f})")
        return None


# -- helpers --------------------------------------------------------------------------------

def _line_class(text: str, text_class: Callable[[str], tuple], upper_doc: bool, damaged: bool) -> tuple:
    """What a line is by itself: the kind, confidence, note, anchor, candidate and heading it gets.
    `text_class` is the filter's setting of `_text_classes`: the class depends only on the text, so it is cached."""
    *found, needs_word = text_class(text)
    if needs_word and not _has_word(text, upper_doc, damaged):
        return "noise-line", 0.75, "no word content at a page break", False, True, False
    return tuple(found)


@lru_cache(maxsize=16)  # one per setting of the filter's thresholds
def _text_classes(upper_doc: bool, footer_threshold: float, footer_doubt: float,
                  banner_threshold: float) -> Callable[[str], tuple]:
    """The line's class if it has a word, and whether that is the last question (see _classify), by line."""

    # Later passes, and other documents, mostly bring lines already seen (a plain table, as in
    # _alignments_with). Whether the document shows OCR damage is left out of the key: a pass
    # that cleans a document changes it for every line.
    @plain_memo(maxsize=10_000)
    def text_class(text: str) -> tuple:
        line = _Line(0, 0, len(text), len(text), text)
        needs_word = _classify(line, upper_doc, footer_threshold, footer_doubt, banner_threshold)
        return line.kind, line.confidence, line.note, line.anchor, line.candidate, line.heading, needs_word

    return text_class


def _classify(line: _Line, upper_doc: bool, footer_threshold: float, footer_doubt: float,
              banner_threshold: float) -> bool:
    """Classify the line; True where, as the last question, a line with no word (`_has_word`,
    which depends on the document) is page-break noise instead."""
    t = templates()
    stripped = line.text.strip()
    if not stripped:
        line.kind = "blank"
        return False
    if t.page_ref.fullmatch(stripped):
        _mark(line, "page-ref", 1.0, "FRUS page marker", anchor=True)
        return False
    if t.end_of_message.match(line.text):
        _mark(line, "end-of-message", 0.95, "teleprinter end-of-message marker", anchor=True)
        return False
    if _is_heading(line.text, t):
        line.heading = True
        return False
    header = _page_header_shape(line.text, t.page_word, upper_doc)
    if header == "header":
        _mark(line, "page-header", 0.95, "page header", anchor=True)
        return False
    # a whole footer, not a part of one: a part alone is only furniture when its other half is found
    footer_score = max(
        (similarity(line.text, f) for f in t.footers if len(fold(line.text)) >= 0.75 * len(fold(f))), default=0.0
    )
    if footer_score >= footer_threshold:
        confidence = 0.95 if footer_score >= 80 else 0.85
        _mark(line, "footer", confidence, f"reproduction footer (similarity {footer_score:.0f})", anchor=True)
        return False
    if any(p.match(stripped) for p in t.stamp_patterns):
        _mark(line, "stamp", 0.9, "declassification stamp", candidate=True)
        return False
    # a marking followed by a message number is the cable's own classification line; a line with
    # more letters and digits than any marking could have is none (its marker tokens hold no more)
    folded = fold(line.text)
    if _MESSAGE_NUMBER.search(line.text) or len(folded) - folded.count(" ") > _MARKER_SPAN * _longest_marker():
        kind, score = "", 0.0
    else:
        kind, score = _best_marker(_marker_tokens(line.text, upper_doc))
    if kind and score >= banner_threshold:
        confidence = 0.9 if score >= 90 else 0.8
        _mark(line, kind, confidence, f"classification marking (similarity {score:.0f})", candidate=True)
        return False
    if _is_noise(line.text):
        if _LABEL.match(line.text):
            line.note = "a paragraph label"
            return False
        _mark(line, "noise-line", 0.9, "no word content", anchor=True)
        return False
    if header == "doubt":
        line.note = "starts like a page header"
    elif footer_score >= footer_doubt:
        line.note = f"resembles the reproduction footer (similarity {footer_score:.0f})"
        line.kind = "footer-doubt"
    return True


def _mark(line: _Line, kind: str, confidence: float, note: str, anchor=False, candidate=False) -> None:
    line.kind, line.confidence, line.note = kind, confidence, note
    line.anchor, line.candidate = anchor, candidate


def _recurrence_key(text: str) -> str:
    """A line compacted for comparing recurrences; page numbers and dates vary, so digits are all alike."""
    return fold(text).replace(" ", "").translate(_DIGITS_ALIKE)


_DIGITS_ALIKE = str.maketrans("0123456789", "#" * 10)


def _split_lines(text: str) -> list[_Line]:
    lines, position = [], 0
    for index, piece in enumerate(text.split("\n")):
        end = position + len(piece)
        stop = min(end + 1, len(text))
        lines.append(_Line(index, position, end, stop, piece))
        position = stop
    return lines


def _is_upper_document(text: str) -> bool:
    letters, _, lower = case_counts(text)
    return bool(letters) and lower < 0.2 * letters


def _is_heading(text: str, t: Templates) -> bool:
    """The cable's own heading lines (section line, subject, tags, routing) are never furniture."""
    if any(p.search(text) for p in t.heading_patterns):
        return True
    words = text.split()
    if not any(map(_is_heading_word, words)):
        return False
    for n, word in enumerate(words):
        if _is_heading_word(word):
            # `SECTION 01 OF 02 ...`: numbers must follow the word
            return sum(_number(w) for w in words[n + 1 : n + 5]) >= 2
    return False


@plain_memo(maxsize=50_000)  # words recur from line to line and document to document
def _is_heading_word(word: str) -> bool:
    folded = fold(word)
    return 5 <= len(folded) <= 9 and any(fuzz.ratio(folded, fold(h)) >= 70 for h in templates().heading_words)


def _letters_lead(token: str) -> bool:
    letters = sum(c.isalpha() for c in token)
    return letters > 0 and letters >= sum(c.isdigit() for c in token)


def _number(token: str) -> bool:
    """A short number, perhaps with OCR letters for digits (`O2`, `G2`)."""
    folded = token.strip(".,:;").translate(_DIGIT_FOLD)
    return 0 < len(folded) <= 6 and folded.isdigit()


def _digit_like(token: str) -> bool:
    folded = token.translate(_DIGIT_FOLD)
    return sum(c.isdigit() for c in folded) * 2 >= len(folded) > 0


def _marker_tokens(text: str, upper_doc: bool) -> list[str]:
    """The words of a possible marking, glyph-folded; in upper-case text lower-case speckle goes."""
    return [folded for token in text.split() if (folded := _marker_token(token, upper_doc))]


@plain_memo_by_flag(maxsize=50_000)  # words recur from line to line and document to document
def _marker_token(token: str, upper_doc: bool) -> str:
    if upper_doc and not any(c.isupper() for c in token) and any(c.islower() for c in token):
        return ""
    return fold(token).replace(" ", "")


@lru_cache(maxsize=1)
def _marker_targets() -> tuple[tuple[str, str], ...]:
    """Each marking's kind and its words folded and run together."""
    t = templates()
    return tuple((kind, fold(word).replace(" ", "")) for kind, words in (("banner", t.banners), ("stamp", t.stamp_words))
                 for word in words)


@lru_cache(maxsize=1)
def _longest_marker() -> int:
    return max(len(target) for _, target in _marker_targets())


_MARKER_SPAN = 1.5  # a text this many times longer than a marking is not that marking (nor, past the longest, any)


def _best_marker(tokens: list[str]) -> tuple[str, float]:
    folded = "".join(tokens)
    if len(folded) < 5:
        return "", 0.0
    best_kind, best = "", 0.0
    for kind, target in _marker_targets():
        if len(folded) > _MARKER_SPAN * len(target):
            continue
        score = fuzz.ratio(folded, target)
        if score > best and not _has_other_word(tokens, target):
            best_kind, best = kind, score
    return best_kind, best


def _has_other_word(tokens: list[str], target: str) -> bool:
    """Whether a word beside the part that matches the marking is text, not speckle: `BEGIN UNCLASSIFIED`."""
    best, span = -1.0, (0, len(tokens))
    for i in range(len(tokens)):
        for j in range(i + 1, len(tokens) + 1):
            score = fuzz.ratio("".join(tokens[i:j]), target)
            if score > best:
                best, span = score, (i, j)
    others = tokens[: span[0]] + tokens[span[1] :]
    return any(len(word) >= 3 and fuzz.partial_ratio(word, target) < 75 for word in others)


def _is_noise(text: str) -> bool:
    """No word content at all: at most two letters or digits and no two letters together."""
    third_alnum = next(islice(filter(str.isalnum, text), 2, None), None)
    return third_alnum is None and not re.search(r"[^\W\d_]{2}", text)


def _has_word(text: str, upper_doc: bool, damaged: bool) -> bool:
    # in upper-case text a run of lower-case letters is speckle noise, upper-case letters are not; where
    # OCR has been at work a capitalised scrap (`Bore, .`) is speckle too, in clean text (`## Message Text`) a word
    if upper_doc:
        pattern = _UPPER_WORD if damaged else _UPPER_OR_CAPITALISED_WORD
    else:
        pattern = _LETTERS
    return bool(pattern.search(text)) or bool(_TWO_DIGITS.search(text))


_UPPER_WORD = re.compile(r"[A-Z]{2}")
_UPPER_OR_CAPITALISED_WORD = re.compile(r"[A-Z]{2}|[A-Z][a-z]{2}")
_TWO_DIGITS = re.compile(r"\d{2}")


_HEADER_WORD = re.compile(r"[A-Za-z0-9$(|!£]+")
_NUMBER_AFTER_LETTERS = re.compile(r"(?<=[A-Za-z])(?=[0-9]{3})")
_GLUED_PAGE_NUMBER = re.compile(r"^(\S{3,5}?)(\d{1,3})$")


def _header_words(text: str, upper_doc: bool) -> Iterator[str]:
    """Words split at punctuation and where digits follow letters (`STATE’111°63`, `BEIRU77784`)."""
    for match in _HEADER_WORD.finditer(text):
        for word in _NUMBER_AFTER_LETTERS.split(match.group()):
            # a word needs a letter or digit; in upper-case text short lower-case speckle goes
            if word.strip("$(|!£") and not (upper_doc and word.islower() and len(word) <= 2):
                yield word


def _page_header_shape(text: str, page_word: str, upper_doc: bool) -> str:
    """'header' for `PAGE 02 STATE 310500 [DTG]`, 'doubt' for a short line that only starts like one, else ''."""
    words = _header_words(text, upper_doc)
    tokens = list(islice(words, 3))  # the first words tell whether the line can be a header at all
    if len(tokens) > 2 and len(tokens[0]) < 3:  # `P AGE 02 ...`
        tokens[0:2] = [tokens[0] + tokens[1]]
    glued_number = _GLUED_PAGE_NUMBER.match(tokens[0]) if tokens else None  # `PA6E02 TEHRAN 383`
    if glued_number:
        tokens[0:1] = [glued_number.group(1), glued_number.group(2)]
    if len(tokens) < 2 or not 3 <= len(tokens[0]) <= 5 or fuzz.ratio(fold(tokens[0]), page_word) < 75:
        return ""
    tokens += words
    glued = re.match(r"([0-9OoIl]{1,3})([A-Za-z$(|!].+)$", tokens[1])  # `02BEIRUT`: number and station run together
    if glued:
        tokens[1:2] = [glued.group(1), glued.group(2)]
    number = tokens[1].translate(_DIGIT_FOLD)
    if not (len(number) <= 3 and number.isdigit()):
        return ""
    rest = tokens[2:]
    if not rest:
        return "header"
    station = 0
    while station < min(2, len(rest)) and _letters_lead(rest[station]):
        station += 1
    numbers = rest[station:]
    if (
        station
        and len(fold(rest[0])) >= 3
        and numbers
        and len(numbers) <= 3
        and _digit_like(numbers[0])
        and sum(c.isdigit() for c in "".join(numbers[:2])) >= 3
    ):
        return "header"
    return "doubt" if len(text.strip()) <= 40 else ""


@dataclass
class _Gap:
    """Removed lines and the blank lines around them, between two kept lines (None at an edge)."""

    previous: _Line | None
    following: _Line | None
    before: list[int]  # blank lines between `previous` and the first removed line
    inside: list[int]  # blank lines between removed lines
    after: list[int]  # blank lines between the last removed line and `following`
    removed: list[int]


def _gaps(lines: list[_Line], removed: set[int]) -> list[_Gap]:
    gaps = []
    i = 0
    while i < len(lines):
        if i not in removed:
            i += 1
            continue
        lo = i
        while lo > 0 and lines[lo - 1].blank:
            lo -= 1
        hi = i
        while hi + 1 < len(lines) and (hi + 1 in removed or lines[hi + 1].blank):
            hi += 1
        gap_removed = [k for k in range(lo, hi + 1) if k in removed]
        first, last = gap_removed[0], gap_removed[-1]
        gaps.append(_Gap(
            previous=lines[lo - 1] if lo > 0 else None,
            following=lines[hi + 1] if hi + 1 < len(lines) else None,
            before=list(range(lo, first)),
            inside=[k for k in range(first, last + 1) if k not in removed],
            after=list(range(last + 1, hi + 1)),
            removed=gap_removed,
        ))
        i = hi + 1
    return gaps


def _usual_width(lines: list[_Line], removed: set[int]) -> float:
    widths = [len(line.text.rstrip()) for line in lines if not line.blank and line.index not in removed]
    return statistics.median(widths) if widths else 0.0


_DOUBT_RULES = {"footer-doubt": "footer", "starts like a page header": "page-header",
                "a paragraph label": "noise-line", "noise-doubt": "noise-line"}


def _doubt(line: _Line, rule: str, note: str) -> Edit:
    """A recorded doubt: an edit that changes nothing, with confidence 0."""
    return Edit(line.start, line.end, line.text, rule, 0.0, f"kept: {note}")
