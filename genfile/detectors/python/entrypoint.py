"""How a Python app starts: the process, the framework, the port, and the evidence for each.

Precedence follows what the project says most explicitly, and every statement is checked
rather than trusted:

1. a Procfile ``web:`` line or render.yaml ``startCommand`` (:mod:`.commands`: ``make run``
   and ``sh -c "migrate; serve"`` are followed; release steps are kept apart; a development
   server on the line is replaced by the production server on the same app);
2. a Django project (``manage.py`` → its WSGI/ASGI module, with the production settings);
3. the module that really builds a Flask / FastAPI / Starlette / Litestar / FastHTML app, or a
   factory that returns one (``app = get_application()``, ``create_app()``: :mod:`.code`);
4. an app its framework's command serves (Streamlit, Gradio, Dash, ...: :mod:`.served`);
5. console scripts (a click/typer group runs its serving subcommand, never bare);
6. a package ``__main__.py``, then a ``main.py``/``app.py``/lone script; a script that runs a
   development server (``reload=True``, ``app.run()`` on 127.0.0.1) gets the production
   server on the app object it serves, or a warning naming the line when only the code can
   change.
"""

from __future__ import annotations

import dataclasses
import re
import shlex
from dataclasses import dataclass, field

from genfile.detectors.python import code, commands, django, served
from genfile.errors import ManifestError
from genfile.evidence import Evidence
from genfile.plan import PORT
from genfile.repo import Repo

DEFAULT_PORT = 8000  # what gunicorn, uvicorn and Django's runserver listen on by default

_PORT_IN_CODE = (
    re.compile(r"\.run\([^()]{0,300}?\bport\s*=\s*(\d{2,5})"),
    re.compile(r"(?:getenv|environ\.get)\(\s*[\"']PORT[\"']\s*,\s*[\"']?(\d{2,5})"),
    re.compile(r"\(\s*[\"'][\w.:]*[\"']\s*,\s*(\d{2,5})\s*\)"),
    re.compile(r"^\s*PORT\s*=\s*(?:int\()?[\"']?(\d{2,5})", re.M),
)
_READS_PORT = re.compile(r"""(?:getenv|environ\.get|environ\[)\(?\s*["']PORT["']""")
_LOCAL = ("127.0.0.1", "localhost")
_SCRIPT_FILES = ("main.py", "app.py", "server.py", "run.py", "bot.py", "wsgi.py", "asgi.py")


@dataclass(frozen=True)
class Entry:
    """The start command (exec form, the port written as :data:`genfile.plan.PORT`)."""

    kind: str  # procfile | django | flask | fastapi | ... | streamlit | script | module | file
    label: str  # for people: "Django (WSGI)", "console script hello"
    command: tuple[str, ...]
    evidence: tuple[Evidence, ...]
    port: int | None
    port_evidence: Evidence | None
    server: str | None = None  # gunicorn/uvicorn, when the command needs it
    reads_port: bool = True  # the server listens on $PORT when the platform sets it
    env: tuple[tuple[str, str], ...] = ()  # environment the command needs (GRADIO_SERVER_NAME)
    release: tuple[str, ...] = ()  # a release step (migrations), run apart from the server
    release_evidence: Evidence | None = None
    notes: tuple[str, ...] = ()  # why the command differs from what the project wrote
    warnings: tuple[str, ...] = ()  # what only a code change can fix, with its line
    app_file: str | None = None  # the file that holds the app (its writes are read)
    workdir: str = ""  # folder (relative) the server runs from ("" = the project root)
    settings: django.Settings | None = field(default=None, compare=False)
    health: str = ""  # a health path the framework serves itself
    build: tuple[tuple[str, ...], ...] = ()  # steps of the start line that belong in the build
    build_notes: tuple[str, ...] = ()  # what each build step is and where it came from


def gunicorn(target: str, chdir: str | None = None) -> tuple[str, ...]:
    """gunicorn without --bind: with PORT in the environment it binds 0.0.0.0:$PORT itself
    (its documented default), so the image's ENV PORT and the platform's PORT both work."""
    extra = ("--chdir", chdir) if chdir else ()
    return ("gunicorn", "--access-logfile", "-", *extra, target)


def uvicorn(target: str, app_dir: str | None = None, factory: bool = False) -> tuple[str, ...]:
    extra = ("--app-dir", app_dir) if app_dir else ()
    return (
        "uvicorn",
        target,
        *(("--factory",) if factory else ()),
        "--host",
        "0.0.0.0",
        "--port",
        PORT,
        *extra,
    )


