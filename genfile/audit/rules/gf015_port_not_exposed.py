"""GF015: the server's port has no EXPOSE. The port is the one the container's own command
says (``--port``, ``--bind``), else the server's upstream default (``flask run``: 5000, from
:mod:`genfile.servers`, which ``genfile init --cmd`` also uses), else what genfile detects."""

from __future__ import annotations

from collections.abc import Iterator

from genfile import servers
from genfile.audit.context import AuditContext
from genfile.audit.finding import Severity
from genfile.audit.rules.base import Hit, quote, rule
from genfile.audit.rules.process import program_words


def _from_command(ctx: AuditContext) -> tuple[int, str] | None:
    """The port the start command listens on, and why: stated in it, read from ``ENV PORT``
    by a server that follows $PORT, or the server's default."""
    words = program_words(ctx.start_words())
    if not words:
        return None
    shown = quote(" ".join(words))
    stated = servers.stated_port(words)
    if stated is not None:
        return stated, f"{shown} says so"
    if servers.reads_port(words):
        entrypoint, cmd = ctx.start
        target = cmd or entrypoint
        if target is not None:
            value = ctx.env_before(ctx.dockerfile.final, target).get("PORT", "")
            if value.isdigit() and 1 <= int(value) <= 65535:
                return int(value), f"{shown} reads ENV PORT={value}"
    default = servers.default_port(words)
    if default is not None:
        return default, f"{shown}'s own default"
    return None


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
    if plan is None or ctx.exposed():
        return
    framework = ctx.detection.fact("framework") if ctx.detection else None
    server = f"a {framework.value} server" if framework else f"a {plan.ecosystem} server"
    found = _from_command(ctx)
    if found is not None:
        port, where = found
        message = f"{server} listens on port {port} ({where}), and the final stage has no EXPOSE"
    elif plan.port is not None:
        port = plan.port
        evidence = plan.source("port")
        where = f" ({evidence.where()})" if evidence.file else " (genfile's default for it)"
        message = f"{server} listens on port {port}{where}, and the final stage has no EXPOSE"
    else:
        return
    yield Hit(message, ctx.start_line(), fix=f"Add EXPOSE {port} before CMD.")
