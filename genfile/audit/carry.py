"""What ``genfile audit --fix`` keeps from the Dockerfile it replaces.

A working Dockerfile holds decisions its author made on purpose: a system package the app
needs (``ffmpeg``), settings (``ENV TZ=...``), the port, the user ID, the language version,
the server's options (``gunicorn -w 4``). Replacing it with genfile's must not drop them
silently. This module reads them from the parsed Dockerfile, turns those genfile can express
into the same answers ``genfile init`` takes (:class:`genfile.answers.Answers`: version, port,
system packages, UID, command) plus the run-time environment, and lists everything else: what
genfile does differently (said before anything is written) and what it cannot keep (--fix
refuses, unless --force).

Saved answers (genfile.toml) are the user's word to genfile and win over the Dockerfile;
where they disagree the difference is listed.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from genfile import validate
from genfile.answers import Answers
from genfile.audit import shell
from genfile.audit.images import ImageRef
from genfile.audit.parse import Instruction, ParsedDockerfile, Stage, parse
from genfile.audit.rules.process import program_words, split_words
from genfile.errors import GenfileError
from genfile.evidence import Evidence
from genfile.plan import PORT, BuildPlan
from genfile.stacks import stacks_for

# Options of a server's command line that set where it listens: genfile's port answer and its
# $PORT handling replace them (the port they name is carried as the port).
_WHERE_OPTIONS = frozenset({"--bind", "-b", "--port", "-p", "--host", "--uds", "--fd", "--http-port"})
# Options that take no value (the rest take one, as ``--workers 4``); enough for gunicorn,
# uvicorn, hypercorn and daphne.
_FLAG_OPTIONS = frozenset(
    {
        "--preload",
        "--reload",
        "--proxy-headers",
        "--no-proxy-headers",
        "--no-access-log",
        "--access-log",
        "--daemon",
        "-D",
        "--reuse-port",
        "--capture-output",
        "--check-config",
        "--print-config",
        "--use-colors",
        "--no-use-colors",
        "--factory",
        "--no-server-header",
        "--no-date-header",
        "--enable-stdio-inheritance",
        "--spew",
        "--strip-header-spaces",
    }
)
_DEV_OPTIONS = frozenset({"--reload", "--debug"})
_ROOT = frozenset({"root", "0", "0:0", "root:root"})
# Users the base images themselves create, with their UIDs (nobody is in every Debian/Alpine).
_KNOWN_USERS = {"nobody": 65534, "nonroot": 65532}
_IMAGE_USERS = {"node": {"node": 1000}, "oven/bun": {"bun": 1000}}
MAX_ENV = 100  # run-time settings carried at most (each quoted value is checked by BuildKit)
_ENV_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# What genfile's stacks set themselves: a different value here is a difference, not a choice
# to carry (the image would not work without genfile's).
_GENFILE_ENV = frozenset({"PATH", "VIRTUAL_ENV", "PORT", "HOME"})
# Steps genfile does its own way: the dependency install and the usual housekeeping.
_OWN_TOOLS = frozenset({"pip", "uv", "poetry", "pipenv", "pdm", "npm", "yarn", "pnpm", "bun", "go"})
_HOUSEKEEPING = frozenset(
    {"rm", "mkdir", "chown", "chmod", "useradd", "adduser", "groupadd", "addgroup", "true", "echo", "ln"}
)


@dataclass(frozen=True)
class Item:
    """One thing about the audited Dockerfile, at its line: ``text`` says what it is, and for
    what is not kept, ``why`` says what genfile does instead."""

    line: int | None
    text: str
    why: str = ""
    fix: str = ""

    def where(self, name: str) -> str:
        return f"{name}:{self.line}" if self.line is not None else name


@dataclass(frozen=True)
class Choices:
    """What the audited Dockerfile chose: ``answers`` and ``env`` to carry into genfile's
    plan, ``kept`` (one line each, for the report), ``differences`` genfile does not keep but
    that need no decision, and ``lost``: choices genfile cannot keep (--fix refuses)."""

    answers: Answers = Answers()
    env: tuple[tuple[str, str], ...] = ()
    lines: dict[str, int] = field(default_factory=dict)  # answer or "env" → Dockerfile line
    quotes: dict[str, str] = field(default_factory=dict)  # answer → that line, quoted
    kept: tuple[Item, ...] = ()
    differences: tuple[Item, ...] = ()
    lost: tuple[Item, ...] = ()

    @property
    def carried(self) -> bool:
        return bool(self.env) or not self.answers.is_empty()


def _basename(word: str) -> str:
    return word.rsplit("/", 1)[-1]


def _options(words: list[str]) -> tuple[list[tuple[str, str | None]], list[str]]:
    """A server command's arguments as (option, value) pairs and positionals."""
    options: list[tuple[str, str | None]] = []
    positionals: list[str] = []
    index = 0
    while index < len(words):
        word = words[index]
        if word.startswith("-") and word != "-":
            name, eq, value = word.partition("=")
            if eq:
                options.append((name, value))
            elif word in _FLAG_OPTIONS or index + 1 >= len(words):
                options.append((word, None))
            else:
                options.append((word, words[index + 1]))
                index += 1
        else:
            positionals.append(word)
        index += 1
    return options, positionals