def reads_port(repo: Repo, rel: str) -> bool:
    """Whether the code of ``rel`` reads the PORT environment variable."""
    return _READS_PORT.search(code.text(repo, rel)) is not None


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


_COMPILE = re.compile(r"""["'](pybabel\s+compile\b[^"'\n]{0,200})["']""")
_PLAIN_WORD = re.compile(r"[\w./=:-]{1,200}")


def _compiled_by(repo: Repo, words: tuple[str, ...]) -> tuple[str, ...] | None:
    """The ``pybabel compile`` a step runs: as written, or inside the click command that
    ``flask <group> <command>`` names (a project's ``flask translate compile``)."""
    if words[:2] == ("pybabel", "compile"):
        return words if all(_PLAIN_WORD.fullmatch(w) for w in words) else None
    if len(words) != 3 or words[0] != "flask" or not all(re.fullmatch(r"[\w-]{1,60}", w) for w in words[1:]):
        return None
    group, name = words[1], words[2]
    decorator = (
        rf"@{re.escape(group)}\.command\((?:[\"']{re.escape(name)}[\"'])?[^\n]*\)\n(?:@[^\n]*\n){{0,10}}"
    )
    for rel in code.sources(repo):
        source = code.text(repo, rel)
        for m in re.finditer(decorator + r"def\s+(\w+)\(", source):
            if m[1] != name.replace("-", "_") and f"'{name}'" not in m[0] and f'"{name}"' not in m[0]:
                continue
            found = _COMPILE.search(code.body(source, m.end() - 1))
            if found:
                argv = tuple(found[1].split())
                return argv if all(_PLAIN_WORD.fullmatch(w) for w in argv) else None
    return None


def _build_steps(
    repo: Repo, steps: tuple[tuple[str, ...], ...], ev: Evidence
) -> tuple[tuple[tuple[str, ...], ...], tuple[tuple[str, ...], ...], tuple[str, ...]]:
    """Split the steps before the server into release steps and build steps: compiling
    translations writes into the code folder, which is read-only at run time, so it runs in
    the image build (``pybabel`` is Python: it needs nothing the image lacks)."""
    kept, build, notes = [], [], []
    for words in steps:
        compiled = _compiled_by(repo, words)
        if compiled is None:
            kept.append(words)
            continue
        build.append(compiled)
        via = "" if compiled == words else f" (it runs `{' '.join(compiled)}`)"
        notes.append(
            f"{ev.where()}: `{' '.join(words)}`{via} compiles translations into the code folder: "
            "done in the image build"
        )
    return tuple(kept), tuple(build), tuple(notes)


def _dropped_notes(dropped: tuple[str, ...], ev: Evidence, settings: django.Settings | None) -> list[str]:
    """What happens to the build steps a start line runs before the server."""
    notes = []
    for step in dropped:
        if "collectstatic" in step and settings is not None and settings.static_root is not None:
            why = "done in the image build instead"
        elif "collectstatic" in step:
            why = "not run: the settings name no STATIC_ROOT to collect into"
        elif "compilemessages" in step:
            why = (
                "not run: it needs GNU gettext, which the image lacks; commit the compiled .mo files "
                "(or add gettext with --system-packages and run it in the build)"
            )
        else:
            why = "the image build installs the dependencies instead"
        notes.append(f"{ev.where()}: {step}: a build step, {why}")
    return notes


def _gunicorn_env(argv: tuple[str, ...], name: str) -> str | None:
    """The value gunicorn's ``--env NAME=value`` / ``-e NAME=value`` gives ``name``."""
    for i, word in enumerate(argv):
        value = argv[i + 1] if word in ("--env", "-e") and i + 1 < len(argv) else None
        if word.startswith("--env="):
            value = word.split("=", 1)[1]
        if value and value.startswith(name + "="):
            module = value.split("=", 1)[1]
            return module if re.fullmatch(r"[A-Za-z_][\w.]{0,120}", module) else None
    return None


def _release(steps: tuple[tuple[str, ...], ...]) -> tuple[str, ...]:
    if not steps:
        return ()
    if len(steps) == 1:
        return steps[0]
    return ("sh", "-c", " && ".join(shlex.join(s) for s in steps))


# --- a written-down start line ----------------------------------------------------------------


def _option(argv: list[str], *names: str) -> tuple[int, str] | None:
    """Index and value of ``--name value`` / ``--name=value`` in argv."""
    for i, word in enumerate(argv):
        for name in names:
            if word == name and i + 1 < len(argv):
                return i, argv[i + 1]
            if word.startswith(name + "=") and name.startswith("--"):
                return i, word.split("=", 1)[1]
    return None


