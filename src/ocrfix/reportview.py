"""`ocrfix report`: read a saved JSON Lines report, summarise it, and show each change in context."""

from __future__ import annotations

import fnmatch
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .diffview import UNRESOLVED, show, word_diff
from .edits import Edit, apply_edits
from .engine import Result
from .records import read_jsonl
from .textio import InputError, read_text_file

HISTOGRAM_BINS = 10
TOP_DOCUMENTS = 10
REQUIRED_KEYS = ("status", "filter", "rule", "confidence", "before", "after", "input")


class ReportError(Exception):
    """A report file that cannot be read; the message says where and why."""


def load_records(path: Path) -> list[dict]:
    records = []
    for number, record in read_jsonl(path, ReportError):
        missing = [k for k in REQUIRED_KEYS if not isinstance(record, dict) or k not in record]
        if missing:
            raise ReportError(f"{path}: line {number}: not an ocrfix edit record (no {', '.join(missing)})")
        records.append(record)
    return records


@dataclass
class Selection:
    """Which records to show; empty lists mean all."""

    rules: list[str] = field(default_factory=list)  # a rule name, or filter:rule
    filters: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # exact paths or glob patterns
    min_confidence: float | None = None
    max_confidence: float | None = None
    unresolved_only: bool = False

    def wants(self, record: dict) -> bool:
        if self.rules and not {record["rule"], f"{record['filter']}:{record['rule']}"} & set(self.rules):
            return False
        if self.filters and record["filter"] not in self.filters:
            return False
        if self.files and not any(fnmatch.fnmatchcase(str(record.get("file")), p) for p in self.files):
            return False
        if self.min_confidence is not None and record["confidence"] < self.min_confidence:
            return False
        if self.max_confidence is not None and record["confidence"] > self.max_confidence:
            return False
        return not (self.unresolved_only and record["status"] != "unresolved")


@dataclass
class Summary:
    by_rule: dict[tuple[str, str], Counter]  # (filter, rule) -> {applied: n, unresolved: n}
    unresolved_tokens: Counter  # the input text of each unresolved record
    histogram: list[int]  # records per confidence bin [0, 0.1), ..., [0.9, 1.0]
    by_document: dict[str, Counter]


def summarise(records: list[dict]) -> Summary:
    by_rule: dict[tuple[str, str], Counter] = {}
    by_document: dict[str, Counter] = {}
    histogram = [0] * HISTOGRAM_BINS
    tokens: Counter = Counter()
    for record in records:
        by_rule.setdefault((record["filter"], record["rule"]), Counter())[record["status"]] += 1
        by_document.setdefault(str(record.get("file")), Counter())[record["status"]] += 1
        histogram[min(HISTOGRAM_BINS - 1, int(record["confidence"] * HISTOGRAM_BINS))] += 1
        if record["status"] == "unresolved":
            tokens[record["before"]] += 1
    return Summary(by_rule, tokens, histogram, by_document)


