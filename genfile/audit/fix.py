"""``genfile audit --fix``: replace the audited Dockerfile with the one ``genfile init`` writes.

The proposal is built with exactly the steps ``genfile init --yes`` uses (detect the project,
apply the answers saved in genfile.toml, plan, render), so what --fix writes is byte for byte
what ``genfile init --stdout`` prints. The current file is kept as ``<name>.bak``; a missing
.dockerignore is written too, an existing one is left alone (it may hold the user's choices).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from genfile import answers, workflow
from genfile.answers import Answers
from genfile.audit.images import ImageRef
from genfile.audit.report import CYAN, RESET, display
from genfile.errors import ChoiceError
from genfile.plan import BuildPlan
from genfile.render import render
from genfile.write import Written, write_files

GREEN, RED = "\033[32m", "\033[31m"


@dataclass(frozen=True)
class Proposal:
    """What --fix would write: genfile's Dockerfile in place of ``target``, and a
    .dockerignore when the context has none."""

    target: Path
    current: str
    new: str
    ignore_target: Path | None  # the .dockerignore to create (None: one exists)
    ignore_text: str
    notes: tuple[str, ...] = ()

    @property
    def changes(self) -> bool:
        return self.current != self.new or self.ignore_target is not None

    def diff(self, *, color: bool = False) -> str:
        """Unified diff from the current Dockerfile to genfile's."""
        name = display(self.target)
        lines = difflib.unified_diff(
            self.current.splitlines(keepends=True),
            self.new.splitlines(keepends=True),
            f"{name} (now)",
            f"{name} (genfile)",
        )
        out = []
        for line in lines:
            text = line.rstrip("\n")
            if color and text.startswith(("+++", "---")):
                text = f"\033[1m{text}{RESET}"
            elif color and text.startswith("+"):
                text = f"{GREEN}{text}{RESET}"
            elif color and text.startswith("-"):
                text = f"{RED}{text}{RESET}"
            elif color and text.startswith("@@"):
                text = f"{CYAN}{text}{RESET}"
            out.append(text)
        return "\n".join(out) + ("\n" if out else "")


# The official image that carries each ecosystem's runtime, to compare language versions.
_RUNTIME_IMAGES = {"python": "python", "node": "node", "go": "golang"}


def _same_version(a: str, b: str) -> bool:
    return a == b or a.startswith(b + ".") or b.startswith(a + ".")


def version_note(plan: BuildPlan, current_base: str | None) -> str | None:
    """A note when the audited Dockerfile runs another language version than genfile picked
    (``FROM python:3.11`` against genfile's default 3.13): --fix must not upgrade silently."""
    if current_base is None:
        return None
    ref = ImageRef.parse(current_base)
    if ref.unknown or ref.official != _RUNTIME_IMAGES.get(plan.ecosystem) or ref.version == "<version>":
        return None
    if not re.fullmatch(r"\d+(\.\d+)*", ref.version) or _same_version(ref.version, plan.language_version):
        return None
    evidence = plan.source("language_version")
    source = evidence.where() if evidence.file else "genfile's default"
    return (
        f"your Dockerfile uses {ref.official} {ref.version} ({current_base}); genfile's uses "
        f"{plan.language_version} ({source}). To keep {ref.version}, put "
        f'version = "{ref.version}" under [init] in genfile.toml and run --fix again'
    )


def propose(
    project: Path, dockerfile: Path, ignore_path: Path, current: str, current_base: str | None = None
) -> Proposal:
    """genfile's files for ``project``, as ``genfile init`` (with saved answers) renders them;
    ``current_base`` is the audited Dockerfile's final base image, to warn about a version
    change."""
    detection = workflow.detect_project(project, None)
    given = Answers().over(answers.load(Path(detection.root)))
    try:
        plan = workflow.make_plan(detection, given, dockerfile.parent)
    except ChoiceError as exc:
        raise ChoiceError(
            f"cannot write genfile's Dockerfile: {exc.message}",
            "answer it once with `genfile init` (its flags, e.g. --cmd, are saved in genfile.toml "
            "and --fix reuses them)",
        ) from exc
    files = render(plan)
    note = version_note(plan, current_base)
    return Proposal(
        target=dockerfile,
        current=current,
        new=files["Dockerfile"],
        ignore_target=None if ignore_path.exists() else ignore_path,
        ignore_text=files.get(".dockerignore", ""),
        notes=(*([note] if note else []), *plan.notes),
    )


def apply(proposal: Proposal, *, backup: bool = True) -> list[Written]:
    """Write the proposal: the Dockerfile replaced (current one kept as .bak), the
    .dockerignore created if missing. Nothing else is touched."""
    written = []
    if proposal.current != proposal.new:
        written += write_files(
            {proposal.target.name: proposal.new}, proposal.target.parent, force=True, backup=backup
        )
    if proposal.ignore_target is not None and proposal.ignore_text:
        written += write_files(
            {proposal.ignore_target.name: proposal.ignore_text}, proposal.ignore_target.parent, force=False
        )
    return written
