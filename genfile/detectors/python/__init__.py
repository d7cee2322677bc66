"""Python: detect a Python project and plan its image.

Reads what the project says about itself (lockfiles, pyproject, requirements, Procfile, the
code that creates the app object) and turns it into a :class:`PythonPlan` that the
``python-*`` stacks render.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Any

from genfile.detection import Detection
from genfile.detectors.python import entrypoint, manifests, native, versions
from genfile.detectors.python.manifests import Dependencies
from genfile.errors import ManifestError
from genfile.evidence import Evidence, Fact
from genfile.plan import PORT, BuildPlan
from genfile.repo import Repo
from genfile.stacks import Stack

ECOSYSTEM = "python"
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


@dataclass(frozen=True)
class PythonFindings:
    """Everything the Python detector found, for the planner."""

    deps: Dependencies
    version: str
    entry: entrypoint.Entry | None
    install_project: bool
    natives: tuple[native.NativeDep, ...]
    readme: str | None
    venv_dirs: tuple[str, ...]


@dataclass(frozen=True)
class PythonPlan:
    """The Python-specific half of the build plan, read by the ``python-*`` templates."""

    source: str  # requirements | uv | poetry | pipenv | pdm | pyproject | setuptools
    manifests: tuple[str, ...]
    requirements_file: str | None
    install_project: bool  # install the project itself into the venv (console scripts)
    copy_source: bool  # the final image needs the source tree (not only the venv)
    extra_packages: tuple[str, ...]  # servers the app needs but does not depend on (pinned)
    extras_with_requirements: bool  # extra_packages join the requirements' pip run (one resolve)
    tool: str | None  # build-stage tool install spec (pinned), e.g. "uv==0.9.5"
    natives: tuple[native.NativeDep, ...]
    keep: tuple[str, ...]  # files .dockerignore must never exclude
    ignore_extra: tuple[str, ...]  # project-specific folders to exclude (virtualenvs)

    @property
    def needs_compiler(self) -> bool:
        return any(d.compiles for d in self.natives)

    @property
    def debian_runtime_packages(self) -> tuple[str, ...]:
        return tuple(sorted({p for d in self.natives for p in d.debian_runtime}))

    @property
    def alpine_build_packages(self) -> tuple[str, ...]:
        return tuple(sorted({p for d in self.natives if d.compiles for p in d.alpine_build}))

    @property
    def alpine_runtime_packages(self) -> tuple[str, ...]:
        return tuple(sorted({p for d in self.natives for p in d.alpine_runtime}))

    @property
    def manifest_copies(self) -> tuple[tuple[tuple[str, ...], str], ...]:
        """Manifests grouped by folder: one ``COPY`` per destination keeps paths intact."""
        groups: dict[str, list[str]] = {}
        for path in self.manifests:
            folder = path.rpartition("/")[0]
            groups.setdefault(f"{folder}/" if folder else "./", []).append(path)
        return tuple((tuple(files), dest) for dest, files in groups.items())


_PROJECT_NAME = re.compile(r"[A-Za-z0-9]([A-Za-z0-9._-]{0,98}[A-Za-z0-9])?")
_PLAIN_PATH = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9._/-]{0,200}$")
_SCRIPT_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


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


def detect(repo: Repo) -> Detection | None:
    for name in LOOKS_FOR:
        if repo.is_dir(name):
            raise ManifestError(name, "is a folder, expected a file", fix="remove or rename it")
    if not any(repo.is_file(f) for f in LOOKS_FOR) and not repo.is_dir("requirements"):
        return None
    pp = manifests.pyproject(repo)
    deps = manifests.detect(repo, pp)
    if deps is None:
        return None
    warnings = list(deps.warnings)
    project = pp.get("project", {}) if isinstance(pp.get("project"), dict) else {}
    poetry = pp.get("tool", {}).get("poetry", {})
    declared = project.get("name") or (poetry.get("name") if isinstance(poetry, dict) else None)
    # A declared name is used only if it is a valid PEP 508 project name.
    project_name = repo.root.name
    if isinstance(declared, str) and _PROJECT_NAME.fullmatch(declared):
        project_name = declared

    requires = project.get("requires-python")
    if not isinstance(requires, str) and isinstance(poetry, dict):
        requires = poetry.get("dependencies", {}).get("python")
    req_python = None
    if isinstance(requires, str):
        line = repo.find_line("pyproject.toml", r"requires-python|^python\s*=")
        req_python = (requires, Evidence("pyproject.toml", line, f"requires-python {requires}"))
    pipfile = repo.toml("Pipfile") if repo.is_file("Pipfile") else None
    version_fact, version_warnings = versions.detect(repo, req_python, pipfile)
    warnings += version_warnings

    scripts = _scripts(pp)
    entry = entrypoint.find(repo, set(deps.direct), scripts, project_name)
    names = set(deps.direct) | set(deps.locked)
    natives = native.native_deps(names)
    install_project = deps.source == "setuptools" or (
        entry is not None and entry.kind == "script" and _installable(pp, deps)
    )
    if entry is not None and entry.kind == "script" and not install_project:
        warnings.append(
            f"{entry.label} needs the project installed, but it is not a package; "
            "give the start command with --cmd"
        )
    for ev in deps.needs_source:
        if deps.source == "requirements":
            warnings.append(
                f"{ev.where()}: `{ev.note}` installs from the source tree, which is not "
                "in the dependency layer; install the project separately or drop the line"
            )

    readme = project.get("readme")
    if isinstance(readme, dict):
        readme = readme.get("file")
    # Both end up as .dockerignore lines: only plain relative paths that really exist.
    if not (isinstance(readme, str) and _PLAIN_PATH.fullmatch(readme) and repo.is_file(readme)):
        readme = None
    venvs = tuple(
        sorted(
            d.name
            for d in repo.root.iterdir()
            if _PLAIN_PATH.fullmatch(d.name) and not d.is_symlink() and (d / "pyvenv.cfg").is_file()
        )
    )
    findings = PythonFindings(deps, str(version_fact.value), entry, install_project, natives, readme, venvs)
    facts = [
        version_fact,
        Fact("package manager", deps.manager, deps.evidence),
        Fact("dependency files", deps.manifests, tuple(Evidence(f) for f in deps.manifests)),
        Fact("dependencies", tuple(sorted(deps.direct)), deps.evidence),
    ]
    if entry is not None:
        facts.append(Fact("framework", entry.label, entry.evidence))
        facts.append(
            Fact("start command", " ".join(entry.command).replace(PORT, str(entry.port)), entry.evidence)
        )
        facts.append(
            Fact(
                "port",
                entry.port,
                (entry.port_evidence,)
                if entry.port_evidence
                else (Evidence(None, None, f"default for {entry.label}"),),
            )
        )
        if entry.server and entry.server not in names:
            warnings.append(
                f"{entry.server} is not a dependency but {entry.label} needs it: genfile "
                f"installs {versions.SERVER_PINS[entry.server]} in the image"
            )
    else:
        warnings.append(
            "no start command found (no Procfile, app object, console script or main.py): give one with --cmd"
        )
    if natives:
        facts.append(
            Fact(
                "native dependencies",
                tuple(d.package for d in natives),
                tuple(
                    dataclasses.replace(manifests.locate(repo, deps, d.package), note=d.why) for d in natives
                ),
            )
        )
    risky = sorted(names & native.MUSL_RISK)
    reason = "Debian slim: glibc wheels from PyPI install without compiling"
    if risky:
        reason += f" ({', '.join(risky)} may compile from source on Alpine's musl)"
    return Detection(
        ECOSYSTEM,
        project_name,
        "python-slim",
        reason,
        tuple(facts),
        tuple(warnings),
        runnable=entry is not None,
        details=findings,
    )


def plan(detection: Detection, stack: Stack) -> BuildPlan:
    f: PythonFindings = detection.details
    deps, entry = f.deps, f.entry
    notes = list(detection.warnings)
    names = set(deps.direct) | set(deps.locked)
    if stack.os == "alpine":
        risky = sorted(names & native.MUSL_RISK)
        if risky:
            notes.append(
                f"{', '.join(risky)} may lack musl wheels and compile on Alpine "
                "(slow, needs build tools): python-slim is recommended"
            )
    extra: tuple[str, ...] = ()
    if entry is not None and entry.server and entry.server not in names:
        extra = (versions.SERVER_PINS[entry.server],)
    tool = versions.TOOL_PINS.get("uv" if deps.source == "pyproject" else deps.source)
    keep = tuple(dict.fromkeys(deps.manifests + ((f.readme,) if f.readme else ())))
    details = PythonPlan(
        source=deps.source,
        manifests=deps.manifests,
        requirements_file=deps.requirements_file,
        install_project=f.install_project,
        copy_source=not (f.install_project and entry is not None and entry.kind == "script"),
        extra_packages=extra,
        extras_with_requirements=bool(extra) and deps.source == "requirements" and not deps.hashed,
        tool=tool,
        natives=f.natives,
        keep=keep,
        ignore_extra=f.venv_dirs,
    )
    sources = {
        "language_version": detection.fact("python version").evidence[0],  # type: ignore[union-attr]
        "package_manager": deps.evidence[0],
    }
    if entry is not None:
        sources["command"] = entry.evidence[0]
        sources["port"] = entry.port_evidence or Evidence(None, None, f"default for {entry.label}")
    return BuildPlan(
        ecosystem=ECOSYSTEM,
        stack=stack,
        project_name=detection.project_name,
        language_version=f.version,
        package_manager=deps.manager,
        command=entry.command if entry else (),
        port=entry.port if entry else None,
        notes=tuple(notes),
        sources=sources,
        details=details,
    )