def _drop(argv: list[str], *flags: str) -> list[str]:
    return [w for w in argv if w not in flags]


def _set_option(argv: list[str], names: tuple[str, ...], value: str) -> list[str]:
    found = _option(argv, *names)
    if found is None:
        return [*argv, names[0], value]
    i, _ = found
    if "=" in argv[i]:
        return [*argv[:i], f"{names[0]}={value}", *argv[i + 1 :]]
    return [*argv[:i], argv[i], value, *argv[i + 2 :]]


@dataclass
class _Fixed:
    argv: list[str]
    server: str | None = None
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    app_file: str | None = None
    django_dev: bool = False
    port: int | None = None  # the port the line gave a server it replaced (flask run --port 5000)


def _app_in_module(repo: Repo, module: str) -> str:
    """``module:obj`` for the Flask app a ``flask --app module`` line names."""
    if ":" in module:
        return module
    rel = code.file_of(repo, module)
    if rel:
        source = code.text(repo, rel)
        m = re.search(r"^(\w+)\s*=\s*(?:flask\.)?Flask\(", source, re.M)
        if m:
            return f"{module}:{m[1]}"
        if re.search(r"^def create_app\(", source, re.M):
            return f"{module}:create_app()"
    return f"{module}:app"


_FASTAPI_FILES = ("main.py", "app.py", "api.py", "app/main.py", "app/app.py", "app/api.py")


def _fastapi_target(repo: Repo, argv: list[str], chdir: str | None) -> tuple[str, str | None] | None:
    """``module:object`` (and the folder it imports from) for ``fastapi run [path] [--app x]``,
    found the way the FastAPI CLI finds it."""
    after = argv[argv.index("run") + 1 :] if "run" in argv else []
    valued = (
        "--port",
        "--host",
        "--app",
        "--root-path",
        "--workers",
        "--forwarded-allow-ips",
        "--entrypoint",
    )
    path = next(
        (
            w
            for i, w in enumerate(after)
            if not w.startswith("-")
            and (i == 0 or after[i - 1] not in valued)
            and re.fullmatch(r"[\w./-]{1,200}", w)
            and ".." not in w
        ),
        None,
    )
    prefix = f"{chdir}/" if chdir else ""
    rel = (
        prefix + path
        if path and repo.is_file(prefix + path)
        else next((prefix + n for n in _FASTAPI_FILES if repo.is_file(prefix + n)), None)
    )
    located = code.module_of(rel.removeprefix(prefix)) if rel and rel.endswith(".py") else None
    if rel is None or located is None:
        return None
    given = _option(argv, "--app")
    source = code.text(repo, rel)
    found = re.search(r"^(app|api|\w+)\s*=\s*(?:fastapi\.)?FastAPI\(", source, re.M)
    name = given[1] if given else found[1] if found else "app"
    if not re.fullmatch(r"[A-Za-z_]\w{0,80}", name):
        return None
    return f"{located[0]}:{name}", chdir or located[1]


