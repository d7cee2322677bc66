""":func:`scaffold`, the whole of ``genfile new`` as one readable sequence of steps.

Modelled on ``cookiecutter/main.py::cookiecutter``: find the template, read the user's
config, fetch the template folder, collect and check the answers, plan and check every path
the template makes, render into a staging folder, write the container files, move the result
into place. Each step lives in its own module; this one only orders them and says what was
made (:class:`Scaffolded`).
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from genfile.plan import BuildPlan
from genfile.scaffold.container import container_setup
from genfile.scaffold.cookiecutter_run import (
    add_private_keys,
    collect_answers,
    generate_project,
    template_folder,
    user_config,
)
from genfile.scaffold.layout import plan_layout
from genfile.scaffold.settings import check_answers
from genfile.scaffold.target import check_target, move_into_place, staging_folder
from genfile.scaffold.templates import find_template
from genfile.write import Written


@dataclass(frozen=True)
class Scaffolded:
    """What ``genfile new`` made: the folder, the answers, and the container setup."""

    path: Path
    context: dict[str, Any]
    plan: BuildPlan | None  # None with --no-container
    written: tuple[Written, ...]  # container files and genfile.toml, at their final paths
    notes: tuple[str, ...]


def scaffold(
    spec: str,
    directory: str | os.PathLike[str] | None = None,
    *,
    settings: Mapping[str, str] | None = None,
    no_input: bool = False,
    force: bool = False,
    container: bool = True,
    stack: str | None = None,
    compose: bool = False,
    cwd: Path | None = None,
) -> Scaffolded:
    """Generate a project from template ``spec`` into ``directory`` (default: a folder named
    by the template, in ``cwd``) and write its container files; all or nothing."""
    base = (cwd or Path.cwd()).resolve()
    template = find_template(spec)
    settings = dict(settings or {})
    target: Path | None = None
    if directory is not None:
        target = (base / directory).resolve()
        check_target(target, str(directory), force)  # before any question is asked
    config = user_config()
    parent = target.parent if target is not None else base
    with template_folder(template, config, no_input) as folder:
        folder, context = collect_answers(
            template, folder, config, settings, target.name if target else None, no_input
        )
        answers = context["cookiecutter"]
        check_answers(answers, template.bundled)
        add_private_keys(template, folder, context, parent)
        # Every name the template makes, rendered and held inside the project: nothing is
        # written (not even the staging folder) until all of them are.
        layout = plan_layout(template.name, folder, context)
        with staging_folder(parent) as staging:
            project = generate_project(template, folder, context, layout, staging)
            final = target if target is not None else parent / project.name
            shown = str(directory) if directory is not None else os.path.relpath(final, base)
            check_target(final, shown, force)
            if project.name != final.name:
                # Detection names an undeclared project after its folder: use the final name.
                project = project.rename(staging / final.name)
            plan: BuildPlan | None = None
            written: list[Written] = []
            notes: list[str] = []
            if container:
                plan, written, notes = container_setup(project, shown, answers, stack, compose)
            move_into_place(project, final)
    moved = tuple(
        dataclasses.replace(
            item,
            path=final / item.path.relative_to(project),
            backup=final / item.backup.relative_to(project) if item.backup else None,
        )
        for item in written
    )
    return Scaffolded(final, dict(answers), plan, moved, tuple(dict.fromkeys(notes)))
