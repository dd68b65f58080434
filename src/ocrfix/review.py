"""Deciding on changes: the decisions file, applying decisions, and the interactive review.

A decision is keyed by what it is about (input span, before, after, filter and rule), not by
its position in a list, so it still finds its change after the tool changes elsewhere, and a
change the tool makes differently is asked about again. A replacement the editor typed is about
the input text alone, so it also holds when the tool later proposes something else for that span.
"""

from __future__ import annotations

import hashlib
import json
import os
import select
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from rich.console import Console
from rich.text import Text

from .diffview import Change, Palette, changes_of, describe, widen_to_words, word_diff
from .edits import Edit, apply_edits
from .engine import Result
from .records import read_jsonl
from .textio import write_atomic

ACCEPT, REJECT, REPLACE = "accept", "reject", "replace"
DECISION_KINDS = (ACCEPT, REJECT, REPLACE)
EDITOR = "editor"  # the filter name of a replacement the editor typed


class DecisionsError(Exception):
    """A decisions file that cannot be read; the message says where and why."""


def _digest(*parts) -> str:
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode("utf-8")).hexdigest()[:24]


def decision_key(edit: Edit) -> str:
    """Names one proposed change: its input span, before and after, filter and rule."""
    return _digest(edit.start, edit.end, edit.before, edit.replacement, edit.filter, edit.rule)


def span_key(edit: Edit) -> str:
    """Names an input span and its text, whatever was proposed for it."""
    return _digest(edit.start, edit.end, edit.before)


@dataclass(frozen=True)
class Decision:
    decision: str
    replacement: str | None = None


class DecisionBook:
    """The decisions made so far, read from and saved to a JSON Lines file."""

    def __init__(self, records: list[dict] | None = None) -> None:
        self.records: dict[str, dict] = {}
        for record in records or []:
            self.records[record["key"]] = record

    @classmethod
    def load(cls, path: Path) -> "DecisionBook":
        records = []
        for number, record in read_jsonl(path, DecisionsError):
            if not isinstance(record, dict) or not isinstance(record.get("key"), str) or record.get("decision") not in DECISION_KINDS:
                raise DecisionsError(f"{path}: line {number}: needs a string 'key' and a 'decision' of {', '.join(DECISION_KINDS)}")
            if record["decision"] == REPLACE and not isinstance(record.get("replacement"), str):
                raise DecisionsError(f"{path}: line {number}: a replace decision needs a string 'replacement'")
            records.append(record)
        return cls(records)

    @classmethod
    def load_if_exists(cls, path: Path) -> "DecisionBook":
        return cls.load(path) if Path(path).exists() else cls()

    def get(self, edit: Edit) -> Decision | None:
        record = self.records.get(decision_key(edit))
        if record is None:
            record = next(
                (r for r in self.records.values() if r["decision"] == REPLACE and r.get("span") == span_key(edit)),
                None,
            )
        if record is None:
            return None
        return Decision(record["decision"], record.get("replacement"))

    def record(self, change: Change, decision: str, replacement: str | None = None) -> None:
        edit = change.edit
        entry = {
            "key": decision_key(edit),
            "span": span_key(edit),
            "decision": decision,
            "status": change.status,
            "filter": edit.filter,
            "rule": edit.rule,
            "before": edit.before,
            "after": edit.replacement,
            "input": {"start": edit.start, "end": edit.end},
        }
        if decision == REPLACE:
            entry["replacement"] = replacement
        self.records[entry["key"]] = entry

    def forget(self, change: Change) -> None:
        self.records.pop(decision_key(change.edit), None)

    def save(self, path: Path) -> None:
        write_atomic(path, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in self.records.values()))


def _collide(a: Edit, b: Edit) -> bool:
    if a.start == a.end or b.start == b.end:
        return a.start < b.end and b.start < a.end or a.start == b.start
    return a.start < b.end and b.start < a.end


def acceptable(change: Change, result: Result) -> bool:
    """Can this change be accepted as proposed?

    An unresolved proposal that overlaps an applied change was made against text another filter
    had already changed, so it cannot be put on the input as it stands; type a replacement instead.
    """
    if not change.unresolved:
        return True
    return not any(_collide(change.edit, applied) for applied in result.edits)


