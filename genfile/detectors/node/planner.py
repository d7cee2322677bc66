"""The Node half of the build plan: stages, installs and the build step decided here, as data.

The package manager's commands come from :mod:`.package_manager` (fixed words and validated
versions only); this module adds the mounts each step needs (the manager's cache, the
registry credentials as secrets, a framework's build cache) so the ``node-*`` templates only print steps.
"""

from __future__ import annotations

from dataclasses import dataclass

from genfile import validate
from genfile.detectors.node import versions
from genfile.detectors.node.findings import BUILD_DIRS, NodeFindings
from genfile.detectors.node.frameworks.base import Framework
from genfile.detectors.node.package_manager import CACHE, PackageManager, secret_id
from genfile.plan import LanguagePlan, Mount, Step, copy_groups

# Folders that are always generated (never source): excluded from the build context.
GENERATED = (".next", ".nuxt", ".output", ".svelte-kit", ".astro", ".turbo", ".vercel", ".parcel-cache")
# npm reads its user configuration from ~/.npmrc; every other tool's file sits in the project.
_SECRET_TARGETS = {".npmrc": "/root/.npmrc"}


@dataclass(frozen=True)
class NodePlan(LanguagePlan):
    """What the ``node-*`` templates print."""

    kind: str  # "server" or "static"
    framework: str
    manager: str  # npm | pnpm | yarn | yarn-berry | bun
    manager_label: str
    lockfile: str | None
    manifest_copies: tuple[tuple[tuple[str, ...], str], ...]  # COPY groups before the install
    manifest_dirs: tuple[str, ...]
    setup: tuple[Step, ...]  # base stage: make the package manager available
    setup_env: tuple[tuple[str, str], ...]
    registry_arg: bool  # ARG COREPACK_NPM_REGISTRY (Yarn Berry is fetched from its own host)
    install_all: str
    install_prod: str
    deps_step: Step  # the "deps" stage's install
    prod_step: Step  # the "prod-deps" stage's install (production dependencies only)
    build: str | None  # the build command, e.g. "npm run build"
    build_step: Step | None
    outputs: tuple[tuple[str, str], ...]
    whole_app: bool
    copy_source: bool
    runtime_files: tuple[str, ...]
    prod_deps: bool
    runtime_env: tuple[tuple[str, str], ...]
    build_env: tuple[tuple[str, str], ...]
    static_root: str | None
    immutable_prefix: str | None
    fallback: bool  # static: unknown paths answer index.html (else real 404s)
    fallback_reason: str
    error_page: str | None
    signals: str | None  # where the app handles SIGTERM itself ("src/server.js:18")
    keep: tuple[str, ...]
    ignore_outputs: tuple[str, ...]
    runtime: str = "node"  # "bun": the bun stack
    app_dir: str | None = None  # a workspace member built from the root
    workdir: str = "/app"  # the final image's working folder (the member's, in a workspace)
    native: tuple[str, ...] = ()  # node-gyp modules: build on the full Debian image, run on slim
    workspace: bool = False  # members' node_modules too: the final stage takes /app of prod-deps
    generated: tuple[tuple[str, str], ...] = ()  # build-stage code the app imports (node_modules/.prisma)
    cleanup_step: Step | None = None  # whole-app builds: node_modules out, generated code kept
    build_env_file: str | None = None  # .env kept in the context for the bundler (what it sets)
    writes: tuple[str, ...] = ()  # why each folder the code writes is writable: "uploads (src/app.js:9)"
    unused_members: tuple[str, ...] = ()  # workspace members the app does not need: ignored

    autoindex = False  # nginx folder listings: never for a built site

    @property
    def manifest_dir_copies(self) -> tuple[tuple[tuple[str, ...], str], ...]:
        """Folders the install reads (patches, .yarn/releases), each copied to its own path."""
        return tuple(((folder,), f"{folder}/") for folder in self.manifest_dirs)

    @property
    def output_copies(self) -> tuple[tuple[tuple[str, ...], str], ...]:
        """What the final stage copies from the build stage: (build-stage path, image path)."""
        return tuple(
            ((f"/app/{src}",), dest if dest.startswith(("./", "/")) else f"./{dest}")
            for src, dest in self.outputs
        )

    @property
    def static_source(self) -> str:
        """Where the built site is in the build stage."""
        return f"/app/{self.static_root}"

    @property
    def installs(self) -> bool:
        """Whether any build stage is needed: something to build, or dependencies to install."""
        return self.build is not None or self.kind == "static" or self.prod_deps

    @property
    def prod_stage(self) -> str:
        """The stage whose node_modules the final image takes."""
        return "prod-deps" if self.build else "deps"


