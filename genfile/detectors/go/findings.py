"""Everything the Go detector reads from a project, in one pass, as typed findings.

go.mod/go.work (module, Go line, requirements, local replacements: :mod:`.modfile`), the main
package (:mod:`.mainpkg`), and, following its imports through the project's own packages,
what the binary needs: cgo, the port it listens on, the files it reads at run time, a version
variable. Facts, warnings and the plan are derived from the result.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from genfile import version_files
from genfile.detection import Findings
from genfile.detectors.go import (
    cgo,
    files,
    frontend,
    mainpkg,
    modfile,
    port,
    project,
    serve,
    source,
    versions,
)
from genfile.detectors.go.files import Embed, RuntimeFile
from genfile.detectors.go.frontend import Frontend
from genfile.detectors.go.mainpkg import MainPackage
from genfile.detectors.go.modfile import GoMod, GoWork, Requirement
from genfile.detectors.go.project import BuildLine
from genfile.errors import ManifestError
from genfile.evidence import Evidence, Fact
from genfile.repo import Repo

LOOKS_FOR = ("go.mod", "go.work")
# Folders a repository keeps its only Go module in, when it is not at the top (server/go.mod).
_SKIP_SUBFOLDERS = frozenset(
    {"vendor", "testdata", "node_modules", "examples", "example", "third_party", "docs"}
)
# A package-level string variable -X can set: "var version string", "var version = "dev"", or
# the same inside a "var ( ... )" block (struct fields and locals are not matched).
_VERSION_VAR = re.compile(r"^var\s+(version|Version)\s+(?:string\b|=\s*\")", re.M)
_VAR_BLOCK = re.compile(r"^var\s*\((.*?)^\)", re.M | re.S)
_BLOCK_VERSION = re.compile(r"^[ \t]*(version|Version)[ \t]+(?:string\b|=[ \t]*\")", re.M)
_PLAIN = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9._/+-]{0,300}$")


@dataclass(frozen=True)
class GoFindings(Findings):
    """Everything the Go detector found, for the planner (``main_candidates``: what ``--main`` offers)."""

    module: GoMod  # the module the binary is built from
    modules: tuple[GoMod, ...]  # every module in the build (one unless go.work)
    work: GoWork | None
    version: Fact  # the Go line, with the evidence that chose it
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
    packages_built: int  # packages the main package reaches (its own code and the project's)
    existing_embeds: frozenset[str]  # embedded paths the repository holds (others a build makes)
    version_var_evidence: Evidence | None
    secret_reads: tuple[Evidence, ...]  # files the code opens that look like secrets
    read_warnings: tuple[str, ...]  # what reading the modules and the source turned up
    serving: serve.Serving | None = None  # the listener the program reaches, and through which command
    subcommand: tuple[str, ...] = ()  # the command-tree path that serves (``("serve",)``)
    build: BuildLine | None = None  # the project's own release build of this main (Makefile, goreleaser)
    goprivate: tuple[str, Evidence] | None = None  # private module patterns the project sets
    frontends: tuple[Frontend, ...] = ()  # front ends built before the binary that embeds them
    file_mode: tuple[str, ...] = ()  # no go.mod: the .go files go build compiles by name
    subfolder: bool = False  # the only module lives in a sub-folder (server/go.mod): the context is the top


def _subfolder_module(repo: Repo) -> str | None:
    """``server/go.mod`` when the repository keeps its Go module in a sub-folder (within two
    folders of the top): the only go.mod there, or the only one the others serve (modules it
    replaces with ``=> ../shared``). Several independent ones are several projects."""
    found: list[str] = []
    try:
        top = sorted(p for p in repo.root.iterdir() if p.is_dir() and not p.is_symlink())
    except OSError:
        return None
    for first in top:
        if first.name.startswith((".", "_")) or first.name in _SKIP_SUBFOLDERS:
            continue
        if (first / "go.mod").is_file():
            found.append(f"{first.name}/go.mod")
            continue
        try:
            below = sorted(p for p in first.iterdir() if p.is_dir() and not p.is_symlink())
        except OSError:
            continue
        found += [
            f"{first.name}/{second.name}/go.mod"
            for second in below[:200]
            if not second.name.startswith((".", "_"))
            and second.name not in _SKIP_SUBFOLDERS
            and (second / "go.mod").is_file()
        ]
        if len(found) > 8:
            return None
    found = [rel for rel in found if all(_PLAIN.fullmatch(p) for p in rel.split("/"))]
    if len(found) <= 1:
        return found[0] if found else None
    served: set[str] = set()
    for rel in found:
        try:
            mod = modfile.parse_mod(repo, rel)
        except ManifestError:
            return None
        served |= {f"{_normalize(f'{mod.dir}/{r.new}')}/go.mod" for r in mod.replaces if r.local}
    users = [rel for rel in found if rel not in served]
    return users[0] if len(users) == 1 else None


def _modules(repo: Repo) -> tuple[GoWork | None, tuple[GoMod, ...], list[str]]:
    warnings: list[str] = []
    work = modfile.parse_work(repo) if repo.is_file("go.work") else None
    if work is None:
        if not repo.is_file("go.mod") and (sub := _subfolder_module(repo)):
            return None, (modfile.parse_mod(repo, sub),), warnings
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


def _file_mode(repo: Repo) -> tuple[GoMod, tuple[str, ...]] | None:
    """A lone ``main.go`` (package main) with no go.mod: the files ``go build`` compiles by name."""
    if not repo.is_file("main.go"):
        return None
    names = sorted(
        p.name for p in repo.root.iterdir() if p.suffix == ".go" and p.is_file() and _PLAIN.fullmatch(p.name)
    )
    picked = []
    for name in names[:200]:
        try:
            parsed = source.read_file(repo, name)
        except ManifestError:
            continue
        if parsed is not None and parsed.package == "main":
            picked.append(name)
    if "main.go" not in picked:
        return None
    folder = mainpkg.binary_name(repo.root.name.lower())
    module = folder if modfile.is_module_path(folder) else "app"
    return GoMod("main.go", module, 1, None, None, None, None, (), (), ()), tuple(picked)


def _build_for(
    builds: tuple[BuildLine, ...], picked: MainPackage | None, module_dir: str, only: bool
) -> BuildLine | None:
    """The project's release build of the chosen main: the line that builds its folder, or the
    one line there is when the project has a single main."""
    if picked is None:
        return None
    for b in builds:
        if b.package and mainpkg._build_matches(picked, b.package, [module_dir]):
            return b
    return next((b for b in builds if not b.package), None) if only else None


def find(repo: Repo, main: str | None = None) -> GoFindings | None:
    """Read the project (None: there is no go.mod or go.work); ``main`` picks the main package
    (``./cmd/api`` or ``api``) instead of genfile's choice, for a ``--main`` flag: everything
    that depends on it (cgo, port, files read at run time) is then read from that package."""
    for name in LOOKS_FOR:
        if repo.is_dir(name):
            raise ManifestError(name, "is a folder, expected a file", fix="remove or rename it")
    file_mode: tuple[str, ...] = ()
    warnings: list[str] = []
    work: GoWork | None
    mods: tuple[GoMod, ...]
    if not any(repo.is_file(f) for f in LOOKS_FOR) and _subfolder_module(repo) is None:
        lone = _file_mode(repo)
        if lone is None:
            return None
        work, mods = None, (lone[0],)
        file_mode = lone[1]
    else:
        work, mods, warnings = _modules(repo)
    version_fact, version_warnings = _version(repo, work, mods) if not file_mode else versions.choose([])
    warnings += version_warnings
    local, replace_warnings = _local_replaces(repo, mods, work) if not file_mode else ({}, [])
    warnings += replace_warnings
    manifests: list[GoMod | GoWork] = [*([work] if work else []), *(mods if not file_mode else ())]
    for manifest in manifests:
        warnings += [
            f"{manifest.file}:{number}: unknown directive {verb!r} (newer than genfile, or a typo)"
            for verb, number in manifest.unknown
        ]
    subfolder = work is None and not file_mode and mods[0].dir != ""
    own = project.read(repo, ("", mods[0].dir) if subfolder else ("",))
    tags = frozenset(t for b in own.builds for t in b.tags)
    module_dirs = tuple(dict.fromkeys([m.dir for m in mods] + list(local.values())))
    tree = source.load_tree(repo, module_dirs, tags) if not file_mode else _file_tree(repo, file_mode)
    if tree.truncated:
        warnings.append(f"more than {source.MAX_FILES} Go files: only the first ones were read")
    choice, reach = mainpkg.choose(tree, mods, local, main, own)
    if choice.warning:
        warnings.append(choice.warning)
    picked = choice.main
    module = next((m for m in mods if picked and m.module == picked.module), mods[0])
    packages = reach[picked.dir] if picked else list(tree.packages.values())
    go_sum = tuple(
        s
        for s in [*(f"{m.dir}/go.sum" if m.dir else "go.sum" for m in mods), "go.work.sum"]
        if repo.is_file(s) and not file_mode
    )
    # Requirements met inside the project (workspace modules, replace => ./dir) are not downloaded.
    replaces = [*(r for m in mods for r in m.replaces), *(work.replaces if work else ())]
    inside = {m.module for m in mods} | {r.old for r in replaces if r.local} | set(local)
    embedded = files.embeds(packages)
    runtime, secret_reads = files.runtime_files(repo, tree, packages, module.dir, embedded)
    build = _build_for(own.builds, picked, module.dir, len(choice.candidates) <= 1)
    if build is not None and build.version_var:
        version_var: str | None = build.version_var
        version_ev: Evidence | None = Evidence(
            build.evidence.file,
            build.evidence.line,
            f"-X {build.version_var}=... (the release build's stamp)",
        )
    else:
        version_var, version_ev = _version_var(tree.packages.get(picked.dir) if picked else None)
    serving = choice.serving
    listener = serving.listener if serving else None
    code_files = [f for pkg in packages for f in pkg.files]
    app = picked.binary if picked else ""
    found_port = port.detect(
        code_files, listener, repo=repo, base=module.dir, app=app, serves=listener is not None
    )
    vendor = repo.is_file("vendor/modules.txt")
    found_cgo = cgo.detect(
        packages,
        mods,
        repo=repo,
        vendor=vendor,
        every_package=tree.packages.values(),
        inside=frozenset(inside),
    )
    existing = frozenset(e.path for e in embedded if repo.exists(e.path))
    fronts: list[Frontend] = []
    for emb in embedded:
        if emb.path in existing or emb.path == "." or any(f.output == emb.path for f in fronts):
            continue
        built = frontend.find(repo, emb.path, emb.evidence)
        if built is not None:
            fronts.append(built)
            warnings += built.warnings
    if file_mode:
        outside = sorted({p for f in code_files for p, _ in f.imports if "." in p.split("/", 1)[0]})
        warnings.append(
            "no go.mod: building main.go in file mode (go build "
            + " ".join(file_mode)
            + "); add one with `go mod init <module path> && go mod tidy` so versions are pinned"
            + (
                f" (it imports {', '.join(outside[:3])}, which file mode cannot fetch: the build fails)"
                if outside
                else ""
            )
        )
    if found_port.loopback is not None:
        ev = found_port.loopback
        warnings.append(
            f"{ev.where()}: listens on loopback only ({ev.note}): unreachable from outside the container; "
            'change the address to ":<port>" (all interfaces) in the code'
        )
    return GoFindings(
        module=module,
        modules=mods,
        work=work,
        version=version_fact,
        main=picked,
        main_candidates=choice.candidates,
        main_reason=choice.reason,
        # vendor/ sits next to go.mod, or next to go.work (go work vendor).
        vendor=vendor,
        go_sum=go_sum,
        local_replaces=tuple(sorted(set(local.values()))),
        remote_requires=tuple(r for m in mods for r in m.requires if r.path not in inside),
        cgo=found_cgo,
        port=found_port,
        runtime_files=runtime,
        embeds=embedded,
        version_var=version_var,
        go_source_dirs=tree.go_dirs,
        packages_built=len(packages),
        existing_embeds=existing,
        version_var_evidence=version_ev,
        secret_reads=tuple(secret_reads),
        read_warnings=tuple(warnings),
        serving=serving,
        subcommand=serving.command.path if serving and serving.command else (),
        build=build,
        goprivate=own.goprivate,
        frontends=tuple(fronts),
        file_mode=file_mode,
        subfolder=subfolder,
    )


def _file_tree(repo: Repo, names: tuple[str, ...]) -> source.Tree:
    parsed = [f for n in names if (f := source.read_file(repo, n)) is not None]
    return source.Tree({"": source.Package("", "main", tuple(parsed))}, frozenset({""}), False)
