"""Reading Python source the way a reviewer does: which module holds the app object, what a
factory returns, what a ``__main__`` block or a click group really does.

Everything here is line-based and bounded (no regular expression rescans a long line), and
every finding carries the file and line it came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from genfile import validate
from genfile.errors import ManifestError
from genfile.evidence import Evidence
from genfile.repo import Repo

_PREFERRED = ("app", "main", "wsgi", "asgi", "server", "application", "api", "web", "__init__")
NOT_APP = re.compile(
    r"(^|/)(tests?|docs|migrations|examples?|scripts|benchmarks?|notebooks?)/"
    r"|(^|/)(test_[^/]*|[^/]*_test|conftest|setup|noxfile|fabfile|tasks)\.py$"
)
_ASSIGN = re.compile(r"^([A-Za-z_]\w*)[ \t]*(?::[^=\n]{1,200})?=[ \t]*([A-Za-z_][\w.]{0,120})\(", re.M)
_TUPLE_ASSIGN = re.compile(
    r"^([A-Za-z_]\w*)[ \t]*,[ \t]*[A-Za-z_]\w*[ \t]*=[ \t]*([A-Za-z_][\w.]{0,120})\(", re.M
)
_DEF = re.compile(r"^(?:async[ \t]+)?def[ \t]+([A-Za-z_]\w*)[ \t]*\(", re.M)
_FROM_IMPORT = re.compile(r"^from[ \t]+(\.{0,3}[\w.]{0,120})[ \t]+import[ \t]+\(?([^)\n]{1,400})", re.M)
_IMPORT = re.compile(r"^import[ \t]+([\w.]{1,120})(?:[ \t]+as[ \t]+(\w+))?", re.M)
_MAIN_GUARD = re.compile(r"^if[ \t]+__name__[ \t]*==[ \t]*[\"']__main__[\"'][ \t]*:", re.M)


@dataclass(frozen=True)
class Framework:
    """A web framework: how its app object is made and which server runs it."""

    name: str
    label: str
    package: str  # the PyPI name that installs it
    constructors: tuple[str, ...]  # callables whose result is the app (``Flask``, ``fast_app``)
    server: str  # gunicorn (WSGI) or uvicorn (ASGI)


FRAMEWORKS = (
    Framework("flask", "Flask", "flask", ("Flask",), "gunicorn"),
    Framework("fastapi", "FastAPI", "fastapi", ("FastAPI",), "uvicorn"),
    Framework("starlette", "Starlette", "starlette", ("Starlette",), "uvicorn"),
    Framework("litestar", "Litestar", "litestar", ("Litestar",), "uvicorn"),
    Framework("fasthtml", "FastHTML", "python-fasthtml", ("FastHTML", "fast_app"), "uvicorn"),
    Framework("quart", "Quart", "quart", ("Quart",), "uvicorn"),
    Framework("falcon", "Falcon", "falcon", ("App",), "gunicorn"),
)


def text(repo: Repo, rel: str) -> str:
    try:
        return repo.text(rel)
    except ManifestError:
        return ""


def line_of(source: str, offset: int) -> int:
    return source.count("\n", 0, offset) + 1


def sources(repo: Repo) -> list[str]:
    """The project's own Python files, the likeliest app modules first (shallow, ``app.py``)."""
    files = [p for p in repo.walk((".py",), max_depth=4) if not NOT_APP.search(p)]

    def rank(path: str) -> tuple[int, int, str]:
        stem = path.rsplit("/", 1)[-1][:-3]
        return (
            path.count("/") - path.startswith("src/"),
            _PREFERRED.index(stem) if stem in _PREFERRED else len(_PREFERRED),
            path,
        )

    return sorted(files, key=rank)


