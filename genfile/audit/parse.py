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
from functools import cached_property
from pathlib import Path
from types import ModuleType
from typing import Any

from genfile.audit import scan as layout_scan
from genfile.audit.reading import MAX_BYTES, human_size, read_capped
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
# The start of a variable reference; a braced one runs to the next "}" (see substitute).
_VARIABLE = re.compile(
    r"\$(?:\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)(?P<op>:?[-+])?|(?P<bare>[A-Za-z_][A-Za-z0-9_]*))"
)
_MENTIONS_GENFILE = re.compile("genfile", re.I)
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

    @cached_property
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
        while found[-1].parent is not None and found[-1].parent not in seen:
            parent = self.stages[found[-1].parent]
            seen.add(parent.index)
            found.append(parent)
        found.reverse()
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
        return set(self._global_ignores | self._block_ignores(line))

    @cached_property
    def _lines(self) -> list[str]:
        return self.text.split("\n")  # BuildKit's lines: instruction line numbers index them

    @cached_property
    def _global_ignores(self) -> frozenset[str]:
        ids: set[str] = set()
        if not _MENTIONS_GENFILE.search(self.text):
            return frozenset()
        for text in self._lines:
            match = _SUPPRESS.match(text)
            if match and match["scope"]:
                ids |= _ids(match["ids"])
        return frozenset(ids)

    def _block_ignores(self, line: int) -> frozenset[str]:
        """The ids of ``# genfile ignore=`` lines in the comment block above ``line``, each
        block read once however many findings point below it."""
        cache: dict[int, frozenset[str]] = self.__dict__.setdefault("_blocks", {})
        if line in cache:
            return cache[line]
        lines = self._lines
        ids: set[str] = set()
        number = line - 1
        while number >= 1 and lines[number - 1].lstrip().startswith("#"):
            match = _SUPPRESS.match(lines[number - 1])
            if match and not match["scope"]:
                ids |= _ids(match["ids"])
            number -= 1
        cache[line] = frozenset(ids)
        return cache[line]


def _ids(text: str) -> set[str]:
    return {part.strip().upper() for part in re.split(r"[,\s]+", text) if part.strip()}


def substitute(text: str, values: dict[str, str | None]) -> str:
    """Expand ``$VAR``, ``${VAR}``, ``${VAR:-default}`` and ``${VAR:+alt}`` with known values,
    leaving unknown variables as written (rules then treat the value as unknown).

    A ``${`` takes the text up to the first ``}``; one with no ``}`` after it is left as
    written. The scan is linear: once no ``}`` is left, later ``${`` are not searched again
    (a regular expression would rescan the rest of the text for each of them)."""
    out: list[str] = []
    copied = 0  # text[:copied] is in out
    position = 0
    no_brace_from = len(text) + 1  # no "}" at or after this offset
    while (match := _VARIABLE.search(text, position)) is not None:
        if match["bare"] is not None:
            end = match.end()
            value = values.get(match["bare"])
            replacement = value if value is not None else match[0]
        else:
            close = -1 if match.end() >= no_brace_from else text.find("}", match.end())
            if close < 0:
                no_brace_from = min(no_brace_from, match.end())
                position = match.start() + 1
                continue
            end = close + 1
            word = text[match.end() : close]
            value = values.get(match["braced"])
            op = match["op"] or ""
            if op.endswith("-"):
                replacement = value if value else word
            elif op.endswith("+"):
                replacement = word if value else ""
            else:
                replacement = value if value is not None else text[match.start() : end]
        out += (text[copied : match.start()], replacement)
        copied = position = end
    out.append(text[copied:])
    return "".join(out)


def read_dockerfile(path: Path) -> str:
    """The Dockerfile's text; a missing, binary, undecodable or oversized file, or anything but
    a regular file (a folder, a named pipe, a device), is a ManifestError."""
    try:
        data = read_capped(path, noun="a Dockerfile", fix="give the file with -f FILE")
    except (FileNotFoundError, NotADirectoryError):
        raise ManifestError(
            path, "no Dockerfile here", fix="give its path with -f FILE, or write one with `genfile init`"
        ) from None
    except OSError as exc:
        raise ManifestError(path, f"cannot be read ({exc.strerror})") from exc
    if b"\0" in data:
        raise ManifestError(path, "is a binary file, expected a Dockerfile")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ManifestError(path, "is not valid UTF-8 text", fix="save it as UTF-8") from exc


# What BuildKit's parser and genfile's rules may be given: beyond these a hostile file would
# keep them busy for minutes (see check_size). Real Dockerfiles stay far below all of them.
MAX_INSTRUCTIONS = 10_000
MAX_WORD_COST = 1 << 29  # sum of squared word lengths: one word of 23,000 characters
MAX_JOIN_COST = 1 << 30  # lines × bytes of multi-line instructions: 1,000 lines of 1 MB


