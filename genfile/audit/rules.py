"""The rules of ``genfile audit``, one small unit each, in the shape hadolint made familiar:
an id, a severity, a title, why it matters and how to fix it, and a check function that
yields where it applies.

A check only looks; it never fixes and never prints. It returns :class:`Hit` values (the place
and what was seen there), and may sharpen the fix with what it knows about this file (the
exact manifest to copy first, the exec-form command to run). Precision beats recall: a rule
that cries wolf on good Dockerfiles (genfile's own, for a start) teaches people to ignore it,
so when a check cannot tell, it stays silent.
"""

from __future__ import annotations

import fnmatch
import json
import posixpath
import re
import shlex
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from genfile import secrets
from genfile.audit import shell
from genfile.audit.context import AuditContext
from genfile.audit.finding import RuleInfo, Severity
from genfile.audit.images import COMPILER_IMAGES, TOOLCHAIN_IMAGES, ImageRef
from genfile.audit.parse import Instruction, Stage
from genfile.repo import Repo


@dataclass(frozen=True)
class Hit:
    """Where a rule applies and what was seen there (``file`` None: the Dockerfile)."""

    message: str
    line: int | None
    end_line: int | None = None
    file: Path | None = None
    why: str = ""
    fix: str = ""


Check = Callable[[AuditContext], Iterable[Hit]]


@dataclass(frozen=True)
class Rule:
    info: RuleInfo
    check: Check


RULES: list[Rule] = []


def rule(
    id: str, name: str, severity: Severity, title: str, *, why: str, fix: str, tags: tuple[str, ...] = ()
) -> Callable[[Check], Check]:
    """Register a check under its id (the decorator keeps each rule's text next to its code)."""

    def register(check: Check) -> Check:
        RULES.append(Rule(RuleInfo(id, name, severity, title, why, fix, tags), check))
        return check

    return register


def by_id(rule_id: str) -> Rule:
    return next(r for r in RULES if r.info.id == rule_id)


def _quote(text: str, limit: int = 70) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return f"`{text if len(text) <= limit else text[: limit - 3] + '...'}`"


def _runs(ctx: AuditContext, final_only: bool) -> Iterator[tuple[Stage, Instruction]]:
    pairs = (
        ctx.final_instructions()
        if final_only
        else [(s, i) for s in ctx.dockerfile.stages for i in s.instructions]
    )
    for stage, instruction in pairs:
        if instruction.cmd == "RUN":
            yield stage, instruction


# ---- GF001 ------------------------------------------------------------------------------------
_BUILD_STEPS = {
    ("npm", "run"),
    ("yarn", "build"),
    ("yarn", "run"),
    ("pnpm", "run"),
    ("pnpm", "build"),
    ("go", "build"),
    ("cargo", "build"),
    ("mvn", "package"),
    ("mvn", "install"),
    ("gradle", "build"),
    ("tsc", ""),
}


@rule(
    "GF001",
    "build-tools-in-final-image",
    Severity.WARNING,
    "Build tools stay in the final image",
    why="Compilers, headers and build tooling are only needed to build. Left in the image you run, "
    "they add hundreds of megabytes to every pull and push, and each one is attack surface and "
    "CVE noise in every scan.",
    fix="Build in a first stage (FROM ... AS builder) and start the final stage from a slim or "
    "distroless base, copying only what runs: the installed dependencies or the built artifact "
    "(COPY --from=builder ...).",
    tags=("size", "security"),
)
def build_tools(ctx: AuditContext) -> Iterator[Hit]:
    df = ctx.dockerfile
    single = len(df.stages) == 1
    first, ref = ctx.base_of(df.final)
    if single and ref.toolchain():
        yield Hit(
            f"single-stage build on {ref.raw}, which carries compilers, headers and build tools: "
            "everything used to build ships in the image you run",
            first.line,
        )
    elif single:
        for _, instruction in _runs(ctx, final_only=True):
            step = next(
                (
                    i
                    for i in shell.invocations(instruction.script)
                    if (i.tool, i.sub) in _BUILD_STEPS and not (i.sub == "run" and i.args[:1] == ("start",))
                ),
                None,
            )
            if step is not None:
                yield Hit(
                    f"{_quote(step.text())} builds in the only stage: the toolchain and development "
                    "dependencies it needed stay in the image you run",
                    instruction.line,
                    instruction.end_line,
                )
                break
    for _, instruction in _runs(ctx, final_only=True):
        script = instruction.script
        removed = shell.removed_packages(script)
        for invocation in shell.invocations(script):
            virtual = shell.apk_virtual(invocation)
            if virtual and virtual in removed:
                continue
            kept = [p for p in shell.build_packages(invocation) if p not in removed]
            if kept:
                yield Hit(
                    f"{_quote(invocation.text())} installs {', '.join(kept)} into the final image, "
                    f"and nothing removes {'it' if len(kept) == 1 else 'them'}",
                    instruction.line,
                    instruction.end_line,
                    fix="Install build packages in a build stage and copy only the result; or, in a "
                    "single RUN, install them, build, and remove them again (apk add --virtual "
                    ".build-deps ... && ... && apk del .build-deps).",
                )


