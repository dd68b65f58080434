"""The batch options of `ocrfix clean` and the `ocrfix learn` command: parse, call, print."""

from __future__ import annotations

import os
from pathlib import Path

import click

from .batch import (
    EXIT_INTERRUPTED,
    BatchError,
    BatchRequest,
    Layout,
    Selection,
    collect,
    default_jobs,
    is_glob,
    make_console,
    render_summary,
    run_batch,
)
from .config import ConfigError
from .learn import DEFAULT_MIN_DOCUMENTS, DEFAULT_MIN_LENGTH, learn_lexicon
from .textio import DEFAULT_MAX_BYTES


class BatchUsageError(click.ClickException):
    """A batch that cannot start: message on stderr, exit code 2, nothing touched."""

    exit_code = 2


def _selection_options(function):
    for decorator in reversed([
        click.option("--include", multiple=True, metavar="PATTERN", help="In folders and globs, take only files matching (repeatable; default: all)."),
        click.option("--exclude", multiple=True, metavar="PATTERN", help="In folders and globs, leave out files or folders (trailing /) matching (repeatable)."),
        click.option("--jobs", "-j", type=click.IntRange(1), default=None, help="Parallel worker processes (default: the number of cores)."),
        click.option("--scheduler", metavar="ADDRESS", help="Run on a Dask cluster, e.g. tcp://HOST:8786 (pip install 'ocrfix[dask]')."),
        click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary; failures are still listed."),
        click.option("--max-size", type=click.IntRange(1), default=DEFAULT_MAX_BYTES, show_default=True, metavar="BYTES", help="Larger files fail as too large."),
    ]):
        function = decorator(function)
    return function


def batch_options(function):
    """The options `ocrfix clean` takes for several inputs."""
    for decorator in reversed([
        click.option("--out-dir", type=click.Path(file_okay=False, path_type=Path), help="Write outputs here, mirroring the input tree."),
        click.option("--suffix", help="Name outputs NAME<SUFFIX>.EXT (beside the input, or under --out-dir)."),
        click.option("--in-place", is_flag=True, help="Overwrite each input (keeping NAME.orig unless --no-backup)."),
        click.option("--no-backup", is_flag=True, help="With --in-place: keep no .orig copy."),
        click.option("--force", is_flag=True, help="Redo every file, even those whose output is up to date."),
        click.option("--learn", is_flag=True, help="First learn a lexicon from the whole batch and use it (see `ocrfix learn`)."),
        click.option("--lexicon", type=click.Path(dir_okay=False, path_type=Path), help="Where --learn saves its lexicon (default: OUT/.ocrfix-lexicon.txt)."),
    ]):
        function = decorator(function)
    return _selection_options(function)


def is_single_input(paths: tuple[str, ...], batch: dict) -> bool:
    """One file or stdin and no batch layout: the plain `ocrfix clean FILE` behaviour."""
    if len(paths) != 1 or batch["out_dir"] or batch["suffix"] is not None or batch["in_place"] or batch["learn"]:
        return False
    path = paths[0]
    if path == "-":
        return True
    if os.path.isdir(path):
        return False
    return os.path.lexists(path) or not is_glob(path)


def _validated_layout(paths, check: bool, batch: dict) -> Layout:
    if "-" in paths:
        raise click.UsageError("- (standard input) cannot be combined with other inputs, --out-dir, --suffix or --in-place")
    suffix = batch["suffix"]
    if suffix is not None and (not suffix or "/" in suffix or os.sep in suffix):
        raise click.UsageError("--suffix must be a non-empty name part without '/', e.g. .clean")
    if batch["in_place"] and (batch["out_dir"] or suffix is not None):
        raise click.UsageError("--in-place cannot be combined with --out-dir or --suffix")
    layout = Layout(batch["out_dir"], suffix, batch["in_place"], not batch["no_backup"])
    if not layout.writes and not check:
        raise click.UsageError("several inputs, folders or patterns need --out-dir, --suffix or --in-place (or --check)")
    return layout


def run_batch_command(paths, config, check: bool, report_path: Path | None, batch: dict) -> int:
    """Run `ocrfix clean` over several inputs; returns the exit code."""
    layout = _validated_layout(paths, check, batch)
    if check:
        layout = Layout()
    request = BatchRequest(
        arguments=tuple(paths),
        config=config,
        layout=layout,
        selection=Selection(tuple(batch["include"]), tuple(batch["exclude"])),
        jobs=batch["jobs"] or default_jobs(),
        scheduler=batch["scheduler"],
        check=check,
        force=batch["force"],
        quiet=batch["quiet"],
        report=report_path,
        max_bytes=batch["max_size"],
        learn=batch["learn"],
        lexicon=batch["lexicon"],
    )
    console = make_console()
    try:
        summary = run_batch(request, console)
    except (BatchError, ConfigError) as error:
        raise BatchUsageError(str(error)) from None
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    render_summary(summary, console, batch["quiet"])
    return summary.exit_code


@click.command("learn")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True, help="Write the lexicon here (atomically).")
@click.option("--min-documents", type=click.IntRange(1), default=DEFAULT_MIN_DOCUMENTS, show_default=True, help="Keep words found in at least this many documents.")
@click.option("--min-length", type=click.IntRange(1), default=DEFAULT_MIN_LENGTH, show_default=True, help="Keep words of at least this many letters.")
@_selection_options
def learn_command(paths, output, min_documents, min_length, include, exclude, jobs, scheduler, quiet, max_size):
    """Learn a lexicon of words that recur intact across the documents of PATH...

    The lexicon (word, documents, occurrences; most widespread first) can be read,
    edited, and given to `ocrfix clean --wordlist`.
    """
    request = BatchRequest(arguments=tuple(paths), config=None, layout=Layout(), selection=Selection(tuple(include), tuple(exclude)))
    try:
        jobs_list, _notices = collect(request)
        console = make_console()
        learned = learn_lexicon(
            jobs_list, output, jobs_count=jobs or default_jobs(), scheduler=scheduler, max_bytes=max_size,
            min_documents=min_documents, min_length=min_length, console=console, quiet=quiet,
        )
    except BatchError as error:
        raise BatchUsageError(str(error)) from None
    except OSError as error:
        raise BatchUsageError(f"{output}: cannot write: {error.strerror or error}") from None
    if not quiet:
        click.echo(f"learned {learned.words:,} words from {learned.documents:,} documents: {output}", err=True)
