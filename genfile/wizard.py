"""The interactive ``genfile init``: shows what was detected, asks only what matters (each
default being the detected value), and writes nothing until the end.

Every answer maps to a flag (``--stack``, ``--<lang>-version``, ``--port``, ``--cmd``,
``--system-packages``, ``--files``), so anything done here can be repeated without a
terminal; the decisions are saved in genfile.toml for exactly that. Ctrl-C or Esc at any
prompt cancels with nothing written (exit status 130, handled by the CLI).
"""

from __future__ import annotations

import dataclasses
import os
import shlex
from pathlib import Path
from typing import Any

import questionary
from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings

from genfile import console, generate, pipeline, validate
from genfile.answers import Answers
from genfile.detection import Detection
from genfile.errors import GenfileError
from genfile.plan import FILES

_ESCAPE = KeyBindings()


@_ESCAPE.add("escape", eager=True)
def _cancel(event: Any) -> None:
    event.app.exit(exception=KeyboardInterrupt, style="class:aborting")


def _ask(question: questionary.Question) -> Any:
    """Ask; Esc and Ctrl-C raise KeyboardInterrupt (the CLI turns it into exit 130)."""
    app = question.application
    app.key_bindings = merge_key_bindings([app.key_bindings or KeyBindings(), _ESCAPE])
    return question.unsafe_ask()


def _validator(check: Any) -> Any:
    def run(text: str) -> bool | str:
        try:
            check(text)
        except GenfileError as exc:
            return exc.message
        return True

    return run


def _choose_folder(project: Path, projects: list[str]) -> Path:
    folder: str = _ask(questionary.select("Several projects here. Which one?", choices=projects))
    return project / folder


def _choose_main(detection: Detection, given: str | None) -> tuple[Detection, str | None]:
    """Several programs (Go main packages): ask which one the image runs."""
    if len(detection.main_candidates) < 2:
        return detection, given
    detected = detection.fact("main package")
    current = str(detected.value) if detected else detection.main_candidates[0]
    picked: str = _ask(
        questionary.select(
            "Several programs here. Which one should the image run?",
            choices=list(detection.main_candidates),
            default=current if current in detection.main_candidates else None,
        )
    )
    if picked == current:
        return detection, given
    return pipeline.detect(detection.root, detection.ecosystem, picked), picked


def _summary(detection: Detection, given: Answers, colors: console.Palette) -> None:
    """What was found, with where, then the values the files will use: saved answers in
    genfile.toml and flags included (marked), so the defaults below are not a surprise."""
    c = colors
    name = validate.printable(detection.project_name)
    print(f"{c.bold}genfile found a {detection.ecosystem} project: {name}{c.reset}")
    facts = [f for f in detection.facts if f.name not in ("dependencies", "dependency files")]
    width = max((len(f.name) for f in facts), default=10) + 2
    for fact in facts:
        where = fact.evidence[0].where() if fact.evidence else ""
        value = validate.printable(console.shown(fact.value))
        print(f"  {fact.name:<{width}}{value}  {c.cyan}({validate.printable(where)}){c.reset}")
    for warning in detection.warnings:
        print(f"  {c.red}!{c.reset} {validate.printable(warning)}")
    decided = {k: v for k, v in dataclasses.asdict(given).items() if v is not None}
    if decided:
        print(f"{c.bold}Your saved answers and flags (they win over what was detected):{c.reset}")
        for key, value in decided.items():
            print(f"  {key:<{width}}{validate.printable(console.shown(value))}")


