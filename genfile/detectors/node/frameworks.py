"""Which framework a Node project uses, and what its production image needs.

Full-stack frameworks come first (their build writes a server of its own): Next.js
(:mod:`.next`), Nuxt (``.output``, self-contained), SvelteKit with adapter-node
(``build``), Remix and React Router (``remix-serve``/``react-router-serve`` on ``build``),
Astro with @astrojs/node; then NestJS (compiled to ``dist``); then static SPAs
(:mod:`.spa`); then plain servers (Express, Fastify, Koa, Hono, ...), named by dependency.
"""

from __future__ import annotations

import re

from genfile.detectors.node import manifest, spa
from genfile.detectors.node import next as nextjs
from genfile.detectors.node.framework import Framework
from genfile.detectors.node.manifest import PackageJson
from genfile.detectors.node.start import Start
from genfile.evidence import Evidence
from genfile.repo import Repo

SERVERS = (
    ("express", "Express"),
    ("fastify", "Fastify"),
    ("koa", "Koa"),
    ("@hono/node-server", "Hono"),
    ("hono", "Hono"),
    ("@hapi/hapi", "hapi"),
    ("restify", "restify"),
    ("polka", "Polka"),
    ("h3", "h3"),
)
DEFAULT_PORT = 3000  # what Express examples, Fastify, NestJS, Next.js, Nuxt and SvelteKit use
_OUT_DIR = re.compile(r""""outDir"\s*:\s*"([^"]+)\"""")


def ts_out_dir(repo: Repo) -> tuple[str | None, Evidence | None]:
    """``compilerOptions.outDir`` of the build's tsconfig (read as text: tsconfig is JSONC)."""
    for rel in ("tsconfig.build.json", "tsconfig.json"):
        if repo.is_file(rel):
            for number, line in enumerate(repo.lines(rel), start=1):
                m = _OUT_DIR.search(line)
                if m and (path := manifest.plain_path(m[1])):
                    return path, Evidence(rel, number, f"outDir {path}")
    return None, None


def _dep(repo: Repo, pkg: PackageJson, name: str, why: str) -> Evidence:
    section = "dependencies" if name in pkg.dependencies else "devDependencies"
    return manifest.evidence(repo, section, name, note=why)


def _nuxt(repo: Repo, pkg: PackageJson) -> Framework | None:
    if not pkg.has("nuxt"):
        return None
    ev = (_dep(repo, pkg, "nuxt", "Nuxt"),)
    if "generate" in pkg.scripts.get("build", ""):
        return Framework(
            "nuxt", "Nuxt (static generate)", "static", spa.DEFAULT_PORT, ev, static_root=".output/public"
        )
    entry = ".output/server/index.mjs"
    return Framework(
        "nuxt",
        "Nuxt (Nitro node server)",
        "server",
        DEFAULT_PORT,
        ev,
        start=Start(("node", entry), "Nuxt server", ev, entry),
        outputs=((".output", ".output"),),
        self_contained=True,
        handles_signals=True,
    )


def _sveltekit(repo: Repo, pkg: PackageJson) -> Framework | None:
    if not pkg.has("@sveltejs/kit"):
        return None
    if pkg.has("@sveltejs/adapter-static"):
        ev = (_dep(repo, pkg, "@sveltejs/adapter-static", "SvelteKit adapter-static"),)
        return Framework(
            "sveltekit", "SvelteKit (adapter-static)", "static", spa.DEFAULT_PORT, ev, static_root="build"
        )
    if not pkg.has("@sveltejs/adapter-node"):
        return Framework(
            "sveltekit",
            "SvelteKit",
            "server",
            DEFAULT_PORT,
            (_dep(repo, pkg, "@sveltejs/kit", "SvelteKit"),),
            notes=("SvelteKit needs @sveltejs/adapter-node to run in a container (adapter-auto picks none)",),
        )
    ev = (_dep(repo, pkg, "@sveltejs/adapter-node", "SvelteKit adapter-node"),)
    return Framework(
        "sveltekit",
        "SvelteKit (adapter-node)",
        "server",
        DEFAULT_PORT,
        ev,
        default_start=Start(("node", "build"), "SvelteKit node server", ev, "build/index.js"),
        outputs=(("build", "build"),),
        handles_signals=True,
    )


def _remix(repo: Repo, pkg: PackageJson) -> Framework | None:
    for dep, key, label in (
        ("@react-router/serve", "react-router", "React Router (react-router-serve)"),
        ("@remix-run/serve", "remix", "Remix (remix-serve)"),
    ):
        if pkg.has(dep):
            ev = (_dep(repo, pkg, dep, label),)
            public = (("public", "public"),) if key == "remix" and repo.is_dir("public") else ()
            tool = "react-router-serve" if key == "react-router" else "remix-serve"
            entry = "build/server/index.js"
            return Framework(
                key,
                label,
                "server",
                DEFAULT_PORT,
                ev,
                default_start=Start((f"node_modules/.bin/{tool}", entry), label, ev, None, tools=(tool,)),
                outputs=(("build", "build"), *public),
                handles_signals=True,
            )
    return None


def _astro(repo: Repo, pkg: PackageJson) -> Framework | None:
    if not pkg.has("astro"):
        return None
    if not pkg.has("@astrojs/node"):
        ev = (_dep(repo, pkg, "astro", "Astro without a server adapter"),)
        return Framework("astro", "Astro (static)", "static", spa.DEFAULT_PORT, ev, static_root="dist")
    ev = (_dep(repo, pkg, "@astrojs/node", "Astro node adapter"),)
    entry = "dist/server/entry.mjs"
    return Framework(
        "astro",
        "Astro (@astrojs/node)",
        "server",
        4321,
        ev,
        start=Start(("node", entry), "Astro node server", ev, entry),
        outputs=(("dist", "dist"),),
        # The standalone server listens on localhost unless HOST says otherwise.
        env=(("HOST", "0.0.0.0"),),
    )


def _nest(repo: Repo, pkg: PackageJson) -> Framework | None:
    if not pkg.has("@nestjs/core"):
        return None
    out_dir, out_ev = ts_out_dir(repo)
    out_dir = out_dir or "dist"
    ev = (_dep(repo, pkg, "@nestjs/core", "NestJS"), *((out_ev,) if out_ev else ()))
    entry = f"{out_dir}/main.js"
    return Framework(
        "nestjs",
        "NestJS",
        "server",
        DEFAULT_PORT,
        ev,
        default_start=Start(("node", entry), "NestJS compiled entry", ev, entry),
        outputs=((out_dir, out_dir),),
    )


def _server(repo: Repo, pkg: PackageJson) -> Framework:
    for dep, label in SERVERS:
        if dep in pkg.dependencies:
            return Framework(dep, label, "server", DEFAULT_PORT, (_dep(repo, pkg, dep, label),))
    return Framework("node", "Node.js", "server", DEFAULT_PORT)


def detect(repo: Repo, pkg: PackageJson) -> Framework:
    for finder in (nextjs.detect, _nuxt, _sveltekit, _remix, _astro, _nest, spa.detect):
        found = finder(repo, pkg)
        if found is not None:
            return found
    return _server(repo, pkg)
