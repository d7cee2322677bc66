"""The main package to build: where they are, which one is the service, and why.

Candidates are where Go projects put commands: the module's own folder (``main.go`` at the
top) and ``cmd/<name>/``. With several, the one named like the module (``example.com/shop`` →
``cmd/shop``) wins, else the only one that serves HTTP; if that still leaves a choice, the
first by name is taken and a warning names it. Every candidate is kept in the findings, so a
``--main`` choice can be offered without detecting again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from genfile.detectors.go.modfile import GoMod
from genfile.detectors.go.source import Package, Tree
from genfile.errors import ChoiceError
from genfile.evidence import Evidence

_BINARY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
_MAJOR_SUFFIX = re.compile(r"^v\d+$")
_SERVES_HTTP = re.compile(
    r"\bListenAndServe(?:TLS)?\s*\(|\bhttp\.Server\s*\{|\bhttp\.Serve\s*\(|\.Serve\(\s*\w+\s*\)"
    r"|\.(?:Run|Start|Listen)\(\s*\"[\w.\-\[\]]*:\d+\""
)
# Folders whose main packages are helpers, not the service (only used when there is no other).
_NOT_SERVICE = re.compile(r"(^|/)(examples?|tools?|scripts?|hack|tests?|internal/tools|_\w+)(/|$)")


@dataclass(frozen=True)
class MainPackage:
    """A package main that ``go build`` can turn into the image's binary."""

    dir: str  # relative to the project ("" at the top)
    module: str  # the module path it belongs to
    binary: str  # the binary's name: the folder's, or the module's last element at its top
    evidence: Evidence  # the file and line of func main()

    @property
    def build_path(self) -> str:
        """What ``go build`` gets: ``.`` or ``./cmd/api`` (relative to the build root)."""
        return f"./{self.dir}" if self.dir else "."


@dataclass(frozen=True)
class Choice:
    main: MainPackage | None
    candidates: tuple[MainPackage, ...]
    reason: str
    warning: str | None = None


def module_name(module: str) -> str:
    """The name a module goes by: its last path element, without a /v2 major suffix."""
    parts = module.split("/")
    if len(parts) > 1 and _MAJOR_SUFFIX.fullmatch(parts[-1]):
        parts = parts[:-1]
    return parts[-1]


def binary_name(name: str) -> str:
    """A file name safe in /usr/local/bin and in every Dockerfile line; ``app`` otherwise."""
    return name if _BINARY.fullmatch(name) and name not in (".", "..") else "app"


def _candidate(pkg: Package, mod: GoMod) -> MainPackage | None:
    file = pkg.main_file if pkg.name == "main" else None
    if file is None:
        return None
    rel = pkg.dir[len(mod.dir) :].lstrip("/") if mod.dir else pkg.dir
    name = module_name(mod.module) if not rel else rel.rpartition("/")[2]
    return MainPackage(
        pkg.dir, mod.module, binary_name(name), Evidence(file.path, file.main_line, "func main()")
    )


def candidates(tree: Tree, modules: tuple[GoMod, ...]) -> tuple[MainPackage, ...]:
    """Main packages at each module's top and in its cmd/<name>/ folders, in a stable order;
    elsewhere (not examples/tools/scripts) only when those hold none."""
    found: list[MainPackage] = []
    others: list[MainPackage] = []
    for mod in sorted(modules, key=lambda m: m.dir):
        prefix = f"{mod.dir}/" if mod.dir else ""
        for folder, pkg in sorted(tree.packages.items()):
            if mod.dir and folder != mod.dir and not folder.startswith(prefix):
                continue
            if _owner(folder, modules) is not mod:
                continue
            cand = _candidate(pkg, mod)
            if cand is None:
                continue
            rel = folder[len(prefix) :] if prefix else folder
            if folder == mod.dir or re.fullmatch(r"cmd/[^/]+", rel):
                found.append(cand)
            elif not _NOT_SERVICE.search(rel):
                others.append(cand)
    return tuple(found or others)


def _owner(folder: str, modules: tuple[GoMod, ...]) -> GoMod | None:
    """The module whose folder holds ``folder`` (the deepest one)."""
    owners = [m for m in modules if not m.dir or folder == m.dir or folder.startswith(f"{m.dir}/")]
    return max(owners, key=lambda m: len(m.dir), default=None)


