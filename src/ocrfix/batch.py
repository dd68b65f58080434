"""Batch cleaning: many files, mirrored into an output tree, in parallel and resumable.

The parent process finds the files, plans where each output goes, skips what is up to
date and hands the per-file work to an executor: in-process, a process pool, or a Dask
cluster. Workers read, clean and write each file themselves (so a cluster needs paths the
client and workers share) and send back a small outcome. Outcomes are handled in input
order, so the report, the summary and the manifest do not depend on the number of workers.
"""

from __future__ import annotations

import dataclasses
import fnmatch
import gc
import glob
import hashlib
import json
import multiprocessing
import os
import signal
import stat
import sys
import tempfile
import threading
import time
from collections import Counter, deque
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Callable, Iterable, Iterator

from . import __version__
from .config import Config, ConfigError
from .core import clean
from .records import records, to_jsonl
from .textio import DEFAULT_MAX_BYTES, InputError, decode_bytes, write_atomic, write_bytes_atomic

MANIFEST_NAME = ".ocrfix-manifest.json"
LEXICON_NAME = ".ocrfix-lexicon.txt"
BACKUP_SUFFIX = ".orig"

EXIT_OK = 0
EXIT_CHECK_CHANGED = 1
EXIT_USAGE = 2
EXIT_SOME_FAILED = 3
EXIT_INTERRUPTED = 130

# Cleaned once when a worker starts, so lexicons and tables load before the first file.
WARM_UP_TEXT = "THE SECRETARY MET THE MINISTER IN M0SCOW ON 12 JUNE 1969.\nEND OF TEXT\n"


class BatchError(Exception):
    """A problem with the request as a whole, found before any file is touched (exit 2)."""


# --------------------------------------------------------------------------- discovery


@dataclass(frozen=True)
class Selection:
    """Which files a folder walk or a glob takes. Files named on the command line are always taken.

    A pattern without '/' matches a file or folder name, one with '/' the path relative to
    the folder given; a trailing '/' makes a pattern match folders only.
    """

    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()

    def takes_file(self, relative: str) -> bool:
        name = relative.rsplit("/", 1)[-1]
        if name.startswith(".") or _matches(self.exclude, relative, is_dir=False):
            return False
        return not self.include or _matches(self.include, relative, is_dir=False)

    def enters_folder(self, relative: str) -> bool:
        name = relative.rsplit("/", 1)[-1]
        return not name.startswith(".") and not _matches(self.exclude, relative, is_dir=True)


def _matches(patterns: Iterable[str], relative: str, is_dir: bool) -> bool:
    name = relative.rsplit("/", 1)[-1]
    for pattern in patterns:
        if pattern.endswith("/") and not is_dir:
            continue
        pattern = pattern.rstrip("/")
        if fnmatch.fnmatchcase(relative if "/" in pattern else name, pattern):
            return True
    return False


@dataclass(frozen=True)
class Source:
    path: Path
    relative: PurePosixPath  # where it sits under the folder (or glob base) it was found in


@dataclass(frozen=True)
class Notice:
    """Something found while walking that is not a file to clean (a symlink loop, an unreadable folder)."""

    path: str
    status: str  # "skipped" or "failed"
    reason: str


@dataclass
class Discovery:
    sources: list[Source] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    roots: list[Path] = field(default_factory=list)  # folders walked (for the output-inside-input check)


def is_glob(argument: str) -> bool:
    return any(ch in argument for ch in "*?[")


def glob_base(pattern: str) -> Path:
    parts = []
    for part in Path(pattern).parts:
        if is_glob(part):
            break
        parts.append(part)
    return Path(*parts) if parts else Path(".")


def discover(arguments: Iterable[str], selection: Selection) -> Discovery:
    """Expand files, folders (recursively) and glob patterns into the files to clean, in a stable order."""
    found = Discovery()
    for argument in arguments:
        path = Path(argument)
        if not os.path.lexists(argument) and is_glob(argument):
            matches = sorted(glob.glob(argument, recursive=True))
            if not matches:
                raise BatchError(f"{argument}: no file matches this pattern")
            base = glob_base(argument)
            found.roots.append(base)
            for match in matches:
                match_path = Path(match)
                relative = match_path.relative_to(base).as_posix()
                if match_path.is_dir():
                    if selection.enters_folder(relative):
                        _walk(match_path, base, selection, found)
                elif selection.takes_file(relative):
                    found.sources.append(Source(match_path, PurePosixPath(relative)))
        elif not os.path.lexists(argument):
            raise BatchError(f"{argument}: no such file or directory")
        elif path.is_dir():
            found.roots.append(path)
            _walk(path, path, selection, found)
        else:
            found.sources.append(Source(path, PurePosixPath(path.name)))
    return found


