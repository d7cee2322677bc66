"""Remix and React Router v7: ``remix-serve`` / ``react-router-serve`` on ``build/server``."""

from __future__ import annotations

from genfile.detectors.node.frameworks.base import Framework, dependency_evidence
from genfile.detectors.node.manifest import PackageJson
from genfile.detectors.node.start import Start
from genfile.repo import Repo

DEFAULT_PORT = 3000  # the port its server listens on unless PORT says otherwise


def detect(repo: Repo, pkg: PackageJson) -> Framework | None:
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
