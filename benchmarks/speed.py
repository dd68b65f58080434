#!/usr/bin/env python3
"""How fast ocrfix is: throughput per filter and for the whole pipeline, and start-up time.

    python benchmarks/speed.py [--tokens 300000] [--runs 7] [--json]

Throughput is measured in this one process (pinned to one CPU where the OS allows) on garbled
text, --tokens whitespace tokens of each corpus:

- "Fresh garbled cables": every document different, garbled on the spot by the benchmark noise
  model (benchmarks/noise.py) from the clean bodies of the generated set with new seeds. This is
  the honest figure for an archive: nothing is seen twice, though words recur as they do in cables.
- "Helsinki sample, repeated": the one real, badly garbled document over and over. After the
  first round every lookup is cached, so this is the speed with warm caches.

Each filter is also timed alone on the raw input. Every measurement on fresh cables garbles the
bodies with seeds of its own, so that none reuses what an earlier one left in the caches. The
whole pipeline is timed twice: as the library runs it (the process's garbage collector left as it
is) and with the collector set as the `ocrfix` command sets it for itself. Lexicons are loaded by
a warm-up run (on other text) before timing.

Start-up is measured in fresh processes (median of --runs): the `ocrfix clean` command on a
one-line file, and inside Python the import, the first clean (which loads the lexicons) and
a second clean.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable

from ocrfix import Config, clean
from ocrfix.batch import tune_garbage_collector
from ocrfix.filters import REGISTRY

REPO = Path(__file__).resolve().parent.parent
ONE_LINE = "SE~ENOV •S STATEMENT WAS MOOERA?E ANO CONSTRUCTIVE\n"

FIRST_CLEAN_PROBE = f"""
import json, time
start = time.perf_counter()
import ocrfix
imported = time.perf_counter()
ocrfix.clean({ONE_LINE!r})
first = time.perf_counter()
ocrfix.clean({ONE_LINE!r})
second = time.perf_counter()
print(json.dumps({{"import": imported - start, "first_clean": first - imported, "second_clean": second - first}}))
"""


@dataclass
class Throughput:
    corpus: str
    filters: str
    documents: int
    tokens: int
    cpu_seconds: float
    wall_seconds: float

    @property
    def tokens_per_cpu_second(self) -> float:
        return self.tokens / self.cpu_seconds if self.cpu_seconds else float("inf")

    @property
    def tokens_per_wall_second(self) -> float:
        return self.tokens / self.wall_seconds if self.wall_seconds else float("inf")


def pin_to_one_cpu() -> str:
    """Run on a single CPU so that the figures are per core; say which."""
    if not hasattr(os, "sched_setaffinity"):
        return "not pinned (no sched_setaffinity)"
    cpu = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    return f"pinned to CPU {cpu}"


def corpora(tokens: int) -> dict[str, Callable[[str], list[str]]]:
    """Each corpus as a maker of its documents for one measurement (named by the argument)."""
    helsinki = REPO / "samples" / "helsinki-1969-11-18-salt-session.ocr.txt"
    bodies = [p.read_text(encoding="utf-8") for p in sorted((REPO / "benchmarks" / "data" / "synthetic").glob("*.gt.txt"))]
    found = {}
    if bodies:
        # new seeds for every measurement: no measurement reuses what an earlier one cached
        found["Fresh garbled cables"] = lambda measurement: fresh(bodies, tokens, measurement)
    if helsinki.exists():
        sample = [helsinki.read_text(encoding="utf-8")]
        found["Helsinki sample, repeated"] = lambda measurement: repeated(sample, tokens)
    return found


def fresh(bodies: list[str], tokens: int, measurement: str = "") -> list[str]:
    """Distinct garbled documents, each body garbled again with a new seed, until `tokens`."""
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    from benchmarks.noise import garble_cable

    out, total, seed = [], 0, 0
    while total < tokens:
        body = bodies[seed % len(bodies)]
        out.append(garble_cable(body, f"speed-{measurement}-{seed}" if measurement else f"speed-{seed}").ocr)
        total += len(out[-1].split())
        seed += 1
    return out


def repeated(documents: list[str], tokens: int) -> list[str]:
    """The documents over and over until they hold at least `tokens` tokens."""
    out, total = [], 0
    while total < tokens:
        for doc in documents:
            out.append(doc)
            total += len(doc.split())
            if total >= tokens:
                break
    return out


WARM_UP = "THE M0SCOW TALKS WERE MOOERA?E ANO C0NSTRUCTIVE.\nPAGE 02 STATE 310500\n"


def time_pipeline(corpus: str, label: str, documents: list[str], config: Config) -> Throughput:
    clean(WARM_UP, config)  # warm-up on other text: load lexicons, compile patterns
    cpu, wall = time.process_time(), time.perf_counter()
    for doc in documents:
        clean(doc, config)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    return Throughput(corpus, label, len(documents), sum(len(d.split()) for d in documents), cpu, wall)


@contextmanager
def command_garbage_collector():
    """The garbage collector's threshold as the `ocrfix` command sets it for itself."""
    before = gc.get_threshold()
    tune_garbage_collector()
    try:
        yield
    finally:
        gc.set_threshold(*before)