# ---- GF002 ------------------------------------------------------------------------------------
@rule(
    "GF002",
    "full-base-image",
    Severity.WARNING,
    "Full base image in the final stage",
    why="The default tags of the official language images are full Debian with compilers, headers "
    "and hundreds of packages the app never uses: about 1 GB (python:3.11 is 1.01 GB, "
    "python:3.11-slim 131 MB). Every extra package is download time and CVEs to triage.",
    fix="Start the final stage from the -slim or -alpine variant (or distroless for compiled "
    "programs); if a dependency needs a compiler, use the full image in a build stage only.",
    tags=("size", "security"),
)
def full_base(ctx: AuditContext) -> Iterator[Hit]:
    first, ref = ctx.base_of(ctx.dockerfile.final)
    if not ref.full():
        return
    if ref.official in TOOLCHAIN_IMAGES:
        what = "a whole build toolchain on full Debian"
    elif ref.official in COMPILER_IMAGES:
        what = "full Debian with compilers and headers"
    else:
        what = "the full image, with docs, locales and tools the slim one leaves out"
    yield Hit(
        f"the final image starts from {ref.raw}: {what}",
        first.line,
        fix=f"Start the final stage from {ref.smaller()}; keep {ref.raw}, if you need it, for a build "
        "stage only.",
    )


# ---- GF003 ------------------------------------------------------------------------------------
@rule(
    "GF003",
    "unpinned-base-image",
    Severity.WARNING,
    "Base image without a version (latest)",
    why="`latest` (or no tag, which means latest) moves: the next build silently picks up a new "
    "major version of the language or OS, so the same Dockerfile builds a different image "
    "tomorrow and a working build can break without any change on your side.",
    fix="Pin the version your project runs on, e.g. python:3.12-slim or node:22-alpine (and a "
    "digest, @sha256:..., if you need byte-for-byte reproducible builds).",
    tags=("reliability", "security"),
)
def unpinned_base(ctx: AuditContext) -> Iterator[Hit]:
    for stage in ctx.dockerfile.stages:
        if stage.parent is not None:
            continue
        ref = ImageRef.parse(stage.image)
        if ref.unknown or ref.scratch or ref.digest:
            continue
        if ref.tag is None or ref.tag == "latest":
            spelled = (
                f"{stage.image} has no tag, which means :latest" if ref.tag is None else f"{stage.image}"
            )
            fix = ""
            if ctx.plan is not None and ImageRef.parse(ctx.plan.base_image).official == ref.official:
                fix = f"Pin the version: FROM {ctx.plan.base_image} (what genfile picks for this project)."
            yield Hit(f"FROM {spelled}: the base changes under you", stage.line, fix=fix)


# ---- GF004 ------------------------------------------------------------------------------------
def _user_fix(ctx: AuditContext, ref: ImageRef) -> str:
    text = ref.raw.lower()
    if ref.official == "node":
        return (
            "The node images have an unprivileged `node` user: add USER node (or USER 1000:1000) before CMD."
        )
    if "distroless" in text:
        return "Use the :nonroot tag of the distroless image, or add USER 65532:65532 before CMD/ENTRYPOINT."
    if "alpine" in text:
        return (
            "Create a user with fixed IDs and switch to it before CMD: RUN addgroup -S -g 10001 app && "
            "adduser -S -D -H -u 10001 -G app app, then USER 10001:10001. Keep the code owned by root."
        )
    return (
        "Create a user with fixed IDs and switch to it before CMD: RUN groupadd --system --gid 10001 app "
        "&& useradd --system --uid 10001 --gid app --no-log-init app, then USER 10001:10001 (useradd, "
        "not adduser: Debian trixie images no longer ship adduser). Keep the code owned by root."
    )


@rule(
    "GF004",
    "runs-as-root",
    Severity.ERROR,
    "The container runs as root",
    why="Root in the container is root on the files and devices it can reach: a bug or an exploit in "
    "the app can rewrite its own code, read mounted secrets and, with one kernel or runtime flaw, "
    "reach the host. Kubernetes clusters with runAsNonRoot refuse such images.",
    fix="Create an unprivileged user with fixed numeric IDs and add USER <uid>:<gid> before "
    "CMD/ENTRYPOINT; keep the application files owned by root so the app cannot rewrite them.",
    tags=("security",),
)
def runs_as_root(ctx: AuditContext) -> Iterator[Hit]:
    _, ref = ctx.base_of(ctx.dockerfile.final)
    user = ctx.user
    if user is None:
        if ref.unknown or ref.runs_as_nonroot():
            return
        entrypoint, cmd = ctx.start
        chosen = cmd or entrypoint
        process = chosen.original if chosen else "the container"
        default = (
            f"root is the default user of {ref.raw}"
            if ref.official or ref.scratch
            else f"root unless {ref.raw} sets another user"
        )
        yield Hit(
            f"no USER instruction: {_quote(process)} runs as root ({default})",
            ctx.start_line(),
            fix=_user_fix(ctx, ref),
        )
        return
    name = user.args[0].split(":")[0] if user.args else ""
    if name in ("root", "0"):
        yield Hit(
            f"{_quote(user.original)} is the last USER: the container runs as root",
            user.line,
            fix=_user_fix(ctx, ref),
        )


