"""Go source files, read just enough: package clause, imports, ``//go:embed``, cgo, strings.

Not a Go parser: a small lexer blanks comments (keeping line numbers) so that regular
expressions only see code, and it collects every string literal with its line. Files the go
command would not compile for linux (``_test.go``, ``_windows.go``, ``//go:build ignore``,
``_``/``.`` names) are left out, like ``go build`` leaves them out. Folders are walked the way
the go command walks them: ``testdata``, ``vendor`` and ``_``/``.`` folders are not packages,
and a folder with its own go.mod is another module.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import cached_property

from genfile.errors import ManifestError
from genfile.repo import Repo

_LEXEME = re.compile(
    r"""//[^\n]*|/\*.*?\*/|"(?:[^"\\\n]|\\.)*"|`[^`]*`|'(?:[^'\\\n]|\\.)+'""",
    re.DOTALL,
)
_PACKAGE = re.compile(r"^\s*package\s+([A-Za-z_]\w*)", re.M)
# The first declaration after the imports (comments skipped: a cgo preamble may hold C code).
_HEADER_END = re.compile(r"//[^\n]*|/\*.*?\*/|^(?:func|type|var|const)\b", re.M | re.S)
_IMPORT_BLOCK = re.compile(r"\bimport\s*\(([^)]*)\)")
_IMPORT_ONE = re.compile(r"\bimport\s+(?:([A-Za-z_.]\w*)\s+)?(\"(?:[^\"\\]|\\.)*\"|`[^`]*`)")
_IMPORT_SPEC = re.compile(r"(?:([A-Za-z_.]\w*)\s+)?(\"(?:[^\"\\]|\\.)*\"|`[^`]*`)")
_FUNC_MAIN = re.compile(r"^func\s+main\s*\(\s*\)", re.M)
_EMBED = re.compile(r"^\s*//go:embed\s+(.+?)\s*$")
_BUILD = re.compile(r"^\s*//go:build\s+(.+?)\s*$")
_CGO_DIRECTIVE = re.compile(r"^\s*(?://)?\s*#cgo\s+(?:[\w!, ]+\s+)?(LDFLAGS|pkg-config)\s*:\s*(.*)$")

_GOOS = (
    "aix android darwin dragonfly freebsd hurd illumos ios js linux nacl netbsd openbsd plan9 "
    "solaris wasip1 windows zos"
)
_GOARCH = (
    "386 amd64 amd64p32 arm armbe arm64 arm64be loong64 mips mipsle mips64 mips64le mips64p32 mips64p32le "
    "ppc ppc64 ppc64le riscv riscv64 s390 s390x sparc sparc64 wasm"
)
GOOS = frozenset(_GOOS.split())  # noqa: SIM905 (one line to read, not 18)
GOARCH = frozenset(_GOARCH.split())  # noqa: SIM905
SKIP_DIRS = frozenset({"vendor", "testdata", "node_modules"})
# Names an import path can hold (module.CheckImportPath): anything else cannot be a package
# anyone imports, and its path would have to travel into Dockerfile lines, so it is skipped.
_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._~+-]{0,127}")
MAX_DEPTH = 12
MAX_FILES = 5000


