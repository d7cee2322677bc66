"""Read a Dockerfile the way Docker does: with BuildKit's own parser.

A home-made parser would disagree with Docker on continuation lines, heredocs, the escape
directive or JSON detection, and every rule built on it would inherit the disagreement. The
``dockerfile`` package wraps BuildKit's Go parser, so an instruction here is exactly what
``docker build`` sees. On top of it this module adds what BuildKit checks one step later
(unknown instructions, instructions before the first ``FROM``) and the structure the rules
need: stages, which stage builds on which, and the values of global ``ARG`` defaults.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from genfile.errors import GenfileError, ManifestError

KNOWN_INSTRUCTIONS = frozenset(
    {
        "ADD",
        "ARG",
        "CMD",
        "COPY",
        "ENTRYPOINT",
        "ENV",
        "EXPOSE",
        "FROM",
        "HEALTHCHECK",
        "LABEL",
        "MAINTAINER",
        "ONBUILD",
        "RUN",
        "SHELL",
        "STOPSIGNAL",
        "USER",
        "VOLUME",
        "WORKDIR",
    }
)
_VARIABLE = re.compile(
    r"\$(?:\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)(?P<op>:?[-+])?(?P<word>[^}]*)\}|(?P<bare>[A-Za-z_][A-Za-z0-9_]*))"
)
_SUPPRESS = re.compile(
    r"^\s*#\s*genfile\s+(?P<scope>global\s+)?ignore\s*=\s*(?P<ids>[A-Za-z0-9_,\s-]+)$", re.I
)


def _buildkit() -> ModuleType:
    """BuildKit's parser, imported on first use (``genfile init`` never needs it)."""
    try:
        return importlib.import_module("dockerfile")
    except ImportError as exc:
        raise GenfileError(
            "genfile audit needs BuildKit's Dockerfile parser (the `dockerfile` package)",
            "pip install dockerfile",
        ) from exc


@dataclass(frozen=True)
class Instruction:
    """One instruction as BuildKit parsed it (``cmd`` upper-cased, 1-based lines)."""

    cmd: str
    args: tuple[str, ...]
    flags: tuple[str, ...]
    json: bool
    original: str
    line: int
    end_line: int
    heredocs: tuple[str, ...] = ()
    sub_cmd: str | None = None

    def flag(self, name: str) -> list[str]:
        """Values of ``--name=value`` flags (``--from``, ``--mount``, ``--chown``...)."""
        prefix = f"--{name}="
        return [f[len(prefix) :] for f in self.flags if f.startswith(prefix)]

    def has_flag(self, name: str) -> bool:
        return any(f == f"--{name}" or f.startswith(f"--{name}=") for f in self.flags)

    @property
    def script(self) -> str:
        """The shell text a ``RUN`` executes: its command line plus any heredoc bodies."""
        text = " ".join(self.args) if self.json else (self.args[0] if self.args else "")
        if self.heredocs:
            text = "\n".join([re.sub(r"<<-?\S+", "", text), *self.heredocs])
        return text

    def mounts(self) -> list[dict[str, str]]:
        """``RUN --mount`` options as dicts (``type`` defaults to bind, as in BuildKit)."""
        found = []
        for spec in self.flag("mount"):
            options: dict[str, str] = {"type": "bind"}
            for part in spec.split(","):
                key, _, value = part.partition("=")
                options[key.strip().lower()] = value.strip()
            if "dst" in options or "destination" in options:
                options.setdefault("target", options.get("dst") or options.get("destination", ""))
            found.append(options)
        return found

    def cache_targets(self) -> list[str]:
        return [m.get("target", "") for m in self.mounts() if m.get("type") == "cache"]


@dataclass(frozen=True)
class Stage:
    """A ``FROM`` and the instructions up to the next one."""

    index: int
    image: str  # the base as written, with global ARG defaults substituted
    name: str | None  # the ``AS`` name
    from_instruction: Instruction
    instructions: tuple[Instruction, ...]
    parent: int | None  # index of the earlier stage this one builds on (``FROM builder``)

    @property
    def line(self) -> int:
        return self.from_instruction.line

    def label(self) -> str:
        return f'stage "{self.name}"' if self.name else f"stage {self.index + 1}"


@dataclass(frozen=True)
class ParsedDockerfile:
    """A parsed Dockerfile with its stages; ``path`` is None for text given directly."""

    text: str
    path: Path | None
    instructions: tuple[Instruction, ...]
    stages: tuple[Stage, ...]
    global_args: dict[str, str | None] = field(default_factory=dict)

    @property
    def final(self) -> Stage:
        return self.stages[-1]

    def chain(self, stage: Stage) -> list[Stage]:
        """``stage`` and the stages it builds on, the oldest first: what its image holds."""
        found = [stage]
        seen = {stage.index}
        while found[0].parent is not None and found[0].parent not in seen:
            parent = self.stages[found[0].parent]
            seen.add(parent.index)
            found.insert(0, parent)
        return found

    def final_chain(self) -> list[Stage]:
        return self.chain(self.final)

    def chain_instructions(self, stage: Stage) -> Iterator[tuple[Stage, Instruction]]:
        for member in self.chain(stage):
            for instruction in member.instructions:
                yield member, instruction

    def root_image(self, stage: Stage) -> tuple[Stage, str]:
        """The external image a stage ultimately starts from, and the stage naming it."""
        first = self.chain(stage)[0]
        return first, first.image

    def suppressed(self, line: int) -> set[str]:
        """Rule ids silenced for the instruction at ``line``: ``# genfile ignore=GF004`` in
        the comment block right above it, or ``# genfile global ignore=...`` anywhere."""
        lines = self.text.splitlines()
        ids: set[str] = set()
        for text in lines:
            match = _SUPPRESS.match(text)
            if match and match["scope"]:
                ids |= _ids(match["ids"])
        number = line - 1
        while number >= 1 and lines[number - 1].lstrip().startswith("#"):
            match = _SUPPRESS.match(lines[number - 1])
            if match and not match["scope"]:
                ids |= _ids(match["ids"])
            number -= 1
        return ids