# ---- GF005 ------------------------------------------------------------------------------------
_MANIFESTS = (
    "requirements*.txt",
    "requirements*.in",
    "constraints*.txt",
    "pyproject.toml",
    "setup.py",
    "setup.cfg",
    "poetry.lock",
    "uv.lock",
    "pdm.lock",
    "Pipfile",
    "Pipfile.lock",
    "package.json",
    "package-lock.json",
    "npm-shrinkwrap.json",
    "yarn.lock",
    "pnpm-lock.yaml",
    "pnpm-workspace.yaml",
    ".npmrc",
    ".yarnrc",
    ".yarnrc.yml",
    "bun.lock",
    "bun.lockb",
    "go.mod",
    "go.sum",
    "go.work",
    "go.work.sum",
    "Gemfile",
    "Gemfile.lock",
    "composer.json",
    "composer.lock",
    "Cargo.toml",
    "Cargo.lock",
    "README*",
    ".python-version",
    ".nvmrc",
    "*.lock",
)
_MANIFEST_DIRS = ("requirements", ".yarn", "patches")
_LOCKS = {
    "python": (
        "pyproject.toml",
        "poetry.lock",
        "uv.lock",
        "pdm.lock",
        "Pipfile",
        "Pipfile.lock",
        "requirements.txt",
    ),
    "node": (
        "package.json",
        "package-lock.json",
        "npm-shrinkwrap.json",
        "yarn.lock",
        "pnpm-lock.yaml",
        "bun.lock",
    ),
    "go": ("go.mod", "go.sum"),
    "ruby": ("Gemfile", "Gemfile.lock"),
    "php": ("composer.json", "composer.lock"),
}


def _is_manifest(source: str) -> bool:
    path = posixpath.normpath(source.rstrip("/")).removeprefix("./")
    if path.split("/")[0] in _MANIFEST_DIRS:
        return True
    base = path.rsplit("/", 1)[-1]
    if any(c in base for c in "*?["):  # a glob (package*.json): a manifest if it names only manifests
        return any(fnmatch.fnmatch(m, base) for m in _MANIFESTS if not any(c in m for c in "*?["))
    return any(fnmatch.fnmatch(base, m) for m in _MANIFESTS)


def _manifests_for(ctx: AuditContext, family: str, install: shell.Invocation) -> str:
    if family == "python" and install.tool in ("pip", "uv"):
        files = [
            install.args[i + 1] for i, a in enumerate(install.args[:-1]) if a in ("-r", "--requirement", "-c")
        ]
        files += [a.split("=", 1)[1] for a in install.args if a.startswith(("--requirement=", "-r="))]
        if files:
            return " ".join(files)
    names = [n for n in _LOCKS.get(family, ()) if ctx.exists(n)] or list(_LOCKS.get(family, ())[:2])
    return " ".join(names) or "the dependency manifests"


@rule(
    "GF005",
    "source-before-install",
    Severity.WARNING,
    "Source copied before the dependency install",
    why="Docker reuses a layer only while everything before it is unchanged. With the source copied "
    "first, any edit to any file invalidates the install step, so every build downloads and "
    "installs all dependencies again: minutes per build instead of seconds.",
    fix="Copy only the dependency manifests and lockfile first, install, then copy the source.",
    tags=("build-time",),
)
def source_before_install(ctx: AuditContext) -> Iterator[Hit]:
    reported: set[int] = set()
    for stage in ctx.dockerfile.stages:
        copies: list[tuple[Instruction, set[str]]] = []  # source copies, with families installed before
        installed: set[str] = set()
        for _, instruction in ctx.dockerfile.chain_instructions(stage):
            if ctx.from_context(instruction) and not all(_is_manifest(s) for s in ctx.sources(instruction)):
                copies.append((instruction, set(installed)))
            elif instruction.cmd == "RUN":
                for invocation in shell.invocations(instruction.script):
                    family = shell.install_family(invocation)
                    if family is None or invocation.has("--no-deps"):
                        continue
                    for copy, before in copies:
                        if family in before or copy.line in reported:
                            continue
                        reported.add(copy.line)
                        manifests = _manifests_for(ctx, family, invocation)
                        fix = (
                            f"Copy {manifests} first, run {_quote(invocation.text(), 50)}, then "
                            f"{_quote(copy.original, 40)}."
                            if family != "system"
                            else f"Move the package install above {_quote(copy.original, 40)}: it does not "
                            "depend on the source."
                        )
                        yield Hit(
                            f"{_quote(copy.original, 40)} (line {copy.line}) comes before "
                            f"{_quote(invocation.text(), 50)} (line {instruction.line}): every source "
                            "edit re-runs the install",
                            copy.line,
                            copy.end_line,
                            fix=fix,
                        )
                    installed.add(family)


# ---- GF006 ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Cache:
    tool: str
    subs: tuple[str, ...]
    where: str
    mount: str  # regex over cache mount targets that cover it
    cleaned: str  # regex over the script: the cache removed in the same step
    off: tuple[str, ...] = ()  # options that disable the cache
    env: tuple[str, ...] = ()  # variables that disable it
    fix: str = ""


