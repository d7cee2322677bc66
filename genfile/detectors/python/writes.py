"""Where the app writes at run time, read from its code: folders it creates or opens files in.

- Flask's instance folder (``app.instance_path``, ``instance_relative_config=True``,
  Flask-SQLAlchemy's relative ``sqlite:///name.db``): ``instance/`` beside the app's package
  or module (``<prefix>/var/<package>-instance`` once installed).
- A SQLite database (``sqlite:///data/app.db``, ``sqlite3.connect("data/app.db")``): its folder
  (SQLite writes a journal beside the file).
- ``os.makedirs("uploads")``, ``Path("data").mkdir()``, ``UPLOAD_FOLDER = "uploads"``, a file
  opened for writing (``open("data/x.json", "w")``): the folder, relative to the working
  directory the server runs in.
- A file written in the working directory itself (``open("out.svg", "w")``, a cairo
  ``SVGSurface("out.svg")``): the folder holds the code, so only that file is made writable.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

from genfile.detectors.python import code
from genfile.evidence import Evidence
from genfile.repo import Repo

_REL = r"[\"']((?!/)(?![a-z]+://)[\w.\-/]{1,120})[\"']"
_FOLDER_CALLS = (
    re.compile(rf"os\.makedirs\(\s*{_REL}"),
    re.compile(rf"os\.mkdir\(\s*{_REL}"),
    re.compile(rf"Path\(\s*{_REL}\s*\)\.mkdir\("),
    re.compile(rf"^\s*(?:UPLOAD_FOLDER|UPLOAD_DIR|DATA_DIR|MEDIA_DIR|OUTPUT_DIR)\s*=\s*{_REL}\s*$", re.M),
    re.compile(rf"\[[\"']UPLOAD_FOLDER[\"']\]\s*=\s*{_REL}"),
)
_FILE_CALLS = (
    re.compile(rf"\bopen\(\s*{_REL}\s*,\s*[\"'][wax]b?\+?[\"']"),
    re.compile(rf"Path\(\s*{_REL}\s*\)\.write_(?:text|bytes)\("),
    re.compile(rf"\b(?:SVG|PDF|PS|Script)Surface\(\s*{_REL}"),
    re.compile(rf"sqlite3\.connect\(\s*{_REL}"),
    re.compile(rf"\.savefig\(\s*{_REL}"),
)
_SQLITE_URI = re.compile(r"[\"']sqlite(?:\+\w+)?:///(/?[\w.\-/]{1,120})[\"']")
_INSTANCE = re.compile(r"\binstance_path\b|instance_relative_config\s*=\s*True")
# FastHTML without a secret_key writes a session key to .sesskey in the working directory at start
# (fasthtml.core.get_key).
_FASTHTML = re.compile(r"^\s*\w+(?:\s*,\s*\w+)?\s*=\s*(?:FastHTML|fast_app)\(([^\n]{0,400})", re.M)


@dataclass(frozen=True)
class Writes:
    folders: tuple[tuple[str, Evidence], ...]  # absolute folders in the image
    files: tuple[tuple[str, Evidence], ...]  # absolute files in a folder that stays read-only


def _norm(path: str) -> str | None:
    clean = posixpath.normpath(path)
    if clean.startswith("..") or clean.startswith("/") or not re.fullmatch(r"[\w.\-/]{1,200}", clean):
        return None
    return clean


def find(
    repo: Repo,
    files: list[str],
    workdir: str,
    flask_instance: str | None,
    flask_sqlalchemy: bool = False,
) -> Writes:
    """The folders (and lone files) the code in ``files`` writes, as absolute paths in the
    image; ``workdir`` is the server's working directory, ``flask_instance`` the absolute
    instance folder of a Flask app (None: not Flask)."""
    folders: dict[str, Evidence] = {}
    lone: dict[str, Evidence] = {}
    for rel in files:
        source = code.text(repo, rel)
        if not source:
            continue

        def ev(m: re.Match[str], why: str, rel: str = rel, source: str = source) -> Evidence:
            return Evidence(rel, code.line_of(source, m.start()), f"{why}: {m[0].strip()[:60]}")

        for m in _FASTHTML.finditer(source):
            if "secret_key" not in m[1] and "key_fname" not in m[1]:
                _place(
                    folders,
                    lone,
                    workdir,
                    ".sesskey",
                    True,
                    ev(m, "FastHTML writes its session key .sesskey"),
                )
        if flask_instance and (found := _INSTANCE.search(source)):
            folders.setdefault(flask_instance, ev(found, "Flask's instance folder"))
        for m in _SQLITE_URI.finditer(source):
            target = m[1]
            if target.startswith("/"):
                folder = posixpath.dirname(target)
                if folder not in ("", "/", "/tmp") and re.fullmatch(r"/[\w.\-/]{1,200}", folder):
                    folders.setdefault(folder, ev(m, "SQLite database"))
            elif flask_instance and flask_sqlalchemy:
                folders.setdefault(flask_instance, ev(m, "SQLite database in Flask's instance folder"))
            elif (clean := _norm(target)) is not None:
                _place(folders, lone, workdir, clean, True, ev(m, "SQLite database"))
        for rx in _FOLDER_CALLS:
            for m in rx.finditer(source):
                if (clean := _norm(m[1])) is not None:
                    _place(folders, lone, workdir, clean, False, ev(m, "creates"))
        for rx in _FILE_CALLS:
            for m in rx.finditer(source):
                if (clean := _norm(m[1])) is not None:
                    _place(folders, lone, workdir, clean, True, ev(m, "writes"))
    # A folder inside another writable folder is covered by it.
    kept = {f: e for f, e in folders.items() if not any(f != o and f.startswith(o + "/") for o in folders)}
    files_out = {f: e for f, e in lone.items() if not any(f.startswith(o + "/") for o in kept)}
    return Writes(tuple(sorted(kept.items())), tuple(sorted(files_out.items())))


def _place(
    folders: dict[str, Evidence],
    lone: dict[str, Evidence],
    workdir: str,
    rel: str,
    is_file: bool,
    ev: Evidence,
) -> None:
    folder = posixpath.dirname(rel) if is_file else rel
    if folder in ("", "."):
        if is_file:
            lone.setdefault(posixpath.join(workdir, rel), ev)
        return
    if folder.split("/")[0] in ("tmp",):
        return
    folders.setdefault(posixpath.join(workdir, folder), ev)
