"""cgo: does the binary need a C toolchain to build and glibc to run?

Chosen from what the program really imports, not from every module go.mod lists:

- a package the binary is built from has ``import "C"``;
- it imports a package of a module that only works through cgo (go-sqlite3 compiles without
  cgo but fails at run time), or one known to import such a module unconditionally
  (``gorm.io/driver/sqlite`` imports go-sqlite3);
- a dependency it imports does, read from ``vendor/`` or the local module cache when they
  hold the sources (``GOMODCACHE``, else ``GOPATH/pkg/mod``, else ``~/go/pkg/mod``).

A cgo-only module that go.mod requires but nothing the binary imports reaches (a tool's
dependency, an indirect requirement of a package the server never imports) keeps the static
image, with the evidence. When an indirect requirement cannot be traced (no sources to read)
cgo is kept, and the reason says so: a static go-sqlite3 binary would fail at run time.

Then the build keeps CGO_ENABLED=1 and the image is distroless ``base`` (glibc, libssl);
otherwise CGO_ENABLED=0 gives a static binary for distroless ``static``. Libraries the C code
links besides libc (``#cgo LDFLAGS: -lfoo``) are not in any distroless image: reported.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from genfile.detectors.go import source
from genfile.detectors.go.modfile import GoMod, Requirement
from genfile.detectors.go.source import Package
from genfile.errors import ManifestError
from genfile.evidence import Evidence
from genfile.repo import Repo

# Modules that need cgo to work, and why.
CGO_ONLY = {
    "github.com/mattn/go-sqlite3": "go-sqlite3 wraps SQLite's C code (it fails at run time without cgo)",
    "github.com/confluentinc/confluent-kafka-go": "confluent-kafka-go links librdkafka through cgo",
    "github.com/confluentinc/confluent-kafka-go/v2": "confluent-kafka-go links librdkafka through cgo",
    "gopkg.in/confluentinc/confluent-kafka-go.v1": "confluent-kafka-go links librdkafka through cgo",
}
# Packages whose sources import a cgo-only module unconditionally (no build tag): importing
# them is importing it. (gorm's sqlite driver, golang-migrate's sqlite3 driver, gorm v1's
# sqlite dialect all `import _ "github.com/mattn/go-sqlite3"`.)
WRAPPERS = {
    "gorm.io/driver/sqlite": "github.com/mattn/go-sqlite3",
    "github.com/jinzhu/gorm/dialects/sqlite": "github.com/mattn/go-sqlite3",
    "github.com/golang-migrate/migrate/v4/database/sqlite3": "github.com/mattn/go-sqlite3",
}
# Linker flags every distroless base image satisfies (glibc and libssl are there).
_IN_BASE = ("-lc", "-lm", "-lpthread", "-ldl", "-lrt", "-lresolv", "-lssl", "-lcrypto")
MAX_PACKAGES = 600


@dataclass(frozen=True)
class Cgo:
    enabled: bool
    evidence: tuple[Evidence, ...]
    libraries: tuple[Evidence, ...]  # #cgo directives naming libraries distroless lacks
    why_not: tuple[Evidence, ...] = ()  # cgo-only modules in go.mod that the binary does not reach


def _cgo_module(path: str) -> str | None:
    return next((m for m in CGO_ONLY if path == m or path.startswith(f"{m}/")), None)


def _is_std(path: str) -> bool:
    return "." not in path.split("/", 1)[0]


def module_cache() -> Path | None:
    """The local module cache, if this machine has one."""
    explicit = os.environ.get("GOMODCACHE")
    if explicit:
        return Path(explicit)
    gopath = os.environ.get("GOPATH", "").split(os.pathsep)[0]
    cache = Path(gopath) / "pkg" / "mod" if gopath else Path.home() / "go" / "pkg" / "mod"
    return cache if cache.is_dir() else None


def _escape(path: str) -> str:
    """The module cache's case encoding: ``BurntSushi`` → ``!burnt!sushi``."""
    return re.sub(r"[A-Z]", lambda m: "!" + m[0].lower(), path)


class _Sources:
    """Where a dependency's package lives: vendor/ in the project, else the module cache."""

    def __init__(self, repo: Repo, vendor: bool, requires: Sequence[Requirement]) -> None:
        self.repo = repo
        self.vendor = vendor
        self.requires = sorted(requires, key=lambda r: -len(r.path))
        self.cache = None if vendor else module_cache()
        self._repos: dict[str, Repo | None] = {}

    def files(self, path: str) -> list[source.GoFile] | None:
        """The package's files for linux, or None when its sources are not on this machine."""
        if self.vendor:
            rel = f"vendor/{path}"
            if not self.repo.is_dir(rel):
                return None
            return self._read(self.repo, rel)
        req = next((r for r in self.requires if path == r.path or path.startswith(f"{r.path}/")), None)
        if req is None or self.cache is None:
            return None
        key = f"{req.path}@{req.version}"
        if key not in self._repos:
            folder = self.cache / f"{_escape(req.path)}@{_escape(req.version)}"
            self._repos[key] = Repo(folder) if folder.is_dir() else None
        mod = self._repos[key]
        if mod is None:
            return None
        rel = path[len(req.path) :].lstrip("/")
        if rel and not mod.is_dir(rel):
            return None
        return self._read(mod, rel)

    @staticmethod
    def _read(repo: Repo, rel: str) -> list[source.GoFile]:
        folder = repo.path(rel) if rel else repo.root
        out = []
        for entry in sorted(folder.iterdir())[:400]:
            if entry.suffix != ".go" or not entry.is_file():
                continue
            try:
                parsed = source.read_file(repo, f"{rel}/{entry.name}" if rel else entry.name)
            except ManifestError:
                continue
            if parsed is not None:
                out.append(parsed)
        return out


