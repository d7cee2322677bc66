"""Which tool manages the dependencies, which files pin them, and what they are.

A lockfile is the strongest statement a project makes, so it decides the tool: ``uv.lock`` →
uv, ``poetry.lock`` → Poetry, ``pdm.lock`` → PDM, ``Pipfile.lock`` → Pipenv; then
requirements files (pip), then a PEP 621 ``pyproject.toml``, then ``setup.py``/``setup.cfg``.
Installs always follow the lockfile (frozen/locked), never a fresh resolution.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from genfile.detectors.python import requirements
from genfile.detectors.python.requirements import normalize
from genfile.errors import ManifestError
from genfile.evidence import Evidence
from genfile.repo import Repo

_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


@dataclass(frozen=True)
class Dependencies:
    manager: str  # the tool: pip, uv, poetry, pipenv, pdm
    source: str  # how to install: requirements, uv, poetry, pipenv, pdm, pyproject, setuptools
    manifests: tuple[str, ...]  # files the dependency install reads (copied before the source)
    requirements_file: str | None
    direct: frozenset[str]  # direct runtime dependencies (normalised names)
    locked: frozenset[str]  # every package the lockfile pins (empty without a lockfile)
    evidence: tuple[Evidence, ...]
    warnings: tuple[str, ...]
    needs_source: tuple[Evidence, ...]  # entries that install from the source tree itself
    hashed: bool = False  # requirements carry --hash: pip accepts no unhashed package beside them


def _names(specs: object) -> set[str]:
    out = set()
    for spec in specs if isinstance(specs, list) else []:
        if isinstance(spec, str) and (m := _NAME.match(spec)):
            out.add(normalize(m[1]))
    return out


def _lock_packages(repo: Repo, rel: str) -> set[str]:
    data = repo.toml(rel)
    packages = data.get("package", [])
    return {normalize(p["name"]) for p in packages if isinstance(p, dict) and isinstance(p.get("name"), str)}


def pyproject(repo: Repo) -> dict[str, Any]:
    return repo.toml("pyproject.toml") if repo.is_file("pyproject.toml") else {}


def detect(repo: Repo, pp: dict[str, Any]) -> Dependencies | None:
    project = pp.get("project", {}) if isinstance(pp.get("project"), dict) else {}
    tool = pp.get("tool", {}) if isinstance(pp.get("tool"), dict) else {}
    pep621 = _names(project.get("dependencies", []))
    warnings: list[str] = []

    if repo.is_file("uv.lock"):
        if not pp:
            raise ManifestError("uv.lock", "has no pyproject.toml beside it", fix="commit pyproject.toml")
        return Dependencies(
            "uv",
            "uv",
            ("pyproject.toml", "uv.lock"),
            None,
            frozenset(pep621),
            frozenset(_lock_packages(repo, "uv.lock")),
            (Evidence("uv.lock", None, "uv lockfile"),),
            (),
            (),
        )

    poetry = tool.get("poetry") if isinstance(tool.get("poetry"), dict) else None
    if repo.is_file("poetry.lock") or poetry is not None:
        deps = poetry.get("dependencies", {}) if poetry else {}
        direct = pep621 | {normalize(n) for n in deps if isinstance(n, str) and n.lower() != "python"}
        if repo.is_file("poetry.lock"):
            return Dependencies(
                "poetry",
                "poetry",
                ("pyproject.toml", "poetry.lock"),
                None,
                frozenset(direct),
                frozenset(_lock_packages(repo, "poetry.lock")),
                (Evidence("poetry.lock", None, "Poetry lockfile"),),
                (),
                (),
            )
        warnings.append(
            "pyproject.toml uses Poetry but there is no poetry.lock: versions are resolved "
            "at build time; run `poetry lock` and commit poetry.lock"
        )
        return Dependencies(
            "pip",
            "setuptools",
            ("pyproject.toml",),
            None,
            frozenset(direct),
            frozenset(),
            (
                Evidence(
                    "pyproject.toml", repo.find_line("pyproject.toml", r"^\[tool\.poetry"), "[tool.poetry]"
                ),
            ),
            tuple(warnings),
            (Evidence("pyproject.toml"),),
        )

    if repo.is_file("pdm.lock"):
        return Dependencies(
            "pdm",
            "pdm",
            ("pyproject.toml", "pdm.lock"),
            None,
            frozenset(pep621),
            frozenset(_lock_packages(repo, "pdm.lock")),
            (Evidence("pdm.lock", None, "PDM lockfile"),),
            (),
            (),
        )

    if repo.is_file("Pipfile") or repo.is_file("Pipfile.lock"):
        pipfile = repo.toml("Pipfile") if repo.is_file("Pipfile") else {}
        direct = {normalize(n) for n in pipfile.get("packages", {}) if isinstance(n, str)}
        if repo.is_file("Pipfile.lock"):
            lock = repo.json("Pipfile.lock")
            default = lock.get("default", {}) if isinstance(lock, dict) else {}
            locked = {normalize(n) for n in default if isinstance(n, str)}
            manifests = tuple(f for f in ("Pipfile", "Pipfile.lock") if repo.is_file(f))
            return Dependencies(
                "pipenv",
                "pipenv",
                manifests,
                None,
                frozenset(direct),
                frozenset(locked),
                (Evidence("Pipfile.lock", None, "Pipenv lockfile"),),
                (),
                (),
            )
        raise ManifestError(
            "Pipfile",
            "has no Pipfile.lock beside it, so the versions are not pinned",
            fix="run `pipenv lock` and commit Pipfile.lock",
        )

    req_file = requirements.find_requirements_file(repo)
    if req_file:
        reqs = requirements.read(repo, req_file)
        direct = {r.name for r in reqs.requirements}
        return Dependencies(
            "pip",
            "requirements",
            tuple(reqs.files),
            req_file,
            frozenset(direct),
            frozenset(),
            (Evidence(req_file, None, "pip requirements"),),
            (),
            tuple(reqs.local),
            hashed=reqs.hashed,
        )

    if project:
        line = repo.find_line("pyproject.toml", r"^\[project\]")
        if "dependencies" in project.get("dynamic", []):
            return Dependencies(
                "pip",
                "setuptools",
                ("pyproject.toml",),
                None,
                frozenset(),
                frozenset(),
                (Evidence("pyproject.toml", line, "dynamic dependencies"),),
                (
                    "pyproject.toml declares its dependencies dynamic: they are installed with the "
                    "project, after the source is copied",
                ),
                (Evidence("pyproject.toml", line),),
            )
        if pep621:
            warnings.append(
                "no lockfile: versions are resolved at build time; pin them "
                "(`uv lock`, `pip-compile`) for reproducible images"
            )
        return Dependencies(
            "pip",
            "pyproject",
            ("pyproject.toml",),
            None,
            frozenset(pep621),
            frozenset(),
            (Evidence("pyproject.toml", line, "[project] dependencies"),),
            tuple(warnings),
            (),
        )

    for legacy in ("setup.py", "setup.cfg"):
        if repo.is_file(legacy):
            return Dependencies(
                "pip",
                "setuptools",
                (legacy,),
                None,
                frozenset(),
                frozenset(),
                (Evidence(legacy, None, "setuptools project"),),
                (
                    f"{legacy}: dependencies are declared in code, so they install with the project "
                    "after the source is copied (no separate dependency layer)",
                ),
                (Evidence(legacy),),
            )
    return None


def locate(repo: Repo, deps: Dependencies, name: str) -> Evidence:
    """The first manifest line that names package ``name`` (for evidence), or the manifest."""
    spelled = "[-_.]".join(re.escape(part) for part in name.split("-"))
    pattern = re.compile(rf"(?i)(^|[\s\"'=]){spelled}([\s\"'\[=<>~!;,]|$)")
    for rel in deps.manifests:
        try:
            line = repo.find_line(rel, pattern)
        except ManifestError:
            continue
        if line is not None:
            return Evidence(rel, line, name)
    return Evidence(deps.manifests[0] if deps.manifests else None, None, name)