def _join(options: list[tuple[str, str | None]]) -> list[str]:
    out: list[str] = []
    for name, value in options:
        out += [name] if value is None else [name, value]
    return out


def _port_of(options: list[tuple[str, str | None]]) -> int | None:
    for name, value in options:
        if name in _WHERE_OPTIONS and value:
            match = re.fullmatch(r"(?:[\w.\[\]:-]*:)?(\d{1,5})", value)
            if match and 1 <= int(match[1]) <= 65535:
                return int(match[1])
    return None


class _Reader:
    """Reads one Dockerfile against genfile's plan; collects what it finds."""

    def __init__(self, parsed: ParsedDockerfile, plan: BuildPlan, genfile_text: str, saved: Answers):
        self.parsed = parsed
        self.plan = plan
        self.saved = saved
        try:
            self.ours: ParsedDockerfile | None = parse(genfile_text)
        except GenfileError:  # genfile's own output always parses; never fail --fix on it
            self.ours = None
        self.answers: dict[str, object] = {}
        self.lines: dict[str, int] = {}
        self.quotes: dict[str, str] = {}
        self.env: list[tuple[str, str]] = []
        self.kept: list[Item] = []
        self.differences: list[Item] = []
        self.lost: list[Item] = []

    # ---- helpers ----------------------------------------------------------------------------
    def choose(self, name: str, value: object, instruction: Instruction, what: str) -> None:
        """Carry answer ``name`` unless genfile.toml already answers it (then list the gap)."""
        saved = getattr(self.saved, name)
        if saved is not None:
            if saved != value:
                self.differences.append(
                    Item(
                        instruction.line,
                        _quote(instruction),
                        f"genfile.toml answers {name} = {_toml(saved)}, which wins",
                    )
                )
            return
        self.answers[name] = value
        self.lines.setdefault(name, instruction.line)
        self.quotes.setdefault(name, _quote(instruction))
        self.kept.append(Item(instruction.line, what))

    def differ(self, instruction: Instruction, why: str) -> None:
        self.differences.append(Item(instruction.line, _quote(instruction), why))

    def lose(self, instruction: Instruction, why: str, fix: str) -> None:
        self.lost.append(Item(instruction.line, _quote(instruction), why, fix))

    @property
    def final(self) -> list[tuple[Stage, Instruction]]:
        return list(self.parsed.chain_instructions(self.parsed.final))

    def our_env(self) -> dict[str, str]:
        if self.ours is None:
            return {}
        env: dict[str, str] = {}
        for _, instruction in self.ours.chain_instructions(self.ours.final):
            if instruction.cmd == "ENV":
                pairs = instruction.args
                for index in range(0, len(pairs) - 1, 2):
                    env[pairs[index]] = pairs[index + 1].strip('"')
        return env

    # ---- each kind of choice ----------------------------------------------------------------
    def read(self) -> Choices:
        final_stages = {stage.index for stage in self.parsed.final_chain()}
        for stage in self.parsed.stages:
            if stage.index not in final_stages:
                self.differences.append(
                    Item(
                        stage.line,
                        _quote(stage.from_instruction),
                        f"{stage.label()} is replaced by genfile's own build stage",
                    )
                )
        self.base()
        self.packages_and_steps()
        self.environment()
        self.port()
        self.user()
        self.command()
        self.other()
        answers = Answers(**self.answers)  # type: ignore[arg-type]

        def ordered(items: list[Item]) -> tuple[Item, ...]:
            return tuple(sorted(items, key=lambda item: item.line or 0))

        return Choices(
            answers,
            tuple(self.env),
            dict(self.lines),
            dict(self.quotes),
            ordered(self.kept),
            ordered(self.differences),
            ordered(self.lost),
        )

    def base(self) -> None:
        first, image = self.parsed.root_image(self.parsed.final)
        instruction = first.from_instruction
        ref = ImageRef.parse(image)
        stack = self.plan.stack
        if ref.unknown or ref.official != stack.runtime_image:
            self.differ(instruction, f"genfile's image is built on {self.plan.base_image}")
            return
        self._flavour(instruction, ref)
        version = ref.version
        if not re.fullmatch(r"\d+(\.\d+)*", version):
            self.differ(instruction, f"genfile pins {stack.runtime_image} {self.plan.language_version}")
            return
        ours = self.plan.language_version
        if version == ours or ours.startswith(version + "."):
            return
        self.choose(
            "version", version, instruction, f"{stack.runtime_image} {version} ({_quote(instruction)})"
        )

    def _flavour(self, instruction: Instruction, ref: ImageRef) -> None:
        """An Alpine base where genfile's stack is Debian (or the reverse): the stack of the
        same language on that OS is carried when genfile has one, else the difference listed."""
        alpine = "alpine" in (ref.tag or "").lower()
        stack = self.plan.stack
        if alpine == (stack.os == "alpine") or stack.os not in ("debian", "alpine"):
            return
        wanted = "alpine" if alpine else "debian"
        same = [
            s
            for s in stacks_for(stack.language)
            if s.os == wanted and s.runtime_image == stack.runtime_image and s.shell == stack.shell
        ]
        if same:
            self.choose("stack", same[0].name, instruction, f"stack {same[0].name} ({wanted} base)")
        else:
            self.differ(
                instruction,
                f"genfile's {stack.language} images are {stack.os}-based ({self.plan.base_image})",
            )

    def packages_and_steps(self) -> None:
        ours = set(self.plan.system_packages)
        if self.ours is not None:
            for _, instruction in self.ours.chain_instructions(self.ours.final):
                if instruction.cmd == "RUN":
                    for call in shell.invocations(instruction.script):
                        if shell.install_family(call) == "system":
                            ours.update(call.packages())
        wanted: list[str] = []
        first_line: Instruction | None = None
        for _, instruction in self.final:
            if instruction.cmd != "RUN":
                continue
            calls = shell.invocations(instruction.script)
            removed = shell.removed_by(calls)
            other = False
            for words in shell.simple_commands(instruction.script):
                words, _ = shell.strip_prefix(words)
                if not words:
                    continue
                recognised = shell.recognise(words)
                if recognised is None:
                    other = other or _basename(words[0]) not in _HOUSEKEEPING
                    continue
                call = recognised
                if shell.install_family(call) == "system":
                    build = set(shell.build_packages(call))
                    names = [p for p in call.packages() if p not in removed and p not in ours]
                    if build & set(names):
                        self.differ(
                            instruction,
                            f"{', '.join(sorted(build & set(names)))}: compilers and headers stay in "
                            "genfile's build stage, out of the image that runs",
                        )
                    for name in names:
                        if name not in build and name not in wanted:
                            wanted.append(name)
                            first_line = first_line or instruction
                elif call.tool in ("apt-get", "apk") or (
                    call.tool in _OWN_TOOLS and shell.install_family(call)
                ):
                    continue  # apt-get update, apk update; the dependency install is genfile's own
                else:
                    other = True
            if other:
                self.differ(instruction, "genfile does not run this step")
        if not wanted or first_line is None:
            return
        bad = [name for name in wanted if not re.fullmatch(r"^[a-z0-9][a-z0-9+.-]{0,99}$", name)]
        if bad:
            self.lose(first_line, f"{bad[0]!r} is not a package name genfile can write", "")
            wanted = [name for name in wanted if name not in bad]
        if not wanted:
            return
        if self.plan.stack.os not in ("debian", "alpine"):
            language = self.plan.stack.language
            others = [s.name for s in stacks_for(language) if s.os in ("debian", "alpine")]
            self.lose(
                first_line,
                f"genfile's stack {self.plan.stack.name} has no package manager for {', '.join(wanted)}",
                f'save stack = "{others[0]}" under [init] in genfile.toml and run --fix again'
                if others
                else f"no {language} stack of genfile has a package manager: keep your Dockerfile",
            )
            return
        self.choose(
            "system_packages",
            tuple(dict.fromkeys([*self.plan.system_packages, *wanted])),
            first_line,
            f"system packages {', '.join(wanted)}",
        )

    def environment(self) -> None:
        ours = self.our_env()
        carried: dict[str, tuple[str, Instruction]] = {}
        for _, instruction in self.final:
            if instruction.cmd != "ENV":
                continue
            pairs = instruction.args
            for index in range(0, len(pairs) - 1, 2):
                key, value = pairs[index], pairs[index + 1]
                plain = value.strip('"').strip("'")
                if key == "PORT":
                    continue  # the port: read with EXPOSE (see port)
                if key in ours:
                    if ours[key] != plain and key not in ("PATH",):
                        self.differ(instruction, f"genfile sets {key}={ours[key]}")
                    elif key == "PATH" and ours[key] != plain:
                        self.differ(instruction, "genfile sets its own PATH")
                    continue
                if key in _GENFILE_ENV:
                    self.differ(instruction, f"genfile manages {key} itself")
                    continue
                carried[key] = (value, instruction)
        if not carried:
            return
        holder = self.plan.details
        fields: set[str] = (
            {f.name for f in dataclasses.fields(holder)} if dataclasses.is_dataclass(holder) else set()
        )
        for number, (key, (value, instruction)) in enumerate(carried.items()):
            if number >= MAX_ENV:
                self.lose(instruction, f"more than {MAX_ENV} ENV settings", "pass them at run time")
                break
            rendered = _env_value(value)
            if rendered is None or not _ENV_KEY.fullmatch(key):
                self.lose(instruction, f"{key}: genfile cannot write this value safely", "")
            elif "runtime_env" not in fields:
                self.lose(
                    instruction,
                    f"genfile's stack {self.plan.stack.name} has no place for run-time ENV {key}",
                    "pass it at run time instead (docker run -e, compose environment:)",
                )
            else:
                self.env.append((key, rendered))
                self.lines.setdefault("env", instruction.line)
                self.kept.append(Item(instruction.line, f"ENV {key}={rendered}"))

    def port(self) -> None:
        exposed = [i for _, i in self.final if i.cmd == "EXPOSE"]
        ports: list[tuple[int, Instruction]] = []
        for instruction in exposed:
            for arg in instruction.args:
                match = re.fullmatch(r"(\d{1,5})(?:/tcp)?", arg)
                if match and 1 <= int(match[1]) <= 65535:
                    ports.append((int(match[1]), instruction))
                else:
                    self.differ(instruction, f"genfile exposes only the server's port ({arg} is not kept)")
        if not ports:
            for _, instruction in self.final:
                if instruction.cmd == "ENV":
                    pairs = instruction.args
                    for index in range(0, len(pairs) - 1, 2):
                        value = pairs[index + 1].strip('"')
                        if pairs[index] == "PORT" and value.isdigit() and 1 <= int(value) <= 65535:
                            ports = [(int(value), instruction)]
        if not ports:
            return
        port, instruction = ports[0]
        for other, where in ports[1:]:
            if other != port:
                self.differ(where, f"genfile exposes one port, {port}")
        if port != self.plan.port:
            self.choose("port", port, instruction, f"port {port}")

    def user(self) -> None:
        found = None
        for _, instruction in self.final:
            if instruction.cmd == "USER":
                found = instruction
        if found is None or not found.args:
            return
        spec = found.args[0]
        name, _, group = spec.partition(":")
        if spec in _ROOT or name in ("root", "0"):
            self.differ(found, f"genfile's image runs as an unprivileged user (UID {self.plan.user.uid})")
            return
        uid: int | None = int(name) if name.isdigit() else self._created_uid(name)
        if uid is None and name == self.plan.user.name and not self._created(name):
            return  # genfile's own user of this stack (node's "node"): the same account
        if uid is None:
            image = ImageRef.parse(self.parsed.root_image(self.parsed.final)[1])
            uid = {**_KNOWN_USERS, **_IMAGE_USERS.get(image.official or image.path, {})}.get(name)
        if uid is None:
            if self._created(name):
                self.differ(found, f"genfile's user {self.plan.user.name} has UID {self.plan.user.uid}")
                return
            self.lose(
                found,
                f"user {name!r} has no UID genfile can read from the Dockerfile",
                "write its UID in the USER line (e.g. USER 1001)",
            )
            return
        if not 1 <= uid <= 2_147_483_647:
            self.differ(found, f"genfile's image runs as UID {self.plan.user.uid}")
            return
        if group and group != str(uid) and group != name:
            self.differ(found, f"genfile gives its user the group ID of its UID ({uid})")
        if uid != self.plan.user.uid:
            self.choose("uid", uid, found, f"UID {uid}")

    def _user_commands(self) -> Iterator[list[str]]:
        for _, instruction in self.final:
            if instruction.cmd == "RUN":
                for words in shell.simple_commands(instruction.script):
                    words, _ = shell.strip_prefix(words)
                    if words and _basename(words[0]) in ("useradd", "adduser"):
                        yield words

    def _created(self, name: str) -> bool:
        return any(words[-1:] == [name] for words in self._user_commands())

    def _created_uid(self, name: str) -> int | None:
        for words in self._user_commands():
            if words[-1:] != [name]:
                continue
            for index, word in enumerate(words[:-1]):
                if word in ("-u", "--uid") and words[index + 1].isdigit():
                    return int(words[index + 1])
                if word.startswith("--uid=") and word[6:].isdigit():
                    return int(word[6:])
        return None

    def command(self) -> None:
        entrypoint: Instruction | None = None
        cmd: Instruction | None = None
        for _, instruction in self.final:
            if instruction.cmd == "CMD":
                cmd = instruction
            elif instruction.cmd == "ENTRYPOINT":
                entrypoint, cmd = instruction, None
        chosen = cmd or entrypoint
        if chosen is None:
            return
        words: list[str] = []
        for part in (entrypoint, cmd):
            if part is not None:
                words += list(part.args) if part.json else split_words(" ".join(part.args))
        theirs = program_words(words)
        ours = [arg.replace(PORT, "$PORT") for arg in self.plan.command]
        if not theirs or not ours:
            return
        self._wrapper(chosen, words)
        if _basename(theirs[0]) != _basename(ours[0]):
            shown = " ".join(self.plan.start_command).replace(PORT, "$PORT")
            self.differ(chosen, f"genfile starts {shown}")
            return
        their_options, their_positionals = _options(theirs[1:])
        our_options, our_positionals = _options(ours[1:])
        if "port" not in self.answers and self.saved.port is None:
            stated = _port_of(their_options)
            if (
                stated is not None
                and stated != self.plan.port
                and not any(i.cmd == "EXPOSE" for _, i in self.final)
            ):
                self.choose("port", stated, chosen, f"port {stated}")
        extra = [
            (name, value)
            for name, value in their_options
            if name not in _WHERE_OPTIONS and (name, value) not in our_options
        ]
        dropped = [name for name, _ in extra if name in _DEV_OPTIONS]
        extra = [(name, value) for name, value in extra if name not in _DEV_OPTIONS]
        if dropped:
            self.differ(chosen, f"{', '.join(dropped)}: a development option, not kept")
        positionals = their_positionals or our_positionals
        if not extra and positionals == our_positionals:
            return
        names = {name for name, _ in extra}
        kept_ours = [(name, value) for name, value in our_options if name not in names]
        command = (ours[0], *_join(kept_ours), *_join(extra), *positionals)
        try:
            validate.command(command)
        except GenfileError:
            self.lose(chosen, "genfile cannot write these server options", "")
            return
        what = " ".join(_join(extra))
        if positionals != our_positionals:
            what = " ".join(filter(None, [what, f"app {' '.join(positionals)}"]))
        self.choose("command", command, chosen, f"{_basename(ours[0])} {what}")

    def _wrapper(self, chosen: Instruction, words: list[str]) -> None:
        """What runs around the server: an init (tini), or other commands of a ``sh -c``
        script (``migrate && gunicorn``), which genfile's command does not run."""
        stripped, _ = shell.strip_prefix(words)
        program = _basename(stripped[0]) if stripped else ""
        if program in ("tini", "dumb-init", "catatonit"):
            self.differ(chosen, f"genfile starts the server without {program}")
            rest = stripped[1:]
            while rest and rest[0].startswith("-"):
                rest, done = rest[1:], rest[0] == "--"
                if done:
                    break
            stripped, _ = shell.strip_prefix(rest)
            program = _basename(stripped[0]) if stripped else ""
        if program in ("sh", "bash", "dash", "ash") and "-c" in stripped[1:3]:
            index = stripped.index("-c")
            script = stripped[index + 1] if index + 1 < len(stripped) else ""
            before = [" ".join(c) for c in shell.simple_commands(script)[:-1]]
            if before:
                shown = "; ".join(before)
                shown = shown if len(shown) <= 60 else shown[:57] + "..."
                self.differ(chosen, f"genfile's command does not run `{shown}` before the server")

    def other(self) -> None:
        workdir = None
        for stage, instruction in self.final:
            if instruction.cmd == "WORKDIR":
                workdir = instruction
            elif instruction.cmd in ("LABEL", "VOLUME", "STOPSIGNAL", "SHELL", "ONBUILD", "HEALTHCHECK"):
                why = {
                    "HEALTHCHECK": "genfile writes its own health check (or none)",
                    "SHELL": "genfile's steps use the image's /bin/sh",
                }.get(instruction.cmd, f"genfile writes no {instruction.cmd}")
                self.differ(instruction, why)
            elif instruction.cmd == "ARG" and stage is self.parsed.final:
                self.differ(instruction, "genfile's final stage takes no build arguments")
            elif instruction.cmd in ("COPY", "ADD") and not instruction.has_flag("from"):
                dest = instruction.args[-1] if instruction.args else ""
                if dest.startswith("/") and not dest.startswith("/app"):
                    self.differ(instruction, "genfile copies the project to /app only")
        if workdir is not None and workdir.args and workdir.args[0].rstrip("/") != "/app":
            self.differ(workdir, "genfile's image works in /app")


