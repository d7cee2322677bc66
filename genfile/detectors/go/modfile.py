"""go.mod and go.work, read the way the go command reads them.

The syntax is line-based: ``verb args`` or a block ``verb (`` ... ``)``, ``//`` comments,
arguments plain or quoted (``"..."`` or a raw `````...`````). Anything the go command would
refuse (an unterminated string or block, a module path or version it cannot use, a missing
``module`` line) is a :class:`~genfile.errors.ManifestError` naming the file and the line,
because these values travel into the Dockerfile and a build on a broken go.mod fails anyway.
A directive genfile does not know is only a warning: newer Go releases add directives.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from genfile.errors import ManifestError
from genfile.repo import Repo

# gover's GoVersionRE: 1.22, 1.22.3, 1.21rc1 (no leading zeros).
GO_VERSION = re.compile(r"^([1-9]\d{0,3})\.(0|[1-9]\d{0,3})(?:\.(0|[1-9]\d{0,3}))?(?:[a-z]+\d+)?$")
# toolchain go1.23.4, go1.23.4-custom, or "default".
_TOOLCHAIN = re.compile(
    r"^go(1\.(?:0|[1-9]\d{0,3})(?:\.(?:0|[1-9]\d{0,3}))?(?:[a-z]+\d+)?)(?:[-+][\w.+-]{1,64})?$"
)
# Module path elements as module.CheckPath allows them (ASCII letters, digits, -._~ and +).
_PATH_ELEMENT = re.compile(r"^[A-Za-z0-9_~+-](?:[A-Za-z0-9._~+-]{0,127}[A-Za-z0-9_~+-])?$")
_SEMVER = re.compile(r"^v\d{1,9}\.\d{1,9}\.\d{1,9}(?:-[0-9A-Za-z.-]{1,128})?(?:\+incompatible)?$")
_TOKEN = re.compile(
    r"""\s*(?:
        (?P<comment>//.*)
      | (?P<quoted>"(?:[^"\\]|\\.)*")
      | (?P<raw>`[^`]*`)
      | (?P<arrow>=>)
      | (?P<paren>[()])
      | (?P<word>(?:[^\s()"`=/]|=(?!>)|/(?!/))+)
    )""",
    re.VERBOSE,
)
_BLOCK_VERBS = {
    "go.mod": frozenset({"require", "exclude", "replace", "retract", "godebug", "tool", "ignore"}),
    "go.work": frozenset({"use", "replace", "godebug"}),
}
_KNOWN_VERBS = {
    "go.mod": _BLOCK_VERBS["go.mod"] | {"module", "go", "toolchain"},
    "go.work": _BLOCK_VERBS["go.work"] | {"go", "toolchain"},
}


@dataclass(frozen=True)
class Requirement:
    path: str
    version: str
    indirect: bool
    line: int


@dataclass(frozen=True)
class Replacement:
    """``replace old [v] => new [v]``; ``local`` when ``new`` is a folder (``./lib``)."""

    old: str
    new: str
    local: bool
    line: int


@dataclass(frozen=True)
class GoMod:
    """A parsed go.mod (``file`` is its path in the project, ``dir`` its folder, "" at the top)."""

    file: str
    module: str
    module_line: int
    go: str | None
    go_line: int | None
    toolchain: str | None  # the version in "toolchain go1.23.4" (None for "default" or absent)
    toolchain_line: int | None
    requires: tuple[Requirement, ...]
    replaces: tuple[Replacement, ...]
    unknown: tuple[tuple[str, int], ...]  # directives genfile does not know (verb, line)

    @property
    def dir(self) -> str:
        return self.file.rpartition("/")[0]


@dataclass(frozen=True)
class GoWork:
    file: str
    go: str | None
    go_line: int | None
    toolchain: str | None
    toolchain_line: int | None
    uses: tuple[tuple[str, int], ...]  # (folder relative to the project, "" for ".", line)
    outside: tuple[tuple[str, int], ...]  # use folders outside the project or with odd names
    replaces: tuple[Replacement, ...]
    unknown: tuple[tuple[str, int], ...]


def is_module_path(path: str) -> bool:
    """A module or import path the go command accepts (``example.com/shop/v2``)."""
    if not path or len(path) > 500 or path.startswith("/") or path.endswith("/"):
        return False
    return all(_PATH_ELEMENT.fullmatch(e) for e in path.split("/"))


def is_local_path(path: str) -> bool:
    """modfile.IsDirectoryPath: a replacement or ``use`` target that is a folder, not a module."""
    return path in (".", "..") or path.startswith(("./", "../", "/"))


def _tokens(text: str, file: str, number: int) -> list[str]:
    """The line's tokens, quotes removed; ``//`` comments dropped except ``// indirect``."""
    tokens: list[str] = []
    pos = 0
    while pos < len(text):
        if not text[pos:].strip():
            break
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            rest = text[pos:].lstrip()
            what = "unterminated string" if rest[:1] in ('"', "`") else f"unexpected {rest[:1]!r}"
            raise ManifestError(file, f"syntax error: {what}", line=number)
        pos = m.end()
        if m["comment"] is not None:
            if re.match(r"//\s*indirect\s*(;|$)", m["comment"]):
                tokens.append("// indirect")
            break
        if m["quoted"] is not None:
            tokens.append(_unquote(m["quoted"], file, number))
        elif m["raw"] is not None:
            tokens.append(m["raw"][1:-1])
        else:
            tokens.append(m[0].strip())
    return tokens


