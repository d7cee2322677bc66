"""cookiecutter's own steps, run one by one so genfile can act between them.

``cookiecutter.main.cookiecutter`` fetches the template, asks the questions, writes a replay
file and renders the project in one call. genfile needs to step in between: default the
project name to the target folder, refuse a ``--set`` the template does not know, check the
answers before anything is written, render into a staging folder, and write nothing outside
the target (no replay file in ``~/.cookiecutter_replay``). So this module follows
``cookiecutter/main.py::cookiecutter`` step by step: user config, repository folder and
pre_prompt hook (:func:`template_folder`), context, nested template and prompts
(:func:`collect_answers`), the private context keys (:func:`add_private_keys`), then the
project (:func:`generate_project`, from the :class:`~genfile.scaffold.layout.Layout` planned
in between), and turns cookiecutter's exceptions into one-line genfile errors.

Why not the public API (option (a)): one call gives no point between the prompts and the
rendering, so a typed slug such as ``../x`` would be rendered outside the staging folder and
a bad port would reach the template's hooks before genfile could refuse it; the replay file
would always be written; and checking ``--set`` keys against the template, or naming the
project after its folder, needs the context cookiecutter only builds inside that call.
Staging, validation before writing and all-or-nothing cannot be kept with it.

So genfile relies on those internals (option (b)). Three of cookiecutter's steps render with
an environment they build themselves and render a user's value as a template:
``prompt_for_config`` (a ``--set`` value went through Jinja, so ``{{ 7*7 }}`` became ``49``
and an expression could run a command), ``choose_nested_template``, and ``generate_files``
(which renders each name only as it writes it, and renders the project folder's path again
for every sub-folder). genfile keeps their logic, step for step, in
:func:`_prompt_for_config`, :func:`_choose_nested_template`, :func:`_run_hook` and
:mod:`~genfile.scaffold.layout`, and calls the pieces that take an environment with its
sandboxed one (:mod:`~genfile.scaffold.environment`). What it uses from cookiecutter:
``generate.generate_context`` and ``is_copy_only_path``; ``prompt.render_variable``,
``prompt_choice_for_config``, ``prompt_choice_for_template`` and the ``read_user_*`` prompts;
``repository.determine_repo_dir``; ``hooks.run_pre_prompt_hook``, ``find_hook`` and
``run_script``; ``config.get_user_config``; ``environment.ExtensionLoaderMixin``;
``utils.rmtree`` and ``work_in``; and the private context keys ``_template``,
``_output_dir``, ``_repo_dir`` and ``_checkout`` that ``main.py`` fills in. pyproject.toml
pins cookiecutter to the releases whose sources were read and against which tests/test_new.py
was run (2.5.0 to 2.7.1); a new release means reading its ``main.py``, ``prompt.py`` and
``generate.py`` again before widening the pin.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import tempfile
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from jinja2.exceptions import TemplateError as JinjaError
from jinja2.exceptions import UndefinedError
from jinja2.sandbox import SandboxedEnvironment

from genfile.errors import GenfileError
from genfile.scaffold.environment import environment_for
from genfile.scaffold.errors import SettingError, TemplateError
from genfile.scaffold.layout import Layout
from genfile.scaffold.settings import check_settings, check_value, check_values
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
    from cookiecutter.exceptions import CookiecutterException  # type: ignore[import-untyped,unused-ignore]

    try:
        yield
    except CookiecutterException as exc:
        raise TemplateError(f"template {label}: {_one_line(exc)}", "fix the template or its answers") from exc
    except JinjaError as exc:  # a syntax error, or what the sandbox refused
        raise TemplateError(f"template {label}: {_one_line(exc)}", "fix the template") from exc
    except ValueError as exc:
        raise SettingError(f"template {label}: {_one_line(exc)}", "check the --set values") from exc


def user_config() -> dict[str, Any]:
    """cookiecutter's user configuration (~/.cookiecutterrc or $COOKIECUTTER_CONFIG): its
    default_context pre-fills answers (your name, your email) as it does for cookiecutter."""
    from cookiecutter.config import get_user_config  # type: ignore[import-untyped,unused-ignore]

    with cookiecutter_errors("configuration"):
        config: dict[str, Any] = get_user_config()
    return config


@contextlib.contextmanager
def template_folder(template: Template, config: dict[str, Any], no_input: bool) -> Iterator[Path]:
    """The template's folder for the duration of the run: fetched or unzipped by cookiecutter
    when it is remote, copied when it has a pre_prompt hook, importable for its ``_extensions``
    (as ``cookiecutter`` itself does), and cleaned up afterwards."""
    from cookiecutter.hooks import run_pre_prompt_hook  # type: ignore[import-untyped,unused-ignore]
    from cookiecutter.repository import determine_repo_dir  # type: ignore[import-untyped,unused-ignore]
    from cookiecutter.utils import rmtree  # type: ignore[import-untyped,unused-ignore]

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
    prompted for at a terminal (``no_input``: the defaults and ``settings``).

    The user's values (``settings``, the target folder's name as the project name, answers
    typed at a prompt) are checked before anything is rendered and are taken as they are:
    cookiecutter's ``prompt_for_config`` renders every value, a ``--set`` included, as a
    Jinja template, so ``{{ 7*7 }}`` became ``49`` and an expression could run a command.
    """
    from cookiecutter.generate import generate_context  # type: ignore[import-untyped,unused-ignore]

    with cookiecutter_errors(template.name):
        while True:
            raw = generate_context(context_file=str(folder / CONTEXT_FILE), default_context=None)
            variables = raw["cookiecutter"]
            check_settings(settings, variables, template.name)
            extra = dict(settings)
            if default_name and "project_name" in variables and "project_name" not in extra:
                extra["project_name"] = default_name  # the folder names the project (cargo new)
            check_values(extra, template.bundled)  # before anything is rendered
            context: dict[str, Any] = generate_context(
                context_file=str(folder / CONTEXT_FILE),
                default_context=config["default_context"],
                extra_context=extra,
            )
            env = environment_for(context)
            if not {"template", "templates"} & set(context["cookiecutter"]):
                break
            folder = _choose_nested_template(context, folder, no_input, env)
        context["_cookiecutter"] = {k: v for k, v in context["cookiecutter"].items() if not k.startswith("_")}
        context["cookiecutter"].update(
            _prompt_for_config(context, no_input, set(extra), env, bundled=template.bundled)
        )
    return folder, context


