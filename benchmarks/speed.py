#!/usr/bin/env python3
"""How fast ocrfix is: throughput per filter and for the whole pipeline, and start-up time.

    python benchmarks/speed.py [--tokens 300000] [--repeat 3] [--runs 7] [--json]

Throughput is measured on one CPU (pinned where the OS allows) on garbled text, --tokens
whitespace tokens of each corpus:

- "Fresh garbled cables": every document different, garbled by the benchmark noise model
  (benchmarks/noise.py) from the clean bodies of the generated set. This is the honest figure
  for an archive: nothing is seen twice, though words recur as they do in cables.
- "Helsinki sample, repeated": the one real, badly garbled document over and over. After the
  first round every lookup is cached, so this is the speed with warm caches.

Every measurement runs in a fresh process (so that none inherits what another left in the
caches) that loads the lexicons on other text, then cleans the corpus once. Each is made
--repeat times on the same documents; the table gives the median and the best. The machine's
speed moves from minute to minute (other work on the host): the best is the speed of the code
with the least interference, as timeit reports it, and the median what a run is likely to see.

The whole pipeline is timed as the library runs it (the process's garbage collector left as
it is) and with the collector set as the `ocrfix` command sets it for itself; each filter is
also timed alone on the raw input.

Start-up is measured in fresh processes (median of --runs): the `ocrfix clean` command on a
one-line file, and inside Python the import, the first clean (which loads the lexicons) and
a second clean.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
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
    cpu_seconds: list[float]  # one measurement per fresh process

    @property
    def tokens_per_cpu_second(self) -> float:
        """The median measurement's rate."""
        median = statistics.median(self.cpu_seconds)
        return self.tokens / median if median else float("inf")

    @property
    def best_tokens_per_cpu_second(self) -> float:
        best = min(self.cpu_seconds)
        return self.tokens / best if best else float("inf")


def pin_to_one_cpu() -> str:
    """Run on a single CPU so that the figures are per core; say which."""
    if not hasattr(os, "sched_setaffinity"):
        return "not pinned (no sched_setaffinity)"
    cpu = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    return f"pinned to CPU {cpu}"


def corpora(tokens: int) -> dict[str, Callable[[], list[str]]]:
    """Each corpus as a maker of its documents."""
    helsinki = REPO / "samples" / "helsinki-1969-11-18-salt-session.ocr.txt"
    bodies = [p.read_text(encoding="utf-8") for p in sorted((REPO / "benchmarks" / "data" / "synthetic").glob("*.gt.txt"))]
    found = {}
    if bodies:
        found["Fresh garbled cables"] = lambda: fresh(bodies, tokens, "whole")
    if helsinki.exists():
        sample = [helsinki.read_text(encoding="utf-8")]
        found["Helsinki sample, repeated"] = lambda: repeated(sample, tokens)
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


def time_cleaning(documents: list[str], config: Config) -> float:
    """CPU seconds to clean the documents, after a warm-up on other text (lexicons, patterns)."""
    clean(WARM_UP, config)
    cpu = time.process_time()
    for doc in documents:
        clean(doc, config)
    return time.process_time() - cpu


def child_measurement(spec: dict) -> float:
    """One measurement as a fresh process makes it (see measure); `spec` names the documents'
    file, the filters (None for the default pipeline) and whether to set the collector as the
    command does."""
    documents = json.loads(Path(spec["documents"]).read_text(encoding="utf-8"))
    config = Config(filters=spec["filters"]) if spec["filters"] is not None else Config()
    if spec["command_gc"]:
        tune_garbage_collector()
    return time_cleaning(documents, config)


def run_child(spec: dict) -> float:
    """A measurement in a fresh Python process (which inherits this one's CPU pinning)."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(spec, handle)
    try:
        done = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child", handle.name],
                              check=True, capture_output=True, text=True)
    finally:
        os.unlink(handle.name)
    return float(done.stdout)


def measure(corpus: str, label: str, documents: list[str], documents_file: Path, filters: list[str] | None,
            command_gc: bool, repeat: int) -> Throughput:
    spec = {"documents": str(documents_file), "filters": filters, "command_gc": command_gc}
    return Throughput(corpus, label, len(documents), sum(len(d.split()) for d in documents),
                      [run_child(spec) for _ in range(repeat)])


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


def markdown(pinning: str, results: list[Throughput], start: dict[str, float], repeat: int, runs: int) -> str:
    processes = f"{repeat} fresh process{'es' if repeat != 1 else ''}"
    lines = [
        f"Pipeline: {', '.join(Config().pipeline()) or 'none'}. Each measurement in {processes}, {pinning}.",
        "",
        "| corpus | filters | documents | tokens | CPU seconds (median) | tokens/s, one core (median) | tokens/s (best) |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(f"| {r.corpus} | {r.filters} | {r.documents} | {r.tokens} | {statistics.median(r.cpu_seconds):.2f} | "
                     f"{r.tokens_per_cpu_second:,.0f} | {r.best_tokens_per_cpu_second:,.0f} |")
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
    parser.add_argument("--repeat", type=int, default=3,
                        help="fresh processes per throughput measurement (default: %(default)s)")
    parser.add_argument("--runs", type=int, default=7, help="fresh processes for start-up times (default: %(default)s)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of markdown")
    parser.add_argument("--child", help=argparse.SUPPRESS)  # one measurement, in a fresh process
    args = parser.parse_args(argv)
    if args.child:
        print(child_measurement(json.loads(Path(args.child).read_text(encoding="utf-8"))))
        return 0
    if args.tokens < 1 or args.runs < 1 or args.repeat < 1:
        parser.error("--tokens, --repeat and --runs must be at least 1")
    start = startup(args.runs)  # before pinning: the child processes inherit the affinity
    pinning = pin_to_one_cpu()
    results = []
    with tempfile.TemporaryDirectory() as directory:
        for corpus, make_documents in corpora(args.tokens).items():
            documents = make_documents()
            documents_file = Path(directory) / "documents.json"
            documents_file.write_text(json.dumps(documents), encoding="utf-8")
            runs = [("whole pipeline", None, False), ("whole pipeline, collector set as `ocrfix` sets it", None, True),
                    *((f"{name} alone", [name], False) for name in REGISTRY)]  # (label, filters, command_gc)
            for label, filters, command_gc in runs:
                results.append(measure(corpus, label, documents, documents_file, filters, command_gc, args.repeat))
    if args.json:
        report = {"pinning": pinning, "pipeline": Config().pipeline(), "startup": start, "repeat": args.repeat,
                  "throughput": [{**asdict(r), "tokens_per_cpu_second": r.tokens_per_cpu_second,
                                  "best_tokens_per_cpu_second": r.best_tokens_per_cpu_second} for r in results]}
        print(json.dumps(report, indent=2))
    else:
        print(markdown(pinning, results, start, args.repeat, args.runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
