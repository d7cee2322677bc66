"""Which golang:X.Y image builds the project, and why (genfile's Go defaults live here only).

The ``go`` line of go.mod (or go.work) is the oldest Go the code accepts; a ``toolchain`` line
names the release its authors build with. The image line is the newest of those, as major.minor
(``go 1.22`` + ``toolchain go1.23.4`` → golang:1.23): the golang images carry the latest patch
of their line and set GOTOOLCHAIN=local, so they never download another toolchain.

Unlike an interpreter, the toolchain's standard library (net/http, crypto/tls) is compiled into
the binary that ships, so building on a Go line that upstream no longer patches ships its known
vulnerabilities: genfile keeps the project's line and says so.
"""

from __future__ import annotations

from collections.abc import Iterable

from genfile import lifecycles
from genfile.detectors.go.modfile import GO_VERSION
from genfile.evidence import DEFAULT, Evidence, Fact

# Go lines upstream still patches (the two newest releases), newest first, by today's date.
SUPPORTED = lifecycles.supported("go")
# Used when neither go.mod nor go.work has a go line: the newest stable line.
DEFAULT_GO = SUPPORTED[0]


def key(version: str) -> tuple[int, ...]:
    """Sort key of a Go version: 1.21rc1 < 1.21.0 < 1.21.3 < 1.22."""
    m = GO_VERSION.fullmatch(version)
    if not m:
        return (0,)
    patch = int(m[3]) if m[3] is not None else (-1 if version[len(f"{m[1]}.{m[2]}") :] else 0)
    return (int(m[1]), int(m[2]), patch)


def line(version: str) -> str:
    """``1.23.4`` → ``1.23``: the image tag names the line, the image carries its latest patch."""
    m = GO_VERSION.fullmatch(version)
    return f"{m[1]}.{m[2]}" if m else version


def choose(stated: Iterable[tuple[str, str, Evidence]]) -> tuple[Fact, list[str]]:
    """The image line from (kind, version, evidence) for every go/toolchain line found."""
    found = list(stated)
    if not found:
        return Fact("go version", DEFAULT_GO, (DEFAULT,)), []
    kind, newest, evidence = max(found, key=lambda f: key(f[1]))
    minimums = [f for f in found if f[0] == "go"]
    evidences = [evidence]
    if kind == "toolchain" and minimums:
        oldest = max(minimums, key=lambda f: key(f[1]))
        if line(oldest[1]) != line(newest):
            evidences.append(
                Evidence(oldest[2].file, oldest[2].line, f"go {oldest[1]} is the minimum the code accepts")
            )
    chosen = line(newest)
    warnings = []
    if key(chosen) < key(SUPPORTED[-1]):
        warnings.append(
            f"Go {chosen} ({evidence.where()}) no longer gets security fixes, and its standard library is "
            f"compiled into the binary: consider building with --go-version {SUPPORTED[0]} "
            "(or a toolchain line in go.mod)"
        )
    elif key(chosen) > key(SUPPORTED[0]):
        warnings.append(
            f"Go {chosen} ({evidence.where()}) is newer than the lines genfile knows "
            f"({', '.join(SUPPORTED)}); if golang:{chosen} does not exist yet, choose one with --go-version"
        )
    return Fact("go version", chosen, tuple(evidences)), warnings
