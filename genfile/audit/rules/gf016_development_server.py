"""GF016: a development server (flask run, runserver, --reload, next dev, vite) is the
container's process."""

from __future__ import annotations

import re
from collections.abc import Iterator

from genfile.audit.context import AuditContext
from genfile.audit.finding import Severity
from genfile.audit.rules.base import Hit, followed_by, quote, rule
from genfile.audit.rules.process import program_words, runner_script


class _FlaskRun:
    """``\\bflask\\b.*\\brun\\b`` without the backtracking (see followed_by)."""

    _flask = re.compile(r"\bflask\b")
    _run = re.compile(r"\brun\b")

    def search(self, text: str) -> bool:
        return followed_by(self._flask, self._run, text)


_DEV_SERVERS = (
    (_FlaskRun(), "Flask's development server (flask run)"),
    (re.compile(r"\brunserver\b"), "Django's development server (runserver)"),
    (re.compile(r"--reload\b"), "an auto-reloading server (--reload)"),
    (re.compile(r"\b(nodemon|ts-node-dev|webpack-dev-server)\b"), "a file-watching development server"),
    (re.compile(r"\b(next|nuxt|remix|astro)\s+dev\b"), "the framework's development server (dev)"),
    (re.compile(r"\bvite$|\bvite\s+(dev|serve|preview|--)"), "Vite's development server"),
    (re.compile(r"\bng\s+serve\b|\breact-scripts\s+start\b|\bwebpack\s+serve\b"), "a development server"),
    (re.compile(r"\bphp\s+-S\b"), "PHP's built-in development server"),
)


def _program(words: list[str]) -> str:
    return words[0].rsplit("/", 1)[-1] if words else ""


def _dev_server(text: str) -> str | None:
    return next((what for pattern, what in _DEV_SERVERS if pattern.search(text)), None)


def _flask_script(ctx: AuditContext, words: list[str]) -> str | None:
    """``python app.py`` where app.py starts Flask's built-in server (app.run)."""
    tried: set[str] = set()
    for index, word in enumerate(words[:-1]):
        if re.fullmatch(r"python[\d.]*", word.rsplit("/", 1)[-1]) and words[index + 1].endswith(".py"):
            script = words[index + 1]
            for rel in dict.fromkeys(
                [script.removeprefix("./"), re.sub(r"^/(app|usr/src/app|code|srv)/", "", script)]
            ):
                if rel in tried:
                    continue  # a command naming the same script again reads nothing new
                tried.add(rel)
                text = ctx.read(rel)
                if text and re.search(r"\bFlask\(", text) and re.search(r"\.run\(", text):
                    return f"Flask's development server ({rel} calls app.run)"
    return None


@rule(
    "GF016",
    "development-server",
    Severity.WARNING,
    "Development server as the container's process",
    why="Development servers (flask run / app.run, manage.py runserver, --reload, next dev, vite) "
    "serve one request at a time or watch files, are not hardened, and their own docs say not "
    "to use them in production.",
    fix="Run a production server (gunicorn or uvicorn for Python, the built output with node for "
    "JavaScript, nginx for a static site).",
    tags=("reliability", "security"),
)
def development_server(ctx: AuditContext) -> Iterator[Hit]:
    # The server itself, past ``sh -c '...; exec'``, ``env``, ``tini --``: a wrapper's other
    # words (an ``echo starting flask`` before the exec) say nothing about what serves.
    words = program_words(ctx.start_words())
    if not words:
        return
    what = _dev_server(" ".join(words)) or _flask_script(ctx, words)
    found = runner_script(words)
    if what is None and found is not None:
        script = ctx.package_scripts().get(found[1], "")
        inner = _dev_server(script)
        if inner:
            what = f'{inner}, via scripts.{found[1]} "{script}"'
        elif found[1] == "dev":
            what = "the project's dev script"
    if what is None:
        return
    planned = ctx.planned_command()
    fix = ""
    if planned and ctx.plan is not None:
        fix = f"Run a production server: CMD {planned} (what genfile detects for this project)."
        server = _program(program_words(ctx.plan.command))
        named = re.compile(rf"(?<![\w.-]){re.escape(server)}(?![\w.-])")
        if (
            server
            and ctx.detection
            and any(named.search(w) and "not a dependency" in w for w in ctx.detection.warnings)
        ):
            fix += f" {server} is not among the project's dependencies yet: add it."
    entrypoint, cmd = ctx.start
    chosen = cmd or entrypoint
    shown = chosen.original if chosen else " ".join(words)
    yield Hit(f"{quote(shown)} starts {what}", ctx.start_line(), fix=fix)
