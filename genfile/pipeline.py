"""Detection and planning, the two steps that read a project: every detector of the registry
looks at it, the strongest claim wins, and that language plans the image for a stack.

Rendering and writing follow in :mod:`genfile.generate`, which owns the whole sequence.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from genfile import secrets, validate
from genfile.detection import Detection
from genfile.detectors import DETECTORS, by_ecosystem
from genfile.errors import ChoiceError, UnknownProjectError
from genfile.plan import BuildPlan
from genfile.repo import Repo
from genfile.stacks import Stack, get_stack, stacks_for

# Manifests of languages genfile has no detector for: named in the refusal, so "no project"
# is not what a Rust or Java user reads.
OTHER_LANGUAGES = (
    ("Cargo.toml", "Rust"),
    ("pom.xml", "Java (Maven)"),
    ("build.gradle", "Java (Gradle)"),
    ("build.gradle.kts", "Kotlin (Gradle)"),
    ("Gemfile", "Ruby"),
    ("composer.json", "PHP"),
    ("mix.exs", "Elixir"),
    ("deno.json", "Deno"),
    ("Package.swift", "Swift"),
    ("pubspec.yaml", "Dart"),
    ("CMakeLists.txt", "C/C++ (CMake)"),
    ("stack.yaml", "Haskell"),
)


def choose(found: list[Detection]) -> tuple[Detection, list[str]]:
    """The detection to build, and a warning naming the others.

    Evidence decides, not the registry's order: the project that states most plainly how it
    starts wins (a Procfile line or an app object beats a start found by convention, which
    beats a bare manifest: a Django app with a package.json of lint tools is a Python
    service). Between equally strong claims the registry's order decides, and says so.
    """
    best = max(d.strength for d in found)
    strongest = [d for d in found if d.strength == best]
    chosen = strongest[0]
    others = [d for d in found if d is not chosen]
    if not others:
        return chosen, []
    why = f" ({chosen.strength_reason})" if chosen.strength_reason else ""
    tie = " as strongly" if len(strongest) > 1 else ""
    names = " and a ".join(d.ecosystem for d in others)
    return chosen, [
        f"also found a {names} project here{tie}; using {chosen.ecosystem}{why} (choose another with --stack)"
    ]


def detect(path: str | Path, ecosystem: str | None = None, main: str | None = None) -> Detection:
    """Run every detector on the project and pick one (see :func:`choose`).

    ``ecosystem`` (from ``--stack``) restricts the choice; ``main`` (from ``--main``) goes to
    the detectors that can choose between several programs.
    """
    root = Path(path)
    if not root.is_dir():
        raise UnknownProjectError(f"{path}: no such folder", "give the path of a project folder")
    repo = Repo(root)
    detectors = [d for d in DETECTORS if main is None or d.chooses_main]
    found = [d for d in (detector.detect(repo, main) for detector in detectors) if d is not None]
    if ecosystem is not None:
        others = [d.ecosystem for d in found if d.ecosystem != ecosystem]
        found = [d for d in found if d.ecosystem == ecosystem]
        if not found:
            fits = ", ".join(s.name for e in dict.fromkeys(others) for s in stacks_for(e))
            raise UnknownProjectError(
                f"{path}: no {ecosystem} project found"
                + (f" (it holds a {' and a '.join(others)} project)" if others else ""),
                f"choose one of {fits} with --stack" if fits else "check the folder",
            )
    if not found and main is not None:
        raise ChoiceError(
            f"--main {main!r}: this project has no language with several programs to choose from",
            "drop --main",
        )
    if not found:
        languages = ", ".join(d.ecosystem for d in DETECTORS)
        other = next(((name, f) for f, name in OTHER_LANGUAGES if repo.exists(f)), None)
        if other is not None:
            raise UnknownProjectError(
                f"{path}: a {other[0]} project ({other[1]}), which genfile does not containerise yet",
                f"genfile supports {languages} projects",
            )
        looked = sorted({f for d in DETECTORS for f in d.looks_for})
        raise UnknownProjectError(
            f"{path}: no {languages} project found (looked for {', '.join(looked)})",
            "run genfile in the project's folder",
        )
    chosen, warnings = choose(found)
    if repo.truncated:
        warnings.append(
            f"the project has more than {repo.truncated} files of a kind genfile reads: it read the "
            f"{repo.truncated} in the shallowest folders (run genfile in the app's own folder if it "
            "is deeper)"
        )
    if repo.unprintable:
        warnings.append(
            f"{repo.unprintable} file or folder name(s) with control characters were left out: "
            "no value is taken from a name that cannot be written into a Dockerfile safely"
        )
    leaked = secrets.find_secrets(repo)
    if leaked:
        warnings.append(f"secret-looking files kept out of the image by .dockerignore: {', '.join(leaked)}")
    return dataclasses.replace(
        chosen,
        warnings=(*chosen.warnings, *warnings),
        root=str(repo.root),
        project_name=validate.display_name(chosen.project_name),
    )


def fitting_stacks(detection: Detection) -> tuple[Stack, ...]:
    """The language's stacks that can run this project (a language refuses one that cannot)."""
    fitting = []
    for stack in stacks_for(detection.ecosystem):
        try:
            plan_stack(detection, stack.name)
        except ChoiceError:
            continue
        fitting.append(stack)
    return tuple(fitting)


def plan_stack(detection: Detection, stack_name: str | None = None) -> BuildPlan:
    """The language's plan for the chosen stack (the recommended one by default)."""
    stack = get_stack(stack_name or detection.stack)
    if stack.language != detection.ecosystem:
        fitting = ", ".join(s.name for s in stacks_for(detection.ecosystem))
        raise ChoiceError(
            f"stack {stack.name!r} is for {stack.language} projects, this one is {detection.ecosystem}",
            f"choose one of {fitting} with --stack",
        )
    plan = by_ecosystem(detection.ecosystem).plan(detection, stack)
    if detection.root and (Path(detection.root) / ".env").is_file():
        plan = dataclasses.replace(plan, env_file=".env")
    return plan
