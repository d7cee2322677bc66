"""Start commands a project writes down (Procfile, render.yaml, a Makefile target), read as
evidence rather than pasted.

A line such as ``sh -c "flask db upgrade; gunicorn app:app"`` mixes a release step with the
server; ``make run`` needs make and usually starts a development server. The line is split
into its steps, ``make`` targets and ``sh -c`` are followed, environment assignments are kept
as the image's environment, and the last step that starts a server becomes the command. The
steps before it are release steps (migrations): run once per deploy, apart from the server,
which runs alone as PID 1.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass

from genfile.errors import ManifestError
from genfile.evidence import Evidence
from genfile.plan import PORT
from genfile.repo import Repo

_VAR = re.compile(r"^([A-Za-z_][A-Za-z0-9_]{0,60})=(.*)$")
_PORT_WORD = re.compile(r"\$\{PORT(?::-(\d{2,5}))?\}|\$PORT\b|\$\(PORT\)")
_SERVERS = (
    "gunicorn", "uvicorn", "hypercorn", "daphne", "granian", "waitress-serve", "uwsgi", "streamlit",
    "gradio", "panel", "bokeh", "chainlit", "solara", "fastapi", "litestar", "flask", "python",
    "python3", "django-admin", "celery", "rq", "huey_consumer",
)  # fmt: skip
# Steps that prepare a release (schema migrations, data seeds) rather than serve.
_RELEASE = re.compile(
    r"\bmigrate\b|\bdb upgrade\b|\balembic\b.{0,40}\bupgrade\b|\binit[-_]db\b|\bcreatedb\b"
    r"|\bseed\b|\bmigrations?\b"
)
_BUILD = re.compile(r"\bcollectstatic\b|\bcompilemessages\b|\bpip install\b|\bnpm (ci|install|run build)\b")


@dataclass(frozen=True)
class Line:
    """A resolved start line."""

    argv: tuple[str, ...]  # the server's command, exec form, port as PORT
    env: tuple[tuple[str, str], ...]  # assignments before it (DJANGO_SETTINGS_MODULE=...)
    release: tuple[tuple[str, ...], ...]  # steps before it that prepare a release
    dropped: tuple[str, ...]  # steps before it that are build steps (done in the build instead)
    chdir: str | None  # a ``cd folder`` before the server
    port: int | None  # a port the line names (--port 5000, ${PORT:-5000})
    via: tuple[Evidence, ...]  # the line, and a Makefile target when it was followed
    shell: bool  # the line could not be split safely: run it through sh -c as written


def _unwrap(text: str) -> str:
    """``sh -c "..."`` / ``bash -c '...'`` → the script inside."""
    try:
        words = shlex.split(text)
    except ValueError:
        return text
    if (
        len(words) >= 3
        and words[0] in ("sh", "bash", "/bin/sh", "/bin/bash")
        and words[1] in ("-c", "-ec", "-lc")
    ):
        return words[2]
    return text


def _steps(script: str) -> list[str] | None:
    """``a && b; c`` → [a, b, c] (None: pipes, subshells or redirections: not splittable)."""
    if re.search(r"[|<>`]|\$\(|\(\s|\bif\b|\bfor\b|\bwhile\b", script.replace("||", "")):
        return None
    out, buf, quote = [], "", ""
    i = 0
    while i < len(script):
        ch = script[i]
        if quote:
            buf += ch
            if ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
            buf += ch
        elif script.startswith("&&", i) or ch == ";":
            out.append(buf.strip())
            buf = ""
            i += 2 if ch == "&" else 1
            continue
        elif ch == "&":
            return None  # a background job
        else:
            buf += ch
        i += 1
    out.append(buf.strip())
    return [s for s in out if s]


def _make_target(repo: Repo, target: str, depth: int) -> tuple[str, Evidence] | None:
    """The recipe of ``target`` in the Makefile, variables expanded, joined with ``&&``."""
    name = next((n for n in ("Makefile", "makefile", "GNUmakefile") if repo.is_file(n)), None)
    if name is None or depth > 2:
        return None
    lines = repo.lines(name)
    variables: dict[str, str] = {}
    for raw in lines:
        m = re.match(r"^([A-Za-z_][A-Za-z0-9_]*)\s*[:?]?=\s*(.*)$", raw)
        if m and not raw.startswith("\t"):
            variables.setdefault(m[1], m[2].strip())
    for number, raw in enumerate(lines, start=1):
        m = re.match(rf"^{re.escape(target)}\s*:(?!=)", raw)
        if not m:
            continue
        recipe = []
        for line in lines[number:]:
            if not line.startswith("\t"):
                if line.strip() and not line.strip().startswith("#"):
                    break
                continue
            step = line.strip().lstrip("@-+").strip()
            if step and not step.startswith("#"):
                recipe.append(step)
        if not recipe:
            return None

        def expand(text: str) -> str:
            for _ in range(3):
                text = re.sub(
                    r"\$[({]([A-Za-z_][A-Za-z0-9_]*)[)}]", lambda v: variables.get(v[1], v[0]), text
                )
            return text.replace("$$", "$")

        return " && ".join(expand(r) for r in recipe), Evidence(
            name, number, f"{target}: {expand(recipe[-1])}"[:80]
        )
    return None


def _is_server(words: list[str]) -> bool:
    return bool(words) and (words[0] in _SERVERS or words[0].endswith(("/python", "/python3")))


def resolve(repo: Repo, text: str, evidence: Evidence, *, depth: int = 0) -> Line:
    """Read a start line (a Procfile ``web:`` value, a render.yaml ``startCommand``)."""
    via: tuple[Evidence, ...] = (evidence,)
    m = _PORT_WORD.search(text)
    port = int(m[1]) if m and m[1] else None
    script = _unwrap(text.strip())
    steps = _steps(script)
    if steps is None:
        return Line(("sh", "-c", _PORT_WORD.sub(PORT, script)), (), (), (), None, port, via, True)
    # A make target: follow it once (it usually runs the dev server; the server is read below).
    expanded: list[str] = []
    for step in steps:
        words = step.split()
        if words[:1] == ["make"] and len(words) == 2 and re.fullmatch(r"[\w.-]+", words[1]):
            found = _make_target(repo, words[1], depth)
            if found is not None:
                recipe, make_ev = found
                via = (*via, make_ev)
                expanded += _steps(_unwrap(recipe)) or [recipe]
                continue
        expanded.append(step)
    env: list[tuple[str, str]] = []
    chdir = None
    parsed: list[tuple[str, list[str]]] = []
    for step in expanded:
        try:
            words = shlex.split(_PORT_WORD.sub(PORT, step))
        except ValueError:
            return Line(("sh", "-c", _PORT_WORD.sub(PORT, script)), (), (), (), None, port, via, True)
        if words[:1] == ["export"]:
            words = words[1:]
        while words and (v := _VAR.match(words[0])):
            env.append((v[1], v[2]))
            words = words[1:]
        if not words:
            continue
        if (
            words[0] == "cd"
            and len(words) == 2
            and re.fullmatch(r"[\w./-]{1,200}", words[1])
            and ".." not in words[1]
        ):
            chdir = words[1].strip("/") or None
            continue
        if words[0] == "exec":
            words = words[1:]
        parsed.append((step, words))
    serving = [
        i for i, (step, words) in enumerate(parsed) if _is_server(words) and not _looks_like_task(words)
    ]
    if not serving:
        return Line(("sh", "-c", _PORT_WORD.sub(PORT, script)), tuple(env), (), (), None, port, via, True)
    last = serving[-1]
    release = tuple(tuple(w) for step, w in parsed[:last] if not _BUILD.search(step))
    dropped = tuple(step for step, _ in parsed[:last] if _BUILD.search(step))
    return Line(tuple(parsed[last][1]), tuple(env), release, dropped, chdir, port, via, False)


def task(text: str) -> tuple[tuple[str, ...], ...] | None:
    """A release line's steps as argument lists (None: it needs a shell as written)."""
    steps = _steps(_unwrap(text.strip()))
    if steps is None:
        return None
    try:
        return tuple(tuple(shlex.split(step)) for step in steps if step)
    except ValueError:
        return None