def _ids(text: str) -> set[str]:
    return {part.strip().upper() for part in re.split(r"[,\s]+", text) if part.strip()}


def substitute(text: str, values: dict[str, str | None]) -> str:
    """Expand ``$VAR``, ``${VAR}``, ``${VAR:-default}`` and ``${VAR:+alt}`` with known values,
    leaving unknown variables as written (rules then treat the value as unknown)."""

    def expand(match: re.Match[str]) -> str:
        name = match["braced"] or match["bare"]
        value = values.get(name)
        op = match["op"] or ""
        if op.endswith("-"):
            return value if value else match["word"]
        if op.endswith("+"):
            return match["word"] if value else ""
        return value if value is not None else match[0]

    return _VARIABLE.sub(expand, text)


def read_dockerfile(path: Path) -> str:
    """The Dockerfile's text; a missing, binary or undecodable file is a ManifestError."""
    if not path.exists():
        raise ManifestError(
            path, "no Dockerfile here", fix="give its path with -f FILE, or write one with `genfile init`"
        )
    if path.is_dir():
        raise ManifestError(path, "is a folder, expected a Dockerfile", fix="give the file with -f FILE")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ManifestError(path, f"cannot be read ({exc.strerror})") from exc
    if b"\0" in data:
        raise ManifestError(path, "is a binary file, expected a Dockerfile")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ManifestError(path, "is not valid UTF-8 text", fix="save it as UTF-8") from exc


def parse(text: str, path: Path | None = None) -> ParsedDockerfile:
    """Parse with BuildKit; a syntax error is a ManifestError naming the file and line."""
    where = path if path is not None else Path("Dockerfile")
    raw = _parse_raw(text, where)
    instructions = tuple(_instruction(c) for c in raw)
    for instruction in instructions:
        if instruction.cmd not in KNOWN_INSTRUCTIONS:
            raise ManifestError(
                where,
                f"unknown instruction {instruction.cmd}",
                line=instruction.line,
                fix="fix the instruction (docker build stops here too)",
            )
    global_args: dict[str, str | None] = {}
    stages: list[Stage] = []
    current: Instruction | None = None
    body: list[Instruction] = []
    for instruction in instructions:
        if instruction.cmd == "FROM":
            if current is not None:
                stages.append(_stage(len(stages), current, body, stages, global_args))
            current, body = instruction, []
        elif current is None:
            if instruction.cmd != "ARG":
                raise ManifestError(
                    where,
                    f"{instruction.cmd} before the first FROM",
                    line=instruction.line,
                    fix="only ARG may come before FROM",
                )
            for item in instruction.args:
                key, eq, value = item.partition("=")
                global_args[key] = _unquote(value) if eq else None
        else:
            body.append(instruction)
    if current is None:
        raise ManifestError(where, "has no FROM instruction", fix="a Dockerfile starts from a base image")
    stages.append(_stage(len(stages), current, body, stages, global_args))
    return ParsedDockerfile(text, path, instructions, tuple(stages), global_args)


def _parse_raw(text: str, where: Path) -> list[Any]:
    buildkit = _buildkit()
    try:
        return list(buildkit.parse_string(text))
    except buildkit.GoParseError as exc:
        message = str(exc)
        raise ManifestError(
            where,
            f"BuildKit cannot parse it ({message})",
            line=_error_line(buildkit, text, message),
            fix="fix the Dockerfile, or replace it with `genfile init --force`",
        ) from exc


def _error_line(buildkit: ModuleType, text: str, message: str) -> int | None:
    """The line where the parse error starts: BuildKit's message has no position, so find
    the shortest prefix of the file that fails with the same message."""
    if message == "file with no instructions":  # about the whole file, not a line of it
        return None
    lines = text.splitlines(keepends=True)
    for count in range(1, len(lines) + 1):
        try:
            buildkit.parse_string("".join(lines[:count]))
        except buildkit.GoParseError as exc:
            if str(exc) == message:
                return count
    return None


def _instruction(command: Any) -> Instruction:
    return Instruction(
        cmd=str(command.cmd).upper(),
        args=tuple(command.value),
        flags=tuple(command.flags),
        json=bool(command.json),
        original=str(command.original),
        line=int(command.start_line),
        end_line=int(command.end_line),
        heredocs=tuple(h.content for h in command.heredocs),
        sub_cmd=str(command.sub_cmd).upper() if command.sub_cmd else None,
    )


def _stage(
    index: int,
    instruction: Instruction,
    body: list[Instruction],
    earlier: list[Stage],
    global_args: dict[str, str | None],
) -> Stage:
    args = list(instruction.args)
    name = args[2] if len(args) >= 3 and args[1].upper() == "AS" else None
    image = substitute(args[0], global_args) if args else ""
    wanted = image.lower()
    parent = next((s.index for s in reversed(earlier) if s.name and s.name.lower() == wanted), None)
    return Stage(index, image, name, instruction, tuple(body), parent)


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value