_CACHES = (
    _Cache(
        "pip",
        ("install", "wheel", "download"),
        "pip's download cache (/root/.cache/pip)",
        r"(^|/)\.cache(/pip)?/?$|pip",
        r"pip\d*(\s+-\S+)*\s+cache\s+purge|rm\s+-\S*\s+.*\.cache(/pip)?(\s|/|$)",
        ("--no-cache-dir",),
        ("PIP_NO_CACHE_DIR",),
        "RUN --mount=type=cache,target=/root/.cache/pip pip install ... (fast rebuilds, nothing stored), "
        "or pip install --no-cache-dir",
    ),
    _Cache(
        "uv",
        ("sync", "pip install", "pip sync"),
        "uv's cache (/root/.cache/uv)",
        r"(^|/)\.cache(/uv)?/?$|uv",
        r"uv\s+cache\s+(clean|prune)|rm\s+-\S*\s+.*\.cache(/uv)?(\s|/|$)",
        ("--no-cache",),
        ("UV_NO_CACHE",),
        "RUN --mount=type=cache,target=/root/.cache/uv uv sync ..., or uv ... --no-cache",
    ),
    _Cache(
        "poetry",
        ("install",),
        "Poetry's cache (/root/.cache/pypoetry)",
        r"(^|/)\.cache/?$|pypoetry",
        r"rm\s+-\S*\s+.*(pypoetry|\.cache)(\s|/|$)",
        ("--no-cache",),
        ("POETRY_NO_CACHE",),
        "RUN --mount=type=cache,target=/root/.cache/pypoetry poetry install ...",
    ),
    _Cache(
        "npm",
        ("ci", "install", "i", "add"),
        "npm's cache (/root/.npm)",
        r"\.npm|npm",
        r"npm\s+cache\s+clean|rm\s+-\S*\s+.*\.npm(\s|/|$)",
        fix="RUN --mount=type=cache,target=/root/.npm npm ci ..., or add && npm cache clean --force",
    ),
    _Cache(
        "yarn",
        ("install", "add"),
        "yarn's cache (/usr/local/share/.cache/yarn)",
        r"yarn|(^|/)\.cache/?$",
        r"yarn\s+cache\s+clean|rm\s+-\S*\s+.*yarn",
        fix="RUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install ..., or add && "
        "yarn cache clean",
    ),
    _Cache(
        "pnpm",
        ("install", "i", "add"),
        "pnpm's store",
        r"pnpm",
        r"pnpm\s+store\s+prune|rm\s+-\S*\s+.*pnpm",
        fix="RUN --mount=type=cache,target=/pnpm/store pnpm install --store-dir /pnpm/store ...",
    ),
    _Cache(
        "apt-get",
        ("update",),
        "the apt package lists (/var/lib/apt/lists, about 40 MB)",
        r"^/var/(lib|cache)/apt",
        r"rm\s+-\S*\s+.*?/var/lib/apt/lists",
        fix="end the same RUN with && rm -rf /var/lib/apt/lists/* (or mount /var/lib/apt and "
        "/var/cache/apt as caches)",
    ),
    _Cache(
        "apk",
        ("add",),
        "apk's package cache (/var/cache/apk)",
        r"^/var/cache/apk|^/etc/apk/cache",
        r"rm\s+-\S*\s+.*?/var/cache/apk",
        ("--no-cache",),
        fix="apk add --no-cache ...",
    ),
    *(
        _Cache(
            tool,
            ("install", "update", "upgrade"),
            f"{tool}'s package cache (/var/cache/{tool.removeprefix('micro')})",
            r"^/var/cache/(yum|dnf)",
            rf"{tool}\s+clean\s+all|rm\s+-\S*\s+.*?/var/cache/(yum|dnf)",
            fix=f"end the same RUN with && {tool} clean all",
        )
        for tool in ("yum", "dnf", "microdnf")
    ),
    _Cache(
        "go",
        ("build", "install", "mod download", "get"),
        "Go's module and build caches (/go/pkg/mod, /root/.cache/go-build)",
        r"go-build|/go/pkg/mod|(^|/)\.cache/?$",
        r"go\s+clean\s+.*-(mod)?cache",
        fix="RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build "
        "go build ...",
    ),
)


@rule(
    "GF006",
    "package-cache-in-image",
    Severity.WARNING,
    "Package manager cache left in the image",
    why="Package managers keep what they download (pip's wheels, npm's tarballs, apt's package lists) "
    "so the next install is faster. In an image layer that cache is dead weight, often tens to "
    "hundreds of megabytes, shipped with every pull, and deleting it in a later step does not "
    "shrink the layer that holds it.",
    fix="Use a BuildKit cache mount (RUN --mount=type=cache,target=<cache dir> ...): rebuilds reuse the "
    "downloads and nothing is stored in the image. Or disable/clean the cache in the same RUN.",
    tags=("size", "build-time"),
)
def package_cache(ctx: AuditContext) -> Iterator[Hit]:
    for stage, instruction in _runs(ctx, final_only=True):
        script = instruction.script
        targets = instruction.cache_targets()
        env = ctx.env_before(stage, instruction)
        left: list[tuple[shell.Invocation, _Cache]] = []
        for invocation in shell.invocations(script):
            cache = next((c for c in _CACHES if c.tool == invocation.tool and invocation.sub in c.subs), None)
            if cache is None or any(c is cache for _, c in left):
                continue
            if (
                (cache.off and invocation.has(*cache.off))
                or any(v in env or v in invocation.env for v in cache.env)
                or any(re.search(cache.mount, t) for t in targets)
                or re.search(cache.cleaned, script)
            ):
                continue
            left.append((invocation, cache))
        if left:
            yield Hit(
                "; ".join(f"{_quote(i.text(), 50)} keeps {c.where} in this layer" for i, c in left),
                instruction.line,
                instruction.end_line,
                fix="; ".join(f"{c.tool}: {c.fix}" for _, c in left) + ".",
            )