def reachable(tree: Tree, modules: Iterable[GoMod], start: str, local: dict[str, str]) -> list[Package]:
    """The project's own packages that the package in ``start`` imports, directly or not.

    ``local`` maps module paths to folders (workspace modules, replace => ./dir) besides the
    modules themselves, so imports between them are followed too.
    """
    # Longest module path first: example.com/x/sub is its own module, not a folder of example.com/x.
    roots = dict(sorted(({m.module: m.dir for m in modules} | local).items(), key=lambda i: -len(i[0])))
    seen: dict[str, Package] = {}
    queue = [start]
    while queue:
        folder = queue.pop(0)
        pkg = tree.packages.get(folder)
        if pkg is None or folder in seen:
            continue
        seen[folder] = pkg
        for file in pkg.files:
            for path, _ in file.imports:
                for module, mdir in roots.items():
                    if path == module or path.startswith(f"{module}/"):
                        sub = path[len(module) :].lstrip("/")
                        queue.append("/".join(p for p in (mdir, sub) if p))
                        break
    return list(seen.values())


def serves_http(packages: Iterable[Package]) -> Evidence | None:
    for pkg in packages:
        for file in pkg.files:
            m = _SERVES_HTTP.search(file.code)
            if m:
                return Evidence(file.path, file.code.count("\n", 0, m.start()) + 1, m[0].strip())
    return None


def _matches(cand: MainPackage, wanted: str) -> bool:
    spec = wanted.strip().rstrip("/")
    spec = spec[2:] if spec.startswith("./") else spec
    return spec in (cand.dir, cand.binary) or (spec in ("", ".") and cand.dir == "")


def choose(
    tree: Tree, modules: tuple[GoMod, ...], local: dict[str, str], wanted: str | None = None
) -> tuple[Choice, dict[str, list[Package]]]:
    """The main package to build, the reason, and each candidate's reachable packages.

    ``wanted`` (a future ``--main``) names one by folder (``./cmd/api``, ``cmd/api``) or binary
    name (``api``); it may be any package main of the project, not only a usual candidate.
    """
    found = candidates(tree, modules)
    if wanted is not None:
        every = [c for pkg in tree.packages.values() if (c := _main_in(pkg, modules))]
        pick = next((c for c in [*found, *every] if _matches(c, wanted)), None)
        if pick is None:
            known = ", ".join(c.build_path for c in found) or "none found"
            raise ChoiceError(f"--main {wanted!r}: no package main there", f"choose one of: {known}")
        found = found if pick in found else (*found, pick)
        return Choice(pick, found, "chosen with --main"), {
            pick.dir: reachable(tree, modules, pick.dir, local)
        }
    reach = {c.dir: reachable(tree, modules, c.dir, local) for c in found}
    if not found:
        return Choice(None, (), "no package main at the module's top or in cmd/<name>/"), reach
    if len(found) == 1:
        only = found[0]
        where = "at the module's top" if only.dir == _module_dir(only, modules) else f"in {only.dir}/"
        return Choice(only, found, f"the only package main ({where})"), reach
    named = [c for c in found if c.binary == module_name(c.module)]
    if named:
        pick = named[0]
        return Choice(pick, found, f"named like the module {pick.module} (of {len(found)} commands)"), reach
    http = [(c, ev) for c in found if (ev := serves_http(reach[c.dir]))]
    if len(http) == 1:
        pick, ev = http[0]
        return Choice(pick, found, f"the only command that serves HTTP ({ev.where()}: {ev.note})"), reach
    pool = [c for c, _ in http] or list(found)
    pick = pool[0]
    others = ", ".join(c.build_path for c in found if c is not pick)
    why = "several serve HTTP" if len(http) > 1 else "none of them serves HTTP"
    warning = (
        f"several main packages and {why}: building {pick.build_path} (first by name; also found {others}); "
        "edit the go build line of the Dockerfile to build another"
    )
    return Choice(pick, found, f"first by name ({why})", warning), reach


def _main_in(pkg: Package, modules: tuple[GoMod, ...]) -> MainPackage | None:
    mod = _owner(pkg.dir, modules)
    return _candidate(pkg, mod) if mod else None


def _module_dir(cand: MainPackage, modules: Iterable[GoMod]) -> str:
    return next((m.dir for m in modules if m.module == cand.module), "")
