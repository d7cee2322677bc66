"""Why a peer example's case failed: genfile's fault, or something this machine cannot provide.

A case is "not applicable here" only with proof: a line of the build or run log (or of the
example's own Railpack configuration) that shows the cause, and the cause must explain the
failure, not merely exist beside it. Every rule is one small function that returns the
reason and that proof, or None. Anything no rule explains is genfile's failure.
"""

from __future__ import annotations

import dataclasses
import re
import shlex
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from peer_cases import Case

# Hosts of the package registries this machine (and CI) reaches: a failure to reach one is a
# flaky network or genfile's fault, never "not applicable".
REGISTRY_HOSTS = (
    "pypi.org",
    "files.pythonhosted.org",
    "registry.npmjs.org",
    "registry.yarnpkg.com",
    "proxy.golang.org",
    "sum.golang.org",
    "deb.debian.org",
    "security.debian.org",
    "crates.io",
    "static.crates.io",
    "repo.maven.apache.org",
    "repo1.maven.org",
)
_NET_ERROR = re.compile(
    r"ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|ENETUNREACH|getaddrinfo|Could not resolve host"
    r"|Temporary failure in name resolution|Name or service not known|Failed to connect to"
    r"|dial tcp|no such host|Network is unreachable|unable to access|Connection refused"
    r"|Failed to download|failed to fetch|Max retries exceeded|timed out",
    re.I,
)
# A host named in a network error: in a URL, or after the words resolvers and clients use.
_HOST = re.compile(
    r"(?:https?|git|ssh)://(?:[^@/\s]+@)?([A-Za-z0-9.-]+\.[A-Za-z]{2,})"
    r"|(?:ENOTFOUND|EAI_AGAIN|resolve host:?|lookup|connect to|host)\s+'?([A-Za-z0-9.-]+\.[A-Za-z]{2,})"
)
# BuildKit's ways of saying an image is neither local nor pullable: "load metadata for X"
# followed by the registry lookup that failed, or "X: not found" / "pull access denied".
_IMAGE_METADATA = re.compile(r"load metadata for (?:docker\.io/)?(?:library/)?(\S+?):?$")
_IMAGE_UNAVAILABLE = re.compile(
    r"registry-1\.docker\.io|(?:docker\.io/)?(?:library/)?(\S+:\S+): not found|pull access denied", re.I
)
# Lines the peer's own runtime prints, which no other correct image prints: Railpack serves
# static sites with Caddy, whose start-up log says this (caddy/caddyconfig/load: "using config
# from file"). genfile serves them with nginx.
PEER_RUNTIME_LINES = {
    "using config from file": (
        "Caddy's start-up log line (Railpack serves static sites with Caddy; genfile with nginx)"
    ),
}
# Banners only a framework's development server prints, with the production servers genfile
# runs instead (Flask's docs: "Do not use the development server when deploying to
# production"; Django's runserver: "DO NOT USE THIS SERVER IN A PRODUCTION SETTING").
DEV_SERVER_BANNERS = {
    "Serving Flask app": ("Flask's development server (werkzeug)", ("gunicorn", "uvicorn", "waitress-serve")),
    "Starting development server": ("Django's runserver", ("gunicorn", "uvicorn", "daphne")),
}
_VERSION = re.compile(r"\d+(?:\.\d+)+")
_ENV_HOST = re.compile(r"^[a-z][a-z0-9+.-]*://(?:[^@/\s]*@)?([A-Za-z0-9_.-]+)(?::(\d+))?")


@dataclass(frozen=True)
class NotApplicable:
    """The case cannot work on this machine: why, and the line that shows it."""

    reason: str
    proof: str


@dataclass(frozen=True)
class Evidence:
    """What the judge may look at for one failed case."""

    example: Path
    case: Case
    build_log: str
    run_log: str  # what the container printed (empty when it never ran)
    missing: tuple[str, ...]  # expected strings that did not appear
    dockerfile: str
    stack: str | None
    command: tuple[str, ...] = ()  # the image's ENTRYPOINT + CMD
    ran: bool = False  # the container started (False: the build failed)


