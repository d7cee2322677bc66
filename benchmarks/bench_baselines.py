"""The Dockerfiles genfile is measured against, written per project (pure: no engine, no disk).

Two baselines come from the seed article (``/work/shared/seed-article.md``):

* **classic** — its "before" file: the full base image, ``COPY . .``, the language's natural
  install command, root. Written the way the article's reader writes it for *this* project
  (requirements vs pyproject vs lockfile), not a strawman: it installs the same packages and
  runs the same command as genfile's image.
* **article** — its multi-stage recipe where it applies: for Python the literal recipe (slim
  builder, ``pip install --user``, copy ``/root/.local``, ``useradd appuser``); for Node and Go
  the patterns the article states (technique 3 "order layers" + 5 "non-root" for Node, the
  golang → distroless example for Go), adapted literally; every adaptation is recorded in
  :attr:`Baseline.notes` and ends up in the report.

A baseline that cannot be written for a project carries ``na`` (the reason) instead of text.
"""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

# The packages each benchmark adds to a project to time a dependency change: small, real,
# pure (no compiler), and not already in any sample's tree.
PYTHON_EXTRA_DEPENDENCY = ("six", "1.17.0")
NODE_EXTRA_DEPENDENCY = ("kleur", "4.1.5")

# The article's technique 4 .dockerignore, verbatim; used with its multi-stage recipe.
ARTICLE_DOCKERIGNORE = ".git\nnode_modules\n*.md\n.env*\nDockerfile*\ndocker-compose*\n"

SOURCE_SUFFIXES = {
    ".py": "#",
    ".go": "//",
    ".js": "//",
    ".mjs": "//",
    ".cjs": "//",
    ".ts": "//",
    ".jsx": "//",
    ".tsx": "//",
}
_SKIP_PARTS = {"tests", "test", "vendor", "node_modules", ".git", ".venv", "public", "__pycache__"}


@dataclass(frozen=True)
class Project:
    """What the baselines need to know about a sample: genfile's own findings
    (``genfile detect --json``), so every variant builds the same app on the same language
    line and only the Dockerfile's structure differs."""

    name: str
    ecosystem: str  # python | node | go
    version: str  # language line: "3.11", "24", "1.26"
    command: tuple[str, ...]
    port: int | None = None
    package_manager: str = ""  # pip, uv, poetry, pdm, pipenv; npm, yarn, pnpm, bun; go
    package_manager_version: str | None = None  # "10.34.8" from packageManager
    dependency_files: tuple[str, ...] = ()
    lockfile: str | None = None
    native: tuple[str, ...] = ()  # Python dependencies compiled from source
    extra_packages: tuple[str, ...] = ()  # servers genfile adds, e.g. "gunicorn==23.0.0"
    build: str | None = None  # Node build command ("npm run build")
    framework: str = ""
    scripts: Mapping[str, str] = field(default_factory=dict)  # package.json scripts
    main_package: str = "."  # Go
    binary: str = "app"  # Go
    runtime_files: tuple[str, ...] = ()  # Go: folders the binary reads at run time
    source_file: str | None = None  # the evidence file behind the start command

    @property
    def is_static_site(self) -> bool:
        """A site built with Node and served by a web server (no Node at run time)."""
        return self.ecosystem == "node" and "static site" in self.framework.lower()


@dataclass(frozen=True)
class Baseline:
    """A Dockerfile to build (with its .dockerignore and build args), or why there is none."""

    dockerfile: str | None
    dockerignore: str | None = None
    notes: tuple[str, ...] = ()
    na: str | None = None
    build_args: Mapping[str, str] = field(default_factory=dict)


def _facts(detection: Mapping[str, Any]) -> dict[str, Any]:
    return {fact["name"]: fact["value"] for fact in detection.get("facts", [])}


def _evidence_file(detection: Mapping[str, Any], fact_name: str) -> str | None:
    for fact in detection.get("facts", []):
        if fact["name"] == fact_name and fact.get("evidence"):
            file: str | None = fact["evidence"][0].get("file")
            return file
    return None


