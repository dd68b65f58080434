"""The command line: read files, call `ocrfix.clean`, write results. No cleaning logic lives here."""

from __future__ import annotations

import dataclasses
import difflib
import sys
from dataclasses import dataclass
from pathlib import Path

import click

from . import __version__
from .batch_cli import batch_options, is_single_input, learn_command, run_batch_command
from .config import CASE_MODES, Config, ConfigError, find_project_config, load_config_file
from .core import clean
from .engine import Result
from .filters import REGISTRY
from .records import records, to_jsonl
from .textio import InputError, decode_bytes, read_text_file, write_atomic

EXIT_CODES = """\b
Exit codes:
  0  done (with --check: nothing would change)
  1  --check: cleaning would change something
  2  usage error, or an input that could not be read
  3  several inputs: some files failed (the rest were cleaned)
  130  interrupted (run again to resume)"""


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
        return base.merged(**overrides)
    except ConfigError as error:
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


def unified_diff(result: Result, name: str) -> str:
    lines = difflib.unified_diff(
        result.original.splitlines(keepends=True),
        result.text.splitlines(keepends=True),
        fromfile=name,
        tofile=f"{name} (cleaned)",
    )
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


def write_stdout(text: str) -> None:
    stream = sys.stdout.buffer
    stream.write(text.encode("utf-8"))
    stream.flush()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="ocrfix")
def main() -> None:
    """Clean garbled OCR of scanned diplomatic cables, and show every change."""


DIFF_STYLES = ["auto", "unified"]


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
@batch_options
def clean_command(paths, output, show_diff, diff_style, check, report_path, only, skip, config_path, min_confidence, flag_only, case, wordlists, **batch):
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
        sys.exit(run_batch_command(paths, config, check, report_path, batch))
    file = paths[0]
    summary = RunSummary(check=check)
    text = read_input(file)
    result = clean(text, config)
    summary.add(result)
    name = "<stdin>" if file == "-" else file
    if report_path is not None:
        write_atomic(report_path, to_jsonl(list(records(result, name))))
    if check:
        if result.changed:
            click.echo(f"would clean {name}", err=True)
    elif show_diff:
        write_stdout(unified_diff(result, name))
    elif output is not None:
        write_atomic(output, result.text)
    else:
        write_stdout(result.text)
    sys.exit(summary.exit_code)


main.add_command(learn_command)


@main.command("filters")
def filters_command() -> None:
    """List the filters in pipeline order, with their options."""
    for name, cls in REGISTRY.items():
        click.echo(f"{name}: {cls.summary}")
        for option in cls.options():
            default = option.default if option.default_factory is dataclasses.MISSING else option.default_factory()
            key = option.name.replace("_", "-")
            click.echo(f"    {key} = {default!r}  {option.metadata.get('help', '')}".rstrip())
