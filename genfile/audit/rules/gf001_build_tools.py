"""GF001: build tools (a toolchain base, a build step, build packages) left in the final image."""

from __future__ import annotations

from collections.abc import Iterator

from genfile.audit import shell
from genfile.audit.context import AuditContext
from genfile.audit.finding import Severity
from genfile.audit.rules.base import Hit, final_runs, quote, rule

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
        for _, instruction in final_runs(ctx):
            step = next(
                (
                    i
                    for i in ctx.invocations(instruction)
                    if (i.tool, i.sub) in _BUILD_STEPS and not (i.sub == "run" and i.args[:1] == ("start",))
                ),
                None,
            )
            if step is not None:
                yield Hit(
                    f"{quote(step.text())} builds in the only stage: the toolchain and development "
                    "dependencies it needed stay in the image you run",
                    instruction.line,
                    instruction.end_line,
                )
                break
    for _, instruction in final_runs(ctx):
        calls = ctx.invocations(instruction)
        removed = shell.removed_by(calls)
        for invocation in calls:
            virtual = shell.apk_virtual(invocation)
            if virtual and virtual in removed:
                continue
            kept = [p for p in shell.build_packages(invocation) if p not in removed]
            if kept:
                yield Hit(
                    f"{quote(invocation.text())} installs {', '.join(kept)} into the final image, "
                    f"and nothing removes {'it' if len(kept) == 1 else 'them'}",
                    instruction.line,
                    instruction.end_line,
                    fix="Install build packages in a build stage and copy only the result; or, in a "
                    "single RUN, install them, build, and remove them again (apk add --virtual "
                    ".build-deps ... && ... && apk del .build-deps).",
                )
