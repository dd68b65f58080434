from __future__ import annotations

import os

import pytest

from ocrfix.textio import InputError, decode_bytes, read_text_file, write_atomic


def test_utf8_with_bom_is_read_without_the_bom():
    decoded = decode_bytes("\ufeffSEMENOV £".encode("utf-8"), "f")
    assert decoded.text == "SEMENOV £"
    assert decoded.warnings == []


def test_undecodable_bytes_fall_back_to_cp1252_with_a_warning():
    decoded = decode_bytes("CAF\u00c9 \u00a3".encode("cp1252"), "f.txt")
    assert decoded.text == "CAF\u00c9 \u00a3"
    assert decoded.encoding == "cp1252"
    assert decoded.warnings == ["f.txt: not valid UTF-8 (at byte 3); read as cp1252"]


def test_bytes_undefined_in_cp1252_fall_back_to_latin1():
    decoded = decode_bytes(b"A\x81B\xff", "f")
    assert decoded.text == "A\x81B\xff"
    assert decoded.encoding == "latin-1"


def test_nul_bytes_are_refused_as_binary():
    with pytest.raises(InputError, match=r"^f: looks like a binary file \(it contains NUL bytes\); not cleaned$"):
        decode_bytes(b"ABC\x00DEF", "f")


def test_utf16_with_bom_is_decoded():
    assert decode_bytes("SALT".encode("utf-16"), "f").text == "SALT"


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_text_file(tmp_path / "absent.txt")


def test_too_large_file(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("A" * 100)
    with pytest.raises(InputError, match=r"too large \(100 bytes; the limit is 10\)"):
        read_text_file(path, max_bytes=10)


def test_directory_is_refused(tmp_path):
    with pytest.raises(InputError, match="is a directory"):
        read_text_file(tmp_path)


def test_write_atomic_replaces_content_and_keeps_mode(tmp_path):
    path = tmp_path / "out.txt"
    path.write_text("old")
    os.chmod(path, 0o640)
    write_atomic(path, "new\r\n£")
    assert path.read_bytes() == "new\r\n£".encode("utf-8")
    assert path.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_write_atomic_leaves_old_content_when_writing_fails(tmp_path, monkeypatch):
    path = tmp_path / "out.txt"
    path.write_text("old")

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        write_atomic(path, "new")
    assert path.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]