@dataclass(frozen=True)
class GoFile:
    """One source file the go command would compile for linux.

    The package clause and imports are read for every file (the header is short); the rest
    (comments blanked, string literals, directives) only when a fact needs it, which is for
    the packages the binary is built from.
    """

    path: str  # relative to the project
    package: str
    imports: tuple[tuple[str, int], ...]  # (import path, line)
    text: str = field(repr=False, compare=False)  # the file as read
    aliases: tuple[tuple[str, str], ...] = field(default=(), compare=False)  # (alias, path) as written

    @property
    def dir(self) -> str:
        return self.path.rpartition("/")[0]

    @cached_property
    def _lexed(self) -> tuple[str, tuple[tuple[str, int], ...]]:
        code, strings = lex(self.text)
        return code, tuple(strings)

    @property
    def code(self) -> str:
        """The text with comments blanked (line numbers kept)."""
        return self._lexed[0]

    @property
    def strings(self) -> tuple[tuple[str, int], ...]:
        """Every string literal (value, line)."""
        return self._lexed[1]

    @cached_property
    def skeleton(self) -> str:
        """The code with the inside of every string literal blanked too (offsets and lines
        kept): braces and parentheses in it are the program's own, so they can be matched."""
        return _STRING_BODY.sub(_blank_string, self.code)

    @cached_property
    def functions(self) -> tuple[Function, ...]:
        """Every top-level ``func`` declaration, with its body's span."""
        found = []
        for m in _FUNC_DECL.finditer(self.skeleton):
            body = body_span(self.skeleton, m.end())
            if body is not None:
                line = self.skeleton.count("\n", 0, m.start()) + 1
                found.append(Function(m["name"], m["recv"], self, body[0], body[1], line))
        return tuple(found)

    def line_of(self, offset: int) -> int:
        return self.code.count("\n", 0, offset) + 1

    def lines(self) -> list[str]:
        """The code's lines (comments blanked), split at \n only so line numbers are Go's."""
        return self.code.split("\n")

    @cached_property
    def embeds(self) -> tuple[tuple[str, int], ...]:
        """//go:embed patterns (relative to the file's folder) with their lines."""
        if "go:embed" not in self.text:
            return ()
        return tuple(
            (pattern, number)
            for number, line in enumerate(self.text.split("\n"), start=1)
            if (e := _EMBED.match(line))
            for pattern in _embed_patterns(e[1])
        )

    @cached_property
    def cgo_libs(self) -> tuple[tuple[str, int], ...]:
        """#cgo LDFLAGS / pkg-config values of the preamble, with their lines."""
        if "#cgo" not in self.text:
            return ()
        return tuple(
            (f"{c[1]}: {c[2].strip()}"[:120], number)
            for number, line in enumerate(self.text.split("\n"), start=1)
            if (c := _CGO_DIRECTIVE.match(line))
        )

    @cached_property
    def main_line(self) -> int | None:
        """The line of ``func main()``, in package main only."""
        main = _FUNC_MAIN.search(self.code) if self.package == "main" else None
        return self.code.count("\n", 0, main.start()) + 1 if main else None


@dataclass(frozen=True)
class Function:
    """A ``func`` declaration (``recv``: its receiver type for a method) and its body's span
    in the file (offsets into :attr:`GoFile.skeleton`, braces included)."""

    name: str
    recv: str | None
    file: GoFile = field(repr=False, compare=False)
    start: int
    end: int
    line: int

    @property
    def body(self) -> str:
        return self.file.skeleton[self.start : self.end]


def _blank_string(m: re.Match[str]) -> str:
    text = m[0]
    return text[0] + re.sub(r"[^\n]", " ", text[1:-1]) + text[-1]


_STRING_BODY = re.compile(r"""\"(?:[^"\\\n]|\\.)*\"|`[^`]*`|'(?:[^'\\\n]|\\.)+'""")
# func Name(, func (s *Server) Name(, func (s Server[T]) Name[T any](
_FUNC_DECL = re.compile(
    r"^func[ \t]+(?:\([ \t]*(?:\w+[ \t]+)?\*?[ \t]*(?P<recv>\w+)(?:\[[^\]]*\])?[ \t]*\)[ \t]*)?"
    r"(?P<name>\w+)[ \t]*(?:\[[^\]]*\])?(?=\()",
    re.M,
)


def matching(text: str, start: int, limit: int = 400_000) -> int | None:
    """The offset just after the bracket that closes the one at ``start`` (in a skeleton)."""
    pairs = {"(": ")", "{": "}", "[": "]"}
    stack = [pairs[text[start]]]
    i = start + 1
    end = min(len(text), start + limit)
    while i < end:
        c = text[i]
        if c in pairs:
            stack.append(pairs[c])
        elif c in ")]}":
            if c != stack.pop():
                return None
            if not stack:
                return i + 1
        i += 1
    return None


_TYPE_BRACES = re.compile(r"\b(?:interface|struct)\s*$")