def apply_decisions(result: Result, book: DecisionBook) -> tuple[Result, int]:
    """The reviewed result, and how many changes had no decision.

    Undecided changes keep what the cleaner did: applied edits stay, unresolved ones stay
    unresolved. Rejected and accepted unresolved proposals are no longer unresolved.
    """
    chosen: list[tuple[int, Edit]] = []  # (priority, edit): a typed replacement wins over the tool
    flags, undecided = [], 0
    for change in changes_of(result):
        edit, decision = change.edit, book.get(change.edit)
        if decision is None:
            undecided += 1
            if change.unresolved:
                flags.append(edit)
            else:
                chosen.append((1, edit))
        elif decision.decision == REPLACE:
            start, end = widen_to_words(result.original, edit.start, edit.end)
            typed = Edit(start, end, decision.replacement, "typed", 1.0,
                         f"typed by the editor (proposed {edit.replacement!r} for {edit.before!r})",
                         EDITOR, result.original[start:end])
            chosen.append((2, typed))
        elif decision.decision == ACCEPT:
            if not change.unresolved:
                chosen.append((1, edit))
            elif edit.replacement != edit.before and acceptable(change, result):
                chosen.append((0, edit))
    kept: list[Edit] = []
    for _, edit in sorted(chosen, key=lambda pair: -pair[0]):
        if not any(_collide(edit, other) for other in kept):
            kept.append(edit)
    kept = [e for e in sorted(kept, key=lambda e: (e.start, e.end)) if e.replacement != e.before]
    text = apply_edits(result.original, kept)
    return Result(original=result.original, text=text, edits=kept, flags=flags), undecided


# --- the interactive review -------------------------------------------------------------------

KEYS_HELP = """\
y - accept this change
n - reject this change (keep the input text)
e - type a replacement for the input words shown (an empty line cancels)
a - accept this and all later changes of this rule
d - reject this and all later changes of this rule
k - step back to the previous change
s - skip this change, leaving it undecided
u - skip to the next unresolved change
q - quit; decisions so far are kept
? - this help"""
PROMPT_KEYS = "y,n,e,a,d,k,s,u,q,?"


class KeyReader:
    """Single keys from a terminal, or one line per key when input is not a terminal.

    On a terminal, use it as a context manager: it holds the terminal in cbreak mode for the
    whole session (switching modes per key would discard keys typed ahead).
    """

    def __init__(self, stream=None) -> None:
        self.stream = stream if stream is not None else sys.stdin
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self._saved = None

    def __enter__(self) -> "KeyReader":
        if self.tty:
            import termios
            import tty

            fd = self.stream.fileno()
            self._saved = termios.tcgetattr(fd)
            tty.setcbreak(fd, termios.TCSANOW)
        return self

    def __exit__(self, *exc) -> None:
        self._restore()

    def _restore(self) -> None:
        if self._saved is not None:
            import termios

            termios.tcsetattr(self.stream.fileno(), termios.TCSADRAIN, self._saved)

    def key(self) -> str:
        """The next key; 'q' at end of input or on Ctrl-C / Ctrl-D."""
        try:
            if self.tty:
                data = os.read(self.stream.fileno(), 1)
                if data == b"\x1b":  # an escape sequence (an arrow key): swallow the rest of it
                    while select.select([self.stream.fileno()], [], [], 0.05)[0]:
                        os.read(self.stream.fileno(), 16)
                key = data.decode("utf-8", errors="replace")
                return "q" if key in ("", "\x04") else key
            line = self.stream.readline()
        except (KeyboardInterrupt, EOFError):
            return "q"
        if not line:
            return "q"
        return line.strip()[:1] or "\n"

    def line(self) -> str | None:
        """A line of text, edited in the terminal's normal mode; None if cancelled."""
        try:
            if not self.tty:
                line = self.stream.readline()
                return line.rstrip("\r\n") if line else None
            self._restore()
            try:
                return input()
            finally:
                self.__enter__()
        except (KeyboardInterrupt, EOFError):
            return None


@dataclass
class ReviewOutcome:
    decided: int
    skipped: int
    quit: bool


