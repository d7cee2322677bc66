"""What genfile prints about files: the coloured diff before a replacement, the lines that
say what was written (and where the previous version was kept), and the next commands.

Each exists once, so ``init``, its wizard, ``audit --fix`` and ``new`` say the same things
the same way.
"""

from __future__ import annotations

import difflib
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TextIO

from genfile import validate
from genfile.plan import BuildPlan
from genfile.write import Written

GREEN, RED, CYAN, BOLD, RESET = "\033[32m", "\033[31m", "\033[36m", "\033[1m", "\033[0m"


def say(*lines: str, file: TextIO | None = None) -> None:
    """Print lines that may quote a repository's names and paths: every control character is
    escaped, so nothing genfile prints can retitle a terminal or fake a line of its own. The
    colours genfile adds itself are put in after, by the caller, never passed through here."""
    for line in lines:
        print(validate.printable(line), file=file or sys.stdout)


def diff(old: str, new: str, name: str, *, color: bool = False) -> str:
    """Unified diff from ``old`` (what is there now) to ``new`` (what genfile writes)."""
    out = []
    lines = difflib.unified_diff(
        old.splitlines(keepends=True), new.splitlines(keepends=True), f"{name} (now)", f"{name} (genfile)"
    )
    for line in lines:
        text = line.rstrip("\n")
        if color and text.startswith(("+++", "---")):
            text = f"{BOLD}{text}{RESET}"
        elif color and text.startswith("+"):
            text = f"{GREEN}{text}{RESET}"
        elif color and text.startswith("-"):
            text = f"{RED}{text}{RESET}"
        elif color and text.startswith("@@"):
            text = f"{CYAN}{text}{RESET}"
        out.append(text)
    return "\n".join(out) + ("\n" if out else "")


def written_lines(
    items: Iterable[Written], *, color: bool = False, show: Callable[[Path], str] = str
) -> list[str]:
    """``created: Dockerfile``, ``replaced: Dockerfile (previous kept as Dockerfile.bak)``;
    ``show`` spells each path (as given, relative to the current folder, ...)."""
    lines = []
    for item in items:
        status = f"{GREEN}{item.status}{RESET}" if color else item.status
        extra = f" (previous kept as {validate.printable(item.backup.name)})" if item.backup else ""
        lines.append(f"{status}: {validate.printable(show(item.path))}{extra}")
    return lines


def next_steps(plan: BuildPlan, project: Path, out_dir: Path) -> list[str]:
    """The exact commands to build and run what was written."""
    dockerfile = "" if out_dir.resolve() == project.resolve() else f" -f {out_dir / 'Dockerfile'}"
    publish = f" -p {plan.port}:{plan.port}" if plan.port else ""
    secrets = "".join(f" {secret.flag}" for secret in plan.secrets)
    steps = [
        f"docker build{dockerfile}{secrets} -t {plan.image_name} {project}",
        f"docker run --rm{publish} {plan.image_name}",
    ]
    if "compose.yaml" in plan.files:
        steps.append(f"docker compose -f {out_dir / 'compose.yaml'} up --build")
    return steps