def _walk(root: Path, base: Path, selection: Selection, found: Discovery) -> None:
    """Entries in name order, folders expanded where they stand; follows symlinked folders
    but never one that leads back to a folder it is already inside."""
    info = root.stat()
    _walk_folder(root, base, selection, found, {(info.st_dev, info.st_ino): root})


def _walk_folder(directory: Path, base: Path, selection: Selection, found: Discovery, ancestors: dict) -> None:
    try:
        with os.scandir(directory) as scan:
            entries = sorted(scan, key=lambda e: e.name)
    except OSError as error:
        found.notices.append(Notice(str(directory), "failed", f"cannot list folder: {error.strerror or error}"))
        return
    for entry in entries:
        path = directory / entry.name
        relative = path.relative_to(base).as_posix()
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if not is_dir:
            if selection.takes_file(relative):
                found.sources.append(Source(path, PurePosixPath(relative)))
            continue
        if not selection.enters_folder(relative):
            continue
        try:
            info = os.stat(path)
        except OSError as error:
            found.notices.append(Notice(str(path), "failed", f"cannot open folder: {error.strerror or error}"))
            continue
        key = (info.st_dev, info.st_ino)
        if key in ancestors:
            reason = f"symbolic link loop (leads back to {ancestors[key]}); not followed"
            found.notices.append(Notice(str(path), "skipped", reason))
            continue
        _walk_folder(path, base, selection, found, {**ancestors, key: path})


def check_output_location(out_dir: Path, roots: Iterable[Path], selection: Selection) -> None:
    """Refuse an output folder inside an input folder unless the walk would leave it out."""
    out = out_dir.resolve()
    for root in roots:
        resolved = root.resolve()
        if out == resolved:
            raise BatchError(f"the output directory {out_dir} is the input directory {root}")
        if not out.is_relative_to(resolved):
            continue
        parts = out.relative_to(resolved).parts
        prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
        if all(selection.enters_folder(prefix) for prefix in prefixes):
            relative = "/".join(parts)
            raise BatchError(
                f"the output directory {out_dir} is inside the input directory {root}; "
                f"exclude it with --exclude '{relative}/' or write elsewhere"
            )


# --------------------------------------------------------------------------- planning


@dataclass(frozen=True)
class Job:
    """One file to clean and where its output goes (None: nothing is written, as with --check)."""

    source: str
    target: str | None = None
    key: str | None = None  # the output's path relative to the output folder: its manifest entry
    in_place: bool = False
    backup: bool = True


@dataclass(frozen=True)
class Layout:
    """Where outputs go: mirrored under `out_dir`, beside the input with `suffix`, or over it (`in_place`)."""

    out_dir: Path | None = None
    suffix: str | None = None
    in_place: bool = False
    backup: bool = True

    @property
    def writes(self) -> bool:
        return self.out_dir is not None or self.suffix is not None or self.in_place

    def extra_excludes(self) -> tuple[str, ...]:
        """Earlier outputs and backups that a folder walk must not take as inputs."""
        if self.in_place:
            return (f"*{BACKUP_SUFFIX}",)
        if self.suffix and self.out_dir is None:
            return (f"*{self.suffix}", f"*{self.suffix}.*")
        return ()


def with_suffix_name(relative: PurePosixPath, suffix: str) -> PurePosixPath:
    """cable.txt + .clean -> cable.clean.txt; a name without extension gets the suffix at the end."""
    name = relative.name
    stem, dot, extension = name.rpartition(".")
    new_name = f"{stem}{suffix}.{extension}" if dot and stem else f"{name}{suffix}"
    return relative.with_name(new_name)


