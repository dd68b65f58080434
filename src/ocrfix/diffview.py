"""Diffs of a cleaning result for a person: unified, word-level inline, and side by side.

The word and side-by-side views are built from the edit records themselves, not from a
re-diff of the two texts, so every change is shown exactly where it was made, with the
filter and rule that made it. Unresolved proposals are shown distinctly.
"""

from __future__ import annotations

import difflib
import os
import sys
from dataclasses import dataclass, field
from typing import IO, Iterable

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .edits import Edit, apply_edits
from .engine import Result

PALETTE = ("cyan", "magenta", "blue", "bright_magenta", "bright_blue", "bright_cyan", "dark_orange", "purple")
REMOVED = "red strike"
INSERTED = "green"
UNRESOLVED = "bold yellow underline"
NEWLINE_MARK = "\u21b5"  # ↵: shows where a change removes or adds a line break
INSERTION_MARK = "\u2038"  # ‸: where an unresolved proposal would insert text
# Without colour, changes are marked like `git diff --word-diff=plain`.
PLAIN_MARKS = {REMOVED: ("[-", "-]"), INSERTED: ("{+", "+}"), UNRESOLVED: ("{?", "?}")}


def color_wanted(choice: bool | None, stream: IO | None = None) -> bool:
    """--color/--no-color if given, else off under NO_COLOR, else on for a terminal."""
    if choice is not None:
        return choice
    if os.environ.get("NO_COLOR"):
        return False
    stream = stream if stream is not None else sys.stdout
    return bool(getattr(stream, "isatty", lambda: False)())


def make_console(color: bool, file: IO | None = None, width: int | None = None) -> Console:
    """A rich console that styles only when `color` is on; off means plain text, no escapes."""
    stream = file if file is not None else sys.stdout
    if width is None and not getattr(stream, "isatty", lambda: False)():
        width = int(os.environ.get("COLUMNS", "0") or 0) or 160  # not a terminal: no screen to fit
    if color:
        return Console(file=file, force_terminal=True, width=width, highlight=False, emoji=False)
    return Console(file=file, color_system=None, no_color=True, width=width, highlight=False, emoji=False,
                   force_terminal=False)


@dataclass(frozen=True)
class Change:
    """One applied edit or unresolved proposal, numbered in input order."""

    number: int
    edit: Edit
    status: str  # "applied" or "unresolved"

    @property
    def label(self) -> str:
        return f"{self.edit.filter}:{self.edit.rule}"

    @property
    def unresolved(self) -> bool:
        return self.status == "unresolved"


def changes_of(result: Result) -> list[Change]:
    """Applied edits and unresolved flags together, in input order."""
    tagged = [(e, "applied") for e in result.edits] + [(e, "unresolved") for e in result.flags]
    tagged.sort(key=lambda pair: (pair[0].start, pair[0].end, pair[1]))
    return [Change(i, edit, status) for i, (edit, status) in enumerate(tagged, 1)]


@dataclass
class Hunk:
    """Changes shown together: the input span widened to whole words, before and after."""

    start: int
    end: int
    before: str
    after: str
    out_start: int
    out_end: int
    changes: list[Change] = field(default_factory=list)

    @property
    def applied(self) -> bool:
        return any(not c.unresolved for c in self.changes)


