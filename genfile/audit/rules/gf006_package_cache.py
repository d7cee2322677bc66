"""GF006: a package manager's download cache stays in an image layer."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from genfile.audit import shell
from genfile.audit.context import AuditContext
from genfile.audit.finding import Severity
from genfile.audit.rules.base import Hit, followed_by, quote, rule

Check = Callable[[str], bool]
_RM = re.compile(r"rm\s+-\S*\s+")
_WORD = re.compile(r"\S+")
_PIP = re.compile(r"pip\d*\Z")


def _found(pattern: str) -> Check:
    """The script matches ``pattern`` (one without backtracking worth the name)."""
    search = re.compile(pattern).search
    return lambda script: search(script) is not None


def _removed(path: str) -> Check:
    """``rm -<flags> ... <path>`` on one line: ``rm\\s+-\\S*\\s+.*<path>``, in linear time (the
    regular expression backtracks over the rest of the line at every ``rm -``)."""
    then = re.compile(path)
    return lambda script: followed_by(_RM, then, script)


def _go_cleaned(script: str) -> bool:
    """``go\\s+clean\\s+.*-(mod)?cache``, in linear time."""
    return followed_by(_GO_CLEAN, _GO_CACHE, script)


_GO_CLEAN = re.compile(r"go\s+clean\s+")
_GO_CACHE = re.compile(r"-(mod)?cache")


def _pip_purged(script: str) -> bool:
    """``pip\\d*(\\s+-\\S+)*\\s+cache\\s+purge`` read on whitespace-separated words, in one pass
    (the regular expression retries the run of flags from every "pip" in it): a word ending
    in pip and digits, words of two characters or more starting with "-", the word "cache",
    then a word starting with "purge"."""
    words = _WORD.findall(script)
    after = len(words)  # the first word at or after this index that is not such a flag
    for index in range(len(words) - 1, -1, -1):
        word = words[index]
        if (
            _PIP.search(word)
            and after + 1 < len(words)
            and words[after] == "cache"
            and words[after + 1].startswith("purge")
        ):
            return True
        if not (word.startswith("-") and len(word) >= 2):
            after = index
    return False


@dataclass(frozen=True)
class _Cache:
    tool: str
    subs: tuple[str, ...]
    where: str
    mount: str  # regex over cache mount targets that cover it
    cleaned: tuple[Check, ...]  # the cache removed in the same step: its clean command, an rm
    off: tuple[str, ...] = ()  # options that disable the cache
    env: tuple[str, ...] = ()  # variables that disable it
    fix: str = ""

    def clean_in(self, script: str) -> bool:
        return any(check(script) for check in self.cleaned)


_CACHES = (
    _Cache(
        "pip",
        ("install", "wheel", "download"),
        "pip's download cache (/root/.cache/pip)",
        r"(^|/)\.cache(/pip)?/?$|pip",
        (_pip_purged, _removed(r"\.cache(/pip)?(\s|/|$)")),
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
        (_found(r"uv\s+cache\s+(clean|prune)"), _removed(r"\.cache(/uv)?(\s|/|$)")),
        ("--no-cache",),
        ("UV_NO_CACHE",),
        "RUN --mount=type=cache,target=/root/.cache/uv uv sync ..., or uv ... --no-cache",
    ),
    _Cache(
        "poetry",
        ("install",),
        "Poetry's cache (/root/.cache/pypoetry)",
        r"(^|/)\.cache/?$|pypoetry",
        (_removed(r"(pypoetry|\.cache)(\s|/|$)"),),
        ("--no-cache",),
        ("POETRY_NO_CACHE",),
        "RUN --mount=type=cache,target=/root/.cache/pypoetry poetry install ...",
    ),
    _Cache(
        "npm",
        ("ci", "install", "i", "add"),
        "npm's cache (/root/.npm)",
        r"\.npm|npm",
        (_found(r"npm\s+cache\s+clean"), _removed(r"\.npm(\s|/|$)")),
        fix="RUN --mount=type=cache,target=/root/.npm npm ci ..., or add && npm cache clean --force",
    ),
    _Cache(
        "yarn",
        ("install", "add"),
        "yarn's cache (/usr/local/share/.cache/yarn)",
        r"yarn|(^|/)\.cache/?$",
        (_found(r"yarn\s+cache\s+clean"), _removed("yarn")),
        fix="RUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install ..., or add && "
        "yarn cache clean",
    ),
    _Cache(
        "pnpm",
        ("install", "i", "add"),
        "pnpm's store",
        r"pnpm",
        (_found(r"pnpm\s+store\s+prune"), _removed("pnpm")),
        fix="RUN --mount=type=cache,target=/pnpm/store pnpm install --store-dir /pnpm/store ...",
    ),
    _Cache(
        "apt-get",
        ("update",),
        "the apt package lists (/var/lib/apt/lists, about 40 MB)",
        r"^/var/(lib|cache)/apt",
        (_removed("/var/lib/apt/lists"),),
        fix="end the same RUN with && rm -rf /var/lib/apt/lists/* (or mount /var/lib/apt and "
        "/var/cache/apt as caches)",
    ),
    _Cache(
        "apk",
        ("add",),
        "apk's package cache (/var/cache/apk)",
        r"^/var/cache/apk|^/etc/apk/cache",
        (_removed("/var/cache/apk"),),
        ("--no-cache",),
        fix="apk add --no-cache ...",
    ),
    *(
        _Cache(
            tool,
            ("install", "update", "upgrade"),
            f"{tool}'s package cache (/var/cache/{tool.removeprefix('micro')})",
            r"^/var/cache/(yum|dnf)",
            (_found(rf"{tool}\s+clean\s+all"), _removed("/var/cache/(yum|dnf)")),
            fix=f"end the same RUN with && {tool} clean all",
        )
        for tool in ("yum", "dnf", "microdnf")
    ),
    _Cache(
        "go",
        ("build", "install", "mod download", "get"),
        "Go's module and build caches (/go/pkg/mod, /root/.cache/go-build)",
        r"go-build|/go/pkg/mod|(^|/)\.cache/?$",
        (_go_cleaned,),
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
    env: dict[str, str] = {}  # set by ENV so far along the final image's stages
    for _, instruction in ctx.final_instructions():
        if instruction.cmd == "ENV":
            pairs = instruction.args
            for index in range(0, len(pairs) - 1, 2):
                env[pairs[index]] = pairs[index + 1].strip("\"'")
            continue
        if instruction.cmd != "RUN":
            continue
        script = instruction.script
        targets = instruction.cache_targets()
        left: list[tuple[shell.Invocation, _Cache]] = []
        for invocation in ctx.invocations(instruction):
            cache = next((c for c in _CACHES if c.tool == invocation.tool and invocation.sub in c.subs), None)
            if cache is None or any(c is cache for _, c in left):
                continue
            if (
                (cache.off and invocation.has(*cache.off))
                or any(v in env or v in invocation.env for v in cache.env)
                or any(re.search(cache.mount, t) for t in targets)
                or cache.clean_in(script)
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
