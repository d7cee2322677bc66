"""GF015: the server's port (from detection) has no EXPOSE."""

from __future__ import annotations

from collections.abc import Iterator

from genfile.audit.context import AuditContext
from genfile.audit.finding import Severity
from genfile.audit.rules.base import Hit, rule


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
