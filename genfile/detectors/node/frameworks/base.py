"""The shape every framework module returns: what the image needs to run that framework."""

from __future__ import annotations

from dataclasses import dataclass

from genfile.detectors.node import manifest
from genfile.detectors.node.manifest import PackageJson
from genfile.detectors.node.start import Start
from genfile.evidence import Evidence
from genfile.repo import Repo


@dataclass(frozen=True)
class Framework:
    """Framework knowledge for one project.

    ``outputs`` are (path in the build stage, path in the final image) pairs the build writes;
    ``runtime_files`` are project files the server reads at run time (copied from the
    context); ``self_contained`` outputs carry their own node_modules, so the final image
    needs no production install.
    """

    key: str  # next | nuxt | sveltekit | remix | react-router | astro | nestjs | express | ... | node
    label: str  # for people: "Next.js (standalone output)"
    kind: str  # "server" or "static"
    default_port: int
    evidence: tuple[Evidence, ...] = ()
    start: Start | None = None  # the framework's own production command (beats scripts.start)
    default_start: Start | None = None  # used when the project states no start command
    outputs: tuple[tuple[str, str], ...] = ()
    runtime_files: tuple[str, ...] = ()
    self_contained: bool = False
    static_root: str | None = None  # static sites: the folder the build writes
    # Static sites: unknown paths answer index.html (a client-routed SPA), else a real 404
    # (with the site's own error page, when the build writes one).
    fallback: bool = False
    fallback_evidence: Evidence | None = None
    error_page: str | None = None
    immutable_prefix: str | None = None  # static sites: URL prefix of content-hashed assets
    env: tuple[tuple[str, str], ...] = ()  # set in the final image
    build_env: tuple[tuple[str, str], ...] = ()  # set in the build stage
    writable: tuple[str, ...] = ()  # folders the server writes (owned by the app user)
    build_caches: tuple[str, ...] = ()  # build-stage folders kept in a cache mount (.next/cache)
    handles_signals: bool = False
    reads_port: bool = False  # the framework's server listens on $PORT by itself
    notes: tuple[str, ...] = ()
    port_evidence: Evidence | None = None  # where a non-default port was configured
    port: int | None = None
    build_bin: tuple[str, ...] = ()  # the framework's own build command (a member with no build script)
    # The build targets a hosting platform's runtime, not a server a container can run (a
    # SvelteKit platform adapter, Next.js's serverless target): no start command, even a stated one.
    unrunnable: bool = False


def dependency_evidence(repo: Repo, pkg: PackageJson, name: str, why: str) -> Evidence:
    """The package.json line that declares dependency ``name``."""
    section = "dependencies" if name in pkg.dependencies else "devDependencies"
    return manifest.evidence(repo, section, name, note=why)
