"""GF013: CMD or ENTRYPOINT in shell form: /bin/sh is PID 1 and swallows SIGTERM."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from genfile.audit.context import AuditContext
from genfile.audit.finding import Severity
from genfile.audit.rules.base import Hit, quote, rule
from genfile.audit.rules.process import NEEDS_SHELL, runner_script, split_words


@rule(
    "GF013",
    "shell-form-start",
    Severity.WARNING,
    "Shell-form CMD or ENTRYPOINT",
    why='In shell form Docker runs /bin/sh -c "...": the shell is PID 1 and does not pass SIGTERM on, '
    "so `docker stop` and every rolling deploy wait 10 seconds and then kill the app mid-request. "
    "Images without a shell (distroless, scratch) cannot start it at all.",
    fix='Use the exec form, a JSON array: CMD ["gunicorn", "--bind", "0.0.0.0:8000", "app:app"].',
    tags=("reliability",),
)
def shell_form(ctx: AuditContext) -> Iterator[Hit]:
    _, ref = ctx.base_of(ctx.dockerfile.final)
    for instruction in ctx.start:
        if instruction is None or instruction.json or not instruction.args:
            continue
        command = instruction.args[0].strip()
        if re.match(r"exec\s", command):
            continue
        no_shell = ref.has_shell() is False
        message = f"{quote(instruction.original)} runs under /bin/sh -c, which swallows SIGTERM"
        if no_shell:
            message = (
                f"{quote(instruction.original)} needs /bin/sh, and {ref.raw} has none: "
                "the container cannot start"
            )
        if runner_script(split_words(command)) is not None:
            fix = "Use the exec form, with the real process rather than npm/yarn (see GF014)."
        elif re.search(r"&&|\|\||;|\|", command):
            fix = (
                "It runs several commands: move them to a script that ends with `exec <server>`, and "
                "run the script in exec form."
            )
        elif NEEDS_SHELL.search(command):
            fix = (
                "It needs the shell: start it with exec so the server replaces the shell: "
                f"{instruction.cmd} exec {command}."
            )
        else:
            words = command.split()
            fix = f"{instruction.cmd} {json.dumps(words)}"
            fix = f"Use the exec form: {fix}."
        yield Hit(message, instruction.line, instruction.end_line, fix=fix)
