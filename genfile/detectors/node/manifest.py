"""package.json, read as data: every value that may reach a generated file is checked here.

A repository is untrusted input. Script names, paths (``main``, output folders), the
``packageManager`` pin and the project name are validated against what they must look like;
anything else is dropped with a warning, so a hostile package.json can never add or alter a
Dockerfile instruction. Script *bodies* are only parsed (see :mod:`.start`), never pasted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from genfile.errors import ManifestError
from genfile.evidence import Evidence
from genfile.repo import Repo

MANIFEST = "package.json"

# npm's own rule for package names (lowercase, URL-safe, optional @scope/).
_NPM_NAME = re.compile(r"^(?:@[a-z0-9][a-z0-9._~-]{0,100}/)?[a-z0-9~][a-z0-9._~-]{0,150}$")
SCRIPT_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9:._@+-]{0,99}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# A relative path that is plain text in a COPY line, a shell word and a JSON string alike.
_PLAIN_PATH = re.compile(r"^[A-Za-z0-9_@+.-][A-Za-z0-9_@+./-]{0,199}$")
MAX_SCRIPT = 1000


def plain_path(value: object) -> str | None:
    """``value`` as a normalised relative path inside the project, or None if it is not one.

    Leading ``./`` and trailing ``/`` are dropped; ``..``, absolute paths, options
    (``-x``), empty segments and any character outside ``[A-Za-z0-9_@+./-]`` are refused.
    """
    if not isinstance(value, str):
        return None
    path = value.strip()
    while path.startswith("./"):
        path = path[2:]
    path = path.rstrip("/")
    if not path or path == "." or not _PLAIN_PATH.match(path) or path.startswith("-"):
        return None
    parts = path.split("/")
    if any(p in ("", ".", "..") for p in parts):
        return None
    return path


def clean_note(text: str, limit: int = 80) -> str:
    """A value quoted in evidence: no control characters, bounded length."""
    return _CONTROL.sub(" ", text).strip()[:limit]


@dataclass(frozen=True)
class PackageJson:
    """The parts of package.json genfile uses, validated."""

    name: str | None
    scripts: dict[str, str]
    dependencies: frozenset[str]
    dev_dependencies: frozenset[str]
    main: str | None
    package_manager: str | None  # raw "pnpm@9.1.0+sha512..." (validated in package_manager)
    engines_node: str | None
    volta_node: str | None
    is_module: bool  # "type": "module"
    workspaces: bool
    warnings: tuple[str, ...]

    @property
    def all_dependencies(self) -> frozenset[str]:
        return self.dependencies | self.dev_dependencies

    def has(self, *names: str) -> bool:
        return any(n in self.all_dependencies for n in names)

    def has_runtime(self, *names: str) -> bool:
        return any(n in self.dependencies for n in names)


def _deps(data: dict[str, Any], key: str) -> frozenset[str]:
    table = data.get(key)
    if not isinstance(table, dict):
        return frozenset()
    return frozenset(k for k in table if isinstance(k, str) and not _CONTROL.search(k))


def read(repo: Repo) -> PackageJson:
    """Parse package.json; malformed JSON is a ManifestError with line and column."""
    data = repo.json(MANIFEST)
    if not isinstance(data, dict):
        raise ManifestError(MANIFEST, "must hold a JSON object", line=1, column=1)
    warnings: list[str] = []

    name = data.get("name")
    if name is not None and not (isinstance(name, str) and _NPM_NAME.match(name)):
        warnings.append(f"{MANIFEST}: name {clean_note(str(name), 40)!r} is not a valid npm name; ignored")
        name = None

    scripts: dict[str, str] = {}
    raw_scripts = data.get("scripts")
    if isinstance(raw_scripts, dict):
        for key, body in raw_scripts.items():
            if not (isinstance(key, str) and SCRIPT_NAME.match(key)):
                warnings.append(f"{MANIFEST}: script name {clean_note(str(key), 40)!r} is not plain; ignored")
            elif not isinstance(body, str) or len(body) > MAX_SCRIPT or _CONTROL.search(body):
                warnings.append(
                    f"{MANIFEST}: script {key!r} holds control characters or is not text; ignored"
                )
            else:
                scripts[key] = body.strip()

    main = data.get("main")
    if main is not None:
        checked = plain_path(main)
        if checked is None:
            warnings.append(
                f"{MANIFEST}: main {clean_note(str(main), 40)!r} is not a plain relative path; ignored"
            )
        main = checked

    engines = data.get("engines")
    engines_node = engines.get("node") if isinstance(engines, dict) else None
    volta = data.get("volta")
    volta_node = volta.get("node") if isinstance(volta, dict) else None
    manager = data.get("packageManager")
    return PackageJson(
        name=name,
        scripts=scripts,
        dependencies=_deps(data, "dependencies") | _deps(data, "optionalDependencies"),
        dev_dependencies=_deps(data, "devDependencies"),
        main=main,
        package_manager=manager if isinstance(manager, str) else None,
        engines_node=engines_node if isinstance(engines_node, str) else None,
        volta_node=volta_node if isinstance(volta_node, str) else None,
        is_module=data.get("type") == "module",
        workspaces="workspaces" in data,
        warnings=tuple(warnings),
    )


def line_of(repo: Repo, *keys: str, rel: str = MANIFEST) -> int | None:
    """Line of a (nested) JSON key, e.g. ``line_of(repo, "scripts", "start")``, for evidence.

    A text search (JSON parsers keep no positions): each key is looked for after the line of
    its parent, which is exact for ordinary, formatted package.json files.
    """
    try:
        lines = repo.lines(rel)
    except ManifestError:
        return None
    start = 0
    found = None
    for key in keys:
        rx = re.compile(r'"' + re.escape(key) + r'"\s*:')
        found = next((i for i in range(start, len(lines)) if rx.search(lines[i])), None)
        if found is None:
            return None
        start = found + 1
    return None if found is None else found + 1


def evidence(repo: Repo, *keys: str, note: str = "") -> Evidence:
    return Evidence(MANIFEST, line_of(repo, *keys), clean_note(note))
