"""Access to the data files shipped in the package (ocrfix.wordlists)."""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files
from importlib.resources.abc import Traversable


def data_file(name: str) -> Traversable:
    """A file under wordlists/, found through the installed package."""
    return files("ocrfix.wordlists") / name


@lru_cache(maxsize=None)
def read_data(name: str) -> str:
    return data_file(name).read_text(encoding="utf-8")


def data_lines(name: str) -> list[str]:
    """Non-empty lines of a data file, without comments (lines starting with #)."""
    return [line for line in read_data(name).splitlines() if line.strip() and not line.startswith("#")]
