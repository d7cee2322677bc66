"""Whether a program serves, and which of its commands does: listeners reached from its code.

A *listener* is a call that opens a port: ``http.ListenAndServe``, ``srv.Serve(l)``,
``net.Listen``, gin's ``r.Run``, echo's ``e.Start``, fiber's ``app.Listen``, ... (the
framework methods count only in files that import the framework). From ``func main`` and
from the actions of a command tree (cobra ``Run``/``RunE``, urfave/cli ``Action``, go-flags
``Execute``, kong ``Run``) the project's own functions are followed by name: ``pkg.Func`` to
the imported package, ``x.Method(`` to every method of that name, a bare name to the
function of the same package (``RunE: runServe`` included). Not a type checker: a name
shared by several functions leads to all of them, which over-approximates, never misses a
call written in the source.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from genfile.detectors.go.source import Function, GoFile, Package, body_span, matching
from genfile.evidence import Evidence

MAX_VISITS = 3000


@dataclass(frozen=True)
class _Sink:
    pattern: re.Pattern[str]
    imports: tuple[str, ...] = ()  # the file must import one of these (prefixes)
    opens: bool = True  # False: a server value whose listening call is elsewhere (http.Server{...})


_SINKS = (
    _Sink(re.compile(r"\b(?:http\.|fasthttp\.|\.)?ListenAndServe(?:TLS)?\s*\(")),
    _Sink(re.compile(r"\bhttp\.Serve(?:TLS)?\s*\(")),
    _Sink(re.compile(r"\.Serve(?:TLS)?\(\s*\w+")),
    _Sink(re.compile(r"\b(?:net|tls)\.Listen\s*\(")),
    _Sink(re.compile(r"\.(?:Run|RunTLS|RunListener)\s*\("), ("github.com/gin-gonic/gin",)),
    _Sink(re.compile(r"\.Start(?:TLS|AutoTLS|Server|H2CServer)?\s*\("), ("github.com/labstack/echo",)),
    _Sink(re.compile(r"\.Listen(?:TLS|MutualTLS|er)?\s*\("), ("github.com/gofiber/fiber",)),
    _Sink(re.compile(r"\.(?:Listen|Run)\s*\("), ("github.com/kataras/iris",)),
    _Sink(re.compile(r"\b(?:beego|web)\.Run\s*\("), ("github.com/beego/beego", "github.com/astaxie/beego")),
    _Sink(re.compile(r"\.Spin\s*\(\s*\)"), ("github.com/cloudwego/hertz",)),
    _Sink(re.compile(r"\.(?:Run|Start|Listen)\(\s*\"[\w.\-\[\]]*:\d+\"")),
    _Sink(re.compile(r"\bhttp\.Server\s*\{"), opens=False),
)
_KEYWORDS = frozenset(
    re.findall(
        r"\w+",
        "break case chan const continue default defer else fallthrough for func go goto if import "
        "interface map package range return select struct switch type var nil true false iota "
        "append cap close copy delete len make new panic print println recover string int error "
        "bool byte rune any",
    )
)
_SELECTOR = re.compile(r"\b([A-Za-z_]\w*)\s*\.\s*([A-Za-z_]\w*)(\s*\()?")
_NAME = re.compile(r"(?<![.\w])([A-Za-z_]\w*)\b")


@dataclass(frozen=True)
class Listener:
    """A listening call the program reaches: where, and the text of its address argument."""

    evidence: Evidence
    file: GoFile = field(repr=False, compare=False)
    offset: int  # of the call in the file
    argument: str  # the call's arguments as written ("" for none, the Addr field of http.Server{...})
    framework: str  # the import that made it a listener ("" for the standard library)


@dataclass(frozen=True)
class Command:
    """One command of a command tree: its path below the root (``("serve",)``; ``()`` for the
    root itself), where it is declared, and whether its action reaches a listener."""

    path: tuple[str, ...]
    evidence: Evidence
    listener: Listener | None
    library: str  # "cobra", "urfave/cli", "go-flags", "kong"


@dataclass(frozen=True)
class Serving:
    """What one main package's program does: the listener it reaches (None: it serves
    nothing that genfile can see) and how it was found."""

    listener: Listener | None
    how: str  # "main", "command", "package" (somewhere in the packages it imports)
    commands: tuple[Command, ...] = ()
    command: Command | None = None  # the serving command, when the binary is a command tree


class Index:
    """The project's functions in the packages one program is built from, by name."""

    def __init__(self, packages: Sequence[Package], roots: dict[str, str]) -> None:
        self.packages = list(packages)
        self.by_dir = {p.dir: p for p in packages}
        self.funcs: dict[tuple[str, str], list[Function]] = {}
        self.methods: dict[str, list[Function]] = {}
        self.types: dict[str, list[tuple[GoFile, int, int]]] = {}
        for pkg in packages:
            for file in pkg.files:
                for fn in file.functions:
                    if fn.recv:
                        self.methods.setdefault(fn.name, []).append(fn)
                    else:
                        self.funcs.setdefault((pkg.dir, fn.name), []).append(fn)
        # import path → project folder, longest module path first
        self._roots = sorted(roots.items(), key=lambda i: -len(i[0]))
        self.imports = frozenset(p for pkg in packages for f in pkg.files for p, _ in f.imports)

    def folder_of(self, path: str) -> str | None:
        for module, folder in self._roots:
            if path == module or path.startswith(f"{module}/"):
                sub = path[len(module) :].lstrip("/")
                return "/".join(p for p in (folder, sub) if p)
        return None

    def aliases(self, file: GoFile) -> dict[str, str]:
        """Name used in ``file`` → project folder of each project package it imports."""
        explicit = dict((p, a) for a, p in file.aliases)
        out: dict[str, str] = {}
        for path, _ in file.imports:
            folder = self.folder_of(path)
            if folder is None or folder not in self.by_dir:
                continue
            name = explicit.get(path) or self.by_dir[folder].name
            out[name] = folder
        return out

    def package_dir(self, file: GoFile) -> str:
        return file.dir

    def calls(self, file: GoFile, start: int, end: int) -> list[Function]:
        """The project functions a span of ``file`` names (called or passed as values)."""
        text = file.skeleton[start:end]
        found: list[Function] = []
        aliases = self.aliases(file)
        for m in _SELECTOR.finditer(text):
            left, right, call = m[1], m[2], m[3]
            if left in aliases:
                found += self.funcs.get((aliases[left], right), [])
            elif call:
                found += self.methods.get(right, [])
        for m in _NAME.finditer(text):
            name = m[1]
            if name in _KEYWORDS:
                continue
            found += self.funcs.get((file.dir, name), [])
        return found

    def reach(self, spans: Iterable[tuple[GoFile, int, int]]) -> Listener | None:
        """The first listener reached from the given code spans, breadth first."""
        queue = list(spans)
        seen: set[tuple[str, int]] = set()
        weak: Listener | None = None
        visits = 0
        while queue and visits < MAX_VISITS:
            file, start, end = queue.pop(0)
            key = (file.path, start)
            if key in seen:
                continue
            seen.add(key)
            visits += 1
            found = listener_in(file, start, end, self.imports)
            if found is not None:
                if found[1]:
                    return found[0]
                weak = weak or found[0]
            queue += [(fn.file, fn.start, fn.end) for fn in self.calls(file, start, end)]
        return weak


