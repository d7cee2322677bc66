"""GF007 and GF008: no .dockerignore, or one that lets .git, dependency folders, virtualenvs
or .env files into the build context (both check the same list of what must stay out)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from genfile.audit.context import AuditContext
from genfile.audit.finding import Severity
from genfile.audit.rules.base import Hit, quote, rule


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
        f"no {ctx.ignore_path.name}: {quote(copy.original, 40)} sends the whole folder{listed}",
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
    envs = [n for n in ctx.top_level if n == ".env" or n.startswith(".env.")]
    if not (ctx.whole_context_copies() and envs):
        if ctx.project is None:
            candidates += [(".env", ".env", "secrets"), (".env.*", ".env.production", "secrets")]
        else:
            candidates += [(name, name, "secrets") for name in envs]
    if ctx.project is not None:
        # Only what is there leaks: a pattern for a folder the project does not have keeps
        # nothing out, and naming it would be advice with no effect.
        candidates = [c for c in candidates if ctx.exists(c[0])]
    decisions = ignore.deciding_all([probe for _, probe, _ in candidates])
    gaps: dict[tuple[str, int | None], list[tuple[str, str, Any]]] = {}
    for (label, _, what), (excluded, decider) in zip(candidates, decisions):
        if not excluded:
            key = (_pattern_for(label), decider.line if decider else None)
            gaps.setdefault(key, []).append((label, what, decider))
    for (pattern, line), leaks in gaps.items():  # each pattern once, with all it keeps out
        decider = leaks[0][2]
        reason = (
            f"line {decider.line} (!{decider.text}) lets it back in" if decider else "no pattern excludes it"
        )
        names = ", ".join(label for label, _, _ in leaks)
        yield Hit(
            f"{names} ({leaks[0][1]}) reaches the build context: {reason}",
            line,
            file=ctx.ignore_path,
            fix=f"Add `{pattern}` to {ctx.ignore_path.name}"
            + (f" and remove the `!{decider.text}` line." if decider else "."),
        )


def _pattern_for(label: str) -> str:
    if label == ".env":
        return "**/.env"
    if label.startswith(".env."):
        return "**/.env.*"
    return {"node_modules": "**/node_modules"}.get(label, label)
