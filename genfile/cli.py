"""Command line: ``genfile detect``, ``genfile init``, ``genfile stacks``.

Every command is a thin layer over :mod:`genfile.pipeline`; errors a user can cause end as one
line on stderr and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from genfile import __version__, pipeline, validate
from genfile.detection import Detection
from genfile.detectors import all_detectors
from genfile.errors import ChoiceError, GenfileError
from genfile.plan import BuildPlan
from genfile.render import render
from genfile.stacks import all_stacks, get_stack
from genfile.write import write_files


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="genfile",
        description="Look at a project and write the container setup an expert would write for it.",
    )
    parser.add_argument("--version", action="version", version=f"genfile {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    detect = sub.add_parser(
        "detect",
        help="show what genfile finds in a project, with evidence",
        description="Show what genfile finds in a project and where it found it.",
    )
    detect.add_argument("path", nargs="?", default=".", help="project folder (default: .)")
    detect.add_argument("--json", action="store_true", help="machine-readable output")

    init = sub.add_parser(
        "init",
        help="write a Dockerfile and .dockerignore for a project",
        description="Write an optimized Dockerfile and .dockerignore for a project.",
    )
    init.add_argument("path", nargs="?", default=".", help="project folder (default: .)")
    init.add_argument("--yes", "-y", action="store_true", help="use detected values, ask nothing")
    init.add_argument("--stack", help="stack to use (see `genfile stacks`)")
    for detector in all_detectors():
        init.add_argument(
            f"--{detector.ECOSYSTEM}-version",
            metavar="VERSION",
            help=f"{detector.ECOSYSTEM.capitalize()} version of the base image (default: detected)",
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
    init.add_argument("--force", action="store_true", help="replace existing files (keeps .bak copies)")
    init.add_argument("--no-backup", action="store_true", help="with --force, keep no .bak copies")
    init.add_argument("--output-dir", metavar="DIR", help="where to write (default: the project folder)")

    sub.add_parser("stacks", help="list the stacks", description="List the stacks genfile can render.")
    return parser


def _print_detection(detection: Detection, plan: BuildPlan | None) -> None:
    print(f"Project:  {detection.project_name} ({detection.ecosystem})")
    print(f"Stack:    {detection.stack} ({detection.stack_reason})")
    width = max(len(f.name) for f in detection.facts) + 2
    for fact in detection.facts:
        value = ", ".join(map(str, fact.value)) if isinstance(fact.value, tuple) else fact.value
        print(f"  {fact.name:<{width}}{value}")
        for evidence in fact.evidence:
            print(f"  {'':<{width}}  ← {evidence}")
    if plan is not None:
        print(
            f"Image:    {plan.base_image}, runs {' '.join(plan.start_command) or '(no command)'}"
            f" as UID {plan.user.uid}"
        )
    for warning in detection.warnings:
        print(f"warning: {warning}")


def _detect(args: argparse.Namespace) -> int:
    detection = pipeline.detect(args.path)
    plan = pipeline.make_plan(detection)
    if args.json:
        print(json.dumps({**detection.as_dict(), "plan": plan.as_dict()}, indent=2, ensure_ascii=False))
    else:
        _print_detection(detection, plan)
    return 0


def _init(args: argparse.Namespace) -> int:
    ecosystem = get_stack(args.stack).language if args.stack else None
    detection = pipeline.detect(args.path, ecosystem)
    plan = pipeline.make_plan(detection, args.stack)
    for detector in all_detectors():
        given = getattr(args, f"{detector.ECOSYSTEM}_version")
        if given is not None and plan.ecosystem != detector.ECOSYSTEM:
            raise ChoiceError(
                f"--{detector.ECOSYSTEM}-version does not apply to a {plan.ecosystem} project",
                f"use --{plan.ecosystem}-version",
            )
    plan = plan.edit(
        version=getattr(args, f"{plan.ecosystem}_version"),
        port=validate.port(args.port) if args.port is not None else None,
        command=validate.command(args.cmd) if args.cmd is not None else None,
    )
    if not plan.command:
        raise ChoiceError(
            f"{args.path}: no start command found", "give one with --cmd, e.g. --cmd 'python -m myapp'"
        )
    files = render(plan)
    if args.stdout:
        for name, text in files.items():
            print(f"# ---- {name} ----")
            print(text, end="")
        return 0
    out_dir = Path(args.output_dir) if args.output_dir else Path(args.path)
    for written in write_files(files, out_dir, force=args.force, backup=not args.no_backup):
        extra = f" (previous kept as {written.backup.name})" if written.backup else ""
        print(f"{written.status}: {written.path}{extra}")
    for note in plan.notes:
        print(f"note: {note}")
    run = f"docker run --rm -p {plan.port}:{plan.port} " if plan.port else "docker run --rm "
    print(f"next: docker build -t {plan.image_name} {out_dir} && {run}{plan.image_name}")
    return 0


def _stacks(_: argparse.Namespace) -> int:
    for stack in all_stacks():
        print(f"{stack.name:<16} {stack.summary}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    handlers = {"detect": _detect, "init": _init, "stacks": _stacks}
    if args.command is None:
        parser.print_help()
        return 2
    try:
        return handlers[args.command](args)
    except GenfileError as exc:
        print(f"genfile: error: {exc.line()}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("genfile: interrupted, nothing written", file=sys.stderr)
        return 130
