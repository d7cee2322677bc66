"""The values a template is given, checked before a single file is written.

``--set KEY=VALUE`` flags are parsed here and held against the template's variables (a key
cookiecutter does not know would otherwise be silently ignored); the final answers, typed or
defaulted, are checked here too, so a bad port or a slug that cannot name a folder is a
one-line error instead of a half-generated project. A value the user gives is checked as it
is, before anything is rendered, and stays literal text (it is never a template).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from typing import Any

from genfile import validate
from genfile.scaffold.errors import SettingError

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


def check_settings(settings: Mapping[str, str], variables: Mapping[str, Any], label: str) -> None:
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


def shown(text: str, limit: int = 60) -> str:
    """A value as an error line quotes it: repr, cut short when longer than ``limit``."""
    return repr(text if len(text) <= limit else text[: limit - 3] + "...")


def check_value(key: str, value: Any, bundled: bool) -> None:
    """Check one answer (see :data:`_BUNDLED_RULES`): the same rules whether it came from
    ``--set``, a prompt or the template's default."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise SettingError(f"{key}: {shown(value)} is not valid text", "use UTF-8 text") from None
    if key == "port":
        validate.port(value, "port")
    if key == "project_slug" and isinstance(value, str):
        slug = value
        if not slug.strip() or slug in (".", "..") or "/" in slug or "\\" in slug or _CONTROL.search(slug):
            raise SettingError(
                f"project_slug: {shown(slug)} cannot name a folder", "use letters, digits and hyphens"
            )
    if not bundled or key not in _BUNDLED_RULES or value is None:
        return
    pattern, fix, limit = _BUNDLED_RULES[key]
    text = str(value)
    if not text.strip() or len(text) > limit or not pattern.fullmatch(text):
        raise SettingError(f"{key}: {shown(text)} cannot be used", f"{fix}; at most {limit} characters")


def check_values(values: Mapping[str, Any], bundled: bool) -> None:
    """Check the values the user gave (``--set``, the target folder's name as the project
    name) before anything is rendered: they are literal text, whatever they contain."""
    for key, value in values.items():
        check_value(key, value, bundled)


def check_answers(context: Mapping[str, Any], bundled: bool) -> None:
    """Check the final answers before anything is written; cookiecutter's private keys
    (``_template``, ``_output_dir``...) are not answers."""
    for key, value in context.items():
        if not key.startswith("_") or key.startswith("__"):
            check_value(key, value, bundled)