def plan(sources: Iterable[Source], layout: Layout) -> tuple[list[Job], list[Notice]]:
    """Give every source its output path; the same file reached twice is cleaned once."""
    jobs: list[Job] = []
    problems: list[Notice] = []
    seen: set[tuple[str, str]] = set()
    targets: dict[str, str] = {}
    for source in sources:
        relative = source.relative
        if layout.suffix:
            relative = with_suffix_name(relative, layout.suffix)
        if layout.in_place:
            job = Job(str(source.path), str(Path(os.path.realpath(source.path))), None, True, layout.backup)
        elif layout.out_dir is not None:
            if relative.is_absolute() or ".." in relative.parts:
                problems.append(Notice(str(source.path), "failed", "output path would escape the output directory"))
                continue
            job = Job(str(source.path), str(layout.out_dir / relative), relative.as_posix())
        elif layout.suffix:
            job = Job(str(source.path), str(source.path.parent / relative.name))
        else:
            job = Job(str(source.path))
        identity = (os.path.realpath(source.path), job.target or "")
        if identity in seen:
            continue
        seen.add(identity)
        if job.target is not None and not job.in_place:
            if job.target in targets:
                raise BatchError(f"{targets[job.target]} and {job.source} would both be written to {job.target}")
            targets[job.target] = job.source
            if os.path.lexists(job.target) and _same_file(job.source, job.target):
                problems.append(Notice(job.source, "failed", "the output would overwrite the input (use --in-place for that)"))
                continue
        jobs.append(job)
    return jobs, problems


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


# --------------------------------------------------------------------------- configuration identity


def frozen_config(config: Config) -> tuple[Config, tuple[tuple[str, type], ...]]:
    """The config with its pipeline spelled out, and the filter classes it uses.

    Workers get the classes themselves, so they build exactly the parent's pipeline
    whatever their own registry holds.
    """
    from . import filters

    pipeline = config.pipeline()
    classes = tuple((name, filters.REGISTRY[name]) for name in pipeline)
    return dataclasses.replace(config, filters=pipeline, skip=[]), classes


def config_digest(config: Config, classes: Iterable[tuple[str, type]]) -> tuple[str, dict]:
    """A hash of everything that decides the output: version, pipeline, options, wordlist contents."""
    wordlists = []
    for name in config.wordlists:
        try:
            wordlists.append(hashlib.sha256(Path(name).read_bytes()).hexdigest())
        except OSError as error:
            raise ConfigError(f"wordlist {name}: cannot read: {error.strerror or error}") from None
    description = {
        "ocrfix": __version__,
        "pipeline": [f"{name}={cls.__module__}.{cls.__qualname__}" for name, cls in classes],
        "options": config.options,
        "min_confidence": config.min_confidence,
        "flag_only": config.flag_only,
        "case": config.case,
        "protected": sorted(config.protected),
        "wordlists": wordlists,
    }
    canonical = json.dumps(description, sort_keys=True, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16], description


# --------------------------------------------------------------------------- the worker side


@dataclass(frozen=True)
class CleanSetup:
    """What a worker needs to clean files; sent once per worker (and with each task, as a fallback)."""

    config: Config
    filter_classes: tuple[tuple[str, type], ...]
    digest: str
    out_root: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    check: bool = False
    want_records: bool = False


@dataclass
class Outcome:
    """What happened to one file; small, so it travels cheaply back from a worker."""

    source: str
    status: str  # cleaned, unchanged, skipped, failed
    reason: str = ""
    chars: int = 0
    edits_by_filter: dict[str, int] = field(default_factory=dict)
    unresolved: int = 0
    warnings: list[str] = field(default_factory=list)
    records: list[dict] | None = None
    output_mtime_ns: int | None = None
    output_size: int | None = None


class _PreparedConfig(Config):
    """A Config whose filters are built once per worker rather than once per file."""

    def __init__(self, config: Config, built: list) -> None:  # validated in the parent already
        self.__dict__.update(config.__dict__)
        self._built = built

    def build_filters(self):
        return list(self._built)


_PREPARED: dict[tuple, Config] = {}
_PREPARE_LOCK = threading.Lock()


