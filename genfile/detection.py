"""The result of inspecting a project: facts with evidence, warnings, and the stack advice."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum

from genfile.evidence import Fact


class Strength(IntEnum):
    """How strongly a folder says it is an app of one language.

    A repository often holds several languages' manifests (a Django app with a package.json
    for its lint tools); the detection whose project says most plainly how it starts wins.
    """

    MANIFEST = 1  # only its manifests: nothing says how it would start
    CONVENTION = 2  # a start found by convention (main.py, index.js, a lone main package)
    STATED = 3  # the project states it (Procfile web, scripts.start, an app object, manage.py)


class Findings:
    """Base of each language's typed findings (what its detector read, for its planner)."""


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
    details: Findings = field(compare=False)
    warnings: tuple[str, ...] = ()
    root: str = ""  # the project folder (set by genfile.pipeline.detect)
    strength: Strength = Strength.STATED
    strength_reason: str = ""  # why: "Procfile:1 web: gunicorn ...", for the mixed-repository warning
    # Programs the project could run, when it has several (Go main packages): --main picks one.
    main_candidates: tuple[str, ...] = ()

    @property
    def runnable(self) -> bool:
        """A start command was found (genfile can write a working image without --cmd)."""
        return self.strength > Strength.MANIFEST

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
