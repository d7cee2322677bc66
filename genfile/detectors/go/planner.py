"""The Go half of the build plan: the module download, the build and what the final
distroless stage holds, decided here as data for the ``go-distroless`` templates."""

from __future__ import annotations

import shlex
from dataclasses import dataclass

from genfile.detectors.go import files
from genfile.detectors.go.findings import GoFindings
from genfile.detectors.go.frontend import Frontend
from genfile.evidence import Evidence
from genfile.plan import LanguagePlan, Mount, Step, copy_groups

BIN_DIR = "/usr/local/bin"
APP_DIR = "/app"  # working directory for binaries that read files at run time
SRC = "/src"
_MODULE_FILES = ("go.mod", "go.sum", "go.work", "go.work.sum")
# Folders .dockerignore drops (build output) unless the project's Go code lives there.
BUILD_OUTPUT = ("bin", "dist")
MOD_CACHE = Mount("cache", "/go/pkg/mod")
BUILD_CACHE = Mount("cache", "/root/.cache/go-build")
# A login for private module hosts (GOPRIVATE): ~/.netrc, which both the go command (GOAUTH's
# default) and git over HTTPS read. Mounted for the download only; optional, so a build without
# the secret still fetches public modules.
NETRC = Mount("secret", "/root/.netrc", id="netrc")
NETRC_SOURCE = "$HOME/.netrc"


@dataclass(frozen=True)
class FrontendStage:
    """A Node stage that builds a front end the binary embeds (``//go:embed all:web/dist``)."""

    name: str
    image: str
    workdir: str
    manifest_copies: tuple[tuple[tuple[str, ...], str], ...]
    steps: tuple[Step, ...]  # install (if it has dependencies)
    source: str  # the front end's folder in the context, copied after the install
    build: Step
    path: str  # the output folder in the project ("web/dist")
    output: str  # absolute, in this stage
    dest: str  # absolute, in the builder
    evidence: Evidence
    embed: Evidence


@dataclass(frozen=True)
class GoPlan(LanguagePlan):
    """The Go-specific half of the build plan, read by the ``go-distroless`` templates."""

    module: str
    modules: tuple[str, ...]  # every module path built from the project (for the engine tests too)
    workspace: bool
    manifest_copies: tuple[tuple[tuple[str, ...], str], ...]  # ((files), destination folder)
    download: bool  # go mod download as its own cached step
    download_mounts: tuple[Mount, ...]
    vendor: bool  # build with -mod=vendor from vendor/
    cgo: bool
    package: str  # what go build builds: "." or "./cmd/api" (relative to build_dir)
    build_dir: str  # where go runs, absolute ("/src", or "/src/server" for a module in a sub-folder)
    binary: str
    version_var: str | None
    build_mounts: tuple[Mount, ...]
    build_env: str  # CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH
    build_lines: tuple[str, ...]  # the go build command, one continuation line each
    build_note: str  # where the project's own build flags come from ("" when none)
    runtime_files: tuple[tuple[str, str], ...]  # (source in the context, absolute destination)
    reads_port_env: bool
    code_port: int | None  # the port the code listens on when nothing (no $PORT) changes it
    env: tuple[tuple[str, str, str], ...]  # (name, value, why) the final image sets for the listener
    keep: tuple[str, ...]  # paths .dockerignore must never exclude
    # Whether keep re-includes more than module files: then the secret patterns are repeated
    # after the re-includes, since a re-included folder would bring its secrets back.
    reincludes_folders: bool
    ignore_extra: tuple[str, ...]  # project-specific exclusions
    goprivate: str | None
    goprivate_source: str
    frontends: tuple[FrontendStage, ...]
    file_mode: bool
    subcommand_note: str  # why CMD holds a subcommand ("" when none)

    @property
    def binary_path(self) -> str:
        return f"{BIN_DIR}/{self.binary}"

    @property
    def built_binary(self) -> str:
        """Where the build stage writes the binary."""
        return f"/out/{self.binary}"

    @property
    def contents(self) -> str:
        """What the final image holds, for its header comment."""
        binary = "the glibc-linked binary" if self.cgo else "the static binary"
        return binary + (" and the files it reads" if self.runtime_files else "")

    def entrypoint(self, command: tuple[str, ...]) -> tuple[str, ...]:
        """ENTRYPOINT: the binary alone when the command runs it with arguments (a subcommand,
        flags), so ``docker run IMAGE other-subcommand`` runs another one; else the command."""
        return command[:1] if command[:1] == (self.binary_path,) and len(command) > 1 else command

    def arguments(self, command: tuple[str, ...]) -> tuple[str, ...]:
        """CMD: what follows the binary (empty when ENTRYPOINT is the whole command)."""
        return command[1:] if self.entrypoint(command) != command else ()