def _imports_any(imports: Iterable[str], prefixes: tuple[str, ...]) -> bool:
    return any(i == s or i.startswith(f"{s}/") for s in prefixes for i in imports)


def listener_in(
    file: GoFile, start: int = 0, end: int | None = None, program: Iterable[str] = ()
) -> tuple[Listener, bool] | None:
    """The first listener call in a span of the file, and whether it opens the port itself.

    A framework's method counts in a file that imports the framework, or in one that uses a
    value from it (``r := api.Router(); r.Run()``) when the program imports it and the file
    does not run processes (``exec.Command(...).Run()`` is not a server)."""
    code = file.code
    stop = len(code) if end is None else end
    imports = [p for p, _ in file.imports]
    program_imports = [*imports, *program] if "os/exec" not in imports else imports
    best: tuple[int, _Sink, re.Match[str]] | None = None
    for sink in _SINKS:
        if sink.imports and not _imports_any(program_imports, sink.imports):
            continue
        m = sink.pattern.search(code, start, stop)
        if m and (
            best is None
            or (sink.opens and not best[1].opens)
            or (sink.opens == best[1].opens and m.start() < best[0])
        ):
            best = (m.start(), sink, m)
    if best is None:
        return None
    offset, sink, m = best
    framework = next((s for s in sink.imports if _imports_any(program_imports, (s,))), "")
    bracket = m.end() - 1
    while bracket > m.start() and file.skeleton[bracket] not in "({":
        bracket -= 1
    close = matching(file.skeleton, bracket) if file.skeleton[bracket] in "({" else None
    argument = code[bracket + 1 : close - 1].strip() if close else ""
    if file.skeleton[bracket] == "{":
        addr = re.search(r"\bAddr\s*:\s*([^,\n}]+)", argument)
        argument = addr[1].strip() if addr else ""
    line = file.line_of(offset)
    note = code[offset : m.end()].strip().lstrip(".")
    return Listener(Evidence(file.path, line, note[:60]), file, offset, argument[:200], framework), sink.opens