class ReviewSession:
    """Steps through every change not yet decided and records what the editor says."""

    def __init__(self, result: Result, book: DecisionBook, console: Console, keys: KeyReader, name: str,
                 color: bool, save: Callable[[], None]) -> None:
        self.result, self.book, self.console, self.keys = result, book, console, keys
        self.name, self.color, self.save = name, color, save
        self.changes = [c for c in changes_of(result) if book.get(c.edit) is None]
        self.palette = Palette(changes_of(result))
        self.decided_now: set[int] = set()

    def _show(self, index: int) -> None:
        change = self.changes[index]
        edit = change.edit
        status = "unresolved" if change.unresolved else "applied"
        header = Text(f"\n── change {index + 1} of {len(self.changes)} · {change.label} · {edit.confidence:.2f} · {status} ──",
                      style="bold" if self.color else None)
        self.console.print(header, soft_wrap=True)
        excerpt, first_line = self._excerpt(change)
        for line in word_diff(excerpt, self.name, self.color, context=0, header=False, notes=False, first_line=first_line):
            self.console.print(line, soft_wrap=True)
        proposal = Text("proposal: ")
        if edit.replacement == edit.before:
            proposal.append(f"no change proposed to {edit.before!r} (a recorded doubt)")
        else:
            proposal.append(f"{edit.before!r} → {edit.replacement!r}")
        self.console.print(proposal, soft_wrap=True)
        self.console.print(Text("reason: ").append_text(describe(change, self.color, self.palette)), soft_wrap=True)
        earlier = self.book.get(edit)
        if earlier is not None:
            told = earlier.decision + (f" {earlier.replacement!r}" if earlier.decision == REPLACE else "")
            self.console.print(f"decided: {told}", soft_wrap=True, markup=False)
        question = "Apply this proposal" if change.unresolved else "Keep this change"
        self.console.print(f"{question} [{PROMPT_KEYS}]? ", end="", markup=False)

    def _excerpt(self, change: Change) -> tuple[Result, int]:
        """The whole lines the change touches, as a result of that one change, and the first line's number."""
        original, edit = self.result.original, change.edit
        start = original.rfind("\n", 0, edit.start) + 1
        end = original.find("\n", max(edit.end, edit.start + 1) - 1)
        end = len(original) if end < 0 else end + 1
        shifted = Edit(edit.start - start, edit.end - start, edit.replacement, edit.rule, edit.confidence,
                       edit.note, edit.filter, edit.before, edit.steps)
        text = original[start:end]
        if change.unresolved:
            return Result(text, text, [], [shifted]), original.count("\n", 0, start) + 1
        return Result(text, apply_edits(text, [shifted]), [shifted], []), original.count("\n", 0, start) + 1

    def _say(self, message: str) -> None:
        self.console.print(message, markup=False, soft_wrap=True)

    def _decide(self, index: int, decision: str, replacement: str | None = None) -> None:
        self.book.record(self.changes[index], decision, replacement)
        self.decided_now.add(index)
        self.save()

    def _next_undecided(self, index: int) -> int:
        index += 1
        while index < len(self.changes) and self.book.get(self.changes[index].edit) is not None:
            index += 1
        return index

    def run(self) -> ReviewOutcome:
        index = 0
        while index < len(self.changes):
            change = self.changes[index]
            self._show(index)
            key = self.keys.key()
            if self.keys.tty:
                self._say(key if key.isprintable() else "")
            if key == "q":
                return self._outcome(quit=True)
            if key in ("y", "n"):
                if key == "y" and not acceptable(change, self.result):
                    self._say("This proposal overlaps an applied change, so it cannot be accepted as it stands; "
                              "type a replacement (e) instead.")
                    continue
                self._decide(index, ACCEPT if key == "y" else REJECT)
                index = self._next_undecided(index)
            elif key == "e":
                start, end = widen_to_words(self.result.original, change.edit.start, change.edit.end)
                self.console.print(f"replacement for {self.result.original[start:end]!r}: ", end="", markup=False)
                typed = self.keys.line()
                if typed:
                    self._decide(index, REPLACE, typed)
                    index = self._next_undecided(index)
                else:
                    self._say("cancelled")
            elif key in ("a", "d"):
                decision = ACCEPT if key == "a" else REJECT
                for later in range(index, len(self.changes)):
                    other = self.changes[later]
                    if other.label == change.label and (later == index or later not in self.decided_now):
                        if decision == ACCEPT and not acceptable(other, self.result):
                            continue
                        self.book.record(other, decision)
                        self.decided_now.add(later)
                self.save()
                index = self._next_undecided(index)
            elif key == "k":
                if index == 0:
                    self._say("this is the first change")
                index = max(0, index - 1)
            elif key == "s":
                index += 1
            elif key == "u":
                later = next((i for i in range(index + 1, len(self.changes)) if self.changes[i].unresolved), None)
                if later is None:
                    self._say("no unresolved change after this one")
                else:
                    index = later
            else:
                self._say(KEYS_HELP)
        return self._outcome(quit=False)

    def _outcome(self, quit: bool) -> ReviewOutcome:
        undecided = sum(1 for c in self.changes if self.book.get(c.edit) is None)
        return ReviewOutcome(decided=len(self.changes) - undecided, skipped=undecided, quit=quit)


def default_paths(file: Path) -> tuple[Path, Path]:
    """FILE.reviewed.txt and FILE.decisions.jsonl, beside the input."""
    return file.with_name(file.name + ".reviewed.txt"), file.with_name(file.name + ".decisions.jsonl")
