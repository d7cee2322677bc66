"""The main package to build: where they are, which one is the service, and why.

Candidates are where Go projects put commands: the module's own folder (``main.go`` at the
top) and ``cmd/<name>/``. With several, the one that serves (reaches a listener:
:mod:`.serve`) wins; among several servers, the one the project's own Makefile, Procfile,
README or Dockerfile runs, then the one named like the module (``example.com/shop`` →
``cmd/shop``); if that still leaves a choice, the first by name is taken and a warning names
it. Every candidate is kept in the findings, so a
``--main`` choice can be offered without detecting again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from genfile.detectors.go import project, serve
from genfile.detectors.go.modfile import GoMod
from genfile.detectors.go.source import Package, Tree
from genfile.errors import ChoiceError
from genfile.evidence import Evidence

_BINARY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
_MAJOR_SUFFIX = re.compile(r"^v\d+$")
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
    serving: serve.Serving | None = None  # what the chosen program serves, and through which command
    stated: Stated | None = None  # where the project itself runs it


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


def _matches(cand: MainPackage, wanted: str) -> bool:
    spec = wanted.strip().rstrip("/")
    spec = spec[2:] if spec.startswith("./") else spec
    return spec in (cand.dir, cand.binary) or (spec in ("", ".") and cand.dir == "")


@dataclass(frozen=True)
class Stated:
    """A main package the project's own files run or build (Procfile, Makefile, README,
    Dockerfile, goreleaser), with the subcommand they give it."""

    main: MainPackage
    subcommand: tuple[str, ...]
    evidence: Evidence


_SUBCOMMAND = re.compile(r"^[a-z][a-z0-9-]{0,40}$")


def stated(
    found: Iterable[MainPackage], files: project.ProjectFiles, module_dirs: Iterable[str]
) -> list[Stated]:
    """Which candidates the project itself runs: a word of a run line that is a candidate's
    folder (``go run ./cmd/api``) or binary (``./bin/api serve``, also by a build line's -o)."""
    cands = list(found)
    outputs: dict[str, MainPackage] = {}
    for build in files.builds:
        cand = next((c for c in cands if _build_matches(c, build.package, module_dirs)), None)
        if cand and build.output:
            outputs[build.output] = cand
    out: list[Stated] = []
    for mention in files.runs:
        words = list(mention.words)
        for i, word in enumerate(words):
            base = word.rstrip("/").rpartition("/")[2]
            cand = None
            if word.startswith(("./", "cmd/")) or word == ".":
                cand = next((c for c in cands if _matches(c, word)), None)
            if cand is None and word not in ("go", "make", "run", "."):
                cand = outputs.get(base) or next((c for c in cands if c.binary == base), None)
            if cand is None:
                continue
            rest = []
            for w in words[i + 1 :]:
                if not _SUBCOMMAND.fullmatch(w):
                    break
                rest.append(w)
            out.append(Stated(cand, tuple(rest[:3]), mention.evidence))
            break
    for build in files.builds:
        cand = next((c for c in cands if _build_matches(c, build.package, module_dirs)), None)
        if cand is not None and len(cands) > 1 and build.package:
            out.append(Stated(cand, (), build.evidence))
    return out


def _build_matches(cand: MainPackage, package: str, module_dirs: Iterable[str]) -> bool:
    """Whether ``go build <package>`` (run in a module's folder or at the top) builds ``cand``."""
    spec = package.rstrip("/")
    spec = spec[2:] if spec.startswith("./") else spec
    spec = "" if spec in ("", ".") else spec
    return any("/".join(p for p in (d, spec) if p) == cand.dir for d in {"", *module_dirs})


def choose(
    tree: Tree,
    modules: tuple[GoMod, ...],
    local: dict[str, str],
    wanted: str | None = None,
    files: project.ProjectFiles | None = None,
) -> tuple[Choice, dict[str, list[Package]]]:
    """The main package to build, the reason, and each candidate's reachable packages.

    ``wanted`` (``--main``) names one by folder (``./cmd/api``, ``cmd/api``) or binary name
    (``api``); it may be any package main of the project, not only a usual candidate.
    Otherwise the program that serves (listens on a port) wins; among several, the one the
    project's own files run, then the one named like the module, then the first by name.
    """
    files = files or project.ProjectFiles()
    roots = {m.module: m.dir for m in modules} | local
    found = candidates(tree, modules)
    module_dirs = [m.dir for m in modules]
    if wanted is not None:
        every = [c for pkg in tree.packages.values() if (c := _main_in(pkg, modules))]
        pick = next((c for c in [*found, *every] if _matches(c, wanted)), None)
        if pick is None:
            known = ", ".join(c.build_path for c in found) or "none found"
            raise ChoiceError(f"--main {wanted!r}: no package main there", f"choose one of: {known}")
        found = found if pick in found else (*found, pick)
        reach = {pick.dir: reachable(tree, modules, pick.dir, local)}
        says = [s for s in stated([pick], files, module_dirs) if s.main == pick]
        sv = _serving(tree, pick, reach[pick.dir], roots, says)
        return Choice(pick, found, "chosen with --main", None, sv, says[0] if says else None), reach
    reach = {c.dir: reachable(tree, modules, c.dir, local) for c in found}
    if not found:
        return Choice(None, (), "no package main at the module's top or in cmd/<name>/"), reach
    says = stated(found, files, module_dirs)
    servings = {
        c.dir: _serving(tree, c, reach[c.dir], roots, [s for s in says if s.main == c]) for c in found
    }

    def done(
        pick: MainPackage, reason: str, warning: str | None = None
    ) -> tuple[Choice, dict[str, list[Package]]]:
        said = next((s for s in says if s.main == pick), None)
        return Choice(pick, found, reason, warning, servings[pick.dir], said), reach

    serving = [c for c in found if servings[c.dir].listener is not None]
    strong = [c for c in serving if servings[c.dir].how != "package"] or serving
    if len(found) == 1:
        only = found[0]
        where = "at the module's top" if only.dir == _module_dir(only, modules) else f"in {only.dir}/"
        return done(only, f"the only package main ({where})")
    if len(strong) == 1:
        pick = strong[0]
        ev = servings[pick.dir].listener.evidence  # type: ignore[union-attr]
        return done(pick, f"the only command that serves ({ev.where()}: {ev.note})")
    pool = strong or list(found)
    named_by_project = [s for s in says if s.main in pool]
    if named_by_project:
        said = named_by_project[0]
        return done(said.main, f"the one the project runs ({said.evidence.where()}: {said.evidence.note})")
    named = [c for c in pool if c.binary == module_name(c.module)]
    if named:
        pick = named[0]
        return done(pick, f"named like the module {pick.module} (of {len(found)} commands)")
    pick = pool[0]
    others = ", ".join(c.build_path for c in found if c is not pick)
    why = "several serve" if len(strong) > 1 else "none of them serves"
    warning = (
        f"several main packages and {why}: building {pick.build_path} (first by name; also found {others}); "
        "choose another with --main"
    )
    return done(pick, f"first by name ({why})", warning)


def _serving(
    tree: Tree, cand: MainPackage, packages: list[Package], roots: dict[str, str], says: list[Stated]
) -> serve.Serving:
    index = serve.Index(packages, roots)
    wanted = [" ".join(s.subcommand) for s in says if s.subcommand] + [
        s.subcommand[0] for s in says if s.subcommand
    ]
    return serve.serving(index, tree.packages[cand.dir], packages, wanted)


def _main_in(pkg: Package, modules: tuple[GoMod, ...]) -> MainPackage | None:
    mod = _owner(pkg.dir, modules)
    return _candidate(pkg, mod) if mod else None


def _module_dir(cand: MainPackage, modules: Iterable[GoMod]) -> str:
    return next((m.dir for m in modules if m.module == cand.module), "")
