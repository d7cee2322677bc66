"""``genfile new``: scaffold a service from a cookiecutter template, container-ready from line one.

The templates are plain cookiecutter templates (``genfile/templates/<name>/``, shipped inside
the package); a user's own template folder works the same way. Whatever the template, the
container files are never copied from it: once the project exists, the same detect → plan →
render → write pipeline as ``genfile init`` runs on the fresh tree, so a new project and an
old one get the same Dockerfile for the same facts, and ``genfile init --yes`` on the new
project later finds nothing to change.

All or nothing: the project is generated in a hidden staging folder next to the target and
moved into place only once it (and its container files) exist, so a failing template, a bad
answer or Ctrl-C leaves nothing behind. An existing, non-empty target is never written into
without ``--force``.

genfile drives cookiecutter's own steps (context, prompts, hooks, generation) instead of
calling ``cookiecutter.main.cookiecutter``: that is what lets it check the answers before
anything is written, default the project name to the target folder, and keep cookiecutter
from writing replay files outside the target.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import difflib
import filecmp
import json
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from genfile import console, generate, validate
from genfile.answers import Answers
from genfile.errors import ChoiceError, ExistingFileError, GenfileError
from genfile.plan import DEFAULT_FILES, BuildPlan
from genfile.write import Written

TEMPLATES_DIR = Path(__file__).parent / "templates"
CONTEXT_FILE = "cookiecutter.json"
# genfile's own metadata in a template's cookiecutter.json (keys starting with "_" are never
# prompted nor rendered by cookiecutter): {"summary": "one line for `genfile new`"}.
META_KEY = "_genfile"
STAGING_PREFIX = ".genfile-new-"

# What the bundled templates need from their answers: each value lands in code, JSON, TOML,
# a Go module line, a folder and an image name, so it is checked before anything is written
# (a quote in a description would otherwise break package.json). Users' own templates are
# only held to the generic checks below, since genfile cannot know where their values go.
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_TEXT = re.compile(r'^[^"\\\x00-\x1f\x7f]+$')
_GO_MODULE = re.compile(r"^[a-z0-9][a-z0-9.-]*(?:/[A-Za-z0-9][A-Za-z0-9._~-]*)*$")
_BUNDLED_RULES: dict[str, tuple[re.Pattern[str], str, int]] = {
    "project_slug": (
        _SLUG,
        "use lowercase letters, digits and single hyphens (it names the folder, package and image)",
        64,
    ),
    "project_name": (_TEXT, "use text without double quotes, backslashes or control characters", 100),
    "description": (_TEXT, "use text without double quotes, backslashes or control characters", 200),
    "module_path": (_GO_MODULE, "use a Go module path such as example.com/billing-api", 200),
}
_SETTING_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class UnknownTemplateError(ChoiceError):
    """``genfile new NAME`` with a name that is neither a bundled template nor a path."""


class TemplateError(GenfileError):
    """A template that cannot be used or fails while generating (bad cookiecutter.json, an
    undefined variable, a failing hook)."""


class SettingError(ChoiceError):
    """A ``--set`` or a prompted answer the template cannot take."""


class TargetExistsError(ExistingFileError):
    """The target folder exists and is not empty, and ``--force`` was not given."""


class ContainerSetupError(GenfileError):
    """The generated project is not one genfile can write container files for."""


@dataclass(frozen=True)
class Template:
    """A template ``genfile new`` can use: bundled (by name) or the user's own (by path)."""

    name: str
    source: str  # a folder for bundled and local templates; cookiecutter resolves the rest
    summary: str
    bundled: bool


@dataclass(frozen=True)
class Scaffolded:
    """What ``genfile new`` made: the folder, the answers, and the container setup."""

    path: Path
    context: dict[str, Any]
    plan: BuildPlan | None  # None with --no-container
    written: tuple[Written, ...]  # container files and genfile.toml, at their final paths
    notes: tuple[str, ...]


# --- templates ----------------------------------------------------------------------------