def _quote(instruction: Instruction) -> str:
    text = re.sub(r"\s+", " ", instruction.original).strip()
    text = validate.printable(text) if not validate.is_printable(text) else text
    return text if len(text) <= 80 else text[:77] + "..."


def _toml(value: object) -> str:
    if isinstance(value, tuple):
        return "[" + ", ".join(f'"{v}"' for v in value) + "]"
    return f'"{value}"' if isinstance(value, str) else str(value)


_SAFE_VALUE = re.compile(r"^[A-Za-z0-9_./:,@%+=-]*$")


def _env_value(value: str) -> str | None:
    """The value as genfile writes it after ``KEY=``: as the user wrote it when BuildKit reads
    it back the same way, else double-quoted; None when it holds control characters."""
    if not validate.is_printable(value) or "\n" in value:
        return None
    if _SAFE_VALUE.fullmatch(value):
        return value  # nothing BuildKit reads specially: as written
    # Quoted as the user wrote it ("a b", 'no $expansion'), kept; else double-quoted.
    candidates = [value] if value[:1] in ("'", '"') else []
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    candidates.append(f'"{escaped}"')
    for candidate in candidates:
        try:
            check = parse(f"FROM scratch\nENV K={candidate}\n")
        except GenfileError:
            continue
        args = check.final.instructions[0].args if check.final.instructions else ()
        if len(args) == 2 and args[0] == "K":
            return candidate
    return None


