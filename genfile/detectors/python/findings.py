"""Everything the Python detector reads from a project, in one pass, as typed findings.

Reading is kept apart from judging: :func:`find` touches the repository; the facts, warnings
and the plan are derived from its :class:`PythonFindings` by pure functions.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Any

from genfile.detection import Findings
from genfile.detectors.python import entrypoint, manifests, native, versions
from genfile.detectors.python.manifests import Dependencies
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

    @property
    def names(self) -> set[str]:
        """Every dependency the project names or locks (normalised)."""
        return set(self.deps.direct) | set(self.deps.locked)

    @property
    def install_project(self) -> bool:
        """Install the project itself: setuptools projects, and a console script's package."""
        return self.deps.source == "setuptools" or (
            self.entry is not None and self.entry.kind == "script" and self.installable
        )


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


def find(repo: Repo) -> PythonFindings | None:
    """Read the project (None: it is not a Python project)."""
    for name in LOOKS_FOR:
        if repo.is_dir(name):
            raise ManifestError(name, "is a folder, expected a file", fix="remove or rename it")
    if not any(repo.is_file(f) for f in LOOKS_FOR) and not repo.is_dir("requirements"):
        return None
    pp = manifests.pyproject(repo)
    deps = manifests.detect(repo, pp)
    if deps is None:
        return None
    pipfile = repo.toml("Pipfile") if repo.is_file("Pipfile") else None
    version, version_warnings = versions.detect(repo, _requires_python(repo, pp), pipfile)
    name = _project_name(repo, pp)
    entry = entrypoint.find(repo, set(deps.direct), _scripts(pp), name)
    natives = native.native_deps(set(deps.direct) | set(deps.locked))
    return PythonFindings(
        project_name=name,
        deps=deps,
        version=version,
        version_warnings=tuple(version_warnings),
        entry=entry,
        installable=_installable(pp, deps),
        natives=natives,
        native_evidence=tuple(
            dataclasses.replace(manifests.locate(repo, deps, d.package), note=d.why) for d in natives
        ),
        readme=_readme(repo, pp),
        venv_dirs=_venv_dirs(repo),
    )
