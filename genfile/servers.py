"""What a start command says about the process it runs: its port, and whether it is a
development server or a package-manager wrapper.

Shared by ``genfile init --cmd`` (a command the user gives is checked against the plan, not
trusted) and ``genfile audit`` (the same judgement of a Dockerfile's CMD), so the two never
disagree about what ``flask run`` listens on.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# Development servers: what they are, for a note or a finding.
DEV_SERVERS = (
    (re.compile(r"\bflask\b.*\brun\b"), "Flask's development server (flask run)"),
    (re.compile(r"\brunserver\b"), "Django's development server (runserver)"),
    (re.compile(r"--reload\b"), "an auto-reloading server (--reload)"),
    (re.compile(r"\b(nodemon|ts-node-dev|webpack-dev-server)\b"), "a file-watching development server"),
    (re.compile(r"\b(next|nuxt|remix|astro)\s+dev\b"), "the framework's development server (dev)"),
    (re.compile(r"\bvite$|\bvite\s+(dev|serve|preview|--)"), "Vite's development server"),
    (re.compile(r"\bng\s+serve\b|\breact-scripts\s+start\b|\bwebpack\s+serve\b"), "a development server"),
    (re.compile(r"\bphp\s+-S\b"), "PHP's built-in development server"),
)
# Package managers that run a script as PID 1 and do not pass SIGTERM on to it.
RUNNERS = ("npm", "npx", "yarn", "pnpm")

# The port a server listens on when its command line names none (upstream defaults).
_DEFAULT_PORTS = (
    (re.compile(r"\bflask\b.*\brun\b"), 5000),
    (re.compile(r"\brunserver\b"), 8000),
    (re.compile(r"^(\S*/)?(gunicorn|uvicorn|hypercorn|daphne)\b"), 8000),
    (re.compile(r"\bstreamlit\s+run\b"), 8501),
    (re.compile(r"\b(next|nuxt|remix-serve|react-router-serve)\b"), 3000),
)
# Servers that listen on $PORT by themselves when it is set.
_READ_PORT = re.compile(r"^(\S*/)?(gunicorn|next)\b")
_PORT_FLAG = re.compile(r"^(--port|-p|--server\.port|--http-port)(?:=(\d{1,5}))?$")
_BIND_FLAG = re.compile(r"^(--bind|-b)(?:=(\S+))?$")
_ADDRESS = re.compile(r"^(?:[\w.\[\]:-]*:)?(\d{1,5})$")


def development_server(text: str) -> str | None:
    """What kind of development server ``text`` (a command line) starts, if it is one."""
    return next((what for pattern, what in DEV_SERVERS if pattern.search(text)), None)


def runner(argv: Sequence[str]) -> str | None:
    """The package manager the command runs its script through (``npm start``), if any."""
    program = argv[0].rsplit("/", 1)[-1] if argv else ""
    return program if program in RUNNERS else None


def stated_port(argv: Sequence[str]) -> int | None:
    """The port the command line itself gives (``--port 9000``, ``-b 0.0.0.0:9000``,
    ``runserver 0.0.0.0:8001``), or None."""
    words = list(argv)
    for index, word in enumerate(words):
        following = words[index + 1] if index + 1 < len(words) else ""
        flag = _PORT_FLAG.match(word)
        if flag:
            value = flag[2] or following
            return int(value) if value.isdigit() and 1 <= int(value) <= 65535 else None
        bind = _BIND_FLAG.match(word)
        if bind:
            address = _ADDRESS.match(bind[2] or following)
            return int(address[1]) if address and 1 <= int(address[1]) <= 65535 else None
        if word == "runserver" and following and (address := _ADDRESS.match(following)):
            return int(address[1])
    return None


def default_port(argv: Sequence[str]) -> int | None:
    """The port the server listens on when its command names none."""
    text = " ".join(argv)
    return next((port for pattern, port in _DEFAULT_PORTS if pattern.search(text)), None)


def reads_port(argv: Sequence[str]) -> bool:
    """Whether the server listens on $PORT by itself (gunicorn, next start)."""
    return bool(argv) and _READ_PORT.search(" ".join(argv)) is not None