def _module_files(f: GoFindings) -> list[str]:
    """go.work, then each module's go.mod and go.sum (the only inputs of the download)."""
    wanted: list[str] = []
    if f.work:
        wanted += ["go.work", *(s for s in f.go_sum if s == "go.work.sum")]
    for d in dict.fromkeys([m.dir for m in f.modules] + list(f.local_replaces)):
        wanted.append(f"{d}/go.mod" if d else "go.mod")
        if (s := f"{d}/go.sum" if d else "go.sum") in f.go_sum:
            wanted.append(s)
    return wanted


def _frontend_stage(front: Frontend, index: int) -> FrontendStage:
    folder = front.folder
    workdir = f"{SRC}/{folder}" if folder else SRC
    manifests = [f"{folder}/package.json" if folder else "package.json"]
    if front.lockfile:
        manifests.append(front.lockfile)
    steps: list[Step] = []
    run = {"npm": "npm run build", "pnpm": "pnpm run build", "yarn": "yarn run build"}[front.manager]
    corepack = ("corepack enable",) if front.manager != "npm" else ()
    if front.installs:
        install, cache = {
            "npm": ("npm ci" if front.lockfile else "npm install", "/root/.npm"),
            "pnpm": ("pnpm install --frozen-lockfile", "/root/.local/share/pnpm/store"),
            "yarn": ("yarn install --frozen-lockfile", "/usr/local/share/.cache/yarn"),
        }[front.manager]
        steps.append(
            Step(
                (*corepack, install),
                (Mount("cache", cache),),
                (f"The front end's dependencies from {', '.join(manifests)} alone (cached between builds).",),
            )
        )
    elif corepack:
        steps.append(Step(corepack, inline=True))
    output = f"{SRC}/{front.output}"
    return FrontendStage(
        name="frontend" if index == 0 else f"frontend-{index + 1}",
        image=f"node:{front.node}-slim",
        workdir=workdir,
        manifest_copies=copy_groups(manifests) if front.installs else (),
        steps=tuple(steps),
        source=f"{folder}/" if folder else ".",
        build=Step((run,), inline=True),
        path=front.output,
        output=output,
        dest=output,
        evidence=front.evidence,
        embed=front.embed,
    )


def _build_lines(
    f: GoFindings, package: str, binary: str, version_var: str | None
) -> tuple[tuple[str, ...], str]:
    """The go build command (continuation lines) and where the project's flags come from."""
    build = f.build
    tags = build.tags if build else ()
    stamps = build.stamps if build else ()
    ldflags = "-s -w" + "".join(f" -X {name}={value}" for name, value in stamps)
    if version_var:
        ldflags += f"${{VERSION:+ -X {version_var}=$VERSION}}"
    first = "go build -v -trimpath" + (" -mod=vendor" if f.vendor else "")
    if tags:
        first += f" -tags {','.join(tags)}"
    first += f' -ldflags="{ldflags}"'
    target = " ".join(shlex.quote(p) for p in f.file_mode) if f.file_mode else shlex.quote(package)
    note = ""
    if build and (tags or stamps or build.version_var):
        said = [f"-tags {','.join(tags)}"] if tags else []
        said += [f"-X {n}" for n, _ in stamps] + ([f"-X {build.version_var}"] if build.version_var else [])
        note = f"{', '.join(said)} as the project's release build ({build.evidence.where()})"
    return (first, f"-o /out/{shlex.quote(binary)} {target}"), note


