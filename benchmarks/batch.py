"""Batch throughput, scaling, memory and per-file overhead of `ocrfix clean --out-dir`.

    python benchmarks/batch.py [--shared ../shared] [--files 1000] [--no-dask]

Generates an accession of FILES cables (copies of ../shared/corpus/cables with light,
seeded OCR-style damage, 100 files a folder) in a temporary folder, then cleans it with
--jobs 1, --jobs 2 and through a Dask LocalCluster with 2 single-threaded worker
processes. Each run happens in a fresh child process, which reports its own peak memory
and that of its largest worker. Nothing is written inside the repository.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DAMAGE = {"O": "0", "I": "1", "S": "5", "E": "F", "M": "N"}


def generate(cables: Path, target: Path, count: int, seed: int = 1969) -> int:
    """Write `count` damaged cable copies under target/NNN/; returns the number of characters."""
    sources = sorted(cables.glob("*.txt"))
    if not sources:
        sys.exit(f"no cables in {cables}")
    texts = [p.read_text(encoding="utf-8") for p in sources]
    rng = random.Random(seed)
    chars = 0
    for number in range(count):
        text = list(texts[number % len(texts)])
        for i, ch in enumerate(text):
            if ch in DAMAGE and rng.random() < 0.02:
                text[i] = DAMAGE[ch]
        folder = target / f"{number // 100:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"cable-{number:05d}.txt").write_text("".join(text), encoding="utf-8")
        chars += len(text)
    return chars


def child(args: argparse.Namespace) -> None:
    """One measured run, in its own process: prints a JSON line."""
    from ocrfix.batch import BatchRequest, Layout, run_batch
    from ocrfix.config import Config

    config = Config()
    if args.demo_filter:
        import demo_filter

        demo_filter.register()
        config = Config(filters=["demo-lookup"], options={"demo-lookup": {"cables": args.cables}})
    cluster = None
    scheduler = None
    started = time.perf_counter()
    if args.mode == "dask":
        from distributed import LocalCluster

        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
        scheduler = cluster.scheduler_address
    cluster_seconds = time.perf_counter() - started
    request = BatchRequest(
        arguments=(args.input,), config=config, layout=Layout(out_dir=Path(args.output)),
        jobs=args.jobs, scheduler=scheduler, force=True, quiet=True,
    )
    sampler = PeakSampler()
    started = time.perf_counter()
    summary = run_batch(request, console=_null_console())
    seconds = time.perf_counter() - started
    sampler.stop()
    if cluster is not None:
        cluster.close()
    print(json.dumps({
        "files": summary.seen, "chars": summary.chars, "seconds": seconds, "cluster_start": cluster_seconds,
        "failed": len(summary.failed),
        "parent_peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "worker_peak_mib": sampler.peak_kib / 1024,
    }))


class PeakSampler(threading.Thread):
    """The largest peak resident size (VmHWM) among this process's descendants: the workers.

    (Pool workers come from a fork server, so getrusage(RUSAGE_CHILDREN) does not see them.)
    """

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak_kib = 0
        self.done = threading.Event()
        self.start()

    def run(self) -> None:
        while not self.done.wait(0.05):
            self.sample()

    def sample(self) -> None:
        parents = {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
                parents[int(stat.parent.name)] = int(fields[1])
            except (OSError, IndexError, ValueError):
                continue
        me = os.getpid()
        for pid in parents:
            ancestor, steps = parents.get(pid), 0
            while ancestor not in (None, 0, 1, me) and steps < 10:
                ancestor, steps = parents.get(ancestor), steps + 1
            if ancestor == me:
                try:
                    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                        if line.startswith("VmHWM:"):
                            self.peak_kib = max(self.peak_kib, int(line.split()[1]))
                except OSError:
                    pass

    def stop(self) -> None:
        self.done.set()
        self.join()


def _null_console():
    from rich.console import Console

    return Console(file=open("/dev/null", "w"))


CABLES = Path()
DEMO_FILTER = False


def measure(mode: str, jobs: int, source: Path, output: Path) -> dict:
    command = [sys.executable, __file__, "--child", "--mode", mode, "--jobs", str(jobs),
               "--input", str(source), "--output", str(output), "--cables", str(CABLES)]
    if DEMO_FILTER:
        command.append("--demo-filter")
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--no-dask", action="store_true")
    parser.add_argument("--demo-filter", action="store_true",
                        help="clean with a stand-in fuzzy-lookup filter (benchmarks/demo_filter.py) instead of the registered pipeline")
    parser.add_argument("--cables", help=argparse.SUPPRESS)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--mode", default="local", help=argparse.SUPPRESS)
    parser.add_argument("--jobs", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--input", help=argparse.SUPPRESS)
    parser.add_argument("--output", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return

    from ocrfix.config import Config

    global CABLES, DEMO_FILTER
    cables = CABLES = (args.shared / "corpus" / "cables").resolve()
    DEMO_FILTER = args.demo_filter
    print("pipeline: demo-lookup (stand-in)" if DEMO_FILTER else f"pipeline: {', '.join(Config().pipeline()) or 'no filters'}")
    with tempfile.TemporaryDirectory(prefix="ocrfix-bench-") as temporary:
        root = Path(temporary)
        sizes = sorted({2, 10, args.files // 4, args.files // 2, args.files, args.files * 2})
        inputs = {}
        for size in sizes:
            inputs[size] = root / f"in-{size}"
            chars = generate(cables, inputs[size], size)
            if size == args.files:
                print(f"accession: {size:,} files, {chars:,} characters")

        print("\nthroughput on the accession")
        print(f"{'run':<22} {'files/s':>9} {'chars/s':>11} {'seconds':>8} {'parent MiB':>11} {'worker MiB':>11}")
        runs = [("local", 1), ("local", 2)] + ([] if args.no_dask else [("dask", 2)])
        results = {}
        for mode, jobs in runs:
            r = measure(mode, jobs, inputs[args.files], root / f"out-{mode}-{jobs}")
            assert r["files"] == args.files and r["failed"] == 0, r
            results[(mode, jobs)] = r
            label = f"--jobs {jobs}" if mode == "local" else f"LocalCluster, {jobs} workers"
            print(f"{label:<22} {r['files'] / r['seconds']:>9,.0f} {r['chars'] / r['seconds']:>11,.0f} "
                  f"{r['seconds']:>8.2f} {r['parent_peak_mib']:>11.0f} {r['worker_peak_mib']:>11.0f}")
        base = results[("local", 1)]["seconds"]
        print(f"scaling --jobs 2 / --jobs 1: {base / results[('local', 2)]['seconds']:.2f}x")
        if ("dask", 2) in results:
            dask_run = results[("dask", 2)]
            print(f"scaling LocalCluster(2) / --jobs 1: {base / dask_run['seconds']:.2f}x "
                  f"(cluster start-up {dask_run['cluster_start']:.1f} s, not counted)")

        print("\npeak memory and time against the number of files (--jobs 2)")
        print(f"{'files':>7} {'seconds':>8} {'parent MiB':>11} {'worker MiB':>11}")
        timings = {}
        for size in sizes:
            r = measure("local", 2, inputs[size], root / f"scale-{size}")
            timings[size] = r["seconds"]
            print(f"{size:>7,} {r['seconds']:>8.2f} {r['parent_peak_mib']:>11.0f} {r['worker_peak_mib']:>11.0f}")
        big, small = max(sizes), 10
        per_file = (timings[big] - timings[small]) / (big - small)
        print(f"\nfixed cost of a run (2 files, --jobs 2: pool start, each worker prepares once): {timings[2]:.2f} s")
        print(f"marginal cost per file ({small}..{big} files, --jobs 2): {per_file * 1000:.2f} ms")


if __name__ == "__main__":
    main()
