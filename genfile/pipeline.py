"""detect → plan → render: the three pure steps every command is built from."""

from __future__ import annotations

import dataclasses
import inspect
from pathlib import Path

from genfile import secrets, validate
from genfile.detection import Detection
from genfile.detectors import all_detectors, by_ecosystem
from genfile.errors import ChoiceError, UnknownProjectError
from genfile.plan import BuildPlan
from genfile.repo import Repo
from genfile.stacks import get_stack, stacks_for


def detect(path: str | Path, ecosystem: str | None = None, main: str | None = None) -> Detection:
    """Run every detector on the project and pick one.

    ``ecosystem`` (from ``--stack``) picks explicitly; otherwise a detection that found how
    the app starts beats one that did not (a Django app with a package.json for its assets is
    a Python service), and the others are mentioned in a warning. ``main`` (from ``--main``)
    goes to the detectors that can choose between several programs.
    """
    root = Path(path)
    if not root.is_dir():
        raise UnknownProjectError(f"{path}: no such folder", "give the path of a project folder")
    repo = Repo(root)
    detectors = all_detectors()
    if main is not None:
        detectors = tuple(d for d in detectors if "main" in inspect.signature(d.detect).parameters)
    found: list[Detection] = [
        d
        for d in (
            detector.detect(repo, main=main) if main else detector.detect(repo) for detector in detectors
        )
        if d is not None
    ]
    if ecosystem is not None:
        found = [d for d in found if d.ecosystem == ecosystem]
        if not found:
            raise UnknownProjectError(
                f"{path}: no {ecosystem} project found",
                f"check the folder, or choose a stack for what it holds (genfile detect {path})",
            )
    if not found and main is not None:
        raise ChoiceError(
            f"--main {main}: this project has no language with several programs to choose from", "drop --main"
        )
    if not found:
        looked = sorted({f for d in all_detectors() for f in d.LOOKS_FOR})
        raise UnknownProjectError(
            f"{path}: no known project found (looked for {', '.join(looked)})",
            "run genfile in the project's folder, or name the stack with --stack",
        )
    chosen = next((d for d in found if d.runnable), found[0])
    warnings = list(chosen.warnings)
    others = [d.ecosystem for d in found if d is not chosen]
    if others:
        warnings.append(
            f"also found a {' and a '.join(others)} project here; using {chosen.ecosystem} "
            f"(choose another with --stack)"
        )
    leaked = secrets.find_secrets(repo)
    if leaked:
        warnings.append(f"secret-looking files kept out of the image by .dockerignore: {', '.join(leaked)}")
    return dataclasses.replace(
        chosen,
        warnings=tuple(warnings),
        root=str(repo.root),
        project_name=validate.display_name(chosen.project_name),
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
    if detection.root and (Path(detection.root) / ".env").is_file():
        plan = dataclasses.replace(plan, env_file=".env")
    return plan