def _lines(text: str) -> list[str]:
    return [re.sub(r"^#\d+ (\d+\.\d+ )?", "", line).strip() for line in text.splitlines() if line.strip()]


def _hosts(line: str) -> list[str]:
    return [m[1] or m[2] for m in _HOST.finditer(line)]


def _is_registry(host: str) -> bool:
    return any(host == h or host.endswith("." + h) for h in REGISTRY_HOSTS)


def unreachable_download(ev: Evidence) -> NotApplicable | None:
    """The build or the app downloads from a host outside the package registries (a browser
    build, a Prisma engine, a git dependency on GitHub), and that download failed."""
    for line in _lines(ev.build_log) + _lines(ev.run_log):
        if not _NET_ERROR.search(line):
            continue
        outside = [h for h in _hosts(line) if not _is_registry(h)]
        if outside:
            return NotApplicable(f"needs {outside[0]}, which this machine cannot reach", line[:300])
    return None


def missing_base_image(ev: Evidence) -> NotApplicable | None:
    """The Dockerfile names an official image the engine does not have and cannot pull (no
    container registry here): the version the project pins has no local stand-in."""
    lines = _lines(ev.build_log)
    wanted = next((m[1] for line in lines if (m := _IMAGE_METADATA.search(line))), None)
    for line in lines:
        m = _IMAGE_UNAVAILABLE.search(line)
        if m:
            image = m[1] or wanted or "a base image"
            return NotApplicable(
                f"no image {image} here (no container registry, and no local stand-in)", line[:300]
            )
    return None


def _config_values(example: Path) -> list[tuple[str, str, str, str]]:
    """(file, key, value, line) for every string value in the example's Railpack configuration."""
    found = []
    for path in sorted(example.glob("railpack*.json")):
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            for key, value in re.findall(r'"([^"]+)"\s*:\s*"([^"]+)"', line.split("//", 1)[0]):
                if not value.startswith("http"):
                    found.append((path.name, key, value, line.strip()))
    return found


def railpack_configuration(ev: Evidence) -> NotApplicable | None:
    """What the case expects comes from Railpack's own configuration: a ``RAILPACK_*``
    variable the case sets, or a ``railpack.json`` value, that the missing output repeats
    (and, for a configured start command, one that differs from the image's)."""
    if not ev.ran:
        return None
    for key, value in ev.case.envs.items():
        if key.startswith("RAILPACK_") and any(value in s for s in ev.missing):
            return NotApplicable(
                f"the case configures Railpack itself ({key}={value})", f"envs: {key}={value}"
            )
    for file, key, value, line in _config_values(ev.example):
        if key == "startCommand" and shlex.split(value) == list(ev.command):
            continue  # genfile runs the same command: the configuration is not the difference
        if any(value in s for s in ev.missing):
            return NotApplicable(
                f"the expected output follows Railpack's own configuration ({file})", f"{file}: {line}"
            )
    return None


_PM_AT_RUN_TIME = re.compile(
    r"npm_config_user_agent|npm_execpath|[\"'\[ ](pnpm|yarn|npm|bun|uv|pip|poetry)[\"', ]+\s*--version"
)
_SOURCES = ("*.js", "*.mjs", "*.cjs", "*.ts", "*.py", "src/*.js", "src/*.ts", "src/*.py")


