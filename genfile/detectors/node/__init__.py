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
from genfile.detectors.node import manifest, start
from genfile.detectors.node.findings import FOCUSED_MANAGERS, NodeFindings, find
from genfile.detectors.node.frameworks import spa
from genfile.detectors.node.package_manager import secret_id
from genfile.detectors.node.planner import node_plan
from genfile.errors import ChoiceError
from genfile.evidence import Evidence, Fact
from genfile.plan import PORT, BuildPlan, BuildSecret, User
from genfile.repo import Repo
from genfile.stacks import Stack

ECOSYSTEM = "node"
LOOKS_FOR = ("package.json", "package.json5", "package.yaml")
SERVER_STACK = "node-alpine"
STATIC_STACK = "node-static"
BUN_STACK = "bun"
# The official node images carry this account (UID/GID 1000); nginx images carry nginx (101);
# oven/bun images carry bun (1000).
NODE_USER = User("node", 1000, 1000)
BUN_USER = User("bun", 1000, 1000)
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
    if f.workspace and found is None and not any("several apps" in n for n in f.start_notes):
        out.append(
            f"a workspace root ({f.workspace.evidence.where()}) that starts nothing itself: choose the "
            "member app with --app PATH"
        )
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
    else:
        out.append(
            "no start command found (no Procfile web:, scripts.start, main or server.js): give one with --cmd"
        )
    local = f.code.local_bind
    if local is not None and f.code.reads_host:
        out.append(
            f"{local.where()} listens on localhost unless HOST says otherwise: the image sets HOST=0.0.0.0 "
            "so it is reachable from outside the container"
        )
    elif local is not None:
        out.append(
            f"{local.where()} listens on localhost only, which nothing outside the container can reach: "
            "bind 0.0.0.0 there (Fastify: listen({ port, host: '0.0.0.0' }))"
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
    if f.whole_app and f.app_dir:
        out.append(
            f"a workspace app ({f.app_dir}): the final image takes the built workspace (the member, the "
            "packages it imports, the build output) and the production dependencies of the install"
        )
    elif f.whole_app:
        out.append(
            "cannot tell which folders the build writes: the final image takes the whole built "
            "project (production dependencies only)"
        )
    ws = f.workspace
    if f.app_dir and ws and f.unused_members:
        shown = ", ".join(f.unused_members[:4]) + (
            f" and {len(f.unused_members) - 4} more" if len(f.unused_members) > 4 else ""
        )
        out.append(
            f"{f.app_dir} does not depend on {shown}, not even through the packages it uses: they stay "
            f"out of the build context (.dockerignore) and of the {pm.name} install from the root "
            "lockfile, so an edit there rebuilds nothing in this image"
        )
    elif f.app_dir and ws and len(ws.members) > 1 and pm.name not in FOCUSED_MANAGERS:
        out.append(
            f"{pm.label} installs every workspace member from the root lockfile (its frozen install "
            "refuses a lockfile with members left out): an edit in another member's package.json "
            "rebuilds the install layer"
        )
    if f.entry_missing and found is not None:
        out.append(f"{found.entry} does not exist and there is no build script to create it")
    installs = bool(f.pkg.dependencies or f.build_script or (f.workspace and f.workspace.has_dependencies))
    if f.source_hooks and installs:
        shown = ", ".join(
            f"scripts.{h} ({manifest.clean_note(f.pkg.scripts[h], 40)})" for h in f.source_hooks
        )
        git_hooks = [h for h in f.source_hooks if f.pkg.scripts[h].startswith("husky")]
        then = (
            "husky is skipped (it installs git hooks, and an image has no .git)"
            if len(git_hooks) == len(f.source_hooks)
            else "the build stage runs the hook after copying the source"
            + (" (husky is skipped: an image has no .git)" if git_hooks else "")
        )
        out.append(
            f"{shown} needs the source, which the dependency install does not have: the install runs "
            f"with --ignore-scripts and `{f.manager.name} rebuild` (the dependencies' own install scripts "
            f"still run), and {then}"
        )
    elif f.hooks and installs:
        out.append(
            f"scripts.{f.hooks[0]} runs during the dependency install, when only the manifests are in "
            "the image (and, for production dependencies, no devDependencies): it must not need the "
            "source or dev tools (husky: `husky || true`)"
        )
    if f.native and f.native_evidence:
        out.append(
            f"{f.native_evidence.where()}: {', '.join(f.native)} {'is' if len(f.native) == 1 else 'are'} "
            "compiled by node-gyp: the build stages run on "
            "the full node image (python3, make, g++), the final image on node:*-slim (Debian, glibc like "
            "the build) instead of Alpine, whose musl cannot load them"
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
    """The Node project in ``repo``; ``main`` (``--app``): the workspace member to build."""
    f = find(repo, main)
    if f is None:
        return None
    if f.kind == "static":
        stack, reason = (
            STATIC_STACK,
            f"{f.framework.label}: built with Node, served by nginx as a non-root user",
        )
    elif f.runtime == "bun":
        where = f.runtime_evidence.where() if f.runtime_evidence else "the start command"
        stack, reason = (BUN_STACK, f"the code runs on Bun ({where}): the official oven/bun image, no Node")
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
        main_candidates=f.apps if len(f.apps) > 1 else (),
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


def _member_command(command: tuple[str, ...]) -> tuple[str, ...]:
    """A workspace member's command: its tools by name, found on the image's PATH (the member's
    node_modules/.bin, then the root's: a hoisting install puts them in either)."""
    return tuple(a.removeprefix("node_modules/.bin/") if i == 0 else a for i, a in enumerate(command))


def _where(evidence: tuple[Evidence, ...] | Evidence | None) -> str:
    first = evidence[0] if isinstance(evidence, tuple) and evidence else evidence
    return f" ({first.where()})" if isinstance(first, Evidence) else ""


def _misfit(f: NodeFindings, asked: str) -> str:
    """Why the ``asked`` stack cannot run what the project is, with the evidence."""
    fw = f.framework
    if f.kind == "static":
        script = f.pkg.scripts.get("start")
        words = (script or "").split()
        dev_only = [
            p for p, (c, _, _) in spa.STATIC_SERVERS.items() if c in words and p in f.pkg.dev_dependencies
        ]
        served = (
            f"scripts.start runs {dev_only[0]} from devDependencies, which the final image does not have: "
            "move it to dependencies"
            if dev_only
            else f"scripts.start runs {manifest.clean_note(script, 40)}, a preview server, "
            "not one for production"
            if script
            else "nothing in it serves the build at run time (no scripts.start, no server)"
        )
        if f.app_dir and spa.static_server(f.pkg):
            served = "genfile serves a workspace member's build with nginx only"
        return f"a {fw.label} build{_where(fw.evidence)}, and {served}"
    runtime = "Bun" if f.runtime == "bun" else "Node"
    what = f"{fw.label} server" if fw.label != "Node.js" else f"{runtime} server"
    runs = f" `{' '.join(f.start.command).replace(PORT, '$PORT')}`" if f.start else ""
    if asked == STATIC_STACK:
        return f"the {what}{runs} is a program to run, and {STATIC_STACK} only serves built files with nginx"
    if f.runtime == "bun":
        return f"the code runs on Bun{_where(f.runtime_evidence)}, which Node cannot run"
    return f"the {what}{runs} runs on Node, and the bun stack runs Bun"


def plan(detection: Detection, stack: Stack) -> BuildPlan:
    f = detection.details
    assert isinstance(f, NodeFindings)
    if stack.name == SERVER_STACK and f.kind == "static" and not f.app_dir and spa.static_server(f.pkg):
        # Asked for a Node image, a static site whose start script runs a production static
        # server (serve, http-server, sirv) is that server, serving the build output.
        served = find(Repo(detection.root), serve_build=True)
        assert served is not None
        f = served
        notes = list(warnings(f))
    else:
        notes = list(detection.warnings)
    kind = f.kind
    # A stack serves one kind of app (nginx cannot run a server, Node cannot run Bun's APIs):
    # a stack that cannot work is refused with the reason, never swapped for another in silence.
    wanted = STATIC_STACK if kind == "static" else BUN_STACK if f.runtime == "bun" else SERVER_STACK
    if stack.name != wanted:
        raise ChoiceError(
            f"--stack {stack.name} cannot run this project: {_misfit(f, stack.name)}",
            f"the stack that fits is {wanted} (drop --stack, or the stack saved in genfile.toml)",
        )
    details = node_plan(f, kind, detection.project_name)
    follows, note = _follows_port(f)
    build_secrets = tuple(BuildSecret(secret_id(path), path) for path in f.secret_files)
    sources = {
        "language_version": f.version.evidence[0],
        "package_manager": f.manager.evidence[0],
        "port": f.port_evidence,
    }
    if f.runtime_evidence is not None:
        sources["runtime"] = f.runtime_evidence
    if f.start is not None:
        sources["command"] = f.start.evidence[0] if f.start.evidence else Evidence(None, None, f.start.label)
    return BuildPlan(
        ecosystem=ECOSYSTEM,
        stack=stack,
        project_name=detection.project_name,
        language_version=str(f.version.value),
        package_manager=f.manager.label,
        command=_member_command(f.start.command)
        if f.start and f.app_dir
        else f.start.command
        if f.start
        else (),
        port=f.port,
        user=NGINX_USER if kind == "static" else BUN_USER if stack.name == BUN_STACK else NODE_USER,
        notes=tuple(dict.fromkeys(notes)),
        sources=sources,
        details=details,
        secrets=build_secrets,
        honours_port=follows,
        writable=tuple(
            dict.fromkeys(
                f"/app/{f.app_dir}/{folder}" if f.app_dir else f"/app/{folder}"
                for folder in (*f.framework.writable, *(w for w, _ in f.code.writes))
            )
        ),
        port_note=note,
        init=kind != "static" and details.signals is None,
        # Modules compiled against glibc in the build stage need a glibc final image (Debian
        # slim); musl (Alpine) cannot load them.
        image_vars=(("variant", "slim" if details.native and stack.name == SERVER_STACK else "alpine"),),
    )


DETECTOR = Language(ECOSYSTEM, LOOKS_FOR, detect, plan, chooses_main=True)
