"""Everything the Python detector reads from a project, in one pass, as typed findings.

Reading is kept apart from judging: :func:`find` touches the repository; the facts, warnings
and the plan are derived from its :class:`PythonFindings` by pure functions.
"""

from __future__ import annotations

import dataclasses
import os
import posixpath
import re
import sys
from dataclasses import dataclass, field
from typing import Any

from genfile.detection import Findings
from genfile.detectors.python import (
    code,
    entrypoint,
    index,
    locks,
    manifests,
    native,
    pythons,
    versions,
    writes,
)
from genfile.detectors.python.locks import Release
from genfile.detectors.python.manifests import Dependencies, Group
from genfile.errors import ManifestError
from genfile.evidence import Evidence, Fact
from genfile.repo import Repo

LOOKS_FOR = (
    "pyproject.toml",
    "requirements.txt",
    "Pipfile",
    "uv.lock",
    "poetry.lock",
    "pdm.lock",
    "setup.py",
    "setup.cfg",
)
_PROJECT_NAME = re.compile(r"[A-Za-z0-9]([A-Za-z0-9._-]{0,98}[A-Za-z0-9])?")
_PLAIN_PATH = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9._/-]{0,200}$")
_SCRIPT_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
APP_DIR = "/app"
# Servers that run an app from the command line: a start command that names one needs it installed.
SERVERS = ("gunicorn", "uvicorn", "hypercorn", "daphne", "granian", "waitress")


@dataclass(frozen=True)
class PythonFindings(Findings):
    """What a Python project says about itself."""

    project_name: str
    deps: Dependencies
    version: Fact  # the Python line, with the evidence that chose it
    version_warnings: tuple[str, ...]
    entry: entrypoint.Entry | None
    installable: bool  # the project is a package (pip can install it for its console scripts)
    natives: tuple[native.NativeDep, ...]
    native_evidence: tuple[Evidence, ...]  # the manifest line naming each native dependency
    readme: str | None  # the readme the build backend reads, when it exists
    venv_dirs: tuple[str, ...]  # virtual environments committed at the top of the project
    releases: tuple[Release, ...] = ()  # pinned releases with their files (lockfile or index)
    lookup: index.Lookup | None = None  # what the index answered for unlocked pins
    server_groups: tuple[Group, ...] = ()  # groups/extras installed because they hold the server
    writes: writes.Writes = field(default_factory=lambda: writes.Writes((), ()))
    extra_warnings: tuple[str, ...] = ()  # imports no dependency file names, ...
    pdm_exportable: bool = True  # pdm.lock records markers: exported; else PDM syncs it itself

    @property
    def names(self) -> set[str]:
        """Every dependency the project names or locks (normalised)."""
        return set(self.deps.direct) | set(self.deps.locked)

    @property
    def install_project(self) -> bool:
        """Install the project itself: setuptools projects, a console script's package, and a
        uv workspace (its members are installed from the source)."""
        return (
            self.deps.source == "setuptools"
            or bool(self.deps.members)
            or (self.entry is not None and self.entry.kind == "script" and self.installable)
        )

    @property
    def installed(self) -> frozenset[str]:
        """What the default install puts in the environment, plus the groups chosen for the server."""
        base = self.deps.installed if self.deps.installed is not None else self.deps.direct
        return base.union(*(g.packages for g in self.server_groups))

    @property
    def copy_source(self) -> bool:
        """The final image needs the source tree (not only the installed environment)."""
        return not (self.install_project and self.entry is not None and self.entry.kind == "script")

    @property
    def git(self) -> tuple[Evidence, ...]:
        """Dependencies cloned from git: the build stage needs git."""
        from_lock = tuple(r.evidence for r in self.releases if r.git)
        return self.deps.git + tuple(e for e in from_lock if e not in self.deps.git)


def _scripts(pp: dict[str, Any]) -> dict[str, tuple[str, Evidence]]:
    found: dict[str, tuple[str, Evidence]] = {}
    tables = [
        ("project.scripts", pp.get("project", {}).get("scripts")),
        ("tool.poetry.scripts", pp.get("tool", {}).get("poetry", {}).get("scripts")),
    ]
    for label, table in tables:
        for name, target in (table or {}).items() if isinstance(table, dict) else ():
            if isinstance(target, dict):
                target = target.get("reference", "")
            if isinstance(name, str) and isinstance(target, str) and _SCRIPT_NAME.fullmatch(name):
                found.setdefault(name, (target, Evidence("pyproject.toml", None, f"[{label}] {name}")))
    return found