# ---- GF007 / GF008 / GF009 ----------------------------------------------------------------------
def _venv_dirs(ctx: AuditContext) -> list[str]:
    if ctx.project is None:
        return []
    return [n for n in ctx.top_level if (ctx.project / n / "pyvenv.cfg").is_file()]


def _bulky(ctx: AuditContext) -> list[tuple[str, str, str]]:
    """(label, a path inside it to test, why it must stay out) for what must not reach the context."""
    found = [(".git", ".git/HEAD", "the repository history")]
    if ctx.is_node() or "node_modules" in ctx.top_level:
        found.append(("node_modules", "node_modules/x/index.js", "host-built dependencies (wrong OS/libc)"))
    venvs = _venv_dirs(ctx)
    if ctx.is_python() or venvs:
        for name in dict.fromkeys([".venv", "venv", *venvs]):
            found.append((name, f"{name}/pyvenv.cfg", "a local virtualenv"))
    return found


@rule(
    "GF007",
    "no-dockerignore",
    Severity.WARNING,
    "No .dockerignore",
    why="Without a .dockerignore, COPY . . takes everything in the folder: .git, node_modules or "
    "virtualenvs built for your machine, test data, editor files and .env secrets. The image "
    "grows, the cache breaks on every commit (.git changes), and secrets end up in layers.",
    fix="Add a .dockerignore beside the build context that excludes VCS data, dependency folders, "
    "virtualenvs, caches and secrets (genfile init writes one for this project).",
    tags=("size", "build-time", "security"),
)
def no_dockerignore(ctx: AuditContext) -> Iterator[Hit]:
    if ctx.ignore is not None:
        return
    copies = ctx.context_copies()
    if not copies:
        return
    copy = next((c for c in copies if ctx.whole_context(c)), copies[0])
    present = [label for label, _, _ in _bulky(ctx) if ctx.exists(label)]
    present += [n for n in ctx.top_level if n.startswith(".env") and n not in present]
    listed = f" (here: {', '.join(present)})" if present else ""
    yield Hit(
        f"no {ctx.ignore_path.name}: {_quote(copy.original, 40)} sends the whole folder{listed}",
        copy.line,
        copy.end_line,
    )


@rule(
    "GF008",
    "dockerignore-gaps",
    Severity.WARNING,
    ".dockerignore lets bulky or private files in",
    why="What the .dockerignore does not exclude is sent to the builder and, with COPY . ., baked "
    "into the image: .git (history, sometimes credentials in its config), node_modules or "
    "virtualenvs built for another OS, and .env files full of secrets. It also breaks the layer "
    "cache whenever one of them changes.",
    fix="Add the missing patterns to .dockerignore (for example .git, **/node_modules, .venv, venv, "
    "**/.env, **/.env.*).",
    tags=("size", "security"),
)
def dockerignore_gaps(ctx: AuditContext) -> Iterator[Hit]:
    ignore = ctx.ignore
    if ignore is None:
        return
    candidates = _bulky(ctx)
    # An existing .env that COPY . . bakes into the image is GF009's (an error); otherwise the
    # gap is reported here.
    if not (ctx.whole_context_copies() and any(n.startswith(".env") for n in ctx.top_level)):
        candidates += [(".env", ".env", "secrets"), (".env.*", ".env.production", "secrets")]
    for label, probe, what in candidates:
        excluded, decider = ignore.deciding(probe)
        if excluded:
            continue
        reason = (
            f"line {decider.line} (!{decider.text}) lets it back in" if decider else "no pattern excludes it"
        )
        yield Hit(
            f"{label} ({what}) reaches the build context: {reason}",
            decider.line if decider else None,
            file=ctx.ignore_path,
            fix=f"Add `{_pattern_for(label)}` to {ctx.ignore_path.name}"
            + (f" and remove the `!{decider.text}` line." if decider else "."),
        )


def _pattern_for(label: str) -> str:
    return {"node_modules": "**/node_modules", ".env": "**/.env", ".env.*": "**/.env.*"}.get(label, label)


def _secret_name(path: str) -> bool:
    name = path.rstrip("/").rsplit("/", 1)[-1]
    if name.endswith((".example", ".sample", ".template", ".dist")):
        return False
    return any(fnmatch.fnmatch(name, p) for p in secrets.SECRET_PATTERNS)


