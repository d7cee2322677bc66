"""Stacks: one folder per image family under ``stacks/``, with templates and a ``stack.toml``.

A stack's metadata says which language it serves, which base image it uses (with a
``{version}`` placeholder filled from the plan), the OS family of that image (package names
differ between Debian and Alpine) and which templates produce which files.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from genfile.errors import ChoiceError


def stacks_dir() -> Path:
    """Where the stack folders are: inside the installed package, or at the source tree's top."""
    packaged = Path(__file__).parent / "stacks"
    return packaged if packaged.is_dir() else Path(__file__).parent.parent / "stacks"


@dataclass(frozen=True)
class Stack:
    """One stack's metadata, read from ``stacks/<name>/stack.toml``."""

    name: str
    language: str
    summary: str
    image: str  # base image reference with a {version} placeholder
    os: str  # "debian" or "alpine": decides package manager and package names
    templates: tuple[tuple[str, str], ...]  # (file written, template path relative to stacks/)
    rank: int  # lower is preferred when several stacks fit a project
    healthcheck: tuple[str, ...]  # exec-form probe of $PORT (default {port}); empty: none possible
    fixed_healthcheck: tuple[str, ...]  # the same probe of the fixed port {port}
    shell: bool  # the final image has /bin/sh (a start command can read $PORT through it)
    runtime_image: str  # the official image that carries the language's runtime (for audit)
    version_of: str  # what {version} versions: "Python", "Node", "Bun", "Go", "nginx"

    def base_image(self, version: str, **variables: str) -> str:
        return self.image.format(version=version, **variables)


@cache
def all_stacks() -> tuple[Stack, ...]:
    """Every stack shipped with genfile, preferred ones first."""
    found = []
    for meta in sorted(stacks_dir().glob("*/stack.toml")):
        data = tomllib.loads(meta.read_text(encoding="utf-8"))
        name = meta.parent.name
        found.append(
            Stack(
                name=name,
                language=data["language"],
                summary=data["summary"],
                image=data["image"],
                os=data["os"],
                templates=tuple((out, f"{name}/{tpl}") for out, tpl in data["files"].items()),
                rank=int(data.get("rank", 100)),
                healthcheck=tuple(data.get("healthcheck", ())),
                fixed_healthcheck=tuple(data.get("fixed_healthcheck", data.get("healthcheck", ()))),
                shell=bool(data["shell"]),
                runtime_image=data["runtime_image"],
                version_of=data["version_of"],
            )
        )
    return tuple(sorted(found, key=lambda s: (s.language, s.rank, s.name)))


def get_stack(name: str) -> Stack:
    for stack in all_stacks():
        if stack.name == name:
            return stack
    known = ", ".join(s.name for s in all_stacks())
    raise ChoiceError(f"unknown stack {name!r}", f"choose one of {known} with --stack")


def stacks_for(language: str) -> tuple[Stack, ...]:
    return tuple(s for s in all_stacks() if s.language == language)


def version_flag_runtime(language: str) -> str:
    """What ``--<language>-version`` sets: the version of the language's preferred stack's
    runtime (``--static-version`` is nginx's)."""
    return stacks_for(language)[0].version_of