def _setup(pm: PackageManager) -> tuple[Step, ...]:
    """Corepack's pinned pnpm or Yarn, or Bun from the npm registry (with npm's cache)."""
    if pm.corepack:
        version = pm.version or ("stable" if pm.name == "yarn" else "latest")
        return (
            Step((f"corepack enable {pm.name} && corepack install -g {pm.name}@{version}",), inline=True),
        )
    if pm.name == "bun":
        command = f"npm install --global --no-audit --no-fund bun@{pm.version or versions.BUN_VERSION}"
        return (Step((command,), (Mount("cache", "/root/.npm", id="npm"),), inline=True),)
    return ()


def _setup_env(pm: PackageManager) -> tuple[tuple[str, str], ...]:
    env: list[tuple[str, str]] = []
    if pm.corepack:
        env.append(("COREPACK_ENABLE_DOWNLOAD_PROMPT", "0"))
    if pm.name == "pnpm":
        # Every pnpm call of the build (a framework that adds a package while building) uses
        # the store the install filled, else pnpm stops with ERR_PNPM_UNEXPECTED_STORE.
        env += [("npm_config_store_dir", CACHE["pnpm"]), ("pnpm_config_store_dir", CACHE["pnpm"])]
    if pm.berry:
        env.append(("YARN_ENABLE_TELEMETRY", "0"))
        if pm.pnp:
            env.append(("YARN_NODE_LINKER", "node-modules"))
    return tuple(env)


def _install_mounts(pm: PackageManager, secret_files: tuple[str, ...]) -> tuple[Mount, ...]:
    # Yarn 1's cache is not safe for two installs at once (the deps stages run in parallel).
    cache = Mount("cache", pm.cache, id=pm.key, sharing="locked" if pm.name == "yarn" else None)
    secrets = tuple(
        Mount("secret", _SECRET_TARGETS.get(path, f"/app/{path}"), id=secret_id(path))
        for path in secret_files
    )
    return (cache, *secrets)


def _build_step(commands: tuple[str, ...], caches: tuple[str, ...], image: str) -> Step:
    """The build, with the framework's own cache folders (.next/cache) in cache mounts named
    after the image, so two projects on one builder never share them."""
    mounts = tuple(
        Mount("cache", f"/app/{folder}", id=f"{image}-{folder.replace('/', '-')}") for folder in caches
    )
    return Step(commands, mounts, inline=len(commands) == 1)


def _cleanup(workspace: bool, generated: tuple[tuple[str, str], ...]) -> Step:
    """The build stage's node_modules removed (every member's too, in a workspace), so the
    final stage takes production dependencies from prod-deps; generated code stays."""
    commands = [f"mv {src} /tmp/generated-{i}" for i, (src, _) in enumerate(generated)]
    if workspace:
        commands.append("find . -name node_modules -type d -prune -exec rm -rf {} +")
    else:
        commands.append("rm -rf node_modules")
    for i, (src, _) in enumerate(generated):
        commands += [f"mkdir -p {src.rpartition('/')[0]}", f"mv /tmp/generated-{i} {src}"]
    comment = ("The final stage takes this folder whole; its production dependencies come from prod-deps.",)
    return Step(tuple(commands), comment=comment)


def _in_app(f: NodeFindings, folder: str) -> str:
    """A folder of the app, from the build context (inside the workspace member, if any)."""
    return f"{f.app_dir}/{folder}" if f.app_dir else folder


def member_path(f: NodeFindings) -> str:
    """``PATH`` for a workspace member: its own node_modules/.bin, then the root's."""
    return f"/app/{f.app_dir}/node_modules/.bin:/app/node_modules/.bin:$PATH"


def _member_build(f: NodeFindings) -> tuple[str, ...]:
    """A workspace member's build, run from the root: Turborepo builds it and the packages it
    depends on (``--filter``), else the package manager runs its build script in that member,
    else the framework's own build runs in its folder."""
    pm, member, name = f.manager, f.app_dir, f.pkg.name
    if f.turbo and name and f.build_script:
        return (f"node_modules/.bin/turbo run build --filter={name}",)
    if f.build_script:
        if pm.name == "npm":
            return (f"npm run {f.build_script} --workspace={member}",)
        if pm.name == "pnpm":
            return (f"pnpm --filter ./{member} run {f.build_script}",)
        if pm.name == "yarn" and name:
            return (f"yarn workspace {name} run {f.build_script}",)
        return (f"cd {member} && {pm.run(f.build_script)}",)
    if f.framework.build_bin:
        return (f'cd {member} && PATH="{member_path(f)}" {" ".join(f.framework.build_bin)}',)
    return ()


