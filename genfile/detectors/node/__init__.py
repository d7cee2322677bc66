"""Node.js: detect a Node project and plan its image.

Reads what the project says about itself (package.json, the lockfile, version files, the
framework's config, the code that listens) and turns it into a :class:`NodePlan` that the
``node-alpine`` (servers) and ``node-static`` (static sites served by nginx) stacks render.
Framework knowledge lives in one small module each (:mod:`.next`, :mod:`.spa`,
:mod:`.frameworks`); the package manager in :mod:`.package_manager`; versions in
:mod:`.versions`; the start command in :mod:`.start`; ports and signals in :mod:`.ports`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from genfile.detection import Detection
from genfile.detectors.node import frameworks, manifest, package_manager, ports, start, versions
from genfile.detectors.node.framework import Framework
from genfile.detectors.node.manifest import PackageJson
from genfile.detectors.node.package_manager import PackageManager
from genfile.detectors.node.start import Start
from genfile.errors import ManifestError
from genfile.evidence import Evidence, Fact
from genfile.plan import PORT, BuildPlan, User
from genfile.repo import Repo
from genfile.stacks import Stack, get_stack

ECOSYSTEM = "node"
LOOKS_FOR = ("package.json",)
SERVER_STACK = "node-alpine"
STATIC_STACK = "node-static"
# The official node images carry this account (UID/GID 1000); nginx images carry nginx (101).
NODE_USER = User("node", 1000, 1000)
NGINX_USER = User("nginx", 101, 101)
STATIC_COMMAND = ("nginx", "-g", "daemon off;")
# Folders the server may read at run time besides the compiled output (copied when present).
RUNTIME_DIRS = ("public", "views", "static", "templates", "locales", "prisma")
# Folders that are always generated (never source): excluded from the build context.
GENERATED = (".next", ".nuxt", ".output", ".svelte-kit", ".astro", ".turbo", ".vercel", ".parcel-cache")
# Conventional build output folders (excluded from the context only when the image builds them).
BUILD_DIRS = ("dist", "build", "out")


@dataclass(frozen=True)
class NodeFindings:
    """Everything the Node detector found, for the planner."""

    pkg: PackageJson
    manager: PackageManager
    version: str
    framework: Framework
    start: Start | None
    port: int
    port_evidence: Evidence
    reads_port: bool
    build_script: str | None
    outputs: tuple[tuple[str, str], ...]
    whole_app: bool  # the build writes where genfile cannot tell: ship the built folder
    signals: Evidence | None
    npmrc: bool


@dataclass(frozen=True)
class NodePlan:
    """The Node-specific half of the build plan, read by the ``node-*`` templates."""

    kind: str  # "server" or "static"
    framework: str
    manager: str  # npm | pnpm | yarn | yarn-berry | bun
    manager_label: str
    lockfile: str | None
    manifest_copies: tuple[tuple[tuple[str, ...], str], ...]  # COPY groups before the install
    manifest_dirs: tuple[str, ...]
    setup: tuple[str, ...]  # base-stage commands making the package manager available
    setup_env: tuple[tuple[str, str], ...]
    registry_arg: bool  # ARG COREPACK_NPM_REGISTRY (Yarn Berry is fetched from its own host)
    cache_id: str
    cache_target: str
    cache_sharing: str
    install_all: str
    install_prod: str
    npmrc_secret: bool
    build: str | None  # the build command, e.g. "npm run build"
    build_caches: tuple[str, ...]
    outputs: tuple[tuple[str, str], ...]
    whole_app: bool
    copy_source: bool
    runtime_files: tuple[str, ...]
    prod_deps: bool
    runtime_env: tuple[tuple[str, str], ...]
    build_env: tuple[tuple[str, str], ...]
    writable: tuple[str, ...]
    static_root: str | None
    immutable_prefix: str | None
    signals: str | None  # where the app handles SIGTERM itself ("src/server.js:18")
    keep: tuple[str, ...]
    ignore_outputs: tuple[str, ...]

    @property
    def installs(self) -> bool:
        """Whether any build stage is needed: something to build, or dependencies to install."""
        return self.build is not None or self.kind == "static" or self.prod_deps

    @property
    def prod_stage(self) -> str:
        """The stage whose node_modules the final image takes."""
        return "prod-deps" if self.build else "deps"


def _project_name(pkg: PackageJson, repo: Repo) -> str:
    if pkg.name:
        return pkg.name
    return re.sub(r"[^\w.@/-]+", "-", repo.root.name).strip("-") or "app"


def _outputs(
    repo: Repo, fw: Framework, entry: str | None, build: str | None
) -> tuple[tuple[tuple[str, str], ...], bool, list[str]]:
    """What the final image copies from the build stage, or "the whole built folder"."""
    if build is None:
        return (), False, []
    if fw.outputs:
        return fw.outputs, False, []
    notes: list[str] = []
    if entry and "/" in entry:
        top = entry.split("/", 1)[0]
        # An entry under a folder the build writes: not in the repository (or a stale copy of
        # a conventional output folder, or tsconfig's outDir). A source folder such as lib/
        # that is in the repository stays source.
        if not repo.exists(top) or top in BUILD_DIRS or top == frameworks.ts_out_dir(repo)[0]:
            extra = tuple((d, d) for d in RUNTIME_DIRS if repo.is_dir(d))
            return ((top, top), *extra), False, notes
    notes.append(
        "cannot tell which folders the build writes: the final image takes the whole built "
        "project (production dependencies only)"
    )
    return (), True, notes


def detect(repo: Repo) -> Detection | None:
    if repo.is_dir(manifest.MANIFEST):
        raise ManifestError(manifest.MANIFEST, "is a folder, expected a file", fix="remove or rename it")
    if not repo.is_file(manifest.MANIFEST):
        return None
    pkg = manifest.read(repo)
    warnings = list(pkg.warnings)
    pm = package_manager.detect(repo, pkg)
    warnings += pm.warnings
    version_fact, version_warnings = versions.detect(repo, pkg.engines_node, pkg.volta_node)
    warnings += version_warnings
    fw = frameworks.detect(repo, pkg)
    warnings += fw.notes
    build = "build" if "build" in pkg.scripts else None
    if pkg.workspaces or repo.is_file("pnpm-workspace.yaml"):
        warnings.append(
            "a workspace (monorepo) root: genfile builds the root package; run it in the app's folder"
        )

    found: Start | None
    if fw.kind == "static":
        found = Start(STATIC_COMMAND, "nginx serving the build output", fw.evidence[:1]) if build else None
        if build is None:
            warnings.append(f"{fw.label} without scripts.build: nothing to serve")
    else:
        resolver = start.Resolver(repo, pkg, build)
        found, start_notes = start.choose(repo, pkg, resolver, fw.start, fw.default_start)
        warnings += start_notes
    if found is not None:
        dev_only = [t for t in found.tools if start.BIN_PACKAGES.get(t, t) in pkg.dev_dependencies]
        if dev_only:  # the final image has production dependencies only, build or not
            warnings.append(
                f"the start command runs {', '.join(dev_only)} from devDependencies, which the final "
                "image does not have: move it to dependencies"
            )
    else:
        hint = (
            "no start command found (no Procfile web:, scripts.start, main or server.js): give one with --cmd"
        )
        if pm.name == "bun" and fw.kind == "server":
            hint = (
                "the start command needs the Bun runtime, and genfile has no Bun stack yet: give a "
                "Node command with --cmd (Bun still installs the dependencies)"
            )
        warnings.append(hint)

    # Port: the command line, the code, then the framework's default.
    code = ports.CodeFacts(None, None, False, None)
    if fw.kind == "server":
        entry_files = ports.entry_sources(found.entry if found else None)
        code = ports.scan(repo, ports.source_files(repo, entry_files))
    if found is not None and found.port is not None:
        port, port_ev = found.port, found.evidence[-1]
    elif fw.port is not None and fw.port_evidence is not None:
        port, port_ev = fw.port, fw.port_evidence
    elif code.port is not None and code.port_evidence is not None:
        port, port_ev = code.port, code.port_evidence
    else:
        port, port_ev = fw.default_port, Evidence(None, None, f"default for {fw.label}")
    signals = code.signals
    if port_ev is code.port_evidence and not code.reads_port:
        warnings.append(
            f"the app listens on {port} whatever PORT says ({port_ev.where()}): --port changes only EXPOSE"
        )
    if fw.kind == "server" and found is not None and not fw.handles_signals and signals is None:
        warnings.append(
            "the app does not handle SIGTERM: run it with `docker run --init` (or compose `init: true`) "
            "so docker stop does not wait 10 s, or add process.on('SIGTERM', ...)"
        )

    entry = found.entry if found else None
    outputs, whole_app, output_notes = _outputs(repo, fw, entry, build if fw.kind == "server" else None)
    warnings += output_notes
    if (
        fw.kind == "server"
        and build is None
        and entry
        and not repo.exists(entry.split("/", 1)[0])
        and not start.resolve_file(repo, entry)
    ):
        warnings.append(f"{entry} does not exist and there is no build script to create it")
    hooks = [h for h in ("preinstall", "install", "postinstall", "prepare") if h in pkg.scripts]
    if hooks:
        warnings.append(
            f"scripts.{hooks[0]} runs during the dependency install, when only the manifests are in "
            "the image (and, for production dependencies, no devDependencies): it must not need the "
            "source or dev tools (husky: `husky || true`)"
        )
    npmrc = repo.is_file(".npmrc")
    if npmrc:
        warnings.append(
            ".npmrc stays out of the build context; the install reads it as a build secret: "
            "docker build --secret id=npmrc,src=.npmrc ."
        )

    findings = NodeFindings(
        pkg=pkg,
        manager=pm,
        version=str(version_fact.value),
        framework=fw,
        start=found,
        port=port,
        port_evidence=port_ev,
        reads_port=code.reads_port,
        build_script=build,
        outputs=outputs,
        whole_app=whole_app,
        signals=signals,
        npmrc=npmrc,
    )
    facts = [
        version_fact,
        Fact("package manager", pm.label + (f" {pm.version}" if pm.version else ""), pm.evidence),
        Fact("lockfile", pm.lockfile or "none", (Evidence(pm.lockfile),) if pm.lockfile else ()),
        Fact("framework", fw.label, fw.evidence),
    ]
    if build:
        facts.append(
            Fact(
                "build",
                f"{pm.run(build)}",
                (manifest.evidence(repo, "scripts", build, note=pkg.scripts[build]),),
            )
        )
    if found is not None:
        shown = " ".join(found.command).replace(PORT, str(port))
        facts.append(Fact("start command", shown, found.evidence))
    facts.append(Fact("port", port, (port_ev,)))
    if signals is not None or fw.handles_signals:
        facts.append(
            Fact(
                "signals", "handled by the app", (signals,) if signals else (Evidence(None, None, fw.label),)
            )
        )
    if fw.kind == "static":
        stack, reason = STATIC_STACK, f"{fw.label}: built with Node, served by nginx as a non-root user"
    else:
        stack, reason = (
            SERVER_STACK,
            "Node on the official Alpine image: small, runs as the image's node user",
        )
    return Detection(
        ECOSYSTEM,
        _project_name(pkg, repo),
        stack,
        reason,
        tuple(facts),
        tuple(dict.fromkeys(warnings)),
        runnable=found is not None,
        details=findings,
    )


def _groups(files: tuple[str, ...]) -> tuple[tuple[tuple[str, ...], str], ...]:
    groups: dict[str, list[str]] = {}
    for path in files:
        folder = path.rpartition("/")[0]
        groups.setdefault(f"{folder}/" if folder else "./", []).append(path)
    return tuple((tuple(v), k) for k, v in groups.items())


def plan(detection: Detection, stack: Stack) -> BuildPlan:
    f: NodeFindings = detection.details
    fw, pm = f.framework, f.manager
    notes = list(detection.warnings)
    kind = fw.kind
    # A stack serves one kind of app: asked for the other, genfile renders the one that fits
    # and says so (an nginx image cannot run a server, and the node-static stack is nginx).
    wanted = STATIC_STACK if kind == "static" else SERVER_STACK
    if stack.name != wanted and (stack.name == STATIC_STACK or kind == "static"):
        notes.append(f"{stack.name} does not fit a {fw.label} project: rendered with {wanted} instead")
        stack = get_stack(wanted)

    env: list[tuple[str, str]] = []
    registry_arg = False
    if pm.corepack:
        env.append(("COREPACK_ENABLE_DOWNLOAD_PROMPT", "0"))
        registry_arg = pm.berry
    if pm.berry:
        env.append(("YARN_ENABLE_TELEMETRY", "0"))
        if pm.pnp:
            env.append(("YARN_NODE_LINKER", "node-modules"))
    keep = tuple(dict.fromkeys((*pm.files, *pm.dirs)))
    static_root = fw.static_root if kind == "static" else None
    outputs = f.outputs
    ignore = list(GENERATED)
    if f.build_script:
        # Build output the image rebuilds; a committed dist/ that the app runs as is stays.
        built = {src.split("/", 1)[0] for src, _ in outputs}
        built |= {static_root.split("/", 1)[0]} if static_root else set()
        ignore += [d for d in BUILD_DIRS if d in built]
    runtime_files = tuple(p for p in fw.runtime_files if p)
    signals = f.signals.where() if f.signals else (fw.label if fw.handles_signals else None)
    details = NodePlan(
        kind=kind,
        framework=fw.label,
        manager=pm.key,
        manager_label=pm.label,
        lockfile=pm.lockfile,
        manifest_copies=_groups(pm.files),
        manifest_dirs=pm.dirs,
        setup=pm.setup,
        setup_env=tuple(env),
        registry_arg=registry_arg,
        cache_id=pm.key,
        cache_target=pm.cache,
        # Yarn 1's cache is not safe for two installs at once (the deps stages run in parallel).
        cache_sharing="locked" if pm.name == "yarn" else "shared",
        install_all=pm.install(production=False),
        install_prod=pm.install(production=True),
        npmrc_secret=f.npmrc,
        build=pm.run(f.build_script) if f.build_script else None,
        build_caches=tuple(f"/app/{c}" for c in fw.build_caches),
        outputs=outputs,
        whole_app=f.whole_app,
        copy_source=kind == "server" and f.build_script is None,
        runtime_files=runtime_files,
        # No production dependencies (a stdlib-only server): no node_modules to take along.
        prod_deps=kind == "server" and not fw.self_contained and bool(f.pkg.dependencies),
        runtime_env=fw.env,
        build_env=fw.build_env,
        writable=fw.writable,
        static_root=static_root,
        immutable_prefix=fw.immutable_prefix if kind == "static" else None,
        signals=signals,
        keep=keep,
        ignore_outputs=tuple(dict.fromkeys(ignore)),
    )
    command = f.start.command if f.start else ()
    sources = {
        "language_version": detection.fact("node version").evidence[0],  # type: ignore[union-attr]
        "package_manager": pm.evidence[0],
        "port": f.port_evidence,
    }
    if f.start is not None:
        sources["command"] = f.start.evidence[0] if f.start.evidence else Evidence(None, None, f.start.label)
    return BuildPlan(
        ecosystem=ECOSYSTEM,
        stack=stack,
        project_name=detection.project_name,
        language_version=f.version,
        package_manager=pm.label,
        command=command,
        port=f.port,
        user=NGINX_USER if kind == "static" else NODE_USER,
        notes=tuple(dict.fromkeys(notes)),
        sources=sources,
        details=details,
        init=kind != "static" and details.signals is None,
    )