def _extra_packages(notes: list[str]) -> tuple[str, ...]:
    """Servers genfile adds because the app needs them ("... genfile installs gunicorn==23.0.0")."""
    return tuple(m for note in notes for m in re.findall(r"installs (\S+==[\w.]+)", note))


def project_from_detection(
    name: str, detection: Mapping[str, Any], package_json: Mapping[str, Any] | None = None
) -> Project:
    """A :class:`Project` from ``genfile detect --json`` output (and package.json for Node)."""
    facts = _facts(detection)
    plan = detection["plan"]
    manager = str(facts.get("package manager", plan.get("package_manager", "")))
    manager_name, _, manager_version = manager.partition(" ")
    version_fact = {"python": "python version", "node": "node version", "go": "go version"}
    package_json = package_json or {}
    return Project(
        name=name,
        ecosystem=detection["ecosystem"],
        version=str(facts.get(version_fact.get(detection["ecosystem"], ""), plan["language_version"])),
        command=tuple(plan["command"]),
        port=plan.get("port"),
        package_manager=manager_name,
        package_manager_version=manager_version or None,
        dependency_files=tuple(facts.get("dependency files", ())),
        lockfile=facts.get("lockfile"),
        native=tuple(facts.get("native dependencies", ())),
        extra_packages=_extra_packages(list(plan.get("notes", []))),
        build=facts.get("build"),
        framework=str(facts.get("framework", "")),
        scripts=dict(package_json.get("scripts", {})),
        main_package=str(facts.get("main package", ".")),
        binary=str(facts.get("binary", "app")),
        runtime_files=tuple(facts.get("runtime files", ())),
        source_file=_evidence_file(detection, "start command"),
    )


# --------------------------------------------------------------------------- classic (b)


def _cmd(argv: tuple[str, ...] | list[str]) -> str:
    return f"CMD {json.dumps(list(argv))}"


def _python_install(project: Project) -> tuple[str, tuple[str, ...], str | None]:
    """(RUN command, notes, virtualenv bin dir or None) for the classic Python image."""
    extras = " ".join(project.extra_packages)
    extra_note = (
        (f"also installs {extras}: the start command needs it and genfile adds it too",) if extras else ()
    )
    manager = project.package_manager
    if manager == "uv":
        run = "pip install uv && uv sync --locked --no-dev" + (
            f" && uv pip install {extras}" if extras else ""
        )
        return run, extra_note, "/app/.venv/bin"
    if manager == "pipenv":
        run = "pip install pipenv && pipenv install --deploy --system" + (
            f" && pip install {extras}" if extras else ""
        )
        return run, extra_note, None
    if manager in ("poetry", "pdm"):
        export = {
            "poetry": "pip install poetry poetry-plugin-export"
            " && poetry export --only main -o requirements.txt",
            "pdm": "pip install pdm && pdm export --prod -o requirements.txt",
        }[manager]
        why = {
            "poetry": "`poetry install` fails here (this PyPI mirror lacks the per-version JSON API "
            "Poetry's installer needs)",
            "pdm": "`pdm install` fails here (pdm's HTTP client breaks on this index's httpx)",
        }[manager]
        note = f"{why}, so the lock is exported and installed with pip, as genfile does"
        return f"{export} && pip install -r requirements.txt {extras}".rstrip(), (note, *extra_note), None
    if "requirements.txt" in project.dependency_files:
        return f"pip install -r requirements.txt {extras}".rstrip(), extra_note, None
    return f"pip install . {extras}".rstrip(), extra_note, None


def classic_dockerfile(project: Project) -> Baseline:
    """The article's "before": one stage on the full image, ``COPY . .`` then install, root."""
    writer = {"python": _classic_python, "node": _classic_node, "go": _classic_go}[project.ecosystem]
    return writer(project)


