"""The library entry point: `clean(text, config) -> Result`."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import replace

from .config import Config
from .edits import Edit, apply_edits
from .engine import Result, run_filters


def clean(text: str, config: Config | None = None) -> Result:
    """Clean `text` and return the result with every change recorded.

    Filters see LF line endings; CRLF input comes back as CRLF, and every edit
    is reported against the input exactly as given.
    """
    config = config or Config()
    crlf_newlines = _crlf_newlines(text)
    filters = config.build_filters()
    if not crlf_newlines:
        return run_filters(text, filters, config.context, config.max_passes)
    normalised = text.replace("\r\n", "\n")
    result = run_filters(normalised, filters, config.context, config.max_passes)
    lf_only = normalised.count("\n") - len(crlf_newlines)
    newline = "\r\n" if len(crlf_newlines) >= lf_only else "\n"

    def to_original(edit: Edit) -> Edit:
        start = edit.start + bisect_left(crlf_newlines, edit.start)
        end = edit.end + bisect_left(crlf_newlines, edit.end)
        return replace(
            edit,
            start=start,
            end=end,
            before=text[start:end],
            replacement=edit.replacement.replace("\n", newline),
        )

    edits = [to_original(e) for e in result.edits]
    flags = [to_original(e) for e in result.flags]
    return Result(original=text, text=apply_edits(text, edits), edits=edits, flags=flags)


def _crlf_newlines(text: str) -> list[int]:
    """Indices, in the LF-normalised text, of the newlines that were CRLF."""
    positions = []
    start = 0
    while (i := text.find("\r\n", start)) >= 0:
        positions.append(i - len(positions))
        start = i + 2
    return positions
