"""What a Go project says about its own build and run: Makefile, Procfile, README, Dockerfile,
goreleaser configuration, and where it sets ``GOPRIVATE``.

Read, not executed: a Makefile's variables are expanded from its own assignments (``$(shell
...)`` and the environment are unknown, so a ``-X`` stamped from them becomes the image's
``VERSION`` build argument or is left out), a Procfile or README line is a set of words that
may name a main package (``./cmd/api``), a binary (``bin/api``) and its subcommand (``serve``).
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field

from genfile.errors import ManifestError
from genfile.evidence import Evidence
from genfile.repo import Repo

DYNAMIC = "\0dynamic\0"  # a value only known when make runs ($(shell ...), the environment)
_MAKEFILES = ("GNUmakefile", "makefile", "Makefile")
_GORELEASER = (".goreleaser.yml", ".goreleaser.yaml", "goreleaser.yml", "goreleaser.yaml")
_README = ("README.md", "README.markdown", "README", "readme.md", "Readme.md")
_ASSIGN = re.compile(r"^(?:export\s+|override\s+)?([A-Za-z_][\w.]*)\s*(::=|:=|\?=|\+=|=)\s*(.*?)\s*$")
_TARGET = re.compile(r"^([\w./%-]+(?:\s+[\w./%-]+)*)\s*::?(?!=)")
_REF = re.compile(r"\$[({]([A-Za-z_][\w.]*)[)}]")
_SHELL = re.compile(r"\$[({]shell\b[^)}]*[)}]")
_TAG = re.compile(r"^[A-Za-z0-9_.]{1,64}$")
_XVAR = re.compile(r"^([A-Za-z0-9_./~-]{1,200}\.[A-Za-z_]\w{0,63})=(.*)$")
_GOPRIVATE_VALUE = re.compile(r"^[A-Za-z0-9.*?_~+/\[\]-]{1,200}(?:,[A-Za-z0-9.*?_~+/\[\]-]{1,200}){0,20}$")
_RUN_HEADING = re.compile(
    r"(?i)\b(run|running|usage|start|starting|getting started|quick ?start|develop|serve)"
)
_SAFE_WORD = re.compile(r"^[A-Za-z0-9_./:=@,+-]{1,200}$")


@dataclass(frozen=True)
class BuildLine:
    """One ``go build`` the project runs for a release (Makefile recipe, goreleaser build)."""

    package: str  # "." or "./cmd/api" ("" when not given: the module's top)
    output: str | None  # the -o name's last element
    tags: tuple[str, ...]
    stamps: tuple[tuple[str, str], ...]  # -X name=value with literal values
    version_var: str | None  # the -X variable stamped from a dynamic version
    dropped: tuple[str, ...]  # -X variables stamped from dynamic values other than the version
    evidence: Evidence


@dataclass(frozen=True)
class Mention:
    """A command line the project runs (Procfile web:, a make target, a README example,
    an existing Dockerfile's CMD), as words."""

    words: tuple[str, ...]
    evidence: Evidence


@dataclass(frozen=True)
class ProjectFiles:
    builds: tuple[BuildLine, ...] = ()
    runs: tuple[Mention, ...] = ()
    goprivate: tuple[str, Evidence] | None = None
    warnings: tuple[str, ...] = field(default=())


def _text(repo: Repo, rel: str) -> str | None:
    if not repo.is_file(rel):
        return None
    try:
        return repo.text(rel)
    except ManifestError:
        return None


# ---- Makefile --------------------------------------------------------------------------------


def _expand(value: str, variables: dict[str, str], depth: int = 0) -> str:
    value = _SHELL.sub(DYNAMIC, value)
    if depth > 6:
        return _REF.sub(DYNAMIC, value)
    return _REF.sub(
        lambda m: _expand(variables[m[1]], variables, depth + 1) if m[1] in variables else DYNAMIC, value
    )


def _makefile(repo: Repo, base: str) -> tuple[str, list[tuple[str, int, str]], dict[str, str]] | None:
    """(file, recipe lines as (target, line, text), variables)."""
    rel = next((_at(base, m) for m in _MAKEFILES if repo.is_file(_at(base, m))), None)
    text = _text(repo, rel) if rel else None
    if rel is None or text is None:
        return None
    variables: dict[str, str] = {}
    recipes: list[tuple[str, int, str]] = []
    target = ""
    lines = text.split("\n")
    joined: list[tuple[int, str]] = []
    buf, start = "", 0
    for number, line in enumerate(lines, start=1):
        if not buf:
            start = number
        if line.endswith("\\"):
            buf += line[:-1] + " "
            continue
        joined.append((start, buf + line))
        buf = ""
    for number, line in joined[:3000]:
        if line.startswith("\t"):
            recipes.append((target, number, line.strip().lstrip("@-+").strip()))
            continue
        stripped = line.split("#", 1)[0].rstrip()
        m = _ASSIGN.match(stripped)
        if m:
            name, op, value = m[1], m[2], m[3]
            if op == "?=" and name in variables:
                continue
            variables[name] = f"{variables.get(name, '')} {value}".strip() if op == "+=" else value
            continue
        t = _TARGET.match(stripped)
        if t:
            target = t[1].split()[0]
    return rel, recipes, variables


def _words(command: str) -> list[str] | None:
    try:
        return shlex.split(command, comments=False)
    except ValueError:
        return None


def _build_line(words: list[str], evidence: Evidence) -> BuildLine | None:
    """The ``go build`` in a command's words (after ``CGO_ENABLED=0`` and the like)."""
    for i in range(len(words) - 1):
        if words[i] == "go" and words[i + 1] == "build":
            args = words[i + 2 :]
            break
    else:
        return None
    tags: list[str] = []
    ldflags = ""
    output = None
    package = ""
    j = 0
    while j < len(args):
        arg = args[j]
        if arg in ("&&", ";", "||", "|"):
            break
        name, eq, value = arg.partition("=")
        if name in ("-tags", "--tags", "-ldflags", "--ldflags", "-o", "-gcflags", "-mod", "-p", "-buildmode"):
            if not eq:
                j += 1
                value = args[j] if j < len(args) else ""
            if name.endswith("tags"):
                tags += [t for t in re.split(r"[,\s]+", value) if t]
            elif name.endswith("ldflags"):
                ldflags = value
            elif name == "-o":
                output = value.rstrip("/").rpartition("/")[2] or None
        elif not arg.startswith("-"):
            package = arg
        j += 1
    if any(not _TAG.fullmatch(t) for t in tags) or DYNAMIC in "".join(tags):
        tags = []
    stamps: list[tuple[str, str]] = []
    dropped: list[str] = []
    version_var = None
    flags = _words(ldflags.replace(DYNAMIC, "DYNAMIC__")) or []
    for k, flag in enumerate(flags):
        if flag != "-X" or k + 1 >= len(flags):
            continue
        m = _XVAR.fullmatch(flags[k + 1].replace("DYNAMIC__", DYNAMIC))
        if not m:
            continue
        var, value = m[1], m[2]
        if DYNAMIC in value or "{{" in value:
            if re.search(r"(?i)\.(app)?version$", var) and version_var is None:
                version_var = var
            else:
                dropped.append(var)
        elif _SAFE_WORD.fullmatch(value) or value == "":
            stamps.append((var, value))
    if output is not None and (
        DYNAMIC in output or not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}", output)
    ):
        output = None
    if DYNAMIC in package or not re.fullmatch(
        r"\.(?:/[A-Za-z0-9_][A-Za-z0-9._/-]{0,200})?|[A-Za-z0-9_][\w./-]{0,200}|", package
    ):
        package = ""
    if package.endswith(".go"):
        package = ""
    return BuildLine(
        package, output, tuple(dict.fromkeys(tags)), tuple(stamps), version_var, tuple(dropped), evidence
    )