def _classic_python(project: Project) -> Baseline:
    run, notes, venv = _python_install(project)
    lines = [
        f"FROM python:{project.version}",
        "WORKDIR /app",
        "COPY . .",
        f"RUN {run}",
    ]
    if venv:
        lines.append(f"ENV PATH={venv}:$PATH")
    lines.append(_cmd(project.command))
    return Baseline("\n".join(lines) + "\n", notes=notes)


def _node_ci(project: Project, production: bool) -> str:
    """The lockfile's own frozen install (every dependency, or production ones only)."""
    manager = project.package_manager
    if manager == "pnpm":
        return "corepack enable && pnpm install --frozen-lockfile" + (" --prod" if production else "")
    if manager == "yarn":
        return "yarn install --frozen-lockfile" + (" --production" if production else "")
    if manager == "bun":
        return "npm install -g bun && bun install --frozen-lockfile" + (" --production" if production else "")
    return "npm ci --only=production" if production else "npm ci"


def _node_plain_install(project: Project) -> str:
    """What the "before" Dockerfile runs: the package manager's everyday install."""
    return {
        "pnpm": "corepack enable && pnpm install",
        "yarn": "yarn install",
        "bun": "npm install -g bun && bun install",
    }.get(project.package_manager, "npm install")


def _node_manifests(project: Project) -> str:
    if project.package_manager == "npm":
        return "package*.json"
    return " ".join(["package.json", *([project.lockfile] if project.lockfile else [])])


def _node_command(project: Project) -> list[str]:
    """How the classic image starts: ``npm start`` as the article's reader would write it."""
    if project.is_static_site:
        return ["npx", "vite", "preview", "--host", "0.0.0.0", "--port", str(project.port)]
    if "start" in project.scripts:
        runner = project.package_manager if project.package_manager in ("yarn", "pnpm") else "npm"
        return [runner, "start"]
    return list(project.command)


def _classic_node(project: Project) -> Baseline:
    install = _node_plain_install(project)
    lines = [f"FROM node:{project.version}", "WORKDIR /app", "COPY . .", f"RUN {install}"]
    if project.build:
        lines.append(f"RUN {project.build}")
    lines.append(_cmd(_node_command(project)))
    notes = []
    if project.is_static_site:
        notes.append("serves the built site with `vite preview` (a devDependency, installed here)")
    return Baseline("\n".join(lines) + "\n", notes=tuple(notes))


def _go_build(project: Project) -> str:
    return f"go build -o /app/{project.binary} {project.main_package}"


def _classic_go(project: Project) -> Baseline:
    lines = [
        f"FROM golang:{project.version}",
        "WORKDIR /app",
        "COPY . .",
        f"RUN {_go_build(project)}",
        _cmd([f"/app/{project.binary}"]),
    ]
    return Baseline("\n".join(lines) + "\n")


# --------------------------------------------------------------------------- article (c)


def article_dockerfile(project: Project, requirement_includes: tuple[str, ...] = ()) -> Baseline:
    """The article's multi-stage recipe, where it applies to this project.

    ``requirement_includes``: files requirements.txt pulls in with ``-r``/``-c`` (the recipe
    copies requirements.txt alone, which fails when it includes others).
    """
    if project.ecosystem == "python":
        return _article_python(project, requirement_includes)
    if project.ecosystem == "node":
        return _article_node(project)
    return _article_go(project)


