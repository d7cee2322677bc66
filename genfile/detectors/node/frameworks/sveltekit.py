"""SvelteKit: adapter-node's server in ``build/``, adapter-static's site; adapter-auto is made
to pick adapter-node; a platform's adapter (Vercel, Netlify, Cloudflare) cannot run here."""

from __future__ import annotations

import re

from genfile.detectors.node import manifest
from genfile.detectors.node.frameworks import spa
from genfile.detectors.node.frameworks.base import Framework, dependency_evidence
from genfile.detectors.node.manifest import PackageJson
from genfile.detectors.node.start import Start
from genfile.evidence import Evidence
from genfile.repo import Repo

DEFAULT_PORT = 3000  # the port its server listens on unless PORT says otherwise
CONFIGS = ("svelte.config.js", "svelte.config.mjs", "svelte.config.ts")
_IMPORT = re.compile(r"""['"](@sveltejs/adapter-[\w-]+|svelte-adapter-[\w-]+)['"]""")
# Adapters that build for one hosting platform's own runtime, not a Node server.
PLATFORM_ADAPTERS = {
    "@sveltejs/adapter-vercel": "Vercel",
    "@sveltejs/adapter-netlify": "Netlify",
    "@sveltejs/adapter-cloudflare": "Cloudflare Pages",
    "@sveltejs/adapter-cloudflare-workers": "Cloudflare Workers",
    "svelte-adapter-deno": "Deno",
}


def _adapter(repo: Repo, pkg: PackageJson) -> tuple[str | None, Evidence | None]:
    """The adapter svelte.config imports (the dependency list may hold several)."""
    for config in CONFIGS:
        if repo.is_file(config):
            for number, line in enumerate(repo.lines(config), start=1):
                m = _IMPORT.search(line)
                if m:
                    return m[1], Evidence(config, number, manifest.clean_note(line))
    for name in ("@sveltejs/adapter-node", "@sveltejs/adapter-static", "@sveltejs/adapter-auto"):
        if pkg.has(name):
            return name, dependency_evidence(repo, pkg, name, "SvelteKit adapter")
    return None, None


def _server(ev: tuple[Evidence, ...], label: str, **extra: object) -> Framework:
    return Framework(
        "sveltekit",
        label,
        "server",
        DEFAULT_PORT,
        ev,
        default_start=Start(("node", "build"), "SvelteKit node server", ev, "build/index.js"),
        outputs=(("build", "build"),),
        handles_signals=True,
        reads_port=True,
        **extra,  # type: ignore[arg-type]
    )


def detect(repo: Repo, pkg: PackageJson) -> Framework | None:
    if not pkg.has("@sveltejs/kit"):
        return None
    adapter, adapter_ev = _adapter(repo, pkg)
    ev = (adapter_ev,) if adapter_ev else (dependency_evidence(repo, pkg, "@sveltejs/kit", "SvelteKit"),)
    if adapter == "@sveltejs/adapter-static":
        return Framework(
            "sveltekit",
            "SvelteKit (adapter-static)",
            "static",
            spa.DEFAULT_PORT,
            ev,
            static_root="build",
            error_page="404.html",
        )
    if adapter == "@sveltejs/adapter-node":
        return _server(ev, "SvelteKit (adapter-node)")
    if adapter == "@sveltejs/adapter-auto":
        # adapter-auto picks adapter-node when it sees Google Cloud's buildpack variable (its
        # Cloud Run detection), installing it for the build when it is not a dependency.
        note = (
            f"{ev[0].where()}: adapter-auto detects no platform in a container; the build sets "
            "GCP_BUILDPACKS=true so it picks adapter-node (add @sveltejs/adapter-node to "
            "devDependencies and import it in svelte.config.js to state it)"
        )
        return _server(
            ev,
            "SvelteKit (adapter-auto as adapter-node)",
            build_env=(("GCP_BUILDPACKS", "true"),),
            notes=(note,),
        )
    where = ev[0].where()
    platform = PLATFORM_ADAPTERS.get(adapter or "")
    why = (
        f"{where}: {adapter} builds for {platform}, not a container"
        if platform
        else f"{where}: SvelteKit needs an adapter that builds a server ({adapter or 'none'} found)"
    )
    return Framework(
        "sveltekit",
        "SvelteKit",
        "server",
        DEFAULT_PORT,
        ev,
        unrunnable=True,
        notes=(
            f"{why}: no start command; switch to @sveltejs/adapter-node (npm i -D @sveltejs/adapter-node, "
            "and import it in svelte.config.js) or give one with --cmd",
        ),
    )
