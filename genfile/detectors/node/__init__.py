"""Node.js: detect a Node project and plan its image.

Reads what the project says about itself (:mod:`.findings`: package.json, the lockfile,
version files, the framework's config, the code that listens), derives the facts and
warnings shown to the user, and plans the stages (:mod:`.planner`) that the ``node-alpine``
(servers) and ``node-static`` (static sites served by nginx) stacks render. Framework
knowledge lives in one module per framework (:mod:`.frameworks`).
"""

from __future__ import annotations

import re

from genfile.detection import Detection, Strength
from genfile.detectors.contract import Language
from genfile.detectors.node import start
from genfile.detectors.node.findings import NodeFindings, find
from genfile.detectors.node.package_manager import secret_id
from genfile.detectors.node.planner import node_plan
from genfile.evidence import Evidence, Fact
from genfile.plan import PORT, BuildPlan, BuildSecret, User
from genfile.repo import Repo
from genfile.stacks import Stack, get_stack

ECOSYSTEM = "node"
LOOKS_FOR = ("package.json",)
SERVER_STACK = "node-alpine"
STATIC_STACK = "node-static"
# The official node images carry this account (UID/GID 1000); nginx images carry nginx (101).
NODE_USER = User("node", 1000, 1000)
NGINX_USER = User("nginx", 101, 101)


def _project_name(f: NodeFindings, repo: Repo) -> str:
    if f.pkg.name:
        return f.pkg.name
    return re.sub(r"[^\w.@/-]+", "-", repo.root.name).strip("-") or "app"


def facts(f: NodeFindings) -> tuple[Fact, ...]:
    """What ``genfile detect`` shows, each with its evidence."""
    pm, fw = f.manager, f.framework
    found = [
        f.version,
        Fact("package manager", pm.label + (f" {pm.version}" if pm.version else ""), pm.evidence),
        Fact("lockfile", pm.lockfile or "none", (Evidence(pm.lockfile),) if pm.lockfile else ()),
        Fact("framework", fw.label, fw.evidence),
    ]
    if f.build_script and f.build_evidence:
        found.append(Fact("build", pm.run(f.build_script), (f.build_evidence,)))
    if f.start is not None:
        shown = " ".join(f.start.command).replace(PORT, str(f.port))
        found.append(Fact("start command", shown, f.start.evidence))
    found.append(Fact("port", f.port, (f.port_evidence,)))
    signals = f.code.signals
    if signals is not None or fw.handles_signals:
        found.append(
            Fact(
                "signals", "handled by the app", (signals,) if signals else (Evidence(None, None, fw.label),)
            )
        )
    return tuple(found)


def warnings(f: NodeFindings) -> tuple[str, ...]:
    """What the user should know or fix, each naming where it comes from."""
    pkg, pm, fw, found = f.pkg, f.manager, f.framework, f.start
    out = [*pkg.warnings, *pm.warnings, *f.version_warnings, *fw.notes]
    if f.workspace_root:
        out.append("a workspace (monorepo) root: genfile builds the root package; run it in the app's folder")
    if fw.kind == "static" and f.build_script is None:
        out.append(f"{fw.label} without scripts.build: nothing to serve")
    out += f.start_notes
    if found is not None:
        dev_only = [t for t in found.tools if start.BIN_PACKAGES.get(t, t) in pkg.dev_dependencies]
        if dev_only:  # the final image has production dependencies only, build or not
            out.append(
                f"the start command runs {', '.join(dev_only)} from devDependencies, which the final "
                "image does not have: move it to dependencies"
            )
    elif pm.name == "bun" and fw.kind == "server":
        out.append(
            "the start command needs the Bun runtime, and genfile has no Bun stack yet: give a "
            "Node command with --cmd (Bun still installs the dependencies)"
        )
    else:
        out.append(
            "no start command found (no Procfile web:, scripts.start, main or server.js): give one with --cmd"
        )
    if f.port_evidence is f.code.port_evidence and not f.code.reads_port:
        out.append(
            f"the app listens on {f.port} whatever PORT says ({f.port_evidence.where()}): "
            "--port changes only EXPOSE"
        )
    if fw.kind == "server" and found is not None and not fw.handles_signals and f.code.signals is None:
        out.append(
            "the app does not handle SIGTERM: run it with `docker run --init` (or compose `init: true`) "
            "so docker stop does not wait 10 s, or add process.on('SIGTERM', ...)"
        )
    if f.whole_app:
        out.append(
            "cannot tell which folders the build writes: the final image takes the whole built "
            "project (production dependencies only)"
        )
    if f.entry_missing and found is not None:
        out.append(f"{found.entry} does not exist and there is no build script to create it")
    if f.hooks:
        out.append(
            f"scripts.{f.hooks[0]} runs during the dependency install, when only the manifests are in "
            "the image (and, for production dependencies, no devDependencies): it must not need the "
            "source or dev tools (husky: `husky || true`)"
        )
    if ".npmrc" in f.secret_files:
        out.append(
            ".npmrc stays out of the build context; the install reads it as a build secret: "
            "docker build --secret id=npmrc,src=.npmrc ."
        )
    return tuple(dict.fromkeys(out))


