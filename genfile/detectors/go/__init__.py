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
from genfile.detectors.go.planner import NETRC, NETRC_SOURCE, go_plan
from genfile.evidence import Evidence, Fact
from genfile.plan import BuildPlan, BuildSecret, User
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
    if f.file_mode:
        found = [Fact("module", None, (Evidence("main.go", None, "no go.mod: file mode"),)), f.version]
    else:
        found = [
            Fact(
                "module",
                module.module,
                (Evidence(module.file, module.module_line, f"module {module.module}"),),
            ),
            f.version,
        ]
    if f.subfolder:
        found.append(
            Fact(
                "module folder",
                module.dir,
                (
                    Evidence(
                        module.file, None, "the repository's only go.mod: built from the top, as a sub-folder"
                    ),
                ),
            )
        )
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
    if f.serving is not None and picked is not None:
        listener = f.serving.listener
        if listener is None:
            found.append(
                Fact(
                    "serves",
                    False,
                    (Evidence(picked.evidence.file, picked.evidence.line, "no listener reached"),),
                )
            )
        else:
            how = {
                "main": "reached from func main",
                "command": "reached from a command",
                "package": "in a package it imports",
            }
            found.append(
                Fact(
                    "serves",
                    True,
                    (
                        Evidence(
                            listener.evidence.file,
                            listener.evidence.line,
                            f"{listener.evidence.note} ({how.get(f.serving.how, '')})",
                        ),
                    ),
                )
            )
    if f.subcommand and f.serving and f.serving.command:
        found.append(Fact("subcommand", " ".join(f.subcommand), (f.serving.command.evidence,)))
    if f.build is not None:
        said = [f"-tags {','.join(f.build.tags)}"] if f.build.tags else []
        said += [f"-X {n}={v}" for n, v in f.build.stamps]
        said += [f"-X {f.build.version_var} (from --build-arg VERSION)"] if f.build.version_var else []
        said += [f"-X {n} left out (a value only make knows)" for n in f.build.dropped]
        if said:
            found.append(Fact("build flags", tuple(said), (f.build.evidence,)))
    if f.goprivate is not None:
        found.append(Fact("private modules", f.goprivate[0], (f.goprivate[1],)))
    for front in f.frontends:
        found.append(Fact("front end", front.folder or ".", (front.evidence, front.embed)))
    no_cgo = f'no import "C" in the {f.packages_built} package(s) built, no cgo-only module imported'
    found.append(
        Fact("cgo", f.cgo.enabled, f.cgo.evidence or f.cgo.why_not or (Evidence(module.file, None, no_cgo),))
    )
    found.append(Fact("port", f.port.number, f.port.evidence))
    if f.port.reads_env:
        found.append(Fact("reads PORT", True, f.port.evidence[:1]))
    elif f.port.variable:
        found.append(Fact("reads port from", f.port.variable, f.port.evidence[:1]))
    for setting in f.port.env:
        found.append(Fact(f"sets {setting.name}", setting.value, (setting.reason,)))
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
    if f.goprivate is not None and f.remote_requires and not f.vendor:
        out.append(
            f"{f.goprivate[1].where()}: private modules ({f.goprivate[0]}) are fetched with the login in "
            f"~/.netrc, passed as a build secret: docker build --secret id={NETRC.id},src={NETRC_SOURCE}"
        )
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
        strength=(Strength.CONVENTION if f.file_mode else Strength.STATED)
        if picked is not None
        else Strength.MANIFEST,
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
    serves = f.port.number is not None
    if serves and not f.port.reads_env:
        where = f.port.evidence[0].where()
        note = (
            f"the app reads its port from {f.port.variable}, not PORT ({where})"
            if f.port.variable
            else f"the app picks its port itself ({where})"
        )
    else:
        note = ""
    return BuildPlan(
        ecosystem=ECOSYSTEM,
        stack=stack,
        project_name=detection.project_name,
        language_version=validate.version(str(f.version.value), f.module.file),
        package_manager="go",
        command=(details.binary_path, *f.subcommand, *f.port.args) if f.main else (),
        port=f.port.number,
        user=NONROOT,
        # With no port at all there is nothing to follow: the field is irrelevant, left true.
        honours_port=f.port.reads_env or not serves,
        port_note=note,
        notes=tuple(detection.warnings),
        image_vars=(("flavor", "base" if f.cgo.enabled else "static"),),
        secrets=(BuildSecret(NETRC.id or "netrc", NETRC_SOURCE),) if details.goprivate else (),
        sources=sources,
        details=details,
    )


DETECTOR = Language(ECOSYSTEM, LOOKS_FOR, detect, plan, chooses_main=True)