def _unquote(quoted: str, file: str, number: int) -> str:
    body = quoted[1:-1]
    if "\\" in body:
        if re.search(r"\\[^\\\"]", body):
            raise ManifestError(file, f"unsupported escape in {quoted}", line=number)
        body = body.replace('\\"', '"').replace("\\\\", "\\")
    return body


def _logical_lines(text: str, file: str) -> list[tuple[str, str | None, list[str], int]]:
    """(verb, block verb or None, arguments, line) for every directive, blocks unfolded."""
    out: list[tuple[str, str | None, list[str], int]] = []
    block: tuple[str, int] | None = None
    blocks = _BLOCK_VERBS[file.rpartition("/")[2]]
    # Lines end at \n only, as for the go command (splitlines() would also split at \v, \f...).
    for number, raw in enumerate((line.removesuffix("\r") for line in text.split("\n")), start=1):
        if "\x00" in raw or re.search(r"[\x01-\x08\x0b-\x1f\x7f]", raw):
            raise ManifestError(file, "control characters in the file", line=number)
        if raw.lstrip().startswith("/*"):
            raise ManifestError(file, "syntax error: only // comments are allowed", line=number)
        tokens = _tokens(raw, file, number)
        if not tokens:
            continue
        if block is not None:
            if tokens == [")"]:
                block = None
            elif "(" in tokens or ")" in tokens:
                raise ManifestError(
                    file, f"syntax error: unexpected parenthesis in {block[0]} block", line=number
                )
            else:
                out.append((block[0], block[0], tokens, number))
            continue
        verb = tokens[0]
        if len(tokens) >= 2 and tokens[1] == "(":
            if verb not in blocks:
                raise ManifestError(file, f"syntax error: {verb} cannot start a block", line=number)
            if tokens[2:] == [")"]:
                continue  # "require ()"
            if len(tokens) > 2:
                raise ManifestError(
                    file, "syntax error: text after '(' (start entries on the next line)", line=number
                )
            block = (verb, number)
            continue
        if "(" in tokens or ")" in tokens:
            raise ManifestError(file, "syntax error: unexpected parenthesis", line=number)
        out.append((verb, None, tokens[1:], number))
    if block is not None:
        raise ManifestError(file, f"syntax error: {block[0]} block is never closed", line=block[1])
    return out


def _replacement(args: list[str], file: str, number: int) -> Replacement:
    if "=>" not in args:
        raise ManifestError(file, "replace needs 'old => new'", line=number)
    arrow = args.index("=>")
    old, new = args[:arrow], args[arrow + 1 :]
    if len(old) not in (1, 2) or len(new) not in (1, 2) or not is_module_path(old[0]):
        raise ManifestError(
            file, "malformed replace (expected 'path [version] => path [version]')", line=number
        )
    local = is_local_path(new[0])
    if local and len(new) == 2:
        raise ManifestError(file, f"replacement folder {new[0]} cannot have a version", line=number)
    if not local and (len(new) != 2 or not is_module_path(new[0]) or not _SEMVER.fullmatch(new[1])):
        raise ManifestError(file, f"malformed replacement module {' '.join(new)!r}", line=number)
    return Replacement(old[0], new[0], local, number)


def _go_line(args: list[str], file: str, number: int, seen: int | None) -> str:
    if seen is not None:
        raise ManifestError(file, f"repeated go directive (first on line {seen})", line=number)
    if len(args) != 1 or not GO_VERSION.fullmatch(args[0]):
        raise ManifestError(
            file,
            f"invalid go version {' '.join(args)!r}",
            line=number,
            fix="write it like 'go 1.23' or 'go 1.23.4'",
        )
    return args[0]


