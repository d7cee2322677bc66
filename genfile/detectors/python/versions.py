"""Python versions: where a project states its version, and genfile's defaults (kept here only).

Sources, strongest first: ``.python-version`` (pyenv/uv), mise's ``mise.lock`` and
``mise.toml`` and asdf's ``.tool-versions`` (:mod:`genfile.version_files`), ``runtime.txt``
(Heroku), Pipfile ``python_version``, then the ``requires-python`` range (or Poetry's
``python`` constraint), from which the newest official image line it allows is taken.
An explicit pin that falls outside ``requires-python`` is reported, not silently accepted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from genfile import version_files
from genfile.evidence import DEFAULT, Evidence, Fact, strongest_pin
from genfile.repo import Repo

# Lines with official python:X-slim/-alpine images, newest first.
SUPPORTED = ("3.14", "3.13", "3.12", "3.11", "3.10", "3.9")
# Used when the project states nothing: the newest line with broad wheel coverage.
DEFAULT_PYTHON = "3.13"

# Tools genfile installs in the build stage (never in the final image), pinned for reproducibility.
TOOL_PINS = {
    "uv": "uv==0.9.5",
    "poetry": "poetry==2.2.1 poetry-plugin-export==1.9.0",
    "pipenv": "pipenv==2025.0.4",
    "pdm": "pdm==2.26.1",
}
# Servers added to the image when the app needs one and does not depend on it.
SERVER_PINS = {"gunicorn": "gunicorn==23.0.0", "uvicorn": "uvicorn==0.34.0"}

_MINOR = re.compile(r"(\d+)\.(\d+)")
_CLAUSE = re.compile(r"^\s*(~=|===|==|!=|<=|>=|<|>|\^|~)?\s*v?([\d.*]+)\s*$")


def _minor(text: str) -> str | None:
    m = _MINOR.search(text)
    return f"{m[1]}.{m[2]}" if m else None


def _key(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in version.split(".") if p.isdigit())


def _pad(parts: tuple[int, ...], size: int = 3) -> tuple[int, ...]:
    return (parts + (0,) * size)[:size]


def _clause_ok(v: tuple[int, ...], op: str, raw: str) -> bool:
    """PEP 440 (plus Poetry's ``^`` and ``~``) comparison of a full version with one clause."""
    wildcard = raw.endswith(".*")
    t = _key(raw[:-2] if wildcard else raw)
    if not t:
        return True
    if wildcard and op in ("==", "===", "!="):
        return (v[: len(t)] == t) == (op != "!=")
    tp = _pad(t)
    if op in ("==", "==="):
        return v == tp
    if op == "!=":
        return v != tp
    if op == ">=":
        return v >= tp
    if op == ">":
        return v > tp
    if op == "<=":
        return v <= tp
    if op == "<":
        return v < tp
    if op == "~=":
        return v >= tp and v[: len(t) - 1] == t[:-1]
    if op == "^":
        return v >= tp and v[0] == t[0]
    if op == "~":
        return v >= tp and v[: min(len(t), 2)] == t[:2]
    return True


def allowed(spec: str, candidates: Iterable[str] = SUPPORTED) -> list[str]:
    """The minor lines (``3.12``) with at least one release that satisfies ``spec``.

    ``spec`` is a PEP 440 specifier (``>=3.9,<3.13``) or a Poetry constraint (``^3.11``,
    ``>=3.10 || ^4``); unknown syntax excludes nothing.
    """
    result = []
    for line in candidates:
        major, minor = _key(line)[:2]
        for alternative in spec.split("||"):
            clauses = []
            for part in re.split(r",|\s+(?=[<>=!~^])", alternative):
                m = _CLAUSE.match(part)
                if m:
                    clauses.append((m[1] or "==", m[2]))
            if any(all(_clause_ok((major, minor, p), op, raw) for op, raw in clauses) for p in range(100)):
                result.append(line)
                break
    return result


def pick_from_range(spec: str) -> str | None:
    """Newest line not newer than the default that the range allows, else the newest allowed."""
    ok = allowed(spec)
    preferred = [v for v in ok if _key(v) <= _key(DEFAULT_PYTHON)]
    choices = preferred or ok
    return choices[0] if choices else None


def detect(
    repo: Repo, requires_python: tuple[str, Evidence] | None, pipfile: dict[str, Any] | None
) -> tuple[Fact, list[str]]:
    """The Python version to build with, its evidence, and warnings about conflicts."""
    warnings: list[str] = []
    pins: list[tuple[str, Evidence]] = []

    if repo.is_file(".python-version"):
        for number, line in enumerate(repo.lines(".python-version"), start=1):
            v = _minor(line) if line.strip() and not line.strip().startswith("#") else None
            if v:
                pins.append((v, Evidence(".python-version", number, line.strip())))
                break
    for raw, evidence in version_files.pins(repo, "python"):
        v = SUPPORTED[0] if raw in ("latest", "3") else _minor(raw)
        if v:
            pins.append((v, evidence))
    if repo.is_file("runtime.txt"):
        for number, line in enumerate(repo.lines("runtime.txt"), start=1):
            if line.strip().startswith("python") and (v := _minor(line)):
                pins.append((v, Evidence("runtime.txt", number, line.strip())))
                break
    if pipfile:
        requires = pipfile.get("requires", {})
        raw = requires.get("python_version") or requires.get("python_full_version")
        if isinstance(raw, str) and (v := _minor(raw)):
            pipfile_line = repo.find_line("Pipfile", r"python_(full_)?version")
            pins.append((v, Evidence("Pipfile", pipfile_line, f"python_version = {raw}")))

    if pins:
        version, evidence, conflicts = strongest_pin("Python", pins)
        warnings += conflicts
        if requires_python and version not in allowed(requires_python[0], (version,)):
            warnings.append(
                f"Python {version} from {evidence.where()} is outside requires-python "
                f"{requires_python[0]!r} ({requires_python[1].where()})"
            )
        if version not in SUPPORTED:
            warnings.append(
                f"Python {version} ({evidence.where()}) has no current official image line; "
                f"choose one of {', '.join(SUPPORTED)} with --python-version if the build fails"
            )
        return Fact("python version", version, (evidence,)), warnings

    if requires_python:
        spec, evidence = requires_python
        picked = pick_from_range(spec)
        if picked:
            note = Evidence(evidence.file, evidence.line, f"{spec!r} allows {picked}")
            return Fact("python version", picked, (note,)), warnings
        warnings.append(f"requires-python {spec!r} ({evidence.where()}) allows no supported Python line")

    return Fact("python version", DEFAULT_PYTHON, (DEFAULT,)), warnings
