"""Django: the settings module production uses, and what those settings ask of the image.

The settings module is read where a project states it for production, strongest first: an
assignment on the Procfile/render.yaml start line, ``wsgi.py``/``asgi.py`` (what the server
imports) when it names a module of its own, ``.env.example``, then ``manage.py``. The settings
(and the modules they star-import, ``from .base import *``) say whether static files are
collected (``STATIC_ROOT``, WhiteNoise's manifest storage: then ``collectstatic`` runs in the
build, or ``{% static %}`` pages fail with a 500), which environment variable holds
``SECRET_KEY`` and which ones the settings require with no default (the build step gets
throw-away values for those alone, never the image's environment), and where the app writes
(``MEDIA_ROOT``, a SQLite file).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from genfile.detectors.python import code
from genfile.evidence import Evidence
from genfile.repo import Repo

_SETTINGS = re.compile(r"DJANGO_SETTINGS_MODULE[\"']?\s*[,=:]\s*[\"']?([A-Za-z_][\w.]{0,120})")
_STAR = re.compile(r"^from\s+(\.{0,2}[\w.]{0,120})\s+import\s+\*", re.M)
# SECRET_KEY = os.environ["X"] / os.getenv("X") / env("X") / config("X") / env.str("X")
_SECRET = re.compile(
    r"^SECRET_KEY\s*=\s*(?:os\.environ(?:\.get)?|os\.getenv|env(?:\.str)?|config|getenv)\s*[\[(]\s*[\"'](\w{1,60})[\"']",
    re.M,
)
# A required variable: os.environ["X"], env("X") / config("X") with no default.
_REQUIRED = (
    re.compile(r"os\.environ\[\s*[\"'](\w{1,60})[\"']\s*\]"),
    re.compile(r"(?<![\w.])(?:env|config)(?:\.\w{1,10})?\(\s*[\"'](\w{1,60})[\"']\s*\)"),
    re.compile(r"(?<![\w.])env\.db\(\s*(?:[\"'](\w{1,60})[\"'])?\s*\)"),
)
_STATIC_ROOT = re.compile(r"^\s*STATIC_ROOT\s*=\s*(.{1,200})$", re.M)
_MANIFEST = re.compile(r"whitenoise\.storage\.\w*Manifest\w*|ManifestStaticFilesStorage")
_MEDIA_ROOT = re.compile(r"^\s*MEDIA_ROOT\s*=\s*(.{1,200})$", re.M)
_SQLITE_NAME = re.compile(r"[\"']NAME[\"']\s*:\s*(.{1,200}?)\s*,?\s*$", re.M)
_UNDER_BASE = re.compile(
    r"""^(?:BASE_DIR|PROJECT_ROOT|ROOT_DIR)\s*/\s*[\"']([\w.-]{1,80})[\"']"""
    r"""|os\.path\.join\(\s*(?:BASE_DIR|PROJECT_ROOT)\s*,\s*[\"']([\w.-]{1,80})[\"']"""
)


@dataclass(frozen=True)
class Settings:
    module: str  # dotted path
    evidence: Evidence  # where the module was named
    files: tuple[str, ...]  # the settings file and what it star-imports
    static_root: Evidence | None  # collectstatic has somewhere to write
    manifest: Evidence | None  # WhiteNoise / manifest storage: pages 500 without collectstatic
    secret_var: str | None  # the variable SECRET_KEY is read from
    secret_evidence: Evidence | None
    required: tuple[tuple[str, Evidence], ...]  # variables read with no default
    media: tuple[str, Evidence] | None  # MEDIA_ROOT folder below the project (relative)
    sqlite: tuple[str, Evidence] | None  # folder of a SQLite database below the project ("" = top)