def _looks_like_task(words: list[str]) -> bool:
    """``python manage.py migrate`` and ``python -m app.seed`` are tasks, not servers."""
    return bool(_RELEASE.search(" ".join(words[1:]))) and words[0] not in ("gunicorn", "uvicorn", "hypercorn")


def procfile(repo: Repo) -> tuple[tuple[str, Evidence] | None, tuple[str, Evidence] | None]:
    """The Procfile's ``web:`` and ``release:`` values, with their lines."""
    if not repo.is_file("Procfile"):
        return None, None
    web = release = None
    for number, line in enumerate(repo.lines("Procfile"), start=1):
        name, sep, cmd = line.partition(":")
        if not sep or not cmd.strip():
            continue
        if re.search(r"[\x00-\x1f\x7f]", cmd):
            raise ManifestError("Procfile", "control characters in a process command", line=number)
        key = name.strip()
        if key == "web" and web is None:
            web = (cmd.strip(), Evidence("Procfile", number, f"web: {cmd.strip()}"[:80]))
        elif key == "release" and release is None:
            release = (cmd.strip(), Evidence("Procfile", number, f"release: {cmd.strip()}"[:80]))
    return web, release


def render_yaml(repo: Repo) -> tuple[tuple[str, Evidence] | None, tuple[str, Evidence] | None]:
    """The first web service's ``startCommand`` and ``preDeployCommand`` in render.yaml
    (read line by line: Render's file is flat enough, and genfile needs no YAML parser)."""
    name = next((n for n in ("render.yaml", "render.yml") if repo.is_file(n)), None)
    if name is None:
        return None, None
    start = pre = None
    kind = None
    for number, line in enumerate(repo.lines(name), start=1):
        m = re.match(r"^\s*-?\s*type:\s*[\"']?(\w+)", line)
        if m:
            if start is not None and kind == "web":
                break
            kind = m[1]
            continue
        m = re.match(r"^\s*-?\s*(startCommand|preDeployCommand):\s*(.+?)\s*$", line)
        if not m or kind not in (None, "web"):
            continue
        value = m[2]
        if value[:1] in "\"'" and value[-1:] == value[:1]:
            value = value[1:-1]
        if re.search(r"[\x00-\x1f\x7f]", value) or not value:
            continue
        ev = Evidence(name, number, f"{m[1]}: {value}"[:80])
        if m[1] == "startCommand" and start is None:
            start = (value, ev)
        elif m[1] == "preDeployCommand" and pre is None:
            pre = (value, ev)
    return start, pre