def _ask_until_valid(key: str, default: Any, prompts: dict[str, Any], prefix: str, bundled: bool) -> Any:
    """One prompt, asked again while the answer breaks the rules (a port of 99999, a quote in
    a name), each time saying why: a typo should not end the run."""
    from cookiecutter.prompt import read_user_variable  # type: ignore[import-untyped,unused-ignore]

    while True:
        typed = read_user_variable(key, default, prompts, prefix)
        try:
            check_value(key, typed, bundled)
        except GenfileError as exc:
            print(f"  {exc.line()} (try again)")
            continue
        return typed


def _prompt_for_config(
    context: dict[str, Any], no_input: bool, given: set[str], env: SandboxedEnvironment, *, bundled: bool
) -> dict[str, Any]:
    """``cookiecutter.prompt.prompt_for_config``, step for step, with three differences: it
    renders with the sandboxed ``env``, a value in ``given`` (the user's) is not rendered, and
    a typed value the answer rules refuse is asked again (with the reason) instead of ending
    the run. What a person types at a prompt is taken as typed, as cookiecutter does."""
    from cookiecutter.exceptions import UndefinedVariableInTemplate  # type: ignore[import-untyped,unused-ignore]
    from cookiecutter.prompt import (  # type: ignore[import-untyped,unused-ignore]
        prompt_choice_for_config,
        read_user_dict,
        read_user_yes_no,
        render_variable,
    )

    answers: dict[str, Any] = OrderedDict()
    variables = context["cookiecutter"]
    prompts = variables.pop("__prompts__", {})
    size = len([key for key in variables if not key.startswith("_")])
    count = 0
    prefix = ""

    def value_of(key: str, raw: Any) -> Any:
        return raw if key in given and isinstance(raw, str) else render_variable(env, raw, answers)

    # First the plain variables and choices, then the dictionaries (which may use them).
    for key, raw in variables.items():
        if key.startswith("_") and not key.startswith("__"):
            answers[key] = raw
            continue
        try:
            if key.startswith("__"):
                answers[key] = value_of(key, raw)
                continue
            if isinstance(raw, dict):
                continue
            count += 1
            prefix = f"  [dim][{count}/{size}][/] "
            if isinstance(raw, list):
                answers[key] = prompt_choice_for_config(answers, env, key, raw, no_input, prompts, prefix)
            elif isinstance(raw, bool):
                answers[key] = raw if no_input else read_user_yes_no(key, raw, prompts, prefix)
            else:
                value = value_of(key, raw)
                answers[key] = value if no_input else _ask_until_valid(key, value, prompts, prefix, bundled)
        except UndefinedError as err:
            raise UndefinedVariableInTemplate(f"Unable to render variable '{key}'", err, context) from err
    for key, raw in variables.items():
        if not isinstance(raw, dict) or (key.startswith("_") and not key.startswith("__")):
            continue
        try:
            count += 1
            prefix = f"  [dim][{count}/{size}][/] "
            value = render_variable(env, raw, answers)
            if not no_input and not key.startswith("__"):
                value = read_user_dict(key, value, prompts, prefix)
            answers[key] = value
        except UndefinedError as err:
            raise UndefinedVariableInTemplate(f"Unable to render variable '{key}'", err, context) from err
    return answers


