"""The Jinja2 environment every template is rendered with: cookiecutter's, in a sandbox.

cookiecutter renders with ``StrictEnvironment`` (``cookiecutter/environment.py``): undefined
variables are errors, and its extensions (``slugify``, ``jsonify``, ``{% now %}``,
``random_ascii_string``, ``uuid4``, plus the template's own ``_extensions``) are loaded. That
environment evaluates whatever an expression asks for, so
``{{ cycler.__init__.__globals__.os }}`` reaches the operating system. genfile's environment
is the same class on top of :class:`jinja2.sandbox.SandboxedEnvironment`, which refuses
private and dunder attributes and unsafe callables; what templates legitimately do with their
variables (filters, string methods, loops, ``cookiecutter._output_dir``) renders the same.

cookiecutter's own rendering calls (``prompt_for_config``, ``choose_nested_template``,
``generate_files``, the hook runner) each build a ``StrictEnvironment`` and take no other, so
genfile drives the lower-level steps that do take one (``render_variable``,
``prompt_choice_for_config``) and renders names, files and hooks itself (see
:mod:`~genfile.scaffold.cookiecutter_run` and :mod:`~genfile.scaffold.layout`). A value the
user gives is never compiled by it at all: it is data (see
:func:`~genfile.scaffold.cookiecutter_run.collect_answers`).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

from jinja2 import StrictUndefined, nodes
from jinja2.sandbox import SandboxedEnvironment


@functools.cache
def _environment_class() -> type[SandboxedEnvironment]:
    """cookiecutter's ``StrictEnvironment`` (same extensions, same strict undefined), sandboxed.

    Built on first use: importing cookiecutter costs the CLI's other commands time for nothing.
    """
    from cookiecutter.environment import ExtensionLoaderMixin  # type: ignore[import-untyped,unused-ignore]

    class SandboxedTemplateEnvironment(ExtensionLoaderMixin, SandboxedEnvironment):  # type: ignore[misc]
        def __init__(self, **kwargs: Any) -> None:
            super().__init__(undefined=StrictUndefined, **kwargs)

    return SandboxedTemplateEnvironment


def environment_for(context: Mapping[str, Any]) -> SandboxedEnvironment:
    """The environment for ``context``, configured as ``cookiecutter.utils.create_env_with_context``
    configures it (``_extensions``, ``_jinja2_env_vars``, trailing newlines kept)."""
    options = dict(context.get("cookiecutter", {}).get("_jinja2_env_vars", {}) or {})
    options.setdefault("keep_trailing_newline", True)
    return _environment_class()(context=dict(context), **options)


def variables_used(env: SandboxedEnvironment, source: str) -> list[str]:
    """The ``cookiecutter.*`` variables a template string reads, in order (for error messages)."""
    try:
        tree = env.parse(source)
    except Exception:  # noqa: BLE001 - only words an error message; a broken name says nothing
        return []
    names: list[str] = []
    for node in tree.find_all((nodes.Getattr, nodes.Getitem)):
        if isinstance(node, nodes.Getattr):
            inner, name = node.node, node.attr
        elif isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
            inner, name = node.node, node.arg.value
        else:
            continue
        if isinstance(inner, nodes.Name) and inner.name == "cookiecutter" and isinstance(name, str):
            names.append(name)
    return list(dict.fromkeys(names))