def package_listener(packages: Sequence[Package]) -> Listener | None:
    """A listener anywhere in the packages (when calls through interfaces hide the path)."""
    program = frozenset(p for pkg in packages for f in pkg.files for p, _ in f.imports)
    weak = None
    for pkg in packages:
        for file in pkg.files:
            found = listener_in(file, program=program)
            if found and found[1]:
                return found[0]
            weak = weak or (found[0] if found else None)
    return weak


# ---- command trees --------------------------------------------------------------------------

_COBRA = "github.com/spf13/cobra"
_URFAVE = ("github.com/urfave/cli",)
_GOFLAGS = "github.com/jessevdk/go-flags"
_KONG = "github.com/alecthomas/kong"


def _alias(file: GoFile, path: str, default: str) -> str | None:
    if not any(p == path or p.startswith(f"{path}/") for p, _ in file.imports):
        return None
    return next((a for a, p in file.aliases if p == path or p.startswith(f"{path}/")), default)


def _value_span(index: Index, file: GoFile, pos: int) -> list[tuple[GoFile, int, int]]:
    """The code a field value names: a func literal's body, or the functions it refers to."""
    sk = file.skeleton
    m = re.compile(r"\s*func\b").match(sk, pos)
    if m:
        body = body_span(sk, m.end())
        return [(file, body[0], body[1])] if body else []
    ref = re.compile(r"\s*&?([\w.]+)").match(sk, pos)
    if not ref:
        return []
    return [(fn.file, fn.start, fn.end) for fn in index.calls(file, ref.start(1), ref.end(1))]


@dataclass
class _Decl:
    name: str
    file: GoFile
    start: int
    end: int
    var: str | None  # the variable the literal is assigned to
    builder: str | None  # the function whose body holds it (a constructor)
    action: list[tuple[GoFile, int, int]]
    library: str
    parent: _Decl | None = None


def _enclosing(file: GoFile, offset: int) -> Function | None:
    return next((fn for fn in file.functions if fn.start <= offset < fn.end), None)


def _literals(file: GoFile, type_rx: str) -> Iterable[tuple[int, int]]:
    """(offset of the opening brace, offset after the closing one) of each composite literal."""
    for m in re.finditer(type_rx, file.skeleton):
        brace = m.end() - 1
        close = matching(file.skeleton, brace)
        if close:
            yield brace, close


def _field(file: GoFile, start: int, end: int, name: str) -> re.Match[str] | None:
    """A field ``name:`` at the literal's own level (not inside a nested literal or func)."""
    sk = file.skeleton
    depth = 0
    rx = re.compile(rf"\b{name}\s*:")
    i = start + 1
    while i < end - 1:
        c = sk[i]
        if c in "({[":
            depth += 1
        elif c in ")}]":
            depth -= 1
        elif depth == 0 and c == name[0]:
            m = rx.match(file.code, i)
            if m and (i == 0 or not (sk[i - 1].isalnum() or sk[i - 1] == "_")):
                return m
        i += 1
    return None


def _string_field(file: GoFile, start: int, end: int, name: str) -> str | None:
    m = _field(file, start, end, name)
    if not m:
        return None
    s = re.compile(r"\s*\"([^\"\\]*)\"").match(file.code, m.end())
    return s[1] if s else None


