"""Everything the Node detector reads from a project, in one pass, as typed findings.

package.json (:mod:`.manifest`), the package manager and its lockfile
(:mod:`.package_manager`), the Node version (:mod:`.versions`), the framework
(:mod:`.frameworks`), the start command (:mod:`.start`), and the port and signal handling read
from the code (:mod:`.ports`). Facts, warnings and the plan are derived from the result.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from genfile import secrets
from genfile.detection import Findings
from genfile.detectors.node import frameworks, manifest, package_manager, ports, start, versions, workspaces
from genfile.detectors.node.frameworks import spa
from genfile.detectors.node.frameworks.base import Framework
from genfile.detectors.node.manifest import PackageJson
from genfile.detectors.node.package_manager import PackageManager
from genfile.detectors.node.start import Start
from genfile.detectors.node.tsconfig import ts_out_dir
from genfile.detectors.static import staticfile
from genfile.errors import ChoiceError, ManifestError
from genfile.evidence import Evidence, Fact
from genfile.repo import Repo

# nginx reads no environment: at start, the configuration takes $PORT (the platform's, else
# the image's ENV PORT) into /tmp, and exec makes nginx PID 1.
STATIC_COMMAND = (
    "sh",
    "-c",
    'sed "s/@PORT@/${PORT}/" /etc/nginx/nginx.conf.template > /tmp/nginx.conf '
    "&& exec nginx -c /tmp/nginx.conf -g 'daemon off;'",
)
# Conventional build output folders (excluded from the context only when the image builds them).
BUILD_DIRS = ("dist", "build", "out")
INSTALL_HOOKS = ("preinstall", "install", "postinstall", "prepare")


@dataclass(frozen=True)
class NodeFindings(Findings):
    """What a Node project says about itself."""

    pkg: PackageJson
    manager: PackageManager
    version: Fact  # the Node line, with the evidence that chose it
    version_warnings: tuple[str, ...]
    framework: Framework
    start: Start | None
    start_notes: tuple[str, ...]  # why a stated start could not be used
    port: int
    port_evidence: Evidence
    code: ports.CodeFacts  # what the code says about its port and SIGTERM
    build_script: str | None
    build_evidence: Evidence | None
    outputs: tuple[tuple[str, str], ...]
    whole_app: bool  # the build writes where genfile cannot tell: ship the built folder
    entry_missing: bool  # the entry file is neither in the repository nor built
    workspace_root: bool
    secret_files: tuple[str, ...]  # .npmrc, and config files with a registry token
    runtime: str = "node"  # "bun": the code runs on Bun (the bun stack), no Node in the image
    runtime_evidence: Evidence | None = None
    workspace: workspaces.Workspace | None = None
    build_command: str | None = None  # a build genfile adds (tsc) when no build script exists
    asset_steps: tuple[tuple[str, str], ...] = ()  # start-script steps moved to the build stage
    prisma: str | None = None  # the Prisma schema `prisma generate` reads in the build stage
    prisma_evidence: Evidence | None = None
    generated_in_node_modules: str | None = None  # where that client is written (node_modules/.prisma)
    native: tuple[str, ...] = ()  # dependencies compiled by node-gyp: compilers in the build stage
    app_dir: str | None = None  # a workspace member built from the root (the build context)
    app_evidence: Evidence | None = None
    # Turborepo at the root: `turbo run build --filter` builds the member and its packages.
    turbo: bool = False
    apps: tuple[str, ...] = ()  # a workspace root's deployable members (--app / the wizard picks one)
    public_env: Evidence | None = None  # a .env of bundler settings only: build configuration
    native_evidence: Evidence | None = None
    # Workspace members the chosen app does not need: out of the build context and the install
    # (npm and pnpm install from the root lockfile without them).
    unused_members: tuple[str, ...] = ()

    @property
    def kind(self) -> str:
        return self.framework.kind

    @property
    def hooks(self) -> tuple[str, ...]:
        """Install lifecycle scripts, which run while only the manifests are in the image."""
        return tuple(h for h in INSTALL_HOOKS if h in self.pkg.scripts)

    @property
    def source_hooks(self) -> tuple[str, ...]:
        """The project's own install hooks that need its source or dev tools (``nuxt prepare``,
        ``svelte-kit sync``, ``prisma generate``, ``node scripts/setup.js``): npm and pnpm
        install with scripts off, rebuild the dependencies (their node-gyp builds run as
        usual), and the build stage runs these hooks once the source is there."""
        if self.manager.name not in ("npm", "pnpm"):
            return ()
        return tuple(h for h in self.hooks if needs_source(self.pkg.scripts[h]))


# Tools a lifecycle hook runs that read the project's source or configuration.
SOURCE_TOOLS = frozenset(
    {
        "nuxt",
        "nuxi",
        "svelte-kit",
        "prisma",
        "tsc",
        "ts-patch",
        "panda",
        "astro",
        "next",
        "vite",
        "react-router",
    }
)


def needs_source(body: str) -> bool:
    """Whether a hook script needs the source: a generator above, or a project file it runs
    (``node scripts/postinstall.js``); ``husky`` (git hooks, no .git in an image) counts too."""
    for segment in re.split(r"&&|\|\||;", body):
        words = segment.split()
        if not words:
            continue
        tool = words[0]
        if tool in SOURCE_TOOLS or tool == "husky":
            return True
        if tool in ("node", "tsx", "ts-node", "sh", "bash") and any(
            "/" in w or w.endswith((".js", ".mjs", ".cjs", ".ts", ".sh")) for w in words[1:]
        ):
            return True
    return False


# ORM configurations whose migrations folder a release step (or the app at start) reads.
ORM_CONFIGS = (
    ("knexfile.js", "migrations"),
    ("knexfile.ts", "migrations"),
    ("ormconfig.json", "migrations"),
    ("ormconfig.js", "migrations"),
    (".sequelizerc", "migrations"),
    ("drizzle.config.ts", "drizzle"),
    ("drizzle.config.js", "drizzle"),
    ("prisma/schema.prisma", "prisma"),
)


def runtime_paths(repo: Repo, code: ports.CodeFacts) -> tuple[tuple[str, Evidence], ...]:
    """Project files the server reads at run time besides its compiled output: the paths its
    code opens or serves (``path.join(__dirname, '..', 'views')``, ``express.static('public')``),
    and the migrations beside an ORM configuration. Build output folders are not source."""
    found: dict[str, Evidence] = {}
    for top, ev in code.reads:
        if top not in BUILD_DIRS and top not in ("src", "node_modules") and repo.exists(top):
            found.setdefault(top, ev)
    for config, folder in ORM_CONFIGS:
        if repo.is_file(config) and repo.is_dir(folder):
            found.setdefault(folder, Evidence(config, None, f"{folder}/ beside the ORM configuration"))
    for config in ("knexfile.js", "knexfile.ts", "ormconfig.json", "ormconfig.js", ".sequelizerc"):
        if repo.is_file(config):
            found.setdefault(config, Evidence(config, None, "ORM configuration read at start"))
    return tuple(found.items())


def _outputs(
    repo: Repo, fw: Framework, entry: str | None, build: str | None, code: ports.CodeFacts
) -> tuple[tuple[tuple[str, str], ...], bool]:
    """What the final image copies from the build stage, or "the whole built folder"."""
    if build is None:
        return (), False
    if fw.outputs:
        return fw.outputs, False
    if entry and "/" in entry:
        top = entry.split("/", 1)[0]
        # An entry under a folder the build writes: not in the repository (or a stale copy of
        # a conventional output folder, or tsconfig's outDir). A source folder such as lib/
        # that is in the repository stays source.
        if not repo.exists(top) or top in BUILD_DIRS or top == ts_out_dir(repo)[0]:
            extra = tuple((p, p) for p, _ in runtime_paths(repo, code))
            return ((top, top), *extra), False
    return (), True


def _port(found: Start | None, fw: Framework, code: ports.CodeFacts) -> tuple[int, Evidence]:
    """The command line, the framework's configuration, the code, then the framework's default."""
    if found is not None and found.port is not None:
        return found.port, found.evidence[-1]
    if fw.port is not None and fw.port_evidence is not None:
        return fw.port, fw.port_evidence
    if code.port is not None and code.port_evidence is not None:
        return code.port, code.port_evidence
    return fw.default_port, Evidence(None, None, f"default for {fw.label}")


_BUN_API = re.compile(
    r"\bBun\.(?:serve|version|file|write|spawn|spawnSync|env|argv|sleep|password|\$)\b"
    r"|from ['\"]bun(?::\w+)?['\"]"
)
BUN_ENTRIES = ("index.ts", "index.js", "src/index.ts", "server.ts", "src/server.ts", "main.ts", "app.ts")


def _bun_api(repo: Repo, entry: str) -> Evidence | None:
    """Where the entry file calls a Bun-only API (``Bun.serve``, ``bun:sqlite``)."""
    try:
        lines = repo.lines(entry)
    except ManifestError:
        return None
    for number, line in enumerate(lines[:400], start=1):
        if len(line) < 1000 and _BUN_API.search(line):
            return Evidence(entry, number, manifest.clean_note(line))
    return None


def bun_runtime(repo: Repo, pkg: PackageJson, build: str | None) -> tuple[Evidence | None, str | None]:
    """(why the code runs on Bun, its entry file when no script names one), or (None, None):
    a start script that runs ``bun``, else, with no start script, a ``bunfig.toml``, Bun's
    types or a Bun-only API in the entry file (``module``, ``index.ts``)."""
    if "start" in pkg.scripts:
        try:
            start.Resolver(repo, pkg, build).script("start")
            return None, None
        except start.NeedsBun:
            return manifest.evidence(repo, "scripts", "start", note=f"start: {pkg.scripts['start']}"), None
        except start.Unresolvable:
            pass
    entry = next(
        (
            e
            for e in (pkg.module, pkg.main, *BUN_ENTRIES)
            if e and repo.is_file(e) and not e.endswith(".json")
        ),
        None,
    )
    if entry is None:
        return None, None
    if (api := _bun_api(repo, entry)) is not None:
        return api, entry
    if repo.is_file("bunfig.toml"):
        return Evidence("bunfig.toml", None, "Bun's configuration"), entry
    if pkg.has("@types/bun", "bun-types") and entry.endswith(".ts"):
        return manifest.evidence(repo, "@types/bun", note="Bun's types"), entry
    return None, None


def _ts_compile(repo: Repo, pkg: PackageJson, found: Start | None) -> tuple[Start | None, str | None, str]:
    """A TypeScript server started with tsx/ts-node from devDependencies and no build script:
    compiled with tsc in the build stage, the output run with node. (start, tsc command, note)."""
    if found is None or len(found.command) < 2 or not found.command[0].endswith(("/tsx", "/ts-node")):
        return found, None, ""
    tool = found.command[0].rsplit("/", 1)[1]
    source = manifest.plain_path(found.command[-1])
    if not (source and source.endswith(".ts") and repo.is_file("tsconfig.json") and pkg.has("typescript")):
        return found, None, ""
    if start.BIN_PACKAGES.get(tool, tool) not in pkg.dev_dependencies:
        return found, None, ""
    text = repo.text("tsconfig.json")
    if re.search(r'"noEmit"\s*:\s*true', text):
        return found, None, f"tsconfig.json sets noEmit: {tool} cannot be replaced by compiled output"
    out_dir = ts_out_dir(repo)[0]
    m = re.search(r'"rootDir"\s*:\s*"([^"]+)"', text)
    root_dir = manifest.plain_path(m[1]) if m else (source.split("/", 1)[0] if "/" in source else None)
    inner = source[len(root_dir) + 1 :] if root_dir and source.startswith(root_dir + "/") else source
    compiled = re.sub(r"\.ts$", ".js", f"{out_dir}/{inner}" if out_dir else source)
    note = (
        f"{found.evidence[0].where() if found.evidence else 'the start script'} runs {source} with {tool} "
        f"from devDependencies: the build stage compiles it with tsc and the image runs node {compiled}"
    )
    return dataclasses.replace(found, command=("node", compiled), entry=compiled, tools=()), "tsc", note


def _check_only(body: str) -> bool:
    """A build script that only type-checks (``tsc --noEmit``) writes nothing the image needs."""
    words = body.split()
    return words[:1] == ["tsc"] and "--noEmit" in words and not any(w in ("&&", ";", "|") for w in words)


# Packages whose install compiles C++ with node-gyp when no prebuilt binary can be had (their
# prebuilds come from GitHub release pages, which builds behind a registry mirror cannot reach).
NATIVE = frozenset(
    {
        "better-sqlite3",
        "bcrypt",
        "sqlite3",
        "argon2",
        "canvas",
        "node-sass",
        "libxmljs",
        "libxmljs2",
        "zeromq",
        "re2",
        "microtime",
        "leveldown",
        "deasync",
        "isolated-vm",
        "node-expat",
        "@serialport/bindings-cpp",
        "farmhash",
    }
)


# Variables a frontend bundler inlines into the code it builds: public by design.
PUBLIC_PREFIXES = ("VITE_", "NEXT_PUBLIC_", "NUXT_PUBLIC_", "PUBLIC_", "REACT_APP_", "VUE_APP_", "GATSBY_")
_ENV_LINE = re.compile(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=")


def public_env(repo: Repo) -> Evidence | None:
    """A committed ``.env`` that holds only bundler settings (``VITE_API_URL=...``) and no
    credential: build configuration, which the build stage may read."""
    if not repo.is_file(".env"):
        return None
    try:
        lines = repo.lines(".env")
    except ManifestError:
        return None
    names = []
    for line in lines:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = _ENV_LINE.match(line)
        if m is None or not m[1].startswith(PUBLIC_PREFIXES):
            return None
        names.append(m[1])
    if not names or secrets.holds_credential("\n".join(lines)):
        return None
    if any(re.search(r"SECRET|TOKEN|PASSWORD|PRIVATE|_KEY$", n) for n in names):
        return None
    return Evidence(".env", 1, f"{', '.join(names[:3])}{' ...' if len(names) > 3 else ''}: bundler settings")


PRISMA_SCHEMAS = ("prisma/schema.prisma", "schema.prisma", "prisma/schema")


def _prisma(repo: Repo, pkg: PackageJson) -> tuple[str | None, Evidence | None, str | None]:
    """(schema, evidence, generated folder under node_modules) when the app uses Prisma: its
    client is generated code the app imports at start, so the build runs ``prisma generate``."""
    if not pkg.has("@prisma/client", "prisma"):
        return None, None, None
    schema = next((s for s in PRISMA_SCHEMAS if repo.exists(s)), None)
    if schema is None:
        return None, None, None
    if repo.is_dir(schema):  # a folder of .prisma files (prismaSchemaFolder)
        return schema, Evidence(schema, None, "Prisma schema folder"), "node_modules/.prisma"
    text = repo.text(schema)
    m = re.search(r"generator\s+\w+\s*\{([^}]*)\}", text)
    body = m[1] if m else ""
    line = text.count("\n", 0, m.start()) + 1 if m else None
    provider = re.search(r'provider\s*=\s*"([^"]+)"', body)
    custom_output = re.search(r"\boutput\s*=", body) is not None
    ev = Evidence(schema, line, f"generator {provider[1] if provider else '?'}")
    # prisma-client-js without `output` writes node_modules/.prisma/client; with an output (and
    # Prisma 7's prisma-client, which requires one) the client lands in the source tree.
    generated = "node_modules/.prisma" if not custom_output else None
    return schema, ev, generated


# Dependencies that make a workspace member an app to deploy (a server or a site of its own).
APP_DEPENDENCIES = frozenset(
    {
        "next",
        "nuxt",
        "@sveltejs/kit",
        "astro",
        "@remix-run/serve",
        "@react-router/serve",
        "@nestjs/core",
        "express",
        "fastify",
        "koa",
        "hono",
        "@hono/node-server",
        "@hapi/hapi",
        "@angular/core",
        "vite",
    }
)


def _deployable(pkg: PackageJson) -> bool:
    return (
        "start" in pkg.scripts
        or bool(pkg.dependencies & APP_DEPENDENCIES)
        or bool(
            pkg.dev_dependencies & {"next", "nuxt", "@sveltejs/kit", "astro", "vite"}
            and "build" in pkg.scripts
        )
    )


def _member_app(
    repo: Repo, workspace: workspaces.Workspace, asked: str | None, cd: str | None, found: Start | None
) -> tuple[str | None, str | None]:
    """(the member folder to build, a warning) for a workspace root: the one ``--app`` names,
    the one the root's start script enters (``cd apps/web && npm start``), else, when the root
    states no start itself, its only deployable member."""
    if asked is not None:
        folder = manifest.plain_path(asked)
        if folder is None or workspace.member(folder) is None:
            listed = ", ".join(m.path for m in workspace.members) or "none"
            raise ChoiceError(f"--app {asked!r} is not a member of the workspace", f"choose one of: {listed}")
        return folder, None
    if cd is not None and workspace.member(cd) is not None:
        return cd, None
    stated = found is not None and found.label.startswith(("scripts.", "Procfile"))
    if stated:
        return None, None
    apps = [m.path for m in workspace.members if _deployable(m.pkg)]
    if len(apps) == 1:
        return apps[0], None
    if len(apps) > 1:
        return None, (
            f"a workspace with several apps ({', '.join(apps)}): no start command at the root; "
            f"choose one with --app {apps[0]}"
        )
    return None, None


def find(repo: Repo, app: str | None = None, serve_build: bool = False) -> NodeFindings | None:
    """Read the project (None: there is no package.json, package.json5 or package.yaml).

    ``app`` (``--app``): the workspace member to build, from the workspace root.
    ``serve_build``: a static site whose scripts.start runs a production static server is
    planned as that Node server (asked for with --stack node-alpine)."""
    if repo.is_dir(manifest.MANIFEST):
        raise ManifestError(manifest.MANIFEST, "is a folder, expected a file", fix="remove or rename it")
    rel = manifest.manifest_file(repo)
    if rel is None:
        return None
    pkg = manifest.read(repo, rel)
    workspace, ws_warnings = workspaces.read(repo, pkg)
    build = "build" if "build" in pkg.scripts and not _check_only(pkg.scripts["build"]) else None
    bun_why, bun_entry = bun_runtime(repo, pkg, build)
    runtime = "bun" if bun_why else "node"
    pm = package_manager.detect(repo, pkg, runtime)
    if runtime == "bun":
        version, version_warnings = versions.detect_bun(repo, pkg)
    else:
        version, version_warnings = versions.detect(repo, pkg.engines_node, pkg.volta_node)
    fw = frameworks.detect(repo, pkg)
    if serve_build and fw.kind == "static" and fw.static_root and spa.static_server(pkg):
        fw = spa.served(fw, pkg, repo)
    settings = staticfile.read(repo) if fw.kind == "static" else None
    if settings is not None and settings.fallback is not None:
        # A Staticfile beside the build says how the built site answers unknown paths.
        fw = dataclasses.replace(fw, fallback=settings.fallback, fallback_evidence=settings.fallback_evidence)
    notes: list[str] = [*ws_warnings]
    if fw.kind == "static":
        found = Start(STATIC_COMMAND, "nginx serving the build output", fw.evidence[:1]) if build else None
        resolver = None
    else:
        resolver = start.Resolver(repo, pkg, build, bun=runtime == "bun")
        found, chosen_notes = start.choose(repo, pkg, resolver, fw.start, fw.default_start)
        notes += chosen_notes
        if fw.unrunnable:  # a stated start (scripts.start: next start) cannot serve that build
            found = None
        if found is None and bun_entry and bun_why:
            found = Start(("bun", bun_entry), "Bun entry file", (bun_why,), bun_entry)
    if workspace is not None and fw.kind != "static" or (workspace is not None and app is not None):
        member, why = _member_app(repo, workspace, app, resolver.app_dir if resolver else None, found)
        if why:
            notes.append(why)
        if member is not None:
            return _for_member(repo, member, workspace, pm, version, version_warnings, notes)
    elif app is not None:
        raise ChoiceError(
            f"--app {app!r}: this folder is not a workspace root", "drop --app, or run genfile at the root"
        )
    build_command = None
    if runtime == "node" and build is None:
        found, build_command, ts_note = _ts_compile(repo, pkg, found)
        if ts_note:
            notes.append(ts_note)
    asset_steps = tuple(resolver.asset_steps) if resolver else ()
    for where, body in asset_steps:
        notes.append(
            f"the start script runs {where} ({manifest.clean_note(body, 60)}) first: the build stage "
            "runs it, and the server starts alone"
        )
    code = ports.CodeFacts(None, None, False, None)
    if fw.kind == "server":
        entry_files = ports.entry_sources(found.entry if found else None)
        code = ports.scan(repo, ports.source_files(repo, entry_files), fastify=pkg.has_runtime("fastify"))
    port, port_ev = _port(found, fw, code)
    entry = found.entry if found else None
    all_deps = pkg.all_dependencies | frozenset(
        d for m in (workspace.members if workspace else ()) for d in m.pkg.all_dependencies
    )
    native = tuple(sorted(all_deps & NATIVE)) if runtime == "node" else ()
    native_ev = (
        manifest.evidence(
            repo,
            "dependencies" if native[0] in pkg.dependencies else "devDependencies",
            native[0],
            note="compiled by node-gyp",
        )
        if native
        else None
    )
    prisma, prisma_ev, generated = _prisma(repo, pkg)
    if prisma and prisma_ev:
        notes.append(
            f"{prisma_ev.where()}: the app imports Prisma's generated client; the build stage runs "
            "`prisma generate` (Prisma 6 and older download a query engine from Prisma's own host "
            "while generating; Prisma 7's prisma-client generator does not)"
        )
    hook_runs = pm.name in ("npm", "pnpm") and any(
        needs_source(body) and not body.startswith("husky")
        for hook, body in pkg.scripts.items()
        if hook in INSTALL_HOOKS
    )
    builds = (
        build is not None or build_command is not None or bool(asset_steps) or prisma is not None or hook_runs
    )
    outputs, whole_app = _outputs(
        repo, fw, entry, ("build" if builds else None) if fw.kind == "server" else None, code
    )
    entry_missing = bool(
        fw.kind == "server"
        and not builds
        and not asset_steps
        and entry
        and not repo.exists(entry.split("/", 1)[0])
        and not start.resolve_file(repo, entry)
    )
    return NodeFindings(
        pkg=pkg,
        manager=pm,
        version=version,
        version_warnings=tuple(version_warnings),
        framework=fw,
        start=found,
        start_notes=tuple(notes),
        port=port,
        port_evidence=port_ev,
        code=code,
        build_script=build,
        build_evidence=manifest.evidence(repo, "scripts", build, note=pkg.scripts[build]) if build else None,
        outputs=outputs,
        whole_app=whole_app,
        entry_missing=entry_missing,
        workspace_root=workspace is not None,
        secret_files=(*((".npmrc",) if repo.is_file(".npmrc") else ()), *pm.secret_files),
        runtime=runtime,
        runtime_evidence=bun_why,
        workspace=workspace,
        build_command=build_command,
        asset_steps=asset_steps,
        apps=tuple(m.path for m in workspace.members if _deployable(m.pkg)) if workspace else (),
        public_env=public_env(repo) if builds or fw.kind == "static" else None,
        prisma=prisma,
        prisma_evidence=prisma_ev,
        generated_in_node_modules=generated,
        native=native,
        native_evidence=native_ev,
    )


def _for_member(
    repo: Repo,
    member: str,
    workspace: workspaces.Workspace,
    pm: PackageManager,
    version: Fact,
    version_warnings: list[str],
    notes: list[str],
) -> NodeFindings:
    """The member app's own findings (framework, start, port, build), installed from the root:
    its package manager, lockfile, Node version and credentials, with every member manifest."""
    inner = find(Repo(repo.path(member)))
    assert inner is not None
    root_notes = [n for n in inner.start_notes if "lockfile" not in n]
    notes = [n for n in notes if "(`cd " not in n]
    chosen = Evidence(f"{member}/{inner.pkg.file}", None, "the workspace member built")

    def moved(ev: Evidence) -> Evidence:  # evidence inside the member, named from the root
        return Evidence(f"{member}/{ev.file}", ev.line, ev.note) if ev.file else ev

    found = inner.start
    if found is not None:
        found = dataclasses.replace(found, evidence=tuple(map(moved, found.evidence)))
    framework = dataclasses.replace(inner.framework, evidence=tuple(map(moved, inner.framework.evidence)))
    return dataclasses.replace(
        inner,
        start=found,
        framework=framework,
        port_evidence=moved(inner.port_evidence),
        build_evidence=moved(inner.build_evidence) if inner.build_evidence else None,
        code=dataclasses.replace(
            inner.code,
            port_evidence=moved(inner.code.port_evidence) if inner.code.port_evidence else None,
            signals=moved(inner.code.signals) if inner.code.signals else None,
            local_bind=moved(inner.code.local_bind) if inner.code.local_bind else None,
        ),
        manager=pm,
        version=version,
        version_warnings=tuple(version_warnings),
        start_notes=tuple(dict.fromkeys([*notes, *root_notes])),
        workspace=workspace,
        workspace_root=True,
        app_dir=member,
        app_evidence=chosen,
        # The member's build output and the workspace packages it imports: the whole built
        # tree, production node_modules from the install.
        whole_app=inner.kind == "server"
        and bool(inner.build_script or inner.framework.build_bin or inner.prisma),
        outputs=() if inner.kind == "server" else inner.outputs,
        secret_files=(*((".npmrc",) if repo.is_file(".npmrc") else ()), *pm.secret_files),
        turbo=repo.is_file("turbo.json") and "turbo" in (_root_pkg(repo).all_dependencies),
        apps=tuple(m.path for m in workspace.members if _deployable(m.pkg)),
        unused_members=_unused(repo, workspace, member, pm),
    )


# Managers whose frozen install from the root lockfile works with members left out (npm ci
# skips a member folder that is absent; pnpm installs the importers it finds). Yarn and Bun
# would rewrite the lockfile, which their frozen installs refuse.
FOCUSED_MANAGERS = ("npm", "pnpm")


def _unused(repo: Repo, workspace: workspaces.Workspace, member: str, pm: PackageManager) -> tuple[str, ...]:
    if pm.name not in FOCUSED_MANAGERS:
        return ()
    keep = {m.path for m in workspaces.needed(workspace, _root_pkg(repo), member)}
    return tuple(m.path for m in workspace.members if m.path not in keep)


def _root_pkg(repo: Repo) -> PackageJson:
    rel = manifest.manifest_file(repo)
    return manifest.read(repo, rel or manifest.MANIFEST)