def _article_python(project: Project, includes: tuple[str, ...]) -> Baseline:
    if "requirements.txt" not in project.dependency_files:
        found = ", ".join(project.dependency_files) or "no dependency file"
        return Baseline(None, na=f"the recipe installs requirements.txt; this project has {found}")
    version = project.version
    notes = ["the article's .dockerignore (technique 4) is used with it"]
    copies = ["COPY requirements.txt ."]
    if includes:
        copies += [f"COPY {path} {path}" for path in includes]
        notes.append(
            f"also copies {', '.join(includes)}: requirements.txt includes them, and the recipe's "
            "lone `COPY requirements.txt .` would fail"
        )
    extras = " ".join(project.extra_packages)
    if extras:
        notes.append(f"also installs {extras}: the start command needs it and genfile adds it too")
    install = f"RUN pip install --user --no-cache-dir -r requirements.txt {extras}".rstrip()
    lines = [
        "# Build stage",
        f"FROM python:{version}-slim AS builder",
        "WORKDIR /app",
        *copies,
        install,
        "",
        "# Production stage",
        f"FROM python:{version}-slim",
        "WORKDIR /app",
        "",
        "# Create non-root user",
        "RUN useradd --create-home --shell /bin/bash appuser",
        "USER appuser",
        "",
        "# Copy only what we need",
        "COPY --from=builder /root/.local /home/appuser/.local",
        "COPY --chown=appuser:appuser . .",
        "",
        "ENV PATH=/home/appuser/.local/bin:$PATH",
        _cmd(project.command),
    ]
    return Baseline("\n".join(lines) + "\n", ARTICLE_DOCKERIGNORE, tuple(notes))


def _article_node(project: Project) -> Baseline:
    version = project.version
    manifests = _node_manifests(project)
    notes = [
        f"technique 3's pattern on node:{version}-alpine (the article's node:18 is past its end of "
        "life); its `apk add git` line is left out (nothing here needs git, and the lab has no apk)",
        "technique 5's addgroup/adduser; USER after the install (npm writes to /app as root)",
        "a WORKDIR /app (the article's snippet has none)",
        "the article's .dockerignore (technique 4) is used with it",
    ]
    production_install = _node_ci(project, production=True)
    if project.package_manager != "npm":
        notes.append(
            f"`npm ci` becomes {project.package_manager}'s own install: there is no package-lock.json"
        )
    builder: list[str] = []
    output = _build_output(project)
    if project.build:
        notes.append(
            f"a builder stage (technique 2) runs `{project.build}` with every dependency; "
            f"the final stage copies {output}/ from it"
        )
        builder = [
            "# Stage 1: Build with all tools",
            f"FROM node:{version}-alpine AS builder",
            "WORKDIR /app",
            f"COPY {manifests} ./",
            f"RUN {_node_ci(project, production=False)}",
            "COPY . .",
            f"RUN {project.build}",
            "",
        ]
    if project.is_static_site:
        notes.append(
            "the final stage is nginx:alpine serving dist/ (technique 2's runtime stage); it keeps "
            "nginx's default root master process: the article's non-root step needs an nginx "
            "configuration the article does not give"
        )
        final = [
            "# Stage 2: Runtime with minimal dependencies",
            "FROM nginx:alpine",
            f"COPY --from=builder /app/{output} /usr/share/nginx/html",
        ]
        return Baseline("\n".join(builder + final) + "\n", ARTICLE_DOCKERIGNORE, tuple(notes))
    final = [
        f"FROM node:{version}-alpine",
        "WORKDIR /app",
        "RUN addgroup -g 1001 -S appgroup && \\",
        "    adduser -u 1001 -S appuser -G appgroup",
        f"COPY {manifests} ./",
        f"RUN {production_install}",
        "COPY . .",
    ]
    if project.build:
        final.append(f"COPY --from=builder /app/{output} ./{output}")
    final += ["USER appuser", _cmd(_node_command(project))]
    return Baseline("\n".join(builder + final) + "\n", ARTICLE_DOCKERIGNORE, tuple(notes))


def _build_output(project: Project) -> str:
    """Where the project's build writes (Next.js: .next; Vite, tsc: dist)."""
    return ".next" if "next" in project.framework.lower() else "dist"


