"""GF014: npm, yarn or pnpm is the container's process, between the app and its signals."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from genfile.audit.context import AuditContext
from genfile.audit.finding import Severity
from genfile.audit.rules.base import Hit, quote, rule
from genfile.audit.rules.process import NEEDS_SHELL, RUNNERS, runner_script


def _exec_form(script: str) -> str | None:
    """``node src/server.js`` → ``["node", "src/server.js"]``; None when it needs a shell."""
    if not script or NEEDS_SHELL.search(script) or re.match(r"[A-Za-z_][A-Za-z0-9_]*=", script):
        return None
    words = script.split()
    if words[0] in RUNNERS:
        return None
    return json.dumps(words)


@rule(
    "GF014",
    "npm-as-process",
    Severity.WARNING,
    "npm (or yarn/pnpm) runs the app",
    why="npm start makes npm the container's main process and your app its child: npm costs memory, "
    "runs the script through a shell, and does not reliably pass SIGTERM on, so the app is killed "
    "instead of shutting down cleanly; npm's own notices and errors also land in your logs.",
    fix='Run the command the script runs, directly and in exec form, e.g. CMD ["node", "server.js"].',
    tags=("reliability",),
)
def npm_process(ctx: AuditContext) -> Iterator[Hit]:
    found = runner_script(ctx.start_words())
    if found is None:
        return
    index, script = found
    words = ctx.start_words()
    shown = " ".join(w for w in words[index:] if not w.startswith("-"))
    command = ctx.package_scripts().get(script, "")
    target = _exec_form(command) or (ctx.planned_command() if ctx.ecosystem == "node" else None)
    fix = ""
    if target:
        where = (
            f' (scripts.{script} in package.json: "{command}")'
            if _exec_form(command)
            else " (what genfile detects)"
        )
        fix = f"Run it directly: CMD {target}{where}."
    yield Hit(f"{quote(shown)} is the container's process", ctx.start_line(), fix=fix)