def read(parsed: ParsedDockerfile, plan: BuildPlan, genfile_text: str, saved: Answers) -> Choices:
    """The choices of the audited Dockerfile ``parsed`` against genfile's ``plan`` (rendered
    as ``genfile_text``), with ``saved`` the answers in genfile.toml."""
    return _Reader(parsed, plan, genfile_text, saved).read()


def edit(choices: Choices, evidence: Evidence) -> Callable[[BuildPlan], BuildPlan]:
    """The plan edit that carries ``choices.env`` (what Answers cannot say) and records the
    audited Dockerfile (kept as .bak) as where each carried value came from. The evidence has
    no line: the same Dockerfile fixed again must give the same file."""

    def apply(plan: BuildPlan) -> BuildPlan:
        sources = dict(plan.sources)
        names = {"version": "language_version", "uid": "user", "system_packages": "system_packages"}
        for answer in choices.lines:
            if answer != "env":
                sources[names.get(answer, answer)] = evidence
        details = plan.details
        if choices.env and dataclasses.is_dataclass(details):
            current = tuple(getattr(details, "runtime_env", ()))
            known = {key for key, _ in current}
            added = tuple(pair for pair in choices.env if pair[0] not in known)
            details = dataclasses.replace(details, runtime_env=current + added)
        return dataclasses.replace(plan, sources=sources, details=details)

    return apply
