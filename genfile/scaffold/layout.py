"""Every file and folder a template makes: named, checked against the project folder, then written.

cookiecutter's ``generate_files`` renders each name as it writes it. So a value such as
``../../x`` or ``/tmp/x`` in a folder name was written outside the project (and outside the
staging folder), or ended in a traceback half-way; the project folder's own rendered path was
rendered again for every sub-folder, so a value with ``{{`` in the project's name was rendered
a second time; and everything in the template folder was copied, Python's compiled files
included (pip byte-compiles the installed templates' ``.py`` files, so every installed
template has ``__pycache__`` folders).

So genfile walks the template itself, the way ``generate_files`` does (same order, same
``_copy_without_render`` patterns, binary files copied, the template's newlines and file modes
kept), in two steps: :func:`plan_layout` renders every name once, with the final answers and
the sandboxed environment, and refuses one that would leave the project folder, before
anything is written; :meth:`Layout.write` writes exactly the planned paths, rendering only
the files' contents. ``__pycache__`` folders and ``*.pyc`` files are never part of a template.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from jinja2 import FileSystemLoader
from jinja2.exceptions import UndefinedError
from jinja2.sandbox import SandboxedEnvironment

from genfile.errors import GenfileError
from genfile.scaffold.environment import environment_for, variables_used
from genfile.scaffold.errors import SettingError, TemplateError
from genfile.scaffold.settings import shown

# Python's compiled files: made by whoever ran or installed the template's code, never its own.
COMPILED_FOLDERS = frozenset({"__pycache__"})
COMPILED_SUFFIXES = (".pyc",)
_UNNAMEABLE = re.compile(r"[\x00-\x1f\x7f]")
_NAME_MAX = 255  # bytes in one file or folder name, on every common file system
_PATH_MAX = 3000  # bytes in a path inside the project, leaving room for where it lands (4096)


def shipped(name: str, is_folder: bool) -> bool:
    """Whether a template's file or folder named ``name`` is part of what it generates."""
    if is_folder:
        return name not in COMPILED_FOLDERS
    return not name.endswith(COMPILED_SUFFIXES)


def _ignore_compiled(folder: str, names: list[str]) -> set[str]:
    return {n for n in names if not shipped(n, os.path.isdir(os.path.join(folder, n)))}


Kind = Literal["folder", "file", "copy", "tree"]


@dataclass(frozen=True)
class Entry:
    """One thing to make: ``folder`` (created), ``file`` (rendered, or copied when binary),
    ``copy`` (a ``_copy_without_render`` file) or ``tree`` (a ``_copy_without_render``
    folder, copied whole)."""

    kind: Kind
    source: str  # relative to the template's project folder, as the template spells it
    dest: str  # relative to the generated project folder, normalised, never outside it


@dataclass(frozen=True)
class Layout:
    """What a template makes with the final answers, checked and not yet written."""

    template_dir: Path  # the template's {{cookiecutter.*}} folder
    root: str  # the project folder's name
    entries: tuple[Entry, ...]

    def write(self, project: Path, context: Mapping[str, Any], env: SandboxedEnvironment) -> None:
        """Make every entry under ``project`` (an existing, empty folder)."""
        from binaryornot.check import is_binary  # type: ignore[import-untyped,unused-ignore]
        from cookiecutter.exceptions import UndefinedVariableInTemplate  # type: ignore[import-untyped,unused-ignore]

        env.loader = FileSystemLoader([str(self.template_dir), str(self.template_dir.parent / "templates")])
        newline = context["cookiecutter"].get("_new_lines") or None
        for entry in self.entries:
            source = self.template_dir / entry.source
            dest = project / entry.dest
            if entry.kind == "folder":
                dest.mkdir(parents=True, exist_ok=True)
                continue
            if entry.kind == "tree":
                shutil.copytree(source, dest, ignore=_ignore_compiled, dirs_exist_ok=True)
                continue
            dest.parent.mkdir(parents=True, exist_ok=True)
            if entry.kind == "copy" or is_binary(str(source)):
                shutil.copyfile(source, dest)
                shutil.copymode(source, dest)
                continue
            try:
                text = env.get_template(entry.source.replace(os.sep, "/")).render(**context)
            except UndefinedError as err:
                raise UndefinedVariableInTemplate(
                    f"Unable to create file '{entry.source}'", err, context
                ) from err
            with open(dest, "w", encoding="utf-8", newline=newline or _newline_of(source)) as handle:
                handle.write(text)
            shutil.copymode(source, dest)


def _newline_of(path: Path) -> str | None:
    """The file's first line ending, as ``generate_file`` keeps it (None: the platform's)."""
    with open(path, encoding="utf-8") as handle:
        handle.readline()
        found = handle.newlines
    return found[0] if isinstance(found, tuple) else found


