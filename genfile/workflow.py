"""``genfile init`` from answers to files: shared by the unattended path and the wizard, so
the same answers always give the same files whichever way they were given."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

from genfile import answers as saved_answers
from genfile import pipeline
from genfile.answers import Answers
from genfile.detection import Detection
from genfile.errors import ChoiceError, UnknownProjectError
from genfile.plan import BuildPlan
from genfile.repo import SKIP_DIRS
from genfile.stacks import get_stack
from genfile.write import Written, atomic_write


def find_projects(root: Path, max_depth: int = 2) -> list[str]:
    """Sub-folders (relative paths) holding a project genfile recognises: a monorepo's apps."""
    found: list[str] = []
    for dirpath, dirnames, _ in os.walk(root, followlinks=False):
        rel = os.path.relpath(dirpath, root)
        depth = 0 if rel == "." else rel.count(os.sep) + 1
        dirnames[:] = sorted(
            d for d in dirnames if d not in SKIP_DIRS and not d.startswith(".") and depth < max_depth
        )
        if rel == ".":
            continue
        try:
            pipeline.detect(dirpath)
        except UnknownProjectError:
            continue
        except Exception:  # a broken sub-project is still a candidate the user can pick
            pass
        found.append(rel.replace(os.sep, "/"))
        dirnames[:] = []
    return found


def detect_project(path: Path, stack: str | None, main: str | None = None) -> Detection:
    """Detect, turning "nothing here but projects in sub-folders" into a choice to make."""
    ecosystem = get_stack(stack).language if stack else None
    try:
        return pipeline.detect(path, ecosystem, main)
    except UnknownProjectError:
        projects = find_projects(path) if path.is_dir() else []
        if len(projects) == 1:
            return pipeline.detect(path / projects[0], ecosystem, main)
        if projects:
            raise ChoiceError(
                f"{path}: several projects in sub-folders ({', '.join(p + '/' for p in projects)})",
                f"choose one: genfile init {path / projects[0]}",
            ) from None
        raise


def make_plan(detection: Detection, answers: Answers, out_dir: Path) -> BuildPlan:
    """The plan for these answers: the stack (and main package) plan it, the rest edit it."""
    plan = answers.apply(pipeline.make_plan(detection, answers.stack))
    if not plan.command:
        why = next((w for w in detection.warnings if "--cmd" in w or "start command" in w), "")
        raise ChoiceError(
            f"{detection.root}: no start command found" + (f" ({why})" if why else ""),
            "give one with --cmd, e.g. --cmd 'python -m myapp'",
        )
    project = Path(detection.root)
    if out_dir.resolve() != project.resolve():
        context = os.path.relpath(project.resolve(), out_dir.resolve())
        dockerfile = os.path.relpath(out_dir.resolve() / "Dockerfile", project.resolve())
        plan = dataclasses.replace(plan, context=context, dockerfile_from_context=dockerfile)
    return plan


def save(project: Path, answers: Answers) -> Written | None:
    """Keep the user's decisions in genfile.toml (only when there are any, and they changed)."""
    if answers.is_empty():
        return None
    target = project / saved_answers.ANSWERS_FILE
    text = saved_answers.dump(answers)
    if target.is_file() and target.read_text(encoding="utf-8") == text:
        return Written(target, "unchanged")
    status = "replaced" if target.exists() else "created"
    atomic_write(target, text)
    return Written(target, status)


def next_steps(plan: BuildPlan, project: Path, out_dir: Path) -> list[str]:
    """The exact commands to build and run what was written."""
    dockerfile = "" if out_dir.resolve() == project.resolve() else f" -f {out_dir / 'Dockerfile'}"
    publish = f" -p {plan.port}:{plan.port}" if plan.port else ""
    steps = [
        f"docker build{dockerfile} -t {plan.image_name} {project}",
        f"docker run --rm{publish} {plan.image_name}",
    ]
    if "compose.yaml" in plan.outputs:
        steps.append(f"docker compose -f {out_dir / 'compose.yaml'} up --build")
    return steps