def fix_server(
    repo: Repo,
    words: tuple[str, ...],
    env: dict[str, str],
    where: str,
    chdir: str | None,
    installed: frozenset[str] | None = None,
) -> _Fixed:
    """A server command as written, made to listen on all interfaces and on $PORT, with the
    development servers replaced by the production server on the same app."""
    argv = list(words)
    head = argv[0].rsplit("/", 1)[-1]
    out = _Fixed(argv)
    if head == "fastapi" and installed is not None and "fastapi-cli" not in installed:
        # `fastapi run` is the CLI of fastapi[standard]; plain fastapi has no such command.
        served = _fastapi_target(repo, argv, chdir)
        if served is not None:
            out.argv = list(uvicorn(served[0], served[1]))
            out.server = "uvicorn"
            out.notes.append(
                f"{where}: the fastapi command comes with fastapi[standard], which the project does not "
                f"install: uvicorn serves {served[0]} instead (what `fastapi run` runs)"
            )
            given = _option(argv, "--port")
            if given and given[1].isdigit():
                out.port = int(given[1])
            return out
    if head == "gunicorn":
        out.server = "gunicorn"
        bind = _option(argv, "--bind", "-b")
        if bind and bind[1].split(":")[0] in _LOCAL:
            argv = _set_option(argv, ("--bind", "-b"), "0.0.0.0:" + bind[1].partition(":")[2])
            out.notes.append(f"{where}: gunicorn bound {bind[1]} (loopback only): binds 0.0.0.0 instead")
        if chdir and not _option(argv, "--chdir"):
            argv[1:1] = ["--chdir", chdir]
        out.argv = argv
        return out
    if head == "uvicorn":
        out.server = "uvicorn"
        if "--reload" in argv:
            argv = _drop(argv, "--reload")
            out.notes.append(f"{where}: uvicorn --reload is a development option: dropped")
        host = _option(argv, "--host")
        if host is None or host[1] in _LOCAL:
            argv = _set_option(argv, ("--host",), "0.0.0.0")
            if host is None:
                out.notes.append(
                    f"{where}: uvicorn without --host listens on 127.0.0.1 only: --host 0.0.0.0 added"
                )
        if _option(argv, "--port") is None:
            argv = _set_option(argv, ("--port",), PORT)
        if chdir and not _option(argv, "--app-dir"):
            argv += ["--app-dir", chdir]
        out.argv = argv
        return out
    if head in ("hypercorn", "daphne", "granian", "waitress-serve"):
        out.server = head
        if head == "hypercorn" and _option(argv, "--bind", "-b") is None:
            argv[1:1] = ["--bind", f"0.0.0.0:{PORT}"]
        elif head == "daphne" and _option(argv, "--bind", "-b") is None:
            argv[1:1] = (
                ["--bind", "0.0.0.0", "--port", PORT]
                if _option(argv, "--port", "-p") is None
                else ["--bind", "0.0.0.0"]
            )
        elif head == "granian":
            if _option(argv, "--host") is None:
                argv[1:1] = ["--host", "0.0.0.0"]
            if _option(argv, "--port") is None:
                argv[1:1] = ["--port", PORT]
        elif head == "waitress-serve" and _option(argv, "--port", "--listen") is None:
            argv[1:1] = [f"--port={PORT}"]
        out.argv = argv
        return out
    if head == "flask" and "run" in argv:
        app = _option(argv, "--app", "-A")
        module = app[1] if app else env.get("FLASK_APP", "app")
        target = _app_in_module(repo, module.removesuffix(".py").replace("/", "."))
        given = _option(argv, "--port", "-p")
        given_port = given[1] if given else env.get("FLASK_RUN_PORT", "")
        if given_port.isdigit() and 1 <= int(given_port) <= 65535:
            out.port = int(given_port)
        out.argv = list(gunicorn(target, chdir))
        out.server = "gunicorn"
        out.notes.append(
            f"{where}: `flask run` is Flask's development server: gunicorn serves {target} instead"
        )
        return out
    if head in ("fastapi", "litestar"):
        if "dev" in argv:
            argv[argv.index("dev")] = "run"
            out.notes.append(f"{where}: `{head} dev` reloads on 127.0.0.1: `{head} run` instead")
        argv = _drop(argv, "--reload", "-r", "--debug")
        if _option(argv, "--host") is None:
            argv += ["--host", "0.0.0.0"]
        if _option(argv, "--port", "-p") is None:
            argv += ["--port", PORT]
        if head == "litestar" and installed is not None and "uvicorn" not in installed:
            out.server = "uvicorn"  # `litestar run` serves with uvicorn (litestar[standard])
        out.argv = argv
        return out
    if head == "streamlit" and "run" in argv:
        for names, value in (
            (("--server.port",), PORT),
            (("--server.address",), "0.0.0.0"),
            (("--server.headless",), "true"),
        ):
            if _option(argv, *names) is None:
                argv += [names[0], value]
        out.argv = argv
        return out
    if head in ("python", "python3") and len(argv) >= 2:
        rel = None
        if argv[1] == "-m" and len(argv) >= 3:
            rel = code.file_of(repo, argv[2] + ".__main__") or code.file_of(repo, argv[2])
        elif argv[1].endswith(".py"):
            rel = f"{chdir}/{argv[1]}" if chdir else argv[1]
        if rel and rel.endswith("manage.py") and "runserver" in argv:
            out.django_dev = True
            out.notes.append(
                f"{where}: `manage.py runserver` is Django's development server: gunicorn instead"
            )
            return out
        if rel and repo.is_file(rel):
            out.app_file = rel
            checked = check_script(repo, rel, where)
            if checked is not None:
                out.argv, out.server = list(checked[0]), checked[1]
                out.notes += checked[2]
            out.warnings += script_warnings(repo, rel) if checked is None else []
    return out