def _toolchain_line(args: list[str], file: str, number: int, seen: int | None) -> str | None:
    if seen is not None:
        raise ManifestError(file, f"repeated toolchain directive (first on line {seen})", line=number)
    if len(args) == 1 and args[0] == "default":
        return None
    m = _TOOLCHAIN.fullmatch(args[0]) if len(args) == 1 else None
    if not m:
        raise ManifestError(
            file,
            f"invalid toolchain {' '.join(args)!r}",
            line=number,
            fix="write it like 'toolchain go1.23.4'",
        )
    return m[1]


def parse_mod(repo: Repo, rel: str) -> GoMod:
    """Parse the go.mod at ``rel``; ManifestError (file:line) for anything the go command refuses."""
    module: tuple[str, int] | None = None
    go: tuple[str, int] | None = None
    toolchain: tuple[str | None, int] | None = None
    requires: list[Requirement] = []
    replaces: list[Replacement] = []
    unknown: list[tuple[str, int]] = []
    for verb, _block, args, number in _logical_lines(repo.text(rel), rel):
        if verb == "module":
            if module is not None:
                raise ManifestError(
                    rel, f"repeated module directive (first on line {module[1]})", line=number
                )
            path = args[0] if len(args) == 1 else ""
            if not is_module_path(path):
                raise ManifestError(
                    rel,
                    f"invalid module path {' '.join(args)!r}",
                    line=number,
                    fix="use a path like example.com/app",
                )
            module = (path, number)
        elif verb == "go":
            go = (_go_line(args, rel, number, go[1] if go else None), number)
        elif verb == "toolchain":
            toolchain = (_toolchain_line(args, rel, number, toolchain[1] if toolchain else None), number)
        elif verb == "require":
            indirect = args[-1:] == ["// indirect"]
            args = [a for a in args if a != "// indirect"]
            if len(args) != 2 or not is_module_path(args[0]) or not _SEMVER.fullmatch(args[1]):
                raise ManifestError(rel, f"malformed require {' '.join(args)!r}", line=number)
            requires.append(Requirement(args[0], args[1], indirect, number))
        elif verb == "replace":
            replaces.append(_replacement(args, rel, number))
        elif verb in _KNOWN_VERBS["go.mod"]:
            if not args:
                raise ManifestError(rel, f"{verb} needs an argument", line=number)
        else:
            unknown.append((verb, number))
    if module is None:
        raise ManifestError(
            rel, "has no module directive", fix="add a line like 'module example.com/app' at the top"
        )
    return GoMod(
        file=rel,
        module=module[0],
        module_line=module[1],
        go=go[0] if go else None,
        go_line=go[1] if go else None,
        toolchain=toolchain[0] if toolchain else None,
        toolchain_line=toolchain[1] if toolchain and toolchain[0] else None,
        requires=tuple(requires),
        replaces=tuple(replaces),
        unknown=tuple(unknown),
    )


def parse_work(repo: Repo, rel: str = "go.work") -> GoWork:
    """Parse go.work; ``use`` folders must stay inside the project (they become COPY sources)."""
    go: tuple[str, int] | None = None
    toolchain: tuple[str | None, int] | None = None
    uses: list[tuple[str, int]] = []
    outside: list[tuple[str, int]] = []
    replaces: list[Replacement] = []
    unknown: list[tuple[str, int]] = []
    for verb, _block, args, number in _logical_lines(repo.text(rel), rel):
        if verb == "go":
            go = (_go_line(args, rel, number, go[1] if go else None), number)
        elif verb == "toolchain":
            toolchain = (_toolchain_line(args, rel, number, toolchain[1] if toolchain else None), number)
        elif verb == "use":
            if len(args) != 1:
                raise ManifestError(rel, "use needs one folder", line=number)
            folder = use_dir(args[0])
            if folder is None:
                outside.append((args[0], number))
            else:
                uses.append((folder, number))
        elif verb == "replace":
            replaces.append(_replacement(args, rel, number))
        elif verb not in _KNOWN_VERBS["go.work"]:
            unknown.append((verb, number))
    return GoWork(
        file=rel,
        go=go[0] if go else None,
        go_line=go[1] if go else None,
        toolchain=toolchain[0] if toolchain else None,
        toolchain_line=toolchain[1] if toolchain and toolchain[0] else None,
        uses=tuple(uses),
        outside=tuple(outside),
        replaces=tuple(replaces),
        unknown=tuple(unknown),
    )


_DIR_PART = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9._+-]{0,127}$")


def use_dir(raw: str) -> str | None:
    """``./app`` → ``app``, ``.`` → ""; None for a folder outside the project or with a name
    that is not plain (it would have to travel into a COPY line)."""
    if raw.startswith("/"):
        return None
    path = (raw[2:] if raw.startswith("./") else raw).rstrip("/")
    if path in ("", "."):
        return ""
    parts = path.split("/")
    return path if all(_DIR_PART.fullmatch(p) for p in parts) else None
