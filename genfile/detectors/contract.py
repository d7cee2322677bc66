"""What a language detector is: the contract every entry of the registry implements.

A detector reads a project (through :class:`~genfile.repo.Repo`, never ``open()``) and
returns a :class:`~genfile.detection.Detection`: its findings as typed ``details``, the facts
and warnings derived from them, and how strongly the project says it is an app of this
language (:class:`~genfile.detection.Strength`). Its planner turns that detection into a
:class:`~genfile.plan.BuildPlan` for one of the language's stacks. Nothing else in genfile
knows a language: the CLI's ``--<ecosystem>-version`` flag, the "unknown project" message and
``audit`` all read the registry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from genfile.detection import Detection
from genfile.plan import BuildPlan
from genfile.repo import Repo
from genfile.stacks import Stack


class Detector(Protocol):
    """One language genfile can containerise."""

    @property
    def ecosystem(self) -> str:
        """The language its stacks declare (``language`` in ``stack.toml``): ``python``."""
        ...

    @property
    def looks_for(self) -> tuple[str, ...]:
        """The files it recognises, named in the message for a folder no detector knows."""
        ...

    @property
    def chooses_main(self) -> bool:
        """Whether the project may hold several programs, one picked with ``--main``."""
        ...

    def detect(self, repo: Repo, main: str | None = None) -> Detection | None:
        """The project in ``repo`` (None: not this language); ``main`` picks the program."""
        ...

    def plan(self, detection: Detection, stack: Stack) -> BuildPlan:
        """The build plan for one of this language's stacks."""
        ...


@dataclass(frozen=True)
class Language:
    """A detector made of a language package's two functions (the usual implementation)."""

    ecosystem: str
    looks_for: tuple[str, ...]
    detect_fn: Callable[[Repo, str | None], Detection | None]
    plan_fn: Callable[[Detection, Stack], BuildPlan]
    chooses_main: bool = False

    def detect(self, repo: Repo, main: str | None = None) -> Detection | None:
        return self.detect_fn(repo, main)

    def plan(self, detection: Detection, stack: Stack) -> BuildPlan:
        return self.plan_fn(detection, stack)