def module_of(rel: str) -> tuple[str, str | None] | None:
    """Import path for a source file, and the folder to add to the path (``src`` layouts)."""
    parts = rel[:-3].split("/")
    if parts[-1] == "__init__":
        parts = parts[:-1]
    base = None
    if parts and parts[0] == "src" and len(parts) > 1:
        base, parts = "src", parts[1:]
    module = ".".join(parts)
    return (module, base) if parts and validate.is_module(module) else None


def module_in(repo: Repo, rel: str, source: str) -> tuple[str, str | None] | None:
    """:func:`module_of`, moved to the import root the file's own imports show: a
    ``backend/app/main.py`` that says ``from app.core import db`` (and ``backend/app/core``
    exists) imports from ``backend/``, as ``app.main``, the way its own tools run it."""
    located = module_of(rel)
    if located is None:
        return None
    module, base = located
    parts = module.split(".")
    root = f"{base}/" if base else ""
    for k in range(1, len(parts) - 1):
        top = parts[k]
        for m in re.finditer(rf"^\s*(?:from|import)\s+{re.escape(top)}\.(\w+)", source, re.M):
            folder = root + "/".join(parts[:k])
            sub = f"{folder}/{top}/{m[1]}"
            if repo.is_file(sub + ".py") or repo.is_dir(sub):
                return ".".join(parts[k:]), folder
    return located


def file_of(repo: Repo, module: str, relative_to: str | None = None) -> str | None:
    """The file that ``import module`` (or ``from .module``, seen from ``relative_to``) loads."""
    if module.startswith("."):
        if relative_to is None:
            return None
        dots = len(module) - len(module.lstrip("."))
        package = relative_to.rsplit("/", 1)[0].split("/") if "/" in relative_to else []
        if dots > 1:
            package = package[: len(package) - (dots - 1)]
        rest = module.lstrip(".")
        parts = [*package, *(rest.split(".") if rest else [])]
        candidates = ["/".join(parts) + ".py", "/".join(parts) + "/__init__.py"]
    else:
        path = module.replace(".", "/")
        candidates = [f"{path}.py", f"{path}/__init__.py", f"src/{path}.py", f"src/{path}/__init__.py"]
    return next((c for c in candidates if c and not c.startswith("/") and repo.is_file(c)), None)


def body(source: str, start: int) -> str:
    """The indented block that starts on the line after ``start`` (a def, class or if)."""
    end = source.find("\n", start)
    if end < 0:
        return ""
    lines = []
    for line in source[end + 1 :].splitlines():
        if line.strip() and not line[:1].isspace() and not line.lstrip().startswith("#"):
            break
        lines.append(line)
        if len(lines) > 2000:
            break
    return "\n".join(lines)


def functions(source: str) -> dict[str, tuple[int, str]]:
    """Top-level functions: name → (line, body)."""
    return {m[1]: (line_of(source, m.start()), body(source, m.start())) for m in _DEF.finditer(source)}


def imports(source: str) -> dict[str, tuple[str, str]]:
    """Names a module imports: local name → (module, name in it; "" for a module)."""
    found: dict[str, tuple[str, str]] = {}
    for m in _FROM_IMPORT.finditer(source):
        for part in m[2].split(","):
            words = part.strip().split()
            if not words or not re.fullmatch(r"[A-Za-z_]\w*", words[0]):
                continue
            local = words[2] if len(words) == 3 and words[1] == "as" else words[0]
            found[local] = (m[1], words[0])
    for m in _IMPORT.finditer(source):
        found[m[2] or m[1].split(".")[0]] = (m[1] if m[2] else m[1].split(".")[0], "")
    return found


def main_block(source: str) -> tuple[int, str] | None:
    """The ``if __name__ == "__main__":`` block: (the line its text starts on, text)."""
    m = _MAIN_GUARD.search(source)
    if not m:
        return None
    rest = source[m.end() :]
    first = rest.split("\n", 1)[0]
    if first.strip() and not first.strip().startswith("#"):  # one-line guard
        return line_of(source, m.start()), first
    return line_of(source, m.start()) + 1, body(source, m.start())


