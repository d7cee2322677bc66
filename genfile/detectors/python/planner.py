"""The Python half of the build plan: every build step decided here, as data.

One small function per way of installing (pip from requirements, uv, Poetry, Pipenv, PDM, a
PEP 621 pyproject, setuptools) returns the ``RUN`` steps of the build stage, so the
``python-*`` templates only print them (Railpack's ``python.go`` ``InstallUv``/``InstallPip``/
``InstallPoetry`` split the same way). A lock another tool must export (Poetry, Pipenv, PDM)
is exported in a stage of its own on a current Python, so the tool never has to run on the
project's Python (a current Pipenv needs 3.9+); the builder installs the exported, hashed
requirements into the target interpreter with pip.
"""

from __future__ import annotations

import dataclasses
import re
import shlex
from dataclasses import dataclass

from genfile.detectors.python import django, native, versions
from genfile.detectors.python.findings import PythonFindings
from genfile.detectors.python.manifests import Group
from genfile.evidence import Evidence
from genfile.plan import LanguagePlan, Mount, Step, copy_groups

VENV = "/app/.venv"
_PIP = f"pip --python {VENV}/bin/python install"
_PIP_CACHE = Mount("cache", "/root/.cache/pip")
_UV_CACHE = Mount("cache", "/root/.cache/uv")
_PDM_CACHE = Mount("cache", "/root/.cache/pdm")
_LOCKED = "{lock} is exported with its hashes and installed by pip: the versions are exactly the locked ones."
_EXPORTED = "/tmp/requirements.txt"
_INSTALL_EXPORTED = f"{_PIP} --no-deps --require-hashes -r {_EXPORTED}"


@dataclass(frozen=True)
class ExportStage:
    """A stage that turns a Poetry/Pipenv/PDM lock into hashed requirements, on a current
    Python: the tool runs there and never in the builder."""

    image: str
    tool: str  # for people: "Poetry"
    env: tuple[tuple[str, str], ...]
    setup: tuple[Step, ...]
    manifests: tuple[str, ...]
    export: Step
    output: str = _EXPORTED

    @property
    def manifest_copies(self) -> tuple[tuple[tuple[str, ...], str], ...]:
        return copy_groups(self.manifests)


@dataclass(frozen=True)
class PythonPlan(LanguagePlan):
    """What the ``python-*`` templates print: the build stage's environment and steps, and
    what the final stage takes from it."""

    source: str  # requirements | uv | poetry | pipenv | pdm | pyproject | setuptools | none
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
    export: ExportStage | None = None  # a lock exported in a stage of its own
    exported_copies: tuple[tuple[tuple[str, ...], str], ...] = ()  # from the export stage into the builder
    build_packages: tuple[str, ...] = ()  # OS packages the build stage installs (headers, git)
    build_packages_why: tuple[str, ...] = ()
    runtime_env: tuple[tuple[str, str], ...] = ()  # ENV the start command needs
    final_steps: tuple[Step, ...] = ()  # run in the final stage after the source (collectstatic)
    writable_files: tuple[str, ...] = ()  # lone files the app writes in a read-only folder
    writable_why: tuple[str, ...] = ()  # one line per writable folder or file: where the code writes it
    release_comment: tuple[str, ...] = ()  # the Dockerfile header's lines about the release step
    notes_comment: tuple[str, ...] = ()  # why the command differs from what the project wrote
    install_bare: tuple[Step, ...] = ()  # ``install`` without the servers in ``extra_packages``
    extra_note: str = ""  # the note that says genfile adds them
    missing_servers: tuple[str, ...] = ()  # servers genfile pins that the project does not install

    def for_command(self, command: tuple[str, ...]) -> tuple[PythonPlan, tuple[str, ...]]:
        """A command the user gave: the servers genfile adds are the ones it runs that the
        project does not install (``flask run`` needs no gunicorn; ``uvicorn app:app`` needs
        uvicorn), and the notes on how the detected command was read no longer apply."""
        needed = tuple(versions.SERVER_PINS[s] for s in self.missing_servers if _runs(command, s))
        if needed == self.extra_packages:
            return dataclasses.replace(self, notes_comment=()), ()
        stale = (self.extra_note,) if self.extra_note else ()
        return dataclasses.replace(
            self,
            install=self.install_bare + _extra_servers(needed),
            extra_packages=needed,
            notes_comment=(),
            extra_note="",
        ), stale

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
    return pin.split("==")[0].split("[")[0]