def _installable(pp: dict[str, Any], deps: Dependencies) -> bool:
    """Can the project itself be installed as a package (to get its console scripts)?"""
    tool = pp.get("tool", {})
    if deps.manager == "poetry":
        return tool.get("poetry", {}).get("package-mode", True) is not False
    if deps.manager == "uv" and tool.get("uv", {}).get("package") is False:
        return False
    if deps.manager == "pdm" and tool.get("pdm", {}).get("distribution") is False:
        return False
    return "build-system" in pp or deps.source == "setuptools"


def _project_name(repo: Repo, pp: dict[str, Any]) -> str:
    """The declared name when it is a valid PEP 508 project name, else the folder's name."""
    project = pp.get("project", {}) if isinstance(pp.get("project"), dict) else {}
    poetry = pp.get("tool", {}).get("poetry", {})
    declared = project.get("name") or (poetry.get("name") if isinstance(poetry, dict) else None)
    if isinstance(declared, str) and _PROJECT_NAME.fullmatch(declared):
        return declared
    return repo.root.name


def _requires_python(repo: Repo, pp: dict[str, Any]) -> tuple[str, Evidence] | None:
    project = pp.get("project", {}) if isinstance(pp.get("project"), dict) else {}
    poetry = pp.get("tool", {}).get("poetry", {})
    requires = project.get("requires-python")
    if not isinstance(requires, str) and isinstance(poetry, dict):
        requires = poetry.get("dependencies", {}).get("python")
    if not isinstance(requires, str):
        return None
    line = repo.find_line("pyproject.toml", r"requires-python|^python\s*=")
    return requires, Evidence("pyproject.toml", line, f"requires-python {requires}")


def _readme(repo: Repo, pp: dict[str, Any]) -> str | None:
    """The readme pyproject names (the build backend reads it): a plain path that exists, as it
    becomes a .dockerignore re-include line."""
    project = pp.get("project", {}) if isinstance(pp.get("project"), dict) else {}
    readme = project.get("readme")
    if isinstance(readme, dict):
        readme = readme.get("file")
    if isinstance(readme, str) and _PLAIN_PATH.fullmatch(readme) and repo.is_file(readme):
        return readme
    return None


def _venv_dirs(repo: Repo) -> tuple[str, ...]:
    return tuple(
        sorted(
            d.name
            for d in repo.root.iterdir()
            if _PLAIN_PATH.fullmatch(d.name) and not d.is_symlink() and (d / "pyvenv.cfg").is_file()
        )
    )


def _releases(repo: Repo, deps: Dependencies) -> tuple[tuple[Release, ...], index.Lookup | None]:
    """The pinned releases with their files: from the lockfile, else asked of the index."""
    if deps.manager in ("uv", "poetry", "pdm"):
        return tuple(locks.read(repo, deps.manager)), None
    if not deps.pins:
        return (), None
    lookup = index.releases(deps.pins, index.configured(deps.index_url))
    return lookup.releases, lookup


def _server_groups(deps: Dependencies, entry: entrypoint.Entry | None) -> tuple[Group, ...]:
    """A server the start command needs, declared in a group or extra rather than the main
    dependencies: that group is installed with them (not replaced by a pinned copy)."""
    if entry is None:
        return ()
    needed = entry.server or next((s for s in SERVERS if entry.command[:1] == (s,)), None)
    base = deps.installed if deps.installed is not None else deps.direct
    if needed is None or needed in base:
        return ()
    for group in deps.groups:
        if (
            needed in group.packages
            and not group.for_development
            and (group.kind != "poetry" or deps.manager == "poetry")
        ):
            return (group,)
    return ()


def _flask_instance(entry: entrypoint.Entry | None, installed_only: bool, project: str) -> str | None:
    if entry is None or entry.kind != "flask" or not entry.app_file:
        return None
    located = code.module_of(entry.app_file)
    if located is None:
        return None
    module, base = located
    if installed_only:
        return f"{APP_DIR}/.venv/var/{module.split('.')[0]}-instance"
    return posixpath.join(APP_DIR, base or "", "instance")


def _workdir(entry: entrypoint.Entry | None) -> str:
    if entry is not None and "--chdir" in entry.command:
        i = entry.command.index("--chdir")
        if i + 1 < len(entry.command):
            return posixpath.join(APP_DIR, entry.command[i + 1])
    return APP_DIR


