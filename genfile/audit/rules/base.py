"""What a rule is made of, and the helpers most rules use.

A check only looks; it never fixes and never prints. It returns :class:`Hit` values (the place
and what was seen there), and may sharpen the fix with what it knows about this file (the
exact manifest to copy first, the exec-form command to run).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from genfile.audit.context import AuditContext
from genfile.audit.finding import RuleInfo, Severity
from genfile.audit.parse import Instruction, Stage


@dataclass(frozen=True)
class Hit:
    """Where a rule applies and what was seen there (``file`` None: the Dockerfile)."""

    message: str
    line: int | None
    end_line: int | None = None
    file: Path | None = None
    why: str = ""
    fix: str = ""


Check = Callable[[AuditContext], Iterable[Hit]]


@dataclass(frozen=True)
class Rule:
    info: RuleInfo
    check: Check


def rule(
    id: str, name: str, severity: Severity, title: str, *, why: str, fix: str, tags: tuple[str, ...] = ()
) -> Callable[[Check], Rule]:
    """Make the check below it a :class:`Rule` (the decorator keeps a rule's text next to its code).

    Nothing is registered: :data:`genfile.audit.rules.RULES` lists the rules explicitly."""

    def make(check: Check) -> Rule:
        return Rule(RuleInfo(id, name, severity, title, why, fix, tags), check)

    return make


def quote(text: str, limit: int = 70) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return f"`{text if len(text) <= limit else text[: limit - 3] + '...'}`"


def final_runs(ctx: AuditContext) -> Iterator[tuple[Stage, Instruction]]:
    """The RUN instructions of the final image (its stage and the stages it is built FROM)."""
    for stage, instruction in ctx.final_instructions():
        if instruction.cmd == "RUN":
            yield stage, instruction