def check_script(repo: Repo, rel: str, where: str) -> tuple[tuple[str, ...], str, list[str]] | None:
    """A script whose ``__main__`` runs a development server or binds loopback, and serves an
    importable app object: the production command on that object, and why."""
    hint = code.says_run_with(repo, rel)
    if hint:
        server, target, ev = hint
        cmd = gunicorn(target) if server == "gunicorn" else uvicorn(target)
        return cmd, server, [f"{ev.where()}: the script says to run it with {server} {target}"]
    run = code.runner(repo, rel)
    if run is None or run.target is None or not (run.reload or run.local_only or run.server == "flask"):
        return None
    why = "reload=True is a development runner" if run.reload else "it listens on 127.0.0.1 only"
    if run.server == "flask":
        why = "app.run() is Flask's development server"
        return (
            gunicorn(run.target),
            "gunicorn",
            [f"{run.evidence.where()}: {why}: gunicorn serves {run.target} instead"],
        )
    cmd = uvicorn(run.target, factory=run.factory)
    return cmd, "uvicorn", [f"{run.evidence.where()}: {why}: uvicorn serves {run.target} on 0.0.0.0 instead"]


def script_warnings(repo: Repo, rel: str) -> list[str]:
    """Loopback binds in a script that only a code change can fix."""
    run = code.runner(repo, rel)
    if run is not None and run.local_only:
        host = run.host if run.host_given else f"{run.server}'s default, 127.0.0.1"
        return [
            f"{run.evidence.where()}: the server listens on {host} only, unreachable from outside the "
            "container, and the app object is not importable from the module: only a code change fixes "
            'it (host="0.0.0.0")'
        ]
    source = code.text(repo, rel)
    m = re.search(r"\(\s*[\"'](127\.0\.0\.1|localhost)[\"']\s*,\s*(?:\d{2,5}|PORT|port)\b", source)
    if m:
        return [
            f"{rel}:{code.line_of(source, m.start())}: the server binds {m[1]} only, unreachable from "
            'outside the container: only a code change fixes it (bind "0.0.0.0" or "")'
        ]
    return []


def _stated(repo: Repo, deps: set[str], installed: frozenset[str] | None = None) -> Entry | None:
    """A Procfile web line, else render.yaml's startCommand, resolved."""
    web, release_line = commands.procfile(repo)
    kind, label = "procfile", "Procfile web process"
    if web is None:
        web, release_line = commands.render_yaml(repo)
        kind, label = "render", "render.yaml startCommand"
    if web is None:
        return None
    text, ev = web
    line = commands.resolve(repo, text, ev)
    env = dict(line.env)
    notes: list[str] = []
    kept, build, build_notes = _build_steps(repo, line.release, ev)
    release = _release(kept)
    release_ev = ev if release else None
    if release_line is not None:
        steps = commands.task(release_line[0])
        release = _release(steps) if steps else ("sh", "-c", release_line[0])
        release_ev = release_line[1]
    if line.shell:
        argv = line.argv
        fixed = _Fixed(list(argv))
        server = None
    else:
        fixed = fix_server(repo, line.argv, env, ev.where(), line.chdir, installed)
        if fixed.django_dev:
            found = _django(repo, deps, env)
            if found is not None:
                return _with(found, notes + fixed.notes, release, release_ev, line.env)
        argv = tuple(fixed.argv)
        server = fixed.server
        notes += fixed.notes
    port, port_ev = line.port, ev if line.port else None
    if port is None and fixed.port:
        port, port_ev = fixed.port, line.via[-1]
    if port is None:
        m = re.search(r"(?:--bind[= ]|-b ?)\S*:(\d{2,5})\b|(?:--port[= ]|-p ?)(\d{2,5})\b", " ".join(argv))
        port = int(m[1] or m[2]) if m else None
    follows = any(PORT in a for a in argv) or (
        server == "gunicorn" and _option(list(argv), "--bind", "-b") is None
    )
    if fixed.app_file and not follows:
        follows = reads_port(repo, fixed.app_file)
        if port is None:
            port, port_ev = _port_in(repo, fixed.app_file)
    if port is None and (server or follows):
        port = DEFAULT_PORT
    settings = None
    manage = _manage(repo)
    if manage and (not deps or "django" in deps) and not line.shell:
        # The settings the server runs with: the line's environment, gunicorn's --env, else
        # where the project names them (wsgi.py, .env.example, manage.py); collectstatic
        # and the image's environment use the same module.
        stated = None
        if "DJANGO_SETTINGS_MODULE" in env:
            stated = (env["DJANGO_SETTINGS_MODULE"], ev)
        elif server == "gunicorn" and (given := _gunicorn_env(argv, "DJANGO_SETTINGS_MODULE")):
            stated = (given, dataclasses.replace(ev, note=f"gunicorn --env DJANGO_SETTINGS_MODULE={given}"))
        named = django.settings_module(repo, manage, stated)
        if named is not None:
            settings = django.read(repo, manage, named[0], named[1])
            env.setdefault("DJANGO_SETTINGS_MODULE", named[0])
    return Entry(
        kind,
        label,
        argv,
        line.via,
        port,
        port_ev,
        server if server in ("gunicorn", "uvicorn") else None,
        follows,
        env=tuple(sorted(env.items())),
        release=release,
        release_evidence=release_ev,
        notes=tuple(_dropped_notes(line.dropped, ev, settings) + notes),
        warnings=tuple(fixed.warnings),
        app_file=fixed.app_file,
        workdir=line.chdir or "",
        settings=settings,
        build=build,
        build_notes=build_notes,
    )


