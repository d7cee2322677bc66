"""The Python line a project's pinned dependencies run on.

An unpinned project with a lock made two years ago must not get the newest Python: its
binary packages have no wheels there (they compile from source, or fail), and old pure
packages fail at import. An expert picks the line the lock was made for:

- every locked binary package has a wheel for it (:mod:`.wheels`; a package with no Linux
  wheel at all compiles on every line and decides nothing);
- every release's ``requires-python`` allows it;
- it was out when the lock was made: a lock whose newest pin predates a Python release was not
  made for that release (a soft rule, dropped when it would leave no supported line).

Among the lines that pass, the newest not newer than genfile's default is taken; the evidence
names the package that decided (``psycopg2-binary 2.9.9: wheels for cp37–cp312 → 3.12``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from genfile import lifecycles
from genfile.detectors.python import wheels
from genfile.detectors.python.locks import Release
from genfile.evidence import Evidence


def _key(line: str) -> tuple[int, int]:
    major, minor = line.split(".")[:2]
    return int(major), int(minor)


@dataclass(frozen=True)
class Constraint:
    release: Release
    lines: frozenset[str]  # the candidate lines it allows
    why: str  # "wheels for cp37–cp312", "requires-python <3.12"
    soft: bool = False  # the upload-date rule

    def note(self) -> str:
        return f"{self.release.name} {self.release.version}: {self.why}"


@dataclass(frozen=True)
class Choice:
    line: str
    evidence: Evidence
    warnings: tuple[str, ...]
    decided: bool  # the packages moved the choice away from the preferred line


def constraints(releases: Iterable[Release], lines: Sequence[str], exact: bool) -> list[Constraint]:
    """What each release says about ``lines`` (only releases that exclude some line)."""
    from genfile.detectors.python.versions import allowed  # versions imports this module

    found: list[Constraint] = []
    releases = list(releases)
    for r in releases:
        every = wheels.coverage(r.files, _all_lines()).linux
        if every is not None:
            fits = frozenset(x for x in lines if x in every)
            if fits != set(lines):
                found.append(Constraint(r, fits, f"wheels for {wheels.span(every)}"))
        if r.requires_python:
            ok = frozenset(allowed(r.requires_python, lines))
            if ok != set(lines):
                found.append(Constraint(r, ok, f"requires-python {r.requires_python}"))
    dated = [r for r in releases if r.released]
    if exact and dated:
        newest = max(dated, key=lambda r: r.released or "")
        made = date.fromisoformat(str(newest.released))
        out_then = frozenset(
            x for x in lines if (info := lifecycles.line("python", x)) is not None and info.released <= made
        )
        if out_then != set(lines):
            found.append(
                Constraint(newest, out_then, f"the newest pin, uploaded {newest.released}", soft=True)
            )
    return found


def _passing(lines: Sequence[str], rules: list[Constraint]) -> list[str]:
    return [x for x in lines if all(x in c.lines for c in rules)]


def choose(
    releases: Iterable[Release],
    lines: Sequence[str],
    preferred: str,
    *,
    exact: bool,
    source: str,
) -> Choice | None:
    """The line for these releases among ``lines`` (newest first, already within the project's
    own range), or None when the releases exclude nothing (the usual default applies)."""
    lines = list(lines)
    if not lines:
        return None
    rules = constraints(releases, lines, exact)
    if not rules:
        return None
    warnings: list[str] = []
    ok = _passing(lines, rules)
    if not ok:
        hard = [c for c in rules if not c.soft]
        ok = _passing(lines, hard)
        if ok:
            rules = hard
    if ok:
        at_most = [x for x in ok if _key(x) <= _key(preferred)]
        line = (at_most or ok)[0]
    else:
        # No line fits every package: the one where the fewest must compile, newest first.
        hard = [c for c in rules if not c.soft]
        line = min(
            lines, key=lambda x: (sum(x not in c.lines for c in hard), _key(x) > _key(preferred), -_key(x)[1])
        )
        failing = [c for c in hard if line not in c.lines]
        warnings.append(
            f"no supported Python line fits every pinned package ({source}): using {line}, where "
            + "; ".join(f"{c.note()} ({c.release.evidence.where()})" for c in failing)
            + " — these build from source there (or fail); pin versions that support it, or choose "
            "another line with --python-version"
        )
    newer = [x for x in lines if _key(x) > _key(line) and _key(x) <= max(_key(preferred), _key(line))]
    deciding = [c for c in rules if line in c.lines and any(x not in c.lines for x in newer)]
    if not deciding and line == preferred and not warnings:
        return None
    decisive = deciding[0] if deciding else None
    if decisive is not None:
        note = f"{decisive.note()} → {line}"
        ev = Evidence(decisive.release.evidence.file, decisive.release.evidence.line, note)
    elif warnings:
        ev = Evidence(source, None, f"no line fits every pinned package: {line} is the closest")
    else:
        ev = Evidence(source, None, f"pinned packages fit {line}")
    return Choice(line, ev, tuple(warnings), decisive is not None)


def missing_wheels(releases: Iterable[Release], line: str, libc: str = "glibc") -> list[Release]:
    """Binary releases with Linux wheels for other lines but none for ``line`` (with ``libc``):
    they compile from source there."""
    out = []
    for r in releases:
        cov = wheels.coverage(r.files, (line,), libc)
        if libc == "musl":
            if cov.binary and cov.linux is not None and line not in cov.linux:
                out.append(r)
            elif cov.binary and cov.compiles_everywhere and wheels.coverage(r.files, (line,)).linux:
                out.append(r)  # glibc wheels only: compiles on musl
            continue
        every = wheels.coverage(r.files, _all_lines())
        if every.linux is not None and line not in every.linux and not every.compiles_everywhere:
            out.append(r)
    return out


def compiles(release: Release, line: str) -> bool | None:
    """Whether ``release`` builds from source on ``line`` (None: its files are not known)."""
    if not release.files:
        return None
    cov = wheels.coverage(release.files, (line,))
    return cov.compiles_everywhere or (cov.linux is not None and line not in cov.linux)


def _all_lines() -> tuple[str, ...]:
    return tuple(x.version for x in lifecycles.lines("python"))
