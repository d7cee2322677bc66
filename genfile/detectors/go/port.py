"""The port (and interface) a Go service listens on, read where real Go apps keep it.

A Go binary picks its own address, so the port is not an argument genfile passes: it is what
the code reads. In order:

- the environment: ``os.Getenv("PORT")`` (and helpers like ``getenv("PORT", "8080")``), a
  config struct's tags (envconfig ``envconfig:"PORT" default:"5000"``, caarlos0/env
  ``env:"PORT" envDefault:"5000"``, kong ``env:"PORT" default:"5000"``), urfave/cli flags with
  ``EnvVars``, viper keys under ``AutomaticEnv``; ``PORT`` itself means the platform's port wins
  (the image sets ``ENV PORT``); another listener variable (``SERVER_PORT``) with no default is
  set in the image;
- the default it falls back to: next to the read, a flag default (``flag.Int("port", 3000,
  ...)``, pflag/cobra ``IntVarP``), a ``default:"..."`` tag, viper ``SetDefault``, the value of a
  config file the code opens (``config.yml``) or of ``.env.example``;
- the address given to the listener (``ListenAndServe(":8080"``, ``http.Server{Addr: ...}``),
  an ``addr := ":8080"`` line; gin's ``r.Run()`` with no address reads ``PORT`` (default 8080).

With none of them: 8080, and ``detect`` says there was no evidence. A program that reaches no
listener and shows no sign of serving has no port at all.

The interface: an address on loopback (``"localhost:8080"``) is unreachable from outside a
container. Where it comes from the environment (``HOST`` defaulting to 127.0.0.1, a required
``SERVER_HOST``) the image sets it to 0.0.0.0; from a flag's default, the command passes the
flag; written in the code, only a code change fixes it (a warning with the line).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from genfile.detectors.go.serve import Listener
from genfile.detectors.go.source import GoFile
from genfile.errors import ManifestError
from genfile.evidence import Evidence
from genfile.repo import Repo

DEFAULT_PORT = 8080
LOOPBACK = ("localhost", "127.0.0.1", "::1", "[::1]", "ip6-localhost")

_READS_PORT = re.compile(r"\b(?:Getenv|LookupEnv)\(\s*\"PORT\"\s*\)")
_HELPER_PORT = re.compile(r"\b\w+\(\s*\"PORT\"\s*,")  # getenv("PORT", "8080")
_ENV_READ = re.compile(r"\b(?:os\.)?(?:Getenv|LookupEnv)\(\s*\"([A-Za-z_][A-Za-z0-9_]{0,63})\"\s*\)")
# getenv("PORT", "8080"), mustEnv("SERVER_PORT"), env.Get("PORT"), config.GetEnvOr("HOST", "0.0.0.0"):
# a function whose name (or package) says env, given an upper-case variable name.
_ENV_HELPER = re.compile(
    r"\b((?:\w+\.)?\w+)\(\s*\"([A-Z_][A-Z0-9_]{0,63})\"\s*(?:,\s*\"?([^\",)]*)\"?)?\s*\)"
)
_SAME_LINE_DEFAULT = re.compile(r"\"PORT\"\s*\)?\s*,\s*\"?(?:[\w.\-\[\]]*:)?(\d{2,5})\b")
_NEAR_DEFAULT = re.compile(r"(?:=|\breturn)\s*\"(?:[\w.\-\[\]]*:)?(\d{2,5})\"")
_LISTEN_LITERAL = re.compile(
    r"\b(?:ListenAndServe(?:TLS)?|Listen|Run|Start)\(\s*(?:\"tcp[46]?\"\s*,\s*)?\"([\w.\-\[\]:]*):(\d{2,5})\""
)
_ADDR_FIELD = re.compile(r"\bAddr\s*:\s*\"([\w.\-\[\]:]*):(\d{2,5})\"")
_FLAG_NAMES = (
    r"(?:port|addr|address|listen|listen[-_.]?addr(?:ess)?|bind|bind[-_.]?addr(?:ess)?|host|"
    r"http[-_.]?(?:addr(?:ess)?|port|listen)|server[-_.]?(?:addr(?:ess)?|port)|web[-_.]?(?:addr|port))"
)
# flag.Int("port", 3000, ...), flag.IntVar(&p, "port", 3000, ...), pflag IntVarP(&p, "port", "p", 3000, ...)
_FLAG = re.compile(
    r"\b(?:flag|pflag|Flags\(\)|PersistentFlags\(\)|\w+)\.(?P<kind>Int|Uint|String|Int64|Uint16)(?:Var)?(?P<p>P)?\("
    r"(?:\s*&?[\w.]+\s*,)?\s*\"(?P<name>" + _FLAG_NAMES + r")\"\s*,"
    r"(?(p)\s*\"[^\"]*\"\s*,)\s*\"?(?P<value>[^\",)]*)\"?"
)
# urfave/cli: &cli.IntFlag{Name: "port", Value: 3000, EnvVars: []string{"PORT"}}
_CLI_FLAG = re.compile(r"\b\w+\.(?:Int|Uint|String)Flag\s*\{([^{}]*(?:\{[^{}]*\}[^{}]*)*)\}", re.S)
_TAGGED_FIELD = re.compile(r"^[ \t]*(\w+)[ \t]+[\w.*\[\]]+[ \t]+`([^`\n]*)`", re.M)
_TAG = re.compile(r"(\w+):\"([^\"]*)\"")
_VIPER_DEFAULT = re.compile(r"\bSetDefault\(\s*\"([\w.-]+)\"\s*,\s*\"?([^\",)]*)\"?\s*\)")
_VIPER_ENV_PREFIX = re.compile(r"\bSetEnvPrefix\(\s*\"(\w+)\"\s*\)")
_ASSIGNED = re.compile(
    r"\b(?i:(?:default|listen|http|server)_?)?(?i:addr(?:ess)?|port)\s*:?=\s*\"?([\w.\-\[\]]*:)?(\d{2,5})\b"
)
# Variable names that are the listener's (PORT, SERVER_PORT, HTTP_ADDR, <APP>_PORT), not a
# database's or another service's (DB_PORT, REDIS_HOST).
_LISTENER_PREFIX = frozenset(
    {"", "SERVER", "HTTP", "HTTPS", "APP", "WEB", "API", "LISTEN", "BIND", "SERVICE", "PUBLIC"}
)
_ROLES = {"PORT": "port", "HOST": "host", "ADDR": "addr", "ADDRESS": "addr", "LISTEN": "addr", "BIND": "host"}
_CONFIG_PORT = re.compile(
    r"^\s*\"?(?:port|http_port|listen_port|server_port)\"?\s*[:=]\s*\"?(?:[\w.\-\[\]]*:)?(\d{2,5})\"?\s*,?\s*(?:#.*)?$",
    re.I,
)
_CONFIG_ADDR = re.compile(
    r"^\s*\"?(?:addr|address|listen|bind)\"?\s*[:=]\s*\"([\w.\-\[\]]*):(\d{2,5})\"", re.I
)
_CONFIG_FILE = re.compile(r"^(?:\./)?[\w./-]{0,200}\.(?:ya?ml|toml|json|env)$|^(?:\./)?\.env(?:\.\w+)?$")
_EXAMPLE_ENV = (
    ".env.example",
    ".env.sample",
    ".env.dist",
    ".env.template",
    "example.env",
    ".env.local.example",
)


@dataclass(frozen=True)
class EnvSetting:
    """A variable the image sets so the app listens where the container needs it."""

    name: str
    value: str
    reason: Evidence


@dataclass(frozen=True)
class Port:
    number: int | None  # None: the program serves nothing
    reads_env: bool  # the code reads $PORT, so ENV PORT in the image sets it (and the platform's wins)
    evidence: tuple[Evidence, ...]
    env: tuple[EnvSetting, ...] = ()  # variables the image sets (SERVER_HOST=0.0.0.0, SERVER_PORT=3000)
    loopback: Evidence | None = None  # binds to loopback in the code itself: only a code change fixes it
    args: tuple[str, ...] = ()  # flags the command passes so it listens on every interface
    args_why: tuple[Evidence, ...] = ()  # the flag declarations whose default is loopback
    variable: str | None = None  # the variable it reads for its port when that is not PORT
    found: bool = True  # False: 8080 is genfile's default, no evidence


@dataclass(frozen=True)
class _EnvRead:
    name: str
    role: str  # port | host | addr
    default: str | None
    required: bool
    evidence: Evidence
    default_evidence: Evidence | None


def role_of(name: str, app: str = "") -> str | None:
    """``port``/``host``/``addr`` for a listener's variable (PORT, SERVER_HOST, HTTP_ADDR,
    LINKBOX_PORT), None for anything else (DB_PORT, HOSTNAME)."""
    upper = name.upper()
    prefix, _, suffix = upper.rpartition("_")
    if suffix not in _ROLES:
        return None
    parts = [p for p in prefix.split("_") if p] if prefix else []
    allowed = _LISTENER_PREFIX | {app.upper().replace("-", "_")} | {"LISTEN", "BIND"}
    if all(p in allowed for p in parts):
        return _ROLES[suffix]
    return None


def _valid(text: str) -> int | None:
    number = int(text)
    return number if 1 <= number <= 65535 else None


def _port_in(value: str) -> int | None:
    m = re.fullmatch(r"(?:[\w.\-\[\]]*:)?(\d{2,5})", value.strip())
    return _valid(m[1]) if m else None


def _is_loopback(host: str) -> bool:
    return host.strip("[]").lower() in {h.strip("[]") for h in LOOPBACK}


def _near_default(file: GoFile, index: int) -> tuple[int, Evidence] | None:
    lines = file.lines()
    m = _SAME_LINE_DEFAULT.search(lines[index])
    if m and (n := _valid(m[1])):
        return n, Evidence(file.path, index + 1, f"default {n}")
    for i in [*range(index + 1, min(index + 7, len(lines))), *range(index - 1, max(index - 5, -1), -1)]:
        m = _NEAR_DEFAULT.search(lines[i])
        n = _valid(m[1]) if m else None
        if n is None and (lm := _LISTEN_LITERAL.search(lines[i])):
            n = _valid(lm[2])
        if n:
            return n, Evidence(file.path, i + 1, lines[i].strip()[:80])
    return None


def _near_text_default(file: GoFile, index: int) -> tuple[str, Evidence] | None:
    """A string fallback right after an env read: ``if host == "" { host = "127.0.0.1" }``."""
    lines = file.lines()
    for i in range(index, min(index + 5, len(lines))):
        m = re.search(
            r"(?:=|\breturn|,)\s*\"([\w.\-\[\]:]{1,80})\"",
            lines[i][lines[i].find(")") + 1 :] if i == index else lines[i],
        )
        if m:
            return m[1], Evidence(file.path, i + 1, lines[i].strip()[:80])
    return None


def _required_near(file: GoFile, index: int) -> bool:
    lines = file.lines()
    window = "\n".join(lines[index : index + 5])
    return bool(re.search(r"\b(?:log\.Fatal\w*|panic|errors\.New|fmt\.Errorf|os\.Exit)\b", window)) or bool(
        re.search(r"(?i)\bmust\w*\(\s*\"", lines[index])
    )


def _env_reads(files: Sequence[GoFile], app: str) -> list[_EnvRead]:
    reads: list[_EnvRead] = []
    for file in files:
        code = file.code
        lines = file.lines()
        if "Getenv" in code or "LookupEnv" in code or "env" in code.lower():
            for index, line in enumerate(lines):
                matches = [(m[1], None) for m in _ENV_READ.finditer(line)] + [
                    (m[2], m[3])
                    for m in _ENV_HELPER.finditer(line)
                    if "env" in m[1].lower() and not m[1].endswith(("Getenv", "LookupEnv"))
                ]
                for name, given in matches:
                    role = role_of(name, app)
                    if role is None:
                        continue
                    ev = Evidence(file.path, index + 1, line.strip()[:80])
                    default: str | None = None
                    dev: Evidence | None = None
                    if given:
                        default, dev = given, ev
                    elif role == "port":
                        near = _near_default(file, index)
                        if near:
                            default, dev = str(near[0]), near[1]
                    else:
                        near_text = _near_text_default(file, index)
                        if near_text:
                            default, dev = near_text
                    reads.append(_EnvRead(name, role, default, _required_near(file, index), ev, dev))
        if "`" in file.text:
            prefix = _envconfig_prefix(file)
            for m in _TAGGED_FIELD.finditer(file.code):
                tags = dict(_TAG.findall(m[2]))
                env = tags.get("envconfig") or tags.get("env")
                if env is None and "default" in tags and prefix is not None and "split_words" not in tags:
                    env = f"{prefix}_{m[1]}" if prefix else m[1]
                if not env:
                    continue
                name = env.split(",")[0]
                role = role_of(name, app)
                if role is None:
                    continue
                at = file.code.count("\n", 0, m.start()) + 1
                ev = Evidence(file.path, at, m[0].strip()[:80])
                default = tags.get("default", tags.get("envDefault"))
                required = tags.get("required") == "true" or ",required" in env or ",notEmpty" in env
                reads.append(
                    _EnvRead(name.upper(), role, default, required, ev, ev if default is not None else None)
                )
        if "Flag" in code:
            for m in _CLI_FLAG.finditer(code):
                body = m[1]
                env = re.search(
                    r"\b(?:EnvVars\s*:\s*\[\]string\s*\{\s*|EnvVar\s*:\s*|EnvVars\(\s*)\"(\w+)\"", body
                )
                if not env or (role := role_of(env[1], app)) is None:
                    continue
                value = re.search(r"\bValue\s*:\s*\"?([^\",}\n]*)\"?", body)
                at = code.count("\n", 0, m.start()) + 1
                ev = Evidence(file.path, at, f"flag with EnvVars {env[1]}")
                reads.append(
                    _EnvRead(
                        env[1], role, value[1].strip() if value else None, False, ev, ev if value else None
                    )
                )
        if "AutomaticEnv" in code:
            prefix_m = _VIPER_ENV_PREFIX.search(code)
            for m in _VIPER_DEFAULT.finditer(code):
                key = m[1].upper().replace(".", "_").replace("-", "_")
                name = f"{prefix_m[1].upper()}_{key}" if prefix_m else key
                role = role_of(name, app)
                if role is None:
                    continue
                at = code.count("\n", 0, m.start()) + 1
                ev = Evidence(file.path, at, m[0].strip()[:80])
                reads.append(_EnvRead(name, role, m[2], False, ev, ev))
    return reads


def _envconfig_prefix(file: GoFile) -> str | None:
    m = re.search(r"\benvconfig\.(?:Must)?Process\(\s*\"(\w*)\"", file.code)
    return m[1].upper() if m else None


def _flag_defaults(files: Sequence[GoFile]) -> list[tuple[str, str, str, Evidence]]:
    """(flag name, role, default value, evidence) of listener flags."""
    out = []
    for file in files:
        if "Flag" not in file.code and "flag." not in file.code:
            continue
        for index, line in enumerate(file.lines()):
            for m in _FLAG.finditer(line):
                name = m["name"]
                role = "port" if "port" in name else ("host" if name in ("host", "bind") else "addr")
                out.append(
                    (name, role, m["value"].strip(), Evidence(file.path, index + 1, line.strip()[:80]))
                )
        for m in _CLI_FLAG.finditer(file.code):
            body = m[1]
            name = re.search(r"\bName\s*:\s*\"(" + _FLAG_NAMES + r")\"", body)
            value = re.search(r"\bValue\s*:\s*\"?([^\",}\n]*)\"?", body)
            if name and value and not re.search(r"\bEnvVars?\b", body):  # an env read: set in ENV instead
                role = "port" if "port" in name[1] else ("host" if name[1] in ("host", "bind") else "addr")
                at = file.code.count("\n", 0, m.start()) + 1
                out.append((name[1], role, value[1].strip(), Evidence(file.path, at, f"flag {name[1]}")))
    return out


def _struct_defaults(files: Sequence[GoFile]) -> tuple[int, Evidence] | None:
    for file in files:
        if "`" not in file.text:
            continue
        for m in _TAGGED_FIELD.finditer(file.code):
            if not re.fullmatch(r"(?i)(?:http|server|listen)?_?(?:port|addr(?:ess)?)|listen", m[1]):
                continue
            tags = dict(_TAG.findall(m[2]))
            value = tags.get("default", tags.get("envDefault"))
            if value and (n := _port_in(value)):
                line = file.code.count("\n", 0, m.start()) + 1
                return n, Evidence(file.path, line, m[0].strip()[:80])
    return None


def _viper_default(files: Sequence[GoFile]) -> tuple[int, Evidence] | None:
    for file in files:
        for m in _VIPER_DEFAULT.finditer(file.code):
            key = m[1].lower().rpartition(".")[2]
            if re.fullmatch(r"(?:http_?)?(?:port|addr(?:ess)?|listen)", key) and (n := _port_in(m[2])):
                line = file.code.count("\n", 0, m.start()) + 1
                return n, Evidence(file.path, line, m[0].strip()[:80])
    return None


def _config_files(repo: Repo | None, files: Sequence[GoFile], base: str) -> list[str]:
    """Config files the code names (``config.Load("config.yml")``) that the project holds."""
    if repo is None:
        return []
    found = []
    for file in files:
        for value, _ in file.strings:
            if _CONFIG_FILE.fullmatch(value) and "*" not in value:
                rel = "/".join(p for p in (base, value.removeprefix("./")) if p)
                if repo.is_file(rel) and rel not in found:
                    found.append(rel)
    return found


def _file_value(repo: Repo, rel: str, names: Iterable[str] = ()) -> tuple[int, Evidence] | None:
    try:
        text = repo.text(rel)
    except ManifestError:
        return None
    wanted = {n.upper() for n in names}
    for number, line in enumerate(text.split("\n")[:2000], start=1):
        env = re.match(r"^\s*(?:export\s+)?([A-Za-z_]\w*)\s*=\s*[\"']?([^\"'\s#]*)", line)
        if env and (env[1].upper() in wanted) and (n := _port_in(env[2])):
            return n, Evidence(rel, number, line.strip()[:80])
        if wanted and rel.rpartition("/")[2].startswith(".env"):
            continue
        m = _CONFIG_PORT.match(line) or _CONFIG_ADDR.match(line)
        if m and (n := _valid(m[m.lastindex or 1])):
            return n, Evidence(rel, number, line.strip()[:80])
    return None


def _example_env(repo: Repo | None, base: str, names: Iterable[str]) -> tuple[int, Evidence] | None:
    if repo is None:
        return None
    for name in _EXAMPLE_ENV:
        rel = "/".join(p for p in (base, name) if p)
        if repo.is_file(rel) and (found := _file_value(repo, rel, names)):
            return found
    return None


def _literal(files: Sequence[GoFile]) -> tuple[int, Evidence, str] | None:
    """A port written in the code: the listener's literal, an Addr field, an addr := line."""
    for rx in (_LISTEN_LITERAL, _ADDR_FIELD, _ASSIGNED):
        for file in files:
            for index, line in enumerate(file.lines()):
                m = rx.search(line)
                if m and (n := _valid(m[2])):
                    return n, Evidence(file.path, index + 1, line.strip()[:80]), (m[1] or "").rstrip(":")
    return None