# ---- goreleaser ------------------------------------------------------------------------------


def _goreleaser(repo: Repo, base: str) -> list[BuildLine]:
    """The ``builds:`` entries of a goreleaser configuration, read line by line."""
    rel = next((_at(base, g) for g in _GORELEASER if repo.is_file(_at(base, g))), None)
    text = _text(repo, rel) if rel else None
    if rel is None or text is None:
        return []
    out: list[BuildLine] = []
    in_builds = False
    entry: dict[str, object] | None = None
    key: str | None = None
    entries: list[tuple[int, dict[str, object]]] = []
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.split(" #", 1)[0].rstrip()
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        indent = len(line) - len(line.lstrip())
        if indent == 0:
            in_builds = line.startswith("builds:")
            continue
        if not in_builds:
            continue
        body = line.strip()
        if body.startswith("- ") and (entry is None or indent <= int(entry["_indent"])):  # type: ignore[call-overload]
            entry = {"_indent": indent}
            entries.append((number, entry))
            body = body[2:].strip()
            key = None
        if entry is None:
            continue
        kv = re.match(r"^([\w-]+):\s*(.*)$", body)
        if kv and not body.startswith("- "):
            key = kv[1]
            value = kv[2].strip().strip("'\"")
            entry[key] = _inline_list(value) if value.startswith("[") else (value or [])
        elif body.startswith("- ") and key:
            items = entry.setdefault(key, [])
            if isinstance(items, list):
                items.append(body[2:].strip().strip("'\""))
    for number, e in entries:
        words = ["go", "build"]
        tags = e.get("tags")
        if isinstance(tags, list) and tags:
            words += ["-tags", ",".join(tags)]
        flags = e.get("flags")
        if isinstance(flags, list):
            words += [f for f in flags if f.startswith(("-tags", "--tags"))]
        ldflags = e.get("ldflags")
        if isinstance(ldflags, list):
            ldflags = " ".join(ldflags)
        if isinstance(ldflags, str) and ldflags:
            words += ["-ldflags", ldflags.replace("{{", DYNAMIC + "{{")]
        binary = e.get("binary")
        if isinstance(binary, str) and binary and "{{" not in binary:
            words += ["-o", binary]
        main = e.get("main")
        words.append(main if isinstance(main, str) and main else ".")
        build = _build_line(words, Evidence(rel, number, "goreleaser build"))
        if build is not None:
            out.append(build)
    return out


