"""The build plan: everything the templates need, decided and immutable.

Detectors produce a plan from their findings; the wizard and the command-line flags only edit
it (:meth:`BuildPlan.edit`); templates only read it. Values that can be derived (the base image
from the stack and version) are properties, so an edit can never leave the plan inconsistent.
"""

from __future__ import annotations

import dataclasses
import shlex
from dataclasses import dataclass, field
from typing import Any

from genfile import servers, validate
from genfile.errors import ChoiceError
from genfile.evidence import DEFAULT, Evidence
from genfile.stacks import Stack

# Stands for the port inside commands genfile builds itself (``--port <port>``). In an image
# with a shell it becomes "$PORT", read when the container starts, so the platform's PORT
# wins over the image's ENV PORT default; without a shell (distroless) it becomes the number.
# A NUL can never come from a user's command.
PORT = "\0port\0"
RUNTIME_PORT = '"$PORT"'


def shell_join(argv: tuple[str, ...] | list[str]) -> str:
    """``argv`` as shell words, the port placeholder as ``"$PORT"`` (expanded at start)."""
    words = []
    for arg in argv:
        parts = arg.split(PORT)
        words.append(RUNTIME_PORT.join(shlex.quote(p) if p else "" for p in parts) or "''")
    return " ".join(words)


# The files genfile can write (``--files``), and those it writes unless told otherwise.
FILES = ("Dockerfile", ".dockerignore", "compose.yaml", "README.Docker.md")
DEFAULT_FILES = ("Dockerfile", ".dockerignore")
# The evidence of a value the user gave (a flag, genfile.toml, the wizard).
CHOSEN = Evidence(None, None, "chosen by the user")


@dataclass(frozen=True)
class Mount:
    """A BuildKit mount of one ``RUN``: a cache kept between builds (never in a layer), or a
    secret readable during that step only."""

    kind: str  # "cache" | "secret"
    target: str
    id: str | None = None
    sharing: str | None = None  # "locked": one build at a time (Yarn 1's cache)

    def __str__(self) -> str:
        options = [f"type={self.kind}", *([f"id={self.id}"] if self.id else []), f"target={self.target}"]
        return "--mount=" + ",".join(options + ([f"sharing={self.sharing}"] if self.sharing else []))


@dataclass(frozen=True)
class Step:
    """One ``RUN`` of a build stage, as data: why (comment lines), its mounts, and the shell
    commands it chains with ``&&``. Planners build these; templates only print them."""

    commands: tuple[str, ...]
    mounts: tuple[Mount, ...] = ()
    comment: tuple[str, ...] = ()
    inline: bool = False  # mounts and first command on the RUN line itself (short steps)

    @property
    def head(self) -> tuple[str, ...]:
        """The mounts and the first command: one continuation line each after ``RUN``
        (or one line, when ``inline``)."""
        return (*map(str, self.mounts), self.commands[0])

    @property
    def chain(self) -> tuple[str, ...]:
        """The commands after the first, each on a `` && `` line."""
        return self.commands[1:]


@dataclass(frozen=True)
class BuildSecret:
    """A file the build reads as a secret (``--secret id=npmrc,src=.npmrc``): mounted for the
    one step that needs it, never in the context, a layer or the image."""

    id: str
    src: str  # relative to the build context's folder

    @property
    def flag(self) -> str:
        return f"--secret id={self.id},src={self.src}"


def copy_groups(paths: tuple[str, ...] | list[str]) -> tuple[tuple[tuple[str, ...], str], ...]:
    """Paths grouped by folder, in order, as ``((sources...), "dest/")`` pairs: one ``COPY``
    per destination keeps each file at its path (``COPY a/x b/y ./`` would flatten them)."""
    groups: dict[str, list[str]] = {}
    for path in paths:
        folder = path.rpartition("/")[0]
        groups.setdefault(f"{folder}/" if folder else "./", []).append(path)
    return tuple((tuple(files), dest) for dest, files in groups.items())


