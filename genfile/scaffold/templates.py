"""Which template ``genfile new`` uses: the bundled ones by name, the user's own by location.

This is the only module that knows where the bundled templates live (``genfile/templates/``,
beside this package, shipped inside the wheel) and how a template's ``cookiecutter.json``
carries genfile's one line of metadata. It resolves a name to a :class:`Template` without
touching cookiecutter, so a typo is reported with the list of names before anything runs.
"""

from __future__ import annotations

import difflib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from genfile.scaffold.errors import TemplateError, UnknownTemplateError

# genfile/templates/, one level above this package (genfile/scaffold/).
TEMPLATES_DIR = Path(__file__).parent.parent / "templates"
CONTEXT_FILE = "cookiecutter.json"
# genfile's own metadata in a template's cookiecutter.json (keys starting with "_" are never
# prompted nor rendered by cookiecutter): {"summary": "one line for `genfile new`"}.
META_KEY = "_genfile"


@dataclass(frozen=True)
class Template:
    """A template ``genfile new`` can use: bundled (by name) or the user's own (by path)."""

    name: str
    source: str  # a folder for bundled and local templates; cookiecutter resolves the rest
    summary: str
    bundled: bool


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