def _inline_list(value: str) -> list[str] | str:
    if value.startswith("[") and value.endswith("]"):
        return [v.strip().strip("'\"") for v in value[1:-1].split(",") if v.strip()]
    return value


# ---- run statements --------------------------------------------------------------------------


def _procfile(repo: Repo, base: str) -> list[Mention]:
    rel = _at(base, "Procfile")
    text = _text(repo, rel)
    if text is None:
        return []
    for number, line in enumerate(text.split("\n"), start=1):
        m = re.match(r"^web\s*:\s*(.+)$", line.strip())
        if m and (words := _words(m[1])):
            return [Mention(tuple(words), Evidence(rel, number, f"web: {m[1].strip()}"[:80]))]
    return []


def _readme(repo: Repo, base: str) -> list[Mention]:
    rel = next((_at(base, r) for r in _README if repo.is_file(_at(base, r))), None)
    text = _text(repo, rel) if rel else None
    if rel is None or text is None:
        return []
    out: list[Mention] = []
    section_runs = False
    fenced = False
    for number, line in enumerate(text.split("\n")[:2000], start=1):
        if line.startswith("```") or line.startswith("~~~"):
            fenced = not fenced
            continue
        if not fenced and line.startswith("#"):
            section_runs = bool(_RUN_HEADING.search(line))
            continue
        if not fenced:
            continue
        command = line.strip().lstrip("$ ").split(" #", 1)[0].strip()
        words = _words(command)
        if not words:
            continue
        if section_runs or words[:2] == ["go", "run"]:
            out.append(Mention(tuple(words), Evidence(rel, number, command[:80])))
    return out


