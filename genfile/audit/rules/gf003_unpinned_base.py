"""GF003: a base image without a version (no tag, or :latest)."""

from __future__ import annotations

from collections.abc import Iterator

from genfile.audit.context import AuditContext
from genfile.audit.finding import Severity
from genfile.audit.images import ImageRef
from genfile.audit.rules.base import Hit, rule


@rule(
    "GF003",
    "unpinned-base-image",
    Severity.WARNING,
    "Base image without a version (latest)",
    why="`latest` (or no tag, which means latest) moves: the next build silently picks up a new "
    "major version of the language or OS, so the same Dockerfile builds a different image "
    "tomorrow and a working build can break without any change on your side.",
    fix="Pin the version your project runs on, e.g. python:3.12-slim or node:22-alpine (and a "
    "digest, @sha256:..., if you need byte-for-byte reproducible builds).",
    tags=("reliability", "security"),
)
def unpinned_base(ctx: AuditContext) -> Iterator[Hit]:
    for stage in ctx.dockerfile.stages:
        if stage.parent is not None:
            continue
        ref = ImageRef.parse(stage.image)
        if ref.unknown or ref.scratch or ref.digest:
            continue
        if ref.tag is None or ref.tag == "latest":
            spelled = (
                f"{stage.image} has no tag, which means :latest" if ref.tag is None else f"{stage.image}"
            )
            fix = ""
            if ctx.plan is not None and ImageRef.parse(ctx.plan.base_image).official == ref.official:
                fix = f"Pin the version: FROM {ctx.plan.base_image} (what genfile picks for this project)."
            yield Hit(f"FROM {spelled}: the base changes under you", stage.line, fix=fix)
