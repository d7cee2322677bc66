"""detect → plan → render: the three pure steps every command is built from."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from genfile import secrets
from genfile.detection import Detection
from genfile.detectors import all_detectors, by_ecosystem
from genfile.errors import ChoiceError, UnknownProjectError
from genfile.plan import BuildPlan
from genfile.repo import Repo
from genfile.stacks import get_stack, stacks_for


def detect(path: str | Path) -> Detection:
    """Run every detector on the project; the first that recognises it wins."""
    root = Path(path)
    if not root.is_dir():
        raise UnknownProjectError(f"{path}: no such folder", "give the path of a project folder")
    repo = Repo(root)
    for detector in all_detectors():
        found: Detection | None = detector.detect(repo)
        if found is not None:
            leaked = secrets.find_secrets(repo)
            if leaked:
                found = dataclasses.replace(
                    found,
                    warnings=found.warnings
                    + (f"secret-looking files kept out of the image by .dockerignore: {', '.join(leaked)}",),
                )
            return found
    looked = sorted({f for d in all_detectors() for f in d.LOOKS_FOR})
    raise UnknownProjectError(
        f"{path}: no known project found (looked for {', '.join(looked)})",
        "run genfile in the project's folder",
    )


def make_plan(detection: Detection, stack_name: str | None = None) -> BuildPlan:
    """The plan for the chosen stack (the recommended one by default)."""
    stack = get_stack(stack_name or detection.stack)
    if stack.language != detection.ecosystem:
        fitting = ", ".join(s.name for s in stacks_for(detection.ecosystem))
        raise ChoiceError(
            f"stack {stack.name!r} is for {stack.language} projects, this one is {detection.ecosystem}",
            f"choose one of {fitting} with --stack",
        )
    plan: BuildPlan = by_ecosystem(detection.ecosystem).plan(detection, stack)
    return plan