def _with(
    entry: Entry,
    notes: list[str],
    release: tuple[str, ...],
    release_ev: Evidence | None,
    env: tuple[tuple[str, str], ...],
) -> Entry:
    merged = dict(entry.env)
    merged.update(env)
    return Entry(
        entry.kind,
        entry.label,
        entry.command,
        entry.evidence,
        entry.port,
        entry.port_evidence,
        entry.server,
        entry.reads_port,
        tuple(sorted(merged.items())),
        release or entry.release,
        release_ev or entry.release_evidence,
        (*entry.notes, *notes),
        entry.warnings,
        entry.app_file,
        entry.workdir,
        entry.settings,
        entry.health,
    )


# --- Django -----------------------------------------------------------------------------------


def _manage(repo: Repo) -> str | None:
    return next((p for p in repo.walk(("manage.py",), max_depth=2) if p.endswith("manage.py")), None)


def _django(repo: Repo, deps: set[str], env: dict[str, str] | None = None) -> Entry | None:
    manage = _manage(repo)
    if manage is None or (deps and "django" not in deps):
        return None
    stated = None
    if env and env.get("DJANGO_SETTINGS_MODULE"):
        stated = (env["DJANGO_SETTINGS_MODULE"], Evidence(None, None, "the start line's environment"))
    found = django.settings_module(repo, manage, stated)
    if found is None:
        return None
    module, ev = found
    folder = manage.rpartition("/")[0]
    prefix = f"{folder}/" if folder else ""
    manage_text = code.text(repo, manage)
    default = re.search(r"DJANGO_SETTINGS_MODULE[\"']\s*,\s*[\"']([\w.]+)[\"']", manage_text)
    package = (default[1] if default else module).split(".")[0]
    if not repo.is_file(f"{prefix}{package}/wsgi.py") and not repo.is_file(f"{prefix}{package}/asgi.py"):
        package = module.split(".")[0]
    settings = django.read(repo, manage, module, ev)
    env_out = (("DJANGO_SETTINGS_MODULE", module),)
    has_wsgi = repo.is_file(f"{prefix}{package}/wsgi.py")
    has_asgi = repo.is_file(f"{prefix}{package}/asgi.py")
    if has_asgi and ("uvicorn" in deps or "channels" in deps) and "gunicorn" not in deps:
        return Entry(
            "django",
            "Django (ASGI)",
            uvicorn(f"{package}.asgi:application", folder or None),
            (ev, Evidence(f"{prefix}{package}/asgi.py")),
            DEFAULT_PORT,
            None,
            "uvicorn",
            env=env_out,
            workdir=folder,
            settings=settings,
        )
    if has_wsgi:
        return Entry(
            "django",
            "Django (WSGI)",
            gunicorn(f"{package}.wsgi:application", folder or None),
            (ev, Evidence(f"{prefix}{package}/wsgi.py")),
            DEFAULT_PORT,
            None,
            "gunicorn",
            env=env_out,
            workdir=folder,
            settings=settings,
        )
    return None


# --- app objects, framework commands, scripts ---------------------------------------------------


def _framework_app(repo: Repo, deps: set[str]) -> Entry | None:
    frameworks = [f for f in code.FRAMEWORKS if f.package in deps] or ([] if deps else list(code.FRAMEWORKS))
    app = code.find_app(repo, frameworks)
    if app is None:
        return None
    fw = app.framework
    target = app.target
    label = fw.label
    if app.factory:
        label = f"{fw.label} (app factory)"
        if fw.server == "gunicorn":
            cmd = gunicorn(f"{target}()", app.base)
        else:
            cmd = uvicorn(target, app.base, factory=True)
    else:
        cmd = gunicorn(target, app.base) if fw.server == "gunicorn" else uvicorn(target, app.base)
    port, port_ev = _port_in(repo, app.file)
    return Entry(
        fw.name,
        label,
        cmd,
        (app.evidence,),
        port or DEFAULT_PORT,
        port_ev,
        fw.server,
        app_file=app.file,
        workdir=app.base or "",
    )


