"""Static single-page apps: built with Node, served by a small static web server.

A Vite app (``index.html`` at the top, ``vite build``), Create React App (``react-scripts``,
``public/index.html``) or Vue CLI app with no server of its own needs Node only to build;
its image is nginx serving the build output (the ``node-static`` stack). The folder comes
from ``build.outDir`` in the Vite config (default ``dist``); the port from ``preview.port``
(where ``vite preview`` serves the same build locally), else 8080, an unprivileged port.
"""

from __future__ import annotations

import re

from genfile.detectors.node import manifest
from genfile.detectors.node.frameworks.base import Framework
from genfile.detectors.node.manifest import PackageJson
from genfile.evidence import Evidence
from genfile.repo import Repo

DEFAULT_PORT = 8080
VITE_CONFIGS = ("vite.config.js", "vite.config.mjs", "vite.config.ts", "vite.config.mts", "vite.config.cjs")
# Dependencies that mean the project has a server (or SSR) of its own.
SERVER_DEPS = frozenset(
    {
        "express",
        "fastify",
        "koa",
        "hono",
        "@hono/node-server",
        "@hapi/hapi",
        "restify",
        "polka",
        "h3",
        "@nestjs/core",
        "vike",
        "vite-plugin-ssr",
        "@sveltejs/kit",
        "nuxt",
        "@remix-run/node",
        "@react-router/node",
        "next",
        "astro",
    }
)
_PREVIEW = re.compile(r"\b(vite|serve|http-server|sirv|react-scripts start|vue-cli-service serve)\b")
_OUT_DIR = re.compile(r"""\boutDir\s*:\s*['"]([^'"]+)['"]""")
# Bounded: a config of 20,000 `preview:{` must not be rescanned from each of them.
_PREVIEW_PORT = re.compile(r"""\bpreview\s*:\s*\{[^{}]{0,500}?\bport\s*:\s*(\d{2,5})""")


# Node static-file servers made for production, by package: (command, default port, the
# environment that makes it listen on every interface). Each reads PORT when no port flag is
# given (serve: `env.PORT ?? "3000"`; http-server and sirv: `process.env.PORT`).
STATIC_SERVERS = {
    "serve": ("serve", 3000, ()),
    "http-server": ("http-server", 8080, ()),
    "sirv-cli": ("sirv", 8080, (("HOST", "0.0.0.0"),)),
}


def static_server(pkg: PackageJson) -> str | None:
    """The production static server scripts.start runs on the build (a package of the
    project's): what can serve a built site on a Node image. Preview servers do not count."""
    words = pkg.scripts.get("start", "").split()
    for package, (command, _, _) in STATIC_SERVERS.items():
        if command in words[:1] or any(w == command for w in words[:3] if not w.startswith("-")):
            return package if package in pkg.dependencies else None
    return None


def served(fw: Framework, pkg: PackageJson, repo: Repo) -> Framework:
    """The static site ``fw`` as a Node server: the static server of scripts.start (a
    production dependency) serving the build output, which is all the final image copies."""
    package = static_server(pkg)
    assert package is not None and fw.static_root is not None
    command, port, env = STATIC_SERVERS[package]
    return Framework(
        fw.key,
        f"{fw.label} served by {command}",
        "server",
        port,
        (*fw.evidence, manifest.evidence(repo, "scripts", "start", note=pkg.scripts["start"])),
        outputs=((fw.static_root, fw.static_root),),
        env=env,
        reads_port=True,
        notes=fw.notes,
    )


def _vite_config(repo: Repo) -> tuple[str | None, Evidence | None, int | None, Evidence | None]:
    """(outDir, evidence, preview port, evidence) read from the Vite config, when stated."""
    config = next((c for c in VITE_CONFIGS if repo.is_file(c)), None)
    if config is None:
        return None, None, None, None
    out_dir = out_ev = port = port_ev = None
    text = repo.text(config)
    m = _OUT_DIR.search(text)
    if m:
        number = text.count("\n", 0, m.start()) + 1
        out_dir, out_ev = m[1], Evidence(config, number, manifest.clean_note(m[0]))
    p = _PREVIEW_PORT.search(text)
    if p and 1 <= int(p[1]) <= 65535:
        number = text.count("\n", 0, p.end()) + 1
        port, port_ev = int(p[1]), Evidence(config, number, f"preview port {p[1]}")
    return out_dir, out_ev, port, port_ev


def detect(repo: Repo, pkg: PackageJson) -> Framework | None:
    build = pkg.scripts.get("build", "")
    if not build or pkg.has_runtime(*SERVER_DEPS) or pkg.has("@nestjs/core", "next", "nuxt", "@sveltejs/kit"):
        return None
    start = pkg.scripts.get("start")
    if start and not _PREVIEW.search(start):
        return None  # the project starts a server of its own
    build_ev = manifest.evidence(repo, "scripts", "build", note=f"build: {build}")
    if pkg.has("vite") and "vite" in build and repo.is_file("index.html"):
        out_dir, out_ev, port, port_ev = _vite_config(repo)
        root = manifest.plain_path(out_dir) if out_dir else "dist"
        notes: tuple[str, ...] = ()
        if root is None:
            shown = manifest.clean_note(str(out_dir), 40)
            notes = (f"build.outDir {shown!r} is not a plain relative path: using dist",)
            root = "dist"
        evidence = (build_ev, Evidence("index.html", None, "Vite entry page"), *((out_ev,) if out_ev else ()))
        return Framework(
            "vite",
            "Vite static site",
            "static",
            DEFAULT_PORT,
            evidence,
            static_root=root,
            immutable_prefix="/assets/",
            fallback=True,
            notes=notes,
            port=port,
            port_evidence=port_ev,
        )
    if pkg.has("react-scripts") and repo.is_file("public/index.html"):
        ev = (build_ev, manifest.evidence(repo, "react-scripts", note="react-scripts dependency"))
        return Framework(
            "cra",
            "Create React App static site",
            "static",
            DEFAULT_PORT,
            ev,
            static_root="build",
            immutable_prefix="/static/",
            fallback=True,
        )
    if pkg.has("@vue/cli-service"):
        ev = (build_ev, manifest.evidence(repo, "@vue/cli-service", note="Vue CLI"))
        return Framework(
            "vue-cli", "Vue CLI static site", "static", DEFAULT_PORT, ev, static_root="dist", fallback=True
        )
    return None