def _dockerfile(repo: Repo, base: str) -> tuple[list[Mention], list[BuildLine]]:
    rel = _at(base, "Dockerfile")
    text = _text(repo, rel)
    if text is None or "written by genfile" in text[:400]:
        return [], []
    runs: list[Mention] = []
    builds: list[BuildLine] = []
    for number, line in enumerate(text.split("\n"), start=1):
        m = re.match(r"^\s*(RUN|CMD|ENTRYPOINT)\s+(.*)$", line, re.I)
        if not m:
            continue
        body = m[2].strip()
        words = re.findall(r"\"((?:[^\"\\]|\\.)*)\"", body) if body.startswith("[") else _words(body)
        if not words:
            continue
        ev = Evidence(rel, number, f"{m[1].upper()} {body}"[:80])
        if m[1].upper() == "RUN":
            if (b := _build_line(words, ev)) is not None:
                builds.append(b)
        else:
            runs.append(Mention(tuple(words), ev))
    return runs, builds


# ---- GOPRIVATE ---------------------------------------------------------------------------------

_GOPRIVATE = re.compile(r"\bGOPRIVATE\s*(?:[:?+]?=|:)\s*[\"']?([^\s\"'#;]+)")


def _goprivate(repo: Repo, base: str, makefile: str | None) -> tuple[str, Evidence] | None:
    places = [
        *(p for p in [makefile] if p),
        *(_at(base, n) for n in (".envrc", ".env.example", *_README, "CONTRIBUTING.md")),
    ]
    places += [f"docs/{n}" for n in ("README.md", "development.md", "DEVELOPMENT.md", "setup.md")]
    if repo.is_dir(".github/workflows"):
        places += sorted(
            f".github/workflows/{p.name}"
            for p in repo.path(".github/workflows").iterdir()
            if p.suffix in (".yml", ".yaml")
        )[:20]
    places += [".gitlab-ci.yml"]
    for rel in places:
        text = _text(repo, rel)
        if text is None or "GOPRIVATE" not in text:
            continue
        for number, line in enumerate(text.split("\n"), start=1):
            m = _GOPRIVATE.search(line)
            if m and _GOPRIVATE_VALUE.fullmatch(m[1]) and "$" not in m[1]:
                return m[1], Evidence(rel, number, f"GOPRIVATE={m[1]}"[:80])
    return None


def _at(base: str, name: str) -> str:
    return f"{base}/{name}" if base else name


def read(repo: Repo, bases: tuple[str, ...] = ("",)) -> ProjectFiles:
    """Everything the project's own files say about its Go build and run, in each of
    ``bases`` (the top, and the module's folder when it is a sub-folder)."""
    found = [_read(repo, base) for base in dict.fromkeys(bases)]
    return ProjectFiles(
        tuple(b for f in found for b in f.builds),
        tuple(r for f in found for r in f.runs),
        next((f.goprivate for f in found if f.goprivate), None),
    )


def _read(repo: Repo, base: str) -> ProjectFiles:
    builds: list[BuildLine] = []
    runs: list[Mention] = []
    make = _makefile(repo, base)
    if make is not None:
        rel, recipes, variables = make
        for target, number, command in recipes:
            expanded = _expand(command, variables)
            words = _words(expanded.replace(DYNAMIC, "DYNAMIC__"))
            if not words:
                continue
            words = [w.replace("DYNAMIC__", DYNAMIC) for w in words]
            ev = Evidence(rel, number, f"{target}: {command}"[:80])
            line = _build_line(words, ev)
            if line is not None:
                builds.append(line)
            elif target in ("run", "start", "serve", "dev", "up") or words[:2] == ["go", "run"]:
                runs.append(Mention(tuple(w for w in words if DYNAMIC not in w), ev))
    builds += _goreleaser(repo, base)
    docker_runs, docker_builds = _dockerfile(repo, base)
    builds += docker_builds
    runs = _procfile(repo, base) + runs + docker_runs + _readme(repo, base)
    return ProjectFiles(tuple(builds), tuple(runs), _goprivate(repo, base, make[0] if make else None))