def _served(repo: Repo, deps: set[str]) -> Entry | None:
    found = served.find(repo, deps)
    if found is None:
        return None
    server = "gunicorn" if found.command[:1] == ("gunicorn",) else None
    return Entry(
        found.kind,
        found.label,
        found.command,
        (found.evidence,),
        found.port,
        found.port_evidence,
        server,
        found.reads_port,
        env=found.env,
        warnings=found.warnings,
        app_file=found.evidence.file,
        health=found.health,
    )


def _script(repo: Repo, scripts: dict[str, tuple[str, Evidence]], project: str) -> Entry | None:
    if not scripts:
        return None
    name = project if project in scripts else sorted(scripts)[0]
    target, ev = scripts[name]
    module, _, function = target.partition(":")
    module, function = module.strip(), function.strip().split(".")[0]
    rel = code.file_of(repo, module)
    port, port_ev = (None, None) if rel is None else _port_in(repo, rel)
    command: tuple[str, ...] = (name,)
    notes: list[str] = []
    follows = port_ev is not None and reads_port(repo, port_ev.file or "")
    if rel and function:
        group = code.cli(repo, rel, function)
        if group is not None and group.group:
            if group.subcommand is None or group.dev_server:
                return None  # bare, it prints help and exits: not a start command
            command, group_port, group_port_ev, follows = _group_command(group, (name,))
            if group.port_default:
                port, port_ev = group_port, group_port_ev
            port = port or DEFAULT_PORT
            notes.append(
                f"{group.evidence.where()}: {name} is a command group (bare, it prints its help and exits): "
                f"`{name} {group.subcommand}` starts the server"
            )
            ev = group.evidence
    return Entry(
        "script",
        f"console script {name}",
        command,
        (ev,),
        port,
        port_ev,
        reads_port=follows,
        notes=tuple(notes),
    )


def _main_group(repo: Repo, rel: str) -> code.Cli | None:
    """The click/typer group a ``__main__.py`` calls (``cli()`` / ``app()``), defined there or
    imported (``from tool.cli import cli``)."""
    source = code.text(repo, rel)
    block = code.main_block(source)
    text = block[1] if block else source
    called = re.findall(r"^\s*([A-Za-z_]\w*)\((?:\s*prog_name\s*=[^)]*)?\)\s*$", text, re.M)
    names = code.imports(source)
    for name in called:
        where = rel
        function = name
        if name in names:
            module, imported = names[name]
            if not imported:
                continue
            if module.startswith("."):
                package = rel.rpartition("/")[0].replace("/", ".")
                module = package + ("." + module.lstrip(".") if module.strip(".") else "")
            found = code.file_of(repo, module)
            if found is None:
                continue
            where, function = found, imported
        group = code.cli(repo, where, function)
        if group is not None:
            return group if group.group else None
    return None


def _group_command(
    group: code.Cli, prefix: tuple[str, ...]
) -> tuple[tuple[str, ...], int, Evidence | None, bool]:
    """The serving subcommand of a group, with the host and port options it takes."""
    extra: tuple[str, ...] = ()
    if "--host" in group.options:
        extra += ("--host", "0.0.0.0")
    if "--port" in group.options:
        extra += ("--port", PORT)
    elif "--bind" in group.options:
        extra += ("--bind", f"0.0.0.0:{PORT}")
    ev = group.evidence
    port_ev = (
        Evidence(ev.file, ev.line, f"--port default {group.port_default}") if group.port_default else None
    )
    follows = "--port" in group.options or "--bind" in group.options or group.reads_port_env
    return (*prefix, group.subcommand or "", *extra), group.port_default or DEFAULT_PORT, port_ev, follows


def _main_module(repo: Repo) -> Entry | None:
    for rel in repo.walk(("__main__.py",), max_depth=3):
        if not rel.endswith("/__main__.py") or code.NOT_APP.search(rel):
            continue
        located = code.module_of(rel.rpartition("/")[0] + ".py")
        if located is None:
            continue
        checked = check_script(repo, rel, rel)
        if checked is not None:
            cmd, server, notes = checked
            return Entry(
                "module", f"{server} (from {rel})", cmd, (Evidence(rel),), DEFAULT_PORT, None, server,
                notes=tuple(notes), app_file=rel,
            )  # fmt: skip
        group = _main_group(repo, rel)
        if group is not None:
            if group.subcommand is None or group.dev_server:
                continue  # bare, it prints its help and exits: not a start command
            prefix = ("python", "-m", located[0])
            command, group_port, group_port_ev, follows = _group_command(group, prefix)
            note = (
                f"{group.evidence.where()}: `python -m {located[0]}` runs a command group (bare, it prints "
                f"its help and exits): `python -m {located[0]} {group.subcommand}` starts the server"
            )
            return Entry(
                "module", f"python -m {located[0]} {group.subcommand}", command, (group.evidence,),
                group_port, group_port_ev, reads_port=follows, notes=(note,), app_file=rel,
            )  # fmt: skip
        port, port_ev = _port_in(repo, rel)
        return Entry(
            "module",
            f"python -m {located[0]}",
            ("python", "-m", located[0]),
            (Evidence(rel),),
            port,
            port_ev,
            reads_port=reads_port(repo, rel),
            warnings=tuple(script_warnings(repo, rel)),
            app_file=rel,
        )
    return None