def _summary(folder: Path) -> str:
    try:
        data = json.loads((folder / CONTEXT_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""
    meta = data.get(META_KEY) if isinstance(data, dict) else None
    summary = meta.get("summary") if isinstance(meta, dict) else None
    return summary if isinstance(summary, str) else ""


def bundled_templates() -> tuple[Template, ...]:
    """The templates shipped with genfile, by name."""
    if not TEMPLATES_DIR.is_dir():
        return ()
    return tuple(
        Template(folder.name, str(folder), _summary(folder), True)
        for folder in sorted(TEMPLATES_DIR.iterdir())
        if (folder / CONTEXT_FILE).is_file()
    )


def _looks_like_location(spec: str) -> bool:
    """A path, a URL or a cookiecutter abbreviation (``gh:owner/repo``), not a template name."""
    return (
        "/" in spec
        or os.sep in spec
        or spec.startswith((".", "~"))
        or spec.endswith(".zip")
        or bool(re.match(r"^[a-z][a-z0-9+.-]*:", spec))  # https:, git+ssh:, gh:, file:
        or spec.startswith("git@")
    )


def find_template(spec: str) -> Template:
    """The template ``spec`` names: a bundled one first, then a location cookiecutter knows.

    A bare word is only ever a bundled name (a folder of the same name is ``./name``), so a
    typo is reported with the list instead of being taken for a missing folder.
    """
    known = bundled_templates()
    for template in known:
        if template.name == spec:
            return template
    if _looks_like_location(spec):
        folder = Path(spec).expanduser()
        if folder.is_dir():
            if not (folder / CONTEXT_FILE).is_file():
                raise TemplateError(
                    f"{spec}: not a cookiecutter template (no {CONTEXT_FILE})",
                    "give the folder that holds cookiecutter.json",
                )
            return Template(folder.name, str(folder.resolve()), _summary(folder), False)
        if not re.match(r"^[a-z][a-z0-9+.-]*:|^git@", spec) and not spec.endswith(".zip"):
            raise TemplateError(f"{spec}: no such folder", "give the path of a cookiecutter template folder")
        return Template(spec, spec, "", False)  # a URL or zip: cookiecutter fetches it
    names = [t.name for t in known]
    close = difflib.get_close_matches(spec, names, n=1)
    hint = f"did you mean {close[0]}? " if close else ""
    raise UnknownTemplateError(
        f"unknown template {spec!r}",
        f"{hint}choose one of {', '.join(names)}, or give the path of a cookiecutter template "
        "folder (genfile new ./my-template)",
    )


# --- answers ------------------------------------------------------------------------------


def parse_settings(items: Sequence[str]) -> dict[str, str]:
    """``--set KEY=VALUE`` flags as a dict (the last one wins, as with any repeated flag)."""
    settings: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or not _SETTING_KEY.fullmatch(key):
            raise SettingError(f"--set {item!r}: expected KEY=VALUE", "e.g. --set project_name='Billing API'")
        settings[key] = value
    return settings


def _check_settings(settings: Mapping[str, str], variables: Mapping[str, Any], label: str) -> None:
    """Refuse a --set the template does not know: cookiecutter would silently ignore it."""
    settable = [k for k in variables if (not k.startswith("_") or k.startswith("__")) and k != "__prompts__"]
    for key in settings:
        if key not in settable:
            close = difflib.get_close_matches(key, settable, n=1)
            hint = f"did you mean {close[0]}? " if close else ""
            raise SettingError(
                f"--set {key}: template {label} has no variable {key!r}",
                f"{hint}it has {', '.join(k for k in settable if not k.startswith('__'))}",
            )


def _validate(context: Mapping[str, Any], bundled: bool) -> None:
    """Check the final answers before anything is written (see :data:`_BUNDLED_RULES`)."""
    if "port" in context:
        validate.port(context["port"], "port")
    slug = context.get("project_slug")
    if isinstance(slug, str) and (
        not slug.strip() or slug in (".", "..") or "/" in slug or "\\" in slug or _CONTROL.search(slug)
    ):
        raise SettingError(f"project_slug: {slug!r} cannot name a folder", "use letters, digits and hyphens")
    if not bundled:
        return
    for key, (pattern, fix, limit) in _BUNDLED_RULES.items():
        value = context.get(key)
        if value is None:
            continue
        text = str(value)
        if not text.strip() or len(text) > limit or not pattern.fullmatch(text):
            shown = text if len(text) <= 60 else text[:57] + "..."
            raise SettingError(f"{key}: {shown!r} cannot be used", f"{fix}; at most {limit} characters")


# --- cookiecutter -------------------------------------------------------------------------


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
def _cookiecutter_errors(label: str) -> Iterator[None]:
    """Turn cookiecutter's exceptions (and the ValueErrors it raises for bad choices) into
    one-line genfile errors."""
    from cookiecutter.exceptions import CookiecutterException  # type: ignore[import-untyped]

    try:
        yield
    except CookiecutterException as exc:
        raise TemplateError(f"template {label}: {_one_line(exc)}", "fix the template or its answers") from exc
    except ValueError as exc:
        raise SettingError(f"template {label}: {_one_line(exc)}", "check the --set values") from exc


@contextlib.contextmanager
def _template_folder(template: Template, config: dict[str, Any], no_input: bool) -> Iterator[Path]:
    """The template's folder for the duration of the run: fetched or unzipped by cookiecutter
    when it is remote, copied when it has a pre_prompt hook, importable for its ``_extensions``
    (as ``cookiecutter`` itself does), and cleaned up afterwards."""
    from cookiecutter.hooks import run_pre_prompt_hook  # type: ignore[import-untyped]
    from cookiecutter.repository import determine_repo_dir  # type: ignore[import-untyped]
    from cookiecutter.utils import rmtree  # type: ignore[import-untyped]

    with _cookiecutter_errors(template.name):
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


def _user_config() -> dict[str, Any]:
    """cookiecutter's user configuration (~/.cookiecutterrc or $COOKIECUTTER_CONFIG): its
    default_context pre-fills answers (your name, your email) as it does for cookiecutter."""
    from cookiecutter.config import get_user_config  # type: ignore[import-untyped]

    with _cookiecutter_errors("configuration"):
        config: dict[str, Any] = get_user_config()
    return config


def _answers(
    template: Template,
    folder: Path,
    config: dict[str, Any],
    settings: Mapping[str, str],
    default_name: str | None,
    no_input: bool,
) -> tuple[Path, dict[str, Any]]:
    """The template folder to render (a nested template may be chosen) and its full context."""
    from cookiecutter.generate import generate_context  # type: ignore[import-untyped]
    from cookiecutter.prompt import (  # type: ignore[import-untyped]
        choose_nested_template,
        prompt_for_config,
    )

    with _cookiecutter_errors(template.name):
        while True:
            raw = generate_context(context_file=str(folder / CONTEXT_FILE), default_context=None)
            variables = raw["cookiecutter"]
            _check_settings(settings, variables, template.name)
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


def _generate(template: Template, folder: Path, context: dict[str, Any], staging: Path) -> Path:
    """Render the template into ``staging`` (hooks included); returns the project folder."""
    from cookiecutter.generate import generate_files  # type: ignore[import-untyped,unused-ignore]

    with _cookiecutter_errors(template.name):
        made = generate_files(
            repo_dir=str(folder), context=context, output_dir=str(staging), accept_hooks=True
        )
    return Path(str(made))


# --- the target folder --------------------------------------------------------------------


def _is_empty_dir(path: Path) -> bool:
    return path.is_dir() and not any(path.iterdir())


def _check_target(target: Path, shown: str, force: bool) -> None:
    if target.exists() and not target.is_dir():
        raise TargetExistsError(f"{shown} exists and is not a folder", "choose another folder")
    if target.is_dir() and not _is_empty_dir(target) and not force:
        raise TargetExistsError(
            f"{shown} already exists and is not empty",
            "choose another folder, or rerun with --force to write into it (replaced files keep a .bak copy)",
        )


def _make_parents(folder: Path) -> list[Path]:
    """Create ``folder`` and its missing parents; returns the ones created (deepest last)."""
    missing: list[Path] = []
    current = folder
    while not current.exists():
        missing.append(current)
        current = current.parent
    folder.mkdir(parents=True, exist_ok=True)
    return list(reversed(missing))


def _merge(source: Path, target: Path) -> None:
    """Move the generated tree into an existing folder (empty, or with --force): a file that
    differs from the one it replaces leaves a ``.bak`` copy, as ``genfile init --force`` does.
    Every clash between a file and a folder is found before anything moves."""
    folders: list[Path] = []
    pairs: list[tuple[Path, Path]] = []
    for root, dirs, files in os.walk(source):
        rel = Path(root).relative_to(source)
        for name in dirs:
            dest = target / rel / name
            if dest.exists() and not dest.is_dir():
                raise TargetExistsError(f"{dest} is a file where the template has a folder", "move it away")
            folders.append(dest)
        for name in files:
            dest = target / rel / name
            if dest.is_dir():
                raise TargetExistsError(f"{dest} is a folder where the template has a file", "move it away")
            pairs.append((Path(root) / name, dest))
    for folder in folders:  # empty ones included
        folder.mkdir(parents=True, exist_ok=True)
    for src, dest in pairs:
        if dest.exists() or dest.is_symlink():
            if dest.is_file() and filecmp.cmp(src, dest, shallow=False):
                continue
            shutil.copy2(dest, dest.with_name(dest.name + ".bak"), follow_symlinks=False)
        os.replace(src, dest)


# --- container setup ----------------------------------------------------------------------


def _container_setup(
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


# --- genfile new --------------------------------------------------------------------------


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
        _check_target(target, str(directory), force)  # before any question is asked
    config = _user_config()
    parent = target.parent if target is not None else base
    with _template_folder(template, config, no_input) as folder:
        folder, context = _answers(
            template, folder, config, settings, target.name if target else None, no_input
        )
        answers = context["cookiecutter"]
        _validate(answers, template.bundled)
        created: list[Path] = []
        staging: Path | None = None
        try:
            created = _make_parents(parent)
            staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=parent))
            answers["_template"] = template.source
            answers["_output_dir"] = str(parent)
            answers["_repo_dir"] = str(folder)
            answers["_checkout"] = None
            project = _generate(template, folder, context, staging)
            final = target if target is not None else parent / project.name
            shown = str(directory) if directory is not None else os.path.relpath(final, base)
            _check_target(final, shown, force)
            if project.name != final.name:
                # Detection names an undeclared project after its folder: use the final name.
                project = project.rename(staging / final.name)
            plan: BuildPlan | None = None
            written: list[Written] = []
            notes: list[str] = []
            if container:
                plan, written, notes = _container_setup(project, shown, answers, stack, compose)
            if final.exists():
                _merge(project, final)
            else:
                project.rename(final)
        except BaseException:
            if staging is not None:
                shutil.rmtree(staging, ignore_errors=True)
            for folder_made in reversed(created):  # deepest first; rmdir keeps anything non-empty
                with contextlib.suppress(OSError):
                    folder_made.rmdir()
            raise
        shutil.rmtree(staging, ignore_errors=True)
    moved = tuple(
        dataclasses.replace(
            item,
            path=final / item.path.relative_to(project),
            backup=final / item.backup.relative_to(project) if item.backup else None,
        )
        for item in written
    )
    return Scaffolded(final, dict(answers), plan, moved, tuple(dict.fromkeys(notes)))


# --- command line -------------------------------------------------------------------------


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``genfile new`` to the CLI's subcommands."""
    names = ", ".join(sorted(p.parent.name for p in TEMPLATES_DIR.glob(f"*/{CONTEXT_FILE}")))
    new = subparsers.add_parser(
        "new",
        help="scaffold a new service from a template, with its container setup",
        description=(
            "Scaffold a new service from a cookiecutter template (bundled, or your own folder), "
            "then write its Dockerfile and .dockerignore as `genfile init` would. "
            "Without TEMPLATE, list the bundled templates."
        ),
        epilog=f"bundled templates: {names}" if names else None,
    )
    new.add_argument(
        "template",
        nargs="?",
        metavar="TEMPLATE",
        help="a bundled template name, or the path of a cookiecutter template folder",
    )
    new.add_argument(
        "directory",
        nargs="?",
        metavar="DIR",
        help="folder to create (default: ./<project_slug>); its name is the default project name",
    )
    new.add_argument(
        "--no-input",
        action="store_true",
        help="ask nothing: the template's defaults and the --set values",
    )
    new.add_argument(
        "--set",
        dest="settings",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a template variable, e.g. --set project_name='Billing API' --set port=9000 (repeatable)",
    )
    new.add_argument(
        "--force",
        action="store_true",
        help="write into an existing, non-empty DIR (replaced files keep a .bak copy)",
    )
    new.add_argument("--stack", help="stack for the container files (see `genfile stacks`)")
    new.add_argument("--compose", action="store_true", help="also write compose.yaml")
    new.add_argument(
        "--no-container",
        action="store_true",
        help="scaffold only: write no Dockerfile or .dockerignore",
    )
    new.set_defaults(handler=run)


def _list() -> int:
    templates = bundled_templates()
    width = max((len(t.name) for t in templates), default=0) + 2
    for template in templates:
        print(f"{template.name:<{width}}{template.summary}")
    print()
    print("Scaffold one with: genfile new TEMPLATE [DIR]  (your own cookiecutter template: genfile new PATH)")
    return 0


def run(args: argparse.Namespace) -> int:
    """The ``genfile new`` handler: list the templates, or scaffold one."""
    if args.template is None:
        return _list()
    if args.no_container and (args.stack or args.compose):
        raise ChoiceError("--no-container writes no container files", "drop --stack/--compose")
    # Prompts need a person at a terminal; anywhere else (CI, a pipe) nothing is asked.
    no_input = args.no_input or not sys.stdin.isatty()
    result = scaffold(
        args.template,
        args.directory,
        settings=parse_settings(args.settings),
        no_input=no_input,
        force=args.force,
        container=not args.no_container,
        stack=args.stack,
        compose=args.compose,
    )
    shown = os.path.relpath(result.path)
    print(f"created: {shown}{os.sep} (from {args.template})")
    for line in console.written_lines(result.written, show=os.path.relpath):
        print(line)
    for note in result.notes:
        print(f"note: {note}")
    if result.plan is not None:
        if shown != os.curdir:
            print(f"next: cd {shown}")
        for step in console.next_steps(result.plan, Path("."), Path(".")):
            print(f"next: {step}")
    return 0
