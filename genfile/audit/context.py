"""Everything a rule may look at, computed once: the parsed Dockerfile, the .dockerignore,
the project folder (the build context) and what genfile detects in it.

Rules stay small because the questions several of them ask live here: which stages end up
in the final image, what the container runs and as whom, which COPY sends the whole
context, what the environment is at a given step.
"""

from __future__ import annotations

import json
import posixpath
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from genfile.audit import shell
from genfile.audit.ignore import IgnoreFile
from genfile.audit.images import ImageRef
from genfile.audit.parse import Instruction, ParsedDockerfile, Stage
from genfile.audit.reading import read_capped
from genfile.detection import Detection
from genfile.errors import GenfileError
from genfile.plan import BuildPlan

WHOLE_CONTEXT = frozenset({".", "*", "./*", "**"})


@dataclass(frozen=True)
class AuditContext:
    dockerfile: ParsedDockerfile
    ignore: IgnoreFile | None
    ignore_path: Path  # the .dockerignore in use, or where one would go
    project: Path | None  # the build context folder (None when auditing text alone)
    detection: Detection | None = None
    plan: BuildPlan | None = None
    # what several rules ask about the same instruction or file, worked out once per audit
    _memo: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)

    # ---- files ---------------------------------------------------------------------------
    @property
    def dockerfile_path(self) -> Path:
        return self.dockerfile.path or Path("Dockerfile")

    def exists(self, rel: str) -> bool:
        return self.project is not None and (self.project / rel).exists()

    def read(self, rel: str, limit: int = 1_000_000) -> str | None:
        """A project file's text (None when absent, unreadable, huge, binary or not a regular
        file: a named pipe or a device is never opened for reading)."""
        if self.project is None:
            return None
        key = ("read", rel, limit)
        if key not in self._memo:
            try:
                data = read_capped(self.project / rel, noun="a file", fix="", limit=limit)
                self._memo[key] = data.decode("utf-8")
            except (OSError, UnicodeDecodeError, GenfileError):
                self._memo[key] = None
        text: str | None = self._memo[key]
        return text

    def invocations(self, instruction: Instruction) -> list[shell.Invocation]:
        """The tool calls in a RUN's script (:func:`genfile.audit.shell.invocations`), read once
        however many rules ask."""
        key = ("invocations", id(instruction))
        if key not in self._memo:
            self._memo[key] = (instruction, shell.invocations(instruction.script))
        found: list[shell.Invocation] = self._memo[key][1]
        return found

    @cached_property
    def top_level(self) -> list[str]:
        if self.project is None or not self.project.is_dir():
            return []
        try:
            return sorted(p.name for p in self.project.iterdir())
        except OSError:
            return []

    @property
    def ecosystem(self) -> str | None:
        return self.detection.ecosystem if self.detection else None

    def is_python(self) -> bool:
        markers = ("pyproject.toml", "requirements.txt", "setup.py", "Pipfile", "uv.lock", "poetry.lock")
        return self.ecosystem == "python" or any(m in self.top_level for m in markers)

    def is_node(self) -> bool:
        return self.ecosystem == "node" or "package.json" in self.top_level

    # ---- stages and instructions -----------------------------------------------------------
    @cached_property
    def final_chain(self) -> list[Stage]:
        return self.dockerfile.final_chain()

    def final_instructions(self) -> list[tuple[Stage, Instruction]]:
        """Instructions whose results are in the final image (its stage and its parents)."""
        return list(self.dockerfile.chain_instructions(self.dockerfile.final))

    def base_of(self, stage: Stage) -> tuple[Stage, ImageRef]:
        first, image = self.dockerfile.root_image(stage)
        return first, ImageRef.parse(image)

    def env_before(self, stage: Stage, target: Instruction) -> dict[str, str]:
        """Variables set by ENV in the stage chain before ``target``."""
        env: dict[str, str] = {}
        for _, instruction in self.dockerfile.chain_instructions(stage):
            if instruction is target:
                break
            if instruction.cmd == "ENV":
                pairs = instruction.args
                for index in range(0, len(pairs) - 1, 2):
                    env[pairs[index]] = pairs[index + 1].strip("\"'")
        return env

    @staticmethod
    def sources(instruction: Instruction) -> list[str]:
        """The source paths of a COPY/ADD (everything but the destination)."""
        return list(instruction.args[:-1])

    @staticmethod
    def from_context(instruction: Instruction) -> bool:
        """A COPY/ADD that reads the build context (not another stage, image, heredoc, URL)."""
        if instruction.cmd not in ("COPY", "ADD") or instruction.has_flag("from"):
            return False
        sources = AuditContext.sources(instruction)
        return bool(sources) and not any(
            s.startswith("<<") or "://" in s or s.startswith("git@") for s in sources
        )

    @staticmethod
    def whole_context(instruction: Instruction) -> bool:
        """``COPY . .`` and its spellings (``./``, ``*``): the whole build context."""
        return AuditContext.from_context(instruction) and any(
            posixpath.normpath(s) in WHOLE_CONTEXT or s in WHOLE_CONTEXT
            for s in AuditContext.sources(instruction)
        )

    def context_copies(self) -> list[Instruction]:
        return [i for i in self.dockerfile.instructions if self.from_context(i)]

    def whole_context_copies(self) -> list[Instruction]:
        return [i for i in self.dockerfile.instructions if self.whole_context(i)]

    # ---- what the container runs ------------------------------------------------------------
    @cached_property
    def start(self) -> tuple[Instruction | None, Instruction | None]:
        """The ENTRYPOINT and CMD the final image runs (a later ENTRYPOINT clears a CMD set in
        an earlier stage, as Docker does with inherited commands)."""
        entrypoint: Instruction | None = None
        cmd: Instruction | None = None
        cmd_stage: Stage | None = None
        for stage, instruction in self.final_instructions():
            if instruction.cmd == "CMD":
                cmd, cmd_stage = instruction, stage
            elif instruction.cmd == "ENTRYPOINT":
                entrypoint = instruction
                if cmd is not None and cmd_stage is not stage:
                    cmd = None
        return entrypoint, cmd

    def start_words(self) -> list[str]:
        """The words of what the container runs, ENTRYPOINT then CMD (shell form split)."""
        return list(self._start_words)

    @cached_property
    def _start_words(self) -> tuple[str, ...]:
        entrypoint, cmd = self.start
        words: list[str] = []
        for instruction in (entrypoint, cmd):
            if instruction is None:
                continue
            words += (
                list(instruction.args)
                if instruction.json
                else _split(instruction.args[0] if instruction.args else "")
            )
            if instruction is entrypoint and not instruction.json:
                break  # a shell-form ENTRYPOINT ignores CMD
        return tuple(words)

    def start_line(self) -> int:
        """Where to point a finding about the running process: its CMD/ENTRYPOINT, else the
        last instruction of the final stage."""
        entrypoint, cmd = self.start
        chosen = cmd or entrypoint
        if chosen is not None:
            return chosen.line
        final = self.dockerfile.final
        return final.instructions[-1].line if final.instructions else final.line

    @cached_property
    def user(self) -> Instruction | None:
        """The last USER instruction that applies to the final image."""
        found = None
        for _, instruction in self.final_instructions():
            if instruction.cmd == "USER":
                found = instruction
        return found

    def exposed(self) -> list[Instruction]:
        return [i for _, i in self.final_instructions() if i.cmd == "EXPOSE"]

    def package_scripts(self) -> dict[str, str]:
        """``scripts`` of the project's package.json (empty when there is none)."""
        text = self.read("package.json")
        if text is None:
            return {}
        try:
            scripts = json.loads(text).get("scripts", {})
        except (ValueError, AttributeError):
            return {}
        return {str(k): str(v) for k, v in scripts.items()} if isinstance(scripts, dict) else {}

    def planned_command(self) -> str | None:
        """The exec-form command genfile would run for this project, as a JSON array."""
        if self.plan is None or not self.plan.command:
            return None
        return json.dumps(list(self.plan.start_command))


def _split(text: str) -> list[str]:
    try:
        return shell.split(text)
    except ValueError:
        return text.split()