def go_plan(f: GoFindings) -> GoPlan:
    download = bool(f.remote_requires) and not f.vendor and not f.file_mode
    keep = [path for copies, _ in copy_groups(_module_files(f)) for path in copies]
    if f.vendor:
        keep.append("vendor")
    keep += [r.source for r in f.runtime_files]
    # Re-include only what the repository holds: a .dockerignore line names a real path.
    keep += [
        e.path
        for e in f.embeds
        if e.path in f.existing_embeds and e.path != "." and not files.is_secret(e.path)
    ]
    keep += [d for d in BUILD_OUTPUT if d in f.go_source_dirs]
    main = f.main
    build_dir = f"{SRC}/{f.module.dir}" if f.subfolder else SRC
    if main is None:
        package = "."
    elif f.subfolder:
        rel = main.dir[len(f.module.dir) :].lstrip("/")
        package = f"./{rel}" if rel else "."
    else:
        package = main.build_path
    binary = (f.build.output if f.build and f.build.output else None) or (main.binary if main else "app")
    private = f.goprivate if download else None
    lines, note = _build_lines(f, package, binary, f.version_var)
    subcommand_note = ""
    if f.subcommand and f.serving and f.serving.command:
        cmd = f.serving.command
        listener = cmd.listener
        subcommand_note = (
            f"`{' '.join(f.subcommand)}`, the {cmd.library} command that serves ({cmd.evidence.where()}"
            + (f", reaching {listener.evidence.where()}" if listener else "")
            + ")"
        )
    if f.port.args:
        why = "; ".join(f"{a} ({e.where()}: {e.note})" for a, e in zip(f.port.args, f.port.args_why))
        subcommand_note = (f"{subcommand_note}, with " if subcommand_note else "") + why
    return GoPlan(
        module=f.module.module,
        modules=tuple(m.module for m in f.modules),
        workspace=f.work is not None,
        manifest_copies=copy_groups(_module_files(f)) if download else (),
        download=download,
        download_mounts=(MOD_CACHE, *((NETRC,) if private else ())),
        vendor=f.vendor,
        cgo=f.cgo.enabled,
        package=package,
        build_dir=build_dir,
        binary=binary,
        version_var=f.version_var,
        build_mounts=(BUILD_CACHE, *((MOD_CACHE,) if download else ())),
        build_env=f"CGO_ENABLED={1 if f.cgo.enabled else 0}"
        + ("" if f.cgo.enabled else " GOOS=$TARGETOS GOARCH=$TARGETARCH"),
        build_lines=lines,
        build_note=note,
        runtime_files=tuple(
            (r.source + ("/" if r.is_dir else ""), f"{APP_DIR}/{r.dest}" + ("/" if r.is_dir else ""))
            for r in f.runtime_files
        ),
        reads_port_env=f.port.reads_env,
        code_port=f.port.number,
        env=tuple((e.name, e.value, f"{e.reason.where()}: {e.reason.note}") for e in f.port.env),
        keep=tuple(dict.fromkeys(keep)),
        reincludes_folders=any(not p.endswith(_MODULE_FILES) for p in keep),
        ignore_extra=() if f.vendor else ("vendor",),
        goprivate=private[0] if private else None,
        goprivate_source=private[1].where() if private else "",
        frontends=tuple(_frontend_stage(front, i) for i, front in enumerate(f.frontends)),
        file_mode=bool(f.file_mode),
        subcommand_note=subcommand_note,
    )