def settings_module(
    repo: Repo, manage: str, stated: tuple[str, Evidence] | None
) -> tuple[str, Evidence] | None:
    """The production settings module and where it is named."""
    if stated:
        return stated
    folder = manage.rpartition("/")[0]
    prefix = f"{folder}/" if folder else ""
    manage_text = code.text(repo, manage)
    m = _SETTINGS.search(manage_text)
    default = m[1] if m else None
    package = default.split(".")[0] if default else None

    def named(rels: list[str]) -> tuple[str, Evidence] | None:
        for rel in rels:
            source = code.text(repo, rel) if repo.is_file(rel) else ""
            found = _SETTINGS.search(source)
            if found and _file(repo, prefix, found[1]):
                return found[1], Evidence(rel, code.line_of(source, found.start()), f"settings {found[1]}")
        return None

    served = named([f"{prefix}{package}/wsgi.py", f"{prefix}{package}/asgi.py"] if package else [])
    example = named(
        [f"{prefix}{n}" for n in (".env.example", ".env.sample", ".env.template", "env.example")]
        + ([".env.example", ".env.sample"] if prefix else [])
    )
    # wsgi.py naming its own module (not manage.py's) is the production choice; when it only
    # repeats manage.py's default, the environment file's module is the one deployments set.
    if served and served[0] != default:
        return served
    if example:
        return example
    if served:
        return served
    if m and default:
        return default, Evidence(manage, code.line_of(manage_text, m.start()), f"settings {default}")
    return None


def _file(repo: Repo, prefix: str, module: str) -> str | None:
    path = prefix + module.replace(".", "/")
    return next((c for c in (f"{path}.py", f"{path}/__init__.py") if repo.is_file(c)), None)


def _below_base(expr: str) -> str | None:
    m = _UNDER_BASE.search(expr.strip())
    return (m[1] or m[2]) if m else None


def read(repo: Repo, manage: str, module: str, evidence: Evidence) -> Settings:
    folder = manage.rpartition("/")[0]
    prefix = f"{folder}/" if folder else ""
    first = _file(repo, prefix, module)
    files: list[str] = []
    todo = [first] if first else []
    while todo and len(files) < 6:
        rel = todo.pop(0)
        if rel in files:
            continue
        files.append(rel)
        for m in _STAR.finditer(code.text(repo, rel)):
            target = code.file_of(repo, m[1], rel) if m[1].startswith(".") else _file(repo, prefix, m[1])
            if target:
                todo.append(target)
    static_root = manifest = secret_ev = media = sqlite = None
    secret_var = None
    required: dict[str, Evidence] = {}
    for rel in files:
        source = code.text(repo, rel)

        def ev(m: re.Match[str], rel: str = rel, source: str = source) -> Evidence:
            return Evidence(rel, code.line_of(source, m.start()), m[0].strip()[:80])

        found: re.Match[str] | None
        if static_root is None and (found := _STATIC_ROOT.search(source)) and "None" not in found[1]:
            static_root = ev(found)
        if manifest is None and (found := _MANIFEST.search(source)):
            manifest = ev(found)
        if secret_var is None and (found := _SECRET.search(source)):
            secret_var, secret_ev = found[1], ev(found)
        for rx in _REQUIRED:
            for m in rx.finditer(source):
                name = m[1] if m.lastindex and m[1] else "DATABASE_URL"
                required.setdefault(name, ev(m))
        if media is None and (found := _MEDIA_ROOT.search(source)) and (sub := _below_base(found[1])):
            media = (sub, ev(found))
        if sqlite is None and "sqlite3" in source and (found := _SQLITE_NAME.search(source)):
            sub = _below_base(found[1])
            if sub is not None:
                sqlite = ("", ev(found)) if "." in sub and "/" not in sub else (sub, ev(found))
    return Settings(
        module,
        evidence,
        tuple(files),
        static_root,
        manifest,
        secret_var,
        secret_ev,
        tuple(sorted(required.items())),
        media,
        sqlite,
    )


def collectstatic_env(s: Settings) -> tuple[tuple[str, str], ...]:
    """Throw-away values for the variables the settings need to load at build time."""
    values: dict[str, str] = {}
    for name, _ in s.required:
        values[name] = (
            "sqlite:////tmp/collectstatic.sqlite3"
            if "DATABASE" in name or name.endswith("_URL")
            else "build-only"
        )
    if s.secret_var:
        values[s.secret_var] = "collectstatic-build-only-not-a-secret"
    return tuple(sorted(values.items()))