@rule(
    "GF009",
    "secret-files-in-image",
    Severity.ERROR,
    "Secret files are copied into the image",
    why="Anything COPY puts in a layer stays in the image for good, even if a later step deletes it: "
    "whoever can pull the image can read the keys and passwords in it.",
    fix="Exclude the files in .dockerignore (**/.env, **/*.pem, ...) and give secrets at run time "
    "(docker run --env-file, a secrets manager) or, for the build, with RUN --mount=type=secret.",
    tags=("security",),
)
def secret_files(ctx: AuditContext) -> Iterator[Hit]:
    for instruction in ctx.context_copies():
        named = [s for s in ctx.sources(instruction) if _secret_name(s)]
        if named:
            yield Hit(
                f"{_quote(instruction.original, 50)} copies {', '.join(named)} into the image",
                instruction.line,
            )
    whole = ctx.whole_context_copies()
    if not whole or ctx.project is None:
        return
    ignore = ctx.ignore
    leaked = [p for p in secrets.find_secrets(Repo(ctx.project)) if ignore is None or not ignore.excludes(p)]
    if leaked:
        patterns = ", ".join(sorted({_pattern_for_secret(p) for p in leaked}))
        shown = ", ".join(leaked[:5]) + (f" and {len(leaked) - 5} more" if len(leaked) > 5 else "")
        yield Hit(
            f"{_quote(whole[0].original, 40)} copies {shown} into the image"
            + ("" if ignore else f" (there is no {ctx.ignore_path.name})"),
            whole[0].line,
            fix=f"Exclude them in {ctx.ignore_path.name} ({patterns}) and pass secrets at run time or "
            "with RUN --mount=type=secret.",
        )