def build_commands(f: NodeFindings) -> tuple[str, ...]:
    """Every build-stage command: code generation the app imports (``prisma generate``), the
    build script (or ``tsc`` where a TypeScript server has none), then the asset steps its
    start script ran first (``npm run scss``)."""
    pm = f.manager
    commands: list[str] = []
    if f.prisma is not None:
        commands.append(f"node_modules/.bin/prisma generate --schema {f.prisma}")
    # The project's install hooks that needed the source, now that it is there (not husky:
    # it installs git hooks, and an image has no .git).
    commands += [pm.run(h) for h in f.source_hooks if not f.pkg.scripts[h].startswith("husky")]
    if f.app_dir is not None:
        return (*commands, *_member_build(f))
    if f.build_script:
        commands.append(pm.run(f.build_script))
    elif f.build_command == "tsc":
        commands.append("node_modules/.bin/tsc")
    for where, body in f.asset_steps:
        if where.startswith("scripts."):
            commands.append(pm.run(where.removeprefix("scripts.")))
        else:
            commands.append(f"node_modules/.bin/{body}")
    return tuple(commands)


def _fallback_reason(fw: Framework) -> str:
    if fw.fallback_evidence is not None:
        return fw.fallback_evidence.where()
    return f"{fw.label} routes on the client" if fw.fallback else f"{fw.label} writes a page per route"


def node_plan(f: NodeFindings, kind: str, project_name: str) -> NodePlan:
    """The stages for the project as ``kind`` ("server" or "static") builds it."""
    fw, pm = f.framework, f.manager
    static_root = fw.static_root if kind == "static" else None
    if static_root and f.app_dir:
        static_root = f"{f.app_dir}/{static_root}"
    ignore = list(GENERATED)
    if f.build_script:
        # Build output the image rebuilds; a committed dist/ that the app runs as is stays.
        built = {src.split("/", 1)[0] for src, _ in f.outputs}
        built |= {static_root.split("/", 1)[0]} if static_root else set()
        ignore += [d for d in BUILD_DIRS if d in built]
    mounts = _install_mounts(pm, f.secret_files)
    commands = build_commands(f)
    build = " && ".join(commands) if commands else None
    scripts = not f.source_hooks
    install_all, install_prod = pm.install(False, scripts), pm.install(True, scripts)
    ws = f.workspace
    unused = set(f.unused_members)
    manifests = (*pm.files, *(m for m in (ws.manifests if ws else ()) if m.rpartition("/")[0] not in unused))
    # A .env of bundler settings reaches the build stage only: the final image never copies
    # the source there (a static site, or a server that takes only its build output).
    env_file = f.public_env if build and (kind == "static" or not f.whole_app) else None
    has_deps = bool(f.pkg.dependencies) or bool(ws and ws.has_dependencies)
    extra = tuple((p, p) for p in (f.generated_in_node_modules,) if p and f.prisma)
    return NodePlan(
        kind=kind,
        framework=fw.label,
        manager=pm.key,
        manager_label=pm.label,
        lockfile=pm.lockfile,
        manifest_copies=copy_groups(manifests),
        manifest_dirs=pm.dirs,
        setup=_setup(pm),
        setup_env=_setup_env(pm),
        registry_arg=pm.corepack and pm.berry,
        install_all=install_all,
        install_prod=install_prod,
        deps_step=Step((install_all if (build or kind == "static") else install_prod,), mounts),
        prod_step=Step((install_prod,), mounts),
        build=build,
        build_step=_build_step(
            commands, tuple(_in_app(f, c) for c in fw.build_caches), validate.image_name(project_name)
        )
        if build
        else None,
        outputs=f.outputs,
        whole_app=f.whole_app,
        copy_source=kind == "server" and build is None,
        runtime_files=tuple(p for p in fw.runtime_files if p),
        # No production dependencies (a stdlib-only server): no node_modules to take along.
        prod_deps=kind == "server" and not fw.self_contained and has_deps,
        runtime_env=(
            *fw.env,
            *(
                (("HOST", "0.0.0.0"),)
                if f.code.local_bind and f.code.reads_host and not dict(fw.env).get("HOST")
                else ()
            ),
            *((("PATH", member_path(f)),) if f.app_dir else ()),
        ),
        build_env=(("NODE_ENV", "production"), *fw.build_env),
        static_root=static_root,
        immutable_prefix=fw.immutable_prefix if kind == "static" else None,
        fallback=fw.fallback,
        fallback_reason=_fallback_reason(fw),
        error_page=fw.error_page,
        signals=f.code.signals.where() if f.code.signals else (fw.label if fw.handles_signals else None),
        keep=tuple(dict.fromkeys((*manifests, *pm.dirs, *((".env",) if env_file else ())))),
        build_env_file=env_file.note if env_file else None,
        writes=tuple(f"{folder}/ ({ev.where()})" for folder, ev in f.code.writes),
        runtime=f.runtime,
        app_dir=f.app_dir,
        workdir=f"/app/{f.app_dir}" if f.app_dir else "/app",
        native=f.native,
        workspace=ws is not None,
        generated=extra,
        cleanup_step=_cleanup(ws is not None, extra) if f.whole_app else None,
        ignore_outputs=tuple(dict.fromkeys(ignore)),
        unused_members=f.unused_members,
    )
