"""The edit engine: runs filters in order, applies what they propose, and keeps
every change mapped back to the original input."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Callable, Iterable

from .edits import Edit, Step

if TYPE_CHECKING:
    from .filters.base import Context, Filter


@dataclass
class Result:
    """The outcome of cleaning one text.

    `edits` are the applied changes in original coordinates: applying them to
    `original` gives `text`. `flags` are proposals that were not applied (below
    the confidence threshold, or `flag_only`), also in original coordinates.
    """

    original: str
    text: str
    edits: list[Edit]
    flags: list[Edit] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.text != self.original


@dataclass(slots=True)
class _Segment:
    """A piece of the current text standing for original[ostart:oend].

    A copy segment (steps is None) is the original text itself; a changed one
    holds its new text and the steps that made it.
    """

    ostart: int
    oend: int
    text: str
    steps: list[Step] | None = None

    @property
    def is_copy(self) -> bool:
        return self.steps is None


class ChangeTracker:
    """The current text as a list of segments that cover the original in order."""

    def __init__(self, original: str) -> None:
        self.original = original
        self.segments = [_Segment(0, len(original), original)] if original else []
        self._text: str | None = original  # the joined segments, until they change

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = "".join(s.text for s in self.segments)
        return self._text

    def _starts(self) -> list[int]:
        starts, position = [], 0
        for segment in self.segments:
            starts.append(position)
            position += len(segment.text)
        return starts

    def _split_copies_at(self, points: Iterable[int]) -> None:
        wanted = sorted(set(points))
        if not wanted:
            return
        result, position, k = [], 0, 0
        for segment in self.segments:
            end = position + len(segment.text)
            if segment.is_copy:
                cuts = []
                while k < len(wanted) and wanted[k] < end:
                    if wanted[k] > position:
                        cuts.append(wanted[k] - position)
                    k += 1
                last = 0
                for cut in cuts:
                    result.append(_Segment(segment.ostart + last, segment.ostart + cut, segment.text[last:cut]))
                    last = cut
                result.append(_Segment(segment.ostart + last, segment.oend, segment.text[last:]) if cuts else segment)
            else:
                while k < len(wanted) and wanted[k] < end:
                    k += 1
                result.append(segment)
            position = end
        self.segments = result

    def map_spans(self, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """The original spans behind several current spans."""
        if not spans:
            return []
        starts = self._starts()
        ends = [cs + len(s.text) for cs, s in zip(starts, self.segments)]
        return [self._map_span(start, end, starts, ends) for start, end in spans]

    def _map_span(self, start: int, end: int, starts: list[int], ends: list[int]) -> tuple[int, int]:
        i = bisect_right(ends, start)  # first segment that ends after the start point
        if i == len(self.segments):
            ostart = len(self.original)
        else:
            segment = self.segments[i]
            ostart = segment.ostart + (start - starts[i]) if segment.is_copy else segment.ostart
        j = bisect_left(starts, end) - 1  # last segment that starts before the end point
        if j < 0:
            oend = 0
        else:
            segment = self.segments[j]
            oend = segment.ostart + (end - starts[j]) if segment.is_copy else segment.oend
        return min(ostart, oend), max(ostart, oend)

    def apply(self, edits: list[Edit]) -> None:
        """Apply one stage's sorted, non-overlapping edits (in current coordinates)."""
        if not edits:
            return
        self._split_copies_at(p for e in edits for p in (e.start, e.end))
        starts = self._starts()
        ends = [cs + len(s.text) for cs, s in zip(starts, self.segments)]
        runs: list[tuple[int, int, list[Edit]]] = []  # segment index range [lo, hi) and its edits
        for edit in edits:
            lo, hi = self._run(edit, starts, ends)
            if runs and lo < runs[-1][1] and runs[-1][0] < hi:
                plo, phi, pedits = runs[-1]
                runs[-1] = (min(lo, plo), max(hi, phi), pedits + [edit])
            else:
                runs.append((lo, hi, [edit]))
        result: list[_Segment] = []
        cursor = 0
        for lo, hi, group in runs:
            result.extend(self.segments[cursor:lo])
            cursor = max(cursor, hi)
            result.append(self._merge(lo, hi, group, starts))
        result.extend(self.segments[cursor:])
        self.segments = self._tidy(result)
        self._text = None

    def _run(self, edit: Edit, starts: list[int], ends: list[int]) -> tuple[int, int]:
        """The range of segments an edit covers; an empty range is an insertion point.

        Copies are already split at the edit's ends, so only changes can be partly covered.
        A deletion that merely touches a non-empty edit stays a change of its own.
        """
        s, e = edit.start, edit.end
        if s < e:
            return bisect_right(ends, s), bisect_left(starts, e)
        # an insertion point: join a change it falls inside or a deletion standing at it
        for i in range(bisect_left(ends, s), bisect_right(starts, s)):
            if starts[i] < s < ends[i] or starts[i] == ends[i] == s:
                return i, i + 1
        k = bisect_left(starts, s)
        return k, k

    def _merge(self, lo: int, hi: int, group: list[Edit], starts: list[int]) -> _Segment:
        if lo == hi:  # pure insertion
            if lo < len(self.segments):
                at = self.segments[lo].ostart
            else:
                at = self.segments[-1].oend if self.segments else 0
            edit = group[0]
            return _Segment(at, at, edit.replacement, [self._step(edit, "")])
        covered = self.segments[lo:hi]
        base = starts[lo]
        old = "".join(s.text for s in covered)
        pieces, position, steps = [], 0, []
        for segment in covered:
            if not segment.is_copy:
                steps.extend(segment.steps)
        for edit in group:
            rel_start, rel_end = edit.start - base, edit.end - base
            pieces.append(old[position:rel_start])
            pieces.append(edit.replacement)
            steps.append(self._step(edit, old[rel_start:rel_end]))
            position = rel_end
        pieces.append(old[position:])
        return _Segment(covered[0].ostart, covered[-1].oend, "".join(pieces), steps)

    @staticmethod
    def _step(edit: Edit, before: str) -> Step:
        return Step(edit.filter, edit.rule, edit.confidence, edit.note, before, edit.replacement)

    def _tidy(self, segments: list[_Segment]) -> list[_Segment]:
        """Turn changes that came back to the original into copies and join neighbouring copies."""
        result: list[_Segment] = []
        for segment in segments:
            if not segment.is_copy and segment.text == self.original[segment.ostart : segment.oend]:
                segment = _Segment(segment.ostart, segment.oend, segment.text)
            if not segment.text and segment.is_copy:
                continue
            if result and segment.is_copy and result[-1].is_copy:
                previous = result[-1]
                result[-1] = _Segment(previous.ostart, segment.oend, previous.text + segment.text)
            else:
                result.append(segment)
        return result

    def changes(self) -> list[Edit]:
        """The applied changes as edits against the original."""
        return [_composite(self.original, s) for s in self.segments if not s.is_copy]


