"""GF002: the final stage starts from a full (not slim) official image."""

from __future__ import annotations

from collections.abc import Iterator

from genfile.audit.context import AuditContext
from genfile.audit.finding import Severity
from genfile.audit.images import COMPILER_IMAGES, TOOLCHAIN_IMAGES
from genfile.audit.rules.base import Hit, rule


@rule(
    "GF002",
    "full-base-image",
    Severity.WARNING,
    "Full base image in the final stage",
    why="The default tags of the official language images are full Debian with compilers, headers "
    "and hundreds of packages the app never uses: about 1 GB (python:3.11 is 1.01 GB, "
    "python:3.11-slim 131 MB). Every extra package is download time and CVEs to triage.",
    fix="Start the final stage from the -slim or -alpine variant (or distroless for compiled "
    "programs); if a dependency needs a compiler, use the full image in a build stage only.",
    tags=("size", "security"),
)
def full_base(ctx: AuditContext) -> Iterator[Hit]:
    first, ref = ctx.base_of(ctx.dockerfile.final)
    if not ref.full():
        return
    if ref.official in TOOLCHAIN_IMAGES:
        what = "a whole build toolchain on full Debian"
    elif ref.official in COMPILER_IMAGES:
        what = "full Debian with compilers and headers"
    else:
        what = "the full image, with docs, locales and tools the slim one leaves out"
    yield Hit(
        f"the final image starts from {ref.raw}: {what}",
        first.line,
        fix=f"Start the final stage from {ref.smaller()}; keep {ref.raw}, if you need it, for a build "
        "stage only.",
    )