@dataclass(frozen=True)
class AppObject:
    framework: Framework
    module: str
    base: str | None  # sys.path folder (src layouts)
    target: str  # ``module:app`` or ``module:create_app`` (factory)
    factory: bool  # the target is a function that returns the app
    file: str
    evidence: Evidence


def _constructs(block: str, fw: Framework) -> bool:
    return any(re.search(rf"(?<![\w.]){c}\(|\.{c}\(", block) for c in fw.constructors)


def _assignments(source: str) -> list[re.Match[str]]:
    return [*_ASSIGN.finditer(source), *_TUPLE_ASSIGN.finditer(source)]


def _resolve(repo: Repo, rel: str, source: str, func: str) -> tuple[str, str, int] | None:
    """Where ``func`` (as called in ``rel``) is defined: (file, body, line)."""
    head, _, tail = func.rpartition(".")
    here = functions(source)
    if not head and tail in here:
        line, block = here[tail]
        return rel, block, line
    names = imports(source)
    if head:
        module = names.get(head.split(".")[0])
        target = module[0] + (f".{module[1]}" if module and module[1] else "") if module else head
        target_file = file_of(repo, target, rel)
        name = tail
    elif tail in names:
        module_name, name = names[tail]
        target_file = file_of(repo, module_name, rel)
    else:
        return None
    if not target_file:
        return None
    defs = functions(text(repo, target_file))
    if name in defs:
        line, block = defs[name]
        return target_file, block, line
    return None


def find_app(repo: Repo, frameworks: list[Framework]) -> AppObject | None:
    """The module-level app object of one of ``frameworks`` (built directly, or returned by a
    factory: ``app = get_application()``), else a factory function with no object (Flask's
    ``create_app()``, served as ``'pkg:create_app()'`` / ``uvicorn --factory``)."""
    if not frameworks:
        return None
    files = sources(repo)
    factory_only: AppObject | None = None
    for rel in files:
        source = text(repo, rel)
        if not source or not any(c in source for fw in frameworks for c in fw.constructors + ("(",)):
            continue
        located = module_in(repo, rel, source)
        if located is None:
            continue
        module, base = located
        for m in _assignments(source):
            name, call = m[1], m[2]
            callee = call.rsplit(".", 1)[-1]
            for fw in frameworks:
                if callee in fw.constructors and (fw.name != "falcon" or call.startswith(("falcon", "App"))):
                    ev = Evidence(rel, line_of(source, m.start()), m[0].strip())
                    return AppObject(fw, module, base, f"{module}:{name}", False, rel, ev)
            found = _resolve(repo, rel, source, call) if callee not in ("print", "getenv") else None
            if found is None:
                continue
            where, block, def_line = found
            for fw in frameworks:
                if _constructs(block, fw) and "return" in block:
                    ev = Evidence(
                        rel,
                        line_of(source, m.start()),
                        f"{m[0].strip()} (returns {fw.label}: {where}:{def_line})",
                    )
                    return AppObject(fw, module, base, f"{module}:{name}", False, rel, ev)
        if factory_only is None:
            for fname, (line, block) in functions(source).items():
                if fname.startswith("_") or "return" not in block:
                    continue
                made = next((f for f in frameworks if _constructs(block, f)), None)
                if made is not None:
                    ev = Evidence(rel, line, f"def {fname}(): returns a {made.label} app")
                    factory_only = AppObject(made, module, base, f"{module}:{fname}", True, rel, ev)
                    break
    return factory_only


# --- what a __main__ block or script does ---------------------------------------------------

_LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
_KW = (
    r"{kw}[ \t]*=[ \t]*(?:[\"']([^\"']{{0,100}})[\"']"
    r"|(True|False|\d{{1,5}}|[A-Za-z_][\w.()\[\]\"', ]{{0,120}}))"
)


