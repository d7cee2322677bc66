"""Invariants a rendered setup must keep whatever a repository contains (for the fuzz tests).

A hostile value may be rejected (a GenfileError) or quoted, never turned into an instruction:
the Dockerfile parsed by BuildKit's own parser holds only the instructions the plan intends,
the start command and port are exactly the plan's, .dockerignore holds only intended
patterns, and compose.yaml parses to the intended service.
"""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import tempfile
from collections import Counter
from pathlib import Path

import dockerfile
import yaml
from hypothesis import HealthCheck, settings

from genfile.errors import GenfileError
from genfile.evidence import Evidence
from genfile.pipeline import detect, plan_stack
from genfile.plan import BuildPlan
from genfile.render import render
from tests.conftest import make_project

# A fast sample on developer machines; CI sets thousands (GENFILE_FUZZ_EXAMPLES).
EXAMPLES = int(os.environ.get("GENFILE_FUZZ_EXAMPLES", "15"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))

# The most of each instruction any stack renders; anything else is an injection.
MAX_INSTRUCTIONS = {
    "FROM": 6,
    "RUN": 12,
    "COPY": 12,
    "ENV": 4,
    "WORKDIR": 3,
    "USER": 1,
    "EXPOSE": 1,
    "CMD": 1,
    "ENTRYPOINT": 1,
    "ARG": 2,
}


def _unescaped(pattern: str) -> str:
    """A .dockerignore pattern written by ignore_literal, back to the path it names."""
    return re.sub(r"\\(.)", r"\1", pattern)


def check_rendered(plan: BuildPlan, root: Path | None = None) -> None:
    files = render(plan.edit(files=("Dockerfile", ".dockerignore", "compose.yaml")))
    commands = dockerfile.parse_string(files["Dockerfile"])
    counts = Counter(c.cmd for c in commands)
    for name, count in counts.items():
        assert name in MAX_INSTRUCTIONS and count <= MAX_INSTRUCTIONS[name], (name, files["Dockerfile"])
    # Evidence (file names, quoted lines) lands in comments: with every source replaced by a
    # tame one, the Dockerfile must hold the very same instructions, in the same order.
    tame_sources = {key: Evidence("tame", 1, "tame") for key in plan.sources}
    tame = render(dataclasses.replace(plan, sources=tame_sources))["Dockerfile"]
    assert [c.cmd for c in commands] == [c.cmd for c in dockerfile.parse_string(tame)], files["Dockerfile"]
    start = [c for c in commands if c.cmd in ("CMD", "ENTRYPOINT")]
    assert start[-1].json
    # ENTRYPOINT plus CMD (a Go binary and its subcommand) is the command, as Docker runs it.
    entry = [c.value for c in commands if c.cmd == "ENTRYPOINT"][-1:]
    cmd = [c.value for c in commands if c.cmd == "CMD"][-1:]
    assert (entry[0] if entry else ()) + (cmd[0] if cmd else ()) == plan.start_command
    if plan.port is not None:
        assert [c.value for c in commands if c.cmd == "EXPOSE"] == [(str(plan.port),)]
    assert [c.value[0] for c in commands if c.cmd == "FROM"][-1] == plan.base_image

    # Repository values reach .dockerignore only through the plan's path lists: with those
    # replaced by plain names, the file must have exactly as many lines (no value added one).
    details = plan.details
    lists = {
        f.name: getattr(details, f.name)
        for f in dataclasses.fields(details)
        if f.name in ("keep", "ignore_extra", "ignore_outputs")
    }
    tame = dataclasses.replace(
        details, **{k: tuple(f"{k}{i}" for i in range(len(v))) for k, v in lists.items()}
    )
    baseline = render(dataclasses.replace(plan, details=tame))[".dockerignore"]
    assert len(files[".dockerignore"].splitlines()) == len(baseline.splitlines())
    for line in files[".dockerignore"].splitlines():
        if not line.startswith("!"):
            continue
        # A re-include names one real path of the project, literally: never a pattern.
        path = _unescaped(line[1:])
        assert path in lists.get("keep", ()), line
        assert not re.search(r"(?<!\\)[*?\[]", line[1:]), line
        if root is not None:
            assert os.path.lexists(root / path), line

    service = yaml.safe_load(files["compose.yaml"])["services"][plan.image_name]
    assert service["image"] == plan.image_name
    if plan.port is not None:
        assert service["ports"] == [f"{plan.port}:{plan.port}"]
    if plan.healthcheck:
        assert service["healthcheck"]["test"] == list(plan.healthcheck)


def outcome(files: dict[str, str | bytes]) -> None:
    """Write a project, then: a one-line GenfileError, or rendered files that keep the invariants."""
    root = Path(tempfile.mkdtemp(prefix="genfile-fuzz-"))
    try:
        try:
            make_project(root, files)
        except OSError:
            return  # a name the file system refuses cannot be in a repository either
        try:
            plan = plan_stack(detect(root))
        except GenfileError as exc:
            assert "\n" not in exc.line()
            return
        if plan.command:
            check_rendered(plan, root)
    finally:
        shutil.rmtree(root, ignore_errors=True)
