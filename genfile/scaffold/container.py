"""The container files of a freshly generated project: ``genfile init --yes`` run on it.

Whatever the template, genfile never copies container files from it: the same detect → plan →
render → write pipeline as ``genfile init`` runs on the new tree (through
:mod:`genfile.generate`), so a new project and an old one get the same Dockerfile for the
same facts, and ``genfile init --yes`` on the new project later finds nothing to change.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from genfile import generate
from genfile.answers import Answers
from genfile.errors import GenfileError
from genfile.plan import DEFAULT_FILES, BuildPlan
from genfile.scaffold.errors import ContainerSetupError
from genfile.write import Written


def container_setup(
    project: Path,
    shown: str,
    context: Mapping[str, Any],
    stack: str | None,
    compose: bool,
) -> tuple[BuildPlan, list[Written], list[str]]:
    """``genfile init --yes`` on the generated project, plus one thing only ``new`` knows: the
    port the user chose. When detection reads another port (Django's is set by the start
    command, not the code), the choice is applied and saved in genfile.toml, so a later
    ``genfile init --yes`` reproduces the same files."""
    notes: list[str] = []
    try:
        files = tuple(dict.fromkeys((*DEFAULT_FILES, "compose.yaml"))) if compose else None
        flags = Answers(stack=stack, files=files)
        generated = generate.generate(project, flags, out_dir=project)
        chosen = context.get("port")
        if chosen is not None and generated.answers.port is None and generated.plan.port != int(chosen):
            detected = generated.plan.port
            flags = dataclasses.replace(flags, port=int(chosen))
            generated = generate.generate(project, flags, out_dir=project)
            notes.append(
                f"the project's start command does not say port {chosen} (genfile detects {detected}): "
                f"port {chosen} is saved in genfile.toml"
            )
        rendered = dict(generated.files)
        for name in list(rendered):
            if (project / name).exists():
                del rendered[name]
                notes.append(f"kept the template's own {name} (genfile init --force replaces it)")
        written = generate.write(generated, rendered)
    except GenfileError as exc:
        message = exc.message.replace(str(project), shown)
        raise ContainerSetupError(
            f"container setup: {message}",
            "fix the template, or rerun with --no-container to scaffold without container files",
        ) from exc
    return generated.plan, written, [*notes, *generated.plan.notes]