def _composite(original: str, segment: _Segment) -> Edit:
    steps = tuple(segment.steps or ())
    last = steps[-1]
    return Edit(
        start=segment.ostart,
        end=segment.oend,
        replacement=segment.text,
        rule=last.rule,
        confidence=min(s.confidence for s in steps),
        note="; ".join(dict.fromkeys(s.note for s in steps if s.note)),
        filter=last.filter,
        before=original[segment.ostart : segment.oend],
        steps=steps if len(steps) > 1 else (),
    )


def resolve_overlaps(edits: list[Edit]) -> tuple[list[Edit], list[Edit]]:
    """Sort a filter's edits; where two collide keep the more confident one.

    Returns (kept, dropped).
    """
    kept: list[Edit] = []
    dropped: list[Edit] = []
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        if kept and _collide(kept[-1], edit):
            loser = edit if kept[-1].confidence >= edit.confidence else kept.pop()
            if loser is not edit:
                kept.append(edit)
            dropped.append(loser)
        else:
            kept.append(edit)
    return kept, dropped


def _collide(a: Edit, b: Edit) -> bool:
    if a.start == a.end and b.start == b.end:
        return a.start == b.start
    if a.start == a.end:
        return b.start < a.start < b.end
    if b.start == b.end:
        return a.start < b.start < a.end
    return a.start < b.end and b.start < a.end


def run_filters(text: str, filters: list["Filter"], context: "Context | Callable[[], Context]",
                max_passes: int = 1) -> Result:
    """Run `filters` in order over `text` (LF line endings) and collect the result.

    With `max_passes` > 1 the whole pipeline runs again on its own output until a pass changes
    nothing, so that cleaning cleaned text changes nothing. Each pass gets a fresh context (a
    factory may be given) because filters profile the text they see. The flags are those of the
    last pass: what is still doubtful in the output.
    """
    make_context = context if callable(context) else (lambda: context)
    tracker = ChangeTracker(text)
    flags: list[Edit] = []
    for _ in range(max(1, max_passes)):
        before = tracker.text
        flags = _run_pass(tracker, filters, make_context())
        if tracker.text == before:
            break
    flags.sort(key=lambda e: (e.start, e.end))
    return Result(original=text, text=tracker.text, edits=tracker.changes(), flags=flags)


def _run_pass(tracker: ChangeTracker, filters: list["Filter"], context: "Context") -> list[Edit]:
    text = tracker.original
    flags: list[Edit] = []
    current = tracker.text
    for stage in filters:
        proposals = [_named(e, stage.name) for e in stage.propose(current, context)]
        for edit in proposals:
            if edit.end > len(current):
                raise ValueError(f"filter {stage.name} proposed an edit past the end of the text")
        kept, dropped = resolve_overlaps(proposals)
        to_apply, to_flag = [], list(dropped)
        for edit in kept:
            is_change = current[edit.start : edit.end] != edit.replacement
            if is_change and not context.flag_only and edit.confidence >= context.min_confidence:
                to_apply.append(edit)
            else:
                to_flag.append(edit)
        for edit, (ostart, oend) in zip(to_flag, tracker.map_spans([(e.start, e.end) for e in to_flag])):
            flags.append(replace(edit, start=ostart, end=oend, before=text[ostart:oend]))
        tracker.apply(to_apply)
        current = tracker.text
    return flags


def _named(edit: Edit, name: str) -> Edit:
    if edit.filter == name:
        return edit
    # the constructor itself: dataclasses.replace costs several times as much, and this runs for every proposal
    return Edit(edit.start, edit.end, edit.replacement, edit.rule, edit.confidence, edit.note, name, edit.before,
                edit.steps)
