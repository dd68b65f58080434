"""Edit records: what a filter proposes and what the engine reports."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Step:
    """One filter's contribution to a change, kept when later filters edit the same span."""

    filter: str
    rule: str
    confidence: float
    note: str
    before: str
    after: str


@dataclass(frozen=True)
class Edit:
    """Replace text[start:end] with `replacement`.

    A filter proposes edits against the text it is given; the engine fills in
    `filter`, maps the span back to the original input and fills in `before`.
    """

    start: int
    end: int
    replacement: str
    rule: str
    confidence: float = 1.0
    note: str = ""
    filter: str = ""
    before: str = ""
    steps: tuple[Step, ...] = field(default=(), compare=False)

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad edit span {self.start}..{self.end}")
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"confidence {self.confidence} is outside [0, 1]")

    @property
    def rules(self) -> tuple[str, ...]:
        """Every filter:rule that shaped this change, in pipeline order."""
        if self.steps:
            return tuple(f"{s.filter}:{s.rule}" for s in self.steps)
        return (f"{self.filter}:{self.rule}",)


def apply_edits(text: str, edits: list[Edit]) -> str:
    """Apply non-overlapping edits, given in any order, to `text`."""
    pieces = []
    position = 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        if edit.start < position:
            raise ValueError(f"overlapping edits at {edit.start}")
        pieces.append(text[position : edit.start])
        pieces.append(edit.replacement)
        position = edit.end
    pieces.append(text[position:])
    return "".join(pieces)
