"""Command line: ``genfile detect``, ``init``, ``stacks``, ``audit`` and ``new``.

Every command is a thin layer: detection and planning are :mod:`genfile.pipeline`, the whole
init sequence is :mod:`genfile.generate`, ``audit`` and ``new`` register themselves from their
packages. Errors a user can cause end as one line on stderr and exit status 2, never a
traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from genfile import __version__, console, generate, pipeline, validate
from genfile import completion as completion_scripts
from genfile.answers import Answers
from genfile.audit import register as register_audit
from genfile.detection import Detection
from genfile.detectors import DETECTORS
from genfile.errors import ChoiceError, GenfileError
from genfile.plan import DEFAULT_FILES, FILES, BuildPlan
from genfile.scaffold import register as register_new
from genfile.stacks import all_stacks, version_flag_runtime

INIT_EPILOG = """examples:
  genfile init                          the wizard, in the current folder
  genfile init ./api --yes              detected values, nothing asked
  genfile init --stdout --port 9000     print the files, write nothing
  genfile init --yes --compose --force  also compose.yaml, replacing existing files (.bak kept)
  genfile init --check                  in CI or pre-commit: are the files in step?

exit status:
  0    files written (or printed, or in step with --check)
  1    --check: a file differs from what genfile writes now (the diff is printed)
  2    a problem genfile can name: a refused flag, a broken manifest, a file it would overwrite
  130  cancelled (Ctrl-C or Esc): nothing written
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="genfile",
        description="Look at a project and write the container setup an expert would write for it.",
    )
    parser.add_argument("-V", "--version", action="version", version=f"genfile {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    detect = sub.add_parser(
        "detect",
        help="show what genfile finds in a project, with evidence",
        description="Show what genfile finds in a project and where it found it.",
    )
    detect.add_argument("path", nargs="?", default=".", help="project folder (default: .)")
    detect.add_argument("--json", action="store_true", help="machine-readable output")
    detect.add_argument(
        "--offline", action="store_true", help="ask no package index (same as GENFILE_OFFLINE=1)"
    )

    init = sub.add_parser(
        "init",
        help="write a Dockerfile and .dockerignore for a project",
        description=(
            "Write an optimized Dockerfile and .dockerignore (and, if asked, compose.yaml and "
            "README.Docker.md) for a project. At a terminal it asks each question in a wizard, the "
            "detected value as default; with --yes, or without a terminal, it asks nothing. Every "
            "answer has a flag, and the answers you give are saved in genfile.toml."
        ),
        epilog=INIT_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    init.add_argument("path", nargs="?", default=".", help="project folder (default: .)")
    init.add_argument("--yes", "-y", action="store_true", help="use detected values, ask nothing")
    init.add_argument("--stack", help="stack to use (see `genfile stacks`)")
    for detector in DETECTORS:
        init.add_argument(
            f"--{detector.ecosystem}-version",
            metavar="VERSION",
            help=f"{version_flag_runtime(detector.ecosystem)} version of the base image (default: detected)",
        )
    init.add_argument("--port", help="port the app listens on")
    init.add_argument("--cmd", help="start command, e.g. 'gunicorn app:app'")
    init.add_argument(
        "--stdout",
        "--dry-run",
        dest="stdout",
        action="store_true",
        help="print the files instead of writing them",
    )
    init.add_argument(
        "--system-packages", metavar="PKGS", help="extra OS packages for the final image, e.g. 'curl tzdata'"
    )
    init.add_argument("--uid", help="numeric UID (and GID) the container runs as")
    init.add_argument(
        "--pin-digest",
        action="store_true",
        help="pin every base image to the digest the local Docker engine holds (docker pull them first)",
    )
    init.add_argument(
        "--main",
        "--app",
        dest="main",
        metavar="PATH",
        help="the program to build, when a project has several: a Go main package, a workspace app (Node)",
    )
    init.add_argument(
        "--files",
        metavar="NAMES",
        help="files to write, of Dockerfile,.dockerignore,compose.yaml,README.Docker.md "
        "(default: the first two)",
    )
    init.add_argument("--compose", action="store_true", help="also write compose.yaml")
    init.add_argument("--force", action="store_true", help="replace existing files (keeps .bak copies)")
    init.add_argument("--no-backup", action="store_true", help="with --force, keep no .bak copies")
    init.add_argument("--output-dir", metavar="DIR", help="where to write (default: the project folder)")
    init.add_argument(
        "--offline", action="store_true", help="ask no package index (same as GENFILE_OFFLINE=1)"
    )
    init.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 with a diff when the files differ from what genfile writes now",
    )
    init.add_argument("--no-color", action="store_true", help="no colours in the wizard (also: NO_COLOR=1)")

    stacks = sub.add_parser(
        "stacks", help="list the stacks", description="List the stacks genfile can render."
    )
    register_audit(sub)
    register_new(sub)
    completion = sub.add_parser(
        "completion",
        help="print a tab-completion script for bash, zsh or fish",
        description='Print a tab-completion script. bash: eval "$(genfile completion bash)" in ~/.bashrc; '
        'zsh: genfile completion zsh > "${fpath[1]}/_genfile"; '
        "fish: genfile completion fish > ~/.config/fish/completions/genfile.fish",
    )
    completion.add_argument("shell", choices=completion_scripts.SHELLS)
    completion.set_defaults(handler=lambda args: _completion(parser, args))
    detect.set_defaults(handler=_detect)
    init.set_defaults(handler=_init)
    stacks.set_defaults(handler=_stacks)
    return parser