def _article_go(project: Project) -> Baseline:
    notes = [
        "the article's golang → gcr.io/distroless/base example, filled in: `COPY . .` and "
        f"`{_go_build(project)}` in the builder; no USER, as in the example (distroless/base runs as root)",
    ]
    lines = [
        "# Stage 1: Build with all tools",
        f"FROM golang:{project.version} AS builder",
        "WORKDIR /app",
        "COPY . .",
        f"RUN {_go_build(project)}",
        "",
        "# Stage 2: Runtime with minimal dependencies",
        "FROM gcr.io/distroless/base",
        f"COPY --from=builder /app/{project.binary} /app/{project.binary}",
    ]
    if project.runtime_files:
        lines.insert(-1, "WORKDIR /app")
        lines += [f"COPY --from=builder /app/{d} /app/{d}" for d in project.runtime_files]
        folders = ", ".join(d + "/" for d in project.runtime_files)
        notes.append(f"also copies {folders}: the binary reads them at run time")
    lines.append(_cmd([f"/app/{project.binary}"]))
    return Baseline("\n".join(lines) + "\n", notes=tuple(notes))


# --------------------------------------------------------------------------- peers (d)


def adapt_fly_dockerfile(
    text: str, node_major: str, pnpm_version: str | None = None
) -> tuple[str, dict[str, str], tuple[str, ...]]:
    """@flydotio/dockerfile's output made buildable on the lab engine, nothing else changed.

    Its ``# syntax = docker/dockerfile:1`` line makes Docker 20.10 pull a frontend image (no
    registry here), so it is dropped: the built-in frontend parses the rest. Its
    ``ARG NODE_VERSION`` is the host's exact Node (20.20.2) and the lab has major tags only,
    so the build gets ``--build-arg NODE_VERSION=<the project's major>``, the same line every
    other variant uses (its own comment says "Adjust NODE_VERSION as desired"). Its
    ``ARG PNPM_VERSION=latest`` installs pnpm 12, which switches to the project's pinned
    ``packageManager`` through ``@pnpm/exe@<pin>``, a package this registry lacks; so a pinned
    pnpm is passed as ``PNPM_VERSION`` (its other knob), and nothing needs switching.
    """
    notes = []
    lines = text.splitlines(keepends=True)
    kept = [line for line in lines if not re.match(r"#\s*syntax\s*=", line)]
    if len(kept) != len(lines):
        notes.append("`# syntax = docker/dockerfile:1` removed (Docker 20.10 would pull it from a registry)")
    written = re.search(r"^ARG NODE_VERSION=(\S+)", text, re.M)
    args: dict[str, str] = {}
    if written:
        args["NODE_VERSION"] = node_major
        notes.append(
            f"built with NODE_VERSION={node_major} (it wrote {written[1]}, the host's Node; the lab has "
            "no patch-level tags)"
        )
    if pnpm_version and re.search(r"^ARG PNPM_VERSION=latest", text, re.M):
        args["PNPM_VERSION"] = pnpm_version
        notes.append(
            f"built with PNPM_VERSION={pnpm_version}, the project's packageManager pin: with its default "
            f"(latest, pnpm 12) the install fails here with ERR_PNPM_BAD_CONFIG_DEP, because pnpm 12 "
            f"fetches @pnpm/exe@{pnpm_version} to switch versions and this npm registry lacks it"
        )
    return "".join(kept), args, tuple(notes)


# --------------------------------------------------------------------------- helpers


def requirement_includes(files: Mapping[str, str], top: str = "requirements.txt") -> tuple[str, ...]:
    """Files ``top`` pulls in with ``-r``/``-c`` (recursively), relative to the project."""
    found: list[str] = []
    pending = [top]
    while pending:
        current = pending.pop()
        base = PurePosixPath(current).parent
        for line in files.get(current, "").splitlines():
            m = re.match(r"\s*(?:-r|-c|--requirement|--constraint)[\s=]+(\S+)", line)
            if m:
                path = str(base / m[1]) if str(base) != "." else m[1]
                if path not in found and path != top:
                    found.append(path)
                    pending.append(path)
    return tuple(found)


