"""cookiecutter's own steps, run one by one so genfile can act between them.

``cookiecutter.main.cookiecutter`` fetches the template, asks the questions, writes a replay
file and renders the project in one call. genfile needs to step in between: default the
project name to the target folder, refuse a ``--set`` the template does not know, check the
answers before anything is written, render into a staging folder, and write nothing outside
the target (no replay file in ``~/.cookiecutter_replay``). So this module follows
``cookiecutter/main.py::cookiecutter`` step by step: user config, repository folder and
pre_prompt hook (:func:`template_folder`), context, nested template and prompts
(:func:`collect_answers`), then the private context keys and ``generate_files``
(:func:`generate_project`), and turns cookiecutter's exceptions into one-line genfile errors.

Why not the public API (option (a)): one call gives no point between the prompts and the
rendering, so a typed slug such as ``../x`` would be rendered outside the staging folder and
a bad port would reach the template's hooks before genfile could refuse it; the replay file
would always be written; and checking ``--set`` keys against the template, or naming the
project after its folder, needs the context cookiecutter only builds inside that call.
Staging, validation before writing and all-or-nothing cannot be kept with it.

So genfile relies on those internals (option (b)): ``generate.generate_context`` and
``generate_files``, ``prompt.prompt_for_config`` and ``choose_nested_template``,
``repository.determine_repo_dir``, ``hooks.run_pre_prompt_hook``, ``config.get_user_config``,
``utils.rmtree``, and the private context keys ``_template``, ``_output_dir``, ``_repo_dir``
and ``_checkout`` that ``main.py`` fills in. pyproject.toml pins cookiecutter to the releases
whose ``main.py`` was read and against which tests/test_new.py was run (2.5.0 to 2.7.1); a
new release means reading its ``main.py`` again before widening the pin.
"""

from __future__ import annotations

import contextlib
import re
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from genfile.scaffold.errors import SettingError, TemplateError
from genfile.scaffold.settings import check_settings
from genfile.scaffold.templates import CONTEXT_FILE, Template


def _one_line(exc: BaseException) -> str:
    """A cookiecutter error as one line (UndefinedVariableInTemplate's text ends with the
    whole context, which helps nobody)."""
    message = getattr(exc, "message", None)
    error = getattr(exc, "error", None)
    if isinstance(message, str) and error is not None:
        text = f"{message}: {getattr(error, 'message', error)}"
    else:
        text = str(exc) or type(exc).__name__
    return re.sub(r"\s*\n\s*", "; ", text.strip())


@contextlib.contextmanager
def cookiecutter_errors(label: str) -> Iterator[None]:
    """Turn cookiecutter's exceptions (and the ValueErrors it raises for bad choices) into
    one-line genfile errors."""
    from cookiecutter.exceptions import CookiecutterException  # type: ignore[import-untyped]

    try:
        yield
    except CookiecutterException as exc:
        raise TemplateError(f"template {label}: {_one_line(exc)}", "fix the template or its answers") from exc
    except ValueError as exc:
        raise SettingError(f"template {label}: {_one_line(exc)}", "check the --set values") from exc


def user_config() -> dict[str, Any]:
    """cookiecutter's user configuration (~/.cookiecutterrc or $COOKIECUTTER_CONFIG): its
    default_context pre-fills answers (your name, your email) as it does for cookiecutter."""
    from cookiecutter.config import get_user_config  # type: ignore[import-untyped]

    with cookiecutter_errors("configuration"):
        config: dict[str, Any] = get_user_config()
    return config


@contextlib.contextmanager
def template_folder(template: Template, config: dict[str, Any], no_input: bool) -> Iterator[Path]:
    """The template's folder for the duration of the run: fetched or unzipped by cookiecutter
    when it is remote, copied when it has a pre_prompt hook, importable for its ``_extensions``
    (as ``cookiecutter`` itself does), and cleaned up afterwards."""
    from cookiecutter.hooks import run_pre_prompt_hook  # type: ignore[import-untyped]
    from cookiecutter.repository import determine_repo_dir  # type: ignore[import-untyped]
    from cookiecutter.utils import rmtree  # type: ignore[import-untyped]

    with cookiecutter_errors(template.name):
        base, cleanup_base = determine_repo_dir(
            template=template.source,
            abbreviations=config["abbreviations"],
            clone_to_dir=config["cookiecutters_dir"],
            checkout=None,
            no_input=no_input,
        )
        folder = str(run_pre_prompt_hook(base))
    saved_path = list(sys.path)
    sys.path.append(folder)
    try:
        yield Path(folder)
    finally:
        sys.path[:] = saved_path
        if folder != base:
            rmtree(folder)
        if cleanup_base:
            rmtree(base)


def collect_answers(
    template: Template,
    folder: Path,
    config: dict[str, Any],
    settings: Mapping[str, str],
    default_name: str | None,
    no_input: bool,
) -> tuple[Path, dict[str, Any]]:
    """The template folder to render (a nested template may be chosen) and its full context,
    prompted for at a terminal (``no_input``: the defaults and ``settings``)."""
    from cookiecutter.generate import generate_context  # type: ignore[import-untyped]
    from cookiecutter.prompt import (  # type: ignore[import-untyped]
        choose_nested_template,
        prompt_for_config,
    )

    with cookiecutter_errors(template.name):
        while True:
            raw = generate_context(context_file=str(folder / CONTEXT_FILE), default_context=None)
            variables = raw["cookiecutter"]
            check_settings(settings, variables, template.name)
            extra = dict(settings)
            if default_name and "project_name" in variables and "project_name" not in extra:
                extra["project_name"] = default_name  # the folder names the project (cargo new)
            context: dict[str, Any] = generate_context(
                context_file=str(folder / CONTEXT_FILE),
                default_context=config["default_context"],
                extra_context=extra,
            )
            if not {"template", "templates"} & set(context["cookiecutter"]):
                break
            folder = Path(choose_nested_template(context, folder, no_input))
        context["_cookiecutter"] = {k: v for k, v in context["cookiecutter"].items() if not k.startswith("_")}
        context["cookiecutter"].update(prompt_for_config(context, no_input))
    return folder, context


def generate_project(
    template: Template, folder: Path, context: dict[str, Any], staging: Path, output_dir: Path
) -> Path:
    """Render the template into ``staging`` (hooks included); returns the project folder.

    The private keys are the ones ``main.py`` adds before ``generate_files``, so templates and
    hooks that read ``cookiecutter._output_dir`` and the like see the same values as under
    cookiecutter: the final parent folder, not the staging one.
    """
    from cookiecutter.generate import generate_files  # type: ignore[import-untyped,unused-ignore]

    answers = context["cookiecutter"]
    answers["_template"] = template.source
    answers["_output_dir"] = str(output_dir)
    answers["_repo_dir"] = str(folder)
    answers["_checkout"] = None
    with cookiecutter_errors(template.name):
        made = generate_files(
            repo_dir=str(folder), context=context, output_dir=str(staging), accept_hooks=True
        )
    return Path(str(made))
