"""Python: detect a Python project and plan its image.

Reads what the project says about itself (lockfiles, pyproject, requirements, Procfile, the
code that creates the app object: :mod:`.findings`), derives the facts and warnings shown to
the user from those findings, and plans the build steps (:mod:`.planner`) that the
``python-*`` stacks render.
"""

from __future__ import annotations

import dataclasses

from genfile import validate
from genfile.detection import Detection, Strength
from genfile.detectors.contract import Language
from genfile.detectors.python import native, pythons
from genfile.detectors.python.findings import LOOKS_FOR, PythonFindings, find
from genfile.detectors.python.planner import missing_server, python_plan
from genfile.evidence import Evidence, Fact
from genfile.plan import PORT, BuildPlan
from genfile.repo import Repo
from genfile.stacks import Stack

ECOSYSTEM = "python"
# How plainly each kind of start says "this is how the app runs" (see genfile.detection.Strength).
_STRENGTH = {"module": Strength.CONVENTION, "file": Strength.CONVENTION}


def facts(f: PythonFindings) -> tuple[Fact, ...]:
    """What ``genfile detect`` shows, each with its evidence."""
    deps, entry = f.deps, f.entry
    found = [
        f.version,
        Fact("package manager", deps.manager, deps.evidence),
        Fact("dependency files", deps.manifests, tuple(Evidence(m) for m in deps.manifests)),
        Fact("dependencies", tuple(sorted(deps.direct)), deps.evidence),
    ]
    if f.lookup is not None and f.lookup.asked:
        answered = len(f.lookup.releases)
        found.append(
            Fact(
                "package index",
                f"{answered} of {f.lookup.asked} pinned releases described"
                + (f" ({f.lookup.skipped})" if f.lookup.skipped else ""),
                tuple(r.evidence for r in f.lookup.releases[:3]),
            )
        )
    if entry is not None:
        port_ev = entry.port_evidence or Evidence(None, None, f"default for {entry.label}")
        found += [
            Fact("framework", entry.label, entry.evidence),
            Fact("start command", " ".join(entry.command).replace(PORT, str(entry.port)), entry.evidence),
            Fact("port", entry.port, (port_ev,)),
        ]
        if entry.release:
            ev = entry.release_evidence or Evidence(None)
            found.append(Fact("release step", " ".join(entry.release), (ev,)))
        if entry.env:
            found.append(Fact("environment", tuple(f"{k}={v}" for k, v in entry.env), entry.evidence[:1]))
    if f.server_groups:
        found.append(
            Fact(
                "server group",
                tuple(g.name for g in f.server_groups),
                tuple(g.evidence for g in f.server_groups),
            )
        )
    if f.natives:
        found.append(Fact("native dependencies", tuple(d.package for d in f.natives), f.native_evidence))
        packages = sorted({p for d in f.natives for p in d.debian_runtime})
        if packages:
            found.append(
                Fact(
                    "system packages",
                    tuple(packages),
                    tuple(
                        dataclasses.replace(
                            ev, note=f"{d.package}: {', '.join(d.debian_runtime)} ({d.source})"
                        )
                        for d, ev in zip(f.natives, f.native_evidence)
                        if d.debian_runtime
                    ),
                )
            )
    if f.git:
        found.append(Fact("git dependencies", tuple(e.note for e in f.git), f.git))
    if f.writes.folders or f.writes.files:
        found.append(
            Fact(
                "writes at run time",
                tuple(p for p, _ in f.writes.folders + f.writes.files),
                tuple(e for _, e in f.writes.folders + f.writes.files),
            )
        )
    return tuple(found)


