"""Read the files ``genfile audit`` looks at (the Dockerfile, its .dockerignore, project files)
without trusting them to be ordinary files.

A named pipe blocks the first read until someone writes to it (forever, in CI), a device such
as /dev/zero never ends, and a file of a gigabyte is no Dockerfile. So only a regular file is
read: its type is checked before it is opened, the open does not block, the type is checked
again on the open descriptor (a file swapped for a pipe in between is caught), and at most
``limit + 1`` bytes are read, so a file larger than the limit (or one that grows while it is
read) is refused without ever holding more than that in memory.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from genfile.errors import ManifestError

MAX_BYTES = 1024 * 1024  # a Dockerfile or .dockerignore larger than this is refused
_CHUNK = 64 * 1024
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


def human_size(size: int) -> str:
    """1536 → "1.5 KiB"; exact units lose the decimal ("1 MiB")."""
    value = float(size)
    for unit in ("bytes", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            if unit == "bytes":
                return f"{size:,} bytes"
            return f"{value:.1f} {unit}".replace(".0 ", " ")
        value /= 1024
    raise AssertionError("unreachable")  # pragma: no cover


def _kind(mode: int) -> str | None:
    """What a non-regular file is, for the error message (None: a regular file)."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_capped(path: Path, *, noun: str, fix: str, limit: int = MAX_BYTES) -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them.

    A missing file raises FileNotFoundError (or NotADirectoryError), for the caller to word;
    anything else that is not a readable regular file of at most ``limit`` bytes is a
    ManifestError naming the path: ``noun`` says what was expected ("a Dockerfile") and
    ``fix`` what to do about a file of the wrong type."""
    info = os.stat(path)  # follows symlinks: a link to /dev/zero is a device
    _check(path, info, noun, fix, limit)
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except (FileNotFoundError, NotADirectoryError):
        raise
    except OSError as exc:
        raise ManifestError(path, f"cannot be read ({exc.strerror})") from exc
    try:
        _check(path, os.fstat(fd), noun, fix, limit)  # swapped for a pipe since the stat
        chunks = []
        remaining = limit + 1
        while remaining > 0:
            chunk = os.read(fd, min(remaining, _CHUNK))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
    except BlockingIOError as exc:  # pragma: no cover - a regular file never blocks
        raise ManifestError(path, f"is {noun} that cannot be read without waiting", fix=fix) from exc
    except OSError as exc:
        raise ManifestError(path, f"cannot be read ({exc.strerror})") from exc
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > limit:  # it grew while being read
        raise _too_big(path, len(data), noun, limit)
    return data


def _check(path: Path, info: os.stat_result, noun: str, fix: str, limit: int) -> None:
    kind = _kind(info.st_mode)
    if kind is not None:
        if kind == "not a regular file":
            raise ManifestError(path, f"is not a regular file, expected {noun}", fix=fix)
        raise ManifestError(path, f"is {kind}, expected {noun}", fix=fix)
    if info.st_size > limit:
        raise _too_big(path, info.st_size, noun, limit)


def _too_big(path: Path, size: int, noun: str, limit: int) -> ManifestError:
    shown = human_size(size) if size > limit + 1 else f"more than {human_size(limit)}"
    return ManifestError(
        path,
        f"is {shown}, too large for {noun} (genfile audit reads at most {human_size(limit)})",
        fix="check that the path is the right file; a real one is a few kilobytes",
    )
