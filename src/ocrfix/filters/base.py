"""What a filter is, and what it may consult while proposing edits."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, ClassVar, Iterable

from ..edits import Edit


@dataclass
class Context:
    """Shared, read-only settings and resources a filter may consult.

    Resources that are costly to load (lexicons) are loaded once per process
    and cached by the modules that own them, not here.
    """

    min_confidence: float = 0.5
    flag_only: bool = False
    wordlists: tuple[str, ...] = ()
    protected: frozenset[str] = frozenset()
    case: str = "upper"
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Filter:
    """A named step of the pipeline. Dataclass fields are its options.

    Subclasses set `name` and `summary` and implement `propose`, which returns
    edits against the text it is given and never a new string.
    """

    name: ClassVar[str] = ""
    summary: ClassVar[str] = ""

    def propose(self, text: str, context: Context) -> Iterable[Edit]:
        raise NotImplementedError

    @classmethod
    def options(cls) -> list[dataclasses.Field]:
        return [f for f in dataclasses.fields(cls) if not f.name.startswith("_")]

    @classmethod
    def defaults(cls) -> dict[str, Any]:
        """Each option's default value (a fresh one where a factory makes it)."""
        return {f.name: f.default if f.default_factory is dataclasses.MISSING else f.default_factory()
                for f in cls.options()}


def option(default: Any, help: str) -> Any:
    """A filter option with a default value and a one-line help text."""
    if isinstance(default, (list, dict, set)):
        return field(default_factory=lambda: type(default)(default), metadata={"help": help})
    return field(default=default, metadata={"help": help})
