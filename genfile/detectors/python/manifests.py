"""Which tool manages the dependencies, which files pin them, and what they are.

A lockfile is the strongest statement a project makes, so it decides the tool: ``uv.lock`` →
uv, ``poetry.lock`` → Poetry, ``pdm.lock`` → PDM, ``Pipfile.lock`` → Pipenv; then
requirements files (pip), then a PEP 621 ``pyproject.toml``, then ``setup.py``/``setup.cfg``.
Installs always follow the lockfile (frozen/locked), never a fresh resolution.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from genfile import validate
from genfile.detectors.python import requirements
from genfile.detectors.python.requirements import normalize
from genfile.errors import ManifestError
from genfile.evidence import Evidence
from genfile.repo import Repo

_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")
_PLAIN_DIR = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9._/-]{0,200}$")
# Dependency groups and extras that are for developing, not for running the app.
DEV_GROUPS = frozenset(
    {
        "dev",
        "develop",
        "development",
        "test",
        "tests",
        "testing",
        "lint",
        "linting",
        "docs",
        "doc",
        "typing",
        "types",
        "mypy",
        "ci",
        "format",
        "style",
        "qa",
        "coverage",
        "bench",
        "benchmark",
        "local",
        "debug",
        "notebook",
        "notebooks",
    }
)


@dataclass(frozen=True)
class Group:
    """A named set of optional dependencies the project declares: a PEP 735 dependency group,
    a PEP 621 extra, or a Poetry group."""

    kind: str  # group | extra | poetry
    name: str
    packages: frozenset[str]  # normalised names
    evidence: Evidence

    @property
    def for_development(self) -> bool:
        return normalize(self.name) in DEV_GROUPS


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
    # Exact pins no lockfile describes (requirements, Pipfile.lock): asked of the index.
    pins: tuple[tuple[str, str, Evidence], ...] = ()
    exact: bool = False  # every requirement is pinned exactly: the file is a lock, dated by its pins
    git: tuple[Evidence, ...] = ()  # dependencies cloned from git: the build stage needs git
    index_url: tuple[str, Evidence] | None = None  # an --index-url the requirements name
    groups: tuple[Group, ...] = ()
    members: tuple[str, ...] = ()  # uv workspace members (folders holding a pyproject.toml)
    # Packages the default install puts in the environment (lock closure of the main
    # dependencies; the direct ones without a lock). None: not known beyond ``direct``.
    installed: frozenset[str] | None = field(default=None, compare=False)


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


def _main_locked(repo: Repo, rel: str, main: str, extra: tuple[str, ...] = ()) -> frozenset[str] | None:
    """Packages a Poetry or PDM lock marks as part of the main group (``groups = ["main"]``,
    older Poetry ``category = "main"``), plus those of the ``extra`` groups; None when the
    lock does not say."""
    data = repo.toml(rel)
    found, marked = set(), False
    for p in data.get("package", []):
        if not isinstance(p, dict) or not isinstance(p.get("name"), str):
            continue
        member = p.get("groups") if isinstance(p.get("groups"), list) else None
        category = p.get("category") if isinstance(p.get("category"), str) else None
        if member is None and category is None:
            continue
        marked = True
        names = set(member or []) | ({category} if category else set())
        if main in names or names & set(extra):
            found.add(normalize(p["name"]))
    return frozenset(found) if marked else None


def _specs(entries: object) -> set[str]:
    """Names in a list of PEP 508 strings (``{include-group = ...}`` tables are skipped)."""
    return _names([e for e in entries if isinstance(e, str)] if isinstance(entries, list) else [])


def groups(repo: Repo, pp: dict[str, Any]) -> tuple[Group, ...]:
    """Every dependency group, extra and Poetry group the pyproject declares."""
    if not pp:
        return ()
    found: list[Group] = []

    lines = repo.lines("pyproject.toml")

    def add(kind: str, name: object, packages: set[str], pattern: str, header: str | None = None) -> None:
        if (
            isinstance(name, str)
            and validate.is_printable(name)
            and re.fullmatch(r"[A-Za-z0-9._-]{1,60}", name)
        ):
            start = next((i for i, x in enumerate(lines) if header and re.match(header, x)), 0)
            line = next((i + 1 for i, x in enumerate(lines) if i >= start and re.search(pattern, x)), None)
            found.append(
                Group(kind, name, frozenset(packages), Evidence("pyproject.toml", line, f"{kind} {name}"))
            )

    table = pp.get("dependency-groups")
    for name, entries in table.items() if isinstance(table, dict) else ():
        add("group", name, _specs(entries), rf"^{re.escape(str(name))}\s*=", r"^\[dependency-groups\]")
    project = pp.get("project", {}) if isinstance(pp.get("project"), dict) else {}
    extras = project.get("optional-dependencies")
    for name, entries in extras.items() if isinstance(extras, dict) else ():
        add(
            "extra",
            name,
            _specs(entries),
            rf"^{re.escape(str(name))}\s*=",
            r"^\[project\.optional-dependencies\]",
        )
    poetry = pp.get("tool", {}).get("poetry", {}) if isinstance(pp.get("tool"), dict) else {}
    poetry_groups = poetry.get("group", {}) if isinstance(poetry, dict) else {}
    for name, body in poetry_groups.items() if isinstance(poetry_groups, dict) else ():
        deps = body.get("dependencies", {}) if isinstance(body, dict) else {}
        names = {normalize(n) for n in deps if isinstance(n, str)} if isinstance(deps, dict) else set()
        add("poetry", name, names, rf"^\[tool\.poetry\.group\.{re.escape(str(name))}")
    return tuple(found)


def uv_members(repo: Repo, pp: dict[str, Any]) -> tuple[str, ...]:
    """The folders of a uv workspace's members (each with its pyproject.toml), in order."""
    workspace = (
        pp.get("tool", {}).get("uv", {}).get("workspace") if isinstance(pp.get("tool"), dict) else None
    )
    if not isinstance(workspace, dict):
        return ()
    patterns = [m for m in workspace.get("members", []) if isinstance(m, str)]
    excluded = [m for m in workspace.get("exclude", []) if isinstance(m, str)]
    members: list[str] = []
    for pattern in patterns:
        if pattern.startswith("/") or ".." in pattern.split("/"):
            continue
        for path in sorted(repo.root.glob(pattern)):
            rel = path.relative_to(repo.root).as_posix()
            if (
                _PLAIN_DIR.fullmatch(rel)
                and repo.is_file(f"{rel}/pyproject.toml")
                and not any(path.match(x) or rel == x for x in excluded)
                and rel not in members
                and rel != "."
            ):
                members.append(rel)
    return tuple(members)