def _shows_serving(files: Sequence[GoFile]) -> bool:
    """Signs of a server when no listener call was seen (a handler, a router)."""
    rx = re.compile(r"\bhttp\.(?:HandleFunc|Handle|NewServeMux|FileServer|ResponseWriter)\b")
    return any(rx.search(f.code) for f in files)


def detect(
    files_in: Iterable[GoFile],
    listener: Listener | None = None,
    *,
    repo: Repo | None = None,
    base: str = "",
    app: str = "",
    serves: bool | None = None,
) -> Port:
    """``files_in``: the main package's files first, then what it imports from the project;
    ``listener``: the listening call the program reaches; ``base``: the module's folder (config
    files are relative to it); ``serves``: False when the program reaches no listener."""
    files = list(files_in)
    reads = _env_reads(files, app)
    flags = _flag_defaults(files)
    port_reads = [r for r in reads if r.role == "port"]
    platform = next((r for r in port_reads if r.name == "PORT"), None)
    gin_default = (
        listener is not None
        and listener.framework == "github.com/gin-gonic/gin"
        and listener.argument == ""
        and re.match(r"Run\s*\(", listener.evidence.note) is not None
    )
    quiet = not port_reads and not flags and not gin_default and not _shows_serving(files)
    if serves is False and listener is None and quiet:
        return Port(
            None,
            False,
            (Evidence(None, None, "no listener in the code it is built from: it serves nothing"),),
        )
    env: list[EnvSetting] = []
    args: list[str] = []
    args_why: list[Evidence] = []
    loopback: Evidence | None = None
    literal = _literal(files)
    # The number and its evidence, from the first source that states it.
    sources: list[tuple[int, Evidence]] = []
    chosen_read = platform or (port_reads[0] if port_reads else None)
    if chosen_read and chosen_read.default and (n := _port_in(chosen_read.default)):
        sources.append((n, chosen_read.default_evidence or chosen_read.evidence))
    for r in reads:
        if r.role == "addr" and r.default and (n := _port_in(r.default)):
            sources.append((n, r.default_evidence or r.evidence))
    for _name, role, value, ev in flags:
        if role in ("port", "addr") and (n := _port_in(value)):
            sources.append((n, ev))
    for finder in (_struct_defaults(files), _viper_default(files)):
        if finder:
            sources.append(finder)
    for rel in _config_files(repo, files, base):
        if repo is not None and (found := _file_value(repo, rel)):
            sources.append(found)
    if chosen_read and not sources and (found := _example_env(repo, base, [chosen_read.name])):
        sources.append(found)
    if literal:
        sources.append((literal[0], literal[1]))
    if gin_default:
        sources.append(
            (DEFAULT_PORT, Evidence(None, None, "gin's Run() without an address: $PORT, else 8080"))
        )
    found_any = bool(sources)
    number, number_ev = (
        sources[0] if sources else (DEFAULT_PORT, Evidence(None, None, "default 8080, no evidence"))
    )
    reads_env = platform is not None or bool(gin_default)
    evidence: list[Evidence] = []
    variable = None
    if platform is not None:
        evidence.append(platform.evidence)
    elif gin_default and listener is not None:
        evidence.append(listener.evidence)
    elif chosen_read is not None:
        evidence.append(chosen_read.evidence)
        variable = chosen_read.name
        if chosen_read.default is None or chosen_read.required:
            why = Evidence(
                chosen_read.evidence.file,
                chosen_read.evidence.line,
                f"{chosen_read.name} has no default: the image sets it to the port",
            )
            env.append(EnvSetting(chosen_read.name, str(number), why))
    if number_ev not in evidence:
        evidence.append(number_ev)
    # The interface.
    for r in reads:
        if r.role == "host" and (r.default is None or r.required or _is_loopback(r.default)):
            note = "no default" if r.default is None else f"default {r.default}"
            env.append(
                EnvSetting(
                    r.name,
                    "0.0.0.0",
                    Evidence(r.evidence.file, r.evidence.line, f"{r.name} ({note}) sets the interface"),
                )
            )
        elif r.role == "addr" and r.name != "PORT":
            host = (r.default or "").rpartition(":")[0]
            if r.default is None or r.required or _is_loopback(host):
                note = "no default" if r.default is None else f"default {r.default}"
                env.append(
                    EnvSetting(
                        r.name,
                        f"0.0.0.0:{number}",
                        Evidence(r.evidence.file, r.evidence.line, f"{r.name} ({note}) sets the address"),
                    )
                )
    for name, role, value, ev in flags:
        host = value if role == "host" else value.rpartition(":")[0]
        if host and _is_loopback(host):
            dash = "-" if re.search(r"\bflag\.", ev.note) else "--"
            args.append(f"{dash}{name}=" + ("0.0.0.0" if role == "host" else f"0.0.0.0:{number}"))
            args_why.append(Evidence(ev.file, ev.line, f"-{name} defaults to {value}, loopback only"))
    if listener is not None:
        m = re.match(
            r"\"([\w.\-\[\]:]*?):?(\d{0,5})\"",
            listener.argument.replace('"tcp", ', "").replace('"tcp4", ', ""),
        )
        if m and _is_loopback(m[1]):
            loopback = listener.evidence
        if "JoinHostPort" in listener.argument:
            joined = re.search(r"JoinHostPort\(\s*\"([^\"]*)\"", listener.argument)
            if joined and _is_loopback(joined[1]):
                loopback = listener.evidence
    if loopback is None and literal and _is_loopback(literal[2]) and not env and not args:
        loopback = literal[1]
    return Port(
        number,
        reads_env,
        tuple(evidence),
        tuple(env),
        loopback,
        tuple(args),
        tuple(args_why),
        variable,
        found_any,
    )
