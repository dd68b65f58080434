#!/usr/bin/env python3
"""Generate the synthetic OCR benchmark set from the held-out corpus cables.

For each cable in benchmarks/heldout-cables.txt this writes NAME.ocr.txt (paginated with
page furniture and garbled by benchmarks/noise.py) and NAME.gt.txt (the clean body) to
benchmarks/data/synthetic/. Each document is seeded by its name, so rerunning gives the
same files byte for byte; files of cables no longer listed are removed.

    python scripts/make_synthetic.py [--shared ../shared] [--out benchmarks/data/synthetic]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.noise import cable_reference, garble_cable  # noqa: E402
from ocrfix.textio import write_atomic  # noqa: E402

HELDOUT = REPO / "benchmarks" / "heldout-cables.txt"
# bump to regenerate a different draw of the whole set
SEED_PREFIX = "ocrfix-synthetic-1"


def heldout_names(path: Path = HELDOUT) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def generate(shared: Path, out: Path, file_names: list[str] | None = None) -> list[str]:
    """Write the set (the held-out cables unless `file_names` is given); returns the names written."""
    cables = shared / "corpus" / "cables"
    if not cables.is_dir():
        raise SystemExit(f"error: {cables} not found (give the shared material with --shared)")
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for file_name in heldout_names() if file_names is None else file_names:
        source = cables / file_name
        if not source.is_file():
            raise SystemExit(f"error: held-out cable {source} not found")
        name = Path(file_name).stem
        garbled = garble_cable(source.read_text(encoding="utf-8"), f"{SEED_PREFIX}:{name}", cable_reference(name))
        write_atomic(out / f"{name}.ocr.txt", garbled.ocr)
        write_atomic(out / f"{name}.gt.txt", garbled.truth)
        written.append(name)
    expected = {f"{name}.{kind}.txt" for name in written for kind in ("ocr", "gt")}
    for stale in sorted(out.glob("*.txt")):
        if stale.name not in expected:
            stale.unlink()
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared", help="the shared material (default: ../shared)")
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "data" / "synthetic", help="where to write the pairs")
    args = parser.parse_args(argv)
    written = generate(args.shared, args.out)
    print(f"wrote {len(written)} documents to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
