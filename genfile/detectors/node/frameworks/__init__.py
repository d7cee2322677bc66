"""Which framework a Node project uses, and what its production image needs: one module per
framework, asked in order.

Order is a decision: full-stack frameworks first (their build writes a server of its own,
and they depend on the libraries the later ones look for): Next.js, Nuxt, SvelteKit, Remix
and React Router, Astro, Angular; then NestJS (compiled to ``dist``); then static SPAs, which must
come after every framework that ships a server; plain servers (Express, Fastify, ...) last.
"""

from __future__ import annotations

from collections.abc import Callable

from genfile.detectors.node.frameworks import angular, astro, nest, nuxt, remix, servers, spa, sveltekit
from genfile.detectors.node.frameworks import next as nextjs
from genfile.detectors.node.frameworks.base import Framework
from genfile.detectors.node.manifest import PackageJson
from genfile.repo import Repo

FINDERS: tuple[Callable[[Repo, PackageJson], Framework | None], ...] = (
    nextjs.detect,
    nuxt.detect,
    sveltekit.detect,
    remix.detect,
    astro.detect,
    angular.detect,
    nest.detect,
    spa.detect,
)


def detect(repo: Repo, pkg: PackageJson) -> Framework:
    """The first framework that recognises the project, else a plain server."""
    for finder in FINDERS:
        found = finder(repo, pkg)
        if found is not None:
            return found
    return servers.detect(repo, pkg)
