"""How a Python app starts: the process, the framework, the port, and the evidence for each.

Precedence follows what the project says most explicitly: a Procfile ``web:`` line, then a
Django project (``manage.py`` → its WSGI/ASGI module), a Flask/FastAPI/Starlette/Litestar app
object found in the code (``app = Flask(...)`` → ``module:app``, read from the file that
really holds it rather than guessed as ``main:app``), console scripts, ``__main__.py``, and
finally a ``main.py``/``app.py`` script.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass

from genfile import validate
from genfile.errors import ManifestError
from genfile.evidence import Evidence
from genfile.plan import PORT
from genfile.repo import Repo

DEFAULT_PORT = 8000  # what gunicorn, uvicorn and Django's runserver listen on by default

_APP_OBJECT = {
    "flask": re.compile(r"^([A-Za-z_]\w*)[ \t]*(?::[^=\n]{1,200})?=[ \t]*(?:flask\.)?Flask\(", re.M),
    "fastapi": re.compile(r"^([A-Za-z_]\w*)[ \t]*(?::[^=\n]{1,200})?=[ \t]*(?:fastapi\.)?FastAPI\(", re.M),
    "starlette": re.compile(r"^([A-Za-z_]\w*)[ \t]*(?::[^=\n]{1,200})?=[ \t]*(?:\w+\.)?Starlette\(", re.M),
    "litestar": re.compile(r"^([A-Za-z_]\w*)[ \t]*(?::[^=\n]{1,200})?=[ \t]*(?:litestar\.)?Litestar\(", re.M),
}
_FACTORY = re.compile(r"^def (create_app|make_app)\(", re.M)
_SERVER = {"flask": "gunicorn", "fastapi": "uvicorn", "starlette": "uvicorn", "litestar": "uvicorn"}
_LABEL = {"flask": "Flask", "fastapi": "FastAPI", "starlette": "Starlette", "litestar": "Litestar"}
_PREFERRED = ("app", "main", "wsgi", "asgi", "server", "application", "api", "__init__")
_NOT_APP = re.compile(
    r"(^|/)(tests?|docs|migrations|examples?|scripts)/|(^|/)(test_[^/]*|[^/]*_test|conftest|setup|noxfile)\.py$"
)
# Every pattern is bounded (no unbounded repetition that can rescan a long line): a 1 MB
# line of `.run(port=` must not take quadratic time.
_PORT_IN_CODE = (
    re.compile(r"\.run\([^()]{0,300}?\bport\s*=\s*(\d{2,5})"),
    re.compile(r"(?:getenv|environ\.get)\(\s*[\"']PORT[\"']\s*,\s*[\"']?(\d{2,5})"),
    re.compile(r"\(\s*[\"'][\w.:]*[\"']\s*,\s*(\d{2,5})\s*\)"),
    re.compile(r"^\s*PORT\s*=\s*(?:int\()?[\"']?(\d{2,5})", re.M),
)
_PORT_IN_COMMAND = re.compile(r"(?:--bind[= ]|-b ?)\S*:(\d{2,5})\b|(?:--port[= ]|-p ?)(\d{2,5})\b")
_SHELL_SYNTAX = re.compile(r"[$`;&|<>(){}]")


@dataclass(frozen=True)
class Entry:
    """The start command (exec form, the port written as :data:`genfile.plan.PORT`)."""

    kind: str  # procfile | django | flask | fastapi | ... | script | module | file
    label: str  # for people: "Django (WSGI)", "console script hello"
    command: tuple[str, ...]
    evidence: tuple[Evidence, ...]
    port: int | None
    port_evidence: Evidence | None
    server: str | None = None  # gunicorn/uvicorn, when the command needs it
    reads_port: bool = True  # the server listens on $PORT when the platform sets it


def gunicorn(target: str, chdir: str | None = None) -> tuple[str, ...]:
    """gunicorn without --bind: with PORT in the environment it binds 0.0.0.0:$PORT itself
    (its documented default), so the image's ENV PORT and the platform's PORT both work."""
    extra = ("--chdir", chdir) if chdir else ()
    return ("gunicorn", "--access-logfile", "-", *extra, target)


def uvicorn(target: str, app_dir: str | None = None) -> tuple[str, ...]:
    extra = ("--app-dir", app_dir) if app_dir else ()
    return ("uvicorn", target, "--host", "0.0.0.0", "--port", PORT, *extra)


_READS_PORT = re.compile(r"""(?:getenv|environ\.get|environ\[)\(?\s*["']PORT["']""")


def reads_port(repo: Repo, rel: str) -> bool:
    """Whether the code of ``rel`` reads the PORT environment variable."""
    try:
        return _READS_PORT.search(repo.text(rel)) is not None
    except ManifestError:
        return False


def _port_in(repo: Repo, rel: str) -> tuple[int | None, Evidence | None]:
    try:
        lines = repo.lines(rel)
    except ManifestError:
        return None, None
    for number, line in enumerate(lines, start=1):
        for rx in _PORT_IN_CODE:
            m = rx.search(line)
            if m and 1 <= int(m[1]) <= 65535:
                return int(m[1]), Evidence(rel, number, line.strip()[:80])
    return None, None


def _module_of(rel: str) -> tuple[str, str | None] | None:
    """Import path for a source file, and the folder to add to the path (``src`` layouts)."""
    parts = rel[:-3].split("/")
    if parts[-1] == "__init__":
        parts = parts[:-1]
    base = None
    if parts and parts[0] == "src" and len(parts) > 1:
        base, parts = "src", parts[1:]
    module = ".".join(parts)
    return (module, base) if parts and validate.is_module(module) else None


def _procfile(repo: Repo) -> Entry | None:
    if not repo.is_file("Procfile"):
        return None
    for number, line in enumerate(repo.lines("Procfile"), start=1):
        name, sep, cmd = line.partition(":")
        if not sep or name.strip() != "web" or not cmd.strip():
            continue
        cmd = cmd.strip()
        ev = Evidence("Procfile", number, f"web: {cmd}"[:80])
        m = _PORT_IN_COMMAND.search(cmd)
        port = int(m[1] or m[2]) if m else None
        if re.search(r"[\x00-\x1f\x7f]", cmd):
            raise ManifestError("Procfile", "control characters in the web command", line=number)
        # $PORT becomes the plan's port, so exec form works and --port changes it too.
        text = re.sub(r"\$\{PORT(:-\d+)?\}|\$PORT\b", PORT, cmd)
        if _SHELL_SYNTAX.search(text.replace(PORT, "")):
            argv: tuple[str, ...] = ("sh", "-c", text)
        else:
            try:
                argv = tuple(shlex.split(text))
            except ValueError as exc:
                raise ManifestError("Procfile", f"cannot parse the web command ({exc})", line=number) from exc
        server = argv[0] if argv and argv[0] in ("gunicorn", "uvicorn") else None
        port_ev = ev if port else None
        # $PORT in the line, or gunicorn with no bind of its own (it binds $PORT itself).
        follows = PORT in text or (server == "gunicorn" and not re.search(r"(^|\s)(--bind|-b)\b", cmd))
        if port is None and (server or PORT in text):
            port = DEFAULT_PORT  # $PORT or the server's default: 8000 unless --port says otherwise
        return Entry("procfile", "Procfile web process", argv, (ev,), port, port_ev, server, follows)
    return None


def _django(repo: Repo, deps: set[str]) -> Entry | None:
    manage = next((p for p in repo.walk(("manage.py",), max_depth=2) if p.endswith("manage.py")), None)
    if manage is None or (deps and "django" not in deps):
        return None
    text = repo.text(manage)
    m = re.search(r"DJANGO_SETTINGS_MODULE[\"']\s*,\s*[\"']([\w.]+)[\"']", text)
    if not m:
        return None
    folder = manage.rpartition("/")[0]
    package = m[1].split(".")[0]
    prefix = f"{folder}/" if folder else ""
    line = repo.find_line(manage, "DJANGO_SETTINGS_MODULE")
    ev = Evidence(manage, line, f"settings {m[1]}")
    has_wsgi = repo.is_file(f"{prefix}{package}/wsgi.py")
    has_asgi = repo.is_file(f"{prefix}{package}/asgi.py")
    if has_asgi and ("uvicorn" in deps or "channels" in deps) and "gunicorn" not in deps:
        target = f"{package}.asgi:application"
        return Entry(
            "django",
            "Django (ASGI)",
            uvicorn(target, folder or None),
            (ev, Evidence(f"{prefix}{package}/asgi.py")),
            DEFAULT_PORT,
            None,
            "uvicorn",
        )
    if has_wsgi:
        target = f"{package}.wsgi:application"
        return Entry(
            "django",
            "Django (WSGI)",
            gunicorn(target, folder or None),
            (ev, Evidence(f"{prefix}{package}/wsgi.py")),
            DEFAULT_PORT,
            None,
            "gunicorn",
        )
    return None


def _sorted_sources(repo: Repo) -> list[str]:
    files = [p for p in repo.walk((".py",), max_depth=4) if not _NOT_APP.search(p)]

    def rank(path: str) -> tuple[int, int, str]:
        stem = path.rsplit("/", 1)[-1][:-3]
        return (
            path.count("/") - path.startswith("src/"),
            _PREFERRED.index(stem) if stem in _PREFERRED else len(_PREFERRED),
            path,
        )

    return sorted(files, key=rank)


def _framework_app(repo: Repo, deps: set[str]) -> Entry | None:
    frameworks = [f for f in _APP_OBJECT if f in deps] or ([] if deps else list(_APP_OBJECT))
    if not frameworks:
        return None
    for rel in _sorted_sources(repo):
        try:
            text = repo.text(rel)
        except ManifestError:
            continue
        for framework in frameworks:
            m = _APP_OBJECT[framework].search(text)
            factory = _FACTORY.search(text) if framework == "flask" and not m else None
            if not (m or factory):
                continue
            located = _module_of(rel)
            if located is None:
                continue
            module, base = located
            obj = m[1] if m else f"{factory[1]}()"  # type: ignore[index]
            number = text.count("\n", 0, (m or factory).start()) + 1  # type: ignore[union-attr]
            ev = Evidence(rel, number, (m or factory)[0].strip())  # type: ignore[index]
            server = _SERVER[framework]
            target = f"{module}:{obj}"
            cmd = gunicorn(target, base) if server == "gunicorn" else uvicorn(target, base)
            port, port_ev = _port_in(repo, rel)
            return Entry(framework, _LABEL[framework], cmd, (ev,), port or DEFAULT_PORT, port_ev, server)
    return None


def _script(repo: Repo, scripts: dict[str, tuple[str, Evidence]], project: str) -> Entry | None:
    if not scripts:
        return None
    name = project if project in scripts else sorted(scripts)[0]
    target, ev = scripts[name]
    module = target.split(":")[0].strip()
    port, port_ev = None, None
    path = module.replace(".", "/")
    for candidate in (f"{path}.py", f"src/{path}.py", f"{path}/__init__.py", f"src/{path}/__init__.py"):
        if repo.is_file(candidate):
            port, port_ev = _port_in(repo, candidate)
            break
    follows = port_ev is not None and reads_port(repo, port_ev.file or "")
    return Entry("script", f"console script {name}", (name,), (ev,), port, port_ev, reads_port=follows)


def _main_module(repo: Repo) -> Entry | None:
    for rel in repo.walk(("__main__.py",), max_depth=3):
        if not rel.endswith("/__main__.py") or _NOT_APP.search(rel):
            continue
        located = _module_of(rel.rpartition("/")[0] + ".py")
        if located is None:
            continue
        port, port_ev = _port_in(repo, rel)
        return Entry(
            "module",
            f"python -m {located[0]}",
            ("python", "-m", located[0]),
            (Evidence(rel),),
            port,
            port_ev,
            reads_port=reads_port(repo, rel),
        )
    return None


def _script_file(repo: Repo) -> Entry | None:
    for name in ("main.py", "app.py", "server.py", "run.py"):
        if repo.is_file(name):
            port, port_ev = _port_in(repo, name)
            follows = reads_port(repo, name)
            return Entry(
                "file",
                f"python {name}",
                ("python", name),
                (Evidence(name),),
                port,
                port_ev,
                reads_port=follows,
            )
    return None


def find(repo: Repo, deps: set[str], scripts: dict[str, tuple[str, Evidence]], project: str) -> Entry | None:
    """The first start command the project states, in order of how explicitly it states it."""
    return (
        _procfile(repo)
        or _django(repo, deps)
        or _framework_app(repo, deps)
        or _script(repo, scripts, project)
        or _main_module(repo)
        or _script_file(repo)
    )