def summary_tables(summary: Summary, color: bool) -> list:
    bold = "bold" if color else None
    rules = Table(title="Edits per filter and rule", title_justify="left", header_style=bold)
    for column in ("filter", "rule"):
        rules.add_column(column)
    for column in ("applied", "unresolved", "total"):
        rules.add_column(column, justify="right")
    for (filter_name, rule), counts in sorted(summary.by_rule.items()):
        rules.add_row(filter_name, rule, str(counts["applied"]), str(counts["unresolved"]), str(sum(counts.values())))
    applied = sum(c["applied"] for c in summary.by_rule.values())
    unresolved = sum(c["unresolved"] for c in summary.by_rule.values())
    rules.add_row("all", "", str(applied), str(unresolved), str(applied + unresolved), style=bold)

    tokens = Text(f"Unresolved tokens: {sum(summary.unresolved_tokens.values())} "
                  f"({len(summary.unresolved_tokens)} distinct)", style=UNRESOLVED if color else None)
    if summary.unresolved_tokens:
        tokens.append("  most frequent: " + ", ".join(
            f"{token!r}×{count}" for token, count in summary.unresolved_tokens.most_common(8)))

    histogram = Table(title="Confidence", title_justify="left", header_style=bold)
    histogram.add_column("confidence")
    histogram.add_column("edits", justify="right")
    histogram.add_column("")
    top = max(summary.histogram) or 1
    for i, count in enumerate(summary.histogram):
        low, high = i / HISTOGRAM_BINS, (i + 1) / HISTOGRAM_BINS
        closing = "]" if i == HISTOGRAM_BINS - 1 else ")"
        histogram.add_row(f"[{low:.1f}, {high:.1f}{closing}", str(count), "█" * round(30 * count / top))

    documents = Table(title=f"Documents with the most edits (top {TOP_DOCUMENTS})", title_justify="left", header_style=bold)
    documents.add_column("file")
    for column in ("applied", "unresolved", "total"):
        documents.add_column(column, justify="right")
    ranked = sorted(summary.by_document.items(), key=lambda item: (-sum(item[1].values()), item[0]))
    for name, counts in ranked[:TOP_DOCUMENTS]:
        documents.add_row(name, str(counts["applied"]), str(counts["unresolved"]), str(sum(counts.values())))
    return [rules, tokens, histogram, documents]


def _edit(record: dict) -> Edit:
    return Edit(record["input"]["start"], record["input"]["end"], record["after"], record["rule"],
                record["confidence"], record.get("note", ""), record["filter"], record["before"])


def _source(name: str, report_dir: Path) -> str | None:
    """The input text the records were made from, if it can still be found unchanged."""
    for candidate in (Path(name), report_dir / name):
        try:
            return read_text_file(candidate).text
        except InputError:
            continue
    return None


def change_views(records: list[dict], report_dir: Path, color: bool, context: int = 1) -> list:
    """Each change in its context, a line or so around it, file by file; unresolved listed first."""
    out: list = []
    unresolved = [r for r in records if r["status"] == "unresolved"]
    if unresolved:
        out.append(Text(f"\nUnresolved ({len(unresolved)}): decide these first", style="bold " + UNRESOLVED if color else None))
        for r in unresolved:
            line = Text(f"  {r.get('file')}:{r['input'].get('line', '?')}:{r['input'].get('column', '?')}  ")
            line.append(repr(r["before"]), style=UNRESOLVED if color else None)
            if r["after"] != r["before"]:
                line.append(f" → {r['after']!r}")
            line.append(f"  {r['filter']}:{r['rule']} {r['confidence']:.2f}  {r.get('note', '')}".rstrip())
            out.append(line)
    by_file: dict[str, list[dict]] = {}
    for record in records:
        by_file.setdefault(record.get("file") or "<unknown>", []).append(record)
    for name, group in by_file.items():
        out.append(Text(""))
        text = _source(name, report_dir)
        edits = [_edit(r) for r in group]
        if text is not None and all(text[e.start : e.end] == e.before for e in edits):
            applied = [e for e, r in zip(edits, group) if r["status"] == "applied"]
            flags = [e for e, r in zip(edits, group) if r["status"] != "applied"]
            result = Result(text, apply_edits(text, applied), applied, flags)
            out.extend(word_diff(result, name, color, context=context))
            continue
        out.append(Text(f"{name} (input not found or changed since the report: changes without context)",
                        style="bold" if color else None))
        for record, edit in zip(group, edits):
            style = UNRESOLVED if color and record["status"] == "unresolved" else None
            line = Text(f"  {record['input'].get('line', '?')}:{record['input'].get('column', '?')}  ")
            line.append(f"{edit.before!r} → {edit.replacement!r}", style=style)
            line.append(f"  {record['status']} {edit.filter}:{edit.rule} {edit.confidence:.2f}  {edit.note}".rstrip())
            out.append(line)
    return out


def render_report(records: list[dict], report_dir: Path, console: Console, color: bool, context: int = 1) -> None:
    renderables = summary_tables(summarise(records), color) + change_views(records, report_dir, color, context)
    show(console, renderables, color)
