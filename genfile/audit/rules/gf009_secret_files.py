"""GF009: secret files (.env, keys, certificates) copied into the image.

What is a secret is decided by :mod:`genfile.secrets`, the same list and the same test
(:func:`genfile.secrets.find_secrets`: a name or path in the list, not an ``.example``, a
``.yarnrc`` only when it holds a token) that every .dockerignore ``genfile init`` writes is
made from, so the audit never reports a file init's .dockerignore keeps out, and everything
it reports, init's .dockerignore keeps out.
"""

from __future__ import annotations

import fnmatch
import posixpath
from collections.abc import Iterator

from genfile import secrets
from genfile.audit.context import AuditContext
from genfile.audit.finding import Severity
from genfile.audit.rules.base import Hit, quote, rule
from genfile.repo import Repo


def _found(ctx: AuditContext) -> list[str]:
    """The project's secret files (relative paths), found once per audit."""
    key = ("gf009-secrets",)
    if key not in ctx._memo:
        ctx._memo[key] = secrets.find_secrets(Repo(ctx.project)) if ctx.project is not None else []
    found: list[str] = ctx._memo[key]
    return found


def _named_secret(ctx: AuditContext, source: str) -> bool:
    """A COPY source naming a secret file itself (``COPY .env .``, ``COPY .kube/config``), by the
    test :func:`genfile.secrets.find_secrets` applies to each file: in the list, not an
    ``.example``, and a ``.yarnrc``/``bunfig.toml`` only when the project's holds a token."""
    path = posixpath.normpath(source.lstrip("/")).removeprefix("./")
    name = path.rsplit("/", 1)[-1]
    if path in ("", ".") or not secrets.is_secret(path) or name.endswith(secrets._NOT_SECRET_SUFFIXES):
        return False
    if name in secrets.CONDITIONAL:
        text = ctx.read(path)
        return text is None or secrets.holds_credential(text)  # unreadable: a secret, to be safe
    return True


def _inside(ctx: AuditContext, source: str) -> list[str]:
    """The secret files inside a folder a COPY sends (``COPY config/ /etc/app/``)."""
    path = posixpath.normpath(source.lstrip("/")).removeprefix("./")
    if ctx.project is None or path in ("", ".") or not (ctx.project / path).is_dir():
        return []
    return [f for f in _found(ctx) if f.startswith(path + "/")]


def _kept_out(ctx: AuditContext, paths: list[str]) -> list[str]:
    """``paths`` less those the .dockerignore excludes (they never reach the builder)."""
    if ctx.ignore is None or not paths:
        return paths
    decisions = ctx.ignore.deciding_all(paths)
    return [path for path, (excluded, _) in zip(paths, decisions) if not excluded]


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
        if ctx.whole_context(instruction):
            continue
        sources = ctx.sources(instruction)
        named = _kept_out(ctx, [s for s in sources if _named_secret(ctx, s)])
        inside = _kept_out(ctx, [f for s in sources if not _named_secret(ctx, s) for f in _inside(ctx, s)])
        if named or inside:
            yield Hit(
                f"{quote(instruction.original, 50)} copies {', '.join([*named, *inside][:5])} into the image",
                instruction.line,
            )
    whole = ctx.whole_context_copies()
    if not whole or ctx.project is None:
        return
    ignore = ctx.ignore
    leaked = _kept_out(ctx, _found(ctx))
    if leaked:
        patterns = ", ".join(sorted({_pattern_for_secret(p) for p in leaked}))
        shown = ", ".join(leaked[:5]) + (f" and {len(leaked) - 5} more" if len(leaked) > 5 else "")
        yield Hit(
            f"{quote(whole[0].original, 40)} copies {shown} into the image"
            + ("" if ignore else f" (there is no {ctx.ignore_path.name})"),
            whole[0].line,
            fix=f"Exclude them in {ctx.ignore_path.name} ({patterns}) and pass secrets at run time or "
            "with RUN --mount=type=secret.",
        )


def _pattern_for_secret(path: str) -> str:
    """The pattern of genfile's .dockerignore that keeps ``path`` out (``**/<pattern>``)."""
    for pattern in secrets.SECRET_PATTERNS:
        if "/" in pattern:
            if path == pattern or path.endswith("/" + pattern):
                return f"**/{pattern}"
        elif any(fnmatch.fnmatch(part, pattern) for part in path.split("/")):
            return f"**/{pattern}"
    return f"**/{path.rsplit('/', 1)[-1]}"
