"""The Go half of the build plan: the module download, the build and what the final
distroless stage holds, decided here as data for the ``go-distroless`` templates."""

from __future__ import annotations

from dataclasses import dataclass

from genfile.detectors.go import files
from genfile.detectors.go.findings import GoFindings
from genfile.plan import LanguagePlan, copy_groups

BIN_DIR = "/usr/local/bin"
APP_DIR = "/app"  # working directory for binaries that read files at run time
_MODULE_FILES = ("go.mod", "go.sum", "go.work", "go.work.sum")
# Folders .dockerignore drops (build output) unless the project's Go code lives there.
BUILD_OUTPUT = ("bin", "dist")


@dataclass(frozen=True)
class GoPlan(LanguagePlan):
    """The Go-specific half of the build plan, read by the ``go-distroless`` templates."""

    module: str
    workspace: bool
    manifest_copies: tuple[tuple[tuple[str, ...], str], ...]  # ((files), destination folder)
    download: bool  # go mod download as its own cached step
    vendor: bool  # build with -mod=vendor from vendor/
    cgo: bool
    package: str  # what go build builds: "." or "./cmd/api"
    binary: str
    version_var: str | None
    runtime_files: tuple[tuple[str, str], ...]  # (source in the context, absolute destination)
    reads_port_env: bool
    code_port: int  # the port the code listens on when nothing (no $PORT) changes it
    keep: tuple[str, ...]  # paths .dockerignore must never exclude
    # Whether keep re-includes more than module files: then the secret patterns are repeated
    # after the re-includes, since a re-included folder would bring its secrets back.
    reincludes_folders: bool
    ignore_extra: tuple[str, ...]  # project-specific exclusions

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


def go_plan(f: GoFindings) -> GoPlan:
    download = bool(f.remote_requires) and not f.vendor
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
    return GoPlan(
        module=f.module.module,
        workspace=f.work is not None,
        manifest_copies=copy_groups(_module_files(f)) if download else (),
        download=download,
        vendor=f.vendor,
        cgo=f.cgo.enabled,
        package=main.build_path if main else ".",
        binary=main.binary if main else "app",
        version_var=f.version_var,
        runtime_files=tuple(
            (r.source + ("/" if r.is_dir else ""), f"{APP_DIR}/{r.dest}" + ("/" if r.is_dir else ""))
            for r in f.runtime_files
        ),
        reads_port_env=f.port.reads_env,
        code_port=f.port.number,
        keep=tuple(dict.fromkeys(keep)),
        reincludes_folders=any(not p.endswith(_MODULE_FILES) for p in keep),
        ignore_extra=() if f.vendor else ("vendor",),
    )
