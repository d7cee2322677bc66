"""GF009: secret files (.env, keys, certificates) copied into the image."""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator

from genfile import secrets
from genfile.audit.context import AuditContext
from genfile.audit.finding import Severity
from genfile.audit.rules.base import Hit, quote, rule
from genfile.repo import Repo


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
                f"{quote(instruction.original, 50)} copies {', '.join(named)} into the image",
                instruction.line,
            )
    whole = ctx.whole_context_copies()
    if not whole or ctx.project is None:
        return
    ignore = ctx.ignore
    found = secrets.find_secrets(Repo(ctx.project))
    kept_out = ignore.deciding_all(found) if ignore is not None else [(False, None)] * len(found)
    leaked = [path for path, (excluded, _) in zip(found, kept_out) if not excluded]
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
    name = path.rsplit("/", 1)[-1]
    pattern = next((p for p in secrets.SECRET_PATTERNS if fnmatch.fnmatch(name, p)), name)
    return f"**/{pattern}"