def _kwarg(call: str, kw: str) -> tuple[str | None, bool]:
    """A keyword argument's literal (string, number, True/False) and whether it is given."""
    m = re.search(_KW.format(kw=kw), call)
    if not m:
        return None, False
    return (m[1] if m[1] is not None else m[2]), True


@dataclass(frozen=True)
class Runner:
    """A server started from the code itself (``uvicorn.run(...)``, ``app.run(...)``)."""

    server: str  # uvicorn | flask | socketio | waitress | ...
    target: str | None  # "module:app" when the served object is importable
    host: str | None  # the literal host, None when not given
    host_given: bool
    reload: bool
    factory: bool
    evidence: Evidence

    @property
    def local_only(self) -> bool:
        """Binds only to loopback: unreachable from outside the container."""
        if self.host_given:
            return self.host in _LOCAL_HOSTS
        return self.server in ("uvicorn", "flask", "socketio")  # their default is 127.0.0.1


_RUN_CALL = re.compile(
    r"(uvicorn\.run|socketio\.run|[A-Za-z_]\w*\.run|run_simple|serve)\(([^()\n]{0,400}(?:\([^()\n]{0,200}\)[^()\n]{0,200})*)\)"
)


def runner(repo: Repo, rel: str) -> Runner | None:
    """The server a script starts in its ``__main__`` block (or a ``main()`` it calls)."""
    source = text(repo, rel)
    block = main_block(source)
    if block is None:
        return None
    start_line, code = block
    here = functions(source)
    called = re.findall(r"^\s*([A-Za-z_]\w*)\(\s*\)", code, re.M)
    bodies = [(start_line, code)] + [(here[c][0], here[c][1]) for c in called if c in here]
    located = module_of(rel)
    module = located[0] if located else None
    objects = {m[1] for m in _assignments(source)}
    for first_line, part in bodies:
        for m in _RUN_CALL.finditer(part):
            func, args = m[1], m[2]
            number = first_line + part.count("\n", 0, m.start()) + (1 if part is not code else 0)
            ev = Evidence(rel, number, m[0].strip()[:100])
            first = args.split(",", 1)[0].strip()
            host, given = _kwarg(args, "host")
            reload_value, _ = _kwarg(args, "reload")
            factory_value, _ = _kwarg(args, "factory")
            if func == "uvicorn.run":
                target = None
                if re.fullmatch(r"[\"'][\w.]+:[\w.]+[\"']", first):
                    target = first.strip("\"'")
                elif first in objects and module:
                    target = f"{module}:{first}"
                return Runner(
                    "uvicorn", target, host, given, reload_value == "True", factory_value == "True", ev
                )
            if func == "socketio.run":
                return Runner("socketio", None, host, given, False, False, ev)
            owner = func.rsplit(".", 1)[0]
            if func.endswith(".run") and owner in objects and module:
                debug, _ = _kwarg(args, "debug")
                return Runner("flask", f"{module}:{owner}", host, given, debug == "True", False, ev)
    return None


def says_run_with(repo: Repo, rel: str) -> tuple[str, str, Evidence] | None:
    """A script that says how to run it (``sys.exit("Run this app with `uvicorn main:app`")``):
    (server, target, evidence)."""
    source = text(repo, rel)
    block = main_block(source)
    if block is None:
        return None
    start, code = block
    m = re.search(r"[\"'`][^\"'`\n]{0,80}?\b(uvicorn|gunicorn|hypercorn)[ \t]+([\w.]+:[\w.]+)", code)
    if not m or re.search(rf"\b{m[1]}\.run\(", code):
        return None
    return m[1], m[2], Evidence(rel, start + code.count("\n", 0, m.start()), f"says: run with {m[1]} {m[2]}")


# --- click / typer command groups --------------------------------------------------------------

_SERVE_NAMES = ("serve", "server", "run", "runserver", "web", "start", "up")


