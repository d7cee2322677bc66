"""What a lockfile records about each locked release: its files, its Python range, its date.

``uv.lock``, ``poetry.lock`` and ``pdm.lock`` list, per package, the files of the locked
version (wheel names carry the Python lines they install on: :mod:`.wheels`), and uv also
records when each file was uploaded. Pins without such data (``requirements.txt``,
``Pipfile.lock``) are asked of the package index instead (:mod:`.index`). A dependency taken
from git needs git in the build stage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from genfile.detectors.python.requirements import normalize
from genfile.errors import ManifestError
from genfile.evidence import Evidence
from genfile.repo import Repo

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Release:
    """One pinned package as the project locks it (or the index describes it)."""

    name: str  # normalised
    version: str
    files: tuple[str, ...]  # file names (wheels and sdists)
    requires_python: str | None
    released: str | None  # ISO date of its first upload, when known
    evidence: Evidence
    git: bool = False


def _filename(entry: object) -> str | None:
    if not isinstance(entry, dict):
        return None
    raw = entry.get("file") or entry.get("url") or entry.get("filename")
    return raw.rsplit("/", 1)[-1].split("#", 1)[0] if isinstance(raw, str) else None


def _earliest(times: list[object]) -> str | None:
    dates = sorted(t[:10] for t in times if isinstance(t, str) and _DATE.match(t))
    return dates[0] if dates else None


def _lines(repo: Repo, rel: str) -> dict[str, int]:
    """The line of each ``name = "..."`` in a lockfile (first occurrence), for evidence."""
    found: dict[str, int] = {}
    try:
        for number, line in enumerate(repo.lines(rel), start=1):
            m = re.match(r'^name\s*=\s*"([^"]+)"', line)
            if m:
                found.setdefault(normalize(m[1]), number)
    except ManifestError:
        pass
    return found


def _packages(data: dict[str, Any]) -> list[dict[str, Any]]:
    packages = data.get("package", [])
    return (
        [p for p in packages if isinstance(p, dict) and isinstance(p.get("name"), str)]
        if isinstance(packages, list)
        else []
    )


def uv(repo: Repo) -> list[Release]:
    data = repo.toml("uv.lock")
    where = _lines(repo, "uv.lock")
    out = []
    for p in _packages(data):
        source = p.get("source", {}) if isinstance(p.get("source"), dict) else {}
        if "editable" in source or "virtual" in source or "path" in source or "directory" in source:
            continue  # the project or a workspace member: built here, not downloaded
        wheels = p.get("wheels", []) if isinstance(p.get("wheels"), list) else []
        sdist = p.get("sdist") if isinstance(p.get("sdist"), dict) else None
        entries = [*wheels, *([sdist] if sdist else [])]
        name = normalize(p["name"])
        out.append(
            Release(
                name,
                str(p.get("version", "")),
                tuple(f for f in map(_filename, entries) if f),
                None,
                _earliest([e.get("upload-time") for e in entries if isinstance(e, dict)]),
                Evidence("uv.lock", where.get(name), f"{name} {p.get('version', '')}"),
                git="git" in source,
            )
        )
    return out


def poetry(repo: Repo) -> list[Release]:
    data = repo.toml("poetry.lock")
    where = _lines(repo, "poetry.lock")
    legacy = data.get("metadata", {}).get("files", {}) if isinstance(data.get("metadata"), dict) else {}
    out = []
    for p in _packages(data):
        name = normalize(p["name"])
        source = p.get("source", {}) if isinstance(p.get("source"), dict) else {}
        if source.get("type") in ("directory", "file"):
            continue
        files = p.get("files") if isinstance(p.get("files"), list) else legacy.get(p["name"], [])
        python = p.get("python-versions")
        out.append(
            Release(
                name,
                str(p.get("version", "")),
                tuple(f for f in map(_filename, files if isinstance(files, list) else []) if f),
                python if isinstance(python, str) and python != "*" else None,
                None,
                Evidence("poetry.lock", where.get(name), f"{name} {p.get('version', '')}"),
                git=source.get("type") == "git",
            )
        )
    return out


def pdm(repo: Repo) -> list[Release]:
    data = repo.toml("pdm.lock")
    where = _lines(repo, "pdm.lock")
    out = []
    for p in _packages(data):
        name = normalize(p["name"])
        if "path" in p or p.get("editable"):
            continue
        files: list[Any] = p["files"] if isinstance(p.get("files"), list) else []
        python = p.get("requires_python")
        out.append(
            Release(
                name,
                str(p.get("version", "")),
                tuple(f for f in map(_filename, files) if f),
                python if isinstance(python, str) and python else None,
                None,
                Evidence("pdm.lock", where.get(name), f"{name} {p.get('version', '')}"),
                git="git" in p,
            )
        )
    return out


def pdm_exportable(repo: Repo) -> bool:
    """Whether ``pdm export`` accepts the lock: it needs the markers that the
    ``inherit_metadata`` strategy records (PDM 2.11+ locks); older locks are synced instead."""
    data = repo.toml("pdm.lock")
    meta = data.get("metadata", {}) if isinstance(data.get("metadata"), dict) else {}
    strategy = meta.get("strategy", [])
    return isinstance(strategy, list) and "inherit_metadata" in strategy


def read(repo: Repo, manager: str) -> list[Release]:
    """The locked releases for the project's tool (empty when it has no lockfile)."""
    try:
        if manager == "uv" and repo.is_file("uv.lock"):
            return uv(repo)
        if manager == "poetry" and repo.is_file("poetry.lock"):
            return poetry(repo)
        if manager == "pdm" and repo.is_file("pdm.lock"):
            return pdm(repo)
    except (ManifestError, AttributeError, TypeError):
        return []
    return []