def _through_dependencies(
    imports: dict[str, Evidence], sources: _Sources
) -> tuple[tuple[str, Evidence, str] | None, bool]:
    """(cgo-only module reached, the project import that leads to it, the chain), and
    whether every dependency package on the way could be read."""
    queue = [(path, path) for path in imports]
    seen: set[str] = set()
    complete = True
    while queue and len(seen) < MAX_PACKAGES:
        path, origin = queue.pop(0)
        if path in seen or _is_std(path) or path == "C":
            continue
        seen.add(path)
        if (mod := _cgo_module(path)) is not None:
            return (mod, imports[origin], origin), complete
        files = sources.files(path)
        if files is None:
            complete = False
            continue
        queue += [(p, origin) for f in files for p, _ in f.imports if p not in seen]
    return None, complete and not queue


def detect(
    packages: Iterable[Package],
    modules: Iterable[GoMod],
    *,
    repo: Repo | None = None,
    vendor: bool = False,
    every_package: Iterable[Package] = (),
    inside: frozenset[str] = frozenset(),
) -> Cgo:
    """``packages``: the project's packages the binary is built from; ``every_package``: all
    of the project's (to say which one needs a cgo module the binary does not); ``inside``:
    module paths built from the project itself (not dependencies)."""
    built = list(packages)
    mods = list(modules)
    evidence: list[Evidence] = []
    libraries: list[Evidence] = []
    external: dict[str, Evidence] = {}
    for pkg in built:
        for file in pkg.files:
            for path, number in file.imports:
                if path == "C":
                    evidence.append(Evidence(file.path, number, 'import "C"'))
                elif not _is_std(path) and not any(path == m or path.startswith(f"{m}/") for m in inside):
                    external.setdefault(path, Evidence(file.path, number, f"imports {path}"))
            if any(p == "C" for p, _ in file.imports):
                for text, number in file.cgo_libs:
                    flags = text.partition(":")[2].split()
                    if text.startswith("pkg-config") or any(
                        f.startswith("-l") and f not in _IN_BASE for f in flags
                    ):
                        libraries.append(Evidence(file.path, number, f"#cgo {text}"))
    for path, ev in external.items():
        needs = _cgo_module(path) or _cgo_module(WRAPPERS.get(path, ""))
        if needs is not None:
            via = "" if _cgo_module(path) else f" (it imports {WRAPPERS[path]})"
            evidence.append(Evidence(ev.file, ev.line, f"imports {path}{via}: {CGO_ONLY[needs]}"))
    listed = [(m, r) for m in mods for r in m.requires if r.path in CGO_ONLY]
    if evidence or not listed:
        return Cgo(bool(evidence), tuple(evidence), tuple(libraries))
    # go.mod requires a cgo-only module that no import of the binary names directly.
    requires = [r for m in mods for r in m.requires]
    found, complete = (None, False)
    if repo is not None:
        found, complete = _through_dependencies(external, _Sources(repo, vendor, requires))
    if found is not None:
        reached, ev, origin = found
        note = f"imports {origin}, which leads to {reached}: {CGO_ONLY[reached]}"
        return Cgo(True, (Evidence(ev.file, ev.line, note),), tuple(libraries))
    users = {
        pkg.dir or "."
        for pkg in every_package
        for file in pkg.files
        for path, _ in file.imports
        if _cgo_module(path) or _cgo_module(WRAPPERS.get(path, ""))
    }
    why_not: list[Evidence] = []
    for mod, req in listed:
        if users and not req.indirect:
            only = ", ".join(sorted(users))
            note = (
                f"requires {req.path} directly, and only {only} import(s) it; the binary is built without it"
            )
        elif complete:
            note = (
                f"requires {req.path}, but nothing the binary imports reaches it (its dependencies were read)"
            )
        elif not req.indirect:
            note = f"requires {req.path} directly, but no package of the project imports it: built without it"
        else:
            note = (
                f"requires {req.path} (indirect) and genfile cannot see which dependency imports it "
                "(no vendor/ or module cache to read): cgo is kept (a static go-sqlite3 fails at run time)"
            )
            return Cgo(True, (Evidence(mod.file, req.line, note),), tuple(libraries))
        why_not.append(Evidence(mod.file, req.line, note))
    return Cgo(False, (), tuple(libraries), tuple(why_not))
