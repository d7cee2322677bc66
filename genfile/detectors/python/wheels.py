"""Which Python lines a package's files install on, read from the files' names alone.

A wheel's name carries its tags (PEP 427, PEP 425: ``{name}-{version}-{python}-{abi}-{platform}
.whl``): ``cp312-cp312-manylinux_2_17_x86_64`` installs on CPython 3.12 only, ``cp39-abi3-...``
on 3.9 and every later line, ``py3-none-any`` everywhere. A package with Linux wheels for some
lines compiles from source on the others (slow, needs headers, often fails for old pins); one
with no Linux wheel at all compiles on every line, so it decides nothing about the line.
Images are linux/amd64 (the machine genfile's engine tests and most platforms build on):
``manylinux`` wheels fit Debian (glibc) images, ``musllinux`` ones Alpine.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

ARCH = "x86_64"
# The newest glibc a manylinux_2_N wheel may need on the Debian images (bookworm has 2.36,
# trixie 2.41): newer tags do not fit every slim image.
GLIBC = (2, 36)
_WHEEL = re.compile(
    r"^(?P<name>[^-]+)-(?P<version>[^-]+)(-\d[^-]*)?-(?P<py>[^-]+)-(?P<abi>[^-]+)-(?P<plat>[^-]+)\.whl$"
)
_CP = re.compile(r"^(cp|py)(\d)(\d{0,2})$")
_MANYLINUX = re.compile(r"^manylinux_(\d+)_(\d+)_(\w+)$")
_LEGACY_MANYLINUX = ("manylinux1", "manylinux2010", "manylinux2014")
_MUSL = re.compile(r"^musllinux_(\d+)_(\d+)_(\w+)$")


@dataclass(frozen=True)
class Wheel:
    python: tuple[str, ...]  # cp312, py3, ...
    abi: tuple[str, ...]  # cp312, abi3, none
    platform: tuple[str, ...]  # manylinux_2_17_x86_64, any, ...

    @property
    def pure(self) -> bool:
        return self.platform == ("any",)


def parse(filename: str) -> Wheel | None:
    """The tags of a wheel file name (None: not a wheel)."""
    m = _WHEEL.match(filename.rsplit("/", 1)[-1])
    if not m:
        return None
    return Wheel(tuple(m["py"].split(".")), tuple(m["abi"].split(".")), tuple(m["plat"].split(".")))


def _fits_platform(tag: str, libc: str) -> bool:
    if tag == "any":
        return True
    if libc == "musl":
        m = _MUSL.match(tag)
        return bool(m and m[3] == ARCH)
    if any(tag == f"{legacy}_{ARCH}" for legacy in _LEGACY_MANYLINUX):
        return True
    m = _MANYLINUX.match(tag)
    return bool(m and m[3] == ARCH and (int(m[1]), int(m[2])) <= GLIBC)


def _line_key(line: str) -> tuple[int, int]:
    major, minor = line.split(".")[:2]
    return int(major), int(minor)


def lines_of(wheel: Wheel, lines: Iterable[str], libc: str = "glibc") -> set[str]:
    """The lines among ``lines`` this wheel installs on (on linux/amd64 with ``libc``)."""
    if not any(_fits_platform(p, libc) for p in wheel.platform):
        return set()
    fits = set()
    for line in lines:
        key = _line_key(line)
        for py in wheel.python:
            m = _CP.match(py)
            if not m:
                continue
            tag = (int(m[2]), int(m[3]) if m[3] else -1)
            if tag[1] < 0:  # py3 / cp3: any 3.x
                if tag[0] == key[0]:
                    fits.add(line)
                continue
            if "abi3" in wheel.abi or "none" in wheel.abi:
                if tag[0] == key[0] and tag[1] <= key[1]:
                    fits.add(line)
            elif tag == key and any(a in (py, f"{py}m", f"{py}d") for a in wheel.abi):
                fits.add(line)
    return fits


@dataclass(frozen=True)
class Coverage:
    """What one package's files say about the lines: None means "installs anywhere"."""

    binary: bool  # it ships platform wheels (Linux or not): a compiled extension
    linux: frozenset[str] | None  # lines with a fitting wheel; None: pure, or compiles everywhere
    compiles_everywhere: bool  # binary, but no Linux wheel for any line: builds from source

    def fits(self, line: str) -> bool:
        return self.linux is None or line in self.linux


def coverage(filenames: Iterable[str], lines: Iterable[str], libc: str = "glibc") -> Coverage:
    """Which of ``lines`` the files of one release install on without compiling."""
    lines = tuple(lines)
    wheels = [w for w in (parse(f) for f in filenames) if w is not None]
    if not wheels:
        return Coverage(False, None, False)  # sdist only: pure Python as far as names tell
    if all(w.pure for w in wheels):
        return Coverage(False, None, False)
    fitting: set[str] = set()
    for w in wheels:
        fitting |= lines_of(w, lines, libc)
    if any(w.pure for w in wheels) and fitting == set(lines):
        return Coverage(True, None, False)
    if not fitting:
        return Coverage(True, None, True)
    return Coverage(True, frozenset(fitting), False)


def span(found: Iterable[str]) -> str:
    """``cp39–cp312`` for people, from a set of lines."""
    keys = sorted(_line_key(x) for x in found)
    if not keys:
        return "none"
    first, last = keys[0], keys[-1]
    if first == last:
        return f"cp{first[0]}{first[1]}"
    return f"cp{first[0]}{first[1]}–cp{last[0]}{last[1]}"