def uv_installed(
    repo: Repo, project_name: str | None, groups: tuple[str, ...], extras: tuple[str, ...]
) -> frozenset[str] | None:
    """The packages ``uv sync --no-dev`` (plus ``groups`` and ``extras``) installs: the lock's
    closure from the project's own dependencies (and every workspace member's)."""
    data = repo.toml("uv.lock")
    packages = {
        normalize(p["name"]): p
        for p in data.get("package", [])
        if isinstance(p, dict) and isinstance(p.get("name"), str)
    }
    roots = [
        name
        for name, p in packages.items()
        if isinstance(p.get("source"), dict)
        and ({"virtual", "editable"} & set(p["source"]))
        and p["source"].get("virtual", p["source"].get("editable")) is not None
    ]
    if not roots:
        return None
    todo: list[tuple[str, tuple[str, ...]]] = []
    for root in roots:
        p = packages[root]
        todo += [
            (normalize(d["name"]), tuple(d.get("extra", [])))
            for d in p.get("dependencies", [])
            if isinstance(d, dict) and isinstance(d.get("name"), str)
        ]
        if project_name is None or root == normalize(project_name):
            for table, wanted in (("optional-dependencies", extras), ("dev-dependencies", groups)):
                section = p.get(table, {}) if isinstance(p.get(table), dict) else {}
                for g in wanted:
                    todo += [
                        (normalize(d["name"]), tuple(d.get("extra", [])))
                        for d in section.get(g, [])
                        if isinstance(d, dict) and isinstance(d.get("name"), str)
                    ]
    seen: set[str] = set(roots)
    while todo:
        name, wanted_extras = todo.pop()
        dep = packages.get(name)
        if name in seen and not wanted_extras:
            continue
        seen.add(name)
        if dep is None:
            continue
        todo += [
            (normalize(d["name"]), tuple(d.get("extra", [])))
            for d in dep.get("dependencies", [])
            if isinstance(d, dict) and isinstance(d.get("name"), str) and normalize(d["name"]) not in seen
        ]
        optional = (
            dep.get("optional-dependencies", {}) if isinstance(dep.get("optional-dependencies"), dict) else {}
        )
        for extra in wanted_extras:
            todo += [
                (normalize(d["name"]), ())
                for d in optional.get(extra, [])
                if isinstance(d, dict) and isinstance(d.get("name"), str) and normalize(d["name"]) not in seen
            ]
    return frozenset(seen)


def pyproject(repo: Repo) -> dict[str, Any]:
    return repo.toml("pyproject.toml") if repo.is_file("pyproject.toml") else {}