def body_span(text: str, pos: int) -> tuple[int, int] | None:
    """The ``{...}`` body of a function whose parameter list starts at ``pos`` (a skeleton):
    the parameters and results are skipped, ``interface{}``/``struct{...}`` types included.
    None for a function type or a declaration without a body (gofmt keeps the ``{`` on the
    signature's last line, so a line end first means there is none)."""
    while pos < len(text) and text[pos] in " \t":
        pos += 1
    if pos >= len(text) or text[pos] != "(":
        return None
    after = matching(text, pos)
    while after is not None and after < len(text):
        c = text[after]
        if c == "{":
            if _TYPE_BRACES.search(text, max(0, after - 16), after):
                after = matching(text, after)
                continue
            close = matching(text, after)
            return (after, close) if close else None
        if c in "([":
            after = matching(text, after)
            continue
        if c in "\n;)},=":
            return None
        after += 1
    return None


@dataclass(frozen=True)
class Package:
    dir: str  # relative to the project, "" at the top
    name: str
    files: tuple[GoFile, ...]

    @property
    def main_file(self) -> GoFile | None:
        return next((f for f in self.files if f.main_line is not None), None)


@dataclass(frozen=True)
class Tree:
    """Every package under the module folders, and where Go code lives (tests included)."""

    packages: dict[str, Package]  # folder → package
    go_dirs: frozenset[str]  # folders holding any .go file, and all their parents
    truncated: bool


def _unquote(literal: str) -> str:
    if literal.startswith("`"):
        return literal[1:-1]
    body = literal[1:-1]
    if "\\" not in body:
        return body
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m[1], m[1]), body)


def lex(text: str) -> tuple[str, list[tuple[str, int]]]:
    """The text with comments blanked (newlines kept) and its string literals with their lines."""
    strings: list[tuple[str, int]] = []
    parts: list[str] = []
    last = 0  # end of the text copied so far
    line, counted = 1, 0  # line number at offset ``counted``
    for m in _LEXEME.finditer(text):
        token = m[0]
        if token.startswith("/"):
            parts.append(text[last : m.start()])
            parts.append(re.sub(r"[^\n]", " ", token) if "\n" in token else " " * len(token))
            last = m.end()
        elif token[0] in '"`':
            line += text.count("\n", counted, m.start())
            counted = m.start()
            strings.append((_unquote(token), line))
    parts.append(text[last:])
    return "".join(parts), strings


# ---- build constraints -------------------------------------------------------------------


def _tag(name: str, tags: frozenset[str] = frozenset()) -> bool | None:
    """Whether a build tag holds for ``GOOS=linux go build -tags <tags>``: None when it
    depends on the target architecture or on cgo, which genfile does not fix."""
    if name in ("linux", "unix", "gc") or name in tags or re.fullmatch(r"go1\.\d+", name):
        return True
    if name in GOOS or name == "ignore":
        return False
    if name in GOARCH or name == "cgo":
        return None
    return False  # custom tags (integration, tools, ...) are off in a plain go build


def _eval(expr: str, tags: frozenset[str] = frozenset()) -> bool | None:
    """Three-valued evaluation of a //go:build expression; None when unknown or unparsable."""
    tokens: list[str] = re.findall(r"&&|\|\||!|\(|\)|[\w.]+|\S", expr)
    pos = 0

    def peek() -> str | None:
        return tokens[pos] if pos < len(tokens) else None

    def take() -> str:
        nonlocal pos
        pos += 1
        return tokens[pos - 1]

    def atom() -> bool | None:
        token = take()
        if token == "!":
            value = atom()
            return None if value is None else not value
        if token == "(":
            value = disjunction()
            if take() != ")":
                raise ValueError(expr)
            return value
        if not re.fullmatch(r"[\w.]+", token):
            raise ValueError(expr)
        return _tag(token, tags)

    def conjunction() -> bool | None:
        value = atom()
        while peek() == "&&":
            take()
            other = atom()
            value = False if value is False or other is False else (None if None in (value, other) else True)
        return value

    def disjunction() -> bool | None:
        value = conjunction()
        while peek() == "||":
            take()
            other = conjunction()
            value = True if value is True or other is True else (None if None in (value, other) else False)
        return value

    try:
        result = disjunction()
    except (ValueError, IndexError):
        return None
    return result if pos == len(tokens) else None


def builds_on_linux(name: str, header: list[str], tags: frozenset[str] = frozenset()) -> bool:
    """Would ``go build -tags <tags>`` for linux compile this file (by its name and //go:build line)?"""
    if not name.endswith(".go") or name.endswith("_test.go") or name.startswith(("_", ".")):
        return False
    parts = name[:-3].split("_")[1:]
    if parts and parts[-1] in GOARCH:
        parts = parts[:-1]
    if parts and parts[-1] in GOOS and parts[-1] != "linux":
        return False
    for line in header:
        m = _BUILD.match(line)
        if m:
            return _eval(m[1], tags) is not False
    return True


