"""Read-only access to the project being inspected.

Detectors never touch ``open()`` directly: every read goes through :class:`Repo`, which turns
the ways a file can be broken (binary, undecodable, a folder where a file should be, malformed
TOML or JSON) into one :class:`~genfile.errors.ManifestError` naming the file, and which walks
the tree in a bounded way that skips dependency and VCS folders and never follows symlinks.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from genfile.errors import ManifestError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised only on Python < 3.11
    import tomli as tomllib

# Folders that never hold the project's own source: dependencies, VCS data, caches, build output.
SKIP_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        "node_modules",
        "__pycache__",
        ".venv",
        "venv",
        ".tox",
        ".nox",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".eggs",
        "dist",
        "build",
        "vendor",
        ".idea",
        ".vscode",
        "site-packages",
        ".cache",
        ".next",
        "coverage",
        "htmlcov",
    }
)
MAX_TEXT_BYTES = 2_000_000  # manifests and source files larger than this are not project files
_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


class Repo:
    """A project folder, read as text with errors that name the file."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root).resolve()

    def path(self, rel: str) -> Path:
        return self.root / rel

    def exists(self, rel: str) -> bool:
        """True when ``rel`` names something (file or folder) inside the project."""
        return self._inside(rel) and os.path.lexists(self.root / rel)

    def is_file(self, rel: str) -> bool:
        return self._inside(rel) and (self.root / rel).is_file()

    def is_dir(self, rel: str) -> bool:
        return self._inside(rel) and (self.root / rel).is_dir()

    def _inside(self, rel: str) -> bool:
        """Refuse paths (or symlinks) that lead outside the project."""
        try:
            target = (self.root / rel).resolve()
        except (OSError, RuntimeError):  # symlink loop
            return False
        return target == self.root or self.root in target.parents

    def text(self, rel: str) -> str:
        """The file's text; any problem reading it is a ManifestError naming it."""
        p = self.root / rel
        if not self._inside(rel):
            raise ManifestError(rel, "points outside the project", fix="replace the link with a file")
        if p.is_dir():
            raise ManifestError(rel, "is a folder, expected a file", fix="remove or rename it")
        try:
            with p.open("rb") as fh:
                data = fh.read(MAX_TEXT_BYTES + 1)
        except OSError as exc:
            raise ManifestError(rel, f"cannot be read ({exc.strerror})", fix="check its permissions") from exc
        if len(data) > MAX_TEXT_BYTES:
            raise ManifestError(rel, "is too large to be a project manifest", fix="check the file")
        if b"\0" in data:
            raise ManifestError(rel, "is a binary file, expected text", fix="replace it with a text file")
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ManifestError(rel, "is not valid UTF-8 text", fix="save it as UTF-8") from exc

    def lines(self, rel: str) -> list[str]:
        return self.text(rel).splitlines()

    def toml(self, rel: str) -> dict[str, Any]:
        """Parsed TOML; a syntax error reports the line and column the parser gives."""
        return _parse_toml(self.text(rel), rel)

    def json(self, rel: str) -> Any:
        text = self.text(rel)
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise ManifestError(rel, f"invalid JSON ({exc.msg})", line=exc.lineno, column=exc.colno) from exc

    def find_line(self, rel: str, pattern: str | re.Pattern[str]) -> int | None:
        """1-based number of the first line matching ``pattern``, for evidence."""
        rx = re.compile(pattern) if isinstance(pattern, str) else pattern
        for number, line in enumerate(self.lines(rel), start=1):
            if rx.search(line):
                return number
        return None

    def walk(self, suffixes: tuple[str, ...], max_depth: int = 6, limit: int = 5000) -> Iterator[str]:
        """Relative paths of project files ending in ``suffixes``, shallowest folders first.

        Bounded in depth and count, skips dependency/VCS/cache folders and folders holding a
        virtual environment (``pyvenv.cfg``), and never follows symlinked folders, so it is
        safe on huge or hostile trees.
        """
        count = 0
        for dirpath, dirnames, filenames in os.walk(self.root, followlinks=False):
            rel_dir = os.path.relpath(dirpath, self.root)
            depth = 0 if rel_dir == "." else rel_dir.count(os.sep) + 1
            dirnames[:] = sorted(
                d
                for d in dirnames
                if d not in SKIP_DIRS
                and not d.endswith(".egg-info")
                and depth < max_depth
                and not os.path.exists(os.path.join(dirpath, d, "pyvenv.cfg"))
                and not os.path.islink(os.path.join(dirpath, d))
            )
            for name in sorted(filenames):
                if name.endswith(suffixes) and not os.path.islink(os.path.join(dirpath, name)):
                    count += 1
                    if count > limit:
                        return
                    yield name if rel_dir == "." else f"{rel_dir.replace(os.sep, '/')}/{name}"


def _parse_toml(text: str, rel: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        match = _TOML_POSITION.search(msg)
        problem = _TOML_POSITION.sub("", msg).strip()
        line, column = (int(match[1]), int(match[2])) if match else (None, None)
        raise ManifestError(rel, f"invalid TOML ({problem})", line=line, column=column) from exc