def package_manager_at_run_time(ev: Evidence) -> NotApplicable | None:
    """The missing line reports which package manager started the app (``npm_config_user_agent``)
    or runs the package manager itself (``pnpm --version``): genfile's final image runs the
    server as PID 1 without a package manager, by design (signals, size, attack surface)."""
    if not ev.ran:
        return None
    for pattern in _SOURCES:
        for path in sorted(ev.example.glob(pattern)):
            for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
                m = _PM_AT_RUN_TIME.search(line)
                if not m:
                    continue
                tools = [m[1]] if m[1] else ["npm", "pnpm", "yarn", "bun"]
                if any(t.lower() in s.lower() for s in ev.missing for t in tools):
                    rel = path.relative_to(ev.example)
                    return NotApplicable(
                        "by design: the output reports the package manager at run time, which genfile's "
                        "final image leaves out (the server runs as PID 1)",
                        f"{rel}:{number}: {line.strip()[:200]}",
                    )
    return None


def railpack_caddyfile(ev: Evidence) -> NotApplicable | None:
    """The path the case requests is served by a Caddyfile that is a Railpack template
    (``{{.DIST_DIR}}`` placeholders only Railpack fills in)."""
    if not ev.ran:
        return None
    caddyfile = ev.example / "Caddyfile"
    if ev.case.http is None or not caddyfile.is_file():
        return None
    text = caddyfile.read_text(encoding="utf-8", errors="replace")
    template = next((line.strip() for line in text.splitlines() if "{{." in line), None)
    route = next((line.strip() for line in text.splitlines() if ev.case.http.path in line.split()), None)
    if template and route and ev.case.http.path != "/":
        return NotApplicable(
            f"{ev.case.http.path} exists only in Railpack's Caddyfile template",
            f"Caddyfile: {route} … {template}",
        )
    return None


def peer_runtime_output(ev: Evidence) -> NotApplicable | None:
    """The missing line is one the peer's own server prints (see :data:`PEER_RUNTIME_LINES`)."""
    if not ev.ran:
        return None
    for expected in ev.missing:
        why = PEER_RUNTIME_LINES.get(expected)
        if why and ev.stack != "caddy":
            return NotApplicable(f"expects {expected!r}: {why}", f"expectedOutput: {expected!r}")
    return None


def _as_pattern(expected: str) -> re.Pattern[str] | None:
    parts = _VERSION.split(expected)
    if len(parts) < 2:
        return None
    return re.compile(r"\d+(?:\.\d+)+".join(re.escape(p) for p in parts))


def _image_lines(dockerfile: str) -> list[str]:
    """The version part of every ``FROM`` image tag (``node:22-alpine`` → ``22``)."""
    tags = re.findall(r"^FROM\s+(?:--platform=\S+\s+)?\S+?:(\d+(?:\.\d+)*)", dockerfile, re.M)
    return tags


def exact_patch_version(ev: Evidence) -> NotApplicable | None:
    """The image runs the version line the project pins, but not the exact patch release the
    case prints: official tags follow a line's newest patch, and here every tag of a line is
    one local stand-in build (golang: one Go for every tag)."""
    for expected in ev.missing:
        pattern = _as_pattern(expected)
        if pattern is None:
            continue
        printed = next((line for line in _lines(ev.run_log) if pattern.search(line)), None)
        if printed is None:
            continue
        wanted = _VERSION.findall(expected)[0]
        for line in _image_lines(ev.dockerfile):
            if wanted.split(".")[: len(line.split("."))] == line.split("."):
                got = _VERSION.findall(pattern.search(printed)[0])[0]  # type: ignore[index]
                return NotApplicable(
                    f"expects exactly {wanted}; the image is on the {line} line as pinned, "
                    f"which runs {got} here",
                    printed[:300],
                )
    return None


_RESOLVE_FAILED = re.compile(
    r"Name or service not known|could not translate host|failed to resolve host"
    r"|nodename nor servname|getaddrinfo",
    re.I,
)


