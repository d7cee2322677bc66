"""A front end the Go binary embeds but the repository does not hold: it is built first.

``//go:embed all:web/dist`` of a folder that is not in the repository (a build output,
ignored by git) is what a Node build writes: the nearest folder above it with a
package.json and a ``build`` script (``web/`` for ``web/dist``) is that front end. The image
builds it in a Node stage from its own manifest and lockfile, and copies its output to where
the embed expects it. Read here with a small reading of package.json of genfile's own (the
Node detector judges whole Node projects, not a Go binary's assets).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from genfile import lifecycles
from genfile.errors import ManifestError
from genfile.evidence import Evidence
from genfile.repo import Repo

_LOCKFILES = (
    ("package-lock.json", "npm"),
    ("npm-shrinkwrap.json", "npm"),
    ("pnpm-lock.yaml", "pnpm"),
    ("yarn.lock", "yarn"),
)
_PLAIN = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$")


@dataclass(frozen=True)
class Frontend:
    folder: str  # the front end's folder in the project ("web")
    output: str  # the folder its build writes, as the embed names it ("web/dist")
    manager: str  # npm | pnpm | yarn
    lockfile: str | None  # relative to the project
    installs: bool  # it has dependencies to install
    node: str  # the Node line of its build image
    evidence: Evidence  # the package.json's build script
    embed: Evidence  # the //go:embed line that needs it
    warnings: tuple[str, ...] = ()


def _node_line(spec: str | None) -> str:
    """The Node line for an ``engines.node`` range: the newest LTS line when the range allows
    it (``>=22``) or says nothing, else the major it names (``^20``, ``20.x``) when supported."""
    newest = lifecycles.newest_lts("node")
    m = re.search(r"(\d{1,2})", spec or "")
    if not m:
        return newest
    major = m[1]
    if re.match(r"\s*>=?", spec or ""):
        return newest if int(newest) >= int(major) else major
    return major if major in lifecycles.supported("node") else newest


def find(repo: Repo, missing: str, embed: Evidence) -> Frontend | None:
    """The front end whose build writes ``missing`` (a folder an embed names), if any."""
    parts = missing.split("/")
    for size in range(len(parts) - 1, -1, -1):
        folder = "/".join(parts[:size])
        manifest = f"{folder}/package.json" if folder else "package.json"
        if not repo.is_file(manifest) or not all(_PLAIN.fullmatch(p) for p in parts):
            continue
        try:
            data = repo.json(manifest)
        except ManifestError:
            return None
        scripts = data.get("scripts") if isinstance(data, dict) else None
        if not isinstance(scripts, dict) or not isinstance(scripts.get("build"), str):
            return None
        line = repo.find_line(manifest, re.compile(r"\"build\"\s*:")) or None
        lock = next(
            (
                (f"{folder}/{name}" if folder else name, manager)
                for name, manager in _LOCKFILES
                if repo.is_file(f"{folder}/{name}" if folder else name)
            ),
            None,
        )
        deps = any(isinstance(data.get(k), dict) and data.get(k) for k in ("dependencies", "devDependencies"))
        engines = data.get("engines")
        spec = (
            engines.get("node")
            if isinstance(engines, dict) and isinstance(engines.get("node"), str)
            else None
        )
        warnings = []
        if deps and lock is None:
            warnings.append(
                f"{manifest}: the front end has dependencies but no lockfile: the image installs whatever "
                "versions are newest (commit a lockfile)"
            )
        manager = lock[1] if lock else "npm"
        return Frontend(
            folder=folder,
            output=missing,
            manager=manager,
            lockfile=lock[0] if lock else None,
            installs=deps,
            node=_node_line(spec),
            evidence=Evidence(manifest, line, f"build: {scripts['build']}"[:80]),
            embed=embed,
            warnings=tuple(warnings),
        )
    return None