def _print_detection(detection: Detection, plan: BuildPlan | None) -> None:
    lines = [
        f"Project:  {detection.project_name} ({detection.ecosystem})",
        f"Stack:    {detection.stack} ({detection.stack_reason})",
    ]
    width = max(len(f.name) for f in detection.facts) + 2
    for fact in detection.facts:
        lines.append(f"  {fact.name:<{width}}{console.shown(fact.value)}")
        lines += [f"  {'':<{width}}  ← {evidence}" for evidence in fact.evidence]
    if plan is not None:
        lines.append(
            f"Image:    {plan.base_image}, runs {' '.join(plan.start_command) or '(no command)'}"
            f" as UID {plan.user.uid}"
        )
    lines += [f"warning: {warning}" for warning in detection.warnings]
    console.say(*lines)


def _detect(args: argparse.Namespace) -> int:
    detection = pipeline.detect(args.path)
    plan = pipeline.plan_stack(detection)
    if args.json:
        print(json.dumps({**detection.as_dict(), "plan": plan.as_dict()}, indent=2, ensure_ascii=False))
    else:
        _print_detection(detection, plan)
    return 0


def _answers_from_flags(args: argparse.Namespace) -> tuple[Answers, str | None]:
    """The answers given as flags, and the ecosystem a --X-version flag was meant for."""
    versions = [(d.ecosystem, getattr(args, f"{d.ecosystem}_version")) for d in DETECTORS]
    versions = [(eco, v) for eco, v in versions if v is not None]
    if len(versions) > 1:
        raise ChoiceError("several --*-version flags given", "give the one for this project's language")
    files = None
    if args.files is not None:
        files = tuple(f for f in re.split(r"[,\s]+", args.files) if f)
    if args.compose:
        files = tuple(dict.fromkeys((*(files or DEFAULT_FILES), "compose.yaml")))
    packages = None
    if args.system_packages is not None:
        packages = validate.packages(tuple(p for p in re.split(r"[,\s]+", args.system_packages) if p))
    flags = Answers(
        stack=args.stack,
        version=validate.version(versions[0][1], "--version flag") if versions else None,
        command=validate.command(args.cmd) if args.cmd is not None else None,
        port=validate.port(args.port) if args.port is not None else None,
        system_packages=packages,
        files=validate.files(files, FILES) if files is not None else None,
        uid=validate.uid(args.uid) if args.uid is not None else None,
        main=args.main,
        pin_digest=True if args.pin_digest else None,
    )
    return flags, versions[0][0] if versions else None


def _init(args: argparse.Namespace) -> int:
    project = Path(args.path)
    out_dir = Path(args.output_dir) if args.output_dir else None
    flags, version_for = _answers_from_flags(args)
    interactive = sys.stdin.isatty() and sys.stdout.isatty()
    if not (args.yes or args.stdout or args.check) and interactive:
        from genfile.wizard import run  # questionary loads only for people at a terminal

        color = not args.no_color and not os.environ.get("NO_COLOR")
        return run(project, flags, out_dir, backup=not args.no_backup, color=color)
    generated = generate.generate(project, flags, out_dir=out_dir, version_for=version_for)
    if args.check:
        return _check(generated)
    if args.stdout:
        for name, text in generated.files.items():
            print(f"# ---- {name} ----")
            print(text, end="")
        # The files are on stdout (for a pipe); what genfile has to say goes to stderr.
        console.say(*(f"note: {note}" for note in generated.plan.notes), file=sys.stderr)
        return 0
    written = generate.write(generated, replace=args.force, backup=not args.no_backup)
    console.say(
        *console.written_lines(written, show=console.relative),
        *(f"note: {note}" for note in generated.plan.notes),
        *(f"next: {step}" for step in console.next_steps(generated.plan, generated.root, generated.out_dir)),
    )
    return 0


def _check(generated: generate.Generated) -> int:
    """``--check``: 0 when every file is what genfile writes now (saved answers applied), else 1
    with the diff, for CI and pre-commit."""
    stale = []
    for name, text in generated.files.items():
        target = generated.out_dir / name
        current = target.read_text(encoding="utf-8", errors="replace") if target.is_file() else ""
        if current != text:
            stale.append(name)
            sys.stdout.write(console.diff(current, text, console.relative(target)))
    if stale:
        console.say(
            f"genfile: {', '.join(stale)} not in step with what genfile writes now: "
            "run genfile init --yes --force",
            file=sys.stderr,
        )
        return 1
    return 0


def _completion(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    sys.stdout.write(completion_scripts.script(args.shell, parser))
    return 0


def _stacks(_: argparse.Namespace) -> int:
    for stack in all_stacks():
        print(f"{stack.name:<16} {stack.summary}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    if getattr(args, "offline", False):
        os.environ["GENFILE_OFFLINE"] = "1"  # read by the detectors that would ask an index
    try:
        code: int = args.handler(args)
        return code
    except GenfileError as exc:
        print(f"genfile: error: {exc.line()}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:  # output piped into `head` and closed early: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except RecursionError:
        print(
            "genfile: error: an input nests too deeply to be read: check the project's files", file=sys.stderr
        )
        return 2
    except OSError as exc:  # the file system said no: a full disk, a read-only folder, ...
        where = validate.printable(str(exc.filename)) + ": " if exc.filename else ""
        print(
            f"genfile: error: {where}{exc.strerror or exc}: check the path, its permissions and free space",
            file=sys.stderr,
        )
        return 2
    except KeyboardInterrupt:
        print("genfile: cancelled, nothing written", file=sys.stderr)
        return 130
