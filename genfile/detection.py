"""The result of inspecting a project: facts with evidence, warnings, and the stack advice."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from genfile.evidence import Fact


@dataclass(frozen=True)
class Detection:
    """What one detector found in a project.

    ``details`` holds the ecosystem's own typed findings; only that ecosystem's planner reads
    it, which keeps languages independent of each other.
    """

    ecosystem: str
    project_name: str
    stack: str  # the recommended stack
    stack_reason: str
    facts: tuple[Fact, ...]
    warnings: tuple[str, ...] = ()
    root: str = ""  # the project folder (set by genfile.pipeline.detect)
    runnable: bool = True
    # Programs the project could run, when it has several (Go main packages): --main picks one.
    main_candidates: tuple[
        str, ...
    ] = ()  # a start command was found (decides between ecosystems in one repo)
    details: Any = field(default=None, compare=False)

    def fact(self, name: str) -> Fact | None:
        return next((f for f in self.facts if f.name == name), None)

    def as_dict(self) -> dict[str, object]:
        return {
            "ecosystem": self.ecosystem,
            "project_name": self.project_name,
            "stack": {"name": self.stack, "reason": self.stack_reason},
            "facts": [f.as_dict() for f in self.facts],
            "warnings": list(self.warnings),
        }