class LanguagePlan:
    """Base of each language's own half of the plan (``BuildPlan.details``), which only that
    language's stacks read."""

    def for_command(self, command: tuple[str, ...]) -> tuple[LanguagePlan, tuple[str, ...]]:
        """This half for a start command the user gave instead of the detected one, and the
        notes that no longer apply (a language drops what only the detected command needed,
        e.g. a server it added)."""
        return self, ()


@dataclass(frozen=True)
class User:
    """The unprivileged account the container runs as (fixed IDs so volumes and
    Kubernetes ``runAsNonRoot`` checks work without a passwd lookup)."""

    name: str = "app"
    uid: int = 10001
    gid: int = 10001


@dataclass(frozen=True)
class BuildPlan:
    """A complete, validated description of the image to build."""

    ecosystem: str
    stack: Stack
    project_name: str
    language_version: str
    package_manager: str
    command: tuple[str, ...]
    port: int | None
    user: User = User()
    notes: tuple[str, ...] = ()
    # Extra placeholders of the stack's image reference besides {version}, e.g. a
    # distroless flavour chosen by the detector: (("flavor", "base"),).
    image_vars: tuple[tuple[str, str], ...] = ()
    system_packages: tuple[str, ...] = ()  # extra OS packages the user asked for (final stage)
    files: tuple[str, ...] = DEFAULT_FILES  # which files to write
    env_file: str | None = None  # a .env beside the project: compose passes it, never the image
    init: bool = False  # PID 1 ignores SIGTERM unless an init runs it (compose: init: true)
    secrets: tuple[BuildSecret, ...] = ()  # passed to docker build (and compose) with --secret
    # Whether the server listens on $PORT when the platform sets it (False: the app's code or
    # its configuration fixes the port; port_note says where).
    honours_port: bool = True
    port_note: str = ""
    # Folders the app writes at run time (absolute paths): created, owned by the app user, and
    # the only writable paths besides /tmp (a read-only root file system with these as tmpfs works).
    writable: tuple[str, ...] = ()
    # A release step (schema migrations) the project runs once per deploy, apart from the
    # server: exec form, rendered as a one-off compose service (profile "release").
    release: tuple[str, ...] = ()
    # Base images pinned to a registry digest (--pin-digest): (("python:3.14-slim", "sha256:..."),).
    digests: tuple[tuple[str, str], ...] = ()
    context: str = "."  # build context as seen from where the files are written
    dockerfile_from_context: str = "Dockerfile"
    sources: dict[str, Evidence] = field(default_factory=dict, compare=False)
    details: LanguagePlan = field(default_factory=LanguagePlan)  # the language's own half

    @property
    def start_command(self) -> tuple[str, ...]:
        """The exec-form command. A port the command passes to the server (``uvicorn --port``)
        is read from ``$PORT`` when the container starts, through ``sh -c 'exec ...'`` so the
        server still ends up as PID 1 and gets the signals; an image without a shell gets the
        number (the Dockerfile then says that PORT does not change it)."""
        if not any(PORT in arg for arg in self.command):
            return self.command
        if not self.stack.shell:
            return tuple(arg.replace(PORT, str(self.port)) for arg in self.command)
        if self.command[:2] == ("sh", "-c"):
            return ("sh", "-c", self.command[2].replace(PORT, RUNTIME_PORT), *self.command[3:])
        return ("sh", "-c", f"exec {shell_join(self.command)}")

    def pinned(self, image: str) -> str:
        """``image`` as a FROM line names it: with its digest when one was pinned, so the tag
        stays readable (and Renovate can update both)."""
        digest = dict(self.digests).get(image)
        return f"{image}@{digest}" if digest else image

    @property
    def server_reads_port(self) -> bool:
        """The server binds $PORT by itself (gunicorn without --bind, next start)."""
        fixed = any(
            a in ("--bind", "-b", "-p", "--port") or a.startswith(("--bind=", "--port="))
            for a in self.command
        )
        return not fixed and not any(PORT in arg for arg in self.command) and servers.reads_port(self.command)

    @property
    def through_shell(self) -> bool:
        """The command starts as ``sh -c '... exec server'`` (to read $PORT, or run a release step)."""
        return self.start_command[:2] == ("sh", "-c")

    @property
    def healthcheck(self) -> tuple[str, ...]:
        """The stack's container health probe (empty when it has none), on ``$PORT`` when the
        app follows it, else on the port it listens on."""
        if self.port is None or not self.stack.healthcheck:
            return ()
        probe = self.stack.healthcheck if self.honours_port else self.stack.fixed_healthcheck
        return tuple(arg.replace("{port}", str(self.port)) for arg in probe)

    @property
    def port_mapping(self) -> str:
        """``host:container`` for compose and ``docker run -p``: the same port on both sides."""
        return f"{self.port}:{self.port}"

    @property
    def base_image(self) -> str:
        return self.stack.base_image(self.language_version, **dict(self.image_vars))

    @property
    def image_name(self) -> str:
        return validate.image_name(self.project_name)

    def source(self, name: str) -> Evidence:
        """Where the value of a plan field came from (``default`` when genfile chose it)."""
        return self.sources.get(name, DEFAULT)

    @property
    def version_origin(self) -> str:
        """Where the language version came from, as a Dockerfile comment says it: "from
        pyproject.toml:5", "as chosen (a flag or genfile.toml)", or "" when genfile picked it
        (each stack then says which default it is)."""
        source = self.source("language_version")
        if source.file:
            return f"from {source.where()}"
        return "as chosen (a flag or genfile.toml)" if source == CHOSEN else ""

    def edit(
        self,
        *,
        version: str | None = None,
        port: int | None = None,
        command: tuple[str, ...] | None = None,
        system_packages: tuple[str, ...] | None = None,
        uid: int | None = None,
        files: tuple[str, ...] | None = None,
    ) -> BuildPlan:
        """A copy with the user's choices applied; each choice is validated and recorded.

        The stack is not edited here: it decides package names and warnings, so choosing
        another stack means planning again (see :func:`genfile.pipeline.plan_stack`).
        """
        changes: dict[str, Any] = {}
        sources = dict(self.sources)
        chosen = CHOSEN
        if version is not None:
            changes["language_version"] = validate.version(version, "version")
            sources["language_version"] = chosen
        if port is not None:
            changes["port"], sources["port"] = validate.port(port), chosen
        if command is not None:
            changes["command"], sources["command"] = validate.command(command), chosen
            changes["details"], stale = self.details.for_command(changes["command"])
            changes["notes"] = tuple(n for n in self.notes if n not in stale)
        if system_packages is not None:
            if system_packages and self.stack.os not in ("debian", "alpine"):
                raise ChoiceError(
                    f"stack {self.stack.name} has no package manager for --system-packages",
                    "choose a stack with a Debian or Alpine base, or drop the flag",
                )
            changes["system_packages"] = validate.packages(system_packages)
            sources["system_packages"] = chosen
        if uid is not None:
            number = validate.uid(uid)
            changes["user"] = dataclasses.replace(self.user, uid=number, gid=number)
            sources["user"] = chosen
        if files is not None:
            changes["files"] = validate.files(files, FILES)
        return dataclasses.replace(self, sources=sources, **changes)

    def as_dict(self) -> dict[str, object]:
        return {
            "ecosystem": self.ecosystem,
            "stack": self.stack.name,
            "base_image": self.base_image,
            "project_name": self.project_name,
            "image_name": self.image_name,
            "language_version": self.language_version,
            "package_manager": self.package_manager,
            "command": list(self.start_command),
            "port": self.port,
            "user": dataclasses.asdict(self.user),
            "system_packages": list(self.system_packages),
            "files": list(self.files),
            "healthcheck": list(self.healthcheck),
            "init": self.init,
            "writable": list(self.writable),
            "release": list(self.release),
            "notes": list(self.notes),
            "sources": {k: v.as_dict() for k, v in sorted(self.sources.items())},
        }
