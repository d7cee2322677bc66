"""Files the binary needs besides itself: embedded at build time, or read at run time.

``//go:embed`` patterns are compiled into the binary: they must be in the build context (so
.dockerignore keeps them) but not in the final image. A folder or file the code names in a
string literal (``template.ParseGlob("templates/*.html")``, ``http.Dir("static")``) that
exists in the module, holds no Go code, and is not embedded is read at run time: it is copied
next to the binary, at the same path relative to the working directory.
"""

from __future__ import annotations

import fnmatch
import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass

from genfile.detectors.go.source import Package, Tree
from genfile.evidence import Evidence
from genfile.repo import Repo
from genfile.secrets import SECRET_PATTERNS

_RELATIVE = re.compile(
    r"^(?:\./)?[A-Za-z0-9_][A-Za-z0-9._-]{0,127}(?:/[A-Za-z0-9._*?\[\]{}-]{0,128}){0,12}/?$"
)
_PLAIN = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$")
_GLOB = re.compile(r"[*?\[{]")
# Never runtime data: the build's own inputs and the container setup.
_NOT_DATA = frozenset(
    {
        "go.mod",
        "go.sum",
        "go.work",
        "go.work.sum",
        "vendor",
        "testdata",
        "Dockerfile",
        ".dockerignore",
        "Makefile",
    }
)


@dataclass(frozen=True)
class Embed:
    path: str  # relative to the project, up to the first glob character
    evidence: Evidence


@dataclass(frozen=True)
class RuntimeFile:
    source: str  # relative to the project (COPY source)
    dest: str  # relative to the working directory the binary runs in
    is_dir: bool
    evidence: Evidence


def _glob_free(path: str) -> str:
    parts = []
    for part in path.split("/"):
        if _GLOB.search(part):
            break
        parts.append(part)
    return "/".join(parts)


def embeds(packages: Iterable[Package]) -> tuple[Embed, ...]:
    found: list[Embed] = []
    for pkg in packages:
        for file in pkg.files:
            for pattern, number in file.embeds:
                clean = pattern.removeprefix("all:")
                joined = posixpath.normpath(posixpath.join(file.dir, _glob_free(clean)) or ".")
                if joined.startswith("..") or not _RELATIVE.fullmatch(joined) and joined != ".":
                    continue
                found.append(Embed(joined, Evidence(file.path, number, f"//go:embed {pattern}")))
    return tuple(found)


def _overlaps(a: str, b: str) -> bool:
    return a == b or a.startswith(f"{b}/") or b.startswith(f"{a}/") or b == "."


def is_secret(path: str) -> bool:
    return any(fnmatch.fnmatch(part, p) for part in path.split("/") for p in SECRET_PATTERNS)


def runtime_files(
    repo: Repo, tree: Tree, packages: Iterable[Package], module_dir: str, embedded: tuple[Embed, ...]
) -> tuple[tuple[RuntimeFile, ...], tuple[Evidence, ...]]:
    """Paths the code reads at run time (to copy), and secret-looking ones (kept out, reported)."""
    found: dict[str, RuntimeFile] = {}
    secrets: list[Evidence] = []
    prefix = f"{module_dir}/" if module_dir else ""
    # What the module's folder holds, listed once: most string literals name nothing there.
    top = repo.path(module_dir)
    names = {p.name for p in top.iterdir()} - _NOT_DATA if repo.is_dir(module_dir or ".") else set()
    seen: set[str] = set()
    for pkg in packages:
        for file in pkg.files:
            for value, number in file.strings:
                if value in seen or not _RELATIVE.fullmatch(value):
                    continue
                seen.add(value)
                parts = _glob_free(value.removeprefix("./").rstrip("/")).split("/")
                if parts[0] not in names or parts[0].startswith("."):
                    continue
                if is_secret(value) and repo.exists(prefix + "/".join(parts)):
                    secrets.append(Evidence(file.path, number, f'"{value}"'[:80]))
                    continue
                # The shortest existing prefix that holds no Go code: "web/templates/x.html"
                # copies web/templates when web/ is a Go package.
                for size in range(1, len(parts) + 1):
                    rel = "/".join(parts[:size])
                    source = prefix + rel
                    if source in tree.go_dirs or rel.endswith(".go"):
                        continue
                    if not repo.exists(source) or not all(_PLAIN.fullmatch(p) for p in parts[:size]):
                        break
                    ev = Evidence(file.path, number, f'"{value}"'[:80])
                    if is_secret(rel):
                        secrets.append(ev)
                    elif source not in found and not any(_overlaps(source, e.path) for e in embedded):
                        found[source] = RuntimeFile(source, rel, repo.is_dir(source), ev)
                    break
    # A folder and a file inside it: the folder is enough.
    kept = {s: f for s, f in found.items() if not any(s.startswith(f"{o}/") for o in found if o != s)}
    return tuple(sorted(kept.values(), key=lambda f: f.source)), tuple(secrets)
