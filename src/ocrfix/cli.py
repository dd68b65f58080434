"""The command line: read files, call `ocrfix.clean`, write results. No cleaning logic lives here."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

import click

from . import __version__
from .batch import tune_garbage_collector
from .batch_cli import batch_options, is_single_input, learn_command, run_batch_command
from .config import CASE_MODES, Config, ConfigError, find_project_config, load_config_file
from .core import clean
from .lexicon import WordlistError, read_user_wordlist
from .engine import Result
from .filters import REGISTRY, default_pipeline
from .diffview import color_wanted, make_console, render_diff, unified_diff
from .htmlreport import html_report
from .reportview import ReportError, Selection, load_records, render_report
from .review import DecisionBook, DecisionsError, KeyReader, ReviewSession, apply_decisions, default_paths
from .records import records, to_jsonl
from .scoring import Score, score
from .textio import InputError, decode_bytes, read_text_file, write_atomic

EXIT_CODES = """\b
Exit codes:
  0  done (with --check: nothing would change)
  1  --check: cleaning would change something
  2  usage error, or an input that could not be read
  3  several inputs: some files failed (the rest were cleaned)
  130  interrupted (run again to resume)"""

SCORE_EXIT_CODES = """\b
Exit codes:
  0  done
  2  usage error, or an input that could not be read"""


class InputFailure(click.ClickException):
    """An input or configuration problem: message on stderr, exit code 2."""

    exit_code = 2


@dataclass
class RunSummary:
    """Counts what a run did and owns the exit code."""

    check: bool = False
    changed: int = 0
    unchanged: int = 0
    failed: int = 0

    def add(self, result: Result) -> None:
        if result.changed:
            self.changed += 1
        else:
            self.unchanged += 1

    @property
    def exit_code(self) -> int:
        if self.failed:
            return 2
        if self.check and self.changed:
            return 1
        return 0


def warn(message: str) -> None:
    click.echo(f"warning: {message}", err=True)


def split_names(values: tuple[str, ...]) -> list[str]:
    return [name.strip() for value in values for name in value.split(",") if name.strip()]


def resolve_config(config_path: Path | None, extra_wordlists=(), **overrides) -> Config:
    """Defaults, then [tool.ocrfix] from the nearest pyproject.toml (or --config), then flags."""
    try:
        if config_path is not None:
            base = load_config_file(config_path)
        else:
            found = find_project_config(Path.cwd())
            base = load_config_file(found) if found else Config()
        if extra_wordlists:
            overrides["wordlists"] = [*base.wordlists, *(str(p) for p in extra_wordlists)]
        config = base.merged(**overrides)
        for path in config.wordlists:  # read now, so a bad list is a message and not a traceback later
            read_user_wordlist(path)
        return config
    except (ConfigError, WordlistError) as error:
        raise InputFailure(str(error)) from None


def read_input(path: str) -> str:
    try:
        if path == "-":
            decoded = decode_bytes(sys.stdin.buffer.read(), "<stdin>")
        else:
            decoded = read_text_file(Path(path))
    except InputError as error:
        raise InputFailure(str(error)) from None
    for message in decoded.warnings:
        warn(message)
    return decoded.text


def write_stdout(text: str) -> None:
    stream = sys.stdout.buffer
    stream.write(text.encode("utf-8"))
    stream.flush()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="ocrfix")
def main() -> None:
    """Clean garbled OCR of scanned diplomatic cables, and show every change."""
    tune_garbage_collector()


DIFF_STYLES = ["auto", "unified", "word", "side-by-side"]


class CleanCommand(click.Command):
    """Lets `--diff` stand alone or carry a style as `--diff=STYLE`, never eating the next argument."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        rewritten = []
        for arg in args:
            if arg.startswith("--diff="):
                rewritten += ["--diff", "--diff-style", arg.split("=", 1)[1]]
            else:
                rewritten.append(arg)
        return super().parse_args(ctx, rewritten)