def needs_service(ev: Evidence) -> NotApplicable | None:
    """The app connects to a service the case names in its environment (a database at
    ``postgres:5432``) that only the peer's CI starts, and the log shows the name not resolve."""
    hosts = {}
    for key, value in ev.case.envs.items():
        m = _ENV_HOST.match(value)
        if m and m[1] not in ("localhost", "127.0.0.1"):
            hosts[m[1]] = key
    if not hosts:
        return None
    lines = _lines(ev.run_log)
    failed = [line for line in lines if _RESOLVE_FAILED.search(line)]
    failed += [line for line in lines if any(f"{h}:" in line for h in hosts) and "connect" in line.lower()]
    for line in failed:
        named = next((h for h in hosts if h in line), next(iter(hosts)))
        return NotApplicable(
            f"needs the service {hosts[named]} names ({named}), not started here", line[:300]
        )
    return None


def development_server_banner(ev: Evidence) -> NotApplicable | None:
    """The missing line is the banner of a framework's development server, and the image runs
    a production server instead, by design (see :data:`DEV_SERVER_BANNERS`)."""
    if not ev.ran:
        return None
    server = next((Path(a).name for a in ev.command[:2] if not a.startswith("-")), "")
    for expected in ev.missing:
        for banner, (what, production) in DEV_SERVER_BANNERS.items():
            if banner in expected and server in production:
                return NotApplicable(
                    f"by design: expects the banner of {what}; genfile's image runs {server}, "
                    "a production server",
                    f"expectedOutput: {expected!r}; CMD {' '.join(ev.command)[:120]}",
                )
    return None


def browser_download(ev: Evidence) -> NotApplicable | None:
    """The app needs a browser that its test tool downloads (``playwright install``, Puppeteer's
    Chrome) from a host outside the package registries."""
    for line in _lines(ev.run_log) + _lines(ev.build_log):
        if re.search(r"playwright install|Executable doesn't exist|Could not find Chrom(e|ium)", line):
            return NotApplicable(
                "needs a browser download (Playwright/Puppeteer), from a host this machine cannot reach",
                line[:300],
            )
    return None


def compiled_interpreter(ev: Evidence) -> NotApplicable | None:
    """The example asks its version manager (mise) to compile the interpreter with build flags
    (a free-threaded CPython): no official image ships that build."""
    if not ev.ran:
        return None
    mise = ev.example / "mise.toml"
    if not mise.is_file():
        return None
    lines = [line.strip() for line in mise.read_text(encoding="utf-8", errors="replace").splitlines()]
    flags = [line for line in lines if re.match(r"[A-Z_]*(FREE_THREADING|CONFIGURE_OPTS)[A-Z_]*\s*=", line)]
    if flags and any(re.match(r"\w+\.compile\s*=\s*true", line) for line in lines):
        return NotApplicable(
            "asks mise to compile the interpreter with build flags; no official image ships that build",
            f"mise.toml: {flags[0]}",
        )
    return None


RULES: tuple[Callable[[Evidence], NotApplicable | None], ...] = (
    missing_base_image,
    unreachable_download,
    railpack_configuration,
    railpack_caddyfile,
    peer_runtime_output,
    exact_patch_version,
    package_manager_at_run_time,
    development_server_banner,
    browser_download,
    compiled_interpreter,
    needs_service,
)


def not_applicable(
    ev: Evidence, rules: Iterable[Callable[[Evidence], NotApplicable | None]] = RULES
) -> NotApplicable | None:
    """The rule that explains the failure, or None: then it is genfile's. With several missing
    lines, each must be explained (by the same or another rule); one unexplained line makes
    the failure genfile's."""
    rules = tuple(rules)
    if len(ev.missing) <= 1:
        return next((found for rule in rules if (found := rule(ev)) is not None), None)
    found_all = []
    for line in ev.missing:
        single = dataclasses.replace(ev, missing=(line,))
        found = next((f for rule in rules if (f := rule(single)) is not None), None)
        if found is None:
            return None
        found_all.append(found)
    reasons = list(dict.fromkeys(f.reason for f in found_all))
    return NotApplicable("; ".join(reasons), found_all[0].proof)
