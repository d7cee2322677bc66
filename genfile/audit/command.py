"""``genfile audit``: the argparse wiring and the handler the CLI calls.

The handler returns the exit status: 0 after an audit (whatever it found), 1 when
``--fail-on`` is given and a finding reaches that severity, so the command can gate CI; user
errors raise :class:`~genfile.errors.GenfileError` subclasses, which the CLI prints as one
line with status 2.
"""

from __future__ import annotations

import argparse
import json
import re
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from genfile import console
from genfile.audit import fix as fixer
from genfile.audit.engine import audit, ignore_file_for
from genfile.audit.finding import Severity
from genfile.audit.parse import parse, read_dockerfile
from genfile.audit.report import BOLD, RESET, Report, as_json, display, render_text, use_color
from genfile.audit.rules import RULES
from genfile.audit.sarif import as_sarif
from genfile.errors import ChoiceError, GenfileError

if TYPE_CHECKING:
    SubParsers = argparse._SubParsersAction[argparse.ArgumentParser]

DESCRIPTION = """\
Review a Dockerfile the way an expert would: each finding names the line, what is wrong,
why it matters (image size, build time, security) and the concrete fix. Reads Dockerfile
(or -f FILE) and .dockerignore in PATH, parses with BuildKit's own parser, and merges
hadolint's findings when hadolint is installed. --fix shows (and on confirmation writes)
the Dockerfile `genfile init` would write for the project instead, keeping the audited
file's choices (system packages, final-stage ENV, port, numeric USER, base image version,
server options such as gunicorn -w) and listing each difference it does not keep; when it
cannot keep one it refuses, unless --force.

exit status: 0 after an audit; 1 with --fail-on when a finding reaches that severity;
2 for a Dockerfile that does not parse or another error.
"""