def prepare(setup: CleanSetup) -> Config:
    """Build the filters and load their resources, once per worker process and configuration."""
    key = (setup.digest, tuple(setup.config.wordlists))  # same contents at another path: still that path
    with _PREPARE_LOCK:
        prepared = _PREPARED.get(key)
        if prepared is None:
            built = [cls(**setup.config.options.get(name, {})) for name, cls in setup.filter_classes]
            prepared = _PreparedConfig(setup.config, built)
            clean(WARM_UP_TEXT, prepared)
            _PREPARED[key] = prepared
        return prepared


# Cleaning allocates many small objects and keeps large caches; with CPython's default threshold
# (700) the cyclic garbage collector walks those caches over and over for garbage that reference
# counting frees anyway. The command line and its workers collect less often (as mypy does);
# the library leaves the process's settings alone.
COMMAND_GC_THRESHOLD = 200_000


def tune_garbage_collector() -> None:
    """Collect young objects less often: faster cleaning (see benchmarks/speed.py), same output."""
    gc.set_threshold(COMMAND_GC_THRESHOLD, *gc.get_threshold()[1:])


def initialize_worker(setup: Any) -> None:
    """ProcessPoolExecutor initializer: Ctrl-C is the parent's business; pay start-up costs now."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    tune_garbage_collector()
    if isinstance(setup, CleanSetup):
        prepare(setup)


class _Refused(Exception):
    def __init__(self, status: str, reason: str) -> None:
        super().__init__(reason)
        self.status, self.reason = status, reason


def read_source(path: str, max_bytes: int) -> bytes:
    """The bytes of one input, or _Refused with the reason it cannot be cleaned."""
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise _Refused("failed", "is a directory")
        if info.st_size > max_bytes:
            raise _Refused("failed", f"too large ({info.st_size:,} bytes; the limit is {max_bytes:,})")
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise _Refused("failed", "broken symbolic link" if os.path.islink(path) else "no such file") from None
    except PermissionError:
        raise _Refused("failed", "permission denied") from None
    except OSError as error:
        raise _Refused("failed", f"cannot read: {error.strerror or error}") from None
    if len(data) > max_bytes:
        raise _Refused("failed", f"too large (more than {max_bytes:,} bytes)")
    if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _Refused("skipped", "binary file (contains NUL bytes)")
    return data


def decode_source(data: bytes, name: str):
    try:
        return decode_bytes(data, name)
    except InputError as error:
        raise _Refused("failed", "undecodable: " + str(error).removeprefix(f"{name}: ")) from None


def clean_file(setup: CleanSetup, job: Job) -> Outcome:
    """Read, clean and (unless checking) write one file. Never raises for a bad file."""
    config = prepare(setup)
    try:
        data = read_source(job.source, setup.max_bytes)
        decoded = decode_source(data, job.source)
    except _Refused as refused:
        return Outcome(job.source, refused.status, refused.reason)
    try:
        result = clean(decoded.text, config)
    except Exception as error:  # a filter bug must not stop the batch; the reason names it
        return Outcome(job.source, "failed", f"cleaning failed: {type(error).__name__}: {error}")
    outcome = Outcome(
        job.source,
        "cleaned" if result.changed else "unchanged",
        chars=len(decoded.text),
        edits_by_filter=dict(Counter(step.filter for edit in result.edits for step in (edit.steps or (edit,)))),
        unresolved=len(result.flags),
        warnings=list(decoded.warnings),
        records=list(records(result, job.source)) if setup.want_records else None,
    )
    if setup.check or job.target is None:
        return outcome
    try:
        written = _write_output(setup, job, data, result.text, result.changed)
    except _Refused as refused:
        return dataclasses.replace(outcome, status="failed", reason=refused.reason, records=None)
    except OSError as error:
        reason = f"cannot write {job.target}: {error.strerror or error}"
        return dataclasses.replace(outcome, status="failed", reason=reason, records=None)
    if written is not None:
        outcome.output_mtime_ns, outcome.output_size = written.st_mtime_ns, written.st_size
    return outcome


def _write_output(setup: CleanSetup, job: Job, original: bytes, text: str, changed: bool):
    target = Path(job.target)
    if job.in_place:
        if not changed:
            return None
        backup = target.with_name(target.name + BACKUP_SUFFIX)
        if job.backup and not os.path.lexists(backup):  # an existing backup holds an older original: keep it
            write_bytes_atomic(backup, original, like=target)
        write_atomic(target, text)
        return os.stat(target)
    if setup.out_root is not None:
        ensure_inside(target, Path(setup.out_root))
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(target, text)
    return os.stat(target)


def ensure_inside(target: Path, out_root: Path) -> None:
    """Refuse a target whose existing folders lead (through a symlink) outside the output folder."""
    root = out_root.resolve()
    existing = target.parent
    while not existing.exists() and existing != existing.parent:
        if existing.is_symlink():  # a dangling link: it could point anywhere once created
            break
        existing = existing.parent
    if not existing.resolve().is_relative_to(root) or (target.is_symlink() and not target.resolve().is_relative_to(root)):
        raise _Refused("failed", f"output path {target} would escape the output directory (through a symbolic link)")


# --------------------------------------------------------------------------- executors


class InlineExecutor:
    """Runs each task at once in this process (--jobs 1): no start-up, same code path as the workers."""

    window = 1

    def __init__(self, setup: Any) -> None:
        if isinstance(setup, CleanSetup):
            prepare(setup)

    def submit(self, function: Callable, *args) -> Future:
        future: Future = Future()
        try:
            future.set_result(function(*args))
        except Exception as error:
            future.set_exception(error)
        return future

    def close(self, cancel: bool = False) -> None:
        pass


class PoolExecutor:
    """A process pool whose workers each prepare the configuration once, in their initializer."""

    def __init__(self, setup: Any, workers: int) -> None:
        methods = multiprocessing.get_all_start_methods()
        # forkserver/spawn: no fork of a parent that may run threads (progress bar, Dask client)
        context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
        self.pool = ProcessPoolExecutor(workers, mp_context=context, initializer=initialize_worker, initargs=(setup,))
        self.window = workers * 8

    def submit(self, function: Callable, *args) -> Future:
        return self.pool.submit(function, *args)

    def close(self, cancel: bool = False) -> None:
        self.pool.shutdown(wait=True, cancel_futures=cancel)


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:
        return os.cpu_count() or 1


def open_executor(setup: Any, jobs: int, tasks: int, scheduler: str | None):
    if scheduler:
        try:
            from .dask_backend import DaskExecutor
        except ImportError as error:
            raise BatchError(str(error)) from None

        return DaskExecutor(scheduler, setup)
    workers = max(1, min(jobs, tasks))
    if workers == 1:
        return InlineExecutor(setup)
    return PoolExecutor(setup, workers)


def run_chunk(function: Callable, setup: Any, items: list) -> list:
    """Several items in one task: fewer round trips where a task costs more than a small file."""
    return [function(setup, item) for item in items]


def in_order(executor, function: Callable, setup: Any, items: Iterable) -> Iterator[tuple[Any, Any, BaseException | None]]:
    """Results in input order, with at most `executor.window` tasks of `executor.chunk` items in
    flight, so memory stays flat however many files there are."""
    chunk_size = getattr(executor, "chunk", 1)
    pending: deque = deque()

    def finish():
        chunk, future = pending.popleft()
        try:
            results = future.result()
        except Exception as error:  # a crashed worker or lost connection: those files failed, not the batch
            return [(item, None, error) for item in chunk]
        return [(item, result, None) for item, result in zip(chunk, results)]

    chunk: list = []
    for item in items:
        chunk.append(item)
        if len(chunk) == chunk_size:
            pending.append((chunk, executor.submit(run_chunk, function, setup, chunk)))
            chunk = []
            if len(pending) >= executor.window:
                yield from finish()
    if chunk:
        pending.append((chunk, executor.submit(run_chunk, function, setup, chunk)))
    while pending:
        yield from finish()


# --------------------------------------------------------------------------- manifest (resume)


class Manifest:
    """OUT/.ocrfix-manifest.json: for each output, the configuration that made it and its size and time."""

    FORMAT = "ocrfix-manifest 1"

    def __init__(self, path: Path) -> None:
        self.path = path
        self.configs: dict[str, dict] = {}
        self.files: dict[str, list] = {}
        self.unreadable = False
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("format") == self.FORMAT:
                self.configs, self.files = dict(data["configs"]), dict(data["files"])
            else:
                self.unreadable = True
        except FileNotFoundError:
            pass
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            self.unreadable = True

    def up_to_date(self, job: Job, digest: str) -> bool:
        """The output exists as this configuration wrote it, and is newer than its input."""
        entry = self.files.get(job.key or "")
        if not entry or entry[0] != digest:
            return False
        try:
            output, source = os.stat(job.target), os.stat(job.source)
        except OSError:
            return False
        return output.st_mtime_ns == entry[1] and output.st_size == entry[2] and output.st_mtime_ns >= source.st_mtime_ns

    def record(self, key: str, digest: str, description: dict, mtime_ns: int, size: int) -> None:
        self.configs.setdefault(digest, description)
        self.files[key] = [digest, mtime_ns, size]

    def forget(self, key: str) -> None:
        self.files.pop(key, None)

    def save(self) -> None:
        used = {entry[0] for entry in self.files.values()}
        data = {
            "format": self.FORMAT,
            "configs": {k: v for k, v in self.configs.items() if k in used},
            "files": dict(sorted(self.files.items())),
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(self.path, json.dumps(data, indent=1, sort_keys=True, default=str) + "\n")


# --------------------------------------------------------------------------- summary


@dataclass
class BatchSummary:
    """Counts what a batch did, lists what went wrong, and owns the exit code."""

    check: bool = False
    seen: int = 0
    cleaned: int = 0
    unchanged: int = 0
    skipped: Counter = field(default_factory=Counter)  # reason -> files
    skipped_files: list[tuple[str, str]] = field(default_factory=list)  # listed ones (not "up to date")
    failed: list[tuple[str, str]] = field(default_factory=list)
    edits_by_filter: Counter = field(default_factory=Counter)
    unresolved: int = 0
    chars: int = 0
    warnings: int = 0
    started: float = field(default_factory=time.perf_counter)
    finished: float | None = None

    def add(self, outcome: Outcome) -> None:
        self.seen += 1
        self.chars += outcome.chars
        self.warnings += len(outcome.warnings)
        if outcome.status in ("cleaned", "unchanged"):
            self.cleaned += outcome.status == "cleaned"
            self.unchanged += outcome.status == "unchanged"
            self.edits_by_filter.update(outcome.edits_by_filter)
            self.unresolved += outcome.unresolved
        elif outcome.status == "skipped":
            self.skipped[outcome.reason] += 1
            if outcome.reason != UP_TO_DATE:
                self.skipped_files.append((outcome.source, outcome.reason))
        else:
            self.failed.append((outcome.source, outcome.reason))

    def add_notice(self, notice: Notice) -> None:
        """A walk problem is listed but is not a file: it does not count as seen."""
        if notice.status == "skipped":
            self.skipped_files.append((notice.path, notice.reason))
        else:
            self.failed.append((notice.path, notice.reason))

    @property
    def seconds(self) -> float:
        return (self.finished or time.perf_counter()) - self.started

    @property
    def exit_code(self) -> int:
        if self.failed:
            return EXIT_SOME_FAILED
        if self.check and self.cleaned:
            return EXIT_CHECK_CHANGED
        return EXIT_OK

    def rows(self) -> list[tuple[str, str]]:
        skipped = sum(self.skipped.values())
        detail = ", ".join(f"{n:,} {reason.split(' (')[0]}" for reason, n in sorted(self.skipped.items()))
        seconds = self.seconds
        rate = f" ({self.seen / seconds:,.1f} files/s, {self.chars / seconds:,.0f} chars/s)" if seconds > 0 and self.seen else ""
        rows = [
            ("files seen", f"{self.seen:,}"),
            ("would clean" if self.check else "cleaned", f"{self.cleaned:,}"),
            ("unchanged", f"{self.unchanged:,}"),
            ("skipped", f"{skipped:,}" + (f" ({detail})" if detail else "")),
            ("failed", f"{len(self.failed):,}"),
        ]
        rows += [(f"edits: {name}", f"{count:,}") for name, count in sorted(self.edits_by_filter.items())]
        rows += [("unresolved tokens", f"{self.unresolved:,}"), ("time", f"{seconds:.1f} s{rate}")]
        return rows


UP_TO_DATE = "up to date"


def render_summary(summary: BatchSummary, console, quiet: bool) -> None:
    """The summary table (unless quiet), then every failed file and, unless quiet, every listed skip."""
    from rich import box
    from rich.table import Table

    if not quiet:
        table = Table(box=box.SIMPLE, show_header=False, title="ocrfix batch summary", title_justify="left")
        table.add_column("what")
        table.add_column("count", justify="right")
        for label, value in summary.rows():
            table.add_row(label, value)
        console.print(table)
        for path, reason in summary.skipped_files:
            console.print(f"skipped: {path}: {reason}", markup=False, highlight=False, soft_wrap=True)
    for path, reason in summary.failed:
        console.print(f"failed: {path}: {reason}", markup=False, highlight=False, soft_wrap=True)


# --------------------------------------------------------------------------- progress


class Progress:
    """A rich progress bar on a terminal (files done of total, chars/s, time left); silent otherwise."""

    def __init__(self, console, total: int, enabled: bool, label: str = "cleaning") -> None:
        self.console = console
        self.bar = None
        if enabled and total:
            from rich.progress import BarColumn, MofNCompleteColumn, ProgressColumn, TextColumn, TimeRemainingColumn
            from rich.progress import Progress as RichProgress
            from rich.text import Text

            class CharsPerSecond(ProgressColumn):
                def render(self, task):
                    elapsed = task.elapsed or 0
                    rate = task.fields.get("chars", 0) / elapsed if elapsed else 0
                    return Text(f"{rate:,.0f} chars/s")

            self.bar = RichProgress(
                TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), CharsPerSecond(),
                TimeRemainingColumn(), console=console, transient=False,
            )
            self.task = self.bar.add_task(label, total=total, chars=0)
            self.chars = 0
            self.bar.start()

    def advance(self, chars: int) -> None:
        if self.bar is not None:
            self.chars += chars
            self.bar.update(self.task, advance=1, chars=self.chars)

    def message(self, text: str) -> None:
        self.console.print(text, markup=False, highlight=False, soft_wrap=True)

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()


def make_console():
    from rich.console import Console

    return Console(file=sys.stderr)


# --------------------------------------------------------------------------- the batch


@dataclass
class BatchRequest:
    arguments: tuple[str, ...]
    config: Config
    layout: Layout
    selection: Selection = Selection()
    jobs: int = 1
    scheduler: str | None = None
    check: bool = False
    force: bool = False
    quiet: bool = False
    report: Path | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    learn: bool = False
    lexicon: Path | None = None


class AtomicLines:
    """A text file written line by line into a temporary file and renamed into place when closed."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        fd, self.temporary = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent or ".")
        self.handle = os.fdopen(fd, "w", encoding="utf-8", newline="\n")

    def write(self, text: str) -> None:
        self.handle.write(text)

    def discard(self) -> None:
        self.handle.close()
        os.unlink(self.temporary)

    def commit(self) -> None:
        self.handle.flush()
        os.fsync(self.handle.fileno())
        self.handle.close()
        os.chmod(self.temporary, 0o666 & ~_umask())
        os.replace(self.temporary, self.path)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def collect(request: BatchRequest) -> tuple[list[Job], list[Notice]]:
    """Find and plan the files; raises BatchError for a request that cannot run at all."""
    layout = request.layout
    selection = dataclasses.replace(request.selection, exclude=request.selection.exclude + layout.extra_excludes())
    found = discover(request.arguments, selection)
    if layout.out_dir is not None:
        check_output_location(layout.out_dir, found.roots, selection)
    jobs, problems = plan(found.sources, layout)
    return jobs, found.notices + problems


