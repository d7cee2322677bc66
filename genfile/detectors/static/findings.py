"""What a plain static site says about itself: the folder it serves and how unknown paths are
answered, read from its ``Staticfile`` (:mod:`.staticfile`) and its files.

A static site here is HTML that needs no build: an ``index.html`` at the top (or in the folder a
``Staticfile`` names as ``root``), and no ``package.json`` (a project with one is built with
Node, and the Node detector reads the same Staticfile).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from genfile.detection import Findings
from genfile.detectors.static import staticfile
from genfile.detectors.static.staticfile import Staticfile
from genfile.errors import ManifestError
from genfile.evidence import Evidence
from genfile.repo import Repo

INDEX = "index.html"
# Manifests that make the folder another kind of project: a page beside them is its asset.
OTHER_MANIFESTS = (
    "package.json",
    "package.json5",
    "package.yaml",
    "pyproject.toml",
    "requirements.txt",
    "setup.py",
    "Pipfile",
    "go.mod",
    "go.work",
    "Cargo.toml",
    "Gemfile",
    "composer.json",
    "pom.xml",
)
# A client-side router changes the address without loading a page: such a site needs every
# unknown path to answer index.html.
_CLIENT_ROUTER = re.compile(r"history\.pushState\s*\(|createBrowserRouter\s*\(|new\s+Navigo\s*\(")
DEFAULT_PORT = 8080  # unprivileged: nginx runs as its own user


@dataclass(frozen=True)
class StaticFindings(Findings):
    settings: Staticfile | None
    root: str  # the folder served, "." for the project folder
    root_evidence: Evidence
    fallback: bool
    fallback_evidence: Evidence
    error_page: str | None  # 404.html in the served folder
    html_pages: int

    @property
    def warnings(self) -> tuple[str, ...]:
        return self.settings.warnings if self.settings else ()


def _under(root: str, rel: str) -> str:
    return rel if root == "." else f"{root}/{rel}"


def _client_router(repo: Repo, root: str) -> Evidence | None:
    """Where a script of the site routes on the client (``history.pushState``)."""
    for rel in repo.walk((".js", ".mjs"), max_depth=3, limit=200):
        if root != "." and not rel.startswith(f"{root}/"):
            continue
        try:
            lines = repo.lines(rel)
        except ManifestError:
            continue
        for number, line in enumerate(lines[:2000], start=1):
            if len(line) < 2000 and _CLIENT_ROUTER.search(line):
                return Evidence(rel, number, "routes on the client")
    return None


def find(repo: Repo) -> StaticFindings | None:
    """The static site in ``repo`` (None: not one)."""
    if any(repo.exists(m) for m in OTHER_MANIFESTS):
        return None
    settings = staticfile.read(repo)
    root, root_ev = ".", Evidence(INDEX, None, "index.html at the top")
    if settings and settings.root and settings.root_evidence:
        root, root_ev = settings.root, settings.root_evidence
    elif not repo.is_file(INDEX) and settings is not None and repo.is_file(f"public/{INDEX}"):
        root, root_ev = "public", Evidence(f"public/{INDEX}", None, "the site's entry page")
    if not repo.is_file(_under(root, INDEX)) and settings is None:
        return None
    pages = sum(
        1
        for rel in repo.walk((".html", ".htm"), max_depth=4, limit=500)
        if root == "." or rel.startswith(f"{root}/")
    )
    if settings and settings.fallback is not None and settings.fallback_evidence:
        fallback, fallback_ev = settings.fallback, settings.fallback_evidence
    elif (router := _client_router(repo, root)) is not None and pages <= 1:
        fallback, fallback_ev = True, router
    else:
        why = "a multi-page site" if pages > 1 else "no client-side router and no index_fallback"
        fallback, fallback_ev = False, Evidence(None, None, why)
    error_page = "404.html" if repo.is_file(_under(root, "404.html")) else None
    return StaticFindings(settings, root, root_ev, fallback, fallback_ev, error_page, pages)