# ---- files and trees ---------------------------------------------------------------------


def _embed_patterns(value: str) -> list[str]:
    return [
        _unquote(p) if p[0] in '"`' else p for p in re.findall(r"\"(?:[^\"\\]|\\.)*\"|`[^`]*`|\S+", value)
    ]


def read_file(repo: Repo, rel: str, tags: frozenset[str] = frozenset()) -> GoFile | None:
    """The file's package and imports, or None when go build would skip it (other OS, build
    tag, not Go). Only the header (up to the first declaration) is lexed here."""
    text = repo.text(rel)
    decl = next((m for m in _HEADER_END.finditer(text) if m[0][0] != "/"), None)
    header, _ = lex(text[: decl.start() if decl else len(text)])
    m = _PACKAGE.search(header)
    if not m:
        return None
    package_line = header.count("\n", 0, m.start(1)) + 1
    if not builds_on_linux(rel.rpartition("/")[2], text.split("\n", package_line)[: package_line - 1], tags):
        return None
    imports: list[tuple[str, int]] = []
    aliases: list[tuple[str, str]] = []
    specs = [
        (spec, block.start(1) + spec.start(2))
        for block in _IMPORT_BLOCK.finditer(header, m.end())
        for spec in _IMPORT_SPEC.finditer(block[1])
    ] + [(one, one.start(2)) for one in _IMPORT_ONE.finditer(header, m.end())]
    for spec, offset in specs:
        path = _unquote(spec[2])
        imports.append((path, header.count("\n", 0, offset) + 1))
        if spec[1]:
            aliases.append((spec[1], path))
    return GoFile(rel, m[1], tuple(sorted(imports, key=lambda i: i[1])), text, tuple(aliases))


def load_tree(repo: Repo, module_dirs: tuple[str, ...], tags: frozenset[str] = frozenset()) -> Tree:
    """Packages under each module folder, bounded in depth and file count, no symlinks;
    ``tags``: the build tags the project's own build passes (``-tags production``)."""
    packages: dict[str, Package] = {}
    go_dirs: set[str] = set()
    count = 0
    truncated = False
    for module_dir in sorted(set(module_dirs)):
        top = repo.root / module_dir if module_dir else repo.root
        for dirpath, dirnames, filenames in os.walk(top, followlinks=False):
            rel_dir = os.path.relpath(dirpath, repo.root).replace(os.sep, "/")
            rel_dir = "" if rel_dir == "." else rel_dir
            below = os.path.relpath(dirpath, top)
            depth = 0 if below == "." else below.count(os.sep) + 1
            dirnames[:] = sorted(
                d
                for d in dirnames
                if d not in SKIP_DIRS
                and _SAFE_NAME.fullmatch(d)
                and depth < MAX_DEPTH
                and not os.path.islink(os.path.join(dirpath, d))
                and not os.path.isfile(os.path.join(dirpath, d, "go.mod"))  # another module
            )
            names = sorted(
                n
                for n in filenames
                if n.endswith(".go")
                and _SAFE_NAME.fullmatch(n)
                and not os.path.islink(os.path.join(dirpath, n))
            )
            if names:
                parts = rel_dir.split("/") if rel_dir else []
                go_dirs.update("/".join(parts[:i]) for i in range(len(parts) + 1))
            files: list[GoFile] = []
            for name in names:
                count += 1
                if count > MAX_FILES:
                    truncated = True
                    break
                rel = f"{rel_dir}/{name}" if rel_dir else name
                try:
                    parsed = read_file(repo, rel, tags)
                except ManifestError:
                    continue  # generated or binary junk named .go: not ours to judge
                if parsed is not None:
                    files.append(parsed)
            if files:
                names_seen = [f.package for f in files if f.package != "documentation"]
                name = "main" if "main" in names_seen else (names_seen or [files[0].package])[0]
                packages[rel_dir] = Package(rel_dir, name, tuple(f for f in files if f.package == name))
            if truncated:
                break
        if truncated:
            break
    return Tree(packages, frozenset(go_dirs), truncated)
