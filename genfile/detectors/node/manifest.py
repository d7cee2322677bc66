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
# pnpm reads these too (package.json5: JSON5; package.yaml: YAML), when there is no package.json.
MANIFESTS = (MANIFEST, "package.json5", "package.yaml")

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
    file: str = MANIFEST  # which manifest: package.json, package.json5 or package.yaml
    workspace_globs: tuple[str, ...] = ()  # "workspaces" (npm, Yarn, Bun)
    engines: tuple[tuple[str, str], ...] = ()  # every engines entry (pnpm, yarn, bun, ...)
    module: str | None = None  # "module": the entry file of a Bun project (bun init)
    specs: tuple[tuple[str, str], ...] = ()  # (name, version range) of dependencies

    def engine(self, name: str) -> str | None:
        return next((v for k, v in self.engines if k == name), None)

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


_JSON5_TOKEN = re.compile(
    r"""("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')|(//[^\n]*|/\*.*?\*/)|,(\s*[}\]])""", re.S
)
_JSON5_KEY = re.compile(r"""([{,]\s*)([A-Za-z_$][\w$]*)(\s*:)""")


def _json5(text: str, rel: str) -> Any:
    """The JSON5 a package.json5 holds (comments, trailing commas, single quotes, bare keys)."""
    import json

    def token(m: re.Match[str]) -> str:
        if m[1]:
            return json.dumps(m[1][1:-1].replace("\\'", "'")) if m[1][0] == "'" else m[1]
        return "" if m[2] else m[3]

    plain = _JSON5_TOKEN.sub(token, text)
    plain = _JSON5_KEY.sub(lambda m: f'{m[1]}"{m[2]}"{m[3]}', plain)
    try:
        return json.loads(plain)
    except ValueError as exc:
        raise ManifestError(rel, f"is not JSON5 genfile can read ({exc})", fix="check its syntax") from None


def manifest_file(repo: Repo) -> str | None:
    """The manifest the project has: package.json, else pnpm's package.json5 or package.yaml."""
    return next((m for m in MANIFESTS if repo.is_file(m)), None)


def _load(repo: Repo, rel: str) -> Any:
    if rel == MANIFEST:
        return repo.json(rel)
    if rel.endswith(".json5"):
        return _json5(repo.text(rel), rel)
    import yaml  # type: ignore[import-untyped]  # PyYAML comes with cookiecutter

    try:
        return yaml.safe_load(repo.text(rel))
    except yaml.YAMLError as exc:
        raise ManifestError(
            rel, f"is not valid YAML ({str(exc).splitlines()[0]})", fix="check its syntax"
        ) from None


def read(repo: Repo, rel: str = MANIFEST) -> PackageJson:
    """Parse the manifest; malformed JSON is a ManifestError with line and column."""
    data = _load(repo, rel)
    if not isinstance(data, dict):
        raise ManifestError(rel, "must hold a JSON object", line=1, column=1)
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
    raw_ws = data.get("workspaces")
    if isinstance(raw_ws, dict):  # Yarn 1's {"packages": [...], "nohoist": [...]}
        raw_ws = raw_ws.get("packages")
    globs = tuple(g for g in raw_ws if isinstance(g, str)) if isinstance(raw_ws, list) else ()
    module = plain_path(data.get("module")) if isinstance(data.get("module"), str) else None
    specs = []
    for key in ("dependencies", "optionalDependencies"):
        table = data.get(key)
        if isinstance(table, dict):
            specs += [(k, v) for k, v in table.items() if isinstance(k, str) and isinstance(v, str)]
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
        file=rel,
        workspace_globs=globs,
        engines=tuple((k, v) for k, v in engines.items() if isinstance(v, str))
        if isinstance(engines, dict)
        else (),
        module=module,
        specs=tuple(specs),
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
        if rel == MANIFEST:
            rx = re.compile(r'"' + re.escape(key) + r'"\s*:')
        else:  # JSON5 and YAML also write keys bare or in single quotes
            rx = re.compile(r"""(?:"|'|(?<![\w@/-]))""" + re.escape(key) + r"""(?:"|'|(?![\w@/-]))\s*:""")
        found = next((i for i in range(start, len(lines)) if rx.search(lines[i])), None)
        if found is None:
            return None
        start = found + 1 if rel == MANIFEST else found  # JSON5/YAML may nest on one line
    return None if found is None else found + 1


def evidence(repo: Repo, *keys: str, note: str = "") -> Evidence:
    rel = MANIFEST if repo.is_file(MANIFEST) else (manifest_file(repo) or MANIFEST)
    return Evidence(rel, line_of(repo, *keys, rel=rel), clean_note(note))