def _writes(
    repo: Repo, f_entry: entrypoint.Entry | None, names: set[str], installed_only: bool, project: str
) -> writes.Writes:
    if f_entry is None:
        return writes.Writes((), ())
    files = code.sources(repo)[:300]
    found = writes.find(
        repo,
        files,
        _workdir(f_entry),
        _flask_instance(f_entry, installed_only, project),
        "flask-sqlalchemy" in names,
    )
    s = f_entry.settings
    extra: list[tuple[str, Evidence]] = []
    if s is not None:
        base = posixpath.join(APP_DIR, f_entry.workdir)
        if s.media:
            extra.append(
                (
                    posixpath.join(base, s.media[0]),
                    dataclasses.replace(s.media[1], note=f"MEDIA_ROOT: {s.media[1].note}"),
                )
            )
        if s.sqlite and s.sqlite[0]:
            extra.append(
                (
                    posixpath.join(base, s.sqlite[0]),
                    dataclasses.replace(s.sqlite[1], note=f"SQLite database: {s.sqlite[1].note}"),
                )
            )
    if not extra:
        return found
    folders = dict(found.folders)
    for path, ev in extra:
        folders.setdefault(path, ev)
    return writes.Writes(tuple(sorted(folders.items())), found.files)


def _unlisted_imports(repo: Repo, script: str) -> list[str]:
    """Third-party modules a script with no dependency file imports."""
    stdlib = getattr(sys, "stdlib_module_names", None)
    if stdlib is None:
        return []
    out = []
    for number, line in enumerate(repo.lines(script), start=1):
        m = re.match(r"^(?:import|from)\s+([A-Za-z_]\w*)", line)
        if m and m[1] not in stdlib and not repo.is_file(f"{m[1]}.py") and not repo.is_dir(m[1]):
            out.append(
                f"{script}:{number}: imports {m[1]}, which no dependency file names: add a requirements.txt, "
                "or the image will not have it"
            )
    return out[:5]


def find(repo: Repo) -> PythonFindings | None:
    """Read the project (None: it is not a Python project)."""
    for name in LOOKS_FOR:
        if repo.is_dir(name):
            raise ManifestError(name, "is a folder, expected a file", fix="remove or rename it")
        if os.path.lexists(repo.root / name) and not repo.is_file(name):
            raise ManifestError(name, "points outside the project", fix="replace the link with a file")
    lone = None
    if not any(repo.is_file(f) for f in LOOKS_FOR) and not repo.is_dir("requirements"):
        lone = entrypoint.lone_script(repo)
        if lone is None:
            return None
    pp = manifests.pyproject(repo)
    deps = manifests.detect(repo, pp) if lone is None else manifests.script_only(repo)
    if deps is None:
        return None
    releases, lookup = _releases(repo, deps)
    pipfile = repo.toml("Pipfile") if repo.is_file("Pipfile") else None
    source = (
        deps.manifests[-1]
        if deps.manager in ("uv", "poetry", "pdm") and deps.manifests
        else (deps.requirements_file or (deps.manifests[0] if deps.manifests else ""))
    )
    lock_file = {"uv": "uv.lock", "poetry": "poetry.lock", "pdm": "pdm.lock"}.get(deps.manager, source)
    version, version_warnings = versions.detect(
        repo,
        _requires_python(repo, pp),
        pipfile,
        releases,
        exact=deps.exact or deps.manager in ("uv", "poetry", "pdm", "pipenv"),
        source=lock_file,
    )
    if lookup is not None and lookup.failed:
        version_warnings.append(
            f"the package index did not describe {', '.join(lookup.failed[:5])}"
            f"{' and others' if len(lookup.failed) > 5 else ''}: "
            "the Python line was chosen without their files"
        )
    name = _project_name(repo, pp)
    entry = entrypoint.find(repo, set(deps.direct), _scripts(pp), name, deps.installed)
    line = str(version.value)
    compiled = {r.name: pythons.compiles(r, line) for r in releases}
    natives = native.native_deps(set(deps.direct) | set(deps.locked), compiled, set(deps.direct))
    installable = _installable(pp, deps)
    partial = PythonFindings(
        project_name=name,
        deps=deps,
        version=version,
        version_warnings=tuple(version_warnings),
        entry=entry,
        installable=installable,
        natives=natives,
        native_evidence=tuple(
            dataclasses.replace(manifests.locate(repo, deps, d.package), note=d.why) for d in natives
        ),
        readme=_readme(repo, pp),
        venv_dirs=_venv_dirs(repo),
        releases=releases,
        lookup=lookup,
        server_groups=_server_groups(deps, entry),
        extra_warnings=tuple(_unlisted_imports(repo, lone)) if lone else (),
        pdm_exportable=deps.manager != "pdm" or locks.pdm_exportable(repo),
    )
    found = _writes(repo, entry, set(partial.names), not partial.copy_source, name)
    return dataclasses.replace(partial, writes=found)
