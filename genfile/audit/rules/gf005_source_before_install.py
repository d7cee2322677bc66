"""GF005: the source is copied before the dependency install, so every edit re-runs it."""

from __future__ import annotations

import fnmatch
import posixpath
from collections.abc import Iterator
from dataclasses import dataclass

from genfile.audit import shell
from genfile.audit.context import AuditContext
from genfile.audit.finding import Severity
from genfile.audit.parse import Instruction
from genfile.audit.rules.base import Hit, quote, rule

_MANIFESTS = (
    "requirements*.txt",
    "requirements*.in",
    "constraints*.txt",
    "pyproject.toml",
    "setup.py",
    "setup.cfg",
    "poetry.lock",
    "uv.lock",
    "pdm.lock",
    "Pipfile",
    "Pipfile.lock",
    "package.json",
    "package-lock.json",
    "npm-shrinkwrap.json",
    "yarn.lock",
    "pnpm-lock.yaml",
    "pnpm-workspace.yaml",
    ".npmrc",
    ".yarnrc",
    ".yarnrc.yml",
    "bun.lock",
    "bun.lockb",
    "go.mod",
    "go.sum",
    "go.work",
    "go.work.sum",
    "Gemfile",
    "Gemfile.lock",
    "composer.json",
    "composer.lock",
    "Cargo.toml",
    "Cargo.lock",
    "README*",
    ".python-version",
    ".nvmrc",
    "*.lock",
)
_MANIFEST_DIRS = ("requirements", ".yarn", "patches")
_LOCKS = {
    "python": (
        "pyproject.toml",
        "poetry.lock",
        "uv.lock",
        "pdm.lock",
        "Pipfile",
        "Pipfile.lock",
        "requirements.txt",
    ),
    "node": (
        "package.json",
        "package-lock.json",
        "npm-shrinkwrap.json",
        "yarn.lock",
        "pnpm-lock.yaml",
        "bun.lock",
    ),
    "go": ("go.mod", "go.sum"),
    "ruby": ("Gemfile", "Gemfile.lock"),
    "php": ("composer.json", "composer.lock"),
}


def _is_manifest(source: str) -> bool:
    path = posixpath.normpath(source.rstrip("/")).removeprefix("./")
    if path.split("/")[0] in _MANIFEST_DIRS:
        return True
    base = path.rsplit("/", 1)[-1]
    if any(c in base for c in "*?["):  # a glob (package*.json): a manifest if it names only manifests
        return any(fnmatch.fnmatch(m, base) for m in _MANIFESTS if not any(c in m for c in "*?["))
    return any(fnmatch.fnmatch(base, m) for m in _MANIFESTS)


def _manifests_for(ctx: AuditContext, family: str, install: shell.Invocation) -> str:
    if family == "python" and install.tool in ("pip", "uv"):
        files = [
            install.args[i + 1] for i, a in enumerate(install.args[:-1]) if a in ("-r", "--requirement", "-c")
        ]
        files += [a.split("=", 1)[1] for a in install.args if a.startswith(("--requirement=", "-r="))]
        if files:
            return " ".join(files)
    names = [n for n in _LOCKS.get(family, ()) if ctx.exists(n)] or list(_LOCKS.get(family, ())[:2])
    return " ".join(names) or "the dependency manifests"


@rule(
    "GF005",
    "source-before-install",
    Severity.WARNING,
    "Source copied before the dependency install",
    why="Docker reuses a layer only while everything before it is unchanged. With the source copied "
    "first, any edit to any file invalidates the install step, so every build downloads and "
    "installs all dependencies again: minutes per build instead of seconds.",
    fix="Copy only the dependency manifests and lockfile first, install, then copy the source.",
    tags=("build-time",),
)
def source_before_install(ctx: AuditContext) -> Iterator[Hit]:
    """Each stage is read along its chain of stages (its parents' instructions, then its
    own): a source COPY followed by an install of a family of dependencies not installed
    before that COPY is reported once, at the first such install.

    A stage starts from where its parent's reading ended instead of reading the chain again,
    and the COPYs not reported yet are kept per stage and emptied once reported: each COPY
    and each install is looked at a bounded number of times, where reading every chain from
    its root took time quadratic in the number of stages (and in the COPYs times installs)."""
    reported: set[int] = set()
    states: list[_State] = []
    for stage in ctx.dockerfile.stages:
        parent = states[stage.parent] if stage.parent is not None else None
        state = _State(
            [pending for pending in parent.pending if pending] if parent else [],
            set(parent.installed) if parent else set(),
        )
        own: list[Instruction] = []
        state.pending.append(own)
        for instruction in stage.instructions:
            if ctx.from_context(instruction) and not all(_is_manifest(s) for s in ctx.sources(instruction)):
                own.append(instruction)
            elif instruction.cmd == "RUN":
                for invocation in ctx.invocations(instruction):
                    family = shell.install_family(invocation)
                    if family is None or invocation.has("--no-deps"):
                        continue
                    if family not in state.installed:
                        # every COPY read so far came before any install of this family
                        for pending in state.pending:
                            for copy in pending:
                                if copy.line in reported:
                                    continue
                                reported.add(copy.line)
                                yield _hit(ctx, copy, instruction, invocation, family)
                            pending.clear()  # all reported now, for this stage and its siblings
                    state.installed.add(family)
        states.append(state)


@dataclass
class _State:
    """Where the reading of a stage's chain ended: the source COPYs not reported yet (lists
    shared with the stages it builds on) and the dependency families installed."""

    pending: list[list[Instruction]]
    installed: set[str]


def _hit(
    ctx: AuditContext, copy: Instruction, instruction: Instruction, invocation: shell.Invocation, family: str
) -> Hit:
    manifests = _manifests_for(ctx, family, invocation)
    fix = (
        f"Copy {manifests} first, run {quote(invocation.text(), 50)}, then {quote(copy.original, 40)}."
        if family != "system"
        else f"Move the package install above {quote(copy.original, 40)}: it does not depend on the source."
    )
    return Hit(
        f"{quote(copy.original, 40)} (line {copy.line}) comes before "
        f"{quote(invocation.text(), 50)} (line {instruction.line}): every source "
        "edit re-runs the install",
        copy.line,
        copy.end_line,
        fix=fix,
    )
