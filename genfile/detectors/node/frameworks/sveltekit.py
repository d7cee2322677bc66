"""SvelteKit: adapter-node's server in ``build/``, adapter-static's site; other adapters cannot run here."""

from __future__ import annotations

from genfile.detectors.node.frameworks import spa
from genfile.detectors.node.frameworks.base import Framework, dependency_evidence
from genfile.detectors.node.manifest import PackageJson
from genfile.detectors.node.start import Start
from genfile.repo import Repo

DEFAULT_PORT = 3000  # the port its server listens on unless PORT says otherwise


def detect(repo: Repo, pkg: PackageJson) -> Framework | None:
    if not pkg.has("@sveltejs/kit"):
        return None
    if pkg.has("@sveltejs/adapter-static"):
        ev = (dependency_evidence(repo, pkg, "@sveltejs/adapter-static", "SvelteKit adapter-static"),)
        return Framework(
            "sveltekit", "SvelteKit (adapter-static)", "static", spa.DEFAULT_PORT, ev, static_root="build"
        )
    if not pkg.has("@sveltejs/adapter-node"):
        return Framework(
            "sveltekit",
            "SvelteKit",
            "server",
            DEFAULT_PORT,
            (dependency_evidence(repo, pkg, "@sveltejs/kit", "SvelteKit"),),
            notes=("SvelteKit needs @sveltejs/adapter-node to run in a container (adapter-auto picks none)",),
        )
    ev = (dependency_evidence(repo, pkg, "@sveltejs/adapter-node", "SvelteKit adapter-node"),)
    return Framework(
        "sveltekit",
        "SvelteKit (adapter-node)",
        "server",
        DEFAULT_PORT,
        ev,
        default_start=Start(("node", "build"), "SvelteKit node server", ev, "build/index.js"),
        outputs=(("build", "build"),),
        handles_signals=True,
        reads_port=True,
    )
