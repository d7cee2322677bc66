"""Go: detect a Go module (or workspace) and plan a static binary on distroless.

Reads go.mod/go.work (module, Go line, requirements, local replacements), finds the main
package, follows its imports through the project's own packages to learn what the binary
needs (cgo, the port it listens on, the files it reads at run time, a version variable), and
turns that into a :class:`GoPlan` that the ``go-distroless`` stack renders.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from genfile import validate, version_files
from genfile.detection import Detection
from genfile.detectors.go import cgo, files, mainpkg, modfile, port, source, versions
from genfile.detectors.go.files import Embed, RuntimeFile
from genfile.detectors.go.mainpkg import MainPackage
from genfile.detectors.go.modfile import GoMod, GoWork, Requirement
from genfile.errors import ManifestError
from genfile.evidence import Evidence, Fact
from genfile.plan import BuildPlan, User
from genfile.repo import Repo
from genfile.stacks import Stack

ECOSYSTEM = "go"
LOOKS_FOR = ("go.mod", "go.work")
BIN_DIR = "/usr/local/bin"
APP_DIR = "/app"  # working directory for binaries that read files at run time
NONROOT = User("nonroot", 65532, 65532)  # distroless's own nonroot account

# A package-level string variable -X can set: "var version string", "var version = "dev"", or
# the same inside a "var ( ... )" block (struct fields and locals are not matched).
_VERSION_VAR = re.compile(r"^var\s+(version|Version)\s+(?:string\b|=\s*\")", re.M)
_VAR_BLOCK = re.compile(r"^var\s*\((.*?)^\)", re.M | re.S)
_BLOCK_VERSION = re.compile(r"^[ \t]*(version|Version)[ \t]+(?:string\b|=[ \t]*\")", re.M)
_PLAIN = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9._/+-]{0,300}$")
_MODULE_FILES = ("go.mod", "go.sum", "go.work", "go.work.sum")
# Folders .dockerignore drops (build output) unless the project's Go code lives there.
BUILD_OUTPUT = ("bin", "dist")


@dataclass(frozen=True)
class GoFindings:
    """Everything the Go detector found, for the planner (``main_candidates``: what ``--main`` offers)."""

    module: GoMod  # the module the binary is built from
    modules: tuple[GoMod, ...]  # every module in the build (one unless go.work)
    work: GoWork | None
    version: str
    main: MainPackage | None
    main_candidates: tuple[MainPackage, ...]
    main_reason: str
    vendor: bool
    go_sum: tuple[str, ...]  # go.sum files that exist (stdlib-only modules have none)
    local_replaces: tuple[str, ...]  # folders of modules replaced by a path inside the project
    remote_requires: tuple[Requirement, ...]  # what go mod download fetches
    cgo: cgo.Cgo
    port: port.Port
    runtime_files: tuple[RuntimeFile, ...]
    embeds: tuple[Embed, ...]
    version_var: str | None  # "main.version" when the main package declares one
    go_source_dirs: frozenset[str]


@dataclass(frozen=True)
class GoPlan:
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


def _folder_of(rel: str) -> str:
    return rel.rpartition("/")[0]


def _modules(repo: Repo) -> tuple[GoWork | None, tuple[GoMod, ...], list[str]]:
    warnings: list[str] = []
    work = modfile.parse_work(repo) if repo.is_file("go.work") else None
    if work is None:
        return None, (modfile.parse_mod(repo, "go.mod"),), warnings
    for raw, number in work.outside:
        warnings.append(
            f"go.work:{number}: use {raw} is outside the project (or not a plain folder name): "
            "it is not in the build context, so the image build will fail unless it is moved inside"
        )
    mods = []
    for folder, number in work.uses:
        rel = f"{folder}/go.mod" if folder else "go.mod"
        if not repo.is_file(rel):
            raise ManifestError("go.work", f"use {folder or '.'}: there is no {rel}", line=number)
        mods.append(modfile.parse_mod(repo, rel))
    if not mods:
        if repo.is_file("go.mod"):
            return None, (modfile.parse_mod(repo, "go.mod"),), warnings
        raise ManifestError("go.work", "uses no module folder", fix="add a 'use ./app' line")
    return work, tuple(mods), warnings


def _version(repo: Repo, work: GoWork | None, mods: tuple[GoMod, ...]) -> tuple[Fact, list[str]]:
    """The Go line from go.work/go.mod's go and toolchain lines and a version manager's pin
    (mise, asdf), which names the release the authors build with, as a toolchain line does."""
    stated: list[tuple[str, str, Evidence]] = [
        ("toolchain", raw.removeprefix("go"), ev)
        for raw, ev in version_files.pins(repo, "go", "golang")
        if modfile.GO_VERSION.fullmatch(raw.removeprefix("go"))
    ][:1]
    for m in (work, *mods):
        if m is None:
            continue
        if m.go and m.go_line:
            stated.append(("go", m.go, Evidence(m.file, m.go_line, f"go {m.go}")))
        if m.toolchain and m.toolchain_line:
            stated.append(
                ("toolchain", m.toolchain, Evidence(m.file, m.toolchain_line, f"toolchain go{m.toolchain}"))
            )
    return versions.choose(stated)


def _local_replaces(
    repo: Repo, mods: tuple[GoMod, ...], work: GoWork | None
) -> tuple[dict[str, str], list[str]]:
    """Module path → project folder for ``replace x => ./dir`` inside the project."""
    found: dict[str, str] = {}
    warnings: list[str] = []
    pairs = [(m.dir, r, m.file) for m in mods for r in m.replaces] + [
        ("", r, "go.work") for r in (work.replaces if work else ())
    ]
    for base, rep, file in pairs:
        if not rep.local:
            continue
        target = _normalize(f"{base}/{rep.new}" if base else rep.new)
        if (
            target.startswith("..")
            or rep.new.startswith("/")
            or not (target == "" or _PLAIN.fullmatch(target))
        ):
            warnings.append(
                f"{file}:{rep.line}: replace {rep.old} => {rep.new} points outside the project: "
                "it is not in the build context, so the image build will fail"
            )
        elif not repo.is_file(f"{target}/go.mod" if target else "go.mod"):
            warnings.append(f"{file}:{rep.line}: replace {rep.old} => {rep.new}: no go.mod there")
        else:
            found[rep.old] = target
    return found, warnings


def _normalize(path: str) -> str:
    parts: list[str] = []
    for part in path.split("/"):
        if part in ("", "."):
            continue
        if part == ".." and parts and parts[-1] != "..":
            parts.pop()
        else:
            parts.append(part)
    return "/".join(parts)


def _file_of(mods: tuple[GoMod, ...], req: Requirement) -> str:
    return next(m.file for m in mods if req in m.requires)


def _version_var(pkg: source.Package | None) -> tuple[str | None, Evidence | None]:
    """A string variable ``version`` in package main that ``-X main.version=...`` can set."""
    for file in pkg.files if pkg else ():
        m = _VERSION_VAR.search(file.code)
        offset = m.start(1) if m else None
        for block in _VAR_BLOCK.finditer(file.code) if m is None else ():
            inner = _BLOCK_VERSION.search(block[1])
            if inner:
                m, offset = inner, block.start(1) + inner.start(1)
                break
        if m and offset is not None:
            line = file.code.count("\n", 0, offset) + 1
            return f"main.{m[1]}", Evidence(file.path, line, f"var {m[1]} (set with -ldflags -X)")
    return None, None


def detect(repo: Repo, main: str | None = None) -> Detection | None:
    """The Go project in ``repo``; ``main`` picks the main package (``./cmd/api`` or ``api``)
    instead of genfile's choice, for a ``--main`` flag: everything that depends on it (cgo,
    port, files read at run time) is then read from that package and its imports."""
    for name in LOOKS_FOR:
        if repo.is_dir(name):
            raise ManifestError(name, "is a folder, expected a file", fix="remove or rename it")
    if not any(repo.is_file(f) for f in LOOKS_FOR):
        return None
    work, mods, warnings = _modules(repo)
    version_fact, version_warnings = _version(repo, work, mods)
    warnings += version_warnings
    local, replace_warnings = _local_replaces(repo, mods, work)
    warnings += replace_warnings
    manifests: list[GoMod | GoWork] = [*([work] if work else []), *mods]
    for manifest in manifests:
        warnings += [
            f"{manifest.file}:{number}: unknown directive {verb!r} (newer than genfile, or a typo)"
            for verb, number in manifest.unknown
        ]

    module_dirs = tuple(dict.fromkeys([m.dir for m in mods] + list(local.values())))
    tree = source.load_tree(repo, module_dirs)
    if tree.truncated:
        warnings.append(f"more than {source.MAX_FILES} Go files: only the first ones were read")
    choice, reach = mainpkg.choose(tree, mods, local, main)
    if choice.warning:
        warnings.append(choice.warning)
    picked = choice.main
    module = next((m for m in mods if picked and m.module == picked.module), mods[0])
    packages = reach[picked.dir] if picked else list(tree.packages.values())

    # vendor/ sits next to go.mod, or next to go.work (go work vendor).
    vendor = repo.is_file("vendor/modules.txt")
    go_sum = tuple(
        s
        for s in [*(f"{m.dir}/go.sum" if m.dir else "go.sum" for m in mods), "go.work.sum"]
        if repo.is_file(s)
    )
    # Requirements met inside the project (workspace modules, replace => ./dir) are not downloaded.
    replaces = [*(r for m in mods for r in m.replaces), *(work.replaces if work else ())]
    replaced = {r.old for r in replaces if r.local}
    inside = {m.module for m in mods} | replaced | set(local)
    remote = tuple(r for m in mods for r in m.requires if r.path not in inside)
    if remote and not vendor:
        missing = [
            m.file
            for m in mods
            if any(r in remote for r in m.requires)
            and (f"{m.dir}/go.sum" if m.dir else "go.sum") not in go_sum
        ]
        if missing:
            warnings.append(
                f"{', '.join(missing)} requires modules but has no go.sum next to it: the build cannot "
                "verify them; run `go mod tidy` and commit go.sum"
            )
    found_cgo = cgo.detect(packages, mods)
    for lib in found_cgo.libraries:
        warnings.append(
            f"{lib.where()}: {lib.note} links a library that distroless images lack: "
            "link it statically or add it to the final image"
        )
    found_port = port.detect(packages)
    embedded = files.embeds(packages)
    runtime, secret_refs = files.runtime_files(repo, tree, packages, module.dir, embedded)
    for ev in secret_refs:
        warnings.append(
            f"{ev.where()}: the code reads {ev.note}, which looks like a secret: it is kept out of the image "
            "(mount it at run time)"
        )
    for emb in embedded:
        if files.is_secret(emb.path):
            warnings.append(
                f"{emb.evidence.where()}: embeds {emb.path}, which .dockerignore keeps out as a secret: "
                "the build fails until it is renamed or embedded from elsewhere"
            )
    main_pkg = tree.packages.get(picked.dir) if picked else None
    version_var, version_ev = _version_var(main_pkg)

    findings = GoFindings(
        module=module,
        modules=mods,
        work=work,
        version=str(version_fact.value),
        main=picked,
        main_candidates=choice.candidates,
        main_reason=choice.reason,
        vendor=vendor,
        go_sum=go_sum,
        local_replaces=tuple(sorted(set(local.values()))),
        remote_requires=remote,
        cgo=found_cgo,
        port=found_port,
        runtime_files=runtime,
        embeds=embedded,
        version_var=version_var,
        go_source_dirs=tree.go_dirs,
    )
    facts = [
        Fact(
            "module", module.module, (Evidence(module.file, module.module_line, f"module {module.module}"),)
        ),
        version_fact,
    ]
    if work:
        facts.append(
            Fact(
                "workspace",
                tuple(m.dir or "." for m in mods),
                tuple(Evidence("go.work", n, f"use ./{d}") for d, n in work.uses),
            )
        )
    facts.append(
        Fact(
            "dependencies",
            tuple(r.path for r in remote),
            tuple(Evidence(_file_of(mods, r), r.line, f"require {r.path} {r.version}") for r in remote)
            or (Evidence(module.file, None, "nothing to download: no requirement outside the project"),),
        )
    )
    if vendor:
        facts.append(
            Fact("vendoring", "-mod=vendor", (Evidence("vendor/modules.txt", None, "no download step"),))
        )
    if picked is not None:
        why = Evidence(picked.evidence.file, picked.evidence.line, f"func main(): {choice.reason}")
        facts.append(Fact("main package", picked.build_path, (why,)))
        facts.append(Fact("binary", picked.binary, (picked.evidence,)))
    if len(choice.candidates) > 1:
        facts.append(
            Fact(
                "main package candidates",
                tuple(c.build_path for c in choice.candidates),
                tuple(c.evidence for c in choice.candidates),
            )
        )
    no_cgo = f'no import "C" in the {len(packages)} package(s) built, no cgo-only module required'
    facts.append(Fact("cgo", found_cgo.enabled, found_cgo.evidence or (Evidence(module.file, None, no_cgo),)))
    facts.append(Fact("port", found_port.number, found_port.evidence))
    if found_port.reads_env:
        facts.append(Fact("reads PORT", True, found_port.evidence[:1]))
    if runtime:
        facts.append(
            Fact("runtime files", tuple(f.source for f in runtime), tuple(f.evidence for f in runtime))
        )
    if embedded:
        facts.append(
            Fact("embedded files", tuple(e.path for e in embedded), tuple(e.evidence for e in embedded))
        )
    if version_var and version_ev:
        facts.append(Fact("version variable", version_var, (version_ev,)))
    if picked is None:
        warnings.append("no main package found (main.go at the top or cmd/<name>/main.go): nothing to run")

    reason = (
        "distroless base: cgo links glibc, which the image carries (and nothing else)"
        if found_cgo.enabled
        else "distroless static: CGO_ENABLED=0 makes one static binary that needs no libc"
    )
    return Detection(
        ECOSYSTEM,
        mainpkg.module_name(module.module),
        "go-distroless",
        reason,
        tuple(facts),
        tuple(warnings),
        runnable=picked is not None,
        main_candidates=tuple(c.build_path for c in choice.candidates),
        details=findings,
    )


def _manifest_copies(f: GoFindings, download: bool) -> tuple[tuple[tuple[str, ...], str], ...]:
    """go.work, go.mod and go.sum files grouped by folder (one COPY per folder keeps paths)."""
    if not download:
        return ()
    wanted: list[str] = []
    if f.work:
        wanted += ["go.work", *(s for s in f.go_sum if s == "go.work.sum")]
    dirs = [m.dir for m in f.modules] + list(f.local_replaces)
    for d in dict.fromkeys(dirs):
        mod = f"{d}/go.mod" if d else "go.mod"
        wanted.append(mod)
        if (s := f"{d}/go.sum" if d else "go.sum") in f.go_sum:
            wanted.append(s)
    groups: dict[str, list[str]] = {}
    for path in wanted:
        folder = _folder_of(path)
        groups.setdefault(f"{folder}/" if folder else "./", []).append(path)
    return tuple((tuple(paths), dest) for dest, paths in groups.items())


def plan(detection: Detection, stack: Stack) -> BuildPlan:
    f: GoFindings = detection.details
    download = bool(f.remote_requires) and not f.vendor
    keep = [path for copies, _ in _manifest_copies(f, True) for path in copies]
    if f.vendor:
        keep.append("vendor")
    keep += [r.source for r in f.runtime_files]
    keep += [e.path for e in f.embeds if e.path != "." and not files.is_secret(e.path)]
    keep += [d for d in BUILD_OUTPUT if d in f.go_source_dirs]
    ignore_extra = [] if f.vendor else ["vendor"]
    main = f.main
    details = GoPlan(
        module=f.module.module,
        workspace=f.work is not None,
        manifest_copies=_manifest_copies(f, download),
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
        ignore_extra=tuple(ignore_extra),
    )
    sources = {
        "language_version": detection.fact("go version").evidence[0],  # type: ignore[union-attr]
        "package_manager": Evidence(f.module.file, f.module.module_line, "Go modules"),
        "port": f.port.evidence[0],
    }
    if main is not None:
        sources["command"] = main.evidence
    return BuildPlan(
        ecosystem=ECOSYSTEM,
        stack=stack,
        project_name=detection.project_name,
        language_version=validate.version(f.version, f.module.file),
        package_manager="go",
        command=(details.binary_path,) if main else (),
        port=f.port.number,
        user=NONROOT,
        notes=tuple(detection.warnings),
        image_vars=(("flavor", "base" if f.cgo.enabled else "static"),),
        sources=sources,
        details=details,
    )
