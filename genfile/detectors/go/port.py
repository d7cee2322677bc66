"""The port a Go service listens on, read from its code.

A Go binary picks its own address, so the port is not an argument genfile passes: it is what
the code reads. ``os.Getenv("PORT")`` makes the port configurable (the image then sets
``ENV PORT``), with the default the code falls back to; otherwise the address literal given to
``ListenAndServe``, an ``http.Server{Addr: ...}``, a ``-addr``/``-port`` flag default or an
``addr := ":8080"`` line. With none of them, 8080.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from genfile.detectors.go.source import GoFile, Package
from genfile.evidence import Evidence

DEFAULT_PORT = 8080

_READS_PORT = re.compile(r"\b(?:Getenv|LookupEnv)\(\s*\"PORT\"\s*\)")
_HELPER_PORT = re.compile(r"\b\w+\(\s*\"PORT\"\s*,")  # getenv("PORT", "8080")
_SAME_LINE_DEFAULT = re.compile(r"\"PORT\"\s*\)?\s*,\s*\"?(?:[\w.\-\[\]]*:)?(\d{2,5})\b")
_NEAR_DEFAULT = re.compile(r"(?:=|\breturn)\s*\"(?:[\w.\-\[\]]*:)?(\d{2,5})\"")
_LITERALS = (
    re.compile(
        r"\b(?:ListenAndServe(?:TLS)?|Listen|Run|Start)\(\s*(?:\"tcp[46]?\"\s*,\s*)?\"[\w.\-\[\]]*:(\d{2,5})\""
    ),
    re.compile(r"\bAddr\s*:\s*\"[\w.\-\[\]]*:(\d{2,5})\""),
    re.compile(
        r"\bflag\.(?:Int|String|Uint)(?:Var)?\([^)]*?\"(?:port|addr|address|listen|http[-_.]?addr|http[-_.]?port)\""
        r"\s*,\s*\"?(?:[\w.\-\[\]]*:)?(\d{2,5})\"?"
    ),
    # addr := ":8080", const defaultPort = 8080 (only names that are about the listener)
    re.compile(
        r"\b(?i:(?:default|listen|http|server)_?)?(?i:addr(?:ess)?|port)\s*:?=\s*\"?(?:[\w.\-\[\]]*:)?(\d{2,5})\b"
    ),
)


@dataclass(frozen=True)
class Port:
    number: int
    reads_env: bool  # the code reads $PORT, so ENV PORT in the image sets it
    evidence: tuple[Evidence, ...]


def _valid(text: str) -> int | None:
    number = int(text)
    return number if 1 <= number <= 65535 else None


def _env(file: GoFile) -> tuple[int, Evidence] | None:
    """Where the file reads $PORT (line), with the default next to it if there is one."""
    lines = file.lines()
    uses_env = "Getenv" in file.code or "LookupEnv" in file.code
    for index, line in enumerate(lines):
        if not (_READS_PORT.search(line) or (uses_env and _HELPER_PORT.search(line))):
            continue
        return index, Evidence(file.path, index + 1, line.strip()[:80])
    return None


def _default_near(file: GoFile, index: int) -> tuple[int, Evidence] | None:
    lines = file.lines()
    m = _SAME_LINE_DEFAULT.search(lines[index])
    if m and (n := _valid(m[1])):
        return n, Evidence(file.path, index + 1, f"default {n}")
    for i in [*range(index + 1, min(index + 7, len(lines))), *range(index - 1, max(index - 5, -1), -1)]:
        m = _NEAR_DEFAULT.search(lines[i]) or _LITERALS[0].search(lines[i])
        if m and (n := _valid(m[1])):
            return n, Evidence(file.path, i + 1, lines[i].strip()[:80])
    return None


def _literal(files: list[GoFile]) -> tuple[int, Evidence] | None:
    for rx in _LITERALS:
        for file in files:
            for index, line in enumerate(file.lines()):
                m = rx.search(line)
                if m and (n := _valid(m[1])):
                    return n, Evidence(file.path, index + 1, line.strip()[:80])
    return None


def detect(packages: Iterable[Package]) -> Port:
    """``packages``: the main package first, then what it imports from the project."""
    files = [f for pkg in packages for f in pkg.files]
    for file in files:
        found = _env(file)
        if found is None:
            continue
        index, read = found
        near = _default_near(file, index) or _literal(files)
        if near:
            return Port(near[0], True, (read, near[1]))
        return Port(
            DEFAULT_PORT,
            True,
            (read, Evidence(None, None, f"no default in the code: genfile sets {DEFAULT_PORT}")),
        )
    literal = _literal(files)
    if literal:
        return Port(literal[0], False, (literal[1],))
    return Port(DEFAULT_PORT, False, (Evidence(None, None, "no address in the code: genfile default"),))
