"""``genfile new`` on the command line: the argparse wiring and the handler the CLI calls.

Kept apart from :mod:`~genfile.scaffold.pipeline` so :func:`~genfile.scaffold.scaffold` stays
usable as a library call (no printing, no reading of ``sys.stdin``); this module turns flags
into its arguments and its result into the lines a person reads.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from genfile import console
from genfile.errors import ChoiceError
from genfile.scaffold.pipeline import scaffold
from genfile.scaffold.settings import parse_settings
from genfile.scaffold.templates import CONTEXT_FILE, TEMPLATES_DIR, bundled_templates


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``genfile new`` to the CLI's subcommands."""
    names = ", ".join(sorted(p.parent.name for p in TEMPLATES_DIR.glob(f"*/{CONTEXT_FILE}")))
    new = subparsers.add_parser(
        "new",
        help="scaffold a new service from a template, with its container setup",
        description=(
            "Scaffold a new service from a cookiecutter template (bundled, or your own folder), "
            "then write its Dockerfile and .dockerignore as `genfile init` would. "
            "Without TEMPLATE, list the bundled templates."
        ),
        epilog=f"bundled templates: {names}" if names else None,
    )
    new.add_argument(
        "template",
        nargs="?",
        metavar="TEMPLATE",
        help="a bundled template name, or the path of a cookiecutter template folder",
    )
    new.add_argument(
        "directory",
        nargs="?",
        metavar="DIR",
        help="folder to create (default: ./<project_slug>); its name is the default project name",
    )
    new.add_argument(
        "--no-input",
        action="store_true",
        help="ask nothing: the template's defaults and the --set values",
    )
    new.add_argument(
        "--set",
        dest="settings",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a template variable, e.g. --set project_name='Billing API' --set port=9000 (repeatable)",
    )
    new.add_argument(
        "--force",
        action="store_true",
        help="write into an existing, non-empty DIR (replaced files keep a .bak copy)",
    )
    new.add_argument("--stack", help="stack for the container files (see `genfile stacks`)")
    new.add_argument("--compose", action="store_true", help="also write compose.yaml")
    new.add_argument(
        "--no-container",
        action="store_true",
        help="scaffold only: write no Dockerfile or .dockerignore",
    )
    new.set_defaults(handler=run)


def _list() -> int:
    templates = bundled_templates()
    width = max((len(t.name) for t in templates), default=0) + 2
    for template in templates:
        print(f"{template.name:<{width}}{template.summary}")
    print()
    print("Scaffold one with: genfile new TEMPLATE [DIR]  (your own cookiecutter template: genfile new PATH)")
    return 0


def run(args: argparse.Namespace) -> int:
    """The ``genfile new`` handler: list the templates, or scaffold one."""
    if args.template is None:
        return _list()
    if args.no_container and (args.stack or args.compose):
        raise ChoiceError("--no-container writes no container files", "drop --stack/--compose")
    # Prompts need a person at a terminal; anywhere else (CI, a pipe) nothing is asked.
    no_input = args.no_input or not sys.stdin.isatty()
    result = scaffold(
        args.template,
        args.directory,
        settings=parse_settings(args.settings),
        no_input=no_input,
        force=args.force,
        container=not args.no_container,
        stack=args.stack,
        compose=args.compose,
    )
    shown = os.path.relpath(result.path)
    lines = [f"created: {shown}{os.sep} (from {args.template})"]
    lines += console.written_lines(result.written, show=os.path.relpath)
    lines += [f"note: {note}" for note in result.notes]
    if result.plan is not None:
        if shown != os.curdir:
            lines.append(f"next: cd {shown}")
        lines += [f"next: {step}" for step in console.next_steps(result.plan, Path("."), Path("."))]
    console.say(*lines)
    return 0
