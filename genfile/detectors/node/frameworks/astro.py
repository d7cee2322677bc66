"""Astro: the @astrojs/node standalone server in ``dist/server``, or a static site in ``dist``."""

from __future__ import annotations

from genfile.detectors.node.frameworks import spa
from genfile.detectors.node.frameworks.base import Framework, dependency_evidence
from genfile.detectors.node.manifest import PackageJson
from genfile.detectors.node.start import Start
from genfile.repo import Repo


def detect(repo: Repo, pkg: PackageJson) -> Framework | None:
    if not pkg.has("astro"):
        return None
    if not pkg.has("@astrojs/node"):
        ev = (dependency_evidence(repo, pkg, "astro", "Astro without a server adapter"),)
        return Framework(
            "astro",
            "Astro (static)",
            "static",
            spa.DEFAULT_PORT,
            ev,
            static_root="dist",
            error_page="404.html",
        )
    ev = (dependency_evidence(repo, pkg, "@astrojs/node", "Astro node adapter"),)
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
        reads_port=True,
    )