def _cobra(index: Index, files: list[GoFile]) -> list[_Decl]:
    decls: list[_Decl] = []
    for file in files:
        alias = _alias(file, _COBRA, "cobra")
        if alias is None:
            continue
        for start, end in _literals(file, rf"\b{re.escape(alias)}\.Command\s*\{{"):
            use = _string_field(file, start, end, "Use")
            if use is None or not use.split():
                continue
            action: list[tuple[GoFile, int, int]] = []
            for name in ("RunE", "Run"):
                m = _field(file, start, end, name)
                if m:
                    action += _value_span(index, file, m.end())
            head = file.skeleton[max(0, start - 200) : start]
            var = re.search(r"(\w+)\s*:?=\s*&?\s*[\w.]+\s*$", head)
            fn = _enclosing(file, start)
            decls.append(
                _Decl(
                    use.split()[0],
                    file,
                    start,
                    end,
                    var[1] if var else None,
                    fn.name if fn else None,
                    action,
                    "cobra",
                )
            )
    by_var = {(d.file.dir, d.var): d for d in decls if d.var}
    by_builder = {(d.file.dir, d.builder): d for d in decls if d.builder}
    for file in files:
        if _alias(file, _COBRA, "cobra") is None and not any(d.file.dir == file.dir for d in decls):
            continue
        aliases = index.aliases(file)
        for m in re.finditer(r"\b(\w+)\s*\.\s*AddCommand\s*\(", file.skeleton):
            close = matching(file.skeleton, m.end() - 1)
            if not close:
                continue
            parent = by_var.get((file.dir, m[1]))
            if parent is None:
                fn = _enclosing(file, m.start())
                parent = by_builder.get((file.dir, fn.name)) if fn else None
            if parent is None:
                continue
            for arg in re.finditer(r"(?:(\w+)\s*\.\s*)?(\w+)\s*(\()?", file.skeleton[m.end() : close - 1]):
                folder = aliases.get(arg[1], file.dir) if arg[1] else file.dir
                child = by_builder.get((folder, arg[2])) if arg[3] else by_var.get((folder, arg[2]))
                if child is not None and child is not parent:
                    child.parent = parent
    return decls


def _urfave(index: Index, files: list[GoFile]) -> list[_Decl]:
    decls: list[_Decl] = []
    for file in files:
        path = next((p for p, _ in file.imports if p.startswith(_URFAVE)), None)
        if path is None:
            continue
        alias = next((a for a, p in file.aliases if p == path), "cli")
        v3 = path.endswith("/v3")
        spans = [
            (s, e, "Command") for s, e in _literals(file, rf"(?<!\])\b{re.escape(alias)}\.Command\s*\{{")
        ]
        # []*cli.Command{{ {Name: ...}, {Name: ...} }}: elements with the type left out
        for s_, e_ in _literals(file, rf"\[\]\s*\*?\s*{re.escape(alias)}\.Command\s*\{{"):
            i = s_ + 1
            while i < e_ - 1:
                if file.skeleton[i] == "{":
                    close = matching(file.skeleton, i)
                    if close is None:
                        break
                    spans.append((i, close, "Command"))
                    i = close
                elif file.skeleton[i] in "([":
                    i = matching(file.skeleton, i) or e_
                else:
                    i += 1
        spans += [(s, e, "App") for s, e in _literals(file, rf"\b{re.escape(alias)}\.App\s*\{{")]
        mine: list[_Decl] = []
        for start, end, kind in spans:
            name = _string_field(file, start, end, "Name") or ""
            m = _field(file, start, end, "Action")
            action = _value_span(index, file, m.end()) if m else []
            head = file.skeleton[max(0, start - 200) : start]
            var = re.search(r"(\w+)\s*:?=\s*&?\s*[\w.]+\s*$", head)
            decl = _Decl(
                name if kind == "Command" else "",
                file,
                start,
                end,
                var[1] if var else None,
                None,
                action,
                "urfave/cli",
            )
            mine.append(decl)
        for decl in mine:
            outer = [d for d in mine if d is not decl and d.start < decl.start and decl.end <= d.end]
            if outer:
                decl.parent = max(outer, key=lambda d: d.start)
            elif decl.name and not v3:
                decl.parent = _Decl("", file, 0, 0, None, None, [], "urfave/cli")  # under cli.App
            elif decl.name and v3:
                refs = [
                    d
                    for d in mine
                    if d is not decl
                    and decl.var
                    and re.search(rf"\b{decl.var}\b", file.skeleton[d.start : d.end])
                ]
                if refs:
                    decl.parent = refs[0]
        decls += mine
    return decls


