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

from genfile import lifecycles, version_files
from genfile.detectors.python import pythons, wheels
from genfile.detectors.python.locks import Release
from genfile.errors import ManifestError
from genfile.evidence import DEFAULT, Evidence, Fact, strongest_pin
from genfile.repo import Repo
from genfile.version_ranges import MAX_RANGE, Interval, after, next_patch, overlaps, pad

# Lines upstream still fixes, newest first, and every line released (EOL ones included), by
# today's date (genfile.lifecycles holds the schedule).
SUPPORTED = lifecycles.supported("python")
RELEASED = lifecycles.released("python")
# Used when the project states nothing: the newest line out for a year, which wheels of
# binary packages have caught up with.
DEFAULT_PYTHON = lifecycles.newest_settled("python")

# Tools genfile installs in the build stage (never in the final image), pinned for reproducibility.
TOOL_PINS = {
    "uv": "uv==0.9.5",
    "poetry": "poetry==2.2.1 poetry-plugin-export==1.9.0",
    "pipenv": "pipenv==2025.0.4",
    # [locked]: PDM's own pins of its dependencies (newer httpx/unearth releases break 2.26).
    "pdm": "pdm[locked]==2.26.1",
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


def _interval(op: str, raw: str) -> Interval | None:
    """One PEP 440 clause (plus Poetry's ``^`` and ``~``) as an interval; None: no constraint."""
    wildcard = raw.endswith(".*")
    t = _key(raw[:-2] if wildcard else raw)
    if not t:
        return None
    tp = pad(t)
    if wildcard and op in ("==", "===", "!="):
        return Interval(pad(t), after(t), exclude=op == "!=")
    if op in ("==", "==="):
        return Interval(tp, next_patch(tp))
    if op == "!=":
        return Interval(tp, next_patch(tp), exclude=True)
    if op == ">=":
        return Interval(tp)
    if op == ">":
        return Interval(next_patch(tp))
    if op == "<=":
        return Interval(high=next_patch(tp))
    if op == "<":
        return Interval(high=tp)
    if op == "~=":
        return Interval(tp, after(t[:-1]))
    if op == "^":
        return Interval(tp, after(t[:1]))
    if op == "~":
        return Interval(tp, after(t[:2]))
    return None


def _alternatives(spec: str) -> list[list[Interval]]:
    """The ``||``-separated alternatives of ``spec``, each a list of clause intervals."""
    result = []
    for alternative in spec.split("||"):
        clauses = []
        for part in re.split(r",|\s+(?=[<>=!~^])", alternative):
            m = _CLAUSE.match(part)
            if m and (interval := _interval(m[1] or "==", m[2])) is not None:
                clauses.append(interval)
        result.append(clauses)
    return result


def allowed(spec: str, candidates: Iterable[str] = SUPPORTED) -> list[str]:
    """The minor lines (``3.12``) with at least one release that satisfies ``spec``.

    ``spec`` is a PEP 440 specifier (``>=3.9,<3.13``) or a Poetry constraint (``^3.11``,
    ``>=3.10 || ^4``); unknown syntax excludes nothing. Linear in the length of ``spec``.
    """
    alternatives = _alternatives(spec)
    result = []
    for line in candidates:
        major, minor = _key(line)[:2]
        low, high = (major, minor, 0), (major, minor + 1, 0)
        if any(overlaps(clauses, low, high) for clauses in alternatives):
            result.append(line)
    return result


def pick_from_range(spec: str) -> str | None:
    """Newest supported line not newer than the default that the range allows, else the
    newest supported one it allows, else (an old range) the newest released line it allows."""
    ok = allowed(spec)
    preferred = [v for v in ok if _key(v) <= _key(DEFAULT_PYTHON)]
    choices = preferred or ok or allowed(spec, RELEASED)
    return choices[0] if choices else None


def detect(
    repo: Repo,
    requires_python: tuple[str, Evidence] | None,
    pipfile: dict[str, Any] | None,
    releases: tuple[Release, ...] = (),
    *,
    exact: bool = False,
    source: str = "",
) -> tuple[Fact, list[str]]:
    """The Python version to build with, its evidence, and warnings about conflicts.

    ``releases`` are the pinned packages with their files (from the lockfile or the index):
    without a pin, they choose the line (:mod:`.pythons`); with one, a package that has no
    wheel for the pinned line is reported."""
    warnings: list[str] = []
    if requires_python and len(requires_python[0]) > MAX_RANGE:
        warnings.append(
            f"{requires_python[1].where()}: requires-python is {len(requires_python[0])} characters long, "
            "not a version range: ignored"
        )
        requires_python = None
    pins: list[tuple[str, Evidence]] = []

    if repo.is_file(".python-version"):
        for number, line in enumerate(repo.lines(".python-version"), start=1):
            v = _minor(line) if line.strip() and not line.strip().startswith("#") else None
            if v:
                pins.append((v, Evidence(".python-version", number, line.strip())))
                break
    newest: Evidence | None = None  # ``python = "latest"``: the newest line the lock runs on
    for raw, evidence in version_files.pins(repo, "python"):
        if raw in ("latest", "3"):
            newest = newest or evidence
        elif v := _minor(raw):
            pins.append((v, evidence))
    if repo.is_file("runtime.txt"):
        for number, line in enumerate(repo.lines("runtime.txt"), start=1):
            if line.strip().startswith("python") and (v := _minor(line)):
                pins.append((v, Evidence("runtime.txt", number, line.strip())))
                break
    render = _render_python(repo)
    if render:
        pins.append(render)
    if pipfile:
        requires = pipfile.get("requires", {})
        raw = requires.get("python_version") or requires.get("python_full_version")
        if isinstance(raw, str) and (v := _minor(raw)):
            pipfile_line = repo.find_line("Pipfile", r"python_(full_)?version")
            pins.append((v, Evidence("Pipfile", pipfile_line, f"python_version = {raw}")))
    if not any(e.file == "Pipfile" for _, e in pins) and repo.is_file("Pipfile.lock"):
        # Pipfile.lock's _meta.requires: the Python the lock was made for (its Pipfile may omit it).
        try:
            data = repo.json("Pipfile.lock")
        except ManifestError:
            data = {}
        meta = data.get("_meta", {}) if isinstance(data, dict) else {}
        requires = meta.get("requires", {}) if isinstance(meta, dict) else {}
        locked = requires.get("python_version") if isinstance(requires, dict) else None
        if isinstance(locked, str) and (v := _minor(locked)):
            at = repo.find_line("Pipfile.lock", r'"python_version"')
            pins.append((v, Evidence("Pipfile.lock", at, f"python_version {locked}")))

    if pins:
        version, evidence, conflicts = strongest_pin("Python", pins)
        warnings += conflicts
        if requires_python and version not in allowed(requires_python[0], (version,)):
            warnings.append(
                f"Python {version} from {evidence.where()} is outside requires-python "
                f"{requires_python[0]!r} ({requires_python[1].where()})"
            )
        _warn_line(version, evidence, warnings)
        _warn_wheels(releases, version, evidence, warnings)
        return Fact("python version", version, (evidence,)), warnings

    candidates: list[str] = list(SUPPORTED)
    preferred = DEFAULT_PYTHON
    range_note: Evidence | None = None
    if requires_python:
        spec, evidence = requires_python
        picked = pick_from_range(spec)
        if picked:
            preferred = picked
            candidates = allowed(spec) or allowed(spec, RELEASED)
            range_note = Evidence(evidence.file, evidence.line, f"{spec!r} allows {picked}")
        else:
            warnings.append(f"requires-python {spec!r} ({evidence.where()}) allows no supported Python line")
    if newest is not None:
        # "latest" asks for the newest line, not for one its locked packages cannot install on.
        preferred = candidates[0] if candidates else SUPPORTED[0]
        range_note = Evidence(newest.file, newest.line, f"{newest.note}: the newest line, {preferred}")
    choice = pythons.choose(releases, candidates, preferred, exact=exact, source=source)
    if choice is not None:
        warnings += choice.warnings
        found = (choice.evidence, range_note) if range_note else (choice.evidence,)
        _warn_line(choice.line, choice.evidence, warnings)
        return Fact("python version", choice.line, found), warnings
    if range_note is not None:
        _warn_line(preferred, range_note, warnings)
        return Fact("python version", preferred, (range_note,)), warnings
    return Fact("python version", DEFAULT_PYTHON, (DEFAULT,)), warnings


def _render_python(repo: Repo) -> tuple[str, Evidence] | None:
    """Render's PYTHON_VERSION (render.yaml ``envVars``: ``key: PYTHON_VERSION`` then ``value``)."""
    name = next((n for n in ("render.yaml", "render.yml") if repo.is_file(n)), None)
    if name is None:
        return None
    lines = repo.lines(name)
    for number, line in enumerate(lines, start=1):
        if re.match(r"^\s*-?\s*key:\s*[\"']?PYTHON_VERSION[\"']?\s*$", line):
            for offset, after_line in enumerate(lines[number : number + 2], start=number + 1):
                m = re.match(r"^\s*value:\s*[\"']?(\d+\.\d+)", after_line)
                if m:
                    return m[1], Evidence(name, offset, f"PYTHON_VERSION {m[1]}")
    return None


def _warn_wheels(
    releases: tuple[Release, ...], version: str, evidence: Evidence, warnings: list[str]
) -> None:
    """A pinned line some locked binary package has no wheel for: it compiles there (or fails)."""
    for r in pythons.missing_wheels(releases, version):
        cov = wheels.coverage(r.files, [x.version for x in lifecycles.lines("python")])
        warnings.append(
            f"{r.name} {r.version} ({r.evidence.where()}) has wheels for {wheels.span(cov.linux or ())} "
            f"but not for Python {version} ({evidence.where()}): it builds from source there, which "
            "needs its build headers and often fails for old releases; upgrade it or pin another Python"
        )


def _warn_line(version: str, evidence: Evidence, warnings: list[str]) -> None:
    """Say when the line is past its end of life, or newer than the lines genfile knows."""
    if lifecycles.end_of_life("python", version):
        warnings.append(
            f"Python {version} ({evidence.where()}) is end-of-life: it gets no security fixes; "
            f"move to {DEFAULT_PYTHON} (or any of {', '.join(SUPPORTED)}) and pin it with --python-version"
        )
    elif version not in RELEASED:
        warnings.append(
            f"Python {version} ({evidence.where()}) is newer than the lines genfile knows; "
            f"if python:{version}-slim does not exist yet, choose one of {', '.join(SUPPORTED)} "
            "with --python-version"
        )
