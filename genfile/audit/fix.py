"""``genfile audit --fix``: replace the audited Dockerfile with the one ``genfile init`` writes.

The proposal comes from the init sequence itself (:func:`genfile.generate.generate`: detect,
saved answers, plan, render), so what --fix writes is byte for byte what ``genfile init
--stdout`` prints, with the audited Dockerfile's choices (system packages, port, UID,
version, server options: :mod:`genfile.audit.carry`) given as the same answers init takes;
its run-time ENV, which no answer says, is the one plan edit on top. The current file is
kept as ``<name>.bak``; a missing .dockerignore is written too, an existing one is left
alone (it may hold the user's choices).
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from genfile import console, generate
from genfile.answers import Answers
from genfile.audit import carry
from genfile.audit.parse import ParsedDockerfile
from genfile.audit.report import display
from genfile.errors import ChoiceError
from genfile.evidence import Evidence
from genfile.plan import BuildPlan
from genfile.write import Written


@dataclass(frozen=True)
class Proposal:
    """What --fix would write: genfile's Dockerfile in place of ``target``, and a
    .dockerignore when the context has none."""

    target: Path
    current: str
    new: str
    ignore_target: Path | None  # the .dockerignore to create (None: one exists)
    ignore_text: str
    generated: generate.Generated
    notes: tuple[str, ...] = ()
    choices: carry.Choices = carry.Choices()  # what the audited Dockerfile chose

    @property
    def changes(self) -> bool:
        return self.current != self.new or self.ignore_target is not None

    def diff(self, *, color: bool = False) -> str:
        """Unified diff from the current Dockerfile to genfile's."""
        return console.diff(self.current, self.new, display(self.target), color=color)


def propose(
    project: Path,
    dockerfile: Path,
    ignore_path: Path,
    current: str,
    parsed: ParsedDockerfile | None = None,
) -> Proposal:
    """genfile's files for ``project``, as ``genfile init`` (with saved answers) renders them,
    with the choices of the audited Dockerfile (``parsed``) carried over where genfile can keep
    them (:mod:`genfile.audit.carry`: a different language version is carried, or listed when
    genfile.toml decides it); without ``parsed``, nothing is carried."""
    generated = _generate(project, dockerfile)
    choices = carry.Choices()
    if parsed is not None:
        choices = carry.read(parsed, generated.plan, generated.files["Dockerfile"], generated.answers)
        if choices.carried:
            generated, choices = _carried(project, dockerfile, generated, choices)
    return Proposal(
        target=dockerfile,
        current=current,
        new=generated.files["Dockerfile"],
        ignore_target=None if ignore_path.exists() else ignore_path,
        ignore_text=generated.files.get(".dockerignore")
        or generated.files.get("Dockerfile.dockerignore", ""),
        generated=generated,
        notes=generated.plan.notes,
        choices=choices,
    )


def _generate(
    project: Path,
    dockerfile: Path,
    flags: Answers | None = None,
    edit: Callable[[BuildPlan], BuildPlan] | None = None,
) -> generate.Generated:
    try:
        return generate.generate(project, flags, out_dir=dockerfile.parent, edit=edit)
    except ChoiceError as exc:
        if flags is not None:
            raise
        raise ChoiceError(
            f"cannot write genfile's Dockerfile: {exc.message}",
            "answer it once with `genfile init` (its flags, e.g. --cmd, are saved in genfile.toml "
            "and --fix reuses them)",
        ) from exc


def _carried(
    project: Path, dockerfile: Path, plain: generate.Generated, choices: carry.Choices
) -> tuple[generate.Generated, carry.Choices]:
    """genfile's files with the choices carried, through the answers path ``genfile init``
    uses. An answer the plan refuses (a port the app's code does not listen on) is not kept:
    it joins ``choices.lost`` with the plan's reason."""
    backup = dockerfile.with_name(dockerfile.name + ".bak")
    try:
        shown = os.path.relpath(backup.resolve(), plain.root.resolve()).replace(os.sep, "/")
    except ValueError:  # another drive (Windows)
        shown = backup.name
    evidence = Evidence(shown, None, "the Dockerfile --fix replaced")
    kept: dict[str, object] = {}
    lost = list(choices.lost)
    refused: set[str] = set()
    for field in dataclasses.fields(Answers):
        value = getattr(choices.answers, field.name)
        if value is None:
            continue
        trial = Answers(**{**kept, field.name: value})
        try:
            generate.generate(project, trial, out_dir=dockerfile.parent)
        except ChoiceError as exc:
            line = choices.lines.get(field.name)
            quote = choices.quotes.get(field.name, f"{field.name} {value}")
            lost.append(carry.Item(line, quote, exc.message, exc.fix))
            refused.add(field.name)
            continue
        kept[field.name] = value
    answers = Answers(**kept)  # type: ignore[arg-type]
    items = tuple(
        item for item in choices.kept if not any(choices.lines.get(name) == item.line for name in refused)
    )
    choices = dataclasses.replace(
        choices,
        answers=answers,
        lines={k: v for k, v in choices.lines.items() if k not in refused},
        kept=items,
        lost=tuple(sorted(lost, key=lambda item: item.line or 0)),
    )
    if not choices.carried:
        return plain, choices
    return _generate(project, dockerfile, answers, carry.edit(choices, evidence)), choices


def apply(proposal: Proposal, *, backup: bool = True) -> list[Written]:
    """Write the proposal: the Dockerfile replaced (current one kept as .bak), the
    .dockerignore created if missing. Nothing else is touched, and no answer is saved (--fix
    makes no decision of its own)."""
    written = []
    if proposal.current != proposal.new:
        name = proposal.target.name
        written += generate.write(
            proposal.generated, {name: proposal.new}, replace={name}, backup=backup, save_answers=False
        )
    if proposal.ignore_target is not None and proposal.ignore_text:
        beside = dataclasses.replace(proposal.generated, out_dir=proposal.ignore_target.parent)
        written += generate.write(
            beside, {proposal.ignore_target.name: proposal.ignore_text}, save_answers=False
        )
    return written