def warnings(f: PythonFindings) -> tuple[str, ...]:
    """What the user should know or fix, each naming where it comes from."""
    deps, entry = f.deps, f.entry
    found = [*deps.warnings, *f.version_warnings, *f.extra_warnings]
    if entry is not None and entry.kind == "script" and not f.install_project:
        found.append(
            f"{entry.label} needs the project installed, but it is not a package; "
            "give the start command with --cmd"
        )
    if deps.source == "requirements":
        found += [
            f"{ev.where()}: `{ev.note}` installs from the source tree, which is not "
            "in the dependency layer; install the project separately or drop the line"
            for ev in deps.needs_source
        ]
    if entry is None:
        found.append(
            "no start command found (no Procfile, app object, console script or main.py): give one with --cmd"
        )
    else:
        found += entry.warnings
        if missing_server(f):
            found.append(missing_server(f))
        s = entry.settings
        if s is not None and s.sqlite is not None and not s.sqlite[0]:
            found.append(
                f"{s.sqlite[1].where()}: the SQLite database sits in the code folder, which stays "
                'read-only in the image: give it a folder of its own (BASE_DIR / "data" / "db.sqlite3") '
                "or a database URL"
            )
    for path, ev in f.writes.files:
        found.append(
            f"{ev.where()}: the app writes {path} in its code folder, which stays read-only: the image "
            "links it to /tmp (emptied on restart); write under a folder of its own to keep it"
        )
    return tuple(found)


def _musl_missing(f: PythonFindings) -> list[str]:
    """Binary packages with no musllinux wheel for the chosen line (from the pinned files), or
    the packages known to lag on musl when the files are not known."""
    if f.releases:
        return sorted(r.name for r in pythons.missing_wheels(f.releases, str(f.version.value), "musl"))
    return sorted(f.names & native.MUSL_RISK)


def _stack_reason(f: PythonFindings) -> str:
    risky = _musl_missing(f)
    reason = "Debian slim: glibc wheels from PyPI install without compiling"
    if f.releases and risky:
        return (
            reason + f" ({', '.join(risky[:6])} have no musllinux wheel for Python {f.version.value}:"
            " they compile on Alpine)"
        )
    return reason + (f" ({', '.join(risky)} may compile from source on Alpine's musl)" if risky else "")


def detect(repo: Repo, main: str | None = None) -> Detection | None:
    """The Python project in ``repo`` (``main`` is not a Python choice: ignored)."""
    f = find(repo)
    if f is None:
        return None
    entry = f.entry
    if f.deps.source == "none":
        strength = Strength.MANIFEST  # a lone script: any project that states how it starts wins
    else:
        strength = Strength.MANIFEST if entry is None else _STRENGTH.get(entry.kind, Strength.STATED)
    return Detection(
        ecosystem=ECOSYSTEM,
        project_name=f.project_name,
        stack="python-slim",
        stack_reason=_stack_reason(f),
        facts=facts(f),
        details=f,
        warnings=warnings(f),
        strength=strength,
        strength_reason=f"{entry.evidence[0].where()}: {entry.label}" if entry else "",
    )


def plan(detection: Detection, stack: Stack) -> BuildPlan:
    f = detection.details
    assert isinstance(f, PythonFindings)
    notes = list(detection.warnings)
    if stack.os == "alpine":
        risky = _musl_missing(f)
        if risky:
            notes.append(
                f"{', '.join(risky)} may lack musl wheels and compile on Alpine "
                "(slow, needs build tools): python-slim is recommended"
            )
    entry = f.entry
    sources = {"language_version": f.version.evidence[0], "package_manager": f.deps.evidence[0]}
    if entry is not None:
        sources["command"] = entry.evidence[0]
        sources["port"] = entry.port_evidence or Evidence(None, None, f"default for {entry.label}")
        if entry.release_evidence is not None:
            sources["release"] = entry.release_evidence
    note = ""
    if entry is not None and not entry.reads_port:
        where = entry.port_evidence.where() if entry.port_evidence else entry.evidence[0].where()
        note = f"the app picks its port itself ({where}), not from $PORT"
    return BuildPlan(
        ecosystem=ECOSYSTEM,
        stack=stack,
        project_name=detection.project_name,
        language_version=str(f.version.value),
        honours_port=entry is None or entry.reads_port,
        port_note=note,
        package_manager=f.deps.manager,
        command=entry.command if entry else (),
        port=entry.port if entry else None,
        notes=tuple(notes),
        writable=tuple(path for path, _ in f.writes.folders),
        release=entry.release if entry else (),
        sources=sources,
        details=python_plan(f, stack.os, validate.image_name(detection.project_name)),
    )


DETECTOR = Language(ECOSYSTEM, LOOKS_FOR, detect, plan)
