"""Reading inputs safely and writing outputs atomically."""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

# Larger inputs are refused rather than risking memory in a batch; tunable per call.
DEFAULT_MAX_BYTES = 64 * 1024 * 1024


class InputError(Exception):
    """An input that cannot be cleaned; the message says why, for a person."""


@dataclass
class Decoded:
    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)


def decode_bytes(data: bytes, name: str) -> Decoded:
    """Decode file contents: UTF-8 (BOM or not), UTF-16 with a BOM, else cp1252 with a warning."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return Decoded(data.decode("utf-16"), "utf-16")
        except UnicodeDecodeError:
            raise InputError(f"{name}: has a UTF-16 byte order mark but is not valid UTF-16") from None
    if b"\x00" in data:
        raise InputError(f"{name}: looks like a binary file (it contains NUL bytes); not cleaned")
    try:
        return Decoded(data.decode("utf-8-sig"), "utf-8")
    except UnicodeDecodeError as error:
        where = f"byte {error.start}"
    try:
        text = data.decode("cp1252")
        encoding = "cp1252"
    except UnicodeDecodeError:
        text = data.decode("latin-1")
        encoding = "latin-1"
    return Decoded(text, encoding, [f"{name}: not valid UTF-8 (at {where}); read as {encoding}"])


def read_text_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Decoded:
    """Read and decode one input file, or raise InputError with a clear message."""
    name = str(path)
    try:
        if path.is_dir():
            raise InputError(f"{name}: is a directory")
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(f"{name}: too large ({size:,} bytes; the limit is {max_bytes:,})")
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except PermissionError:
        raise InputError(f"{name}: permission denied") from None
    except OSError as error:
        raise InputError(f"{name}: cannot read: {error.strerror or error}") from None
    return decode_bytes(data, name)


def write_atomic(path: Path, text: str) -> None:
    """Write UTF-8 text so that `path` holds either its old content or the new, never half."""
    write_bytes_atomic(path, text.encode("utf-8"))


def write_bytes_atomic(path: Path, data: bytes, like: Path | None = None) -> None:
    """Write bytes through a temporary file and a rename. The file keeps the permissions (and,
    with `like`, the times) of `like` or of the file it replaces; a new file gets the umask's."""
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if like is not None:
            shutil.copystat(like, temporary)
        elif path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o7777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise
