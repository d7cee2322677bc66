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

Modules, one step each:

- :mod:`~genfile.scaffold.templates` finds the template (bundled by name, or a location);
- :mod:`~genfile.scaffold.settings` parses ``--set`` and checks the answers before writing;
- :mod:`~genfile.scaffold.cookiecutter_run` runs cookiecutter's own steps one by one (and
  says why genfile does not call ``cookiecutter.main.cookiecutter``); a value the user gives
  is literal text there, never a template;
- :mod:`~genfile.scaffold.environment` is the sandboxed Jinja2 environment templates render in;
- :mod:`~genfile.scaffold.layout` names every file and folder the template makes, refuses one
  that would leave the project before anything is written, then writes them (compiled
  Python, ``__pycache__`` and ``*.pyc``, is never part of a template);
- :mod:`~genfile.scaffold.target` guards the target folder and owns the staging folder;
- :mod:`~genfile.scaffold.container` writes the container files, as ``genfile init --yes``;
- :mod:`~genfile.scaffold.pipeline` is :func:`scaffold`, the steps above in order;
- :mod:`~genfile.scaffold.command` is the command line (:func:`register`, :func:`run`);
- :mod:`~genfile.scaffold.errors` holds the errors they raise.
"""

from __future__ import annotations

from genfile.scaffold.command import register, run
from genfile.scaffold.errors import (
    ContainerSetupError,
    SettingError,
    TargetExistsError,
    TemplateError,
    UnknownTemplateError,
)
from genfile.scaffold.pipeline import Scaffolded, scaffold
from genfile.scaffold.settings import parse_settings
from genfile.scaffold.target import STAGING_PREFIX
from genfile.scaffold.templates import (
    CONTEXT_FILE,
    META_KEY,
    TEMPLATES_DIR,
    Template,
    bundled_templates,
    find_template,
)

__all__ = [
    "CONTEXT_FILE",
    "META_KEY",
    "STAGING_PREFIX",
    "TEMPLATES_DIR",
    "ContainerSetupError",
    "Scaffolded",
    "SettingError",
    "TargetExistsError",
    "Template",
    "TemplateError",
    "UnknownTemplateError",
    "bundled_templates",
    "find_template",
    "parse_settings",
    "register",
    "run",
    "scaffold",
]
