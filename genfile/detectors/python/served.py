"""Apps that their framework's own command serves: Streamlit, Gradio, Dash, Panel, Bokeh,
Chainlit, NiceGUI, Solara.

Each is found from a direct dependency and the file that imports it and builds the app; the
command gets the host and port flags (or environment variables) the framework reads, so it
listens on all interfaces and on ``$PORT`` (:data:`genfile.plan.PORT`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from genfile.detectors.python import code
from genfile.evidence import Evidence
from genfile.plan import PORT
from genfile.repo import Repo


@dataclass(frozen=True)
class Served:
    kind: str
    label: str
    command: tuple[str, ...]
    port: int
    port_evidence: Evidence | None
    reads_port: bool
    env: tuple[tuple[str, str], ...]
    evidence: Evidence
    warnings: tuple[str, ...] = ()
    health: str = ""  # the framework's own health path, when it has one


@dataclass(frozen=True)
class _Kind:
    name: str
    label: str
    package: str
    imports: re.Pattern[str]
    marks: re.Pattern[str]  # the file is the app, not a helper module
    preferred: tuple[str, ...]
    port: int


_KINDS = (
    _Kind(
        "streamlit",
        "Streamlit",
        "streamlit",
        re.compile(r"^\s*(import streamlit|from streamlit\b)", re.M),
        re.compile(r"\bst\.\w+\(|streamlit\.\w+\("),
        ("streamlit_app.py", "app.py", "main.py", "Home.py", "home.py", "dashboard.py"),
        8501,
    ),
    _Kind(
        "gradio",
        "Gradio",
        "gradio",
        re.compile(r"^\s*(import gradio|from gradio\b)", re.M),
        re.compile(r"\.launch\("),
        ("app.py", "main.py", "demo.py"),
        7860,
    ),
    _Kind(
        "dash",
        "Dash",
        "dash",
        re.compile(r"^\s*(import dash|from dash\b)", re.M),
        re.compile(r"\bDash\("),
        ("app.py", "main.py", "index.py"),
        8050,
    ),
    _Kind(
        "panel",
        "Panel",
        "panel",
        re.compile(r"^\s*(import panel|from panel\b)", re.M),
        re.compile(r"\.servable\(|\bpn\.serve\("),
        ("app.py", "main.py"),
        5006,
    ),
    _Kind(
        "bokeh",
        "Bokeh server",
        "bokeh",
        re.compile(r"^\s*(import bokeh|from bokeh\b)", re.M),
        re.compile(r"\bcurdoc\(\)"),
        ("main.py", "app.py"),
        5006,
    ),
    _Kind(
        "chainlit",
        "Chainlit",
        "chainlit",
        re.compile(r"^\s*(import chainlit|from chainlit\b)", re.M),
        re.compile(r"@cl\.on_\w+|chainlit\.on_\w+"),
        ("app.py", "main.py"),
        8000,
    ),
    _Kind(
        "nicegui",
        "NiceGUI",
        "nicegui",
        re.compile(r"^\s*(import nicegui|from nicegui\b)", re.M),
        re.compile(r"\bui\.run\("),
        ("main.py", "app.py"),
        8080,
    ),
    _Kind(
        "solara",
        "Solara",
        "solara",
        re.compile(r"^\s*(import solara|from solara\b)", re.M),
        re.compile(r"@solara\.component|\bPage\b"),
        ("app.py", "main.py", "sol.py"),
        8765,
    ),
)


def _app_file(repo: Repo, kind: _Kind) -> tuple[str, str, int] | None:
    """The file that is the app: (path, its text, the line that marks it)."""
    found = []
    for rel in code.sources(repo):
        source = code.text(repo, rel)
        if not kind.imports.search(source):
            continue
        m = kind.marks.search(source)
        if not m:
            continue
        name = rel.rsplit("/", 1)[-1]
        in_pages = "/pages/" in f"/{rel}"
        rank = (
            in_pages,
            kind.preferred.index(name) if name in kind.preferred else len(kind.preferred),
            rel.count("/"),
        )
        found.append((rank, rel, source, code.line_of(source, m.start())))
    if not found:
        return None
    _, rel, source, line = sorted(found)[0]
    return rel, source, line


def _port_literal(call: str, kw: str) -> int | None:
    m = re.search(rf"\b{kw}\s*=\s*(\d{{2,5}})\b", call)
    return int(m[1]) if m else None


def _launch_call(source: str, name: str) -> tuple[int, str] | None:
    m = re.search(
        rf"{re.escape(name)}\(([^()\n]{{0,300}}(?:\([^()\n]{{0,100}}\)[^()\n]{{0,200}})*)\)", source
    )
    return (code.line_of(source, m.start()), m[1]) if m else None


def find(repo: Repo, deps: set[str]) -> Served | None:
    """The app a framework command serves (from a direct dependency), or None."""
    for kind in _KINDS:
        if deps and kind.package not in deps:
            continue
        located = _app_file(repo, kind)
        if located is None:
            continue
        rel, source, line = located
        ev = Evidence(rel, line, f"{kind.label} app")
        return _command(kind, rel, source, ev)
    return None


def _command(kind: _Kind, rel: str, source: str, ev: Evidence) -> Served:
    port_ev = None
    cmd: tuple[str, ...]
    if kind.name == "streamlit":
        cmd = (
            "streamlit", "run", rel, "--server.port", PORT, "--server.address", "0.0.0.0",
            "--server.headless", "true", "--browser.gatherUsageStats", "false",
        )  # fmt: skip
        return Served(kind.name, kind.label, cmd, kind.port, None, True, (), ev, health="/_stcore/health")
    if kind.name in ("panel", "bokeh"):
        cmd = (
            kind.name,
            "serve",
            rel,
            "--address",
            "0.0.0.0",
            "--port",
            PORT,
            "--allow-websocket-origin",
            "*",
        )
        return Served(kind.name, kind.label, cmd, kind.port, None, True, (), ev)
    if kind.name == "chainlit":
        cmd = ("chainlit", "run", rel, "--host", "0.0.0.0", "--port", PORT, "--headless")
        return Served(kind.name, kind.label, cmd, kind.port, None, True, (), ev)
    if kind.name == "solara":
        cmd = ("solara", "run", rel, "--host", "0.0.0.0", "--port", PORT, "--production")
        return Served(kind.name, kind.label, cmd, kind.port, None, True, (), ev)
    warnings: list[str] = []
    if kind.name == "gradio":
        call = _launch_call(source, ".launch")
        port, reads = kind.port, True
        env = [("GRADIO_SERVER_NAME", "0.0.0.0")]
        if call:
            number, args = call
            fixed = _port_literal(args, "server_port")
            if fixed:
                port, reads = fixed, False
                port_ev = Evidence(rel, number, f"launch(server_port={fixed})")
            elif re.search(r"\bserver_port\s*=", args):
                reads = bool(re.search(r"environ|getenv", args))
            host = re.search(r"server_name\s*=\s*[\"']([^\"']{0,60})[\"']", args)
            if host and host[1] in ("127.0.0.1", "localhost"):
                warnings.append(
                    f"{rel}:{number}: launch(server_name={host[1]!r}) listens on loopback only, unreachable "
                    'from outside the container: only a code change fixes it (server_name="0.0.0.0", or '
                    "drop it: the image sets GRADIO_SERVER_NAME=0.0.0.0)"
                )
        cmd = ("env", f"GRADIO_SERVER_PORT={PORT}", "python", rel) if reads else ("python", rel)
        return Served(
            kind.name,
            kind.label,
            cmd,
            port,
            port_ev,
            reads,
            tuple(env),
            ev,
            tuple(warnings),
            health="/config",
        )
    if kind.name == "dash":
        server = re.search(r"^(\w+)\s*=\s*(\w+)\.server\b", source, re.M)
        located = code.module_of(rel)
        if server and located:
            module, base = located
            extra = ("--chdir", base) if base else ()
            sev = Evidence(rel, code.line_of(source, server.start()), server[0].strip())
            cmd = ("gunicorn", "--access-logfile", "-", *extra, f"{module}:{server[1]}")
            return Served("dash", "Dash (its Flask server on gunicorn)", cmd, 8000, None, True, (), sev)
        call = _launch_call(source, ".run") or _launch_call(source, ".run_server")
        port, reads = kind.port, True
        where = f"{rel}:{call[0]}" if call else ev.where()
        warnings.append(
            f"{where}: Dash's run() is Flask's development server: add `server = app.server` to the "
            "module and genfile serves it with gunicorn"
        )
        if call:
            number, args = call
            fixed = _port_literal(args, "port")
            if fixed:
                port, reads = fixed, False
                port_ev = Evidence(rel, number, f"run(port={fixed})")
        # Dash's run() reads HOST and PORT from the environment when not given.
        return Served(
            kind.name,
            kind.label,
            ("python", rel),
            port,
            port_ev,
            reads,
            (("HOST", "0.0.0.0"),),
            ev,
            tuple(warnings),
        )
    # NiceGUI: ui.run() listens on 0.0.0.0 (outside native mode), port 8080 unless given.
    call = _launch_call(source, "ui.run")
    port, reads = kind.port, False
    if call:
        number, args = call
        fixed = _port_literal(args, "port")
        reads = bool(re.search(r"port\s*=[^,)]*(environ|getenv)", args))
        named = re.search(r"\bport\s*=\s*(?:int\()?\s*([A-Za-z_]\w*)\s*\)?\s*(?:[,)]|$)", args)
        if named and not reads:
            # port=port, with ``port = int(os.environ.get("PORT", 8080))`` above it
            reads = bool(
                re.search(
                    rf"^\s*{re.escape(named[1])}\s*=\s*(?:int\()?\s*os\.(?:environ\.get|getenv)\(\s*[\"']PORT[\"']",
                    source,
                    re.M,
                )
            )
        if fixed:
            port = fixed
            port_ev = Evidence(rel, number, f"ui.run(port={fixed})")
        host = re.search(r"host\s*=\s*[\"']([^\"']{0,60})[\"']", args)
        if host and host[1] in ("127.0.0.1", "localhost"):
            warnings.append(
                f"{rel}:{number}: ui.run(host={host[1]!r}) listens on loopback only: only a code change "
                'fixes it (host="0.0.0.0")'
            )
    return Served(kind.name, kind.label, ("python", rel), port, port_ev, reads, (), ev, tuple(warnings))
