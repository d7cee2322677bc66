"""Plain Node servers (Express, Fastify, Koa, Hono, ...): named by their dependency; the
start command comes from the project's scripts, not from the framework."""

from __future__ import annotations

from genfile.detectors.node.frameworks.base import Framework, dependency_evidence
from genfile.detectors.node.manifest import PackageJson
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
DEFAULT_PORT = 3000  # what Express examples and Fastify use


def detect(repo: Repo, pkg: PackageJson) -> Framework:
    for dep, label in SERVERS:
        if dep in pkg.dependencies:
            return Framework(
                dep, label, "server", DEFAULT_PORT, (dependency_evidence(repo, pkg, dep, label),)
            )
    return Framework("node", "Node.js", "server", DEFAULT_PORT)
