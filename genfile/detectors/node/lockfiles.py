"""Whether a pnpm, Yarn or Bun lockfile is in step with package.json: the dependencies it
lacks or locks with another range, which make a frozen install (``pnpm install
--frozen-lockfile``, ``yarn install --frozen-lockfile`` / ``--immutable``, ``bun install
--frozen-lockfile``) stop. A lockfile genfile cannot read is left to the package manager."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping

from genfile.detectors.node import manifest
from genfile.detectors.node.manifest import PackageJson
from genfile.repo import Repo

# A Yarn lockfile entry's header: `ms@^2.1.3, ms@2.1.3:` or `"@scope/x@npm:^1.0.0":`.
_YARN_HEADER = re.compile(r"^(?P<keys>[^\s#][^\n]*?):\s*$")
# Bun's text lockfile is JSON with trailing commas.
_TRAILING_COMMA = re.compile(r",(\s*[}\]])")


def _differing(
    pkg: PackageJson, locked: Mapping[str, str | None], ranges: set[str] | None = None
) -> tuple[str, ...]:
    """Each package.json dependency the lockfile lacks (``locked`` by name, or the Yarn
    ``name@range`` keys in ``ranges``) or locks with another range."""
    out = []
    for name, spec in sorted(dict(pkg.specs).items()):
        shown = f"{manifest.clean_note(name, 40)} {manifest.clean_note(spec, 20)}"
        if ranges is not None:
            if f"{name}@{spec}" not in ranges and f"{name}@npm:{spec}" not in ranges:
                out.append(f"{shown} not in the lockfile")
        elif name not in locked:
            out.append(f"{shown} not in the lockfile")
        elif locked[name] is not None and locked[name] != spec:
            out.append(f"{shown} locked as {manifest.clean_note(str(locked[name]), 20)}")
    return tuple(out)


def _pnpm(repo: Repo, pkg: PackageJson, lockfile: str) -> tuple[str, ...]:
    import yaml  # type: ignore[import-untyped]  # PyYAML comes with cookiecutter

    try:
        data = yaml.safe_load(repo.text(lockfile))
    except Exception:  # unreadable or not YAML: pnpm decides
        return ()
    if not isinstance(data, dict):
        return ()
    importers = data.get("importers")
    root = importers.get(".") if isinstance(importers, dict) else data
    if not isinstance(root, dict):
        return ()
    locked: dict[str, str | None] = {}
    old = root.get("specifiers")  # lockfile 5.x: one table of ranges
    if isinstance(old, dict):
        locked.update({k: v if isinstance(v, str) else None for k, v in old.items()})
    for key in ("dependencies", "optionalDependencies", "devDependencies"):
        table = root.get(key)
        if not isinstance(table, dict) or isinstance(old, dict):
            continue
        for name, entry in table.items():  # 6.0+: {specifier, version} per dependency
            spec = entry.get("specifier") if isinstance(entry, dict) else None
            locked[str(name)] = spec if isinstance(spec, str) else None
    if not locked and not pkg.specs:
        return ()
    return _differing(pkg, locked)


def _yarn_ranges(lines: Iterable[str]) -> set[str]:
    ranges: set[str] = set()
    for line in lines:
        m = _YARN_HEADER.match(line)
        if m and not line.startswith((" ", "\t", "__metadata")):
            # Berry keys a relative file:/link:/portal: dependency with its parent:
            # `x@file:../x::locator=app%40workspace%3A.`; the range is what precedes it.
            ranges.update(k.strip().strip('"').split("::locator=", 1)[0] for k in m["keys"].split(","))
    return ranges


def _yarn(repo: Repo, pkg: PackageJson, lockfile: str) -> tuple[str, ...]:
    try:
        ranges = _yarn_ranges(repo.lines(lockfile))
    except Exception:  # unreadable: Yarn decides
        return ()
    if not ranges:
        return ()
    # A workspace member's own entry (`name@workspace:.`) is no dependency.
    return _differing(pkg, {}, ranges)


def _bun(repo: Repo, pkg: PackageJson, lockfile: str) -> tuple[str, ...]:
    try:
        data = json.loads(_TRAILING_COMMA.sub(r"\1", repo.text(lockfile)))
    except Exception:  # unreadable: Bun decides
        return ()
    workspaces = data.get("workspaces") if isinstance(data, dict) else None
    root = workspaces.get("") if isinstance(workspaces, dict) else None
    if not isinstance(root, dict):
        return ()
    locked: dict[str, str | None] = {}
    for key in ("dependencies", "optionalDependencies", "devDependencies", "peerDependencies"):
        table = root.get(key)
        if isinstance(table, dict):
            locked.update({str(k): v if isinstance(v, str) else None for k, v in table.items()})
    return _differing(pkg, locked)


def out_of_step(repo: Repo, pkg: PackageJson, manager: str, lockfile: str) -> tuple[str, ...]:
    """The package.json entries ``lockfile`` (of ``manager``) lacks or locks otherwise."""
    if manager == "pnpm" and lockfile == "pnpm-lock.yaml":
        return _pnpm(repo, pkg, lockfile)
    if manager == "yarn" and lockfile == "yarn.lock":
        return _yarn(repo, pkg, lockfile)
    if manager == "bun" and lockfile == "bun.lock":
        return _bun(repo, pkg, lockfile)
    return ()
