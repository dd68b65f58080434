"""Counting letters by case, fast: documents are profiled on every pass."""

from __future__ import annotations

import re

_NOT_ASCII_LETTER = bytes(b for b in range(128) if not chr(b).isalpha())
_NOT_ASCII_UPPER = bytes(b for b in range(128) if not chr(b).isupper())
_NOT_ASCII_LOWER = bytes(b for b in range(128) if not chr(b).islower())
_NOT_ASCII = re.compile(r"[^\x00-\x7f]")


def case_counts(text: str) -> tuple[int, int, int]:
    """How many letters the text has (str.isalpha), and how many of them are upper-case and
    lower-case (a letter without case is neither). ASCII is counted as bytes."""
    ascii_bytes = text.encode("ascii", "ignore")
    others = [c for c in _NOT_ASCII.findall(text) if c.isalpha()]
    return (len(ascii_bytes.translate(None, _NOT_ASCII_LETTER)) + len(others),
            len(ascii_bytes.translate(None, _NOT_ASCII_UPPER)) + sum(map(str.isupper, others)),
            len(ascii_bytes.translate(None, _NOT_ASCII_LOWER)) + sum(map(str.islower, others)))
