"""Nuxt: the Nitro node server in ``.output`` (self-contained), or ``nuxt generate``'s static site."""

from __future__ import annotations

from genfile.detectors.node.frameworks import spa
from genfile.detectors.node.frameworks.base import Framework, dependency_evidence
from genfile.detectors.node.manifest import PackageJson
from genfile.detectors.node.start import Start
from genfile.repo import Repo

DEFAULT_PORT = 3000  # the port its server listens on unless PORT says otherwise


def detect(repo: Repo, pkg: PackageJson) -> Framework | None:
    if not pkg.has("nuxt"):
        return None
    ev = (dependency_evidence(repo, pkg, "nuxt", "Nuxt"),)
    if "generate" in pkg.scripts.get("build", ""):
        return Framework(
            "nuxt",
            "Nuxt (static generate)",
            "static",
            spa.DEFAULT_PORT,
            ev,
            static_root=".output/public",
            error_page="404.html",
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
        reads_port=True,
    )
