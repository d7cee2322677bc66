"""The init sequence, owned here for every command that writes a container setup:

    project + saved answers (genfile.toml) + flags → detection → plan → files

:func:`generate` runs it and writes nothing; :func:`write` puts the files in place and keeps
the decisions in genfile.toml. ``genfile init`` (--yes and --stdout), its wizard (which asks
its questions between detection and plan), ``genfile audit --fix`` and ``genfile new`` all
call these two, so one project and one set of answers give the same files whichever command
wrote them.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

from genfile import answers as saved_answers
from genfile import digests, pipeline, servers, validate
from genfile.answers import Answers
from genfile.detection import Detection
from genfile.errors import ChoiceError, UnknownProjectError
from genfile.plan import PORT, BuildPlan
from genfile.render import render
from genfile.repo import SKIP_DIRS, Repo
from genfile.stacks import get_stack, version_flag_runtime
from genfile.write import Written, write_all

# The wizard's hook: given what was detected and the answers so far, the answers to use
# (and the detection, when a question such as "which program?" changes what is detected).
Questions = Callable[[Detection, Answers], tuple[Detection, Answers]]


class SeveralProjectsError(ChoiceError):
    """The folder holds no project itself but several in sub-folders: a choice to make."""

    def __init__(self, folder: Path, projects: list[str]) -> None:
        self.projects = projects
        super().__init__(
            f"{folder}: several projects in sub-folders ({', '.join(p + '/' for p in projects)})",
            f"choose one: genfile init {folder / projects[0]}",
        )


@dataclass(frozen=True)
class Generated:
    """What the sequence produced: everything a command needs to show, write or explain it."""

    detection: Detection
    answers: Answers  # flags over saved answers, after any questions
    plan: BuildPlan
    files: dict[str, str]  # file name → content, for the files the answers chose
    root: Path  # the project folder
    out_dir: Path  # where the files go


def generate(
    project: Path,
    flags: Answers | None = None,
    *,
    out_dir: Path | None = None,
    questions: Questions | None = None,
    version_for: str | None = None,
    edit: Callable[[BuildPlan], BuildPlan] | None = None,
) -> Generated:
    """Detect ``project``, apply the saved answers and ``flags`` (flags win), let
    ``questions`` edit them, plan and render. ``version_for`` is the language a
    ``--<language>-version`` flag named, refused when the project is another one. ``edit``
    changes the plan before it is rendered, for what no answer says (``audit --fix`` carries
    the replaced Dockerfile's run-time ENV with it)."""
    detection, given = prepare(project, flags, out_dir)
    root = Path(detection.root)
    if version_for is not None and version_for != detection.ecosystem:
        raise ChoiceError(
            f"--{version_for}-version does not apply to a {detection.ecosystem} project",
            f"use --{detection.ecosystem}-version",
        )
    if questions is not None:
        detection, given = questions(detection, given)
    target = out_dir if out_dir is not None else root
    plan = plan_for(detection, given, target)
    flag_runtime = version_flag_runtime(version_for) if version_for is not None else None
    if flag_runtime is not None and plan.stack.version_of != flag_runtime:
        # A Bun project's version is Bun's: --node-version 24 would ask for oven/bun:24.
        raise ChoiceError(
            f"--{version_for}-version sets the {flag_runtime} version, and this "
            f"project runs on {plan.stack.version_of} (stack {plan.stack.name})",
            f'pin {plan.stack.version_of} in the project, or set [init] version = "..." in genfile.toml',
        )
    if edit is not None:
        plan = edit(plan)
    files = render(plan)
    if given.pin_digest:
        # The images are the ones the rendered stages start from; pinning changes no decision.
        pins = digests.resolve(digests.base_images(files["Dockerfile"]))
        plan = dataclasses.replace(plan, digests=pins)
        files = render(plan)
    if target.resolve() != root.resolve() and ".dockerignore" in files:
        # Built with -f, BuildKit reads <Dockerfile>.dockerignore beside the Dockerfile (a
        # .dockerignore there would be ignored, and .git and .env would reach the build).
        files = {("Dockerfile.dockerignore" if n == ".dockerignore" else n): t for n, t in files.items()}
    return Generated(detection, given, plan, files, root, target)


def answers_folder(root: Path, out_dir: Path | None) -> Path:
    """Where genfile.toml lives: beside the files it describes (the output folder)."""
    return out_dir if out_dir is not None else root


def prepare(
    project: Path, flags: Answers | None = None, out_dir: Path | None = None
) -> tuple[Detection, Answers]:
    """The sequence's first half: the detection, and the answers to apply (``flags`` over
    those saved in genfile.toml beside the files; a saved stack or main package is detected with)."""
    flags = flags or Answers()
    detection = detect_project(project, flags.stack, flags.main)
    folder = answers_folder(Path(detection.root), out_dir)
    given = flags.over(saved_answers.load(folder) if folder.is_dir() else Answers())
    if (given.stack, given.main) != (flags.stack, flags.main):  # a saved answer changes detection
        detection = detect_project(Path(detection.root), given.stack, given.main)
    return detection, given


def write(
    generated: Generated,
    files: Mapping[str, str] | None = None,
    *,
    replace: Collection[str] | bool = False,
    backup: bool = True,
    save_answers: bool = True,
) -> list[Written]:
    """Write ``files`` (default: all generated ones) into the output folder, replacing the
    existing ones named in ``replace`` (True: any), and save the answers in genfile.toml, in
    one all-or-nothing write: a refusal or an error writes no file at all."""
    chosen = dict(generated.files if files is None else files)
    if not chosen:
        return []
    targets = {generated.out_dir / name: text for name, text in chosen.items()}
    allowed: set[Path] | bool = (
        replace if isinstance(replace, bool) else {generated.out_dir / n for n in replace}
    )
    folder = generated.out_dir
    answers_file = folder / saved_answers.ANSWERS_FILE
    if save_answers and not generated.answers.is_empty():
        current = Repo(folder).text(saved_answers.ANSWERS_FILE) if answers_file.exists() else None
        targets[answers_file] = saved_answers.updated(current, generated.answers)
        if allowed is not True:  # genfile's own file, edited in place, may always change
            allowed = {*(allowed or ()), answers_file}
    return write_all(targets, replace=allowed, backup=backup, no_backup={answers_file})


def find_projects(root: Path, max_depth: int = 2) -> list[str]:
    """Sub-folders (relative paths) holding a project genfile recognises: a monorepo's apps."""
    found: list[str] = []
    for dirpath, dirnames, _ in os.walk(root, followlinks=False):
        rel = os.path.relpath(dirpath, root)
        depth = 0 if rel == "." else rel.count(os.sep) + 1
        dirnames[:] = sorted(
            d
            for d in dirnames
            if d not in SKIP_DIRS and not d.startswith(".") and depth < max_depth and validate.is_printable(d)
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
            raise SeveralProjectsError(path, projects) from None
        raise


def plan_for(
    detection: Detection, answers: Answers, out_dir: Path, *, require_command: bool = True
) -> BuildPlan:
    """The plan for these answers: the stack (and main package) plan it, the rest edit it.
    Without a start command there is no image to write (``require_command``: refuse)."""
    detected = pipeline.plan_stack(detection, answers.stack)
    plan = answers.apply(detected)
    if answers.command is not None:
        plan = _given_command(detected, plan, answers)
    elif answers.port is not None and not detected.honours_port and detected.port not in (None, answers.port):
        # Writing EXPOSE 8080 and a health check on 8080 for an app that listens on 3000
        # would be a setup that never answers.
        raise ChoiceError(
            f"port {answers.port}: {detected.port_note}",
            "make the app listen on $PORT, or keep its port (drop --port, or the port in genfile.toml)",
        )
    if require_command and not plan.command:
        # The language's own warning says what it looked for and how to give the command.
        why = next((w for w in detection.warnings if "--cmd" in w or "start command" in w), "")
        raise ChoiceError(
            f"{detection.root}: {why or 'no start command found'}", "" if why else "give one with --cmd"
        )
    project = Path(detection.root)
    if out_dir.resolve() != project.resolve():
        context = os.path.relpath(project.resolve(), out_dir.resolve())
        dockerfile = os.path.relpath(out_dir.resolve() / "Dockerfile", project.resolve())
        plan = dataclasses.replace(plan, context=context, dockerfile_from_context=dockerfile)
    return plan


_PORT_VARIABLE = re.compile(r"\$\{PORT(?::-\d+)?\}|\$PORT\b")


def _given_command(detected: BuildPlan, plan: BuildPlan, answers: Answers) -> BuildPlan:
    """A start command the user gave, checked against the plan rather than trusted: its port
    comes from the command where it says one (``flask run`` listens on 5000, not the detected
    8000), ``$PORT`` in it is read at start, and a development server or a package manager
    as PID 1 is pointed out."""
    argv = tuple(_PORT_VARIABLE.sub(PORT, arg) for arg in plan.command)
    stated = servers.stated_port(argv)
    notes = list(plan.notes)
    if stated is not None and answers.port is not None and answers.port != stated:
        raise ChoiceError(
            f"--cmd listens on port {stated}, the port answer says {answers.port}",
            "make them agree (or put $PORT in the command)",
        )
    follows = any(PORT in arg for arg in argv) or servers.reads_port(argv)
    port = stated or answers.port or servers.default_port(argv) or detected.port
    note = "" if follows else f"the start command fixes port {port}"
    if not follows and stated is None and (argv[:1] == detected.command[:1] or servers.runner(argv)):
        # The same program as detected (or a package manager running the detected script).
        follows, note = detected.honours_port, detected.port_note
    shown = " ".join(argv).replace(PORT, "$PORT")
    dev = servers.development_server(shown)
    if dev:
        production = " ".join(detected.start_command) or "no server"
        notes.append(f"--cmd runs {dev}: it is not made for production; genfile detects {production}")
    if servers.runner(argv):
        notes.append(
            f"--cmd runs {argv[0]} as PID 1: it does not pass SIGTERM on to the app; run the process "
            "its script starts instead"
        )
    return dataclasses.replace(
        plan, command=argv, port=port, honours_port=follows, port_note=note, notes=tuple(notes)
    )
