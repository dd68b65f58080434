#!/usr/bin/env python3
"""How much ocrfix improves garbled OCR, and how much it harms clean text.

    python benchmarks/quality.py [--shared ../shared] [--only NAMES] [--skip NAMES] [--details] [--json]

Correction sets (OCR against hand-made or generated ground truth): Helsinki section 1, the 15
Tesseract-read telegrams, and the repo's generated set (benchmarks/data/synthetic). For each:
raw CER and WER (the OCR as is), output CER and WER (after `ocrfix.clean`), the relative
reduction, and how many documents came out worse than they went in. Rates are micro-averaged
(summed distances over summed lengths) on whitespace-normalised text, exact case.

Harm sets (clean text fed in, so every change is damage): the held-out corpus cables, and the
clean samples (the 1977 State cable and the FRUS documents). Page furniture is meant to go, so
changes are also counted with the furniture filters' work excluded: the output is compared to
what the furniture filters alone produce.

Runs with whatever filters are registered, in the default configuration; --only and --skip
ablate. Prints markdown tables for the README.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from ocrfix import Config, ConfigError, Result, clean
from ocrfix.filters import REGISTRY
from ocrfix.scoring import Score, micro_average, score
from ocrfix.textio import InputError, read_text_file

REPO = Path(__file__).resolve().parent.parent
FURNITURE_FILTERS = ("page-markers",)
CLEAN_SAMPLES = ("state-1977-*.txt", "frus-*.txt")


@dataclass
class Document:
    name: str
    text: str
    truth: str = ""


@dataclass
class Corrected:
    name: str
    raw: Score
    output: Score

    @property
    def worse(self) -> bool:
        return self.output.cer.errors > self.raw.cer.errors


@dataclass
class CorrectionSet:
    name: str
    documents: list[Corrected] = field(default_factory=list)

    @property
    def raw(self) -> Score:
        return micro_average(d.raw for d in self.documents)

    @property
    def output(self) -> Score:
        return micro_average(d.output for d in self.documents)

    @property
    def worse(self) -> list[str]:
        return [d.name for d in self.documents if d.worse]


@dataclass
class Harmed:
    name: str
    characters: int
    changed: int  # Levenshtein distance from input to output
    changed_outside_furniture: int  # distance from the furniture filters' output to the full output
    edits_outside_furniture: int


@dataclass
class HarmSet:
    name: str
    documents: list[Harmed] = field(default_factory=list)

    def total(self, key: str) -> int:
        return sum(getattr(d, key) for d in self.documents)

    @property
    def changed_documents(self) -> int:
        return sum(1 for d in self.documents if d.changed_outside_furniture or d.edits_outside_furniture)


def read(path: Path) -> str:
    return read_text_file(path).text


def pairs(directory: Path) -> list[Document]:
    """NAME.ocr.txt with NAME.gt.txt in a directory, in name order."""
    documents = []
    for ocr in sorted(directory.glob("*.ocr.txt")):
        truth = ocr.with_name(ocr.name.replace(".ocr.txt", ".gt.txt"))
        if truth.exists():
            documents.append(Document(ocr.name.removesuffix(".ocr.txt"), read(ocr), read(truth)))
    return documents


def correction_sets(shared: Path) -> dict[str, list[Document] | None]:
    """Each correction set's documents, or None where its material is missing."""
    helsinki = shared / "dev" / "helsinki-section1.ocr.txt"
    tesseract = shared / "dev" / "synthetic"
    generated = REPO / "benchmarks" / "data" / "synthetic"
    return {
        "Helsinki section 1": [Document("helsinki-section1", read(helsinki), read(helsinki.with_name("helsinki-section1.gt.txt")))]
        if helsinki.exists() else None,
        "Tesseract telegrams": pairs(tesseract) if tesseract.is_dir() else None,
        "Generated synthetic": pairs(generated) or None,
    }