def _choose_nested_template(
    context: dict[str, Any], folder: Path, no_input: bool, env: SandboxedEnvironment
) -> Path:
    """``cookiecutter.prompt.choose_nested_template`` with the sandboxed ``env``."""
    from cookiecutter.prompt import (  # type: ignore[import-untyped,unused-ignore]
        prompt_choice_for_config,
        prompt_choice_for_template,
    )

    variables = context["cookiecutter"]
    prompts = variables.pop("__prompts__", {})
    options = variables.get("templates")
    if options:
        if not isinstance(options, dict) or not all(isinstance(v, dict) for v in options.values()):
            raise TemplateError(
                f"{folder.name}: 'templates' is not a table of templates", "fix cookiecutter.json"
            )
        chosen = options[prompt_choice_for_template("templates", options, no_input)].get("path")
    else:
        choices = variables.get("template", [])
        if not isinstance(choices, list):
            raise TemplateError(
                f"{folder.name}: 'template' is not a list of choices", "fix cookiecutter.json"
            )
        picked = prompt_choice_for_config(OrderedDict(), env, "template", choices, no_input, prompts, "")
        match = re.search(r"\((.+)\)", str(picked))
        chosen = match.group(1) if match else None
    if not isinstance(chosen, str) or not chosen or Path(chosen).is_absolute():
        raise TemplateError(
            f"{folder.name}: illegal nested template path {chosen!r}", "fix cookiecutter.json"
        )
    return (folder.resolve() / chosen).resolve()


def add_private_keys(template: Template, folder: Path, context: dict[str, Any], output_dir: Path) -> None:
    """The private keys ``main.py`` adds before ``generate_files``, so templates and hooks that
    read ``cookiecutter._output_dir`` and the like see the same values as under cookiecutter:
    the final parent folder, not the staging one."""
    answers = context["cookiecutter"]
    answers["_template"] = template.source
    answers["_output_dir"] = str(output_dir)
    answers["_repo_dir"] = str(folder)
    answers["_checkout"] = None


def _run_hook(
    folder: Path, name: str, project: Path, context: dict[str, Any], env: SandboxedEnvironment
) -> None:
    """``cookiecutter.hooks.run_hook``: each of the template's ``name`` hooks, rendered (in the
    sandbox) into a temporary script run from the project folder."""
    from cookiecutter.hooks import find_hook, run_script  # type: ignore[import-untyped,unused-ignore]
    from cookiecutter.utils import work_in  # type: ignore[import-untyped,unused-ignore]

    with work_in(str(folder)):
        scripts = find_hook(name) or []
    for script in scripts:
        rendered = env.from_string(Path(script).read_text(encoding="utf-8")).render(**context)
        handle, temp = tempfile.mkstemp(suffix=os.path.splitext(script)[1], prefix=f"genfile-{name}-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(rendered.encode("utf-8"))
            run_script(temp, str(project))
        finally:
            os.unlink(temp)


def generate_project(
    template: Template, folder: Path, context: dict[str, Any], layout: Layout, staging: Path
) -> Path:
    """Make the project ``layout`` plans in ``staging``, the template's hooks included, as
    ``generate_files`` does; returns the project folder."""
    from cookiecutter.utils import work_in  # type: ignore[import-untyped,unused-ignore]

    env = environment_for(context)
    project = staging / layout.root
    with cookiecutter_errors(template.name):
        try:
            project.mkdir()
            _run_hook(folder, "pre_gen_project", project, context, env)
            with work_in(str(layout.template_dir)):  # as generate_files renders, for templates' extensions
                layout.write(project, context, env)
            _run_hook(folder, "post_gen_project", project, context, env)
        except OSError as exc:
            where = os.path.relpath(exc.filename, staging) if isinstance(exc.filename, str) else layout.root
            raise TemplateError(
                f"template {template.name}: cannot write {where}: {exc.strerror or exc}",
                "check the values used in file names, and the free space",
            ) from exc
    return project