def final_base(dockerfile: str, build_args: Mapping[str, str] | None = None) -> str:
    """The image the final stage starts from, following stage names and ARG defaults.

    Used to compute the bytes an image adds over its base (``FROM base`` → the stage called
    base → ``node:${NODE_VERSION}-slim`` with the build arg filled in).
    """
    args = dict(build_args or {})
    stages: dict[str, str] = {}
    image = ""
    before_first_from = True
    for line in _logical_lines(dockerfile):
        words = line.split()
        if not words:
            continue
        keyword = words[0].upper()
        if keyword == "ARG" and before_first_from:
            name, _, default = words[1].partition("=")
            args.setdefault(name, default)
        elif keyword == "FROM":
            before_first_from = False
            rest = [w for w in words[1:] if not w.startswith("--")]
            ref = _substitute(rest[0], args)
            image = stages.get(ref.lower(), ref)
            if len(rest) >= 3 and rest[1].upper() == "AS":
                stages[rest[2].lower()] = image
    return image


def _logical_lines(text: str) -> list[str]:
    lines: list[str] = []
    current = ""
    for raw in text.splitlines():
        stripped = raw.strip()
        if stripped.startswith("#") and not current:
            continue
        if stripped.endswith("\\"):
            current += stripped[:-1] + " "
            continue
        lines.append(current + stripped)
        current = ""
    if current:
        lines.append(current)
    return lines


def _substitute(value: str, args: Mapping[str, str]) -> str:
    return re.sub(r"\$\{(\w+)\}|\$(\w+)", lambda m: args.get(m[1] or m[2], ""), value)


def pick_source_file(project: Project, files: list[str]) -> str | None:
    """The file a developer edits in the source-edit rebuild: the one behind the start
    command when it is source code, else the shallowest source file outside tests, vendored
    code and configuration (``vite.config.js`` is not "source")."""
    evidence = PurePosixPath(project.source_file or "")
    if evidence.suffix in SOURCE_SUFFIXES and ".config." not in evidence.name:
        return str(evidence)
    candidates = []
    for path in files:
        pure = PurePosixPath(path)
        if pure.suffix not in SOURCE_SUFFIXES or ".config." in pure.name:
            continue
        if any(part in _SKIP_PARTS or part.startswith(".") for part in pure.parts[:-1]):
            continue
        if pure.name.startswith(".") or pure.name.endswith((".d.ts", "_test.go")):
            continue
        candidates.append((len(pure.parts), path))
    return min(candidates)[1] if candidates else None


def source_edit(path: str, text: str, run: int) -> str:
    """``text`` with one comment line appended: the smallest edit that changes the file."""
    marker = SOURCE_SUFFIXES.get(PurePosixPath(path).suffix, "#")
    sep = "" if text.endswith("\n") or not text else "\n"
    return f"{text}{sep}{marker} benchmark edit {run}\n"


def add_requirement(text: str, requirement: str) -> str:
    """requirements.txt with one more line."""
    sep = "" if text.endswith("\n") or not text else "\n"
    return f"{text}{sep}{requirement}\n"


def add_pep621_dependency(pyproject: str, requirement: str) -> str:
    """pyproject.toml with ``requirement`` first in ``[project] dependencies``."""
    section = re.search(r"^\[project\]\s*$(.*?)(?=^\[|\Z)", pyproject, re.M | re.S)
    if not section:
        raise ValueError("no [project] table")
    body = section[1]
    m = re.search(r"^dependencies\s*=\s*\[", body, re.M)
    if not m:
        raise ValueError("no [project] dependencies")
    after = body[m.end() :]
    empty = re.match(r"\s*\]", after) is not None
    insert = json.dumps(requirement) + ("" if empty else ", ")
    at = section.start(1) + m.end()
    return pyproject[:at] + insert + pyproject[at:]


def add_pipfile_package(pipfile: str, name: str, version: str) -> str:
    """Pipfile with ``name = "==version"`` in ``[packages]``."""
    m = re.search(r"^\[packages\]\s*\n", pipfile, re.M)
    if not m:
        raise ValueError("no [packages] table")
    return pipfile[: m.end()] + f'{name} = "=={version}"\n' + pipfile[m.end() :]


def shell_join(argv: list[str]) -> str:
    """A command line for notes and logs."""
    return " ".join(shlex.quote(a) for a in argv)