@main.command("clean", cls=CleanCommand, epilog=EXIT_CODES)
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write the cleaned text here (atomically) instead of stdout.")
@click.option("--diff", "show_diff", is_flag=True, help="Print a diff of the changes instead of the text; --diff=STYLE picks a style.")
@click.option("--diff-style", type=click.Choice(DIFF_STYLES), default="auto", hidden=True)
@click.option("--check", is_flag=True, help="Print nothing; exit 1 if cleaning would change anything.")
@click.option("--report", "report_path", type=click.Path(dir_okay=False, path_type=Path), help="Write a JSON Lines report of every edit to this path.")
@click.option("--only", multiple=True, metavar="NAMES", help="Run only these filters (comma-separated, repeatable).")
@click.option("--skip", multiple=True, metavar="NAMES", help="Do not run these filters (comma-separated, repeatable).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path), help="Read options from this TOML file instead of pyproject.toml.")
@click.option("--min-confidence", type=click.FloatRange(0, 1), help="Apply only edits at least this confident; record the rest as unresolved.")
@click.option("--flag-only", is_flag=True, default=None, help="Change nothing; record every proposal in the report.")
@click.option("--case", type=click.Choice(CASE_MODES), help="Keep teletype UPPERCASE (default) or render sentence case.")
@click.option("--wordlist", "wordlists", multiple=True, type=click.Path(dir_okay=False, path_type=Path), help="Extra lexicon of known/protected words (repeatable).")
@click.option("--decisions", "decisions_path", type=click.Path(dir_okay=False, path_type=Path), help="Apply the decisions of an `ocrfix review` (its .decisions.jsonl).")
@click.option("--color/--no-color", "color", default=None, help="Colour the diff (default: on a terminal, unless NO_COLOR is set).")
@batch_options
def clean_command(paths, output, show_diff, diff_style, check, report_path, only, skip, config_path, min_confidence, flag_only, case, wordlists, decisions_path, color, **batch):
    """Clean a FILE (or - for stdin) and write the cleaned text to stdout.

    With several PATHs, folders (walked recursively) or glob patterns, clean them all
    in parallel into --out-dir (or beside each input with --suffix, or --in-place).
    """
    config = resolve_config(
        config_path,
        filters=split_names(only) or None,
        skip=split_names(skip) or None,
        min_confidence=min_confidence,
        flag_only=flag_only,
        case=case,
        extra_wordlists=wordlists,
    )
    if not is_single_input(paths, batch):
        if output is not None:
            raise click.UsageError("-o/--output writes a single file; use --out-dir for several inputs")
        if show_diff:
            raise click.UsageError("--diff shows a single input; use --check or --report for several")
        if decisions_path is not None:
            raise click.UsageError("--decisions belongs to a single reviewed file")
        sys.exit(run_batch_command(paths, config, check, report_path, batch))
    file = paths[0]
    summary = RunSummary(check=check)
    text = read_input(file)
    result = clean(text, config)
    if decisions_path is not None:
        result = reviewed(result, decisions_path)
    summary.add(result)
    name = "<stdin>" if file == "-" else file
    if report_path is not None:
        write_report(report_path, result, name)
    if check:
        if result.changed:
            click.echo(f"would clean {name}", err=True)
    elif show_diff:
        style = diff_style if diff_style != "auto" else ("word" if sys.stdout.isatty() else "unified")
        colored = color_wanted(color)
        if style == "unified" and not colored:
            write_stdout(unified_diff(result, name))  # bytes as they are: CRLF stays visible
        else:
            render_diff(result, name, style, colored)
    elif output is not None:
        write_atomic(output, result.text)
    else:
        write_stdout(result.text)
    sys.exit(summary.exit_code)


def reviewed(result: Result, decisions_path: Path) -> Result:
    """The result with an editor's saved decisions applied."""
    try:
        book = DecisionBook.load(decisions_path)
    except DecisionsError as error:
        raise InputFailure(str(error)) from None
    result, undecided = apply_decisions(result, book)
    if undecided:
        warn(f"{undecided} change(s) not decided in {decisions_path}; kept as the cleaner left them")
    return result


def write_report(path: Path, result: Result, name: str) -> None:
    """JSON Lines, or a self-contained HTML page when the path ends in .html."""
    if path.suffix.lower() in (".html", ".htm"):
        write_atomic(path, html_report(result, name))
    else:
        write_atomic(path, to_jsonl(list(records(result, name))))


@main.command("report")
@click.argument("report_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--rule", "rules", multiple=True, metavar="RULE", help="Only this rule (or filter:rule); repeatable.")
@click.option("--filter", "filters", multiple=True, metavar="NAME", help="Only this filter; repeatable.")
@click.option("--min-confidence", type=click.FloatRange(0, 1), help="Only edits at least this confident.")
@click.option("--max-confidence", type=click.FloatRange(0, 1), help="Only edits at most this confident.")
@click.option("--unresolved", "unresolved_only", is_flag=True, help="Only the unresolved proposals.")
@click.option("--file", "files", multiple=True, metavar="PATH", help="Only edits of this input file (glob patterns work); repeatable.")
@click.option("--context", type=click.IntRange(0), default=1, show_default=True, help="Lines shown around each change.")
@click.option("--color/--no-color", "color", default=None, help="Colour the output (default: on a terminal, unless NO_COLOR is set).")
def report_command(report_file, rules, filters, min_confidence, max_confidence, unresolved_only, files, context, color):
    """Summarise a saved JSON Lines report and show each change in its context."""
    try:
        loaded = load_records(report_file)
    except ReportError as error:
        raise InputFailure(str(error)) from None
    selection = Selection(split_names(rules), split_names(filters), list(files), min_confidence, max_confidence, unresolved_only)
    chosen = [r for r in loaded if selection.wants(r)]
    if not chosen:
        click.echo("no edit matches the filters" if loaded else f"{report_file}: no edits", err=True)
    colored = color_wanted(color)
    render_report(chosen, report_file.parent, make_console(colored), colored, context)


@main.command("review")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write the reviewed text here (default FILE.reviewed.txt).")
@click.option("--decisions", "decisions_path", type=click.Path(dir_okay=False, path_type=Path), help="Read and save decisions here (default FILE.decisions.jsonl).")
@click.option("--only", multiple=True, metavar="NAMES", help="Run only these filters (comma-separated, repeatable).")
@click.option("--skip", multiple=True, metavar="NAMES", help="Do not run these filters (comma-separated, repeatable).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path), help="Read options from this TOML file instead of pyproject.toml.")
@click.option("--min-confidence", type=click.FloatRange(0, 1), help="Apply only edits at least this confident; ask about the rest as unresolved.")
@click.option("--case", type=click.Choice(CASE_MODES), help="Keep teletype UPPERCASE (default) or render sentence case.")
@click.option("--wordlist", "wordlists", multiple=True, type=click.Path(dir_okay=False, path_type=Path), help="Extra lexicon of known/protected words (repeatable).")
@click.option("--color/--no-color", "color", default=None, help="Colour the review (default: on a terminal, unless NO_COLOR is set).")
def review_command(file, output, decisions_path, only, skip, config_path, min_confidence, case, wordlists, color):
    """Step through every change to FILE, accepting or rejecting each, like `git add -p`.

    Decisions are saved as they are made; changes decided before are not asked again.
    `ocrfix clean FILE --decisions PATH` reproduces the reviewed text.
    """
    config = resolve_config(
        config_path,
        filters=split_names(only) or None,
        skip=split_names(skip) or None,
        min_confidence=min_confidence,
        case=case,
        extra_wordlists=wordlists,
    )
    if str(file) == "-":
        raise InputFailure("review needs a file: standard input is the keyboard")
    default_output, default_decisions = default_paths(file)
    output = output or default_output
    decisions_path = decisions_path or default_decisions
    result = clean(read_input(str(file)), config)
    try:
        book = DecisionBook.load_if_exists(decisions_path)
    except DecisionsError as error:
        raise InputFailure(str(error)) from None
    colored = color_wanted(color)
    keys = KeyReader()
    session = ReviewSession(result, book, make_console(colored), keys, str(file), colored,
                            save=lambda: book.save(decisions_path))
    already = len(result.edits) + len(result.flags) - len(session.changes)
    if already:
        click.echo(f"{already} change(s) already decided in {decisions_path}; {len(session.changes)} to review")
    with keys:
        outcome = session.run()
    book.save(decisions_path)
    reviewed_result, undecided = apply_decisions(result, book)
    write_atomic(output, reviewed_result.text)
    click.echo(f"\n{'quit: ' if outcome.quit else ''}{outcome.decided} decided now, {undecided} undecided "
               f"(kept as the cleaner left them); wrote {output} and {decisions_path}")
main.add_command(learn_command)


@main.command("filters")
def filters_command() -> None:
    """List the filters in pipeline order, with their options."""
    for name in default_pipeline():
        cls = REGISTRY[name]
        click.echo(f"{name}: {cls.summary}")
        defaults = cls.defaults()
        for option in cls.options():
            key = option.name.replace("_", "-")
            click.echo(f"    {key} = {defaults[option.name]!r}  {option.metadata.get('help', '')}".rstrip())


SCORE_ROWS = (
    ("CER", "exact", "cer"),
    ("CER", "insensitive", "cer_insensitive"),
    ("WER", "exact", "wer"),
    ("WER", "insensitive", "wer_insensitive"),
)


def score_table(result: Score) -> str:
    """The four error rates as an aligned plain-text table."""
    rows = [("metric", "case", "errors", "length", "rate")]
    for metric, case, key in SCORE_ROWS:
        tally = getattr(result, key)
        rows.append((metric, case, str(tally.errors), str(tally.length), f"{tally.rate:.2%}"))
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    lines = []
    for row in rows:
        cells = [row[0].ljust(widths[0]), row[1].ljust(widths[1])]
        cells += [cell.rjust(width) for cell, width in zip(row[2:], widths[2:])]
        lines.append("  ".join(cells))
    return "\n".join(lines) + "\n"


@main.command("score", epilog=SCORE_EXIT_CODES)
@click.argument("output", type=click.Path(allow_dash=True, path_type=str))
@click.argument("ground_truth", type=click.Path(allow_dash=True, path_type=str))
@click.option("--json", "as_json", is_flag=True, help="Print the figures as one JSON object.")
def score_command(output, ground_truth, as_json):
    """Character and word error rates of OUTPUT against GROUND_TRUTH (either may be - for stdin).

    Whitespace is normalised first (every run becomes one space). CER is the
    Levenshtein distance over characters divided by the ground truth's length;
    WER the same over whitespace-separated words. Each is given with exact case
    and case-insensitive.
    """
    if output == "-" and ground_truth == "-":
        raise click.UsageError("only one of OUTPUT and GROUND_TRUTH can be - (stdin)")
    output_text, truth_text = read_input(output), read_input(ground_truth)
    truth_name = "<stdin>" if ground_truth == "-" else ground_truth
    if not truth_text.strip():
        raise InputFailure(f"{truth_name}: the ground truth is empty; there is nothing to score against")
    result = score(output_text, truth_text)
    if as_json:
        names = {"output": "<stdin>" if output == "-" else output, "ground_truth": truth_name}
        click.echo(json.dumps({**names, **result.as_dict()}))
    else:
        click.echo(score_table(result), nl=False)
