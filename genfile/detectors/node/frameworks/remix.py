"""Remix and React Router v7: ``remix-serve`` / ``react-router-serve`` on ``build/server``, or
React Router's SPA mode (``ssr: false``), a static site in ``build/client``."""

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
RR_CONFIGS = ("react-router.config.ts", "react-router.config.js", "react-router.config.mjs")
_SSR_OFF = re.compile(r"\bssr\s*:\s*false\b")


def _spa_mode(repo: Repo) -> Evidence | None:
    """Where react-router.config turns server rendering off (SPA mode)."""
    for config in RR_CONFIGS:
        if repo.is_file(config):
            for number, line in enumerate(repo.lines(config), start=1):
                if _SSR_OFF.search(line.split("//", 1)[0]):
                    return Evidence(config, number, manifest.clean_note(line))
    return None


def detect(repo: Repo, pkg: PackageJson) -> Framework | None:
    if pkg.has("@react-router/dev") and (spa_ev := _spa_mode(repo)) is not None:
        return Framework(
            "react-router",
            "React Router (SPA mode)",
            "static",
            spa.DEFAULT_PORT,
            (spa_ev,),
            static_root="build/client",
            immutable_prefix="/assets/",
            fallback=True,
            fallback_evidence=spa_ev,
        )
    for dep, key, label in (
        ("@react-router/serve", "react-router", "React Router (react-router-serve)"),
        ("@remix-run/serve", "remix", "Remix (remix-serve)"),
    ):
        if pkg.has(dep):
            ev = (dependency_evidence(repo, pkg, dep, label),)
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
                reads_port=True,
            )
    return None
