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


def followed_by(first: re.Pattern[str], then: re.Pattern[str], text: str) -> bool:
    """``re.search(first.pattern + ".*" + then.pattern, text)``, in linear time.

    The regular expression backtracks: for every place ``first`` matches, ``.*`` runs to the
    end of the line and gives it back one character at a time, so a long RUN line holding
    ``rm -f`` a hundred thousand times takes minutes. Here each line is searched for ``then``
    once, from the end of the first match of ``first`` that leads into it. ``first`` must be
    such that a later match ends later (true of ``rm\\s+-\\S*\\s+`` and ``\\bflask\\b``),
    and ``then`` must not start with a newline."""
    position = 0
    line_end = -1  # the end of the line the last match ended on (matches end later and later)
    searched_line, searched_from = -1, -1
    while (match := first.search(text, position)) is not None:
        start = match.end()
        if start > line_end:
            line_end = text.find("\n", start)
            if line_end < 0:
                line_end = len(text)
        if line_end != searched_line or start < searched_from:
            if then.search(text, start, line_end + 1) is not None:
                return True
            searched_line, searched_from = line_end, start
        position = match.start() + 1
    return False
