"""GF006: a package manager's download cache stays in an image layer."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from genfile.audit import shell
from genfile.audit.context import AuditContext
from genfile.audit.finding import Severity
from genfile.audit.rules.base import Hit, final_runs, quote, rule


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
    for stage, instruction in final_runs(ctx):
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
                "; ".join(f"{quote(i.text(), 50)} keeps {c.where} in this layer" for i, c in left),
                instruction.line,
                instruction.end_line,
                fix="; ".join(f"{c.tool}: {c.fix}" for _, c in left) + ".",
            )
