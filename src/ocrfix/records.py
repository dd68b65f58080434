"""The JSON Lines report: one record per edit, with positions in input and output."""

from __future__ import annotations

import json
from bisect import bisect_left, bisect_right
from typing import Iterator

from .edits import Edit
from .engine import Result



class LineIndex:
    """Turns offsets into 1-based (line, column) pairs."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1


def output_offsets(result: Result) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Where each applied edit and each flag lands in the output text."""
    applied = []
    delta = 0
    for edit in result.edits:
        out_start = edit.start + delta
        applied.append((out_start, out_start + len(edit.replacement)))
        delta += len(edit.replacement) - (edit.end - edit.start)
    starts = [e.start for e in result.edits]

    def to_output(offset: int, is_end: bool) -> int:
        i = bisect_left(starts, offset) - 1  # the last edit starting before offset
        if i < 0:
            return offset
        edit, (out_start, out_end) = result.edits[i], applied[i]
        if edit.end > offset:  # inside a change: widen to it
            return out_end if is_end else out_start
        return offset + out_end - edit.end

    flagged = []
    for flag in result.flags:
        start = to_output(flag.start, False)
        flagged.append((start, max(start, to_output(flag.end, True))))
    return applied, flagged


def records(result: Result, file: str | None = None) -> Iterator[dict]:
    """Report records for a result: applied edits, then unresolved flags, each in input order."""
    source, target = LineIndex(result.original), LineIndex(result.text)
    applied, flagged = output_offsets(result)
    for status, edits, outs in (("applied", result.edits, applied), ("unresolved", result.flags, flagged)):
        for edit, (out_start, out_end) in zip(edits, outs):
            yield _record(edit, status, file, source, target, out_start, out_end)


def _record(edit: Edit, status: str, file, source: LineIndex, target: LineIndex, out_start: int, out_end: int) -> dict:
    in_line, in_col = source.position(edit.start)
    out_line, out_col = target.position(out_start)
    record = {
        "file": file,
        "status": status,
        "filter": edit.filter,
        "rule": edit.rule,
        "confidence": round(edit.confidence, 4),
        "note": edit.note,
        "before": edit.before,
        "after": edit.replacement,
        "input": {"start": edit.start, "end": edit.end, "line": in_line, "column": in_col},
        "output": {"start": out_start, "end": out_end, "line": out_line, "column": out_col},
    }
    if edit.steps:
        record["steps"] = [
            {"filter": s.filter, "rule": s.rule, "confidence": round(s.confidence, 4), "note": s.note,
             "before": s.before, "after": s.after}
            for s in edit.steps
        ]
    return record


def to_jsonl(records_: list[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records_)


def read_jsonl(path, error: type[Exception]) -> list[tuple[int, object]]:
    """(line number, value) for each non-blank line of a JSON Lines file; problems raise `error`
    with a message that names the file and line."""
    from pathlib import Path

    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise error(f"{path}: no such file") from None
    except OSError as problem:
        raise error(f"{path}: cannot read: {problem.strerror or problem}") from None
    except UnicodeDecodeError:
        raise error(f"{path}: not UTF-8 text") from None
    values = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            values.append((number, json.loads(line)))
        except json.JSONDecodeError:
            raise error(f"{path}: line {number}: not JSON") from None
    return values
