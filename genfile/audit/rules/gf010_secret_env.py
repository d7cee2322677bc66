"""GF010: a secret passed with ENV or ARG (by its name or by a value shaped like a credential)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from genfile.audit.context import AuditContext
from genfile.audit.finding import Severity
from genfile.audit.parse import Instruction
from genfile.audit.rules.base import Hit, rule

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