def harm_sets(shared: Path) -> dict[str, list[Document] | None]:
    cables = shared / "corpus" / "cables"
    listed = REPO / "benchmarks" / "heldout-cables.txt"
    names = [line.strip() for line in listed.read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")]
    held_out = [Document(Path(n).stem, read(cables / n)) for n in names if (cables / n).exists()]
    samples = sorted({p for pattern in CLEAN_SAMPLES for p in (REPO / "samples").glob(pattern)})
    return {
        "Held-out clean cables": held_out or None,
        "Clean samples (1977 cable, FRUS)": [Document(p.stem, read(p)) for p in samples] or None,
    }


def correct(name: str, documents: list[Document], config: Config) -> CorrectionSet:
    result = CorrectionSet(name)
    for doc in documents:
        output = clean(doc.text, config).text
        result.documents.append(Corrected(doc.name, score(doc.text, doc.truth), score(output, doc.truth)))
    return result


def outside_furniture(edit, furniture: set[str]) -> bool:
    steps = edit.steps or [edit]
    return any(step.filter not in furniture for step in steps)


def harm(name: str, documents: list[Document], config: Config, furniture: set[str]) -> HarmSet:
    furniture_only = Config(filters=[n for n in config.pipeline() if n in furniture])
    result = HarmSet(name)
    for doc in documents:
        full: Result = clean(doc.text, config)
        baseline = clean(doc.text, furniture_only).text if furniture_only.filters else doc.text
        result.documents.append(Harmed(
            name=doc.name,
            characters=len(doc.text),
            changed=Levenshtein.distance(doc.text, full.text),
            changed_outside_furniture=Levenshtein.distance(baseline, full.text),
            edits_outside_furniture=sum(outside_furniture(e, furniture) for e in full.edits),
        ))
    return result


def percent(rate: float) -> str:
    return f"{rate:.2%}"


def reduction(raw: float, output: float) -> str:
    return f"{(raw - output) / raw:.1%}" if raw else "n/a"


def correction_table(sets: list[CorrectionSet], details: bool) -> list[str]:
    lines = [
        "| set | docs | raw CER | output CER | CER reduction | raw WER | output WER | WER reduction | docs made worse |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for s in sets:
        raw, out = s.raw, s.output
        lines.append(
            f"| {s.name} | {len(s.documents)} | {percent(raw.cer.rate)} | {percent(out.cer.rate)} | "
            f"{reduction(raw.cer.rate, out.cer.rate)} | {percent(raw.wer.rate)} | {percent(out.wer.rate)} | "
            f"{reduction(raw.wer.rate, out.wer.rate)} | {len(s.worse)} |"
        )
        if details:
            for d in s.documents:
                lines.append(
                    f"| &nbsp;&nbsp;{d.name} | | {percent(d.raw.cer.rate)} | {percent(d.output.cer.rate)} | "
                    f"{reduction(d.raw.cer.rate, d.output.cer.rate)} | {percent(d.raw.wer.rate)} | "
                    f"{percent(d.output.wer.rate)} | {reduction(d.raw.wer.rate, d.output.wer.rate)} | "
                    f"{'worse' if d.worse else ''} |"
                )
    return lines


def harm_table(sets: list[HarmSet], details: bool) -> list[str]:
    lines = [
        "| set | docs | characters | characters changed | changed outside furniture | rate outside furniture | docs changed outside furniture | edits outside furniture |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]

    def row(name, docs, chars, changed, outside, changed_docs, edits):
        rate = f"{outside / chars:.3%}" if chars else "n/a"
        return f"| {name} | {docs} | {chars} | {changed} | {outside} | {rate} | {changed_docs} | {edits} |"

    for s in sets:
        lines.append(row(s.name, len(s.documents), s.total("characters"), s.total("changed"),
                         s.total("changed_outside_furniture"), s.changed_documents, s.total("edits_outside_furniture")))
        if details:
            for d in s.documents:
                changed = int(bool(d.changed_outside_furniture or d.edits_outside_furniture))
                lines.append(row(f"&nbsp;&nbsp;{d.name}", "", d.characters, d.changed, d.changed_outside_furniture,
                                 changed, d.edits_outside_furniture))
    return lines


def as_json(config: Config, corrections: list[CorrectionSet], harms: list[HarmSet], missing: list[str]) -> dict:
    return {
        "filters": config.pipeline(),
        "correction": [
            {"set": s.name, "documents": len(s.documents), "raw": s.raw.as_dict(), "output": s.output.as_dict(),
             "worse": s.worse,
             "per_document": [{"name": d.name, "raw_cer": d.raw.cer.rate, "output_cer": d.output.cer.rate,
                               "raw_wer": d.raw.wer.rate, "output_wer": d.output.wer.rate} for d in s.documents]}
            for s in corrections
        ],
        "harm": [
            {"set": s.name, "documents": len(s.documents), "characters": s.total("characters"),
             "changed": s.total("changed"), "changed_outside_furniture": s.total("changed_outside_furniture"),
             "edits_outside_furniture": s.total("edits_outside_furniture"),
             "per_document": [vars(d) for d in s.documents]}
            for s in harms
        ],
        "missing": missing,
    }


def split_names(values: list[str]) -> list[str]:
    return [name.strip() for value in values for name in value.split(",") if name.strip()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared", help="the shared material (default: ../shared)")
    parser.add_argument("--only", action="append", default=[], metavar="NAMES", help="run only these filters (comma-separated)")
    parser.add_argument("--skip", action="append", default=[], metavar="NAMES", help="leave these filters out (comma-separated)")
    parser.add_argument("--furniture", default=",".join(FURNITURE_FILTERS), metavar="NAMES",
                        help="filters whose changes count as furniture removal in the harm sets (default: %(default)s)")
    parser.add_argument("--details", action="store_true", help="a row for every document too")
    parser.add_argument("--json", action="store_true", help="print JSON instead of markdown")
    args = parser.parse_args(argv)
    try:
        config = Config(filters=split_names(args.only) or None, skip=split_names(args.skip))
    except ConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    furniture = set(split_names([args.furniture]))
    try:
        wanted_corrections = correction_sets(args.shared)
        wanted_harms = harm_sets(args.shared)
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    missing = [name for name, docs in {**wanted_corrections, **wanted_harms}.items() if docs is None]
    for name in missing:
        print(f"warning: no material for {name!r} (looked under {args.shared}); skipped", file=sys.stderr)
    corrections = [correct(name, docs, config) for name, docs in wanted_corrections.items() if docs]
    harms = [harm(name, docs, config, furniture) for name, docs in wanted_harms.items() if docs]

    if args.json:
        print(json.dumps(as_json(config, corrections, harms, missing), indent=2))
        return 0
    pipeline = ", ".join(config.pipeline()) or "none"
    out = [f"Filters: {pipeline} (registered: {', '.join(REGISTRY) or 'none'})", ""]
    out += ["Correction: CER and WER micro-averaged over each set's documents, whitespace-normalised, exact case.", ""]
    out += correction_table(corrections, args.details)
    out += ["", f"Harm on clean text (furniture filters: {', '.join(sorted(furniture)) or 'none'}).", ""]
    out += harm_table(harms, args.details)
    print("\n".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