def _strength(f: NodeFindings) -> tuple[Strength, str]:
    """A start the project states (Procfile, scripts.start, a framework's own server) is
    strong; ``main``, a conventional entry file or a static build (assets for another
    language's app, often) is a convention; nothing to run is a bare manifest."""
    found = f.start
    if found is None or f.entry_missing:  # `npm init`'s "main": "index.js" with no index.js
        return Strength.MANIFEST, ""
    reason = f"{found.evidence[0].where()}: {found.label}" if found.evidence else found.label
    if f.kind == "static" or found.label in ("package.json main", *start.ENTRY_FILES):
        return Strength.CONVENTION, reason
    return Strength.STATED, reason


def detect(repo: Repo, main: str | None = None) -> Detection | None:
    """The Node project in ``repo`` (``main`` is not a Node choice: ignored)."""
    f = find(repo)
    if f is None:
        return None
    if f.kind == "static":
        stack, reason = (
            STATIC_STACK,
            f"{f.framework.label}: built with Node, served by nginx as a non-root user",
        )
    else:
        stack, reason = (
            SERVER_STACK,
            "Node on the official Alpine image: small, runs as the image's node user",
        )
    strength, why = _strength(f)
    return Detection(
        ecosystem=ECOSYSTEM,
        project_name=_project_name(f, repo),
        stack=stack,
        stack_reason=reason,
        facts=facts(f),
        details=f,
        warnings=warnings(f),
        strength=strength,
        strength_reason=why,
    )


def _follows_port(f: NodeFindings) -> tuple[bool, str]:
    """Whether the server listens on $PORT: nginx (configured at start), a command that
    passes it, a framework server that reads it, or code that reads process.env.PORT."""
    command = f.start.command if f.start else ()
    if (
        f.kind == "static"
        or any(PORT in arg for arg in command)
        or f.framework.reads_port
        or f.code.reads_port
    ):
        return True, ""
    if f.port_evidence is f.code.port_evidence:
        return False, f"the app listens on {f.port} whatever PORT says ({f.port_evidence.where()})"
    return (
        False,
        f"nothing in the code reads PORT: it listens on {f.port} ({f.port_evidence.note or 'default'})",
    )


def plan(detection: Detection, stack: Stack) -> BuildPlan:
    f = detection.details
    assert isinstance(f, NodeFindings)
    notes = list(detection.warnings)
    kind = f.kind
    # A stack serves one kind of app: asked for the other, genfile renders the one that fits
    # and says so (an nginx image cannot run a server, and the node-static stack is nginx).
    wanted = STATIC_STACK if kind == "static" else SERVER_STACK
    if stack.name != wanted and (stack.name == STATIC_STACK or kind == "static"):
        notes.append(
            f"{stack.name} does not fit a {f.framework.label} project: rendered with {wanted} instead"
        )
        stack = get_stack(wanted)
    details = node_plan(f, kind, detection.project_name)
    follows, note = _follows_port(f)
    build_secrets = tuple(BuildSecret(secret_id(path), path) for path in f.secret_files)
    sources = {
        "language_version": f.version.evidence[0],
        "package_manager": f.manager.evidence[0],
        "port": f.port_evidence,
    }
    if f.start is not None:
        sources["command"] = f.start.evidence[0] if f.start.evidence else Evidence(None, None, f.start.label)
    return BuildPlan(
        ecosystem=ECOSYSTEM,
        stack=stack,
        project_name=detection.project_name,
        language_version=str(f.version.value),
        package_manager=f.manager.label,
        command=f.start.command if f.start else (),
        port=f.port,
        user=NGINX_USER if kind == "static" else NODE_USER,
        notes=tuple(dict.fromkeys(notes)),
        sources=sources,
        details=details,
        secrets=build_secrets,
        honours_port=follows,
        writable=tuple(f"/app/{folder}" for folder in f.framework.writable),
        port_note=note,
        init=kind != "static" and details.signals is None,
    )


DETECTOR = Language(ECOSYSTEM, LOOKS_FOR, detect, plan)