def run_batch(request: BatchRequest, console=None) -> BatchSummary:
    """Clean every file of the request. Raises BatchError (before touching anything) or ConfigError."""
    console = console or make_console()
    jobs, notices = collect(request)
    config = request.config
    if request.learn:
        from .learn import learn_lexicon

        lexicon_path = request.lexicon or (request.layout.out_dir / LEXICON_NAME if request.layout.out_dir else None)
        if lexicon_path is None:
            raise BatchError("--learn needs --lexicon PATH (where to save the lexicon) when there is no --out-dir")
        learned = learn_lexicon(jobs, lexicon_path, jobs_count=request.jobs, scheduler=request.scheduler,
                                max_bytes=request.max_bytes, console=console, quiet=request.quiet)
        if not request.quiet:
            console.print(f"learned {learned.words:,} words from {learned.documents:,} documents: {lexicon_path}",
                          markup=False, highlight=False, soft_wrap=True)
        config = dataclasses.replace(config, wordlists=[*config.wordlists, str(lexicon_path)])
    config, classes = frozen_config(config)
    digest, description = config_digest(config, classes)
    out_dir = request.layout.out_dir
    setup = CleanSetup(
        config, classes, digest,
        out_root=str(out_dir) if out_dir is not None else None,
        max_bytes=request.max_bytes, check=request.check, want_records=request.report is not None,
    )
    resumable = out_dir is not None and not request.check
    manifest = Manifest(out_dir / MANIFEST_NAME) if resumable else None
    if manifest is not None and manifest.unreadable and not request.quiet:
        console.print(f"warning: {manifest.path}: not a manifest this version can read; every file is redone",
                      markup=False, highlight=False, soft_wrap=True)
    try:
        report = AtomicLines(request.report) if request.report is not None else None
    except OSError as error:
        raise BatchError(f"{request.report}: cannot write the report: {error.strerror or error}") from None
    try:
        if out_dir is not None and not request.check:
            out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        if report is not None:
            report.discard()
        raise BatchError(f"{out_dir}: cannot create the output directory: {error.strerror or error}") from None

    summary = BatchSummary(check=request.check)
    for notice in notices:
        summary.add_notice(notice)
    for notice in notices:
        if report is not None:
            report.write(to_jsonl([{"file": notice.path, "status": notice.status, "reason": notice.reason}]))

    to_run, current = [], []
    for job in jobs:
        if manifest is not None and not request.force and manifest.up_to_date(job, digest):
            current.append(job)
        else:
            to_run.append(job)
    progress = Progress(console, len(jobs), enabled=console.is_terminal and not request.quiet)
    executor = None
    interrupted = False
    last_save = time.monotonic()
    try:
        for job in current:
            outcome = Outcome(job.source, "skipped", UP_TO_DATE)
            _handle(outcome, job, summary, report, manifest, digest, description, progress, request.quiet)
        if to_run:
            executor = open_executor(setup, request.jobs, len(to_run), request.scheduler)
            for job, outcome, error in in_order(executor, clean_file, setup, to_run):
                if error is not None:
                    outcome = Outcome(job.source, "failed", f"worker error: {type(error).__name__}: {error}")
                _handle(outcome, job, summary, report, manifest, digest, description, progress, request.quiet)
                if manifest is not None and time.monotonic() - last_save > 30:
                    manifest.save()
                    last_save = time.monotonic()
    except KeyboardInterrupt:
        interrupted = True
    finally:
        progress.stop()
        if executor is not None:
            executor.close(cancel=interrupted)
        if manifest is not None:
            manifest.save()
        if report is not None:
            report.commit()  # whole records of the files done so far
        summary.finished = time.perf_counter()
    if interrupted:
        console.print(f"interrupted after {summary.seen:,} of {len(jobs):,} files; run again to resume",
                      markup=False, highlight=False, soft_wrap=True)
        raise KeyboardInterrupt
    return summary


def _handle(outcome, job, summary, report, manifest, digest, description, progress, quiet) -> None:
    summary.add(outcome)
    if summary.check and outcome.status == "cleaned" and not quiet:
        progress.message(f"would clean {outcome.source}")
    if not quiet:
        for warning in outcome.warnings:
            progress.message(f"warning: {warning}")
    if report is not None:
        if outcome.status in ("skipped", "failed"):
            report.write(to_jsonl([{"file": outcome.source, "status": outcome.status, "reason": outcome.reason}]))
        elif outcome.records:
            report.write(to_jsonl(outcome.records))
    if manifest is not None and job.key is not None:
        if outcome.status in ("cleaned", "unchanged") and outcome.output_mtime_ns is not None:
            manifest.record(job.key, digest, description, outcome.output_mtime_ns, outcome.output_size)
        elif outcome.status == "failed":
            manifest.forget(job.key)
    progress.advance(outcome.chars)
