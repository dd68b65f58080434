"""The synthetic OCR noise model and the script that builds the benchmark set from it."""

from __future__ import annotations

import importlib.util
from dataclasses import fields
from pathlib import Path

import pytest

from benchmarks.noise import FOOTER, NoiseLevel, cable_reference, garble_cable
from ocrfix.scoring import normalise_whitespace, score

DATA = Path(__file__).parent / "data"
CABLES = ["1973STATE057534.txt", "1978STATE300315.txt", "1974CANBER00684.txt"]
SILENT = NoiseLevel(**{f.name: 0.0 for f in fields(NoiseLevel)})


def body(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


def test_same_seed_gives_the_same_document():
    text = body("1974CANBER00684.txt")
    assert garble_cable(text, "seed-a", "CANBER 00684") == garble_cable(text, "seed-a", "CANBER 00684")


def test_different_seeds_give_different_documents():
    text = body("1974CANBER00684.txt")
    assert garble_cable(text, "seed-a").ocr != garble_cable(text, "seed-b").ocr


@pytest.mark.parametrize("name", CABLES)
def test_truth_is_the_clean_body(name):
    text = body(name)
    garbled = garble_cable(text, name)
    assert garbled.truth.endswith("\n")
    assert garbled.truth.splitlines() == [line.rstrip() for line in text.strip("\n").splitlines()]


def test_it_garbles_a_typical_document_into_a_realistic_error_rate():
    text = body("1974CANBER00684.txt")
    rates = [score(garble_cable(text, seed, severity=1.0).ocr, text).cer.rate for seed in range(5)]
    assert all(0.03 <= rate <= 0.25 for rate in rates), rates
    # the words themselves are damaged, not only the furniture around them
    assert all(score(garble_cable(text, seed, severity=1.0).ocr, text).wer.rate > 0.1 for seed in range(5))


def test_severity_scales_the_damage():
    text = body("1974CANBER00684.txt")
    light = score(garble_cable(text, 1, severity=0.3).ocr, text).cer.rate
    heavy = score(garble_cable(text, 1, severity=2.5).ocr, text).cer.rate
    assert heavy > 2 * light


def test_without_noise_only_page_furniture_is_added():
    text = body("1974CANBER00684.txt")
    garbled = garble_cable(text, "furniture", "CANBER 00684", severity=1.0, level=SILENT)
    ocr_lines = garbled.ocr.splitlines()
    assert any(line.startswith("PAGE 02 CANBER 00684 ") for line in ocr_lines)
    body_lines = [line for line in ocr_lines if line in garbled.truth.splitlines()]
    assert normalise_whitespace("\n".join(body_lines)) == normalise_whitespace(garbled.truth)
    # the cable says CONFIDENTIAL at its end: the banners take that classification
    short = garble_cable(body("1973STATE057534.txt"), "banner", level=SILENT)
    assert short.ocr.splitlines()[0].replace(" ", "") == "CONFIDENTIAL"


def test_footer_shows_up_in_some_documents():
    text = body("1974CANBER00684.txt")
    with_footer = [FOOTER in garble_cable(text, seed, level=SILENT).ocr for seed in range(20)]
    assert any(with_footer) and not all(with_footer)


def test_cable_reference_from_file_name():
    assert cable_reference("1973OSLO01967") == "OSLO 01967"
    assert cable_reference("1978STATE300315") == "STATE 300315"
    assert cable_reference("odd-name") == "ODD-NAME"


def load_script():
    path = Path(__file__).resolve().parent.parent / "scripts" / "make_synthetic.py"
    spec = importlib.util.spec_from_file_location("make_synthetic", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_make_synthetic_is_reproducible_and_removes_stale_files(tmp_path):
    script = load_script()
    cables = tmp_path / "shared" / "corpus" / "cables"
    cables.mkdir(parents=True)
    for name in CABLES:
        (cables / name).write_text(body(name), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "GONE.ocr.txt").write_text("old", encoding="utf-8")
    assert script.generate(tmp_path / "shared", out, CABLES) == [Path(n).stem for n in CABLES]
    first = {p.name: p.read_bytes() for p in out.iterdir()}
    assert sorted(first) == sorted(f"{Path(n).stem}.{kind}.txt" for n in CABLES for kind in ("ocr", "gt"))
    script.generate(tmp_path / "shared", out, CABLES)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == first
    assert first["1978STATE300315.gt.txt"].decode() == garble_cable(body("1978STATE300315.txt"), "x").truth


def test_held_out_list_names_enough_cables_for_the_benchmark():
    assert len(load_script().heldout_names()) >= 30
