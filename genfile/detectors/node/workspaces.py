"""Workspaces (monorepos): the member packages a root's ``workspaces`` field (npm, Yarn, Bun)
or ``pnpm-workspace.yaml`` lists, read so the dependency install sees every member manifest.

The install needs each member's package.json before the source is copied (a frozen install
checks them against the root lockfile, and ``workspace:*`` dependencies link to them); the
image then takes every ``node_modules`` folder the install wrote, the members' included.
Globs are the simple forms workspaces use (``packages/*``, ``apps/**`` two levels deep at
most, exact folders, ``!`` exclusions); each member is a plain relative folder.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass

from genfile.detectors.node import manifest
from genfile.detectors.node.manifest import PackageJson
from genfile.errors import ManifestError
from genfile.evidence import Evidence
from genfile.repo import Repo

PNPM_WORKSPACE = "pnpm-workspace.yaml"
MAX_MEMBERS = 200
_GLOB = re.compile(r"^!?[A-Za-z0-9_@+.*/-]{1,200}$")


@dataclass(frozen=True)
class Member:
    path: str  # folder relative to the root
    pkg: PackageJson


@dataclass(frozen=True)
class Workspace:
    globs: tuple[str, ...]
    evidence: Evidence
    members: tuple[Member, ...]
    catalog: bool  # pnpm catalogs (`catalog:` versions): pnpm 9.5+

    @property
    def manifests(self) -> tuple[str, ...]:
        return tuple(f"{m.path}/{m.pkg.file}" for m in self.members)

    def member(self, path: str) -> Member | None:
        return next((m for m in self.members if m.path == path.strip("/")), None)

    @property
    def has_dependencies(self) -> bool:
        return any(m.pkg.dependencies for m in self.members)


def needed(workspace: Workspace, root: PackageJson, member: str) -> tuple[Member, ...]:
    """The members ``member`` needs: itself and the workspace packages it (or the root)
    depends on, transitively (dev dependencies too: a build reads shared configs)."""
    by_name = {m.pkg.name: m for m in workspace.members if m.pkg.name}
    chosen = workspace.member(member)
    todo = [
        *(by_name[d] for d in sorted(root.all_dependencies) if d in by_name),
        *([chosen] if chosen else []),
    ]
    found: dict[str, Member] = {}
    while todo:
        m = todo.pop()
        if m.path in found:
            continue
        found[m.path] = m
        todo += [by_name[d] for d in sorted(m.pkg.all_dependencies) if d in by_name]
    return tuple(m for m in workspace.members if m.path in found)


def _pnpm_globs(repo: Repo) -> tuple[tuple[str, ...], Evidence | None, bool]:
    if not repo.is_file(PNPM_WORKSPACE):
        return (), None, False
    globs: list[str] = []
    line_no: int | None = None
    in_packages = False
    catalog = False
    for number, raw in enumerate(repo.lines(PNPM_WORKSPACE), start=1):
        line = raw.split("#", 1)[0].rstrip()
        if re.match(r"^catalogs?\s*:", line):
            catalog = True
        if re.match(r"^packages\s*:", line):
            in_packages, line_no = True, number
            continue
        if in_packages:
            m = re.match(r"^\s+-\s*['\"]?([^'\"]+?)['\"]?\s*$", line)
            if m:
                globs.append(m[1])
            elif line and not line.startswith(" "):
                in_packages = False
    return tuple(globs), Evidence(PNPM_WORKSPACE, line_no, "pnpm workspace"), catalog


def _candidates(repo: Repo, glob: str) -> list[str]:
    """Folders a workspace glob names (at most two levels of wildcards)."""
    pattern = glob.strip().strip("/")
    while pattern.startswith("./"):
        pattern = pattern[2:]
    if "*" not in pattern:
        return [pattern] if manifest.plain_path(pattern) else []
    base = pattern.split("*", 1)[0].rstrip("/")
    if base and manifest.plain_path(base) is None:
        return []
    found = []
    for rel in repo.walk(
        tuple(manifest.MANIFESTS), max_depth=(base.count("/") + 1 if base else 0) + 3, limit=2000
    ):
        folder = rel.rpartition("/")[0]
        if not folder or (base and not folder.startswith(base + "/")):
            continue
        if fnmatch.fnmatch(folder, pattern) or (pattern.endswith("/**") and folder.startswith(base + "/")):
            found.append(folder)
    return found


def read(repo: Repo, pkg: PackageJson) -> tuple[Workspace | None, list[str]]:
    """The workspace the root declares (None: not a workspace root), and warnings."""
    warnings: list[str] = []
    globs, ev, catalog = _pnpm_globs(repo)
    if not globs and pkg.workspace_globs:
        globs, ev = pkg.workspace_globs, manifest.evidence(repo, "workspaces", note="workspaces")
    if not globs or ev is None:
        return None, warnings
    include = [g for g in globs if _GLOB.match(g) and not g.startswith("!")]
    exclude = [g[1:].strip("/") for g in globs if g.startswith("!")]
    folders: list[str] = []
    for glob in include:
        for folder in _candidates(repo, glob):
            if folder not in folders and not any(fnmatch.fnmatch(folder, x) for x in exclude):
                folders.append(folder)
    members = []
    for folder in sorted(folders)[:MAX_MEMBERS]:
        sub = Repo(repo.path(folder))
        rel = manifest.manifest_file(sub)
        if rel is None or "node_modules" in folder.split("/"):
            continue
        try:
            members.append(Member(folder, manifest.read(sub, rel)))
        except ManifestError as exc:
            warnings.append(f"{folder}/{rel}: {exc}; left out of the workspace")
    return Workspace(tuple(globs), ev, tuple(members), catalog), warnings