def project_template(folder: Path, env: SandboxedEnvironment) -> Path:
    """The template's project folder: the child whose name renders from ``cookiecutter``
    (``cookiecutter.find.find_template``, in a stable order)."""
    for child in sorted(folder.iterdir()):
        name = child.name
        if "cookiecutter" in name and env.variable_start_string in name and env.variable_end_string in name:
            return child
    raise TemplateError(
        f"{folder.name}: no {{{{cookiecutter.*}}}} folder in the template",
        "a cookiecutter template holds its project in a folder named like {{cookiecutter.project_slug}}",
    )


def plan_layout(label: str, folder: Path, context: Mapping[str, Any]) -> Layout:
    """Render every name the template makes with the final ``context`` and check that each
    stays inside the project folder; nothing is written."""
    from cookiecutter.exceptions import UndefinedVariableInTemplate  # type: ignore[import-untyped,unused-ignore]
    from cookiecutter.generate import is_copy_only_path  # type: ignore[import-untyped,unused-ignore]

    env = environment_for(context)
    template_dir = project_template(folder, env)

    def place(source: str, what: str, single: bool = False) -> str:
        try:
            rendered = str(env.from_string(source).render(**context))
        except UndefinedError as err:
            raise UndefinedVariableInTemplate(f"Unable to create {what} '{source}'", err, context) from err
        problem = _problem(rendered, single)
        if problem:
            raise _refusal(label, env, context, source, rendered, problem, single)
        return os.path.normpath(rendered)

    root = place(template_dir.name, "project directory", single=True)
    entries: list[Entry] = []
    folders = {os.curdir}  # planned so far, relative to the project
    for current, dirs, files in os.walk(template_dir):
        here = os.path.relpath(current, template_dir)
        kept = sorted(d for d in dirs if shipped(d, True))
        dirs[:] = [d for d in kept if not is_copy_only_path(os.path.normpath(os.path.join(here, d)), context)]
        for name in kept:
            source = os.path.normpath(os.path.join(here, name))
            dest = place(source, "directory")
            if dest in folders:
                raise TemplateError(
                    f"template {label}: the folder {source!r} renders to {dest!r}, a folder it already makes",
                    "fix the template's folder names",
                )
            folders.add(dest)
            entries.append(Entry("folder" if name in dirs else "tree", source, dest))
        for name in sorted(files):
            if not shipped(name, False):
                continue
            source = os.path.normpath(os.path.join(here, name))
            dest = place(source, "file")
            if dest in folders:  # the name rendered empty: cookiecutter skips the file too
                continue
            entries.append(Entry("copy" if is_copy_only_path(source, context) else "file", source, dest))
    return Layout(template_dir, root, tuple(entries))


def _leaves(rendered: str) -> bool:
    """Whether a path the template renders, taken from the project folder, ends outside it."""
    if os.path.isabs(rendered) or os.path.splitdrive(rendered)[0] or rendered.startswith(("/", os.sep)):
        return True
    normal = os.path.normpath(rendered)
    return normal == os.pardir or normal.startswith(os.pardir + os.sep)


def _problem(rendered: str, single: bool) -> str | None:
    """Why ``rendered`` cannot name a path in the project (``single``: the project folder
    itself, one plain name), or None."""
    if _UNNAMEABLE.search(rendered):
        return "a control character"
    try:
        encoded = os.fsencode(rendered)
    except UnicodeEncodeError:
        return "not valid text"
    separators = {"/", os.sep, os.altsep or "/"}
    parts = re.split(f"[{re.escape(''.join(separators))}]", rendered)
    if any(len(os.fsencode(part)) > _NAME_MAX for part in parts):
        return f"a name longer than {_NAME_MAX} bytes"
    if len(encoded) > _PATH_MAX:
        return f"a path longer than {_PATH_MAX} bytes"
    if _leaves(rendered):
        return "outside"
    if single and (not rendered.strip() or rendered in (os.curdir, os.pardir) or separators & set(rendered)):
        return "not one name"
    return None


def _refusal(
    label: str,
    env: SandboxedEnvironment,
    context: Mapping[str, Any],
    source: str,
    rendered: str,
    problem: str,
    single: bool,
) -> GenfileError:
    """One line naming the variable, and its value, that makes ``source`` unusable."""
    if single:
        outcome, fix = "cannot name the project folder", "use one folder name: no '/', no '..', not empty"
    elif problem == "outside":
        outcome = f"would put {source!r} outside the project folder"
        fix = "a value used in a file or folder name must stay inside the project: no leading /, no '..'"
    else:
        outcome = f"cannot be part of a file or folder name ({problem})"
        fix = f"use printable text, at most {_NAME_MAX} bytes per name"
    answers = context["cookiecutter"]
    used = [name for name in variables_used(env, source) if name in answers]
    culprit = next((name for name in used if _problem(str(answers[name]), single)), used[0] if used else None)
    if culprit is None:
        return TemplateError(
            f"template {label}: {source!r} renders to {shown(rendered, 240)}, which {outcome}",
            "fix the template's file and folder names",
        )
    return SettingError(f"{culprit}: {shown(str(answers[culprit]), 240)} {outcome}", fix)
