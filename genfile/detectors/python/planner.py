"""The Python half of the build plan: every build step decided here, as data.

One small function per way of installing (pip from requirements, uv, Poetry, Pipenv, PDM, a
PEP 621 pyproject, setuptools) returns the ``RUN`` steps of the build stage, so the
``python-*`` templates only print them (Railpack's ``python.go`` ``InstallUv``/``InstallPip``/
``InstallPoetry`` split the same way).
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass

from genfile.detectors.python import native, versions
from genfile.detectors.python.findings import PythonFindings
from genfile.plan import LanguagePlan, Mount, Step, copy_groups

VENV = "/app/.venv"
_PIP = f"pip --python {VENV}/bin/python install"
_PIP_CACHE = Mount("cache", "/root/.cache/pip")
_UV_CACHE = Mount("cache", "/root/.cache/uv")
_LOCKED = "{lock} is exported with its hashes and installed by pip: the versions are exactly the locked ones."
_EXPORTED = f"{_PIP} --no-deps --require-hashes -r /tmp/requirements.txt"


@dataclass(frozen=True)
class PythonPlan(LanguagePlan):
    """What the ``python-*`` templates print: the build stage's environment and steps, and
    what the final stage takes from it."""

    source: str  # requirements | uv | poetry | pipenv | pdm | pyproject | setuptools
    manifests: tuple[str, ...]  # copied before the source: the dependency layer's only input
    builder_env: tuple[tuple[str, str], ...]
    setup: tuple[Step, ...]  # install tools, create the environment
    install: tuple[Step, ...]  # the dependencies (and a server the app needs)
    project_install: Step | None  # the project itself, after the source is copied
    project_comment: str
    install_project: bool
    copy_source: bool  # the final image needs the source tree (not only the environment)
    extra_packages: tuple[str, ...]  # servers the app needs but does not depend on (pinned)
    natives: tuple[native.NativeDep, ...]
    keep: tuple[str, ...]  # files .dockerignore must never exclude
    ignore_extra: tuple[str, ...]  # project-specific folders to exclude (virtualenvs)
    server_reads_port: bool = False  # gunicorn without --bind: it binds 0.0.0.0:$PORT itself

    @property
    def manifest_copies(self) -> tuple[tuple[tuple[str, ...], str], ...]:
        return copy_groups(self.manifests) if self.source != "setuptools" else ()

    @property
    def compiled(self) -> tuple[str, ...]:
        """Dependencies built from source: the build stage needs a compiler for them."""
        return tuple(d.package for d in self.natives if d.compiles)

    @property
    def needs_compiler(self) -> bool:
        return bool(self.compiled)

    @property
    def debian_runtime_packages(self) -> tuple[str, ...]:
        return tuple(sorted({p for d in self.natives for p in d.debian_runtime}))

    @property
    def alpine_build_packages(self) -> tuple[str, ...]:
        return tuple(sorted({p for d in self.natives if d.compiles for p in d.alpine_build}))

    @property
    def alpine_runtime_packages(self) -> tuple[str, ...]:
        return tuple(sorted({p for d in self.natives for p in d.alpine_runtime}))


def _name(pin: str) -> str:
    return pin.split("==")[0]


def _tool(pin: str) -> Step:
    return Step(
        (f"pip install {pin}",),
        (_PIP_CACHE,),
        (
            f"{_name(pin.split()[0])} is needed only to install; it stays in this stage. "
            "Pinned for reproducible builds.",
        ),
    )


_MAKE_VENV = Step(
    (f"python -m venv --without-pip {VENV}", f"rm {VENV}/bin/[Aa]ctivate*"),
    comment=(
        "A virtual environment without pip, setuptools or shell activation scripts (PATH does",
        "their job): only what the app needs is copied on.",
    ),
)


def install_requirements(req: str, extra: tuple[str, ...], together: bool) -> tuple[Step, ...]:
    """pip from a requirements file; a server the app lacks joins the same run when pip's
    hash-checking mode allows it (one resolve), else gets a run of its own."""
    if together:
        labels = ", ".join(p.replace("==", " ") for p in extra)
        return (
            Step(
                (f"{_PIP} -r {shlex.quote(req)} {' '.join(extra)}",),
                (_PIP_CACHE,),
                (
                    f"{labels} serves the app but is not among its dependencies, so genfile adds it",
                    "to the same pip run: one resolve, and a dependency change reinstalls in one step.",
                ),
            ),
        )
    return (Step((f"{_PIP} -r {shlex.quote(req)}",), (_PIP_CACHE,)),)


def install_uv() -> tuple[Step, ...]:
    return (Step(("uv sync --locked --no-dev --no-install-project",), (_UV_CACHE,)),)


def install_poetry() -> tuple[Step, ...]:
    export = "poetry export --only main --format requirements.txt --output /tmp/requirements.txt"
    return (Step((export, _EXPORTED), (_PIP_CACHE,), (_LOCKED.format(lock="poetry.lock"),)),)


def install_pipenv() -> tuple[Step, ...]:
    export = "pipenv requirements --hash > /tmp/requirements.txt"
    return (Step((export, _EXPORTED), (_PIP_CACHE,), (_LOCKED.format(lock="Pipfile.lock"),)),)


def install_pdm() -> tuple[Step, ...]:
    export = "pdm export --prod --format requirements --output /tmp/requirements.txt"
    return (Step((export, _EXPORTED), (_PIP_CACHE,), (_LOCKED.format(lock="pdm.lock"),)),)


def install_pyproject() -> tuple[Step, ...]:
    return (Step((f"uv pip install --python {VENV}/bin/python -r pyproject.toml",), (_UV_CACHE,)),)


def _extra_servers(extra: tuple[str, ...]) -> tuple[Step, ...]:
    return tuple(
        Step(
            (f"{_PIP} {pin}",),
            (_PIP_CACHE,),
            (f"{_name(pin)} serves the app but is not among its dependencies, so genfile adds it.",),
        )
        for pin in extra
    )


def _project_install(source: str) -> Step:
    """The project itself into the environment, after the source is copied."""
    if source == "uv":
        return Step(("uv sync --locked --no-dev --no-editable",), (_UV_CACHE,))
    if source == "setuptools":
        return Step((f"{_PIP} .",), (_PIP_CACHE,))
    if source == "pyproject":
        return Step(
            (f"uv pip install --python {VENV}/bin/python --no-deps .",),
            (_UV_CACHE,),
            (
                "uv builds the wheel in under half the time pip takes, which is most of a rebuild "
                "after a code edit.",
            ),
        )
    return Step((f"{_PIP} --no-deps .",), (_PIP_CACHE,))


def _builder_env(source: str) -> tuple[tuple[str, str], ...]:
    env = [("PIP_DISABLE_PIP_VERSION_CHECK", "1"), ("PIP_ROOT_USER_ACTION", "ignore")]
    if source in ("uv", "pyproject"):
        env += [("UV_COMPILE_BYTECODE", "1"), ("UV_LINK_MODE", "copy"), ("UV_PYTHON_DOWNLOADS", "never")]
    if source == "uv":
        env += [("UV_PROJECT_ENVIRONMENT", VENV), ("UV_PYTHON", "/usr/local/bin/python3")]
    return tuple(env)


def python_plan(f: PythonFindings) -> PythonPlan:
    """The build steps for what the project uses to pin its dependencies."""
    deps, entry = f.deps, f.entry
    extra: tuple[str, ...] = ()
    if entry is not None and entry.server and entry.server not in f.names:
        extra = (versions.SERVER_PINS[entry.server],)
    together = bool(extra) and deps.source == "requirements" and not deps.hashed
    tool = versions.TOOL_PINS.get("uv" if deps.source == "pyproject" else deps.source)
    installs = {
        "uv": install_uv,
        "poetry": install_poetry,
        "pipenv": install_pipenv,
        "pdm": install_pdm,
        "pyproject": install_pyproject,
        "setuptools": tuple,
    }
    if deps.source == "requirements":
        install = install_requirements(deps.requirements_file or "requirements.txt", extra, together)
    else:
        install = installs[deps.source]()
    if not together:
        install += _extra_servers(extra)
    setup = ((_tool(tool),) if tool else ()) + ((_MAKE_VENV,) if deps.source != "uv" else ())
    without_deps = "" if deps.source == "setuptools" else " without its (already installed) dependencies"
    return PythonPlan(
        source=deps.source,
        manifests=deps.manifests,
        builder_env=_builder_env(deps.source),
        setup=setup,
        install=install,
        project_install=_project_install(deps.source) if f.install_project else None,
        project_comment=f"The project itself, installed into the environment{without_deps}.",
        install_project=f.install_project,
        copy_source=not (f.install_project and entry is not None and entry.kind == "script"),
        extra_packages=extra,
        natives=f.natives,
        keep=tuple(dict.fromkeys(deps.manifests + ((f.readme,) if f.readme else ()))),
        ignore_extra=f.venv_dirs,
        server_reads_port=entry is not None
        and entry.command[:1] == ("gunicorn",)
        and not any(a in ("--bind", "-b") or a.startswith(("--bind=", "-b")) for a in entry.command),
    )
