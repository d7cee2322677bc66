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
from genfile.detectors.go import cgo, files, mainpkg, modfile, port, source, versions
from genfile.detectors.go.files import Embed, RuntimeFile
from genfile.detectors.go.mainpkg import MainPackage
from genfile.detectors.go.modfile import GoMod, GoWork, Requirement
from genfile.errors import ManifestError
from genfile.evidence import Evidence, Fact
from genfile.repo import Repo

LOOKS_FOR = ("go.mod", "go.work")
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


def find(repo: Repo, main: str | None = None) -> GoFindings | None:
    """Read the project (None: there is no go.mod or go.work); ``main`` picks the main package
    (``./cmd/api`` or ``api``) instead of genfile's choice, for a ``--main`` flag: everything
    that depends on it (cgo, port, files read at run time) is then read from that package."""
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
    go_sum = tuple(
        s
        for s in [*(f"{m.dir}/go.sum" if m.dir else "go.sum" for m in mods), "go.work.sum"]
        if repo.is_file(s)
    )
    # Requirements met inside the project (workspace modules, replace => ./dir) are not downloaded.
    replaces = [*(r for m in mods for r in m.replaces), *(work.replaces if work else ())]
    inside = {m.module for m in mods} | {r.old for r in replaces if r.local} | set(local)
    embedded = files.embeds(packages)
    runtime, secret_reads = files.runtime_files(repo, tree, packages, module.dir, embedded)
    version_var, version_ev = _version_var(tree.packages.get(picked.dir) if picked else None)
    return GoFindings(
        module=module,
        modules=mods,
        work=work,
        version=version_fact,
        main=picked,
        main_candidates=choice.candidates,
        main_reason=choice.reason,
        # vendor/ sits next to go.mod, or next to go.work (go work vendor).
        vendor=repo.is_file("vendor/modules.txt"),
        go_sum=go_sum,
        local_replaces=tuple(sorted(set(local.values()))),
        remote_requires=tuple(r for m in mods for r in m.requires if r.path not in inside),
        cgo=cgo.detect(packages, mods),
        port=port.detect(packages),
        runtime_files=runtime,
        embeds=embedded,
        version_var=version_var,
        go_source_dirs=tree.go_dirs,
        packages_built=len(packages),
        existing_embeds=frozenset(e.path for e in embedded if repo.exists(e.path)),
        version_var_evidence=version_ev,
        secret_reads=tuple(secret_reads),
        read_warnings=tuple(warnings),
    )
