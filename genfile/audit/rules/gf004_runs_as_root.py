"""GF004: no USER, or USER root: the container runs as root."""

from __future__ import annotations

from collections.abc import Iterator

from genfile.audit.context import AuditContext
from genfile.audit.finding import Severity
from genfile.audit.images import ImageRef
from genfile.audit.rules.base import Hit, quote, rule


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
            f"no USER instruction: {quote(process)} runs as root ({default})",
            ctx.start_line(),
            fix=_user_fix(ctx, ref),
        )
        return
    name = user.args[0].split(":")[0] if user.args else ""
    if name in ("root", "0"):
        yield Hit(
            f"{quote(user.original)} is the last USER: the container runs as root",
            user.line,
            fix=_user_fix(ctx, ref),
        )