def detect(repo: Repo, pp: dict[str, Any]) -> Dependencies | None:
    project = pp.get("project", {}) if isinstance(pp.get("project"), dict) else {}
    tool = pp.get("tool", {}) if isinstance(pp.get("tool"), dict) else {}
    pep621 = _names(project.get("dependencies", []))
    warnings: list[str] = []

    declared = groups(repo, pp)
    if repo.is_file("uv.lock"):
        if not pp:
            raise ManifestError("uv.lock", "has no pyproject.toml beside it", fix="commit pyproject.toml")
        members = uv_members(repo, pp)
        return Dependencies(
            "uv",
            "uv",
            ("pyproject.toml", "uv.lock", *(f"{m}/pyproject.toml" for m in members)),
            None,
            frozenset(pep621),
            frozenset(_lock_packages(repo, "uv.lock")),
            (Evidence("uv.lock", None, "uv lockfile"),),
            (),
            (),
            groups=declared,
            members=members,
            installed=_safe(lambda: uv_installed(repo, project.get("name"), (), ())),
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
                groups=declared,
                installed=_safe(lambda: _main_locked(repo, "poetry.lock", "main")),
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
            groups=declared,
            installed=_safe(lambda: _main_locked(repo, "pdm.lock", "default")),
        )

    if repo.is_file("Pipfile") or repo.is_file("Pipfile.lock"):
        pipfile = repo.toml("Pipfile") if repo.is_file("Pipfile") else {}
        packages = pipfile.get("packages", {}) if isinstance(pipfile.get("packages"), dict) else {}
        direct = {normalize(n) for n in packages if isinstance(n, str)}
        git = [
            Evidence("Pipfile", repo.find_line("Pipfile", rf"^{re.escape(n)}\s*="), f"{n} from git")
            for n, spec in packages.items()
            if isinstance(n, str) and isinstance(spec, dict) and "git" in spec
        ]
        if repo.is_file("Pipfile.lock"):
            lock = repo.json("Pipfile.lock")
            default = lock.get("default", {}) if isinstance(lock, dict) else {}
            default = default if isinstance(default, dict) else {}
            locked = {normalize(n) for n in default if isinstance(n, str)}
            manifests = tuple(f for f in ("Pipfile", "Pipfile.lock") if repo.is_file(f))
            pins = []
            for n, spec in default.items():
                if not isinstance(n, str) or not isinstance(spec, dict):
                    continue
                version = spec.get("version")
                if isinstance(version, str) and version.startswith("==") and "*" not in version:
                    line = repo.find_line("Pipfile.lock", rf'^\s*"{re.escape(n)}"\s*:')
                    pins.append((normalize(n), version[2:], Evidence("Pipfile.lock", line, f"{n}{version}")))
                if "git" in spec and not any(e.note.startswith(f"{n} ") for e in git):
                    line = repo.find_line("Pipfile.lock", rf'^\s*"{re.escape(n)}"\s*:')
                    git.append(Evidence("Pipfile.lock", line, f"{n} from git"))
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
                pins=tuple(pins),
                exact=bool(pins),
                git=tuple(git),
                installed=frozenset(locked),
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
        pinned = tuple((r.name, r.version, r.evidence) for r in reqs.requirements if r.version)
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
            pins=pinned,
            exact=bool(pinned) and len(pinned) == len(reqs.requirements),
            git=tuple(r.evidence for r in reqs.requirements if r.git),
            index_url=reqs.index_url,
            installed=_implied(reqs.requirements),
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
            groups=declared,
            installed=frozenset(pep621) | _implied_specs(project.get("dependencies", [])),
            git=_git_specs(repo, project.get("dependencies", [])),
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


def _safe(compute: Any) -> Any:
    try:
        return compute()
    except (ManifestError, AttributeError, TypeError, KeyError):
        return None


# Extras that bring a server with them (fastapi[standard] installs uvicorn and fastapi-cli).
_EXTRA_SERVERS = {
    ("fastapi", "standard"): ("uvicorn", "fastapi-cli"),
    ("litestar", "standard"): ("uvicorn",),
    ("uvicorn", "standard"): (),
}


def _git_specs(repo: Repo, specs: object) -> tuple[Evidence, ...]:
    """``name @ git+https://...`` in ``[project] dependencies``: cloned at install."""
    found = []
    for spec in specs if isinstance(specs, list) else []:
        m = (
            re.match(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]{0,100})[^@]{0,200}@\s*git\+", spec)
            if isinstance(spec, str)
            else None
        )
        if m:
            line = repo.find_line("pyproject.toml", re.compile(re.escape(m[1]) + r"[^\n]*git\+"))
            found.append(Evidence("pyproject.toml", line, f"{m[1]} from git"))
    return tuple(found)


def _implied_specs(specs: object) -> frozenset[str]:
    """What the extras of ``[project] dependencies`` strings bring (``fastapi[standard]``)."""
    names: set[str] = set()
    for spec in specs if isinstance(specs, list) else []:
        if not isinstance(spec, str):
            continue
        m = re.match(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]{0,100})\s*\[([^\]]{0,200})\]", spec)
        if m is None:
            continue
        for extra in m[2].split(","):
            names.update(_EXTRA_SERVERS.get((normalize(m[1]), extra.strip().lower()), ()))
    return frozenset(names)


def _implied(reqs: list[requirements.Requirement]) -> frozenset[str]:
    names = {r.name for r in reqs}
    for r in reqs:
        for extra in r.extras:
            names.update(_EXTRA_SERVERS.get((r.name, extra), ()))
    return frozenset(names)


def script_only(repo: Repo) -> Dependencies:
    """A project with no dependency file at all: a script on the standard library."""
    return Dependencies(
        "none",
        "none",
        (),
        None,
        frozenset(),
        frozenset(),
        (Evidence(None, None, "no dependency file: the standard library only"),),
        (),
        (),
        installed=frozenset(),
    )


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