def _pattern_for_secret(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    pattern = next((p for p in secrets.SECRET_PATTERNS if fnmatch.fnmatch(name, p)), name)
    return f"**/{pattern}"


# ---- GF010 ------------------------------------------------------------------------------------
# BuildKit's own SecretsUsedInArgOrEnv tokens (whole words of the name), with its allow-list.
_SECRET_KEY = re.compile(
    r"(?:_|^)(?:apikey|auth|credential|credentials|key|password|pword|passwd|secret|token)(?:_|$)", re.I
)
_NOT_SECRET = re.compile(r"(?:_|^)(?:public|file|path|dir|version|url)(?:_|$)", re.I)
_SECRET_VALUE = re.compile(
    r"AKIA[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,}|xox[baprs]-[A-Za-z0-9-]{10,}"
    r"|sk_live_[A-Za-z0-9]{16,}|AIza[0-9A-Za-z_-]{35}|-----BEGIN [A-Z ]*PRIVATE KEY-----|npm_[A-Za-z0-9]{36}"
)


def _pairs(instruction: Instruction) -> list[tuple[str, str | None]]:
    if instruction.cmd == "ARG":
        return [(k, v if eq else None) for k, eq, v in (a.partition("=") for a in instruction.args)]
    args = instruction.args
    return [(args[i], args[i + 1]) for i in range(0, len(args) - 1, 2)]


@rule(
    "GF010",
    "secret-in-env-or-arg",
    Severity.ERROR,
    "Secret passed with ENV or ARG",
    why="ENV values are stored in the image config (docker inspect shows them) and ARG values in the "
    "build history and provenance of the image; both are readable by anyone who can pull it, "
    "and a literal value is also in your repository.",
    fix="Use a build secret for build steps: RUN --mount=type=secret,id=token,env=TOKEN <command> with "
    "docker build --secret id=token,env=TOKEN; give runtime secrets with docker run -e/--env-file or "
    "a secrets manager, never in the image.",
    tags=("security",),
)
def secret_env(ctx: AuditContext) -> Iterator[Hit]:
    for instruction in ctx.dockerfile.instructions:
        if instruction.cmd not in ("ARG", "ENV"):
            continue
        for key, value in _pairs(instruction):
            named = bool(_SECRET_KEY.search(key)) and not _NOT_SECRET.search(key)
            looks = bool(value and _SECRET_VALUE.search(value))
            if not (named or looks):
                continue
            literal = value is not None and value.strip("\"'") != "" and not value.startswith("$")
            where = "the image config" if instruction.cmd == "ENV" else "the build history"
            what = "a secret's name" if named else "a value shaped like a credential"
            yield Hit(
                f"{instruction.cmd} {key} is {what}"
                + (", with a literal value in the Dockerfile" if literal else "")
                + f": it ends up in {where}",
                instruction.line,
                instruction.end_line,
            )


# ---- GF011 / GF012 ----------------------------------------------------------------------------
_ARCHIVE = re.compile(r"\.(tar|tgz|tbz2?|txz|tar\.(gz|bz2|xz|zst|lz4))$", re.I)


@rule(
    "GF011",
    "add-remote-url",
    Severity.WARNING,
    "ADD downloads a URL without a checksum",
    why="ADD <url> trusts whatever the server returns (nothing checks it), re-downloads on every "
    "build, and, contrary to what many expect, does not unpack a remote archive: the tarball "
    "itself is stored in a layer.",
    fix="Pin the content: ADD --checksum=sha256:<digest> <url> <dest>, or download in a RUN step, "
    "check the SHA-256 and unpack/remove the archive in that same step.",
    tags=("security", "reliability"),
)
def add_remote(ctx: AuditContext) -> Iterator[Hit]:
    for instruction in ctx.dockerfile.instructions:
        if instruction.cmd != "ADD" or instruction.has_flag("checksum"):
            continue
        for source in ctx.sources(instruction):
            if "://" in source or source.startswith("git@"):
                archive = (
                    " (a remote archive: ADD stores it, it does not unpack it)"
                    if _ARCHIVE.search(source.split("?")[0])
                    else ""
                )
                yield Hit(f"ADD {source} is not verified{archive}", instruction.line, instruction.end_line)
                break


@rule(
    "GF012",
    "add-instead-of-copy",
    Severity.INFO,
    "ADD where COPY fits",
    why="ADD does more than copy: it unpacks local archives and fetches URLs. For plain files that "
    "magic is a trap (rename a file to .tar.gz and the step silently changes meaning); COPY says "
    "exactly what happens.",
    fix="Use COPY for files and folders. To unpack an archive, say so: COPY it, or RUN "
    "--mount=type=bind,source=<archive>,target=/tmp/a tar -xf /tmp/a -C <dest>.",
    tags=("clarity",),
)
def add_instead_of_copy(ctx: AuditContext) -> Iterator[Hit]:
    for instruction in ctx.dockerfile.instructions:
        if instruction.cmd != "ADD" or not ctx.from_context(instruction):
            continue
        sources = ctx.sources(instruction)
        archives = [s for s in sources if _ARCHIVE.search(s)]
        if archives:
            message = f"ADD unpacks {', '.join(archives)} implicitly"
            fix = (
                "If you need the archive itself, use COPY; if unpacking is the point, make it explicit "
                f"with RUN --mount=type=bind,source={archives[0]},target=/tmp/archive "
                f"tar -xf /tmp/archive -C {instruction.args[-1]} (nothing of the archive stays in a layer)."
            )
        else:
            message = f"{_quote(instruction.original, 50)} only copies files"
            fix = f"Use {_quote('COPY' + instruction.original[3:], 60)}."
        yield Hit(message, instruction.line, instruction.end_line, fix=fix)


# ---- GF013 ------------------------------------------------------------------------------------
_SHELL_SYNTAX = re.compile(r"[$`|&;<>(){}*?~]|\b(if|for|while)\b")


@rule(
    "GF013",
    "shell-form-start",
    Severity.WARNING,
    "Shell-form CMD or ENTRYPOINT",
    why='In shell form Docker runs /bin/sh -c "...": the shell is PID 1 and does not pass SIGTERM on, '
    "so `docker stop` and every rolling deploy wait 10 seconds and then kill the app mid-request. "
    "Images without a shell (distroless, scratch) cannot start it at all.",
    fix='Use the exec form, a JSON array: CMD ["gunicorn", "--bind", "0.0.0.0:8000", "app:app"].',
    tags=("reliability",),
)
def shell_form(ctx: AuditContext) -> Iterator[Hit]:
    _, ref = ctx.base_of(ctx.dockerfile.final)
    for instruction in ctx.start:
        if instruction is None or instruction.json or not instruction.args:
            continue
        command = instruction.args[0].strip()
        if re.match(r"exec\s", command):
            continue
        no_shell = ref.has_shell() is False
        message = f"{_quote(instruction.original)} runs under /bin/sh -c, which swallows SIGTERM"
        if no_shell:
            message = (
                f"{_quote(instruction.original)} needs /bin/sh, and {ref.raw} has none: "
                "the container cannot start"
            )
        if _runner_script(_split_words(command)) is not None:
            fix = "Use the exec form, with the real process rather than npm/yarn (see GF014)."
        elif re.search(r"&&|\|\||;|\|", command):
            fix = (
                "It runs several commands: move them to a script that ends with `exec <server>`, and "
                "run the script in exec form."
            )
        elif _SHELL_SYNTAX.search(command):
            fix = (
                "It needs the shell: start it with exec so the server replaces the shell: "
                f"{instruction.cmd} exec {command}."
            )
        else:
            words = command.split()
            fix = f"{instruction.cmd} {json.dumps(words)}"
            fix = f"Use the exec form: {fix}."
        yield Hit(message, instruction.line, instruction.end_line, fix=fix)


# ---- GF014 ------------------------------------------------------------------------------------
_RUNNERS = ("npm", "npx", "yarn", "pnpm")


def _runner_script(words: list[str]) -> tuple[int, str] | None:
    """Position of npm/yarn/pnpm in the process words, and the script it runs."""
    for index, word in enumerate(words):
        if word.rsplit("/", 1)[-1] not in _RUNNERS:
            continue
        rest = [w for w in words[index + 1 :] if not w.startswith("-")]
        if not rest:
            return index, "install" if word == "yarn" else ""
        if rest[0] in ("run", "run-script") and len(rest) > 1:
            return index, rest[1]
        return index, rest[0]
    return None


def _split_words(text: str) -> list[str]:
    try:
        return shlex.split(text)
    except ValueError:
        return text.split()


def _exec_form(script: str) -> str | None:
    """``node src/server.js`` → ``["node", "src/server.js"]``; None when it needs a shell."""
    if not script or _SHELL_SYNTAX.search(script) or re.match(r"[A-Za-z_][A-Za-z0-9_]*=", script):
        return None
    words = script.split()
    if words[0] in _RUNNERS:
        return None
    return json.dumps(words)


@rule(
    "GF014",
    "npm-as-process",
    Severity.WARNING,
    "npm (or yarn/pnpm) runs the app",
    why="npm start makes npm the container's main process and your app its child: npm costs memory, "
    "runs the script through a shell, and does not reliably pass SIGTERM on, so the app is killed "
    "instead of shutting down cleanly; npm's own notices and errors also land in your logs.",
    fix='Run the command the script runs, directly and in exec form, e.g. CMD ["node", "server.js"].',
    tags=("reliability",),
)
def npm_process(ctx: AuditContext) -> Iterator[Hit]:
    found = _runner_script(ctx.start_words())
    if found is None:
        return
    index, script = found
    words = ctx.start_words()
    shown = " ".join(w for w in words[index:] if not w.startswith("-"))
    command = ctx.package_scripts().get(script, "")
    target = _exec_form(command) or (ctx.planned_command() if ctx.ecosystem == "node" else None)
    fix = ""
    if target:
        where = (
            f' (scripts.{script} in package.json: "{command}")'
            if _exec_form(command)
            else " (what genfile detects)"
        )
        fix = f"Run it directly: CMD {target}{where}."
    yield Hit(f"{_quote(shown)} is the container's process", ctx.start_line(), fix=fix)


# ---- GF015 ------------------------------------------------------------------------------------
@rule(
    "GF015",
    "port-not-exposed",
    Severity.INFO,
    "Server port not exposed",
    why="EXPOSE publishes nothing by itself, but it is how an image says which port its server "
    "listens on: docker run -P, compose, and people reading the Dockerfile rely on it.",
    fix="Add EXPOSE <port> to the final stage, before CMD.",
    tags=("clarity",),
)
def port_not_exposed(ctx: AuditContext) -> Iterator[Hit]:
    plan = ctx.plan
    if plan is None or plan.port is None or ctx.exposed():
        return
    evidence = plan.source("port")
    framework = ctx.detection.fact("framework") if ctx.detection else None
    server = f"a {framework.value} server" if framework else f"a {plan.ecosystem} server"
    where = f" ({evidence.where()})" if evidence.file else " (genfile's default for it)"
    yield Hit(
        f"{server} listens on port {plan.port}{where}, and the final stage has no EXPOSE",
        ctx.start_line(),
        fix=f"Add EXPOSE {plan.port} before CMD.",
    )


# ---- GF016 ------------------------------------------------------------------------------------
_DEV_SERVERS = (
    (re.compile(r"\bflask\b.*\brun\b"), "Flask's development server (flask run)"),
    (re.compile(r"\brunserver\b"), "Django's development server (runserver)"),
    (re.compile(r"--reload\b"), "an auto-reloading server (--reload)"),
    (re.compile(r"\b(nodemon|ts-node-dev|webpack-dev-server)\b"), "a file-watching development server"),
    (re.compile(r"\b(next|nuxt|remix|astro)\s+dev\b"), "the framework's development server (dev)"),
    (re.compile(r"\bvite$|\bvite\s+(dev|serve|preview|--)"), "Vite's development server"),
    (re.compile(r"\bng\s+serve\b|\breact-scripts\s+start\b|\bwebpack\s+serve\b"), "a development server"),
    (re.compile(r"\bphp\s+-S\b"), "PHP's built-in development server"),
)


def _dev_server(text: str) -> str | None:
    return next((what for pattern, what in _DEV_SERVERS if pattern.search(text)), None)


def _flask_script(ctx: AuditContext, words: list[str]) -> str | None:
    """``python app.py`` where app.py starts Flask's built-in server (app.run)."""
    for index, word in enumerate(words[:-1]):
        if re.fullmatch(r"python[\d.]*", word.rsplit("/", 1)[-1]) and words[index + 1].endswith(".py"):
            script = words[index + 1]
            for rel in dict.fromkeys(
                [script.removeprefix("./"), re.sub(r"^/(app|usr/src/app|code|srv)/", "", script)]
            ):
                text = ctx.read(rel)
                if text and re.search(r"\bFlask\(", text) and re.search(r"\.run\(", text):
                    return f"Flask's development server ({rel} calls app.run)"
    return None


@rule(
    "GF016",
    "development-server",
    Severity.WARNING,
    "Development server as the container's process",
    why="Development servers (flask run / app.run, manage.py runserver, --reload, next dev, vite) "
    "serve one request at a time or watch files, are not hardened, and their own docs say not "
    "to use them in production.",
    fix="Run a production server (gunicorn or uvicorn for Python, the built output with node for "
    "JavaScript, nginx for a static site).",
    tags=("reliability", "security"),
)
def development_server(ctx: AuditContext) -> Iterator[Hit]:
    words = ctx.start_words()
    if not words:
        return
    what = _dev_server(" ".join(words)) or _flask_script(ctx, words)
    found = _runner_script(words)
    if what is None and found is not None:
        script = ctx.package_scripts().get(found[1], "")
        inner = _dev_server(script)
        if inner:
            what = f'{inner}, via scripts.{found[1]} "{script}"'
        elif found[1] == "dev":
            what = "the project's dev script"
    if what is None:
        return
    planned = ctx.planned_command()
    fix = ""
    if planned and ctx.plan is not None:
        fix = f"Run a production server: CMD {planned} (what genfile detects for this project)."
        server = ctx.plan.start_command[0]
        if ctx.detection and any(server in w and "not a dependency" in w for w in ctx.detection.warnings):
            fix += f" {server} is not among the project's dependencies yet: add it."
    entrypoint, cmd = ctx.start
    chosen = cmd or entrypoint
    shown = chosen.original if chosen else " ".join(words)
    yield Hit(f"{_quote(shown)} starts {what}", ctx.start_line(), fix=fix)
