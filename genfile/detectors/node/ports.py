"""The port a Node server listens on, read from its code, and whether it handles SIGTERM.

``app.listen(3000)``, ``process.env.PORT || 8080``, ``Number(process.env.PORT) ?? 3000``,
``const PORT = 4000``; the entry file is read first, then the rest of the source (shallow
folders first, tests and config files skipped). An app that reads ``PORT`` follows the
image's ``ENV PORT``, so ``--port`` changes it; a hard-coded port is reported as such.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from genfile.detectors.node import manifest
from genfile.errors import ManifestError
from genfile.evidence import Evidence
from genfile.repo import Repo

SOURCE_SUFFIXES = (".js", ".mjs", ".cjs", ".ts", ".mts", ".cts", ".jsx", ".tsx")
_NOT_APP = re.compile(
    r"(^|/)(tests?|__tests__|e2e|docs|examples?|scripts|public|static)/"
    r"|\.(test|spec|config|d)\.[cm]?[jt]sx?$|(^|/)(vite|webpack|rollup|jest|vitest|eslint)\."
)
_PORT_PATTERNS = (
    re.compile(r"process\.env\.PORT\b\)?\s*(?:\|\||\?\?)\s*['\"]?(\d{2,5})\b"),
    re.compile(r"\.listen\(\s*(\d{2,5})\b"),
    re.compile(r"\b(?:const|let|var)\s+(?:PORT|port)\s*(?::\s*number\s*)?=\s*(\d{2,5})\b"),
    # {[^{}]...}: a scan never runs past the next brace, so overlapping `listen({` stay linear.
    re.compile(r"(?:listen|serve)\(\s*\{[^{}]{0,300}?\bport\s*:\s*(\d{2,5})\b"),
)
_READS_PORT = re.compile(
    r"process\.env\.PORT\b|process\.env\[['\"]PORT['\"]\]|\{\s*PORT\s*\}\s*=\s*process\.env"
)
_SIGNALS = re.compile(
    r"process\.(?:on|once)\(\s*['\"]SIG(?:TERM|INT)['\"]|enableShutdownHooks\(|closeWithGrace\(|createTerminus\("
)
_SIGTERM = re.compile(r"['\"]SIGTERM['\"]")
# A bind to the loopback interface only: unreachable from outside the container.
_LOCAL_BIND = re.compile(
    r"\.listen\([^)]{0,200}?['\"](?:localhost|127\.0\.0\.1|::1)['\"]"
    r"|process\.env\.HOST\s*(?:\?\?|\|\|)\s*['\"](?:localhost|127\.0\.0\.1|::1)['\"]"
)
# Fastify's listen({ port }) without a host binds localhost (its documented default).
_FASTIFY_LISTEN = re.compile(r"\.listen\(\s*\{([^{}]{0,300})\}?")
_READS_HOST = re.compile(r"process\.env\.HOST\b|process\.env\[['\"]HOST['\"]\]")
_BUN_SERVE = re.compile(r"\bBun\.serve\(")
_Q = r"""['"`]"""
_P = r"""(?:\./)?([A-Za-z0-9_@+.-][A-Za-z0-9_@+./-]{0,120})"""
# Paths the app reads at start (templates, locales, static files, a server folder).
_READS = re.compile(
    r"(?:path\.(?:join|resolve)\(\s*(?:process\.cwd\(\)|[A-Za-z_$][\w$.]{0,40})\s*,\s*"
    r"(?:['\"]\.\.['\"]\s*,\s*)*"
    + _Q
    + _P
    + _Q
    + r"|(?:express\.static|serveStatic|readFileSync|readFile|readdirSync|loadTemplate)\(\s*"
    + _Q
    + _P
    + _Q
    + r"|\bset\(\s*['\"]views['\"]\s*,\s*"
    + _Q
    + _P
    + _Q
    + r"|new URL\(\s*"
    + _Q
    + r"\./"
    + _P
    + _Q
    + r"\s*,\s*import\.meta\.url)"
)
# Folders the app writes at run time (uploads, a SQLite database's folder, data/).
_WRITES = re.compile(
    r"(?:\bdest\s*:\s*|\b(?:mkdirSync|mkdir|writeFileSync|writeFile|createWriteStream|appendFileSync)\(\s*"
    r"|new\s+(?:Database|sqlite3\.Database)\(\s*|\bfilename\s*:\s*)" + _Q + _P + _Q
)
MAX_FILES = 200


@dataclass(frozen=True)
class CodeFacts:
    port: int | None
    port_evidence: Evidence | None
    reads_port: bool  # the app reads process.env.PORT
    signals: Evidence | None  # where the app handles SIGTERM/SIGINT itself
    local_bind: Evidence | None = None  # where it listens on localhost only
    reads_host: bool = False  # the bind address comes from process.env.HOST
    bun_serve: Evidence | None = None  # Bun.serve(): reads PORT itself unless a port is given
    reads: tuple[tuple[str, Evidence], ...] = ()  # (top-level path, where) the app reads at start
    writes: tuple[tuple[str, Evidence], ...] = ()  # (folder, where) the app writes at run time


def source_files(repo: Repo, first: tuple[str, ...] = ()) -> list[str]:
    """The project's own source files: ``first`` (when they exist), then the rest, shallow first."""
    found = [p for p in first if repo.is_file(p)]
    rest = [p for p in repo.walk(SOURCE_SUFFIXES, max_depth=4, limit=2000) if not _NOT_APP.search(p)]
    rest.sort(key=lambda p: (p.count("/"), p))
    return list(dict.fromkeys(found + rest))[:MAX_FILES]


def entry_sources(entry: str | None) -> tuple[str, ...]:
    """Where the source of a (possibly compiled) entry file may be: ``dist/main.js`` → ``src/main.ts``."""
    if not entry:
        return ()
    stem = re.sub(r"\.[cm]?js$", "", entry)
    inner = stem.split("/", 1)[1] if "/" in stem else stem
    candidates = [entry, f"{stem}.js", f"{stem}.ts", f"{stem}.mjs", f"{stem}/index.js"]
    candidates += [f"src/{inner}.ts", f"src/{inner}.js", f"{inner}.ts", f"{inner}.js"]
    return tuple(dict.fromkeys(candidates))


def _read_top(repo: Repo, rel: str, found: str) -> str | None:
    """The top-level project path a read names (relative to the file, else to the project),
    when the repository holds it."""
    path = manifest.plain_path(found)
    if path is None:
        return None
    here = rel.rpartition("/")[0]
    for candidate in ((f"{here}/{path}",) if here else ()) + (path,):
        if repo.exists(candidate):
            return candidate.split("/", 1)[0]
    return None


def _write_folder(found: str) -> str | None:
    """The folder a write names, relative to the working folder (``data/app.db`` → ``data``)."""
    path = manifest.plain_path(found)
    if path is None:
        return None
    folder = path.rpartition("/")[0] if "." in path.rsplit("/", 1)[-1] else path
    return folder or None


def scan(repo: Repo, files: list[str], fastify: bool = False) -> CodeFacts:
    reads: dict[str, Evidence] = {}
    writes: dict[str, Evidence] = {}
    local: Evidence | None = None
    host = False
    bun: Evidence | None = None
    port: int | None = None
    port_ev: Evidence | None = None
    reads_port = False
    signals: Evidence | None = None
    for rel in files:
        try:
            lines = repo.lines(rel)
        except ManifestError:
            continue
        # `for (const s of ["SIGINT", "SIGTERM"]) process.on(s, ...)`: a handler registered in a loop.
        loop_handler = any("process.on(" in x or "process.once(" in x for x in lines)
        for number, line in enumerate(lines, start=1):
            if port is None:
                for rx in _PORT_PATTERNS:
                    m = rx.search(line)
                    if m and 1 <= int(m[1]) <= 65535:
                        port, port_ev = int(m[1]), Evidence(rel, number, manifest.clean_note(line))
                        break
            if not reads_port and _READS_PORT.search(line):
                reads_port = True
            if not host and _READS_HOST.search(line):
                host = True
            if len(line) < 1000:
                for m in _READS.finditer(line):
                    top = _read_top(repo, rel, next(g for g in m.groups() if g))
                    if top and top not in reads:
                        reads[top] = Evidence(rel, number, manifest.clean_note(line))
                for m in _WRITES.finditer(line):
                    folder = _write_folder(m[1])
                    if folder and folder not in writes and folder != "tmp":
                        writes[folder] = Evidence(rel, number, manifest.clean_note(line))
            if bun is None and _BUN_SERVE.search(line):
                bun = Evidence(rel, number, manifest.clean_note(line))
            if local is None:
                m = _FASTIFY_LISTEN.search(line) if fastify else None
                if _LOCAL_BIND.search(line) or (m and "port" in m[1] and "host" not in m[1] and "}" in line):
                    local = Evidence(rel, number, manifest.clean_note(line))
            if signals is None and (_SIGNALS.search(line) or (loop_handler and _SIGTERM.search(line))):
                signals = Evidence(rel, number, manifest.clean_note(line))
    return CodeFacts(
        port,
        port_ev,
        reads_port or (bun is not None and port is None),
        signals,
        local,
        host,
        bun,
        tuple(reads.items()),
        tuple(writes.items()),
    )