def _ask_all(detection: Detection, given: Answers) -> Answers:
    """Ask each question with the detected (or given) value as default; keep only changes."""
    stacks = pipeline.fitting_stacks(detection)
    current = given.stack or detection.stack
    stack = (
        _ask(
            questionary.select(
                "Stack",
                choices=[
                    questionary.Choice(
                        f"{s.name}{' (recommended)' if s.name == detection.stack else ''}: {s.summary}",
                        value=s.name,
                    )
                    for s in stacks
                ],
                default=next(c for c in stacks if c.name == current).name if len(stacks) > 1 else None,
            )
        )
        if len(stacks) > 1
        else current
    )
    plan = given.apply(pipeline.plan_stack(detection, stack))

    version = _ask(
        questionary.text(
            f"{detection.ecosystem.capitalize()} version",
            default=plan.language_version,
            validate=_validator(lambda t: validate.version(t, "version")),
        )
    )
    # A project that serves nothing (a worker) may leave the port empty.
    port_text = _ask(
        questionary.text(
            "Port the app listens on" + ("" if plan.port else " (empty: none)"),
            default=str(plan.port or ""),
            validate=_validator(lambda t: (plan.port is None and not t.strip()) or validate.port(t, "port")),
        )
    )
    port = validate.port(port_text) if port_text.strip() else None
    detected_command = plan.edit(port=port).start_command
    command_text = _ask(
        questionary.text(
            "Start command",
            default=shlex.join(detected_command),
            validate=_validator(lambda t: validate.command(t, "command")),
        )
    )
    command = validate.command(command_text)
    packages: tuple[str, ...] = plan.system_packages
    if plan.stack.os in ("debian", "alpine"):
        text = _ask(
            questionary.text(
                "Extra system packages for the final image (space-separated, empty for none)",
                default=" ".join(plan.system_packages),
                validate=_validator(lambda t: validate.packages(tuple(t.split()), "packages")),
            )
        )
        packages = tuple(text.split())
    files = _ask(
        questionary.checkbox(
            "Files to write",
            choices=[questionary.Choice(n, checked=n in plan.files) for n in FILES],
            validate=lambda chosen: bool(chosen) or "choose at least one file",
        )
    )

    def changed(value: Any, detected: Any, given_value: Any) -> Any:
        return value if value != detected or given_value is not None else None

    fresh = pipeline.plan_stack(detection, stack)
    return Answers(
        stack=stack if stack != detection.stack else None,
        version=changed(version, fresh.language_version, given.version),
        port=changed(port, fresh.port, given.port),
        command=command if command != detected_command or given.command is not None else None,
        system_packages=changed(packages, fresh.system_packages, given.system_packages),
        files=changed(tuple(n for n in FILES if n in files), fresh.files, given.files),
        uid=given.uid,
        main=given.main,
    )


def _resolve_existing(
    files: dict[str, str], out_dir: Path, colors: console.Palette
) -> tuple[dict[str, str], set[str]]:
    """For each file that exists and would change: overwrite (with backup), write alongside
    as <name>.genfile, or skip. Returns the files to write and the names to overwrite."""
    final: dict[str, str] = {}
    overwrite: set[str] = set()
    for name, text in files.items():
        target = out_dir / name
        if not target.is_file() or target.read_text(encoding="utf-8", errors="replace") == text:
            final[name] = text
            continue
        print(f"\n{colors.bold}{name} already exists.{colors.reset} What genfile would change:")
        current = target.read_text(encoding="utf-8", errors="replace")
        print(console.diff(current, text, console.relative(target), color=bool(colors.reset)))
        action = _ask(
            questionary.select(
                f"{name}:",
                choices=[
                    questionary.Choice(f"Overwrite (keep the current one as {name}.bak)", value="overwrite"),
                    questionary.Choice(f"Write alongside as {name}.genfile", value="alongside"),
                    questionary.Choice("Skip this file", value="skip"),
                ],
            )
        )
        if action == "overwrite":
            final[name] = text
            overwrite.add(name)
        elif action == "alongside":
            final[f"{name}.genfile"] = text
    return final, overwrite


def run(project: Path, flags: Answers, out_dir: Path | None, backup: bool = True, color: bool = True) -> int:
    """``genfile init`` at a terminal: the init sequence with questions, then per-file choices."""
    if not color:
        os.environ["NO_COLOR"] = "1"  # prompt_toolkit's questions honour it too
    colors = console.palette(color)

    def questions(detection: Detection, given: Answers) -> tuple[Detection, Answers]:
        _summary(detection, given, colors)
        detection, main = _choose_main(detection, given.main)
        return detection, dataclasses.replace(_ask_all(detection, given), main=main)

    try:
        generated = generate.generate(project, flags, out_dir=out_dir, questions=questions)
    except generate.SeveralProjectsError as several:  # a question, not a guess
        folder = _choose_folder(project, several.projects)
        generated = generate.generate(folder, flags, questions=questions)
    files, overwrite = _resolve_existing(generated.files, generated.out_dir, colors)
    # The answers describe the files: kept only when every file was written under its name
    # (written alongside or skipped, the saved port would not match the Dockerfile in place).
    complete = all(name in files for name in generated.files)
    written = generate.write(generated, files, replace=overwrite, backup=backup, save_answers=complete)
    print()
    for line in console.written_lines(written, color=color, show=console.relative):
        print(line)
    if not written:
        print("Nothing written.")
        return 0
    if not complete:
        print(
            "Your answers were not saved in genfile.toml: the files in place are not the ones they describe."
        )
    print(f"\n{colors.bold}Next:{colors.reset}")
    for step in console.next_steps(generated.plan, generated.root, generated.out_dir):
        print(f"  {validate.printable(step)}")
    return 0
