"""Render a plan into files with the stack's jinja2 templates.

Templates hold no decisions, only loops and conditionals over the plan. Every value that came
from a repository reaches a file through a filter that quotes it for where it lands: JSON for
exec-form instructions, POSIX shell quoting for ``RUN`` lines.
"""

from __future__ import annotations

import functools
import json
import re
import shlex
from collections.abc import Iterable

import jinja2

from genfile import __version__
from genfile.plan import BuildPlan
from genfile.secrets import SECRET_PATTERNS
from genfile.stacks import stacks_dir

_PLAIN_PATH = re.compile(r"^[A-Za-z0-9._/@+-]+$")


def exec_form(argv: Iterable[str]) -> str:
    """A JSON array for ``CMD``/``ENTRYPOINT``: the process gets exactly these arguments."""
    return json.dumps(list(argv), ensure_ascii=False)


def copy_args(sources: Iterable[str], dest: str) -> str:
    """Arguments of a ``COPY``: plain when every path is plain, else the JSON form."""
    paths = [*sources, dest]
    if all(_PLAIN_PATH.fullmatch(p) and not p.startswith("-") for p in paths):
        return " ".join(paths)
    return json.dumps(paths, ensure_ascii=False)


def yaml_string(value: object) -> str:
    """A YAML double-quoted scalar (JSON string syntax is valid YAML): no value can start a
    new key, list item or document, whatever characters it holds. Non-ASCII is escaped
    (``\\ufffe``), since YAML refuses some characters even inside quotes."""
    return json.dumps(str(value), ensure_ascii=True)


def ignore_literal(path: str) -> str:
    """A path as a .dockerignore pattern that matches that path only: glob characters and the
    backslash escaped (a file named ``*`` must not re-include everything)."""
    return re.sub(r"([\\*?\[\]])", r"\\\1", path)


def pinned(image: str, plan: BuildPlan) -> str:
    """The FROM reference of ``image``: with its digest when --pin-digest pinned one."""
    return plan.pinned(image)


@functools.cache
def _environment() -> jinja2.Environment:
    """One environment per process: it caches the compiled templates (compiling them is most
    of a render's cost)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(stacks_dir())),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters["exec_form"] = exec_form
    env.filters["sh"] = shlex.quote
    env.filters["copy_args"] = copy_args
    env.filters["yaml"] = yaml_string
    env.filters["ignore_literal"] = ignore_literal
    env.filters["pinned"] = pinned
    return env


def render(plan: BuildPlan) -> dict[str, str]:
    """File name → content for every file the plan's stack produces."""
    env = _environment()
    context = {
        "plan": plan,
        "details": plan.details,
        "genfile_version": __version__,
        "secret_patterns": SECRET_PATTERNS,
    }
    templates = dict(plan.stack.templates)
    templates["compose.yaml"] = "common/compose.yaml.j2"
    templates["README.Docker.md"] = "common/README.Docker.md.j2"
    files = {}
    for name in plan.files:
        text = env.get_template(templates[name]).render(context)
        files[name] = re.sub(r"\n{3,}", "\n\n", text).lstrip("\n")
    return files