def ocrfix_command() -> list[str]:
    """The installed `ocrfix` script of this environment, else this Python running the CLI."""
    script = shutil.which("ocrfix", path=str(Path(sys.executable).parent)) or shutil.which("ocrfix")
    return [script] if script else [sys.executable, "-c", "from ocrfix.cli import main; main()"]


def startup(runs: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "one-line.txt"
        path.write_text(ONE_LINE, encoding="utf-8")
        command = [*ocrfix_command(), "clean", str(path)]
        command_times = []
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True, cwd=directory)
            command_times.append(time.perf_counter() - start)
        probes = [json.loads(subprocess.run([sys.executable, "-c", FIRST_CLEAN_PROBE], check=True,
                                            capture_output=True, text=True, cwd=directory).stdout)
                  for _ in range(runs)]
    figures = {"command": statistics.median(command_times)}
    for key in ("import", "first_clean", "second_clean"):
        figures[key] = statistics.median(p[key] for p in probes)
    return figures


def markdown(pinning: str, results: list[Throughput], start: dict[str, float], runs: int) -> str:
    lines = [
        f"Pipeline: {', '.join(Config().pipeline()) or 'none'}. Throughput in one process, {pinning}.",
        "",
        "| corpus | filters | documents | tokens | CPU seconds | tokens/s (one core, CPU time) | tokens/s (wall clock) |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(f"| {r.corpus} | {r.filters} | {r.documents} | {r.tokens} | {r.cpu_seconds:.2f} | "
                     f"{r.tokens_per_cpu_second:,.0f} | {r.tokens_per_wall_second:,.0f} |")
    lines += [
        "",
        f"| start-up (median of {runs} fresh processes) | seconds |",
        "|---|---:|",
        f"| `ocrfix clean` on a one-line file, whole command | {start['command']:.3f} |",
        f"| `import ocrfix` | {start['import']:.3f} |",
        f"| first `ocrfix.clean` (loads lexicons) | {start['first_clean']:.3f} |",
        f"| second `ocrfix.clean` | {start['second_clean']:.4f} |",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tokens", type=int, default=300_000, help="tokens per measurement (default: %(default)s)")
    parser.add_argument("--runs", type=int, default=7, help="fresh processes for start-up times (default: %(default)s)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of markdown")
    args = parser.parse_args(argv)
    if args.tokens < 1 or args.runs < 1:
        parser.error("--tokens and --runs must be at least 1")
    start = startup(args.runs)  # before pinning: the child processes inherit the affinity
    pinning = pin_to_one_cpu()
    results = []
    for corpus, documents in corpora(args.tokens).items():
        results.append(time_pipeline(corpus, "whole pipeline", documents("whole"), Config()))
        with command_garbage_collector():
            results.append(time_pipeline(corpus, "whole pipeline, collector set as `ocrfix` sets it",
                                         documents("whole-command-gc"), Config()))
        for name in REGISTRY:
            results.append(time_pipeline(corpus, f"{name} alone", documents(name), Config(filters=[name])))
    if args.json:
        report = {"pinning": pinning, "pipeline": Config().pipeline(), "startup": start,
                  "throughput": [{**asdict(r), "tokens_per_cpu_second": r.tokens_per_cpu_second,
                                  "tokens_per_wall_second": r.tokens_per_wall_second} for r in results]}
        print(json.dumps(report, indent=2))
    else:
        print(markdown(pinning, results, start, args.runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