def widen_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Grow a span that cuts into a word so that it covers the whole word at each side."""
    def inside_word(i: int) -> bool:  # is position i between two non-space characters?
        return 0 < i < len(text) and not text[i - 1].isspace() and not text[i].isspace()

    while inside_word(start):
        start -= 1
    while inside_word(end):
        end += 1
    return start, end


def word_hunks(result: Result) -> list[Hunk]:
    """Group every change into word-aligned hunks, in input order, with output positions."""
    original = result.original
    spans = sorted(
        ((*widen_to_words(original, c.edit.start, c.edit.end), c) for c in changes_of(result)),
        key=lambda item: (item[0], item[1]),
    )
    groups: list[list] = []
    for start, end, change in spans:
        if groups and start <= groups[-1][1] and (start < groups[-1][1] or start == end or groups[-1][0] == groups[-1][1]):
            groups[-1][1] = max(groups[-1][1], end)
            groups[-1][2].append(change)
        else:
            groups.append([start, end, [change]])
    hunks, delta = [], 0
    for start, end, changes in groups:
        before = original[start:end]
        applied = [
            Edit(c.edit.start - start, c.edit.end - start, c.edit.replacement, c.edit.rule)
            for c in changes
            if not c.unresolved
        ]
        after = apply_edits(before, applied)
        out_start = start + delta
        hunks.append(Hunk(start, end, before, after, out_start, out_start + len(after), changes))
        delta += len(after) - len(before)
    return hunks


class Palette:
    """A stable colour per filter, in order of first appearance."""

    def __init__(self, changes: Iterable[Change]) -> None:
        self.colors: dict[str, str] = {}
        for change in changes:
            self.colors.setdefault(change.edit.filter, PALETTE[len(self.colors) % len(PALETTE)])

    def __getitem__(self, filter_name: str) -> str:
        return self.colors.get(filter_name, "white")


class StyledWriter:
    """Appends styled pieces; without colour, marks changed pieces with plain brackets."""

    def __init__(self, color: bool) -> None:
        self.color = color

    def piece(self, line: Text, text: str, style: str | None) -> None:
        if not text:
            return
        if style in PLAIN_MARKS and not self.color:
            opening, closing = PLAIN_MARKS[style]
            line.append(opening + text + closing)
        else:
            line.append(text, style=style if self.color else None)


@dataclass
class DisplayLine:
    number: int | None  # the input line it starts on; None for a line break a change added
    text: Text
    changed: bool = False
    notes: list[Change] = field(default_factory=list)


def _display_lines(result: Result, hunks: list[Hunk], palette: Palette, writer: StyledWriter,
                   first_line: int = 1) -> list[DisplayLine]:
    lines = [DisplayLine(first_line, Text())]
    input_line = first_line
    last_written = 0  # the line a hunk's marks go on: where its text ended, not after its line break

    def add(text: str, style: str | None, counts_input: bool) -> None:
        nonlocal input_line, last_written
        parts = text.split("\n")
        for i, part in enumerate(parts):
            last = i == len(parts) - 1
            shown = part if last or style is None else part + NEWLINE_MARK
            writer.piece(lines[-1].text, shown, style)
            if style is not None and shown:
                lines[-1].changed = True
                last_written = len(lines) - 1
            if not last:
                if counts_input:
                    input_line += 1
                lines.append(DisplayLine(input_line if counts_input else None, Text()))

    position = 0
    for hunk in hunks:
        add(result.original[position : hunk.start], None, True)
        if hunk.applied:
            add(hunk.before, REMOVED, True)
            add(hunk.after, INSERTED, False)
        else:
            add(hunk.before or INSERTION_MARK, UNRESOLVED, True)
        anchor = lines[last_written]
        anchor.changed = True
        for change in hunk.changes:
            anchor.text.append(f"[{change.number}]", style=palette[change.edit.filter] if writer.color else None)
            anchor.notes.append(change)
        position = hunk.end
    add(result.original[position:], None, True)
    if result.original.endswith("\n") and not lines[-1].text.plain and not lines[-1].changed:
        lines.pop()
    return lines


def _visible(lines: list, context: int) -> list[int | None]:
    """Indices of lines within `context` of a changed one; None marks a gap."""
    changed = [i for i, line in enumerate(lines) if line.changed]
    keep = sorted({j for i in changed for j in range(max(0, i - context), min(len(lines), i + context + 1))})
    shown: list[int | None] = []
    for i in keep:
        if shown and shown[-1] is not None and i > shown[-1] + 1:
            shown.append(None)
        shown.append(i)
    return shown


def describe(change: Change, color: bool, palette: Palette) -> Text:
    """`[3] filter:rule 0.90 · note`, with unresolved proposals called out."""
    edit = change.edit
    text = Text()
    text.append(f"[{change.number}] ", style=palette[edit.filter] if color else None)
    text.append(change.label, style=f"bold {palette[edit.filter]}" if color else None)
    text.append(f" {edit.confidence:.2f}")
    if change.unresolved:
        text.append(" unresolved", style=UNRESOLVED if color else None)
        if edit.replacement != edit.before:
            text.append(f": proposed {edit.replacement!r}")
    if len(edit.steps) > 1:
        text.append(" (via " + ", ".join(f"{s.filter}:{s.rule}" for s in edit.steps) + ")")
    if edit.note:
        text.append(f" \u00b7 {edit.note}")
    return text


def legend(changes: list[Change], color: bool, palette: Palette) -> Text:
    """Names each filter in its colour with its rules and counts, and the change marks."""
    writer = StyledWriter(color)
    text = Text("legend: ")
    writer.piece(text, "removed", REMOVED)
    text.append(" ")
    writer.piece(text, "inserted", INSERTED)
    text.append(" ")
    writer.piece(text, "unresolved", UNRESOLVED)
    text.append("  [n] = change n, explained under its line\n")
    by_filter: dict[str, dict[str, int]] = {}
    for change in changes:
        rules = by_filter.setdefault(change.edit.filter, {})
        rules[change.edit.rule] = rules.get(change.edit.rule, 0) + 1
    for name, rules in by_filter.items():
        text.append(f"  {name}", style=f"bold {palette[name]}" if color else None)
        text.append(": " + ", ".join(f"{rule} {count}" for rule, count in rules.items()) + "\n")
    unresolved = sum(c.unresolved for c in changes)
    applied = len(changes) - unresolved
    text.append(f"{applied} applied, {unresolved} unresolved")
    return text


def word_diff(result: Result, name: str, color: bool, context: int = 2, header: bool = True,
              notes: bool = True, first_line: int = 1) -> list[Text]:
    """The inline word-level view: input line numbers in a gutter, every change annotated.

    `first_line` numbers the gutter when `result` is an excerpt starting further down a document.
    """
    hunks = word_hunks(result)
    changes = [c for h in hunks for c in h.changes]
    palette = Palette(changes)
    writer = StyledWriter(color)
    out = [Text(f"{name}", style="bold" if color else None), legend(changes, color, palette)] if header else []
    if not changes:
        return out + [Text("no changes")]
    lines = _display_lines(result, hunks, palette, writer, first_line)
    width = len(str(max(line.number or 0 for line in lines)))
    gutter_style = "dim" if color else None
    for index in _visible(lines, context):
        if index is None:
            out.append(Text(f"{'':>{width}} \u22ee", style=gutter_style))
            continue
        line = lines[index]
        row = Text()
        row.append(f"{line.number if line.number else '':>{width}} \u2502 ", style=gutter_style)
        row.append_text(line.text)
        out.append(row)
        for change in line.notes if notes else ():
            note = Text()
            note.append(f"{'':>{width}} \u2502   ", style=gutter_style)
            note.append_text(describe(change, color, palette))
            out.append(note)
    return out


def _line_spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for line in text.splitlines(keepends=True):
        spans.append((start, start + len(line.rstrip("\r\n"))))
        start += len(line)
    return spans


def _marked_line(text: str, line: tuple[int, int], marks: list[tuple[int, int, str]], writer: StyledWriter) -> Text:
    """One line of `text` with the parts inside the (start, end, style) marks styled."""
    start, end = line
    out, position = Text(), start
    for mark_start, mark_end, style in sorted(marks):
        s, e = max(position, mark_start), min(end, mark_end)
        if e <= s:
            continue
        writer.piece(out, text[position:s], None)
        writer.piece(out, text[s:e], style)
        position = e
    writer.piece(out, text[position:end], None)
    return out


def _touches(spans: list[tuple[int, int, str]], line: tuple[int, int]) -> bool:
    return any(s < line[1] and line[0] < e or s == e and line[0] <= s <= line[1] for s, e, _ in spans)


@dataclass
class _Row:
    left: int | None
    right: int | None
    changed: bool


def _pair_similar(left: list[str], right: list[str], i1: int, i2: int, j1: int, j2: int) -> list[tuple[int | None, int | None]]:
    """Pair the lines of a changed block that still resemble each other, in order; the rest stand alone.

    A small alignment (most total similarity) so that a deleted furniture line does not push its
    neighbours onto the wrong rows.
    """
    n, m = i2 - i1, j2 - j1
    if n * m > 40_000:  # too big to align carefully: pair in order
        return [(i1 + k if k < n else None, j1 + k if k < m else None) for k in range(max(n, m))]
    score = [[difflib.SequenceMatcher(None, left[i1 + a], right[j1 + b], autojunk=False).ratio() for b in range(m)] for a in range(n)]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for a in range(n - 1, -1, -1):
        for b in range(m - 1, -1, -1):
            pair = best[a + 1][b + 1] + score[a][b] if score[a][b] >= 0.4 else -1.0
            best[a][b] = max(pair, best[a + 1][b], best[a][b + 1])
    pairs: list[tuple[int | None, int | None]] = []
    a = b = 0
    while a < n and b < m:
        if score[a][b] >= 0.4 and best[a][b] == best[a + 1][b + 1] + score[a][b]:
            pairs.append((i1 + a, j1 + b))
            a, b = a + 1, b + 1
        elif best[a][b] == best[a + 1][b]:
            pairs.append((i1 + a, None))
            a += 1
        else:
            pairs.append((None, j1 + b))
            b += 1
    pairs += [(i1 + k, None) for k in range(a, n)] + [(None, j1 + k) for k in range(b, m)]
    return pairs


@dataclass
class Alignment:
    """Input and output lines paired for a side-by-side view, with the changed spans of each side."""

    left_lines: list[tuple[int, int]]
    right_lines: list[tuple[int, int]]
    rows: list[_Row]
    input_marks: list[tuple[int, int, str]]
    output_marks: list[tuple[int, int, str]]


def align(result: Result, hunks: list[Hunk]) -> Alignment:
    input_marks = [(h.start, h.end, REMOVED if h.applied else UNRESOLVED) for h in hunks]
    output_marks = [(h.out_start, h.out_end, INSERTED) for h in hunks if h.applied]
    left_lines, right_lines = _line_spans(result.original), _line_spans(result.text)
    left_text = [result.original[s:e] for s, e in left_lines]
    right_text = [result.text[s:e] for s, e in right_lines]
    pairs: list[tuple[int | None, int | None]] = []
    matcher = difflib.SequenceMatcher(None, left_text, right_text, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pairs += [(i1 + k, j1 + k) for k in range(i2 - i1)]
        else:
            pairs += _pair_similar(left_text, right_text, i1, i2, j1, j2)
    rows = [
        _Row(i, j, i is None or j is None or _touches(input_marks, left_lines[i]) or _touches(output_marks, right_lines[j]))
        for i, j in pairs
    ]
    return Alignment(left_lines, right_lines, rows, input_marks, output_marks)


def notes_by_line(result: Result, hunks: list[Hunk]) -> dict[int, list[Change]]:
    """The changes of each hunk, under the 0-based input line where the hunk starts."""
    notes: dict[int, list[Change]] = {}
    for hunk in hunks:
        notes.setdefault(result.original.count("\n", 0, hunk.start), []).extend(hunk.changes)
    return notes


def side_by_side(result: Result, name: str, color: bool, context: int = 2) -> list:
    """Input and cleaned text in two columns, aligned line by line, changes marked in each."""
    hunks = word_hunks(result)
    changes = [c for h in hunks for c in h.changes]
    palette = Palette(changes)
    writer = StyledWriter(color)
    header = [Text(name, style="bold" if color else None), legend(changes, color, palette)]
    if not changes:
        return header + [Text("no changes")]
    alignment = align(result, hunks)
    left_lines, right_lines, rows = alignment.left_lines, alignment.right_lines, alignment.rows
    input_marks, output_marks = alignment.input_marks, alignment.output_marks
    notes_at = notes_by_line(result, hunks)
    table = Table(show_header=True, header_style="bold" if color else None, box=None, pad_edge=False, expand=True)
    table.add_column("#", justify="right", style="dim" if color else None, no_wrap=True)
    table.add_column("input", ratio=1, overflow="fold")
    table.add_column("#", justify="right", style="dim" if color else None, no_wrap=True)
    table.add_column("cleaned", ratio=1, overflow="fold")
    for index in _visible(rows, context):
        if index is None:
            table.add_row("\u22ee", "", "\u22ee", "")
            continue
        row = rows[index]
        table.add_row(
            "" if row.left is None else str(row.left + 1),
            Text() if row.left is None else _marked_line(result.original, left_lines[row.left], input_marks, writer),
            "" if row.right is None else str(row.right + 1),
            Text() if row.right is None else _marked_line(result.text, right_lines[row.right], output_marks, writer),
        )
        if row.left is not None:
            for change in notes_at.pop(row.left, []):
                table.add_row("", describe(change, color, palette), "", "")
    for change in (c for notes in notes_at.values() for c in notes):  # changes after the last line
        table.add_row("", describe(change, color, palette), "", "")
    return header + [table]


def unified_diff(result: Result, name: str) -> str:
    lines = difflib.unified_diff(
        result.original.splitlines(keepends=True),
        result.text.splitlines(keepends=True),
        fromfile=name,
        tofile=f"{name} (cleaned)",
    )
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


def colored_unified(diff: str) -> list[Text]:
    styles = {"+++": "bold", "---": "bold", "@@": "cyan", "+": "green", "-": "red"}
    out = []
    for line in diff.splitlines():
        style = next((s for prefix, s in styles.items() if line.startswith(prefix)), None)
        out.append(Text(line, style=style))
    return out


def render_diff(result: Result, name: str, style: str, color: bool, console: Console | None = None,
                context: int = 2, page: bool | None = None) -> None:
    """Print a diff in `style` (unified, word or side-by-side) to `console` (stdout by default)."""
    console = console or make_console(color)
    if style == "unified":
        text = unified_diff(result, name)
        if not color:
            console.file.write(text)
            console.file.flush()
            return
        renderables: list = colored_unified(text)
    elif style == "word":
        renderables = word_diff(result, name, color, context)
    else:
        renderables = side_by_side(result, name, color, context)
    show(console, renderables, color, page)


def show(console: Console, renderables: list, color: bool, page: bool | None = None) -> None:
    """Print; on a terminal, output taller than the screen goes through the pager ($PAGER, else less)."""
    if page is None:
        page = console.is_terminal and sys.stdin.isatty()
    if page:
        lines = sum(len(console.render_lines(r, pad=False)) for r in renderables) if len(renderables) < 5000 else 10**6
        page = lines > console.height
    if page:
        os.environ.setdefault("LESS", "-FRX")  # let less pass colours through and quit on short output
        with console.pager(styles=color):
            _print_all(console, renderables)
    else:
        _print_all(console, renderables)


def _print_all(console: Console, renderables: list) -> None:
    for renderable in renderables:
        # text lines are not wrapped by us (the gutter stays aligned); tables fit the width
        console.print(renderable, soft_wrap=isinstance(renderable, Text), crop=False)