def register(subparsers: SubParsers) -> None:
    """Add the ``audit`` command to genfile's subcommands."""
    parser = subparsers.add_parser(
        "audit",
        help="review a Dockerfile: findings with line, why and fix; --fix replaces it",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("path", nargs="?", default=".", help="the build context folder (default: .)")
    parser.add_argument("-f", "--file", metavar="FILE", help="the Dockerfile (default: PATH/Dockerfile)")
    parser.add_argument(
        "--format",
        choices=("text", "json", "sarif"),
        default="text",
        help="text for people (default), json, or sarif (SARIF 2.1.0 for code scanning)",
    )
    parser.add_argument(
        "--fail-on",
        choices=("error", "warning", "info"),
        help="exit with status 1 when a finding at this severity or worse exists (for CI)",
    )
    parser.add_argument(
        "--fix",
        action="store_true",
        help="show the diff to the Dockerfile genfile writes for this project (with the current "
        "file's packages, ENV, port, user, version and server options kept), and write it on "
        "confirmation (the current file is kept as .bak; a missing .dockerignore is written too)",
    )
    parser.add_argument("--yes", "-y", action="store_true", help="with --fix, write without asking")
    parser.add_argument(
        "--force",
        action="store_true",
        help="with --fix, write even when the Dockerfile holds a choice genfile cannot keep (it is "
        "dropped, and said so)",
    )
    parser.add_argument(
        "--no-hadolint", action="store_true", help="do not run hadolint even if it is installed"
    )
    parser.add_argument(
        "--ignore",
        metavar="RULES",
        action="append",
        default=[],
        help="rule ids or names to skip, comma-separated (e.g. GF015,GF012); in the Dockerfile, "
        "`# genfile ignore=GF004` above an instruction silences it there",
    )
    parser.add_argument("--list-rules", action="store_true", help="list genfile's rules and exit")
    parser.set_defaults(handler=handle)


def _dockerfile(path: Path, given: str | None) -> Path:
    """``-f`` is relative to the current folder, as with docker build; a name that only exists
    inside PATH is found there too."""
    if given is None:
        return path / "Dockerfile"
    candidate = Path(given)
    if not candidate.exists() and not candidate.is_absolute() and (path / candidate).exists():
        return path / candidate
    return candidate


def _list_rules() -> int:
    for rule in RULES:
        info = rule.info
        print(f"{info.id}  {info.severity.label:<8} {info.title}")
    return 0


def handle(args: argparse.Namespace) -> int:
    """Run ``genfile audit`` for parsed arguments; returns the exit status."""
    if args.list_rules:
        return _list_rules()
    if args.fix and args.format != "text":
        raise ChoiceError(
            f"--fix cannot be combined with --format {args.format}", "run --fix with the text output"
        )
    if args.yes and not args.fix:
        raise ChoiceError("--yes only applies to --fix", "add --fix, or drop --yes")
    if args.force and not args.fix:
        raise ChoiceError("--force only applies to --fix", "add --fix, or drop --force")
    project = Path(args.path)
    dockerfile = _dockerfile(project, args.file)
    skip = [part for value in args.ignore for part in re.split(r"[,\s]+", value) if part]
    known = {r.info.id for r in RULES} | {r.info.name.upper() for r in RULES}
    unknown = [s for s in skip if s.upper() not in known]
    if unknown:
        raise ChoiceError(f"--ignore: unknown rule {unknown[0]!r}", "see `genfile audit --list-rules`")
    report = audit(project, dockerfile, hadolint=not args.no_hadolint, skip=skip)
    color = use_color(sys.stdout)
    if args.format == "json":
        print(json.dumps(as_json(report), indent=2, ensure_ascii=False))
    elif args.format == "sarif":
        print(json.dumps(as_sarif(report), indent=2, ensure_ascii=False))
    else:
        sys.stdout.write(render_text(report, color=color))
        if args.fix:
            _fix(project, dockerfile, args, color)
        elif _fix_would_help(report, project, dockerfile):
            command = shlex.join(
                [
                    "genfile",
                    "audit",
                    *([args.path] if args.path != "." else []),
                    *(["-f", args.file] if args.file else []),
                    "--fix",
                ]
            )
            print(f"Replace it with the Dockerfile genfile writes for this project: {command}")
    if args.fail_on and report.at_least(Severity.parse(args.fail_on)):
        return 1
    return 0


MAX_LISTED = 50  # lines per list; a generated Dockerfile of thousands of steps says "and N more"


def _listed(title: str, lines: list[str]) -> None:
    if not lines:
        return
    print(title)
    for line in lines[:MAX_LISTED]:
        print(f"  {line}")
    if len(lines) > MAX_LISTED:
        print(f"  ... and {len(lines) - MAX_LISTED} more")


def _fix_would_help(report: Report, project: Path, dockerfile: Path) -> bool:
    """Whether advising --fix is true: genfile's rules found something (score under 100), genfile
    can write a Dockerfile for the project, and it is not the one audited already."""
    if report.project is None or report.score >= 100:
        return False
    try:
        current = read_dockerfile(dockerfile)
        parsed = parse(current, dockerfile)
        proposal = fixer.propose(
            project, dockerfile, ignore_file_for(project, dockerfile), current, parsed=parsed
        )
    except GenfileError:
        return False
    return proposal.new != current


def _fix(project: Path, dockerfile: Path, args: argparse.Namespace, color: bool) -> None:
    current = read_dockerfile(dockerfile)
    parsed = parse(current, dockerfile)
    proposal = fixer.propose(project, dockerfile, ignore_file_for(project, dockerfile), current, parsed)
    choices = proposal.choices
    name = display(dockerfile)
    if choices.lost and not args.force:
        first = choices.lost[0]
        more = f" (and {len(choices.lost) - 1} more)" if len(choices.lost) > 1 else ""
        raise ChoiceError(
            f"{first.where(name)}: `{first.text}`: --fix cannot keep it: {first.why}{more}",
            f"{first.fix + ', or ' if first.fix else ''}add --force to write genfile's Dockerfile "
            "without it (nothing was written)",
        )
    bold = (lambda t: f"{BOLD}{t}{RESET}") if color else (lambda t: t)
    print()
    if not proposal.changes:
        print(f"{display(dockerfile)} already is what genfile writes for this project: nothing to change.")
        return
    if proposal.current != proposal.new:
        print(bold(f"What --fix changes in {display(dockerfile)}:"))
        sys.stdout.write(proposal.diff(color=color))
    else:
        print(f"{display(dockerfile)} already is what genfile writes for this project.")
    if proposal.ignore_target is not None:
        print(f"{display(proposal.ignore_target)} does not exist: --fix writes genfile's too.")
    for note in proposal.notes:
        print(f"note: {note}")
    _listed(bold(f"Kept from {name}:"), [f"{i.where(name)}: {i.text}" for i in choices.kept])
    _listed(
        bold(f"Not kept from {name} (genfile does it its own way):"),
        [f"{i.where(name)}: `{i.text}`: {i.why}" for i in choices.differences],
    )
    _listed(
        bold(f"Dropped from {name} (--force):"),
        [f"{i.where(name)}: `{i.text}`: {i.why}" for i in choices.lost],
    )
    if args.yes:
        confirmed = True
    elif sys.stdin.isatty() and sys.stdout.isatty():
        import questionary  # loads only for people at a terminal

        question = f"Write it? ({dockerfile.name} is kept as {dockerfile.name}.bak)"
        confirmed = bool(questionary.confirm(question, default=False).unsafe_ask())
    else:
        again = shlex.join(
            [
                "genfile",
                "audit",
                args.path,
                *(["-f", args.file] if args.file else []),
                "--fix",
                "--yes",
                *(["--force"] if args.force else []),
            ]
        )
        print(f"Nothing written (no terminal to confirm). To apply it: {again}")
        return
    if not confirmed:
        print("Nothing written.")
        return
    for line in console.written_lines(fixer.apply(proposal), show=display):
        print(line)
