"""What genfile prints about files: the coloured diff before a replacement, the lines that
say what was written (and where the previous version was kept), and the next commands.

Each exists once, so ``init``, its wizard, ``audit --fix`` and ``new`` say the same things
the same way.
"""

from __future__ import annotations

import difflib
import os
import shlex
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from genfile import validate
from genfile.plan import BuildPlan
from genfile.write import Written

GREEN, RED, CYAN, BOLD, RESET = "\033[32m", "\033[31m", "\033[36m", "\033[1m", "\033[0m"


@dataclass(frozen=True)
class Palette:
    """Terminal colours, or none (NO_COLOR, --no-color, or not a terminal)."""

    bold: str = ""
    cyan: str = ""
    red: str = ""
    green: str = ""
    reset: str = ""


def palette(color: bool) -> Palette:
    return Palette(BOLD, CYAN, RED, GREEN, RESET) if color else Palette()


def shown(value: object) -> str:
    """A fact's value for people: yes/no, "none", comma lists (never Python's True, None, ())."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None or value == () or value == "":
        return "none"
    if isinstance(value, (tuple, list)):
        return ", ".join(map(str, value))
    return str(value)


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


def relative(path: Path) -> str:
    """A path as the user would type it: relative to the current folder when inside it
    (``.`` for the folder itself), else absolute."""
    resolved, cwd = path.resolve(), Path.cwd().resolve()
    if resolved == cwd or cwd in resolved.parents:
        return os.path.relpath(resolved, cwd)
    return str(resolved)


def next_steps(plan: BuildPlan, project: Path, out_dir: Path) -> list[str]:
    """The exact commands to build and run what was written, from the current folder: the
    build context is the project, -f only when the Dockerfile is elsewhere, the secrets the
    build reads, --init where the Dockerfile asks for it."""
    context = relative(project)
    dockerfile = out_dir / "Dockerfile"
    file_flag = "" if out_dir.resolve() == project.resolve() else f" -f {shlex.quote(relative(dockerfile))}"
    publish = f" -p {plan.port_mapping}" if plan.port else ""
    secrets = "".join(f" {secret.flag}" for secret in plan.secrets)
    init = " --init" if plan.init else ""
    steps = [
        f"docker build{file_flag}{secrets} -t {plan.image_name} {shlex.quote(context)}",
        f"docker run --rm{init}{publish} {plan.image_name}",
    ]
    if "compose.yaml" in plan.files:
        compose = relative(out_dir / "compose.yaml")
        here = compose == "compose.yaml"
        steps.append(
            "docker compose up --build" if here else f"docker compose -f {shlex.quote(compose)} up --build"
        )
    return steps