def _tool(pin: str) -> Step:
    return Step(
        (f"pip install {shlex.quote(pin) if '[' in pin else pin}",),
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


def _group_flags(groups: tuple[Group, ...], tool: str) -> str:
    flags = []
    for g in groups:
        if tool == "uv":
            flags.append(f"--{'extra' if g.kind == 'extra' else 'group'} {shlex.quote(g.name)}")
        elif tool == "pdm":
            flags.append(f"-G {shlex.quote(g.name)}")
        elif tool == "uv-pip":
            flags.append(f"--{'extra' if g.kind == 'extra' else 'group'} {shlex.quote(g.name)}")
    return "".join(f" {x}" for x in flags)


def _group_comment(groups: tuple[Group, ...]) -> tuple[str, ...]:
    return tuple(
        f"{g.kind} {g.name} ({g.evidence.where()}) holds the server the start command needs: "
        "installed with it."
        for g in groups
    )


def install_uv(members: bool, groups: tuple[Group, ...]) -> tuple[Step, ...]:
    skip = "--no-install-workspace" if members else "--no-install-project"
    comment = (
        ("The workspace members' pyproject.toml files are copied too: uv checks the lock against",
         "them; the members themselves are installed with the source below.")
        if members
        else ()
    ) + _group_comment(groups)  # fmt: skip
    return (Step((f"uv sync --locked --no-dev{_group_flags(groups, 'uv')} {skip}",), (_UV_CACHE,), comment),)


def _export_stage(f: PythonFindings, groups: tuple[Group, ...]) -> ExportStage | None:
    source = f.deps.source
    image = f"python:{versions.DEFAULT_PYTHON}-slim"
    if source == "poetry":
        only = ",".join(["main", *(g.name for g in groups)])
        cmd = f"poetry export --only {only} --format requirements.txt --output {_EXPORTED}"
        tool, pin = "Poetry", versions.TOOL_PINS["poetry"]
    elif source == "pipenv":
        cmd = f"pipenv requirements --hash > {_EXPORTED}"
        tool, pin = "Pipenv", versions.TOOL_PINS["pipenv"]
    elif source == "pdm" and f.pdm_exportable:
        cmd = f"pdm export --prod{_group_flags(groups, 'pdm')} --format requirements --output {_EXPORTED}"
        tool, pin = "PDM", versions.TOOL_PINS["pdm"]
    else:
        return None
    lock = {"poetry": "poetry.lock", "pipenv": "Pipfile.lock", "pdm": "pdm.lock"}[source]
    export = Step(
        (cmd,),
        comment=(
            f"{lock} becomes a hash-pinned requirements file; the builder installs it with pip,",
            f"so {tool} runs only here, on a current Python, whatever Python the app runs on.",
        )
        + _group_comment(groups),
    )
    env = (("PIP_DISABLE_PIP_VERSION_CHECK", "1"), ("PIP_ROOT_USER_ACTION", "ignore"))
    return ExportStage(image, tool, env, (_tool(pin),), f.deps.manifests, export)


def install_pdm_sync(groups: tuple[Group, ...]) -> tuple[Step, ...]:
    return (
        Step(
            (f"pdm sync --prod{_group_flags(groups, 'pdm')} --no-self --no-editable",),
            (_PDM_CACHE,),
            (
                "pdm.lock has no environment markers (it predates PDM's inherit_metadata strategy), so",
                "`pdm export` refuses it: PDM installs it itself, into the environment VIRTUAL_ENV names,",
                "with the locked versions and hashes.",
            )
            + _group_comment(groups),
        ),
    )


def install_pyproject(groups: tuple[Group, ...]) -> tuple[Step, ...]:
    return (
        Step(
            (f"uv pip install --python {VENV}/bin/python -r pyproject.toml{_group_flags(groups, 'uv-pip')}",),
            (_UV_CACHE,),
            _group_comment(groups),
        ),
    )


def missing_server(f: PythonFindings) -> str:
    """The note for a server the start command needs that the project does not depend on."""
    entry = f.entry
    if entry is None or not entry.server or entry.server in f.installed:
        return ""
    return (
        f"{entry.server} is not a dependency but {entry.label} needs it: genfile "
        f"installs {versions.SERVER_PINS[entry.server]} in the image"
    )


def _runs(command: tuple[str, ...], server: str) -> bool:
    """Whether the command starts ``server`` (as the program, ``python -m server``, or a word
    of a shell line such as ``sh -c "migrate && gunicorn app:app"``)."""
    word = re.compile(rf"(?:^|[\s/;&]){re.escape(server)}(?:$|[\s;&])")
    return any(word.search(arg) for arg in command)


def _extra_servers(extra: tuple[str, ...]) -> tuple[Step, ...]:
    return tuple(
        Step(
            (f"{_PIP} {pin}",),
            (_PIP_CACHE,),
            (f"{_name(pin)} serves the app but is not among its dependencies, so genfile adds it.",),
        )
        for pin in extra
    )


def _project_install(source: str, groups: tuple[Group, ...], members: bool) -> Step:
    """The project itself into the environment, after the source is copied."""
    if source == "uv":
        comment = (
            ("The workspace members (and the project, when it is a package), from the source.",)
            if members
            else ()
        )
        return Step(
            (f"uv sync --locked --no-dev{_group_flags(groups, 'uv')} --no-editable",), (_UV_CACHE,), comment
        )
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


def _builder_env(source: str, pdm_sync: bool) -> tuple[tuple[str, str], ...]:
    env = [("PIP_DISABLE_PIP_VERSION_CHECK", "1"), ("PIP_ROOT_USER_ACTION", "ignore")]
    if source in ("uv", "pyproject"):
        env += [("UV_COMPILE_BYTECODE", "1"), ("UV_LINK_MODE", "copy"), ("UV_PYTHON_DOWNLOADS", "never")]
    if source == "uv":
        env += [("UV_PROJECT_ENVIRONMENT", VENV), ("UV_PYTHON", "/usr/local/bin/python3")]
    if pdm_sync:
        env += [("VIRTUAL_ENV", VENV), ("PDM_CHECK_UPDATE", "false"), ("PDM_IGNORE_SAVED_PYTHON", "1")]
    return tuple(env)


def _os_packages(os_family: str, packages: tuple[str, ...], why: tuple[str, ...]) -> Step:
    if os_family == "alpine":
        return Step(
            (f"apk add --no-cache {' '.join(packages)}",),
            comment=(
                *why,
                "Alpine package versions follow the base image tag, so they are not pinned (DL3018).",
                "hadolint ignore=DL3018",
            ),
        )
    return Step(
        (
            "apt-get update",
            f"apt-get install -y --no-install-recommends {' '.join(packages)}",
        ),
        (),
        (*why, "Debian package versions follow the base image tag, so they are not pinned (DL3008).",
         "hadolint ignore=DL3008"),
    )  # fmt: skip


def _build_packages(
    f: PythonFindings, os_family: str, compiles: bool
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """OS packages the build stage needs beyond its image: headers a dependency compiles
    against (the full python:X image carries the common ones), and git for git dependencies."""
    packages: list[str] = []
    why: list[str] = []
    for d in f.natives:
        if not d.compiles:
            continue
        if os_family == "alpine":
            continue  # the Alpine template adds build-base and the headers with the compiler
        wanted = tuple(p for p in d.debian_build if p not in native.FULL_IMAGE_HAS)
        new = [p for p in wanted if p not in packages]
        if new:
            packages += new
            why.append(f"{d.package} compiles against {', '.join(new)} ({d.source}).")
    if f.git and (os_family == "alpine" or not compiles):
        packages.append("git")
        why.append(
            f"{f.git[0].where()}: {f.git[0].note or 'a dependency'} is cloned from git: "
            "git in this stage only."
        )
    return tuple(packages), tuple(why)


def _collectstatic(f: PythonFindings) -> tuple[Step, ...]:
    entry = f.entry
    s = entry.settings if entry is not None else None
    if s is None or s.static_root is None:
        return ()
    folder = entry.workdir if entry is not None else ""
    env = django.collectstatic_env(s)
    assignments = " ".join(f"{k}={shlex.quote(v)}" for k, v in env)
    manage = f"{folder}/manage.py" if folder else "manage.py"
    why = [f"Static files are collected at build time ({s.static_root.where()}: STATIC_ROOT)."]
    if s.manifest:
        why.append(
            f"{s.manifest.where()}: manifest storage: without the manifest, {{% static %}} pages fail."
        )
    if env:
        names = ", ".join(k for k, _ in env)
        where = f" ({s.secret_evidence.where()})" if s.secret_evidence else ""
        why += [
            f"The settings need {names}{where} to load: throw-away values,",
            "for this step only: they never reach the image's environment.",
        ]
    command = (
        f"{assignments + ' ' if assignments else ''}python {shlex.quote(manage)} collectstatic --noinput"
    )
    return (Step((command,), comment=tuple(why)),)


def _compile_steps(f: PythonFindings) -> tuple[Step, ...]:
    """Steps of the start line that write into the code folder (``pybabel compile``): run
    once in the build, as root, since the app cannot write there at run time."""
    entry = f.entry
    if entry is None or not entry.build:
        return ()
    folder = entry.workdir
    commands = tuple(shlex.join(words) for words in entry.build)
    if folder:
        commands = tuple(f"cd {shlex.quote(folder)} && {c}" for c in commands)
    return (Step(commands, comment=entry.build_notes),)


def _links(f: PythonFindings) -> tuple[Step, ...]:
    """A file the app writes beside its code: a link to /tmp, so the code folder stays
    read-only (and a read-only root file system with a tmpfs /tmp works)."""
    if not f.writes.files:
        return ()
    links = [
        f"ln -sf {shlex.quote('/tmp/' + path.rsplit('/', 1)[-1])} {shlex.quote(path)}"
        for path, _ in f.writes.files
    ]
    why = tuple(f"{ev.where()}: {ev.note}" for _, ev in f.writes.files)
    return (
        Step(
            tuple(links),
            comment=(
                "The app writes these files in its code folder, which stays read-only: each is a link",
                "to /tmp, where the app may write (emptied when the container restarts).",
                *why,
            ),
        ),
    )


def _release_comment(f: PythonFindings, image: str) -> tuple[str, ...]:
    entry = f.entry
    if entry is None or not entry.release:
        return ()
    ev = entry.release_evidence or Evidence(None)
    return (
        f"Release step ({ev.where()}): run it once per deploy, before the new version serves, apart from",
        f"the server (which runs alone as PID 1): docker run --rm {image} {shlex.join(entry.release)}",
    )


def python_plan(f: PythonFindings, os_family: str = "debian", image_name: str = "app") -> PythonPlan:
    """The build steps for what the project uses to pin its dependencies."""
    deps, entry = f.deps, f.entry
    groups = f.server_groups
    extra: tuple[str, ...] = ()
    if entry is not None and entry.server and entry.server not in f.installed:
        extra = (versions.SERVER_PINS[entry.server],)
    together = bool(extra) and deps.source == "requirements" and not deps.hashed
    export = _export_stage(f, groups)
    pdm_sync = deps.source == "pdm" and not f.pdm_exportable
    tool = None
    if deps.source in ("uv", "pyproject"):
        tool = versions.TOOL_PINS["uv"]
    elif pdm_sync:
        tool = versions.TOOL_PINS["pdm"]
    manifests = deps.manifests
    exported_copies: tuple[tuple[tuple[str, ...], str], ...] = ()
    if export is not None:
        install: tuple[Step, ...] = (
            Step((_INSTALL_EXPORTED,), (_PIP_CACHE,), (_LOCKED.format(lock=deps.manifests[-1]),)),
        )
        manifests = ()
        exported_copies = (((export.output,), export.output),)
    elif deps.source == "requirements":
        install = install_requirements(deps.requirements_file or "requirements.txt", extra, together)
    elif deps.source == "uv":
        install = install_uv(bool(deps.members), groups)
    elif deps.source == "pyproject":
        install = install_pyproject(groups)
    elif pdm_sync:
        install = install_pdm_sync(groups)
    else:
        install = ()
    bare = (
        install_requirements(deps.requirements_file or "requirements.txt", (), False) if together else install
    )
    if not together:
        install += _extra_servers(extra)
    needs_compiler = any(d.compiles for d in f.natives)
    packages, why = _build_packages(f, os_family, needs_compiler)
    setup = (
        ((_os_packages(os_family, packages, why),) if packages else ())
        + ((_tool(tool),) if tool else ())
        + ((_MAKE_VENV,) if deps.source != "uv" else ())
    )
    without_deps = "" if deps.source == "setuptools" else " without its (already installed) dependencies"
    runtime_env = list(entry.env) if entry is not None else []
    writable_why = tuple(f"{path}: {ev.where()} ({ev.note})" for path, ev in f.writes.folders)
    return PythonPlan(
        source=deps.source,
        manifests=manifests,
        builder_env=_builder_env(deps.source, pdm_sync),
        setup=setup,
        install=install,
        project_install=_project_install(deps.source, groups, bool(deps.members))
        if f.install_project
        else None,
        project_comment=f"The project itself, installed into the environment{without_deps}.",
        install_project=f.install_project,
        copy_source=f.copy_source,
        extra_packages=extra,
        natives=f.natives,
        keep=tuple(dict.fromkeys(deps.manifests + ((f.readme,) if f.readme else ()))),
        ignore_extra=f.venv_dirs,
        server_reads_port=entry is not None
        and entry.command[:1] == ("gunicorn",)
        and not any(a in ("--bind", "-b") or a.startswith(("--bind=", "-b")) for a in entry.command),
        export=export,
        exported_copies=exported_copies,
        build_packages=packages,
        build_packages_why=why,
        runtime_env=tuple(runtime_env),
        final_steps=_collectstatic(f) + _compile_steps(f) + _links(f),
        writable_files=tuple(path for path, _ in f.writes.files),
        writable_why=writable_why,
        release_comment=_release_comment(f, image_name),
        notes_comment=entry.notes if entry is not None else (),
        install_bare=bare,
        extra_note=missing_server(f),
        missing_servers=tuple(s for s in versions.SERVER_PINS if s not in f.installed),
    )