def check_size(text: str, where: Path) -> layout_scan.Layout:
    """Refuse, with one line saying why, a Dockerfile too big to audit quickly; return how
    BuildKit will split it into instructions.

    BuildKit's parser takes time quadratic in the length of a word it reads character by
    character and in the lines an instruction joins, and each instruction costs the rules
    some work, so size alone is not the measure: the limits are on those costs."""
    if "\0" in text:
        raise ManifestError(where, "is a binary file, expected a Dockerfile")
    try:
        size = len(text.encode("utf-8"))
    except UnicodeEncodeError as exc:  # a lone surrogate: BuildKit's binding would crash on it
        raise ManifestError(where, "is not valid UTF-8 text", fix="save it as UTF-8") from exc
    if size > MAX_BYTES:
        raise ManifestError(
            where,
            f"is {human_size(size)}, too large for a Dockerfile (genfile audit reads at most "
            f"{human_size(MAX_BYTES)})",
            fix="check that the path is the right file; a real one is a few kilobytes",
        )
    layout = layout_scan.scan(text)
    spans = layout.spans
    if len(spans) > MAX_INSTRUCTIONS:
        raise ManifestError(
            where,
            f"has {len(spans):,} instructions, more than the {MAX_INSTRUCTIONS:,} genfile audit reads",
            line=spans[MAX_INSTRUCTIONS].start,
            fix="split it into smaller Dockerfiles",
        )
    if sum(span.words for span in spans) > MAX_WORD_COST:
        worst = max(spans, key=lambda span: span.words)
        raise ManifestError(
            where,
            f"has words too long to parse quickly (the longest, {worst.longest:,} characters without "
            "a space, is in the instruction here; BuildKit's parser slows down with the square of a "
            "word's length)",
            line=worst.start,
            fix="shorten them, or move the data into a file the Dockerfile copies",
        )
    if sum(span.concat for span in spans) > MAX_JOIN_COST:
        worst = max(spans, key=lambda span: span.concat)
        joined = worst.end - worst.start + 1
        size = layout.offsets[worst.end] - layout.offsets[worst.start - 1]
        raise ManifestError(
            where,
            f"the instruction here joins {joined:,} lines ({human_size(size)}): "
            "too many to parse quickly (BuildKit's parser slows down with lines × length)",
            line=worst.start,
            fix="split it into smaller instructions, or move the text into a file the Dockerfile copies",
        )
    return layout


def parse(text: str, path: Path | None = None) -> ParsedDockerfile:
    """Parse with BuildKit; a syntax error is a ManifestError naming the file and line, and a
    file too big to parse quickly is refused before BuildKit sees it (see check_size)."""
    where = path if path is not None else Path("Dockerfile")
    layout = check_size(text, where)
    raw = _parse_raw(text, where, layout)
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
    names: dict[str, int] = {}  # lower-cased stage name → the latest stage so named
    current: Instruction | None = None
    body: list[Instruction] = []
    for instruction in instructions:
        if instruction.cmd == "FROM":
            if current is not None:
                stages.append(_stage(len(stages), current, body, names, global_args))
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
    stages.append(_stage(len(stages), current, body, names, global_args))
    return ParsedDockerfile(text, path, instructions, tuple(stages), global_args)


def _parse_raw(text: str, where: Path, layout: layout_scan.Layout) -> list[Any]:
    buildkit = _buildkit()
    try:
        return list(buildkit.parse_string(text))
    except buildkit.GoParseError as exc:
        message = str(exc)
        raise ManifestError(
            where,
            f"BuildKit cannot parse it ({message})",
            line=_error_line(buildkit, layout, message),
            fix="fix the Dockerfile, or replace it with `genfile init --force`",
        ) from exc


def _error_line(buildkit: ModuleType, layout: layout_scan.Layout, message: str) -> int | None:
    """The line where the parse error starts: BuildKit's message has no position.

    BuildKit stops at the first instruction it cannot read, and each instruction reads the
    same alone as in the file (given the file's parser directives), so the instruction is
    found by bisection over BuildKit's instructions (:mod:`genfile.audit.scan`), parsing
    halves of the remaining range on their own: about twice the work of one parse of the
    file, where trying every prefix of the file took time quadratic in its length."""
    if message == "file with no instructions":  # about the whole file, not a line of it
        return None
    if message.startswith("dockerfile line greater than"):
        return layout.too_long
    if layout.directive_error is not None:
        return layout.directive_error
    spans = layout.spans
    header = layout.text(1, layout.header) if layout.header else ""

    def fails(first: int, stop: int) -> bool:
        piece = header + layout.text(spans[first].start, spans[stop - 1].end)
        try:
            buildkit.parse_string(piece)
        except buildkit.GoParseError as exc:
            return str(exc) == message
        return False

    low, high = 0, len(spans)
    if not spans or not fails(low, high):
        return None
    while high - low > 1:
        middle = (low + high) // 2
        if fails(low, middle):
            high = middle
        else:
            low = middle
    return spans[low].start


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
    names: dict[str, int],
    global_args: dict[str, str | None],
) -> Stage:
    """The stage ``instruction`` starts; ``names`` (the earlier stages' names) gets its name."""
    args = list(instruction.args)
    name = args[2] if len(args) >= 3 and args[1].upper() == "AS" else None
    image = substitute(args[0], global_args) if args else ""
    parent = names.get(image.lower())
    if name:
        names[name.lower()] = index
    return Stage(index, image, name, instruction, tuple(body), parent)


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value
