"""Go: detect a Go module (or workspace) and plan a static binary on distroless.

Reads go.mod/go.work and follows the main package's imports (:mod:`.findings`), derives the
facts and warnings shown to the user, and plans the build (:mod:`.planner`) that the
``go-distroless`` stack renders.
"""

from __future__ import annotations

from genfile import validate
from genfile.detection import Detection, Strength
from genfile.detectors.contract import Language
from genfile.detectors.go import files, mainpkg
from genfile.detectors.go.findings import LOOKS_FOR, GoFindings, find
from genfile.detectors.go.modfile import GoMod, Requirement
from genfile.detectors.go.planner import go_plan
from genfile.evidence import Evidence, Fact
from genfile.plan import BuildPlan, User
from genfile.repo import Repo
from genfile.stacks import Stack

ECOSYSTEM = "go"
NONROOT = User("nonroot", 65532, 65532)  # distroless's own nonroot account


def _owners(mods: tuple[GoMod, ...]) -> dict[Requirement, str]:
    """The go.mod that states each requirement (the first one, when several do)."""
    return {req: m.file for m in reversed(mods) for req in m.requires}


def facts(f: GoFindings) -> tuple[Fact, ...]:
    """What ``genfile detect`` shows, each with its evidence."""
    module, mods, remote, picked = f.module, f.modules, f.remote_requires, f.main
    owner = _owners(mods)
    found = [
        Fact(
            "module", module.module, (Evidence(module.file, module.module_line, f"module {module.module}"),)
        ),
        f.version,
    ]
    if f.work:
        found.append(
            Fact(
                "workspace",
                tuple(m.dir or "." for m in mods),
                tuple(Evidence("go.work", n, f"use ./{d}") for d, n in f.work.uses),
            )
        )
    found.append(
        Fact(
            "dependencies",
            tuple(r.path for r in remote),
            tuple(Evidence(owner[r], r.line, f"require {r.path} {r.version}") for r in remote)
            or (Evidence(module.file, None, "nothing to download: no requirement outside the project"),),
        )
    )
    if f.vendor:
        found.append(
            Fact("vendoring", "-mod=vendor", (Evidence("vendor/modules.txt", None, "no download step"),))
        )
    if picked is not None:
        why = Evidence(picked.evidence.file, picked.evidence.line, f"func main(): {f.main_reason}")
        found.append(Fact("main package", picked.build_path, (why,)))
        found.append(Fact("binary", picked.binary, (picked.evidence,)))
    if len(f.main_candidates) > 1:
        found.append(
            Fact(
                "main package candidates",
                tuple(c.build_path for c in f.main_candidates),
                tuple(c.evidence for c in f.main_candidates),
            )
        )
    no_cgo = f'no import "C" in the {f.packages_built} package(s) built, no cgo-only module required'
    found.append(Fact("cgo", f.cgo.enabled, f.cgo.evidence or (Evidence(module.file, None, no_cgo),)))
    found.append(Fact("port", f.port.number, f.port.evidence))
    if f.port.reads_env:
        found.append(Fact("reads PORT", True, f.port.evidence[:1]))
    if f.runtime_files:
        found.append(
            Fact(
                "runtime files",
                tuple(r.source for r in f.runtime_files),
                tuple(r.evidence for r in f.runtime_files),
            )
        )
    if f.embeds:
        found.append(
            Fact("embedded files", tuple(e.path for e in f.embeds), tuple(e.evidence for e in f.embeds))
        )
    if f.version_var and f.version_var_evidence:
        found.append(Fact("version variable", f.version_var, (f.version_var_evidence,)))
    return tuple(found)


def warnings(f: GoFindings) -> tuple[str, ...]:
    """What the user should know or fix, each naming where it comes from."""
    out = list(f.read_warnings)
    if f.remote_requires and not f.vendor:
        remote = set(f.remote_requires)
        missing = [
            m.file
            for m in f.modules
            if any(r in remote for r in m.requires)
            and (f"{m.dir}/go.sum" if m.dir else "go.sum") not in f.go_sum
        ]
        if missing:
            out.append(
                f"{', '.join(missing)} requires modules but has no go.sum next to it: the build cannot "
                "verify them; run `go mod tidy` and commit go.sum"
            )
    out += [
        f"{lib.where()}: {lib.note} links a library that distroless images lack: "
        "link it statically or add it to the final image"
        for lib in f.cgo.libraries
    ]
    out += [
        f"{ev.where()}: the code reads {ev.note}, which looks like a secret: it is kept out of the image "
        "(mount it at run time)"
        for ev in f.secret_reads
    ]
    out += [
        f"{emb.evidence.where()}: embeds {emb.path}, which .dockerignore keeps out as a secret: "
        "the build fails until it is renamed or embedded from elsewhere"
        for emb in f.embeds
        if files.is_secret(emb.path)
    ]
    if f.main is None:
        out.append("no main package found (main.go at the top or cmd/<name>/main.go): nothing to run")
    return tuple(out)


def detect(repo: Repo, main: str | None = None) -> Detection | None:
    """The Go project in ``repo``; ``main`` picks the main package (``./cmd/api`` or ``api``)."""
    f = find(repo, main)
    if f is None:
        return None
    reason = (
        "distroless base: cgo links glibc, which the image carries (and nothing else)"
        if f.cgo.enabled
        else "distroless static: CGO_ENABLED=0 makes one static binary that needs no libc"
    )
    # A main package is how a Go module says it is a program; several of them are a choice.
    picked = f.main
    return Detection(
        ecosystem=ECOSYSTEM,
        project_name=mainpkg.module_name(f.module.module),
        stack="go-distroless",
        stack_reason=reason,
        facts=facts(f),
        details=f,
        warnings=warnings(f),
        strength=Strength.STATED if picked is not None else Strength.MANIFEST,
        strength_reason=f"{picked.evidence.where()}: func main ({f.main_reason})" if picked else "",
        main_candidates=tuple(c.build_path for c in f.main_candidates),
    )


def plan(detection: Detection, stack: Stack) -> BuildPlan:
    f = detection.details
    assert isinstance(f, GoFindings)
    details = go_plan(f)
    sources = {
        "language_version": f.version.evidence[0],
        "package_manager": Evidence(f.module.file, f.module.module_line, "Go modules"),
        "port": f.port.evidence[0],
    }
    if f.main is not None:
        sources["command"] = f.main.evidence
    return BuildPlan(
        ecosystem=ECOSYSTEM,
        stack=stack,
        project_name=detection.project_name,
        language_version=validate.version(str(f.version.value), f.module.file),
        package_manager="go",
        command=(details.binary_path,) if f.main else (),
        port=f.port.number,
        user=NONROOT,
        honours_port=f.port.reads_env,
        port_note="" if f.port.reads_env else f"the app picks its port itself ({f.port.evidence[0].where()})",
        notes=tuple(detection.warnings),
        image_vars=(("flavor", "base" if f.cgo.enabled else "static"),),
        sources=sources,
        details=details,
    )


DETECTOR = Language(ECOSYSTEM, LOOKS_FOR, detect, plan, chooses_main=True)