def _struct_commands(index: Index, files: list[GoFile]) -> list[_Decl]:
    """go-flags (``AddCommand("serve", ..., &ServeCmd{})``, ``command:"serve"`` tags) and kong
    (``cmd:""`` tags): the command is a type whose Execute (go-flags) or Run (kong) acts."""
    decls: list[_Decl] = []
    for file in files:
        goflags = _alias(file, _GOFLAGS, "flags") is not None
        kong = _alias(file, _KONG, "kong") is not None
        found: list[tuple[str, str, int, str]] = []  # (name, type, offset, library)
        if goflags:
            for m in re.finditer(
                r"\.AddCommand\(\s*\"([\w-]+)\"\s*,[^,]*,[^,]*,\s*(?:&\s*(\w+)\s*\{|new\(\s*(\w+)\s*\))",
                file.code,
            ):
                found.append((m[1], m[2] or m[3], m.start(), "go-flags"))
        if goflags or kong:
            for m in re.finditer(r"^\s*(\w+)\s+\*?(\w+)\s+`([^`]*)`", file.code, re.M):
                tag = m[3]
                named = re.search(r"\bcommand:\"([\w-]+)\"", tag) if goflags else None
                if named:
                    found.append((named[1], m[2], m.start(), "go-flags"))
                elif kong and re.search(r"\bcmd:\"", tag):
                    given = re.search(r"\bname:\"([\w-]+)\"", tag)
                    name = given[1] if given else re.sub(r"(?<!^)(?=[A-Z])", "-", m[1]).lower()
                    found.append((name, m[2], m.start(), "kong"))
        for name, type_name, offset, library in found:
            method = "Execute" if library == "go-flags" else "Run"
            action = [
                (fn.file, fn.start, fn.end) for fn in index.methods.get(method, []) if fn.recv == type_name
            ]
            decls.append(_Decl(name, file, offset, offset, None, type_name, action, library))
    return decls


def commands(index: Index, packages: Sequence[Package]) -> tuple[Command, ...]:
    """Every command of the command trees in the packages, with its path and listener."""
    files = [f for pkg in packages for f in pkg.files]
    decls = _cobra(index, files) + _urfave(index, files) + _struct_commands(index, files)
    out = []
    for decl in decls:
        path: list[str] = []
        node: _Decl | None = decl
        hops = 0
        while node is not None and hops < 8:
            if node.parent is not None or decl.library in ("go-flags", "kong"):
                path.insert(0, node.name)
            node = node.parent
            hops += 1
        path = [p for p in path if p]
        if not all(re.fullmatch(r"[A-Za-z0-9][\w.-]{0,40}", p) for p in path):
            continue
        listener = index.reach(decl.action) if decl.action else None
        where = Evidence(
            decl.file.path,
            decl.file.line_of(decl.start),
            f"{decl.library} command {' '.join(path) or '(root)'}",
        )
        out.append(Command(tuple(path), where, listener, decl.library))
    return tuple(out)


# Subcommand names that say "the server" when several commands reach a listener.
_SERVER_NAMES = ("serve", "server", "web", "http", "api", "start", "run", "daemon")


def serving(index: Index, main: Package, packages: Sequence[Package], stated: Sequence[str] = ()) -> Serving:
    """How the program built from ``main`` serves; ``stated``: subcommands the project's own
    run instructions name (Makefile, Procfile, README), preferred among several."""
    mains = [f for f in main.files if f.main_line is not None]
    spans = [
        (fn.file, fn.start, fn.end) for f in mains for fn in f.functions if fn.name == "main" and not fn.recv
    ]
    inits = [
        (fn.file, fn.start, fn.end)
        for f in main.files
        for fn in f.functions
        if fn.name == "init" and not fn.recv
    ]
    cmds = commands(index, packages)
    subs = [c for c in cmds if c.path]
    serving_cmds = [c for c in subs if c.listener is not None]
    if serving_cmds:

        def rank(c: Command) -> tuple[int, int, int]:
            named = next((i for i, n in enumerate(_SERVER_NAMES) if c.path[-1] == n), len(_SERVER_NAMES))
            return (0 if " ".join(c.path) in stated or c.path[-1] in stated else 1, named, len(c.path))

        best = min(serving_cmds, key=rank)
        root = next((c for c in cmds if not c.path and c.listener), None)
        if root is None:
            return Serving(best.listener, "command", cmds, best)
    direct = index.reach(spans + inits)
    if direct is not None:
        return Serving(direct, "main", cmds)
    root = next((c for c in cmds if not c.path and c.listener), None)
    if root is not None:
        return Serving(root.listener, "command", cmds)
    fallback = package_listener(packages) if not subs else None
    return Serving(fallback, "package" if fallback else "none", cmds)
