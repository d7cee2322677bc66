"""Just enough shell to read ``RUN`` lines: split a script into simple commands and recognise
the package managers and build tools in them.

This is not a shell parser (hadolint embeds ShellCheck for that); it answers the few questions
the rules ask, such as "does this step install dependencies, with which tool, and does it keep
that tool's cache", and prefers missing a finding over inventing one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_OPERATORS = frozenset({"&&", "||", ";", "|", "&", ";;", "(", ")", "|&"})
_REDIRECTS = re.compile(r"^\d*(>>?|<<?|>&|<&|&>>?)$")
_ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")
_WRAPPERS = frozenset({"sudo", "exec", "time", "nohup", "command", "builtin", "then", "do", "else", "!"})
# pip's global options that take a value (``pip --python /opt/venv/bin/python install``).
_PIP_VALUE_OPTIONS = frozenset(
    {"--python", "--proxy", "--cache-dir", "--log", "--retries", "--timeout", "--exists-action", "--cert"}
)
_APT_VALUE_OPTIONS = frozenset({"-o", "--option", "-t", "--target-release", "-c", "--config-file"})
_APK_VALUE_OPTIONS = frozenset({"-t", "--virtual", "-X", "--repository", "--root", "-p"})


@dataclass(frozen=True)
class Invocation:
    """A recognised tool call: ``tool`` (pip, npm, apt-get...), its subcommand, the arguments
    after it, and the environment assignments written in front of it."""

    tool: str
    sub: str
    args: tuple[str, ...]
    argv: tuple[str, ...]
    env: dict[str, str] = field(default_factory=dict)

    def text(self) -> str:
        return " ".join(self.argv)

    def has(self, *options: str) -> bool:
        return any(a == o or a.startswith(o + "=") for a in self.args for o in options)

    def packages(self) -> list[str]:
        """Positional arguments of an OS package install, without version pins."""
        skip_next = False
        values = _APK_VALUE_OPTIONS if self.tool == "apk" else _APT_VALUE_OPTIONS
        names = []
        for arg in self.args:
            if skip_next:
                skip_next = False
                continue
            if arg in values:
                skip_next = True
                continue
            if arg.startswith("-"):
                continue
            names.append(re.split(r"[=<>~]", arg, maxsplit=1)[0])
        return names

    def option_value(self, *options: str) -> str | None:
        for index, arg in enumerate(self.args):
            for option in options:
                if arg == option and index + 1 < len(self.args):
                    return self.args[index + 1]
                if arg.startswith(option + "="):
                    return arg[len(option) + 1 :]
        return None


def simple_commands(script: str) -> list[list[str]]:
    """The simple commands of a script as argument lists, split on ``&&``, ``||``, ``;``,
    pipes and newlines, with redirections dropped."""
    joined = re.sub(r"\\\r?\n", " ", script)
    commands: list[list[str]] = []
    for line in joined.splitlines():
        tokens = _tokens(line)
        current: list[str] = []
        skip = False
        for token in tokens:
            if skip:
                skip = False
                continue
            if token in _OPERATORS:
                if current:
                    commands.append(current)
                current = []
            elif token and token[-1] in "<>&" and _REDIRECTS.match(token):
                skip = True
            elif token.startswith("#") and not current:
                break
            else:
                current.append(token)
        if current:
            commands.append(current)
    return commands


def _tokens(line: str) -> list[str]:
    try:
        return split(line, punctuation=True)
    except ValueError:  # unbalanced quotes: fall back to whitespace, good enough for heuristics
        return re.findall(r"&&|\|\||[;|&()]|[^\s;|&()]+", line)


# shlex's posix splitting (shlex.split, and shlex.shlex(punctuation_chars=";&|()<>") with
# whitespace_split), as regular expressions: the same tokens, in time linear in the text
# (shlex reads one character at a time in Python, which takes seconds on a megabyte).
_SHLEX_SPACE = " \t\r\n"
_PUNCTUATION = ";&|()<>"
_QUOTED = r"'[^']*'|" + r'"(?:[^"\\]|\\[\s\S])*"'


def _shlex_pattern(punctuation: str) -> re.Pattern[str]:
    plain = re.escape(_SHLEX_SPACE + punctuation + "'\"\\")
    word = rf"(?:[^{plain}]|\\[\s\S]|{_QUOTED})+"
    operators = rf"|(?P<punct>[{re.escape(punctuation)}]+)" if punctuation else ""
    return re.compile(rf"(?P<space>[{re.escape(_SHLEX_SPACE)}]+)|(?P<word>{word}){operators}")


_SHLEX = {True: _shlex_pattern(_PUNCTUATION), False: _shlex_pattern("")}
_DECODE = re.compile(r"\\([\s\S])|'([^']*)'|" + r'"((?:[^"\\]|\\[\s\S])*)"')
_ESCAPED_IN_QUOTES = re.compile(r"\\([\\\"])")


def _decode(match: re.Match[str]) -> str:
    if match[1] is not None:
        return match[1]  # \x outside quotes: x
    if match[2] is not None:
        return match[2]  # '...': as written
    return _ESCAPED_IN_QUOTES.sub(r"\1", match[3])  # "...": only \\ and \" are escapes


def split(text: str, *, punctuation: bool = False) -> list[str]:
    """``shlex.split(text)`` (posix, no comments), or with ``punctuation`` the tokens of
    ``shlex.shlex(text, posix=True, punctuation_chars=";&|()<>")`` with whitespace_split: a
    run of those characters is a token of its own. ValueError for an unclosed quote or a
    final backslash, as shlex."""
    tokens: list[str] = []
    position = 0
    for match in _SHLEX[punctuation].finditer(text):
        if match.start() != position:
            raise ValueError("No closing quotation")
        position = match.end()
        word = match["word"]
        if word is not None:
            tokens.append(_DECODE.sub(_decode, word) if "'" in word or '"' in word or "\\" in word else word)
        elif match.lastgroup == "punct":
            tokens.append(match["punct"])
    if position != len(text):
        raise ValueError("No closing quotation")
    return tokens


def invocations(script: str) -> list[Invocation]:
    """Every recognised tool call in a script."""
    found = []
    for argv in simple_commands(script):
        invocation = recognise(argv)
        if invocation is not None:
            found.append(invocation)
    return found


def strip_prefix(argv: list[str]) -> tuple[list[str], dict[str, str]]:
    """Drop ``VAR=value``, ``env``, ``sudo``, ``exec``... in front of the real command."""
    env: dict[str, str] = {}
    index = 0
    while index < len(argv):
        word = argv[index]
        if _ASSIGNMENT.match(word):
            key, _, value = word.partition("=")
            env[key] = value
        elif not (
            word in _WRAPPERS
            or word == "env"
            or (word.startswith("-") and index > 0 and argv[index - 1] in ("env", "sudo"))
        ):
            break
        index += 1
    return argv[index:], env


def recognise(argv: list[str]) -> Invocation | None:
    """The tool and subcommand of one simple command, or None for anything else."""
    words, env = strip_prefix(argv)
    if not words:
        return None
    program = words[0].rsplit("/", 1)[-1]
    rest = words[1:]
    if re.fullmatch(r"python[\d.]*", program) and rest[:2] == ["-m", "pip"]:
        program, rest = "pip", rest[2:]
    if re.fullmatch(r"pip[\d.]*", program):
        sub, args = _subcommand(rest, _PIP_VALUE_OPTIONS)
        return Invocation("pip", sub, tuple(args), tuple(words), env)
    if program == "uv" and rest[:1] == ["pip"]:
        sub, args = _subcommand(rest[1:], frozenset())
        return Invocation("uv", f"pip {sub}", tuple(args), tuple(words), env)
    if program in ("apt-get", "apt"):
        sub, args = _subcommand(rest, _APT_VALUE_OPTIONS)
        return Invocation("apt-get", sub, tuple(args), tuple(words), env)
    if program == "apk":
        sub, args = _subcommand(rest, frozenset({"-X", "--repository", "--root", "-p"}))
        return Invocation("apk", sub, tuple(args), tuple(words), env)
    if program in ("yum", "dnf", "microdnf", "tdnf", "zypper"):
        sub, args = _subcommand(rest, frozenset({"--setopt", "-c"}))
        return Invocation(program, sub, tuple(args), tuple(words), env)
    if program == "yarn":
        sub, args = _subcommand(rest, frozenset({"--cwd", "--cache-folder", "--modules-folder"}))
        return Invocation("yarn", sub or "install", tuple(args), tuple(words), env)
    if program in ("npm", "pnpm", "bun", "npx", "uv", "poetry", "pipenv", "pdm", "go", "cargo", "bundle"):
        sub, args = _subcommand(rest, frozenset({"--prefix", "-C", "--dir", "--filter", "-w"}))
        if program == "go" and sub == "mod" and args:
            sub, args = f"mod {args[0]}", args[1:]
        return Invocation(program, sub, tuple(args), tuple(words), env)
    if program in ("composer", "gem", "corepack", "mvn", "gradle", "tsc", "make", "node", "nodemon"):
        sub, args = _subcommand(rest, frozenset())
        return Invocation(program, sub, tuple(args), tuple(words), env)
    return None


def _subcommand(rest: list[str], value_options: frozenset[str]) -> tuple[str, list[str]]:
    index = 0
    while index < len(rest):
        word = rest[index]
        if word in value_options:
            index += 2
            continue
        if word.startswith("-"):
            index += 1
            continue
        return word, rest[:index] + rest[index + 1 :]
    return "", list(rest)


# What installs project dependencies, by ecosystem: used to tell "copy the manifests first".
_INSTALLS: dict[str, dict[str, str]] = {
    "pip": {"install": "python"},
    "uv": {"sync": "python", "pip install": "python", "pip sync": "python"},
    "poetry": {"install": "python"},
    "pipenv": {"install": "python", "sync": "python"},
    "pdm": {"install": "python", "sync": "python"},
    "npm": {"ci": "node", "install": "node", "i": "node", "add": "node"},
    "yarn": {"install": "node", "add": "node"},
    "pnpm": {"install": "node", "i": "node", "add": "node"},
    "bun": {"install": "node", "i": "node", "add": "node"},
    "go": {"mod download": "go", "get": "go"},
    "bundle": {"install": "ruby"},
    "gem": {"install": "ruby"},
    "composer": {"install": "php"},
    "apt-get": {"install": "system"},
    "apk": {"add": "system"},
    "yum": {"install": "system"},
    "dnf": {"install": "system"},
    "microdnf": {"install": "system"},
    "tdnf": {"install": "system"},
    "zypper": {"install": "system", "in": "system"},
}


def install_family(invocation: Invocation) -> str | None:
    """``python``/``node``/``go``/``ruby``/``php``/``system`` when the call installs
    dependencies; None otherwise (``npm run build``, ``pip --version``...)."""
    return _INSTALLS.get(invocation.tool, {}).get(invocation.sub)


# Packages that exist to compile things: they have no business in the image that runs.
_BUILD_PACKAGES = frozenset(
    {
        "gcc",
        "g++",
        "gfortran",
        "clang",
        "llvm",
        "make",
        "cmake",
        "ninja",
        "ninja-build",
        "build-essential",
        "build-base",
        "alpine-sdk",
        "autoconf",
        "automake",
        "libtool",
        "pkg-config",
        "pkgconf",
        "musl-dev",
        "libc-dev",
        "libc6-dev",
        "linux-headers",
        "cargo",
        "rustc",
        "golang",
        "go",
        "nodejs-dev",
        "development tools",
    }
)


def build_packages(invocation: Invocation) -> list[str]:
    """Compilers, headers and build tools among the packages an OS install adds."""
    if install_family(invocation) != "system":
        return []
    return [
        p
        for p in invocation.packages()
        if p.lower() in _BUILD_PACKAGES
        or p.endswith(("-dev", "-devel"))
        or re.fullmatch(r"gcc-\d+|g\+\+-\d+", p)
    ]


def removed_packages(script: str) -> set[str]:
    """Packages (or apk virtual groups) a script removes again: ``apk del``,
    ``apt-get purge/remove``, ``yum/dnf remove``."""
    return removed_by(invocations(script))


def removed_by(calls: list[Invocation]) -> set[str]:
    """:func:`removed_packages` for the tool calls of a script already read."""
    removed: set[str] = set()
    for invocation in calls:
        if (invocation.tool == "apk" and invocation.sub == "del") or (
            invocation.tool in ("apt-get", "yum", "dnf", "microdnf", "zypper")
            and invocation.sub in ("purge", "remove", "erase", "autoremove", "rm")
        ):
            removed.update(invocation.packages())
    return removed


def apk_virtual(invocation: Invocation) -> str | None:
    return invocation.option_value("--virtual", "-t") if invocation.tool == "apk" else None
