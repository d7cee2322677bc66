"""GF011 and GF012, the two ways ADD surprises: a URL downloaded unchecked, and local files
where COPY says what happens (both need to know what an archive looks like)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from genfile.audit.context import AuditContext
from genfile.audit.finding import Severity
from genfile.audit.rules.base import Hit, quote, rule

_ARCHIVE = re.compile(r"\.(tar|tgz|tbz2?|txz|tar\.(gz|bz2|xz|zst|lz4))$", re.I)


@rule(
    "GF011",
    "add-remote-url",
    Severity.WARNING,
    "ADD downloads a URL without a checksum",
    why="ADD <url> trusts whatever the server returns (nothing checks it), re-downloads on every "
    "build, and, contrary to what many expect, does not unpack a remote archive: the tarball "
    "itself is stored in a layer.",
    fix="Pin the content: ADD --checksum=sha256:<digest> <url> <dest>, or download in a RUN step, "
    "check the SHA-256 and unpack/remove the archive in that same step.",
    tags=("security", "reliability"),
)
def add_remote(ctx: AuditContext) -> Iterator[Hit]:
    for instruction in ctx.dockerfile.instructions:
        if instruction.cmd != "ADD" or instruction.has_flag("checksum"):
            continue
        for source in ctx.sources(instruction):
            if "://" in source or source.startswith("git@"):
                archive = (
                    " (a remote archive: ADD stores it, it does not unpack it)"
                    if _ARCHIVE.search(source.split("?")[0])
                    else ""
                )
                yield Hit(f"ADD {source} is not verified{archive}", instruction.line, instruction.end_line)
                break


@rule(
    "GF012",
    "add-instead-of-copy",
    Severity.INFO,
    "ADD where COPY fits",
    why="ADD does more than copy: it unpacks local archives and fetches URLs. For plain files that "
    "magic is a trap (rename a file to .tar.gz and the step silently changes meaning); COPY says "
    "exactly what happens.",
    fix="Use COPY for files and folders. To unpack an archive, say so: COPY it, or RUN "
    "--mount=type=bind,source=<archive>,target=/tmp/a tar -xf /tmp/a -C <dest>.",
    tags=("clarity",),
)
def add_instead_of_copy(ctx: AuditContext) -> Iterator[Hit]:
    for instruction in ctx.dockerfile.instructions:
        if instruction.cmd != "ADD" or not ctx.from_context(instruction):
            continue
        sources = ctx.sources(instruction)
        archives = [s for s in sources if _ARCHIVE.search(s)]
        if archives:
            message = f"ADD unpacks {', '.join(archives)} implicitly"
            fix = (
                "If you need the archive itself, use COPY; if unpacking is the point, make it explicit "
                f"with RUN --mount=type=bind,source={archives[0]},target=/tmp/archive "
                f"tar -xf /tmp/archive -C {instruction.args[-1]} (nothing of the archive stays in a layer)."
            )
        else:
            message = f"{quote(instruction.original, 50)} only copies files"
            fix = f"Use {quote('COPY' + instruction.original[3:], 60)}."
        yield Hit(message, instruction.line, instruction.end_line, fix=fix)