@dataclass(frozen=True)
class Cli:
    """What a console script's target is: a group (needs a subcommand) or a command."""

    group: bool
    subcommand: str | None  # the subcommand that starts a server
    options: tuple[str, ...]  # options the serving command accepts (--host, --port)
    port_default: int | None
    reads_port_env: bool  # the port option reads $PORT (envvar="PORT")
    dev_server: bool  # the subcommand runs a development server (reload, debug)
    evidence: Evidence


def cli(repo: Repo, rel: str, function: str) -> Cli | None:
    """Read the click/typer object ``function`` in ``rel`` (None: not a click/typer CLI)."""
    source = text(repo, rel)
    if not re.search(r"\b(click|typer)\b", source):
        return None
    defs = {m[1]: m.start() for m in _DEF.finditer(source)}
    group = False
    evidence = Evidence(rel, None, function)
    if function in defs:
        start = defs[function]
        above = source[max(0, source.rfind("\n\n", 0, start)) : start]
        group = bool(re.search(r"@(?:click\.|\w+\.)?group\(|@\w+\.callback\(", above))
        evidence = Evidence(
            rel, line_of(source, start), f"{function}: a click {'group' if group else 'command'}"
        )
    elif re.search(rf"^{re.escape(function)}\s*=\s*typer\.Typer\(", source, re.M):
        commands = re.findall(rf"@{re.escape(function)}\.command\(", source)
        group = len(commands) != 1
        line = next((n for n, x in enumerate(source.splitlines(), 1) if x.startswith(f"{function} =")), None)
        evidence = Evidence(rel, line, f"{function}: a Typer app with {len(commands)} command(s)")
    elif re.search(rf"^{re.escape(function)}\s*=\s*click\.Group\(", source, re.M):
        group = True
    else:
        return None
    if not group:
        return Cli(False, None, (), None, False, False, evidence)
    # The subcommands: @group.command() / @group.command("name") on a def.
    subs: list[tuple[str, int, str, str]] = []
    for m in re.finditer(
        rf"@{re.escape(function)}\.command\((?:[\"']([\w-]+)[\"'])?[^\n]*\)\n((?:@[^\n]*\n){{0,20}})(?:async\s+)?def\s+(\w+)\(",
        source,
    ):
        name = m[1] or m[3].replace("_", "-")
        subs.append((name, m.start(), m[2], body(source, m.end() - 1)))
    serving = [s for s in subs if s[0] in _SERVE_NAMES]
    serving += [
        s for s in subs if s not in serving and re.search(r"uvicorn|gunicorn|waitress|\.run\(|serve\(", s[3])
    ]
    if not serving:
        return Cli(True, None, (), None, False, False, evidence)
    name, start, decorators, block = sorted(
        serving, key=lambda s: _SERVE_NAMES.index(s[0]) if s[0] in _SERVE_NAMES else 99
    )[0]
    options = tuple(sorted(set(re.findall(r"[\"'](--(?:host|port|bind))[\"']", decorators))))
    signature = source[start : source.find(":", source.find("def", start)) + 200]
    if "typer" in source and not options:
        options = tuple(f"--{p}" for p in ("host", "port") if re.search(rf"\b{p}\s*:", signature))
    port_default = None
    pm = re.search(r"[\"']--port[\"'][^\n]{0,200}?default\s*=\s*(\d{2,5})", decorators) or re.search(
        r"\bport\s*:\s*int\s*=\s*(?:typer\.Option\()?(\d{2,5})", signature
    )
    if pm:
        port_default = int(pm[1])
    reads_env = bool(re.search(r"envvar\s*=\s*[\"']PORT[\"']", decorators + signature))
    dev = bool(re.search(r"reload\s*=\s*True|debug\s*=\s*True", block))
    ev = Evidence(rel, line_of(source, start), f"{function} {name}: starts the server")
    return Cli(True, name, options, port_default, reads_env, dev, ev)