def lone_script(repo: Repo) -> str | None:
    """The script a folder with no dependency file runs: the only top-level ``.py`` file, or
    the conventional name among several, or the only one with a ``__main__`` block."""
    top = [
        p
        for p in repo.walk((".py",), max_depth=0)
        if "/" not in p and not code.NOT_APP.search(p) and p != "__init__.py"
    ]
    if len(top) == 1:
        return top[0]
    for name in _SCRIPT_FILES:
        if name in top:
            return name
    mains = [p for p in top if code.main_block(code.text(repo, p)) is not None]
    return mains[0] if len(mains) == 1 else None


def _script_file(repo: Repo) -> Entry | None:
    name = next((n for n in _SCRIPT_FILES if repo.is_file(n)), None) or lone_script(repo)
    if name is None:
        return None
    checked = check_script(repo, name, name)
    if checked is not None:
        cmd, server, notes = checked
        return Entry(
            "file", f"{server} (from {name})", cmd, (Evidence(name),), DEFAULT_PORT, None, server,
            notes=tuple(notes), app_file=name,
        )  # fmt: skip
    port, port_ev = _port_in(repo, name)
    return Entry(
        "file",
        f"python {name}",
        ("python", name),
        (Evidence(name),),
        port,
        port_ev,
        reads_port=reads_port(repo, name),
        warnings=tuple(script_warnings(repo, name)),
        app_file=name,
    )


def _passed_over(repo: Repo, scripts: dict[str, tuple[str, Evidence]], served: str) -> list[str]:
    """Why the console scripts and ``__main__`` modules that look like start commands are not
    the image's command when the app object is served directly: a click group with no
    serving subcommand prints its help and exits, and a runner with ``reload=True`` or on
    127.0.0.1 is a development runner."""
    notes: list[str] = []
    for name, (target, _) in sorted(scripts.items()):
        module, _, function = target.partition(":")
        rel = code.file_of(repo, module.strip())
        function = function.strip().split(".")[0]
        group = code.cli(repo, rel, function) if rel and function else None
        if group is None or not group.group:
            continue
        if group.subcommand is None:
            notes.append(
                f"{group.evidence.where()}: console script {name} is a command group with no serving "
                f"subcommand (bare, it prints its help and exits): {served} instead"
            )
        elif group.dev_server:
            notes.append(
                f"{group.evidence.where()}: `{name} {group.subcommand}` runs a development server "
                f"(reload or debug): {served} instead"
            )
    for rel in repo.walk(("__main__.py",), max_depth=3):
        if not rel.endswith("/__main__.py") or code.NOT_APP.search(rel):
            continue
        run = code.runner(repo, rel)
        if run is not None and (run.reload or run.local_only):
            why = "reload=True" if run.reload else ""
            if run.local_only:
                why += (" on " if why else "on ") + (run.host or "127.0.0.1")
            package = rel.rpartition("/")[0].replace("/", ".")
            notes.append(
                f"{run.evidence.where()}: `python -m {package}` is a development runner "
                f"({run.server} {why}): {served} instead"
            )
    return notes


def find(
    repo: Repo,
    deps: set[str],
    scripts: dict[str, tuple[str, Evidence]],
    project: str,
    installed: frozenset[str] | None = None,
) -> Entry | None:
    """The first start command the project states, in order of how explicitly it states it
    (``installed``: what the install puts in the environment, when it is known)."""
    app = _framework_app(repo, deps)
    if app is not None:
        target = app.command[1] if app.server == "uvicorn" else app.command[-1]
        served = f"{app.server} serves the app object {target}"
        notes = _passed_over(repo, scripts, served)
        if notes:
            app = dataclasses.replace(app, notes=(*app.notes, *notes))
    return (
        _stated(repo, deps, installed)
        or _django(repo, deps)
        or app
        or _served(repo, deps)
        or _script(repo, scripts, project)
        or _main_module(repo)
        or _script_file(repo)
    )
