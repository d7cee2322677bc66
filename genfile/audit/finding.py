"""The vocabulary shared by rules and reports: severities, rule metadata, findings.

Kept apart from the rules so the reporters (text, JSON, SARIF) and the hadolint bridge can
describe findings without importing every check.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from pathlib import Path


class Severity(enum.IntEnum):
    """Ordered so ``severity >= Severity.WARNING`` reads as "at least a warning"."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        return cls[text.upper()]


@dataclass(frozen=True)
class RuleInfo:
    """What a rule checks, independent of any file: the id, how bad it is, and the three
    sentences a reviewer would say (what, why it matters, how to fix it)."""

    id: str
    name: str  # kebab-case, for SARIF and suppression by name
    severity: Severity
    title: str
    why: str
    fix: str
    tags: tuple[str, ...] = ()  # "size", "build-time", "security", "reliability"
    source: str = "genfile"
    help_uri: str | None = None


@dataclass(frozen=True)
class Finding:
    """One problem at one place. ``message`` says what was seen there; ``why`` and ``fix``
    default to the rule's and are specialised when the rule knows more (the exact command)."""

    rule: RuleInfo
    message: str
    file: Path | None
    line: int | None
    end_line: int | None = None
    why: str = ""
    fix: str = ""
    also: tuple[str, ...] = field(default=())  # the same problem as reported by hadolint

    @property
    def severity(self) -> Severity:
        return self.rule.severity

    @property
    def source(self) -> str:
        return self.rule.source

    @property
    def why_text(self) -> str:
        return self.why or self.rule.why

    @property
    def fix_text(self) -> str:
        return self.fix or self.rule.fix

    def sort_key(self) -> tuple[int, str, int, str]:
        return (-int(self.severity), str(self.file or ""), self.line or 0, self.rule.id)
